"""SHACL validation of a povkg graph with pyshacl, with a report people can read.

The build must refuse to publish a graph that does not conform to ``ontology/shapes.ttl``, and
say why in terms of the data: which node, which property, what is wrong. pyshacl runs on a plain
in-memory rdflib Graph (an Oxigraph-backed graph would be slow and is not what it is tested on).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import RDF
from rdflib.term import Node

from graph.iris import Minter
from graph.namespaces import PREFIXES, SH
from graph.rdf import new_graph
from graph.reference import load_ontology, load_reference, load_shapes
from graph.store import META_GRAPH, named_graphs, rdf_format, read_graph, to_rdflib

SHAPES_NS = "https://w3id.org/povkg/shapes#"


@dataclass(frozen=True)
class Violation:
    """One SHACL result, rendered: the node, the property path, and what is wrong."""

    focus_node: str
    path: str | None
    message: str
    shape: str
    severity: str  # "Violation", "Warning" or "Info"
    value: str | None = None
    component: str = ""  # the SHACL constraint component, e.g. "MinCountConstraintComponent"
    focus_term: Node | None = field(default=None, compare=False, repr=False)  # the RDF node itself
    value_term: Node | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        lines = [f"{self.severity}: {self.focus_node}"]
        if self.path is not None:
            lines.append(f"  path:    {self.path}")
        if self.value is not None and self.value != self.focus_node:
            lines.append(f"  value:   {self.value}")
        lines.append(f"  message: {self.message}")
        lines.append(f"  shape:   {self.shape} ({self.component})")
        return "\n".join(lines)


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating a graph: ``conforms`` and every violation, sorted."""

    conforms: bool
    violations: tuple[Violation, ...] = ()
    results: Graph = field(default_factory=Graph, compare=False, repr=False)

    def __str__(self) -> str:
        if self.conforms:
            return "The graph conforms to the povkg shapes."
        count = len(self.violations)
        head = f"The graph does not conform to the povkg shapes: {count} result(s)."
        return "\n".join([head, *(str(violation) for violation in self.violations)])

    def by_shape(self, shape: str) -> list[Violation]:
        """The violations reported by one shape (as rendered, e.g. ``povsh:PercentRangeShape``)."""
        return [violation for violation in self.violations if violation.shape == shape]


def file_graph(path: Path) -> Graph:
    """The triples of an RDF file (any syntax ``graph.store.rdf_format`` knows), graphs merged;
    ``ValueError`` with the parser's message for a file that does not parse."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    graph = new_graph()
    try:
        for quad in ox.parse(path=str(path), format=rdf_format(path)):
            graph.add(tuple(to_rdflib(t) for t in (quad.subject, quad.predicate, quad.object)))
    except SyntaxError as exc:
        raise ValueError(f"{path}: {exc}") from exc
    return graph


def store_graph(store: ox.Store, minter: Minter) -> Graph:
    """The triples of every graph of a store but its bookkeeping one (``graph/meta``), which
    the shapes do not describe."""
    graph = new_graph()
    meta = str(minter(META_GRAPH))
    for name in named_graphs(store):
        if name != meta:
            read_graph(store, name, graph)
    return graph


def validate(
    data: Graph,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    reference: Graph | None = None,
    minter: Minter | None = None,
) -> ValidationReport:
    """Validate ``data`` against the povkg shapes.

    The ontology (so ``sh:class`` follows ``rdfs:subClassOf``) and the reference data and code
    lists (so links to places and concepts resolve) are mixed into a copy of ``data``; ``data``
    itself is never modified. Defaults are loaded under ``minter``'s base; pass an empty Graph to
    leave one out.
    """
    import pyshacl  # imported here: it is slow to import and only validation needs it

    minter = minter or Minter()
    shapes = shapes if shapes is not None else load_shapes(minter)
    # pyshacl's own ont_graph only "inoculates" class axioms, not instance data, so the ontology
    # and the reference data are mixed into one private copy here.
    combined = Graph()
    for graph in (
        data,
        ontology if ontology is not None else load_ontology(minter),
        reference if reference is not None else load_reference(minter),
    ):
        _add_all(combined, graph)
    conforms, results, _text = pyshacl.validate(
        combined,
        shacl_graph=shapes,
        inference="none",
        inplace=True,
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        advanced=False,
        meta_shacl=False,
    )
    violations = tuple(sorted(_violations(results, shapes), key=_order))
    return ValidationReport(conforms=bool(conforms), violations=violations, results=results)


def _add_all(into: Graph, graph: Graph) -> None:
    """Add the triples of ``graph`` to the plain Graph ``into`` (all named graphs of a Dataset)."""
    if isinstance(graph, ConjunctiveGraph):  # a Dataset too: its triples() sees one graph only
        for s, p, o, _context in graph.quads((None, None, None, None)):
            into.add((s, p, o))
    else:
        for triple in graph.triples((None, None, None)):
            into.add(triple)


def _violations(results: Graph, shapes: Graph) -> list[Violation]:
    renderer = _Renderer(results, shapes)
    found = []
    # Only the report's own results: pyshacl also nests the inner results of sh:node under
    # sh:detail, which would repeat a violation once for the value node it was about.
    for result in results.objects(None, SH.result):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        shape = results.value(result, SH.sourceShape)
        severity = results.value(result, SH.resultSeverity)
        component = results.value(result, SH.sourceConstraintComponent)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        found.append(
            Violation(
                focus_node=renderer.node(focus),
                path=renderer.path(path) if path is not None else None,
                message=messages[0] if messages else "(no message)",
                shape=renderer.shape(shape),
                severity=_local(severity) if severity is not None else "Violation",
                value=renderer.node(value) if value is not None else None,
                component=_local(component) if component is not None else "",
                focus_term=focus,
                value_term=value,
            )
        )
    return found


def _order(violation: Violation) -> tuple[str, str, str, str]:
    return (violation.focus_node, violation.path or "", violation.shape, violation.message)


def _local(iri: Node) -> str:
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class _Renderer:
    """Turns result nodes, paths and shapes into short readable strings."""

    def __init__(self, results: Graph, shapes: Graph) -> None:
        self.results = results
        self.shapes = shapes
        self.prefixes = sorted(
            ((prefix, str(ns)) for prefix, ns in [*PREFIXES.items(), ("povsh", SHAPES_NS)]),
            key=lambda item: -len(item[1]),
        )

    def node(self, node: Node | None) -> str:
        if isinstance(node, URIRef):
            return self.iri(node)
        if isinstance(node, Literal):
            return node.n3()
        return "_:" + str(node)

    def iri(self, iri: URIRef) -> str:
        text = str(iri)
        for prefix, namespace in self.prefixes:
            if text.startswith(namespace) and prefix in _VOCABULARY_PREFIXES:
                local = text[len(namespace) :]
                if local and all(c.isalnum() or c in "-_." for c in local):
                    return f"{prefix}:{local}"
        return f"<{text}>"

    def path(self, path: Node) -> str:
        if isinstance(path, URIRef):
            return self.iri(path)
        graph = self.results if (path, None, None) in self.results else self.shapes
        if (path, RDF.first, None) in graph:
            return "/".join(self.path(step) for step in Collection(graph, path))
        inverse = graph.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + self.path(inverse)
        alternatives = graph.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(self.path(step) for step in Collection(graph, alternatives)) + ")"
        for operator, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+")):
            inner = graph.value(path, operator)
            if inner is not None:
                return self.path(inner) + suffix
        inner = graph.value(path, SH.zeroOrOnePath)
        if inner is not None:
            return self.path(inner) + "?"
        return self.node(path)

    def shape(self, shape: Node | None) -> str:
        """A named shape by its name; an anonymous property shape as ``Parent[path]``."""
        if shape is None:
            return "(unknown shape)"
        if isinstance(shape, URIRef):
            return self.iri(shape)
        parent = self.shapes.value(None, SH.property, shape)
        path = self.shapes.value(shape, SH.path)
        inner = f"[{self.path(path)}]" if path is not None else ""
        if isinstance(parent, URIRef):
            return self.iri(parent) + inner
        return f"{self.shape(parent) if isinstance(parent, BNode) else '(anonymous)'}{inner}"


_VOCABULARY_PREFIXES = {prefix for prefix in PREFIXES if prefix not in {"wd"}} | {"povsh"}
