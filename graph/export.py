"""Dump the store in a standard RDF syntax (`povkg export`).

N-Quads and TriG keep the named graphs (ontology, reference data, one graph per article, build
metadata). Triple syntaxes (Turtle, N-Triples, JSON-LD, RDF/XML) get the union of all graphs,
each triple once. JSON-LD is compacted with povkg's own context, read from the local file
``ontology/context.jsonld`` and embedded in the output: a reader never has to fetch anything.
"""

from __future__ import annotations

from typing import IO, Any

import pyoxigraph as ox

from graph.prefixes import PREFIX_IRIS
from graph.store import to_rdflib

FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
"""`--format` value -> syntax."""

DATASET_FORMATS = ("nq", "trig")
"""Formats that keep the named graphs; the others get the union of all graphs."""

MEDIA_TYPES = {name: fmt.media_type for name, fmt in FORMATS.items()}

_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


class ExportError(Exception):
    """An export that cannot be written (unknown format, missing JSON-LD context)."""


def prefixes() -> dict[str, str]:
    return dict(PREFIX_IRIS)


def jsonld_context() -> dict[str, Any]:
    """povkg's JSON-LD context (the value of ``@context`` in ``ontology/context.jsonld``)."""
    from graph.reference import ReferenceDataError, load_context

    try:
        document = load_context()
    except ReferenceDataError as exc:
        raise ExportError(f"cannot write JSON-LD without the local context: {exc}") from exc
    context = document.get("@context") if isinstance(document, dict) else None
    if not isinstance(context, dict):
        raise ExportError("ontology/context.jsonld has no @context object")
    return context


def union_triples(store: ox.Store) -> list[ox.Triple]:
    """Every distinct triple of every graph of ``store``."""
    return list(store.query(_UNION, use_default_graph_as_union=True))


def export(store: ox.Store, fmt: str, output: IO[bytes]) -> None:
    """Write the whole store to ``output`` in the syntax named ``fmt`` (a key of ``FORMATS``)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    syntax = FORMATS[fmt]
    if fmt in DATASET_FORMATS:
        store.dump(output, syntax, prefixes=prefixes() if fmt == "trig" else None)
    elif fmt == "jsonld":
        output.write(_jsonld(union_triples(store)))
    else:
        ox.serialize(
            union_triples(store),
            output,
            syntax,
            prefixes=None if fmt == "nt" else prefixes(),
        )


def _jsonld(triples: list[ox.Triple]) -> bytes:
    from rdflib import Graph  # rdflib's JSON-LD writer compacts with a given context

    graph = Graph()
    for triple in triples:
        graph.add(
            (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
        )
    text = graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True)
    return text.encode("utf-8")
