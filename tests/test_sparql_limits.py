"""Time limits, streaming and the worker processes, against a real running server.

A query past its time limit is cancelled (its worker process is killed and replaced) and
answers 503 while other queries keep being answered; a failure after part of a large result
was sent cuts the connection, so the client can tell the body is incomplete; a client that
goes away mid-stream stops its query.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from server import RunningServer, make_store, run_server
from sparql_data import G_BULK, quads

TIMEOUT = 2.0
ENDLESS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
ENDLESS_STREAM = "SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TRIPLE_TERM_LAST = f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
    {{ GRAPH <{G_BULK}> {{ ?s ?p ?o }} }}
    UNION
    {{ BIND(<urn:zzz> AS ?s) BIND(<urn:p> AS ?p)
       BIND(<<( <urn:a> <urn:b> <urn:c> )>> AS ?o) }}
}} ORDER BY ?s"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("limits") / "store", quads())


@pytest.fixture(scope="module")
def server(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    logs = tmp_path_factory.mktemp("logs")
    with run_server(store, logs, query_timeout=TIMEOUT, workers=2) as running:
        yield running


def _wait_for_workers(
    server: RunningServer, count: int, unlike: set[int] = frozenset()
) -> set[int]:
    """The worker pids once there are ``count`` of them and they differ from ``unlike``."""
    for _ in range(400):
        pids = server.worker_pids()
        if len(pids) == count and pids != unlike:
            return pids
        time.sleep(0.05)
    raise AssertionError(f"expected {count} new workers, found {server.worker_pids()}")


def _quick(client: httpx.Client) -> int:
    return client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code


def test_slow_query_is_cancelled_while_others_are_served(server: RunningServer) -> None:
    before = _wait_for_workers(server, 2)
    with server.client() as slow_client, server.client() as quick_client:
        with ThreadPoolExecutor(1) as executor:
            slow = executor.submit(slow_client.get, "/sparql", params={"query": ENDLESS_COUNT})
            quick = [_quick(quick_client) for _ in range(5)]
            assert not slow.done()  # answered while the slow query was still running
            response = slow.result()
        assert quick == [200] * 5
        assert response.status_code == 503
        assert "time limit" in response.text
        after = _wait_for_workers(server, 2, unlike=before)
        assert len(before & after) == 1  # the slow query's worker was killed and replaced
        assert [_quick(quick_client) for _ in range(4)] == [200] * 4


def test_two_slow_queries_do_not_stop_the_server(server: RunningServer) -> None:
    with ThreadPoolExecutor(2) as executor:
        futures = [
            executor.submit(httpx.get, server.sparql, params={"query": ENDLESS_COUNT}, timeout=60)
            for _ in range(2)
        ]
        statuses = [f.result().status_code for f in futures]
    assert statuses == [503, 503]
    _wait_for_workers(server, 2)
    with server.client() as client:
        assert _quick(client) == 200


def _logged_since(server: RunningServer, start: int, needle: str) -> str:
    """The server's log after ``start`` once it holds ``needle`` (the server writes it when
    the connection is cut, a moment after the client has seen the end)."""
    for _ in range(200):
        text = server.log()[start:]
        if needle in text:
            time.sleep(0.2)  # anything the server logs right after the same event
            return server.log()[start:]
        time.sleep(0.05)
    raise AssertionError(f"{needle!r} never logged:\n{server.log()[start:]}")


def _check_one_warning(log: str, reason: str) -> None:
    lines = [line for line in log.splitlines() if "results aborted" in line]
    assert len(lines) == 1, log
    assert "GET /sparql" in lines[0] and reason in lines[0], lines[0]
    assert "Traceback" not in log and "Exception in ASGI application" not in log, log


def test_timeout_in_the_middle_of_a_stream_aborts_the_response(server: RunningServer) -> None:
    received = 0
    start = len(server.log())
    with server.client() as client:
        stream = client.stream(
            "GET", "/sparql", params={"query": ENDLESS_STREAM}, headers={"Accept": "text/csv"}
        )
        # Never a body that looks complete: the connection is cut before the last chunk.
        with pytest.raises(httpx.RemoteProtocolError), stream as response:
            assert response.status_code == 200
            for chunk in response.iter_raw():
                received += len(chunk)
        assert received > 64 * 1024
        assert _quick(client) == 200
    _check_one_warning(_logged_since(server, start, "results aborted"), "time limit")


@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_error_in_the_middle_of_a_stream_aborts_the_response(
    server: RunningServer, encoding: str
) -> None:
    # JSON-LD cannot express the triple term that comes last, after >64 KiB were sent.
    start = len(server.log())
    with server.client() as client:
        with (
            pytest.raises(httpx.RemoteProtocolError),
            client.stream(
                "GET",
                "/sparql",
                params={"query": TRIPLE_TERM_LAST},
                headers={"Accept": "application/ld+json", "Accept-Encoding": encoding},
            ) as response,
        ):
            assert response.status_code == 200
            for _ in response.iter_raw():
                pass
        assert _quick(client) == 200
    _check_one_warning(_logged_since(server, start, "results aborted"), "JSON-LD")


def test_error_before_the_first_bytes_is_a_clean_500(server: RunningServer) -> None:
    query = "CONSTRUCT { <urn:s> <urn:p> ?o } WHERE { BIND(<<( <urn:a> <urn:b> <urn:c> )>> AS ?o) }"
    with server.client() as client:
        response = client.get("/sparql", params={"query": query, "format": "jsonld"})
        assert response.status_code == 500
        assert "JSON-LD does not support RDF 1.2" in response.text
        turtle = client.get("/sparql", params={"query": query, "format": "turtle"})
        assert turtle.status_code == 200
        assert "<<( <urn:a> <urn:b> <urn:c> )>>" in turtle.text


def test_client_going_away_mid_stream_stops_the_query(store: Path, tmp_path: Path) -> None:
    # A long time limit, so only the disconnection can explain the killed worker.
    with run_server(store, tmp_path, query_timeout=600, workers=2) as running:
        before = _wait_for_workers(running, 2)
        with running.client() as client:
            with client.stream("GET", "/sparql", params={"query": ENDLESS_STREAM}) as response:
                assert response.status_code == 200
                next(response.iter_raw())
            after = _wait_for_workers(running, 2, unlike=before)
            assert len(before & after) == 1
            assert _quick(client) == 200


def test_workers_that_die_are_replaced(server: RunningServer) -> None:
    import os
    import signal

    before = _wait_for_workers(server, 2)
    for pid in before:
        os.kill(pid, signal.SIGKILL)
    with server.client() as client:
        assert _quick(client) == 200
    after = _wait_for_workers(server, 2, unlike=before)
    assert not before & after
