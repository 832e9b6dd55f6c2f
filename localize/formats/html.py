"""HTML articles: blocks from the document's structure, inline elements as codes.

Read with the browser's tokenizer states (:mod:`.htmltok`), which say where each tag, text run
and comment starts and ends as a browser reads them; consecutive events cover the input without
gaps, so every byte has a known place and rebuilding is byte-exact. Blocks are the runs of text
and inline elements between block-level tags (a ``<p>``, an ``<li>``, a ``<td>`` ...); nothing
is taken from ``script``, ``style``, ``pre``, ``code``, ``textarea``, ``template``, ``svg``,
``math`` or comments; of attribute values only ``alt`` and ``title`` of elements outside
sentences (a photo in a ``<figure>``). Text shows character references decoded (``&nbsp;``,
``&#8217;``) except the three that are markup (``&amp;``, ``&lt;``, ``&gt;``), which stay as
written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from localize.formats.blocks import Block, LineIndex, Mark, assemble
from localize.formats.codes import CodedSegment, NestedSegment
from localize.formats.escape import attr_how, unescape
from localize.formats.htmltok import Attr, parse_tag, tokenize
from localize.lang import base_language, bcp47
from localize.segment import Segment

__all__ = ["parse_html", "RootTag", "set_language", "RTL"]

SKIP = frozenset(
    "script style pre textarea template svg math iframe object video audio canvas noscript "
    "select code xmp noembed noframes plaintext".split()
)
INLINE = frozenset(
    "a abbr b bdi bdo cite data del dfn em font i ins mark q s small span strong sub sup time "
    "u label".split()
)
EMPTY = frozenset("br img wbr input".split())
OPAQUE = frozenset("code kbd samp var script style svg math".split())  # inside a sentence
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
KINDS = {
    **{f"h{i}": "heading" for i in range(1, 7)},
    "title": "heading",
    "figcaption": "caption",
    "caption": "caption",
    "li": "list-item",
    "dt": "list-item",
    "dd": "list-item",
}
#: Right-to-left scripts among the locales this project serves.
RTL = frozenset({"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})

_FOLD = re.compile(r"\s*(?:\r\n|\r|\n)\s*")
_REF = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


def decode(text: str) -> str:
    """Character references as characters, except the ones that stand for markup."""

    def one(m: re.Match[str]) -> str:
        ch = unescape(m.group())
        return m.group() if ch in ("&", "<", ">") or ch == m.group() else ch

    return _REF.sub(one, text) if "&" in text else text


class RootTag(str):
    """The layout string that is the document's ``<html …>`` start tag."""


def _attr_blocks(attrs: tuple[Attr, ...], text: str) -> list[Block]:
    """``alt`` and ``title`` values of a start tag as blocks."""
    return [
        Block(a.start, a.end, a.name, (), split=False)
        for a in attrs
        if a.name in ("alt", "title") and text[a.start : a.end].strip()
    ]


def _attrs(attrs: tuple[Attr, ...], text: str) -> tuple[tuple[int, int, str], ...]:
    """Alt and title values inside a start tag that becomes a code."""
    return tuple((b.start, b.end, b.kind) for b in _attr_blocks(attrs, text))


def _blocks(text: str) -> tuple[list[Block], tuple[int, int] | None]:
    tokens = tokenize(text)
    events = [
        (t.kind, t.start, t.tag, decode(text[t.start : t.end]) if t.kind == "data" else "")
        for t in tokens
    ]
    ends = [t.end for t in tokens]
    blocks: list[Block] = []
    root: tuple[int, int] | None = None
    stack: list[tuple[str, str]] = []  # open block tags and their kinds
    skip: list[str] = []  # the skipped element we are in (nesting of the same name)
    current: dict | None = None
    inline: list[tuple[str, int]] = []  # open inline tags of the current block, with pair ids
    pair_id = 0

    def kind() -> str:
        return stack[-1][1] if stack else "paragraph"

    def close(at: int) -> None:
        nonlocal current
        if current is not None:
            blocks.append(Block(current["start"], at, current["kind"], tuple(current["marks"])))
        current = None
        inline.clear()

    def open_block(at: int) -> dict:
        nonlocal current
        if current is None:
            current = {"start": at, "kind": kind(), "marks": []}
        return current

    for k, ((ev, start, tag, raw), end) in enumerate(zip(events, ends, strict=True)):
        tag_attrs = tokens[k].attrs
        if skip:
            if ev == "start" and tag == skip[0]:
                skip.append(tag)
            elif ev == "end" and tag == skip[0]:
                skip.pop()
            continue
        if ev == "data":
            if current is not None or raw.strip():
                open_block(start)
            continue
        if ev in ("comment", "decl"):
            if current is not None:
                current["marks"].append(Mark(start, end, "empty"))
            continue
        if tag == "html" and ev == "start" and root is None:
            root = (start, end)
        if current is not None and tag in OPAQUE and ev == "start":
            # inline code, a script inside a sentence: one standalone code, content and all
            depth, j = 1, k + 1
            while j < len(events) and depth:
                if events[j][2] == tag:
                    depth += 1 if events[j][0] == "start" else -1 if events[j][0] == "end" else 0
                j += 1
            stop = ends[j - 1] if depth == 0 else len(text)
            current["marks"].append(Mark(start, stop, "empty"))
            skip.append(tag)
            continue
        if tag in SKIP and ev == "start":
            close(start)
            skip.append(tag)
            continue
        if tag in EMPTY or (tag in INLINE and ev == "startend"):
            if current is not None:
                current["marks"].append(Mark(start, end, "empty", attrs=_attrs(tag_attrs, text)))
            elif ev != "end":
                blocks.extend(_attr_blocks(tag_attrs, text))
            continue
        if tag in INLINE:
            if ev == "start":
                pair_id += 1
                mark = Mark(start, end, "open", pair_id, _attrs(tag_attrs, text))
                open_block(start)["marks"].append(mark)
                inline.append((tag, pair_id))
            elif current is not None:
                found = next(
                    (i for i in range(len(inline) - 1, -1, -1) if inline[i][0] == tag), None
                )
                if found is None:
                    current["marks"].append(Mark(start, end, "empty"))
                else:
                    current["marks"].append(Mark(start, end, "close", inline[found][1]))
                    del inline[found:]
            continue
        # a block-level (or unknown) tag ends the current block
        close(start)
        if ev == "start" and tag not in VOID:
            cls = next((text[a.start : a.end] for a in tag_attrs if a.name == "class"), "")
            block_kind = KINDS.get(tag, "paragraph")
            for name in ("byline", "dateline", "caption"):
                if name in cls.lower():
                    block_kind = name
            stack.append((tag, block_kind))
        elif ev == "end":
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == tag:
                    del stack[i:]
                    break
        if ev in ("start", "startend") and tag in ("img", "a", "abbr", "figure", "table"):
            blocks.extend(_attr_blocks(tag_attrs, text))
    close(len(text))
    blocks.sort(key=lambda b: b.start)
    return blocks, root


def parse_html(text: str) -> Iterator[str | Segment]:
    """Layout strings and segments of an HTML document (``"".join`` gives ``text`` back)."""
    blocks, root = _blocks(text)
    plain = [b for b in blocks if b.kind not in ("alt", "title")]
    attrs = [b for b in blocks if b.kind in ("alt", "title")]
    parts = list(assemble(text, plain, decode=decode, escape="html", attr_escape="attr"))
    parts = _with_attributes(text, parts, attrs)
    if root is None:
        yield from parts
        return
    pos = 0
    for part in parts:
        if isinstance(part, str) and pos <= root[0] and root[1] <= pos + len(part):
            a, b = root[0] - pos, root[1] - pos
            if part[:a]:
                yield part[:a]
            yield RootTag(part[a:b])
            if part[b:]:
                yield part[b:]
        else:
            yield part
        if not isinstance(part, NestedSegment):
            pos += len(part.raw if isinstance(part, Segment) else part)


def _with_attributes(
    text: str, parts: list[str | Segment], attrs: list[Block]
) -> list[str | Segment]:
    """Alt and title values (inside layout strings) as segments of their own, renumbered."""
    if not attrs:
        return parts
    lines = LineIndex(text)
    out: list[str | Segment] = []
    pos = 0
    queue = sorted(attrs, key=lambda b: b.start)
    q = 0
    for part in parts:
        if isinstance(part, Segment):
            out.append(part)
            if not isinstance(part, NestedSegment):  # a nested one lies inside its parent
                pos += len(part.raw)
            continue
        end = pos + len(part)
        at = pos
        while q < len(queue) and queue[q].end <= end:
            b = queue[q]
            q += 1
            if b.start < at:
                continue
            if b.start > at:
                out.append(text[at : b.start])
            raw = text[b.start : b.end]
            msgid = _FOLD.sub(" ", decode(raw)).strip()
            how = attr_how(text, b.start)  # escaped even when it reads as its source
            out.append(CodedSegment(0, msgid, raw, b.kind, lines.line(b.start), (), how))
            at = b.end
        if at < end:
            out.append(text[at:end])
        pos = end
    # renumbered in document order; a parent's nested segments (which follow it) point at it,
    # and it holds them as they are numbered now
    final: list[str | Segment] = []
    index = 0
    host = -1  # where in final the parent of the next nested segments is
    for part in out:
        if isinstance(part, NestedSegment):
            owner = final[host]
            assert isinstance(owner, CodedSegment)
            part = replace(part, index=index, parent=owner.index)
            final[host] = replace(owner, nested=(*owner.nested, part))
            index += 1
        elif isinstance(part, Segment):
            if isinstance(part, CodedSegment) and part.nested:
                part = replace(part, index=index, nested=())
                host = len(final)
            else:
                part = replace(part, index=index)
            index += 1
        final.append(part)
    return final


def set_language(tag: str, lang: str) -> str:
    """The ``<html …>`` start tag with ``lang`` (and ``dir``) set for ``lang``; rest untouched."""
    base = bcp47(lang)
    direction = "rtl" if base_language(lang) in RTL else "ltr"
    parsed = parse_tag(tag, 0)
    if parsed is None:
        return tag
    name, attrs, _, _ = parsed
    wanted = {"lang": base, "xml:lang": base, "dir": direction}
    pos = last = 1 + len(name)
    out = [tag[:pos]]
    seen: set[str] = set()
    for a in attrs:
        stop = a.end + (1 if a.quote else 0)
        last = max(last, stop)
        if a.name in seen or a.name not in wanted:
            continue  # a browser reads the first of a repeated attribute
        seen.add(a.name)
        out.append(tag[pos : a.name_start] + f'{a.name}="{wanted[a.name]}"')
        pos = stop
    extra = "".join(f' {n}="{wanted[n]}"' for n in ("lang", "dir") if n not in seen)
    if pos > last:
        return "".join(out) + extra + tag[pos:]
    return "".join(out) + tag[pos:last] + extra + tag[last:]
