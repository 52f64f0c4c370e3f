"""The convenience routes on a real running server: every route in JSON, JSON-LD and CSV,
filters, paging with a next link, 404 for unknown slugs, 422 for invalid parameters, search."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from linked_data_support import DOC0, DOC2, M_POOR, M_RANGE, MEASUREMENTS, fixture_server
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDFS, XSD
from server import RunningServer

from graph.cli import build_parser, run
from graph.table import COLUMNS

ID = Namespace("https://w3id.org/povkg/id/")
POV = Namespace("https://w3id.org/povkg/ontology#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
PROGRAM = "sustainable-poverty-reduction-2021-2025"

ROUTES = [
    "/provinces",
    "/provinces/bac-ninh",
    "/provinces/bac-kan/measurements",
    "/programs",
    f"/programs/{PROGRAM}",
    "/projects",
    "/dimensions",
    "/indicators",
    "/measurements",
    "/documents",
    f"/documents/{DOC0}",
    "/search?q=bac",
]


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("routes")


@pytest.fixture(scope="module")
def server(directory: Path) -> Iterator[RunningServer]:
    with fixture_server(directory) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: RunningServer) -> Iterator[httpx.Client]:
    with server.client() as c:
        yield c


def rows(response: httpx.Response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.text)))


@pytest.mark.parametrize("route", ROUTES)
def test_every_route_in_every_format(client: httpx.Client, route: str) -> None:
    as_json = client.get(route)
    assert as_json.status_code == 200, as_json.text
    assert as_json.headers["content-type"] == "application/json"
    as_ld = client.get(route, headers={"Accept": "application/ld+json"})
    assert as_ld.headers["content-type"] == "application/ld+json"
    graph = Graph().parse(data=as_ld.content, format="json-ld")
    assert len(graph) > 0, "the JSON-LD form carries triples"
    as_csv = client.get(route, headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert rows(as_csv), "a header and at least one row"
    by_param = client.get(route + ("&" if "?" in route else "?") + "format=csv")
    assert by_param.text == as_csv.text


def test_provinces(client: httpx.Client) -> None:
    provinces = {p["slug"]: p for p in client.get("/provinces").json()}
    assert set(provinces) == {
        "bac-ninh", "bac-ninh-pre-2025", "bac-giang", "bac-kan", "thai-nguyen",
        "thai-nguyen-pre-2025", "cao-bang",
    }  # fmt: skip
    assert provinces["bac-kan"]["label"] == {"vi": "Bắc Kạn", "en": "Bac Kan"}
    assert provinces["bac-kan"]["administrative_code"] == "06"
    assert provinces["bac-kan"]["valid_to"] == "2025-06-30"


def test_province_history_across_the_merger(client: httpx.Client) -> None:
    new = client.get("/provinces/bac-ninh").json()
    assert new["valid_from"] == "2025-07-01"
    assert {p["slug"]: p["valid_to"] for p in new["predecessors"]} == {
        "bac-ninh-pre-2025": "2025-06-30",
        "bac-giang": "2025-06-30",
    }
    assert new["successors"] == []
    old = client.get("/provinces/bac-kan").json()
    assert [(s["slug"], s["valid_from"]) for s in old["successors"]] == [
        ("thai-nguyen", "2025-07-01")
    ]
    assert [s["slug"] for s in old["subdivisions"]] == ["bac-kan/na-ri"]
    assert old["measurement_count"] == 3
    ld = Graph().parse(
        data=client.get("/provinces/bac-kan", params={"format": "jsonld"}).content,
        format="json-ld",
    )
    assert (ID["province/bac-kan"], POV.successor, ID["province/thai-nguyen"]) in ld
    assert (ID["province/bac-kan"], POV.validTo, Literal("2025-06-30", datatype=XSD.date)) in ld


def test_province_measurements_filters(client: httpx.Client) -> None:
    everything = client.get("/provinces/bac-kan/measurements").json()
    assert everything["total"] == 3
    rates = client.get("/provinces/bac-kan/measurements", params={"indicator": "poverty-rate"})
    assert [m["quote"] for m in rates.json()["items"]] == ["27,3%"]
    targets = client.get("/provinces/bac-kan/measurements", params={"status": "target"}).json()
    assert [m["iri"] for m in targets["items"]] == [str(ID[M_RANGE])]
    by_year = client.get("/provinces/bac-kan/measurements", params={"year": 2021}).json()
    assert by_year["total"] == 2
    housing = client.get("/provinces/bac-kan/measurements", params={"dimension": "housing"})
    assert housing.json()["total"] == 1
    assert client.get("/provinces/cao-bang/measurements").json()["total"] == 0


def test_merged_province_does_not_include_its_predecessors_measurements(
    client: httpx.Client,
) -> None:
    new = client.get("/provinces/bac-ninh/measurements").json()
    old = client.get("/provinces/bac-ninh-pre-2025/measurements").json()
    assert new["total"] == 4 and old["total"] == 1
    assert old["items"][0]["quote"] == "không còn hộ nghèo"


def test_measurement_fields_and_csv(client: httpx.Client) -> None:
    page = client.get("/measurements", params={"document": DOC2, "status": "target"}).json()
    (m,) = page["items"]
    assert (m["value"], m["value_max"]) == ("2", "2.5")
    assert m["unit"]["slug"] == "percentage-point"
    assert m["period"]["slug"] == "2024" and m["project"]["slug"] == "housing"
    assert (m["start"], m["end"], m["quote"]) == (410, 424, "từ 2% đến 2,5%")
    response = client.get("/measurements", params={"format": "csv", "limit": 1000})
    assert response.text.splitlines()[0] == ",".join(COLUMNS), "the CLI's columns, in order"
    table = rows(response)
    assert len(table) == MEASUREMENTS
    first = table[0]
    assert first["iri"] == str(ID[M_POOR])
    assert (first["document"], first["value"], first["quote"], first["area"]) == (
        "000_a1a3ac5b4d469efe.txt",
        "28484",
        "28.484 hộ nghèo",
        "Bắc Ninh",
    )
    assert first["area_iri"] == str(ID["province/bac-ninh"])
    assert (first["status"], first["period"], first["unit"]) == ("actual", "2021", "household")
    assert first["indicator"] == "Poor households"


def povkg_csv(capsys: pytest.CaptureFixture[str], store: Path, *options: str) -> str:
    """What `povkg measurements --format csv` prints for the store."""
    capsys.readouterr()
    argv = ["measurements", "--format", "csv", "--store", str(store), *options]
    assert run(build_parser(), argv) == 0, capsys.readouterr().err
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "route,params,options",
    [
        ("/measurements", {}, []),
        ("/measurements", {"province": "bac-kan"}, ["--province", "bac-kan"]),
        ("/measurements", {"indicator": "poverty-rate"}, ["--indicator", "poverty-rate"]),
        ("/measurements", {"year": 2021}, ["--year", "2021"]),
        ("/provinces/bac-ninh/measurements", {"year": 2021}, ["--province", "bac-ninh", "--year",
                                                             "2021"]),
    ],
)  # fmt: skip
def test_the_csv_is_the_cli_csv(
    client: httpx.Client,
    directory: Path,
    capsys: pytest.CaptureFixture[str],
    route: str,
    params: dict,
    options: list[str],
) -> None:
    """One definition of a row: the route's CSV is `povkg measurements --format csv`, byte for
    byte once the line ends of ``text/csv`` (CRLF) are those of a terminal."""
    cli = povkg_csv(capsys, directory / "store", *options)
    web = client.get(route, params={**params, "format": "csv", "limit": 1000}).text
    assert len(cli.splitlines()) > 1, "the filter keeps some rows"
    assert "\r\n" in web and web.replace("\r\n", "\n") == cli


def test_an_article_csv_is_its_rows_of_the_cli_csv(
    client: httpx.Client, directory: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = list(csv.DictReader(io.StringIO(povkg_csv(capsys, directory / "store"))))
    web = rows(client.get(f"/documents/{DOC0}", params={"format": "csv"}))
    assert web == [row for row in cli if row["document"] == "000_a1a3ac5b4d469efe.txt"]
    assert len(web) == 5


def no_float(text: str) -> float:
    raise AssertionError(f"a JSON number with a fraction or exponent: {text}")


@pytest.mark.parametrize("route", ["/measurements?limit=1000", f"/documents/{DOC2}"])
def test_json_numbers_lose_no_digit(client: httpx.Client, route: str) -> None:
    """Exact decimals are strings holding the plain numeral; no float anywhere in the body."""
    body = json.loads(client.get(route).text, parse_float=no_float)
    items = body["items"] if "items" in body else body["measurements"]
    values = {m["quote"]: (m["value"], m["value_max"], m["out_of"]) for m in items}
    assert values["từ 2% đến 2,5%"] == ("2", "2.5", None)
    assert all(isinstance(v, str) and "e" not in v.lower() for v, _, _ in values.values())
    assert not any(v.endswith(".0") for v, _, _ in values.values())


def test_openapi_documents_the_decimal_strings(client: httpx.Client) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]["Measurement"]
    for key in ("value", "value_max", "out_of"):
        prop = schema["properties"][key]
        types = {prop.get("type")} | {o.get("type") for o in prop.get("anyOf", [])}
        assert "string" in types and "number" not in types, key
        assert "exact decimal" in prop["description"]


def test_measurement_json_ld_keeps_exact_decimals(client: httpx.Client) -> None:
    response = client.get("/measurements", params={"format": "jsonld", "limit": 1000})
    graph = Graph().parse(data=response.content, format="json-ld")
    m = ID[M_POOR]
    assert (m, POV.value, Literal("28484", datatype=XSD.decimal)) in graph
    assert (ID[M_RANGE], POV.valueMax, Literal("2.5", datatype=XSD.decimal)) in graph
    assert (m, SDMX_DIM.refArea, ID["province/bac-ninh"]) in graph
    assert (ID["province/bac-ninh"], RDFS.label, Literal("Bắc Ninh", lang="vi")) in graph


def test_paging_walks_every_measurement_once_in_stable_order(client: httpx.Client) -> None:
    seen: list[str] = []
    url: str | None = "/measurements?limit=3&status=actual"
    pages = 0
    while url:
        body = client.get(url).json()
        seen += [m["iri"] for m in body["items"]]
        assert body["limit"] == 3 and body["total"] == 6
        url = body["next"]
        if url:
            assert "status=actual" in url, "filters survive in the next link"
        pages += 1
    assert pages == 2 and len(seen) == len(set(seen)) == 6
    everything = [m["iri"] for m in client.get("/measurements?status=actual").json()["items"]]
    assert seen == everything
    last = client.get("/measurements", params={"limit": 3, "offset": 3, "status": "actual"})
    assert last.json()["next"] is None and "link" not in last.headers
    first = client.get("/measurements", params={"limit": 3, "status": "actual"})
    assert 'rel="next"' in first.headers["link"]
    beyond = client.get("/measurements", params={"offset": 100}).json()
    assert beyond["items"] == [] and beyond["total"] == MEASUREMENTS


def test_programs_projects_dimensions_indicators(client: httpx.Client) -> None:
    programs = {p["slug"]: p for p in client.get("/programs").json()}
    assert {x["slug"] for x in programs[PROGRAM]["projects"]} == {"housing", "production-nutrition"}
    detail = client.get(f"/programs/{PROGRAM}").json()
    assert [x["slug"] for x in detail["legal_basis"]] == ["90-qd-ttg-2022"]
    assert [x["slug"] for x in detail["successors"]] == ["national-target-program-2026-2035"]
    assert detail["measurement_count"] == 1
    projects = {p["slug"]: p for p in client.get("/projects").json()}
    assert projects["housing"]["number"] == 5
    assert projects["production-nutrition/nutrition"]["parent"]["slug"] == "production-nutrition"
    dimensions = {d["slug"]: d for d in client.get("/dimensions").json()}
    assert {i["slug"] for i in dimensions["housing"]["indicators"]} == {
        "housing-quality",
        "floor-area",
    }
    indicators = {i["slug"]: i for i in client.get("/indicators").json()}
    assert indicators["poor-households"]["measurement_count"] == 4
    assert indicators["poverty-rate"]["default_unit"]["slug"] == "percent"


def test_documents(client: httpx.Client) -> None:
    documents = {d["slug"]: d for d in client.get("/documents").json()}
    assert documents[DOC0]["issued"] == "2025-12-04"
    assert documents[DOC0]["measurement_count"] == 5
    assert documents[DOC2]["title"] == "Bắc Kạn giảm nghèo"
    detail = client.get(f"/documents/{DOC0}").json()
    text = detail["text"]
    assert len(detail["measurements"]) == 5
    for fact in detail["measurements"]:
        assert text[fact["start"] : fact["end"]] == fact["quote"]
    facts_csv = rows(client.get(f"/documents/{DOC0}", params={"format": "csv"}))
    assert [r["quote"] for r in facts_csv] == [m["quote"] for m in detail["measurements"]]


@pytest.mark.parametrize(
    "query,expected",
    [
        ("bac kan", "province/bac-kan"),
        ("Bắc Kạn", "province/bac-kan"),
        ("BAC KAN", "province/bac-kan"),
        ("bắc cạn", "province/bac-kan"),  # an alternative label
        ("thai nguyen", "province/thai-nguyen"),
        ("ho ngheo", "indicator/poor-households"),
        ("poor households", "indicator/poor-households"),
        ("nha o", "dimension/housing"),
    ],
)
def test_search_ignores_case_and_diacritics(
    client: httpx.Client, query: str, expected: str
) -> None:
    hits = client.get("/search", params={"q": query}).json()["hits"]
    assert hits and hits[0]["iri"] == str(ID[expected])


def test_search_misses_and_excludes_measurements(client: httpx.Client) -> None:
    assert client.get("/search", params={"q": "atlantis"}).json()["hits"] == []
    hits = client.get("/search", params={"q": "28484"}).json()["hits"]
    assert hits == [], "measurement labels are not searched"
    limited = client.get("/search", params={"q": "bac", "limit": 2}).json()["hits"]
    assert len(limited) == 2


@pytest.mark.parametrize("query", ["bac-kan", "bac_kan", "Bắc-Kạn", "bac--kan", " bac_ kan "])
def test_search_treats_hyphens_and_underscores_as_word_separators(
    client: httpx.Client, query: str
) -> None:
    spaced = client.get("/search", params={"q": "bac kan"}).json()
    found = client.get("/search", params={"q": query}).json()
    assert found["hits"] and found["hits"][0]["iri"] == str(ID["province/bac-kan"])
    assert found["hits"] == spaced["hits"] and found["total"] == spaced["total"]


@pytest.mark.parametrize(
    "slug,expected",
    [
        (DOC0, f"document/{DOC0}"),  # a document's label is its title: found by its slug
        ("na-ri", "district/bac-kan/na-ri"),
        ("poor-households", "indicator/poor-households"),
        (PROGRAM, f"program/{PROGRAM}"),
    ],
)
def test_a_slug_typed_as_a_query_finds_its_thing(
    client: httpx.Client, slug: str, expected: str
) -> None:
    hits = client.get("/search", params={"q": slug}).json()["hits"]
    assert hits and hits[0]["iri"] == str(ID[expected]), hits[:3]


def test_search_says_how_many_and_pages_like_measurements(client: httpx.Client) -> None:
    everything = client.get("/search", params={"q": "bac", "limit": 200}).json()
    total = everything["total"]
    assert total == len(everything["hits"]) > 2 and everything["next"] is None
    seen, url, pages = [], "/search?q=bac&limit=2", 0
    while url:
        response = client.get(url)
        page = response.json()
        assert page["total"] == total and page["limit"] == 2 and len(page["hits"]) <= 2
        seen += [hit["iri"] for hit in page["hits"]]
        url = page["next"]
        if url:
            assert response.headers["link"] == f'<{url}>; rel="next"'
            assert url.startswith("/search?q=bac&limit=2&offset=")
        else:
            assert "link" not in response.headers
        pages += 1
    assert seen == [hit["iri"] for hit in everything["hits"]], "every match once, same order"
    assert pages == (total + 1) // 2
    beyond = client.get("/search", params={"q": "bac", "offset": total + 5}).json()
    assert beyond["hits"] == [] and beyond["total"] == total and beyond["next"] is None
    missing = client.get("/search", params={"q": "atlantis"}).json()
    assert (missing["total"], missing["next"]) == (0, None)


@pytest.mark.parametrize("query", ["--", "_", " - _ "])
def test_a_query_of_separators_only_is_422(client: httpx.Client, query: str) -> None:
    response = client.get("/search", params={"q": query})
    assert response.status_code == 422 and "letter or digit" in response.json()["detail"]


@pytest.mark.parametrize(
    "route",
    [
        "/provinces/atlantis",
        "/provinces/atlantis/measurements",
        "/provinces/bac-kan/na-ri",
        "/programs/no-such-program",
        "/documents/999-nothing",
    ],
)
def test_unknown_slugs_are_404(client: httpx.Client, route: str) -> None:
    response = client.get(route)
    assert response.status_code == 404, response.text
    assert response.json()["detail"]


def test_a_slug_of_the_wrong_kind_is_404(client: httpx.Client) -> None:
    assert client.get("/provinces/cao-bang").status_code == 200
    assert client.get(f"/programs/{'bac-kan'}").status_code == 404
    assert client.get("/documents/bac-kan").status_code == 404


@pytest.mark.parametrize(
    "route,params",
    [
        ("/measurements", {"limit": 0}),
        ("/measurements", {"limit": 5000}),
        ("/measurements", {"offset": -1}),
        ("/measurements", {"limit": "ten"}),
        ("/measurements", {"year": "2024x"}),
        ("/measurements", {"year": 1200}),
        ("/measurements", {"status": "planned"}),
        ("/measurements", {"indicator": "no-such-indicator"}),
        ("/measurements", {"indicator": "Poor Households"}),
        ("/measurements", {"province": "atlantis"}),
        ("/measurements", {"province": "bac-kan/na-ri"}),
        ("/measurements", {"dimension": "poverty"}),
        ("/measurements", {"project": "moonshot"}),
        ("/measurements", {"document": "nothing"}),
        ("/measurements", {"format": "xlsx"}),
        ("/provinces/bac-kan/measurements", {"indicator": "nope"}),
        ("/provinces/bac-kan/measurements", {"status": "ACTUAL"}),
        ("/search", {}),
        ("/search", {"q": ""}),
        ("/search", {"q": "   "}),
        ("/search", {"q": "x" * 201}),
        ("/search", {"q": "bac", "limit": 0}),
    ],
)
def test_invalid_parameters_are_422(client: httpx.Client, route: str, params: dict) -> None:
    response = client.get(route, params=params)
    assert response.status_code == 422, response.text
    assert response.json()["detail"], "with a message"


def test_unacceptable_media_type_is_406(client: httpx.Client) -> None:
    assert client.get("/provinces", headers={"Accept": "image/png"}).status_code == 406


def test_routes_have_etags(client: httpx.Client) -> None:
    first = client.get("/provinces")
    again = client.get("/provinces", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
