"""The 34 W3C SPARQL 1.1 Protocol tests, replayed against the real running server.

The manifest (tests/w3c/manifest.ttl) is read, not transcribed: each test's HTTP requests are
sent as written (method, path, headers, body and its character encoding) to uvicorn serving
data1-3 as the named graphs the manifest names. Every query case must pass as the manifest
says. povkg's endpoint is read-only, so every update request must be refused with a 4xx, and
the queries that follow an update must show that nothing changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from server import RunningServer, make_store, run_server

W3C = Path(__file__).parent / "w3c"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
DATA = "http://kasei.us/2009/09/sparql/data/"

TABULAR = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
BOOLEAN = {"application/sparql-results+json", "application/sparql-results+xml"}
RDF_TYPES = {
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
    "application/ld+json",
    "application/n-quads",
    "application/trig",
}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[int]
    """Acceptable status classes: 2 for 2xx, 4 for 4xx..."""
    boolean: bool | None
    format: str | None


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    requests: tuple[Request, ...]

    @property
    def is_update(self) -> bool:
        """Update tests (named ``update_*``/``bad_update_*``) send the update first."""
        return "update" in self.name


def _request(graph: Graph, node: URIRef) -> Request:
    headers = {}
    header_list = graph.value(node, HT.headers)
    if header_list is not None:
        for header in Collection(graph, header_list):
            name = str(graph.value(header, HT.fieldName)).lower()
            headers[name] = str(graph.value(header, HT.fieldValue))
    body = None
    body_node = graph.value(node, HT.body)
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    statuses = frozenset(
        int(str(code).removeprefix(HTS)[0]) for code in graph.objects(response, MF.expectedStatus)
    )
    boolean = graph.value(response, MF.expectedBoolean)
    fmt = graph.value(response, MF.expectedFormat)
    return Request(
        method=str(graph.value(node, HT.methodName)),
        path=str(graph.value(node, HT.absolutePath)),
        headers=headers,
        body=body,
        statuses=statuses,
        boolean=None if boolean is None else bool(boolean.toPython()),
        format=None if fmt is None else str(fmt),
    )


def load_cases() -> list[Case]:
    graph = Graph().parse(W3C / "manifest.ttl", format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    cases = []
    for test in Collection(graph, graph.value(manifest, MF.entries)):
        action = graph.value(test, MF.action)
        requests = Collection(graph, graph.value(action, HT.requests))
        cases.append(
            Case(
                name=str(test).rsplit("#", 1)[-1],
                title=str(graph.value(test, MF.name)),
                requests=tuple(_request(graph, r) for r in requests),
            )
        )
    return cases


def graph_data() -> list[tuple[Path, str]]:
    """The (file, graph name) pairs the manifest's ut:graphData entries declare."""
    graph = Graph().parse(W3C / "manifest.ttl", format="turtle")
    pairs = {
        (W3C / Path(str(graph.value(node, UT.graph))).name, str(graph.value(node, RDFS.label)))
        for node in graph.objects(None, UT.graphData)
    }
    return sorted(pairs)


CASES = load_cases()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    root = tmp_path_factory.mktemp("w3c")
    store = make_store(root / "store", files=graph_data())
    with run_server(store, root) as running:
        yield running


def test_manifest_has_the_34_cases() -> None:
    assert len(CASES) == 34
    assert len({case.name for case in CASES}) == 34
    assert sum(1 for c in CASES if c.is_update) == 14
    assert graph_data() == [(W3C / f"data{n}.nt", f"{DATA}data{n}.rdf") for n in (1, 2, 3)]


def _media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _check_query_response(
    request: Request, response: httpx.Response, *, after_update: bool
) -> None:
    status_class = response.status_code // 100
    assert status_class in request.statuses, (response.status_code, response.text)
    if status_class != 2:
        return
    media = _media_type(response)
    if request.format == "boolean" or request.boolean is not None:
        assert media in BOOLEAN, media
        result = ox.parse_query_results(
            response.content, format=ox.QueryResultsFormat.from_media_type(media)
        )
        assert isinstance(result, ox.QueryBoolean)
        if request.boolean is not None:
            # After a refused update the data it would have written is absent.
            expected = (not request.boolean) if after_update else request.boolean
            assert bool(result) is expected
    elif request.format == "tabular":
        assert media in TABULAR, media
        result = ox.parse_query_results(
            response.content, format=ox.QueryResultsFormat.from_media_type(media)
        )
        assert isinstance(result, ox.QuerySolutions)
        rows = list(result)  # the only tabular case is SELECT (1 AS ?value) {}
        assert len(rows) == 1
        assert rows[0]["value"].value == "1"
    elif request.format == "RDF":
        assert media in RDF_TYPES, media
        list(ox.parse(response.content, format=ox.RdfFormat.from_media_type(media)))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_w3c_protocol_case(server: RunningServer, case: Case) -> None:
    with server.client() as client:
        for index, request in enumerate(case.requests):
            response = client.request(
                request.method, request.path, headers=request.headers, content=request.body
            )
            if case.is_update and index == 0:
                # The manifest expects 2xx from an endpoint that accepts updates; this one is
                # read-only and refuses every update (the bad_update_* cases expect 4xx anyway).
                assert 400 <= response.status_code < 500, (response.status_code, response.text)
                continue
            _check_query_response(request, response, after_update=case.is_update)


def test_update_cases_changed_nothing(server: RunningServer, tmp_path: Path) -> None:
    for case in CASES:
        if case.is_update:
            request = case.requests[0]
            with server.client() as client:
                client.request(
                    request.method, request.path, headers=request.headers, content=request.body
                )
    with server.client() as client:
        response = client.get(
            "/sparql",
            params={"query": "SELECT ?g ?s { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"},
            headers={"Accept": "text/csv"},
        )
    assert response.status_code == 200
    assert response.text.splitlines() == [
        "g,s",
        *(f"{DATA}data{n}.rdf,{DATA}data{n}.rdf" for n in (1, 2, 3)),
    ]
