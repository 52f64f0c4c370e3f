"""The `povkg` commands that need no web server: build, validate, export, query, ingest,
extract, measurements, load.

``build_parser`` makes the argument parser (other packages add commands through
``extra_commands``: ``api.serve.register`` adds ``serve``); ``run`` parses, resolves the settings
and runs the command's handler. Every failure ends as one line on stderr and a non-zero exit
status, never a traceback: 1 for failures, 2 for bad usage (including a malformed query).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from graph.config import ENV_BASE_IRI, ENV_STORE, settings

PROG = "povkg"
Register = Callable[[Any], None]


class UsageError(Exception):
    """Bad input from the user (exit status 2)."""


def _err(message: str) -> None:
    """One line on stderr: parser messages spanning several lines are joined."""
    print(f"{PROG}: {' '.join(message.split())}", file=sys.stderr)


class _Subcommands:
    """Wraps argparse's subparsers so every command, ours or another package's, gets the common
    ``--store``/``--base-iri`` options."""

    def __init__(self, action: Any, common: argparse.ArgumentParser) -> None:
        self._action, self._common = action, common

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        kwargs["parents"] = [*kwargs.get("parents", ()), self._common]
        return self._action.add_parser(name, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._action, name)


def build_parser(extra_commands: Sequence[Register] = ()) -> argparse.ArgumentParser:
    """The `povkg` argument parser with our commands and those of ``extra_commands``."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--store", metavar="DIR", help=f"store directory (${ENV_STORE}, default ./data/store)"
    )
    common.add_argument("--base-iri", metavar="IRI", help=f"base of minted IRIs (${ENV_BASE_IRI})")
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A linked-data knowledge graph of Vietnam's sustainable poverty reduction.",
    )
    subparsers = _Subcommands(parser.add_subparsers(dest="command", metavar="COMMAND"), common)
    for register in (_register, *extra_commands):
        register(subparsers)
    return parser


def run(parser: argparse.ArgumentParser, argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the command; return the exit status."""
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage error (or the help)
        return exc.code if isinstance(exc.code, int) else 2
    if getattr(args, "handler", None) is None:
        parser.print_help(sys.stderr)
        return 2
    command = f"{args.command}"
    try:
        args.settings = settings(args.store, args.base_iri)
        return int(args.handler(args))
    except UsageError as exc:
        _err(f"{command}: {exc}")
        return 2
    except KeyboardInterrupt:
        _err(f"{command}: interrupted (the store is as it was before)")
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the reader went away: stop quietly
        return 0
    except Exception as exc:  # one line, never a traceback
        message = str(exc) or type(exc).__name__
        if not isinstance(exc, ValueError | OSError | LookupError) and not _is_ours(exc):
            message = f"{type(exc).__name__}: {message}"
        _err(f"{command}: error: {message}")
        return 1


def _is_ours(exc: Exception) -> bool:
    return type(exc).__module__.startswith("graph.")


# --- helpers ---------------------------------------------------------------------------------


def _print_problems(articles: Sequence[Any]) -> None:
    for article in articles:
        for warning in article.warnings:
            _err(f"warning: {warning}")
        for problem in article.problems:
            _err(f"error: {problem}")


def _summary(verb: str, result: Any, seconds: float) -> str:
    rejected = len(result.rejected)
    return (
        f"{verb} {result.store}: {result.measurements} measurements from "
        f"{len(result.articles) - rejected} article(s) read; the store holds "
        f"{len(result.documents)} articles, {result.triples} triples, build {result.build_id}; "
        f"{seconds:.2f} s" + (f"; {rejected} article(s) left out" if rejected else "")
    )


def _minter(args: argparse.Namespace) -> Any:
    from graph.iris import Minter

    return Minter(args.settings.base_iri)


def _reading_minter(args: argparse.Namespace, store: Any) -> Any:
    """The minter of the base ``store`` was built with (``graph.store.reading_base``)."""
    from graph.iris import Minter
    from graph.store import reading_base

    given = args.settings
    return Minter(reading_base(store, given.base_iri, given.base_given, given.store))


def _write(text: str | bytes) -> None:
    if isinstance(text, bytes):
        sys.stdout.buffer.write(text)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


# --- build, ingest, load ---------------------------------------------------------------------


def _publish(verb: str, run_build: Callable[[], Any]) -> int:
    from graph.build import BuildError

    started = time.perf_counter()
    try:
        result = run_build()
    except BuildError as exc:
        if exc.report:
            print(exc.report, file=sys.stderr)
        raise
    _print_problems(result.articles)
    if result.report:
        print(result.report, file=sys.stderr)
    if result.dropped:
        _err(
            f"warning: {len(result.dropped)} article(s) of the previous store are not among the "
            f"articles built, and were left out (ingest them again): {', '.join(result.dropped)}"
        )
    print(_summary(verb, result, time.perf_counter() - started))
    return 1 if result.rejected else 0


def _build(args: argparse.Namespace) -> int:
    from graph.build import build_store

    return _publish("built", lambda: build_store(Path(args.seeds), args.settings))


def _ingest(args: argparse.Namespace) -> int:
    from graph.build import ingest

    files = [Path(f) for f in args.files]
    return _publish("ingested into", lambda: ingest(files, args.settings))


def _load(args: argparse.Namespace) -> int:
    from graph.store import load_files

    started = time.perf_counter()
    stats = load_files(
        args.settings.store, [Path(f) for f in args.files], _minter(args), args.graph
    )
    print(
        f"loaded {len(args.files)} file(s) into {args.settings.store}: {stats.triples} triples, "
        f"build {stats.content_id}, {time.perf_counter() - started:.2f} s"
    )
    return 0


# --- validate --------------------------------------------------------------------------------


def _validate(args: argparse.Namespace) -> int:
    from rdflib import Graph

    from graph.store import open_read_only
    from graph.validate import file_graph, store_graph, validate

    if args.file:  # checked together with povkg's ontology and reference data (code lists)
        report = validate(file_graph(Path(args.file)), minter=_minter(args))
    else:  # the store holds its own ontology and reference data
        store = open_read_only(args.settings.store)
        minter = _reading_minter(args, store)
        graph = store_graph(store, minter)
        report = validate(graph, ontology=Graph(), reference=Graph(), minter=minter)
    print(report)
    return 0 if report.conforms else 1


# --- read commands ---------------------------------------------------------------------------


def _export(args: argparse.Namespace) -> int:
    from graph.export import export
    from graph.store import open_read_only

    store = open_read_only(args.settings.store)
    if args.output in (None, "-"):
        export(store, args.format, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        return 0
    target = Path(args.output)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("wb") as out:
            export(store, args.format, out)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    print(f"exported {args.settings.store} to {target} ({args.format})", file=sys.stderr)
    return 0


def _query(args: argparse.Namespace) -> int:
    import pyoxigraph as ox

    from graph.namespaces import PREFIXES
    from graph.sparql_tokens import analyse
    from graph.store import open_read_only

    if analyse(args.sparql).is_update:
        raise UsageError(
            "read-only: SPARQL Update is not accepted and nothing was changed "
            "(add data with `povkg ingest` or `povkg load`)"
        )
    store = open_read_only(args.settings.store)
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    try:
        result = store.query(args.sparql, use_default_graph_as_union=True, prefixes=prefixes)
    except SyntaxError as exc:
        raise UsageError(f"malformed SPARQL query (read-only queries only): {exc}") from exc
    if isinstance(result, ox.QueryTriples):
        syntax = {"table": ox.RdfFormat.TURTLE, "csv": ox.RdfFormat.N_TRIPLES}
        fmt = syntax.get(args.format, ox.RdfFormat.JSON_LD)
        _write(ox.serialize(list(result), format=fmt, prefixes=prefixes))
    elif args.format == "json":
        _write(result.serialize(format=ox.QueryResultsFormat.JSON) + b"\n")
    elif isinstance(result, ox.QueryBoolean):
        _write("true\n" if bool(result) else "false\n")
    elif args.format == "csv":
        _write(result.serialize(format=ox.QueryResultsFormat.CSV))
    else:
        _write(_solutions_table(result, prefixes))
    return 0


def _solutions_table(solutions: Any, prefixes: dict[str, str]) -> str:
    import pyoxigraph as ox

    from graph.table import shorten, text_table

    def show(term: Any) -> str:
        if isinstance(term, ox.NamedNode):
            for prefix, namespace in prefixes.items():
                if term.value.startswith(namespace) and len(term.value) > len(namespace):
                    return f"{prefix}:{term.value[len(namespace) :]}"
            return f"<{term.value}>"
        return shorten(term.value if term is not None else None, 80)

    names = [v.value for v in solutions.variables]
    return text_table(names, [[show(row[n]) for n in names] for row in solutions])


def _measurements(args: argparse.Namespace) -> int:
    from graph.store import open_read_only
    from graph.table import FORMATTERS, rows_from_store

    store = open_read_only(args.settings.store)
    minter = _reading_minter(args, store)
    rows = rows_from_store(
        store, minter, province=args.province, indicator=args.indicator, year=args.year
    )
    _write(FORMATTERS[args.format](rows))
    return 0


def _extract(args: argparse.Namespace) -> int:
    from graph.build import reference_lookup
    from graph.documents import DocumentError, read_document
    from graph.extract import extract
    from graph.table import FORMATTERS, rows_from_extraction, sort_rows

    minter, rows, failed = _minter(args), [], False
    lookup = reference_lookup(minter)
    for name in args.files:
        try:
            extraction = extract(read_document(Path(name)))
        except DocumentError as exc:
            _err(f"error: {exc.problem}")
            failed = True
            continue
        for problem in extraction.problems:
            _err(f"warning: {problem}")
        if not extraction.measurements:
            _err(f"error: {Path(name).name}: no quantitative statement found")
            failed = True
        rows.extend(rows_from_extraction(extraction, minter, lookup))
    _write(FORMATTERS[args.format](sort_rows(rows)))
    return 1 if failed else 0


# --- registration ----------------------------------------------------------------------------


def _year(text: str) -> int:
    if not text.isdigit() or len(text) != 4:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}")
    return int(text)


def _register(sub: Any) -> None:
    """Our commands (``api.serve.register`` adds ``serve`` the same way)."""
    from graph.export import FORMATS

    p = sub.add_parser("build", help="build the store from the seed articles (validated)")
    p.add_argument("--seeds", default="seeds", metavar="DIR", help="article directory (./seeds)")
    p.set_defaults(handler=_build)
    p = sub.add_parser("validate", help="check an RDF file or the store against the shapes")
    p.add_argument("file", nargs="?", help="RDF file (default: the store)")
    p.set_defaults(handler=_validate)
    p = sub.add_parser("export", help="dump the store (ttl, nt, nq, trig, jsonld, xml)")
    p.add_argument("--format", choices=sorted(FORMATS), default="ttl")
    p.add_argument("-o", "--output", metavar="FILE", help="output file (default: stdout)")
    p.set_defaults(handler=_export)
    p = sub.add_parser("query", help="run a SPARQL query on the store")
    p.add_argument("sparql", help="the query (povkg's prefixes are predeclared)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=_query)
    p = sub.add_parser("ingest", help="add articles to the store (validated, idempotent)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(handler=_ingest)
    p = sub.add_parser("extract", help="print the facts of article files without storing them")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--format", choices=("csv", "json", "table"), default="csv")
    p.set_defaults(handler=_extract)
    p = sub.add_parser("measurements", help="list the stored measurements")
    p.add_argument("--province", metavar="P", help="slug (bac-ninh), path or IRI")
    p.add_argument("--indicator", metavar="I", help="slug (poor-households), path or IRI")
    p.add_argument("--year", type=_year, metavar="Y", help="period is this year")
    p.add_argument("--format", choices=("csv", "json", "table"), default="table")
    p.set_defaults(handler=_measurements)
    p = sub.add_parser("load", help="load RDF files into the store (any RDF, not validated)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--graph", metavar="IRI", help="named graph for triples (default graph)")
    p.set_defaults(handler=_load)
