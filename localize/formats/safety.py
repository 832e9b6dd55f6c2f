"""What a translation holds beyond its codes that would be markup in its article's format.

A build writes such text escaped (:mod:`.escape`), so it never becomes markup; ``localize check``
reports each as ``[markup]`` at the entry, since the translator meant something the page will
not show (``<b>``, a Markdown link). ``javascript:``, ``vbscript:`` and ``data:`` URLs are
refused by a build too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from localize.formats.codes import CODE
from localize.formats.escape import MD_ATTR, unescape

__all__ = ["own_markup", "refused_urls"]


_HTML_MARKUP = re.compile(r"<(?:[A-Za-z!?]|/.)[^<>]{0,60}>?")  # a tag, comment, declaration
_URL = re.compile(r"(?i)\b(javascript|vbscript):|\b(data):[a-z]+/[a-z0-9.+-]+[;,]")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _show(found: str) -> str:
    return found if len(found) <= 40 else found[:39] + "…"


def _html_items(text: str) -> Iterator[str]:
    for m in _HTML_MARKUP.finditer(text):
        yield _show(m.group())


_MD_KINDS = {
    "link_open": "a link",
    "image": "an image",
    "autolink_open": "a link",
    "em_open": "emphasis",
    "strong_open": "emphasis",
    "s_open": "strikethrough",
    "code_inline": "a code span",
    "heading_open": "a heading",
    "bullet_list_open": "a list",
    "ordered_list_open": "a list",
    "blockquote_open": "a quote",
    "fence": "a code block",
    "code_block": "a code block",
    "hr": "a rule",
    "table_open": "a table",
}


def _md_items(text: str) -> Iterator[str]:
    if not (set(text) & (MD_ATTR | set("#+=-\r\n")) or re.match(r"\s*\d", text)):
        return
    from localize.formats.markdown import plain_parser

    if "\n" in text or "\r" in text:
        yield "a line break"  # written as a space: a blank line would end the paragraph
    tokens = plain_parser().parse(text)
    for tok in tokens:
        if tok.type in ("html_block", "html_inline"):
            yield from _html_items(tok.content)
        elif tok.type in _MD_KINDS:
            yield _MD_KINDS[tok.type]
        for child in tok.children or ():
            if child.type == "html_inline":
                yield from _html_items(child.content)
            elif child.type in _MD_KINDS:
                yield _MD_KINDS[child.type]


def _pieces(text: str) -> list[str]:
    return CODE.split(text)[::4] if "<" in text else [text]


# In an attribute value: a quote or a space, then a name and "=" (a break-out, were it unescaped).
_ATTR_OF_ITS_OWN = re.compile(r"""(?:["'`]|\s)\s*([A-Za-z_:][-\w:.]*)\s*=""")


def _attr_items(text: str) -> Iterator[str]:
    for m in _ATTR_OF_ITS_OWN.finditer(text):
        yield f"{m.group(1)}="


def own_markup(source: str, target: str, fmt: str, *, attribute: bool = False) -> list[str]:
    """[markup] messages for what ``target`` holds (outside its codes) that would parse as
    markup in an ``fmt`` article ("html", "markdown") and ``source`` does not, one per item;
    ``attribute`` for an alt or title text (an HTML attribute value)."""
    if fmt not in ("html", "markdown"):
        return []
    found: list[str] = []
    kinds = [(_html_items if fmt == "html" else _md_items, "markup")]
    if attribute and fmt == "html":
        kinds.append((_attr_items, "an attribute"))
    for items, what in kinds:
        have: Counter[str] = Counter()
        want: Counter[str] = Counter()
        for piece in _pieces(target):
            have.update(items(piece))
        if have:
            for piece in _pieces(source):
                want.update(items(piece))
        found += [
            f"{what} of its own is written as text: {item}"
            for item in dict.fromkeys(have)
            if have[item] > want[item]
        ]
    return found + refused_urls(source, target, fmt)


def refused_urls(source: str, target: str, fmt: str) -> list[str]:
    """``javascript:``, ``vbscript:`` and ``data:`` URLs of ``target`` that ``source`` lacks
    (read as a browser reads a URL: references decoded, tabs and line breaks dropped)."""
    if fmt not in ("html", "markdown") or ":" not in target:
        return []

    def schemes(text: str) -> Counter[str]:
        flat = _INVISIBLE.sub("", unescape(text))
        return Counter((m.group(1) or m.group(2)).lower() for m in _URL.finditer(flat))

    have = schemes(target)
    if not have:
        return []
    want = schemes(source)
    return [f"a {name}: URL is refused" for name in have if have[name] > want[name]]
