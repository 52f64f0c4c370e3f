"""JSON by default, JSON-LD and CSV on request (``Accept`` or ``format=``).

The JSON-LD form is the JSON itself plus an inline ``@context`` that maps its keys to povkg's
vocabulary (``iri`` is ``@id``, ``label`` a language map...), so the same body reads as linked
data without fetching anything. Exact decimals (a measurement's ``value``...) are JSON strings
holding the plain decimal numeral (``"28484"``, ``"3.47"``) in both: no digit is lost to floating
point, and the context types them ``xsd:decimal``. CSV flattens each item: a link becomes two
columns (its label and ``_iri``), a language map ``label_vi``/``label_en``; a route whose items
have a CSV of their own (measurements: the rows of ``graph.table``) passes it in.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel

from api.linked_data.formats import PLAIN_JSON, prefixes
from api.linked_data.http import etag, negotiate, respond
from api.sparql.formats import Kind, ResultFormat

JSON = PLAIN_JSON
JSON_LD = ResultFormat(
    "jsonld", Kind.GRAPH, "application/ld+json", False, (), ("jsonld", "json-ld"), ""
)
CSV = ResultFormat("csv", Kind.TABULAR, "text/csv", True, (), ("csv",), "")
OFFERS = (JSON, JSON_LD, CSV)
CSV_CONTENT_TYPE = "text/csv; charset=utf-8; header=present"

FORMATS_NOTE = (
    "JSON by default; JSON-LD (`Accept: application/ld+json` or `format=jsonld`) and CSV "
    "(`Accept: text/csv` or `format=csv`) on request."
)
"""Said in the description of every route rendered here (``format`` is read by ``negotiate``)."""

LIST_KEYS = ("items", "hits")
"""Keys of wrapper objects whose list is the JSON-LD ``@graph``."""


def _typed(iri: str, datatype: str) -> dict[str, str]:
    return {"@id": iri, "@type": datatype}


ROUTE_CONTEXT: dict[str, Any] = {
    **prefixes(),
    "iri": "@id",
    "types": "@type",
    "label": {"@id": "rdfs:label", "@container": "@language"},
    "administrative_code": "pov:administrativeCode",
    "valid_from": _typed("pov:validFrom", "xsd:date"),
    "valid_to": _typed("pov:validTo", "xsd:date"),
    "part_of": "pov:partOf",
    "predecessors": "pov:predecessor",
    "successors": "pov:successor",
    "number": _typed("pov:projectNumber", "xsd:integer"),
    "parent": "pov:subProjectOf",
    "in_program": {"@reverse": "pov:hasProject"},
    "projects": "pov:hasProject",
    "legal_basis": "pov:legalBasis",
    "indicators": {"@reverse": "skos:broader"},
    "default_unit": "pov:defaultUnit",
    "definition": {"@id": "skos:definition", "@language": "en"},
    "document": "prov:wasDerivedFrom",
    "area": "sdmx-dimension:refArea",
    "indicator": "pov:indicator",
    "value": _typed("pov:value", "xsd:decimal"),
    "value_max": _typed("pov:valueMax", "xsd:decimal"),
    "out_of": _typed("pov:outOf", "xsd:decimal"),
    "unit": "sdmx-attribute:unitMeasure",
    "qualifier": "pov:qualifier",
    "period": "sdmx-dimension:refPeriod",
    "status": "pov:status",
    "dimension": "pov:deprivationDimension",
    "project": "pov:project",
    "program": "pov:program",
    "population_group": "pov:populationGroup",
    "funding_source": "pov:fundingSource",
    "rule": "pov:extractionRule",
    "file_name": "dcterms:identifier",
    "title": {"@id": "dcterms:title", "@language": "vi"},
    "issued": _typed("dcterms:issued", "xsd:date"),
    "subjects": "dcterms:subject",
    "text": "pov:text",
    "measurements": {"@reverse": "prov:wasDerivedFrom"},
}
"""Keys of the route models -> vocabulary terms. Keys not listed (slug, counts...) are plain
JSON conveniences and carry no RDF meaning."""


def json_ld(data: Any) -> dict[str, Any]:
    """The JSON body as JSON-LD: lists become ``@graph``."""
    if isinstance(data, list):
        return {"@context": ROUTE_CONTEXT, "@graph": data}
    for key in LIST_KEYS:
        if isinstance(data, dict) and isinstance(data.get(key), list):
            rest = {k: v for k, v in data.items() if k != key}
            return {"@context": ROUTE_CONTEXT, "@graph": data[key], **rest}
    return {"@context": ROUTE_CONTEXT, **data}


def flatten(item: dict[str, Any]) -> dict[str, str]:
    """One CSV row from one JSON object."""
    row: dict[str, str] = {}
    for key, value in item.items():
        if isinstance(value, dict) and "iri" in value:
            row[key] = _label(value)
            row[f"{key}_iri"] = value["iri"]
        elif isinstance(value, dict):  # a language map
            for lang, text in value.items():
                row[f"{key}_{lang}"] = "" if text is None else str(text)
        elif isinstance(value, list):
            refs = [v for v in value if isinstance(v, dict)]
            row[key] = "; ".join(_label(v) for v in refs) if refs else " ".join(map(str, value))
            if refs:
                row[f"{key}_iri"] = " ".join(v.get("iri", "") for v in refs)
        elif isinstance(value, bool) or value is None:
            row[key] = "" if value is None else str(value).lower()
        else:
            row[key] = str(value)
    return row


def _label(ref: dict[str, Any]) -> str:
    label = ref.get("label") or {}
    return label.get("vi") or label.get("en") or ref.get("slug", "")


def csv_text(items: Sequence[dict[str, Any]]) -> str:
    """CSV of JSON objects: the union of their flattened keys, in order of appearance."""
    rows = [flatten(item) for item in items]
    columns: list[str] = []
    for row in rows:
        columns.extend(c for c in row if c not in columns)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def render(
    request: Request,
    build_id: str,
    model: BaseModel | Sequence[BaseModel],
    *,
    make_csv: Callable[[], str] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """Serialise a route's result in the negotiated format, with an ETag tied to the build.

    ``make_csv`` makes the route's own CSV (only called when CSV is asked for); without it the CSV
    flattens the items (or the one object) of the JSON."""
    chosen = negotiate(request, OFFERS)
    data = (
        [m.model_dump(mode="json") for m in model]
        if isinstance(model, Sequence)
        else model.model_dump(mode="json")
    )
    if chosen is CSV:
        if make_csv is not None:
            body = make_csv().encode("utf-8")
        else:
            body = csv_text(data if isinstance(data, list) else [data]).encode("utf-8")
        content_type = CSV_CONTENT_TYPE
    elif chosen is JSON_LD:
        body = json.dumps(json_ld(data), ensure_ascii=False).encode("utf-8")
        content_type = JSON_LD.media_type
    else:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        content_type = JSON.media_type
    tag = etag(build_id, str(request.url), chosen.key)
    return respond(request, body, content_type, tag, headers)
