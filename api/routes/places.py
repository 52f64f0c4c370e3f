"""``/provinces`` and ``/provinces/{slug}``: provinces with their history across the 2025 merger."""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response

from api.builds import BuildHolder
from api.routes.models import HistoryLink, Province, ProvinceDetail
from api.routes.params import lookup
from api.routes.queries import Labeller, select, value
from api.routes.render import render
from graph.config import Settings
from graph.iris import Minter

POV = "https://w3id.org/povkg/ontology#"

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


def _date(text: str | None) -> date | None:
    try:
        return None if text is None else date.fromisoformat(text)
    except ValueError:
        return None


def _province(row: ox.QuerySolution, labeller: Labeller) -> dict[str, object]:
    ref = labeller.ref(row["p"].value)
    return {
        **ref.model_dump(),
        "administrative_code": value(row, "code"),
        "valid_from": _date(value(row, "from")),
        "valid_to": _date(value(row, "to")),
    }


def router(settings: Settings, builds: BuildHolder) -> APIRouter:
    api = APIRouter(tags=["places"])
    minter = Minter(settings.base_iri)

    @api.get("/provinces", summary="Provinces, old and new", response_model=list[Province])
    def provinces(request: Request) -> Response:
        build = builds.of(request)
        store = build.store
        rows = select(store, _PROVINCES)
        labeller = Labeller(store, minter)
        labeller.fetch(row["p"].value for row in rows)
        return render(request, build.build_id, [Province(**_province(r, labeller)) for r in rows])

    @api.get(
        "/provinces/{slug}",
        summary="A province with its history across the 2025 merger",
        description="Predecessors and successors with their validity dates; subdivisions.",
        response_model=ProvinceDetail,
    )
    def province(request: Request, slug: str) -> Response:
        build = builds.of(request)
        store = build.store
        iri = lookup(store, minter, "province", slug, POV + "Province", in_path=True)
        labeller = Labeller(store, minter)
        row = select(store, _ONE, p=iri)[0]
        history: dict[str, list[HistoryLink]] = {"predecessor": [], "successor": []}
        for h in select(store, _HISTORY, p=iri):
            link = HistoryLink(
                **labeller.ref(h["other"].value).model_dump(),
                valid_from=_date(value(h, "from")),
                valid_to=_date(value(h, "to")),
            )
            history[h["direction"].value].append(link)
        counted = select(store, _COUNT, p=iri)
        detail = ProvinceDetail(
            **_province(row, labeller),
            part_of=labeller.maybe(value(row, "parent")),
            predecessors=history["predecessor"],
            successors=history["successor"],
            subdivisions=[labeller.ref(r["x"].value) for r in select(store, _SUBDIVISIONS, p=iri)],
            measurement_count=int(counted[0]["n"].value) if counted else 0,
        )
        return render(request, build.build_id, detail)

    return api
