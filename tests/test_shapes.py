"""Each SHACL shape rejects the broken graph it exists for, and a valid graph conforms.

Every test starts from one small valid graph (an article, a measurement with its evidence, as in
docs/architecture.md, plus a few entities), breaks one thing, and expects that exact violation:
the focus node, the shape and the path. Sample code lists are built here, so the tests do not
depend on the contents of ``ontology/codelists/``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, Namespace

from graph.config import DEFAULT_BASE_IRI
from graph.iris import Minter
from graph.namespaces import OA, POV, PROV, QB, SDMX_ATTRIBUTE, SDMX_DIMENSION
from graph.reference import load_reference, rebase_graph
from graph.validate import ValidationReport, Violation, validate

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # open namespace: pytest probes attributes
DCTERMS = Namespace("http://purl.org/dc/terms/")

ID = Minter()
TEXT = (
    " date 2025-12-04 Theo số liệu thống kê, năm 2021, toàn tỉnh Bắc Ninh có 28.484 hộ nghèo, "
    "chiếm 3,47%. Tỷ lệ giải ngân đạt 41% kế hoạch."
)
QUOTE = "28.484 hộ nghèo"
START = TEXT.index(QUOTE)
END = START + len(QUOTE)
DOC = "document/000-a1a3ac5b4d469efe"
M = f"measurement/000-a1a3ac5b4d469efe/{START}-{END}"

PREFIXES = f"""
@base <{DEFAULT_BASE_IRI}> .
@prefix pov: <https://w3id.org/povkg/ontology#> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix schema: <https://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

CODELISTS = (
    PREFIXES
    + """
<scheme/indicators> a skos:ConceptScheme ;
    rdfs:label "Chỉ tiêu"@vi, "Indicators"@en .
<scheme/units> a skos:ConceptScheme ; rdfs:label "Đơn vị tính"@vi, "Units"@en .
<scheme/statuses> a skos:ConceptScheme ; rdfs:label "Trạng thái"@vi, "Statuses"@en .
<scheme/qualifiers> a skos:ConceptScheme ; rdfs:label "Từ hạn định"@vi, "Qualifiers"@en .
<scheme/population-groups> a skos:ConceptScheme ;
    rdfs:label "Nhóm đối tượng"@vi, "Population groups"@en .
<scheme/funding-sources> a skos:ConceptScheme ;
    rdfs:label "Nguồn kinh phí"@vi, "Funding sources"@en .

<indicator/poor-households> a pov:Indicator, skos:Concept ;
    skos:inScheme <scheme/indicators> ;
    skos:prefLabel "Hộ nghèo"@vi, "Poor households"@en ;
    skos:definition "Number of poor households."@en ;
    pov:defaultUnit <unit/household> .
<indicator/disbursement-rate> a pov:Indicator, skos:Concept ;
    skos:inScheme <scheme/indicators> ;
    skos:prefLabel "Tỷ lệ giải ngân"@vi, "Disbursement rate"@en ;
    skos:definition "Share of planned funds disbursed."@en .
<unit/household> a pov:Unit, skos:Concept ; skos:inScheme <scheme/units> ;
    skos:prefLabel "hộ"@vi, "household"@en ; skos:definition "A household."@en .
<unit/percent> a pov:Unit, skos:Concept ; skos:inScheme <scheme/units> ;
    skos:prefLabel "phần trăm"@vi, "percent"@en ; skos:definition "Percent."@en .
<unit/percent-of-plan> a pov:Unit, skos:Concept ; skos:inScheme <scheme/units> ;
    skos:prefLabel "phần trăm kế hoạch"@vi, "percent of plan"@en ;
    skos:definition "Percent of a planned amount."@en .
<unit/percentage-point> a pov:Unit, skos:Concept ; skos:inScheme <scheme/units> ;
    skos:prefLabel "điểm phần trăm"@vi, "percentage point"@en ;
    skos:definition "Percentage point."@en .
<status/actual> a pov:Status, skos:Concept ; skos:inScheme <scheme/statuses> ;
    skos:prefLabel "thực tế"@vi, "actual"@en ; skos:definition "An actual result."@en .
<qualifier/more-than> a pov:Qualifier, skos:Concept ; skos:inScheme <scheme/qualifiers> ;
    skos:prefLabel "hơn"@vi, "more than"@en ; skos:definition "More than."@en .
<group/ethnic-minority-households> a pov:PopulationGroup, skos:Concept ;
    skos:inScheme <scheme/population-groups> ;
    skos:prefLabel "hộ dân tộc thiểu số"@vi, "ethnic-minority households"@en ;
    skos:definition "Ethnic-minority households."@en .
<funding-source/central-budget> a pov:FundingSource, skos:Concept ;
    skos:inScheme <scheme/funding-sources> ;
    skos:prefLabel "ngân sách trung ương"@vi, "central budget"@en ;
    skos:definition "The central budget."@en .
"""
)


def _data_turtle() -> str:
    sha = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    text = TEXT.replace("\\", "\\\\").replace('"', '\\"')
    return (
        PREFIXES
        + f"""
<{DOC}> a pov:Article, schema:NewsArticle, prov:Entity ;
    dcterms:identifier "000_a1a3ac5b4d469efe.txt" ;
    dcterms:title "Bắc Ninh giảm nghèo"@vi ;
    dcterms:issued "2025-12-04"^^xsd:date ;
    dcterms:creator <person/viet-anh> ;
    dcterms:language "vi" ;
    dcterms:subject <province/bac-ninh> ;
    schema:mentions <organisation/ubnd-tinh-bac-ninh> ;
    pov:text "{text}" ;
    pov:sha256 "{sha}" ;
    rdfs:label "Bài 000"@vi, "Article 000"@en .

<period/2021> a pov:Period ;
    pov:startYear "2021"^^xsd:gYear ; pov:endYear "2021"^^xsd:gYear ;
    rdfs:label "Năm 2021"@vi, "Year 2021"@en .

<{M}> a qb:Observation, pov:Measurement ;
    qb:dataSet <dataset/measurements> ;
    sdmx-dimension:refArea <province/bac-ninh> ;
    sdmx-dimension:refPeriod <period/2021> ;
    pov:indicator <indicator/poor-households> ;
    pov:status <status/actual> ;
    pov:value "28484"^^xsd:decimal ;
    sdmx-attribute:unitMeasure <unit/household> ;
    pov:qualifier <qualifier/more-than> ;
    pov:populationGroup <group/ethnic-minority-households> ;
    pov:fundingSource <funding-source/central-budget> ;
    pov:deprivationDimension <dimension/housing> ;
    pov:project <project/housing> ;
    pov:program <program/sustainable-poverty-reduction-2021-2025> ;
    pov:extractionRule "count-households" ;
    prov:wasDerivedFrom <{DOC}> ;
    pov:evidence <{M}/evidence> ;
    rdfs:label "Hộ nghèo — Bắc Ninh — 2021: 28484"@vi,
        "Poor households — Bắc Ninh — 2021: 28484"@en .

<{M}/evidence> a oa:Annotation ;
    oa:motivatedBy oa:describing ;
    oa:hasBody <{M}> ;
    oa:hasTarget <{M}/evidence/target> .
<{M}/evidence/target> a oa:SpecificResource ;
    oa:hasSource <{DOC}> ;
    oa:hasSelector <{M}/evidence/quote>, <{M}/evidence/position> .
<{M}/evidence/quote> a oa:TextQuoteSelector ;
    oa:exact "{QUOTE}" ; oa:prefix "toàn tỉnh Bắc Ninh có " ; oa:suffix ", chiếm" .
<{M}/evidence/position> a oa:TextPositionSelector ;
    oa:start "{START}"^^xsd:nonNegativeInteger ; oa:end "{END}"^^xsd:nonNegativeInteger .

<person/viet-anh> a pov:Person ; rdfs:label "Việt Anh"@vi, "Việt Anh"@en .
<role/viet-anh/ubnd-tinh-bac-ninh> a pov:Role ;
    org:member <person/viet-anh> ; org:organization <organisation/ubnd-tinh-bac-ninh> ;
    rdfs:label "Phóng viên"@vi, "Reporter"@en .
<campaign/chung-tay-vi-nguoi-ngheo> a pov:Campaign ;
    pov:area <province/bac-kan> ;
    rdfs:label "Chung tay vì người nghèo"@vi, "Hand in hand for the poor"@en .
<livelihood-model/lien-ket-chan-nuoi-lon-nai> a pov:LivelihoodModel ;
    pov:area <commune/bac-kan/na-ri/tran-phu> ; pov:project <project/livelihoods> ;
    rdfs:label "Liên kết chăn nuôi lợn nái"@vi, "Sow-breeding linkage"@en .
<legal-document/5-kh-ubnd-bac-kan> a pov:LegalDocument, pov:Plan ;
    dcterms:identifier "5/KH-UBND" ;
    pov:issuedBy <organisation/ubnd-tinh-bac-ninh> ;
    pov:implements <program/sustainable-poverty-reduction-2021-2025> ;
    rdfs:label "Kế hoạch 5/KH-UBND"@vi, "Plan 5/KH-UBND"@en .
<district/cao-bang/bao-lam> a pov:District ;
    pov:partOf <province/cao-bang> ;
    rdfs:label "Bảo Lâm"@vi, "Bảo Lâm District"@en .
"""
    )


@pytest.fixture(scope="module")
def reference() -> Graph:
    """Places, program, dimensions... from ontology/reference plus the sample code lists."""
    graph = load_reference(codelists=False)
    graph.parse(data=CODELISTS, format="turtle")
    return graph


@pytest.fixture
def data() -> Graph:
    return Graph().parse(data=_data_turtle(), format="turtle")


@pytest.fixture
def check(reference: Graph) -> Callable[[Graph], ValidationReport]:
    return lambda graph: validate(graph, reference=reference)


def iri(path: str) -> URIRef:
    return ID(path)


def show(path: str) -> str:
    """How the report renders a data IRI."""
    return f"<{ID(path)}>"


def only(report: ValidationReport, **expected: str) -> Violation:
    """The single violation in ``report``, checked against ``expected`` fields."""
    assert not report.conforms
    assert len(report.violations) == 1, str(report)
    violation = report.violations[0]
    for name, value in expected.items():
        assert getattr(violation, name) == value, str(report)
    return violation


def replace(graph: Graph, subject: str, predicate: URIRef, *objects: object) -> Graph:
    graph.remove((iri(subject), predicate, None))
    for obj in objects:
        graph.add((iri(subject), predicate, obj))  # type: ignore[arg-type]
    return graph


# --------------------------------------------------------------------------------------------
# The valid graph


def test_valid_graph_conforms(data: Graph, check) -> None:
    report = check(data)
    assert report.conforms, str(report)
    assert report.violations == ()
    assert str(report) == "The graph conforms to the povkg shapes."


def test_validation_does_not_modify_the_data(data: Graph, check) -> None:
    before = set(data)
    check(data)
    assert set(data) == before


def test_a_dataset_with_named_graphs_is_validated_as_its_union(data: Graph, check) -> None:
    dataset = Dataset()
    named = dataset.graph(iri("graph/document/000-a1a3ac5b4d469efe"))
    for triple in data:
        named.add(triple)
    drop_evidence(named)
    only(check(dataset), focus_node=show(M), shape="povsh:Measurement-evidence")


# --------------------------------------------------------------------------------------------
# Measurements


def drop_evidence(graph: Graph) -> Graph:
    """Remove the measurement's evidence link and every evidence node."""
    graph.remove((iri(M), POV.evidence, None))
    for subject in set(graph.subjects()):
        if str(subject).startswith(str(iri(f"{M}/evidence"))):
            graph.remove((subject, None, None))
    return graph


def test_missing_evidence(data: Graph, check) -> None:
    drop_evidence(data)
    violation = only(check(data), focus_node=show(M), shape="povsh:Measurement-evidence")
    assert violation.path == "pov:evidence"
    assert violation.component == "MinCountConstraintComponent"
    assert violation.focus_term == iri(M)


def test_missing_source_document(data: Graph, check) -> None:
    replace(data, M, PROV.wasDerivedFrom)
    report = check(data)
    assert {(v.focus_node, v.shape) for v in report.violations} == {
        (show(M), "povsh:Measurement-source"),
        (
            show(f"{M}/evidence/target"),
            "povsh:EvidenceTargetShape[^oa:hasTarget/oa:hasBody/prov:wasDerivedFrom]",
        ),
    }


def test_evidence_quoting_another_document(data: Graph, check) -> None:
    other = "legal-document/07-2021-nd-cp"  # a described source document, but not the quoted one
    replace(data, M, PROV.wasDerivedFrom, iri(other))
    report = check(data)
    # sh:equals reports each value in one set and not the other: the two documents
    assert {(v.focus_node, v.component, v.value) for v in report.violations} == {
        (show(f"{M}/evidence/target"), "EqualsConstraintComponent", show(DOC)),
        (show(f"{M}/evidence/target"), "EqualsConstraintComponent", show(other)),
    }
    assert all("derived from" in v.message for v in report.violations)


def test_quote_not_at_its_offsets(data: Graph, check) -> None:
    replace(data, f"{M}/evidence/position", OA.start, Literal(START + 1))
    replace(data, f"{M}/evidence/position", OA.end, Literal(END + 1))
    violation = only(
        check(data), focus_node=show(DOC), component="SPARQLConstraintComponent", path="pov:text"
    )
    assert violation.shape == "povsh:QuotedDocumentShape"
    assert violation.value == show(M)
    assert f'"{QUOTE}"' in violation.message
    assert f"{START + 1}-{END + 1}" in violation.message
    assert f'"{TEXT[START + 1 : END + 1]}"' in violation.message


def test_quote_that_differs_from_the_text(data: Graph, check) -> None:
    replace(data, f"{M}/evidence/quote", OA.exact, Literal("28.485 hộ nghèo"))
    violation = only(check(data), focus_node=show(DOC), component="SPARQLConstraintComponent")
    assert violation.value == show(M)


def test_offsets_beyond_the_text(data: Graph, check) -> None:
    replace(data, f"{M}/evidence/position", OA.end, Literal(len(TEXT) + 5))
    only(check(data), focus_node=show(DOC), component="SPARQLConstraintComponent")


def test_each_broken_quote_is_reported_with_its_measurement(data: Graph, check) -> None:
    second = f"measurement/000-a1a3ac5b4d469efe/{START}-{END}-2"
    for s, p, o in list(data.triples((None, None, None))):
        if str(s).startswith(str(iri(M))):
            new_s = URIRef(str(s).replace(str(iri(M)), str(iri(second)), 1))
            new_o = (
                URIRef(str(o).replace(str(iri(M)), str(iri(second)), 1))
                if isinstance(o, URIRef)
                else o
            )
            data.add((new_s, p, new_o))
    replace(data, f"{second}/evidence/position", OA.start, Literal(0))
    report = check(data)
    assert [(v.focus_node, v.value) for v in report.violations] == [(show(DOC), show(second))]


def test_evidence_without_a_position_selector(data: Graph, check) -> None:
    target = f"{M}/evidence/target"
    data.remove((iri(target), OA.hasSelector, iri(f"{M}/evidence/position")))
    report = check(data)
    violation = only(report, focus_node=show(target), path="oa:hasSelector")
    assert violation.message == "an evidence target has exactly one oa:TextPositionSelector"


def test_evidence_whose_body_is_another_node(data: Graph, check) -> None:
    replace(data, f"{M}/evidence", OA.hasBody, iri("measurement/other/1-2"))
    report = check(data)
    found = {(v.focus_node, v.path) for v in report.violations}
    assert (show(f"{M}/evidence"), "^pov:evidence") in found
    assert (show(f"{M}/evidence"), "oa:hasBody") in found  # not a pov:Measurement


def test_position_start_not_before_end(data: Graph, check) -> None:
    position = f"{M}/evidence/position"
    replace(data, position, OA.start, Literal(END, datatype=XSD.nonNegativeInteger))
    report = check(data)
    assert any(
        v.focus_node == show(position) and v.component == "LessThanConstraintComponent"
        for v in report.violations
    ), str(report)


def test_empty_quote(data: Graph, check) -> None:
    replace(data, f"{M}/evidence/quote", OA.exact, Literal(""))
    report = check(data)
    assert any(
        v.focus_node == show(f"{M}/evidence/quote") and v.path == "oa:exact"
        for v in report.violations
    ), str(report)


def test_rate_of_120_percent(data: Graph, check) -> None:
    replace(data, M, SDMX_ATTRIBUTE.unitMeasure, iri("unit/percent"))
    replace(data, M, POV.value, Literal("120", datatype=XSD.decimal))
    violation = only(check(data), focus_node=show(M), shape="povsh:PercentRangeShape")
    assert "between 0 and 100" in violation.message


def test_range_whose_upper_bound_exceeds_100_percent(data: Graph, check) -> None:
    replace(data, M, SDMX_ATTRIBUTE.unitMeasure, iri("unit/percent"))
    replace(data, M, POV.value, Literal("98", datatype=XSD.decimal))
    replace(data, M, POV.valueMax, Literal("101", datatype=XSD.decimal))
    only(check(data), focus_node=show(M), shape="povsh:PercentRangeShape")


def test_rate_of_100_percent_and_percent_of_plan_above_100_conform(data: Graph, check) -> None:
    replace(data, M, SDMX_ATTRIBUTE.unitMeasure, iri("unit/percent"))
    replace(data, M, POV.value, Literal("100", datatype=XSD.decimal))
    assert check(data).conforms
    replace(data, M, SDMX_ATTRIBUTE.unitMeasure, iri("unit/percent-of-plan"))
    replace(data, M, POV.value, Literal("111.7", datatype=XSD.decimal))
    assert check(data).conforms


def test_negative_count(data: Graph, check) -> None:
    replace(data, M, POV.value, Literal("-5", datatype=XSD.decimal))
    violation = only(check(data), focus_node=show(M), shape="povsh:NonNegativeShape")
    assert "negative" in violation.message


def test_negative_change_in_percentage_points_conforms(data: Graph, check) -> None:
    replace(data, M, SDMX_ATTRIBUTE.unitMeasure, iri("unit/percentage-point"))
    replace(data, M, POV.value, Literal("-2.66", datatype=XSD.decimal))
    assert check(data).conforms


def test_unknown_indicator_not_in_the_scheme(data: Graph, check) -> None:
    replace(data, M, POV.indicator, iri("indicator/no-such-thing"))
    report = check(data)
    shapes = {v.shape for v in report.violations if v.focus_node == show(M)}
    assert shapes == {"povsh:Measurement-indicator", "povsh:Measurement-indicator-scheme"}
    scheme = report.by_shape("povsh:Measurement-indicator-scheme")[0]
    assert scheme.path == "pov:indicator"
    assert scheme.value == show("indicator/no-such-thing")


def test_indicator_from_the_wrong_scheme(data: Graph, check) -> None:
    replace(data, M, POV.indicator, iri("unit/household"))
    report = check(data)
    assert {v.shape for v in report.violations} == {
        "povsh:Measurement-indicator",
        "povsh:Measurement-indicator-scheme",
    }


@pytest.mark.parametrize(
    ("predicate", "wrong", "shape"),
    [
        (POV.status, "status/imagined", "povsh:Measurement-status-scheme"),
        (SDMX_ATTRIBUTE.unitMeasure, "unit/furlong", "povsh:Measurement-unit-scheme"),
        (POV.qualifier, "qualifier/roughly-ish", "povsh:Measurement-qualifier"),
        (POV.populationGroup, "group/aliens", "povsh:Measurement-populationGroup"),
        (POV.fundingSource, "funding-source/lottery", "povsh:Measurement-fundingSource"),
        (POV.deprivationDimension, "dimension/happiness", "povsh:Measurement-dimension"),
    ],
)
def test_code_list_membership(data: Graph, check, predicate, wrong, shape) -> None:
    replace(data, M, predicate, iri(wrong))
    report = check(data)
    assert shape in {v.shape for v in report.violations}, str(report)
    assert all(v.focus_node == show(M) for v in report.violations)


def test_optional_attributes_may_be_absent(data: Graph, check) -> None:
    for predicate in (
        POV.qualifier,
        POV.populationGroup,
        POV.fundingSource,
        POV.deprivationDimension,
        POV.project,
        POV.program,
        SDMX_DIMENSION.refPeriod,
    ):
        replace(data, M, predicate)
    assert check(data).conforms


def test_value_of_the_wrong_datatype(data: Graph, check) -> None:
    replace(data, M, POV.value, Literal("28484"))
    report = check(data)
    assert {(v.shape, v.component) for v in report.violations} == {
        ("povsh:Measurement-value", "DatatypeConstraintComponent"),
        # a string is not a number >= 0 either
        ("povsh:NonNegativeShape", "OrConstraintComponent"),
    }


def test_two_values(data: Graph, check) -> None:
    data.add((iri(M), POV.value, Literal("3", datatype=XSD.decimal)))
    only(check(data), shape="povsh:Measurement-value", component="MaxCountConstraintComponent")


@pytest.mark.parametrize(
    ("predicate", "shape"),
    [
        (SDMX_DIMENSION.refArea, "povsh:Measurement-refArea"),
        (POV.status, "povsh:Measurement-status"),
        (SDMX_ATTRIBUTE.unitMeasure, "povsh:Measurement-unit"),
        (QB.dataSet, "povsh:Measurement-dataSet"),
        (POV.extractionRule, "povsh:Measurement-rule"),
    ],
)
def test_required_component_missing(data: Graph, check, predicate, shape) -> None:
    replace(data, M, predicate)
    violation = only(check(data), focus_node=show(M), shape=shape)
    assert violation.component == "MinCountConstraintComponent"


def test_area_that_is_not_an_administrative_unit(data: Graph, check) -> None:
    replace(data, M, SDMX_DIMENSION.refArea, iri("program/sustainable-poverty-reduction-2021-2025"))
    only(check(data), shape="povsh:Measurement-refArea", component="ClassConstraintComponent")


def test_two_areas(data: Graph, check) -> None:
    data.add((iri(M), SDMX_DIMENSION.refArea, iri("province/bac-giang")))
    only(check(data), shape="povsh:Measurement-refArea", component="MaxCountConstraintComponent")


def test_range_upside_down(data: Graph, check) -> None:
    replace(data, M, POV.valueMax, Literal("2", datatype=XSD.decimal))
    only(check(data), focus_node=show(M), shape="povsh:Measurement-value-not-above-max")


def test_count_above_its_denominator(data: Graph, check) -> None:
    replace(data, M, POV.value, Literal("106", datatype=XSD.decimal))
    replace(data, M, POV.outOf, Literal("100", datatype=XSD.decimal))
    only(check(data), focus_node=show(M), shape="povsh:Measurement-value-not-above-outOf")
    replace(data, M, POV.outOf, Literal("108", datatype=XSD.decimal))
    assert check(data).conforms


def test_measurement_that_is_not_an_observation(data: Graph, check) -> None:
    data.remove((iri(M), RDF.type, QB.Observation))
    only(check(data), focus_node=show(M), shape="povsh:Measurement-type")


# --------------------------------------------------------------------------------------------
# Labels


def test_label_only_in_vietnamese(data: Graph, check) -> None:
    data.remove((iri(M), RDFS.label, None))
    data.add((iri(M), RDFS.label, Literal("Hộ nghèo — Bắc Ninh — 2021: 28484", lang="vi")))
    violation = only(check(data), focus_node=show(M), shape="povsh:labels")
    assert violation.component == "MinCountConstraintComponent"
    assert "English" in violation.message


def test_label_only_in_english(data: Graph, check) -> None:
    data.remove((iri("person/viet-anh"), RDFS.label, Literal("Việt Anh", lang="vi")))
    only(check(data), focus_node=show("person/viet-anh"), shape="povsh:labels")


def test_two_labels_in_vietnamese_and_none_in_english(data: Graph, check) -> None:
    data.remove((iri("person/viet-anh"), RDFS.label, Literal("Việt Anh", lang="en")))
    data.add((iri("person/viet-anh"), RDFS.label, Literal("Nguyễn Việt Anh", lang="vi")))
    violation = only(check(data), focus_node=show("person/viet-anh"), shape="povsh:labels")
    assert violation.component == "UniqueLangConstraintComponent"


def test_label_without_language_tag(data: Graph, check) -> None:
    data.add((iri("period/2021"), RDFS.label, Literal("2021")))
    violation = only(check(data), focus_node=show("period/2021"), shape="povsh:labels")
    assert violation.component == "LanguageInConstraintComponent"


def test_label_in_a_third_language(data: Graph, check) -> None:
    data.add((iri("period/2021"), RDFS.label, Literal("Année 2021", lang="fr")))
    violation = only(check(data), focus_node=show("period/2021"), shape="povsh:labels")
    assert violation.value == Literal("Année 2021", lang="fr").n3()


def test_concept_with_a_preferred_label_only_in_vietnamese(data: Graph, check) -> None:
    reference = _reference_with(Graph())
    reference.remove((iri("unit/household"), SKOS.prefLabel, Literal("household", lang="en")))
    report = validate(data, reference=reference)
    only(report, focus_node=show("unit/household"), path="skos:prefLabel")


def test_two_preferred_labels_in_one_language(data: Graph, check) -> None:
    data.add((iri("indicator/poor-households"), SKOS.prefLabel, Literal("Poor", lang="en")))
    report = validate(data, reference=_reference_with(data))
    violation = only(report, focus_node=show("indicator/poor-households"), path="skos:prefLabel")
    assert violation.component == "UniqueLangConstraintComponent"


def _reference_with(data: Graph) -> Graph:
    graph = load_reference(codelists=False)
    graph.parse(data=CODELISTS, format="turtle")
    for triple in data:
        graph.add(triple)
    return graph


# --------------------------------------------------------------------------------------------
# Documents


def test_sha256_that_does_not_match_the_text(data: Graph, check) -> None:
    wrong = hashlib.sha256(b"another text").hexdigest()
    replace(data, DOC, POV.sha256, Literal(wrong))
    violation = only(check(data), focus_node=show(DOC), component="SPARQLConstraintComponent")
    assert violation.path == "pov:sha256"


def test_sha256_that_is_not_a_digest(data: Graph, check) -> None:
    replace(data, DOC, POV.sha256, Literal("not-a-digest"))
    report = check(data)
    components = {v.component for v in report.violations if v.path == "pov:sha256"}
    assert components == {"PatternConstraintComponent", "SPARQLConstraintComponent"}


def test_article_without_text(data: Graph, check) -> None:
    replace(data, DOC, POV.text)
    report = check(data)
    assert {(v.focus_node, v.path) for v in report.violations} == {(show(DOC), "pov:text")}


def test_publication_date_of_the_wrong_datatype(data: Graph, check) -> None:
    replace(data, DOC, DCTERMS.issued, Literal("2025-12-04"))
    only(check(data), focus_node=show(DOC), path="dcterms:issued")


def test_article_subject_that_is_not_a_place(data: Graph, check) -> None:
    replace(data, DOC, DCTERMS.subject, iri("person/viet-anh"))
    only(check(data), focus_node=show(DOC), path="dcterms:subject")


def test_legal_document_issued_by_a_person(data: Graph, check) -> None:
    plan = "legal-document/5-kh-ubnd-bac-kan"
    replace(data, plan, POV.issuedBy, iri("person/viet-anh"))
    only(check(data), focus_node=show(plan), path="pov:issuedBy")


def test_plan_implementing_a_place(data: Graph, check) -> None:
    plan = "legal-document/5-kh-ubnd-bac-kan"
    replace(data, plan, POV.implements, iri("province/bac-kan"))
    only(check(data), focus_node=show(plan), path="pov:implements")


# --------------------------------------------------------------------------------------------
# Administrative units


def test_district_part_of_a_commune(data: Graph, check) -> None:
    district = "district/cao-bang/bao-lam"
    replace(data, district, POV.partOf, iri("commune/bac-kan/na-ri/tran-phu"))
    only(check(data), focus_node=show(district), shape="povsh:DistrictShape[pov:partOf]")


def test_province_not_part_of_the_country(data: Graph, check) -> None:
    data.add((iri("province/atlantis"), RDF.type, POV.Province))
    data.add((iri("province/atlantis"), RDFS.label, Literal("Atlantis", lang="vi")))
    data.add((iri("province/atlantis"), RDFS.label, Literal("Atlantis", lang="en")))
    only(check(data), focus_node=show("province/atlantis"), shape="povsh:ProvinceShape[pov:partOf]")


def test_validity_that_ends_before_it_starts(data: Graph, check) -> None:
    district = "district/cao-bang/bao-lam"
    data.add((iri(district), POV.validFrom, Literal("2020-01-01", datatype=XSD.date)))
    data.add((iri(district), POV.validTo, Literal("2019-12-31", datatype=XSD.date)))
    violation = only(check(data), focus_node=show(district), path="pov:validFrom")
    assert violation.component == "LessThanConstraintComponent"


def test_successor_without_the_inverse_predecessor_link(data: Graph, check) -> None:
    data.add((iri("province/bac-ninh"), POV.successor, iri("province/cao-bang")))
    report = check(data)
    assert {(v.focus_node, v.shape) for v in report.violations} >= {
        (show("province/bac-ninh"), "povsh:SuccessionShape[^pov:predecessor]")
    }


def test_successor_that_starts_before_its_predecessor_ends(data: Graph, check) -> None:
    # Move the end of old Bắc Giang past the start of the new Bắc Ninh.
    old = "province/bac-giang"
    reference = _reference_with(Graph())
    reference.remove((iri(old), POV.validTo, None))
    reference.add((iri(old), POV.validTo, Literal("2025-07-15", datatype=XSD.date)))
    report = validate(data, reference=reference)
    violation = only(report, focus_node=show("province/bac-ninh"))
    assert violation.path == "pov:predecessor/pov:validTo"
    assert violation.component == "LessThanConstraintComponent"
    assert violation.value == Literal("2025-07-15", datatype=XSD.date).n3()


def test_administrative_code_that_is_a_number(data: Graph, check) -> None:
    district = "district/cao-bang/bao-lam"
    data.add((iri(district), POV.administrativeCode, Literal(27)))
    violation = only(check(data), focus_node=show(district), path="pov:administrativeCode")
    assert violation.component == "DatatypeConstraintComponent"
    replace(data, district, POV.administrativeCode, Literal("6"))
    violation = only(check(data), focus_node=show(district), path="pov:administrativeCode")
    assert violation.component == "PatternConstraintComponent"


# --------------------------------------------------------------------------------------------
# Program, projects, periods


def test_period_that_ends_before_it_starts(data: Graph, check) -> None:
    replace(data, "period/2021", POV.endYear, Literal("2015", datatype=XSD.gYear))
    violation = only(check(data), focus_node=show("period/2021"), shape="povsh:YearOrderShape")
    assert violation.message == "pov:endYear is before pov:startYear"


def test_single_year_period_and_open_ended_standard_conform(data: Graph, check) -> None:
    # period/2021 starts and ends in 2021; poverty-standard/from-2027 has no end year.
    assert (iri("period/2021"), POV.endYear, Literal("2021", datatype=XSD.gYear)) in data
    assert check(data).conforms


def test_period_year_of_the_wrong_datatype(data: Graph, check) -> None:
    replace(data, "period/2021", POV.startYear, Literal(2021))
    only(
        check(data),
        focus_node=show("period/2021"),
        shape="povsh:startYear",
        component="DatatypeConstraintComponent",
    )


def test_period_without_an_end(data: Graph, check) -> None:
    replace(data, "period/2021", POV.endYear)
    only(check(data), focus_node=show("period/2021"), path="pov:endYear")


def test_program_without_legal_basis(data: Graph, check) -> None:
    program = "program/a-new-program"
    data.add((iri(program), RDF.type, POV.Program))
    data.add((iri(program), RDFS.label, Literal("Chương trình mới", lang="vi")))
    data.add((iri(program), RDFS.label, Literal("A new program", lang="en")))
    data.add((iri(program), POV.startYear, Literal("2026", datatype=XSD.gYear)))
    data.add((iri(program), POV.endYear, Literal("2030", datatype=XSD.gYear)))
    only(check(data), focus_node=show(program), path="pov:legalBasis")


def test_project_outside_any_program(data: Graph, check) -> None:
    project = "project/orphan"
    data.add((iri(project), RDF.type, POV.Project))
    data.add((iri(project), POV.projectNumber, Literal(8)))
    data.add((iri(project), RDFS.label, Literal("Dự án mồ côi", lang="vi")))
    data.add((iri(project), RDFS.label, Literal("Orphan project", lang="en")))
    violation = only(check(data), focus_node=show(project), shape="povsh:ProjectShape")
    assert violation.component == "XoneConstraintComponent"


# --------------------------------------------------------------------------------------------
# Code-list concepts


def test_concept_without_a_scheme(data: Graph, check) -> None:
    concept = "indicator/loose"
    data.add((iri(concept), RDF.type, POV.Indicator))
    data.add((iri(concept), SKOS.prefLabel, Literal("Lỏng", lang="vi")))
    data.add((iri(concept), SKOS.prefLabel, Literal("Loose", lang="en")))
    data.add((iri(concept), SKOS.definition, Literal("Not in a scheme.", lang="en")))
    report = check(data)
    assert {(v.shape, v.path) for v in report.violations} == {
        ("povsh:ConceptShape[skos:inScheme]", "skos:inScheme"),
        ("povsh:IndicatorShape[skos:inScheme]", "skos:inScheme"),
    }


def test_concept_without_an_english_definition(data: Graph, check) -> None:
    reference = _reference_with(Graph())
    reference.remove((iri("unit/household"), SKOS.definition, None))
    report = validate(data, reference=reference)
    only(report, focus_node=show("unit/household"), path="skos:definition")


def test_deprivation_indicator_without_its_dimension(data: Graph, check) -> None:
    reference = _reference_with(Graph())
    reference.remove((iri("deprivation-indicator/floor-area"), SKOS.broader, None))
    report = validate(data, reference=reference)
    only(report, focus_node=show("deprivation-indicator/floor-area"), path="skos:broader")


def test_unit_outside_the_units_scheme(data: Graph, check) -> None:
    reference = _reference_with(Graph())
    reference.remove((iri("unit/household"), SKOS.inScheme, None))
    reference.add((iri("unit/household"), SKOS.inScheme, iri("scheme/statuses")))
    report = validate(data, reference=reference)
    shapes = {v.shape for v in report.violations}
    assert "povsh:UnitShape[skos:inScheme]" in shapes
    assert "povsh:Measurement-unit-scheme" in shapes


# --------------------------------------------------------------------------------------------
# Entities and the data set


def test_role_whose_member_is_an_organisation(data: Graph, check) -> None:
    role = "role/viet-anh/ubnd-tinh-bac-ninh"
    replace(data, role, URIRef("http://www.w3.org/ns/org#member"), iri("organisation/quoc-hoi"))
    only(check(data), focus_node=show(role), path="org:member")


def test_role_without_organisation(data: Graph, check) -> None:
    role = "role/viet-anh/ubnd-tinh-bac-ninh"
    replace(data, role, URIRef("http://www.w3.org/ns/org#organization"))
    only(check(data), focus_node=show(role), path="org:organization")


def test_livelihood_model_whose_area_is_a_literal(data: Graph, check) -> None:
    model = "livelihood-model/lien-ket-chan-nuoi-lon-nai"
    replace(data, model, POV.area, Literal("Trần Phú"))
    only(check(data), focus_node=show(model), path="pov:area")


def test_campaign_without_labels(data: Graph, check) -> None:
    campaign = "campaign/chung-tay-vi-nguoi-ngheo"
    replace(data, campaign, RDFS.label)
    only(check(data), focus_node=show(campaign), shape="povsh:labels")


def test_data_set_without_structure(data: Graph, check) -> None:
    dataset = "dataset/other"
    data.add((iri(dataset), RDF.type, QB.DataSet))
    data.add((iri(dataset), RDFS.label, Literal("Khác", lang="vi")))
    data.add((iri(dataset), RDFS.label, Literal("Other", lang="en")))
    only(check(data), focus_node=show(dataset), path="qb:structure")


# --------------------------------------------------------------------------------------------
# The report and the base IRI


def test_report_reads_as_focus_path_message(data: Graph, check) -> None:
    drop_evidence(data)
    replace(data, M, POV.value, Literal("-1", datatype=XSD.decimal))
    report = check(data)
    text = str(report)
    assert text.startswith("The graph does not conform to the povkg shapes: 2 result(s).")
    assert f"Violation: {show(M)}" in text
    assert "  path:    pov:evidence" in text
    assert "  message: a measurement has exactly one evidence annotation" in text
    assert "  shape:   povsh:NonNegativeShape (OrConstraintComponent)" in text
    assert len(report.results) > 0


def test_data_under_another_base_validates_with_shapes_of_that_base(data: Graph) -> None:
    other = Minter("http://example.org/povkg/")
    moved = rebase_graph(data, other)
    reference = load_reference(other, codelists=False)
    reference += rebase_graph(Graph().parse(data=CODELISTS, format="turtle"), other)
    assert validate(moved, reference=reference, minter=other).conforms
    # Shapes of the default base do not recognise the moved scheme IRIs.
    from graph.reference import load_shapes

    report = validate(moved, reference=reference, minter=other, shapes=load_shapes())
    assert "povsh:Measurement-indicator-scheme" in {v.shape for v in report.violations}


# --------------------------------------------------------------------------------------------
# Every other constraint, table-driven: (what is broken, triples removed, Turtle added, the exact
# set of (focus node, shape) reported). Removals are (subject path, predicate) pairs; the whole
# graph (data and reference) is validated as one, so any node may be broken.

TARGET = f"{M}/evidence/target"
QUOTE_SELECTOR = f"{M}/evidence/quote"
POSITION = f"{M}/evidence/position"
PLAN = "legal-document/5-kh-ubnd-bac-kan"
DISTRICT = "district/cao-bang/bao-lam"
PROGRAM = "program/sustainable-poverty-reduction-2021-2025"
STANDARD = "poverty-standard/2022-2025"

CASES = [
    # measurements
    (
        "period that is a place",
        [(M, SDMX_DIMENSION.refPeriod)],
        f"<{M}> sdmx-dimension:refPeriod <province/bac-ninh> .",
        {(M, "povsh:Measurement-refPeriod")},
    ),
    (
        "project that is a dimension",
        [(M, POV.project)],
        f"<{M}> pov:project <dimension/housing> .",
        {(M, "povsh:Measurement-project")},
    ),
    (
        "program that is a project",
        [(M, POV.program)],
        f"<{M}> pov:program <project/housing> .",
        {(M, "povsh:Measurement-program")},
    ),
    (
        "data set that is a structure",
        [(M, QB.dataSet)],
        f"<{M}> qb:dataSet <dsd/measurements> .",
        {(M, "povsh:Measurement-dataSet")},
    ),
    (
        "source that is a place",
        [(M, PROV.wasDerivedFrom)],
        f"<{M}> prov:wasDerivedFrom <province/bac-ninh> .",
        {
            (M, "povsh:Measurement-source"),
            (TARGET, "povsh:EvidenceTargetShape[^oa:hasTarget/oa:hasBody/prov:wasDerivedFrom]"),
        },
    ),
    (
        "upper bound that is an integer",
        [],
        f'<{M}> pov:valueMax "30000"^^xsd:integer .',
        {(M, "povsh:Measurement-valueMax")},
    ),
    (
        "denominator of zero",
        [(M, POV.value)],
        f'<{M}> pov:value "0"^^xsd:decimal ; pov:outOf "0"^^xsd:decimal .',
        {(M, "povsh:Measurement-outOf")},
    ),
    (
        "empty rule name",
        [(M, POV.extractionRule)],
        f'<{M}> pov:extractionRule "" .',
        {(M, "povsh:Measurement-rule")},
    ),
    # evidence
    (
        "annotation not describing",
        [(f"{M}/evidence", OA.motivatedBy)],
        f"<{M}/evidence> oa:motivatedBy oa:commenting .",
        {(f"{M}/evidence", "povsh:EvidenceShape[oa:motivatedBy]")},
    ),
    (
        "target that is not a specific resource",
        [],
        None,
        {(f"{M}/evidence", "povsh:EvidenceShape[oa:hasTarget]")},
    ),
    (
        "target without source",
        [(TARGET, OA.hasSource)],
        "",
        {
            (TARGET, "povsh:EvidenceTargetShape[oa:hasSource]"),
            (TARGET, "povsh:EvidenceTargetShape[^oa:hasTarget/oa:hasBody/prov:wasDerivedFrom]"),
        },
    ),
    (
        "two quote prefixes",
        [],
        f'<{QUOTE_SELECTOR}> oa:prefix "có " .',
        {(QUOTE_SELECTOR, "povsh:TextQuoteSelectorShape[oa:prefix]")},
    ),
    (
        "offset that is a decimal",
        [(POSITION, OA.end)],
        f'<{POSITION}> oa:end "{END}.0"^^xsd:decimal .',
        {(POSITION, "povsh:TextPositionSelectorShape[oa:end]")},
    ),
    (
        "offset that is a word",
        [(POSITION, OA.start)],
        f'<{POSITION}> oa:start "seventy" .',
        {(POSITION, "povsh:TextPositionSelectorShape[oa:start]")},
    ),
    # documents
    (
        "article without file name",
        [(DOC, DCTERMS.identifier)],
        "",
        {(DOC, "povsh:ArticleShape[dcterms:identifier]")},
    ),
    (
        "language that is not a tag",
        [(DOC, DCTERMS.language)],
        f'<{DOC}> dcterms:language "Vietnamese" .',
        {(DOC, "povsh:ArticleShape[dcterms:language]")},
    ),
    (
        "creator that is a name",
        [(DOC, DCTERMS.creator)],
        f'<{DOC}> dcterms:creator "Việt Anh" .',
        {(DOC, "povsh:ArticleShape[dcterms:creator]")},
    ),
    (
        "publisher that is an IRI",
        [],
        f"<{DOC}> dcterms:publisher <organisation/quoc-hoi> .",
        {(DOC, "povsh:ArticleShape[dcterms:publisher]")},
    ),
    (
        "title without language",
        [(DOC, DCTERMS.title)],
        f'<{DOC}> dcterms:title "Bắc Ninh giảm nghèo" .',
        {(DOC, "povsh:ArticleShape[dcterms:title]")},
    ),
    (
        "mention that is a literal",
        [],
        f'<{DOC}> schema:mentions "UBND tỉnh" .',
        {(DOC, "povsh:ArticleShape[schema:mentions]")},
    ),
    (
        "legal document with two numbers",
        [],
        f'<{PLAN}> dcterms:identifier "6/KH-UBND" .',
        {(PLAN, "povsh:LegalDocumentShape[dcterms:identifier]")},
    ),
    (
        "legal document in force from a string",
        [],
        f'<{PLAN}> pov:validFrom "2023-01-01" .',
        {(PLAN, "povsh:LegalDocumentShape[pov:validFrom]")},
    ),
    (
        "legal document issued on a string",
        [],
        f'<{PLAN}> dcterms:issued "2023-01-01" .',
        {(PLAN, "povsh:LegalDocumentShape[dcterms:issued]")},
    ),
    (
        "amending an organisation",
        [],
        f"<{PLAN}> pov:amends <organisation/quoc-hoi> .",
        {(PLAN, "povsh:LegalDocumentShape[pov:amends]")},
    ),
    (
        "legal document applying to a person",
        [],
        f"<{PLAN}> pov:area <person/viet-anh> .",
        {(PLAN, "povsh:LegalDocumentShape[pov:area]")},
    ),
    # administrative units
    (
        "end of validity that is a string",
        [],
        f'<{DISTRICT}> pov:validTo "2025-06-30" .',
        {(DISTRICT, "povsh:AdministrativeUnitShape[pov:validTo]")},
    ),
    (
        "district in two provinces",
        [],
        f"<{DISTRICT}> pov:partOf <province/bac-kan> .",
        {(DISTRICT, "povsh:AdministrativeUnitShape[pov:partOf]")},
    ),
    (
        "successor that is an organisation",
        [],
        f"<{DISTRICT}> pov:successor <organisation/quoc-hoi> . "
        f"<organisation/quoc-hoi> pov:predecessor <{DISTRICT}> .",
        {(DISTRICT, "povsh:AdministrativeUnitShape[pov:successor]")},
    ),
    (
        "alternative name without language",
        [],
        f'<{DISTRICT}> skos:altLabel "Bao Lam" .',
        {(DISTRICT, "povsh:AdministrativeUnitShape[skos:altLabel]")},
    ),
    (
        "country inside a province",
        [],
        "<country/vn> pov:partOf <province/cao-bang> .",
        {("country/vn", "povsh:CountryShape[pov:partOf]")},
    ),
    (
        "commune count that is a string",
        [],
        '<province/cao-bang> pov:communeLevelUnitCount "99" .',
        {("province/cao-bang", "povsh:ProvinceShape[pov:communeLevelUnitCount]")},
    ),
    (
        "commune directly in the country",
        [("commune/bac-kan/na-ri/tran-phu", POV.partOf)],
        "<commune/bac-kan/na-ri/tran-phu> pov:partOf <country/vn> .",
        {("commune/bac-kan/na-ri/tran-phu", "povsh:CommuneLevelShape[pov:partOf]")},
    ),
    # program, projects, standards
    (
        "program with an organisation as project",
        [],
        f"<{PROGRAM}> pov:hasProject <organisation/quoc-hoi> .",
        {(PROGRAM, "povsh:ProgramShape[pov:hasProject]")},
    ),
    (
        "target without language",
        [],
        f'<{PROGRAM}> pov:targetStatement "Giảm nghèo" .',
        {(PROGRAM, "povsh:ProgramShape[pov:targetStatement]")},
    ),
    (
        "negative funding",
        [(PROGRAM, POV.centralBudgetFunding)],
        f'<{PROGRAM}> pov:centralBudgetFunding "-1"^^xsd:decimal .',
        {
            (
                PROGRAM,
                "povsh:ProgramShape[(pov:minimumTotalFunding|pov:centralBudgetFunding|pov:minimumLocalBudgetFunding)]",
            )
        },
    ),
    (
        "program without start",
        [(PROGRAM, POV.startYear)],
        "",
        {(PROGRAM, "povsh:ProgramShape[pov:startYear]")},
    ),
    (
        "project number zero",
        [("project/housing", POV.projectNumber)],
        "<project/housing> pov:projectNumber 0 .",
        {("project/housing", "povsh:ProjectShape[pov:projectNumber]")},
    ),
    (
        "project concerning an indicator",
        [],
        "<project/housing> pov:deprivationDimension <deprivation-indicator/floor-area> .",
        {("project/housing", "povsh:ProjectShape[pov:deprivationDimension]")},
    ),
    (
        "sub-project of two projects",
        [],
        "<project/production-nutrition/nutrition> pov:subProjectOf <project/housing> .",
        {
            ("project/production-nutrition/nutrition", "povsh:SubProjectShape[pov:subProjectOf]"),
            ("project/production-nutrition/nutrition", "povsh:ProjectShape"),
        },
    ),
    (
        "threshold above twelve",
        [(STANDARD, POV.poorDeprivationThreshold)],
        f"<{STANDARD}> pov:poorDeprivationThreshold 13 .",
        {(STANDARD, "povsh:PovertyStandardShape[pov:poorDeprivationThreshold]")},
    ),
    (
        "negative income line",
        [(STANDARD, POV.ruralIncomeLine)],
        f'<{STANDARD}> pov:ruralIncomeLine "-1500000"^^xsd:decimal .',
        {(STANDARD, "povsh:PovertyStandardShape[pov:ruralIncomeLine]")},
    ),
    (
        "standard without legal basis",
        [(STANDARD, POV.legalBasis)],
        "",
        {(STANDARD, "povsh:PovertyStandardShape[pov:legalBasis]")},
    ),
    # concepts
    (
        "concept alternative label without language",
        [],
        '<dimension/education> skos:altLabel "giao duc" .',
        {("dimension/education", "povsh:ConceptShape[skos:altLabel]")},
    ),
    (
        "concept with two English labels",
        [],
        '<dimension/education> rdfs:label "Schooling"@en .',
        {("dimension/education", "povsh:ConceptShape[rdfs:label]")},
    ),
    (
        "default unit that is a status",
        [],
        "<indicator/disbursement-rate> pov:defaultUnit <status/actual> .",
        {("indicator/disbursement-rate", "povsh:IndicatorShape[pov:defaultUnit]")},
    ),
    (
        "indicator concerning a unit as dimension",
        [],
        "<indicator/disbursement-rate> pov:deprivationDimension <unit/percent> .",
        {("indicator/disbursement-rate", "povsh:IndicatorShape[pov:deprivationDimension]")},
    ),
    (
        "indicator concerning a dimension as deprivation indicator",
        [],
        "<indicator/disbursement-rate> pov:deprivationIndicator <dimension/housing> .",
        {("indicator/disbursement-rate", "povsh:IndicatorShape[pov:deprivationIndicator]")},
    ),
    (
        "indicator concerning a dimension as project",
        [],
        "<indicator/disbursement-rate> pov:project <dimension/housing> .",
        {("indicator/disbursement-rate", "povsh:IndicatorShape[pov:project]")},
    ),
    (
        "status in the units scheme",
        [("status/actual", SKOS.inScheme)],
        "<status/actual> skos:inScheme <scheme/units> .",
        {
            ("status/actual", "povsh:StatusShape[skos:inScheme]"),
            (M, "povsh:Measurement-status-scheme"),
        },
    ),
    (
        "qualifier in the units scheme",
        [("qualifier/more-than", SKOS.inScheme)],
        "<qualifier/more-than> skos:inScheme <scheme/units> .",
        {
            ("qualifier/more-than", "povsh:QualifierShape[skos:inScheme]"),
            (M, "povsh:Measurement-qualifier"),
        },
    ),
    (
        "population group in the units scheme",
        [("group/ethnic-minority-households", SKOS.inScheme)],
        "<group/ethnic-minority-households> skos:inScheme <scheme/units> .",
        {
            ("group/ethnic-minority-households", "povsh:PopulationGroupShape[skos:inScheme]"),
            (M, "povsh:Measurement-populationGroup"),
        },
    ),
    (
        "funding source in the units scheme",
        [("funding-source/central-budget", SKOS.inScheme)],
        "<funding-source/central-budget> skos:inScheme <scheme/units> .",
        {
            ("funding-source/central-budget", "povsh:FundingSourceShape[skos:inScheme]"),
            (M, "povsh:Measurement-fundingSource"),
        },
    ),
    (
        "dimension in the units scheme",
        [("dimension/education", SKOS.inScheme)],
        "<dimension/education> skos:inScheme <scheme/units> .",
        {("dimension/education", "povsh:DeprivationDimensionShape[skos:inScheme]")},
    ),
    (
        "deprivation indicator in the dimensions scheme",
        [("deprivation-indicator/floor-area", SKOS.inScheme)],
        "<deprivation-indicator/floor-area> skos:inScheme <scheme/dimensions> .",
        {("deprivation-indicator/floor-area", "povsh:DeprivationIndicatorShape[skos:inScheme]")},
    ),
    (
        "scheme without English label",
        [("scheme/qualifiers", RDFS.label)],
        '<scheme/qualifiers> rdfs:label "Từ hạn định"@vi .',
        {("scheme/qualifiers", "povsh:ConceptSchemeShape[(rdfs:label|skos:prefLabel)]")},
    ),
    # entities
    (
        "organisation whose area is a person",
        [],
        "<organisation/quoc-hoi> pov:area <person/viet-anh> .",
        {("organisation/quoc-hoi", "povsh:OrganisationShape[pov:area]")},
    ),
    (
        "organisation inside a place",
        [],
        "<organisation/quoc-hoi> org:subOrganizationOf <country/vn> .",
        {("organisation/quoc-hoi", "povsh:OrganisationShape[org:subOrganizationOf]")},
    ),
    (
        "campaign whose area is a literal",
        [],
        '<campaign/chung-tay-vi-nguoi-ngheo> pov:area "Bắc Kạn" .',
        {("campaign/chung-tay-vi-nguoi-ngheo", "povsh:CampaignShape[pov:area]")},
    ),
    (
        "livelihood model under a place as project",
        [],
        "<livelihood-model/lien-ket-chan-nuoi-lon-nai> pov:project <province/bac-kan> .",
        {
            (
                "livelihood-model/lien-ket-chan-nuoi-lon-nai",
                "povsh:LivelihoodModelShape[pov:project]",
            )
        },
    ),
    (
        "person without an IRI",
        [],
        '[] a pov:Person ; rdfs:label "Ẩn danh"@vi, "Anonymous"@en .',
        {(None, "povsh:PersonShape")},
    ),
    # data cube structure
    (
        "structure without components",
        [],
        "<dsd/other> a qb:DataStructureDefinition .",
        {("dsd/other", "povsh:DataStructureDefinitionShape[qb:component]")},
    ),
    (
        "component that is a dimension and a measure",
        [],
        "<dsd/measurements/value> qb:dimension pov:indicator .",
        {("dsd/measurements/value", "povsh:ComponentSpecificationShape")},
    ),
]


@pytest.mark.parametrize(
    ("removals", "addition", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_constraint(data: Graph, reference: Graph, removals, addition, expected) -> None:
    whole = Graph()
    for graph in (data, reference):
        for triple in graph:
            whole.add(triple)
    for subject, predicate in removals:
        assert (iri(subject), predicate, None) in whole, (subject, predicate)
        whole.remove((iri(subject), predicate, None))
    if addition is None:  # the one case that removes a type
        whole.remove((iri(TARGET), RDF.type, OA.SpecificResource))
    elif addition:
        whole.parse(data=PREFIXES + addition, format="turtle")
    report = validate(whole, reference=Graph())
    found = {
        (None if v.focus_node.startswith("_:") else v.focus_node, v.shape)
        for v in report.violations
    }
    assert found == {(None if f is None else show(f), s) for f, s in expected}, str(report)
