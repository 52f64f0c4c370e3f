"""Which measurements, in which order: the one listing behind `povkg measurements`,
``KnowledgeGraph.measurements`` and ``GET /measurements`` (and an article's facts).

A listing takes two steps, because Oxigraph is quick at each and slow at their sum:

1. one SPARQL query (``MeasurementFilter.sparql``) finds the measurements that pass the filters,
   with what every measurement has (document and file name, the offsets of its quote, area,
   indicator, value, unit, status, rule), in a stable order: document file name, start, end,
   IRI. It has no OPTIONAL at all, so no pattern is ever joined after one (bench/README.md);
2. only the measurements of the requested page are completed from the store's indexes: the
   quote, the optional attributes (period, upper bound, qualifier, dimension, project...) and
   the labels. (The quote in step 1 would cost a quarter more on a large graph: 4.7 s instead
   of 3.6 s for all 24,030 measurements of the 1M-triple benchmark graph.)

Filter values reach the query as RDF terms only. Each is resolved to an IRI (``ox.NamedNode``
checks it is a well-formed IRI, the store must hold a thing of the filter's class) and written in
one ``VALUES`` row in its N-Triples form, never as the text the user typed. ``VALUES`` rather than
SEP-0007 ``substitutions=``: on the 1M-triple benchmark graph, a substituted ``?province`` is
joined only after ``?area pov:partOf* ?province`` was walked from every area (2.1 s for one
province); in ``VALUES`` the walk starts from the province (0.06 s). Paging happens on the ordered
solutions in Python: the sort needs them all anyway, the total comes from the same run, and no
number from a request is written into a query.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from graph.config import VOCAB_IRI
from graph.iris import Minter
from graph.prefixes import PREFIX_IRIS, RDF_TYPE, RDFS_LABEL

POV = VOCAB_IRI
_SDMX_DIMENSION = PREFIX_IRIS["sdmx-dimension"]


class UnknownValueError(LookupError):
    """A filter names nothing of its kind in the store (or is not a valid name at all)."""


FILTER_CLASSES: dict[str, tuple[str, ...]] = {
    "province": tuple(POV + c for c in ("Province", "District", "Commune", "Town", "Country")),
    "indicator": (POV + "Indicator",),
    "status": (POV + "Status",),
    "dimension": (POV + "DeprivationDimension",),
    "project": (POV + "Project", POV + "SubProject"),
    "document": (POV + "Article",),
}
"""The classes a filter's value may have. ``province`` takes any administrative unit and keeps
the measurements about that unit or any unit inside it (``pov:partOf*``)."""

_FILTERS: dict[str, tuple[str, str]] = {
    # filter -> (the variable its value binds, the pattern it adds; "" if already required)
    "province": ("province", "?area pov:partOf* ?province ."),
    "indicator": ("indicator", ""),
    "period": ("period", "?m sdmx-dimension:refPeriod ?period ."),
    "status": ("status", ""),
    "dimension": ("dimension", "?m pov:deprivationDimension ?dimension ."),
    "project": ("project", "?m pov:project ?project ."),
    "document": ("doc", ""),
}

_SELECT = "SELECT ?m ?doc ?file ?start ?end ?target ?area ?indicator ?value ?unit ?status ?rule"
_REQUIRED = """
  ?m a pov:Measurement ; prov:wasDerivedFrom ?doc ; pov:evidence/oa:hasTarget ?target ;
     sdmx-dimension:refArea ?area ; pov:indicator ?indicator ; pov:value ?value ;
     sdmx-attribute:unitMeasure ?unit ; pov:status ?status ; pov:extractionRule ?rule .
  ?target oa:hasSelector ?position . ?position oa:start ?start ; oa:end ?end .
  ?doc dcterms:identifier ?file ."""
_ORDER = "ORDER BY ?file ?start ?end ?m"

_OPTIONAL = {
    _SDMX_DIMENSION + "refPeriod": "period",
    POV + "valueMax": "value_max",
    POV + "qualifier": "qualifier",
    POV + "outOf": "out_of",
    POV + "deprivationDimension": "dimension",
    POV + "project": "project",
    POV + "program": "program",
    POV + "populationGroup": "population_group",
    POV + "fundingSource": "funding_source",
}
"""Optional attributes read in step 2: predicate -> field of ``StoredMeasurement``."""
_NUMBERS = ("value_max", "out_of")
_HAS_SELECTOR = ox.NamedNode(PREFIX_IRIS["oa"] + "hasSelector")
_EXACT = ox.NamedNode(PREFIX_IRIS["oa"] + "exact")


@dataclass(frozen=True)
class MeasurementFilter:
    """Which measurements to list; each value an IRI already checked (``resolve_filter``)."""

    province: ox.NamedNode | None = None
    indicator: ox.NamedNode | None = None
    period: ox.NamedNode | None = None
    status: ox.NamedNode | None = None
    dimension: ox.NamedNode | None = None
    project: ox.NamedNode | None = None
    document: ox.NamedNode | None = None

    def terms(self) -> dict[str, ox.NamedNode]:
        """The filters in use, by name."""
        found = {f.name: getattr(self, f.name) for f in fields(self)}
        return {name: term for name, term in found.items() if term is not None}

    def sparql(self) -> str:
        """The listing query for these filters (povkg's prefixes are passed to the engine)."""
        terms = self.terms()
        patterns = "".join(f"\n  {_FILTERS[n][1]}" for n in terms if _FILTERS[n][1])
        values = ""
        if terms:
            variables = " ".join(f"?{_FILTERS[name][0]}" for name in terms)
            row = " ".join(_term_text(term) for term in terms.values())
            values = f"\n  VALUES ({variables}) {{ ({row}) }}"
        return f"{_SELECT} WHERE {{{_REQUIRED}{patterns}{values}\n}} {_ORDER}"


def _term_text(term: ox.NamedNode) -> str:
    """An IRI in N-Triples form, as pyoxigraph writes it (it refused a malformed IRI already)."""
    if not isinstance(term, ox.NamedNode):
        raise TypeError(f"a filter value must be a pyoxigraph NamedNode, not {term!r}")
    return str(term)


def resolve(kind: str, value: str, minter: Minter) -> ox.NamedNode:
    """A value as an IRI: a slug (``bac-ninh`` -> ``{base}{kind}/bac-ninh``), a path
    (``district/bac-kan/na-ri``) or a full IRI. ``UnknownValueError`` if it cannot be an IRI."""
    if value.startswith(("http://", "https://")):
        iri = value
    elif "/" in value:
        iri = minter.iri(value)
    else:
        iri = minter.iri(f"{kind}/{value}")
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise UnknownValueError(f"{kind} {value!r} is not a valid name: {exc}") from exc


def is_a(store: ox.Store, iri: ox.NamedNode, classes: tuple[str, ...]) -> bool:
    """Whether the store types ``iri`` with one of ``classes`` (in any graph)."""
    rdf_type = ox.NamedNode(RDF_TYPE)
    return any(q.object.value in classes for q in store.quads_for_pattern(iri, rdf_type, None))


def resolve_filter(
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
) -> MeasurementFilter:
    """Turn what a user typed (slugs, paths or IRIs) into a filter; ``UnknownValueError`` for a
    value the store has no thing of that kind for. ``year`` keeps the measurements whose period
    is that single year (it is not checked: a year without measurements lists none)."""
    given = {
        "province": province,
        "indicator": indicator,
        "status": status,
        "dimension": dimension,
        "project": project,
        "document": document,
    }
    terms: dict[str, ox.NamedNode] = {}
    for kind, value in given.items():
        if value is None:
            continue
        iri = resolve(kind, value, minter)
        if not is_a(store, iri, FILTER_CLASSES[kind]):
            raise UnknownValueError(f"unknown {kind} {value!r}: the graph has no {kind} {iri}")
        terms[kind] = iri
    if year is not None:
        terms["period"] = ox.NamedNode(minter.iri(f"period/{int(year)}"))
    return MeasurementFilter(**terms)


@dataclass(frozen=True)
class StoredMeasurement:
    """One measurement as stored: linked things as IRIs, numbers as plain decimal numerals."""

    iri: str
    document: str
    file_name: str
    start: int
    end: int
    quote: str
    area: str
    indicator: str
    value: str
    unit: str
    status: str
    rule: str
    period: str | None = None
    value_max: str | None = None
    qualifier: str | None = None
    out_of: str | None = None
    dimension: str | None = None
    project: str | None = None
    program: str | None = None
    population_group: str | None = None
    funding_source: str | None = None
    label_vi: str | None = None
    label_en: str | None = None


@dataclass(frozen=True)
class Listing:
    """One page of a listing, and how many measurements pass the filters in all."""

    items: list[StoredMeasurement]
    total: int


def find(
    store: ox.Store,
    measurement_filter: MeasurementFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> Listing:
    """The measurements that pass the filter, in stable order, from ``offset`` on (at most
    ``limit`` of them; all when ``limit`` is ``None``)."""
    if offset < 0 or (limit is not None and limit < 0):
        raise ValueError("limit and offset cannot be negative")
    query = (measurement_filter or MeasurementFilter()).sparql()
    solutions = store.query(query, use_default_graph_as_union=True, prefixes=PREFIX_IRIS)
    ordered = list(_distinct(solutions))
    chosen = ordered[offset:] if limit is None else ordered[offset : offset + limit]
    return Listing([_complete(store, solution) for solution in chosen], len(ordered))


def _distinct(solutions: ox.QuerySolutions) -> Iterator[ox.QuerySolution]:
    """The first solution of each measurement (a store holding a value twice would repeat it)."""
    seen: set[ox.NamedNode] = set()
    for solution in solutions:
        if solution["m"] not in seen:
            seen.add(solution["m"])
            yield solution


def _complete(store: ox.Store, solution: ox.QuerySolution) -> StoredMeasurement:
    """Step 2: the optional attributes and labels of one measurement, from its own triples."""
    measurement = solution["m"]
    extra: dict[str, str] = {}
    for quad in store.quads_for_pattern(measurement, None, None):
        predicate, term = quad.predicate.value, quad.object
        name = _OPTIONAL.get(predicate)
        if name is None and predicate == RDFS_LABEL and isinstance(term, ox.Literal):
            name = f"label_{term.language}" if term.language in ("vi", "en") else None
        if name is not None and name not in extra:
            extra[name] = decimal_text(term.value) if name in _NUMBERS else term.value
    return StoredMeasurement(
        iri=measurement.value,
        document=solution["doc"].value,
        file_name=solution["file"].value,
        start=int(solution["start"].value),
        end=int(solution["end"].value),
        quote=_quote(store, solution["target"]),
        area=solution["area"].value,
        indicator=solution["indicator"].value,
        value=decimal_text(solution["value"].value),
        unit=solution["unit"].value,
        status=solution["status"].value,
        rule=solution["rule"].value,
        **extra,
    )


def _quote(store: ox.Store, target: ox.NamedNode | ox.BlankNode) -> str:
    """The ``oa:exact`` text of the target's quote selector ("" if it has none)."""
    for selector in store.quads_for_pattern(target, _HAS_SELECTOR, None):
        if isinstance(selector.object, ox.NamedNode | ox.BlankNode):
            for exact in store.quads_for_pattern(selector.object, _EXACT, None):
                return exact.object.value
    return ""


def decimal_text(value: Decimal | str) -> str:
    """A number as a plain decimal numeral: ``28484``, ``3.47``, ``1174000000000``; never an
    exponent, never a trailing ``.0``. The same text as ``graph.rdf.decimal_lexical`` (a test
    keeps them equal), without loading rdflib. A stored lexical form that is no number at all
    (data loaded from elsewhere) is returned as it is."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(value.strip())
    except InvalidOperation:
        return value if isinstance(value, str) else str(value)
    if not number.is_finite():
        if isinstance(value, str):
            return value
        raise ValueError(f"not a finite number: {value}")
    if number == number.to_integral_value():
        return str(int(number))
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
