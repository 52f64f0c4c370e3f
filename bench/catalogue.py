"""What the generator draws from: the project's own ontology, code lists and reference data.

The synthetic graph uses the real vocabulary, code lists and gazetteer of ``ontology/`` (read
through ``graph.reference``, rebased to the chosen base), so every query that works on povkg's
own store works on the synthetic one, and the shapes' code-list checks hold by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from graph.iris import Minter
from graph.namespaces import POV
from graph.reference import load_ontology, load_reference


@dataclass(frozen=True)
class Concept:
    """A code-list concept (unit, qualifier, population group, funding source, status)."""

    iri: str
    label_vi: str
    label_en: str

    @property
    def slug(self) -> str:
        return self.iri.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Indicator(Concept):
    """What a measurement counts, with the unit and the program context it implies."""

    unit: str | None = None
    dimension: str | None = None
    project: str | None = None


@dataclass(frozen=True)
class Province:
    """A provincial unit of the gazetteer, with its place in the 2025 merger history."""

    iri: str
    label_vi: str
    label_en: str
    valid_from: date | None
    valid_to: date | None
    successor: str | None

    @property
    def slug(self) -> str:
        return self.iri.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Catalogue:
    """The reference graph plus the typed views of it the generator needs."""

    minter: Minter
    graph: Graph  # ontology + code lists + reference data, written out as-is
    provinces: tuple[Province, ...]
    indicators: tuple[Indicator, ...]
    units: dict[str, Concept]
    qualifiers: tuple[Concept, ...]
    groups: tuple[Concept, ...]
    funding_sources: tuple[Concept, ...]
    program: str

    def province(self, iri: str) -> Province:
        return next(p for p in self.provinces if p.iri == iri)


def _labels(graph: Graph, node: URIRef) -> tuple[str, str]:
    """(vi, en) of ``skos:prefLabel``, falling back to ``rdfs:label``."""
    found: dict[str, str] = {}
    for prop in (SKOS.prefLabel, URIRef("http://www.w3.org/2000/01/rdf-schema#label")):
        for label in graph.objects(node, prop):
            if isinstance(label, Literal) and label.language in ("vi", "en"):
                found.setdefault(label.language, str(label))
    if "vi" not in found or "en" not in found:
        raise ValueError(f"{node} lacks a Vietnamese or English label in the reference data")
    return found["vi"], found["en"]


def _in_scheme(graph: Graph, minter: Minter, scheme: str) -> list[URIRef]:
    members = graph.subjects(SKOS.inScheme, minter(f"scheme/{scheme}"))
    return sorted({m for m in members if isinstance(m, URIRef)}, key=str)


def _concepts(graph: Graph, minter: Minter, scheme: str) -> tuple[Concept, ...]:
    return tuple(Concept(str(c), *_labels(graph, c)) for c in _in_scheme(graph, minter, scheme))


def _one(graph: Graph, node: URIRef, prop: URIRef) -> str | None:
    value = graph.value(node, prop)
    return str(value) if value is not None else None


def _date(graph: Graph, node: URIRef, prop: URIRef) -> date | None:
    value = graph.value(node, prop)
    return date.fromisoformat(str(value)) if value is not None else None


def load_catalogue(minter: Minter) -> Catalogue:
    """Read the ontology and reference data under ``minter``'s base."""
    graph = load_ontology(minter) + load_reference(minter)
    provinces = tuple(
        Province(
            str(p),
            *_labels(graph, p),
            valid_from=_date(graph, p, POV.validFrom),
            valid_to=_date(graph, p, POV.validTo),
            successor=_one(graph, p, POV.successor),
        )
        for p in sorted(set(graph.subjects(RDF.type, POV.Province)), key=str)
        if isinstance(p, URIRef)
    )
    indicators = tuple(
        Indicator(
            str(i),
            *_labels(graph, i),
            unit=_one(graph, i, POV.defaultUnit),
            dimension=_one(graph, i, POV.deprivationDimension),
            project=_one(graph, i, POV.project),
        )
        for i in _in_scheme(graph, minter, "indicators")
    )
    programs = sorted(str(p) for p in graph.subjects(RDF.type, POV.Program))
    program = minter("program/sustainable-poverty-reduction-2021-2025")
    if str(program) not in programs:
        raise ValueError(f"the reference data has no {program}")
    if not provinces or not indicators:
        raise ValueError("the reference data has no provinces or no indicators")
    return Catalogue(
        minter=minter,
        graph=graph,
        provinces=provinces,
        indicators=indicators,
        units={c.iri: c for c in _concepts(graph, minter, "units")},
        qualifiers=_concepts(graph, minter, "qualifiers"),
        groups=_concepts(graph, minter, "population-groups"),
        funding_sources=_concepts(graph, minter, "funding-sources"),
        program=str(program),
    )
