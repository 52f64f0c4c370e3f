"""Settings shared by every command: the store location and the base IRI data is minted under."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_BASE_IRI = "https://w3id.org/povkg/id/"
"""Base of every IRI povkg mints for data (places, measurements, documents...)."""

VOCAB_IRI = "https://w3id.org/povkg/ontology#"
"""Namespace of the povkg ontology. Fixed: vocabulary IRIs do not move with a deployment."""

DEFAULT_STORE = Path("data/store")

ENV_STORE = "POVKG_STORE"
ENV_BASE_IRI = "POVKG_BASE_IRI"


@dataclass(frozen=True)
class Settings:
    store: Path
    base_iri: str
    base_given: bool = False
    """Whether the base IRI was asked for (option or environment) rather than the default: a
    command that reads a store then insists on it; otherwise it reads the store's own base."""


def check_base_iri(base_iri: str) -> str:
    """Return ``base_iri`` if usable as a base for minted IRIs, else raise ``ValueError``."""
    if not base_iri.startswith(("http://", "https://")):
        raise ValueError(f"base IRI must be an http(s) IRI, got {base_iri!r}")
    if not base_iri.endswith(("/", "#")):
        raise ValueError(f"base IRI must end with '/' or '#', got {base_iri!r}")
    if any(c in base_iri for c in ' <>"{}|\\^`'):
        raise ValueError(f"base IRI contains characters not allowed in an IRI: {base_iri!r}")
    return base_iri


def settings(store: str | Path | None = None, base_iri: str | None = None) -> Settings:
    """Resolve settings: explicit argument, then environment variable, then default."""
    store_path = Path(store or os.environ.get(ENV_STORE) or DEFAULT_STORE)
    given = base_iri or os.environ.get(ENV_BASE_IRI)
    base = check_base_iri(given or DEFAULT_BASE_IRI)
    return Settings(store=store_path, base_iri=base, base_given=bool(given))
