"""From a document's blocks (source ranges plus the inline markup inside them) to segments.

Each format parser finds its blocks and marks the inline markup in them by source offsets
(:class:`Mark`); everything in a block that is not marked is text. Here the text is split into
sentences by the plain-text splitter (:func:`localize.segment.split_sentences`, on the text with the
markup taken out), a sentence is widened until every code pair it touches lies inside it, the
pairs that wrap a whole sentence become layout, and the rest become numbered codes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from localize.formats.codes import CODE, CodedSegment, NestedSegment, strip
from localize.formats.escape import attr_how
from localize.segment import Segment, segment_text, split_sentences

__all__ = ["Mark", "Block", "assemble", "LineIndex"]

_FOLD = re.compile(r"\s*(?:\r\n|\r|\n)\s*")
_LINE_END = re.compile(r"[ \t]*(?:\r|\n|\Z)")
# Character references for white space (&nbsp; &#160; &#x20;), outer white space like any other.
_SPACE_REF = re.compile(r"&(?:nbsp|ensp|emsp|thinsp|#160|#[xX]0*[aA]0|#32|#[xX]0*20);")
_SPACE_REF_END = re.compile(_SPACE_REF.pattern + "$")


@dataclass(frozen=True)
class Mark:
    """Inline markup at ``src[start:end]``.

    role: "open" / "close" (a pair, same ``pair`` value), "empty" (standalone: a line break, an
    image, inline code, a comment), or "space" (a line break with the next line's container
    prefix, e.g. Markdown's ``> ``, read as one space).
    """

    start: int
    end: int
    role: str
    pair: int = -1
    attrs: tuple[tuple[int, int, str], ...] = ()  # alt/title values inside: (start, end, kind)


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    kind: str
    marks: tuple[Mark, ...] = ()
    split: bool = True  # False: one segment whatever its punctuation (alt text, a title)


class LineIndex:
    """1-based line numbers of offsets (CRLF, CR and LF each end a line)."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


_Attr = tuple[int, int, str]  # an alt/title value: (start, end, kind)
# a sentence: (start, end, text, markup, its alt/title values, kind)
_Found = tuple[int, int, str, tuple[tuple[str, str], ...], list[_Attr], str]


def _breaks_line(markup: str) -> bool:
    """A line break (Markdown's hard break, ``<br>``) separates words like a space."""
    return "\n" in markup or "\r" in markup or markup[:3].lower() == "<br"


def _balance(marks: Sequence[Mark]) -> list[Mark]:
    """Opens and closes without their partner in the block become standalone codes."""
    opens = {m.pair for m in marks if m.role == "open"}
    closes = {m.pair for m in marks if m.role == "close"}
    out = []
    for m in marks:
        if m.role in ("open", "close") and not (m.pair in opens and m.pair in closes):
            m = Mark(m.start, m.end, "empty", attrs=m.attrs)
        out.append(m)
    return out


def _trim(src: str, start: int, end: int, marks: Sequence[Mark]) -> tuple[int, int]:
    """The range without outer white space, space marks and pairs wrapping all of it."""
    by_start = {m.start: m for m in marks}
    by_end = {m.end: m for m in marks}
    partner = {}
    for m in marks:
        if m.role in ("open", "close"):
            partner[(m.role, m.pair)] = m
    while True:
        s, e = start, end
        while s < e:
            if s in by_start and by_start[s].role == "space":
                s = by_start[s].end
            elif src[s].isspace():
                s += 1
            elif src[s] == "&" and (ref := _SPACE_REF.match(src, s, e)):
                s = ref.end()
            else:
                break
        while s < e:
            if e in by_end and by_end[e].role == "space":
                e = by_end[e].start
            elif src[e - 1].isspace():
                e -= 1
            elif src[e - 1] == ";" and (ref := _SPACE_REF_END.search(src, s, e)):
                e = ref.start()
            else:
                break
        first, last = by_start.get(s), by_end.get(e)
        if (
            first is not None
            and last is not None
            and first.role == "open"
            and last.role == "close"
            and first.pair == last.pair
            and first.end <= last.start
        ):
            start, end = first.end, last.start
            continue
        return s, e


@lru_cache(maxsize=4096)
def _split_cached(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(split_sentences(text))


def _split(text: str) -> Sequence[tuple[int, int]]:
    """Sentence spans of a block's plain text; repeated blocks (boilerplate) are split once."""
    return _split_cached(text) if len(text) <= 16_000 else split_sentences(text)


def _sentences(src: str, start: int, end: int, marks: Sequence[Mark]) -> list[tuple[int, int]]:
    """Sentence ranges of ``src[start:end]``, widened so that no code pair is cut."""
    inside = [m for m in marks if start <= m.start and m.end <= end]
    plain: list[str] = []
    offs: list[int] = []
    pos = start
    for m in inside:
        for i in range(pos, m.start):
            plain.append(src[i])
            offs.append(i)
        if m.role == "space" or (m.role == "empty" and _breaks_line(src[m.start : m.end])):
            plain.append(" ")
            offs.append(m.start)
        pos = max(pos, m.end)
    for i in range(pos, end):
        plain.append(src[i])
        offs.append(i)
    text = "".join(plain).replace("\r", " ").replace("\n", " ")
    spans = [(offs[a], offs[b - 1] + 1) for a, b in _split(text)] if text.strip() else []
    if not spans:
        return [(start, end)] if start < end else []
    # Sentences take the opening codes glued before them and the closing codes glued after.
    by_end = {m.end: m for m in inside}
    by_start = {m.start: m for m in inside}
    wide = []
    for s, e in spans:
        while s in by_end and by_end[s].role == "open":
            s = by_end[s].start
        while e in by_start and by_start[e].role == "close":
            e = by_start[e].end
        wide.append([s, e])
    pairs: dict[int, list[Mark]] = {}
    for m in inside:
        if m.role in ("open", "close"):
            pairs.setdefault(m.pair, []).append(m)
    spans_of_pairs = sorted(
        (min(m.start for m in ends), max(m.end for m in ends)) for ends in pairs.values()
    )
    changed = True
    while changed:  # sentences are sorted and disjoint: find the ones a pair touches by bisection
        changed = False
        starts = [w[0] for w in wide]
        for lo, hi in spans_of_pairs:
            a = max(0, bisect.bisect_right(starts, lo) - 1)
            b = bisect.bisect_left(starts, hi) - 1
            hit = [i for i in range(a, b + 1) if wide[i][0] < hi and lo < wide[i][1]]
            if not hit:
                continue  # the pair lies in the layout between sentences
            a, b = hit[0], hit[-1]
            s, e = min(wide[a][0], lo), max(wide[b][1], hi)
            if a != b or (s, e) != tuple(wide[a]):
                wide[a : b + 1] = [[s, e]]
                changed = True
                break
    return [(s, e) for s, e in wide]


def _segment(
    src: str,
    s: int,
    e: int,
    marks: Sequence[Mark],
    decode: Callable[[str], str],
) -> tuple[int, int, str, tuple[tuple[str, str], ...], list[tuple[int, int, str]]]:
    """(start, end, msgid, markup, attribute spans in its codes) of one sentence.

    Pairs wrapping the whole sentence are peeled off (layout).
    """
    # marks are sorted by start: the ones inside are a slice
    lo = bisect.bisect_left(marks, s, key=lambda m: m.start)
    hi = bisect.bisect_left(marks, e, key=lambda m: m.start)
    inside = [m for m in marks[lo:hi] if m.end <= e]
    s, e = _trim(src, s, e, inside)
    inside = [m for m in inside if s <= m.start and m.end <= e]
    number: dict[int, int] = {}
    markup: list[list[str]] = []
    closing = {m.pair: m for m in inside if m.role == "close"}
    out: list[str] = []
    attrs: list[tuple[int, int, str]] = []
    pos = s

    def text(a: int, b: int) -> None:
        # Literal text that reads as a code ("<1>", "</ 2>") is a standalone code of itself:
        # the msgid's codes stay balanced, the rebuild is exact and translators cannot break it.
        at = a
        for c in CODE.finditer(src, a, b):
            piece = decode(src[at : c.start()])
            out.append(src[at : c.start()] if CODE.search(piece) else piece)
            markup.append([c.group(), ""])
            out.append(f"<{len(markup)}/>")
            at = c.end()
        piece = decode(src[at:b])
        out.append(src[at:b] if CODE.search(piece) else piece)  # a code made of references

    for m in inside:
        text(pos, m.start)
        raw = src[m.start : m.end]
        if m.role in ("open", "empty"):
            attrs.extend(m.attrs)
        if m.role == "space":
            out.append(" ")
        elif m.role == "open":
            markup.append([raw, src[closing[m.pair].start : closing[m.pair].end]])
            number[m.pair] = len(markup)
            out.append(f"<{len(markup)}>")
        elif m.role == "close":
            out.append(f"</{number[m.pair]}>")
        else:
            markup.append([raw, ""])
            out.append(f"<{len(markup)}/>")
        pos = m.end
    text(pos, e)
    msgid = _FOLD.sub(" ", "".join(out))
    return s, e, msgid, tuple((a, b) for a, b in markup), attrs


def _line_kind(text: str) -> str:
    """A one-sentence paragraph's kind as the plain-text reader sees it: a byline (``By …``),
    a dateline (``MOSCOW --``), a photo caption or credit; otherwise a paragraph."""
    segs = segment_text(text).segments
    if len(segs) == 1 and segs[0].kind in ("byline", "dateline", "caption", "credit"):
        return segs[0].kind
    return "paragraph"


def _how(attr_escape: str, src: str, start: int) -> str:
    """The escape of an attribute value at ``src[start]``: HTML's unquoted ones get quotes."""
    return attr_how(src, start) if attr_escape == "attr" else attr_escape


def assemble(
    src: str,
    blocks: Sequence[Block],
    *,
    decode: Callable[[str], str] = lambda t: t,
    escape: str = "",
    attr_escape: str = "",
) -> Iterator[str | Segment]:
    """The document as layout strings and segments; ``"".join`` of layout and raws is ``src``.

    ``blocks`` must be in source order and not overlap. An alt or title inside a sentence's
    markup (a link's title) follows that sentence as a :class:`NestedSegment`, which is no part
    of the join: it lives inside its parent's raw.
    """
    lines = LineIndex(src)
    pos = 0
    index = 0
    for block in blocks:
        marks = _balance(sorted(block.marks, key=lambda m: m.start))
        s, e = _trim(src, block.start, block.end, marks)
        ranges = (_sentences(src, s, e, marks) if block.split else [(s, e)]) if s < e else []
        found: list[_Found] = []
        for a, b in ranges:
            a, b, text, markup, attrs = _segment(src, a, b, marks, decode)
            if a >= b or not strip(text).strip():
                continue
            kind = block.kind
            if kind == "paragraph" and len(ranges) == 1:
                kind = _line_kind(strip(text))
            found.append((a, b, text, markup, attrs, kind))
        # alt/title texts of markup left in the layout (a photo alone in its paragraph, a link
        # around a whole list item) are segments of their own there
        used = {x for *_, attrs, _ in found for x, _, _ in attrs}
        loose = [(x, y, what) for m in marks for x, y, what in m.attrs if x not in used]
        items: list[tuple[int, int, _Found | _Attr]] = sorted(
            [(a, 0, f) for f in found for a in (f[0],)]
            + [(x, 1, t) for t in loose for x in (t[0],)]
        )
        for start, is_attr, item in items:
            if start < pos:
                continue
            if is_attr:
                x, y, what = cast(_Attr, item)
                value = _FOLD.sub(" ", decode(src[x:y])).strip()
                if not value:
                    continue
                if x > pos:
                    yield src[pos:x]
                if attr_escape or value != src[x:y]:
                    how = _how(attr_escape, src, x)
                    yield CodedSegment(index, value, src[x:y], what, lines.line(x), (), how)
                else:
                    yield Segment(index, value, src[x:y], what, lines.line(x))
                index += 1
                pos = y
                continue
            a, b, text, markup, attrs, kind = cast(_Found, item)
            if a > pos:
                yield src[pos:a]
            raw = src[a:b]
            line = lines.line(a)
            nested: list[NestedSegment] = []
            for x, y, what in attrs:
                value = _FOLD.sub(" ", decode(src[x:y])).strip()
                if value:
                    nested.append(
                        NestedSegment(
                            index + 1 + len(nested),
                            value,
                            src[x:y],
                            what,
                            lines.line(x),
                            escape=_how(attr_escape, src, x),
                            parent=index,
                            offset=x - a,
                        )
                    )
            if markup or escape:
                # what follows, spaces before a line's end read as the end (Markdown's breaks)
                after = "\n" if _LINE_END.match(src, b) else src[b : b + 1]
                around = (src[a - 1 : a], after)
                yield CodedSegment(
                    index, text, raw, kind, line, markup, escape, tuple(nested), around
                )
            else:
                yield Segment(index, text, raw, kind, line)
            index += 1 + len(nested)
            yield from nested
            pos = b
    if pos < len(src):
        yield src[pos:]
