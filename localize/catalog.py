"""Gettext catalogs: extract a .pot from articles, merge into .po (msgmerge semantics), read/write."""

from __future__ import annotations

from pathlib import Path

import polib

from localize.errors import CatalogError, InputError

__all__ = ["read_catalog"]


def read_catalog(path: str | Path) -> polib.POFile:
    """Read a .po/.pot file; malformed input raises CatalogError with path:line."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file" if not path.exists() else "is a directory", path=path)
    try:
        return polib.pofile(str(path), wrapwidth=79)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise CatalogError(str(exc), path=path) from None
