"""A small povkg-shaped store for the endpoint tests, made with pyoxigraph directly.

Named graphs as the build makes them (reference data, one article, ``graph/meta`` with VoID
statistics) plus a bulk graph large enough that results are streamed in several chunks.
"""

from __future__ import annotations

import pyoxigraph as ox

BASE = "https://w3id.org/povkg/id/"
POV = "https://w3id.org/povkg/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
VOID = "http://rdfs.org/ns/void#"
XSD = "http://www.w3.org/2001/XMLSchema#"
REF_AREA = ox.NamedNode("http://purl.org/linked-data/sdmx/2009/dimension#refArea")

G_REFERENCE = BASE + "graph/reference"
G_DOCUMENT = BASE + "graph/document/000-a1a3ac5b4d469efe"
G_META = BASE + "graph/meta"
G_BULK = BASE + "graph/document/bulk"
BAC_NINH = BASE + "province/bac-ninh"
CAO_BANG = BASE + "province/cao-bang"
MEASUREMENT = BASE + "measurement/000-a1a3ac5b4d469efe/84-105"
BULK_ITEMS = 3000


def n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=n(XSD + "integer"))


def quads() -> list[ox.Quad]:
    ref, doc, meta, bulk = n(G_REFERENCE), n(G_DOCUMENT), n(G_META), n(G_BULK)
    data = [
        ox.Quad(n(BAC_NINH), RDF_TYPE, n(POV + "Province"), ref),
        ox.Quad(n(BAC_NINH), LABEL, ox.Literal("Bắc Ninh", language="vi"), ref),
        ox.Quad(n(BAC_NINH), LABEL, ox.Literal("Bac Ninh", language="en"), ref),
        ox.Quad(n(CAO_BANG), RDF_TYPE, n(POV + "Province"), ref),
        ox.Quad(n(CAO_BANG), LABEL, ox.Literal("Cao Bằng", language="vi"), ref),
        ox.Quad(n(MEASUREMENT), RDF_TYPE, n(POV + "Measurement"), doc),
        ox.Quad(n(MEASUREMENT), REF_AREA, n(BAC_NINH), doc),
        ox.Quad(
            n(MEASUREMENT), n(POV + "value"), ox.Literal("28484", datatype=n(XSD + "decimal")), doc
        ),
        ox.Quad(
            n(MEASUREMENT),
            LABEL,
            ox.Literal("Hộ nghèo — Bắc Ninh — 2021: 28484", language="vi"),
            doc,
        ),
    ]
    dataset = n(BASE + "dataset/povkg")
    provinces = n(BASE + "dataset/povkg/class/province")
    labels = n(BASE + "dataset/povkg/property/label")
    data += [
        ox.Quad(dataset, RDF_TYPE, n(VOID + "Dataset"), meta),
        ox.Quad(dataset, n(VOID + "triples"), _integer(9 + BULK_ITEMS), meta),
        ox.Quad(dataset, n(VOID + "classPartition"), provinces, meta),
        ox.Quad(provinces, n(VOID + "class"), n(POV + "Province"), meta),
        ox.Quad(provinces, n(VOID + "entities"), _integer(2), meta),
        ox.Quad(dataset, n(VOID + "propertyPartition"), labels, meta),
        ox.Quad(labels, n(VOID + "property"), LABEL, meta),
        ox.Quad(labels, n(VOID + "triples"), _integer(4 + BULK_ITEMS), meta),
    ]
    data += [
        ox.Quad(n(f"{BASE}item/{i:05d}"), LABEL, ox.Literal(f"mục {i}", language="vi"), bulk)
        for i in range(BULK_ITEMS)
    ]
    return data
