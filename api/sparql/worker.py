"""A query worker process: opens the store read-only and runs one query at a time.

pyoxigraph cannot interrupt a running query, so queries run here, in a process of their own
that the server can kill when the time limit passes, never in the server process.
"""

from __future__ import annotations

import signal
import socket
from dataclasses import asdict, dataclass

import pyoxigraph as ox

from api.sparql import channel
from api.sparql.formats import Kind, by_key, offers
from api.sparql.results import FrameWriter, kind_of, serialize
from graph.snapshot import StoreIdentity, StoreReplacedError, open_snapshot
from graph.store import StoreError


@dataclass(frozen=True)
class Job:
    """A query and how to evaluate and serialise it."""

    query: str
    base_iri: str | None
    union_default_graph: bool
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    tabular: str | None
    """Format key for SELECT/ASK results, ``None`` if the client accepts none."""
    graph: str | None
    """Format key for CONSTRUCT/DESCRIBE results, ``None`` if the client accepts none."""

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Job:
        for name in ("default_graphs", "named_graphs"):
            if data.get(name) is not None:
                data[name] = tuple(data[name])
        return cls(**data)


def main(
    sock: socket.socket,
    store_path: str,
    prefixes: dict[str, str],
    expected: StoreIdentity | None = None,
) -> None:
    """Worker entry point: serve jobs until the server closes its end of the socket.

    With ``expected``, the worker only serves that build of the store: if a rebuild has swapped
    another one in since the server opened it, the worker says so and stops.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server decides when workers stop
    try:
        store, _ = open_snapshot(store_path, expected)
    except StoreReplacedError as error:
        channel.send_json(sock, channel.READY, {"error": str(error), "replaced": True})
        return
    except (StoreError, OSError) as error:
        channel.send_json(sock, channel.READY, {"error": f"cannot open the store: {error}"})
        return
    channel.send_json(sock, channel.READY, {})
    try:
        while (frame := channel.receive(sock)) is not None:
            run(store, Job.from_json(frame.json()), sock, prefixes)
    except (BrokenPipeError, ConnectionError):
        return


def _graphs(iris: tuple[str, ...] | None) -> list[ox.NamedNode] | None:
    return None if iris is None else [ox.NamedNode(iri) for iri in iris]


def run(store: ox.Store, job: Job, sock: socket.socket, prefixes: dict[str, str]) -> None:
    """Evaluate one job and send its frames: ``HEAD``, ``DATA``..., ``END`` or an ``ERROR``."""
    try:
        result = store.query(
            job.query,
            base_iri=job.base_iri,
            prefixes=prefixes,
            use_default_graph_as_union=job.union_default_graph,
            default_graph=_graphs(job.default_graphs),
            named_graphs=_graphs(job.named_graphs),
        )
    except SyntaxError as error:
        channel.send_json(sock, channel.ERROR, {"status": 400, "message": str(error)})
        return
    except (OSError, ValueError, RuntimeError) as error:
        message = f"query evaluation failed: {error}"
        channel.send_json(sock, channel.ERROR, {"status": 500, "message": message})
        return
    kind = kind_of(result)
    key = job.graph if kind is Kind.GRAPH else job.tabular
    if key is None:
        available = ", ".join(f.media_type for f in offers(kind))
        message = f"no acceptable media type for {kind.value} results; available: {available}"
        channel.send_json(sock, channel.ERROR, {"status": 406, "message": message})
        return
    channel.send_json(sock, channel.HEAD, {"format": key})
    writer = FrameWriter(sock)
    try:
        serialize(result, by_key(key), writer, prefixes)
        writer.finish()
    except (OSError, ValueError, TypeError, RuntimeError) as error:
        if isinstance(error, (BrokenPipeError, ConnectionError)):
            raise
        message = f"query failed while writing results: {error}"
        channel.send_json(sock, channel.ERROR, {"status": 500, "message": message})
        return
    channel.send(sock, channel.END)
