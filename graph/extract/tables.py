"""Tables written as text: "Đơn vị | Cuối năm 2021 | Cuối năm 2023" and rows under it.

Pages print small tables as lines of cells separated by "|". Read as prose, a row has no verb
and its figures no subject; read as a table, a cell's area is its row label ("Huyện Hướng Hóa",
"Toàn tỉnh"), its period is its column head ("Cuối năm 2021") or else the table's title ("Bảng
2. Vốn và giải ngân giai đoạn 2022 - 2023"), and what it counts comes from the column head or
the title ("Tỷ lệ giải ngân" -> disbursement rate; "Bảng 1. Hộ nghèo và tỷ lệ hộ nghèo" -> a
count of households is of poor households, a rate is the poverty rate). A row is handed to the
pipeline as one sentence whose clauses are its cells. The title and head rows give no figures
and do not change what the prose around the table carries. Words: graph/lexicons/tables.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.extract import periods as per
from graph.extract.classification import Classification
from graph.extract.classify import nearest_before
from graph.extract.lexicon import load, pattern
from graph.extract.mentions import Figure
from graph.extract.text import Paragraph, Sentence

Span = tuple[int, int]


@dataclass(frozen=True)
class TableRow:
    """One data row: its cells (the row label first), the column heads and the title."""

    cells: tuple[Span, ...]
    heads: tuple[Span, ...]
    title: Span | None


@dataclass(frozen=True)
class Tables:
    rows: dict[int, TableRow]  # data rows by paragraph index
    furniture: frozenset[int]  # title and head rows: no figures, no effect on the prose


def find_tables(text: str, paragraphs: list[Paragraph]) -> Tables:
    """The tables among ``paragraphs``: runs of two or more lines with the same number of
    cells (two at least), the first being the head row."""
    rows: dict[int, TableRow] = {}
    furniture: set[int] = set()
    cells = [_cells(text, p) for p in paragraphs]
    k = 0
    while k < len(paragraphs):
        width = len(cells[k])
        end = k + 1
        while end < len(paragraphs) and width >= 2 and len(cells[end]) == width:
            end += 1
        if width < 2 or end - k < 2:
            k += 1
            continue
        title = _title(text, paragraphs[k - 1]) if k > 0 and len(cells[k - 1]) < 2 else None
        if title is not None:
            furniture.add(k - 1)
        furniture.add(k)
        for j in range(k + 1, end):
            rows[paragraphs[j].index] = TableRow(cells[j], cells[k], title)
        k = end
    return Tables(rows, frozenset(paragraphs[i].index for i in furniture))


def row_sentence(paragraph: Paragraph, row: TableRow) -> Sentence:
    """The row as a sentence whose clauses are its cells (a place or cue in one cell does not
    reach the next, the row label reaches them all)."""
    return Sentence(paragraph.start, paragraph.end, paragraph.index, 0, row.cells)


def classify_cell(text: str, figure: Figure, row: TableRow) -> Classification | None:
    """What a cell's figure counts, from its column head, else the table's title."""
    head, title = _head_of(text, figure, row), _text(text, row.title)
    if figure.kind == "money":
        for where in (head, title):
            for entry in load("tables")["money"]:
                if pattern(entry["pattern"]).search(where):
                    return Classification(entry["indicator"], "vnd", "table-cell")
        return None
    if figure.kind == "percent":
        entries = [c for c in load("context")["coverage"] if c.get("where") != "after"]
    elif figure.kind == "count" and figure.noun is not None:
        if figure.noun.noun_class != "household":
            return None
        entries = load("context")["household_subject"]
    else:
        return None
    found, _ = nearest_before(entries, head, title)
    if found is None:
        return None
    return Classification(found["indicator"], found.get("unit", figure.unit or ""), "table-cell")


def cell_period(
    text: str, figure: Figure, row: TableRow, ctx: per.TimeContext
) -> per.PeriodMention | None:
    """The period of a cell: its column head's, else the title's."""
    column = _column(figure, row)
    spans = ([row.heads[column]] if column is not None else []) + ([row.title] if row.title else [])
    for start, end in spans:
        found = [m for m in per.find_periods(text, start, end, ctx) if m.period is not None]
        if found:
            return found[-1]
    return None


def _cells(text: str, paragraph: Paragraph) -> tuple[Span, ...]:
    separator = pattern(load("tables")["separator"], 0)
    if not separator.search(text, paragraph.start, paragraph.end):
        return ()
    spans, start = [], paragraph.start
    for m in separator.finditer(text, paragraph.start, paragraph.end):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, paragraph.end))
    return tuple(spans)


def _title(text: str, paragraph: Paragraph) -> Span | None:
    body = text[paragraph.start : paragraph.end]
    if paragraph.heading or pattern(load("tables")["title"], 0).match(body):
        return paragraph.start, paragraph.end
    return None


def _column(figure: Figure, row: TableRow) -> int | None:
    for k, (start, end) in enumerate(row.cells):
        if start <= figure.start < end:
            return k if k < len(row.heads) else None
    return None


def _head_of(text: str, figure: Figure, row: TableRow) -> str:
    column = _column(figure, row)
    return _text(text, row.heads[column]) if column is not None else ""


def _text(text: str, span: Span | None) -> str:
    return re.sub(r"\s+", " ", text[span[0] : span[1]]) if span else ""
