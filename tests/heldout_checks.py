"""The checks every annotated held-out set shares (tests/test_heldout*.py), written once.

Each set's test file keeps its own tests (their names say what is checked) and calls these with
its own directory, rows, article prefix and floors.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from graph.evaluation import EvaluationReport, evaluate

ROOT = Path(__file__).resolve().parents[1]

Row = dict[str, str]


def assert_no_duplicate_rows(rows: Sequence[Row]) -> None:
    keys = Counter((r["document"], r["start"], r["end"], r["value"]) for r in rows)
    assert [k for k, n in keys.items() if n > 1] == []


def assert_readme_row_counts(readme: Path, rows: Sequence[Row], prefix: str) -> None:
    """The README's table of rows per article (``| `h01_….txt` | 38 |``) and its total."""
    counts = Counter(r["document"] for r in rows)
    text = readme.read_text(encoding="utf-8")
    pattern = rf"\| `({prefix}\d\d_[a-z0-9-]+\.txt)` \| (\d+) \|"
    assert {m[1]: int(m[2]) for m in re.finditer(pattern, text)} == dict(counts)
    total = re.search(r"\| \*\*total\*\* \| \*\*(\d+)\*\* \|", text)
    assert total and int(total[1]) == sum(counts.values())


def assert_frozen(directory: Path, recorded: Mapping[str, str], articles: Sequence[str]) -> None:
    """Any change to the gold or an article after the freeze must be visible (and explained)."""
    files = ["measurements.csv", *(f"articles/{name}" for name in sorted(articles))]
    assert sorted(recorded) == sorted(files)
    actual = {f: hashlib.sha256((directory / f).read_bytes()).hexdigest() for f in files}
    assert actual == dict(recorded)


def assert_gold_scores_itself(rows: Sequence[Row]) -> None:
    """The evaluator gives the gold 100% against itself and matches nothing with wrong values."""
    report = evaluate(rows, rows)
    assert (report.overall.recall, report.overall.precision) == (1.0, 1.0)
    wrong = [r | {"value": str(Decimal(r["value"]) + 1)} for r in rows]
    assert evaluate(rows, wrong).overall.matched == 0


def extract_and_score(articles: Path, gold: Sequence[Row]) -> EvaluationReport:
    """Run ``povkg extract`` on the articles and score it against the frozen annotation."""
    files = [str(p) for p in sorted(articles.glob("*.txt"))]
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "extract", *files, "--format", "csv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    predicted = list(csv.DictReader(io.StringIO(done.stdout)))
    assert predicted, f"no rows extracted (exit {done.returncode}): {done.stderr}"
    return evaluate(gold, predicted)


def assert_floors(
    report: EvaluationReport,
    documents: set[str] | None,
    recall: float,
    precision: float,
    agreement: Mapping[str, float],
) -> None:
    print(report)
    assert report.problems == []
    if documents is not None:
        assert set(report.per_document) == documents
    assert report.overall.recall >= recall, report.overall
    assert report.overall.precision >= precision, report.overall
    for attribute, floor in agreement.items():
        agreeing, compared = report.agreement[attribute]
        assert agreeing >= floor * compared, (attribute, agreeing, compared)


def assert_areas_outside_the_gazetteer_noted(
    places: Path, readme: Path, rows: Sequence[Row]
) -> None:
    """Every area path the reference data lacks is explained (in backquotes) in the README."""
    known = places.read_text(encoding="utf-8")
    text = readme.read_text(encoding="utf-8")
    unknown = {r["area"] for r in rows if f"<{r['area']}>" not in known}
    assert [a for a in sorted(unknown) if f"`{a}`" not in text] == []
