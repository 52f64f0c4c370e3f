"""What the store says about one IRI: its description, incoming links, and provenance text.

Every query here is fixed text; the IRI being described is bound with ``substitutions=`` (never
pasted into the query), and queries see the union of the store's named graphs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from graph.config import VOCAB_IRI
from graph.prefixes import PREFIX_IRIS, RDF_TYPE, RDFS_LABEL, SKOS_PREF_LABEL

_OA = PREFIX_IRIS["oa"]

OWNING_IRIS = (VOCAB_IRI + "evidence", _OA + "hasTarget", _OA + "hasSelector")
"""Links to nodes that belong to a resource and make no sense without it (its evidence)."""
OWNING = tuple(ox.NamedNode(iri) for iri in OWNING_IRIS)

GLOSS = tuple(ox.NamedNode(iri) for iri in (RDF_TYPE, RDFS_LABEL, SKOS_PREF_LABEL))
"""What a client needs to know about a linked thing: its types and labels."""

_LABEL = ox.NamedNode(RDFS_LABEL)

_EXISTS = """
ASK { { ?r ?p ?o } UNION { ?s ?p ?r } UNION { GRAPH ?r { ?s ?p ?o } } }
"""

_INCOMING = """
SELECT DISTINCT ?r ?s ?p WHERE { ?s ?p ?r FILTER(isIRI(?s)) } ORDER BY ?p ?s LIMIT 1000
"""

_INCOMING_COUNT = """
SELECT ?r (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?r ?s ?p WHERE { ?s ?p ?r } } GROUP BY ?r
"""

_LABELS = """
SELECT DISTINCT ?r ?s ?label WHERE {
  ?s ?p ?r . ?s rdfs:label|skos:prefLabel ?label
}
"""

_GRAPH_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?r { ?s ?p ?o } }"

_EVIDENCE = """
SELECT ?r ?doc ?text ?start ?end ?exact WHERE {
  ?r pov:evidence/oa:hasTarget ?target .
  ?target oa:hasSource ?doc ; oa:hasSelector ?position, ?quote .
  ?position oa:start ?start ; oa:end ?end .
  ?quote oa:exact ?exact .
  OPTIONAL { ?doc pov:text ?text }
} LIMIT 1
"""

_SPANS = """
SELECT DISTINCT ?r ?m ?start ?end WHERE {
  ?m prov:wasDerivedFrom ?r ; pov:evidence/oa:hasTarget/oa:hasSelector ?position .
  ?position oa:start ?start ; oa:end ?end .
} ORDER BY ?start ?end ?m
"""

INCOMING_LIMIT = 1000


@dataclass(frozen=True)
class Evidence:
    """Where a measurement's quote stands in its document."""

    document: str
    text: str | None
    start: int
    end: int
    exact: str


@dataclass(frozen=True)
class Span:
    """One measurement's span in a document, for highlighting the document's text."""

    measurement: str
    start: int
    end: int


def _run(store: ox.Store, query: str, iri: ox.NamedNode) -> ox.QuerySolutions:
    # SEP-0007 substitution: a SELECT must project the substituted variable ?r.
    return store.query(
        query,
        use_default_graph_as_union=True,
        prefixes=PREFIX_IRIS,
        substitutions={ox.Variable("r"): iri},
    )


def exists(store: ox.Store, iri: ox.NamedNode) -> bool:
    """Whether the store mentions ``iri`` at all (subject, object or graph name)."""
    return bool(_run(store, _EXISTS, iri))


def describe(store: ox.Store, iri: ox.NamedNode) -> list[ox.Triple]:
    """Outgoing triples of ``iri`` and of the nodes it owns, plus labels and types of what they
    link to: enough for a client to understand the resource without further requests.

    Walks the indexes directly: a SPARQL property path from a substituted variable is evaluated
    from every node of the store first, which makes a single description take about a second.
    """
    owned = _owned(store, iri)
    triples = {q.triple for node in owned for q in store.quads_for_pattern(node, None, None)}
    linked = {t.object for t in triples if isinstance(t.object, ox.NamedNode)} - owned
    for node in linked:
        for predicate in GLOSS:
            triples.update(q.triple for q in store.quads_for_pattern(node, predicate, None))
    for predicate in {t.predicate for t in triples}:
        triples.update(q.triple for q in store.quads_for_pattern(predicate, _LABEL, None))
    if store.contains_named_graph(iri):
        triples.update(_run(store, _GRAPH_TRIPLES, iri))
    return sorted(triples, key=str)


def _owned(store: ox.Store, iri: ox.NamedNode) -> set[ox.NamedNode]:
    """``iri`` and the nodes reachable from it through ``OWNING`` links."""
    owned, frontier = {iri}, [iri]
    while frontier:
        node = frontier.pop()
        for predicate in OWNING:
            for quad in store.quads_for_pattern(node, predicate, None):
                if isinstance(quad.object, ox.NamedNode) and quad.object not in owned:
                    owned.add(quad.object)
                    frontier.append(quad.object)
    return owned


def incoming(store: ox.Store, iri: ox.NamedNode) -> tuple[list[tuple[str, str]], int]:
    """Up to ``INCOMING_LIMIT`` (subject, predicate) pairs pointing at ``iri``, and their total."""
    pairs = [(row["s"].value, row["p"].value) for row in _run(store, _INCOMING, iri)]
    counts = [int(row["n"].value) for row in _run(store, _INCOMING_COUNT, iri)]
    return pairs, counts[0] if counts else 0


def incoming_labels(store: ox.Store, iri: ox.NamedNode) -> list[tuple[str, ox.Literal]]:
    """Labels of the things that link to ``iri``."""
    return [
        (row["s"].value, row["label"])
        for row in _run(store, _LABELS, iri)
        if isinstance(row["label"], ox.Literal)
    ]


def evidence(store: ox.Store, iri: ox.NamedNode) -> Evidence | None:
    """The source document, its text and the quote's offsets for a measurement."""
    for row in _run(store, _EVIDENCE, iri):
        text = row["text"]
        try:
            start, end = int(row["start"].value), int(row["end"].value)
        except ValueError:
            return None
        return Evidence(
            document=row["doc"].value,
            text=text.value if isinstance(text, ox.Literal) else None,
            start=start,
            end=end,
            exact=row["exact"].value,
        )
    return None


def spans(store: ox.Store, document: ox.NamedNode) -> list[Span]:
    """The spans of the measurements drawn from ``document``, in text order."""
    found = []
    for row in _run(store, _SPANS, document):
        try:
            found.append(Span(row["m"].value, int(row["start"].value), int(row["end"].value)))
        except ValueError:
            continue
    return found
