"""Inline codes between catalog text (``<1>…</1>``, ``<2/>``) and XLIFF's inline elements.

A catalog's ``<1>Kremlin</1>`` becomes ``<pc id="1">Kremlin</pc>`` (2.x, the markup itself in
``<originalData>``) or ``<g id="1">Kremlin</g>`` (1.2); ``<2/>`` becomes ``<ph id="2"/>`` or
``<x id="2"/>``. Codes that do not nest (a target whose codes cross) are written as start and
end markers (``<sc>``/``<ec>``, ``<bx>``/``<ex>``), so nothing is ever escaped into text that a
CAT tool would let translators break. Reading maps every inline element of either version back.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from localize.formats.codes import code_shape, codes_of
from localize.xliff.names import split_tag

__all__ = [
    "has_codes",
    "write_inline",
    "read_inline",
    "xml_text",
    "BAD_XML",
]

BAD_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str, version: str = "2") -> str:
    """``text`` escaped for XML; characters XML cannot hold as ``<cp>`` (2.x) or visibly (1.2)."""
    if version.startswith("2"):
        # escape leaves them alone; <cp> is 2.x's own way to carry them
        out = BAD_XML.sub(lambda m: f'<cp hex="{ord(m.group()):04X}"/>', escape(text))
    else:
        out = escape(BAD_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text))
    return out.replace("\r", "&#13;")  # a parser reads a bare CR as a line feed


def has_codes(source: str) -> bool:
    """Whether ``source``'s codes are real codes (balanced, nested), not literal text."""
    if "<" not in source:
        return False
    seen = list(codes_of(source))
    if not seen:
        return False
    counts, errors = code_shape(source)
    return not errors and all(c == 1 for c in counts.values())


def _nests(text: str) -> bool:
    counts, errors = code_shape(text)
    return not errors and all(c == 1 for c in counts.values())


def write_inline(
    text: str,
    version: str,
    *,
    codes: bool = True,
    data: dict[tuple[str, int], str] | None = None,
) -> str:
    """The XML content for ``text``: its codes as inline elements (``codes``), else all text.

    ``data`` maps (role, number) to the id of its ``<data>`` in ``<originalData>`` (2.x).
    """
    if not codes or "<" not in text:
        return xml_text(text, version)
    data = data or {}
    two = version.startswith("2")
    nested = _nests(text)
    tokens = list(codes_of(text))
    closes = {n for role, n, _, _ in tokens if role == "close"}
    out: list[str] = []
    pos = 0
    started: set[int] = set()
    for role, n, start, end in tokens:
        out.append(xml_text(text[pos:start], version))
        pos = end
        if role == "empty":
            ref = data.get(("empty", n))
            if two:
                out.append(f'<ph id="{n}"' + (f' dataRef="{ref}"' if ref else "") + "/>")
            else:
                out.append(f'<x id="{n}"/>')
        elif nested:
            if two:
                a, b = data.get(("open", n)), data.get(("close", n))
                refs = (f' dataRefStart="{a}"' if a else "") + (f' dataRefEnd="{b}"' if b else "")
                out.append(f'<pc id="{n}"{refs}>' if role == "open" else "</pc>")
            else:
                out.append(f'<g id="{n}">' if role == "open" else "</g>")
        elif two:
            ref = data.get((role, n))
            dref = f' dataRef="{ref}"' if ref else ""
            if role == "open":
                lone = n not in closes
                started.add(n)
                out.append(f'<sc id="{n}"{dref}' + (' isolated="yes"' if lone else "") + "/>")
            elif n in started:
                out.append(f'<ec startRef="{n}"{dref}/>')
            else:
                out.append(f'<ec id="{n}" isolated="yes"{dref}/>')
        else:
            out.append(f'<{"bx" if role == "open" else "ex"} id="{n}" rid="{n}"/>')
    out.append(xml_text(text[pos:], version))
    return "".join(out)


def attr(value: str) -> str:
    """An attribute value, quoted, safe for XML 1.0."""
    return quoteattr(BAD_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", value))


def read_inline(elem: object) -> str:
    """The text of a ``<source>``/``<target>`` (either version), inline elements as codes."""
    out: list[str] = []
    _walk(elem, out)
    return "".join(out)


def _walk(elem: object, out: list[str]) -> None:
    out.append(elem.text or "")  # type: ignore[attr-defined]
    for child in elem:  # type: ignore[attr-defined]
        tag = split_tag(child.tag)[1]
        get = child.get
        if tag in ("pc", "g"):
            n = get("id", "")
            out.append(f"<{n}>")
            _walk(child, out)
            out.append(f"</{n}>")
        elif tag in ("ph", "x", "it"):
            out.append(f"<{get('id', '')}/>")
        elif tag in ("sc", "bx", "bpt"):
            out.append(f"<{get('rid') or get('id', '')}>")
        elif tag in ("ec", "ex", "ept"):
            out.append(f"</{get('startRef') or get('rid') or get('id', '')}>")
        elif tag == "cp":
            try:
                out.append(chr(int(get("hex", ""), 16)))
            except (ValueError, OverflowError):
                pass  # the reader refuses it before
        elif tag in ("mrk",):
            _walk(child, out)
        # sm/em (annotation markers) and anything else carry no text of their own
        out.append(child.tail or "")
