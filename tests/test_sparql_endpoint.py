"""The SPARQL endpoint against a real running server: formats, negotiation, errors, dataset,
read-only, SERVICE, service description, CORS, ETag, gzip, and real SPARQL clients.

Timeouts, streaming and worker processes are in test_sparql_limits.py.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from server import RunningServer, make_store, run_server
from sparql_data import (
    BAC_NINH,
    BASE,
    BULK_ITEMS,
    G_BULK,
    G_DOCUMENT,
    G_META,
    G_REFERENCE,
    MEASUREMENT,
    POV,
    quads,
)

MAX_QUERY_BYTES = 8192
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
LABELS = f"SELECT ?label WHERE {{ <{BAC_NINH}> {RDFS_LABEL} ?label }} ORDER BY ?label"
PROVINCE_GRAPH = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G_REFERENCE}> {{ ?s ?p ?o }} }}"
SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("endpoint") / "store", quads())


@pytest.fixture(scope="module")
def server(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with run_server(store, tmp_path_factory.mktemp("logs"), max_query_bytes=MAX_QUERY_BYTES) as s:
        yield s


@pytest.fixture
def client(server: RunningServer) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c


def media_type(response: httpx.Response) -> str:
    return response.headers["content-type"].split(";")[0].strip()


def solutions(response: httpx.Response) -> list[dict[str, str]]:
    """Parse tabular results into rows of N-Triples-style terms (CSV: plain strings)."""
    if media_type(response) == "text/csv":
        return list(csv.DictReader(io.StringIO(response.text)))
    parsed = ox.parse_query_results(
        response.content, format=ox.QueryResultsFormat.from_media_type(media_type(response))
    )
    assert isinstance(parsed, ox.QuerySolutions)
    variables = [v.value for v in parsed.variables]
    return [{v: str(row[v]) for v in variables if row[v] is not None} for row in parsed]


def triples(response: httpx.Response) -> set[str]:
    fmt = ox.RdfFormat.from_media_type(media_type(response))
    return {f"{q.subject} {q.predicate} {q.object}" for q in ox.parse(response.content, format=fmt)}


def ask(client: httpx.Client, query: str) -> bool:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


# -- result formats ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml; charset=utf-8"),
        ("text/csv", "text/csv; charset=utf-8"),
        ("text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
    ],
)
def test_select_in_every_tabular_format(
    client: httpx.Client, accept: str, content_type: str
) -> None:
    response = client.get("/sparql", params={"query": LABELS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    labels = [row["label"] for row in solutions(response)]
    if accept == "text/csv":  # CSV drops language tags by design
        assert labels == ["Bac Ninh", "Bắc Ninh"]
    else:
        assert labels == ['"Bac Ninh"@en', '"Bắc Ninh"@vi']


EXPECTED_REFERENCE = {
    f"<{BAC_NINH}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{POV}Province>",
    f'<{BAC_NINH}> <http://www.w3.org/2000/01/rdf-schema#label> "Bắc Ninh"@vi',
    f'<{BAC_NINH}> <http://www.w3.org/2000/01/rdf-schema#label> "Bac Ninh"@en',
    f"<{BASE}province/cao-bang> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{POV}Province>",
    f'<{BASE}province/cao-bang> <http://www.w3.org/2000/01/rdf-schema#label> "Cao Bằng"@vi',
}


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("text/turtle", "text/turtle; charset=utf-8"),
        ("application/n-triples", "application/n-triples; charset=utf-8"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml; charset=utf-8"),
        ("application/n-quads", "application/n-quads; charset=utf-8"),
        ("application/trig", "application/trig; charset=utf-8"),
    ],
)
def test_construct_in_every_graph_format(
    client: httpx.Client, accept: str, content_type: str
) -> None:
    response = client.get("/sparql", params={"query": PROVINCE_GRAPH}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == content_type
    assert triples(response) == EXPECTED_REFERENCE


def test_describe_returns_rdf(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": f"DESCRIBE <{MEASUREMENT}>"})
    assert media_type(response) == "text/turtle"
    assert (
        f'<{MEASUREMENT}> <{POV}value> "28484"^^<http://www.w3.org/2001/XMLSchema#decimal>'
        in triples(response)
    )


def test_ask_in_json_and_xml(client: httpx.Client) -> None:
    query = f"ASK {{ <{BAC_NINH}> a <{POV}Province> }}"
    as_json = client.get("/sparql", params={"query": query})
    assert as_json.json() == {"head": {}, "boolean": True}
    as_xml = client.get(
        "/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert bool(ox.parse_query_results(as_xml.content, format=ox.QueryResultsFormat.XML)) is True
    assert not ask(client, f"ASK {{ <{BAC_NINH}> a <{POV}Commune> }}")


@pytest.mark.parametrize(
    ("accept", "tabular", "graph"),
    [
        (None, "application/sparql-results+json", "text/turtle"),
        ("*/*", "application/sparql-results+json", "text/turtle"),
        ("text/*", "text/csv", "text/turtle"),
        ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values", None),
        ("application/json", "application/sparql-results+json", "application/ld+json"),
        (
            "text/turtle;q=0.2, application/rdf+xml;q=0.9, */*;q=0.1",
            "application/sparql-results+json",
            "application/rdf+xml",
        ),
        (
            "application/sparql-results+json;q=0, */*",
            "application/sparql-results+xml",
            "text/turtle",
        ),
        # A browser: HTML (not offered) first, then XML, then anything.
        (
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "application/sparql-results+xml",
            "application/rdf+xml",
        ),
    ],
)
def test_accept_negotiation(
    client: httpx.Client, accept: str | None, tabular: str, graph: str | None
) -> None:
    headers = {"Accept": accept} if accept else {}
    select = client.get("/sparql", params={"query": LABELS}, headers=headers)
    assert select.status_code == 200
    assert media_type(select) == tabular
    assert len(solutions(select)) == 2
    construct = client.get("/sparql", params={"query": PROVINCE_GRAPH}, headers=headers)
    if graph is None:
        assert construct.status_code == 406
    else:
        assert media_type(construct) == graph
        assert triples(construct) == EXPECTED_REFERENCE
    assert "Accept" in select.headers["vary"]


def test_unacceptable_accept_is_406(client: httpx.Client) -> None:
    for query in (LABELS, PROVINCE_GRAPH):
        response = client.get("/sparql", params={"query": query}, headers={"Accept": "image/png"})
        assert response.status_code == 406
        assert "available" in response.text
    only_graphs = client.get("/sparql", params={"query": LABELS}, headers={"Accept": "text/turtle"})
    assert only_graphs.status_code == 406
    assert "application/sparql-results+json" in only_graphs.text


def test_format_parameter_overrides_accept(client: httpx.Client) -> None:
    turtle_accept = {"Accept": "text/turtle"}
    csv = client.get("/sparql", params={"query": LABELS, "format": "csv"}, headers=turtle_accept)
    assert media_type(csv) == "text/csv"
    json_ld = client.get(
        "/sparql",
        params={"query": PROVINCE_GRAPH, "format": "json"},
        headers={"Accept": "text/csv"},
    )
    assert media_type(json_ld) == "application/ld+json"
    assert triples(json_ld) == EXPECTED_REFERENCE
    xml = client.get("/sparql", params={"query": LABELS, "format": "xml"})
    assert media_type(xml) == "application/sparql-results+xml"
    rdfxml = client.get("/sparql", params={"query": PROVINCE_GRAPH, "format": "xml"})
    assert media_type(rdfxml) == "application/rdf+xml"
    by_media_type = client.get(
        "/sparql", params={"query": PROVINCE_GRAPH, "format": "application/n-quads"}
    )
    assert media_type(by_media_type) == "application/n-quads"
    # SPARQLWrapper sends the format twice, as a name and as a media type.
    repeated = client.get(
        "/sparql",
        params=[("query", LABELS), ("format", "tsv"), ("format", "text/tab-separated-values")],
    )
    assert media_type(repeated) == "text/tab-separated-values"


def test_bad_format_parameter(client: httpx.Client) -> None:
    unknown = client.get("/sparql", params={"query": LABELS, "format": "yaml"})
    assert unknown.status_code == 400
    assert "unknown format" in unknown.text
    wrong_kind = client.get("/sparql", params={"query": PROVINCE_GRAPH, "format": "csv"})
    assert wrong_kind.status_code == 406


def test_vietnamese_text_round_trips_in_every_request_form(client: httpx.Client) -> None:
    query = 'SELECT ?s WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> "Cao Bằng"@vi }'
    expected = [{"s": f"<{BASE}province/cao-bang>"}]
    get = client.get("/sparql", params={"query": query})
    form = client.post("/sparql", data={"query": query})
    direct = client.post(
        "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    direct_charset = client.post(
        "/sparql",
        content=query.encode(),
        headers={"Content-Type": "application/sparql-query; charset=UTF-8"},
    )
    for response in (get, form, direct, direct_charset):
        assert response.status_code == 200, response.text
        assert solutions(response) == expected


def test_project_prefixes_need_no_declaration(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?m WHERE { ?m a pov:Measurement }"})
    assert solutions(response) == [{"m": f"<{MEASUREMENT}>"}]


def test_head_request(client: httpx.Client) -> None:
    response = client.head("/sparql", params={"query": LABELS})
    assert response.status_code == 200
    assert media_type(response) == "application/sparql-results+json"
    assert response.content == b""


# -- the dataset -------------------------------------------------------------------------


def test_default_graph_is_the_union_of_all_graphs(client: httpx.Client) -> None:
    # The measurement is in the article's graph, the province label in the reference graph.
    query = f"""PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
        SELECT ?label WHERE {{ <{MEASUREMENT}> sdmx-dimension:refArea ?area .
        ?area {RDFS_LABEL} ?label FILTER(lang(?label) = "vi") }}"""
    assert solutions(client.get("/sparql", params={"query": query})) == [{"label": '"Bắc Ninh"@vi'}]


def test_protocol_dataset_is_exactly_what_the_request_names(client: httpx.Client) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    only_reference = client.get(
        "/sparql", params={"query": count, "default-graph-uri": G_REFERENCE}
    )
    assert solutions(only_reference) == [{"n": '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'}]
    two = client.get(
        "/sparql",
        params=[
            ("query", count),
            ("default-graph-uri", G_REFERENCE),
            ("default-graph-uri", G_DOCUMENT),
        ],
    )
    assert solutions(two) == [{"n": '"9"^^<http://www.w3.org/2001/XMLSchema#integer>'}]
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    named = client.post("/sparql", data={"query": graphs, "named-graph-uri": G_DOCUMENT})
    assert solutions(named) == [{"g": f"<{G_DOCUMENT}>"}]
    # Named graphs only: the default graph is empty.
    assert solutions(
        client.get("/sparql", params={"query": count, "named-graph-uri": G_DOCUMENT})
    ) == [{"n": '"0"^^<http://www.w3.org/2001/XMLSchema#integer>'}]
    # Default graphs only: no named graphs.
    assert (
        solutions(client.get("/sparql", params={"query": graphs, "default-graph-uri": G_DOCUMENT}))
        == []
    )


def test_from_in_the_query_is_honoured_and_the_protocol_overrides_it(client: httpx.Client) -> None:
    query = f"SELECT (COUNT(*) AS ?n) FROM <{G_DOCUMENT}> WHERE {{ ?s ?p ?o }}"
    assert solutions(client.get("/sparql", params={"query": query})) == [
        {"n": '"4"^^<http://www.w3.org/2001/XMLSchema#integer>'}
    ]
    overridden = client.get("/sparql", params={"query": query, "default-graph-uri": G_REFERENCE})
    assert solutions(overridden) == [{"n": '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'}]


def test_relative_iris_resolve_against_the_endpoint(
    server: RunningServer, client: httpx.Client
) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { BIND(<data/x> AS ?x) }"})
    assert solutions(response) == [{"x": f"<{server.base_url}/data/x>"}]


def test_invalid_graph_iri_is_400(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert response.status_code == 400
    assert "default-graph-uri" in response.text


# -- errors ------------------------------------------------------------------------------


def test_malformed_query_is_400_with_the_parser_message(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert "error at 1:" in response.text  # Oxigraph's own message, with the position


@pytest.mark.parametrize("form", ["get", "form", "direct"])
def test_query_over_the_size_limit_is_413(client: httpx.Client, form: str) -> None:
    query = "ASK {} #" + "x" * MAX_QUERY_BYTES
    if form == "get":
        response = client.get("/sparql", params={"query": query})
    elif form == "form":
        response = client.post("/sparql", data={"query": query})
    else:
        response = client.post(
            "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}
        )
    assert response.status_code == 413
    assert str(MAX_QUERY_BYTES) in response.text
    just_fits = "ASK {} #" + "x" * (MAX_QUERY_BYTES - 8)
    assert client.post("/sparql", data={"query": just_fits}).status_code == 200


def test_size_limit_counts_utf8_bytes(client: httpx.Client) -> None:
    query = "ASK {} #" + "ằ" * (MAX_QUERY_BYTES // 3 + 1)  # fewer characters than the limit
    assert len(query) < MAX_QUERY_BYTES
    assert client.post("/sparql", data={"query": query}).status_code == 413


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({"Content-Type": "text/plain"}, b"ASK {}", 415),
        ({}, b"query=ASK%20%7B%7D", 415),
        (
            {"Content-Type": "application/sparql-query; charset=UTF-16"},
            "ASK {}".encode("utf-16"),
            415,
        ),
        (
            {"Content-Type": "application/x-www-form-urlencoded; charset=latin1"},
            b"query=ASK%20%7B%7D",
            415,
        ),
        ({"Content-Type": "application/sparql-query"}, b'ASK { ?s ?p "\xff" }', 400),
        ({"Content-Type": "application/x-www-form-urlencoded"}, b"query=ASK%20%7B%7D%FF", 400),
        (
            {"Content-Type": "application/x-www-form-urlencoded"},
            b"query=ASK%20%7B%7D&query=ASK%20%7B%7D",
            400,
        ),
        (
            {"Content-Type": "application/x-www-form-urlencoded"},
            b"default-graph-uri=http%3A%2F%2Fa",
            400,
        ),
    ],
)
def test_bad_post_requests(
    client: httpx.Client, headers: dict[str, str], body: bytes, status: int
) -> None:
    response = client.post("/sparql", content=body, headers=headers)
    assert response.status_code == status, response.text
    assert response.text.strip()


def test_bad_get_requests(client: httpx.Client) -> None:
    assert client.get("/sparql?query=ASK%20%7B%7D%FF").status_code == 400  # not UTF-8
    two = client.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert two.status_code == 400
    assert "exactly one query" in two.text
    both = client.post(
        "/sparql?query=ASK%20%7B%7D",
        content=b"ASK {}",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert both.status_code == 400


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405(client: httpx.Client, method: str) -> None:
    assert client.request(method, "/sparql", params={"query": "ASK {}"}).status_code == 405


# -- read-only ---------------------------------------------------------------------------

INSERT = (
    f'INSERT DATA {{ GRAPH <{G_REFERENCE}> {{ <{BAC_NINH}> <http://example.org/hacked> "yes" }} }}'
)
HACKED = "ASK { ?s <http://example.org/hacked> ?o }"


def _store_state(store: Path) -> tuple[int, list[tuple[str, int, int]]]:
    files = sorted((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in store.iterdir())
    return len(ox.Store.read_only(str(store))), files


def test_update_is_refused_and_changes_nothing(client: httpx.Client, store: Path) -> None:
    before = _store_state(store)
    attempts = [
        client.post(
            "/sparql",
            content=INSERT.encode(),
            headers={"Content-Type": "application/sparql-update"},
        ),
        client.post("/sparql", data={"update": INSERT}),
        client.get("/sparql", params={"update": INSERT}),
        client.get("/sparql", params={"query": INSERT}),
        client.post(
            "/sparql", content=INSERT.encode(), headers={"Content-Type": "application/sparql-query"}
        ),
        client.post(
            "/sparql", data={"query": f"PREFIX ex: <http://example.org/> # comment\n{INSERT}"}
        ),
        client.post("/sparql", data={"update": "DROP ALL"}),
        client.post(
            "/sparql", content=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}
        ),
    ]
    for response in attempts:
        assert response.status_code == 403, response.text
        assert "read-only" in response.text
    assert not ask(client, HACKED)
    count = client.get(
        "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"}
    )
    assert solutions(count) == [
        {"n": f'"{len(quads())}"^^<http://www.w3.org/2001/XMLSchema#integer>'}
    ]
    assert _store_state(store) == before


# -- SERVICE -----------------------------------------------------------------------------

REFUSED_SERVICE = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE # comment\n ?svc { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SeRvIcE <http://127.0.0.1:9/> { ?s ?p ?o } } } }",
    "SELECT * WHERE { ?s ?p 'it''s' . SERVICE <http://127.0.0.1:9/> {} }",
    "SELECT * WHERE { FILTER(?a<?b)SERVICE<http://127.0.0.1:9/>{} }",
]
NOT_SERVICE = [
    'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> { }" }',
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> { }",
    "SELECT ?service WHERE { ?service <http://example.org/SERVICE> ?o }",
    "PREFIX SERVICE: <http://example.org/> SELECT * WHERE { ?s SERVICE:p ?o }",
    'SELECT * WHERE { ?s ?p """multi\nline SERVICE <http://127.0.0.1:9/> {}""" }',
    'SELECT * WHERE { ?s ?p "x"@service }',
]


@pytest.mark.parametrize("query", REFUSED_SERVICE)
def test_service_is_refused(client: httpx.Client, query: str) -> None:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert "SERVICE" in response.text


@pytest.mark.parametrize("query", NOT_SERVICE)
def test_the_word_service_elsewhere_is_not_refused(client: httpx.Client, query: str) -> None:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text


def test_service_allowed_when_configured(server: RunningServer, tmp_path: Path) -> None:
    other = make_store(tmp_path / "other", [])
    with run_server(other, tmp_path, allow_service=True) as federating, federating.client() as c:
        pattern = f"<{BAC_NINH}> {RDFS_LABEL} ?label"
        query = f"SELECT ?label WHERE {{ SERVICE <{server.sparql}> {{ {pattern} }} }}"
        response = c.get("/sparql", params={"query": query + " ORDER BY ?label"})
        assert response.status_code == 200, response.text
        assert [row["label"] for row in solutions(response)] == ['"Bac Ninh"@en', '"Bắc Ninh"@vi']
        description = c.get("/sparql", headers={"Accept": "application/n-triples"})
        assert f"<{SD}feature> <{SD}BasicFederatedQuery>" in description.text


# -- service description -----------------------------------------------------------------


def _description(client: httpx.Client, accept: str = "text/turtle") -> ox.Store:
    response = client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200, response.text
    graph = ox.Store()
    graph.load(response.content, format=ox.RdfFormat.from_media_type(media_type(response)))
    return graph


def test_service_description(server: RunningServer, client: httpx.Client) -> None:
    graph = _description(client)
    endpoint = f"<{server.sparql}>"

    def values(query: str) -> list[str]:
        return sorted(
            str(row[0])
            for row in graph.query(
                f"PREFIX sd: <{SD}> PREFIX void: <{VOID}> PREFIX pov: <{POV}> {query}"
            )
        )

    assert values(f"SELECT ?e {{ {endpoint} a sd:Service ; sd:endpoint ?e }}") == [endpoint]
    assert values(f"SELECT ?l {{ {endpoint} sd:supportedLanguage ?l }}") == [f"<{SD}SPARQL11Query>"]
    formats = values(f"SELECT ?f {{ {endpoint} sd:resultFormat ?f }}")
    assert len(formats) == 10
    assert "<http://www.w3.org/ns/formats/SPARQL_Results_CSV>" in formats
    assert "<http://www.w3.org/ns/formats/JSON-LD>" in formats
    assert values(f"SELECT ?f {{ {endpoint} sd:feature ?f }}") == [f"<{SD}UnionDefaultGraph>"]
    assert values(f"SELECT ?t {{ {endpoint} pov:queryTimeout ?t }}") == [
        '"PT30S"^^<http://www.w3.org/2001/XMLSchema#duration>'
    ]
    assert values(f"SELECT ?b {{ {endpoint} pov:maxQueryBytes ?b }}") == [
        f'"{MAX_QUERY_BYTES}"^^<http://www.w3.org/2001/XMLSchema#integer>'
    ]
    # The VoID description written by the build into graph/meta, partitions included.
    assert values(f"SELECT ?g {{ {endpoint} sd:defaultDataset/sd:defaultGraph ?g }}") == [
        f"<{BASE}dataset/povkg>"
    ]
    assert values(
        f"SELECT ?n {{ {endpoint} sd:defaultDataset/sd:defaultGraph/void:classPartition ?p . "
        "?p void:class pov:Province ; void:entities ?n }"
    ) == ['"2"^^<http://www.w3.org/2001/XMLSchema#integer>']
    assert values(
        f"SELECT ?n {{ {endpoint} sd:defaultDataset/sd:defaultGraph/void:propertyPartition ?p . "
        f"?p void:property {RDFS_LABEL} ; void:triples ?n }}"
    ) == [f'"{4 + BULK_ITEMS}"^^<http://www.w3.org/2001/XMLSchema#integer>']
    assert values(
        f"SELECT ?name {{ {endpoint} sd:defaultDataset/sd:namedGraph/sd:name ?name }}"
    ) == sorted(f"<{g}>" for g in (G_REFERENCE, G_DOCUMENT, G_META, G_BULK))
    assert not list(graph.query("SELECT * { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }"))


def test_service_description_formats(client: httpx.Client) -> None:
    turtle = _description(client)
    for accept in (
        "application/ld+json",
        "application/rdf+xml",
        "application/n-triples",
        "application/trig",
    ):
        assert len(_description(client, accept)) == len(turtle)
    assert (
        client.get("/sparql", params={"format": "nt"})
        .headers["content-type"]
        .startswith("application/n-triples")
    )
    refused = client.get("/sparql", headers={"Accept": "application/sparql-results+json"})
    assert refused.status_code == 406
    browser = client.get(
        "/sparql",
        headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
    )
    assert browser.status_code == 200


# -- HTTP: CORS, ETag, gzip --------------------------------------------------------------


def test_cors_lets_any_origin_read_without_credentials(client: httpx.Client) -> None:
    origin = {"Origin": "https://yasgui.example"}
    response = client.get("/sparql", params={"query": LABELS}, headers=origin)
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    assert "etag" in response.headers["access-control-expose-headers"].lower()
    preflight = client.options(
        "/sparql",
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert preflight.headers["access-control-allow-origin"] == "*"


def test_etag_and_304(client: httpx.Client) -> None:
    first = client.get("/sparql", params={"query": LABELS})
    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    again = client.get("/sparql", params={"query": LABELS}, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    other_format = client.get(
        "/sparql", params={"query": LABELS}, headers={"Accept": "text/csv", "If-None-Match": etag}
    )
    assert other_format.status_code == 200
    assert other_format.headers["etag"] != etag
    other_query = client.get(
        "/sparql", params={"query": LABELS + " LIMIT 1"}, headers={"If-None-Match": etag}
    )
    assert other_query.status_code == 200
    post = client.post("/sparql", data={"query": LABELS}, headers={"If-None-Match": etag})
    assert post.status_code == 200  # conditional GETs only
    random = client.get("/sparql", params={"query": "SELECT (RAND() AS ?r) {}"})
    assert "etag" not in random.headers
    description = client.get("/sparql")
    assert (
        client.get("/sparql", headers={"If-None-Match": description.headers["etag"]}).status_code
        == 304
    )


def test_etag_follows_the_store(server: RunningServer, tmp_path: Path) -> None:
    with server.client() as c:
        etag = c.get("/sparql", params={"query": LABELS}).headers["etag"]
    copy = make_store(tmp_path / "copy", quads()[:-1])
    with run_server(copy, tmp_path) as other, other.client() as c:
        assert c.get("/sparql", params={"query": LABELS}).headers["etag"] != etag


def test_gzip_for_large_responses_only(client: httpx.Client) -> None:
    query = f"SELECT ?s ?label WHERE {{ GRAPH <{G_BULK}> {{ ?s ?p ?label }} }}"
    with client.stream(
        "GET", "/sparql", params={"query": query}, headers={"Accept-Encoding": "gzip"}
    ) as response:
        raw = b"".join(response.iter_raw())
    assert response.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["vary"] and "Accept" in response.headers["vary"]
    rows = json.loads(gzip.decompress(raw))["results"]["bindings"]
    assert len(rows) == BULK_ITEMS
    small = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers


def test_large_results_are_streamed_complete(client: httpx.Client) -> None:
    query = f"SELECT ?s ?label WHERE {{ GRAPH <{G_BULK}> {{ ?s ?p ?label }} }} ORDER BY ?s"
    response = client.get(
        "/sparql",
        params={"query": query},
        headers={"Accept": "text/tab-separated-values", "Accept-Encoding": "identity"},
    )
    assert response.headers.get("transfer-encoding") == "chunked"
    lines = response.text.splitlines()
    assert len(lines) == BULK_ITEMS + 1
    assert lines[-1] == f'<{BASE}item/{BULK_ITEMS - 1:05d}>\t"mục {BULK_ITEMS - 1}"@vi'


# -- real clients ------------------------------------------------------------------------


def test_sparqlwrapper(server: RunningServer) -> None:
    from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper

    wrapper = SPARQLWrapper(server.sparql)
    wrapper.setQuery(LABELS)
    wrapper.setReturnFormat(JSON)
    rows = wrapper.query().convert()["results"]["bindings"]
    assert [(r["label"]["value"], r["label"]["xml:lang"]) for r in rows] == [
        ("Bac Ninh", "en"),
        ("Bắc Ninh", "vi"),
    ]
    wrapper.setMethod(POST)
    wrapper.setQuery(f"ASK {{ <{BAC_NINH}> a pov:Province }}")
    assert wrapper.query().convert()["boolean"] is True
    wrapper.setQuery(PROVINCE_GRAPH)
    wrapper.setReturnFormat(XML)
    graph = wrapper.query().convert()  # RDF/XML parsed into an rdflib Graph
    assert len(graph) == len(EXPECTED_REFERENCE)
    wrapper.setReturnFormat(TURTLE)
    turtle = wrapper.query().convert()
    assert len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))) == len(EXPECTED_REFERENCE)


def test_rdflib_sparqlstore(server: RunningServer) -> None:
    from rdflib import Graph, Literal, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(server.sparql))
    rows = list(graph.query(LABELS))
    assert [row[0] for row in rows] == [
        Literal("Bac Ninh", lang="en"),
        Literal("Bắc Ninh", lang="vi"),
    ]
    assert (URIRef(BAC_NINH), None, None) in graph


def test_service_description_of_a_store_loaded_by_povkg(tmp_path: Path) -> None:
    """``povkg load`` writes graph/meta (VoID and build id): the endpoint serves both."""
    from api.app import read_build_id
    from graph.iris import Minter
    from graph.store import build_info, load_files, open_read_only

    data = tmp_path / "data.ttl"
    data.write_text(
        f"@prefix pov: <{POV}> .\n"
        f'<{BAC_NINH}> a pov:Province ; {RDFS_LABEL} "Bắc Ninh"@vi .\n'
        f"<{BASE}province/cao-bang> a pov:Province .\n",
        encoding="utf-8",
    )
    store = tmp_path / "store"
    load_files(store, [data], Minter(BASE), f"{BASE}graph/document/loaded")
    info = build_info(open_read_only(store))
    assert info is not None
    with run_server(store, tmp_path) as running, running.client() as c:
        graph = _description(c)
        query = f"""PREFIX sd: <{SD}> PREFIX void: <{VOID}>
            SELECT ?n WHERE {{ ?service sd:defaultDataset/sd:defaultGraph ?d .
                ?d void:classPartition [ void:class <{POV}Province> ; void:entities ?n ] }}"""
        assert [row[0].value for row in graph.query(query)] == ["2"]
    # ETags use the build id graph/meta records, not the fallback fingerprint of the files.
    assert read_build_id(open_read_only(store), store) == info.build_id
    plain = make_store(tmp_path / "plain", quads()[:3])  # no graph/meta: a fingerprint
    assert read_build_id(ox.Store.read_only(str(plain)), plain).startswith("files-")


INJECTIONS = [
    f"{G_REFERENCE}> }} UNION {{ ?s ?p ?o }} #",
    f'{G_REFERENCE}" . ?s ?p ?o',
    f"{G_REFERENCE}\n}} INSERT DATA {{ <urn:a> <urn:b> <urn:c> }}",
    "{ } UNION { ?s ?p ?o }",
]


@pytest.mark.parametrize("value", INJECTIONS)
@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri", "format"])
def test_parameters_are_values_never_sparql(
    client: httpx.Client, parameter: str, value: str
) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    response = client.get("/sparql", params={"query": count, parameter: value})
    assert response.status_code == 400, response.text
    assert parameter in response.text or "unknown format" in response.text
    assert not ask(client, "ASK { <urn:a> <urn:b> <urn:c> }")
