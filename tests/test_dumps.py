"""Full dumps on a real running server: each re-parses to the store's triples, with the right
media type, length, an ETag tied to the build, 304s, gzip, and a cache made on first request."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from linked_data_support import FIXTURE, make_fixture_store
from rdflib import Dataset
from server import RunningServer, run_server

from graph.config import DEFAULT_BASE_IRI
from graph.iris import Minter
from graph.store import replace_store
from graph.void import refresh_meta

TRIPLE_DUMPS = {"povkg.ttl": "text/turtle", "povkg.nt": "application/n-triples"}
IDENTITY = {"Accept-Encoding": "identity"}
Deployment = tuple[RunningServer, Path, str]


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Deployment]:
    directory = tmp_path_factory.mktemp("dumps")
    store = directory / "store"
    build = make_fixture_store(store)
    with run_server(store, directory) as server:
        yield server, store, build


@pytest.fixture(scope="module")
def store_counts(deployment: Deployment) -> tuple[int, int]:
    """(quads, distinct triples of the union) of the store, counted by Oxigraph."""
    _, path, _ = deployment
    store = ox.Store.read_only(str(path))
    distinct = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    row = next(iter(store.query(distinct, use_default_graph_as_union=True)))
    return len(store), int(row["n"].value)


def test_dumps_are_not_made_at_start_up(deployment: Deployment) -> None:
    server, store, build = deployment
    cache = store.parent / "store-dumps" / build
    assert not cache.exists() or not any(cache.iterdir())
    with server.client() as client:
        index = client.get("/dumps/", headers={"Accept": "application/json"}).json()
    assert index["build"] == build
    assert {d["url"] for d in index["dumps"]} == {
        "/dumps/povkg.ttl",
        "/dumps/povkg.nt",
        "/dumps/povkg.nq",
        "/dumps/povkg.jsonld",
    }
    assert all(d["size"] is None for d in index["dumps"]), "listing makes nothing"


@pytest.mark.parametrize("name,media", sorted(TRIPLE_DUMPS.items()))
def test_triple_dumps_reparse_to_the_store(
    deployment: Deployment, store_counts: tuple[int, int], name: str,
    media: str,
) -> None:  # fmt: skip
    server, _, build = deployment
    with server.client() as client:
        response = client.get(f"/dumps/{name}", headers=IDENTITY)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert int(response.headers["content-length"]) == len(response.content)
    assert response.headers["etag"].startswith(f'"{build}')
    fmt = ox.RdfFormat.TURTLE if name.endswith(".ttl") else ox.RdfFormat.N_TRIPLES
    triples = set(ox.parse(response.content, format=fmt))
    assert len(triples) == store_counts[1]


def test_nquads_keep_every_quad(deployment: Deployment, store_counts: tuple[int, int]) -> None:
    server, path, _ = deployment
    with server.client() as client:
        response = client.get("/dumps/povkg.nq", headers=IDENTITY)
    assert response.headers["content-type"].startswith("application/n-quads")
    quads = set(ox.parse(response.content, format=ox.RdfFormat.N_QUADS))
    assert len(quads) == store_counts[0]
    store = ox.Store.read_only(str(path))
    assert quads == set(store)


def test_json_ld_dump_reparses_offline(
    deployment: Deployment, store_counts: tuple[int, int]
) -> None:
    server, _, _ = deployment
    with server.client() as client:
        response = client.get("/dumps/povkg.jsonld", headers=IDENTITY)
    assert response.headers["content-type"].startswith("application/ld+json")
    body = response.json()
    assert isinstance(body["@context"], dict), "the local context is embedded"
    graph = Dataset().parse(data=response.content, format="json-ld")
    assert len(set(graph.triples((None, None, None)))) == store_counts[1]


def test_gzip_for_clients_that_accept_it(deployment: Deployment) -> None:
    server, _, build = deployment
    with httpx.Client(base_url=server.base_url) as raw:
        plain = raw.get("/dumps/povkg.nt", headers=IDENTITY)
        # send the request by hand so httpx does not decode the body for us
        request = raw.build_request("GET", "/dumps/povkg.nt", headers={"Accept-Encoding": "gzip"})
        compressed = raw.send(request, stream=True)
        raw_bytes = b"".join(compressed.iter_raw())
    assert compressed.headers["content-encoding"] == "gzip"
    assert compressed.headers["content-type"].startswith("application/n-triples")
    assert int(compressed.headers["content-length"]) == len(raw_bytes) < len(plain.content)
    assert gzip.decompress(raw_bytes) == plain.content
    assert compressed.headers["etag"] != plain.headers["etag"]
    assert "Accept-Encoding" in compressed.headers["vary"]
    with server.client() as client:
        download = client.get("/dumps/povkg.ttl.gz", headers=IDENTITY)
    assert download.headers["content-type"] == "application/gzip"
    assert download.headers["etag"] == f'"{build}-ttl-gz"'
    assert gzip.decompress(download.content).startswith(b"@prefix")


def test_etag_gives_304(deployment: Deployment) -> None:
    server, _, _ = deployment
    with server.client() as client:
        first = client.get("/dumps/povkg.nq", headers=IDENTITY)
        again = client.get(
            "/dumps/povkg.nq", headers={**IDENTITY, "If-None-Match": first.headers["etag"]}
        )
        stale = client.get("/dumps/povkg.nq", headers={**IDENTITY, "If-None-Match": '"old"'})
    assert again.status_code == 304 and again.content == b""
    assert stale.status_code == 200 and stale.content == first.content


def test_dumps_are_cached_beside_the_store(deployment: Deployment) -> None:
    server, store, build = deployment
    with server.client() as client:
        client.get("/dumps/povkg.nt", headers=IDENTITY)
        index = client.get("/dumps/", headers={"Accept": "application/json"}).json()
        html = client.get("/dumps/", headers={"Accept": "text/html"}).text
    cache = store.parent / "store-dumps" / build
    assert (cache / "povkg.nt").is_file() and (cache / "povkg.nt.gz").is_file()
    entry = next(d for d in index["dumps"] if d["url"] == "/dumps/povkg.nt")
    assert entry["size"] == (cache / "povkg.nt").stat().st_size
    assert "/dumps/povkg.nq.gz" in html and "N-Quads" in html


def test_a_new_build_gets_new_dumps(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first_build = make_fixture_store(store)
    with run_server(store, tmp_path) as server, server.client() as client:
        old = client.get("/dumps/povkg.nt", headers=IDENTITY)
    extra = ox.Quad(
        ox.NamedNode("https://w3id.org/povkg/id/province/cao-bang"),
        ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"),
        ox.Literal("Cao Bang province", language="en"),
        ox.NamedNode("https://w3id.org/povkg/id/graph/reference"),
    )

    def fill(s: ox.Store) -> None:
        s.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG, base_iri=DEFAULT_BASE_IRI)
        s.add(extra)
        refresh_meta(s, Minter(DEFAULT_BASE_IRI))

    replace_store(store, fill)
    with run_server(store, tmp_path) as server, server.client() as client:
        new = client.get("/dumps/povkg.nt", headers=IDENTITY)
    assert new.headers["etag"] != old.headers["etag"]
    assert b"Cao Bang province" in new.content and b"Cao Bang province" not in old.content
    cache = tmp_path / "store-dumps"
    assert first_build not in {p.name for p in cache.iterdir()}, "older builds are cleaned"


@pytest.mark.parametrize("name", ["povkg.xml", "povkg", "../store/CURRENT", "povkg.nt.zip"])
def test_unknown_dump_is_404(deployment: Deployment, name: str) -> None:
    server, _, _ = deployment
    with server.client() as client:
        assert client.get(f"/dumps/{name}").status_code == 404


def test_index_is_valid_json_and_html(deployment: Deployment) -> None:
    server, _, _ = deployment
    with server.client() as client:
        as_json = client.get("/dumps/", headers={"Accept": "application/json"})
        as_html = client.get("/dumps/", headers={"Accept": "text/html"})
        refused = client.get("/dumps/", headers={"Accept": "image/png"})
    assert json.loads(as_json.content)["dumps"]
    assert as_html.headers["content-type"].startswith("text/html")
    assert refused.status_code == 406
