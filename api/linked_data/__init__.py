"""Linked data: every IRI the graph mints dereferences here, plus the ontology, the shapes, the
VoID description, the landing page and the offline API docs.

``router(settings, store, build_id)`` is what api.app includes; include it after the other
routers, because dereferencing is a catch-all under the base IRI's path.
"""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter

from api.linked_data import resource, site, vocab, void
from graph.config import Settings


def router(settings: Settings, store: ox.Store, build_id: str) -> APIRouter:
    """All linked-data routes over one read-only store whose build is ``build_id``."""
    combined = APIRouter()
    combined.include_router(site.router(settings))
    combined.include_router(vocab.router(settings, store, build_id))
    combined.include_router(void.router(settings, store, build_id))
    combined.include_router(resource.router(settings, store, build_id))
    return combined
