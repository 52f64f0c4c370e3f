"""The FastAPI application: one read-only store, the SPARQL router, shared HTTP behaviour.

Routers for linked data and convenience routes are added beside the SPARQL one; they find the
store, the settings and the build id on ``app.state``. CORS lets any origin read (without
credentials) and large responses are gzipped.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pyoxigraph as ox
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from api import dumps, linked_data, routes
from api.sparql.execute import WorkerPool
from api.sparql.router import SparqlEndpoint, build_router
from api.sparql.service_description import Limits
from graph.config import Settings
from graph.namespaces import PREFIXES
from graph.store import build_info, open_read_only

DEFAULT_MAX_QUERY_BYTES = 64 * 1024
GZIP_MINIMUM_BYTES = 1024


def read_build_id(store: ox.Store, path: Path) -> str:
    """The build id from ``graph/meta`` (``graph.store.build_info``), else a fingerprint.

    A store made by other means (pyoxigraph directly) has no ``graph/meta``; the fingerprint of
    its files (RocksDB identity, manifest and table files) changes whenever the store is
    rewritten, so ETags still follow the data.
    """
    info = build_info(store)
    if info is not None:
        return info.build_id
    digest = hashlib.sha256()
    for file in sorted(path.iterdir()):
        if file.name == "LOCK" or file.name.startswith("LOG"):
            continue
        stat = file.stat()
        digest.update(f"{file.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        if file.name in ("IDENTITY", "CURRENT"):
            digest.update(file.read_bytes())
    return "files-" + digest.hexdigest()[:32]


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
    store = open_read_only(settings.store)  # the server never writes
    build_id = read_build_id(store, settings.store)
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    pool = WorkerPool(str(settings.store), workers or max(2, os.cpu_count() or 2), prefixes)
    endpoint = SparqlEndpoint(
        store=store,
        build_id=build_id,
        meta_graph=settings.base_iri + "graph/meta",
        prefixes=prefixes,
        limits=Limits(query_timeout, max_query_bytes, allow_service),
        pool=pool,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool.start()
        yield
        await pool.close()

    app = FastAPI(
        title="povkg",
        description="Linked data on Vietnam's sustainable poverty-reduction programme.",
        lifespan=lifespan,
        docs_url=None,  # /docs is served offline by api.linked_data.site
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.build_id = build_id
    app.state.sparql = endpoint
    app.include_router(build_router(endpoint))
    app.include_router(routes.router(settings, store, build_id))
    app.include_router(dumps.router(settings, store, build_id))
    app.include_router(linked_data.router(settings, store, build_id))  # last: catch-all
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
    return app
