"""HTTP semantics across the whole application, on a real running server: HEAD wherever GET is
served, ETags that name one representation (identity vs gzip), HTML error pages for browsers
and problem+json for everyone else."""

from __future__ import annotations

import html
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from linked_data_support import DOC0, M_POOR, fixture_server, make_fixture_store
from server import RunningServer

from api import errors
from api.app import create_app
from graph.config import DEFAULT_BASE_IRI, Settings

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with fixture_server(tmp_path_factory.mktemp("http")) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: RunningServer) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c


# --- HEAD (RFC 9110 9.3.2) -----------------------------------------------------------------------

GET_ROUTES = [
    "/",
    "/provinces",
    "/provinces/bac-ninh",
    "/provinces/bac-kan/measurements",
    "/programs",
    "/projects",
    "/dimensions",
    "/indicators",
    "/measurements",
    "/measurements?limit=2",
    "/documents",
    f"/documents/{DOC0}",
    "/search?q=a",
    "/docs",
    "/docs/openapi.json",
    "/openapi.json",
    "/dumps/",
    "/ontology/context.jsonld",
    "/static/povkg.css",
    # routes with a HEAD of their own keep it
    "/ontology",
    "/shapes",
    "/.well-known/void",
    f"/id/{M_POOR}",
    "/sparql?query=ASK%20%7B%7D",
]

COMPARED = ("content-type", "content-length", "etag", "vary", "link", "content-encoding")


@pytest.mark.parametrize("route", GET_ROUTES)
@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_head_is_served_wherever_get_is(client: httpx.Client, route: str, encoding: str) -> None:
    headers = {"Accept-Encoding": encoding}
    got = client.get(route, headers=headers)
    head = client.head(route, headers=headers)
    assert got.status_code == 200, got.text
    assert head.status_code == 200, f"HEAD {route}: {head.status_code}"
    assert head.content == b"", "a HEAD response has no body"
    for name in COMPARED:
        assert head.headers.get(name) == got.headers.get(name), name


@pytest.mark.parametrize(
    "route,status",
    [("/no/such/route", 404), ("/provinces/atlantis", 404), ("/provinces/Bac-Kan", 422)],
)
def test_head_of_an_error_has_the_get_status(client: httpx.Client, route: str, status: int) -> None:
    response = client.head(route)
    assert response.status_code == status
    assert response.content == b""
    assert response.headers["content-type"] == errors.PROBLEM_JSON


def test_head_is_not_allowed_where_get_is_not(client: httpx.Client) -> None:
    """A method no route serves is still 405 (DELETE), and HEAD adds no write path."""
    assert client.request("DELETE", "/provinces").status_code == 405
    assert client.post("/provinces").status_code == 405


def test_openapi_lists_no_head_operations(client: httpx.Client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    heads = [path for path, operations in paths.items() if "head" in operations]
    assert heads == []
    assert {"get", "post"} <= set(paths["/sparql"])


# --- OpenAPI -----------------------------------------------------------------------------------


def operations(document: dict) -> list[tuple[str, str, dict]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


def has_example(parameter: dict) -> bool:
    schema = parameter.get("schema", {})
    return bool(
        {"example", "examples"} & set(parameter) or {"example", "examples", "default"} & set(schema)
    )


@pytest.mark.parametrize("url", ["/openapi.json", "/docs/openapi.json"])
def test_every_operation_and_parameter_is_documented(client: httpx.Client, url: str) -> None:
    document = client.get(url).json()
    found = operations(document)
    assert len(found) >= 20
    for method, path, operation in found:
        assert operation.get("summary"), f"{method} {path} has no summary"
        assert operation.get("description"), f"{method} {path} has no description"
        for parameter in operation.get("parameters", []):
            where = f"{method} {path} {parameter['name']}"
            assert has_example(parameter), f"{where} has neither an example nor a default"


def test_paging_and_slugs_have_examples(client: httpx.Client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/provinces/{slug}", "/programs/{slug}", "/documents/{slug}"):
        (slug,) = paths[path]["get"]["parameters"]
        assert slug["schema"]["examples"], path
    listing = {p["name"]: p for p in paths["/measurements"]["get"]["parameters"]}
    for name in ("limit", "offset"):
        assert listing[name]["schema"]["examples"], name


def test_openapi_slug_examples_resolve(client: httpx.Client) -> None:
    """The examples are real: each slug example answers 200 on this graph."""
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/provinces/{slug}", "/documents/{slug}", "/provinces/{slug}/measurements"):
        slug = next(p for p in paths[path]["get"]["parameters"] if p["name"] == "slug")
        example = slug["schema"]["examples"][0]
        assert client.get(path.replace("{slug}", example)).status_code == 200, example


def test_sparql_operations_describe_the_protocol(client: httpx.Client) -> None:
    sparql = client.get("/openapi.json").json()["paths"]["/sparql"]
    get = {p["name"]: p for p in sparql["get"]["parameters"]}
    assert set(get) == {"query", "default-graph-uri", "named-graph-uri", "format"}
    assert "requestBody" not in sparql["get"]
    post = sparql["post"]
    content = post["requestBody"]["content"]
    assert set(content) == {"application/x-www-form-urlencoded", "application/sparql-query"}
    form = content["application/x-www-form-urlencoded"]["schema"]["properties"]
    assert {"query", "default-graph-uri", "named-graph-uri", "format"} <= set(form)
    # the documented examples run as they are, in the three ways the operations describe
    query = get["query"]["example"]
    assert content["application/sparql-query"]["example"] == query
    by_get = client.get("/sparql", params={"query": query, "format": get["format"]["example"]})
    by_form = client.post("/sparql", data=content["application/x-www-form-urlencoded"]["example"])
    by_body = client.post(
        "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    for response in (by_get, by_form, by_body):
        assert response.status_code == 200, response.text
        assert response.json()["results"]["bindings"], "the example query finds provinces"


# --- ETags and content codings (RFC 9110 8.8.3) -------------------------------------------------

CACHED_ROUTES = [
    "/provinces",
    "/measurements",
    f"/documents/{DOC0}",
    "/id/province/bac-ninh",
    f"/id/document/{DOC0}",
    "/ontology",
    "/.well-known/void",
    "/sparql?query=SELECT%20*%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%2050",
]


@pytest.mark.parametrize("route", CACHED_ROUTES)
def test_a_strong_etag_names_one_content_coding(client: httpx.Client, route: str) -> None:
    plain = client.get(route, headers={"Accept-Encoding": "identity"})
    zipped = client.get(route, headers={"Accept-Encoding": "gzip"})
    assert plain.status_code == zipped.status_code == 200
    assert "content-encoding" not in plain.headers
    assert zipped.headers.get("content-encoding") == "gzip", "large enough to be compressed"
    assert plain.content == zipped.content, "the same representation, two codings"
    tags = plain.headers["etag"], zipped.headers["etag"]
    weak = all(tag.startswith("W/") for tag in tags)
    assert weak or tags[0] != tags[1], f"one strong ETag for two byte sequences: {tags}"


@pytest.mark.parametrize("route", CACHED_ROUTES)
@pytest.mark.parametrize("coding", ["identity", "gzip"])
def test_if_none_match_works_in_every_coding(client: httpx.Client, route: str, coding: str) -> None:
    first = client.get(route, headers={"Accept-Encoding": coding})
    tag = first.headers["etag"]
    again = client.get(route, headers={"Accept-Encoding": coding, "If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag
    listed = client.get(route, headers={"Accept-Encoding": coding, "If-None-Match": f'"x", {tag}'})
    assert listed.status_code == 304, "a tag anywhere in the list matches"
    other = client.get(route, headers={"Accept-Encoding": coding, "If-None-Match": '"other"'})
    assert other.status_code == 200 and other.content == first.content


# --- errors for browsers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "route,accept,status",
    [
        ("/no/such/route", BROWSER, 404),
        ("/provinces/atlantis", BROWSER, 404),
        ("/documents/999-nothing", BROWSER, 404),
        ("/id/province/atlantis", BROWSER, 404),
        ("/dumps/povkg.docx", BROWSER, 404),
        ("/provinces", "text/html,application/xhtml+xml", 406),
        ("/measurements", "text/html", 406),
        ("/provinces/Bac-Kan", BROWSER, 422),
        ("/measurements?limit=0", BROWSER, 422),
    ],
)
def test_a_browser_gets_an_html_error_page(
    client: httpx.Client, route: str, accept: str, status: int
) -> None:
    page = client.get(route, headers={"Accept": accept})
    # the same error asked for by another client (one that accepts no HTML, for the 406)
    other = "image/png" if status == 406 else "application/json"
    problem = client.get(route, headers={"Accept": other})
    assert page.status_code == problem.status_code == status
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert problem.headers["content-type"] == errors.PROBLEM_JSON
    assert "Accept" in page.headers["vary"] and "Accept" in problem.headers["vary"]
    body = problem.json()
    assert f"<h1>{status} {body['title']}</h1>" in page.text
    text = html.unescape(page.text)
    assert body["detail"] in text, "the same message"
    for error in body["errors"]:
        assert error["message"] in text


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "image/png", "text/turtle"])
def test_other_clients_keep_problem_details(client: httpx.Client, accept: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    for route in ("/no/such/route", "/id/province/atlantis"):
        response = client.get(route, headers=headers)
        assert response.status_code == 404
        assert response.headers["content-type"] == errors.PROBLEM_JSON
        assert response.json()["status"] == 404


def test_the_html_error_page_escapes_the_message(client: httpx.Client) -> None:
    response = client.get("/id/province/%3Cscript%3Ealert(1)", headers={"Accept": BROWSER})
    assert response.status_code == 404
    assert "<script>" not in response.text
    assert "&lt;script&gt;alert(1)" in response.text


def test_a_wrong_method_from_a_browser_keeps_allow(client: httpx.Client) -> None:
    response = client.post("/provinces", headers={"Accept": BROWSER})
    assert response.status_code == 405
    assert "GET" in response.headers["allow"]
    assert response.headers["content-type"].startswith("text/html")


# --- the query worker pool --------------------------------------------------------------------


def test_default_pool_has_one_worker_more_than_cpus(tmp_path: Path) -> None:
    """A quick query need not wait behind as many slow ones as there are cores."""
    make_fixture_store(tmp_path / "store")
    settings = Settings(store=tmp_path / "store", base_iri=DEFAULT_BASE_IRI)
    assert create_app(settings).state.query_workers == (os.cpu_count() or 1) + 1
    assert create_app(settings, workers=1).state.query_workers == 1
    with pytest.raises(ValueError, match="at least one worker"):
        create_app(settings, workers=0)
