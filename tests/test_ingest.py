"""Ingest: the same pipeline, validated, idempotent; a changed article replaces its facts."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import SAMPLE_TEXT, SEEDS, sample_extraction

import graph.build as build_module
from graph.build import BuildError, ingest
from graph.config import Settings
from graph.iris import Minter
from graph.namespaces import POV
from graph.store import (
    ENTITIES_GRAPH,
    META_GRAPH,
    REFERENCE_GRAPH,
    StoreError,
    build_info,
    document_graph_path,
    load_files,
    named_graphs,
    open_read_only,
)

M = Minter()
SEED_000 = SEEDS / "000_a1a3ac5b4d469efe.txt"
SLUG_000 = "000-a1a3ac5b4d469efe"


def data_quads(path: Path) -> set[ox.Quad]:
    meta = ox.NamedNode(str(M(META_GRAPH)))
    return {q for q in open_read_only(path) if q.graph_name != meta}


def graph_quads(path: Path, graph_path: str) -> set[ox.Quad]:
    name = ox.NamedNode(str(M(graph_path)))
    return set(open_read_only(path).quads_for_pattern(None, None, None, name))


def values(path: Path, slug: str) -> list[str]:
    store = open_read_only(path)
    rows = store.query(
        "SELECT ?g ?v WHERE { GRAPH ?g { ?m <https://w3id.org/povkg/ontology#value> ?v } }",
        substitutions={ox.Variable("g"): ox.NamedNode(str(M(document_graph_path(slug))))},
    )
    return sorted(row["v"].value for row in rows)


def measurement_count(path: Path) -> int:
    store = open_read_only(path)
    rows = store.query(
        "SELECT ?c (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a ?c } GROUP BY ?c",
        use_default_graph_as_union=True,
        substitutions={ox.Variable("c"): ox.NamedNode(str(POV.Measurement))},
    )
    return int(next(iter(rows))["n"].value)


def test_ingesting_a_stored_article_again_changes_nothing(seeds_copy: Settings) -> None:
    before = data_quads(seeds_copy.store)
    build_before = build_info(open_read_only(seeds_copy.store))
    result = ingest([SEED_000], seeds_copy)
    assert not result.rejected
    assert data_quads(seeds_copy.store) == before
    assert result.build_id == build_before.build_id
    result = ingest([SEED_000, SEED_000], seeds_copy)  # twice in one run: one copy
    assert data_quads(seeds_copy.store) == before


def test_a_changed_article_replaces_its_facts(seeds_copy: Settings, tmp_path: Path) -> None:
    others = {
        slug: graph_quads(seeds_copy.store, document_graph_path(slug))
        for slug in ("001-610ce7d90af0c738", "002-b16ab675c362a4e0")
    }
    count = measurement_count(seeds_copy.store)
    assert "28484" in values(seeds_copy.store, SLUG_000)
    changed = tmp_path / SEED_000.name
    changed.write_text(
        SEED_000.read_text(encoding="utf-8").replace("28.484 hộ nghèo", "29.999 hộ nghèo"),
        encoding="utf-8",
    )
    result = ingest([changed], seeds_copy)
    assert not result.rejected
    after = values(seeds_copy.store, SLUG_000)
    assert "29999" in after and "28484" not in after
    assert measurement_count(seeds_copy.store) == count
    for slug, quads in others.items():
        assert graph_quads(seeds_copy.store, document_graph_path(slug)) == quads
    assert build_info(open_read_only(seeds_copy.store)).build_id == result.build_id


def test_a_new_article_gets_its_own_graph(seeds_copy: Settings, tmp_path: Path) -> None:
    reference = graph_quads(seeds_copy.store, REFERENCE_GRAPH)
    new = tmp_path / "777_cao_bang.txt"
    new.write_text(
        " date 2024-12-30 Đến cuối năm 2024, toàn tỉnh Cao Bằng còn 25.000 hộ nghèo, "
        "chiếm 14,5% tổng số hộ.\n",
        encoding="utf-8",
    )
    before = measurement_count(seeds_copy.store)
    result = ingest([new], seeds_copy)
    assert not result.rejected
    assert "777-cao-bang" in result.documents and len(result.documents) == 6
    assert "25000" in values(seeds_copy.store, "777-cao-bang")
    assert measurement_count(seeds_copy.store) > before
    assert graph_quads(seeds_copy.store, REFERENCE_GRAPH) == reference


def test_ingest_into_a_missing_store_makes_one(tmp_path: Path) -> None:
    settings = Settings(store=tmp_path / "store", base_iri=M.base)
    result = ingest([SEED_000], settings)
    assert result.documents == [SLUG_000]
    graphs = named_graphs(open_read_only(settings.store))
    assert str(M(REFERENCE_GRAPH)) in graphs and str(M(ENTITIES_GRAPH)) in graphs


def test_ingest_keeps_graphs_loaded_by_the_user(seeds_copy: Settings, tmp_path: Path) -> None:
    extra = tmp_path / "mine.ttl"
    extra.write_text("<http://e/a> <http://e/p> 'mine' .", encoding="utf-8")
    load_files(seeds_copy.store, [extra], M, graph="http://e/mine")
    ingest([SEED_000], seeds_copy)
    assert "http://e/mine" in named_graphs(open_read_only(seeds_copy.store))


def test_an_article_that_fails_the_shapes_is_left_out(
    seeds_copy: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rdflib.namespace import RDFS

    real = build_module.article_graphs

    def drop_english_labels(extraction, minter, lookup):
        graphs = real(extraction, minter, lookup)
        if extraction.document.slug == "778-broken":
            for s, p, o in list(graphs.document.triples((None, RDFS.label, None))):
                if getattr(o, "language", None) == "en":
                    graphs.document.remove((s, p, o))
        return graphs

    monkeypatch.setattr(build_module, "article_graphs", drop_english_labels)
    text = " date 2024-12-30 Đến cuối năm 2024, tỉnh Cao Bằng còn 25.000 hộ nghèo.\n"
    broken, good = tmp_path / "778_broken.txt", tmp_path / "779_good.txt"
    broken.write_text(text, encoding="utf-8")
    good.write_text(text, encoding="utf-8")
    result = ingest([broken, good], seeds_copy)
    assert [a.path.name for a in result.rejected] == ["778_broken.txt"]
    assert "English" in (result.report or "")
    assert "779-good" in result.documents and "778-broken" not in result.documents
    with pytest.raises(BuildError, match="no article passed validation"):
        ingest([broken], seeds_copy)


def test_ingest_refuses_a_store_of_another_base(seeds_copy: Settings) -> None:
    other = Settings(store=seeds_copy.store, base_iri="http://example.org/kg/")
    with pytest.raises(StoreError, match="built with base IRI"):
        ingest([SEED_000], other)


@pytest.fixture
def fake_extractor(monkeypatch: pytest.MonkeyPatch):
    """Make the pipeline's extraction step return the hand-made sample facts for a document, so
    that every field of a measurement and every kind of entity goes through the real shapes."""
    import graph.extract

    entities: dict[str, list] = {}

    def extract(document):
        extraction = sample_extraction(document.text, document.slug)
        extraction.document = document
        if document.slug in entities:
            extraction.entities = entities[document.slug]
        return extraction

    monkeypatch.setattr(graph.extract, "extract", extract)
    return entities


def test_every_kind_of_fact_passes_the_shapes(
    seeds_copy: Settings, tmp_path: Path, fake_extractor
) -> None:
    article = tmp_path / "900_sample.txt"
    article.write_text(SAMPLE_TEXT, encoding="utf-8")
    result = ingest([article], seeds_copy)
    assert not result.rejected, result.report
    assert sorted(values(seeds_copy.store, "900-sample")) == sorted(
        ["28484", "3.47", "0.97", "1200", "2", "106", "1174000000000"]
    )


def test_nodes_no_article_mentions_any_more_are_dropped(
    seeds_copy: Settings, tmp_path: Path, fake_extractor
) -> None:
    article = tmp_path / "900_sample.txt"
    article.write_text(SAMPLE_TEXT, encoding="utf-8")
    ingest([article], seeds_copy)
    plan = "legal-document/45-kh-ubnd-bac-ninh"
    subjects = {q.subject.value for q in graph_quads(seeds_copy.store, ENTITIES_GRAPH)}
    assert str(M(plan)) in subjects and str(M("person/nguyen-van-an")) in subjects
    fake_extractor["900-sample"] = []  # the article is re-ingested without its entities
    ingest([article], seeds_copy)
    subjects = {q.subject.value for q in graph_quads(seeds_copy.store, ENTITIES_GRAPH)}
    assert str(M(plan)) not in subjects
    assert str(M("person/nguyen-van-an")) not in subjects
    assert str(M("period/2021-2025")) in subjects  # still used by the sample's target


def test_an_extractor_crash_on_one_article_spares_the_others(
    seeds_copy: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import graph.extract

    real = graph.extract.extract

    def fragile(document):
        if document.slug == "780-crash":
            raise IndexError("list index out of range")
        return real(document)

    monkeypatch.setattr(graph.extract, "extract", fragile)
    crash, good = tmp_path / "780_crash.txt", tmp_path / "781_good.txt"
    for path in (crash, good):
        path.write_text(" date 2024-12-30 Tỉnh Cao Bằng còn 25.000 hộ nghèo.\n", encoding="utf-8")
    result = ingest([crash, good], seeds_copy)
    assert [str(p) for p in result.problems] == [
        "780_crash.txt: extraction failed: IndexError: list index out of range"
    ]
    assert "781-good" in result.documents


def test_two_files_with_one_slug_publish_the_first(seeds_copy: Settings, tmp_path: Path) -> None:
    other = tmp_path / "copy" / SEED_000.name
    other.parent.mkdir()
    other.write_text(SEED_000.read_text(encoding="utf-8") + "\nThêm 5 hộ nghèo.\n", "utf-8")
    result = ingest([SEED_000, other], seeds_copy)
    assert [a.path for a in result.rejected] == [other.absolute()]
    assert "same document slug" in str(result.problems[0])
    assert "28484" in values(seeds_copy.store, SLUG_000)


def test_a_rebuild_says_which_ingested_articles_it_left_out(
    seeds_copy: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`povkg build` rebuilds from the seeds alone; articles only ingested are gone afterwards,
    and the build says so instead of silently shrinking the store."""
    from graph.cli import build_parser, run

    new = tmp_path / "778_cao_bang.txt"
    new.write_text(
        " date 2024-12-30 Đến cuối năm 2024, toàn tỉnh Cao Bằng còn 25.000 hộ nghèo.\n",
        encoding="utf-8",
    )
    assert not ingest([new], seeds_copy).rejected
    argv = ["build", "--store", str(seeds_copy.store), "--seeds", str(SEEDS)]
    assert run(build_parser(), argv) == 0
    out, err = capsys.readouterr()
    assert "warning: 1 article(s) of the previous store" in err and "778-cao-bang" in err
    assert "the store holds 5 articles" in out
    assert run(build_parser(), argv) == 0  # nothing left out the second time
    out, err = capsys.readouterr()
    assert "left out" not in err
