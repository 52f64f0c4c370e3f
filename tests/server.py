"""Run the real application under uvicorn in a subprocess, on a free loopback port.

The parent binds the listening socket (port 0: the kernel picks a free port, no race) and
hands it to the child, which serves it with uvicorn. Stores are made with pyoxigraph directly.
Run as a script, this file is the child.
"""

from __future__ import annotations

import argparse
import gc
import os
import socket
import subprocess
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 60.0


def make_store(
    path: Path, quads: Iterable[ox.Quad] = (), files: Iterable[tuple[Path, str]] = ()
) -> Path:
    """Write a store at ``path`` with ``quads`` and N-Triples ``files`` loaded into graphs."""
    store = ox.Store(str(path))
    store.extend(quads)
    for file, graph in files:
        store.load(path=str(file), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
    store.flush()
    del store
    gc.collect()
    return path


@dataclass
class RunningServer:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def sparql(self) -> str:
        return self.base_url + "/sparql"

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, timeout=60, **kwargs)  # type: ignore[arg-type]

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def worker_pids(self) -> set[int]:
        """Query worker processes: children of the forkserver, the server's own child."""
        return {
            pid for child in _children(self.process.pid) for pid in _children(child) if _alive(pid)
        }


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    tasks = Path(f"/proc/{pid}/task")
    if not tasks.is_dir():
        return found
    for task in tasks.iterdir():
        try:
            found.update(int(p) for p in (task / "children").read_text().split())
        except OSError:
            continue
    return found


@contextmanager
def run_server(
    store: Path,
    log_dir: Path,
    *,
    base_iri: str = "https://w3id.org/povkg/id/",
    query_timeout: float = 30.0,
    max_query_bytes: int | None = None,
    workers: int = 2,
    allow_service: bool = False,
) -> Iterator[RunningServer]:
    """Start the server on ``store``, wait until it answers a query, stop it afterwards."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    args = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--fd", str(listener.fileno()),
        "--store", str(store),
        "--base-iri", base_iri,
        "--query-timeout", str(query_timeout),
        "--workers", str(workers),
    ]  # fmt: skip
    if max_query_bytes is not None:
        args += ["--max-query-bytes", str(max_query_bytes)]
    if allow_service:
        args.append("--allow-service")
    # No proxy: a federated query in a test must go to the loopback server it names.
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    path = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.update(PYTHONPATH=path, NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    log_path = log_dir / f"server-{port}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, pass_fds=[listener.fileno()], stdout=log, stderr=log
        )
    listener.close()  # the child holds it now: if it dies, connections are refused
    server = RunningServer(f"http://127.0.0.1:{port}", process, log_path)
    try:
        _wait_ready(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(server: RunningServer) -> None:
    try:
        response = httpx.get(server.sparql, params={"query": "ASK {}"}, timeout=READY_TIMEOUT)
    except httpx.HTTPError as error:
        raise RuntimeError(f"server did not start ({error!r}):\n{server.log()}") from error
    if response.status_code != 200:
        raise RuntimeError(f"server answered {response.status_code}:\n{server.log()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fd", type=int, required=True)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--base-iri", required=True)
    parser.add_argument("--query-timeout", type=float, required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--max-query-bytes", type=int)
    parser.add_argument("--allow-service", action="store_true")
    args = parser.parse_args()

    import uvicorn

    from api.app import create_app
    from graph.config import Settings

    options = {"max_query_bytes": args.max_query_bytes} if args.max_query_bytes else {}
    app = create_app(
        Settings(store=args.store, base_iri=args.base_iri),
        query_timeout=args.query_timeout,
        workers=args.workers,
        allow_service=args.allow_service,
        **options,
    )
    config = uvicorn.Config(app, log_level="warning")
    uvicorn.Server(config).run(sockets=[socket.socket(fileno=args.fd)])


if __name__ == "__main__":
    main()
