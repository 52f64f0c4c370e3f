"""Query worker pool size: how long a quick query waits beside slow ones, and throughput.

    python bench/pool.py [--workers 2 3 4] [--dir data/bench/pool]

For each pool size it serves a small fixture store (the tests' linked-data fixture) with a 6 s
query limit, sends two queries that run into the limit and, while they run, three quick
``ASK`` queries (their latency is the number that matters), then eight medium queries at once
(wall time: throughput). Not a test: timings on a shared machine are noisy; run it twice.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from linked_data_support import make_fixture_store
from server import run_server

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
MEDIUM = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f VALUES ?k { 1 2 3 4 5 6 } }"
QUICK = "ASK { ?s a <https://w3id.org/povkg/ontology#Province> }"


def timed(url: str, query: str) -> tuple[int, float]:
    """Status and seconds of one SPARQL GET."""
    started = time.perf_counter()
    answer = httpx.get(
        url,
        params={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=120,
    )
    return answer.status_code, time.perf_counter() - started


def measure(store: Path, logs: Path, workers: int) -> str:
    with run_server(store, logs, workers=workers, query_timeout=6.0) as server:
        url = server.sparql
        time.sleep(2)  # every worker up
        timed(url, QUICK)
        medium = statistics.median(timed(url, MEDIUM)[1] for _ in range(2))
        with ThreadPoolExecutor(8) as pool:
            slow = [pool.submit(timed, url, SLOW) for _ in range(2)]
            time.sleep(0.5)
            quick = [timed(url, QUICK) for _ in range(3)]
            for future in slow:
                future.result()
        time.sleep(2)  # workers killed at the limit are replaced
        started = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            statuses = {c for c, _ in pool.map(lambda _: timed(url, MEDIUM), range(8))}
        wall = time.perf_counter() - started
    return (
        f"workers={workers}: medium query alone {medium:.2f} s | ASK beside 2 slow queries: "
        f"{', '.join(f'{s} in {d:.2f} s' for s, d in quick)} | 8 medium at once: {wall:.2f} s "
        f"(statuses {sorted(statuses)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[2, 3, 4])
    parser.add_argument("--dir", type=Path, default=Path("data/bench/pool"))
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    store = args.dir / "store"
    if not store.exists():
        make_fixture_store(store)
    for workers in args.workers:
        print(measure(store, args.dir, workers), flush=True)


if __name__ == "__main__":
    main()
