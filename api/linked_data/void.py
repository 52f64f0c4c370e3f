"""``/.well-known/void``: the VoID/DCAT description of the dataset.

The statistics (triples, classes, properties, partitions, sources, build) were computed when the
store was built and kept in ``graph/meta`` (graph.void); this route adds what only the running
server knows: its SPARQL endpoint, its dumps and the licence, then serves it by negotiation.
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response

from api.builds import BuildHolder
from api.dumps.files import DUMP_FORMATS, dump_name
from api.linked_data.formats import HTML, RESOURCE_OFFERS, serialize_triples
from api.linked_data.http import etag, get_and_head, negotiate, respond
from api.linked_data.page import Linker, ResourcePage, label_index, node
from api.linked_data.resource import alternates, link_header
from api.linked_data.templating import render
from graph.config import VOCAB_IRI, Settings
from graph.iris import Minter
from graph.prefixes import PREFIX_IRIS, RDF_TYPE
from graph.store import META_GRAPH

VOID, DCAT, DCTERMS = (PREFIX_IRIS[p] for p in ("void", "dcat", "dcterms"))
IANA = "https://www.iana.org/assignments/media-types/"

_LICENCE = "SELECT ?r ?licence WHERE { ?r <http://purl.org/dc/terms/license> ?licence }"


def void_triples(store: ox.Store, minter: Minter, server: str) -> list[ox.Triple]:
    """The stored description of the dataset plus its endpoint, dumps and licence."""
    from graph.void import DATASET_PATH  # graph.void needs rdflib: load it on first use

    meta = ox.NamedNode(minter.iri(META_GRAPH))
    dataset = ox.NamedNode(minter.iri(DATASET_PATH))
    triples = {q.triple for q in store.quads_for_pattern(None, None, None, meta)}

    def add(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        triples.add(ox.Triple(s, ox.NamedNode(p), o))

    add(dataset, RDF_TYPE, ox.NamedNode(VOID + "Dataset"))
    add(dataset, RDF_TYPE, ox.NamedNode(DCAT + "Dataset"))
    endpoint = ox.NamedNode(server + "sparql")
    add(dataset, VOID + "sparqlEndpoint", endpoint)
    add(endpoint, RDF_TYPE, ox.NamedNode(DCAT + "DataService"))
    add(endpoint, DCAT + "endpointURL", endpoint)
    add(endpoint, DCAT + "servesDataset", dataset)
    add(dataset, VOID + "uriSpace", ox.Literal(minter.base))
    add(dataset, VOID + "exampleResource", ox.NamedNode(minter.iri("province/bac-ninh")))
    add(dataset, VOID + "vocabulary", ox.NamedNode("https://w3id.org/povkg/ontology#"))
    for fmt in DUMP_FORMATS:
        url = ox.NamedNode(f"{server}dumps/{dump_name(fmt)}")
        add(dataset, VOID + "dataDump", url)
        add(dataset, DCAT + "distribution", url)
        add(url, RDF_TYPE, ox.NamedNode(DCAT + "Distribution"))
        add(url, DCAT + "downloadURL", url)
        add(url, DCAT + "mediaType", ox.NamedNode(IANA + fmt.media_type))
        add(url, DCTERMS + "format", ox.Literal(fmt.media_type))
    for holder in (minter.iri("dataset/measurements"), VOCAB_IRI.rstrip("#")):
        bound = {ox.Variable("r"): ox.NamedNode(holder)}
        rows = list(store.query(_LICENCE, use_default_graph_as_union=True, substitutions=bound))
        for row in rows:
            add(dataset, DCTERMS + "license", row["licence"])
        if rows:
            break
    return sorted(triples, key=str)


def router(settings: Settings, builds: BuildHolder) -> APIRouter:
    api = APIRouter(tags=["linked data"])
    minter = Minter(settings.base_iri)

    @get_and_head(
        api,
        "/.well-known/void",
        summary="VoID/DCAT description of the dataset",
        description="Triples, classes, properties, licence, sources, SPARQL endpoint and dumps.",
        response_class=Response,
        responses={200: {"content": {o.media_type: {} for o in RESOURCE_OFFERS}}},
    )
    def void(request: Request) -> Response:
        chosen = negotiate(request, RESOURCE_OFFERS)
        build = builds.of(request)
        server = str(request.base_url)
        items = alternates("/.well-known/void")
        tag = etag(build.build_id, "void", server, chosen.key)
        triples = void_triples(build.store, minter, server)
        if chosen is HTML:
            from graph.void import DATASET_PATH

            linker = Linker(settings.base_iri, label_index(triples))
            subject = node(minter.iri(DATASET_PATH), triples, linker)
            page = ResourcePage(subject=subject, formats=items)
            body = render("resource.html", page=page, base_iri=settings.base_iri)
        else:
            body = serialize_triples(triples, chosen)
        return respond(request, body, chosen.content_type, tag, {"Link": link_header(items)})

    return api
