"""The convenience routes: a small JSON API (JSON-LD and CSV on request) over the store.

Every route runs fixed SPARQL on pyoxigraph with the request's values bound as RDF terms.
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter

from api.routes import catalogue, documents, measurements, places, search
from graph.config import Settings


def router(settings: Settings, store: ox.Store, build_id: str) -> APIRouter:
    """All convenience routes over one read-only store whose build is ``build_id``."""
    combined = APIRouter()
    # /provinces/{slug}/measurements is declared by the measurements module
    for module in (places, measurements, catalogue, documents, search):
        combined.include_router(module.router(settings, store, build_id))
    return combined
