"""What the code lists say about indicators (ontology/codelists/*.ttl), read once.

An indicator's deprivation dimension and project are data of the code list, so that a
measurement of "housing-support beneficiaries" concerns the housing dimension and Project 5
without the rules saying so again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SKOS

from graph.config import DEFAULT_BASE_IRI
from graph.namespaces import POV


@dataclass(frozen=True)
class IndicatorInfo:
    path: str
    default_unit: str | None
    dimension: str | None
    project: str | None
    deprivation_indicator: str | None


def _path(node: object) -> str | None:
    text = str(node) if node is not None else ""
    return text[len(DEFAULT_BASE_IRI) :] if text.startswith(DEFAULT_BASE_IRI) else None


@cache
def _graph(name: str) -> Graph:
    graph = Graph()
    source = resources.files("ontology").joinpath(f"codelists/{name}.ttl")
    graph.parse(data=source.read_text(encoding="utf-8"), format="turtle")
    return graph


@cache
def indicators() -> dict[str, IndicatorInfo]:
    """Every indicator of ``scheme/indicators`` by path."""
    graph = _graph("indicators")
    result: dict[str, IndicatorInfo] = {}
    for subject in graph.subjects(RDF.type, POV.Indicator):
        path = _path(subject)
        if path is None or not isinstance(subject, URIRef):
            continue
        result[path] = IndicatorInfo(
            path=path,
            default_unit=_path(graph.value(subject, POV.defaultUnit)),
            dimension=_path(graph.value(subject, POV.deprivationDimension)),
            project=_path(graph.value(subject, POV.project)),
            deprivation_indicator=_path(graph.value(subject, POV.deprivationIndicator)),
        )
    return result


@cache
def concepts(name: str) -> frozenset[str]:
    """Paths of the concepts of one code list file ("units", "population-groups", ...)."""
    graph = _graph(name)
    return frozenset(
        p for s in graph.subjects(RDF.type, SKOS.Concept) if (p := _path(s)) is not None
    )
