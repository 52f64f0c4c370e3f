"""``/documents`` and ``/documents/{slug}``: the source articles, and one article with the facts
extracted from it and their spans (offsets into its ``text``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response

from api.builds import BuildHolder
from api.routes.measurements import measurement, rows_csv
from api.routes.models import Document, DocumentDetail
from api.routes.params import lookup, slug_path
from api.routes.queries import Labeller, date_of, select, value
from api.routes.render import FORMATS_NOTE, render
from graph.config import VOCAB_IRI, Settings
from graph.iris import Minter
from graph.measurement_query import MeasurementFilter, find

_DOCUMENTS = """
SELECT ?d ?file ?title ?issued ?subject WHERE {
  ?d a pov:Article ; dcterms:identifier ?file .
  OPTIONAL { ?d dcterms:title ?title }
  OPTIONAL { ?d dcterms:issued ?issued }
  OPTIONAL { ?d dcterms:subject ?subject }
} ORDER BY ?file ?subject
"""
_ONE = _DOCUMENTS.replace("SELECT ?d", "SELECT ?d ?text").replace(
    "?d a pov:Article ; dcterms:identifier ?file .",
    "?d a pov:Article ; dcterms:identifier ?file ; pov:text ?text .",
)
_COUNTS = """
SELECT ?d (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a pov:Measurement ; prov:wasDerivedFrom ?d }
GROUP BY ?d
"""


def _documents(
    rows: list[ox.QuerySolution], counts: dict[str, int], labeller: Labeller
) -> Iterator[tuple[ox.QuerySolution, dict[str, Any]]]:
    subjects: dict[str, list[str]] = defaultdict(list)
    first: dict[str, ox.QuerySolution] = {}
    for row in rows:
        first.setdefault(row["d"].value, row)
        subject = value(row, "subject")
        if subject and subject not in subjects[row["d"].value]:
            subjects[row["d"].value].append(subject)
    for iri, row in first.items():
        yield (
            row,
            {
                **labeller.ref(iri).model_dump(),
                "file_name": row["file"].value,
                "title": value(row, "title"),
                "issued": date_of(value(row, "issued")),
                "subjects": [labeller.ref(s) for s in subjects[iri]],
                "measurement_count": counts.get(iri, 0),
            },
        )


def router(settings: Settings, builds: BuildHolder) -> APIRouter:
    api = APIRouter(tags=["documents"])
    minter = Minter(settings.base_iri)

    @api.get(
        "/documents",
        summary="The source articles",
        description="Title, date, subjects and number of measurements of each. " + FORMATS_NOTE,
        response_model=list[Document],
    )
    def documents(request: Request) -> Response:
        build = builds.of(request)
        store = build.store
        counts = {r["d"].value: int(r["n"].value) for r in select(store, _COUNTS)}
        labeller = Labeller(store, minter)
        found = [Document(**d) for _, d in _documents(select(store, _DOCUMENTS), counts, labeller)]
        return render(request, build.build_id, found)

    @api.get(
        "/documents/{slug}",
        summary="One article: its text and the facts extracted from it, with their spans",
        description="`text[start:end] == quote` for every measurement (code-point offsets). "
        + FORMATS_NOTE,
        response_model=DocumentDetail,
    )
    def document(
        request: Request, slug: str = slug_path("document", "000-a1a3ac5b4d469efe")
    ) -> Response:
        build = builds.of(request)
        store = build.store
        iri = lookup(store, minter, "document", slug, VOCAB_IRI + "Article")
        labeller = Labeller(store, minter)
        rows = select(store, _ONE, d=iri)
        counts = {r["d"].value: int(r["n"].value) for r in select(store, _COUNTS, d=iri)}
        row, fields = next(_documents(rows, counts, labeller))
        records = find(store, MeasurementFilter(document=iri)).items
        facts = [measurement(record, labeller) for record in records]
        detail = DocumentDetail(**fields, text=row["text"].value, measurements=facts)
        make_csv = rows_csv(store, minter, records)
        return render(request, build.build_id, detail, make_csv=make_csv)

    return api
