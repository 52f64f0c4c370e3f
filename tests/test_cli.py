"""Every `povkg` command of graph.cli: output, exit statuses, bad input as one clear line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import SEEDS, sample_extraction

from graph.build import reference_lookup
from graph.cli import build_parser, run
from graph.iris import Minter
from graph.store import open_read_only
from graph.table import COLUMNS, rows_from_extraction, rows_from_store, to_csv

SEED_000 = SEEDS / "000_a1a3ac5b4d469efe.txt"


def povkg(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = run(build_parser(), list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out, err


def one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("povkg: ")
    return lines[0]


# --- usage ------------------------------------------------------------------------------------


def test_no_command_prints_help_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = povkg(capsys)
    assert status == 2
    assert "build" in err and "measurements" in err


def test_every_command_takes_store_and_base_iri(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("build", "validate", "export", "query", "ingest", "extract"):
        status, out, _ = povkg(capsys, command, "--help")
        assert status == 0
        assert "--store" in out and "--base-iri" in out, command


def test_an_invalid_base_iri_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = povkg(
        capsys, "query", "ASK {}", "--store", str(tmp_path), "--base-iri", "ftp://x"
    )
    assert status == 1
    assert "base IRI must be an http(s) IRI" in one_line_error(err)


def test_a_missing_store_says_how_to_make_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for argv in (["query", "ASK {}"], ["measurements"], ["export"], ["validate"]):
        status, _, err = povkg(capsys, *argv, "--store", str(tmp_path / "none"))
        assert status == 1
        assert "povkg build" in one_line_error(err)


def test_the_store_comes_from_the_environment(
    capsys: pytest.CaptureFixture[str], sample_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POVKG_STORE", str(sample_store))
    status, out, _ = povkg(capsys, "query", "ASK { ?s a pov:Measurement }")
    assert (status, out) == (0, "true\n")


# --- query ------------------------------------------------------------------------------------


def test_query_formats(capsys: pytest.CaptureFixture[str], sample_store: Path) -> None:
    q = "SELECT ?v WHERE { ?m pov:value ?v } ORDER BY ?v"
    status, out, _ = povkg(capsys, "query", q, "--store", str(sample_store))
    assert status == 0
    assert out.splitlines()[0].strip() == "v" and "28484" in out and "(7 rows)" in out
    status, out, _ = povkg(capsys, "query", q, "--format", "csv", "--store", str(sample_store))
    assert next(csv.reader(io.StringIO(out))) == ["v"]
    assert len(out.splitlines()) == 8
    status, out, _ = povkg(capsys, "query", q, "--format", "json", "--store", str(sample_store))
    bindings = json.loads(out)["results"]["bindings"]
    assert {b["v"]["value"] for b in bindings} >= {"28484", "3.47"}
    status, out, _ = povkg(
        capsys, "query", "ASK { ?s a pov:Nothing }", "--store", str(sample_store)
    )
    assert (status, out) == (0, "false\n")
    construct = "CONSTRUCT { ?s a pov:Province } WHERE { ?s a pov:Province }"
    status, out, _ = povkg(capsys, "query", construct, "--store", str(sample_store))
    assert status == 0 and "pov:Province" in out


@pytest.mark.parametrize(
    ("sparql", "message"),
    [
        ("SELEKT * WHERE { ?s ?p ?o }", "malformed SPARQL query"),
        ("SELECT * WHERE { ?s ?p ", "malformed SPARQL query"),
        ("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", "read-only: SPARQL Update"),
        ("PREFIX e: <http://e/> DELETE WHERE { ?s ?p ?o }", "read-only: SPARQL Update"),
        ("DROP ALL", "read-only: SPARQL Update"),
        ('SELECT ("INSERT" AS ?x) WHERE {', "malformed SPARQL query"),
    ],
)
def test_a_malformed_or_update_query_is_exit_2(
    capsys: pytest.CaptureFixture[str], sample_store: Path, sparql: str, message: str
) -> None:
    before = set(open_read_only(sample_store))
    status, _, err = povkg(capsys, "query", sparql, "--store", str(sample_store))
    assert status == 2
    assert message in one_line_error(err)
    assert set(open_read_only(sample_store)) == before


# --- measurements and the table ---------------------------------------------------------------


def test_measurements_csv_has_the_required_columns(
    capsys: pytest.CaptureFixture[str], sample_store: Path
) -> None:
    status, out, _ = povkg(capsys, "measurements", "--format", "csv", "--store", str(sample_store))
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert tuple(rows[0].keys()) == COLUMNS
    assert len(rows) == 7
    money = next(r for r in rows if r["unit"] == "vnd")
    assert money["value"] == "1174000000000"
    assert money["qualifier"] == "more-than"
    assert money["document"] == "900_sample.txt"
    assert money["iri"].startswith("https://w3id.org/povkg/id/measurement/900-sample/")
    ranged = next(r for r in rows if r["value_max"])
    assert (ranged["value"], ranged["value_max"], ranged["period"]) == ("2", "2.5", "2021-2025")
    assert all("E" not in r["value"] for r in rows)


def test_measurements_filters(capsys: pytest.CaptureFixture[str], sample_store: Path) -> None:
    def rows(*filters: str) -> list[dict[str, str]]:
        status, out, _ = povkg(
            capsys, "measurements", *filters, "--format", "json", "--store", str(sample_store)
        )
        assert status == 0
        return json.loads(out)

    assert len(rows("--province", "bac-ninh")) == 6
    [na_ri] = rows("--province", "province/bac-kan")
    assert (na_ri["area"], na_ri["area_iri"]) == (
        "Na Rì",
        "https://w3id.org/povkg/id/district/bac-kan/na-ri",
    )
    assert [r["value"] for r in rows("--indicator", "poor-households", "--year", "2021")] == [
        "28484"
    ]
    assert [r["period"] for r in rows("--year", "2024")] == ["2024"]
    assert rows("--province", "cao-bang") == []


def test_measurements_bad_filters(capsys: pytest.CaptureFixture[str], sample_store: Path) -> None:
    status, _, err = povkg(
        capsys, "measurements", "--province", "atlantis", "--store", str(sample_store)
    )
    assert status == 1
    assert "unknown province 'atlantis'" in one_line_error(err)
    status, _, err = povkg(capsys, "measurements", "--year", "21", "--store", str(sample_store))
    assert status == 2 and "not a year" in err
    injection = "bac-ninh> } UNION { ?s ?p ?o } #"
    status, _, err = povkg(
        capsys, "measurements", "--province", injection, "--store", str(sample_store)
    )
    assert status == 1 and "province" in one_line_error(err)


def test_measurements_table(capsys: pytest.CaptureFixture[str], sample_store: Path) -> None:
    status, out, _ = povkg(capsys, "measurements", "--store", str(sample_store))
    lines = out.splitlines()
    assert status == 0
    assert lines[0].split()[:4] == ["document", "start", "end", "quote"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[-1] == "(7 rows)"
    assert len({len(line) for line in lines[2:-1]}) >= 1
    # two rates of one area and year differ by their population group: the table shows it
    assert "population_group" in lines[0].split()
    assert sum("ethnic-minority-households" in line for line in lines[2:-1]) == 1


def test_rows_from_facts_equal_rows_from_the_store(sample_store: Path) -> None:
    minter = Minter()
    from_facts = rows_from_extraction(sample_extraction(), minter, reference_lookup(minter))
    from_store = rows_from_store(open_read_only(sample_store), minter)
    assert from_facts == from_store
    assert to_csv(from_facts) == to_csv(from_store)


# --- export and load --------------------------------------------------------------------------


def test_export_to_a_file_and_to_stdout(
    capsys: pytest.CaptureFixture[str], sample_store: Path, tmp_path: Path
) -> None:
    target = tmp_path / "dump.nq"
    status, _, err = povkg(
        capsys, "export", "--format", "nq", "-o", str(target), "--store", str(sample_store)
    )
    assert status == 0 and "exported" in err
    assert target.stat().st_size > 1000
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    status, out, _ = povkg(capsys, "export", "--format", "nt", "--store", str(sample_store))
    assert status == 0 and out.count("\n") > 1000
    status, _, err = povkg(capsys, "export", "--format", "docx", "--store", str(sample_store))
    assert status == 2 and "invalid choice" in err


def test_load_then_query_any_rdf(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = tmp_path / "store"
    data = tmp_path / "data.ttl"
    data.write_text("<http://e/a> <http://e/p> 'hello' .", encoding="utf-8")
    status, out, _ = povkg(
        capsys, "load", str(data), "--graph", "http://e/g", "--store", str(store)
    )
    assert status == 0 and "1 triples" in out
    status, out, _ = povkg(
        capsys,
        "query",
        "SELECT ?o WHERE { GRAPH <http://e/g> { ?s ?p ?o } }",
        "--format",
        "csv",
        "--store",
        str(store),
    )
    assert out.splitlines() == ["o", "hello"]
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://e/a> <http://e/p> .", encoding="utf-8")
    status, _, err = povkg(capsys, "load", str(broken), "--store", str(store))
    assert status == 1
    assert "broken.ttl" in one_line_error(err)


# --- validate ---------------------------------------------------------------------------------

_BROKEN_MEASUREMENT = """
@prefix pov: <https://w3id.org/povkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/povkg/id/measurement/x/1-2> a pov:Measurement ;
    rdfs:label "Hộ nghèo"@vi, "Poor households"@en ;
    pov:value "-5"^^<http://www.w3.org/2001/XMLSchema#decimal> .
"""


def test_validate_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(_BROKEN_MEASUREMENT, encoding="utf-8")
    status, out, _ = povkg(capsys, "validate", str(broken))
    assert status == 1
    assert "does not conform" in out and "measurement/x/1-2" in out and "pov:evidence" in out
    fine = tmp_path / "fine.nt"
    fine.write_text("<http://e/a> <http://e/p> <http://e/b> .\n", encoding="utf-8")
    status, out, _ = povkg(capsys, "validate", str(fine))
    assert (status, out.strip()) == (0, "The graph conforms to the povkg shapes.")
    status, _, err = povkg(capsys, "validate", str(tmp_path / "missing.ttl"))
    assert status == 1 and "no such file" in one_line_error(err)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    status, _, err = povkg(capsys, "validate", str(notes))
    assert status == 1 and "unknown RDF format" in one_line_error(err)


def test_validate_the_seeds_store(capsys: pytest.CaptureFixture[str], seeds_store) -> None:
    status, out, _ = povkg(capsys, "validate", "--store", str(seeds_store.path))
    assert (status, out.strip()) == (0, "The graph conforms to the povkg shapes.")


# --- build, ingest, extract -------------------------------------------------------------------


def test_build_the_seeds(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    store = tmp_path / "store"
    status, out, err = povkg(capsys, "build", "--seeds", str(SEEDS), "--store", str(store))
    assert status == 0, err
    assert out.startswith(f"built {store}: 98 measurements from 5 article(s) read")
    assert "the store holds 5 articles" in out
    status, out, _ = povkg(capsys, "query", "ASK { ?m a pov:Measurement }", "--store", str(store))
    assert out == "true\n"


def _bad_articles(directory: Path) -> dict[str, Path]:
    directory.mkdir(exist_ok=True)
    files = {
        "empty": directory / "empty.txt",
        "binary": directory / "binary.txt",
        "words": directory / "words.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes("Dòng một\nHộ nghèo giảm 3,47%\n".encode() + b"\xff\xfe bad\n")
    files["words"].write_text("Tỉnh tiếp tục triển khai công tác giảm nghèo.\n", encoding="utf-8")
    return files


def test_build_reports_each_bad_article_and_publishes_the_rest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    seeds = tmp_path / "seeds"
    bad = _bad_articles(seeds)
    (seeds / SEED_000.name).write_bytes(SEED_000.read_bytes())
    status, out, err = povkg(capsys, "build", "--seeds", str(seeds), "--store", str(tmp_path / "s"))
    assert status == 1
    errors = [line for line in err.splitlines() if line.startswith("povkg: error:")]
    assert len(errors) == 3
    assert any("empty.txt" in line for line in errors)
    assert any("binary.txt:3" in line for line in errors)  # the line of the first bad byte
    assert any("words.txt" in line for line in errors)
    assert "1 articles" in out and "3 article(s) left out" in out
    assert bad["empty"].exists()


def test_extract_prints_the_rows_measurements_will_print(
    capsys: pytest.CaptureFixture[str], seeds_store
) -> None:
    status, extracted, _ = povkg(capsys, "extract", str(SEED_000), "--format", "csv")
    assert status == 0
    status, stored, _ = povkg(
        capsys, "measurements", "--format", "csv", "--store", str(seeds_store.path)
    )
    wanted = [line for line in stored.splitlines()[1:] if line.startswith(SEED_000.name + ",")]
    assert extracted.splitlines()[0] == ",".join(COLUMNS)
    assert extracted.splitlines()[1:] == wanted
    assert len(wanted) > 5


def test_extract_json_and_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = povkg(capsys, "extract", str(SEED_000), "--format", "json")
    rows = json.loads(out)
    assert status == 0 and rows and set(rows[0]) == set(COLUMNS)
    bad = _bad_articles(tmp_path / "bad")
    status, out, err = povkg(capsys, "extract", *map(str, bad.values()), str(SEED_000))
    assert status == 1
    assert len([line for line in err.splitlines() if "error:" in line]) == 3
    assert len(out.splitlines()) == len(rows) + 1  # the good file's rows are still printed


def test_ingest_adds_good_articles_and_reports_bad_ones(
    capsys: pytest.CaptureFixture[str], seeds_copy, tmp_path: Path
) -> None:
    store = str(seeds_copy.store)
    bad = _bad_articles(tmp_path / "bad")
    new = tmp_path / "new_article.txt"
    new.write_text(
        " date 2024-12-30 Đến cuối năm 2024, tỉnh Cao Bằng còn 25.000 hộ nghèo, chiếm 14,5%.\n",
        encoding="utf-8",
    )
    status, out, err = povkg(capsys, "ingest", str(bad["empty"]), str(new), "--store", store)
    assert status == 1
    assert "empty.txt" in err and "6 articles" in out
    status, out, _ = povkg(
        capsys, "measurements", "--province", "cao-bang", "--format", "csv", "--store", store
    )
    assert "new_article.txt" in out
    status, _, err = povkg(capsys, "ingest", str(bad["words"]), "--store", store)
    assert status == 1 and "no article could be ingested" in err
