"""Markdown articles (CommonMark, with GFM tables and strikethrough), read by markdown-it-py.

markdown-it gives each block its lines (``token.map``) and each paragraph its inline source with
the container prefixes (``> ``, list indentation) taken out, but no offsets for inline markup. To
be byte-exact, the inline rules are wrapped: each records where in the inline source it started
and stopped, so every emphasis delimiter, link bracket, code span, image, inline HTML tag and line
break is known by offset; inline offsets are mapped back to the file through the block's lines.
Text is the source as written (backslash escapes and entities stay), so rebuilding is exact.
Nothing is taken from code blocks, fenced code, HTML blocks (an embedded ``<script>``) or URLs;
an image standalone in its paragraph gives its alt text as a segment.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from localize.formats.blocks import Block, LineIndex, Mark, assemble
from localize.segment import Segment

__all__ = ["parse_markdown"]

_SEQUENTIAL = {"emphasis", "strikethrough"}  # rules that push one token per delimiter run


def _wrap(name: str, fn: Any) -> Any:
    def rule(state: Any, silent: bool) -> bool:
        if silent:
            return fn(state, silent)
        p0, n0, had = state.pos, len(state.tokens), bool(state.pending)
        labels = state.__dict__.setdefault("_labels", [])
        mark = len(labels)
        ok = fn(state, silent)
        if not ok:
            return ok
        # the token is kept with its span, so its id is never reused by another token
        spans = state.env["_spans"]
        new = state.tokens[n0:]
        if had and new and new[0].type == "text" and not state.pending:
            new = new[1:]  # the pending text flushed by the rule's first push
        if name in _SEQUENTIAL:
            at = p0
            for tok in new:
                if id(tok) not in spans:
                    spans[id(tok)] = (at, at + len(tok.content), "", tok)
                    at += len(tok.content)
        elif name == "link" and new:
            label_end = labels[mark] if len(labels) > mark else state.pos
            spans[id(new[0])] = (p0, p0 + 1, "", new[0])
            spans[id(new[-1])] = (label_end, state.pos, "", new[-1])
        elif name == "autolink" and new:
            spans[id(new[0])] = (p0, state.pos, "whole", new[0])
        else:
            for tok in new:
                if id(tok) not in spans and tok.type != "text":
                    spans[id(tok)] = (p0, state.pos, "", tok)
        return ok

    return rule


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt
    from markdown_it.parser_inline import ParserInline

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    for r in md.inline.ruler.__rules__:
        r.fn = _wrap(r.name, r.fn)
    md.inline.ruler.__cache__ = None
    inline = md.inline

    def tokenize(state: Any) -> None:
        state.__dict__.setdefault("_labels", []).append(state.posMax)
        ParserInline.tokenize(inline, state)

    inline.tokenize = tokenize  # type: ignore[method-assign]
    return md


@cache
def plain_parser() -> Any:
    """markdown-it as the articles are read, without the offset recording (for checks)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


class _Lines:
    """Maps offsets in a block's inline source to offsets in the file."""

    def __init__(self, content: str, src: str, lines: LineIndex, first: int, table: bool) -> None:
        self.cstarts: list[int] = []
        self.leads: list[int] = []
        self.sstarts: list[int] = []
        self.ok = True
        at = 0
        cursor: dict[int, int] = {}
        for i, line in enumerate(content.split("\n")):
            self.cstarts.append(at)
            at += len(line) + 1
            body = line.lstrip()
            self.leads.append(len(line) - len(body))
            n = first + i
            if n >= len(lines.starts):
                self.ok = False
                self.sstarts.append(len(src))
                continue
            ls = lines.starts[n]
            le = lines.starts[n + 1] if n + 1 < len(lines.starts) else len(src)
            text = src[ls:le].rstrip("\r\n")
            if table:
                found = text.find(body, cursor.get(n, 0))
                cursor[n] = found + len(body)
            elif not body:
                found = len(text)
            else:
                found = text.rfind(body)
                if i < content.count("\n") and found + len(body) != len(text):
                    found = -1 if not text.endswith(body) else len(text) - len(body)
            if found < 0:
                self.ok = False
                found = 0
            self.sstarts.append(ls + found)

    def __call__(self, offset: int) -> int:
        i = bisect.bisect_right(self.cstarts, offset) - 1
        col = offset - self.cstarts[i]
        return self.sstarts[i] + max(0, col - self.leads[i])


def _marks(
    children: list[Any], spans: dict[int, tuple[int, int, str, Any]], at: _Lines, src: str
) -> list[Mark]:
    """Inline markup as marks in file offsets, with the alt and title texts inside them."""
    marks: list[Mark] = []
    floor = at(0)  # trailing spaces before a break are taken in, never across the block start
    stack: list[tuple[str, int]] = []
    html_stack: list[tuple[str, int]] = []
    titled: dict[int, int] = {}  # pair -> index of a link_open mark whose link has a title
    pair = 0
    for tok in children:
        span = spans.get(id(tok))
        if span is None:
            continue
        a, b, how, _ = span
        t = tok.type
        if t in ("strong_open", "strong_close") and len(tok.markup) == 2 and b - a == 1:
            a, b = (a - 1, b) if t == "strong_open" else (a, b + 1)
        s, e = at(a), at(b)
        if how == "whole":
            marks.append(Mark(s, e, "empty"))
        elif t.endswith("_open"):
            pair += 1
            stack.append((t[:-5], pair))
            marks.append(Mark(s, e, "open", pair))
            if t == "link_open" and tok.attrs.get("title"):
                titled[pair] = len(marks) - 1
        elif t.endswith("_close"):
            if stack and stack[-1][0] == t[:-6]:
                n = stack.pop()[1]
                marks.append(Mark(s, e, "close", n))
                if n in titled:  # the title is in "](url "title")": give it to the opening
                    title = _title(src, s, e)
                    if title:
                        i = titled[n]
                        o = marks[i]
                        marks[i] = Mark(o.start, o.end, o.role, o.pair, (title,))
            else:
                marks.append(Mark(s, e, "empty"))
        elif t == "softbreak":
            while s > floor and src[s - 1] in " \t":
                s -= 1
            marks.append(Mark(s, e, "space"))
        elif t == "hardbreak":
            while s > floor and src[s - 1] in " \t":
                s -= 1
            marks.append(Mark(s, e, "empty"))
        elif t == "html_inline":
            tag = re.match(r"<(/?)([A-Za-z][A-Za-z0-9-]*)", tok.content)
            closing_self = tok.content.rstrip().endswith("/>")
            if tag and not tag.group(1) and not closing_self:
                pair += 1
                html_stack.append((tag.group(2).lower(), pair))
                marks.append(Mark(s, e, "open", pair))
            elif tag and tag.group(1):
                name = tag.group(2).lower()
                found = next(
                    (i for i in range(len(html_stack) - 1, -1, -1) if html_stack[i][0] == name),
                    None,
                )
                if found is None:
                    marks.append(Mark(s, e, "empty"))
                else:
                    marks.append(Mark(s, e, "close", html_stack[found][1]))
                    del html_stack[found:]
            else:
                marks.append(Mark(s, e, "empty"))
        elif t in ("image", "code_inline"):
            attrs: list[tuple[int, int, str]] = []
            if t == "image" and tok.content.strip():
                attrs.append((at(a + 2), at(a + 2 + len(tok.content)), "alt"))
                title = _title(src, s, e) if tok.attrs.get("title") else None
                if title:
                    attrs.append(title)
            marks.append(Mark(s, e, "empty", attrs=tuple(attrs)))
        # text_special (escapes, entities) is text, as written
    return marks


_TITLE = re.compile(r"""\s("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\))\s*\)$""")


def _title(src: str, start: int, end: int) -> tuple[int, int, str] | None:
    """The title text in a link's or image's ``(url "title")`` at ``src[start:end]``."""
    m = _TITLE.search(src, start, end)
    if m is None:
        return None
    return (m.start(1) + 1, m.end(1) - 1, "title")


def _blocks(src: str) -> list[Block]:
    md = _parser()
    env: dict[str, Any] = {"_spans": {}}
    tokens = md.parse(src, env)
    spans = env["_spans"]
    lines = LineIndex(src)
    out: list[Block] = []
    context: list[str] = []
    for tok in tokens:
        if tok.nesting == 1:
            context.append(tok.type)
        elif tok.nesting == -1 and context:
            context.pop()
        if tok.type != "inline" or tok.map is None or not tok.content:
            continue
        parent = context[-1] if context else ""
        table = parent in ("th_open", "td_open")
        at = _Lines(tok.content, src, lines, tok.map[0], table)
        if not at.ok:
            continue  # not located exactly: left as layout rather than risk the bytes
        kind = "paragraph"
        if parent == "heading_open":
            kind = "heading"
        elif "list_item_open" in context:
            kind = "list-item"
        marks = _marks(tok.children or [], spans, at, src)
        start, end = at(0), at(len(tok.content))
        # a photo alone in its paragraph gives its alt (and title) text, as segments of their own
        out.append(Block(start, end, kind, tuple(marks)))
    return out


def parse_markdown(text: str) -> Iterator[str | Segment]:
    """Layout strings and segments of a Markdown document (``"".join`` gives ``text`` back)."""
    yield from assemble(text, _blocks(text), escape="md", attr_escape="md-attr")
