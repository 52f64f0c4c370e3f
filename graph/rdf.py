"""Extracted facts -> RDF, in the shape docs/architecture.md fixes.

One article gives two graphs. Its *document graph* (stored as ``graph/document/{slug}``) holds
what only this article says: the document node with its full text, its measurements
(``qb:Observation``s) and their evidence. Its *shared graph* holds nodes that several articles may
name (periods, people, organisations, plans...): they are merged into one ``graph/entities``
graph, because the same triple stored in two named graphs would come back twice from the union
default graph. Everything is deterministic (no timestamps, stable ordering of the ``-2``
suffixes) so that building or ingesting twice gives the same triples.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, QB, RDF, RDFS, SDO, SKOS, XSD

from graph.facts import Document, Entity, Extraction, Measurement, Period
from graph.iris import Minter, slugify
from graph.namespaces import POV, PREFIXES, SDMX_ATTRIBUTE, SDMX_DIMENSION
from graph.provenance import add_evidence

ENTITY_CLASSES = {
    "organisation": POV.Organisation,
    "person": POV.Person,
    "role": POV.Role,
    "legal-document": POV.LegalDocument,
    "campaign": POV.Campaign,
    "district": POV.District,
    "commune": POV.Commune,
    "town": POV.Town,
    "livelihood-model": POV.LivelihoodModel,
}
"""``Entity.kind`` -> class of the ontology."""

LEGAL_DOCUMENT_CLASSES = (
    # (words that open the Vietnamese name, letters of the number's type code, class)
    ("luật", "", POV.Law),
    ("nghị quyết", "NQ", POV.Resolution),
    ("nghị định", "NĐ", POV.Decree),
    ("quyết định", "QĐ", POV.Decision),
    ("kế hoạch", "KH", POV.Plan),
    ("chỉ thị", "CT", POV.Directive),
)
"""How a legal document's name or number ("121/KH-UBND") tells its kind."""

ENTITY_LINKS = {
    "part-of": POV.partOf,
    "issued-by": POV.issuedBy,
    "member": ORG.member,
    "organisation": ORG.organization,
    "area": POV.area,
    "project": POV.project,
    "implements": POV.implements,
}
"""``Entity.links`` relation -> property (see graph.facts.Entity)."""

ENTITY_ATTRIBUTES = {
    "identifier": (DCTERMS.identifier, None),
    "role-vi": (SDO.roleName, "vi"),
    "role-en": (SDO.roleName, "en"),
}
"""``Entity.attributes`` name -> (property, language tag or None)."""

LABELLED_PLACES = {"district", "commune", "town"}
"""Kinds that, like the gazetteer's places, carry ``skos:prefLabel`` beside ``rdfs:label``."""


class EntityError(ValueError):
    """An entity that breaks the contract of graph.facts (unknown kind, relation, attribute)."""


STATUS_WORDS = {"target": ("mục tiêu", "target"), "forecast": ("dự kiến", "forecast")}


def new_graph() -> Graph:
    """An empty in-memory rdflib Graph with povkg's prefixes bound (plain store, for pyshacl)."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def decimal_lexical(value: Decimal) -> str:
    """A plain decimal numeral (``1174000000000``, ``3.47``), never scientific notation.

    ``xsd:decimal`` has no exponent form and CSV readers should see the number as written.
    """
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    if value == value.to_integral_value():
        return str(int(value))
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class Lookup:
    """What the builder needs to know about nodes it does not describe itself.

    ``labels`` maps an IRI to its labels by language (from ``rdfs:label``/``skos:prefLabel``);
    ``described`` holds IRIs already described elsewhere (reference data, other articles), which
    an article only links to instead of describing again.
    """

    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    described: set[str] = field(default_factory=set)

    @classmethod
    def from_graphs(cls, *graphs: Graph) -> Lookup:
        lookup = cls()
        for graph in graphs:
            lookup.add_graph(graph)
        return lookup

    def add_graph(self, graph: Graph) -> None:
        for subject in graph.subjects(RDF.type, None, unique=True):
            self.described.add(str(subject))
        for predicate in (SKOS.prefLabel, RDFS.label):
            for subject, _, label in graph.triples((None, predicate, None)):
                if isinstance(label, Literal) and label.language:
                    langs = self.labels.setdefault(str(subject), {})
                    langs.setdefault(label.language, str(label))

    def label(self, iri: str, lang: str, fallback: str) -> str:
        return self.labels.get(iri, {}).get(lang, fallback)


@dataclass
class ArticleGraphs:
    """The two graphs of one article (see the module docstring)."""

    slug: str
    document: Graph
    shared: Graph


def measurement_paths(measurements: Sequence[Measurement]) -> list[str]:
    """IRI paths of the measurements, in order: ``measurement/{doc}/{start}-{end}`` plus ``-2``,
    ``-3``... for later facts on the same span (architecture.md)."""
    seen: dict[tuple[str, int, int], int] = {}
    paths = []
    for m in measurements:
        key = (m.document, m.span.start, m.span.end)
        seen[key] = seen.get(key, 0) + 1
        suffix = "" if seen[key] == 1 else f"-{seen[key]}"
        paths.append(f"measurement/{m.document}/{m.span.start}-{m.span.end}{suffix}")
    return paths


def period_path(period: Period) -> str:
    if period.end < period.start:
        raise ValueError(f"period ends before it starts: {period.start}-{period.end}")
    return f"period/{period.code}"


def _period_triples(graph: Graph, iri: URIRef, period: Period) -> None:
    graph.add((iri, RDF.type, POV.Period))
    graph.add((iri, POV.startYear, Literal(str(period.start), datatype=XSD.gYear)))
    graph.add((iri, POV.endYear, Literal(str(period.end), datatype=XSD.gYear)))
    if period.start == period.end:
        vi, en = f"Năm {period.start}", f"Year {period.start}"
    else:
        vi = f"Giai đoạn {period.start}–{period.end}"
        en = f"Period {period.start}–{period.end}"
    graph.add((iri, RDFS.label, Literal(vi, lang="vi")))
    graph.add((iri, RDFS.label, Literal(en, lang="en")))


def _measurement_labels(m: Measurement, minter: Minter, lookup: Lookup) -> tuple[str, str]:
    value = decimal_lexical(m.value)
    if m.value_max is not None:
        value = f"{value}–{decimal_lexical(m.value_max)}"
    labels = []
    for lang in ("vi", "en"):
        parts = [
            lookup.label(str(minter(m.indicator)), lang, m.indicator),
            lookup.label(str(minter(m.area)), lang, m.area),
        ]
        if m.period is not None:
            parts.append(m.period.code)
        text = " — ".join(parts)
        if m.status in STATUS_WORDS:
            text += f" ({STATUS_WORDS[m.status][0 if lang == 'vi' else 1]})"
        labels.append(f"{text}: {value}")
    return labels[0], labels[1]


def _add_measurement(
    graph: Graph, m: Measurement, iri: URIRef, document: Document, minter: Minter, lookup: Lookup
) -> None:
    doc = minter(f"document/{document.slug}")
    add = graph.add
    add((iri, RDF.type, QB.Observation))
    add((iri, RDF.type, POV.Measurement))
    add((iri, QB.dataSet, minter("dataset/measurements")))
    add((iri, SDMX_DIMENSION.refArea, minter(m.area)))
    if m.period is not None:
        add((iri, SDMX_DIMENSION.refPeriod, minter(period_path(m.period))))
    add((iri, POV.indicator, minter(m.indicator)))
    add((iri, POV.status, minter(f"status/{m.status}")))
    add((iri, POV.value, Literal(decimal_lexical(m.value), datatype=XSD.decimal)))
    if m.value_max is not None:
        add((iri, POV.valueMax, Literal(decimal_lexical(m.value_max), datatype=XSD.decimal)))
    add((iri, SDMX_ATTRIBUTE.unitMeasure, minter(m.unit)))
    if m.qualifier is not None:
        add((iri, POV.qualifier, minter(f"qualifier/{m.qualifier}")))
    if m.out_of is not None:
        add((iri, POV.outOf, Literal(decimal_lexical(m.out_of), datatype=XSD.decimal)))
    optional_links = (
        (POV.populationGroup, m.population_group),
        (POV.fundingSource, m.funding_source),
        (POV.deprivationDimension, m.dimension),
        (POV.project, m.project),
        (POV.program, m.program),
    )
    for predicate, path in optional_links:
        if path is not None:
            add((iri, predicate, minter(path)))
    add((iri, POV.extractionRule, Literal(m.rule)))
    add((iri, PROV.wasDerivedFrom, doc))
    evidence = add_evidence(graph, iri, doc, document.text, m.span)
    add((iri, POV.evidence, evidence.annotation))
    vi, en = _measurement_labels(m, minter, lookup)
    add((iri, RDFS.label, Literal(vi, lang="vi")))
    add((iri, RDFS.label, Literal(en, lang="en")))


def _add_document(
    graph: Graph, document: Document, minter: Minter, mentions: Iterable[URIRef]
) -> URIRef:
    iri = minter(f"document/{document.slug}")
    add = graph.add
    for cls in (POV.Article, SDO.NewsArticle, PROV.Entity):
        add((iri, RDF.type, cls))
    add((iri, DCTERMS.identifier, Literal(document.file_name)))
    if document.title:
        add((iri, DCTERMS.title, Literal(document.title, lang="vi")))
    if document.published is not None:
        add((iri, DCTERMS.issued, Literal(document.published.isoformat(), datatype=XSD.date)))
    for author in document.authors:
        add((iri, DCTERMS.creator, minter(f"person/{slugify(author)}")))
    if document.publisher:
        add((iri, DCTERMS.publisher, Literal(document.publisher)))
    add((iri, DCTERMS.language, Literal("vi")))
    for province in document.provinces:
        add((iri, DCTERMS.subject, minter(province)))
    for mentioned in sorted(set(mentions)):
        add((iri, SDO.mentions, mentioned))
    add((iri, POV.text, Literal(document.text)))
    add((iri, POV.sha256, Literal(document.sha256)))
    vi = document.title or f"Bài báo {document.file_name}"
    en = f"Article {document.file_name}"
    if document.published is not None:
        en += f" ({document.published.isoformat()})"
    add((iri, RDFS.label, Literal(vi, lang="vi")))
    add((iri, RDFS.label, Literal(en, lang="en")))
    return iri


def article_graphs(extraction: Extraction, minter: Minter, lookup: Lookup) -> ArticleGraphs:
    """Build the document graph and the shared graph of one extracted article.

    Raises ``ValueError`` (``ProvenanceError``, ``EntityError``) when a fact breaks the contract
    of ``graph.facts``: a span not at its offsets, an unknown entity relation, a period that ends
    before it starts.
    """
    document = extraction.document
    own_lookup = Lookup(labels=dict(lookup.labels), described=set(lookup.described))
    for entity in extraction.entities:
        own_lookup.labels.setdefault(
            str(minter(entity.path)), {"vi": entity.label_vi, "en": entity.label_en}
        )
    doc_graph, shared = new_graph(), new_graph()
    for m in extraction.measurements:
        if m.document != document.slug:
            raise ValueError(f"measurement of {m.document!r} given with document {document.slug}")
    for m, path in zip(
        extraction.measurements, measurement_paths(extraction.measurements), strict=True
    ):
        _add_measurement(doc_graph, m, minter(path), document, minter, own_lookup)
        if m.period is not None:
            period = minter(period_path(m.period))
            if str(period) not in lookup.described:
                _period_triples(shared, period, m.period)
    mentions = [minter(e.path) for e in extraction.entities]
    _add_document(doc_graph, document, minter, mentions)
    for author in document.authors:
        person = minter(f"person/{slugify(author)}")
        if str(person) not in lookup.described:
            describe_person(shared, person, author)
    for entity in _unique_entities(extraction.entities):
        if str(minter(entity.path)) not in lookup.described:
            describe_entity(shared, entity, minter)
    return ArticleGraphs(slug=document.slug, document=doc_graph, shared=shared)


def _unique_entities(entities: Iterable[Entity]) -> list[Entity]:
    """The first occurrence of each entity path (an article may name a thing several times)."""
    seen: dict[str, Entity] = {}
    for entity in entities:
        seen.setdefault(entity.path, entity)
    return list(seen.values())


def _legal_document_class(entity: Entity) -> URIRef | None:
    name = entity.label_vi.casefold()
    identifier = dict(entity.attributes).get("identifier", "").upper().replace("-", "/")
    codes = set(identifier.split("/")[1:])
    for opening, code, cls in LEGAL_DOCUMENT_CLASSES:
        if name.startswith(opening) or (code and code in codes):
            return cls
    return None


def describe_entity(graph: Graph, entity: Entity, minter: Minter) -> None:
    """Type, label, link and attribute triples of one named entity."""
    if entity.kind not in ENTITY_CLASSES:
        raise EntityError(f"{entity.path}: unknown entity kind {entity.kind!r}")
    iri = minter(entity.path)
    graph.add((iri, RDF.type, ENTITY_CLASSES[entity.kind]))
    if entity.kind == "legal-document" and (cls := _legal_document_class(entity)) is not None:
        graph.add((iri, RDF.type, cls))
    for text, lang in ((entity.label_vi, "vi"), (entity.label_en, "en")):
        if not text.strip():
            raise EntityError(f"{entity.path}: empty @{lang} label")
        graph.add((iri, RDFS.label, Literal(text, lang=lang)))
        if entity.kind in LABELLED_PLACES:
            graph.add((iri, SKOS.prefLabel, Literal(text, lang=lang)))
    for relation, path in entity.links:
        if relation not in ENTITY_LINKS:
            raise EntityError(f"{entity.path}: unknown relation {relation!r}")
        graph.add((iri, ENTITY_LINKS[relation], minter(path)))
    for name, value in entity.attributes:
        if name not in ENTITY_ATTRIBUTES:
            raise EntityError(f"{entity.path}: unknown attribute {name!r}")
        predicate, lang = ENTITY_ATTRIBUTES[name]
        graph.add((iri, predicate, Literal(value, lang=lang)))


def describe_person(graph: Graph, iri: URIRef, name: str) -> None:
    """An author named in an article's byline: a person labelled with the name in both languages."""
    graph.add((iri, RDF.type, POV.Person))
    graph.add((iri, RDFS.label, Literal(name, lang="vi")))
    graph.add((iri, RDFS.label, Literal(name, lang="en")))


def merge_shared(into: Graph, new: Graph) -> None:
    """Add to ``into`` the nodes of ``new`` that ``into`` does not describe yet.

    The first description of a node wins (articles are processed in file-name order), so two
    articles that label the same organisation differently never give it two labels per language.
    """
    described = set(into.subjects(unique=True))
    for subject in sorted(set(new.subjects(unique=True))):
        if subject not in described:
            for triple in new.triples((subject, None, None)):
                into.add(triple)
