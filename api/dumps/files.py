"""Making the dump files: once per build, on first request, cached beside the store.

Dumps are written by ``graph.export`` into ``{store}-dumps/{build id}/`` (a temporary file renamed
into place, so a reader never sees half a file and two writers never clash), each with a gzip
twin. A new build gets a new directory; directories of older builds are removed when the new one
is made, except those of builds the server still answers requests from (``keep``): a request
that started before a rebuild finishes sending its file. Nothing is written at start-up: the
first request for a dump pays for it.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.export import export


@dataclass(frozen=True)
class DumpFormat:
    key: str  # graph.export's format name
    extension: str
    media_type: str
    label: str

    @property
    def content_type(self) -> str:
        text = self.media_type.startswith("text/") or self.media_type.endswith("-triples")
        return (
            f"{self.media_type}; charset=utf-8"
            if text or "quads" in self.media_type
            else (self.media_type)
        )


DUMP_FORMATS: tuple[DumpFormat, ...] = (
    DumpFormat("ttl", "ttl", "text/turtle", "Turtle"),
    DumpFormat("nt", "nt", "application/n-triples", "N-Triples"),
    DumpFormat("nq", "nq", "application/n-quads", "N-Quads (named graphs kept)"),
    DumpFormat("jsonld", "jsonld", "application/ld+json", "JSON-LD (local context)"),
)


def dump_name(fmt: DumpFormat) -> str:
    return f"povkg.{fmt.extension}"


def format_for(name: str) -> tuple[DumpFormat, bool] | None:
    """The format of a dump file name and whether it names the gzip file (``povkg.nt.gz``)."""
    for fmt in DUMP_FORMATS:
        if name == dump_name(fmt):
            return fmt, False
        if name == dump_name(fmt) + ".gz":
            return fmt, True
    return None


@dataclass(frozen=True)
class DumpFile:
    plain: Path
    gzipped: Path


class DumpCache:
    """The dumps of one build of one store."""

    def __init__(
        self,
        store: ox.Store,
        store_path: Path,
        build: str,
        keep: Callable[[], Iterable[str]] = lambda: (),
    ) -> None:
        self.store = store
        self.build = build
        self.keep = keep
        self.store_path = Path(store_path)
        self._root: Path | None = None  # found on first use: start-up touches no disk
        self._locks = {fmt.key: threading.Lock() for fmt in DUMP_FORMATS}

    @property
    def root(self) -> Path:
        if self._root is None:
            self._root = _cache_root(self.store_path)
        return self._root

    @property
    def directory(self) -> Path:
        return self.root / self.build

    def existing(self, fmt: DumpFormat) -> DumpFile | None:
        """The files of ``fmt`` if they are made already."""
        files = self._paths(fmt)
        return files if files.plain.is_file() and files.gzipped.is_file() else None

    def get(self, fmt: DumpFormat) -> DumpFile:
        """The files of ``fmt``, made now if this build has none yet."""
        found = self.existing(fmt)
        if found is not None:
            return found
        with self._locks[fmt.key]:
            found = self.existing(fmt)
            if found is None:
                found = self._make(fmt)
        return found

    def _paths(self, fmt: DumpFormat) -> DumpFile:
        plain = self.directory / dump_name(fmt)
        return DumpFile(plain, plain.with_name(plain.name + ".gz"))

    def _make(self, fmt: DumpFormat) -> DumpFile:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._remove_older_builds()
        files = self._paths(fmt)
        with _atomic(files.plain) as out:
            export(self.store, fmt.key, out)
        # mtime=0: the same build gives the same bytes
        with (
            _atomic(files.gzipped) as out,
            files.plain.open("rb") as src,
            gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename=files.plain.name) as gz,
        ):
            shutil.copyfileobj(src, gz, 1 << 20)
        return files

    def _remove_older_builds(self) -> None:
        kept = {self.build, *self.keep()}
        for entry in self.root.iterdir():
            if entry.is_dir() and entry.name not in kept:
                shutil.rmtree(entry, ignore_errors=True)


class _atomic:
    """Write to a temporary sibling and rename it into place on success."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __enter__(self):  # type: ignore[no-untyped-def]
        fd, name = tempfile.mkstemp(prefix=f".{self.target.name}.", dir=self.target.parent)
        self.temporary = Path(name)
        self.file = os.fdopen(fd, "wb")
        return self.file

    def __exit__(self, kind, value, traceback) -> None:  # type: ignore[no-untyped-def]
        self.file.close()
        if kind is None:
            self.temporary.replace(self.target)
        else:
            self.temporary.unlink(missing_ok=True)


def _cache_root(store_path: Path) -> Path:
    """``{store}-dumps`` beside the store, or a per-store directory in the temp dir if the
    store's directory is not writable (a read-only deployment)."""
    beside = store_path.absolute().parent / f"{store_path.name}-dumps"
    try:
        beside.mkdir(exist_ok=True)
        if os.access(beside, os.W_OK):
            return beside
    except OSError:
        pass
    key = hashlib.sha256(str(store_path.absolute()).encode()).hexdigest()[:12]
    fallback = Path(tempfile.gettempdir()) / f"povkg-dumps-{key}"
    fallback.mkdir(exist_ok=True)
    return fallback
