"""Mint stable, readable IRIs under one configurable base.

Every thing a user may want to link to gets ``{base}{path}``, where ``path`` is
``{kind}/{slug}`` (``province/bac-ninh``, ``indicator/poor-households``...). Paths are what the
rest of the code passes around; only this module turns them into IRIs.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

from graph.config import DEFAULT_BASE_IRI, check_base_iri

if TYPE_CHECKING:
    from rdflib import URIRef

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics (``Bắc Kạn`` -> ``bac kan``)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()


def fold_words(text: str) -> str:
    """``text`` folded (``fold``) and reduced to its words joined by single spaces, so that
    punctuation never decides a match: ``bac-kan``, ``Bắc  Kạn`` and ``BAC_KAN`` -> ``bac kan``."""
    return " ".join(part for part in _WORD_SEPARATORS.split(fold(text)) if part)


_WORD_SEPARATORS = re.compile(r"[\W_]+")


def slugify(text: str) -> str:
    """Readable ASCII slug: ``Bắc Ninh`` -> ``bac-ninh``, ``121/KH-UBND`` -> ``121-kh-ubnd``."""
    slug = _NON_SLUG.sub("-", fold(text)).strip("-")
    if not slug:
        raise ValueError(f"cannot make a slug from {text!r}")
    return slug


@functools.cache
def _uriref() -> type[URIRef]:
    """rdflib's URIRef, imported on first use: the server mints IRIs without loading rdflib."""
    from rdflib import URIRef

    return URIRef


class Minter:
    """Turns paths into IRIs under one base, and IRIs back into paths."""

    def __init__(self, base_iri: str = DEFAULT_BASE_IRI) -> None:
        self.base = check_base_iri(base_iri)

    def __call__(self, path: str) -> URIRef:
        return _uriref()(self.base + path)

    def iri(self, path: str) -> str:
        """The IRI of ``path`` as a plain string (for code that does not use rdflib)."""
        return self.base + path

    def path_of(self, iri: str) -> str | None:
        """The path of an IRI minted under this base, or ``None`` for any other IRI."""
        return iri[len(self.base) :] if iri.startswith(self.base) else None

    def rebase(self, iri: str, from_base: str = DEFAULT_BASE_IRI) -> str:
        """Move an IRI minted under ``from_base`` (as in the Turtle files) to this base."""
        if iri.startswith(from_base) and from_base != self.base:
            return self.base + iri[len(from_base) :]
        return iri
