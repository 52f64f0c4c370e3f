"""Linked data: every IRI the graph mints dereferences here, plus the ontology, the shapes, the
VoID description, the landing page and the offline API docs.

``router(settings, builds)`` is what api.app includes; include it after the other routers,
because dereferencing is a catch-all under the base IRI's path. Every route reads the build the
request holds (``api.builds``).
"""

from __future__ import annotations

from fastapi import APIRouter

from api.builds import BuildHolder
from api.linked_data import resource, site, vocab, void
from graph.config import Settings


def router(settings: Settings, builds: BuildHolder) -> APIRouter:
    """All linked-data routes over the builds of one store."""
    combined = APIRouter()
    combined.include_router(site.router(settings))
    combined.include_router(vocab.router(settings, builds))
    combined.include_router(void.router(settings, builds))
    combined.include_router(resource.router(settings, builds))
    return combined
