"""The one measurement listing (graph.measurement_query) on a store of the hand-made article:
every filter, the stable order, paging, what each record holds, values refused, and the shape
of the query (no OPTIONAL, values only as IRIs in one VALUES row)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import SAMPLE_FILE, sample_extraction, write_store

from graph.config import DEFAULT_BASE_IRI
from graph.iris import Minter
from graph.measurement_query import (
    MeasurementFilter,
    UnknownValueError,
    find,
    resolve_filter,
)

BASE = DEFAULT_BASE_IRI
POV = "https://w3id.org/povkg/ontology#"
ALL = 7


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("listing") / "store"
    write_store(path, [sample_extraction()])
    return path


@pytest.fixture(scope="module")
def store(store_path: Path) -> ox.Store:
    return ox.Store.read_only(str(store_path))


def quotes(store: ox.Store, **given: object) -> list[str]:
    chosen = resolve_filter(store, Minter(), **given)  # type: ignore[arg-type]
    return [m.quote for m in find(store, chosen).items]


def test_everything_in_stable_order(store: ox.Store) -> None:
    listing = find(store)
    assert listing.total == len(listing.items) == ALL
    keys = [(m.file_name, m.start, m.end, m.iri) for m in listing.items]
    assert keys == sorted(keys)
    assert {m.file_name for m in listing.items} == {SAMPLE_FILE}


@pytest.mark.parametrize(
    "given,expected",
    [
        ({"province": "bac-kan"}, ["hơn 1.200 hộ nghèo"]),
        ({"province": "district/bac-kan/na-ri"}, ["hơn 1.200 hộ nghèo"]),
        ({"province": BASE + "province/bac-kan"}, ["hơn 1.200 hộ nghèo"]),
        ({"indicator": "poverty-rate"}, ["chiếm 3,47%", "0,97%"]),
        ({"year": 2021}, ["28.484 hộ nghèo", "chiếm 3,47%"]),
        ({"status": "target"}, ["từ 2% đến 2,5%"]),
        ({"dimension": "housing"}, ["tổng kinh phí hơn 1.174 tỷ đồng"]),
        ({"project": "housing"}, ["tổng kinh phí hơn 1.174 tỷ đồng"]),
        ({"province": "bac-ninh", "indicator": "poverty-rate", "year": 2024}, ["0,97%"]),
        ({"province": "bac-kan", "status": "target"}, []),
        ({"year": 1999}, []),
    ],
)
def test_each_filter(store: ox.Store, given: dict, expected: list[str]) -> None:
    assert quotes(store, **given) == expected


def test_a_province_keeps_the_units_inside_it_and_only_those(store: ox.Store) -> None:
    in_bac_ninh = quotes(store, province="bac-ninh")
    assert len(in_bac_ninh) == ALL - 1 and "hơn 1.200 hộ nghèo" not in in_bac_ninh
    assert len(quotes(store, document="900-sample")) == ALL


@pytest.mark.parametrize(
    "given",
    [
        {"province": "atlantis"},
        {"province": "indicator/poverty-rate"},  # exists, but is no administrative unit
        {"indicator": "unit/household"},
        {"indicator": "Poor Households"},
        {"indicator": "poverty-rate> } UNION { ?s ?p ?o } #"},
        {"status": "planned"},
        {"dimension": "poverty"},
        {"project": "moonshot"},
        {"document": "nothing"},
        {"document": "province/bac-ninh"},
        {"indicator": ""},
    ],
)
def test_unknown_values_are_refused_with_their_name(store: ox.Store, given: dict) -> None:
    (kind,) = given
    with pytest.raises(UnknownValueError, match=kind):
        resolve_filter(store, Minter(), **given)


def test_paging_walks_the_same_order(store: ox.Store) -> None:
    everything = [m.iri for m in find(store).items]
    pages = [find(store, limit=3, offset=offset) for offset in range(0, ALL + 3, 3)]
    assert [m.iri for page in pages for m in page.items] == everything
    assert {page.total for page in pages} == {ALL}
    assert find(store, limit=0).items == [] and find(store, limit=0).total == ALL
    assert find(store, offset=ALL).items == []
    for bad in ({"limit": -1}, {"offset": -1}):
        with pytest.raises(ValueError, match="negative"):
            find(store, **bad)  # type: ignore[arg-type]


def test_a_record_holds_every_attribute(store: ox.Store) -> None:
    by_quote = {m.quote: m for m in find(store).items}
    money = by_quote["tổng kinh phí hơn 1.174 tỷ đồng"]
    assert money.value == "1174000000000", "a plain numeral, no exponent"
    assert money.unit == BASE + "unit/vnd" and money.qualifier == BASE + "qualifier/more-than"
    assert money.funding_source == BASE + "funding-source/central-budget"
    assert money.population_group == BASE + "group/ethnic-minority-households"
    assert (money.dimension, money.project) == (
        BASE + "dimension/housing",
        BASE + "project/housing",
    )
    assert money.period is None and money.value_max is None
    rate_range = by_quote["từ 2% đến 2,5%"]
    assert (rate_range.value, rate_range.value_max) == ("2", "2.5")
    assert rate_range.period == BASE + "period/2021-2025"
    assert rate_range.status == BASE + "status/target"
    assert by_quote["106/108 xã"].out_of == "108"
    poor = by_quote["28.484 hộ nghèo"]
    assert poor.value == "28484" and poor.document == BASE + "document/900-sample"
    assert poor.label_vi and "28484" in poor.label_vi and poor.label_en
    assert poor.program == BASE + "program/sustainable-poverty-reduction-2021-2025"
    assert poor.rule == "test-rule" and poor.area == BASE + "province/bac-ninh"


def test_the_query_has_no_optional_and_values_only_as_iris(store: ox.Store) -> None:
    unfiltered = MeasurementFilter().sparql()
    assert "OPTIONAL" not in unfiltered and "VALUES" not in unfiltered
    chosen = resolve_filter(store, Minter(), province="bac-ninh", status="actual", year=2024)
    text = chosen.sparql()
    assert "OPTIONAL" not in text
    assert text.count("VALUES") == 1
    row = (
        f"VALUES (?province ?period ?status) {{ (<{BASE}province/bac-ninh> <{BASE}period/2024> "
        f"<{BASE}status/actual>) }}"
    )
    assert row in text
    assert text.rstrip().endswith("ORDER BY ?file ?start ?end ?m")


def test_a_value_stored_twice_lists_the_measurement_once(tmp_path: Path) -> None:
    path = tmp_path / "store"
    write_store(path, [sample_extraction()])
    writable = ox.Store(str(path))
    poor = next(m for m in find(writable).items if m.quote == "28.484 hộ nghèo")
    extra = ox.Quad(
        ox.NamedNode(poor.iri),
        ox.NamedNode(POV + "value"),
        ox.Literal("28485", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")),
        ox.NamedNode(BASE + "graph/elsewhere"),
    )
    writable.add(extra)
    listing = find(writable)
    assert listing.total == ALL
    assert [m.iri for m in listing.items].count(poor.iri) == 1
