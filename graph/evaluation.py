"""Score extracted measurements against the gold annotation (tests/gold/measurements.csv).

Why: the gold file is an independent hand annotation of the seed articles. Matching the
extractor's rows against it one-to-one gives recall, precision and F1, and lists every miss and
every spurious row, so extraction can be improved and guarded against regressions.

A predicted row matches a gold row of the same document when their spans overlap and their
values are equal (as decimals). Each row takes part in at most one pair. Over the matched pairs
the report gives the agreement of value_max, unit, area, period, status and qualifier (and of
the indicator when the gold row has an ``indicator_iri``).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TextIO

Row = Mapping[str, str]

REQUIRED_COLUMNS = ("document", "start", "end", "quote", "value")
ATTRIBUTES = ("value_max", "unit", "area", "period", "status", "qualifier", "indicator")


@dataclass(frozen=True)
class _Item:
    """A row made comparable: normalised document key, span and value."""

    index: int
    document: str
    start: int
    end: int
    value: Decimal
    row: Row


@dataclass(frozen=True)
class Counts:
    """Gold, predicted and matched row counts, and the scores they give."""

    gold: int
    predicted: int
    matched: int

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def f1(self) -> float:
        r, p = self.recall, self.precision
        return 2 * r * p / (r + p) if r + p else 0.0


@dataclass(frozen=True)
class Pair:
    """A gold row and the predicted row matched to it."""

    gold: Row
    predicted: Row


@dataclass(frozen=True)
class Disagreement:
    """A matched pair whose ``attribute`` differs between gold and prediction."""

    attribute: str
    pair: Pair
    gold_value: str
    predicted_value: str


@dataclass
class EvaluationReport:
    """Everything ``evaluate`` found; ``str()`` renders it for people."""

    overall: Counts
    per_document: dict[str, Counts]
    matched: list[Pair]
    misses: list[Row]
    spurious: list[Row]
    agreement: dict[str, tuple[int, int]]  # attribute -> (agreeing pairs, compared pairs)
    disagreements: list[Disagreement] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # predicted rows that could not be read

    def __str__(self) -> str:
        from graph.evaluation_report import render  # the text form lives with its layout

        return render(self)


def _read(source: str | Path | TextIO) -> tuple[list[str], list[dict[str, str]]]:
    if isinstance(source, str | Path):
        with Path(source).open(encoding="utf-8-sig", newline="") as handle:
            return _read(handle)
    reader = csv.DictReader(source)
    rows = [dict(r) for r in reader]
    return list(reader.fieldnames or []), rows


def read_rows(source: str | Path | TextIO) -> list[dict[str, str]]:
    """Read a CSV file (path, or an open text stream) into a list of dicts of strings."""
    return _read(source)[1]


def load_gold(path: str | Path) -> list[dict[str, str]]:
    """Read the gold CSV; ``ValueError`` if a required column is missing."""
    header, rows = _read(path)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ValueError(f"{path}: gold file lacks column(s) {', '.join(missing)}")
    return rows


INDICATOR_MAP_COLUMNS = ("indicator", "document", "start", "indicator_iri")
NO_INDICATOR = "no_indicator_fits"


def with_indicators(gold_rows: Sequence[Row], map_path: str | Path) -> list[dict[str, str]]:
    """The gold rows with ``indicator_iri`` filled from an indicator map (``indicators.csv``:
    ``indicator,document,start,indicator_iri[,note]``), so that the indicator is scored too.

    A map row with ``document`` and ``start`` names one gold row and wins over the row of its
    free-text ``indicator``. An empty ``indicator_iri`` means no indicator of the code list fits
    the statement: the row is marked ``NO_INDICATOR``, and a prediction that gives it an
    indicator disagrees (it asserts something the statement does not say). ``ValueError`` for a
    gold description the map does not cover.
    """
    header, rows = _read(map_path)
    missing = [c for c in INDICATOR_MAP_COLUMNS if c not in header]
    if missing:
        raise ValueError(f"{map_path}: indicator map lacks column(s) {', '.join(missing)}")
    by_row = {(document_key(r["document"]), r["start"].strip()): r for r in rows if r["document"]}
    by_text = {r["indicator"]: r for r in rows if not r["document"]}
    filled = []
    for row in gold_rows:
        key = (document_key(row.get("document") or ""), (row.get("start") or "").strip())
        entry = by_row.get(key) or by_text.get(row.get("indicator") or "")
        if entry is None:
            raise ValueError(f"{map_path}: no indicator for {row.get('indicator')!r} ({key})")
        iri = entry["indicator_iri"].strip()
        filled.append({**row, "indicator_iri": iri, **({} if iri else {NO_INDICATOR: "yes"})})
    return filled


def document_key(name: str) -> str:
    """``000_ab.txt``, ``000-ab`` and ``…/document/000-ab`` all give ``000-ab``."""
    last = name.strip().rstrip("/").rsplit("/", 1)[-1]
    if last.endswith(".txt"):
        last = last[: -len(".txt")]
    return last.replace("_", "-")


def slug(value: str | None) -> str:
    """The last path segment of an IRI or path (``…/unit/household`` -> ``household``)."""
    text = (value or "").strip()
    return text.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def parse_decimal(value: str | None) -> Decimal | None:
    """A finite decimal, or ``None`` for an empty cell; ``ValueError`` for anything else."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValueError(f"not a decimal number: {text!r}") from error
    if not number.is_finite():
        raise ValueError(f"not a finite number: {text!r}")
    return number


def _item(index: int, row: Row) -> _Item:
    value = parse_decimal(row.get("value"))
    if value is None:
        raise ValueError("empty value")
    try:
        start, end = int(row.get("start", "")), int(row.get("end", ""))
    except ValueError as error:
        raise ValueError(f"bad span {row.get('start')!r}-{row.get('end')!r}") from error
    if start < 0 or end <= start:
        raise ValueError(f"bad span {start}-{end}")
    return _Item(index, document_key(row.get("document") or ""), start, end, value, row)


def _path_matches(gold_path: str | None, *candidates: str | None) -> bool:
    """A gold path (``province/bac-ninh``) equals a predicted path or ends a predicted IRI."""
    gold_path = (gold_path or "").strip()
    texts = [(c or "").strip() for c in candidates]
    if not gold_path:
        return not any(texts)
    return any(t == gold_path or t.endswith("/" + gold_path) for t in texts)


def _compare(attribute: str, gold: Row, predicted: Row) -> tuple[bool, str, str] | None:
    """(agree, gold value, predicted value) for one attribute, ``None`` if not compared."""
    if attribute == "value_max":
        g, p = gold.get("value_max") or "", predicted.get("value_max") or ""
        try:
            return parse_decimal(g) == parse_decimal(p), g, p
        except ValueError:
            return False, g, p
    if attribute == "area":
        g = gold.get("area") or ""
        p = predicted.get("area_iri") or predicted.get("area") or ""
        return _path_matches(g, predicted.get("area_iri"), predicted.get("area")), g, p
    if attribute == "indicator":
        g = (gold.get("indicator_iri") or "").strip()
        if gold.get(NO_INDICATOR) and not g:  # the map says no indicator fits the statement
            p = predicted.get("indicator_iri") or predicted.get("indicator") or ""
            return not p, "(none fits)", p
        if not g:
            return None
        p = predicted.get("indicator_iri") or predicted.get("indicator") or ""
        return _path_matches(g, predicted.get("indicator_iri"), predicted.get("indicator")), g, p
    g, p = gold.get(attribute) or "", predicted.get(attribute) or ""
    return slug(g) == slug(p), g, p


def _candidates(gold: list[_Item], predicted: list[_Item]) -> list[list[int]]:
    """For each gold item, the predicted items it may match, best first."""
    by_document: dict[str, list[_Item]] = {}
    for p in predicted:
        by_document.setdefault(p.document, []).append(p)
    edges: list[list[int]] = []
    for g in gold:
        options = []
        for p in by_document.get(g.document, []):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0 and g.value == p.value:
                distance = abs(g.start - p.start) + abs(g.end - p.end)
                options.append((-overlap, distance, p.index))
        edges.append([index for _, _, index in sorted(options)])
    return edges


def _match(edges: list[list[int]], n_predicted: int) -> dict[int, int]:
    """A maximum one-to-one matching gold -> predicted, seeded greedily with the best pairs."""
    owner: list[int | None] = [None] * n_predicted  # predicted index -> gold index
    for g, options in enumerate(edges):  # greedy: exact and closest spans first
        for p in options:
            if owner[p] is None:
                owner[p] = g
                break

    def augment(g: int, seen: set[int]) -> bool:
        for p in edges[g]:
            if p in seen:
                continue
            seen.add(p)
            current = owner[p]
            if current is None or augment(current, seen):
                owner[p] = g
                return True
        return False

    matched_gold = {g for g in owner if g is not None}
    for g in range(len(edges)):
        if g not in matched_gold and edges[g]:
            augment(g, set())
    return {g: p for p, g in enumerate(owner) if g is not None}


def evaluate(gold_rows: Sequence[Row], predicted_rows: Sequence[Row]) -> EvaluationReport:
    """Match predictions to gold one-to-one and score them.

    A gold row that cannot be read is an error in the gold file (``ValueError``); a predicted
    row that cannot be read counts as spurious and is listed under ``problems``.
    """
    gold: list[_Item] = []
    for number, row in enumerate(gold_rows, start=1):
        try:
            gold.append(_item(number - 1, row))
        except ValueError as error:
            raise ValueError(f"gold row {number}: {error}") from error
    predicted: list[_Item] = []
    problems: list[str] = []
    unreadable: list[Row] = []
    for number, row in enumerate(predicted_rows, start=1):
        try:
            predicted.append(_item(len(predicted), row))
        except ValueError as error:
            problems.append(f"predicted row {number}: {error}")
            unreadable.append(row)

    pairs = _match(_candidates(gold, predicted), len(predicted))
    matched = [Pair(gold[g].row, predicted[p].row) for g, p in sorted(pairs.items())]
    used = set(pairs.values())
    misses = [g.row for g in gold if g.index not in pairs]
    spurious = [p.row for p in predicted if p.index not in used] + unreadable

    agreement: dict[str, tuple[int, int]] = {}
    disagreements: list[Disagreement] = []
    for attribute in ATTRIBUTES:
        agree = compared = 0
        for pair in matched:
            result = _compare(attribute, pair.gold, pair.predicted)
            if result is None:
                continue
            compared += 1
            same, g_value, p_value = result
            if same:
                agree += 1
            else:
                disagreements.append(Disagreement(attribute, pair, g_value, p_value))
        if compared:
            agreement[attribute] = (agree, compared)

    return EvaluationReport(
        overall=Counts(len(gold_rows), len(predicted_rows), len(matched)),
        per_document=_per_document(gold, predicted, unreadable, pairs),
        matched=matched,
        misses=misses,
        spurious=spurious,
        agreement=agreement,
        disagreements=disagreements,
        problems=problems,
    )


def _per_document(
    gold: list[_Item], predicted: list[_Item], unreadable: list[Row], pairs: dict[int, int]
) -> dict[str, Counts]:
    names: dict[str, str] = {}  # key -> the name shown (the gold file name when there is one)
    tally: dict[str, list[int]] = {}
    for g in gold:
        names.setdefault(g.document, g.row.get("document") or g.document)
        tally.setdefault(g.document, [0, 0, 0])[0] += 1
        if g.index in pairs:
            tally[g.document][2] += 1
    for p in predicted:
        names.setdefault(p.document, p.row.get("document") or p.document)
        tally.setdefault(p.document, [0, 0, 0])[1] += 1
    for row in unreadable:
        name = row.get("document") or "?"
        names.setdefault(document_key(name), name)
        key = document_key(name)
        tally.setdefault(key, [0, 0, 0])[1] += 1
    return {names[k]: Counts(*tally[k]) for k in sorted(tally)}


def main(argv: Iterable[str] | None = None) -> int:
    """``python -m graph.evaluation GOLD.csv PREDICTED.csv``: print the report.

    Exit status 1 when ``--min-recall``/``--min-precision`` is given and not reached, 2 when a
    file cannot be read.
    """
    parser = argparse.ArgumentParser(
        prog="python -m graph.evaluation",
        description="Score extracted measurements (CSV) against the gold annotation (CSV).",
    )
    parser.add_argument("gold", help="gold CSV, e.g. tests/gold/measurements.csv")
    parser.add_argument("predicted", help="predicted CSV (povkg measurements/extract), or -")
    parser.add_argument("--min-recall", type=float, default=None, help="e.g. 0.95")
    parser.add_argument("--min-precision", type=float, default=None, help="e.g. 0.95")
    parser.add_argument("--indicators", help="indicator map, to score the indicator too")
    args = parser.parse_args(None if argv is None else list(argv))
    try:
        gold = load_gold(args.gold)
        if args.indicators:
            gold = with_indicators(gold, args.indicators)
        predicted = read_rows(sys.stdin if args.predicted == "-" else args.predicted)
        report = evaluate(gold, predicted)
    except (OSError, ValueError, csv.Error) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(report)
    failed = []
    if args.min_recall is not None and report.overall.recall < args.min_recall:
        failed.append(f"recall {report.overall.recall:.4f} < {args.min_recall}")
    if args.min_precision is not None and report.overall.precision < args.min_precision:
        failed.append(f"precision {report.overall.precision:.4f} < {args.min_precision}")
    for message in failed:
        print(f"FAIL: {message}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
