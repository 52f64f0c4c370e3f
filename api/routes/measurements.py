"""``/measurements`` and ``/provinces/{slug}/measurements``: filtered, stably ordered, paged.

The listing is ``graph.measurement_query``, the one `povkg measurements` and the Python API run:
the same filters, the same order. Its JSON gives each measurement with its links as nested
objects (IRI, slug, labels); its CSV is exactly the CLI's (``graph.table``: same columns, same
values), so a file downloaded here and one printed by `povkg measurements --format csv` agree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Literal

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Request, Response

from api.builds import Build, BuildHolder
from api.routes.models import DECIMAL_NOTE, Labels, Measurement, MeasurementPage
from api.routes.params import (
    SLUG_PATTERN,
    limit_query,
    lookup,
    next_link_header,
    next_page,
    offset_query,
    slug_path,
)
from api.routes.queries import Labeller
from api.routes.render import render
from graph.config import VOCAB_IRI, Settings
from graph.iris import Minter
from graph.labels import Labels as RowLabels
from graph.measurement_query import (
    MeasurementFilter,
    StoredMeasurement,
    UnknownValueError,
    find,
    resolve_filter,
)
from graph.table import row_of, to_csv

MAX_LIMIT = 1000


def filter_of(store: ox.Store, minter: Minter, **values: str | int | None) -> MeasurementFilter:
    """The filter the request's parameters name; ``422`` for a value the graph does not know."""
    try:
        return resolve_filter(store, minter, **values)  # type: ignore[arg-type]
    except UnknownValueError as error:
        raise HTTPException(422, str(error)) from None


def measurement(record: StoredMeasurement, labeller: Labeller) -> Measurement:
    """The JSON form of one measurement: links as ``Ref``s with their labels."""
    return Measurement(
        iri=record.iri,
        label=Labels(vi=record.label_vi, en=record.label_en),
        document=labeller.ref(record.document),
        file_name=record.file_name,
        start=record.start,
        end=record.end,
        quote=record.quote,
        area=labeller.ref(record.area),
        indicator=labeller.ref(record.indicator),
        value=record.value,
        value_max=record.value_max,
        unit=labeller.ref(record.unit),
        qualifier=labeller.maybe(record.qualifier),
        out_of=record.out_of,
        period=labeller.maybe(record.period),
        status=labeller.ref(record.status),
        dimension=labeller.maybe(record.dimension),
        project=labeller.maybe(record.project),
        program=labeller.maybe(record.program),
        population_group=labeller.maybe(record.population_group),
        funding_source=labeller.maybe(record.funding_source),
        rule=record.rule,
    )


def rows_csv(
    store: ox.Store, minter: Minter, records: Sequence[StoredMeasurement]
) -> Callable[[], str]:
    """The CSV of ``records``: the rows and columns of `povkg measurements --format csv`, with
    the CRLF line ends of ``text/csv`` (RFC 4180)."""

    def make() -> str:
        labels = RowLabels(store)
        return to_csv([row_of(r, minter, labels) for r in records], line_end="\r\n")

    return make


Status = Literal["actual", "target", "forecast"]
SlugQuery = dict(pattern=SLUG_PATTERN, max_length=200)
LISTING_NOTE = (
    "Stable order: document file name, start, end, IRI; `next` (and a `Link: rel=next` header) "
    "leads to the following page. Values are strings: " + DECIMAL_NOTE + " The CSV has the "
    "columns and values of `povkg measurements --format csv`."
)


def router(settings: Settings, builds: BuildHolder) -> APIRouter:
    api = APIRouter(tags=["measurements"])
    minter = Minter(settings.base_iri)

    def respond(
        request: Request, build: Build, chosen: MeasurementFilter, limit: int, offset: int
    ) -> Response:
        listing = find(build.store, chosen, limit=limit, offset=offset)
        labeller = Labeller(build.store, minter)
        items = [measurement(record, labeller) for record in listing.items]
        next_link = next_page(request, limit, offset, listing.total)
        result = MeasurementPage(
            items=items, total=listing.total, limit=limit, offset=offset, next=next_link
        )
        headers = next_link_header(next_link)
        make_csv = rows_csv(build.store, minter, listing.items)
        return render(request, build.build_id, result, make_csv=make_csv, headers=headers)

    @api.get(
        "/measurements",
        summary="All measurements, filtered and paged",
        description=LISTING_NOTE,
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
        limit: int = limit_query(100, MAX_LIMIT),
        offset: int = offset_query(),
    ) -> Response:
        build = builds.of(request)
        chosen = filter_of(
            build.store, minter, province=province, indicator=indicator, year=year,
            status=status, dimension=dimension, project=project, document=document,
        )  # fmt: skip
        return respond(request, build, chosen, limit, offset)

    @api.get(
        "/provinces/{slug}/measurements",
        summary="Measurements of a province (and of the units inside it)",
        description=LISTING_NOTE,
        response_model=MeasurementPage,
        tags=["places"],
    )
    def province_measurements(
        request: Request,
        slug: str = slug_path("province", "bac-kan", "bac-ninh"),
        indicator: str | None = Query(None, examples=["poverty-rate"], **SlugQuery),
        year: int | None = Query(None, ge=1900, le=2100, examples=[2021]),
        status: Annotated[Status | None, Query(examples=["target"])] = None,
        dimension: str | None = Query(None, examples=["housing"], **SlugQuery),
        limit: int = limit_query(100, MAX_LIMIT),
        offset: int = offset_query(),
    ) -> Response:
        build = builds.of(request)
        area = lookup(build.store, minter, "province", slug, VOCAB_IRI + "Province")
        chosen = filter_of(
            build.store, minter, province=area.value, indicator=indicator, year=year,
            status=status, dimension=dimension,
        )  # fmt: skip
        return respond(request, build, chosen, limit, offset)

    return api
