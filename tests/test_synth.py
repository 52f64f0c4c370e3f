"""The benchmark's synthetic graph and its answer comparison (bench/).

The graph must be povkg data in every respect: it conforms to the project's SHACL shapes, every
quote sits in its article at its offsets, the same seed gives the same file. The comparison of
answers across engines must tell a different answer from a differently printed same answer.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.gazetteer import units_per_province  # noqa: E402
from bench.names import place_names  # noqa: E402
from bench.ntriples import iri, literal  # noqa: E402
from bench.run import SizeResult, table  # noqa: E402
from bench.timing import Query, Timing, canonical, load_queries  # noqa: E402
from bench.values import draw, vi_number  # noqa: E402
from graph.iris import slugify  # noqa: E402

SAMPLE_TRIPLES = 15000
WIDE_TRIPLES = 60000
POV = "https://w3id.org/povkg/ontology#"
OA = "http://www.w3.org/ns/oa#"


def _synth(out: Path, triples: int = SAMPLE_TRIPLES, seed: int = 7) -> subprocess.CompletedProcess:
    command = [sys.executable, str(ROOT / "bench" / "synth.py"), "--triples", str(triples)]
    return subprocess.run(
        [*command, "--out", str(out), "--seed", str(seed)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "sample.nt"
    done = _synth(out)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def store(sample: Path) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.bulk_load(path=str(sample), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> pyoxigraph.Store:
    """A graph large enough to hold an article about every province (too slow to validate)."""
    out = tmp_path_factory.mktemp("synth") / "wide.nt"
    done = _synth(out, triples=WIDE_TRIPLES)
    assert done.returncode == 0, done.stderr
    store = pyoxigraph.Store()
    store.bulk_load(path=str(out), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def _select(store: pyoxigraph.Store, query: str) -> list[dict[str, str]]:
    prefixes = f"PREFIX pov: <{POV}> PREFIX oa: <{OA}> "
    solutions = store.query(prefixes + query)
    names = [v.value for v in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def test_sample_conforms_to_the_shapes(sample: Path) -> None:
    from graph.validate import validate

    data = Graph()
    data.parse(sample, format="nt")
    report = validate(data)
    assert report.conforms, str(report)


def test_sample_has_about_the_requested_size(sample: Path) -> None:
    lines = sample.read_text(encoding="utf-8").splitlines()
    assert SAMPLE_TRIPLES <= len(lines) < SAMPLE_TRIPLES * 1.1
    assert len(set(lines)) == len(lines), "a triple is written twice"


def test_every_quote_is_in_its_document_at_its_offsets(store: pyoxigraph.Store) -> None:
    rows = _select(
        store,
        """SELECT ?m ?text ?exact ?prefix ?suffix ?start ?end WHERE {
             ?m a pov:Measurement ; pov:evidence/oa:hasTarget ?t .
             ?t oa:hasSource ?doc ; oa:hasSelector ?q, ?p .
             ?q oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix .
             ?p oa:start ?start ; oa:end ?end .
             ?doc pov:text ?text . }""",
    )
    measurements = _select(store, "SELECT ?m WHERE { ?m a pov:Measurement }")
    assert len(rows) == len(measurements) > 100
    for row in rows:
        start, end, text = int(row["start"]), int(row["end"]), row["text"]
        assert text[start:end] == row["exact"], row["m"]
        assert text[:start].endswith(row["prefix"]) and text[end:].startswith(row["suffix"])


def test_graph_covers_every_province_years_statuses_and_the_merger(
    wide: pyoxigraph.Store,
) -> None:
    def distinct(query: str) -> set[str]:
        return {r["x"] for r in _select(wide, query)}

    refs = "PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> "
    years = distinct(
        refs + "SELECT DISTINCT ?x WHERE { ?m sdmx-dimension:refPeriod/pov:startYear ?x }"
    )
    assert {str(y) for y in range(2016, 2026)} <= years
    statuses = distinct("SELECT DISTINCT ?x WHERE { ?m a pov:Measurement ; pov:status ?x }")
    assert {s.rsplit("/", 1)[-1] for s in statuses} == {"actual", "target", "forecast"}
    provinces = distinct("SELECT DISTINCT ?x WHERE { ?x a pov:Province }")
    subjects = distinct(
        "SELECT DISTINCT ?x WHERE { ?d a pov:Article ; <http://purl.org/dc/terms/subject> ?x }"
    )
    assert len(provinces) >= 63 and subjects == provinces
    communes = distinct(
        "SELECT DISTINCT ?x WHERE { ?x a pov:Commune ; pov:partOf/pov:partOf ?p . "
        "?p a pov:Province }"
    )
    assert len(communes) >= 60
    merged = distinct(
        refs + "SELECT DISTINCT ?x WHERE { ?m sdmx-dimension:refArea ?x . ?x pov:validFrom ?f }"
    )
    assert len(merged) >= 2, "no measurement about the provinces formed in the 2025 merger"
    late = distinct(
        "SELECT DISTINCT ?x WHERE { ?d <http://purl.org/dc/terms/subject> ?p ; "
        "<http://purl.org/dc/terms/issued> ?x . ?p pov:validFrom ?from FILTER (?x < ?from) }"
    )
    assert late == set(), "an article about a merged province predates the merger"


def test_same_seed_same_file_other_seed_other_file(sample: Path, tmp_path: Path) -> None:
    again, other = tmp_path / "again.nt", tmp_path / "other.nt"
    assert _synth(again).returncode == 0
    assert _synth(other, seed=8).returncode == 0
    assert again.read_bytes() == sample.read_bytes()
    assert other.read_bytes() != sample.read_bytes()


def test_bad_arguments_are_refused_without_writing(tmp_path: Path) -> None:
    out = tmp_path / "none.nt"
    done = _synth(out, triples=0)
    assert done.returncode == 2 and "--triples must be positive" in done.stderr
    assert not out.exists()


def test_gazetteer_grows_with_the_graph() -> None:
    small, large = units_per_province(100_000, 61), units_per_province(1_000_000, 61)
    assert small[0] * small[1] < large[0] * large[1]
    assert units_per_province(10, 61) == (1, 1)


def test_place_names_have_distinct_slugs_and_refuse_impossible_requests() -> None:
    names = place_names(random.Random(1), 300)
    assert len({slugify(n) for n in names}) == 300
    with pytest.raises(ValueError, match="distinct names"):
        place_names(random.Random(1), 10_000)


@pytest.mark.parametrize(
    ("value", "written"),
    [("28484", "28.484"), ("3.47", "3,47"), ("1174.5", "1.174,5"), ("0.56", "0,56"),
     ("100", "100"), ("1000000", "1.000.000"), ("2.50", "2,5")],
)  # fmt: skip
def test_vietnamese_numbers(value: str, written: str) -> None:
    assert vi_number(Decimal(value)) == written


def test_drawn_values_respect_their_units() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        rate = draw(rng, "Tỷ lệ hộ nghèo", "percent", "%", "commune", 60.0, 300)
        assert 0 <= rate.value <= 100 and (rate.value_max is None or rate.value_max <= 100)
        money = draw(rng, "Kinh phí", "vnd", "đồng", "province", 5.0, 300_000)
        assert money.value > 0 and money.value % 1_000_000 == 0
        count = draw(rng, "Hộ nghèo", "household", "hộ", "district", 5.0, 20_000)
        assert count.value >= 0 and (count.out_of is None or count.out_of >= count.value)


def test_ntriples_terms_escape_and_refuse_bad_iris() -> None:
    graph = Graph()
    text = 'a "q"\nb\\c'
    line = " ".join([iri("http://e.org/s"), iri("http://e.org/p"), literal(text, "vi")]) + " .\n"
    graph.parse(data=line, format="nt")
    assert str(next(iter(graph))[2]) == text
    with pytest.raises(ValueError):
        iri("http://e.org/has space")


def test_query_mix_parses_and_is_classified() -> None:
    queries = load_queries(ROOT / "bench" / "queries")
    assert 8 <= len(queries) <= 12
    store = pyoxigraph.Store()
    for query in queries:
        store.query(query.text)  # raises on a syntax error
    assert [q.name for q in queries if q.is_graph] == ["08-construct-measurement"]


def test_every_query_of_the_mix_finds_something(wide: pyoxigraph.Store) -> None:
    empty = [
        query.name
        for query in load_queries(ROOT / "bench" / "queries")
        if not list(wide.query(query.text))
    ]
    assert empty == []


def test_answers_compare_by_value_not_by_spelling() -> None:
    select = Query("q", "SELECT ?x ?n WHERE {}")
    decimal = "http://www.w3.org/2001/XMLSchema#decimal"

    def body(n: str, x: str = "http://e.org/a") -> bytes:
        row = {"x": {"type": "uri", "value": x}, "n": {"type": "literal", "value": n,
                                                      "datatype": decimal}}  # fmt: skip
        return json.dumps({"head": {"vars": ["x", "n"]}, "results": {"bindings": [row]}}).encode()

    assert canonical(select, body("2.50")) == canonical(select, body("2.5"))
    assert canonical(select, body("2.5")) != canonical(select, body("2.6"))
    assert canonical(select, body("2.5")) != canonical(select, body("2.5", "http://e.org/b"))
    construct = Query("c", "PREFIX a: <http://e.org/>\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    one = b'<http://e.org/s> <http://e.org/p> "T\\u00e2n"@vi .\n'
    raw = '<http://e.org/s> <http://e.org/p> "Tân"@vi .'.encode()
    assert canonical(construct, one) == canonical(construct, raw)
    assert sum(canonical(construct, one * 2).values()) == 2
    with pytest.raises(ValueError):
        canonical(construct, b"not n-triples\n")


def test_table_reports_a_timed_out_baseline_as_a_lower_bound() -> None:
    answer = Counter({("row",): 3})
    fast = Timing(seconds=[0.01, 0.02, 0.03], answer=answer)
    slow = Timing(seconds=[1.0, 1.0, 1.0], answer=answer)
    cut = Timing(timed_out_after=120.0)
    result = SizeResult("1M", 1_000_000)
    result.timings = {"a": {"povkg": fast, "rdflib": slow}, "b": {"povkg": fast, "rdflib": cut}}
    text = table(result, ["povkg", "rdflib"])
    assert "| a | 3 | 20.0 | 1,000.0 | 50.0x | same |" in text
    assert "| b | 3 | 20.0 | >= 120,000 | >= 6,000.0x | n/a (rdflib timed out) |" in text
    assert "**>= 547.7x**" in text
    result.timings = {"b": {"povkg": fast, "oxigraph": fast, "rdflib": cut}}
    assert "| same (rdflib timed out) |" in table(result, ["povkg", "oxigraph", "rdflib"])
    different = Timing(seconds=[1.0], answer=Counter({("other",): 3}))
    result.timings = {"c": {"povkg": fast, "rdflib": different}}
    assert "DIFFERENT povkg=3, rdflib=3" in table(result, ["povkg", "rdflib"])
