"""The typed Python API: open a built store and walk the graph with plain objects.

    kg = KnowledgeGraph.open("data/store")
    bac_ninh = kg.province("bac-ninh")
    for m in bac_ninh.measurements(indicator="poor-households", year=2021):
        print(m.value, m.unit.label_en, m.quote, m.document.file_name)

Every object is a frozen dataclass; links to other nodes (``measurement.document``,
``province.successors``...) are properties that ask the store when they are read. Queries run on
Oxigraph; anything a caller passes in is bound with ``substitutions=``, never pasted into SPARQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.config import DEFAULT_BASE_IRI, VOCAB_IRI
from graph.iris import Minter, fold_words
from graph.labels import Labels
from graph.measurement_query import StoredMeasurement, find, resolve, resolve_filter
from graph.prefixes import PREFIX_IRIS
from graph.store import open_read_only, reading_base
from graph.table import MeasurementRow, row_of

_FOLD = ox.NamedNode("urn:povkg:fold")  # diacritic- and case-folding, for search


def _fold(term: ox.Literal) -> ox.Literal:
    return ox.Literal(fold_words(term.value))


class NotFoundError(LookupError):
    """No such resource in the graph (unknown slug, path or IRI)."""


class QueryError(ValueError):
    """Oxigraph could not run a query as asked (e.g. a bound variable it cannot substitute);
    a malformed query raises ``SyntaxError`` with the parser's message instead."""


@dataclass(frozen=True)
class Node:
    """Any resource of the graph, with its labels in both languages."""

    iri: str
    label_vi: str | None
    label_en: str | None
    types: tuple[str, ...] = ()
    kg: KnowledgeGraph = field(repr=False, compare=False, default=None)  # type: ignore[assignment]

    @property
    def path(self) -> str | None:
        """``province/bac-ninh``, or ``None`` for an IRI minted under another base."""
        return self.kg.minter.path_of(self.iri) if self.kg else None

    @property
    def slug(self) -> str:
        """The last segment of the IRI: ``bac-ninh``."""
        return self.iri.rstrip("/").rsplit("/", 1)[-1]

    @property
    def label(self) -> str:
        return self.label_en or self.label_vi or self.iri


@dataclass(frozen=True)
class Place(Node):
    """An administrative unit (country, province, district, commune or town)."""

    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def measurements(
        self, *, indicator: str | None = None, year: int | None = None
    ) -> list[Measurement]:
        """Measurements about this unit or any unit inside it (``indicator``: slug, path or IRI;
        ``year``: measurements whose period is that year)."""
        return self.kg.measurements(province=self.iri, indicator=indicator, year=year)

    @property
    def part_of(self) -> Place | None:
        found = self.kg._linked(self.iri, "pov:partOf")
        return found[0] if found else None  # type: ignore[return-value]

    @property
    def predecessors(self) -> tuple[Place, ...]:
        return self.kg._linked(self.iri, "pov:predecessor")  # type: ignore[return-value]

    @property
    def successors(self) -> tuple[Place, ...]:
        return self.kg._linked(self.iri, "pov:successor")  # type: ignore[return-value]


@dataclass(frozen=True)
class Province(Place):
    """A province; ``bac-ninh-pre-2025`` and ``bac-ninh`` are two provinces (the 2025 merger)."""


@dataclass(frozen=True)
class Document(Node):
    """A source article with its full text (offsets of quotes index ``text``)."""

    file_name: str = ""
    title: str | None = None
    published: dt.date | None = None
    text: str = field(default="", repr=False)

    def measurements(self) -> list[Measurement]:
        return self.kg.measurements(document=self.iri)


@dataclass(frozen=True)
class Measurement(Node):
    """One figure with what it measures, where, when, and the exact words it comes from."""

    value: Decimal = Decimal(0)
    value_max: Decimal | None = None
    out_of: Decimal | None = None
    status: str = "actual"
    qualifier: str | None = None
    period: str | None = None  # "2024" or "2021-2025"
    quote: str = ""
    start: int = 0
    end: int = 0
    rule: str = ""
    row: MeasurementRow | None = field(default=None, repr=False, compare=False)

    @property
    def document(self) -> Document:
        return self.kg.document_by_file(self._row.document)

    @property
    def area(self) -> Place:
        return self.kg.link(self._row.area_iri)  # type: ignore[return-value]

    @property
    def indicator(self) -> Node:
        return self.kg.link(self._row.indicator_iri)

    @property
    def unit(self) -> Node:
        return self.kg.link(f"unit/{self._row.unit}")

    @property
    def project(self) -> Node | None:
        row = self._row
        return self.kg.link(f"project/{row.project}") if row.project else None

    @property
    def dimension(self) -> Node | None:
        row = self._row
        return self.kg.link(f"dimension/{row.dimension}") if row.dimension else None

    @property
    def program(self) -> Node | None:
        row = self._row
        return self.kg.link(f"program/{row.program}") if row.program else None

    @property
    def _row(self) -> MeasurementRow:
        if self.row is None:
            raise NotFoundError(f"{self.iri} was not read from a store")
        return self.row


_CLASSES: dict[str, type[Node]] = {
    VOCAB_IRI + "Province": Province, VOCAB_IRI + "Country": Place,
    VOCAB_IRI + "District": Place, VOCAB_IRI + "Commune": Place, VOCAB_IRI + "Town": Place,
    VOCAB_IRI + "Article": Document, VOCAB_IRI + "Measurement": Measurement,
}  # fmt: skip

_DESCRIBE = """SELECT ?node ?type ?vi ?en ?from ?to ?file ?title ?issued ?text WHERE {
  { ?node a ?type } UNION { ?node rdfs:label|skos:prefLabel ?label }
  OPTIONAL { ?node rdfs:label|skos:prefLabel ?vi FILTER(LANG(?vi) = "vi") }
  OPTIONAL { ?node rdfs:label|skos:prefLabel ?en FILTER(LANG(?en) = "en") }
  OPTIONAL { ?node pov:validFrom ?from } OPTIONAL { ?node pov:validTo ?to }
  OPTIONAL { ?node dcterms:identifier ?file } OPTIONAL { ?node dcterms:title ?title }
  OPTIONAL { ?node dcterms:issued ?issued } OPTIONAL { ?node pov:text ?text }
}"""


class KnowledgeGraph:
    """A read-only view of a povkg store."""

    def __init__(self, store: ox.Store, base_iri: str = DEFAULT_BASE_IRI) -> None:
        self.store = store
        self.minter = Minter(base_iri)
        self._nodes: dict[str, Node] = {}

    @classmethod
    def open(cls, store_dir: str | Path, base_iri: str | None = None) -> KnowledgeGraph:
        """Open the store in ``store_dir`` read-only, with the base IRI it was built with
        (``base_iri``, if given, must be that one: ``graph.store.StoreError`` otherwise)."""
        store = open_read_only(store_dir)
        given = base_iri is not None
        return cls(store, reading_base(store, base_iri or DEFAULT_BASE_IRI, given, Path(store_dir)))

    def query(self, sparql: str, **bindings: Any) -> Any:
        """Run SPARQL on the union of all graphs, povkg's prefixes predeclared; keyword arguments
        are bound to the variables of the same name (``?province`` <- ``province=...``).

        Returns a list of dicts (variable -> pyoxigraph term) for SELECT, a bool for ASK, a list
        of triples for CONSTRUCT/DESCRIBE (``SyntaxError``, ``QueryError`` if it cannot run)."""
        try:
            result = self.store.query(
                sparql,
                use_default_graph_as_union=True,
                prefixes=PREFIX_IRIS,
                substitutions={ox.Variable(k): _term(v) for k, v in bindings.items()},
                custom_functions={_FOLD: _fold},
            )
        except RuntimeError as exc:
            hint = " (a bound variable must appear in the SELECT list)" if bindings else ""
            raise QueryError(f"{exc}{hint}") from exc
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            return [{n: row[n] for n in names if row[n] is not None} for row in result]
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        return list(result)

    def node(self, iri: str) -> Node:
        """The resource ``iri`` as the most specific typed object; ``NotFoundError`` if absent."""
        if iri in self._nodes:
            return self._nodes[iri]
        rows = self.query(_DESCRIBE, node=ox.NamedNode(iri))
        if not rows:
            raise NotFoundError(f"no resource {iri} in the graph")
        types = tuple(sorted({r["type"].value for r in rows if "type" in r}))
        first = {k: v.value for r in rows for k, v in r.items()}
        cls = next((_CLASSES[t] for t in types if t in _CLASSES), Node)
        common = {
            "iri": iri,
            "label_vi": first.get("vi"),
            "label_en": first.get("en"),
            "types": types,
            "kg": self,
        }
        if cls is Measurement:
            document = (self.minter.path_of(iri) or "").split("/")[1:2]
            found = [m for m in self.measurements(document="/".join(document)) if m.iri == iri]
            if not found:
                raise NotFoundError(f"no measurement {iri} in the graph")
            return found[0]
        if issubclass(cls, Place):
            node: Node = cls(
                **common, valid_from=_date(first.get("from")), valid_to=_date(first.get("to"))
            )  # type: ignore[call-arg]
        elif cls is Document:
            node = Document(
                **common,
                file_name=first.get("file", ""),
                title=first.get("title"),
                published=_date(first.get("issued")),
                text=first.get("text", ""),
            )
        else:
            node = cls(**common)
        self._nodes[iri] = node
        return node

    def link(self, path_or_iri: str) -> Node:
        """The node a link points to; a bare ``Node`` when the store does not describe it."""
        iri = path_or_iri if "://" in path_or_iri else str(self.minter(path_or_iri))
        try:
            return self.node(iri)
        except NotFoundError:
            return Node(iri=iri, label_vi=None, label_en=None, kg=self)

    def _typed(self, kind: str, value: str, cls: type[Node]) -> Any:
        try:
            node = self.node(resolve(kind, value, self.minter).value)
        except (NotFoundError, LookupError) as exc:
            raise NotFoundError(f"unknown {kind} {value!r}") from exc
        if not isinstance(node, cls):
            raise NotFoundError(f"{value!r} is not a {kind}")
        return node

    def province(self, slug: str) -> Province:
        """``kg.province("bac-ninh")``; a path or IRI works too."""
        return self._typed("province", slug, Province)

    def place(self, path: str) -> Place:
        """Any administrative unit by path: ``district/bac-kan/na-ri``."""
        return self._typed("place", path, Place)

    def document(self, slug: str) -> Document:
        """``kg.document("000-a1a3ac5b4d469efe")`` (the file name works too)."""
        if slug.endswith(".txt"):
            return self.document_by_file(slug)
        return self._typed("document", slug, Document)

    def document_by_file(self, file_name: str) -> Document:
        rows = self.query(
            "SELECT ?d ?f WHERE { ?d a pov:Article ; dcterms:identifier ?f }",
            f=ox.Literal(file_name),
        )
        if not rows:
            raise NotFoundError(f"unknown document file {file_name!r}")
        return self._typed("document", rows[0]["d"].value, Document)

    def indicator(self, slug: str) -> Node:
        return self._typed("indicator", slug, Node)

    def _all(self, cls_name: str) -> list[Any]:
        rows = self.query(f"SELECT DISTINCT ?s WHERE {{ ?s a pov:{cls_name} }} ORDER BY ?s")
        return [self.node(r["s"].value) for r in rows]

    def provinces(self) -> list[Province]:
        return self._all("Province")

    def documents(self) -> list[Document]:
        return self._all("Article")

    def indicators(self) -> list[Node]:
        return self._all("Indicator")

    def _linked(self, iri: str, predicate: str) -> tuple[Node, ...]:
        rows = self.query(
            f"SELECT DISTINCT ?s ?o WHERE {{ ?s {predicate} ?o }} ORDER BY ?o", s=ox.NamedNode(iri)
        )
        return tuple(self.node(r["o"].value) for r in rows)

    def measurements(
        self,
        *,
        province: str | None = None,
        indicator: str | None = None,
        year: int | None = None,
        status: str | None = None,
        dimension: str | None = None,
        project: str | None = None,
        document: str | None = None,
    ) -> list[Measurement]:
        """Measurements, filtered like `povkg measurements` and ``GET /measurements`` (the same
        listing: ``graph.measurement_query``), given as slugs, paths or IRIs."""
        try:
            chosen = resolve_filter(
                self.store, self.minter, province=province, indicator=indicator, year=year,
                status=status, dimension=dimension, project=project, document=document,
            )  # fmt: skip
        except LookupError as exc:
            raise NotFoundError(str(exc)) from exc
        labels = Labels(self.store)
        return [
            self._measurement(record, row_of(record, self.minter, labels))
            for record in find(self.store, chosen).items
        ]

    def _measurement(self, record: StoredMeasurement, row: MeasurementRow) -> Measurement:
        def number(text: str | None) -> Decimal | None:
            return None if text is None else Decimal(text)

        return Measurement(
            iri=record.iri, label_vi=record.label_vi, label_en=record.label_en,
            types=(VOCAB_IRI + "Measurement",), kg=self, value=Decimal(record.value),
            value_max=number(record.value_max), out_of=number(record.out_of), status=row.status,
            qualifier=row.qualifier, period=row.period, quote=record.quote, start=record.start,
            end=record.end, rule=record.rule, row=row,
        )  # fmt: skip

    def search(self, text: str, limit: int = 50) -> list[Node]:
        """Resources whose label (either language, any alternative label) contains ``text``,
        ignoring case and diacritics: ``kg.search("bac kan")`` finds Bắc Kạn."""
        needle = fold_words(text)
        if not needle:
            return []
        rows = self.query(
            "SELECT ?s ?needle (MIN(STRLEN(?l)) AS ?len) WHERE { ?s rdfs:label|skos:prefLabel|"
            "skos:altLabel ?l FILTER(isIRI(?s) && CONTAINS(<urn:povkg:fold>(STR(?l)), ?needle)) }"
            " GROUP BY ?s ?needle ORDER BY ?len ?s",
            needle=ox.Literal(needle),
        )
        return [self.node(r["s"].value) for r in rows[:limit]]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _term(value: Any) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """A Python value as an RDF term for ``substitutions=`` (str -> plain literal)."""
    if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
        return value
    if isinstance(value, Node):
        return ox.NamedNode(value.iri)
    if isinstance(value, bool | int | Decimal | dt.date):
        kind = {bool: "boolean", int: "integer", Decimal: "decimal"}.get(type(value), "date")
        text = str(value).lower() if isinstance(value, bool) else str(value)
        return ox.Literal(text, datatype=ox.NamedNode(f"http://www.w3.org/2001/XMLSchema#{kind}"))
    if isinstance(value, str):
        return ox.Literal(value)
    raise TypeError(f"cannot bind {value!r} in a query")
