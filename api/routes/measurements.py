"""``/measurements`` and ``/provinces/{slug}/measurements``: filtered, stably ordered, paged.

The query is assembled from fixed fragments, one per filter in use; each filter's value is an RDF
term bound by substitution. Paging is done on the ordered results in Python, so no number from
the request is ever written into the query text either.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Annotated, Literal
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request, Response

from api.builds import Build, BuildHolder
from api.routes.models import Labels, Measurement, MeasurementPage
from api.routes.params import SLUG_PATTERN, lookup
from api.routes.queries import PREFIXES, Labeller, select, value
from api.routes.render import render
from graph.config import Settings
from graph.iris import Minter

POV = "https://w3id.org/povkg/ontology#"
MAX_LIMIT = 1000

_BODY = """
  ?m a pov:Measurement ; prov:wasDerivedFrom ?doc ; sdmx-dimension:refArea ?area ;
     pov:indicator ?indicator ; pov:value ?value ; sdmx-attribute:unitMeasure ?unit ;
     pov:status ?status ; pov:extractionRule ?rule ; pov:evidence/oa:hasTarget ?target .
  ?target oa:hasSelector ?quoteSelector, ?positionSelector .
  ?quoteSelector oa:exact ?quote .
  ?positionSelector oa:start ?start ; oa:end ?end .
  ?doc dcterms:identifier ?file .
"""
_OPTIONAL = """
  OPTIONAL { ?m sdmx-dimension:refPeriod ?period }
  OPTIONAL { ?m pov:valueMax ?valueMax }
  OPTIONAL { ?m pov:qualifier ?qualifier }
  OPTIONAL { ?m pov:outOf ?outOf }
  OPTIONAL { ?m pov:deprivationDimension ?dimension }
  OPTIONAL { ?m pov:project ?project }
  OPTIONAL { ?m pov:program ?program }
  OPTIONAL { ?m pov:populationGroup ?group }
  OPTIONAL { ?m pov:fundingSource ?funding }
  OPTIONAL { ?m rdfs:label ?labelVi FILTER(lang(?labelVi) = "vi") }
  OPTIONAL { ?m rdfs:label ?labelEn FILTER(lang(?labelEn) = "en") }
"""
_FILTERS = {
    # filter name -> (variable bound, pattern that constrains it)
    "province": ("inProvince", "?area pov:partOf* ?inProvince ."),
    "indicator": ("fIndicator", "?m pov:indicator ?fIndicator ."),
    "period": ("fPeriod", "?m sdmx-dimension:refPeriod ?fPeriod ."),
    "status": ("fStatus", "?m pov:status ?fStatus ."),
    "dimension": ("fDimension", "?m pov:deprivationDimension ?fDimension ."),
    "project": ("fProject", "?m pov:project ?fProject ."),
    "document": ("fDocument", "?m prov:wasDerivedFrom ?fDocument ."),
}
_COLUMNS = (
    "?m ?doc ?file ?start ?end ?quote ?area ?indicator ?value ?valueMax ?unit ?qualifier ?outOf "
    "?period ?status ?dimension ?project ?program ?group ?funding ?rule ?labelVi ?labelEn"
)


@dataclass(frozen=True)
class Filters:
    """Filters as IRIs (already checked to exist)."""

    terms: dict[str, ox.NamedNode]

    def query(self, count: bool = False) -> str:
        bound = " ".join(f"?{_FILTERS[name][0]}" for name in sorted(self.terms))
        patterns = "\n  ".join(_FILTERS[name][1] for name in sorted(self.terms))
        if count:
            return f"SELECT {bound} (COUNT(DISTINCT ?m) AS ?n) WHERE {{ {_BODY} {patterns} }}" + (
                f" GROUP BY {bound}" if bound else ""
            )
        return (
            f"SELECT {_COLUMNS} {bound} WHERE {{ {_BODY} {patterns} {_OPTIONAL} }}"
            " ORDER BY ?file ?start ?end ?m"
        )

    def bindings(self) -> dict[str, ox.NamedNode]:
        return {_FILTERS[name][0]: term for name, term in self.terms.items()}


def resolve_filters(
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
) -> Filters:
    """Check each filter value and turn it into the IRI it names (``422`` when unknown)."""
    wanted = {
        "province": (province, "province", POV + "Province"),
        "indicator": (indicator, "indicator", POV + "Indicator"),
        "period": (None if year is None else str(year), "period", POV + "Period"),
        "status": (status, "status", POV + "Status"),
        "dimension": (dimension, "dimension", POV + "DeprivationDimension"),
        "project": (project, "project", POV + "Project"),
        "document": (document, "document", POV + "Article"),
    }
    terms = {}
    for name, (slug, kind, type_iri) in wanted.items():
        if slug is None:
            continue
        if name == "period":
            terms[name] = ox.NamedNode(minter.iri(f"period/{slug}"))
        else:
            terms[name] = lookup(store, minter, kind, slug, type_iri, in_path=False)
    return Filters(terms)


def page(
    store: ox.Store, minter: Minter, filters: Filters, limit: int, offset: int
) -> tuple[list[Measurement], int]:
    """One page of measurements in stable order, and how many match in all."""
    counted = select(store, filters.query(count=True), **filters.bindings())
    total = int(counted[0]["n"].value) if counted else 0
    rows = store.query(
        PREFIXES + filters.query(),
        use_default_graph_as_union=True,
        substitutions={ox.Variable(k): v for k, v in filters.bindings().items()},
    )
    taken = list(islice(_distinct(rows), offset, offset + limit))
    labeller = Labeller(store, minter)
    labeller.fetch(
        iri for row in taken for iri in (value(row, k) for k in _LINKS) if iri is not None
    )
    return [_measurement(row, labeller) for row in taken], total


_LINKS = ("doc", "area", "indicator", "unit", "qualifier", "period", "status", "dimension")
_LINKS += ("project", "program", "group", "funding")


def _distinct(rows: ox.QuerySolutions) -> Iterator[ox.QuerySolution]:
    """Rows of distinct measurements (a multi-valued optional would repeat one)."""
    previous = None
    for row in rows:
        if row["m"] != previous:
            previous = row["m"]
            yield row


def _number(row: ox.QuerySolution, name: str) -> float | None:
    text = value(row, name)
    return None if text is None else float(text)


def _measurement(row: ox.QuerySolution, labeller: Labeller) -> Measurement:
    return Measurement(
        iri=row["m"].value,
        label=Labels(vi=value(row, "labelVi"), en=value(row, "labelEn")),
        document=labeller.ref(row["doc"].value),
        file_name=row["file"].value,
        start=int(row["start"].value),
        end=int(row["end"].value),
        quote=row["quote"].value,
        area=labeller.ref(row["area"].value),
        indicator=labeller.ref(row["indicator"].value),
        value=float(row["value"].value),
        value_max=_number(row, "valueMax"),
        unit=labeller.ref(row["unit"].value),
        qualifier=labeller.maybe(value(row, "qualifier")),
        out_of=_number(row, "outOf"),
        period=labeller.maybe(value(row, "period")),
        status=labeller.ref(row["status"].value),
        dimension=labeller.maybe(value(row, "dimension")),
        project=labeller.maybe(value(row, "project")),
        program=labeller.maybe(value(row, "program")),
        population_group=labeller.maybe(value(row, "group")),
        funding_source=labeller.maybe(value(row, "funding")),
        rule=row["rule"].value,
    )


Status = Literal["actual", "target", "forecast"]
SlugQuery = dict(pattern=SLUG_PATTERN, max_length=200)


def router(settings: Settings, builds: BuildHolder) -> APIRouter:
    api = APIRouter(tags=["measurements"])
    minter = Minter(settings.base_iri)

    def respond(
        request: Request, build: Build, filters: Filters, limit: int, offset: int
    ) -> Response:
        items, total = page(build.store, minter, filters, limit, offset)
        next_link = None
        if offset + limit < total:
            params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
            next_link = f"{request.url.path}?{urlencode([*params, ('offset', offset + limit)])}"
        result = MeasurementPage(
            items=items, total=total, limit=limit, offset=offset, next=next_link
        )
        headers = {"Link": f'<{next_link}>; rel="next"'} if next_link else {}
        return render(request, build.build_id, result, csv_items=items, headers=headers)

    @api.get(
        "/measurements",
        summary="All measurements, filtered and paged",
        description="Stable order (document, start, end). `next` links to the following page.",
        response_model=MeasurementPage,
    )
    def measurements(
        request: Request,
        province: str | None = Query(None, examples=["bac-kan"], **SlugQuery),
        indicator: str | None = Query(None, examples=["poor-households"], **SlugQuery),
        year: int | None = Query(None, ge=1900, le=2100, examples=[2024]),
        status: Annotated[Status | None, Query(examples=["actual"])] = None,
        dimension: str | None = Query(None, examples=["housing"], **SlugQuery),
        project: str | None = Query(None, examples=["housing"], **SlugQuery),
        document: str | None = Query(None, examples=["000-a1a3ac5b4d469efe"], **SlugQuery),
        limit: int = Query(100, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0, le=10_000_000),
    ) -> Response:
        build = builds.of(request)
        filters = resolve_filters(
            build.store, minter, province=province, indicator=indicator, year=year, status=status,
            dimension=dimension, project=project, document=document,
        )  # fmt: skip
        return respond(request, build, filters, limit, offset)

    @api.get(
        "/provinces/{slug}/measurements",
        summary="Measurements of a province (and of the units inside it)",
        response_model=MeasurementPage,
        tags=["places"],
    )
    def province_measurements(
        request: Request,
        slug: str,
        indicator: str | None = Query(None, examples=["poverty-rate"], **SlugQuery),
        year: int | None = Query(None, ge=1900, le=2100, examples=[2021]),
        status: Annotated[Status | None, Query(examples=["target"])] = None,
        dimension: str | None = Query(None, examples=["housing"], **SlugQuery),
        limit: int = Query(100, ge=1, le=MAX_LIMIT),
        offset: int = Query(0, ge=0, le=10_000_000),
    ) -> Response:
        build = builds.of(request)
        area = lookup(build.store, minter, "province", slug, POV + "Province", in_path=True)
        filters = resolve_filters(
            build.store, minter, indicator=indicator, year=year, status=status, dimension=dimension
        )
        filters.terms["province"] = area
        return respond(request, build, filters, limit, offset)

    return api
