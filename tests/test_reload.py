"""A running server follows its store across `povkg ingest`, `load` and `build`.

The server (uvicorn in a subprocess) serves a copy of the seeds store while the real `povkg`
commands rebuild that store in place. After each rebuild every kind of route - SPARQL queries
(query workers), the service description (the server's own store handle), linked data, the
convenience routes and the dumps - answers from the new build, with new ETags. Something at the
path that cannot be opened leaves the served build in place. Requests during a swap:
test_reload_swap.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SEEDS, BuiltStore
from reload_support import (
    ARTICLES,
    BASE,
    JSON_RESULTS,
    PROBES,
    TURTLE,
    assert_serves,
    build_from_body,
    on_disk,
    povkg,
    serve_copy,
    slug_of,
    snapshot,
)
from server import RunningServer


@pytest.fixture(scope="module")
def served(
    seeds_store: BuiltStore, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[RunningServer, Path]]:
    with serve_copy(seeds_store, tmp_path_factory.mktemp("reload")) as running:
        yield running


# --- each writer ----------------------------------------------------------------------------------


def test_ingest_is_served_by_every_route(served: tuple[RunningServer, Path]) -> None:
    server, path = served
    article = ARTICLES / "son-la-2024.txt"
    slug = slug_of(article)
    with server.client() as client:
        before = snapshot(client)
        assert client.get(f"/documents/{slug}").status_code == 404
        assert client.get(f"/id/document/{slug}").status_code == 404
        povkg("ingest", str(article), "--store", str(path))
        now = on_disk(path)
        assert now.build_id != build_from_body("sparql", before["sparql"])
        after = assert_serves(client, before, now)
        assert client.get(f"/documents/{slug}").status_code == 200
        assert client.get(f"/id/document/{slug}", headers=TURTLE).status_code == 200
        assert f"{BASE}graph/document/{slug}" in after["description"].text  # a new named graph
        assert f"<{BASE}document/{slug}>" in after["dump"].text
        assert slug in {d["slug"] for d in after["documents"].json()}
        measured = client.get("/provinces/son-la/measurements").json()
        assert measured["total"] > 0


def test_load_is_served_by_every_route(served: tuple[RunningServer, Path], tmp_path: Path) -> None:
    server, path = served
    marker = f"{BASE}test/reload-marker"
    data = tmp_path / "marker.ttl"
    data.write_text(
        f'<{marker}> <http://www.w3.org/2000/01/rdf-schema#label> "Dấu mốc nạp lại"@vi, '
        '"reload marker"@en .\n',
        encoding="utf-8",
    )
    ask = f"ASK {{ <{marker}> ?p ?o }}"
    with server.client() as client:
        before = snapshot(client)
        assert client.get("/sparql", params={"query": ask}, headers=JSON_RESULTS).json() == {
            "head": {},
            "boolean": False,
        }
        assert client.get("/search", params={"q": "dau moc nap lai"}).json()["hits"] == []
        povkg("load", str(data), "--graph", f"{BASE}graph/test-load", "--store", str(path))
        after = assert_serves(client, before, on_disk(path))
        answer = client.get("/sparql", params={"query": ask}, headers=JSON_RESULTS).json()
        assert answer["boolean"] is True
        assert client.get("/id/test/reload-marker", headers=TURTLE).status_code == 200
        hits = client.get("/search", params={"q": "dau moc nap lai"}).json()["hits"]
        assert [h["iri"] for h in hits] == [marker]  # the label index is the new build's
        assert f"{BASE}graph/test-load" in after["description"].text
        assert f"<{marker}>" in after["dump"].text


def test_build_replaces_what_the_old_build_had(
    served: tuple[RunningServer, Path], tmp_path: Path
) -> None:
    server, path = served
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    articles = sorted(SEEDS.glob("*.txt"))
    for article in articles[:-1]:
        (seeds / article.name).write_bytes(article.read_bytes())
    dropped = slug_of(articles[-1])
    with server.client() as client:
        before = snapshot(client)
        assert client.get(f"/documents/{dropped}").status_code == 200
        povkg("build", "--seeds", str(seeds), "--store", str(path))
        now = on_disk(path)
        assert now.articles == len(articles) - 1
        after = assert_serves(client, before, now)
        assert client.get(f"/documents/{dropped}").status_code == 404
        assert client.get(f"/id/document/{dropped}", headers=TURTLE).status_code == 404
        assert f"{BASE}document/{dropped}>" not in after["dump"].text
        # the dumps of the old build were removed once the new one's were made
        dumps = path.parent / f"{path.name}-dumps"
        assert sorted(p.name for p in dumps.iterdir() if p.is_dir()) == [now.build_id]


def test_a_broken_store_at_the_path_leaves_the_served_build_in_place(
    served: tuple[RunningServer, Path], tmp_path: Path
) -> None:
    server, path = served
    current = on_disk(path)
    moved = tmp_path / "moved-away"
    path.rename(moved)
    path.mkdir()  # looks like a store, is none
    (path / "CURRENT").write_text("MANIFEST-000001\n")
    (path / "IDENTITY").write_text("not a database\n")
    try:
        with server.client() as client:
            for _ in range(2):
                for name, probe in PROBES.items():
                    response = probe(client)
                    assert response.status_code == 200, (name, response.text)
                    assert build_from_body(name, response) == current.build_id, name
        attempts = server.log().count("cannot be opened")
        assert 1 <= attempts < 2 * len(PROBES)  # tried, but not again on every request
    finally:
        shutil.rmtree(path)
        moved.rename(path)
    with server.client() as client:  # the store is back (renamed: the server reopens it)
        for name, probe in PROBES.items():
            assert build_from_body(name, probe(client)) == current.build_id, name
