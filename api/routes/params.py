"""Checking route parameters: malformed values are ``422`` with a message, unknown slugs ``404``
(in the path) or ``422`` (in a filter: the request itself is wrong)."""

from __future__ import annotations

import re

import pyoxigraph as ox
from fastapi import HTTPException

from graph.iris import Minter

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_PATTERN = SLUG.pattern

_TYPED = """
ASK { ?x a ?type }
"""


def check_slug(value: str, what: str) -> str:
    if not SLUG.fullmatch(value):
        raise HTTPException(
            422, f"invalid {what} {value!r}: a slug is lower-case letters, digits and hyphens"
        )
    return value


def _is_a(store: ox.Store, iri: ox.NamedNode, type_iri: str) -> bool:
    bindings = {ox.Variable("x"): iri, ox.Variable("type"): ox.NamedNode(type_iri)}
    return bool(store.query(_TYPED, use_default_graph_as_union=True, substitutions=bindings))


def lookup(
    store: ox.Store, minter: Minter, kind: str, slug: str, type_iri: str, *, in_path: bool
) -> ox.NamedNode:
    """The IRI ``{base}{kind}/{slug}`` if the store has such a thing of type ``type_iri``."""
    check_slug(slug, kind)
    iri = ox.NamedNode(minter.iri(f"{kind}/{slug}"))
    if not _is_a(store, iri, type_iri):
        if in_path:
            raise HTTPException(404, f"no {kind} {slug!r}")
        raise HTTPException(422, f"unknown {kind} {slug!r}")
    return iri
