"""Load povkg's Turtle (ontology, code lists, reference data, shapes) under the configured base.

The Turtle files in ``ontology/`` are written with the default base IRI. A deployment may mint
data under another base, so every data IRI is rebased on load (``graph.iris.Minter.rebase``);
vocabulary IRIs (``pov:``, and every standard vocabulary) never move. Files are located through
``importlib.resources`` so this works from a source tree and from an installed package alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from graph.config import DEFAULT_BASE_IRI
from graph.iris import Minter
from graph.namespaces import PREFIXES

Triple = tuple[Node, Node, Node]


class ReferenceDataError(RuntimeError):
    """A Turtle file of ``ontology/`` is missing or does not parse; the message names the file."""


def ontology_dir() -> Traversable:
    """The ``ontology`` package directory that holds the Turtle files."""
    return files("ontology")


def ontology_files() -> list[Traversable]:
    """The OWL ontology and the data cube structure."""
    root = ontology_dir()
    return [root / "povkg.ttl", root / "datacube.ttl"]


def codelist_files() -> list[Traversable]:
    """The SKOS code lists (``ontology/codelists/*.ttl``), sorted by name."""
    return _ttl_in(ontology_dir() / "codelists")


def reference_files() -> list[Traversable]:
    """The reference data (``ontology/reference/*.ttl``: places, program, dimensions...)."""
    return _ttl_in(ontology_dir() / "reference")


def shapes_file() -> Traversable:
    """The SHACL shapes."""
    return ontology_dir() / "shapes.ttl"


def context_file() -> Traversable:
    """The JSON-LD context for povkg data, served locally (never fetched)."""
    return ontology_dir() / "context.jsonld"


def load_context() -> dict[str, Any]:
    """The JSON-LD context document (``{"@context": {...}}``) as a dict."""
    try:
        return json.loads(context_file().read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReferenceDataError(f"{context_file()}: {exc}") from exc


def load_ontology(minter: Minter | None = None) -> Graph:
    """The ontology (``povkg.ttl`` + ``datacube.ttl``) with data IRIs under ``minter``'s base."""
    return _load(ontology_files(), minter)


def load_codelists(minter: Minter | None = None) -> Graph:
    """The code lists alone (indicators, units, statuses, ...)."""
    return _load(codelist_files(), minter)


def load_reference(minter: Minter | None = None, *, codelists: bool = True) -> Graph:
    """Reference data (places, program, dimensions, documents, organisations) and, unless
    ``codelists`` is false, the code lists: everything measurements link to."""
    return _load([*(codelist_files() if codelists else []), *reference_files()], minter)


def load_shapes(minter: Minter | None = None) -> Graph:
    """The SHACL shapes; the scheme and unit IRIs they name follow ``minter``'s base."""
    return _load([shapes_file()], minter)


def rebase_graph(graph: Graph, minter: Minter, from_base: str = DEFAULT_BASE_IRI) -> Graph:
    """A new Graph with every IRI under ``from_base`` moved to ``minter``'s base."""
    result = _new_graph()
    for triple in _rebased(graph, minter, from_base):
        result.add(triple)
    return result


def _ttl_in(directory: Traversable) -> list[Traversable]:
    if not directory.is_dir():
        return []
    return sorted(
        (entry for entry in directory.iterdir() if entry.name.endswith(".ttl")),
        key=lambda entry: entry.name,
    )


def _load(sources: Iterable[Traversable], minter: Minter | None) -> Graph:
    minter = minter or Minter()
    graph = _new_graph()
    for source in sources:
        for triple in _rebased(_parsed(source), minter, DEFAULT_BASE_IRI):
            graph.add(triple)
    return graph


def _rebased(triples: Iterable[Triple], minter: Minter, from_base: str) -> Iterator[Triple]:
    if minter.base == from_base:
        yield from triples
        return
    for s, p, o in triples:
        yield _move(s, minter, from_base), p, _move(o, minter, from_base)


def _move(node: Node, minter: Minter, from_base: str) -> Node:
    if isinstance(node, URIRef):
        return URIRef(minter.rebase(str(node), from_base))
    if isinstance(node, Literal) and node.datatype == _XSD_ANYURI:
        return Literal(minter.rebase(str(node), from_base), datatype=node.datatype)
    return node


_XSD_ANYURI = URIRef("http://www.w3.org/2001/XMLSchema#anyURI")


def _parsed(source: Traversable) -> tuple[Triple, ...]:
    """The triples of one packaged Turtle file, parsed once: the files do not change at run time."""
    key = str(source)
    if key not in _PARSED:
        _PARSED[key] = tuple(read_turtle(source))
    return _PARSED[key]


_PARSED: dict[str, tuple[Triple, ...]] = {}


def read_turtle(source: Traversable) -> Graph:
    """Parse one Turtle file with the default base; errors name the file."""
    try:
        data = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReferenceDataError(f"{source}: cannot read: {exc}") from exc
    graph = Graph()
    try:
        graph.parse(data=data, format="turtle", publicID=DEFAULT_BASE_IRI)
    except Exception as exc:  # rdflib raises several unrelated exception types for bad Turtle
        raise ReferenceDataError(f"{source}: invalid Turtle: {exc}") from exc
    return graph


def _new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph
