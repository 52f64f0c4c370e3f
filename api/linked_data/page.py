"""The HTML view of a resource: labels in both languages, properties as links, incoming links.

Turns the triples of a description into plain dataclasses the Jinja template renders. IRIs
minted under the base link to this server (so the pages can be browsed on any deployment);
vocabulary terms link to ``/ontology#Term``; anything else links to itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pyoxigraph as ox

from api.linked_data.quote import QuoteInContext, Segment
from graph.config import VOCAB_IRI
from graph.prefixes import PREFIX_IRIS, RDF_TYPE, RDFS_LABEL, SKOS_PREF_LABEL

LABEL_PROPERTIES = (RDFS_LABEL, SKOS_PREF_LABEL)
LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Link:
    """A link to an IRI: where to go on this server and what to call it."""

    iri: str
    href: str
    label: str
    label_vi: str | None = None
    label_en: str | None = None


@dataclass(frozen=True)
class Value:
    """One object of a property: a link, or a literal with its language or datatype."""

    link: Link | None = None
    text: str | None = None
    language: str | None = None
    datatype: Link | None = None
    long: bool = False  # long texts (an article's pov:text) are shown as a block


@dataclass(frozen=True)
class Row:
    predicate: Link
    values: tuple[Value, ...]


@dataclass(frozen=True)
class Node:
    """A resource and its outgoing properties (the page's subject or a node it owns)."""

    link: Link
    types: tuple[Link, ...]
    rows: tuple[Row, ...]


@dataclass
class ResourcePage:
    subject: Node
    owned: list[Node] = field(default_factory=list)
    incoming: list[tuple[Link, Link]] = field(default_factory=list)
    incoming_total: int = 0
    quote: QuoteInContext | None = None
    quote_document: Link | None = None
    quote_mismatch: bool = False
    text_segments: list[tuple[Segment, Link | None]] = field(default_factory=list)
    graph_subjects: list[Link] = field(default_factory=list)  # when the IRI names a graph
    formats: list[tuple[str, str]] = field(default_factory=list)  # (name, href)


class Linker:
    """Maps IRIs to hrefs and display labels."""

    def __init__(self, base_iri: str, labels: dict[str, dict[str, str]]) -> None:
        self.base = base_iri
        self.mount = mount_path(base_iri)
        self.labels = labels

    def href(self, iri: str) -> str:
        if iri.startswith(self.base):
            return self.mount + iri[len(self.base) :]
        if iri.startswith(VOCAB_IRI):
            return "/ontology#" + iri[len(VOCAB_IRI) :]
        if iri == VOCAB_IRI.rstrip("#"):
            return "/ontology"
        return iri

    def link(self, iri: str) -> Link:
        names = self.labels.get(iri, {})
        vi, en = names.get("vi"), names.get("en")
        shown = vi or en or next(iter(names.values()), None) or compact(iri, self.base)
        if vi and en and vi != en:
            shown = f"{vi} / {en}"
        return Link(iri, self.href(iri), shown, vi, en)


W3ID_HOST = "w3id.org"


def mount_path(base_iri: str) -> str:
    """The path at which data IRIs are served: ``http://127.0.0.1:8000/id/`` -> ``/id/``.

    w3id.org is a redirect service whose first path segment names the project: it sends
    ``https://w3id.org/povkg/id/x`` to ``{server}/id/x``, so that segment is not served here.
    """
    parts = urlsplit(base_iri)
    path = parts.path or "/"
    if parts.hostname == W3ID_HOST:
        path = "/" + path.lstrip("/").partition("/")[2]
    return path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"


def compact(iri: str, base: str) -> str:
    """``pov:value``, ``province/bac-ninh``... for an IRI without a label."""
    if iri.startswith(base):
        return iri[len(base) :]
    for prefix, namespace in PREFIX_IRIS.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def label_index(
    triples: Iterable[ox.Triple], extra: Iterable[tuple[str, ox.Literal]] = ()
) -> dict[str, dict[str, str]]:
    """IRI -> language -> label, from ``rdfs:label``/``skos:prefLabel`` (first one wins)."""
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    pairs = [
        (t.subject.value, t.object)
        for t in triples
        if t.predicate.value in LABEL_PROPERTIES and isinstance(t.object, ox.Literal)
    ]
    for iri, literal in [*pairs, *extra]:
        labels[iri].setdefault(literal.language or "", literal.value)
    return labels


def node(iri: str, triples: Sequence[ox.Triple], linker: Linker) -> Node:
    """The properties of ``iri`` in ``triples``, grouped by predicate, in a stable order."""
    grouped: dict[str, list[Value]] = defaultdict(list)
    types = []
    for triple in triples:
        if triple.subject.value != iri or not isinstance(triple.subject, ox.NamedNode):
            continue
        if triple.predicate.value == RDF_TYPE and isinstance(triple.object, ox.NamedNode):
            types.append(linker.link(triple.object.value))
            continue
        grouped[triple.predicate.value].append(_value(triple.object, linker))
    rows = tuple(
        Row(linker.link(p), tuple(sorted(values, key=_value_key)))
        for p, values in sorted(grouped.items(), key=lambda kv: compact(kv[0], linker.base))
    )
    return Node(linker.link(iri), tuple(sorted(types, key=lambda t: t.iri)), rows)


def _value(term: ox.NamedNode | ox.BlankNode | ox.Literal, linker: Linker) -> Value:
    if isinstance(term, ox.NamedNode):
        return Value(link=linker.link(term.value))
    if isinstance(term, ox.BlankNode):
        return Value(text=f"_:{term.value}")
    datatype = None
    if not term.language and not term.datatype.value.endswith("#string"):
        datatype = linker.link(term.datatype.value)
    return Value(
        text=term.value, language=term.language, datatype=datatype, long=len(term.value) > 500
    )


def _value_key(value: Value) -> tuple[str, str]:
    if value.link is not None:
        return ("0", value.link.label)
    order = LANGUAGES.index(value.language) if value.language in LANGUAGES else 9
    return (f"1{order}", value.text or "")
