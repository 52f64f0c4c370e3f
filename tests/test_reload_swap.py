"""Requests while a running server's store is rebuilt: none fails, one ETag never covers two
builds, each client sees builds only move forward, a request in flight ends on the build it
started with, and the old build's files and worker processes are let go after it."""

from __future__ import annotations

import os
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import BuiltStore
from reload_support import (
    ARTICLES,
    BASE,
    BUILD_QUERY,
    JSON_RESULTS,
    PREFIXES,
    PROBES,
    build_from_body,
    etag_build,
    on_disk,
    povkg,
    serve_copy,
)
from server import RunningServer, _children


@pytest.fixture(scope="module")
def served(
    seeds_store: BuiltStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[RunningServer, Path]]:
    with serve_copy(seeds_store, tmp_path_factory.mktemp("reload")) as running:
        yield running


@dataclass(frozen=True)
class Record:
    probe: str
    status: int | None
    etag: str | None
    body_build: str | None
    articles: int | None
    error: str | None = None


def hammer(server: RunningServer, stop: threading.Event, records: list[Record]) -> None:
    """Ask every probe in turn, as fast as the server answers, until ``stop``."""
    names = [*PROBES, "documents"]
    with server.client() as client:
        index = 0
        while not stop.is_set():
            name = names[index % len(names)]
            index += 1
            try:
                if name == "documents":
                    response = client.get("/documents")
                    body, articles = None, len(response.json())
                else:
                    response = PROBES[name](client)
                    body, articles = build_from_body(name, response), None
                records.append(
                    Record(name, response.status_code, response.headers.get("etag"), body, articles)
                )
            except Exception as error:  # recorded, so that the test reports it
                records.append(Record(name, None, None, None, None, repr(error)))


def test_no_request_fails_while_the_store_is_rebuilt_twice(
    served: tuple[RunningServer, Path], tmp_path: Path
) -> None:
    server, path = served
    truth = [on_disk(path)]
    data = tmp_path / "extra.nt"
    data.write_text(f'<{BASE}test/second> <{BASE}test/p> "2" .\n', encoding="utf-8")
    records: list[Record] = []
    stop = threading.Event()
    thread = threading.Thread(target=hammer, args=(server, stop, records), daemon=True)
    thread.start()
    try:
        povkg("ingest", str(ARTICLES / "thai-nguyen-2025.txt"), "--store", str(path))
        truth.append(on_disk(path))
        povkg("load", str(data), "--store", str(path))
        truth.append(on_disk(path))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # until every probe has seen the last build
            seen = {r.probe for r in list(records) if build_of(r) == truth[-1].build_id}
            if seen == {*PROBES, "documents"}:
                break
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=60)
    order = [t.build_id for t in truth]
    assert len(set(order)) == 3
    articles = {t.build_id: t.articles for t in truth}
    assert [r for r in records if r.status != 200] == []
    assert len(records) > 3 * len(PROBES)
    assert {build_of(r) for r in records} == set(order), "the loop saw every build"
    by_probe: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_probe[record.probe].append(record)
    for name, answered in by_probe.items():
        builds = [build_of(r) for r in answered]
        assert all(b in order for b in builds), name
        positions = [order.index(b) for b in builds]
        assert positions == sorted(positions), f"{name} went back to an older build"
        assert builds[-1] == order[-1], name
        covered: dict[str, set[str | None]] = defaultdict(set)
        for record in answered:
            if record.etag is not None:  # the dumps index has none
                covered[record.etag].add(build_of(record))
            if record.articles is not None:
                assert record.articles == articles[build_of(record)]
        assert all(len(b) == 1 for b in covered.values()), f"{name}: one ETag, two builds"


def build_of(record: Record) -> str | None:
    """The build a recorded answer came from: its body's, else its ETag's (``/documents``)."""
    if record.body_build is not None:
        tagged = etag_build(record.etag)
        assert tagged in (None, record.body_build), record  # body and ETag agree
        return record.body_build
    return etag_build(record.etag)


# --- requests in flight, and the old build's files ---------------------------------------------


def deleted_store_files(server: RunningServer, store: Path) -> list[str]:
    """Files of deleted store directories still open (or mapped) by the server or its children."""
    parent = str(store.parent)
    pids = [server.process.pid]
    index = 0
    while index < len(pids):
        pids.extend(sorted(_children(pids[index])))
        index += 1
    held = []
    for pid in pids:
        proc = Path(f"/proc/{pid}")
        try:
            links = [os.readlink(fd) for fd in (proc / "fd").iterdir()]
            maps = (proc / "maps").read_text().splitlines()
        except OSError:  # the process ended meanwhile
            continue
        for line in [*links, *maps]:
            if parent in line and "(deleted)" in line:
                held.append(f"{pid}: {line}")
    return held


STREAM_ROWS = 150_000
STREAM_QUERY = (
    PREFIXES
    + "SELECT ?id ?s ?p ?o WHERE {"
    + " { SELECT ?id WHERE { GRAPH ?g { ?d prov:wasGeneratedBy ?b . ?b dcterms:identifier ?id } } }"
    + f" ?s ?p ?o . ?x ?y ?z }} LIMIT {STREAM_ROWS}"
)


def test_a_request_in_flight_ends_on_its_build_and_then_the_old_files_are_let_go(
    served: tuple[RunningServer, Path], tmp_path: Path
) -> None:
    server, path = served
    old = on_disk(path)
    data = tmp_path / "more.nt"
    data.write_text(f'<{BASE}test/third> <{BASE}test/p> "3" .\n', encoding="utf-8")
    old_workers = server.worker_pids()
    assert old_workers
    headers = {"Accept": "text/tab-separated-values", "Accept-Encoding": "identity"}
    with server.client() as streaming, server.client() as other:
        with streaming.stream(
            "GET", "/sparql", params={"query": STREAM_QUERY}, headers=headers
        ) as response:
            assert response.status_code == 200
            chunks = response.iter_bytes()
            head = next(chunks)  # the rest waits in the server: the worker is still busy
            povkg("load", str(data), "--store", str(path))
            new = on_disk(path)
            assert new.build_id != old.build_id
            fresh = other.get("/sparql", params={"query": BUILD_QUERY}, headers=JSON_RESULTS)
            assert build_from_body("sparql", fresh) == new.build_id
            assert deleted_store_files(server, path), "the old build is still being read"
            body = head + b"".join(chunks)
        lines = body.decode("utf-8").splitlines()
        assert lines[0].split("\t") == ["?id", "?s", "?p", "?o"]
        assert len(lines) == STREAM_ROWS + 1  # complete, not cut at the swap
        assert {line.split("\t", 1)[0] for line in lines[1:]} == {f'"{old.build_id}"'}
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (
            deleted_store_files(server, path) or old_workers & server.worker_pids()
        ):
            time.sleep(0.1)
        assert deleted_store_files(server, path) == []
        assert not old_workers & server.worker_pids(), "the old build's workers were stopped"
        again = other.get("/sparql", params={"query": BUILD_QUERY}, headers=JSON_RESULTS)
        assert build_from_body("sparql", again) == new.build_id
    log = server.log()
    assert "Traceback" not in log, log
