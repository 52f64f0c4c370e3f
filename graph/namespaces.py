"""RDF namespaces used across povkg (standard vocabularies plus povkg's own ontology)."""

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

from graph.config import VOCAB_IRI

POV = Namespace(VOCAB_IRI)
OA = Namespace("http://www.w3.org/ns/oa#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SH = Namespace("http://www.w3.org/ns/shacl#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, Namespace] = {
    "pov": POV,
    "qb": QB,
    "sdmx-dimension": SDMX_DIMENSION,
    "sdmx-attribute": SDMX_ATTRIBUTE,
    "sdmx-measure": SDMX_MEASURE,
    "skos": SKOS,
    "prov": PROV,
    "oa": OA,
    "dcterms": DCTERMS,
    "dcat": DCAT,
    "void": VOID,
    "schema": SDO,
    "foaf": FOAF,
    "org": ORG,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "time": TIME,
    "sd": SD,
    "sh": SH,
    "wd": WD,
}
"""Prefixes bound in every serialisation and offered to SPARQL users."""
