"""``GET /sparql`` without a query: an HTML query page for browsers, whose example researcher
queries run on the povkg graph, and the service description for everyone else, whose povkg terms
are defined in the ontology. A real server over the seeds store answers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from conftest import BuiltStore
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from server import RunningServer, run_server

from api.sparql.examples import EXAMPLES
from api.sparql.page import DEFAULT_QUERY
from graph.config import VOCAB_IRI

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
JSON_RESULTS = {"Accept": "application/sparql-results+json"}
ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "povkg.ttl"
SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture(scope="module")
def server(
    seeds_store: BuiltStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningServer]:
    with run_server(seeds_store.path, tmp_path_factory.mktemp("page"), query_timeout=20) as s:
        yield s


@pytest.fixture(scope="module")
def client(server: RunningServer) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c


class Forms(HTMLParser):
    """The forms of a page: action, method, textarea contents and select options."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.assets: list[tuple[str, str]] = []
        self._textarea: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.forms.append({**found, "textareas": {}, "options": []})
        elif tag == "textarea":
            self._textarea = {"name": found.get("name"), "text": ""}
        elif tag == "option":
            self.forms[-1]["options"].append(found.get("value"))
        elif tag in ("script", "img", "iframe") and found.get("src"):
            self.assets.append((tag, found["src"] or ""))
        elif tag == "link" and found.get("rel") == "stylesheet":
            self.assets.append((tag, found.get("href") or ""))
        elif tag == "script":
            self.assets.append((tag, "inline"))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            self.forms[-1]["textareas"][self._textarea["name"]] = self._textarea["text"]
            self._textarea = None


def page_forms(client: httpx.Client) -> Forms:
    response = client.get("/sparql", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "accept" in response.headers["vary"].lower()
    parsed = Forms()
    parsed.feed(response.text)
    return parsed


def run(client: httpx.Client, query: str) -> list[dict[str, str]]:
    response = client.get("/sparql", params={"query": query}, headers=JSON_RESULTS)
    assert response.status_code == 200, response.text
    return [
        {name: cell["value"] for name, cell in row.items()}
        for row in response.json()["results"]["bindings"]
    ]


# --- the page -------------------------------------------------------------------------------------


def test_a_browser_gets_a_query_form_submitted_by_get(
    client: httpx.Client, server: RunningServer
) -> None:
    parsed = page_forms(client)
    assert len(parsed.forms) == 1 + len(EXAMPLES)
    for form in parsed.forms:
        assert form["method"] == "get"
        assert form["action"] == server.sparql
        assert "query" in form["textareas"]
        assert {"json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld"} <= set(form["options"])
    assert parsed.forms[0]["textareas"]["query"] == DEFAULT_QUERY
    assert run(client, DEFAULT_QUERY), "the default query finds measurements"


def test_the_page_loads_nothing_from_another_host(client: httpx.Client) -> None:
    parsed = page_forms(client)
    assert parsed.assets == [("link", "/static/povkg.css")]
    assert client.get("/static/povkg.css").status_code == 200


def test_the_page_links_the_description_the_docs_and_the_dumps(
    client: httpx.Client, server: RunningServer
) -> None:
    html = client.get("/sparql", headers={"Accept": BROWSER}).text
    links = set(re.findall(r'href="([^"]+)"', html))
    assert {f"{server.sparql}?format=turtle", "/docs", "/dumps/"} <= links
    description = client.get(f"{server.sparql}?format=turtle", headers={"Accept": BROWSER})
    assert description.headers["content-type"].startswith("text/turtle")
    assert f"<{SD}Service>" in description.text or "sd:Service" in description.text
    for link in ("/docs", "/dumps/"):
        assert client.get(link, headers={"Accept": BROWSER}).status_code == 200


def test_submitting_the_form_gets_the_chosen_format(client: httpx.Client) -> None:
    query = EXAMPLES[0].query("https://w3id.org/povkg/id/")
    for name, media in (("csv", "text/csv"), ("json", "application/sparql-results+json")):
        response = client.get(
            "/sparql", params={"query": query, "format": name}, headers={"Accept": BROWSER}
        )
        assert response.status_code == 200
        assert response.headers["content-type"].split(";")[0] == media
    construct = "CONSTRUCT WHERE { ?s a <https://w3id.org/povkg/ontology#Province> } LIMIT 2"
    response = client.get(
        "/sparql", params={"query": construct, "format": "turtle"}, headers={"Accept": BROWSER}
    )
    assert response.headers["content-type"].startswith("text/turtle")
    wrong = client.get("/sparql", params={"query": query, "format": "turtle"})
    assert wrong.status_code == 406  # a graph format for a SELECT says so


def test_a_browser_sending_a_query_still_gets_results_by_negotiation(
    client: httpx.Client,
) -> None:
    response = client.get(
        "/sparql",
        params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"},
        headers={"Accept": BROWSER},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+xml")
    assert "<sparql" in response.text


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/turtle", "text/turtle"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/ld+json", "application/ld+json"),
        ("*/*", "text/turtle"),
        ("", "text/turtle"),
        ("text/html;q=0.5, text/turtle", "text/turtle"),
        ("application/xhtml+xml", "text/html"),
        ("text/html", "text/html"),
    ],
)
def test_without_a_query_rdf_clients_get_the_description_and_browsers_the_page(
    client: httpx.Client, accept: str, media: str
) -> None:
    response = client.get("/sparql", headers={"Accept": accept})  # "": no preference
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media


@pytest.mark.parametrize(
    ("params", "accept", "status"),
    [
        ({"format": "html"}, "text/turtle", 200),
        ({"format": "csv"}, BROWSER, 406),
        ({"format": "nonsense"}, BROWSER, 400),
        ({}, "image/png", 406),
    ],
)
def test_the_format_parameter_without_a_query(
    client: httpx.Client, params: dict[str, str], accept: str, status: int
) -> None:
    response = client.get("/sparql", params=params, headers={"Accept": accept})
    assert response.status_code == status, response.text
    if status == 200:
        assert response.headers["content-type"].startswith("text/html")


def test_head_of_the_page(client: httpx.Client) -> None:
    response = client.head("/sparql", headers={"Accept": BROWSER})
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-type"].startswith("text/html")


# --- the example queries --------------------------------------------------------------------------


def example_text(client: httpx.Client, key: str) -> str:
    """An example query exactly as the page shows it (what a user runs)."""
    html = client.get("/sparql", headers={"Accept": BROWSER}).text
    section = html[html.index(f'id="{key}"') :]
    return unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", section, re.DOTALL).group(1))


def test_example_poverty_rate_by_province_and_year(client: httpx.Client) -> None:
    rows = run(client, example_text(client, "poverty-rate-by-province-and-year"))
    found = {(r["province"], r["year"], r["rate"]) for r in rows}
    assert ("Bắc Ninh", "2021", "3.47") in found
    assert ("Bắc Ninh", "2024", "0.97") in found
    assert ("Cao Bằng", "2024", "20.04") in found
    assert all(r["source"].startswith("https://w3id.org/povkg/id/document/") for r in rows)
    # provinces only: a commune's rate (Đồng Tâm, 4.47 %) is not listed
    assert "4.47" not in {r["rate"] for r in rows}


def test_example_province_measurements_come_with_their_exact_quotes(
    client: httpx.Client,
) -> None:
    rows = run(client, example_text(client, "province-measurements-with-quotes"))
    assert len(rows) >= 10
    assert {"Bắc Kạn", "Na Rì"} <= {r["area"] for r in rows}  # the province and units inside
    texts: dict[str, str] = {}
    for row in rows:
        slug = row["source"].rsplit("/", 1)[1]
        if slug not in texts:
            texts[slug] = client.get(f"/documents/{slug}").json()["text"]
        assert texts[slug][int(row["start"]) : int(row["end"])] == row["quote"]
    assert any(r["quote"] == "hơn 22.300 hộ" and r["value"] == "22300" for r in rows)


def test_example_targets_versus_actuals(client: httpx.Client) -> None:
    rows = run(client, example_text(client, "targets-versus-actuals"))
    pairs = {
        (
            r["area"],
            r["indicator"],
            r.get("targetYear"),
            r["target"],
            r.get("actualYear"),
            r.get("actual"),
        )
        for r in rows
    }
    assert ("Bắc Ninh", "Poor-household rate", "2025", "1", "2024", "0.97") in pairs
    assert (
        "Cao Bằng",
        "Reduction in the poor-household rate",
        "2025",
        "4",
        "2024",
        "4.67",
    ) in pairs
    # a target with no actual figure is listed alone
    assert any(r.get("actual") is None for r in rows)


def test_examples_follow_the_configured_base() -> None:
    for example in EXAMPLES:
        text = example.query("http://example.org/data/")
        assert "PREFIX indicator: <http://example.org/data/indicator/>" in text
        assert "w3id.org/povkg/id/" not in text


# --- the service description's own terms ----------------------------------------------------------


def test_the_description_uses_povkg_terms_the_ontology_defines(client: httpx.Client) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    description = Graph().parse(data=response.text, format="turtle")
    ontology = Graph().parse(ONTOLOGY, format="turtle")
    used = {p for p in description.predicates() if str(p).startswith(VOCAB_IRI)}
    assert {URIRef(VOCAB_IRI + "queryTimeout"), URIRef(VOCAB_IRI + "maxQueryBytes")} <= used
    service = URIRef(SD + "Service")
    for term in used:
        assert {label.language for label in ontology.objects(term, RDFS.label)} == {"vi", "en"}
        assert list(ontology.objects(term, RDFS.comment)), term
        assert set(ontology.objects(term, RDFS.domain)) == {service}
        (declared,) = ontology.objects(term, RDFS.range)
        for subject, value in description.subject_objects(term):
            assert (subject, RDF.type, service) in description
            assert isinstance(value, Literal) and value.datatype == declared, term
    limits = {
        str(p): str(o) for p, o in description.predicate_objects() if str(p).startswith(VOCAB_IRI)
    }
    assert limits == {VOCAB_IRI + "queryTimeout": "PT20S", VOCAB_IRI + "maxQueryBytes": "65536"}
