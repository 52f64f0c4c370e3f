"""VoID/DCAT statistics of a store, computed once when it is written and kept in ``graph/meta``.

The server describes the dataset (service description, ``/.well-known/void``) on every request;
counting a large store each time would be slow, so the counts are computed by Oxigraph when a
store is built, ingested into or loaded, and stored beside the data. The build id is a hash of
the data itself: the same data gives the same id, so clients' caches survive a rebuild that
changed nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

import pyoxigraph as ox

from graph.config import VOCAB_IRI
from graph.iris import Minter
from graph.namespaces import PREFIXES
from graph.store import META_GRAPH, named_graphs

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
XSD = "http://www.w3.org/2001/XMLSchema#"
DATASET_PATH = "dataset/povkg"


@dataclass(frozen=True)
class Statistics:
    """Counts over the distinct triples of every graph but ``graph/meta``."""

    triples: int
    entities: int  # distinct IRI subjects
    distinct_subjects: int
    distinct_objects: int
    documents: int  # articles (pov:Article)
    classes: tuple[tuple[str, int], ...]  # (class IRI, number of distinct instances)
    properties: tuple[tuple[str, int], ...]  # (property IRI, number of distinct triples)
    content_id: str  # hash of the sorted N-Quads of the data: the build id


_DISTINCT = "{ SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
_COUNTS = f"""
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
WHERE {_DISTINCT}
"""
_ENTITIES = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"
_CLASSES = f"""
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{RDF_TYPE}> ?class }}
GROUP BY ?class ORDER BY ?class
"""
_PROPERTIES = f"SELECT ?p (COUNT(*) AS ?n) WHERE {_DISTINCT} GROUP BY ?p ORDER BY ?p"
_DOCUMENTS = f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?d <{RDF_TYPE}> <{VOCAB_IRI}Article> }}"


def _data_graphs(store: ox.Store, meta: str) -> list[ox.NamedNode | ox.DefaultGraph]:
    return [ox.DefaultGraph(), *(ox.NamedNode(g) for g in named_graphs(store) if g != meta)]


def content_id(store: ox.Store, meta: str) -> str:
    """16 hex digits of SHA-256 over the sorted N-Quads lines of every graph but ``meta``."""
    digest = hashlib.sha256()
    meta_suffix = f"<{meta}> .".encode()
    lines = store.dump(format=ox.RdfFormat.N_QUADS).splitlines()
    for line in sorted(line for line in lines if line and not line.endswith(meta_suffix)):
        digest.update(line)
        digest.update(b"\n")
    return digest.hexdigest()[:16]


def compute_statistics(store: ox.Store, minter: Minter) -> Statistics:
    """Count the store's data with Oxigraph (the union of its graphs, ``graph/meta`` excluded)."""
    meta = str(minter(META_GRAPH))
    graphs = _data_graphs(store, meta)

    def rows(query: str) -> list[ox.QuerySolution]:
        return list(store.query(query, default_graph=graphs))

    counts = rows(_COUNTS)[0]
    return Statistics(
        triples=int(counts["triples"].value),
        entities=int(rows(_ENTITIES)[0]["n"].value),
        distinct_subjects=int(counts["subjects"].value),
        distinct_objects=int(counts["objects"].value),
        documents=int(rows(_DOCUMENTS)[0]["n"].value),
        classes=tuple(
            (r["class"].value, int(r["n"].value))
            for r in rows(_CLASSES)
            if isinstance(r["class"], ox.NamedNode)
        ),
        properties=tuple((r["p"].value, int(r["n"].value)) for r in rows(_PROPERTIES)),
        content_id=content_id(store, meta),
    )


def partition_key(iri: str) -> str:
    """A readable, collision-free IRI segment for a class or property: ``qb-Observation``."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        local = iri[len(str(namespace)) :]
        if iri.startswith(str(namespace)) and local:
            return f"{prefix}-{quote(local, safe='')}"
    return "iri-" + hashlib.sha256(iri.encode()).hexdigest()[:16]


def _vocabularies(stats: Statistics) -> list[str]:
    used = [iri for iri, _ in stats.classes] + [iri for iri, _ in stats.properties]
    namespaces = {str(ns) for ns in PREFIXES.values()}
    return sorted({ns for ns in namespaces for iri in used if iri.startswith(ns)})


def meta_quads(
    stats: Statistics, minter: Minter, created: datetime, sources: list[str]
) -> list[ox.Quad]:
    """The VoID/DCAT description of the dataset and of the build, as quads of ``graph/meta``."""
    graph = ox.NamedNode(str(minter(META_GRAPH)))
    dataset = ox.NamedNode(str(minter(DATASET_PATH)))
    build = ox.NamedNode(str(minter(f"build/{stats.content_id}")))
    quads: list[ox.Quad] = []

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        quads.append(ox.Quad(s, ox.NamedNode(p), o, graph))

    def integer(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))

    add(dataset, RDF_TYPE, ox.NamedNode(VOID + "Dataset"))
    add(dataset, RDF_TYPE, ox.NamedNode(DCAT + "Dataset"))
    for lang, text in (("vi", "Đồ thị tri thức povkg"), ("en", "povkg knowledge graph")):
        add(dataset, RDFS_LABEL, ox.Literal(text, language=lang))
        add(dataset, DCTERMS + "title", ox.Literal(text, language=lang))
    add(dataset, VOID + "uriSpace", ox.Literal(minter.base))
    add(dataset, DCTERMS + "created", _datetime(created))
    for name, value in (
        ("triples", stats.triples),
        ("entities", stats.entities),
        ("distinctSubjects", stats.distinct_subjects),
        ("distinctObjects", stats.distinct_objects),
        ("classes", len(stats.classes)),
        ("properties", len(stats.properties)),
        ("documents", stats.documents),
    ):
        add(dataset, VOID + name, integer(value))
    for vocabulary in _vocabularies(stats):
        add(dataset, VOID + "vocabulary", ox.NamedNode(vocabulary))
    for source in sources:
        add(dataset, DCTERMS + "source", ox.NamedNode(source))
    for kind, partitions, count in (
        ("class", stats.classes, "entities"),
        ("property", stats.properties, "triples"),
    ):
        for iri, n in partitions:
            key = partition_key(iri)
            part = ox.NamedNode(f"{dataset.value}/{kind}/{key}")
            add(dataset, f"{VOID}{kind}Partition", part)
            add(part, RDF_TYPE, ox.NamedNode(VOID + "Dataset"))
            name = iri if key.startswith("iri-") else key.replace("-", ":", 1)
            kind_vi = "lớp" if kind == "class" else "thuộc tính"
            add(part, RDFS_LABEL, ox.Literal(f"Phần dữ liệu theo {kind_vi} {name}", language="vi"))
            add(
                part, RDFS_LABEL, ox.Literal(f"{kind.capitalize()} partition {name}", language="en")
            )
            add(part, VOID + kind, ox.NamedNode(iri))
            add(part, VOID + count, integer(n))
    add(dataset, PROV + "wasGeneratedBy", build)
    add(build, RDF_TYPE, ox.NamedNode(PROV + "Activity"))
    add(build, DCTERMS + "identifier", ox.Literal(stats.content_id))
    add(build, PROV + "endedAtTime", _datetime(created))
    add(build, RDFS_LABEL, ox.Literal(f"Lần dựng {stats.content_id}", language="vi"))
    add(build, RDFS_LABEL, ox.Literal(f"Build {stats.content_id}", language="en"))
    return quads


def _datetime(moment: datetime) -> ox.Literal:
    return ox.Literal(moment.isoformat(timespec="seconds"), datatype=ox.NamedNode(XSD + "dateTime"))


_SOURCES = f"SELECT DISTINCT ?d WHERE {{ ?d <{RDF_TYPE}> <{VOCAB_IRI}Article> }} ORDER BY ?d"


def refresh_meta(store: ox.Store, minter: Minter, created: datetime | None = None) -> Statistics:
    """Replace ``graph/meta`` of ``store`` with fresh statistics; return them."""
    meta = ox.NamedNode(str(minter(META_GRAPH)))
    if store.contains_named_graph(meta):
        store.remove_graph(meta)
    stats = compute_statistics(store, minter)
    graphs = _data_graphs(store, meta.value)
    sources = [row["d"].value for row in store.query(_SOURCES, default_graph=graphs)]
    when = created or datetime.now(UTC)
    store.extend(meta_quads(stats, minter, when, sources))
    return stats
