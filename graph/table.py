"""Measurement rows: one per measurement, for `povkg measurements`, `povkg extract` and the CSV
of ``GET /measurements`` (the one definition of a row: columns and values).

The rows come either from the store (the listing of ``graph.measurement_query``, the same one
the Python API and the web routes use) or straight from extracted facts, with the same columns
and the same values either way: a row printed by `povkg extract` before publishing is the row
`povkg measurements` prints after. ``area`` is the area's
Vietnamese name and ``indicator`` the indicator's English name, each beside its IRI
(``area_iri``, ``indicator_iri``); coded columns hold the code's slug (``household``,
``more-than``, ``2021-2025``, ``housing``); numbers are plain decimals, never scientific notation.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.facts import Extraction
from graph.iris import Minter
from graph.labels import Labels
from graph.measurement_query import (
    StoredMeasurement,
    decimal_text,
    find,
    resolve_filter,
)

if TYPE_CHECKING:
    from graph.rdf import Lookup

COLUMNS = (
    "document",
    "start",
    "end",
    "quote",
    "area",
    "area_iri",
    "indicator",
    "indicator_iri",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "period",
    "status",
    "dimension",
    "project",
    "iri",
    "population_group",
    "funding_source",
    "out_of",
    "rule",
    "program",
)
TABLE_COLUMNS = ("document", "start", "end", "quote", "area", "indicator", "population_group")
TABLE_COLUMNS += ("qualifier", "value", "value_max", "unit", "period", "status")


@dataclass(frozen=True)
class MeasurementRow:
    """One measurement, flat. Empty optional columns are ``None``."""

    document: str  # the article's file name
    start: int
    end: int
    quote: str
    area: str
    area_iri: str
    indicator: str
    indicator_iri: str
    value: str
    value_max: str | None
    unit: str
    qualifier: str | None
    period: str | None
    status: str
    dimension: str | None
    project: str | None
    iri: str
    population_group: str | None
    funding_source: str | None
    out_of: str | None
    rule: str
    program: str | None


assert tuple(f.name for f in fields(MeasurementRow)) == COLUMNS


def _number(value: Decimal | None) -> str | None:
    return None if value is None else decimal_text(value)


def sort_rows(rows: Iterable[MeasurementRow]) -> list[MeasurementRow]:
    return sorted(rows, key=lambda r: (r.document, r.start, r.end, r.iri))


def code(path: str | None) -> str | None:
    """The slug of a code-list path: ``unit/household`` -> ``household``,
    ``project/production-nutrition/nutrition`` -> ``production-nutrition/nutrition``."""
    return None if path is None else path.split("/", 1)[-1]


def rows_from_extraction(
    extraction: Extraction, minter: Minter, lookup: Lookup
) -> list[MeasurementRow]:
    """Rows of the measurements of one extracted article, as they would be published.

    ``lookup`` holds the labels of the reference data (``graph.build.reference_lookup``); the
    labels of places the article itself names come from its entities.
    """
    from graph.rdf import measurement_paths  # rdflib: loaded by the commands that extract

    file_name = extraction.document.file_name
    entity_labels = {e.path: {"vi": e.label_vi, "en": e.label_en} for e in extraction.entities}

    def label(path: str, lang: str) -> str:
        found = entity_labels.get(path, {}).get(lang)
        return found or lookup.label(str(minter(path)), lang, path)

    rows = []
    for m, path in zip(
        extraction.measurements, measurement_paths(extraction.measurements), strict=True
    ):
        rows.append(
            MeasurementRow(
                document=file_name,
                start=m.span.start,
                end=m.span.end,
                quote=m.span.quote,
                area=label(m.area, "vi"),
                area_iri=str(minter(m.area)),
                indicator=label(m.indicator, "en"),
                indicator_iri=str(minter(m.indicator)),
                value=decimal_text(m.value),
                value_max=_number(m.value_max),
                unit=code(m.unit) or "",
                qualifier=m.qualifier,
                period=m.period.code if m.period is not None else None,
                status=m.status,
                dimension=code(m.dimension),
                project=code(m.project),
                iri=str(minter(path)),
                population_group=code(m.population_group),
                funding_source=code(m.funding_source),
                out_of=_number(m.out_of),
                rule=m.rule,
                program=code(m.program),
            )
        )
    return sort_rows(rows)


def rows_from_store(
    store: ox.Store,
    minter: Minter,
    *,
    province: str | None = None,
    indicator: str | None = None,
    year: int | None = None,
    status: str | None = None,
    dimension: str | None = None,
    project: str | None = None,
    document: str | None = None,
) -> list[MeasurementRow]:
    """Rows of the stored measurements that pass the filters (``graph.measurement_query``:
    slugs, paths or IRIs; ``province`` keeps the unit and every unit inside it, ``year`` the
    measurements whose period is that single year). ``UnknownValueError`` for unknown values."""
    chosen = resolve_filter(
        store, minter, province=province, indicator=indicator, year=year, status=status,
        dimension=dimension, project=project, document=document,
    )  # fmt: skip
    labels = Labels(store)
    return [row_of(record, minter, labels) for record in find(store, chosen).items]


def row_of(record: StoredMeasurement, minter: Minter, labels: Labels) -> MeasurementRow:
    """The row of one stored measurement: the same columns and values as the row
    ``rows_from_extraction`` makes of the fact it was published from."""

    def code_of(iri: str | None) -> str | None:
        if iri is None:
            return None
        path = minter.path_of(iri)
        return iri if path is None else code(path)

    def label(iri: str, language: str) -> str:
        return labels.get(iri, language) or minter.path_of(iri) or iri

    return MeasurementRow(
        document=record.file_name,
        start=record.start,
        end=record.end,
        quote=record.quote,
        area=label(record.area, "vi"),
        area_iri=record.area,
        indicator=label(record.indicator, "en"),
        indicator_iri=record.indicator,
        value=record.value,
        value_max=record.value_max,
        unit=code_of(record.unit) or "",
        qualifier=code_of(record.qualifier),
        period=code_of(record.period),
        status=code_of(record.status) or "",
        dimension=code_of(record.dimension),
        project=code_of(record.project),
        iri=record.iri,
        population_group=code_of(record.population_group),
        funding_source=code_of(record.funding_source),
        out_of=record.out_of,
        rule=record.rule,
        program=code_of(record.program),
    )


def to_csv(rows: Sequence[MeasurementRow], line_end: str = "\n") -> str:
    """CSV with a header of ``COLUMNS``; empty cells for missing values. Lines end in LF
    for a terminal; the web routes pass CRLF (RFC 4180)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["" if v is None else v for v in asdict(row).values()])
    return out.getvalue()


def to_json(rows: Sequence[MeasurementRow]) -> str:
    """A JSON array of objects with the ``COLUMNS`` as keys (numbers as decimal strings, so
    that no digit is lost to floating point; ``start``/``end`` as integers)."""
    return json.dumps([asdict(row) for row in rows], ensure_ascii=False, indent=2) + "\n"


def text_table(
    header: Sequence[str], lines: Sequence[Sequence[str]], right: Iterable[str] = ()
) -> str:
    """Columns aligned with spaces under a header rule, then the row count."""
    aligned_right = set(right)
    grid = [list(header), *(list(line) for line in lines)]
    widths = [max(len(line[i]) for line in grid) for i in range(len(header))]
    out = []
    for n, line in enumerate(grid):
        cells = [
            v.rjust(w) if c in aligned_right and n else v.ljust(w)
            for v, w, c in zip(line, widths, header, strict=True)
        ]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    out.append(f"({len(lines)} row{'s' if len(lines) != 1 else ''})")
    return "\n".join(out) + "\n"


def shorten(value: object, max_width: int = 48) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= max_width else text[: max_width - 1] + "…"


def to_table(rows: Sequence[MeasurementRow]) -> str:
    """An aligned plain-text table of the most useful columns, for reading in a terminal."""
    lines = [[shorten(getattr(row, c)) for c in TABLE_COLUMNS] for row in rows]
    return text_table(TABLE_COLUMNS, lines, right={"start", "end", "value", "value_max"})


FORMATTERS = {"csv": to_csv, "json": to_json, "table": to_table}
