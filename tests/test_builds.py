"""Following the store across rebuilds, piece by piece: the identity of the directory at the
store's path, opening exactly one build, the holder that switches builds and keeps the old one
until its last request is done, worker pools pinned to one build, and dump directories kept for
builds still in use. The whole server is tested the same way in test_reload.py."""

from __future__ import annotations

import asyncio
import logging
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from starlette.requests import Request

import graph.snapshot
from api.builds import SCOPE_KEY, BuildHolder, Lease, LeaseMiddleware
from api.dumps.files import DUMP_FORMATS, DumpCache
from api.sparql.execute import BuildReplaced, WorkerPool
from api.sparql.worker import Job
from graph.config import DEFAULT_BASE_IRI
from graph.iris import Minter
from graph.snapshot import StoreReplacedError, open_snapshot, store_identity
from graph.store import StoreNotFoundError, build_info, open_read_only, replace_store
from graph.void import refresh_meta

LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
THING = ox.NamedNode(DEFAULT_BASE_IRI + "thing/x")
LABEL_QUERY = f"SELECT ?label WHERE {{ {THING} {LABEL} ?label }}"


def rebuild(path: Path, label: str) -> str:
    """Replace the store at ``path`` the way povkg's writers do; return the new build id."""

    def fill(store: ox.Store) -> None:
        graph_name = ox.NamedNode(DEFAULT_BASE_IRI + "graph/test")
        store.add(ox.Quad(THING, LABEL, ox.Literal(label), graph_name))
        refresh_meta(store, Minter(DEFAULT_BASE_IRI))

    replace_store(path, fill)
    info = build_info(open_read_only(path))
    assert info is not None
    return info.build_id


def label(store: ox.Store) -> str:
    rows = list(store.query(LABEL_QUERY, use_default_graph_as_union=True))
    assert len(rows) == 1
    return rows[0]["label"].value


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "store"


# --- which directory is at the path ------------------------------------------------------------


def test_identity_changes_with_every_rebuild_and_only_then(path: Path) -> None:
    assert store_identity(path) is None
    rebuild(path, "a")
    first = store_identity(path)
    assert first is not None and store_identity(path) == first
    store = open_read_only(path)  # readers leave the directory as it is
    assert label(store) == "a"
    del store
    assert store_identity(path) == first
    rebuild(path, "b")
    assert store_identity(path) not in (None, first)


def test_open_snapshot_opens_the_build_it_is_asked_for(path: Path) -> None:
    rebuild(path, "a")
    first = store_identity(path)
    store, identity = open_snapshot(path)
    assert identity == first and label(store) == "a"
    rebuild(path, "b")
    with pytest.raises(StoreReplacedError):
        open_snapshot(path, first)  # a worker of build a must not serve build b
    second = store_identity(path)
    store, identity = open_snapshot(path, second)
    assert identity == second and label(store) == "b"
    shutil.rmtree(path)
    with pytest.raises(StoreNotFoundError):
        open_snapshot(path)
    with pytest.raises(StoreReplacedError):
        open_snapshot(path, second)
    path.mkdir()  # a directory that is not a store is an error at once, not a swap
    with pytest.raises(StoreNotFoundError, match="no store"):
        open_snapshot(path)


def test_a_swap_during_the_open_is_noticed_and_the_open_tried_again(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rebuild(path, "a")
    real = graph.snapshot.open_read_only
    opened: list[ox.Store] = []

    def racing(where: Path) -> ox.Store:
        store = real(where)
        if not opened:
            rebuild(path, "b")  # a writer swaps right after this reader opened the old build
        opened.append(store)
        return store

    monkeypatch.setattr(graph.snapshot, "open_read_only", racing)
    store, identity = open_snapshot(path)
    assert len(opened) == 2
    assert label(store) == "b" and identity == store_identity(path)


# --- the holder ----------------------------------------------------------------------------------


def test_the_holder_follows_a_rebuild_and_keeps_the_old_build_for_its_requests(
    path: Path,
) -> None:
    first_id = rebuild(path, "a")

    async def scenario() -> None:
        holder = BuildHolder(path)
        first = await holder.acquire()
        assert first.build_id == first_id and label(first.store) == "a"
        again = await holder.acquire()
        assert again is first  # nothing changed: nothing reopened
        holder.release(again)

        second_id = rebuild(path, "b")
        second = await holder.acquire()
        assert second is not first and second.build_id == second_id
        assert label(second.store) == "b"
        assert first.retired and not first.closed  # a request still holds it...
        assert label(first.store) == "a"  # ...and reads its own build, though deleted from disk
        assert holder.live_build_ids() == {first_id, second_id}
        holder.release(first)
        assert first.closed and holder.live_build_ids() == {second_id}
        with pytest.raises(RuntimeError, match="closed"):
            _ = first.store
        holder.release(second)
        assert not second.closed  # the current build stays open without requests
        await holder.close()

    asyncio.run(scenario())


def test_a_path_that_is_not_a_store_keeps_the_current_build_and_is_retried_later(
    path: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="povkg.store")
    rebuild(path, "a")

    def failures() -> int:
        return sum("cannot be opened" in r.getMessage() for r in caplog.records)

    async def serve_one(holder: BuildHolder) -> str:
        build = await holder.acquire()
        try:
            return label(build.store)
        finally:
            holder.release(build)

    async def scenario() -> None:
        holder = BuildHolder(path, retry_seconds=3600)
        assert await serve_one(holder) == "a"
        path.rename(tmp_path / "moved-away")
        path.mkdir()  # not a store
        (path / "junk").write_text("not RocksDB")
        assert await serve_one(holder) == "a"
        assert failures() == 1
        assert await serve_one(holder) == "a"
        assert failures() == 1  # the same broken directory is not reopened on every request
        holder.retry_seconds = 0
        assert await serve_one(holder) == "a"
        assert failures() == 2  # ...but it is tried again once the wait is over
        holder.retry_seconds = 3600
        shutil.rmtree(path)
        rebuild(path, "b")  # a proper build is followed at once, whatever the wait
        assert await serve_one(holder) == "b"
        await holder.close()

    asyncio.run(scenario())


def test_a_missing_path_is_a_swap_in_progress_not_an_error(
    path: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="povkg.store")
    rebuild(path, "a")

    async def scenario() -> None:
        holder = BuildHolder(path)
        path.rename(tmp_path / "between-the-two-renames")
        build = await holder.acquire()
        assert label(build.store) == "a" and not build.retired
        holder.release(build)
        await holder.close()

    asyncio.run(scenario())
    assert not caplog.records


def test_renew_moves_a_request_to_the_new_build(path: Path) -> None:
    rebuild(path, "a")

    async def scenario() -> None:
        holder = BuildHolder(path)
        first = await holder.acquire()
        request = Request({"type": "http", SCOPE_KEY: Lease(first)})
        assert BuildHolder.of(request) is first
        rebuild(path, "b")
        second = await holder.renew(request)
        assert BuildHolder.of(request) is second and label(second.store) == "b"
        assert first.closed  # its only request moved on
        holder.release(second)
        await holder.close()

    asyncio.run(scenario())


def test_a_request_without_the_middleware_has_no_build() -> None:
    with pytest.raises(RuntimeError, match="LeaseMiddleware"):
        BuildHolder.of(Request({"type": "http"}))


def test_the_middleware_holds_the_lease_until_the_response_is_sent(path: Path) -> None:
    rebuild(path, "a")
    seen: list[int] = []

    async def scenario() -> None:
        holder = BuildHolder(path)

        async def app(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
            build = BuildHolder.of(Request(scope))
            await send({"type": "http.response.start", "status": 200, "headers": []})
            seen.append(build.leases)
            rebuild(path, "b")  # a rebuild while the body is being sent
            await holder.acquire()  # another request notices it
            seen.append(int(build.closed))
            await send({"type": "http.response.body", "body": label(build.store).encode()})

        sent: list[dict] = []

        async def send(message: dict) -> None:
            sent.append(message)

        async def receive() -> dict:
            return {"type": "http.request", "body": b""}

        middleware = LeaseMiddleware(app, holder)
        await middleware({"type": "http", "method": "GET", "path": "/"}, receive, send)
        assert sent[-1]["body"] == b"a"  # the old build answered to the end
        assert seen == [1, 0]
        assert holder.live_build_ids() == {holder.current.build_id}
        lifespan: list[str] = []

        async def other(scope, receive, send) -> None:  # type: ignore[no-untyped-def]
            lifespan.append(scope["type"])
            assert SCOPE_KEY not in scope

        await LeaseMiddleware(other, holder)({"type": "lifespan"}, receive, send)
        assert lifespan == ["lifespan"]
        await holder.close()

    asyncio.run(scenario())


# --- worker pools pinned to one build ----------------------------------------------------------


def _job() -> Job:
    return Job(LABEL_QUERY, None, True, None, None, "json", None)


def test_a_pool_of_a_replaced_build_refuses_the_new_one_and_a_fresh_pool_serves_it(
    path: Path,
) -> None:
    rebuild(path, "a")
    first = store_identity(path)
    rebuild(path, "b")

    async def scenario() -> None:
        stale = WorkerPool(str(path), 1, {}, first)
        stale.start()
        with pytest.raises(BuildReplaced, match="rebuilt"):
            await stale.execute(_job(), 30)
        assert stale.replaced
        await stale.close()
        fresh = WorkerPool(str(path), 1, {}, store_identity(path))
        fresh.start()
        execution = await fresh.execute(_job(), 30)
        assert b'"b"' in execution.head and not fresh.replaced
        await fresh.close()

    asyncio.run(scenario())


def test_the_holder_starts_a_pool_per_build(path: Path) -> None:
    rebuild(path, "a")

    async def scenario() -> None:
        holder = BuildHolder(path, lambda identity: WorkerPool(str(path), 1, {}, identity))
        await holder.start()
        first = await holder.acquire()
        assert first.pool is not None
        assert b'"a"' in (await first.pool.execute(_job(), 30)).head
        rebuild(path, "b")
        second = await holder.acquire()
        assert second.pool is not None and second.pool is not first.pool
        assert b'"b"' in (await second.pool.execute(_job(), 30)).head
        assert b'"a"' in (await first.pool.execute(_job(), 30)).head  # still in flight
        holder.release(first)
        assert first.pool is None  # stopped with the build
        holder.release(second)
        await holder.close()

    asyncio.run(scenario())


# --- dumps ---------------------------------------------------------------------------------------


def test_dumps_of_builds_in_use_are_kept_and_older_ones_removed(path: Path) -> None:
    build = rebuild(path, "a")
    root = path.parent / f"{path.name}-dumps"
    for old in ("older", "in-use"):
        (root / old).mkdir(parents=True)
    store = open_read_only(path)
    cache = DumpCache(store, path, build, keep=lambda: {"in-use", build})
    files = cache.get(DUMP_FORMATS[1])
    assert files.plain.is_file() and files.gzipped.is_file()
    assert sorted(p.name for p in root.iterdir()) == sorted([build, "in-use"])
    assert b'"a"' in files.plain.read_bytes()
