"""Parameter injection: quotes, braces, newlines, ``"} UNION {``, ``> . ?s ?p ?o``, ``#``,
backslashes... in every parameter of every route. Each answer is a normal result or a 4xx, and
no injected SPARQL ever runs: a payload that would widen a result if pasted into the query text
leaves the result as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from linked_data_support import DOC0, MEASUREMENTS, fixture_server, make_fixture_store
from server import RunningServer

from api.routes.queries import select
from api.routes.search import words
from graph.config import DEFAULT_BASE_IRI
from graph.iris import Minter
from graph.measurement_query import MeasurementFilter, UnknownValueError, find, resolve_filter

PAYLOADS = [
    "'",
    '"',
    '"} UNION { ?s ?p ?o }',
    "poverty-rate> . ?s ?p ?o",
    "poverty-rate> } UNION { ?m ?p ?o } #",
    "bac-kan\n} UNION {\n?s ?p ?o",
    "bac-kan#",
    "bac-kan\\",
    "\\u003e",
    "{}",
    "bac-kan' OR '1'='1",
    'actual" . FILTER(true) #',
    "${x}",
    "<https://example.org/x>",
    "DROP ALL",
    "x" * 500,
    "bắc-kạn",
    "bac-kan%00",
]
FILTERS = {
    "/measurements": ["province", "indicator", "year", "status", "dimension", "project",
                      "document", "limit", "offset", "format"],
    "/provinces/bac-kan/measurements": ["indicator", "year", "status", "dimension", "limit",
                                        "offset", "format"],
    "/search": ["q", "limit", "format"],
    "/provinces": ["format"],
    "/programs": ["format"],
    "/projects": ["format"],
    "/dimensions": ["format"],
    "/indicators": ["format"],
    "/documents": ["format"],
    "/id/province/bac-kan": ["format"],
    "/ontology": ["format"],
    "/.well-known/void": ["format"],
    "/dumps/": ["format"],
}  # fmt: skip
PATHS = [
    "/provinces/{}",
    "/provinces/{}/measurements",
    "/programs/{}",
    "/documents/{}",
    "/id/province/{}",
    "/id/{}",
    "/dumps/{}",
]
OK = {200, 400, 404, 405, 406, 422}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with fixture_server(tmp_path_factory.mktemp("injection")) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: RunningServer) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c


def triple_count(client: httpx.Client) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    return int(response.text.splitlines()[1])


@pytest.mark.parametrize("route", sorted(FILTERS))
def test_every_query_parameter(client: httpx.Client, route: str) -> None:
    before = triple_count(client)
    for name in FILTERS[route]:
        for payload in PAYLOADS:
            params = {name: payload}
            if route == "/search" and name != "q":
                params["q"] = "bac kan"
            response = client.get(route, params=params)
            assert response.status_code in OK, (route, name, payload, response.text)
            if name != "q" and response.status_code == 200:
                # only a legitimate value can succeed; none of these is one
                raise AssertionError((route, name, payload, "accepted"))
    assert triple_count(client) == before


@pytest.mark.parametrize("template", PATHS)
def test_every_path_parameter(client: httpx.Client, template: str) -> None:
    for payload in PAYLOADS:
        response = client.get(template.format(quote(payload, safe="")))
        assert response.status_code in {404, 422}, (template, payload, response.text)


def test_search_text_is_matched_never_run(client: httpx.Client) -> None:
    for payload in PAYLOADS:
        response = client.get("/search", params={"q": payload})
        if payload.strip("x") == "" and len(payload) > 200:
            assert response.status_code == 422
            continue
        assert response.status_code in {200, 422}, (payload, response.text)
        if response.status_code == 200:
            # punctuation only separates words: the payload finds what its words alone find
            # ("bac-kan#" finds Bắc Kạn as "bac kan" does, "${x}" what "x" does), never more
            hits = response.json()["hits"]
            plain = client.get("/search", params={"q": words(payload)}).json()["hits"]
            assert hits == plain, (payload, hits)


def test_a_widening_payload_does_not_widen(client: httpx.Client) -> None:
    """Pasted into ``?m pov:indicator <…/indicator/{value}>``, this value would turn the
    filter into "any triple"; bound as a term it is simply not an indicator."""
    narrow = client.get("/measurements", params={"indicator": "poverty-rate"}).json()
    assert narrow["total"] == 3
    widening = "poverty-rate> . } UNION { ?m a <https://w3id.org/povkg/ontology#Measurement"
    response = client.get("/measurements", params={"indicator": widening})
    assert response.status_code == 422
    everything = client.get("/measurements").json()["total"]
    assert everything == MEASUREMENTS > narrow["total"]
    # and as a search string it finds nothing rather than everything
    hits = client.get("/search", params={"q": '") } UNION { ?x ?p ?o } #'}).json()["hits"]
    assert hits == []


def test_values_never_reach_the_query_text(tmp_path: Path) -> None:
    """Below the HTTP checks: the listing query holds a filter value only as a checked IRI in
    its VALUES row; text from a request never reaches it."""
    path = tmp_path / "store"
    make_fixture_store(path)
    store = ox.Store.read_only(str(path))
    minter = Minter(DEFAULT_BASE_IRI)
    text = resolve_filter(store, minter, indicator="poverty-rate", year=2021).sparql()
    assert text.count("poverty-rate") == 1 and text.count("2021") == 1
    assert f"VALUES (?indicator ?period) {{ (<{DEFAULT_BASE_IRI}indicator/poverty-rate> " in text
    for payload in PAYLOADS:
        for name in ("province", "indicator", "status", "dimension", "project", "document"):
            with pytest.raises(UnknownValueError):
                resolve_filter(store, minter, **{name: payload})
    with pytest.raises(TypeError):
        MeasurementFilter(indicator="poverty-rate> . ?s ?p ?o").sparql()  # type: ignore[arg-type]
    hostile = ox.NamedNode(DEFAULT_BASE_IRI + "indicator/x%3E%20.%20%3Fs%20%3Fp%20%3Fo")
    assert find(store, MeasurementFilter(indicator=hostile)).total == 0, "matches nothing"
    literal = ox.Literal('"} UNION { ?s ?p ?o } #')
    found = select(store, "SELECT ?x ?s WHERE { ?s ?p ?x }", x=literal)
    assert found == []
    with pytest.raises(ValueError):
        ox.NamedNode(DEFAULT_BASE_IRI + "indicator/x> . ?s ?p ?o")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_iri_term_is_written_as_one_term(payload: str) -> None:
    """What the VALUES row relies on: whatever pyoxigraph accepts as an IRI is written back as
    exactly that one IRI, never as text that ends the term early."""
    try:
        term = ox.NamedNode(DEFAULT_BASE_IRI + "indicator/" + payload)
    except ValueError:
        return  # refused: it can never reach a query
    parsed = list(ox.parse(f"<urn:s> <urn:p> {term} .", format=ox.RdfFormat.N_TRIPLES))
    assert [q.object for q in parsed] == [term]


def test_document_slug_with_quotes(client: httpx.Client) -> None:
    assert client.get(f"/documents/{DOC0}").status_code == 200
    assert client.get(f"/documents/{DOC0}%22%7D").status_code in {404, 422}
