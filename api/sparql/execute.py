"""Run queries in a pool of worker processes, with a time limit.

pyoxigraph cannot cancel a running query, so each query runs in a worker process that opened
the store read-only; a query still running at its deadline has its worker killed and replaced,
and the client gets ``503`` while the other workers keep answering. Results come back in
frames: a small result is buffered whole (so it gets a status, a length and a clean error if
anything fails); a large one is streamed, and a failure after the first bytes were sent aborts
the response instead of ending it as if it were complete.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import multiprocessing.context
import socket
import threading
import time
from collections.abc import AsyncIterator, Coroutine
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess

from api.sparql import channel, worker
from api.sparql.formats import ResultFormat, by_key
from graph.snapshot import StoreIdentity

log = logging.getLogger("povkg.sparql")

STREAM_THRESHOLD = 64 * 1024
"""Results up to this size are buffered whole before the response starts."""
WAIT_SLICE = 0.25
"""How often a query waiting for a free worker checks whether the pool can still get one."""


class QueryFailed(Exception):
    """The query produced no response body: answer with ``status`` and ``message``."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class BuildReplaced(QueryFailed):
    """The pool's build is gone from disk (a rebuild replaced it) and the pool has no worker
    left to run the query: run it on the new build instead."""

    def __init__(self, message: str) -> None:
        super().__init__(503, message)


class StreamAborted(Exception):
    """The query failed after part of its results was sent: the response must be cut."""


class _WorkerOnReplacedStore(RuntimeError):
    """A new worker found another build at the store's path than the pool's."""


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter


@dataclass
class Execution:
    """Results of a query: the buffered head and, for a large result, the rest as a stream."""

    format: ResultFormat
    head: bytes
    rest: AsyncIterator[bytes] | None = field(default=None)

    @property
    def complete(self) -> bool:
        return self.rest is None


def _context() -> multiprocessing.context.ForkServerContext:
    """Workers fork from a clean forkserver (never from the server, which runs threads)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["api.sparql.worker"])
    assert isinstance(context, multiprocessing.context.ForkServerContext)
    return context


def start_forkserver() -> threading.Thread:
    """Start the forkserver in the background, so it boots while the server imports its web
    framework; ``WorkerPool`` reuses it. Returns the thread doing it."""
    from multiprocessing import forkserver

    _context()
    thread = threading.Thread(target=forkserver.ensure_running, daemon=True)
    thread.start()
    return thread


class WorkerPool:
    """A fixed number of query worker processes over one read-only store.

    With an ``identity``, the pool serves that build only: workers started after a rebuild
    swapped another directory in refuse to start, and the pool stops replacing them (it is
    retired by ``api.builds`` once the server has opened the new build).
    """

    def __init__(
        self,
        store_path: str,
        size: int,
        prefixes: dict[str, str],
        identity: StoreIdentity | None = None,
    ) -> None:
        if size < 1:
            raise ValueError("the pool needs at least one worker")
        self.store_path = store_path
        self.size = size
        self.prefixes = prefixes
        self.identity = identity
        self.replaced = False
        """Set once a worker found another build at the path: no worker can start any more."""
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False
        self.last_error: str | None = None
        self._context = _context()

    def start(self) -> None:
        """Start the workers in the background; queries wait until one is ready."""
        for _ in range(self.size):
            self._replace()

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        workers = list(self._all)
        for w in workers:
            self._stop(w)
        await asyncio.gather(*(asyncio.to_thread(w.process.join, 5) for w in workers))

    def _background(self, coroutine: Coroutine[None, None, None]) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _replace(self, delay: float = 0.0) -> None:
        if not self._closed and not self.replaced:
            self._background(self._spawn(delay))

    async def _spawn(self, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        try:
            w = await self._start_worker()
        except _WorkerOnReplacedStore as exc:
            self.replaced = True  # trying again would find the new build again
            self.last_error = str(exc)
            log.info("query worker not started: %s", exc)
            return
        except Exception as exc:  # whatever the cause, report it and try again later
            self.last_error = f"query worker did not start: {exc}"
            log.error("%s", self.last_error)
            self._replace(delay=1.0)
            return
        self.last_error = None
        self._idle.put_nowait(w)

    async def _start_worker(self) -> _Worker:
        parent, child = socket.socketpair()
        process = self._context.Process(
            target=worker.main,
            args=(child, self.store_path, self.prefixes, self.identity),
            name="povkg-query-worker",
            daemon=True,
        )
        try:
            await asyncio.to_thread(process.start)
        except BaseException:
            parent.close()
            raise
        finally:
            child.close()
        reader, writer = await asyncio.open_unix_connection(sock=parent)
        w = _Worker(process, reader, writer)
        self._all.add(w)
        try:
            ready = await asyncio.wait_for(channel.read(reader), 60)
            answer = ready.json() if ready.kind == channel.READY else {"error": "bad handshake"}
        except BaseException:
            self._stop(w)
            raise
        if answer.get("error"):
            self._stop(w)
            await asyncio.to_thread(process.join, 5)
            if answer.get("replaced"):
                raise _WorkerOnReplacedStore(answer["error"])
            raise RuntimeError(answer["error"])
        return w

    def _stop(self, w: _Worker) -> None:
        """Kill a worker now (SIGKILL: a running query cannot be interrupted otherwise)."""
        self._all.discard(w)
        w.writer.close()
        if w.process.is_alive():
            w.process.kill()

    def _discard(self, w: _Worker) -> None:
        """Kill a worker that is busy or broken, reap it and start another in its place."""
        self._stop(w)
        self._background(asyncio.to_thread(w.process.join, 5))
        self._replace()

    async def execute(
        self, job: worker.Job, timeout: float, threshold: int = STREAM_THRESHOLD
    ) -> Execution:
        """Run ``job``; raises ``QueryFailed`` if the query fails before any result is sent."""
        deadline = time.monotonic() + timeout
        while True:
            if self.replaced and not self._all:
                raise BuildReplaced(f"the store was rebuilt meanwhile ({self.last_error})")
            if self.last_error and not self._all:  # no worker can start: say why, now
                raise QueryFailed(503, f"the query service is unavailable: {self.last_error}")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                reason = self.last_error or "all query workers stayed busy"
                raise QueryFailed(
                    503, f"no query worker became free within {timeout:g} s ({reason})"
                )
            try:
                w = await asyncio.wait_for(self._idle.get(), min(remaining, WAIT_SLICE))
            except TimeoutError:
                continue  # look again whether a worker can still come
            if w.process.is_alive():
                break
            self._discard(w)  # died while idle (killed from outside): take another
        try:
            w.writer.write(channel.encode_json(channel.JOB, job.to_json()))
            await w.writer.drain()
            frame = await self._next(w, deadline, timeout)
            if frame.kind == channel.ERROR:
                self._idle.put_nowait(w)
                error = frame.json()
                raise QueryFailed(error["status"], error["message"])
            fmt = by_key(frame.json()["format"])
            head = bytearray()
            while len(head) < threshold:
                frame = await self._next(w, deadline, timeout)
                if frame.kind == channel.DATA:
                    head += frame.payload
                elif frame.kind == channel.END:
                    self._idle.put_nowait(w)
                    return Execution(fmt, bytes(head))
                else:
                    self._idle.put_nowait(w)
                    raise QueryFailed(frame.json()["status"], frame.json()["message"])
        except QueryFailed:
            raise
        except BaseException:
            self._discard(w)
            raise
        return Execution(fmt, bytes(head), self._stream(w, deadline, timeout))

    async def _next(self, w: _Worker, deadline: float, timeout: float) -> channel.Frame:
        """The worker's next frame, killing the worker if the deadline passes first."""
        try:
            return await asyncio.wait_for(channel.read(w.reader), deadline - time.monotonic())
        except TimeoutError:
            self._discard(w)
            raise QueryFailed(
                503, f"the query ran past the time limit of {timeout:g} s and was cancelled"
            ) from None
        except (asyncio.IncompleteReadError, ConnectionError, ValueError) as exc:
            self._discard(w)
            raise QueryFailed(500, f"the query worker stopped unexpectedly ({exc!r})") from None

    async def _stream(self, w: _Worker, deadline: float, timeout: float) -> AsyncIterator[bytes]:
        finished = False
        try:
            while True:
                try:
                    frame = await self._next(w, deadline, timeout)
                except QueryFailed as failure:
                    finished = True  # _next already replaced the worker
                    raise StreamAborted(failure.message) from None
                if frame.kind == channel.DATA:
                    yield frame.payload
                elif frame.kind == channel.END:
                    finished = True
                    self._idle.put_nowait(w)
                    return
                else:
                    finished = True
                    self._idle.put_nowait(w)
                    raise StreamAborted(frame.json()["message"])
        finally:
            if not finished:  # the client went away mid-stream: stop the query
                self._discard(w)
