"""Serialise query results with Oxigraph's own serialisers, streamed in frames.

Oxigraph evaluates lazily: solutions are computed while they are serialised, so a large
result flows to the client in chunks instead of being built in memory first.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pyoxigraph as ox

from api.sparql import channel
from api.sparql.formats import Kind, ResultFormat

CHUNK_BYTES = 64 * 1024

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def kind_of(result: QueryResult) -> Kind:
    return Kind.GRAPH if isinstance(result, ox.QueryTriples) else Kind.TABULAR


class FrameWriter:
    """A binary file-like object that sends what Oxigraph writes as ``DATA`` frames."""

    def __init__(self, sock: socket.socket, chunk_bytes: int = CHUNK_BYTES) -> None:
        self._sock = sock
        self._chunk_bytes = chunk_bytes
        self._buffer = bytearray()

    def write(self, data: bytes) -> int:
        self._buffer += data
        if len(self._buffer) >= self._chunk_bytes:
            self._send()
        return len(data)

    def flush(self) -> None:
        """Oxigraph flushes once at the end; keep chunks large until then."""

    def finish(self) -> None:
        if self._buffer:
            self._send()

    def _send(self) -> None:
        channel.send(self._sock, channel.DATA, bytes(self._buffer))
        self._buffer.clear()


def _as_quads(triples: ox.QueryTriples) -> Iterator[ox.Quad]:
    for triple in triples:
        yield ox.Quad(triple.subject, triple.predicate, triple.object)


def serialize(
    result: QueryResult, fmt: ResultFormat, output: FrameWriter, prefixes: dict[str, str]
) -> None:
    """Write ``result`` in ``fmt``; graph results use the project's prefixes where they can."""
    target = fmt.oxigraph()
    if isinstance(target, ox.QueryResultsFormat):
        result.serialize(output, target)
        return
    assert isinstance(result, ox.QueryTriples)
    source = _as_quads(result) if target.supports_datasets else result
    ox.serialize(source, output, target, prefixes=prefixes)
