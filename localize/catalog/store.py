"""Where a catalog is read and written: the one reader, the one writer, and the
compare-and-swap save every command that merges into an editor's file goes through."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

import polib

from localize.catalog.read import Catalog, read_po
from localize.catalog.write import encode_po
from localize.errors import CatalogError, InputError
from localize.fileio import atomic_write_bytes, read_bytes_or_none, read_settled

__all__ = ["read_catalog", "write_catalog", "save_merged", "CAS_ATTEMPTS", "CAS_PAUSE"]


def read_catalog(path: str | Path) -> Catalog:
    """Read a .po/.pot file; malformed input raises CatalogError with path:line."""
    return read_po(Path(path))  # a directory or a FIFO in its place: InputError naming it


def write_catalog(po: polib.POFile, path: str | Path) -> bool:
    """Write ``po`` atomically in msgcat's exact format; False (nothing written) if unchanged."""
    path = Path(path)
    data = encode_po(po)  # in the catalog's own charset
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, data)
    return True


# Compare-and-swap on catalog writes: how often a run tries again when an editor's save lands
# between its read and its rename, and how long it waits at most in all (a save every 10 ms
# beside a 2,000-entry catalog costs a handful of attempts, measured in tests/test_concurrent.py).
CAS_ATTEMPTS = 200
CAS_PAUSE = 0.005


def save_merged(
    path: Path,
    po: polib.POFile,
    based_on: bytes | None,
    remerge: Callable[[bytes | None], polib.POFile],
) -> tuple[bool, polib.POFile, bytes | None]:
    """Write ``po`` (made from ``based_on``) unless the file changed meanwhile; if it did,
    ``remerge`` the new content and try again. Returns (written, catalog, bytes on disk).

    Read → merge → write a temporary file → verify the file still holds what was merged →
    rename. An editor's save that lands at any point is merged, never overwritten; only one
    that lands between the final comparison and the rename (microseconds) could be.
    """
    for attempt in range(CAS_ATTEMPTS):
        on_disk = read_settled(path)  # an editor's save caught half-written is never merged
        if on_disk != based_on:
            try:
                po = remerge(on_disk)
            except CatalogError:
                # An editor's in-place save caught half-written: read it again shortly.
                time.sleep(CAS_PAUSE * random.uniform(1, 2))
                continue
            based_on = on_disk
        data = encode_po(po)  # in the catalog's own charset
        if data == on_disk:
            return False, po, on_disk
        path.parent.mkdir(parents=True, exist_ok=True)

        def unchanged(expected: bytes | None = on_disk) -> bool:
            return read_bytes_or_none(path) == expected

        if atomic_write_bytes(path, data, check=unchanged):
            return True, po, data
        if attempt:
            time.sleep(CAS_PAUSE * random.uniform(0, 1))
    raise InputError(
        f"changed on disk {CAS_ATTEMPTS} times while localize was merging it (saved in an "
        "editor?); nothing was overwritten — run the command again",
        path=path,
    )
