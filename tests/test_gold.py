"""The gold annotation is sound: quotes at their offsets, values that the quotes say, code-list
values, no duplicates, every seed article annotated, nothing from outside the main text."""

from __future__ import annotations

import csv
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from graph.evaluation import evaluate, load_gold

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "measurements.csv"
README = ROOT / "tests" / "gold" / "README.md"
SEEDS = ROOT / "seeds"
PLACES = ROOT / "ontology" / "reference" / "places.ttl"

COLUMNS = [
    "document", "start", "end", "quote", "area", "indicator", "value", "value_max", "unit",
    "qualifier", "out_of", "period", "status", "population_group", "funding_source", "note",
]  # fmt: skip
UNITS = {
    "household", "percent", "percentage-point", "percent-of-plan", "vnd",
    "vnd-per-person-per-year", "person", "household-turn", "person-turn", "commune", "district",
    "work", "station", "loudspeaker-cluster", "conference", "class", "leaflet", "model",
    "project", "point", "centre",
}  # fmt: skip
STATUSES = {"actual", "target", "forecast"}
QUALIFIERS = {"", "more-than", "nearly", "about", "less-than", "at-least", "at-most"}
AREA = re.compile(r"^(province|district|commune)/[a-z0-9-]+(/[a-z0-9-]+)*$")
SLUG = re.compile(r"^([a-z0-9]+(-[a-z0-9]+)*)?$")
PERIOD = re.compile(r"^((?P<a>\d{4})(-(?P<b>\d{4}))?)?$")
# Where the main text of an article ends (related news and other items follow).
MAIN_TEXT_ENDS = {
    "001_610ce7d90af0c738.txt": "Bài liên quan",
    "003_bd648df24c52cd8e.txt": "\nQuỳnh Nga\n",
}
# A numeral, and the multiplier word right after it ("1.174 tỷ đồng"; not "tỷ lệ").
NUMERAL = re.compile(r"(\d+(?:\.\d{3})*(?:,\d+)?)(?: (tỷ|triệu) đồng)?")
MULTIPLIERS = {"": Decimal(1), "tỷ": Decimal(10) ** 9, "triệu": Decimal(10) ** 6}


def _rows() -> list[dict[str, str]]:
    return load_gold(GOLD)


def _texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def _numeral(digits: str, multiplier: str) -> Decimal:
    """Vietnamese numeral: ``.`` groups thousands, ``,`` is the decimal mark."""
    return Decimal(digits.replace(".", "").replace(",", ".")) * MULTIPLIERS[multiplier]


def test_header_is_the_agreed_one() -> None:
    with GOLD.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header[: len(COLUMNS)] == COLUMNS
    assert set(header[len(COLUMNS) :]) <= {"indicator_iri"}


def test_every_seed_article_is_annotated_and_nothing_else() -> None:
    documents = {r["document"] for r in _rows()}
    assert documents == set(_texts())


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['document'][:3]}:{r['start']}")
def test_quote_is_found_at_its_offsets(row: dict[str, str]) -> None:
    text = _texts()[row["document"]]
    start, end = int(row["start"]), int(row["end"])
    assert 0 <= start < end <= len(text)
    assert text[start:end] == row["quote"]
    assert row["quote"] == row["quote"].strip()


def test_spans_lie_in_the_main_text() -> None:
    texts = _texts()
    for row in _rows():
        text = texts[row["document"]]
        marker = MAIN_TEXT_ENDS.get(row["document"])
        if marker:
            assert int(row["end"]) <= text.index(marker), row
        line = text[text.rfind("\n", 0, int(row["start"])) + 1 : text.find("\n", int(row["end"]))]
        assert ".jpg" not in line and "Ảnh" not in line, row  # image names and captions


def test_values_parse_and_agree_with_the_quote() -> None:
    for row in _rows():
        value = Decimal(row["value"])
        assert value.is_finite() and value >= 0, row
        numerals = [_numeral(d, m) for d, m in NUMERAL.findall(row["quote"])]
        if value == 0:
            assert not numerals, row  # a statement without digits ("không còn hộ nghèo")
            continue
        if row["out_of"]:
            assert numerals[1:2] == [Decimal(row["out_of"])], row
            assert Decimal(row["out_of"]) >= value, row
        elif row["value_max"]:
            assert numerals[1:2] == [Decimal(row["value_max"])], row
            assert Decimal(row["value_max"]) > value, row
        else:
            assert len(numerals) == 1, row
        assert numerals[:1] == [value], row


def test_code_list_values_are_allowed() -> None:
    for row in _rows():
        assert row["unit"] in UNITS, row
        assert row["status"] in STATUSES, row
        assert row["qualifier"] in QUALIFIERS, row
        assert AREA.match(row["area"]), row
        assert SLUG.match(row["population_group"]), row
        assert SLUG.match(row["funding_source"]), row
        assert row["indicator"].strip(), row
        if row["unit"] == "percent":
            assert 0 <= Decimal(row["value"]) <= 100, row
        if row["funding_source"]:
            assert row["unit"] == "vnd", row


def test_periods_are_whole_years_in_order() -> None:
    for row in _rows():
        match = PERIOD.match(row["period"])
        assert match, row
        if match["a"]:
            first, last = int(match["a"]), int(match["b"] or match["a"])
            assert 2015 <= first <= last <= 2035, row


def test_areas_exist_in_the_gazetteer() -> None:
    if not PLACES.exists():
        pytest.skip("ontology/reference/places.ttl not written yet")
    text = PLACES.read_text(encoding="utf-8")
    for area in {r["area"] for r in _rows()}:
        assert f"<{area}>" in text, area


def test_no_duplicate_rows() -> None:
    keys = Counter((r["document"], r["start"], r["end"], r["value"]) for r in _rows())
    assert [k for k, n in keys.items() if n > 1] == []


def test_readme_row_counts_match_the_file() -> None:
    counts = Counter(r["document"] for r in _rows())
    readme = README.read_text(encoding="utf-8")
    stated = {
        m[1]: int(m[2]) for m in re.finditer(r"\| `?(\d{3}_[0-9a-f]+\.txt)`? \| (\d+) \|", readme)
    }
    assert stated == dict(counts)
    total = re.search(r"\| \*\*total\*\* \| \*\*(\d+)\*\* \|", readme)
    assert total and int(total[1]) == sum(counts.values())


def test_gold_scores_perfectly_against_itself() -> None:
    rows = _rows()
    report = evaluate(rows, rows)
    assert (report.overall.recall, report.overall.precision) == (1.0, 1.0)
    assert report.disagreements == []
