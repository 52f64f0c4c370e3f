"""Checking route parameters: a malformed slug is ``422`` with a message, an unknown one in the
path ``404``. (Filters are checked by ``graph.measurement_query``: unknown values are ``422``,
the request itself being wrong.)"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import HTTPException, Path, Query, Request

from graph.iris import Minter
from graph.measurement_query import is_a

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_PATTERN = SLUG.pattern


def slug_path(kind: str, *examples: str) -> Any:
    """The ``{slug}`` path parameter of a ``kind``, documented with examples (checked by
    ``lookup``, so that a malformed slug gets this module's message)."""
    return Path(description=f"the {kind}'s slug: the last part of its IRI", examples=list(examples))


def limit_query(default: int, maximum: int) -> Any:
    return Query(default, ge=1, le=maximum, description="at most this many items", examples=[10])


def offset_query() -> Any:
    return Query(
        0, ge=0, le=10_000_000, description="skip this many items (see `next`)", examples=[0]
    )


def next_page(request: Request, limit: int, offset: int, total: int) -> str | None:
    """The request's URL (path and query) for the page after this one; ``None`` on the last."""
    if offset + limit >= total:
        return None
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
    return f"{request.url.path}?{urlencode([*params, ('offset', offset + limit)])}"


def next_link_header(link: str | None) -> dict[str, str]:
    return {"Link": f'<{link}>; rel="next"'} if link else {}


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
