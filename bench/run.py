"""Time povkg's SPARQL endpoint against rdflib's engine on the same synthetic data, over HTTP.

    python bench/run.py [--sizes 100000 1000000] [--repeats 5] [--timeout 120]

For each size: generate the graph (``bench/synth.py``; reused if present), ``povkg load`` it into
a store and ``povkg serve`` it, serve the same file with ``rdflib-endpoint`` (rdflib's engine) and,
as a reference, with Oxigraph's own server; then run every query of ``bench/queries/`` against
each, warm-up first, repetitions interleaved across engines, and print per query the medians, the
ratio rdflib/povkg and the geometric mean of the ratios. Answers are compared across engines.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import platform
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `bench` importable
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from bench import servers  # noqa: E402
from bench.timing import Query, QueryFailed, Timing, ask, canonical, load_queries  # noqa: E402

BASELINE = "rdflib"


@dataclass
class SizeResult:
    """Everything measured at one graph size."""

    label: str
    triples: int
    setup: dict[str, float] = field(default_factory=dict)  # what -> seconds
    timings: dict[str, dict[str, Timing]] = field(default_factory=dict)  # query -> engine -> t


def size_label(triples: int) -> str:
    if triples >= 1_000_000 and triples % 1_000_000 == 0:
        return f"{triples // 1_000_000}M"
    return f"{triples // 1000}k" if triples % 1000 == 0 else str(triples)


def _measure(
    client: httpx.Client, server: servers.Server, query: Query, timeout: float
) -> tuple[float | None, bytes | None, str | None]:
    """(seconds, body, error); seconds is None on a time-out."""
    try:
        seconds, body = ask(client, server.url, query, timeout)
        return seconds, body, None
    except httpx.TimeoutException:
        return None, None, None
    except (QueryFailed, httpx.TransportError) as error:
        return None, None, str(error)


def run_mix(
    engines: dict[str, servers.Server],
    restart: dict[str, Callable[[], servers.Server]],
    queries: list[Query],
    args: argparse.Namespace,
) -> dict[str, dict[str, Timing]]:
    """Warm-up, then ``repeats`` rounds interleaved across engines, per query."""
    results: dict[str, dict[str, Timing]] = {}
    with httpx.Client() as client:
        for query in queries:
            row = results.setdefault(query.name, {name: Timing() for name in engines})
            for name, server in engines.items():
                seconds, body, error = _measure(client, server, query, args.timeout)
                timing = row[name]
                if error is not None:
                    timing.error = error
                elif seconds is None:
                    timing.timed_out_after = args.timeout
                    print(
                        f"  {query.name}: {name} timed out after {args.timeout:.0f} s", flush=True
                    )
                    server.stop()  # the engine may still be busy with the query: start afresh
                    engines[name] = restart[name]()
                else:
                    timing.answer = canonical(query, body or b"")
                    if seconds > args.budget:  # the warm-up already took longer than the budget
                        timing.seconds.append(seconds)
            for _ in range(args.repeats):
                for name, server in engines.items():
                    timing = row[name]
                    if timing.answer is None or sum(timing.seconds) > args.budget:
                        continue
                    seconds, _, error = _measure(client, server, query, args.timeout)
                    if seconds is None:
                        timing.error = error or f"timed out on a repetition ({args.timeout:.0f} s)"
                        break
                    timing.seconds.append(seconds)
            print("  " + _progress(query.name, row), flush=True)
    return results


def _progress(name: str, row: dict[str, Timing]) -> str:
    parts = []
    for engine, t in row.items():
        parts.append(f"{engine}={_ms(t)}")
    return f"{name}: " + ", ".join(parts)


def _ms(t: Timing) -> str:
    if t.error is not None:
        return "error"
    if t.timed_out_after is not None:
        return f">= {t.timed_out_after * 1000:,.0f}"
    median = t.median
    return "-" if median is None else f"{median * 1000:,.1f}"


def _ratio(row: dict[str, Timing]) -> tuple[float | None, bool]:
    """(rdflib/povkg, is a lower bound)."""
    ours, base = row.get("povkg"), row.get(BASELINE)
    if ours is None or base is None or ours.median is None:
        return None, False
    if base.timed_out_after is not None:
        return base.timed_out_after / ours.median, True
    if base.median is None:
        return None, False
    return base.median / ours.median, False


def _agreement(row: dict[str, Timing]) -> str:
    """Whether the engines that answered gave the same answer, and who did not answer."""
    answers = {name: t.answer for name, t in row.items() if t.answer is not None}
    missing = [
        f"{name} timed out" if t.timed_out_after is not None else f"{name} failed"
        for name, t in row.items()
        if t.answer is None
    ]
    note = f" ({', '.join(missing)})" if missing else ""
    if len(answers) < 2:
        return "n/a" + note
    first = next(iter(answers.values()))
    if all(a == first for a in answers.values()):
        return "same" + note
    sizes = ", ".join(f"{n}={sum(a.values())}" for n, a in answers.items())
    return f"DIFFERENT {sizes}{note}"


def table(result: SizeResult, engines: list[str]) -> str:
    """The markdown table of one size."""
    head = ["query", "rows", *[f"{e} ms" for e in engines], "rdflib / povkg", "answers"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    ratios: list[float] = []
    bounded = False
    for name, row in result.timings.items():
        ratio, lower = _ratio(row)
        if ratio is not None:
            ratios.append(ratio)
            bounded |= lower
        shown = "-" if ratio is None else f"{'>= ' if lower else ''}{ratio:,.1f}x"
        size = row["povkg"].size if "povkg" in row else None
        cells = [name, "-" if size is None else str(size), *[_ms(row[e]) for e in engines]]
        lines.append("| " + " | ".join([*cells, shown, _agreement(row)]) + " |")
    if ratios:
        geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        mark = ">= " if bounded else ""
        lines.append(
            f"\nGeometric mean of the ratios: **{mark}{geo:,.1f}x** over {len(ratios)} queries."
        )
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    versions = []
    for package in ("pyoxigraph", "rdflib", "rdflib-endpoint", "oxigraph", "uvicorn"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{package} {metadata.version(package)}")
    return (
        f"{cpu}, {servers.os.cpu_count()} cores{memory}; Python {platform.python_version()}; "
        + ", ".join(versions)
    )


def bench_size(triples: int, queries: list[Query], args: argparse.Namespace) -> SizeResult:
    label = size_label(triples)
    work = args.data_dir
    work.mkdir(parents=True, exist_ok=True)
    data = work / f"synth-{label}-seed{args.seed}.nt"
    result = SizeResult(label, triples)
    if not data.exists() or args.regenerate:
        started = time.perf_counter()
        command = [sys.executable, str(ROOT / "bench" / "synth.py"), "--triples", str(triples)]
        subprocess.run([*command, "--out", str(data), "--seed", str(args.seed)], check=True)
        result.setup["generate"] = time.perf_counter() - started
    with data.open("rb") as f:
        result.triples = sum(1 for _ in f)
    print(f"== {label}: {data} ({result.triples} triples)", flush=True)
    log = work / f"servers-{label}.log"
    engines: dict[str, servers.Server] = {}
    try:
        store = work / f"povkg-store-{label}"
        result.setup["povkg load"] = servers.load_povkg(data, store, log)
        timeout = args.timeout + 30

        def povkg() -> servers.Server:
            return servers.start_povkg(store, log, timeout)

        def rdflib() -> servers.Server:
            return servers.start_rdflib(data, log)

        restart = {"povkg": povkg, BASELINE: rdflib}
        engines["povkg"] = povkg()
        result.setup["povkg start"] = engines["povkg"].started_in
        if not args.no_oxigraph:
            location = work / f"oxigraph-{label}"
            result.setup["oxigraph load"] = servers.load_oxigraph(data, location, log)

            def oxigraph() -> servers.Server:
                return servers.start_oxigraph(location, log)

            restart["oxigraph"] = oxigraph
            engines["oxigraph"] = oxigraph()
        engines[BASELINE] = rdflib()
        result.setup["rdflib parse + start"] = engines[BASELINE].started_in
        result.timings = run_mix(engines, restart, queries, args)
    finally:
        for server in engines.values():  # run_mix replaces a server it had to restart
            server.stop()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=5, help="timed runs after the warm-up")
    parser.add_argument("--timeout", type=float, default=120, help="per-query limit, seconds")
    parser.add_argument(
        "--budget", type=float, default=60,
        help="stop repeating a query on an engine once its timed runs add up to this (seconds)",
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data" / "bench")
    parser.add_argument("--queries", type=Path, default=ROOT / "bench" / "queries")
    parser.add_argument("--regenerate", action="store_true", help="generate the graphs again")
    parser.add_argument("--no-oxigraph", action="store_true", help="skip Oxigraph's server")
    parser.add_argument("--markdown", type=Path, help="also write the tables to this file")
    args = parser.parse_args(argv)
    # Stop the servers on SIGTERM too (a background job ignores Ctrl-C): `finally` runs on exit.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    queries = load_queries(args.queries)
    if not queries:
        parser.error(f"no *.rq queries in {args.queries}")
    report = [f"Machine: {machine()}", ""]
    for triples in args.sizes:
        try:
            result = bench_size(triples, queries, args)
        except (servers.ServerError, subprocess.CalledProcessError) as error:
            print(f"bench: {error}", file=sys.stderr)
            return 1
        engines = [
            e
            for e in ("povkg", "oxigraph", BASELINE)
            if any(e in r for r in result.timings.values())
        ]
        setup = ", ".join(f"{k} {v:.1f} s" for k, v in result.setup.items())
        section = [
            f"### {result.label} ({result.triples:,} triples)",
            "",
            f"Setup: {setup}.",
            "",
            table(result, engines),
            "",
        ]
        print("\n".join(section), flush=True)
        report += section
    if args.markdown:
        args.markdown.write_text("\n".join(report), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
