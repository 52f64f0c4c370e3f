"""The ontology, the reference data and the JSON-LD context: complete, consistent and correct.

Checks the contract of docs/architecture.md (every listed term exists, with labels in both
languages and a comment), the alignment with standard vocabularies, the 2025 merger history as
DOMAIN.md states it (and nothing it does not confirm), and rebasing to another base IRI.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, Namespace

from graph.config import DEFAULT_BASE_IRI, VOCAB_IRI
from graph.iris import Minter, slugify
from graph.namespaces import OA, POV, PREFIXES, PROV, QB, SDMX_ATTRIBUTE, SDMX_DIMENSION, WD
from graph.reference import (
    ReferenceDataError,
    codelist_files,
    context_file,
    load_context,
    load_ontology,
    load_reference,
    load_shapes,
    ontology_dir,
    ontology_files,
    read_turtle,
    reference_files,
    shapes_file,
)
from graph.validate import validate

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SDO = Namespace("https://schema.org/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
ID = Minter()

CONTRACT_CLASSES = [
    "AdministrativeUnit",
    "Country",
    "Province",
    "District",
    "Commune",
    "Town",
    "Program",
    "Project",
    "SubProject",
    "DeprivationDimension",
    "DeprivationIndicator",
    "Indicator",
    "Unit",
    "Status",
    "Qualifier",
    "PopulationGroup",
    "FundingSource",
    "Period",
    "Measurement",
    "SourceDocument",
    "Article",
    "LegalDocument",
    "Law",
    "Resolution",
    "Decree",
    "Decision",
    "Plan",
    "Organisation",
    "Person",
    "Role",
    "Campaign",
    "LivelihoodModel",
]
CONTRACT_PROPERTIES = [
    "indicator",
    "status",
    "value",
    "valueMax",
    "qualifier",
    "outOf",
    "populationGroup",
    "fundingSource",
    "deprivationDimension",
    "project",
    "program",
    "extractionRule",
    "evidence",
    "partOf",
    "validFrom",
    "validTo",
    "successor",
    "predecessor",
    "administrativeCode",
    "hasProject",
    "subProjectOf",
    "projectNumber",
    "legalBasis",
    "defaultUnit",
    "startYear",
    "endYear",
    "text",
    "sha256",
    "issuedBy",
    "implements",
    "area",
    "deprivationIndicator",
]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def reference() -> Graph:
    return load_reference(codelists=False)


def date(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


def pov_terms(graph: Graph) -> set[URIRef]:
    types = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {s for t in types for s in graph.subjects(RDF.type, t) if str(s).startswith(VOCAB_IRI)}


# --------------------------------------------------------------------------------------------
# Files


ALL_TURTLE = [*ontology_files(), *codelist_files(), *reference_files(), shapes_file()]


@pytest.mark.parametrize("source", ALL_TURTLE, ids=lambda source: source.name)
def test_every_turtle_file_parses_and_is_nfc(source) -> None:
    text = source.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert len(read_turtle(source)) > 0


def test_the_expected_files_exist() -> None:
    names = {source.name for source in reference_files()}
    assert names >= {
        "places.ttl",
        "program.ttl",
        "dimensions.ttl",
        "legal-documents.ttl",
        "organisations.ttl",
    }
    assert (ontology_dir() / "povkg.ttl").is_file()
    assert context_file().is_file()


def test_bad_turtle_is_reported_with_its_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix pov: <https://w3id.org/povkg/ontology#> .\n<a> pov:b ", "utf-8")
    with pytest.raises(ReferenceDataError, match=r"broken\.ttl: invalid Turtle"):
        read_turtle(broken)
    missing = tmp_path / "missing.ttl"
    with pytest.raises(ReferenceDataError, match=r"missing\.ttl: cannot read"):
        read_turtle(missing)


def test_no_blank_nodes_outside_the_shapes(ontology: Graph, reference: Graph) -> None:
    for graph in (ontology, load_reference()):
        assert not [t for t in graph if any(isinstance(n, BNode) for n in t)]


# --------------------------------------------------------------------------------------------
# The ontology


def test_ontology_header(ontology: Graph) -> None:
    header = URIRef("https://w3id.org/povkg/ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    for predicate in (DCTERMS.title, DCTERMS.license, DCTERMS.creator, OWL.versionInfo):
        assert ontology.value(header, predicate) is not None, predicate
    titles = {t.language for t in ontology.objects(header, DCTERMS.title)}
    assert titles == {"vi", "en"}


def test_the_contract_terms_are_defined(ontology: Graph) -> None:
    for name in CONTRACT_CLASSES:
        assert (POV[name], RDF.type, OWL.Class) in ontology, name
    for name in CONTRACT_PROPERTIES:
        kinds = set(ontology.objects(POV[name], RDF.type))
        assert kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}, name


def test_every_term_has_labels_in_both_languages_and_a_comment(ontology: Graph) -> None:
    terms = pov_terms(ontology)
    assert len(terms) >= len(CONTRACT_CLASSES) + len(CONTRACT_PROPERTIES)
    for term in terms:
        languages = sorted(label.language for label in ontology.objects(term, RDFS.label))
        assert languages == ["en", "vi"], term
        comments = list(ontology.objects(term, RDFS.comment))
        assert comments and all(str(c).strip() for c in comments), term


def test_every_pov_term_used_anywhere_is_defined(ontology: Graph) -> None:
    defined = pov_terms(ontology)
    used: set[URIRef] = set()
    for graph in (load_reference(), load_shapes(), ontology):
        for triple in graph:
            used |= {n for n in triple if isinstance(n, URIRef) and str(n).startswith(VOCAB_IRI)}
    assert used - defined == set()


@pytest.mark.parametrize(
    ("term", "relation", "standard"),
    [
        (POV.Measurement, RDFS.subClassOf, QB.Observation),
        (POV.Measurement, RDFS.subClassOf, PROV.Entity),
        (POV.DeprivationIndicator, RDFS.subClassOf, SKOS.Concept),
        (POV.Indicator, RDFS.subClassOf, SKOS.Concept),
        (POV.Unit, RDFS.subClassOf, SKOS.Concept),
        (POV.Period, RDFS.subClassOf, TIME.Interval),
        (POV.Article, RDFS.subClassOf, SDO.NewsArticle),
        (POV.Organisation, RDFS.subClassOf, ORG.Organization),
        (POV.Person, RDFS.subClassOf, FOAF.Person),
        (POV.Role, RDFS.subClassOf, ORG.Membership),
        (POV.Plan, RDFS.subClassOf, PROV.Plan),
        (POV.Country, RDFS.subClassOf, SDO.Country),
        (POV.partOf, RDFS.subPropertyOf, SDO.containedInPlace),
        (POV.predecessor, RDFS.subPropertyOf, DCTERMS.replaces),
        (POV.issuedBy, RDFS.subPropertyOf, DCTERMS.creator),
        (
            POV.value,
            RDFS.subPropertyOf,
            URIRef("http://purl.org/linked-data/sdmx/2009/measure#obsValue"),
        ),
        (POV.successor, OWL.inverseOf, POV.predecessor),
    ],
)
def test_alignment_with_standard_vocabularies(ontology: Graph, term, relation, standard) -> None:
    assert (term, relation, standard) in ontology


def test_data_cube_roles_of_the_measurement_properties(ontology: Graph) -> None:
    assert (POV.indicator, RDF.type, QB.DimensionProperty) in ontology
    assert (POV.status, RDF.type, QB.DimensionProperty) in ontology
    assert (POV.value, RDF.type, QB.MeasureProperty) in ontology
    for name in ("valueMax", "qualifier", "outOf", "populationGroup", "fundingSource"):
        assert (POV[name], RDF.type, QB.AttributeProperty) in ontology, name
    assert ontology.value(POV.indicator, QB.codeList) == ID("scheme/indicators")


def test_data_structure_definition(ontology: Graph) -> None:
    dsd = ID("dsd/measurements")
    dataset = ID("dataset/measurements")
    assert (dataset, QB.structure, dsd) in ontology
    assert (dataset, RDF.type, QB.DataSet) in ontology
    specs = list(ontology.objects(dsd, QB.component))
    assert all(isinstance(spec, URIRef) and str(spec).startswith(str(dsd) + "/") for spec in specs)
    dimensions = {ontology.value(spec, QB.dimension) for spec in specs} - {None}
    measures = {ontology.value(spec, QB.measure) for spec in specs} - {None}
    attributes = {ontology.value(spec, QB.attribute) for spec in specs} - {None}
    assert dimensions == {
        SDMX_DIMENSION.refArea,
        SDMX_DIMENSION.refPeriod,
        POV.indicator,
        POV.status,
    }
    assert measures == {POV.value}
    assert attributes == {
        SDMX_ATTRIBUTE.unitMeasure,
        POV.qualifier,
        POV.valueMax,
        POV.outOf,
        POV.populationGroup,
        POV.fundingSource,
    }


# --------------------------------------------------------------------------------------------
# Reference data conforms to the shapes


def test_reference_data_conforms_to_the_shapes(reference: Graph) -> None:
    report = validate(Graph(), reference=reference)
    assert report.conforms, str(report)


def test_reference_data_with_the_code_lists_conforms_to_the_shapes() -> None:
    report = validate(Graph())
    assert report.conforms, str(report)


# --------------------------------------------------------------------------------------------
# Places and the 2025 merger (DOMAIN.md section 3)


def test_viet_nam_is_wikidata_q881(reference: Graph) -> None:
    assert (ID("country/vn"), OWL.sameAs, WD.Q881) in reference
    assert (ID("country/vn"), RDF.type, POV.Country) in reference


def test_no_unconfirmed_wikidata_links(reference: Graph) -> None:
    assert list(reference.subject_objects(OWL.sameAs)) == [(ID("country/vn"), WD.Q881)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("province/bac-ninh-pre-2025", "province/bac-ninh"),
        ("province/bac-giang", "province/bac-ninh"),
        ("province/bac-kan", "province/thai-nguyen"),
        ("province/thai-nguyen-pre-2025", "province/thai-nguyen"),
    ],
)
def test_merger_history(reference: Graph, old: str, new: str) -> None:
    assert reference.value(ID(old), POV.validTo) == date("2025-06-30")
    assert reference.value(ID(old), POV.validFrom) is None  # not confirmed
    assert reference.value(ID(new), POV.validFrom) == date("2025-07-01")
    assert reference.value(ID(new), POV.validTo) is None
    assert list(reference.objects(ID(old), POV.successor)) == [ID(new)]
    assert (ID(new), POV.predecessor, ID(old)) in reference
    for unit in (old, new):
        assert (ID(unit), POV.partOf, ID("country/vn")) in reference


def test_each_merged_province_has_exactly_its_two_predecessors(reference: Graph) -> None:
    def predecessors(path: str) -> set[URIRef]:
        return set(reference.objects(ID(path), POV.predecessor))

    bac_ninh = predecessors("province/bac-ninh")
    assert bac_ninh == {ID("province/bac-ninh-pre-2025"), ID("province/bac-giang")}
    thai_nguyen = predecessors("province/thai-nguyen")
    assert thai_nguyen == {ID("province/bac-kan"), ID("province/thai-nguyen-pre-2025")}


def test_cao_bang_is_unchanged(reference: Graph) -> None:
    cao_bang = ID("province/cao-bang")
    for predicate in (POV.validFrom, POV.validTo, POV.successor, POV.predecessor):
        assert reference.value(cao_bang, predicate) is None, predicate
    assert reference.value(cao_bang, POV.administrativeCode) == Literal("04")


def test_only_confirmed_administrative_codes(reference: Graph) -> None:
    codes = {
        str(reference.value(s, POV.administrativeCode)): s
        for s in reference.subjects(POV.administrativeCode, None)
    }
    assert codes == {
        "27": ID("province/bac-ninh-pre-2025"),
        "24": ID("province/bac-giang"),
        "06": ID("province/bac-kan"),
        "19": ID("province/thai-nguyen-pre-2025"),
        "04": ID("province/cao-bang"),
    }


def test_all_63_pre_2025_provinces_and_the_two_merged_ones(reference: Graph) -> None:
    provinces = set(reference.subjects(RDF.type, POV.Province))
    new = {p for p in provinces if reference.value(p, POV.validFrom) is not None}
    assert new == {ID("province/bac-ninh"), ID("province/thai-nguyen")}
    assert len(provinces - new) == 63
    for province in provinces:
        assert reference.value(province, POV.partOf) == ID("country/vn")


def test_other_provinces_carry_names_only(reference: Graph) -> None:
    merger = {
        "bac-ninh",
        "bac-ninh-pre-2025",
        "bac-giang",
        "bac-kan",
        "thai-nguyen",
        "thai-nguyen-pre-2025",
        "cao-bang",
    }
    for province in reference.subjects(RDF.type, POV.Province):
        slug = str(province).rsplit("/", 1)[1]
        if slug in merger:
            continue
        predicates = set(reference.predicates(province, None))
        assert predicates <= {
            RDF.type,
            RDFS.label,
            SKOS.prefLabel,
            SKOS.altLabel,
            RDFS.comment,
            POV.partOf,
        }
        vi = next(
            str(label)
            for label in reference.objects(province, SKOS.prefLabel)
            if label.language == "vi"
        )
        assert slugify(vi) == slug


def test_labels_articles_use_resolve_to_the_right_unit(reference: Graph) -> None:
    def units_named(name: str) -> set[URIRef]:
        label = Literal(name, lang="vi")
        return set(reference.subjects(SKOS.prefLabel, label)) | set(
            reference.subjects(SKOS.altLabel, label)
        )

    assert units_named("Bắc Ninh (cũ)") == {ID("province/bac-ninh-pre-2025")}
    assert units_named("Bắc Ninh") == {ID("province/bac-ninh"), ID("province/bac-ninh-pre-2025")}
    assert units_named("tỉnh Bắc Kạn") == {ID("province/bac-kan")}
    assert units_named("Bắc Cạn") == {ID("province/bac-kan")}
    assert units_named("thị trấn Đồng Tâm") == {ID("commune/bac-kan/cho-moi/dong-tam")}
    assert units_named("xã Trần Phú") == {ID("commune/bac-kan/na-ri/tran-phu")}
    assert units_named("huyện Na Rì") == {ID("district/bac-kan/na-ri")}
    assert units_named("Thanh Hoá") == {ID("province/thanh-hoa")}


def test_places_have_both_label_kinds_in_both_languages(reference: Graph) -> None:
    places = {
        s
        for cls in (POV.Country, POV.Province, POV.District, POV.Commune, POV.Town)
        for s in reference.subjects(RDF.type, cls)
    }
    assert len(places) == 1 + 65 + 2 + 2
    for place in places:
        for predicate in (RDFS.label, SKOS.prefLabel):
            languages = sorted(label.language for label in reference.objects(place, predicate))
            assert languages == ["en", "vi"], (place, predicate)
        alt = {label.language for label in reference.objects(place, SKOS.altLabel)}
        assert alt <= {"vi", "en"}, place


def test_districts_and_communes(reference: Graph) -> None:
    for district in ("district/bac-kan/na-ri", "district/bac-kan/cho-moi"):
        assert (ID(district), RDF.type, POV.District) in reference
        assert reference.value(ID(district), POV.partOf) == ID("province/bac-kan")
        assert reference.value(ID(district), POV.validTo) == date("2025-06-30")
    town = ID("commune/bac-kan/cho-moi/dong-tam")
    assert (town, RDF.type, POV.Town) in reference
    assert reference.value(town, POV.partOf) == ID("district/bac-kan/cho-moi")
    commune = ID("commune/bac-kan/na-ri/tran-phu")
    assert (commune, RDF.type, POV.Commune) in reference
    assert reference.value(commune, POV.partOf) == ID("district/bac-kan/na-ri")
    for unit in (town, commune):  # what became of them in 2025 is not confirmed
        assert reference.value(unit, POV.validTo) is None


# --------------------------------------------------------------------------------------------
# Program, dimensions, legal documents


def test_program_and_its_seven_projects(reference: Graph) -> None:
    program = ID("program/sustainable-poverty-reduction-2021-2025")
    projects = set(reference.objects(program, POV.hasProject))
    expected = {
        "infrastructure": 1,
        "livelihoods": 2,
        "production-nutrition": 3,
        "vocational-employment": 4,
        "housing": 5,
        "communication-information": 6,
        "capacity-monitoring": 7,
    }
    assert projects == {ID(f"project/{slug}") for slug in expected}
    for slug, number in expected.items():
        assert reference.value(ID(f"project/{slug}"), POV.projectNumber) == Literal(number)
    assert set(reference.objects(program, POV.legalBasis)) == {
        ID("legal-document/24-2021-qh15"),
        ID("legal-document/90-qd-ttg-2022"),
    }
    assert reference.value(program, POV.centralBudgetFunding) == Literal(
        "48000000000000", datatype=XSD.decimal
    )
    assert reference.value(program, POV.successor) == ID(
        "program/national-target-program-2026-2035"
    )


def test_only_confirmed_sub_projects(reference: Graph) -> None:
    subs = {
        (s, reference.value(s, POV.subProjectOf))
        for s in reference.subjects(RDF.type, POV.SubProject)
    }
    assert subs == {
        (
            ID("project/production-nutrition/agricultural-production"),
            ID("project/production-nutrition"),
        ),
        (ID("project/production-nutrition/nutrition"), ID("project/production-nutrition")),
        (
            ID("project/communication-information/information-poverty"),
            ID("project/communication-information"),
        ),
        (
            ID("project/communication-information/communication"),
            ID("project/communication-information"),
        ),
    }


def test_six_dimensions_and_twelve_indicators(reference: Graph) -> None:
    dimensions = set(reference.subjects(SKOS.inScheme, ID("scheme/dimensions")))
    assert len(dimensions) == 6
    indicators = set(reference.subjects(SKOS.inScheme, ID("scheme/deprivation-indicators")))
    assert len(indicators) == 12
    per_dimension = {d: set(reference.subjects(SKOS.broader, d)) for d in dimensions}
    assert all(len(children) == 2 for children in per_dimension.values())
    assert per_dimension[ID("dimension/housing")] == {
        ID("deprivation-indicator/housing-quality"),
        ID("deprivation-indicator/floor-area"),
    }
    label = reference.value(ID("deprivation-indicator/hygienic-latrine"), SKOS.prefLabel)
    assert {
        str(x)
        for x in reference.objects(ID("deprivation-indicator/hygienic-latrine"), SKOS.prefLabel)
    } == {
        "Nhà tiêu hợp vệ sinh",
        "Hygienic latrine",
    }, label


def test_poverty_standard_income_lines(reference: Graph) -> None:
    standard = ID("poverty-standard/2022-2025")
    assert reference.value(standard, POV.ruralIncomeLine) == Literal(
        "1500000", datatype=XSD.decimal
    )
    assert reference.value(standard, POV.urbanIncomeLine) == Literal(
        "2000000", datatype=XSD.decimal
    )
    assert reference.value(standard, POV.legalBasis) == ID("legal-document/07-2021-nd-cp")


@pytest.mark.parametrize(
    ("path", "cls", "identifier", "issued"),
    [
        ("legal-document/07-2021-nd-cp", POV.Decree, "07/2021/NĐ-CP", "2021-01-27"),
        ("legal-document/24-2021-qh15", POV.Resolution, "24/2021/QH15", "2021-07-28"),
        ("legal-document/90-qd-ttg-2022", POV.Decision, "90/QĐ-TTg", "2022-01-18"),
        ("legal-document/202-2025-qh15", POV.Resolution, "202/2025/QH15", "2025-06-12"),
        ("legal-document/257-2025-qh15", POV.Resolution, "257/2025/QH15", "2025-12-11"),
        ("legal-document/121-kh-ubnd-bac-ninh", POV.Plan, "121/KH-UBND", None),
    ],
)
def test_legal_documents(reference: Graph, path, cls, identifier, issued) -> None:
    document = ID(path)
    assert (document, RDF.type, cls) in reference
    assert reference.value(document, DCTERMS.identifier) == Literal(identifier)
    expected = date(issued) if issued else None
    assert reference.value(document, DCTERMS.issued) == expected
    issuer = reference.value(document, POV.issuedBy)
    assert (issuer, RDF.type, POV.Organisation) in reference


def test_legal_document_slugs_follow_the_rule(reference: Graph) -> None:
    for document in reference.subjects(DCTERMS.identifier, None):
        if not str(document).startswith(str(ID("legal-document/"))):
            continue
        slug = str(document).rsplit("/", 1)[1]
        number = slugify(str(reference.value(document, DCTERMS.identifier)))
        assert slug == number or slug.startswith(number + "-"), slug


# --------------------------------------------------------------------------------------------
# Rebasing


def test_rebasing_moves_data_iris_and_not_vocabulary_iris() -> None:
    other = Minter("http://example.org/data/")
    default_reference, moved_reference = load_reference(), load_reference(other)
    assert len(moved_reference) == len(default_reference)
    subjects = set(moved_reference.subjects())
    assert other("province/bac-ninh") in subjects
    assert not any(str(s).startswith(DEFAULT_BASE_IRI) for s in subjects)
    assert (
        other("province/bac-giang"),
        POV.successor,
        other("province/bac-ninh"),
    ) in moved_reference
    assert (other("country/vn"), OWL.sameAs, WD.Q881) in moved_reference  # external IRI stays

    moved_ontology = load_ontology(other)
    assert (POV.Measurement, RDFS.subClassOf, QB.Observation) in moved_ontology
    assert moved_ontology.value(POV.indicator, QB.codeList) == other("scheme/indicators")
    assert not any(
        str(n).startswith(DEFAULT_BASE_IRI)
        for t in moved_ontology
        for n in t
        if isinstance(n, URIRef)
    )

    moved_shapes = load_shapes(other)
    text = " ".join(str(n) for t in moved_shapes for n in t)
    assert str(other("scheme/indicators")) in text
    assert DEFAULT_BASE_IRI not in text


# --------------------------------------------------------------------------------------------
# JSON-LD context


def test_context_declares_every_prefix_and_pov_property(ontology: Graph) -> None:
    context = load_context()["@context"]
    for prefix, namespace in PREFIXES.items():
        assert context[prefix] == str(namespace)
    properties = {t for t in pov_terms(ontology) if (t, RDF.type, OWL.Class) not in ontology}
    declared = {
        value["@id"] for value in context.values() if isinstance(value, dict) and "@id" in value
    }
    for prop in properties:
        assert "pov:" + str(prop)[len(VOCAB_IRI) :] in declared, prop
    assert "http" not in json.dumps(
        [v for k, v in context.items() if k not in PREFIXES and k != "povsh"]
    )


def test_data_round_trips_through_json_ld_with_the_local_context(reference: Graph) -> None:
    sample = Graph()
    for triple in reference.triples((ID("province/bac-ninh"), None, None)):
        sample.add(triple)
    measurement = ID("measurement/000-x/1-5")
    sample.add((measurement, RDF.type, POV.Measurement))
    sample.add((measurement, POV.value, Literal("28484", datatype=XSD.decimal)))
    sample.add((measurement, POV.indicator, ID("indicator/poor-households")))
    sample.add((measurement, OA.start, Literal(1, datatype=XSD.nonNegativeInteger)))
    sample.add((measurement, RDFS.label, Literal("Hộ nghèo", lang="vi")))
    context = load_context()["@context"]
    text = sample.serialize(format="json-ld", context=context)
    document = json.loads(text)
    assert document["@context"] == context  # embedded, never a remote URL
    parsed = Graph().parse(data=text, format="json-ld")
    assert set(parsed) == set(sample)
