"""Every JSON error of the application has one shape (RFC 9457 problem details), on a real
running server: unknown paths and slugs, wrong methods, unacceptable media types, invalid
parameters (from our checks and from FastAPI's validation), unknown dumps and static files; an
unexpected failure is a 500 of the same shape. The SPARQL endpoint keeps plain-text errors."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from linked_data_support import fixture_server
from server import RunningServer

from api import errors

KEYS = {"type", "title", "status", "detail", "errors"}
PNG = {"Accept": "image/png"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with fixture_server(tmp_path_factory.mktemp("errors")) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: RunningServer) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c


def check_problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == errors.PROBLEM_JSON
    body = response.json()
    assert set(body) == KEYS, body
    assert body["status"] == status and body["type"] == "about:blank"
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"].strip()
    assert isinstance(body["errors"], list)
    return body


@pytest.mark.parametrize(
    "method,path,headers,status",
    [
        ("GET", "/no/such/route", {}, 404),
        ("GET", "/provinces/atlantis", {}, 404),
        ("GET", "/provinces/atlantis/measurements", {}, 404),
        ("GET", "/programs/no-such-program", {}, 404),
        ("GET", "/documents/999-nothing", {}, 404),
        ("GET", "/id/province/atlantis", {}, 404),
        ("GET", "/dumps/povkg.docx", {}, 404),
        ("GET", "/static/nothing.css", {}, 404),
        ("GET", "/docs/assets/nothing.js", {}, 404),
        ("POST", "/provinces", {}, 405),
        ("DELETE", "/measurements", {}, 405),
        ("GET", "/provinces", PNG, 406),
        ("GET", "/measurements", PNG, 406),
        ("GET", "/id/province/bac-kan", PNG, 406),
        ("GET", "/ontology", PNG, 406),
        ("GET", "/.well-known/void", PNG, 406),
        ("GET", "/dumps/", PNG, 406),
        ("GET", "/provinces?format=xlsx", {}, 422),
        ("GET", "/measurements?indicator=no-such-indicator", {}, 422),
        ("GET", "/measurements?province=atlantis", {}, 422),
        ("GET", "/provinces/Bac-Kan", {}, 422),
        ("GET", "/search?q=%20%20", {}, 422),
    ],
)
def test_every_error_has_the_one_shape(
    client: httpx.Client, method: str, path: str, headers: dict, status: int
) -> None:
    body = check_problem(client.request(method, path, headers=headers), status)
    assert body["errors"] == [], "only request validation lists parameters"


def test_a_wrong_method_says_which_are_allowed(client: httpx.Client) -> None:
    response = client.post("/provinces")
    check_problem(response, 405)
    assert "GET" in response.headers["allow"]


def test_validation_errors_name_each_parameter(client: httpx.Client) -> None:
    response = client.get("/measurements", params={"limit": 0, "year": "2024x"})
    body = check_problem(response, 422)
    assert {e["location"] for e in body["errors"]} == {"query.limit", "query.year"}
    assert all(e["message"] for e in body["errors"])
    assert "query.limit" in body["detail"] and "query.year" in body["detail"]


def test_the_messages_say_what_was_wrong(client: httpx.Client) -> None:
    unknown = check_problem(client.get("/measurements", params={"indicator": "nope"}), 422)
    assert "unknown indicator 'nope'" in unknown["detail"]
    missing = check_problem(client.get("/provinces/atlantis"), 404)
    assert missing["detail"] == "no province 'atlantis'"
    unacceptable = check_problem(client.get("/provinces", headers=PNG), 406)
    assert "application/json" in unacceptable["detail"], "it lists what is offered"


def test_openapi_documents_the_error_shape(client: httpx.Client) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/measurements"]["get"]
    for status in ("404", "406", "422"):
        content = operation["responses"][status]["content"]
        assert set(content) == {errors.PROBLEM_JSON}, status
    example = operation["responses"]["422"]["content"][errors.PROBLEM_JSON]["example"]
    assert set(example) == KEYS


def test_sparql_errors_stay_plain_text(client: httpx.Client) -> None:
    """The documented exception: SPARQL clients show the parser's message as it is."""
    response = client.get("/sparql", params={"query": "SELEC * WHERE { ?s ?p ?o }"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.strip()


def test_an_unexpected_failure_is_a_500_of_the_same_shape() -> None:
    app = FastAPI()
    errors.install(app)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internal detail")

    with TestClient(app, raise_server_exceptions=False) as local:
        response = local.get("/boom")
    body = check_problem(response, 500)  # type: ignore[arg-type]
    assert "secret" not in body["detail"], "internals are logged, not shown"
