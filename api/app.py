"""The FastAPI application: one read-only store, the SPARQL router, shared HTTP behaviour.

Routers for linked data and convenience routes are added beside the SPARQL one; each request
reads the build it holds (``api.builds``: the server follows the store across rebuilds). Every
JSON error has one shape (``api.errors``). CORS lets any origin read (without credentials) and
large responses are gzipped.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from api import dumps, errors, linked_data, routes
from api.builds import BuildHolder, LeaseMiddleware
from api.builds import read_build_id as read_build_id  # re-exported: it used to live here
from api.sparql.execute import WorkerPool
from api.sparql.router import SparqlEndpoint, build_router
from api.sparql.service_description import Limits
from graph.config import Settings
from graph.prefixes import PREFIX_IRIS
from graph.snapshot import StoreIdentity

DEFAULT_MAX_QUERY_BYTES = 64 * 1024
GZIP_MINIMUM_BYTES = 1024


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
    size = workers or max(2, os.cpu_count() or 2)
    if size < 1:
        raise ValueError("the query worker pool needs at least one worker")

    def make_pool(identity: StoreIdentity) -> WorkerPool:
        return WorkerPool(str(settings.store), size, prefixes, identity)

    builds = BuildHolder(settings.store, make_pool)  # opens the store: the server never writes
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
    errors.install(app)
    app.include_router(build_router(endpoint))
    app.include_router(routes.router(settings, builds), responses=errors.ERROR_RESPONSES)
    app.include_router(dumps.router(settings, builds))
    app.include_router(linked_data.router(settings, builds))  # last: catch-all
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES)
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
    return app
