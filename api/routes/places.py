"""``/provinces`` and ``/provinces/{slug}``: provinces with their history across the 2025 merger."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response

from api.builds import BuildHolder
from api.routes.models import HistoryLink, Province, ProvinceDetail
from api.routes.params import lookup, slug_path
from api.routes.queries import Labeller, count, date_of, select, value
from api.routes.render import FORMATS_NOTE, render
from graph.config import VOCAB_IRI, Settings
from graph.iris import Minter

_PROVINCES = """
SELECT ?p ?code ?from ?to WHERE {
  ?p a pov:Province .
  OPTIONAL { ?p pov:administrativeCode ?code }
  OPTIONAL { ?p pov:validFrom ?from }
  OPTIONAL { ?p pov:validTo ?to }
} ORDER BY ?p
"""
_ONE = """
SELECT ?p ?code ?from ?to ?parent WHERE {
  ?p a pov:Province .
  OPTIONAL { ?p pov:administrativeCode ?code }
  OPTIONAL { ?p pov:validFrom ?from }
  OPTIONAL { ?p pov:validTo ?to }
  OPTIONAL { ?p pov:partOf ?parent }
} LIMIT 1
"""
_HISTORY = """
SELECT DISTINCT ?p ?direction ?other ?from ?to WHERE {
  { ?p pov:predecessor ?other BIND("predecessor" AS ?direction) }
  UNION { ?other pov:successor ?p BIND("predecessor" AS ?direction) }
  UNION { ?p pov:successor ?other BIND("successor" AS ?direction) }
  UNION { ?other pov:predecessor ?p BIND("successor" AS ?direction) }
  OPTIONAL { ?other pov:validFrom ?from }
  OPTIONAL { ?other pov:validTo ?to }
} ORDER BY ?direction ?other
"""
_SUBDIVISIONS = "SELECT DISTINCT ?p ?x WHERE { ?x pov:partOf+ ?p } ORDER BY ?x"
_COUNT = """
SELECT ?p (COUNT(DISTINCT ?m) AS ?n) WHERE {
  ?m a pov:Measurement ; sdmx-dimension:refArea ?area . ?area pov:partOf* ?p
} GROUP BY ?p
"""


def _province(row: ox.QuerySolution, labeller: Labeller) -> dict[str, object]:
    ref = labeller.ref(row["p"].value)
    return {
        **ref.model_dump(),
        "administrative_code": value(row, "code"),
        "valid_from": date_of(value(row, "from")),
        "valid_to": date_of(value(row, "to")),
    }


def router(settings: Settings, builds: BuildHolder) -> APIRouter:
    api = APIRouter(tags=["places"])
    minter = Minter(settings.base_iri)

    @api.get(
        "/provinces",
        summary="Provinces, old and new",
        description="Every province, with its validity: those merged on 1 July 2025 end on "
        "30 June 2025, the merged ones begin the next day. " + FORMATS_NOTE,
        response_model=list[Province],
    )
    def provinces(request: Request) -> Response:
        build = builds.of(request)
        store = build.store
        rows = select(store, _PROVINCES)
        labeller = Labeller(store, minter)
        return render(request, build.build_id, [Province(**_province(r, labeller)) for r in rows])

    @api.get(
        "/provinces/{slug}",
        summary="A province with its history across the 2025 merger",
        description="Predecessors and successors with their validity dates; subdivisions. "
        + FORMATS_NOTE,
        response_model=ProvinceDetail,
    )
    def province(
        request: Request, slug: str = slug_path("province", "bac-ninh", "bac-kan")
    ) -> Response:
        build = builds.of(request)
        store = build.store
        iri = lookup(store, minter, "province", slug, VOCAB_IRI + "Province")
        labeller = Labeller(store, minter)
        row = select(store, _ONE, p=iri)[0]
        history: dict[str, list[HistoryLink]] = {"predecessor": [], "successor": []}
        for h in select(store, _HISTORY, p=iri):
            link = HistoryLink(
                **labeller.ref(h["other"].value).model_dump(),
                valid_from=date_of(value(h, "from")),
                valid_to=date_of(value(h, "to")),
            )
            history[h["direction"].value].append(link)
        detail = ProvinceDetail(
            **_province(row, labeller),
            part_of=labeller.maybe(value(row, "parent")),
            predecessors=history["predecessor"],
            successors=history["successor"],
            subdivisions=[labeller.ref(r["x"].value) for r in select(store, _SUBDIVISIONS, p=iri)],
            measurement_count=count(select(store, _COUNT, p=iri)),
        )
        return render(request, build.build_id, detail)

    return api
