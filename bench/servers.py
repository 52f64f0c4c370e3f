"""Start, load and stop the SPARQL servers the benchmark compares, each over real HTTP.

Every server runs in its own process on a free loopback port: povkg (``povkg load`` into a store,
then ``povkg serve``), rdflib's engine (``rdflib-endpoint serve``, which parses the file into an
in-memory rdflib Dataset) and, as a reference, Oxigraph's own server (``oxigraph load`` and
``oxigraph serve-read-only``). Only processes started here are stopped here, by their own handle.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


class ServerError(RuntimeError):
    """A server that failed to load its data or to start answering."""


@dataclass
class Server:
    """A running SPARQL endpoint and the process behind it."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    started_in: float  # seconds from launch to the first answered query (includes loading)

    def stop(self) -> None:
        """Stop this server's process group (uvicorn may have worker children)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _executable(name: str) -> str:
    found = BIN / name
    if found.exists():
        return str(found)
    path = shutil.which(name)
    if path is None:
        raise ServerError(f"{name} is not installed")
    return path


def _run(command: list[str], log: Path, what: str) -> float:
    """Run a loading command to completion; return its duration."""
    started = time.perf_counter()
    with log.open("ab") as out:
        done = subprocess.run(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise ServerError(f"{what} failed (exit {done.returncode}); see {log}")
    return time.perf_counter() - started


def _start(name: str, command: list[str], url: str, log: Path, ready_within: float) -> Server:
    started = time.perf_counter()
    out = log.open("ab")
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    out.close()
    server = Server(name, url, process, log, 0.0)
    deadline = started + ready_within
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise ServerError(f"{name} exited with {process.returncode}; see {log}")
        try:
            answer = httpx.post(
                url,
                data={"query": "ASK { ?s ?p ?o }"},
                headers={"Accept": "application/sparql-results+json"},
                timeout=5,
            )
            if answer.status_code == 200:
                server.started_in = time.perf_counter() - started
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    server.stop()
    raise ServerError(f"{name} did not answer within {ready_within:.0f} s; see {log}")


def load_povkg(data: Path, store: Path, log: Path) -> float:
    """``povkg load`` the file into a fresh store; returns the loading time."""
    if store.exists():
        shutil.rmtree(store)
    command = [sys.executable, "-m", "api.cli", "load", str(data), "--store", str(store)]
    return _run(command, log, "povkg load")


def start_povkg(store: Path, log: Path, query_timeout: float) -> Server:
    port = free_port()
    command = [sys.executable, "-m", "api.cli", "serve", "--store", str(store)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--query-timeout", str(query_timeout)]
    return _start("povkg", command, f"http://127.0.0.1:{port}/sparql", log, 60)


def start_rdflib(data: Path, log: Path, ready_within: float = 1800) -> Server:
    port = free_port()
    command = [_executable("rdflib-endpoint"), "serve", str(data)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    return _start("rdflib", command, f"http://127.0.0.1:{port}/", log, ready_within)


def load_oxigraph(data: Path, location: Path, log: Path) -> float:
    if location.exists():
        shutil.rmtree(location)
    command = [_executable("oxigraph"), "load", "--location", str(location), "--file", str(data)]
    return _run(command, log, "oxigraph load")


def start_oxigraph(location: Path, log: Path) -> Server:
    port = free_port()
    command = [_executable("oxigraph"), "serve-read-only", "--location", str(location)]
    # The union of all graphs as the default graph, as povkg and rdflib-endpoint answer.
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    return _start("oxigraph", command, f"http://127.0.0.1:{port}/query", log, 60)
