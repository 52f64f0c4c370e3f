"""The ontology, the SHACL shapes and the JSON-LD context at stable URLs.

``/ontology`` serves the store's ``graph/ontology`` (the vocabulary as built), so every term
``https://w3id.org/povkg/ontology#Term`` resolves there (the HTML page has an anchor per term).
``/shapes`` serves ``ontology/shapes.ttl``, rebased to the configured base like all data.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Request, Response

from api.builds import BuildHolder
from api.linked_data.formats import HTML, RESOURCE_OFFERS, context_document, serialize_triples
from api.linked_data.http import etag, get_and_head, negotiate, respond
from api.linked_data.page import Linker, label_index, node
from api.linked_data.resource import alternates, link_header
from api.linked_data.templating import render
from graph.config import DEFAULT_BASE_IRI, VOCAB_IRI, Settings
from graph.iris import Minter
from graph.prefixes import RDF_TYPE
from graph.store import ONTOLOGY_GRAPH

ONTOLOGY_IRI = VOCAB_IRI.rstrip("#")
CLASS_TYPES = {"http://www.w3.org/2002/07/owl#Class", "http://www.w3.org/2000/01/rdf-schema#Class"}


def ontology_triples(store: ox.Store, minter: Minter) -> list[ox.Triple]:
    """The triples of ``graph/ontology``; the ontology file itself for a store without one."""
    graph = ox.NamedNode(minter.iri(ONTOLOGY_GRAPH))
    triples = {q.triple for q in store.quads_for_pattern(None, None, None, graph)}
    if not triples:
        triples = set(_file_triples("povkg.ttl", minter.base))
    return sorted(triples, key=str)


def shapes_triples(base_iri: str) -> list[ox.Triple]:
    """The SHACL shapes, with data IRIs moved to ``base_iri``."""
    return _file_triples("shapes.ttl", base_iri)


@lru_cache(maxsize=8)
def _file_triples(name: str, base_iri: str) -> list[ox.Triple]:
    source = resources.files("ontology") / name
    if not source.is_file():
        return []
    minter = Minter(base_iri)

    def move(
        term: ox.NamedNode | ox.BlankNode | ox.Literal,
    ) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(term, ox.NamedNode):
            return ox.NamedNode(minter.rebase(term.value, DEFAULT_BASE_IRI))
        return term

    parsed = ox.parse(source.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri=DEFAULT_BASE_IRI)
    return [ox.Triple(move(q.subject), move(q.predicate), move(q.object)) for q in parsed]


def router(settings: Settings, builds: BuildHolder) -> APIRouter:
    api = APIRouter(tags=["linked data"])
    minter = Minter(settings.base_iri)
    offers = {o.media_type: {} for o in RESOURCE_OFFERS}

    @get_and_head(
        api,
        "/ontology",
        summary="The povkg ontology",
        description="Every term `https://w3id.org/povkg/ontology#Term` resolves here: the "
        "vocabulary as built into the store, as Turtle, JSON-LD, N-Triples, RDF/XML or an HTML "
        "page with an anchor per term (by `Accept` or `format=`).",
        response_class=Response,
        responses={200: {"content": offers}},
    )
    def ontology(request: Request) -> Response:
        chosen = negotiate(request, RESOURCE_OFFERS)
        build = builds.of(request)
        items = alternates("/ontology")
        tag = etag(build.build_id, "ontology", chosen.key)
        triples = ontology_triples(build.store, minter)
        if chosen is HTML:
            body = render("ontology.html", **_ontology_view(triples, settings.base_iri, items))
        else:
            body = serialize_triples(triples, chosen)
        return respond(request, body, chosen.content_type, tag, {"Link": link_header(items)})

    @get_and_head(
        api,
        "/shapes",
        summary="The SHACL shapes the graph conforms to",
        description="`ontology/shapes.ttl` with data IRIs under this server's base IRI: Turtle, "
        "JSON-LD, N-Triples, RDF/XML or an HTML page (by `Accept` or `format=`). The build "
        "refuses to publish a graph that does not conform to them.",
        response_class=Response,
        responses={200: {"content": offers}, 404: {}},
    )
    def shapes(request: Request) -> Response:
        triples = shapes_triples(settings.base_iri)
        if not triples:
            raise HTTPException(404, "this deployment has no SHACL shapes")
        chosen = negotiate(request, RESOURCE_OFFERS)
        items = alternates("/shapes")
        tag = etag(builds.of(request).build_id, "shapes", chosen.key)
        turtle = serialize_triples(triples, RESOURCE_OFFERS[0])
        if chosen is HTML:
            body = render(
                "source.html",
                title="SHACL shapes",
                text=turtle.decode("utf-8"),
                formats=items,
                base_iri=settings.base_iri,
            )
        else:
            body = turtle if chosen is RESOURCE_OFFERS[0] else serialize_triples(triples, chosen)
        return respond(request, body, chosen.content_type, tag, {"Link": link_header(items)})

    @api.get(
        "/ontology/context.jsonld",
        summary="The JSON-LD context of povkg data (served locally)",
        description="The prefixes of povkg data; the JSON-LD this server writes refers to this "
        "context only, never to a remote one.",
        response_class=Response,
        responses={200: {"content": {"application/ld+json": {}}}},
    )
    def context(request: Request) -> Response:
        body = context_document()
        return respond(
            request, body, "application/ld+json", etag(builds.of(request).build_id, body)
        )

    return api


def _ontology_view(
    triples: list[ox.Triple], base: str, formats: list[tuple[str, str]]
) -> dict[str, object]:
    linker = Linker(base, label_index(triples))
    types: dict[str, set[str]] = {}
    for t in triples:
        if t.predicate.value == RDF_TYPE and t.subject.value.startswith(VOCAB_IRI):
            types.setdefault(t.subject.value, set()).add(t.object.value)
    terms = sorted(types)
    classes = [node(iri, triples, linker) for iri in terms if types[iri] & CLASS_TYPES]
    properties = [node(iri, triples, linker) for iri in terms if not types[iri] & CLASS_TYPES]
    return {
        "header": node(ONTOLOGY_IRI, triples, linker),
        "classes": classes,
        "property_terms": properties,
        "vocab": VOCAB_IRI,
        "formats": formats,
        "base_iri": base,
    }
