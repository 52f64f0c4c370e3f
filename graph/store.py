"""The embedded Oxigraph store on disk, replaced atomically.

A store is only ever written while it is new: a build (or an ingest, or a load) fills a fresh store
in a hidden sibling directory (``.{name}.building-*``), closes it, and swaps it in with two
renames (live -> ``.{name}.previous-*``, new -> live), then deletes the previous one. Anything
that goes wrong before the swap - a validation failure, an exception, Ctrl-C - removes the new
directory and leaves the live store untouched; a crash between the two renames is repaired by the
next writer, which restores the previous store and sweeps leftovers. Writers take an exclusive
``flock`` on the parent directory, so two builds never interleave. Readers (the server, queries)
open the live store read-only and never see a half-written one; a long-running reader (the
server) notices a swap with ``graph.snapshot``.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pyoxigraph as ox

if TYPE_CHECKING:  # rdflib is imported where it is used: the server does not load it to start
    from rdflib import BNode, Graph, Literal, URIRef

    from graph.iris import Minter
    from graph.void import Statistics

T = TypeVar("T")

ONTOLOGY_GRAPH = "graph/ontology"
REFERENCE_GRAPH = "graph/reference"
ENTITIES_GRAPH = "graph/entities"
META_GRAPH = "graph/meta"
DOCUMENT_GRAPH_PREFIX = "graph/document/"

_BUILDING = ".building-"
_PREVIOUS = ".previous-"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class StoreError(Exception):
    """A store that cannot be opened or written; the message says which and why."""


class StoreNotFoundError(StoreError):
    """No store at the given path (``povkg build`` makes one)."""


class StoreBusyError(StoreError):
    """Another process is writing a store in the same directory."""


@dataclass(frozen=True)
class BuildInfo:
    """What identifies a build: the server uses ``build_id`` for its ETags."""

    build_id: str
    created: datetime
    triples: int
    base_iri: str


def document_graph_path(slug: str) -> str:
    """Path of an article's named graph: ``graph/document/{slug}``."""
    return f"{DOCUMENT_GRAPH_PREFIX}{slug}"


def is_store(path: Path) -> bool:
    """Whether ``path`` holds an Oxigraph (RocksDB) store."""
    return (path / "CURRENT").is_file() and (path / "IDENTITY").is_file()


def open_read_only(path: str | Path) -> ox.Store:
    """Open the store at ``path`` read-only (for the server and every read command)."""
    path = Path(path)
    if not is_store(path):
        raise StoreNotFoundError(f"no store at {path} (run `povkg build` to make one)")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {path}: {exc}") from exc


@contextlib.contextmanager
def _writer_lock(parent: Path) -> Iterator[None]:
    fd = os.open(parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise StoreBusyError(f"another povkg process is writing a store in {parent}") from exc
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _recover(path: Path) -> None:
    """Repair what an interrupted writer left: restore a lost store, delete half-built ones."""
    parent, name = path.parent, path.name
    previous = sorted(parent.glob(f".{name}{_PREVIOUS}*"), key=lambda p: p.stat().st_mtime)
    if previous and not path.exists():
        previous.pop().rename(path)
    for leftover in [*previous, *parent.glob(f".{name}{_BUILDING}*")]:
        shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt while a store is written, so that ``kill`` cleans up
    like Ctrl-C does (only the main thread can set signal handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def replace_store(path: str | Path, fill: Callable[[ox.Store], T]) -> T:
    """Build a new store with ``fill`` and make it the store at ``path``, atomically.

    ``fill`` gets an empty store in a temporary sibling directory and must not keep references to
    it (the store is closed before the swap). If ``fill`` raises (or the user presses Ctrl-C), the
    temporary directory is removed and the store at ``path`` is untouched; SIGTERM counts as Ctrl-C.
    """
    path = Path(path).absolute()
    if path.exists() and not (path.is_dir() and (is_store(path) or not any(path.iterdir()))):
        raise StoreError(f"refusing to replace {path}: it exists and is not a povkg store")
    path.parent.mkdir(parents=True, exist_ok=True)
    with _writer_lock(path.parent), _terminate_as_interrupt():
        _recover(path)
        work = Path(tempfile.mkdtemp(prefix=f".{path.name}{_BUILDING}", dir=path.parent))
        try:
            store = ox.Store(str(work))
            result = fill(store)
            store.flush()
            store.optimize()
            del store  # closes the database: nothing may write into ``work`` after the rename
            _swap(work, path)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
    return result


def _swap(new: Path, live: Path) -> None:
    old = None
    if live.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{live.name}{_PREVIOUS}", dir=live.parent))
        old.rmdir()
        live.rename(old)
    try:
        new.rename(live)
    except BaseException:
        if old is not None:
            old.rename(live)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# --- rdflib <-> pyoxigraph terms --------------------------------------------------------------


@functools.cache
def _rdflib_terms() -> tuple[type[BNode], type[Literal], type[URIRef]]:
    """rdflib's term classes, imported on first use (cheaper than an import in each call)."""
    from rdflib import BNode, Literal, URIRef

    return BNode, Literal, URIRef


def to_oxigraph(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    BNode, Literal, URIRef = _rdflib_terms()
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r} in Oxigraph")


def to_rdflib(term: object) -> URIRef | BNode | Literal:
    """A pyoxigraph term as an rdflib term (``xsd:string`` literals become plain literals)."""
    BNode, Literal, URIRef = _rdflib_terms()
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _RDF_LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"cannot convert {term!r} to rdflib")


def quads_of(graph: Graph, graph_name: URIRef) -> Iterator[ox.Quad]:
    """The triples of an rdflib graph as pyoxigraph quads in the named graph ``graph_name``."""
    name = ox.NamedNode(str(graph_name))
    for s, p, o in graph:
        yield ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), name)


def add_graphs(store: ox.Store, graphs: Iterable[tuple[URIRef, Graph]]) -> None:
    """Write rdflib graphs into ``store`` as named graphs."""
    for name, graph in graphs:
        store.extend(list(quads_of(graph, name)))


def read_graph(store: ox.Store, graph_name: str, into: Graph | None = None) -> Graph:
    """The triples of one named graph of ``store`` as an rdflib Graph."""
    from rdflib import Graph

    graph = into if into is not None else Graph()
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph_name)):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def named_graphs(store: ox.Store) -> list[str]:
    """IRIs of the named graphs of ``store``, sorted."""
    return sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))


def document_slugs(store: ox.Store, minter: Minter) -> list[str]:
    """Slugs of the articles stored in ``store`` (one named graph each)."""
    prefix = str(minter(DOCUMENT_GRAPH_PREFIX))
    return [g[len(prefix) :] for g in named_graphs(store) if g.startswith(prefix)]


_BUILD_INFO_QUERY = """
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?id ?created ?triples ?space WHERE {
  GRAPH ?g {
    ?dataset a void:Dataset ; void:uriSpace ?space ; void:triples ?triples ;
        prov:wasGeneratedBy ?build .
    ?build dcterms:identifier ?id ; prov:endedAtTime ?created .
  }
  FILTER(?g = IRI(CONCAT(STR(?space), "graph/meta")))
}
ORDER BY DESC(?created) LIMIT 1
"""


def build_info(store: ox.Store) -> BuildInfo | None:
    """Build id, creation time, triple count and base IRI from ``graph/meta``.

    ``None`` for a store that povkg did not write (made with pyoxigraph directly): there is no
    build to identify.
    """
    for row in store.query(_BUILD_INFO_QUERY):
        return BuildInfo(
            build_id=row["id"].value,
            created=datetime.fromisoformat(row["created"].value),
            triples=int(row["triples"].value),
            base_iri=row["space"].value,
        )
    return None


def check_base(store: ox.Store, minter: Minter, path: Path) -> None:
    """Refuse to mix IRIs of two bases in one store."""
    info = build_info(store)
    if info is not None and info.base_iri != minter.base:
        raise StoreError(_other_base(path, info.base_iri))


def reading_base(store: ox.Store, base_iri: str, given: bool, path: Path) -> str:
    """The base IRI to read a store with: the one it was built with.

    Reading with another base gives silently wrong answers (slugs that are full IRIs, unknown
    provinces), so a base the user asked for (``given``) must be the store's; a default one
    gives way to it. A store povkg did not build has no recorded base: ``base_iri`` is used.
    """
    info = build_info(store)
    if info is None:
        return base_iri
    if given and info.base_iri != base_iri:
        raise StoreError(_other_base(path, info.base_iri))
    return info.base_iri


def _other_base(path: Path, base_iri: str) -> str:
    return (
        f"the store at {path} was built with base IRI {base_iri}; "
        f"pass --base-iri {base_iri} or rebuild it"
    )


RDF_EXTENSIONS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
    "n3": ox.RdfFormat.N3,
}
"""File extension -> RDF syntax, for `povkg load` and `povkg validate FILE`."""


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax of a file, from its extension."""
    fmt = RDF_EXTENSIONS.get(path.suffix.lstrip(".").lower())
    if fmt is None:
        raise StoreError(
            f"{path}: unknown RDF format (use .ttl, .nt, .nq, .trig, .jsonld, .rdf, .n3)"
        )
    return fmt


def load_files(
    path: str | Path, files: Iterable[Path], minter: Minter, graph: str | None = None
) -> Statistics:
    """Load RDF files into the store at ``path`` (made if missing), atomically, and refresh its
    VoID statistics; return them.

    Triples go into the named graph ``graph`` if given, else the default graph; quads keep their
    graphs. Nothing is validated: any RDF can be loaded and served.
    """
    from graph.void import refresh_meta  # graph.void builds on this module

    path = Path(path)
    formats = [(Path(f), rdf_format(Path(f))) for f in files]
    for file, _ in formats:
        if not file.is_file():
            raise StoreError(f"{file}: no such file")
    try:
        target = ox.NamedNode(graph) if graph else None
    except ValueError as exc:
        raise StoreError(f"--graph {graph!r} is not an IRI: {exc}") from exc
    old = open_read_only(path) if is_store(path) else None
    if old is not None:
        check_base(old, minter, path)

    def fill(store: ox.Store) -> Statistics:
        if old is not None:
            store.bulk_extend(old.quads_for_pattern(None, None, None, None))
        for file, fmt in formats:
            try:
                store.bulk_load(
                    path=str(file), format=fmt, to_graph=target, base_iri=file.absolute().as_uri()
                )
            except SyntaxError as exc:
                raise StoreError(f"{file}: {exc}") from exc
        return refresh_meta(store, minter)

    return replace_store(path, fill)
