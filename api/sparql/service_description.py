"""The SPARQL 1.1 Service Description returned by ``GET /sparql`` without a query.

It tells a client what the endpoint is (its URL, the query language, the result formats, the
limits a query must respect) and what it holds: a default dataset whose default graph is the
VoID description the build stored in the ``graph/meta`` named graph (triples, class and
property partitions), plus the store's named graphs. Nodes are IRIs under the endpoint URL,
never blank nodes, so a client can link to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from api.sparql.formats import GRAPH, TABULAR, ResultFormat
from graph.prefixes import PREFIX_IRIS

PREFIXES = {p: PREFIX_IRIS[p] for p in ("sd", "void", "rdfs", "xsd", "pov")}
SD, VOID, RDFS, XSD, POV = PREFIXES.values()
RDF_TYPE = ox.NamedNode(PREFIX_IRIS["rdf"] + "type")


@dataclass(frozen=True)
class Limits:
    query_timeout: float
    max_query_bytes: int
    allow_service: bool


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def void_description(store: ox.Store, meta_graph: str) -> list[ox.Triple]:
    """The VoID dataset(s) in ``meta_graph`` with their (nested) class and property partitions."""
    meta = {ox.Variable("meta"): ox.NamedNode(meta_graph)}
    return list(store.query(_VOID_QUERY, prefixes={"void": VOID}, substitutions=meta))


_VOID_QUERY = """
CONSTRUCT { ?node ?p ?o }
WHERE { GRAPH ?meta {
    ?dataset a void:Dataset .
    FILTER NOT EXISTS { ?parent void:classPartition|void:propertyPartition ?dataset }
    ?dataset (void:classPartition|void:propertyPartition)* ?node .
    ?node ?p ?o .
} }"""


def _datasets(void: Iterable[ox.Triple]) -> list[ox.NamedNode | ox.BlankNode]:
    """The top VoID datasets of a description (those that are not a partition of another)."""
    partitions = {
        t.object
        for t in void
        if t.predicate.value in (VOID + "classPartition", VOID + "propertyPartition")
    }
    found = {
        t.subject for t in void if t.predicate == RDF_TYPE and t.object == _n(VOID + "Dataset")
    }
    return sorted(found - partitions, key=str)


def describe(
    endpoint: str,
    limits: Limits,
    void: list[ox.Triple],
    named_graphs: Iterable[ox.NamedNode | ox.BlankNode],
) -> Iterator[ox.Triple]:
    """The service description of ``endpoint`` as triples."""
    service = _n(endpoint)
    dataset = _n(endpoint + "#dataset")
    yield ox.Triple(service, RDF_TYPE, _n(SD + "Service"))
    yield ox.Triple(service, _n(SD + "endpoint"), service)
    yield ox.Triple(service, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query"))
    for fmt in (*TABULAR, *GRAPH):
        yield ox.Triple(service, _n(SD + "resultFormat"), _n(fmt.w3c_iri))
    yield ox.Triple(service, _n(SD + "feature"), _n(SD + "UnionDefaultGraph"))
    if limits.allow_service:
        yield ox.Triple(service, _n(SD + "feature"), _n(SD + "BasicFederatedQuery"))
    yield ox.Triple(
        service,
        _n(SD + "defaultEntailmentRegime"),
        _n("http://www.w3.org/ns/entailment/Simple"),
    )
    yield ox.Triple(service, _n(RDFS + "label"), ox.Literal("povkg SPARQL endpoint", language="en"))
    yield ox.Triple(
        service, _n(RDFS + "label"), ox.Literal("Điểm truy vấn SPARQL của povkg", language="vi")
    )
    yield ox.Triple(service, _n(RDFS + "comment"), ox.Literal(_limits_text(limits), language="en"))
    yield ox.Triple(
        service,
        _n(POV + "queryTimeout"),
        ox.Literal(f"PT{limits.query_timeout:g}S", datatype=_n(XSD + "duration")),
    )
    yield ox.Triple(
        service,
        _n(POV + "maxQueryBytes"),
        ox.Literal(str(limits.max_query_bytes), datatype=_n(XSD + "integer")),
    )
    yield ox.Triple(service, _n(SD + "defaultDataset"), dataset)
    yield ox.Triple(dataset, RDF_TYPE, _n(SD + "Dataset"))
    tops = _datasets(void)
    default_graph = tops[0] if tops else _n(endpoint + "#default-graph")
    yield ox.Triple(dataset, _n(SD + "defaultGraph"), default_graph)
    yield ox.Triple(default_graph, RDF_TYPE, _n(SD + "Graph"))
    yield from void
    for index, name in enumerate(sorted(named_graphs, key=str), start=1):
        node = _n(f"{endpoint}#named-graph-{index}")
        yield ox.Triple(dataset, _n(SD + "namedGraph"), node)
        yield ox.Triple(node, RDF_TYPE, _n(SD + "NamedGraph"))
        yield ox.Triple(node, _n(SD + "name"), name)


def _limits_text(limits: Limits) -> str:
    service = "allowed" if limits.allow_service else "refused (no federated queries)"
    return (
        "Read-only: SPARQL 1.1 Query only, SPARQL Update is refused. "
        f"A query runs for at most {limits.query_timeout:g} s and may be at most "
        f"{limits.max_query_bytes} bytes long. SERVICE is {service}. The default graph of a "
        "query that names no dataset is the union of all the named graphs."
    )


def serialize(triples: list[ox.Triple], fmt: ResultFormat, prefixes: dict[str, str]) -> bytes:
    """Serialise with only the prefixes whose namespace the description uses."""
    target = fmt.oxigraph()
    assert isinstance(target, ox.RdfFormat)
    iris = {
        term.value
        for t in triples
        for term in (t.subject, t.predicate, t.object)
        if isinstance(term, ox.NamedNode)
    }
    iris |= {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
    used = {
        prefix: namespace
        for prefix, namespace in {**prefixes, **PREFIXES}.items()
        if any(iri.startswith(namespace) for iri in iris)
    }
    items: Iterable[ox.Triple | ox.Quad] = triples
    if target.supports_datasets:
        items = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
    return ox.serialize(items, None, target, prefixes=used)
