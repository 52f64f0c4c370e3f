"""The ``/sparql`` route: protocol, negotiation, caching headers and responses.

Evaluation happens in the worker pool of the request's build (``execute``, ``api.builds``); this
module decides what to run and how to answer. ``/sparql/`` is the same endpoint (the W3C
protocol tests address it that way). Without a query, a browser gets the HTML query page and
any other client the service description.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from api.builds import Build, BuildHolder
from api.sparql import service_description as sd
from api.sparql.execute import BuildReplaced, Execution, QueryFailed, StreamAborted
from api.sparql.formats import GRAPH, Kind, ResultFormat, offers
from api.sparql.negotiation import (
    Choice,
    UnknownFormat,
    choose,
    choose_by_name,
    known_format_name,
    negotiate,
    parse_accept,
)
from api.sparql.openapi import GET_OPENAPI, POST_OPENAPI, RESPONSES
from api.sparql.page import PAGE, render_page
from api.sparql.protocol import READ_ONLY_MESSAGE, ProtocolError, QueryRequest, parse_request
from api.sparql.worker import Job
from graph.sparql_tokens import QUERY_FORMS, analyse

log = logging.getLogger("povkg.sparql")

PLAIN_TEXT = "text/plain; charset=utf-8"
MAX_CACHED_DESCRIPTIONS = 64


@dataclass
class SparqlEndpoint:
    """Everything the route needs: the builds being served, the prefixes and the limits."""

    builds: BuildHolder
    base_iri: str
    prefixes: dict[str, str]
    limits: sd.Limits
    _pages: dict[str, bytes] = field(default_factory=dict)

    @property
    def meta_graph(self) -> str:
        return self.base_iri + "graph/meta"

    def description(self, build: Build, endpoint: str, fmt: ResultFormat) -> bytes:
        """The service description of one build, cached with the build for a few endpoint URLs:
        the URL comes from the request's Host, so the cache must not grow without bound."""
        cache: dict[tuple[str, str], bytes] = build.memo("sparql-descriptions", dict)
        key = (endpoint, fmt.key)
        if key not in cache:
            if len(cache) >= MAX_CACHED_DESCRIPTIONS:
                cache.clear()
            void = sd.void_description(build.store, self.meta_graph)
            triples = list(sd.describe(endpoint, self.limits, void, build.store.named_graphs()))
            cache[key] = sd.serialize(triples, fmt, self.prefixes)
        return cache[key]

    def page(self, endpoint: str) -> bytes:
        """The HTML query page (it does not depend on the build)."""
        if endpoint not in self._pages:
            if len(self._pages) >= MAX_CACHED_DESCRIPTIONS:
                self._pages.clear()
            self._pages[endpoint] = render_page(endpoint, self.base_iri, self.limits)
        return self._pages[endpoint]


def error(status: int, message: str, retry_after: int | None = None) -> Response:
    headers = {"Vary": "Accept"}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return Response(message + "\n", status, media_type=PLAIN_TEXT, headers=headers)


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
    for method, extra in (("GET", GET_OPENAPI), ("POST", POST_OPENAPI)):
        router.add_api_route(
            "/sparql",
            sparql,
            methods=[method],
            name=f"sparql_{method.lower()}",
            summary=summary,
            description=description,
            response_class=Response,
            responses=RESPONSES,
            openapi_extra=extra,
        )
    # HEAD is the same handler; OpenAPI lists it once, as GET
    router.add_api_route("/sparql", sparql, methods=["HEAD"], include_in_schema=False)
    router.add_api_route(
        "/sparql/", sparql, methods=["GET", "HEAD", "POST"], include_in_schema=False
    )
    return router


DESCRIPTION_OFFERS = (*GRAPH, PAGE)


def _description_format(accept: str | None, names: tuple[str, ...]) -> ResultFormat | None:
    """The RDF format of the service description, or ``PAGE`` for a browser (``format=html``
    or ``text/html`` preferred in ``Accept``); ``None`` for a ``406``."""
    values = [v for v in names if v.strip()]
    if values:
        if not any(known_format_name(v) or v.strip().lower() == "html" for v in values):
            raise UnknownFormat(
                f"unknown format {values[0]!r}; use one of "
                + ", ".join(f.names[0] for f in DESCRIPTION_OFFERS)
            )
        return choose_by_name(values, DESCRIPTION_OFFERS)
    return choose(parse_accept(accept), DESCRIPTION_OFFERS)


def _service_description(
    request: Request, endpoint: SparqlEndpoint, parsed: QueryRequest
) -> Response:
    try:
        fmt = _description_format(request.headers.get("accept"), parsed.formats)
    except UnknownFormat as failure:
        return error(400, str(failure))
    if fmt is None:
        available = ", ".join(f.media_type for f in DESCRIPTION_OFFERS)
        return error(406, f"the service description is RDF or an HTML page; available: {available}")
    url = endpoint_url(request)
    if fmt is PAGE:
        return Response(endpoint.page(url), media_type=PAGE.content_type, headers=_headers(None))
    build = endpoint.builds.of(request)
    etag = _etag("service-description", build.build_id, url, fmt.key)
    if _not_modified(request, etag):
        return Response(status_code=304, headers=_headers(etag))
    body = endpoint.description(build, url, fmt)
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
    try:
        return await _run(request, endpoint, endpoint.builds.of(request), job, info.deterministic)
    except BuildReplaced:
        # The build's workers are gone and nothing of it was used yet: move to the new build.
        build = await endpoint.builds.renew(request)
    try:
        return await _run(request, endpoint, build, job, info.deterministic)
    except BuildReplaced as failure:  # rebuilt again meanwhile
        return error(failure.status, failure.message, retry_after=1)


async def _run(
    request: Request, endpoint: SparqlEndpoint, build: Build, job: Job, deterministic: bool
) -> Response:
    """Answer ``job`` from ``build`` (``BuildReplaced`` if its workers are gone)."""
    etag = _etag("query", build.build_id, job.to_json()) if deterministic else None
    if etag and _not_modified(request, etag):
        return Response(status_code=304, headers=_headers(etag))
    if build.pool is None:
        return error(503, "this server runs no query workers")
    try:
        execution = await build.pool.execute(job, endpoint.limits.query_timeout)
    except BuildReplaced:
        raise
    except QueryFailed as failure:
        return error(failure.status, failure.message)
    return _results(execution, etag, f"{request.method} {request.url.path}")


def _unacceptable(choice: Choice, form: str | None) -> str | None:
    """A 406 message if the client accepts no format for this query form's results."""
    if form not in QUERY_FORMS:
        return None
    kind = Kind.TABULAR if form in ("SELECT", "ASK") else Kind.GRAPH
    if choice.for_kind(kind) is not None:
        return None
    available = ", ".join(f.media_type for f in offers(kind))
    return f"no acceptable media type for {kind.value} results; available: {available}"


def _results(execution: Execution, etag: str | None, request_line: str) -> Response:
    headers = _headers(etag)
    content_type = execution.format.content_type
    if execution.rest is None:
        return Response(execution.head, media_type=content_type, headers=headers)
    return StreamingResponse(
        _chain(execution.head, execution.rest, request_line),
        media_type=content_type,
        headers=headers,
    )


async def _chain(
    head: bytes, rest: AsyncIterator[bytes], request_line: str
) -> AsyncIterator[bytes]:
    sent = len(head)
    yield head
    try:
        async for chunk in rest:
            sent += len(chunk)
            yield chunk
    except StreamAborted as failure:
        # Raising here makes the server drop the connection before the final chunk, so the
        # client sees an incomplete body instead of a truncated one that looks complete. The
        # status line (200) went out with the first bytes; this line says what happened next,
        # and AbortedStreamFilter keeps the ASGI server from adding a traceback.
        log.warning(
            "%s: results aborted after %d bytes were sent (status 200): %s",
            request_line,
            sent,
            failure,
        )
        raise


def is_aborted_stream(error: BaseException | None) -> bool:
    """Whether ``error`` is (only) a deliberate abort of a streamed result."""
    if isinstance(error, StreamAborted):
        return True
    if isinstance(error, BaseExceptionGroup):
        return error.split(StreamAborted)[1] is None
    return False


class AbortedStreamFilter(logging.Filter):
    """Drops the ASGI server's "Exception in ASGI application" record (with its traceback) for
    a stream aborted on purpose: ``_chain`` has logged the reason in one warning line. Any other
    exception is logged as before."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not is_aborted_stream(error)


ABORTED_STREAM_FILTER = AbortedStreamFilter()
"""Installed by ``api.app`` on the ``uvicorn.error`` logger."""
