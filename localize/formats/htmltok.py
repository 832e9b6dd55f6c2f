"""Where a browser sees tags, text and comments: the WHATWG HTML tokenizer's states, by offsets.

The standard library's :class:`html.parser.HTMLParser` disagrees with browsers where it matters
for a page built from translations: it ends a ``<script>`` at the first ``</script>`` even inside
``<!--<script>`` (a browser runs on, so translated text would be script), reads ``<!-->`` as
the start of a long comment (a browser closes it: text never extracted is published), ignores
``<script/>``'s content model, and takes quadratic time on many unclosed ``<!--`` (73 s for
100,000). This tokenizer follows the specification's states for what decides *where* text lies:
tags and their attributes (quoted or not), comments (with their abrupt ends), DOCTYPEs and bogus
comments, and the content models of RAWTEXT, RCDATA, script data (escaped and double-escaped)
and PLAINTEXT. Every step is a regular-expression search forward, so the cost is linear.

Tree construction is not modelled beyond what switches the tokenizer: the text-only elements
(everywhere, also inside ``svg``/``math``, where reading more as text only extracts less) and
``svg``/``math`` nesting for CDATA sections. The events cover the input without gaps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Attr", "Event", "tokenize", "parse_tag"]

_WS = "\t\n\f\r "
_TEXT_END = {  # the tokenizer's state after a start tag of these
    **dict.fromkeys(("style", "xmp", "iframe", "noembed", "noframes", "noscript"), "rawtext"),
    **dict.fromkeys(("title", "textarea"), "rcdata"),
    "script": "script",
    "plaintext": "plaintext",
}
_NAME = re.compile(r"[^\t\n\f\r />]*")
_ATTR_NAME = re.compile(r"[^\t\n\f\r />=]*")
_SPACE = re.compile(r"[\t\n\f\r ]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
_COMMENT_END = re.compile(r"--!?>")
_SCRIPT_DATA = re.compile(r"</script(?=[\t\n\f\r />])|<!--", re.I)
_SCRIPT_ESCAPED = re.compile(r"-->|</script(?=[\t\n\f\r />])|<script(?=[\t\n\f\r />])", re.I)
_SCRIPT_DOUBLE = re.compile(r"-->|</script(?=[\t\n\f\r />])", re.I)


@dataclass(frozen=True)
class Attr:
    """An attribute of a tag: its name (lower case) and value as offsets in the document.

    ``quote`` is ``"``, ``'`` or "" (unquoted); a name without a value has ``start == end``
    where the name ends and ``quote`` "".
    """

    name: str
    name_start: int
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Event:
    """kind: "start", "startend" (self-closing syntax), "end", "data", "comment", "decl"
    (DOCTYPE, bogus comment, ``</>``, a tag cut off by the end of the file)."""

    kind: str
    start: int
    end: int
    tag: str = ""
    attrs: tuple[Attr, ...] = ()


def parse_tag(text: str, start: int) -> tuple[str, tuple[Attr, ...], int, bool] | None:
    """(name, attributes, end, self-closing) of the tag at ``text[start]`` (``<`` or ``</``
    then an ASCII letter); None when the file ends inside it (a browser drops such a tag)."""
    at = start + (2 if text.startswith("</", start) else 1)
    m = _NAME.match(text, at)
    assert m is not None  # the pattern matches the empty string
    name = m.group().lower()
    pos = m.end()
    attrs: list[Attr] = []
    n = len(text)
    while True:
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= n:
            return None
        ch = text[pos]
        if ch == ">":
            return name, tuple(attrs), pos + 1, False
        if ch == "/":
            if text.startswith("/>", pos):
                return name, tuple(attrs), pos + 2, True
            pos += 1
            continue
        # an attribute name: "=" first is part of it, as a browser reads it
        name_start = pos
        m = _ATTR_NAME.match(text, pos + 1 if ch == "=" else pos)
        pos = m.end()  # type: ignore[union-attr]
        attr = text[name_start:pos].lower()
        after = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if after < n and text[after] == "=":
            pos = _SPACE.match(text, after + 1).end()  # type: ignore[union-attr]
            if pos >= n:
                return None
            q = text[pos]
            if q in "\"'":
                close = text.find(q, pos + 1)
                if close < 0:
                    return None
                attrs.append(Attr(attr, name_start, pos + 1, close, q))
                pos = close + 1
            elif q == ">":
                attrs.append(Attr(attr, name_start, pos, pos, ""))
            else:
                end = _UNQUOTED.match(text, pos).end()  # type: ignore[union-attr]
                attrs.append(Attr(attr, name_start, pos, end, ""))
                pos = end
        else:
            attrs.append(Attr(attr, name_start, pos, pos, ""))


def _script_end(text: str, pos: int) -> int:
    """Where the ``</script`` that ends script data from ``pos`` starts (or the end of file),
    through the escaped (``<!--``) and double-escaped (``<!--<script>``) states."""
    state = "data"
    while True:
        pattern = {"data": _SCRIPT_DATA, "escaped": _SCRIPT_ESCAPED, "double": _SCRIPT_DOUBLE}
        m = pattern[state].search(text, pos)
        if m is None:
            return len(text)
        found = m.group().lower()
        if state == "data":
            if found == "<!--":
                state, pos = "escaped", m.start() + 2  # its dashes count for "-->"
                continue
            return m.start()
        if found == "-->":
            state, pos = "data", m.end()
        elif found == "<script":
            state, pos = "double", m.end()
        elif state == "escaped":
            return m.start()
        else:
            state, pos = "escaped", m.end()


def tokenize(text: str) -> list[Event]:
    """The document's events in order; consecutive events cover ``text`` without gaps."""
    out: list[Event] = []
    n = len(text)
    pos = 0
    foreign = 0  # open svg/math elements
    while pos < n:
        lt = text.find("<", pos)
        while lt >= 0 and not _markup_at(text, lt):
            lt = text.find("<", lt + 1)
        if lt < 0:
            out.append(Event("data", pos, n))
            break
        if lt > pos:
            out.append(Event("data", pos, lt))
        pos = lt
        if text.startswith("<!--", pos):
            if text.startswith(">", pos + 4):
                end = pos + 5
            elif text.startswith("->", pos + 4):
                end = pos + 6
            else:
                m = _COMMENT_END.search(text, pos + 4)
                end = m.end() if m else n
            out.append(Event("comment", pos, end))
            pos = end
            continue
        if foreign and text.startswith("<![CDATA[", pos):
            close = text.find("]]>", pos + 9)
            end = n if close < 0 else close + 3
            out.append(Event("data", pos, end))  # text inside svg/math
            pos = end
            continue
        if text.startswith("</>", pos):
            out.append(Event("decl", pos, pos + 3))  # ignored by a browser
            pos += 3
            continue
        if text.startswith(("<!", "<?"), pos) or (
            text[pos + 1] == "/" and not _letter(text, pos + 2)
        ):
            # a DOCTYPE or a bogus comment ("<!x", "<?x", "</ x"): up to the next ">"
            close = text.find(">", pos + 2)
            end = n if close < 0 else close + 1
            out.append(Event("decl", pos, end))
            pos = end
            continue
        tag = parse_tag(text, pos)
        if tag is None:
            out.append(Event("decl", pos, n))  # cut off by the end of the file: dropped
            break
        name, attrs, end, closed = tag
        if text[pos + 1] == "/":
            out.append(Event("end", pos, end, name))
            if name in ("svg", "math") and foreign:
                foreign -= 1
            pos = end
            continue
        # A browser ignores the self-closing slash of an HTML element: "<script/>" runs on.
        kind = "startend" if closed and name not in _TEXT_END else "start"
        out.append(Event(kind, pos, end, name, attrs))
        pos = end
        if name in ("svg", "math"):
            foreign += 0 if closed else 1
            continue
        # Also inside svg/math: a browser's HTML integration points (foreignObject) run a
        # <script> there; reading more as text-only content only ever extracts less.
        model = _TEXT_END.get(name)
        if model is None:
            continue
        # the content of a text-only element (a self-closing slash changes nothing)
        if model == "plaintext":
            stop = n
        elif model == "script":
            stop = _script_end(text, pos)
        else:
            m = re.compile(rf"</{name}(?=[\t\n\f\r />])", re.I).search(text, pos)
            stop = m.start() if m else n
        if stop > pos:
            out.append(Event("data", pos, stop))
        pos = stop
        if stop < n:
            closing = parse_tag(text, stop)
            if closing is None:
                out.append(Event("decl", stop, n))
                break
            out.append(Event("end", stop, closing[2], name))
            pos = closing[2]
    return out


def _letter(text: str, at: int) -> bool:
    ch = text[at : at + 1]
    return ch.isascii() and ch.isalpha()


def _markup_at(text: str, lt: int) -> bool:
    """Whether the ``<`` at ``lt`` starts markup (a tag, a comment, a declaration) or is text
    ("<" before a space, a digit, the end of the file; "</" at the end of the file)."""
    nxt = text[lt + 1 : lt + 2]
    if nxt == "/":
        return lt + 2 < len(text)
    return nxt in ("!", "?") or _letter(text, lt + 1)
