"""Exports: every format re-parses to the same graph (N-Quads and TriG to the same dataset)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import sample_extraction, write_store
from rdflib import Graph

from graph.export import FORMATS, ExportError, export, union_triples
from graph.store import open_read_only

RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}


def exported(store: ox.Store, fmt: str) -> bytes:
    out = io.BytesIO()
    export(store, fmt, out)
    return out.getvalue()


def reloaded(data: bytes, fmt: str) -> ox.Store:
    """Parse an export into a fresh Oxigraph store (which compares literals by value)."""
    store = ox.Store()
    store.load(input=data, format=FORMATS[fmt])
    return store


def triples_of(store: ox.Store) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in store}


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "xml"])
def test_triple_formats_reparse_to_the_union_of_all_graphs(sample_store: Path, fmt: str) -> None:
    store = open_read_only(sample_store)
    data = exported(store, fmt)
    expected = set(union_triples(store))
    assert len(expected) > 1000
    assert triples_of(reloaded(data, fmt)) == expected


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "xml"])
def test_triple_formats_also_parse_with_rdflib(sample_store: Path, fmt: str) -> None:
    store = open_read_only(sample_store)
    graph = Graph().parse(data=exported(store, fmt), format=RDFLIB_FORMATS[fmt])
    assert len(graph) == len(union_triples(store))


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_dataset_formats_keep_the_named_graphs(sample_store: Path, fmt: str) -> None:
    store = open_read_only(sample_store)
    again = reloaded(exported(store, fmt), fmt)
    assert set(again) == set(store)
    assert {g.value for g in again.named_graphs()} == {g.value for g in store.named_graphs()}


def test_jsonld_embeds_the_local_context_and_fetches_nothing(sample_store: Path) -> None:
    store = open_read_only(sample_store)
    document = json.loads(exported(store, "jsonld"))
    context = document["@context"]
    assert isinstance(context, dict), "the context is embedded, never a remote URL"
    assert context.get("pov") == "https://w3id.org/povkg/ontology#"
    text = json.dumps(document)
    assert "http://schema.org/" not in json.dumps(context)
    assert "28484" in text


def test_values_and_text_survive_every_format(sample_store: Path) -> None:
    store = open_read_only(sample_store)
    for fmt in ("ttl", "nt", "jsonld", "xml", "nq"):
        again = reloaded(exported(store, fmt), fmt)
        values = {
            row["v"].value
            for row in again.query(
                "SELECT ?v WHERE { ?m <https://w3id.org/povkg/ontology#value> ?v }",
                use_default_graph_as_union=True,
            )
        }
        assert {"28484", "3.47", "1174000000000", "2"} <= values, fmt
        text = next(
            iter(
                again.query(
                    "SELECT ?t WHERE { ?d <https://w3id.org/povkg/ontology#text> ?t }",
                    use_default_graph_as_union=True,
                )
            )
        )["t"].value
        assert text == sample_extraction().document.text, fmt


def test_an_unknown_format_is_refused(sample_store: Path) -> None:
    with pytest.raises(ExportError, match="unknown export format"):
        export(open_read_only(sample_store), "docx", io.BytesIO())


def test_an_export_of_two_articles_has_each_shared_node_once(tmp_path: Path) -> None:
    path = tmp_path / "store"
    write_store(path, [sample_extraction(), sample_extraction(slug="901-sample")])
    store = open_read_only(path)
    nt = exported(store, "nt").decode("utf-8").splitlines()
    assert len(nt) == len(set(nt))
    period = (
        "<https://w3id.org/povkg/id/period/2021> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    )
    assert sum(line.startswith(period) for line in nt) == 1
