"""Dereferencing povkg IRIs on a real running server: every format, HTML content, incoming
links, the quote in context, 404s, the ontology, shapes, context and VoID."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path

import httpx
import pytest
from linked_data_support import DOC0, M_POOR, M_RANGE, fixture_server
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD
from server import RunningServer

from api.linked_data.page import mount_path
from api.linked_data.quote import article_range, line_range, quote_in_context, segments
from api.linked_data.site import EXAMPLE_QUERY

BASE = "https://w3id.org/povkg/id/"
ID = Namespace(BASE)
POV = Namespace("https://w3id.org/povkg/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
VOID = Namespace("http://rdfs.org/ns/void#")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,*/*;q=0.8"
RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    with fixture_server(tmp_path_factory.mktemp("ld")) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: RunningServer) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c


def parse(response: httpx.Response) -> Graph:
    media = response.headers["content-type"].split(";")[0]
    return Graph().parse(data=response.content, format=RDF_FORMATS[media])


# --- RDF representations ----------------------------------------------------------------------


@pytest.mark.parametrize("media", list(RDF_FORMATS))
def test_measurement_in_every_rdf_format(client: httpx.Client, media: str) -> None:
    response = client.get(f"/id/{M_POOR}", headers={"Accept": media})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    graph = parse(response)
    m = ID[M_POOR]
    assert (m, POV.value, Literal("28484", datatype=XSD.decimal)) in graph
    assert (m, SDMX_DIM.refArea, ID["province/bac-ninh"]) in graph
    # what a client needs to understand it: labels and types of linked things ...
    assert (ID["province/bac-ninh"], RDFS.label, Literal("Bắc Ninh", lang="vi")) in graph
    assert (ID["indicator/poor-households"], RDF.type, POV.Indicator) in graph
    # ... and the evidence nodes down to the selectors
    quote = ID[f"{M_POOR}/evidence/quote"]
    assert (quote, OA.exact, Literal("28.484 hộ nghèo")) in graph
    assert (ID[f"{M_POOR}/evidence/position"], OA.start, Literal(72)) in graph
    # and nothing about unrelated resources
    assert (ID[M_RANGE], None, None) not in graph


def test_json_ld_uses_the_local_context_only(client: httpx.Client) -> None:
    body = client.get(f"/id/{M_POOR}", headers={"Accept": "application/ld+json"}).json()
    context = body["@context"]
    assert isinstance(context, dict), "the context is embedded, never a remote URL"
    assert context["pov"] == str(POV)
    assert not any(isinstance(v, str) and v.endswith(".jsonld") for v in context.values())


def test_format_parameter_overrides_accept(client: httpx.Client) -> None:
    response = client.get(
        "/id/province/bac-kan", params={"format": "ntriples"}, headers={"Accept": "text/html"}
    )
    assert response.headers["content-type"].startswith("application/n-triples")
    assert (ID["province/bac-kan"], POV.successor, ID["province/thai-nguyen"]) in parse(response)


def test_negotiation_defaults_and_errors(client: httpx.Client) -> None:
    path = "/id/province/bac-kan"
    assert (
        client.get(path, headers={"Accept": "*/*"})
        .headers["content-type"]
        .startswith("text/turtle")
    )
    assert (
        client.get(path, headers={"Accept": BROWSER})
        .headers["content-type"]
        .startswith("text/html")
    )
    weighted = client.get(path, headers={"Accept": "text/turtle;q=0.5, application/rdf+xml"})
    assert weighted.headers["content-type"].startswith("application/rdf+xml")
    refused = client.get(path, headers={"Accept": "image/png"})
    assert refused.status_code == 406
    bad = client.get(path, params={"format": "pdf"})
    assert bad.status_code == 422 and "pdf" in bad.json()["detail"]
    assert "Accept" in client.get(path).headers["vary"]


def test_etag_and_not_modified(client: httpx.Client) -> None:
    first = client.get("/id/province/bac-kan", headers={"Accept": "text/turtle"})
    tag = first.headers["etag"]
    again = client.get(
        "/id/province/bac-kan", headers={"Accept": "text/turtle", "If-None-Match": tag}
    )
    assert again.status_code == 304 and again.content == b""
    other = client.get(
        "/id/province/bac-kan", headers={"Accept": "application/ld+json", "If-None-Match": tag}
    )
    assert other.status_code == 200, "another representation has another ETag"


def test_head_has_headers_and_no_body(client: httpx.Client) -> None:
    response = client.head(f"/id/{M_POOR}", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-type"].startswith("text/turtle")


@pytest.mark.parametrize(
    "path",
    [
        "/id/province/atlantis",
        "/id/",
        "/id/province/bac-ninh/extra",
        "/id/province/bac ninh",
        "/id/province/bac-ninh%3E",
        f"/id/{M_POOR}/evidence/nothing",
    ],
)
def test_unknown_iris_are_404(client: httpx.Client, path: str) -> None:
    assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 404


def test_iris_only_used_as_objects_or_graph_names_dereference(client: httpx.Client) -> None:
    graph_page = client.get(f"/id/graph/document/{DOC0}", headers={"Accept": "text/turtle"})
    assert graph_page.status_code == 200
    assert (ID[M_POOR], POV.value, Literal("28484", datatype=XSD.decimal)) in parse(graph_page)
    build = client.get("/id/dataset/povkg", headers={"Accept": "text/turtle"})
    assert (ID["dataset/povkg"], RDF.type, VOID.Dataset) in parse(build)


# --- HTML ---------------------------------------------------------------------------------------


def test_html_page_has_labels_links_and_incoming_links(client: httpx.Client) -> None:
    html = client.get("/id/province/bac-ninh", headers={"Accept": BROWSER}).text
    assert "Bắc Ninh" in html and "Bac Ninh" in html
    # properties as links to this server
    assert 'href="/id/province/bac-ninh-pre-2025"' in html
    assert 'href="/ontology#predecessor"' in html
    # incoming links: the measurements about it and the old units that became it
    incoming = html.split("Incoming links")[1]
    assert f'href="/id/{M_POOR}"' in incoming
    assert 'href="/id/province/bac-giang"' in incoming
    assert "(7)" in html.split("Incoming links")[1][:20]


def test_measurement_page_shows_quote_in_context(client: httpx.Client) -> None:
    html = client.get(f"/id/{M_POOR}", headers={"Accept": BROWSER}).text
    block = re.search(r'<blockquote class="quote-in-context">(.*?)</blockquote>', html, re.S)
    assert block is not None
    text = block.group(1)
    assert "<mark>28.484 hộ nghèo</mark>" in text
    # the whole sentence around it, and no more
    assert "năm 2021, toàn tỉnh Bắc Ninh có <mark>" in text
    assert text.endswith("</mark>, chiếm 3,47%.")
    # the article's date header shares the first line but is not part of the sentence
    assert text.startswith("Theo số liệu thống kê, năm 2021"), text
    assert "date" not in text and "2025-12-04" not in text
    assert "Đến hết năm 2024" not in text
    assert f'href="/id/document/{DOC0}"' in html
    # evidence nodes are shown too
    assert "oa:exact" in html or "exact" in html


def test_document_page_highlights_each_fact(client: httpx.Client) -> None:
    html = client.get(f"/id/document/{DOC0}", headers={"Accept": BROWSER}).text
    spans = re.findall(r'<a class="span" href="([^"]+)"[^>]*><mark>(.*?)</mark></a>', html)
    assert (f"/id/{M_POOR}", "28.484 hộ nghèo") in spans
    assert len(spans) == 5


def test_an_article_page_shows_its_text_once(client: httpx.Client) -> None:
    """The full text is the highlighted copy; the pov:text property points to it."""
    text = client.get(f"/documents/{DOC0}").json()["text"]
    html = client.get(f"/id/document/{DOC0}", headers={"Accept": BROWSER}).text
    plain = re.sub(r"<[^>]+>", "", html)  # the text without the marks around its quotes
    sentence = next(line for line in text.split(". ") if len(line) > 40)
    assert plain.count(escape(sentence, quote=False)) == 1, "the text is on the page once"
    assert 'id="document-text"' in html
    assert re.search(r'<a href="#document-text"[^>]*>shown below, with the extracted', html)
    assert 'class="longtext"' in html  # the highlighted block, and only that one
    assert html.count('class="longtext"') == 1


def test_html_escapes_text(client: httpx.Client) -> None:
    html = client.get(f"/id/{M_RANGE}", headers={"Accept": BROWSER}).text
    assert "<mark>từ 2% đến 2,5%</mark>" in html
    assert "<script" not in html.split("</header>")[1]


# --- ontology, shapes, context, VoID, landing page, docs ---------------------------------------


def test_ontology_by_negotiation(client: httpx.Client) -> None:
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    graph = parse(turtle)
    assert (POV.Province, RDF.type, OWL.Class) in graph
    assert (POV.Province, RDFS.label, Literal("Province", lang="en")) in graph
    html = client.get("/ontology", headers={"Accept": BROWSER}).text
    assert 'id="Province"' in html and 'id="successor"' in html, "terms resolve to anchors"
    assert parse(client.get("/ontology", params={"format": "jsonld"}))


def test_shapes_at_a_stable_url(client: httpx.Client) -> None:
    response = client.get("/shapes", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = parse(response)
    shapes = set(graph.subjects(RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape")))
    assert len(shapes) > 5
    assert client.get("/shapes", headers={"Accept": BROWSER}).text.count("sh:") > 10


def test_context_is_served_locally(client: httpx.Client) -> None:
    response = client.get("/ontology/context.jsonld")
    assert response.headers["content-type"].startswith("application/ld+json")
    assert response.json()["@context"]["pov"] == str(POV)


def test_void_description(server: RunningServer, client: httpx.Client) -> None:
    graph = parse(client.get("/.well-known/void", headers={"Accept": "text/turtle"}))
    dataset = ID["dataset/povkg"]
    triples = graph.value(dataset, VOID.triples)
    assert triples is not None and int(triples) > 400
    assert (dataset, VOID.sparqlEndpoint, URIRef(server.base_url + "/sparql")) in graph
    dumps = set(graph.objects(dataset, VOID.dataDump))
    assert URIRef(server.base_url + "/dumps/povkg.nt") in dumps and len(dumps) == 4
    licence = URIRef("http://purl.org/dc/terms/license")
    assert graph.value(dataset, licence) is not None
    sources = set(graph.objects(dataset, URIRef("http://purl.org/dc/terms/source")))
    assert sources == {ID[f"document/{DOC0}"], ID["document/002-b16ab675c362a4e0"]}
    assert set(graph.objects(dataset, VOID.classPartition)), "class partitions from graph/meta"
    assert "void:triples" in client.get("/.well-known/void", headers={"Accept": BROWSER}).text


def test_landing_page_links_everything(client: httpx.Client) -> None:
    html = client.get("/").text
    for href in ("/sparql", "/docs", "/dumps/", "/.well-known/void", "/ontology", "/shapes"):
        assert f'href="{href}"' in html
    assert "/id/province/bac-ninh" in html and "SELECT" in html
    css = client.get("/static/povkg.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/nothing.css").status_code == 404


def test_landing_page_example_query_runs(client: httpx.Client) -> None:
    response = client.get("/sparql", params={"query": EXAMPLE_QUERY, "format": "json"})
    assert response.status_code == 200, response.text
    bindings = response.json()["results"]["bindings"]
    assert any(b["quote"]["value"] == "28.484 hộ nghèo" for b in bindings)


def test_docs_work_offline(client: httpx.Client) -> None:
    html = client.get("/docs").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source
    spec = client.get("/docs/openapi.json").json()
    assert spec["openapi"].startswith("3.0")
    for path in ("/provinces", "/provinces/{slug}", "/measurements", "/search", "/documents"):
        assert path in spec["paths"]
    assert "nullable" in json.dumps(spec) and '"type": "null"' not in json.dumps(spec)


def test_base_iri_decides_the_mount_path(tmp_path: Path) -> None:
    base = "http://127.0.0.1:8000/data/kg/"
    with fixture_server(tmp_path, base_iri=base) as running, running.client() as c:
        response = c.get("/data/kg/province/bac-kan", headers={"Accept": "text/turtle"})
        assert response.status_code == 200
        graph = Graph().parse(data=response.text, format="turtle")
        assert (URIRef(base + "province/bac-kan"), SKOS.prefLabel, None) in graph
        assert c.get("/id/province/bac-kan").status_code == 404
        html = c.get("/data/kg/province/bac-kan", headers={"Accept": BROWSER}).text
        assert 'href="/data/kg/province/thai-nguyen"' in html


# --- pure helpers -------------------------------------------------------------------------------


def test_mount_path() -> None:
    assert mount_path("https://w3id.org/povkg/id/") == "/id/"
    assert mount_path("http://127.0.0.1:8000/id/") == "/id/"
    assert mount_path("http://example.org/a/b/") == "/a/b/"


def test_quote_in_context_finds_the_sentence() -> None:
    text = "Năm 2021 có 28.484 hộ nghèo. Đến 2024 còn 8.308 hộ, tức 0,97%! Hết."
    start = text.index("8.308 hộ")
    found = quote_in_context(text, start, start + len("8.308 hộ"))
    assert (found.before, found.quote, found.after) == ("Đến 2024 còn ", "8.308 hộ", ", tức 0,97%!")
    start = text.index("28.484")
    assert quote_in_context(text, start, start + 6).after == " hộ nghèo."
    with pytest.raises(ValueError):
        quote_in_context(text, 5, len(text) + 1)


def test_quote_context_stops_at_the_line() -> None:
    text = "Tiêu đề không có dấu chấm\nNăm 2021 có 28.484 hộ nghèo\nĐoạn sau, không dấu chấm"
    start = text.index("28.484")
    found = quote_in_context(text, start, start + 6)
    assert (found.before, found.after) == ("Năm 2021 có ", " hộ nghèo")
    assert not found.truncated_before and not found.truncated_after
    # a line longer than the context window is cut, and says so
    long = "x " * 400 + "28.484 hộ" + " y" * 400
    start = long.index("28.484")
    cut = quote_in_context(long, start, start + 6)
    assert cut.truncated_before and cut.truncated_after


def test_quote_context_stays_in_the_article_proper() -> None:
    text = " date 2025-12-04 Năm 2021, tỉnh có 28.484 hộ nghèo, chiếm 3,47%. Hết năm.\n\nĐoạn hai."
    start = text.index("28.484")
    end = start + len("28.484 hộ nghèo")
    bounds = article_range(text, start, end)
    assert text[bounds[0] :].startswith("Năm 2021"), "graph.documents' main text"
    found = quote_in_context(text, start, end, bounds)
    assert found.before == "Năm 2021, tỉnh có " and found.after == ", chiếm 3,47%."
    assert not found.truncated_before
    # without the bounds only the line limits it: the header would be read as part of it
    assert "date" in quote_in_context(text, start, end).before
    # bounds that do not hold the quote are ignored (the line still limits the context)
    assert quote_in_context(text, start, end, (0, 5)) == quote_in_context(text, start, end)


def test_article_range_falls_back_to_the_line() -> None:
    text = " date 2025-12-04 Năm 2021, tỉnh có 28.484 hộ nghèo.\nĐoạn hai có 5 hộ."
    start = text.index("2025-12-04")  # in the header: in no range of the article proper
    assert article_range(text, start, start + 10) == line_range(text, start, start + 10)
    assert line_range(text, start, start + 10) == (0, text.index("\n"))
    second = text.index("5 hộ")
    assert text[slice(*line_range(text, second, second + 4))] == "Đoạn hai có 5 hộ."
    assert article_range("", 0, 0) == (0, 0), "an empty text has no article: its one line"


def test_segments_skip_overlapping_spans() -> None:
    cut = segments("abcdefgh", [(2, 5, "x"), (4, 6, "y"), (6, 8, "z")])
    assert [(s.text, s.link) for s in cut] == [("ab", None), ("cde", "x"), ("f", None), ("gh", "z")]


# --- the real RDF builder's output and the seeds store ----------------------------------------


def _check_every_measurement(client: httpx.Client, store_path: Path) -> int:
    """Each measurement dereferences with its evidence, and its page marks its exact quote."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_path))
    query = """
        PREFIX pov: <https://w3id.org/povkg/ontology#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT DISTINCT ?m ?exact WHERE {
          ?m a pov:Measurement ; pov:evidence/oa:hasTarget/oa:hasSelector/oa:exact ?exact }"""
    rows = list(store.query(query, use_default_graph_as_union=True))
    for row in rows:
        iri = row["m"].value
        path = "/id/" + iri.removeprefix(BASE)
        graph = parse(client.get(path, headers={"Accept": "text/turtle"}))
        assert (URIRef(iri + "/evidence/quote"), OA.exact, Literal(row["exact"].value)) in graph
        html = client.get(path, headers={"Accept": BROWSER}).text
        marked = re.search(r'class="quote-in-context">.*?<mark>(.*?)</mark>', html, re.S)
        assert marked is not None, path
        assert marked.group(1) == escape(row["exact"].value, quote=False), path
    return len(rows)


def test_real_rdf_builder_output_dereferences(tmp_path: Path) -> None:
    from conftest import sample_extraction, write_store
    from server import run_server as start

    store = tmp_path / "store"
    write_store(store, [sample_extraction()])
    with start(store, tmp_path) as running, running.client() as c:
        assert _check_every_measurement(c, store) == len(sample_extraction().measurements)
        assert c.get("/id/province/bac-ninh", headers={"Accept": "text/turtle"}).status_code == 200


def test_seeds_store_dereferences(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    pytest.importorskip("graph.extract", reason="the extraction pipeline has not landed yet")
    seeds_store = request.getfixturevalue("seeds_store")
    from server import run_server as start

    with start(seeds_store.path, tmp_path) as running, running.client() as c:
        assert _check_every_measurement(c, seeds_store.path) > 50
