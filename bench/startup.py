"""Time ``povkg serve`` start-up on an existing store: process start to first answered request.

    python bench/startup.py [--store DIR] [--runs 15] [--tree DIR --tree DIR ...]

Each run starts ``python -m api.cli serve`` on a free loopback port and polls until it answers,
twice over: the first response of any kind (``GET /sparql`` for the service description, answered
in the server process) and the first SPARQL query (``ASK {}``, answered by a query worker). A
second series of runs under ``python -X importtime`` gives the share of the start-up spent
importing modules in the server process (the query workers' forkserver is started without
``-X importtime``, so its imports are not counted; importtime adds some overhead of its own).

``--tree`` names povkg source trees to start (default: this one); give two, e.g. an export of
the previous commit (``git archive HEAD | tar -x -C /tmp/before``) and this tree, to compare
them: their runs are interleaved so that both see the same machine load. The machine is noisy:
the script prints the median and the spread (min, quartiles, max) of every series. Without
``--store`` it builds one from seeds/ first (not timed).
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.002
GIVE_UP_SECONDS = 60.0
_IMPORT_LINE = re.compile(r"^import time:\s+-?\d+ \|\s+(\d+) \| ( *)(\S+)")
_TRACED = """
import runpy, sys
# multiprocessing passes -X options on to the forkserver it starts: keep importtime to this process
sys._xoptions.pop("importtime", None)
sys.argv[0] = "povkg"
runpy.run_module("api.cli", run_name="__main__")
"""


@dataclass(frozen=True)
class Run:
    first_response: float
    first_query: float
    imports: float | None
    """Seconds spent in top-level imports (only for runs under ``-X importtime``)."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _env(tree: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POVKG_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(tree), env.get("PYTHONPATH")) if p)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


def _poll(
    url: str, params: dict[str, str], accept: str, started: float, process: subprocess.Popen
) -> float:
    """Seconds from ``started`` until ``url`` answers 200."""
    with httpx.Client(timeout=GIVE_UP_SECONDS) as client:
        while time.perf_counter() - started < GIVE_UP_SECONDS:
            if process.poll() is not None:
                raise RuntimeError(f"povkg serve exited with status {process.returncode}")
            try:
                response = client.get(url, params=params, headers={"Accept": accept})
            except httpx.TransportError:
                time.sleep(POLL_SECONDS)
                continue
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}: {response.text}")
            return time.perf_counter() - started
    raise RuntimeError(f"no answer from {url} within {GIVE_UP_SECONDS:g} s")


def _imports(stderr: str) -> float:
    """Total of the top-level imports in ``-X importtime`` output (nested ones are included)."""
    total = 0
    for line in stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match and not match.group(2):
            total += int(match.group(1))
    return total / 1e6


def one_run(tree: Path, store: Path, workers: int, importtime: bool) -> Run:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/sparql"
    serve = ["serve", "--store", str(store), "--port", str(port), "--workers", str(workers)]
    if importtime:
        command = [sys.executable, "-X", "importtime", "-c", _TRACED, *serve]
    else:
        command = [sys.executable, "-m", "api.cli", *serve]
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=tree, env=_env(tree), stdout=log, stderr=log)
        try:
            # The service description comes from the server process: the first response.
            first_response = _poll(url, {}, "text/turtle", started, process)
            # A query needs a worker process; poll again (it may be ready already).
            first_query = _poll(url, {"query": "ASK {}"}, "*/*", started, process)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    return Run(first_response, first_query, _imports(output) if importtime else None)


def _build(directory: Path) -> Path:
    store = directory / "store"
    subprocess.run(
        [sys.executable, "-m", "api.cli", "build", "--store", str(store)],
        cwd=ROOT,
        env=_env(ROOT),
        check=True,
        capture_output=True,
    )
    return store


def _spread(values: list[float]) -> str:
    ordered = sorted(values)
    if len(ordered) >= 4:
        q1, _, q3 = statistics.quantiles(ordered, n=4)
    else:
        q1, q3 = ordered[0], ordered[-1]
    return (
        f"median {statistics.median(ordered) * 1000:6.0f} ms  (min {ordered[0] * 1000:.0f}, "
        f"q1 {q1 * 1000:.0f}, q3 {q3 * 1000:.0f}, max {ordered[-1] * 1000:.0f})"
    )


def report(tree: Path, plain: list[Run], traced: list[Run]) -> None:
    print(f"\n{tree}")
    print(f"  first response (service description): {_spread([r.first_response for r in plain])}")
    print(f"  first SPARQL query (ASK, a worker):     {_spread([r.first_query for r in plain])}")
    imports = [r.imports for r in traced if r.imports is not None]
    shares = [r.imports / r.first_response for r in traced if r.imports is not None]
    print(f"  imports (under -X importtime):          {_spread(imports)}")
    print(
        f"  imports / first response (same runs):   median {statistics.median(shares):.0%}  "
        f"(min {min(shares):.0%}, max {max(shares):.0%})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="an existing store (default: build one)")
    parser.add_argument("--runs", type=int, default=15, help="runs per series (default 15)")
    parser.add_argument("--workers", type=int, default=2, help="query workers (default 2)")
    parser.add_argument(
        "--tree", type=Path, action="append", help="povkg source tree to start (repeatable)"
    )
    args = parser.parse_args()
    trees = [t.resolve() for t in (args.tree or [ROOT])]
    with tempfile.TemporaryDirectory(prefix="povkg-startup-") as scratch:
        store = (args.store or _build(Path(scratch))).resolve()
        plain: dict[Path, list[Run]] = {t: [] for t in trees}
        traced: dict[Path, list[Run]] = {t: [] for t in trees}
        for tree in trees:
            one_run(tree, store, args.workers, importtime=False)  # warm the page cache
        for _ in range(args.runs):  # interleaved: every tree sees the same load
            for tree in trees:
                plain[tree].append(one_run(tree, store, args.workers, importtime=False))
                traced[tree].append(one_run(tree, store, args.workers, importtime=True))
    print(f"povkg serve start-up: {args.runs} runs per series, store {store}")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}")
    for tree in trees:
        report(tree, plain[tree], traced[tree])
    if len(trees) == 2:
        before, after = (statistics.median(r.first_response for r in plain[t]) for t in trees)
        print(f"\nfirst response: {after / before:.2f} x the time of {trees[0]}")


if __name__ == "__main__":
    main()
