"""A streaming N-Triples writer that counts what it writes.

The generator writes millions of triples; building them in an rdflib Graph first would hold the
whole graph in memory, so terms are serialised here directly, one line at a time.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TextIO

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}


def iri(value: str) -> str:
    """``<value>``: an IRI term (the caller passes an absolute IRI)."""
    if any(c in value for c in ' <>"{}|\\^`\n'):
        raise ValueError(f"not a valid IRI for N-Triples: {value!r}")
    return f"<{value}>"


def literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal term: NFC text, escaped for N-Triples, with a language tag or a datatype."""
    body = "".join(_ESCAPES.get(c, c) for c in unicodedata.normalize("NFC", text))
    if lang is not None:
        return f'"{body}"@{lang}'
    if datatype is not None:
        return f'"{body}"^^<{datatype}>'
    return f'"{body}"'


def term(node: Node, bnode_labels: dict[BNode, str] | None = None) -> str:
    """Serialise an rdflib term (for reference data read from Turtle)."""
    if isinstance(node, URIRef):
        return iri(str(node))
    if isinstance(node, Literal):
        datatype = str(node.datatype) if node.datatype is not None else None
        return literal(str(node), node.language, datatype)
    if isinstance(node, BNode):
        labels = bnode_labels if bnode_labels is not None else {}
        return "_:" + labels.setdefault(node, f"b{len(labels)}")
    raise TypeError(f"cannot write {node!r} as N-Triples")


@dataclass
class TripleWriter:
    """Writes pre-serialised triples to a text stream and counts them."""

    out: TextIO
    count: int = 0
    _buffer: list[str] = field(default_factory=list)

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self._buffer.append(f"{subject} {predicate} {obj} .\n")
        self.count += 1
        if len(self._buffer) >= 4096:
            self.flush()

    def flush(self) -> None:
        self.out.write("".join(self._buffer))
        self._buffer.clear()
