"""Helpers for the tests where a running server follows its store across rebuilds.

A copy of the seeds store is served by the real server while the real ``povkg`` commands rebuild
it in place. ``on_disk`` reads what the store at the path holds (the ground truth); the probes
ask each kind of route, and ``build_from_body``/``etag_build`` say which build answered.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from conftest import BuiltStore
from server import ROOT, RunningServer, run_server

from graph.config import DEFAULT_BASE_IRI
from graph.store import build_info, open_read_only

BASE = DEFAULT_BASE_IRI
ARTICLES = ROOT / "tests" / "articles"
PREFIXES = """PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX pov: <https://w3id.org/povkg/ontology#>
"""
BUILD_QUERY = (
    PREFIXES
    + "SELECT ?id WHERE { GRAPH ?g { ?data prov:wasGeneratedBy ?b . ?b dcterms:identifier ?id } }"
)
ARTICLE_COUNT = PREFIXES + "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a pov:Article }"
BUILD_IRI = re.compile(r"/build/([0-9a-f]{16})")
JSON_RESULTS = {"Accept": "application/sparql-results+json"}
TURTLE = {"Accept": "text/turtle"}


def povkg(*args: str) -> str:
    """Run a real ``povkg`` command; its output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POVKG_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr


@dataclass(frozen=True)
class OnDisk:
    """What the store at the path holds now, read directly (the ground truth)."""

    build_id: str
    articles: int


def on_disk(path: Path) -> OnDisk:
    store = open_read_only(path)
    info = build_info(store)
    assert info is not None
    count = next(iter(store.query(ARTICLE_COUNT, use_default_graph_as_union=True)))["n"]
    return OnDisk(info.build_id, int(count.value))


def slug_of(file: Path) -> str:
    return file.stem.replace("_", "-", 1)


def build_from_body(name: str, response: httpx.Response) -> str:
    """The build id a response's body shows (the data itself names its build)."""
    if name == "sparql":
        return response.json()["results"]["bindings"][0]["id"]["value"]
    if name == "dumps-index":
        return response.json()["build"]
    found = set(BUILD_IRI.findall(response.text))
    assert len(found) == 1, (name, found)
    return found.pop()


def etag_build(tag: str | None) -> str | None:
    """Linked data, routes and dumps put the build id first in their ETags (weak ones for
    linked data and routes, whose gzip and identity codings share a tag)."""
    match = re.fullmatch(r'(?:W/)?"([0-9a-f]{16})-[^"]*"', tag or "")
    return match.group(1) if match else None


Probe = Callable[[httpx.Client], httpx.Response]
PROBES: dict[str, Probe] = {
    # answered by a query worker process
    "sparql": lambda c: c.get("/sparql", params={"query": BUILD_QUERY}, headers=JSON_RESULTS),
    # answered from the server's own store handle
    "description": lambda c: c.get("/sparql", headers=TURTLE),
    "dataset": lambda c: c.get("/id/dataset/povkg", headers=TURTLE),
    "void": lambda c: c.get("/.well-known/void", headers=TURTLE),
    "dumps-index": lambda c: c.get("/dumps/", headers={"Accept": "application/json"}),
    "dump": lambda c: c.get("/dumps/povkg.nt", headers={"Accept-Encoding": "identity"}),
}


def snapshot(client: httpx.Client) -> dict[str, httpx.Response]:
    found = {name: probe(client) for name, probe in PROBES.items()}
    found["documents"] = client.get("/documents")
    for name, response in found.items():
        assert response.status_code == 200, (name, response.text)
    return found


def assert_serves(
    client: httpx.Client, before: dict[str, httpx.Response], now: OnDisk
) -> dict[str, httpx.Response]:
    """Every probe answers from build ``now``, with an ETag other than before."""
    after = snapshot(client)
    for name in PROBES:
        assert build_from_body(name, after[name]) == now.build_id, name
    for name, response in after.items():
        old, new = before[name].headers.get("etag"), response.headers.get("etag")
        if old is None:
            assert name == "dumps-index" and new is None
            continue
        assert new != old, name
        assert etag_build(new) in (None, now.build_id), name
        # a client holding the old representation gets the new one; the new one is a 304
        replay = dict(response.request.headers)
        stale = client.get(response.request.url, headers=replay | {"If-None-Match": old})
        assert stale.status_code == 200 and stale.headers["etag"] == new, name
        fresh = client.get(response.request.url, headers=replay | {"If-None-Match": new})
        assert fresh.status_code == 304, name
    count = client.get("/sparql", params={"query": ARTICLE_COUNT}, headers=JSON_RESULTS).json()
    assert int(count["results"]["bindings"][0]["n"]["value"]) == now.articles
    assert len(after["documents"].json()) == now.articles
    return after


@contextmanager
def serve_copy(seeds_store: BuiltStore, directory: Path) -> Iterator[tuple[RunningServer, Path]]:
    """A private copy of the seeds store, served by the real server with two query workers."""
    settings = seeds_store.copy_to(directory)
    with run_server(settings.store, directory, workers=2) as server:
        yield server, settings.store
