"""Stores and servers for the linked-data, dump, route and injection tests.

``tests/fixtures/mini.trig`` is a hand-made miniature of the povkg graph (opening paragraphs of
seeds 000 and 002, their measurements with evidence, the merger history, part of the program and
code lists) whose exact content the tests know; ``graph.void.refresh_meta`` adds the real build
metadata. The store is written with the real atomic writer and served by the real server.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from server import RunningServer, run_server

from graph.config import DEFAULT_BASE_IRI
from graph.iris import Minter
from graph.store import build_info, replace_store
from graph.void import refresh_meta

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini.trig"
DOC0 = "000-a1a3ac5b4d469efe"
DOC2 = "002-b16ab675c362a4e0"
M_POOR = f"measurement/{DOC0}/72-87"  # "28.484 hộ nghèo", Bắc Ninh, 2021
M_RANGE = f"measurement/{DOC2}/410-424"  # "từ 2% đến 2,5%", a target range
MEASUREMENTS = 8


def make_fixture_store(path: Path, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """Write the fixture into a store at ``path`` under ``base_iri``; return its build id."""

    def fill(store: ox.Store) -> None:
        store.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG, base_iri=base_iri)
        refresh_meta(store, Minter(base_iri))

    replace_store(path, fill)
    store = ox.Store.read_only(str(path))
    info = build_info(store)
    assert info is not None
    return info.build_id


@contextmanager
def fixture_server(directory: Path, base_iri: str = DEFAULT_BASE_IRI) -> Iterator[RunningServer]:
    store = directory / "store"
    make_fixture_store(store, base_iri)
    with run_server(store, directory, base_iri=base_iri) as server:
        yield server
