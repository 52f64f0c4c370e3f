"""Facts -> RDF: the shape of docs/architecture.md, labels, determinism, entities, bases."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from conftest import PROGRAM, SAMPLE_SLUG, SAMPLE_TEXT, sample_extraction
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, QB, RDF, RDFS, SDO, XSD

from graph.facts import Entity, Period
from graph.iris import Minter
from graph.namespaces import POV, SDMX_ATTRIBUTE, SDMX_DIMENSION
from graph.provenance import ProvenanceError
from graph.rdf import (
    EntityError,
    Lookup,
    article_graphs,
    decimal_lexical,
    measurement_paths,
    merge_shared,
    new_graph,
)

BASE = "https://w3id.org/povkg/id/"
M = Minter(BASE)
LABELS = Lookup(
    labels={
        BASE + "indicator/poor-households": {"vi": "Hộ nghèo", "en": "Poor households"},
        BASE + "province/bac-ninh": {"vi": "Bắc Ninh", "en": "Bắc Ninh Province"},
    }
)


def graphs(extraction=None, lookup: Lookup = LABELS, minter: Minter = M):
    return article_graphs(extraction or sample_extraction(), minter, lookup)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("28484"), "28484"),
        (Decimal("1.174E+12"), "1174000000000"),
        (Decimal("3.470"), "3.47"),
        (Decimal("0.5"), "0.5"),
        (Decimal("0"), "0"),
        (Decimal("-2.66"), "-2.66"),
        (Decimal("1E-7"), "0.0000001"),
        (Decimal("100.00"), "100"),
    ],
)
def test_decimals_are_plain_numerals(value: Decimal, text: str) -> None:
    assert decimal_lexical(value) == text


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity")])
def test_non_finite_numbers_are_refused(value: Decimal) -> None:
    with pytest.raises(ValueError, match="not a finite number"):
        decimal_lexical(value)


def test_measurements_sharing_a_span_get_numbered_paths() -> None:
    first = sample_extraction().measurements[0]
    second = replace(first, indicator="indicator/poverty-rate")
    other = sample_extraction().measurements[1]
    paths = measurement_paths([first, other, second, second])
    s, e = first.span.start, first.span.end
    assert paths[0] == f"measurement/{SAMPLE_SLUG}/{s}-{e}"
    assert paths[2] == f"measurement/{SAMPLE_SLUG}/{s}-{e}-2"
    assert paths[3] == f"measurement/{SAMPLE_SLUG}/{s}-{e}-3"
    assert len(set(paths)) == 4


def test_a_measurement_has_the_shape_of_the_architecture() -> None:
    doc = graphs().document
    first = sample_extraction().measurements[0]
    m = M(f"measurement/{SAMPLE_SLUG}/{first.span.start}-{first.span.end}")
    assert set(doc.objects(m, RDF.type)) == {QB.Observation, POV.Measurement}
    assert doc.value(m, QB.dataSet) == M("dataset/measurements")
    assert doc.value(m, SDMX_DIMENSION.refArea) == M("province/bac-ninh")
    assert doc.value(m, SDMX_DIMENSION.refPeriod) == M("period/2021")
    assert doc.value(m, POV.indicator) == M("indicator/poor-households")
    assert doc.value(m, POV.status) == M("status/actual")
    assert doc.value(m, POV.value) == Literal("28484", datatype=XSD.decimal)
    assert doc.value(m, SDMX_ATTRIBUTE.unitMeasure) == M("unit/household")
    assert doc.value(m, POV.program) == M(PROGRAM)
    assert doc.value(m, POV.extractionRule) == Literal("test-rule")
    assert doc.value(m, PROV.wasDerivedFrom) == M(f"document/{SAMPLE_SLUG}")
    assert doc.value(m, POV.evidence) == URIRef(f"{m}/evidence")
    for absent in (POV.valueMax, POV.qualifier, POV.outOf, POV.populationGroup):
        assert doc.value(m, absent) is None
    labels = {label.language: str(label) for label in doc.objects(m, RDFS.label)}
    assert labels == {
        "vi": "Hộ nghèo — Bắc Ninh — 2021: 28484",
        "en": "Poor households — Bắc Ninh Province — 2021: 28484",
    }


def _measurement(doc: Graph, quote: str) -> URIRef:
    start = SAMPLE_TEXT.index(quote)
    return M(f"measurement/{SAMPLE_SLUG}/{start}-{start + len(quote)}")


def test_optional_attributes_are_written_when_stated() -> None:
    doc = graphs().document
    money = _measurement(doc, "tổng kinh phí hơn 1.174 tỷ đồng")
    assert doc.value(money, POV.value) == Literal("1174000000000", datatype=XSD.decimal)
    assert doc.value(money, POV.qualifier) == M("qualifier/more-than")
    assert doc.value(money, POV.fundingSource) == M("funding-source/central-budget")
    assert doc.value(money, POV.populationGroup) == M("group/ethnic-minority-households")
    assert doc.value(money, POV.deprivationDimension) == M("dimension/housing")
    assert doc.value(money, POV.project) == M("project/housing")
    assert doc.value(money, SDMX_DIMENSION.refPeriod) is None
    target = _measurement(doc, "từ 2% đến 2,5%")
    assert doc.value(target, POV.valueMax) == Literal("2.5", datatype=XSD.decimal)
    assert doc.value(target, POV.status) == M("status/target")
    assert doc.value(target, SDMX_DIMENSION.refPeriod) == M("period/2021-2025")
    assert any("(target)" in str(label) for label in doc.objects(target, RDFS.label))
    share = _measurement(doc, "106/108 xã")
    assert doc.value(share, POV.outOf) == Literal("108", datatype=XSD.decimal)


def test_labels_fall_back_to_paths_when_reference_data_has_none() -> None:
    doc = graphs(lookup=Lookup()).document
    share = _measurement(doc, "106/108 xã")
    labels = {str(label) for label in doc.objects(share, RDFS.label)}
    assert labels == {"indicator/communes-meeting-health-criteria — province/bac-ninh: 106"}


def test_the_document_node_carries_text_metadata_and_mentions() -> None:
    doc = graphs().document
    d = M(f"document/{SAMPLE_SLUG}")
    assert {POV.Article, SDO.NewsArticle, PROV.Entity} <= set(doc.objects(d, RDF.type))
    assert doc.value(d, POV.text) == Literal(SAMPLE_TEXT)
    assert doc.value(d, DCTERMS.identifier) == Literal("900_sample.txt")
    assert doc.value(d, DCTERMS.issued) == Literal("2025-12-04", datatype=XSD.date)
    assert doc.value(d, DCTERMS.title) == Literal("Bắc Ninh giảm nghèo bền vững", lang="vi")
    assert doc.value(d, DCTERMS.creator) == M("person/viet-anh")
    assert doc.value(d, DCTERMS.subject) == M("province/bac-ninh")
    assert doc.value(d, DCTERMS.language) == Literal("vi")
    assert set(doc.objects(d, SDO.mentions)) == {
        M("legal-document/45-kh-ubnd-bac-ninh"),
        M("person/nguyen-van-an"),
        M("role/nguyen-van-an/ubnd-tinh-bac-ninh"),
    }
    assert {label.language for label in doc.objects(d, RDFS.label)} == {"vi", "en"}


def test_shared_nodes_go_to_the_shared_graph_only() -> None:
    article = graphs()
    shared, doc = article.shared, article.document
    period = M("period/2021-2025")
    assert (period, RDF.type, POV.Period) in shared
    assert shared.value(period, POV.startYear) == Literal("2021", datatype=XSD.gYear)
    assert shared.value(period, POV.endYear) == Literal("2025", datatype=XSD.gYear)
    assert (period, None, None) not in doc
    plan = M("legal-document/45-kh-ubnd-bac-ninh")
    assert {POV.LegalDocument, POV.Plan} == set(shared.objects(plan, RDF.type))
    assert shared.value(plan, DCTERMS.identifier) == Literal("45/KH-UBND")
    assert shared.value(plan, POV.issuedBy) == M("organisation/ubnd-tinh-bac-ninh")
    assert shared.value(plan, POV.implements) == M(PROGRAM)
    role = M("role/nguyen-van-an/ubnd-tinh-bac-ninh")
    assert shared.value(role, ORG.member) == M("person/nguyen-van-an")
    assert shared.value(role, ORG.organization) == M("organisation/ubnd-tinh-bac-ninh")
    assert set(shared.objects(role, SDO.roleName)) == {
        Literal("Phó Chủ tịch", lang="vi"),
        Literal("Vice Chairman", lang="en"),
    }
    author = M("person/viet-anh")
    assert {str(x) for x in shared.objects(author, RDFS.label)} == {"Việt Anh"}
    subjects = set(shared.subjects())
    assert not subjects & set(doc.subjects())


def test_things_described_elsewhere_are_only_linked() -> None:
    described = Lookup(
        described={BASE + "legal-document/45-kh-ubnd-bac-ninh", BASE + "period/2021"}
    )
    shared = graphs(lookup=described).shared
    assert (M("legal-document/45-kh-ubnd-bac-ninh"), None, None) not in shared
    assert (M("period/2021"), None, None) not in shared
    assert (M("period/2024"), RDF.type, POV.Period) in shared


def test_building_twice_gives_the_same_triples_and_no_blank_nodes() -> None:
    a, b = graphs(), graphs()
    assert set(a.document) == set(b.document)
    assert set(a.shared) == set(b.shared)
    assert not any(isinstance(term, BNode) for t in (*a.document, *a.shared) for term in t)


def test_another_base_moves_every_data_iri_but_not_the_vocabulary() -> None:
    other = Minter("http://example.org/kg/")
    article = graphs(minter=other)
    iris = {
        t
        for triple in (*article.document, *article.shared)
        for t in triple
        if isinstance(t, URIRef)
    }
    assert not any(i.startswith(BASE) for i in iris)
    assert URIRef("http://example.org/kg/province/bac-ninh") in iris
    assert POV.Measurement in iris


def test_a_wrong_span_is_refused() -> None:
    extraction = sample_extraction()
    bad = replace(
        extraction.measurements[0], span=replace(extraction.measurements[0].span, start=0)
    )
    extraction.measurements[0] = bad
    with pytest.raises(ProvenanceError):
        graphs(extraction)


def test_a_measurement_of_another_document_is_refused() -> None:
    extraction = sample_extraction()
    extraction.measurements[0] = replace(extraction.measurements[0], document="other-doc")
    with pytest.raises(ValueError, match="other-doc"):
        graphs(extraction)


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    extraction = sample_extraction()
    extraction.measurements[0] = replace(extraction.measurements[0], period=Period(2021, 2015))
    with pytest.raises(ValueError, match="ends before it starts"):
        graphs(extraction)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "spaceship"}, "unknown entity kind"),
        ({"links": (("likes", "person/x"),)}, "unknown relation 'likes'"),
        ({"attributes": (("colour", "red"),)}, "unknown attribute 'colour'"),
        ({"label_en": "  "}, "empty @en label"),
    ],
)
def test_entities_that_break_the_contract_are_refused(change: dict, message: str) -> None:
    extraction = sample_extraction()
    extraction.entities[1] = replace(extraction.entities[1], **change)
    with pytest.raises(EntityError, match=message):
        graphs(extraction)


def test_merging_shared_graphs_keeps_the_first_description() -> None:
    into, first, second = new_graph(), new_graph(), new_graph()
    org = M("organisation/x")
    first.add((org, RDFS.label, Literal("Tổ chức X", lang="vi")))
    second.add((org, RDFS.label, Literal("Tổ chức Ích", lang="vi")))
    second.add((M("organisation/y"), RDFS.label, Literal("Y", lang="vi")))
    merge_shared(into, first)
    merge_shared(into, second)
    assert set(into.objects(org, RDFS.label)) == {Literal("Tổ chức X", lang="vi")}
    assert (M("organisation/y"), RDFS.label, Literal("Y", lang="vi")) in into


def test_district_entities_get_preflabels_like_the_gazetteer() -> None:
    extraction = sample_extraction()
    extraction.entities.append(
        Entity(
            kind="district",
            path="district/cao-bang/bao-lac",
            label_vi="Bảo Lạc",
            label_en="Bảo Lạc District",
            links=(("part-of", "province/cao-bang"),),
        )
    )
    shared = graphs(extraction).shared
    district = M("district/cao-bang/bao-lac")
    assert (district, RDF.type, POV.District) in shared
    assert shared.value(district, POV.partOf) == M("province/cao-bang")
    assert (
        len(set(shared.objects(district, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))))
        == 2
    )
