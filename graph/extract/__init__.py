"""Rule-based extraction: a ``Document`` in, measurements and entities with provenance out.

For every sentence of the main text: find the figures (``mentions``), say what each counts
(``classify``), when (``periods``), where (``areas``) and whether it is a result, target or
forecast (``status``); then name the things worth a node (``entities``). Lexicons are data in
``graph/lexicons/``. ``extract_file`` never raises for bad input: unreadable files and rule
failures become ``Problem``s with file and line.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from graph.documents import DocumentError, read_document
from graph.extract.pipeline import run
from graph.facts import Document, Extraction
from graph.iris import slugify

__all__ = ["extract", "extract_file"]


def extract(document: Document) -> Extraction:
    """Measurements and entities of one article (problems are reported, never raised)."""
    extraction = Extraction(document=document)
    run(document, extraction)
    return extraction


def extract_file(path: Path) -> Extraction:
    """Read and extract one article file; an unreadable file gives an empty extraction with
    the problem (file and line) in ``Extraction.problems``."""
    try:
        document = read_document(path)
    except DocumentError as error:
        extraction = Extraction(document=_empty(path))
        extraction.problems.append(error.problem)
        return extraction
    return extract(document)


def _empty(path: Path) -> Document:
    """The document record of an unreadable file: no text, nothing to extract."""
    stem = path.name.rsplit(".", 1)[0] if "." in path.name else path.name
    try:
        slug = slugify(stem)
    except ValueError:
        slug = "unnamed"
    return Document(
        slug=slug, file_name=path.name, text="", sha256=hashlib.sha256(b"").hexdigest(), path=path
    )
