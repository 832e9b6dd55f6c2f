"""Binary catalogs: ``.mo`` beside each ``.po``; fuzzy entries left out, as msgfmt does."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from pathlib import Path

import polib

from localize.config import Config
from localize.errors import InputError

__all__ = ["compile_catalog", "compile_project", "mo_bytes"]

_MAGIC = 0x950412DE


def mo_bytes(po: polib.POFile) -> bytes:
    """The .mo file of a catalog, byte for byte what ``msgfmt --no-hash`` writes.

    Linear in the catalog's size (polib's writer concatenated bytes in a loop: 200,000 entries
    took 34 s, a million never finished). Strings keep the catalog's charset, as msgfmt's do.
    Without a hash table gettext looks messages up by binary search, as it does in files from
    Python's msgfmt.py and polib.
    """
    codec = po.encoding or "utf-8"
    pairs: list[tuple[bytes, bytes]] = []
    header = po.metadata_as_entry()
    if header.msgstr:  # msgfmt keeps a fuzzy header too
        pairs.append((b"", header.msgstr.encode(codec)))
    for e in po:
        # polib writes fuzzy and obsolete entries into .mo files; gettext must not see them.
        if e.obsolete or "fuzzy" in e.flags or not e.translated():
            continue
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural:
            key += "\0" + e.msgid_plural
            value = "\0".join(e.msgstr_plural[k] for k in sorted(e.msgstr_plural, key=int))
        else:
            value = e.msgstr
        pairs.append((key.encode(codec), value.encode(codec)))
    pairs.sort(key=lambda kv: kv[0])  # gettext's binary search needs byte order
    n = len(pairs)
    keys_start = 28 + 16 * n
    values_start = keys_start + sum(len(k) + 1 for k, _ in pairs)
    table = array("I")
    offset = keys_start
    for k, _ in pairs:
        table.extend((len(k), offset))
        offset += len(k) + 1
    offset = values_start
    for _, v in pairs:
        table.extend((len(v), offset))
        offset += len(v) + 1
    head = array("I", (_MAGIC, 0, n, 28, 28 + 8 * n, 0, keys_start))
    return b"".join(
        [
            head.tobytes(),
            table.tobytes(),
            b"".join(k + b"\0" for k, _ in pairs),
            b"".join(v + b"\0" for _, v in pairs),
        ]
    )


def compile_catalog(po_path: Path) -> Path:
    """Write ``<name>.mo`` next to ``po_path`` atomically; returns its path."""
    from localize.catalog import read_catalog
    from localize.fileio import atomic_write_bytes

    mo_path = po_path.with_suffix(".mo")
    atomic_write_bytes(mo_path, mo_bytes(read_catalog(po_path)))
    return mo_path


def compile_project(config: Config, *, locales: Sequence[str] | None = None) -> list[Path]:
    """Compile every ``.po`` under the locales folder (only the given locales, if any)."""
    from localize.lang import check_locale

    wanted = [check_locale(code) for code in locales or ()]  # '../..' is not a locale
    if not config.locales_dir.is_dir():
        raise InputError("no locales folder (run: localize update)", path=config.locales_dir)
    missing = [code for code in wanted if not (config.locales_dir / code).is_dir()]
    if missing:
        raise InputError(
            f"no catalogs for {', '.join(missing)} (run localize update for {', '.join(missing)})",
            path=config.locales_dir,
        )
    out = []
    for lang_dir in sorted(p for p in config.locales_dir.iterdir() if p.is_dir()):
        if wanted and lang_dir.name not in wanted:
            continue
        for po in sorted((lang_dir / "LC_MESSAGES").glob("*.po")):
            config.check_inside(po.with_suffix(".mo"), "compiled catalog")
            out.append(compile_catalog(po))
    return out
