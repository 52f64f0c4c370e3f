"""The convenience routes: a small JSON API (JSON-LD and CSV on request) over the store.

Every route runs fixed SPARQL on pyoxigraph with the request's values bound as RDF terms, on the
build the request holds (``api.builds``).
"""

from __future__ import annotations

from fastapi import APIRouter

from api.builds import BuildHolder
from api.routes import catalogue, documents, measurements, places, search
from graph.config import Settings


def router(settings: Settings, builds: BuildHolder) -> APIRouter:
    """All convenience routes over the builds of one store."""
    combined = APIRouter()
    # /provinces/{slug}/measurements is declared by the measurements module
    for module in (places, measurements, catalogue, documents, search):
        combined.include_router(module.router(settings, builds))
    return combined
