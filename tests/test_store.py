"""The store on disk: atomic replacement, named graphs, build info and VoID statistics."""

from __future__ import annotations

import fcntl
import os
import signal
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import SEEDS, sample_extraction, write_store

from graph import build as build_module
from graph.build import BuildError, build_store
from graph.config import Settings
from graph.iris import Minter
from graph.store import (
    ENTITIES_GRAPH,
    META_GRAPH,
    ONTOLOGY_GRAPH,
    REFERENCE_GRAPH,
    StoreBusyError,
    StoreError,
    StoreNotFoundError,
    build_info,
    document_graph_path,
    load_files,
    named_graphs,
    open_read_only,
    replace_store,
)
from graph.void import compute_statistics

M = Minter()
EX = "http://example.org/"


def quad(s: str, o: str, g: str = "g") -> ox.Quad:
    return ox.Quad(
        ox.NamedNode(EX + s), ox.NamedNode(EX + "p"), ox.Literal(o), ox.NamedNode(EX + g)
    )


def contents(path: Path) -> set[ox.Quad]:
    return set(open_read_only(path))


def leftovers(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(f".{path.name}."))


def test_replace_store_writes_a_new_store(tmp_path: Path) -> None:
    path = tmp_path / "store"
    assert replace_store(path, lambda s: s.add(quad("a", "1"))) is None
    assert contents(path) == {quad("a", "1")}
    replace_store(path, lambda s: s.add(quad("b", "2")))
    assert contents(path) == {quad("b", "2")}
    assert leftovers(path) == []


@pytest.mark.parametrize("exception", [RuntimeError("boom"), KeyboardInterrupt()])
def test_a_failed_fill_leaves_the_previous_store_and_no_temporary_directory(
    tmp_path: Path, exception: BaseException
) -> None:
    path = tmp_path / "store"
    replace_store(path, lambda s: s.add(quad("a", "1")))

    def fill(store: ox.Store) -> None:
        store.add(quad("half", "written"))
        raise exception

    with pytest.raises(type(exception)):
        replace_store(path, fill)
    assert contents(path) == {quad("a", "1")}
    assert leftovers(path) == []


def test_sigterm_while_writing_cleans_up_like_ctrl_c(tmp_path: Path) -> None:
    path = tmp_path / "store"
    replace_store(path, lambda s: s.add(quad("a", "1")))

    def fill(store: ox.Store) -> None:
        store.add(quad("half", "written"))
        os.kill(os.getpid(), signal.SIGTERM)

    with pytest.raises(KeyboardInterrupt):
        replace_store(path, fill)
    assert contents(path) == {quad("a", "1")}
    assert leftovers(path) == []
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_a_crash_between_the_two_renames_is_repaired_by_the_next_writer(tmp_path: Path) -> None:
    path = tmp_path / "store"
    replace_store(path, lambda s: s.add(quad("a", "1")))
    path.rename(tmp_path / ".store.previous-crashed")  # the live store was moved aside, then...
    (tmp_path / ".store.building-crashed").mkdir()  # ...the process died
    with pytest.raises(RuntimeError):
        replace_store(path, lambda s: (_ for _ in ()).throw(RuntimeError("fail again")))
    assert contents(path) == {quad("a", "1")}
    assert leftovers(path) == []


def test_a_directory_that_is_not_a_store_is_never_replaced(tmp_path: Path) -> None:
    precious = tmp_path / "home"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work")
    with pytest.raises(StoreError, match="not a povkg store"):
        replace_store(precious, lambda s: None)
    assert (precious / "thesis.tex").read_text() == "years of work"


def test_two_writers_never_interleave(tmp_path: Path) -> None:
    path = tmp_path / "store"
    fd = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another build holds the lock
    try:
        with pytest.raises(StoreBusyError):
            replace_store(path, lambda s: s.add(quad("a", "1")))
    finally:
        os.close(fd)
    assert not path.exists()
    assert leftovers(path) == []


def test_opening_a_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFoundError, match="povkg build"):
        open_read_only(tmp_path / "nothing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreNotFoundError):
        open_read_only(tmp_path / "empty")


def test_a_store_written_without_povkg_has_no_build_info(tmp_path: Path) -> None:
    store = ox.Store(str(tmp_path / "raw"))
    store.add(quad("a", "1"))
    assert build_info(store) is None


def test_named_graphs_and_build_info_of_a_written_store(sample_store: Path) -> None:
    store = open_read_only(sample_store)
    graphs = named_graphs(store)
    for path in (ONTOLOGY_GRAPH, REFERENCE_GRAPH, ENTITIES_GRAPH, META_GRAPH):
        assert str(M(path)) in graphs
    assert str(M(document_graph_path("900-sample"))) in graphs
    info = build_info(store)
    assert info is not None
    assert info.base_iri == M.base
    assert len(info.build_id) == 16
    assert info.created.tzinfo is not None
    meta = str(M(META_GRAPH))
    distinct = {(q.subject, q.predicate, q.object) for q in store if q.graph_name.value != meta}
    assert info.triples == len(distinct)


def test_void_statistics_count_the_data(sample_store: Path) -> None:
    store = open_read_only(sample_store)
    stats = compute_statistics(store, M)
    data = [q for q in store if q.graph_name.value != str(M(META_GRAPH))]
    triples = {(q.subject, q.predicate, q.object) for q in data}
    assert stats.triples == len(triples)
    assert stats.distinct_subjects == len({t[0] for t in triples})
    assert stats.distinct_objects == len({t[2] for t in triples})
    assert stats.documents == 1
    classes = dict(stats.classes)
    assert classes["https://w3id.org/povkg/ontology#Measurement"] == 7
    properties = dict(stats.properties)
    assert properties["https://w3id.org/povkg/ontology#value"] == 7
    assert sum(properties.values()) == stats.triples


def test_void_description_is_stored_in_the_meta_graph(sample_store: Path) -> None:
    store = open_read_only(sample_store)
    rows = list(
        store.query(
            """PREFIX void: <http://rdfs.org/ns/void#>
            SELECT ?g ?n ?class WHERE { GRAPH ?g { ?d void:triples ?t ; void:classPartition ?p .
              ?p void:class ?class ; void:entities ?n } }""",
            substitutions={ox.Variable("g"): ox.NamedNode(str(M(META_GRAPH)))},
        )
    )
    partitions = {row["class"].value: int(row["n"].value) for row in rows}
    assert partitions["https://w3id.org/povkg/ontology#Measurement"] == 7
    assert partitions["http://www.w3.org/ns/oa#Annotation"] == 7


def test_the_build_id_is_a_hash_of_the_data(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_store(a, [sample_extraction()])
    write_store(b, [sample_extraction()])
    changed = sample_extraction()
    changed.measurements.pop()
    write_store(c, [changed])
    ids = [build_info(open_read_only(p)).build_id for p in (a, b, c)]
    assert ids[0] == ids[1] != ids[2]


def test_load_adds_any_rdf_and_refreshes_the_statistics(tmp_path: Path) -> None:
    path = tmp_path / "store"
    ttl = tmp_path / "data.ttl"
    ttl.write_text(f"<{EX}a> <{EX}p> 'x' , 'y' .", encoding="utf-8")
    trig = tmp_path / "data.trig"
    trig.write_text(f"<{EX}g2> {{ <{EX}b> <{EX}p> 'z' }}", encoding="utf-8")
    settings_minter = Minter()
    stats = load_files(path, [ttl], settings_minter, graph=EX + "g1")
    assert stats.triples == 2
    stats = load_files(path, [trig], settings_minter)
    assert stats.triples == 3
    store = open_read_only(path)
    assert {EX + "g1", EX + "g2"} <= set(named_graphs(store))
    assert build_info(store).triples == 3


def test_load_of_a_broken_file_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "store"
    good, bad = tmp_path / "good.nt", tmp_path / "bad.ttl"
    good.write_text(f'<{EX}a> <{EX}p> "x" .\n', encoding="utf-8")
    bad.write_text(f"<{EX}a> <{EX}p> 'unterminated .\n", encoding="utf-8")
    load_files(path, [good], M)
    before = contents(path)
    with pytest.raises(StoreError, match=r"bad\.ttl"):
        load_files(path, [good, bad], M)
    assert contents(path) == before
    assert leftovers(path) == []
    with pytest.raises(StoreError, match="unknown RDF format"):
        load_files(path, [tmp_path / "notes.txt"], M)
    with pytest.raises(StoreError, match="not an IRI"):
        load_files(path, [good], M, graph="not an iri")


def test_a_store_of_another_base_is_not_mixed(tmp_path: Path) -> None:
    path = tmp_path / "store"
    write_store(path, [sample_extraction()])
    file = tmp_path / "x.nt"
    file.write_text(f'<{EX}a> <{EX}p> "x" .\n', encoding="utf-8")
    with pytest.raises(StoreError, match="built with base IRI"):
        load_files(path, [file], Minter("http://other.example/"))


# --- the real build ---------------------------------------------------------------------------


def test_the_seeds_build_has_every_article_in_its_own_graph(seeds_store) -> None:
    store = open_read_only(seeds_store.path)
    slugs = sorted(p.stem.replace("_", "-", 1) for p in SEEDS.glob("*.txt"))
    graphs = named_graphs(store)
    for slug in slugs:
        assert str(M(document_graph_path(slug))) in graphs
    assert seeds_store.result.documents == slugs
    assert build_info(store).build_id == seeds_store.result.build_id


def test_building_the_seeds_twice_gives_the_same_build(seeds_store, tmp_path: Path) -> None:
    settings = Settings(store=tmp_path / "again", base_iri=seeds_store.settings.base_iri)
    again = build_store(SEEDS, settings)
    assert again.build_id == seeds_store.result.build_id
    assert again.triples == seeds_store.result.triples


def test_a_build_that_fails_validation_leaves_the_previous_store(
    seeds_copy: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = contents(seeds_copy.store)
    import graph.reference

    original = graph.reference.load_reference

    def broken_reference(minter: Minter):
        reference = original(minter)
        from rdflib import Literal
        from rdflib.namespace import RDFS

        # a province without its English label violates the label shapes
        reference.remove(
            (minter("province/cao-bang"), RDFS.label, Literal("Cao Bằng Province", lang="en"))
        )
        from rdflib.namespace import SKOS

        reference.remove(
            (minter("province/cao-bang"), SKOS.prefLabel, Literal("Cao Bằng Province", lang="en"))
        )
        return reference

    monkeypatch.setattr(graph.reference, "load_reference", broken_reference)
    with pytest.raises(BuildError) as failure:
        build_store(SEEDS, seeds_copy)
    assert "province/cao-bang" in failure.value.report
    assert contents(seeds_copy.store) == before
    assert leftovers(seeds_copy.store) == []


def test_a_build_that_raises_midway_leaves_the_previous_store(
    seeds_copy: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = contents(seeds_copy.store)

    def crash(store, minter, created=None):
        raise KeyboardInterrupt  # Ctrl-C while the new store is being written

    monkeypatch.setattr(build_module, "refresh_meta", crash)
    with pytest.raises(KeyboardInterrupt):
        build_store(SEEDS, seeds_copy)
    assert contents(seeds_copy.store) == before
    assert leftovers(seeds_copy.store) == []


def test_a_bad_article_is_left_out_and_the_others_published(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        (seeds / path.name).write_bytes(path.read_bytes())
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "latin1.txt").write_bytes("Hộ nghèo 3,47%".encode("utf-16"))
    (seeds / "words.txt").write_text("Bài viết này không có con số nào về giảm nghèo.\n", "utf-8")
    result = build_store(seeds, Settings(store=tmp_path / "store", base_iri=M.base))
    rejected = sorted(a.path.name for a in result.rejected)
    assert rejected == ["empty.txt", "latin1.txt", "words.txt"]
    assert all(p.file.endswith(".txt") for p in result.problems)
    assert len(result.documents) == 2


def test_a_build_with_nothing_to_publish_fails(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    with pytest.raises(BuildError, match="no article files"):
        build_store(seeds, Settings(store=tmp_path / "store", base_iri=M.base))
    (seeds / "empty.txt").write_bytes(b"")
    with pytest.raises(BuildError, match="no article could be published"):
        build_store(seeds, Settings(store=tmp_path / "store", base_iri=M.base))
    assert not (tmp_path / "store").exists()
