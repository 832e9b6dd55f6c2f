"""TMX files: read (without entities or fetching) and written (TMX 1.4)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from localize.errors import InputError
from localize.lang import base_language, posix_locale
from localize.memory.match import Unit

__all__ = ["read_tmx", "write_tmx"]


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CODES = {"bpt", "ept", "ph", "it", "ut"}  # inline native codes: not text


def _seg_text(seg: Any) -> str:
    """The text of a ``<seg>``, inline codes left out; a loop, not recursion (5,000 nested
    ``<hi>`` overflowed Python's stack)."""
    parts = [seg.text or ""]
    stack = [(iter(seg), "")]  # each open element's children, and its tail for when they end
    while stack:
        children, tail = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            parts.append(tail)
        elif child.tag in _CODES:
            parts.append(child.tail or "")
        else:
            parts.append(child.text or "")
            stack.append((iter(child), child.tail or ""))
    return "".join(parts)


def read_tmx(source: str | Path | IO[bytes], *, source_lang: str = "en") -> list[Unit]:
    """The units of a TMX file (1.4; 1.1–1.3 read too), one per source and target language.

    Parsed without expanding any entity or fetching anything (localize.xmlsafe): a document that
    declares entities is refused. Inline codes (``<bpt>``, ``<ph>`` …) are left out of the text.
    """
    from localize.xmlsafe import iterparse

    path = source if isinstance(source, (str, Path)) else getattr(source, "name", "<tmx>")
    name = Path(str(path)).stem
    units: list[Unit] = []
    header_src = source_lang
    seen_root = False
    for event, elem in iterparse(source, path=path, what="TMX file"):
        if event == "start":
            if not seen_root:
                seen_root = True
                if elem.tag != "tmx":
                    raise InputError(f"not a TMX file (root element <{elem.tag}>)", path=path)
            continue
        if elem.tag == "header":
            header_src = elem.get("srclang") or source_lang
        elif elem.tag == "tu":
            units.extend(_tu_units(elem, header_src, source_lang, name))
            elem.clear()
    return units


def _tu_units(tu: object, header_src: str, source_lang: str, origin: str) -> list[Unit]:
    src_code = tu.get("srclang") or header_src  # type: ignore[attr-defined]
    if src_code == "*all*":
        src_code = source_lang
    texts: dict[str, str] = {}
    for tuv in tu.findall("tuv"):  # type: ignore[attr-defined]
        code = tuv.get(_XML_LANG) or tuv.get("lang")
        seg = tuv.find("seg")
        if code and seg is not None:
            texts.setdefault(posix_locale(code), _seg_text(seg))
    src_key = next(
        (k for k in texts if k == posix_locale(src_code)),
        next(
            (k for k in texts if base_language(k) == base_language(posix_locale(source_lang))), None
        ),
    )
    if src_key is None or base_language(src_key) != base_language(posix_locale(source_lang)):
        return []
    src = texts[src_key]
    if not src.strip():
        return []
    note = tu.find("prop[@type='x-localize-origin']")  # type: ignore[attr-defined]
    where = note.text if note is not None and note.text else origin
    return [Unit(src, t, k, where) for k, t in texts.items() if k != src_key and t.strip()]


def _xml_text(text: str) -> str:
    from xml.sax.saxutils import escape

    # XML 1.0 cannot hold most control characters: they become visible escapes, not errors.
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: f"\\x{ord(m.group()):02x}", text)
    return escape(text)


def _bcp47(code: str) -> str:
    return code.replace("_", "-")


def write_tmx(units: Iterable[Unit], out: IO[str], *, source_lang: str = "en") -> int:
    """Write TMX 1.4 (one ``<tu>`` per source and target language); returns the unit count."""
    from localize._version import __version__

    out.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tmx version="1.4">\n'
        f'  <header creationtool="localize" creationtoolversion="{__version__}" '
        f'segtype="sentence" o-tmf="localize" adminlang="en" '
        f'srclang="{_bcp47(source_lang)}" datatype="plaintext"/>\n'
        "  <body>\n"
    )
    n = 0
    for u in units:
        out.write(
            "    <tu>\n"
            f'      <prop type="x-localize-origin">{_xml_text(u.origin)}</prop>\n'
            f'      <tuv xml:lang="{_bcp47(source_lang)}"><seg>{_xml_text(u.source)}</seg></tuv>\n'
            f'      <tuv xml:lang="{_bcp47(u.lang)}"><seg>{_xml_text(u.target)}</seg></tuv>\n'
            "    </tu>\n"
        )
        n += 1
    out.write("  </body>\n</tmx>\n")
    return n
