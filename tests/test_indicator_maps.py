"""The indicator maps (``indicators.csv`` beside each annotated set's ``measurements.csv``).

Each map says which indicator of ``ontology/codelists/indicators.ttl`` every free-text gold
description measures, so that the evaluator can score the indicator too. The maps were made
blind to the extractor; their sha256 is frozen here so that any later edit is visible.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace

from graph.config import DEFAULT_BASE_IRI
from graph.evaluation import load_gold, with_indicators

ROOT = Path(__file__).resolve().parent.parent
CODE_LIST = ROOT / "ontology" / "codelists" / "indicators.ttl"
POV = Namespace("https://w3id.org/povkg/ontology#")
COLUMNS = ["indicator", "document", "start", "indicator_iri", "note"]

# sha256 of each map, recorded when the mapping was finished (2026-11-23, 02:39 UTC), before any
# extractor output had been seen. Change a map only on purpose, and update its hash with it.
FROZEN = {
    "gold": "67fa429e74434f86ded3539d0e55e6ff896053fbebd9f674aff26470d04c7dee",
    "heldout": "08d436be44b5b9a8310fecc36a84884a75966db04a3d30244c4c14cbf46ac758",
    "heldout2": "6fc63def00a038b073da7decbfc87a92f906cee6f963581f1786c75515367672",
    "heldout3": "113424d85dd01ddaa194365acf52703501dc079a1d93f319c8a125cffa8a30c7",
    "heldout4": "e8e22db93d29262c1154f6d6076936b615ebff1b3621833f53539c729667fd4c",
    "heldout5": "921fa58b23a92b2381f500da750426d27bb249e87166c27930d776f56fd55bfa",
    "heldout6": "5d572492050c8206a701beedcf046283345597432671509dd0c9f7f2e9eaa8b1",
}
SETS = sorted(FROZEN)


@dataclass(frozen=True)
class MapRow:
    """One row of an indicator map, as read from the CSV."""

    line: int
    indicator: str
    document: str
    start: str
    indicator_iri: str
    note: str


def code_list_paths() -> frozenset[str]:
    """The paths (``indicator/poor-households``) of every ``pov:Indicator`` in the code list."""
    graph = Graph().parse(CODE_LIST)
    return frozenset(
        str(s)[len(DEFAULT_BASE_IRI) :]
        for s in graph.subjects(RDF.type, POV.Indicator)
        if str(s).startswith(DEFAULT_BASE_IRI + "indicator/")
    )


def parse_map(text: str) -> tuple[list[MapRow], list[str]]:
    """The rows of a map and the problems found while parsing it (header, field counts)."""
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header != COLUMNS:
        return [], [f"header is {header!r}, expected {COLUMNS!r}"]
    rows, problems = [], []
    for line, fields in enumerate(reader, start=2):
        if len(fields) != len(COLUMNS):
            problems.append(f"line {line}: {len(fields)} fields, expected {len(COLUMNS)}")
            continue
        rows.append(MapRow(line, *(f.strip() for f in fields)))
    return rows, problems


def check_map(
    rows: list[MapRow], gold: list[dict[str, str]], indicators: frozenset[str]
) -> list[str]:
    """Everything wrong with a parsed map against its gold rows and the code list."""
    problems = []
    descriptions = {g["indicator"] for g in gold}
    by_key = {(g["document"], g["start"]): g for g in gold}
    wide: dict[str, MapRow] = {}
    overrides: set[tuple[str, str]] = set()
    for row in rows:
        where = f"line {row.line}"
        if not row.indicator:
            problems.append(f"{where}: empty indicator description")
        elif row.indicator not in descriptions:
            problems.append(f"{where}: {row.indicator!r} is not a description of this set")
        if row.indicator_iri and row.indicator_iri not in indicators:
            problems.append(f"{where}: {row.indicator_iri!r} is not in the indicator code list")
        if not row.indicator_iri and not row.note:
            problems.append(f"{where}: no indicator and no note saying what is missing")
        if bool(row.document) != bool(row.start):
            problems.append(f"{where}: document and start must be given together")
        elif not row.document:
            if row.indicator in wide:
                problems.append(f"{where}: {row.indicator!r} mapped twice")
            wide[row.indicator] = row
        else:
            key = (row.document, row.start)
            gold_row = by_key.get(key)
            if gold_row is None:
                problems.append(f"{where}: no gold row at {row.document} {row.start}")
            elif gold_row["indicator"] != row.indicator:
                problems.append(
                    f"{where}: the gold row at {row.document} {row.start} is "
                    f"{gold_row['indicator']!r}, not {row.indicator!r}"
                )
            if key in overrides:
                problems.append(f"{where}: {row.document} {row.start} overridden twice")
            overrides.add(key)
    problems += [f"{d!r} is not mapped" for d in sorted(descriptions - wide.keys())]
    for row in rows:
        base = wide.get(row.indicator)
        if row.document and base is not None and base.indicator_iri == row.indicator_iri:
            problems.append(f"line {row.line}: override repeats the description's indicator")
    return problems


@pytest.fixture(scope="module")
def indicators() -> frozenset[str]:
    return code_list_paths()


def set_dir(name: str) -> Path:
    return ROOT / "tests" / name


@pytest.mark.parametrize("name", SETS)
def test_map_is_sound(name: str, indicators: frozenset[str]) -> None:
    rows, problems = parse_map((set_dir(name) / "indicators.csv").read_text(encoding="utf-8"))
    gold = load_gold(set_dir(name) / "measurements.csv")
    assert problems == []
    assert rows, "an empty map"
    assert check_map(rows, gold, indicators) == []


@pytest.mark.parametrize("name", SETS)
def test_map_is_frozen(name: str) -> None:
    data = (set_dir(name) / "indicators.csv").read_bytes()
    assert hashlib.sha256(data).hexdigest() == FROZEN[name]


@pytest.mark.parametrize("name", SETS)
def test_evaluator_gives_every_gold_row_its_mapped_indicator(name: str) -> None:
    gold = load_gold(set_dir(name) / "measurements.csv")
    filled = with_indicators(gold, set_dir(name) / "indicators.csv")
    rows, _ = parse_map((set_dir(name) / "indicators.csv").read_text(encoding="utf-8"))
    wide = {r.indicator: r.indicator_iri for r in rows if not r.document}
    special = {(r.document, r.start): r.indicator_iri for r in rows if r.document}
    assert len(filled) == len(gold)
    for row in filled:
        expected = special.get((row["document"], row["start"]), wide[row["indicator"]])
        assert row["indicator_iri"] == expected


def test_code_list_is_read(indicators: frozenset[str]) -> None:
    # The checks below mean nothing if the code list came back empty or under another base.
    assert {"indicator/poor-households", "indicator/poverty-rate"} <= indicators
    assert len(indicators) >= 100


# Failure paths: the checker must catch every kind of broken map.

GOLD = [
    {"document": "a.txt", "start": "10", "indicator": "poor households"},
    {"document": "a.txt", "start": "40", "indicator": "poor households"},
    {"document": "b.txt", "start": "5", "indicator": "poor-household rate"},
]
CODES = frozenset({"indicator/poor-households", "indicator/poverty-rate", "indicator/funding"})
GOOD = (
    "indicator,document,start,indicator_iri,note\n"
    "poor households,,,indicator/poor-households,\n"
    "poor households,a.txt,40,indicator/funding,an exception\n"
    "poor-household rate,,,indicator/poverty-rate,\n"
)


def problems_of(text: str) -> list[str]:
    rows, problems = parse_map(text)
    return problems + check_map(rows, GOLD, CODES)


def test_a_good_map_has_no_problem() -> None:
    assert problems_of(GOOD) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD.replace("indicator,document", "description,document"), "header is"),
        (GOOD + "poor households,,\n", "3 fields"),
        (GOOD.replace("poor-household rate,,,indicator/poverty-rate,\n", ""), "is not mapped"),
        (GOOD + "poor households,,,indicator/poverty-rate,\n", "mapped twice"),
        (GOOD.replace("indicator/poverty-rate", "indicator/poverty-ratio"), "not in the"),
        (GOOD.replace("indicator/poverty-rate,", ","), "no note"),
        (GOOD + "near-poor households,,,indicator/funding,\n", "not a description"),
        (GOOD.replace("a.txt,40", "a.txt,41"), "no gold row"),
        (GOOD.replace("a.txt,40", "b.txt,5"), "is 'poor-household rate'"),
        (GOOD.replace("a.txt,40", ",40"), "given together"),
        (GOOD + "poor households,a.txt,40,indicator/poverty-rate,again\n", "overridden twice"),
        (GOOD.replace("40,indicator/funding", "40,indicator/poor-households"), "repeats"),
    ],
)
def test_a_broken_map_is_reported(text: str, expected: str) -> None:
    problems = problems_of(text)
    assert any(expected in p for p in problems), problems


def test_an_unmapped_description_with_a_note_is_accepted() -> None:
    text = GOOD.replace("indicator/poverty-rate,", ",no indicator of the code list fits")
    assert problems_of(text) == []
