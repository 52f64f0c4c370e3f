"""Checking route parameters: a malformed slug is ``422`` with a message, an unknown one in the
path ``404``. (Filters are checked by ``graph.measurement_query``: unknown values are ``422``,
the request itself being wrong.)"""

from __future__ import annotations

import re

import pyoxigraph as ox
from fastapi import HTTPException

from graph.iris import Minter
from graph.measurement_query import is_a

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_PATTERN = SLUG.pattern


def check_slug(value: str, what: str) -> str:
    if not SLUG.fullmatch(value):
        raise HTTPException(
            422, f"invalid {what} {value!r}: a slug is lower-case letters, digits and hyphens"
        )
    return value


def lookup(store: ox.Store, minter: Minter, kind: str, slug: str, type_iri: str) -> ox.NamedNode:
    """The IRI ``{base}{kind}/{slug}`` if the store has such a thing of type ``type_iri``
    (``404`` if not)."""
    check_slug(slug, kind)
    iri = ox.NamedNode(minter.iri(f"{kind}/{slug}"))
    if not is_a(store, iri, (type_iri,)):
        raise HTTPException(404, f"no {kind} {slug!r}")
    return iri
