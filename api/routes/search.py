"""``/search?q=``: labels in Vietnamese or English, case- and diacritic-insensitive.

SPARQL has no accent folding, so the labels are read once per build (one fixed query, no user
input) and matched in Python with ``graph.iris.fold_words``: ``bac kan`` finds ``Bắc Kạn``.
Measurements and evidence nodes are left out: their labels repeat the names of places and
indicators.
Labels and queries are compared as words: any run of characters other than letters and digits
separates them (``bac-kan``, ``bac_kan`` and ``Bắc Kạn`` are the same two words), and each thing's
slug (the last segment of its IRI) is indexed beside its labels, so a slug typed as a query finds
its thing.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Request, Response

from api.builds import BuildHolder
from api.routes.models import SearchHit, SearchResults
from api.routes.params import limit_query, next_link_header, next_page, offset_query
from api.routes.queries import Labeller, select
from api.routes.render import FORMATS_NOTE, csv_text, render
from graph.config import Settings
from graph.iris import Minter, fold_words

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


words = fold_words  # the one folding of search text, shared with the Python API


@dataclass(frozen=True)
class Entry:
    iri: str
    label: str
    folded: str


class LabelIndex:
    """Every label of one build of the store, folded, read on first use (a build never
    changes; a rebuild gets an index of its own)."""

    def __init__(self, store: ox.Store, base: str) -> None:
        self.store = store
        self.base = base
        self._entries: list[Entry] | None = None
        self._types: dict[str, list[str]] = {}
        self._lock = threading.Lock()

    def entries(self) -> list[Entry]:
        with self._lock:
            if self._entries is None:
                rows = select(self.store, _LABELS)
                labels = ((r["x"].value, r["label"].value) for r in rows)
                found = {Entry(iri, label, words(label)) for iri, label in labels}
                slugs = (self._slug_entry(iri) for iri in {e.iri for e in found})
                found |= {e for e in slugs if e is not None}
                self._entries = sorted(found, key=lambda e: (e.iri, e.label))
                for row in select(self.store, _TYPES):
                    self._types.setdefault(row["x"].value, []).append(row["t"].value)
            return self._entries

    def _slug_entry(self, iri: str) -> Entry | None:
        """``province/bac-kan`` -> ``bac-kan``; ``district/bac-kan/na-ri`` -> ``na-ri`` (the last
        segment: the slug a route takes; whole paths would make every unit of a province match
        the province's name)."""
        if not iri.startswith(self.base) or "/" not in iri[len(self.base) :]:
            return None
        slug = iri.rsplit("/", 1)[1]
        return Entry(iri, slug, words(slug)) if slug and words(slug) else None

    def types(self, iri: str) -> list[str]:
        return sorted(self._types.get(iri, []))

    def search(self, text: str) -> list[Entry]:
        """Every resource that matches, by its best match: whole label, then label start, then
        word start, then anywhere; ties by label length, then IRI (a stable order)."""
        wanted = words(text)
        if not wanted:
            return []
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
        return [entry for _, entry in sorted(best.values(), key=lambda kv: kv[0])]


MAX_HITS = 200
SEARCH_NOTE = (
    "Case and accents are ignored (`bac kan` finds Bắc Kạn). Best matches first: the whole "
    "label, then its start, then a word in it, then anywhere. Hyphens, underscores and other "
    "punctuation separate words, so a slug typed as a query (`bac-kan`) finds its thing. "
    "`total` counts every match; `next` (and a `Link: rel=next` header) leads to the following "
    "page when there are more than `limit`."
)


def router(settings: Settings, builds: BuildHolder) -> APIRouter:
    api = APIRouter(tags=["search"])
    minter = Minter(settings.base_iri)

    @api.get(
        "/search",
        summary="Find things by label (Vietnamese or English, accents optional)",
        description=SEARCH_NOTE + " " + FORMATS_NOTE,
        response_model=SearchResults,
    )
    def search(
        request: Request,
        q: str = Query(min_length=1, max_length=200, examples=["bac kan", "hộ nghèo"]),
        limit: int = limit_query(20, MAX_HITS),
        offset: int = offset_query(),
    ) -> Response:
        if not words(q):
            raise HTTPException(422, "q must contain at least one letter or digit")
        build = builds.of(request)
        index = build.memo("search-labels", lambda: LabelIndex(build.store, minter.base))
        matches = index.search(q)
        found = matches[offset : offset + limit]
        labeller = Labeller(build.store, minter)
        hits = [
            SearchHit(**labeller.ref(e.iri).model_dump(), types=index.types(e.iri), matched=e.label)
            for e in found
        ]
        next_link = next_page(request, limit, offset, len(matches))
        result = SearchResults(
            query=q, hits=hits, total=len(matches), limit=limit, offset=offset, next=next_link
        )

        def make_csv() -> str:  # the hits, without the wrapper's query
            return csv_text([hit.model_dump(mode="json") for hit in hits])

        headers = next_link_header(next_link)
        return render(request, build.build_id, result, make_csv=make_csv, headers=headers)

    return api
