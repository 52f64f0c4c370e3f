"""``/search?q=``: labels in Vietnamese or English, case- and diacritic-insensitive.

SPARQL has no accent folding, so the labels are read once per build (one fixed query, no user
input) and matched in Python with ``graph.iris.fold``: ``bac kan`` finds ``Bắc Kạn``. Measurements
and evidence nodes are left out: their labels repeat the names of places and indicators.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Request, Response

from api.builds import BuildHolder
from api.routes.models import SearchHit, SearchResults
from api.routes.queries import Labeller, select
from api.routes.render import csv_text, render
from graph.config import Settings
from graph.iris import Minter, fold

_LABELS = """
SELECT DISTINCT ?x ?label WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel }
  ?x ?p ?label .
  FILTER(isIRI(?x))
  FILTER NOT EXISTS { ?x a pov:Measurement }
  FILTER NOT EXISTS { ?x a oa:Annotation }
  FILTER NOT EXISTS { ?x a oa:SpecificResource }
}
"""
_TYPES = "SELECT DISTINCT ?x ?t WHERE { ?x a ?t . ?x rdfs:label|skos:prefLabel ?l }"


@dataclass(frozen=True)
class Entry:
    iri: str
    label: str
    folded: str


class LabelIndex:
    """Every label of one build of the store, folded, read on first use (a build never
    changes; a rebuild gets an index of its own)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._entries: list[Entry] | None = None
        self._types: dict[str, list[str]] = {}
        self._lock = threading.Lock()

    def entries(self) -> list[Entry]:
        with self._lock:
            if self._entries is None:
                rows = select(self.store, _LABELS)
                self._entries = sorted(
                    (Entry(r["x"].value, r["label"].value, fold(r["label"].value)) for r in rows),
                    key=lambda e: (e.iri, e.label),
                )
                for row in select(self.store, _TYPES):
                    self._types.setdefault(row["x"].value, []).append(row["t"].value)
            return self._entries

    def types(self, iri: str) -> list[str]:
        return sorted(self._types.get(iri, []))

    def search(self, text: str, limit: int) -> list[Entry]:
        """Best match per resource: whole label, then label start, then word start, then
        anywhere; ties by label length, then IRI (a stable order)."""
        wanted = " ".join(fold(text).split())
        best: dict[str, tuple[tuple[int, int, str], Entry]] = {}
        for entry in self.entries():
            position = entry.folded.find(wanted)
            if position < 0:
                continue
            if entry.folded == wanted:
                rank = 0
            elif position == 0:
                rank = 1
            elif not entry.folded[position - 1].isalnum():
                rank = 2
            else:
                rank = 3
            key = (rank, len(entry.label), entry.iri)
            if entry.iri not in best or key < best[entry.iri][0]:
                best[entry.iri] = (key, entry)
        return [entry for _, entry in sorted(best.values(), key=lambda kv: kv[0])][:limit]


def router(settings: Settings, builds: BuildHolder) -> APIRouter:
    api = APIRouter(tags=["search"])
    minter = Minter(settings.base_iri)

    @api.get(
        "/search",
        summary="Find things by label (Vietnamese or English, accents optional)",
        response_model=SearchResults,
    )
    def search(
        request: Request,
        q: str = Query(min_length=1, max_length=200, examples=["bac kan", "hộ nghèo"]),
        limit: int = Query(20, ge=1, le=200),
    ) -> Response:
        if not fold(q).strip():
            raise HTTPException(422, "q must contain at least one letter or digit")
        build = builds.of(request)
        index = build.memo("search-labels", lambda: LabelIndex(build.store))
        found = index.search(q, limit)
        labeller = Labeller(build.store, minter)
        hits = [
            SearchHit(**labeller.ref(e.iri).model_dump(), types=index.types(e.iri), matched=e.label)
            for e in found
        ]
        result = SearchResults(query=q, hits=hits)

        def make_csv() -> str:  # the hits, without the wrapper's query
            return csv_text([hit.model_dump(mode="json") for hit in hits])

        return render(request, build.build_id, result, make_csv=make_csv)

    return api
