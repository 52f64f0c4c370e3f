"""Which build of the store a long-running reader has open, across rebuilds.

Writers never change a live store: they swap a new directory in at its path
(``graph.store.replace_store``). The identity of the directory at the path (device, inode and
change time: one ``stat``) therefore tells a reader cheaply whether the store was rebuilt, and
``open_snapshot`` opens exactly the build it names, even while a writer is swapping.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.store import StoreError, StoreNotFoundError, open_read_only


class StoreReplacedError(StoreError):
    """The directory at a store's path is not the one expected: a writer swapped in a new build."""


@dataclass(frozen=True)
class StoreIdentity:
    """Which directory is at a store's path. A writer swaps in a new directory (a new inode);
    the change time tells a new directory from an old one whose inode number was reused."""

    device: int
    inode: int
    changed_ns: int


def store_identity(path: str | Path) -> StoreIdentity | None:
    """The identity of the directory at ``path`` now (one ``stat``), ``None`` if there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return StoreIdentity(found.st_dev, found.st_ino, found.st_ctime_ns)


SNAPSHOT_ATTEMPTS = 5


def open_snapshot(
    path: str | Path, expected: StoreIdentity | None = None
) -> tuple[ox.Store, StoreIdentity]:
    """Open the store at ``path`` read-only and say which directory was opened.

    A writer may swap the directory while it is being opened; the identity is read before and
    after, and the open is tried again if they differ, so the handle and the identity always
    belong to the same build. With ``expected``, anything else at ``path`` raises
    ``StoreReplacedError``: a query worker must open the build its server serves, not a newer one.
    """
    path = Path(path)
    for attempt in range(SNAPSHOT_ATTEMPTS):
        before = store_identity(path)
        if before is not None and expected is not None and before != expected:
            raise StoreReplacedError(f"the store at {path} was replaced by another build")
        try:
            store = open_read_only(path)
        except StoreError:
            if before is not None and store_identity(path) == before:
                raise  # the directory did not move: the error is real
            time.sleep(0.01 * (attempt + 1))  # between the two renames of a swap
            continue
        if before is not None and store_identity(path) == before:
            return store, before
        del store
    if expected is not None:
        raise StoreReplacedError(f"the store at {path} was replaced or removed")
    if store_identity(path) is None:
        raise StoreNotFoundError(f"no store at {path} (run `povkg build` to make one)")
    raise StoreError(f"the store at {path} kept changing while it was opened")
