"""The typed Python API: open, walk from provinces to measurements to documents and back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import SAMPLE_TEXT

from graph.knowledge_graph import (
    Document,
    KnowledgeGraph,
    Measurement,
    NotFoundError,
    Place,
    Province,
    QueryError,
)
from graph.store import StoreNotFoundError

BASE = "https://w3id.org/povkg/id/"


@pytest.fixture
def kg(sample_store: Path) -> KnowledgeGraph:
    return KnowledgeGraph.open(sample_store)


def test_open_reads_the_base_from_the_build(kg: KnowledgeGraph) -> None:
    assert kg.minter.base == BASE
    assert isinstance(kg.store, ox.Store)


def test_open_a_missing_store_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFoundError):
        KnowledgeGraph.open(tmp_path / "none")


def test_a_province_with_its_history(kg: KnowledgeGraph) -> None:
    bac_ninh = kg.province("bac-ninh")
    assert isinstance(bac_ninh, Province)
    assert bac_ninh.iri == BASE + "province/bac-ninh"
    assert bac_ninh.label_vi == "Bắc Ninh"
    assert bac_ninh.valid_from == date(2025, 7, 1)
    assert bac_ninh.valid_to is None
    assert {p.slug for p in bac_ninh.predecessors} == {"bac-ninh-pre-2025", "bac-giang"}
    old = kg.province("province/bac-ninh-pre-2025")
    assert old.valid_to == date(2025, 6, 30)
    assert [s.slug for s in old.successors] == ["bac-ninh"]
    assert old.part_of is not None and old.part_of.slug == "vn"
    assert kg.province(BASE + "province/cao-bang").label_vi == "Cao Bằng"


def test_unknown_or_wrongly_typed_resources_raise_lookup_errors(kg: KnowledgeGraph) -> None:
    with pytest.raises(NotFoundError, match="unknown province 'atlantis'"):
        kg.province("atlantis")
    with pytest.raises(LookupError):
        kg.province("district/bac-kan/na-ri")  # a district, not a province
    with pytest.raises(NotFoundError):
        kg.document("999-none")
    with pytest.raises(NotFoundError):
        kg.measurements(province="atlantis")
    with pytest.raises(NotFoundError):
        kg.node(BASE + "nothing/here")


def test_province_measurements_include_its_units_and_filter(kg: KnowledgeGraph) -> None:
    bac_ninh = kg.province("bac-ninh")
    all_of_them = bac_ninh.measurements()
    assert len(all_of_them) == 6  # the Na Rì figure is in Bắc Kạn
    poor = bac_ninh.measurements(indicator="poor-households", year=2021)
    assert [m.value for m in poor] == [Decimal(28484)]
    m = poor[0]
    assert isinstance(m, Measurement)
    assert m.quote == "28.484 hộ nghèo" == SAMPLE_TEXT[m.start : m.end]
    assert m.period == "2021" and m.status == "actual"
    assert m.label_vi is not None and "28484" in m.label_vi
    bac_kan = kg.province("bac-kan").measurements()
    assert [(x.value, x.qualifier, x.area.slug) for x in bac_kan] == [
        (Decimal(1200), "more-than", "na-ri")
    ]


def test_walk_from_a_measurement_to_its_document_and_back(kg: KnowledgeGraph) -> None:
    money = next(m for m in kg.measurements() if m.unit.slug == "vnd")
    assert money.value == Decimal("1174000000000")
    assert money.project is not None and money.project.slug == "housing"
    assert money.dimension is not None and money.dimension.iri == BASE + "dimension/housing"
    assert isinstance(money.area, Province)
    document = money.document
    assert isinstance(document, Document)
    assert document.file_name == "900_sample.txt"
    assert document.published == date(2025, 12, 4)
    assert document.text[money.start : money.end] == money.quote
    assert money in document.measurements()
    assert len(document.measurements()) == 7
    assert kg.node(money.iri) == money


def test_indicator_filter_with_a_range_and_a_target(kg: KnowledgeGraph) -> None:
    (target,) = kg.measurements(indicator="indicator/poverty-rate-reduction")
    assert (target.value, target.value_max, target.status) == (Decimal(2), Decimal("2.5"), "target")
    assert target.period == "2021-2025"
    assert target.program is not None


def test_listings(kg: KnowledgeGraph) -> None:
    provinces = kg.provinces()
    assert {"bac-ninh", "bac-ninh-pre-2025", "bac-giang", "cao-bang"} <= {p.slug for p in provinces}
    assert all(isinstance(p, Province) for p in provinces)
    assert [d.slug for d in kg.documents()] == ["900-sample"]
    assert isinstance(kg.place("district/bac-kan/na-ri"), Place)


def test_search_ignores_case_and_diacritics(kg: KnowledgeGraph) -> None:
    hits = kg.search("bac kan")
    assert hits[0].iri == BASE + "province/bac-kan"
    assert kg.search("BẮC KẠN")[0].iri == BASE + "province/bac-kan"
    assert kg.search("bac-kan")[0].iri == BASE + "province/bac-kan"  # punctuation splits words
    assert kg.search("   ") == [] and kg.search("--") == []
    assert kg.search("zzzz-no-such-label") == []


def test_search_input_is_bound_not_pasted(kg: KnowledgeGraph) -> None:
    for attack in ['") } UNION { ?s ?p ?o } #', "'; DROP ALL", "}}}}"]:
        assert kg.search(attack) == []


def test_raw_sparql_with_bound_values(kg: KnowledgeGraph) -> None:
    rows = kg.query(
        "SELECT ?m ?v ?area WHERE { ?m pov:value ?v ; sdmx-dimension:refArea ?area }",
        area=kg.place("district/bac-kan/na-ri"),
    )
    assert [r["v"].value for r in rows] == ["1200"]
    assert kg.query("ASK { ?s a pov:Province }") is True
    triples = kg.query("CONSTRUCT { ?s a pov:Province } WHERE { ?s a pov:Province }")
    assert len(triples) >= 4
    assert kg.query("SELECT ?x WHERE { ?x pov:value ?v }", x="not an IRI, a literal") == []
    with pytest.raises(SyntaxError):
        kg.query("SELEKT nothing")


def test_a_binding_oxigraph_cannot_substitute_is_a_clear_error(kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match=r"\?i.*must appear in the SELECT list"):
        kg.query("SELECT ?m WHERE { ?m pov:indicator ?i }", i=kg.indicator("poor-households"))


def test_the_seeds_graph_from_province_to_quote_and_back(seeds_store) -> None:
    kg = KnowledgeGraph.open(seeds_store.path)
    bac_ninh = kg.province("bac-ninh")
    (poor_2021,) = bac_ninh.measurements(indicator="poor-households", year=2021)
    assert poor_2021.value == Decimal(28484)
    assert poor_2021.unit.iri == BASE + "unit/household"
    assert poor_2021.indicator.label_en is not None
    document = poor_2021.document
    assert document.file_name == "000_a1a3ac5b4d469efe.txt"
    assert document.text[poor_2021.start : poor_2021.end] == poor_2021.quote == "28.484 hộ nghèo"
    assert poor_2021 in document.measurements()
    areas = {m.area.iri for m in document.measurements()}
    assert BASE + "province/bac-ninh-pre-2025" in areas  # "Bắc Ninh (cũ)": no poor households
    old = kg.province("bac-ninh-pre-2025")
    assert bac_ninh in old.successors and old in bac_ninh.predecessors
    assert any(m.value == 0 for m in old.measurements(indicator="poor-households"))
    assert len(kg.documents()) == 5
    assert {i.slug for i in kg.indicators()} >= {"poor-households", "poverty-rate"}
    assert kg.search("na ri")[0].iri == BASE + "district/bac-kan/na-ri"
