"""The HTML page a browser gets at ``GET /sparql`` without a query: a query form, example
researcher queries that run on the povkg graph, and links to the service description, the API
docs and the dumps. Everything it needs is served by this application (no remote script)."""

from __future__ import annotations

from api.sparql.examples import EXAMPLES
from api.sparql.formats import GRAPH, TABULAR, Kind, ResultFormat
from api.sparql.service_description import Limits

PAGE = ResultFormat(
    "html", Kind.GRAPH, "text/html", True, ("application/xhtml+xml",), ("html",), ""
)
"""Offered beside the service description's RDF formats, after them: ``*/*`` still gets Turtle,
a browser (``text/html`` first in its ``Accept``) gets the page."""

_LABELS = {
    "json": "SPARQL JSON (JSON-LD for graphs)",
    "xml": "SPARQL XML (RDF/XML for graphs)",
    "csv": "CSV",
    "tsv": "TSV",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF/XML",
    "nquads": "N-Quads",
    "trig": "TriG",
}

DEFAULT_QUERY = """PREFIX pov: <https://w3id.org/povkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?indicator (COUNT(?m) AS ?measurements) WHERE {
  ?m a pov:Measurement ; pov:indicator/skos:prefLabel ?indicator .
  FILTER(lang(?indicator) = "en")
}
GROUP BY ?indicator
ORDER BY DESC(?measurements) ?indicator
"""


def format_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """``format=`` values for the selector, by the kind of query they serve."""
    return [
        ("SELECT / ASK", [(f.names[0], _LABELS[f.key]) for f in TABULAR]),
        ("CONSTRUCT / DESCRIBE", [(f.names[0], _LABELS[f.key]) for f in GRAPH]),
    ]


def render_page(endpoint: str, base_iri: str, limits: Limits) -> bytes:
    from api.linked_data.templating import render  # Jinja2 loads when a page is first asked for

    examples = []
    for example in EXAMPLES:
        text = example.query(base_iri)
        examples.append(
            {
                "key": example.key,
                "title_vi": example.title_vi,
                "title_en": example.title_en,
                "description": example.description,
                "text": text,
                "rows": text.count("\n") + 1,
            }
        )
    return render(
        "sparql.html",
        endpoint=endpoint,
        limits=limits,
        default_query=DEFAULT_QUERY,
        examples=examples,
        format_groups=format_groups(),
        base_iri=base_iri,
    )
