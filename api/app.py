"""The FastAPI application: one read-only store, the SPARQL router, shared HTTP behaviour.

Routers for linked data and convenience routes are added beside the SPARQL one; each request
reads the build it holds (``api.builds``: the server follows the store across rebuilds). Every
JSON error has one shape (``api.errors``). CORS lets any origin read (without credentials) and
large responses are gzipped. HEAD is answered wherever GET is (RFC 9110 9.3.2): a route without
a HEAD of its own is run as GET and its body dropped (``HeadFromGet``), so OpenAPI lists each
operation once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import dumps, errors, linked_data, routes
from api.builds import BuildHolder, LeaseMiddleware
from api.builds import read_build_id as read_build_id  # re-exported: it used to live here
from api.sparql.execute import WorkerPool
from api.sparql.router import ABORTED_STREAM_FILTER, SparqlEndpoint, build_router
from api.sparql.service_description import Limits
from graph.config import Settings
from graph.prefixes import PREFIX_IRIS
from graph.snapshot import StoreIdentity

DEFAULT_MAX_QUERY_BYTES = 64 * 1024


def default_workers() -> int:
    """One query worker per CPU, plus one. A running query keeps one core busy; the extra worker
    lets a quick query start at once beside as many slow ones as there are cores (measured on 2
    cores: an ASK beside two slow queries took 5.6 s with 2 workers, 0.08 s with 3; throughput of
    eight concurrent queries was the same within noise). Workers open the store read-only."""
    return (os.cpu_count() or 1) + 1


GZIP_MINIMUM_BYTES = 1024


class HeadFromGet:
    """Serve ``HEAD`` through the ``GET`` handler of a route that declares no ``HEAD``.

    The handler sees a ``GET`` (same negotiation, ETag, length and compression, since this layer
    sits outside gzip); only the body is dropped on the way out. Routes that implement ``HEAD``
    themselves (SPARQL, dereferencing, dumps, ontology, VoID) are left alone, and a path with no
    ``GET`` either keeps its ``404``/``405``.
    """

    def __init__(self, app: ASGIApp, routes: list[BaseRoute]) -> None:
        self.app = app
        self.routes = routes

    def _matches(self, scope: Scope) -> bool:
        return any(route.matches(scope)[0] is Match.FULL for route in self.routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD" or self._matches(scope):
            await self.app(scope, receive, send)
            return
        as_get = {**scope, "method": "GET"}  # a copy: the server still knows it answers a HEAD
        if not self._matches(as_get):
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app(as_get, receive, headers_only)


def create_app(
    settings: Settings,
    *,
    query_timeout: float = 30.0,
    max_query_bytes: int = DEFAULT_MAX_QUERY_BYTES,
    allow_service: bool = False,
    workers: int | None = None,
) -> FastAPI:
    """Build the application over the store in ``settings.store``.

    Raises ``graph.store.StoreNotFoundError`` if there is no store there (``povkg serve``
    builds one from the seeds first).
    """
    if query_timeout <= 0:
        raise ValueError("query_timeout must be positive")
    if max_query_bytes <= 0:
        raise ValueError("max_query_bytes must be positive")
    prefixes = dict(PREFIX_IRIS)
    size = workers if workers is not None else default_workers()
    if size < 1:
        raise ValueError("the query worker pool needs at least one worker")

    def make_pool(identity: StoreIdentity) -> WorkerPool:
        return WorkerPool(str(settings.store), size, prefixes, identity)

    # Opens the store (the server never writes) and settles the base IRI: the one asked for,
    # which must be the store's, or else the store's own (graph.store.reading_base).
    asked = settings.base_iri if settings.base_given else None
    builds = BuildHolder(settings.store, make_pool, base_iri=asked)
    settings = replace(settings, base_iri=builds.base_iri)
    endpoint = SparqlEndpoint(
        builds=builds,
        base_iri=settings.base_iri,
        prefixes=prefixes,
        limits=Limits(query_timeout, max_query_bytes, allow_service),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await builds.start()
        yield
        await builds.close()

    app = FastAPI(
        title="povkg",
        description="Linked data on Vietnam's sustainable poverty-reduction programme.",
        lifespan=lifespan,
        docs_url=None,  # /docs is served offline by api.linked_data.site
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.builds = builds
    app.state.sparql = endpoint
    app.state.query_workers = size
    errors.install(app)
    app.include_router(build_router(endpoint))
    app.include_router(routes.router(settings, builds), responses=errors.ERROR_RESPONSES)
    app.include_router(dumps.router(settings, builds))
    app.include_router(linked_data.router(settings, builds))  # last: catch-all
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES)
    app.add_middleware(HeadFromGet, routes=app.router.routes)  # outside gzip: same headers
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_credentials=False,
        allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=["ETag", "Vary", "Content-Length", "Content-Type"],
        max_age=600,
    )
    app.add_middleware(LeaseMiddleware, builds=builds)  # outermost: held until the last byte
    # a stream cut on purpose is one warning line (api.sparql.router), not a traceback
    logging.getLogger("uvicorn.error").addFilter(ABORTED_STREAM_FILTER)
    return app
