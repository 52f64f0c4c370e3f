"""The ``/sparql`` route: protocol, negotiation, caching headers and responses.

Evaluation happens in the worker pool (``execute``); this module decides what to run and how
to answer. ``/sparql/`` is the same endpoint (the W3C protocol tests address it that way).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from api.sparql import service_description as sd
from api.sparql.execute import Execution, QueryFailed, StreamAborted, WorkerPool
from api.sparql.formats import GRAPH, Kind, ResultFormat, offers
from api.sparql.negotiation import Choice, UnknownFormat, negotiate
from api.sparql.protocol import READ_ONLY_MESSAGE, ProtocolError, QueryRequest, parse_request
from api.sparql.tokens import QUERY_FORMS, analyse
from api.sparql.worker import Job

log = logging.getLogger("povkg.sparql")

PLAIN_TEXT = "text/plain; charset=utf-8"
MAX_CACHED_DESCRIPTIONS = 64


@dataclass
class SparqlEndpoint:
    """Everything the route needs: the store, its build, the limits and the worker pool."""

    store: ox.Store
    build_id: str | None
    meta_graph: str
    prefixes: dict[str, str]
    limits: sd.Limits
    pool: WorkerPool
    _descriptions: dict[tuple[str, str], bytes] = field(default_factory=dict)

    def description(self, endpoint: str, fmt: ResultFormat) -> bytes:
        """The service description, cached (the store is read-only) for a few endpoint URLs:
        the URL comes from the request's Host, so the cache must not grow without bound."""
        key = (endpoint, fmt.key)
        if key not in self._descriptions:
            if len(self._descriptions) >= MAX_CACHED_DESCRIPTIONS:
                self._descriptions.clear()
            void = sd.void_description(self.store, self.meta_graph)
            triples = list(sd.describe(endpoint, self.limits, void, self.store.named_graphs()))
            self._descriptions[key] = sd.serialize(triples, fmt, self.prefixes)
        return self._descriptions[key]


def error(status: int, message: str) -> Response:
    return Response(message + "\n", status, media_type=PLAIN_TEXT, headers={"Vary": "Accept"})


def _etag(*parts: object) -> str:
    digest = hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()
    return f'W/"{digest[:40]}"'


def _not_modified(request: Request, etag: str) -> bool:
    """Weak comparison of ``If-None-Match`` (RFC 9110 section 13.1.2), for GET and HEAD only."""
    if request.method not in ("GET", "HEAD"):
        return False
    header = request.headers.get("if-none-match")
    if header is None:
        return False
    if header.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


def _headers(etag: str | None) -> dict[str, str]:
    headers = {"Vary": "Accept"}
    if etag:
        headers["ETag"] = etag
        headers["Cache-Control"] = "no-cache"
    return headers


def endpoint_url(request: Request) -> str:
    """The endpoint's own URL: the base IRI of relative IRIs in queries and the SD subject."""
    return str(request.url.replace(query="", fragment=""))


def build_router(endpoint: SparqlEndpoint) -> APIRouter:
    router = APIRouter(tags=["SPARQL"])

    async def sparql(request: Request) -> Response:
        try:
            parsed = await parse_request(request, endpoint.limits.max_query_bytes)
        except ProtocolError as failure:
            return error(failure.status, failure.message)
        if parsed.query is None:
            return _service_description(request, endpoint, parsed)
        return await _query(request, endpoint, parsed)

    summary = "SPARQL 1.1 Protocol query endpoint (read-only)"
    description = (
        "GET with `query=`, POST `application/x-www-form-urlencoded` or POST "
        "`application/sparql-query`; `default-graph-uri`/`named-graph-uri` name the dataset. "
        "Results by `Accept` or `format=` (json, xml, csv, tsv; turtle, ntriples, jsonld, "
        "rdfxml, nquads, trig). Without a query, GET returns the service description."
    )
    methods = ["GET", "HEAD", "POST"]
    router.add_api_route(
        "/sparql", sparql, methods=methods, name="sparql", summary=summary, description=description
    )
    router.add_api_route("/sparql/", sparql, methods=methods, include_in_schema=False)
    return router


def _service_description(
    request: Request, endpoint: SparqlEndpoint, parsed: QueryRequest
) -> Response:
    try:
        fmt = negotiate(request.headers.get("accept"), parsed.formats).graph
    except UnknownFormat as failure:
        return error(400, str(failure))
    if fmt is None:
        available = ", ".join(f.media_type for f in GRAPH)
        return error(406, f"the service description is RDF; available: {available}")
    url = endpoint_url(request)
    etag = (
        _etag("service-description", endpoint.build_id, url, fmt.key) if endpoint.build_id else None
    )
    if etag and _not_modified(request, etag):
        return Response(status_code=304, headers=_headers(etag))
    body = endpoint.description(url, fmt)
    return Response(body, media_type=fmt.content_type, headers=_headers(etag))


async def _query(request: Request, endpoint: SparqlEndpoint, parsed: QueryRequest) -> Response:
    assert parsed.query is not None
    info = analyse(parsed.query)
    if info.is_update:
        return error(403, READ_ONLY_MESSAGE)
    if info.uses_service and not endpoint.limits.allow_service:
        return error(
            400,
            "SERVICE (federated query) is refused by this endpoint: it does not fetch data "
            "from other hosts.",
        )
    try:
        choice = negotiate(request.headers.get("accept"), parsed.formats)
    except UnknownFormat as failure:
        return error(400, str(failure))
    unacceptable = _unacceptable(choice, info.form)
    if unacceptable:
        return error(406, unacceptable)
    names_dataset = parsed.names_dataset
    job = Job(
        query=parsed.query,
        base_iri=endpoint_url(request),
        union_default_graph=not names_dataset and not info.names_dataset,
        default_graphs=parsed.default_graph_uris if names_dataset else None,
        named_graphs=parsed.named_graph_uris if names_dataset else None,
        tabular=choice.tabular.key if choice.tabular else None,
        graph=choice.graph.key if choice.graph else None,
    )
    etag = None
    if endpoint.build_id and info.deterministic:
        etag = _etag("query", endpoint.build_id, job.to_json())
        if _not_modified(request, etag):
            return Response(status_code=304, headers=_headers(etag))
    try:
        execution = await endpoint.pool.execute(job, endpoint.limits.query_timeout)
    except QueryFailed as failure:
        return error(failure.status, failure.message)
    return _results(execution, etag)


def _unacceptable(choice: Choice, form: str | None) -> str | None:
    """A 406 message if the client accepts no format for this query form's results."""
    if form not in QUERY_FORMS:
        return None
    kind = Kind.TABULAR if form in ("SELECT", "ASK") else Kind.GRAPH
    if choice.for_kind(kind) is not None:
        return None
    available = ", ".join(f.media_type for f in offers(kind))
    return f"no acceptable media type for {kind.value} results; available: {available}"


def _results(execution: Execution, etag: str | None) -> Response:
    headers = _headers(etag)
    content_type = execution.format.content_type
    if execution.rest is None:
        return Response(execution.head, media_type=content_type, headers=headers)
    return StreamingResponse(
        _chain(execution.head, execution.rest), media_type=content_type, headers=headers
    )


async def _chain(head: bytes, rest: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    yield head
    try:
        async for chunk in rest:
            yield chunk
    except StreamAborted as failure:
        # Raising here makes the server drop the connection before the final chunk, so the
        # client sees an incomplete body instead of a truncated one that looks complete.
        log.warning("aborting a streamed SPARQL response: %s", failure)
        raise
