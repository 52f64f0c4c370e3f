"""How OpenAPI describes ``/sparql``: its parameters and request bodies, with an example query.

The route reads the protocol's parameters itself (``api.sparql.protocol``: repeated
``default-graph-uri``, a query in the URL, a form or a raw body), so FastAPI cannot infer them;
without this description the docs page's "Try it out" could not send a query.
"""

from __future__ import annotations

from typing import Any

from api.sparql.formats import GRAPH, TABULAR
from api.sparql.protocol import FORM, SPARQL_QUERY

EXAMPLE_QUERY = (
    "SELECT ?province ?label WHERE {\n"
    "  ?province a pov:Province ; rdfs:label ?label .\n"
    '  FILTER(lang(?label) = "vi")\n'
    "} ORDER BY ?label LIMIT 10"
)
"""Runs as it is: the endpoint predeclares povkg's prefixes (``pov:``, ``rdfs:``...)."""
EXAMPLE_GRAPH = "https://w3id.org/povkg/id/graph/reference"
FORMAT_NAMES = [f.names[0] for f in (*TABULAR, *GRAPH)]

_QUERY_TEXT = (
    "A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE). povkg's prefixes are predeclared. "
    "Without a query, GET returns the service description (RDF) or, for a browser, the query "
    "page."
)
_DEFAULT_GRAPH_TEXT = (
    "IRI of a graph to merge into the default graph (repeatable). Without it and without "
    "`named-graph-uri`, the default graph is the union of all graphs."
)
_NAMED_GRAPH_TEXT = "IRI of a graph the query may name with `GRAPH` (repeatable)."
_FORMAT_TEXT = "Result format by name, instead of `Accept`."


def _parameter(name: str, description: str, schema: dict[str, Any], example: Any) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        "example": example,
    }


def _iri_list() -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string", "format": "uri"}}


def _url_parameters(with_query: bool) -> list[dict[str, Any]]:
    """The protocol's URL parameters; a POST may give them in the URL as well as the body."""
    found = [
        _parameter("default-graph-uri", _DEFAULT_GRAPH_TEXT, _iri_list(), [EXAMPLE_GRAPH]),
        _parameter("named-graph-uri", _NAMED_GRAPH_TEXT, _iri_list(), [EXAMPLE_GRAPH]),
        _parameter("format", _FORMAT_TEXT, {"type": "string", "enum": FORMAT_NAMES}, "json"),
    ]
    for item in found[:2]:
        item.update(style="form", explode=True)
    if with_query:
        query = _parameter("query", _QUERY_TEXT, {"type": "string"}, EXAMPLE_QUERY)
        found.insert(0, query)
    return found


_FORM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["query"],
    "properties": {
        "query": {"type": "string", "description": _QUERY_TEXT, "example": EXAMPLE_QUERY},
        "default-graph-uri": {**_iri_list(), "description": _DEFAULT_GRAPH_TEXT},
        "named-graph-uri": {**_iri_list(), "description": _NAMED_GRAPH_TEXT},
        "format": {"type": "string", "enum": FORMAT_NAMES, "description": _FORMAT_TEXT},
    },
}

GET_OPENAPI: dict[str, Any] = {"parameters": _url_parameters(with_query=True)}
"""``openapi_extra`` of ``GET /sparql``."""

POST_OPENAPI: dict[str, Any] = {
    "parameters": _url_parameters(with_query=False),
    "requestBody": {
        "required": True,
        "description": (
            f"The query as a form (`{FORM}`, SPARQL 1.1 Protocol 2.1.2) or as the body itself "
            f"(`{SPARQL_QUERY}`, 2.1.3; the dataset then goes in the URL)."
        ),
        "content": {
            FORM: {"schema": _FORM_SCHEMA, "example": {"query": EXAMPLE_QUERY}},
            SPARQL_QUERY: {"schema": {"type": "string"}, "example": EXAMPLE_QUERY},
        },
    },
}
"""``openapi_extra`` of ``POST /sparql``."""

RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Results (SELECT/ASK: tabular formats; CONSTRUCT/DESCRIBE: RDF formats)",
        "content": {f.media_type: {} for f in (*TABULAR, *GRAPH)},
    },
    400: {"description": "Malformed query (the parser's message, plain text)"},
    403: {"description": "SPARQL Update: this endpoint is read-only"},
    406: {"description": "No acceptable media type for this query's results"},
    413: {"description": "Query over the size limit"},
    503: {"description": "The query ran past the time limit, or no worker became free"},
}
