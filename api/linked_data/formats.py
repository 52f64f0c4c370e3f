"""RDF serialisations the linked-data layer offers, and how to write each one.

Turtle, N-Triples, N-Quads and RDF/XML are written by pyoxigraph; JSON-LD is compacted by rdflib
against povkg's *local* context (``ontology/context.jsonld``), embedded in the document so that no
client ever has to fetch a remote context.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from api.sparql.formats import GRAPH, Kind, ResultFormat
from graph.export import jsonld_context
from graph.prefixes import PREFIX_IRIS


def graph_format(key: str) -> ResultFormat:
    """One of the endpoint's graph formats by key (``turtle``, ``jsonld``, ``nquads``...)."""
    for candidate in GRAPH:
        if candidate.key == key:
            return candidate
    raise KeyError(key)


TURTLE = graph_format("turtle")
N_TRIPLES = graph_format("ntriples")
N_QUADS = graph_format("nquads")
JSON_LD = graph_format("jsonld")
RDF_XML = graph_format("rdfxml")

HTML = ResultFormat(
    "html", Kind.GRAPH, "text/html", True, ("application/xhtml+xml",), ("html",), ""
)
"""A page for people; offered beside the RDF formats wherever a resource is served."""

PLAIN_JSON = ResultFormat("json", Kind.TABULAR, "application/json", False, (), ("json",), "")
"""Plain JSON, for the convenience routes and the dump index."""

RESOURCE_OFFERS: tuple[ResultFormat, ...] = (TURTLE, HTML, JSON_LD, N_TRIPLES, RDF_XML)
"""What an IRI dereferences to; the order breaks ties (``*/*`` gets Turtle)."""


def prefixes() -> dict[str, str]:
    """povkg's prefixes as plain strings, for pyoxigraph's serialisers."""
    return dict(PREFIX_IRIS)


@lru_cache(maxsize=1)
def local_context() -> dict[str, Any]:
    """The JSON-LD context of povkg (``ontology/context.jsonld``, read by graph.export), with
    povkg's prefixes always defined."""
    return {**prefixes(), **jsonld_context()}


def context_document() -> bytes:
    """The context as a standalone JSON-LD document, served beside the data."""
    return json.dumps({"@context": local_context()}, ensure_ascii=False, indent=2).encode("utf-8")


def serialize_triples(triples: Iterable[ox.Triple], syntax: ResultFormat) -> bytes:
    """Write ``triples`` in ``syntax`` (UTF-8 bytes)."""
    triples = list(triples)
    if syntax.key == "jsonld":
        return _json_ld(triples)
    if syntax.key in ("ntriples", "nquads"):
        return ox.serialize(triples, format=syntax.oxigraph())
    return ox.serialize(triples, format=syntax.oxigraph(), prefixes=_used_prefixes(triples))


def _used_prefixes(triples: Iterable[ox.Triple]) -> dict[str, str]:
    # All of povkg's prefixes would clutter a short description; keep the ones it uses.
    iris = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {p: ns for p, ns in prefixes().items() if any(iri.startswith(ns) for iri in iris)}


def _json_ld(triples: Iterable[ox.Triple]) -> bytes:
    from rdflib import Graph

    from graph.store import to_rdflib

    graph = Graph()
    for triple in triples:
        graph.add(tuple(to_rdflib(t) for t in (triple.subject, triple.predicate, triple.object)))
    text = graph.serialize(format="json-ld", context=local_context(), ensure_ascii=False)
    return text.encode("utf-8")
