"""Measurement rows: one per measurement, for `povkg measurements` and `povkg extract`.

The rows come either from the store (a SPARQL query on Oxigraph) or straight from extracted
facts, with the same columns and the same values either way: a row printed by `povkg extract`
before publishing is the row `povkg measurements` prints after. ``area`` is the area's
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

import pyoxigraph as ox

from graph.facts import Extraction
from graph.iris import Minter
from graph.rdf import Lookup, decimal_lexical, measurement_paths

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
TABLE_COLUMNS = ("document", "start", "end", "quote", "area", "indicator", "qualifier", "value")
TABLE_COLUMNS += ("value_max", "unit", "period", "status")


class UnknownValueError(LookupError):
    """A filter names a province or indicator the store does not know."""


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


def _number(value: Decimal | str | None) -> str | None:
    return None if value is None else decimal_lexical(Decimal(value))


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
                value=decimal_lexical(m.value),
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


_ROWS_QUERY = """
PREFIX pov: <https://w3id.org/povkg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
SELECT ?m ?doc ?province ?file ?start ?end ?quote ?area ?indicator ?value ?valueMax ?unit
       ?qualifier ?period ?status ?dimension ?project ?group ?funding ?outOf ?rule ?program
WHERE {
  ?m a pov:Measurement ; prov:wasDerivedFrom ?doc ; sdmx-dimension:refArea ?area ;
     pov:indicator ?indicator ; pov:value ?value ; sdmx-attribute:unitMeasure ?unit ;
     pov:status ?status ; pov:extractionRule ?rule ; pov:evidence ?evidence .
  ?doc dcterms:identifier ?file .
  ?evidence oa:hasTarget ?target .
  ?target oa:hasSelector ?quoteSelector, ?positionSelector .
  ?quoteSelector a oa:TextQuoteSelector ; oa:exact ?quote .
  ?positionSelector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?area pov:partOf* ?province .
  OPTIONAL { ?m sdmx-dimension:refPeriod ?period }
  OPTIONAL { ?m pov:valueMax ?valueMax }
  OPTIONAL { ?m pov:qualifier ?qualifier }
  OPTIONAL { ?m pov:deprivationDimension ?dimension }
  OPTIONAL { ?m pov:project ?project }
  OPTIONAL { ?m pov:populationGroup ?group }
  OPTIONAL { ?m pov:fundingSource ?funding }
  OPTIONAL { ?m pov:outOf ?outOf }
  OPTIONAL { ?m pov:program ?program }
}
"""


def _rows_query(by_province: bool, by_period: bool) -> str:
    """The rows query for the filters in use: the values themselves are always bound with
    ``substitutions=``; only which patterns are required changes (a substituted variable inside
    OPTIONAL would not filter anything)."""
    query = _ROWS_QUERY
    if not by_province:
        query = query.replace("  ?area pov:partOf* ?province .\n", "")
    if by_period:
        query = query.replace(
            "OPTIONAL { ?m sdmx-dimension:refPeriod ?period }",
            "?m sdmx-dimension:refPeriod ?period .",
        )
    return query


def resolve(kind: str, value: str, minter: Minter) -> ox.NamedNode:
    """A filter value as an IRI: ``bac-ninh``, ``province/bac-ninh`` or the full IRI."""
    if value.startswith(("http://", "https://")):
        iri = value
    elif "/" in value:
        iri = str(minter(value))
    else:
        iri = str(minter(f"{kind}/{value}"))
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise UnknownValueError(f"{kind} {value!r} is not a valid name: {exc}") from exc


def _require(store: ox.Store, kind: str, value: str, iri: ox.NamedNode) -> None:
    known = store.query(
        "ASK { { ?x ?p ?o } UNION { ?s ?p ?x } }",
        use_default_graph_as_union=True,
        substitutions={ox.Variable("x"): iri},
    )
    if not bool(known):
        raise UnknownValueError(f"unknown {kind} {value!r} (no {iri.value} in the store)")


def rows_from_store(
    store: ox.Store,
    minter: Minter,
    *,
    province: str | None = None,
    indicator: str | None = None,
    year: int | None = None,
    document: str | None = None,
) -> list[MeasurementRow]:
    """Rows of the stored measurements, filtered by province (the unit or any unit inside it),
    indicator, year (measurements whose period is that single year) and document slug."""
    bindings: dict[ox.Variable, ox.NamedNode] = {}
    if document is not None:
        bindings[ox.Variable("doc")] = resolve("document", document, minter)
    for kind, value, variable in (
        ("province", province, "province"),
        ("indicator", indicator, "indicator"),
    ):
        if value is not None:
            iri = resolve(kind, value, minter)
            _require(store, kind, value, iri)
            bindings[ox.Variable(variable)] = iri
    if year is not None:
        bindings[ox.Variable("period")] = ox.NamedNode(str(minter(f"period/{year}")))
    query = _rows_query(province is not None, year is not None)
    solutions = store.query(query, use_default_graph_as_union=True, substitutions=bindings)
    labels = _StoreLabels(store)
    return sort_rows(_row(solution, minter, labels) for solution in solutions)


_LABEL_PREDICATES = tuple(
    ox.NamedNode(iri)
    for iri in (
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        "http://www.w3.org/2000/01/rdf-schema#label",
    )
)


class _StoreLabels:
    """Labels of the areas and indicators of the rows, read once each from the store."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.cache: dict[tuple[str, str], str | None] = {}

    def __call__(self, iri: str, lang: str) -> str | None:
        key = (iri, lang)
        if key not in self.cache:
            self.cache[key] = next(
                (
                    quad.object.value
                    for predicate in _LABEL_PREDICATES
                    for quad in self.store.quads_for_pattern(ox.NamedNode(iri), predicate, None)
                    if isinstance(quad.object, ox.Literal) and quad.object.language == lang
                ),
                None,
            )
        return self.cache[key]


def _row(solution: ox.QuerySolution, minter: Minter, labels: _StoreLabels) -> MeasurementRow:
    def value(name: str) -> str | None:
        term = solution[name]
        return None if term is None else term.value

    def path(name: str) -> str | None:
        iri = value(name)
        if iri is None:
            return None
        found = minter.path_of(iri)
        return iri if found is None else code(found)

    def label(name: str, lang: str) -> str:
        iri = value(name) or ""
        return labels(iri, lang) or minter.path_of(iri) or iri

    return MeasurementRow(
        document=value("file") or "",
        start=int(value("start") or 0),
        end=int(value("end") or 0),
        quote=value("quote") or "",
        area=label("area", "vi"),
        area_iri=value("area") or "",
        indicator=label("indicator", "en"),
        indicator_iri=value("indicator") or "",
        value=_number(value("value")) or "",
        value_max=_number(value("valueMax")),
        unit=path("unit") or "",
        qualifier=path("qualifier"),
        period=path("period"),
        status=path("status") or "",
        dimension=path("dimension"),
        project=path("project"),
        iri=value("m") or "",
        population_group=path("group"),
        funding_source=path("funding"),
        out_of=_number(value("outOf")),
        rule=value("rule") or "",
        program=path("program"),
    )


def to_csv(rows: Sequence[MeasurementRow]) -> str:
    """CSV with a header of ``COLUMNS``; empty cells for missing values."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
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
