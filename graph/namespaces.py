"""RDF namespaces as rdflib ``Namespace`` objects, for code that builds graphs.

The namespace IRIs themselves are ``graph.prefixes.PREFIX_IRIS`` (the one prefix table); this
module only wraps them for rdflib. The standard namespaces rdflib already names (``SKOS``,
``PROV``...) are re-exported from ``rdflib.namespace``; a test checks they agree with the table.
"""

from rdflib import Namespace
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    VOID,
    XSD,
)

from graph.prefixes import PREFIX_IRIS

PREFIXES: dict[str, Namespace] = {p: Namespace(iri) for p, iri in PREFIX_IRIS.items()}
"""Prefixes bound in every serialisation and offered to SPARQL users (rdflib form)."""

POV = PREFIXES["pov"]
OA = PREFIXES["oa"]
SDMX_DIMENSION = PREFIXES["sdmx-dimension"]
SDMX_ATTRIBUTE = PREFIXES["sdmx-attribute"]
SDMX_MEASURE = PREFIXES["sdmx-measure"]
SD = PREFIXES["sd"]
SH = PREFIXES["sh"]
WD = PREFIXES["wd"]

__all__ = [
    "DCAT", "DCTERMS", "FOAF", "OA", "ORG", "OWL", "POV", "PREFIXES", "PROV", "QB", "RDF", "RDFS",
    "SD", "SDMX_ATTRIBUTE", "SDMX_DIMENSION", "SDMX_MEASURE", "SDO", "SH", "SKOS", "TIME", "VOID",
    "WD", "XSD",
]  # fmt: skip
