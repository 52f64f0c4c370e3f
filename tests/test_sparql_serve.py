"""``povkg serve`` through the real command line: options, environment, errors, shutdown."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from server import ROOT, make_store
from sparql_data import quads

SD = "http://www.w3.org/ns/sparql-service-description#"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POVKG_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.update(extra)
    return env


@contextmanager
def serve(args: list[str], cwd: Path, env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


def _wait(url: str, process: subprocess.Popen[str]) -> httpx.Response:
    for _ in range(600):
        if process.poll() is not None:
            raise AssertionError(f"povkg serve exited with {process.returncode}")
        try:
            return httpx.get(url, params={"query": "ASK {}"}, timeout=30)
        except httpx.ConnectError:
            time.sleep(0.05)
    raise AssertionError("povkg serve did not answer")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("serve") / "store", quads())


def test_serve_with_options(store: Path, tmp_path: Path) -> None:
    port = _free_port()
    args = ["--store", str(store), "--port", str(port), "--query-timeout", "5", "--workers", "1"]
    with serve(args, tmp_path, _env()) as process:
        response = _wait(f"http://127.0.0.1:{port}/sparql", process)
        assert response.json() == {"head": {}, "boolean": True}
        description = httpx.get(
            f"http://127.0.0.1:{port}/sparql", headers={"Accept": "application/n-triples"}
        )
        assert '"PT5S"^^<http://www.w3.org/2001/XMLSchema#duration>' in description.text
        assert f"<{SD}BasicFederatedQuery>" not in description.text
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert f"serving {store}" in output


def test_serve_reads_the_environment(store: Path, tmp_path: Path) -> None:
    port = _free_port()
    env = _env(POVKG_HOST="127.0.0.1", POVKG_PORT=str(port), POVKG_STORE=str(store))
    with serve([], tmp_path, env) as process:
        assert _wait(f"http://127.0.0.1:{port}/sparql", process).status_code == 200
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    # uvicorn shuts down gracefully, then re-raises SIGTERM so the exit status tells why.
    assert process.returncode in (0, -signal.SIGTERM)
    assert "Application shutdown complete" in output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "99999"], "not a TCP port"),
        (["--query-timeout", "0"], "positive"),
        (["--port", "eighty"], "invalid"),
    ],
)
def test_bad_options_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    with serve(args, tmp_path, _env()) as process:
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 2
    assert message in output
    assert "Traceback" not in output


def test_no_store_and_no_seeds_is_a_clear_error(tmp_path: Path) -> None:
    args = ["--store", str(tmp_path / "missing"), "--seeds", str(tmp_path / "nothing")]
    with serve(args, tmp_path, _env()) as process:
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 1
    assert "no store and no seeds directory" in output
    assert "Traceback" not in output


def test_port_in_use_is_an_error(store: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with serve(["--store", str(store), "--port", str(port)], tmp_path, _env()) as process:
            output, _ = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "address already in use" in output.lower()


def test_serve_builds_the_store_from_the_seeds_first(tmp_path: Path) -> None:
    try:
        from graph.extract import extract  # noqa: F401
    except ImportError:
        pytest.skip("the extraction pipeline (graph.extract.extract) has not landed yet")
    port = _free_port()
    store = tmp_path / "store"
    args = ["--store", str(store), "--port", str(port), "--seeds", str(ROOT / "seeds")]
    with serve(args, tmp_path, _env()) as process:
        _wait(f"http://127.0.0.1:{port}/sparql", process)
        count = httpx.get(
            f"http://127.0.0.1:{port}/sparql",
            params={"query": "SELECT (COUNT(*) AS ?n) { ?d a pov:Article }"},
        ).json()
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert count["results"]["bindings"][0]["n"]["value"] == "5"
    assert store.is_dir()
