"""Plain-text blocks: lines, standalone lines, lists, enumerations, prose; text -> segments.

Blocks are separated by blank lines. Inside a block, each list item (``•``, ``-``, ``*``, ``1.``,
``2)`` ...) is its own block, with its marker and indentation as layout, unless the line is an
inline enumeration (``1.) one 2.) two``: one segment per item, markers kept, never a bare
marker); a run of short lines without sentence punctuation (headlines, a caption repeated) gives
one segment per line, a line holding a sentence end before a capital word being split; any other
run is prose, split into sentences (:mod:`.sentences`). A block longer than :data:`BLOCK_LIMIT`
is segmented piece by piece. Joining the parts gives the input back byte for byte (BOM, line
endings, indentation, bullets and blank lines are layout); nothing in the text is normalised.

Segment kinds (:data:`.records.KINDS`): ``heading`` (a standalone line: headline, page chrome),
``caption`` (a photo caption line), ``dateline`` (a standalone ``MOSCOW --`` line; a dateline at
the start of a paragraph stays with its first sentence), ``byline`` (``With reporting by ...``,
``By ...``), ``list-item`` (a sentence of a list item) and ``paragraph`` (a sentence of prose).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from localize.segment.records import Document, Segment
from localize.segment.sentences import CREDIT_WORDS, DATELINE, split_sentences

__all__ = [
    "LIST_MARKER",
    "BLOCK_LIMIT",
    "LINE_BREAK",
    "text_lines",
    "iter_parts",
    "segment_text",
]

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A list marker opening a line: a bullet, "3.", "d." (a lone letter item), "iv)" (roman).
LIST_MARKER = re.compile(
    r"[ \t\u00a0]*(?:[•◦▪●‣⁃∙·*\-–]|\d{1,3}[.)]|[a-z][.)]|(?:x{0,3}(?:ix|iv|v?i{1,3})|x{1,3}|v)\))"
    r"[ \t\u00a0]+(?=\S)"
)
# Fullwidth stops end sentences too ("Test strange period．Does it …").
_TERMINAL = re.compile(r"[.!?…:;．。！？]['\"’”»)\]]*$")
_CONTINUES = re.compile(r"(?:[,(\[“‘]|\b(?:and|or|of|the|a|an|to|in|on|for|with|by|as|that))$")
_CAPTION = re.compile(
    r"\((?:file )?photo\)|\bfile photo\b|\bphoto(?:graph)?s?\s*(?::|by\b|credit)"
    r"|\b(?:AFP|Getty Images|AP Photo|REUTERS|EPA|TASS|Sputnik)/|\(AFP\)|\(Getty Images\)",
    re.I,
)
# A photo credit on its own: "Image: United States Navy.", "(AP Photo/Efrem Lukatsky)",
# "REUTERS/Gleb Garanich", "Photo by Amanda Loman / The Oregonian".
_AGENCIES = r"(?:AP|AFP|EPA|Reuters|REUTERS|Getty Images|TASS|Sputnik|Xinhua|Anadolu)"
_CREDIT = re.compile(
    CREDIT_WORDS + r"(?::|\s+by\b)\s*\S.{0,120}"
    r"|\(?" + _AGENCIES + r"(?: Photo| Images)?/[^()\r\n]{1,80}\)?"
    r"|\(" + _AGENCIES + r"(?: Photo)?\)"
)
_BYLINE = re.compile(r"(?:With reporting by|Reporting by|Compiled by|Written by|By)\s", re.I)
_FOLD = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t\r\n]*")


def text_lines(text: str) -> Iterator[str]:
    """Every line of ``text`` with its ending (CRLF, CR or LF); the last may lack one."""
    pos, n = 0, len(text)
    while pos < n:
        m = _LINE.match(text, pos)
        assert m is not None and m.end() > pos
        yield m.group()
        pos = m.end()


def _kind_of_line(line: str) -> str:
    if _CAPTION.search(line):
        return "caption"
    if DATELINE.fullmatch(line):
        return "dateline"
    if _BYLINE.match(line):
        return "byline"
    return "heading"


# A sentence end followed by a capitalised word: a line holding one is never a single headline.
_INNER_BOUNDARY = re.compile(r"[.!?…]['\"’”»)\]]*\s+(?:[\"“‘'(]?[A-Z0-9]|[a-z][.)]\s)")


_STANDALONE_CHARS = 400  # a headline, caption or credit line is never longer
_LIST_WORDS = 3  # lines this short, none ending a sentence, are items: prose is never so narrow


def _standalone(lines: list[str]) -> bool:
    """A run of lines that are each their own segment: short, unpunctuated, not wrapped prose."""
    if any(_TERMINAL.search(line) or len(line) > _STANDALONE_CHARS for line in lines):
        return False
    if len(lines) == 1:
        # "... filed a complaint. The lawyer said," ends mid-sentence: prose, not a headline.
        return len(lines[0].split()) <= 25 and not _CONTINUES.search(lines[0])
    if any(_CONTINUES.search(line) for line in lines[:-1]):
        return False
    if all(len(line.split()) <= _LIST_WORDS for line in lines):
        return True  # "features / contact manager / events, activities": a list, not prose
    return not any(line[:1].islower() for line in lines[1:])


def _title_like(line: str) -> bool:
    """A headline in Title Case, or a caption: a line that is not the start of a sentence."""
    if _TERMINAL.search(line) or DATELINE.fullmatch(line) or len(line) > _STANDALONE_CHARS:
        return False
    if _CAPTION.search(line):
        return True
    long = [w for w in line.split() if sum(ch.isalpha() for ch in w) >= 4]
    return len(long) >= 2 and len(line.split()) <= 20 and all(w[:1].isupper() for w in long)


def _line_spans(start: int, body: str, spans: list[tuple[int, int, str]]) -> None:
    """A standalone line: one segment of its kind, unless it holds sentence ends (then split)."""
    if _INNER_BOUNDARY.search(body):
        found = split_sentences(body)
        if len(found) > 1:  # "Police arrested two men. Both were released on Friday"
            spans.extend((start + s, start + e, "paragraph") for s, e in found)
            return
    spans.append((start, start + len(body), _kind_of_line(body)))


def _hard_breaks(content: list[tuple[int, str]]) -> list[int]:
    """Indexes of lines that end early: the next line's first word would have fitted on them.

    A wrapped paragraph fills its lines up to a width; a line that stops well short of it
    ends where the writer ended it (a header, a verse, a list without markers).
    """
    if len(content) < 2:
        return []
    width = max(len(body) for _, body in content)
    out = []
    for i in range(len(content) - 1):
        body, following = content[i][1], content[i + 1][1]
        if _ends_in_item(body):
            out.append(i)  # "a. here it is b. another c. one more" then a new line
            continue
        if _TERMINAL.search(body) or _CONTINUES.search(body) or DATELINE.fullmatch(body):
            continue
        if len(body) + 1 + len(following.split()[0]) <= width - 8:
            out.append(i)
    return out


_ITEM_MARK = re.compile(r"(?<!\S)(?:(\d{1,2})|([a-z]))([.)])[ \t]+(?=\S)")


def _ends_in_item(body: str) -> bool:
    """True when ``body`` ends inside the last item of an inline enumeration (a., b., c.)."""
    marks = list(_ITEM_MARK.finditer(body))
    if len(marks) < 2:
        return False
    last, before = marks[-1], marks[-2]

    def value(m: re.Match[str]) -> int:
        return int(m.group(1)) if m.group(1) else ord(m.group(2))

    consecutive = (
        bool(last.group(1)) == bool(before.group(1))
        and last.group(3) == before.group(3)
        and value(last) == value(before) + 1
    )
    return consecutive and not _TERMINAL.search(body)


# A table of contents line: "Better Eating.......... 8": the leader and page are layout.
_TOC_LINE = re.compile(r"(.*?[^.\s])[ \t]*\.{4,}[ \t]*\d+(?:[-–]\d+)?")


def _run_spans(text: str, run: list[int], spans: list[tuple[int, int, str]]) -> None:
    """Spans of a run of non-bullet lines; ``run`` holds line offsets, the last one its end."""
    content: list[tuple[int, str]] = []
    for a, b in zip(run, run[1:], strict=False):
        line = text[a:b]
        body = line.strip()
        content.append((a + len(line) - len(line.lstrip()), body))
    if all(_TOC_LINE.fullmatch(body) for _, body in content):
        for start, body in content:
            title = _TOC_LINE.fullmatch(body).group(1)  # type: ignore[union-attr]
            spans.append((start, start + len(title), "heading"))
        return
    if _standalone([body for _, body in content]):
        for start, body in content:
            _line_spans(start, body, spans)
        return
    # A headline or caption line glued to the paragraph under it is still its own segment.
    while len(content) > 1 and _title_like(content[0][1]) and content[1][1][:1].isupper():
        start, body = content.pop(0)
        _line_spans(start, body, spans)
    breaks = _hard_breaks(content)
    if breaks:
        at = 0
        for i in [*breaks, len(content) - 1]:
            _prose_spans(text, content[at : i + 1], spans)
            at = i + 1
        return
    _prose_spans(text, content, spans)


def _prose_spans(
    text: str, content: list[tuple[int, str]], spans: list[tuple[int, int, str]]
) -> None:
    start = content[0][0]
    end = content[-1][0] + len(content[-1][1])
    sentences = split_sentences(text[start:end])
    kind = "paragraph"
    if len(sentences) == 1 and not _TERMINAL.search(text[start:end]):
        kind = _kind_of_line(_FOLD.sub(" ", text[start:end]))
        kind = "paragraph" if kind == "heading" else kind
    spans.extend((start + s, start + e, kind) for s, e in sentences)


# An inline enumeration: "1.) The first item 2.) The second item", "a. one b. two",
# "• 9. The first item • 10. The second item". Its markers are text, as pySBD's sets write them.
_ENUM_START = re.compile(
    r"(?P<pre>[•⁃◦▪‣∙][ \t]*)?(?:(?P<num>\d{1,3})|(?P<let>[a-z]))(?P<suf>\.\)|[.)])[ \t]+(?=\S)"
)


def _enumeration(body: str) -> list[int]:
    """Offsets in ``body`` where the items of an inline enumeration start; [] if it is not one."""
    m = _ENUM_START.match(body)
    if m is None or (m.group("let") and not m.group("pre") and m.group("let") not in "ai"):
        return []
    pre, suf = m.group("pre") or "", m.group("suf")
    value = int(m.group("num")) if m.group("num") else ord(m.group("let"))
    starts, pos = [0], m.end()
    while True:
        value += 1
        mark = str(value) if m.group("num") else chr(value)
        nxt = re.compile(
            r"(?<=\s)"
            + re.escape(pre.strip())
            + r"[ \t]*" * bool(pre)
            + re.escape(mark)
            + re.escape(suf)
            + r"[ \t]+(?=\S)"
        ).search(body, pos)
        if nxt is None or (mark.isalpha() and value > ord("z")):
            break
        starts.append(nxt.start())
        pos = nxt.end()
    return starts if len(starts) > 1 else []


def _enumeration_spans(
    start: int, body: str, items: list[int], spans: list[tuple[int, int, str]]
) -> None:
    """Each item of an inline enumeration, its marker kept with its first sentence."""
    for a, b in zip(items, [*items[1:], len(body)], strict=True):
        item = body[a:b].rstrip()
        marker = _ENUM_START.match(item)
        head = marker.end() if marker else 0
        found = split_sentences(item[head:])
        if not found:
            spans.append((start + a, start + a + len(item), "list-item"))
            continue
        found[0] = (-head, found[0][1])
        spans.extend((start + a + head + s, start + a + head + e, "list-item") for s, e in found)


def _block_spans(text: str, starts: list[int]) -> list[tuple[int, int, str]]:
    """Segment spans of one block (its lines begin at ``starts``, then ``len(text)``)."""
    spans: list[tuple[int, int, str]] = []
    run: list[int] = []
    item: tuple[int, int] | None = None  # body start and indentation of the open list item

    def close_item(start: int, end: int) -> None:
        body = text[start:end]
        spans.extend((start + s, start + e, "list-item") for s, e in split_sentences(body.rstrip()))

    def close_run(end: int) -> None:
        if run:
            _run_spans(text, [*run, end], spans)
            run.clear()

    for i, off in enumerate(starts[:-1]):
        line = text[off : starts[i + 1]]
        bullet = LIST_MARKER.match(line)
        indent = len(line) - len(line.lstrip())
        items = _enumeration(line[indent:].rstrip()) if len(line) < _CACHED_BLOCK else []
        if items:
            if item:
                close_item(item[0], off)
                item = None
            close_run(off)
            _enumeration_spans(off + indent, line[indent:].rstrip(), items, spans)
        elif bullet:
            if item:
                close_item(item[0], off)
            close_run(off)
            item = (off + bullet.end(), indent)
        elif item and indent > item[1]:
            continue  # an indented line goes on with the open list item
        else:
            if item:
                close_item(item[0], off)
                item = None
            run.append(off)
    end = starts[-1]
    if item:
        close_item(item[0], end)
    close_run(end)
    return _translatable(text, spans)


# A rule drawn with one character ("//////", "=====") around a line's text.
_RULE_HEAD = re.compile(r"([/\\=*#~_+|-])\1{3,}")
_RULE_TAIL = re.compile(r"([/\\=*#~_+|-])\1{3,}$")


def _translatable(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Spans less the rules drawn around them; a span of digits and no letter (a page
    number) is layout: there is nothing in it to translate. Lone punctuation ("?!") stays."""
    out = []
    for s, e, kind in spans:
        head = _RULE_HEAD.match(text, s, e)
        if head:
            s = head.end()
        tail = _RULE_TAIL.search(text, s, e)
        if tail:
            e = tail.start()
        raw = text[s:e]
        stripped = raw.strip()
        if not stripped or (
            not any(ch.isalpha() for ch in stripped) and any(ch.isdigit() for ch in stripped)
        ):
            continue
        s += len(raw) - len(raw.lstrip())
        if _CREDIT.fullmatch(_FOLD.sub(" ", stripped)):
            kind = "credit"
        out.append((s, s + len(stripped), kind))
    return out


_CACHED_BLOCK = 16_000  # characters; larger blocks are rare and would crowd the cache


@lru_cache(maxsize=4096)
def _cached_spans(lines: tuple[str, ...]) -> tuple[tuple[int, int, str], ...]:
    text = "".join(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return tuple(_block_spans(text, starts))


def _spans_of(
    lines: tuple[str, ...], text: str, starts: list[int]
) -> Sequence[tuple[int, int, str]]:
    """A block's spans; repeated blocks (datelines, credits, boilerplate) are segmented once."""
    if len(text) > _CACHED_BLOCK:
        return _block_spans(text, starts)
    return _cached_spans(lines)


#: A block (paragraph) longer than this many characters is segmented in pieces of about this
#: size, cut between sentences, so memory and time stay linear however long a line is.
BLOCK_LIMIT = 1_000_000
_ENDS_LINE = ("\n", "\r")


def iter_parts(source: str | Iterable[str]) -> Iterator[str | Segment]:
    """Layout strings and segments of ``source`` (a text, or its lines with their endings).

    Lines may be fed one by one (the plain-text reader does), so memory stays bounded by the
    largest block, and a block longer than :data:`BLOCK_LIMIT` is segmented piece by piece.
    A string without a line ending continues onto the next one (a long line may come in
    pieces; a CRLF is never split between two). Layout between two segments comes as one
    string; none is empty.
    """
    lines = text_lines(source) if isinstance(source, str) else source
    pending: list[str] = []
    block: list[str] = []  # complete lines of the open block
    parts: list[str] = []  # pieces of the line being read
    size = 0  # characters in block and parts
    block_first = 0  # line number of the open block's first line
    count = 0
    lineno = 0  # complete lines seen so far
    first = True

    def emit(text: str, spans: Sequence[tuple[int, int, str]], first_line: int, upto: int):
        """Layout and segments of ``text`` for ``spans``; text past ``upto`` stays pending."""
        nonlocal count
        starts = [m.end() for m in LINE_BREAK.finditer(text)]
        pos = 0
        for s, e, kind in spans:
            if s > pos:
                pending.append(text[pos:s])
            if pending:
                yield "".join(pending)
                pending.clear()
            raw = text[s:e]
            line = first_line + bisect.bisect_right(starts, s)
            yield Segment(count, _FOLD.sub(" ", raw), raw, kind, line)
            count += 1
            pos = e
        if pos < upto:
            pending.append(text[pos:upto])

    def flush(lines_in_block: list[str], first_line: int) -> Iterator[str | Segment]:
        text = "".join(lines_in_block)
        starts = [0]
        for line in lines_in_block:
            starts.append(starts[-1] + len(line))
        spans = _spans_of(tuple(lines_in_block), text, starts)
        yield from emit(text, spans, first_line, len(text))

    def cut_long_block() -> Iterator[str | Segment]:
        """Segment all but the last two sentences of an oversized block; keep those open."""
        nonlocal block, parts, size, block_first
        if not block and not pending_cut[0]:
            block_first = lineno + 1  # the block is the line being read
        text = "".join(block) + "".join(parts)
        pieces = list(text_lines(text))
        starts = [0]
        for line in pieces:
            starts.append(starts[-1] + len(line))
        spans = _block_spans(text, starts)
        if len(spans) < 3:
            return  # no sentence to cut at yet (cannot happen past _MAX_SENTENCE)
        cut = spans[-2][0]
        yield from emit(text, spans[:-2], block_first, cut)
        block_first += len(LINE_BREAK.findall(text, 0, cut))
        rest = list(text_lines(text[cut:]))
        if rest and not rest[-1].endswith(_ENDS_LINE):
            parts = [rest.pop()]
        else:
            parts = []
        block = rest
        size = len(text) - cut

    def take(line: str) -> Iterator[str | Segment]:
        """A complete line (or the input's last one, which may lack an ending)."""
        nonlocal block, lineno, block_first, size
        lineno += 1
        if line.strip():
            if not block and not pending_cut[0]:
                block_first = lineno
            pending_cut[0] = False
            block.append(line)
            return
        if block:
            yield from flush(block, block_first)
            block = []
        size = 0
        pending.append(line)

    pending_cut = [False]  # the open line began inside a block that was cut
    limit = BLOCK_LIMIT
    for line in lines:
        if first:
            first = False
            if line.startswith("\ufeff"):  # a BOM is layout
                pending.append("\ufeff")
                line = line[1:]
        if not line:
            continue
        size += len(line)
        if not line.endswith(_ENDS_LINE):
            parts.append(line)
        else:
            if parts:
                parts.append(line)
                line = "".join(parts)
                parts = []
            yield from take(line)
        if size > limit and any(p.strip() for p in block or parts):
            yield from cut_long_block()
            pending_cut[0] = not block and bool(parts)
            limit = BLOCK_LIMIT if size <= BLOCK_LIMIT // 2 else 2 * size
    if parts:
        yield from take("".join(parts))
    if block:
        yield from flush(block, block_first)
    if pending:
        yield "".join(pending)


def segment_text(text: str, *, path: str = "<text>") -> Document:
    """Cut ``text`` into layout and segments; ``"".join`` of the parts is ``text`` exactly."""
    return Document(path, tuple(iter_parts(text)))
