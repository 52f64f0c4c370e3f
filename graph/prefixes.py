"""povkg's prefix table: the one list of namespaces bound in every serialisation and offered to
SPARQL users.

Plain strings, so that the server (which never loads rdflib) can use it; ``graph.namespaces``
builds its rdflib ``Namespace`` objects from this same table.
"""

from __future__ import annotations

from graph.config import VOCAB_IRI

PREFIX_IRIS: dict[str, str] = {
    "pov": VOCAB_IRI,
    "qb": "http://purl.org/linked-data/cube#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "time": "http://www.w3.org/2006/time#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": "http://www.wikidata.org/entity/",
}
"""Prefix -> namespace IRI."""

RDF_TYPE = PREFIX_IRIS["rdf"] + "type"
RDFS_LABEL = PREFIX_IRIS["rdfs"] + "label"
SKOS_PREF_LABEL = PREFIX_IRIS["skos"] + "prefLabel"
