"""What the memory is built from: the project's catalogs and its ``tm`` files, and their units."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from localize.errors import CatalogError, InputError
from localize.lang import posix_locale
from localize.memory.match import Unit
from localize.memory.tmx import read_tmx

if TYPE_CHECKING:
    from localize.config import Config

__all__ = ["memory_files", "file_bytes", "file_units", "po_units"]


def memory_files(config: Config) -> list[tuple[Path, str | None]]:
    """Every file the memory is built from, with its language when the path tells it."""
    found: list[tuple[Path, str | None]] = []
    base = config.locales_dir
    if base.is_dir():
        for path in sorted(base.glob("*/LC_MESSAGES/*.po")):
            if path.is_file():  # a broken or looping link, a FIFO: the run reports it, not here
                found.append((path, path.parent.parent.name))
    for path in config.tm_files():
        if path.suffix.lower() not in (".po", ".tmx"):
            raise InputError("a translation memory must be a .po or .tmx file", path=path)
        if not path.exists():
            raise InputError("no such file (listed in 'tm' in localize.toml)", path=path)
        found.append((path, None))
    return found


def file_bytes(path: Path) -> bytes:
    from localize.catalog import MAX_CATALOG_BYTES
    from localize.fileio import read_regular_file

    if path.suffix.lower() == ".tmx":
        return read_regular_file(path, "TMX file")
    return read_regular_file(path, "catalog", CatalogError, MAX_CATALOG_BYTES)


def file_units(path: Path, lang: str | None, data: bytes, source_lang: str) -> list[Unit]:
    """The units of one file's ``data``: a TMX file's, or a catalog's reviewed entries."""
    if path.suffix.lower() == ".tmx":
        import io

        source = io.BytesIO(data)
        source.name = str(path)  # for messages and the units' origin
        return read_tmx(source, source_lang=source_lang)
    return po_units(path, lang, data)


def po_units(path: Path, lang: str | None, data: bytes) -> list[Unit]:
    from localize.catalog import first_form, parse_po

    po = parse_po(data, path=str(path))
    if lang is None:
        lang = po.metadata.get("Language", "").strip()
        if not lang:
            raise InputError("no Language in the header; cannot use it as a memory", path=path)
    lang = posix_locale(lang)
    # TMX has no plural: a plural entry is its singular, msgid with msgstr[0] (as
    # translate-toolkit's po2tmx writes it).
    return [
        Unit(e.msgid, first_form(e), lang, path.stem)
        for e in po
        if e.msgid and first_form(e) and not e.obsolete and "fuzzy" not in e.flags
    ]  # fmt: skip
