"""Dereferencing: ``GET {mount}{path}`` describes the IRI ``{base}{path}`` by content negotiation.

The mount path is the path of the configured base IRI (``https://w3id.org/povkg/id/`` ->
``/id/``), so a server started with ``--base-iri http://127.0.0.1:8000/id/`` serves its own IRIs
literally. Unknown IRIs are ``404``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import quote

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Path, Request, Response

from api.builds import BuildHolder
from api.linked_data import describe as store_queries
from api.linked_data.formats import HTML, RESOURCE_OFFERS, serialize_triples
from api.linked_data.http import etag, get_and_head, negotiate, respond
from api.linked_data.page import (
    Link,
    Linker,
    Node,
    ResourcePage,
    Row,
    Value,
    label_index,
    mount_path,
    node,
)
from api.linked_data.quote import article_range, quote_in_context, segments
from api.linked_data.templating import render
from api.sparql.formats import ResultFormat
from graph.config import VOCAB_IRI, Settings

POV_TEXT = VOCAB_IRI + "text"
OWNING = frozenset(store_queries.OWNING_IRIS)
GRAPH_SUBJECT_LIMIT = 1000
TEXT_ANCHOR = "document-text"
"""The id of the section that shows an article's text with its facts highlighted."""


def alternates(
    href: str, offers: Sequence[ResultFormat] = RESOURCE_OFFERS
) -> list[tuple[str, str]]:
    """(media type, link) of each representation, for the page and the ``Link`` header."""
    return [(offer.media_type, f"{href}?format={offer.names[0]}") for offer in offers]


def link_header(items: list[tuple[str, str]]) -> str:
    return ", ".join(f'<{href}>; rel="alternate"; type="{media}"' for media, href in items)


def router(settings: Settings, builds: BuildHolder) -> APIRouter:
    """The dereferencing route for data IRIs, mounted at the base IRI's path."""
    base = settings.base_iri
    mount = mount_path(base)
    api = APIRouter(tags=["linked data"])
    if base.endswith("#"):
        return api  # IRIs that differ only by fragment cannot be told apart by an HTTP server

    @get_and_head(
        api,
        mount + "{path:path}",
        summary="Dereference a povkg IRI",
        description=(
            f"Describes the resource `{base}{{path}}`: Turtle, JSON-LD, N-Triples, RDF/XML or "
            "HTML by `Accept` or `format=`. Unknown IRIs are 404."
        ),
        response_class=Response,
        responses={200: {"content": {o.media_type: {} for o in RESOURCE_OFFERS}}, 404: {}},
    )
    def dereference(
        request: Request,
        path: str = Path(examples=["province/bac-ninh", "indicator/poor-households"]),
    ) -> Response:
        iri = base + path
        build = builds.of(request)
        store = build.store
        try:
            subject = ox.NamedNode(iri)
        except ValueError:
            raise HTTPException(404, f"no resource {iri!r} in this graph") from None
        if not path or not store_queries.exists(store, subject):
            raise HTTPException(404, f"no resource {iri!r} in this graph")
        chosen = negotiate(request, RESOURCE_OFFERS)
        href = mount + quote(path)
        items = alternates(href)
        tag = etag(build.build_id, iri, chosen.key)
        headers = {"Link": link_header(items)}
        if chosen is HTML:
            body = render(
                "resource.html", page=resource_page(store, subject, base, items), base_iri=base
            )
        else:
            body = serialize_triples(store_queries.describe(store, subject), chosen)
        return respond(request, body, chosen.content_type, tag, headers)

    return api


def resource_page(
    store: ox.Store, subject: ox.NamedNode, base: str, formats: list[tuple[str, str]]
) -> ResourcePage:
    """Everything the HTML page of ``subject`` shows."""
    triples = store_queries.describe(store, subject)
    pairs, total = store_queries.incoming(store, subject)
    labels = label_index(triples, store_queries.incoming_labels(store, subject))
    linker = Linker(base, labels)
    iri = subject.value
    page = ResourcePage(subject=node(iri, triples, linker), formats=formats)
    page.owned = [node(n, triples, linker) for n in _owned(iri, triples)]
    page.incoming = [(linker.link(s), linker.link(p)) for s, p in pairs]
    page.incoming_total = total
    if store.contains_named_graph(subject):
        subjects = sorted({t.subject.value for t in triples if t.subject.value != iri})
        page.graph_subjects = [linker.link(s) for s in subjects[:GRAPH_SUBJECT_LIMIT]]
    evidence = store_queries.evidence(store, subject)
    if evidence is not None and evidence.text is not None:
        try:
            bounds = article_range(evidence.text, evidence.start, evidence.end)
            page.quote = quote_in_context(evidence.text, evidence.start, evidence.end, bounds)
        except ValueError:
            page.quote = None
        page.quote_mismatch = evidence.text[evidence.start : evidence.end] != evidence.exact
        page.quote_document = linker.link(evidence.document)
    text = next(
        (t.object.value for t in triples if t.subject == subject and t.predicate.value == POV_TEXT),
        None,
    )
    if text is not None:
        found = store_queries.spans(store, subject)
        cut = segments(text, [(s.start, s.end, s.measurement) for s in found])
        page.text_segments = [(seg, linker.link(seg.link) if seg.link else None) for seg in cut]
        if page.text_segments:
            page.subject = _text_points_below(page.subject)
    return page


def _text_points_below(subject: Node) -> Node:
    """The subject with its ``pov:text`` value replaced by a link to the highlighted copy
    further down the page: an article's full text is shown once."""
    pointer = Value(
        link=Link(POV_TEXT, f"#{TEXT_ANCHOR}", "shown below, with the extracted facts highlighted")
    )
    rows = tuple(
        Row(row.predicate, (pointer,)) if row.predicate.iri == POV_TEXT else row
        for row in subject.rows
    )
    return replace(subject, rows=rows)


def _owned(iri: str, triples: Sequence[ox.Triple]) -> list[str]:
    """Nodes reached from ``iri`` through evidence links, in breadth-first order."""
    seen, queue, order = {iri}, deque([iri]), []
    while queue:
        current = queue.popleft()
        for t in triples:
            target = t.object.value if isinstance(t.object, ox.NamedNode) else None
            if (
                target
                and t.subject.value == current
                and t.predicate.value in OWNING
                and target not in seen
            ):
                seen.add(target)
                queue.append(target)
                order.append(target)
    return order
