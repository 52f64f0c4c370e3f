"""``povkg serve``: run the web application with uvicorn.

Imports here stay light (argparse, os): ``povkg`` loads this module for every command, and
the server path itself avoids pyshacl and the extraction pipeline unless the store is missing
and has to be built from the seeds first.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.config import Settings

ENV_HOST = "POVKG_HOST"
ENV_PORT = "POVKG_PORT"
ENV_QUERY_TIMEOUT = "POVKG_QUERY_TIMEOUT"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_SEEDS = Path("seeds")


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {text}")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 0 < value < 65536:
        raise argparse.ArgumentTypeError(f"not a TCP port: {text}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "serve",
        help="serve the SPARQL endpoint (and the other routes) over HTTP",
        description=(
            "Serve the store with uvicorn: the SPARQL 1.1 endpoint at /sparql. Builds the store "
            "from the seed articles first if there is none."
        ),
    )
    parser.add_argument(
        "--host",
        default=os.environ.get(ENV_HOST, DEFAULT_HOST),
        help=f"address to listen on (${ENV_HOST}, default {DEFAULT_HOST})",
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=os.environ.get(ENV_PORT, str(DEFAULT_PORT)),
        help=f"port to listen on (${ENV_PORT}, default {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--query-timeout",
        type=_positive_float,
        default=os.environ.get(ENV_QUERY_TIMEOUT, "30"),
        metavar="SECONDS",
        help=f"cancel a query after this many seconds (${ENV_QUERY_TIMEOUT}, default 30)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="query worker processes (default: the number of CPUs plus one)",
    )
    parser.add_argument(
        "--seeds",
        type=Path,
        default=DEFAULT_SEEDS,
        help="articles to build the store from when it does not exist (default ./seeds)",
    )
    parser.add_argument(
        "--allow-service",
        action="store_true",
        help="allow SERVICE (federated queries to other hosts); refused by default",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; ``args.settings`` is resolved by ``graph.cli.run``."""
    settings: Settings | None = getattr(args, "settings", None)
    if settings is None:
        from graph.config import settings as resolve_settings

        try:
            settings = resolve_settings(
                getattr(args, "store", None), getattr(args, "base_iri", None)
            )
        except ValueError as error:
            print(f"povkg serve: {error}", file=sys.stderr)
            return 2
    try:  # first, so that a busy port is one line, before anything is built or started
        listener = _listen(args.host, args.port)
    except OSError as error:
        print(
            f"povkg serve: cannot listen on {args.host}:{args.port}: {error.strerror}",
            file=sys.stderr,
        )
        return 1
    if not settings.store.exists():
        status = _build(args.seeds, settings)
        if status:
            return status

    from api.sparql.execute import start_forkserver

    start_forkserver()  # query workers boot while the web framework is imported

    import uvicorn

    from api.app import create_app
    from graph.store import StoreError

    try:
        app = create_app(
            settings,
            query_timeout=args.query_timeout,
            workers=args.workers,
            allow_service=args.allow_service,
        )
    except (OSError, ValueError, StoreError) as error:
        print(f"povkg serve: {error}", file=sys.stderr)
        return 1
    print(
        f"povkg: serving {settings.store} at http://{args.host}:{args.port}/sparql",
        file=sys.stderr,
    )
    _log_to_stderr()
    uvicorn.run(app, fd=listener.fileno(), log_level="info")
    return 0


def _listen(host: str, port: int) -> socket.socket:
    """The server's listening socket, bound here rather than by uvicorn so that a busy port or a
    bad host is a clear error before the store is opened and query workers are started."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(2048)
    except OSError:
        listener.close()
        raise
    return listener


def _log_to_stderr() -> None:
    """Show the server's own messages (a rebuilt store being followed, workers that fail)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("povkg: %(message)s"))
    logger = logging.getLogger("povkg")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def _build(seeds: Path, settings: Settings) -> int:
    """Build the store from the seed articles (only when there is no store yet)."""
    if not seeds.is_dir():
        print(f"povkg serve: no store and no seeds directory at {seeds}", file=sys.stderr)
        return 1
    from graph.build import build_store

    print(f"povkg: no store yet, building it from {seeds}", file=sys.stderr)
    try:
        build_store(seeds, settings)
    except Exception as error:  # the build reports its own details; never a traceback here
        print(f"povkg serve: building the store failed: {error}", file=sys.stderr)
        return 1
    return 0
