"""The build the server serves, followed across rebuilds of the store.

``povkg build``, ``ingest`` and ``load`` never write the live store: they swap a new directory in
and delete the old one (``graph.store.replace_store``). So at the start of every request the
server looks at which directory is at the store's path (one ``stat``, a few microseconds); when
it has changed, it opens the new build read-only, reads its build id (ETags follow it), starts a
query worker pool on it and retires the old build. Each request holds a lease on the build it
started with until its response is completely sent (streamed results and dump files included),
so it never mixes two builds; a retired build's worker pool is stopped and its store handle
dropped once its last lease is returned. Routers read the build of a request with
``BuildHolder.of(request)``, never a store captured at start-up.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from api.sparql.execute import WorkerPool
from graph.config import DEFAULT_BASE_IRI
from graph.snapshot import StoreIdentity, open_snapshot, store_identity
from graph.store import StoreError, build_info

log = logging.getLogger("povkg.store")

T = TypeVar("T")

SCOPE_KEY = "povkg.lease"
"""Where the middleware puts a request's ``Lease`` in its ASGI scope."""
RETRY_SECONDS = 1.0
"""How long a new directory that could not be opened is left alone before trying again."""


def read_build_id(store: ox.Store, path: Path) -> str:
    """The build id from ``graph/meta`` (``graph.store.build_info``), else a fingerprint.

    A store made by other means (pyoxigraph directly) has no ``graph/meta``; the fingerprint of
    its files (RocksDB identity, manifest and table files) changes whenever the store is
    rewritten, so ETags still follow the data.
    """
    info = build_info(store)
    if info is not None:
        return info.build_id
    digest = hashlib.sha256()
    for file in sorted(path.iterdir()):
        if file.name == "LOCK" or file.name.startswith("LOG"):
            continue
        stat = file.stat()
        digest.update(f"{file.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        if file.name in ("IDENTITY", "CURRENT"):
            digest.update(file.read_bytes())
    return "files-" + digest.hexdigest()[:32]


@dataclass(eq=False)
class Build:
    """One build of the store, open read-only, with what belongs to it alone: its query worker
    pool and its caches (search labels, service descriptions, dumps)."""

    _store: ox.Store | None
    build_id: str
    identity: StoreIdentity
    base_iri: str | None = None  # from graph/meta; None for a store povkg did not build
    pool: WorkerPool | None = None
    leases: int = 0
    retired: bool = False
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)
    _memo_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            raise RuntimeError(f"build {self.build_id} was closed: a request outlived its lease")
        return self._store

    @property
    def closed(self) -> bool:
        return self._store is None

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """A value made once per build (caches must never outlive the build they describe)."""
        with self._memo_lock:
            if key not in self._memo:
                self._memo[key] = make()
            return self._memo[key]

    def drop(self) -> None:
        """Let go of the store handle and the caches (which may hold it too)."""
        with self._memo_lock:
            self._memo.clear()
        self._store = None


@dataclass
class Lease:
    """A request's hold on a build; ``BuildHolder.renew`` may move it to a newer build."""

    build: Build


PoolFactory = Callable[[StoreIdentity], WorkerPool]


class BuildHolder:
    """The build being served, replaced when the store at ``path`` is rebuilt.

    All bookkeeping (leases, the switch to a new build) happens on the event loop, so it needs
    no lock; only opening a store runs in a thread.
    """

    def __init__(
        self,
        path: str | Path,
        make_pool: PoolFactory | None = None,
        retry_seconds: float = RETRY_SECONDS,
        base_iri: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.retry_seconds = retry_seconds
        self._make_pool = make_pool
        self._base = base_iri
        self._current = self._open()  # raises StoreNotFoundError: nothing to serve
        self._base = base_iri or self._current.base_iri or DEFAULT_BASE_IRI
        self._retiring: set[Build] = set()
        self._lock = asyncio.Lock()
        self._failed: StoreIdentity | None = None
        self._failed_at = 0.0
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def base_iri(self) -> str:
        """The base IRI served (routes are mounted under it): the one asked for, else the first
        build's. A later build with another base is not followed (it would move every IRI)."""
        return self._base or DEFAULT_BASE_IRI

    @property
    def current(self) -> Build:
        return self._current

    def live_build_ids(self) -> set[str]:
        """Builds that are served or still finishing requests (their dump files must stay).

        Called from request threads too: the set is copied in one step before it is read.
        """
        retiring = tuple(self._retiring)
        return {self._current.build_id, *(b.build_id for b in retiring)}

    def _open(self) -> Build:
        store, identity = open_snapshot(self.path)
        info = build_info(store)
        base = info.base_iri if info is not None else None
        if self._base is not None and base is not None and base != self._base:
            raise StoreError(
                f"the store at {self.path} was built with base IRI {base}, "
                f"but this server serves {self._base}"
            )
        return Build(store, read_build_id(store, self.path), identity, base_iri=base)

    def _start_pool(self, build: Build) -> None:
        if self._make_pool is not None:
            build.pool = self._make_pool(build.identity)
            build.pool.start()

    async def start(self) -> None:
        """Start the query workers of the first build (they need the running event loop)."""
        self._start_pool(self._current)

    async def close(self) -> None:
        """Stop every worker pool (server shutdown)."""
        builds = [self._current, *self._retiring]
        self._retiring.clear()
        pools = [b.pool for b in builds if b.pool is not None]
        await asyncio.gather(*(pool.close() for pool in pools), *self._tasks)

    # --- following the store ------------------------------------------------------------------

    def _changed(self) -> StoreIdentity | None:
        """The identity of a new directory at the path worth opening, else ``None``.

        A missing path is no change: a writer is between its two renames.
        """
        seen = store_identity(self.path)
        if seen is None or seen == self._current.identity:
            return None
        if seen == self._failed and time.monotonic() < self._failed_at + self.retry_seconds:
            return None
        return seen

    async def refresh(self) -> Build:
        """Switch to the build at the path if it changed; the build now being served."""
        if self._changed() is not None:
            async with self._lock:
                seen = self._changed()  # another request may have switched meanwhile
                if seen is not None:
                    await self._follow(seen)
        return self._current

    async def _follow(self, seen: StoreIdentity) -> None:
        try:
            build = await asyncio.to_thread(self._open)
        except Exception as error:  # whatever it is, the current build is still good to serve
            self._failed, self._failed_at = seen, time.monotonic()
            log.error(
                "the store at %s changed but cannot be opened (%s); still serving build %s",
                self.path,
                error,
                self._current.build_id,
            )
            return
        self._failed = None
        self._start_pool(build)
        old, self._current = self._current, build
        log.info("the store at %s was rebuilt: serving build %s", self.path, build.build_id)
        old.retired = True
        self._retiring.add(old)
        if old.leases == 0:
            self._dispose(old)

    # --- leases -------------------------------------------------------------------------------

    async def acquire(self) -> Build:
        """Lease the current build (after following a rebuild) for one request."""
        build = await self.refresh()
        build.leases += 1
        return build

    def release(self, build: Build) -> None:
        build.leases -= 1
        if build.retired and build.leases == 0:
            self._dispose(build)

    async def renew(self, request: Request) -> Build:
        """Move a request that has not used its build yet to the current one (its query could
        not run because its build's workers were gone)."""
        lease = _lease(request)
        fresh = await self.acquire()
        old, lease.build = lease.build, fresh
        self.release(old)
        return fresh

    def _dispose(self, build: Build) -> None:
        self._retiring.discard(build)
        pool, build.pool = build.pool, None
        build.drop()
        if pool is not None:
            self._background(pool.close())

    def _background(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    def of(request: Request) -> Build:
        """The build a request holds: everything it reads must come from this one."""
        return _lease(request).build


def _lease(request: Request) -> Lease:
    lease = request.scope.get(SCOPE_KEY)
    if not isinstance(lease, Lease):
        raise RuntimeError("the request holds no build: LeaseMiddleware is not installed")
    return lease


class LeaseMiddleware:
    """Lease the current build for each HTTP request until its response is completely sent."""

    def __init__(self, app: ASGIApp, builds: BuildHolder) -> None:
        self.app = app
        self.builds = builds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lease = Lease(await self.builds.acquire())
        scope[SCOPE_KEY] = lease
        try:
            await self.app(scope, receive, send)
        finally:
            self.builds.release(lease.build)
