"""Which codec a catalog's bytes are in: its header's charset, as gettext reads it."""

from __future__ import annotations

import codecs
import re

import polib

from localize.errors import CatalogError

__all__ = ["charset_of", "decode"]

_CHARSET_RE = re.compile(rb"charset=([^\s\\\"]+)")


def _codec(charset: str) -> str | None:
    """Python's codec for a PO charset; None for what gettext cannot read either: unknown
    names, byte transforms (base64, zlib, rot13) and charsets that are not ASCII-compatible
    (UTF-16, UTF-7: the keywords themselves would not be ASCII)."""
    if charset.upper() in ("CHARSET", "ASCII", "US-ASCII"):
        return "utf-8"
    try:
        info = codecs.lookup(charset)
        if not getattr(info, "_is_text_encoding", True):
            return None
        probe = 'msgid "" msgstr "\\n#~|[]:,.'
        if probe.encode(info.name) != probe.encode("ascii"):
            return None
    except (LookupError, UnicodeError):
        return None
    return info.name


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Bytes to text by the header's charset (and that codec's name); bad bytes name their
    line and byte offset."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    m = _CHARSET_RE.search(data)
    charset = m.group(1).decode("ascii", "replace") if m else "UTF-8"
    codec = _codec(charset)
    if codec is None:
        line = data[: m.start()].count(b"\n") + 1 if m else 1
        raise CatalogError(
            f"unknown charset {charset!r} in the header", path=path, line=line
        ) from None
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError as exc:
        head = data[: exc.start]
        line = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
        name = "UTF-8" if codec == "utf-8" else charset
        raise CatalogError(
            f"invalid {name} at byte offset {exc.start}", path=path, line=line
        ) from None


def charset_of(po: polib.POFile) -> str:
    """The codec a catalog is written in: its header's charset (UTF-8 when none or unknown)."""
    m = _CHARSET_RE.search(po.metadata.get("Content-Type", "").encode("ascii", "replace"))
    return (_codec(m.group(1).decode("ascii")) if m else None) or "utf-8"
