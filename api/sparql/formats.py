"""The result formats the endpoint serves: media types, names for ``format=``, Oxigraph formats.

Tabular results (SELECT, ASK) and graph results (CONSTRUCT, DESCRIBE) have separate offers;
the order of each tuple is the server's preference when a client accepts several equally.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import pyoxigraph as ox


class Kind(Enum):
    TABULAR = "tabular"
    GRAPH = "graph"


@dataclass(frozen=True)
class ResultFormat:
    key: str
    kind: Kind
    media_type: str
    charset: bool
    """Whether the Content-Type carries ``charset=utf-8`` (JSON types define no charset)."""
    aliases: tuple[str, ...]
    """Other media types a client may ask for to get this format."""
    names: tuple[str, ...]
    """Values of the ``format=`` parameter that select this format."""
    w3c_iri: str
    """Identifier in http://www.w3.org/ns/formats/ (used by the service description)."""

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.charset else self.media_type

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)

    def oxigraph(self) -> ox.QueryResultsFormat | ox.RdfFormat:
        return _OXIGRAPH[self.key]


_W3C = "http://www.w3.org/ns/formats/"

TABULAR: tuple[ResultFormat, ...] = (
    ResultFormat(
        "json",
        Kind.TABULAR,
        "application/sparql-results+json",
        False,
        ("application/json",),
        ("json", "srj"),
        _W3C + "SPARQL_Results_JSON",
    ),
    ResultFormat(
        "xml",
        Kind.TABULAR,
        "application/sparql-results+xml",
        True,
        ("application/xml", "text/xml"),
        ("xml", "srx"),
        _W3C + "SPARQL_Results_XML",
    ),
    ResultFormat("csv", Kind.TABULAR, "text/csv", True, (), ("csv",), _W3C + "SPARQL_Results_CSV"),
    ResultFormat(
        "tsv",
        Kind.TABULAR,
        "text/tab-separated-values",
        True,
        (),
        ("tsv",),
        _W3C + "SPARQL_Results_TSV",
    ),
)

GRAPH: tuple[ResultFormat, ...] = (
    ResultFormat(
        "turtle",
        Kind.GRAPH,
        "text/turtle",
        True,
        ("application/x-turtle", "text/n3", "text/rdf+n3"),
        ("turtle", "ttl", "n3"),
        _W3C + "Turtle",
    ),
    ResultFormat(
        "ntriples",
        Kind.GRAPH,
        "application/n-triples",
        True,
        ("text/plain",),
        ("ntriples", "nt", "n-triples"),
        _W3C + "N-Triples",
    ),
    ResultFormat(
        "jsonld",
        Kind.GRAPH,
        "application/ld+json",
        False,
        ("application/json",),
        ("jsonld", "json-ld", "json"),
        _W3C + "JSON-LD",
    ),
    ResultFormat(
        "rdfxml",
        Kind.GRAPH,
        "application/rdf+xml",
        True,
        ("application/xml", "text/xml"),
        ("rdfxml", "rdf+xml", "rdf", "xml"),
        _W3C + "RDF_XML",
    ),
    ResultFormat(
        "nquads",
        Kind.GRAPH,
        "application/n-quads",
        True,
        ("text/x-nquads",),
        ("nquads", "nq", "n-quads"),
        _W3C + "N-Quads",
    ),
    ResultFormat(
        "trig",
        Kind.GRAPH,
        "application/trig",
        True,
        ("application/x-trig",),
        ("trig",),
        _W3C + "TriG",
    ),
)

_OXIGRAPH: dict[str, ox.QueryResultsFormat | ox.RdfFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}

_BY_KEY = {f.key: f for f in (*TABULAR, *GRAPH)}


def by_key(key: str) -> ResultFormat:
    return _BY_KEY[key]


def offers(kind: Kind) -> tuple[ResultFormat, ...]:
    return TABULAR if kind is Kind.TABULAR else GRAPH
