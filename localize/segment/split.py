"""Article text -> blocks -> sentence segments, lossless and news-aware.

A :class:`Document` is the article cut into layout strings and segments; joining them gives the
input back byte for byte (BOM, line endings, indentation, bullets and blank lines are layout).
Nothing in the text is normalised (non-breaking spaces stay as they are).

Blocks are separated by blank lines. Inside a block, each list item (``•``, ``-``, ``*``, ``1.``,
``2)`` ...) is its own block, with its marker and indentation as layout, unless the line is an
inline enumeration (``1.) one 2.) two``: one segment per item, markers kept, never a bare
marker); a run of short lines without sentence punctuation (headlines, a caption repeated) gives
one segment per line, a line holding a sentence end before a capital word being split; any other
run is prose, split into sentences by pySBD with a news layer on top (datelines, initials,
``p.m. Friday``, ``approx. $5``, ellipses, multi-sentence quotations split with their marks and
attribution in place) and fed to pySBD in windows so time stays linear. A block longer than
:data:`BLOCK_LIMIT` is segmented piece by piece.

Segment kinds (:data:`KINDS`): ``heading`` (a standalone line: headline, page chrome),
``caption`` (a photo caption line), ``dateline`` (a standalone ``MOSCOW --`` line; a dateline at
the start of a paragraph stays with its first sentence), ``byline`` (``With reporting by ...``,
``By ...``), ``list-item`` (a sentence of a list item) and ``paragraph`` (a sentence of prose).

Bad input (:func:`decode_article`): NUL bytes (binary), invalid UTF-8, and control characters
(C0 other than tab, line feed, form feed and carriage return; DEL; C1) are rejected with their
line; a form feed is whitespace, hence layout.
"""

from __future__ import annotations

import bisect
import codecs
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import BinaryIO

from localize.errors import ArticleError

__all__ = [
    "KINDS",
    "Segment",
    "Document",
    "segment_text",
    "iter_parts",
    "iter_segments",
    "iter_article",
    "split_sentences",
    "read_article",
    "read_text",
    "decode_article",
    "rebuild",
    "rebuild_parts",
    "SOURCE_DIGEST_FIELD",
    "source_digest",
    "segmenter_identity",
    "package_version",
]

#: Segment kinds; catalogs show every kind but "paragraph" to translators as a comment.
KINDS = ("heading", "paragraph", "caption", "credit", "list-item", "dateline", "byline")


@dataclass(frozen=True)
class Segment:
    """One sentence (or one headline, caption, list item) as a translator sees it."""

    index: int  # 0-based, document order
    text: str  # msgid: line breaks inside folded to one space, no outer whitespace
    raw: str  # the exact source slice
    kind: str  # one of KINDS
    line: int  # 1-based line where it starts

    @property
    def id(self) -> str:
        return f"s{self.index + 1}"


@dataclass(frozen=True)
class Document:
    """An article as layout strings and segments interleaved, in source order."""

    path: str
    parts: tuple[str | Segment, ...]

    @property
    def segments(self) -> list[Segment]:
        return [p for p in self.parts if isinstance(p, Segment)]

    @property
    def text(self) -> str:
        return "".join(p.raw if isinstance(p, Segment) else p for p in self.parts)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_BREAK = re.compile(r"\r\n|\r|\n")
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
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]{1,40}(?:,[^()\r\n]{1,40}?)?(?:\s*\([^()\r\n]{1,30}\))?\s*(?:--|—|–|-)"
)
# A photo credit on its own: "Image: United States Navy.", "(AP Photo/Efrem Lukatsky)",
# "REUTERS/Gleb Garanich", "Photo by Amanda Loman / The Oregonian".
_CREDIT_WORDS = r"(?:Image|Photo|Photograph|Picture|Illustration|Video|Credit)s?(?: credit)?"
_AGENCIES = r"(?:AP|AFP|EPA|Reuters|REUTERS|Getty Images|TASS|Sputnik|Xinhua|Anadolu)"
_CREDIT = re.compile(
    _CREDIT_WORDS + r"(?::|\s+by\b)\s*\S.{0,120}"
    r"|\(?" + _AGENCIES + r"(?: Photo| Images)?/[^()\r\n]{1,80}\)?"
    r"|\(" + _AGENCIES + r"(?: Photo)?\)"
)
_BYLINE = re.compile(r"(?:With reporting by|Reporting by|Compiled by|Written by|By)\s", re.I)
_FOLD = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t\r\n]*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _lines(text: str) -> Iterator[str]:
    """Every line of ``text`` with its ending (CRLF, CR or LF); the last may lack one."""
    pos, n = 0, len(text)
    while pos < n:
        m = _LINE.match(text, pos)
        assert m is not None and m.end() > pos
        yield m.group()
        pos = m.end()


# --- sentences -------------------------------------------------------------------------------

_WINDOW = 4000  # characters given to pySBD at once: its cost grows faster than linearly
_MARGIN = 200  # a boundary this close to a window's end may depend on text past it
_MAX_SENTENCE = 64000  # a "sentence" longer than this is cut at a space (it is not prose)


@cache
def _sbd():  # noqa: ANN202 - pysbd has no types
    import pysbd
    from pysbd.utils import TextSpan

    class Segmenter(pysbd.Segmenter):
        def sentences_with_char_spans(self, sentences: list[str]) -> list[TextSpan]:
            # pySBD finds every sentence again with a freshly compiled regex over the whole
            # text (a third of its time); _pysbd_spans locates them itself, never losing text.
            return [TextSpan(s, 0, 0) for s in sentences]

    return Segmenter(language="en", clean=False)


def _pysbd_spans(flat: str, start: int, end: int) -> list[tuple[int, int]]:
    """pySBD's sentences of ``flat[start:end]`` as spans into ``flat``, stripped."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for piece in _sbd().segment(flat[start:end]):
        core = piece.strip()
        if not core:
            continue
        at = flat.find(core, cursor, end)
        if at < 0:  # pySBD changed the text: keep the rest as one sentence, never lose it
            break
        spans.append((at, at + len(core)))
        cursor = at + len(core)
    rest = flat[cursor:end]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        spans.append((cursor + lead, cursor + len(rest.rstrip())))
    return spans


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``, outer whitespace excluded, in order."""
    # pySBD sees line breaks as spaces (same length, so offsets stay valid).
    flat = text.replace("\r", " ").replace("\n", " ")
    spans: list[tuple[int, int]] = []
    pos, n, window = 0, len(flat), _WINDOW
    forced: set[int] = set()  # indexes of spans that begin at a forced cut
    while pos < n:
        end = min(n, pos + window)
        found = _pysbd_spans(flat, pos, end)
        if end == n:
            spans.extend(found)
            break
        done = [s for s in found[:-1] if s[1] <= end - _MARGIN]
        if done:
            spans.extend(done)
            pos, window = found[len(done)][0], _WINDOW
        elif window < _MAX_SENTENCE:
            window *= 2
        else:  # no boundary in a huge run of text: cut at its last space, or anywhere
            cut = flat.rfind(" ", pos + 1, end)
            cut = end if cut < 0 else cut
            spans.extend(_pysbd_spans(flat, pos, cut))
            pos, window = cut, _WINDOW
            forced.add(len(spans))
    return _news_layer(flat, spans, forced)


_STARTERS = (
    "A After Also Although An And As At Being Both But Did During For He Her His How However I "
    "If In It Its Many Meanwhile Millions More Most Now Our She Since So Some Still That The "
    "Their There These They This Those We What When Where While Who Why Yet"
).split()
# "... in the U.K. But analysts" : pySBD keeps initials glued to a following capital word.
_INITIALS_END = re.compile(
    r"\b(?:[A-Z]\.){2,}(?=\s+(?:" + "|".join(_STARTERS) + r")\b)"
    # "Washington D.C. Officials met": D.C. ends a place name, a capital word then a verb
    r"|\bD\.C\.(?=\s+[A-Z][a-z]+\s+[a-z])"
)
# "He wavered… Then", 'the minister said... "Nothing': an ellipsis right after a word, before a
# capital or an opening quote, ends a sentence ("the thing is . . . I" with spaces does not).
_ELLIPSIS_END = re.compile(r"(?<=[^\s.])(?:…|\.\.\.)['\"’”»)]*(?=\s+[\"“‘']?[A-Z])")
# "The talks collapsed [...] Officials left": an elision in brackets before a capital.
_BRACKET_ELLIPSIS = re.compile(r"[\[(](?:…|\.\.\.)[\])](?=\s+[\"“‘']?[A-Z])")
# "… near Washington D.C. Image: United States Navy.": a credit starts after any full stop.
_BEFORE_CREDIT = re.compile(r"[.!?…]['\"’”»)]*(?=\s+" + _CREDIT_WORDS + r":\s)")
# 'it was "not based on any facts." "Let's not ...' : a quote closes a sentence, another opens.
_QUOTE_END = re.compile(r"[.!?…][\"”’']+(?=\s+[\"“‘][A-Z])")
# "He left the bank at 6 P.M. Mr. Smith": a time ending a clause of four words or more.
_TIME_END = re.compile(r"\b\d{1,2}(?::\d\d)?\s?[AaPp]\.[Mm]\.(?=\s+[A-Z])")
_FOUR_WORDS = re.compile(r"(?:\S+\s+){4}")
_BEFORE_NUMBER = re.compile(
    r"\b(?:No|Nos|no|nos|approx|appx|ca|vs|p|pp|Vol|vol|Art|art|Fig|fig|Sec|sec|Ch|ch|para|"
    r"est|Ex|ex|Ref|ref|Tel|tel|Nr|nr|Ltd|Inc|Corp|Co|PLC|plc|LLC)\.$"
)
_COMPANY = re.compile(r"\b(?:Co|Corp|Inc|Ltd|Bros)\.$")
_COMPANY_NEXT = re.compile(r"(?:Inc|Ltd|Corp|LLC|PLC|plc|Co)\b")
_TIME_THEN = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?"
    r"|Oct|Nov|Dec|[ECMP][SD]?T|GMT|UTC|BST|CET|CEST|EET|EEST|MSK|Moscow time|local time)\b"
)
# "At 5 a.m." alone is not a sentence: it opens the next one.
_TIME_LEAD = re.compile(
    r"(?:At|By|Before|After|Until|Till|From|Around|Since|Shortly after|Shortly before)\s+"
    r"(?:about\s+|around\s+)?\d{1,2}(?::\d\d)?\s?[AaPp]\.[Mm]\."
)
# '"Are they ready?" Peskov asked.' : the attribution of a quote stays with its last sentence.
_SPEECH = (
    "said|says|asked|asks|added|adds|told|tells|wrote|writes|replied|insisted|explained|noted|"
    "warned|stressed|continued|argued|recalled|shouted|whispered|answered|declared|admitted"
)
_ATTRIBUTION = re.compile(
    r"(?:(?:[A-Z][\w'’.-]*|de|van|von|al|el)\s+){1,4}(?:" + _SPEECH + r")\b[^\"“”]{0,80}$"
)
_QUOTED_END = re.compile(r"[?!][\"”’']+$")
_CLOSERS = "\"'”’»)"
# A quotation's content is split into sentences ("We did what we could. The rest is up to
# Washington.") when it holds several.
_INNER_END = re.compile(r"[.!?…]['’)]*\s+[(\[‘']?[A-Z0-9]")


def _time_stops(piece: str) -> set[int]:
    """Ends of times that close a clause of four words or more ("at 6 P.M. Mr. Smith")."""
    four = _FOUR_WORDS.match(piece)
    if four is None:
        return set()
    return {m.end() for m in _TIME_END.finditer(piece, four.end())}


# Which way a quote mark faces is read from its neighbours, not its glyph: writers type “ for ”
# and " for both. An opener stands at the start or after a space and before text; a closer
# after text and before a space, punctuation or the end.
_OPENER = re.compile(r"(?:^|(?<=[\s(\[—–]))[\"“”„«](?=\w)")
_CLOSER = re.compile(r"(?<=[\w.,!?…;:])[\"“”»](?=[\s.,;:!?)\]—–]|$)")
# A sentence end outside any quotation before a quotation that opens the next sentence.
_END_BEFORE_QUOTE = re.compile(r"(?<=\w)[.!?…](?=\s+[\"“„«][A-Z])")


def _quotations(piece: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each quotation's content in ``piece``; an unclosed one runs on."""
    out: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = _OPENER.search(piece, pos)
        if m is None:
            return out
        close = _CLOSER.search(piece, m.end())
        end = close.start() if close else len(piece)
        out.append((m.end(), end))
        pos = end + 1


def _quote_stops(piece: str) -> list[int]:
    """Offsets in ``piece`` after each sentence of a quotation but its last, and after a
    sentence that ends right before a quotation opens."""
    stops: list[int] = []
    quotes = _quotations(piece)
    for start, close in quotes:
        if _INNER_END.search(piece, start, close):
            inner = _pysbd_spans(piece, start, close)
            if len(inner) > 1 and all(len(piece[a:b].split()) >= 2 for a, b in inner):
                stops.extend(b for _, b in inner[:-1])
    opens = [a for a, _ in quotes]
    for m in _END_BEFORE_QUOTE.finditer(piece):
        i = bisect.bisect_right(opens, m.start()) - 1  # the last quotation opened before it
        if i < 0 or m.start() >= quotes[i][1]:
            stops.append(m.end())
    return stops


def _news_layer(text: str, spans: list[tuple[int, int]], forced: set[int]) -> list[tuple[int, int]]:
    """Fix pySBD where a careful news reader splits otherwise (``forced`` cuts stay)."""
    cut: list[tuple[int, int, bool]] = []
    for i, (start, end) in enumerate(spans):
        piece = text[start:end]
        stops = sorted(
            {m.end() for m in _INITIALS_END.finditer(piece)}
            | {m.end() for m in _ELLIPSIS_END.finditer(piece)}
            | {m.end() for m in _QUOTE_END.finditer(piece)}
            | {m.end() for m in _BRACKET_ELLIPSIS.finditer(piece)}
            | {m.end() for m in _BEFORE_CREDIT.finditer(piece)}
            | _time_stops(piece)
            | set(_quote_stops(piece))
        )
        keep = i in forced
        at = start
        for stop in stops:
            if start + stop <= at:
                continue
            cut.append((at, start + stop, keep))
            rest = text[start + stop : end]
            at, keep = start + stop + len(rest) - len(rest.lstrip()), False
        if at < end:
            cut.append((at, end, keep))
    out: list[tuple[int, int]] = []
    for start, end, keep in cut:
        if out and not keep:
            prev = text[out[-1][0] : out[-1][1]]
            head = text[start:end]
            closing = _closing_quote(prev, head)
            if closing:  # 'all we can say.' | '" The minister then left.'
                out[-1] = (out[-1][0], out[-1][1] + (start - out[-1][1]) + closing)
                rest = text[out[-1][1] : end]
                start = out[-1][1] + len(rest) - len(rest.lstrip())
                if start >= end:
                    continue
                head = text[start:end]
                prev = text[out[-1][0] : out[-1][1]]
            if _glued(prev, head):
                out[-1] = (out[-1][0], end)
                continue
        out.append((start, end))
    return out


def _closing_quote(prev: str, head: str) -> int:
    """Length of a closing quote that pySBD put at the start of the next sentence, or 0."""
    m = re.match(r"[\"”’'“]+(?=\s|$)", head)  # “ before a space closes: a mistyped ”
    if m and prev.rstrip(_CLOSERS)[-1:] in ".!?…" and not prev.endswith(m.group()):
        return m.end()
    return 0


def _glued(prev: str, head: str) -> bool:
    """True when ``head`` continues the sentence ``prev`` (pySBD split where it should not)."""
    first = head[:1]
    # "... U.S. officials": a lowercase word goes on (but not "a. The first item", "iPhone").
    if first.islower() and not re.match(r"[a-z][.)]\s|[a-z]+[A-Z]", head):
        return True
    if first in _CLOSERS and len(head.strip(_CLOSERS + ".!?")) == 0:
        return True  # a stray closing quote
    if _DATELINE.fullmatch(prev):  # "MOSCOW --" belongs with its first sentence
        return True
    if re.fullmatch(r"\([^()]{1,40}\)", prev):  # "(Reuters) The market fell."
        return True
    if (first.isdigit() or first in "$€£¥#") and _BEFORE_NUMBER.search(prev):
        return True  # "approx. $5 million", "No. 5"
    if _COMPANY.search(prev) and _COMPANY_NEXT.match(head):
        return True  # "Tokyo Electric Power Co. Inc. fell"
    if re.search(r"\b[ap]\.m\.$", prev, re.I) and _TIME_THEN.match(head):
        return True  # "at 3 p.m. Friday"
    if re.search(r"\b(?:Mon|Tues?|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.$", prev) and (
        first.isdigit() or _TIME_THEN.match(head)
    ):
        return True  # "Fri. Oct. 3"
    if _TIME_LEAD.fullmatch(prev):
        return True  # "At 5 a.m. Mr. Smith went to the bank."
    if _QUOTED_END.search(prev) and _ATTRIBUTION.match(head):
        return True  # '"Are they ready?" Peskov asked.'
    return False


# --- blocks ----------------------------------------------------------------------------------


def _kind_of_line(line: str) -> str:
    if _CAPTION.search(line):
        return "caption"
    if _DATELINE.fullmatch(line):
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
    if _TERMINAL.search(line) or _DATELINE.fullmatch(line) or len(line) > _STANDALONE_CHARS:
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
        if _TERMINAL.search(body) or _CONTINUES.search(body) or _DATELINE.fullmatch(body):
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

    Lines may be fed one by one (``iter_segments`` does), so memory stays bounded by the
    largest block, and a block longer than :data:`BLOCK_LIMIT` is segmented piece by piece.
    A string without a line ending continues onto the next one (a long line may come in
    pieces; a CRLF is never split between two). Layout between two segments comes as one
    string; none is empty.
    """
    lines = _lines(source) if isinstance(source, str) else source
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
        starts = [m.end() for m in _BREAK.finditer(text)]
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
        pieces = list(_lines(text))
        starts = [0]
        for line in pieces:
            starts.append(starts[-1] + len(line))
        spans = _block_spans(text, starts)
        if len(spans) < 3:
            return  # no sentence to cut at yet (cannot happen past _MAX_SENTENCE)
        cut = spans[-2][0]
        yield from emit(text, spans[:-2], block_first, cut)
        block_first += len(_BREAK.findall(text, 0, cut))
        rest = list(_lines(text[cut:]))
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


# --- files -----------------------------------------------------------------------------------


def _breaks(data: bytes) -> int:
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


_CHUNK = 1 << 16  # bytes read at a time: checked as they arrive, so /dev/zero stops at once


def _decoded_lines(stream: BinaryIO, path: str) -> Iterator[str]:
    """The lines of a UTF-8 byte stream, checked; ArticleError with line and byte offset.

    Read in chunks of :data:`_CHUNK` bytes whatever the line lengths: a line longer than a chunk
    comes in pieces without a line ending (:func:`iter_parts` joins them or cuts the block).
    """
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    line, offset = 1, 0  # line number and byte offset where ``data`` starts
    after_cr = False  # the previous chunk ended with "\r" (a "\n" now is the same break)
    held = ""  # a "\r" at the end of the text so far: it may be the first half of "\r\n"
    while True:
        try:
            data = stream.read(_CHUNK)
        except OSError as exc:
            raise ArticleError(f"cannot read: {exc.strerror}", path=path) from None
        final = not data
        nul = data.find(b"\0")
        if nul >= 0:
            at = line + _breaks(data[:nul]) - (after_cr and data[:1] == b"\n")
            raise ArticleError(
                f"binary file, not an article (NUL byte at line {at}, byte offset {offset + nul})",
                path=path,
            )
        pending = len(decoder.getstate()[0])  # bytes of a character begun in the last chunk
        try:
            text = decoder.decode(data, final)
        except UnicodeDecodeError as exc:
            start = max(0, exc.start - pending)
            at = line + _breaks(data[:start]) - (after_cr and data[:1] == b"\n" and start > 0)
            raise ArticleError(
                f"invalid UTF-8 at line {at}, byte offset {offset + exc.start - pending}",
                path=path,
                line=at,
            ) from None
        bad = _CONTROL.search(text)
        if bad:
            before = held + text[: bad.start()]
            at = line - bool(held) + len(_BREAK.findall(before))
            raise ArticleError(
                f"control character U+{ord(bad.group()):04X} in the text", path=path, line=at
            )
        text = held + text
        held = ""
        if not final and text.endswith("\r"):
            text, held = text[:-1], "\r"
        yield from _lines(text)
        line += _breaks(data) - (after_cr and data[:1] == b"\n")
        after_cr = data.endswith(b"\r")
        offset += len(data)
        if final:
            return


def decode_article(data: bytes, *, path: str = "<bytes>") -> str:
    """UTF-8 bytes to text; ArticleError naming line and byte offset for anything unusable."""
    import io

    text = "".join(_decoded_lines(io.BytesIO(data), path))
    if not text.removeprefix("\ufeff").strip():
        raise ArticleError("empty article", path=path)
    return text


def _open(path: Path) -> BinaryIO:
    from localize.fileio import open_regular_file

    return open_regular_file(path, "article", ArticleError)


def read_text(path: str | Path) -> str:
    """An article file's whole text, read in checked chunks (errors as :func:`read_article`).

    For formats parsed whole (HTML, Markdown): a device or a binary file is refused at its
    first bad chunk, not read to the end first.
    """
    p = Path(path)
    with _open(p) as f:
        text = "".join(_decoded_lines(f, str(p)))
    if not text.removeprefix("\ufeff").strip():
        raise ArticleError("empty article", path=p)
    return text


def read_article(path: str | Path) -> Document:
    """Read and segment an article file (UTF-8, BOM and CRLF kept), read in bounded chunks."""
    p = Path(path)
    return Document(str(p), tuple(iter_article(p)))


def iter_article(path: str | Path) -> Iterator[str | Segment]:
    """Layout strings and segments of an article file, read block by block (bounded memory).

    ``"".join`` of the strings and each segment's ``raw`` is the file's text. Errors are those
    of :func:`read_article`, raised when the iteration reaches them.
    """
    p = Path(path)
    with _open(p) as f:
        seen = False
        for part in iter_parts(_decoded_lines(f, str(p))):
            seen = seen or isinstance(part, Segment)
            yield part
        if not seen:
            raise ArticleError("empty article", path=p)


def iter_segments(path: str | Path) -> Iterator[Segment]:
    """The segments of :func:`iter_article`."""
    return (part for part in iter_article(path) if isinstance(part, Segment))


def rebuild(
    doc: Document, translations: Mapping[int, str] | Callable[[Segment], str | None]
) -> str:
    """The document with each segment replaced by its translation, layout untouched.

    A missing translation, or one equal to the segment's text, keeps the source bytes.
    """
    get = translations if callable(translations) else (lambda s: translations.get(s.index))
    return "".join(rebuild_parts(doc.parts, get))


def rebuild_parts(
    parts: Iterable[str | Segment], get: Callable[[Segment], str | None]
) -> Iterator[str]:
    """:func:`rebuild` on a stream of parts (:func:`iter_article`), piece by piece."""
    for part in parts:
        if isinstance(part, Segment):
            tr = get(part)
            yield part.raw if tr is None or tr == part.text else tr
        else:
            yield part


#: The .pot header field that records what the template was made from (see source_digest).
SOURCE_DIGEST_FIELD = "X-Localize-Source-Digest"


@cache
def segmenter_identity() -> bytes:
    """What segmentation depends on besides the text: this module's code and pySBD's version."""
    return Path(__file__).read_bytes() + b"\0pysbd " + package_version("pysbd").encode()


def package_version(name: str) -> str:
    """The installed version of distribution ``name``, or "?" (part of a cache key, not a check)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def source_digest(path: str | Path, msgids: Iterable[str]) -> str:
    """``sha256:…`` of an article's bytes, the segmenter, and the sentences it gave (``msgids``).

    Written into the template's header by extract; when it still matches, the template's msgids
    are the article's sentences and ``localize check`` need not segment the article again. The
    msgids are part of it, so a template edited by hand never passes for a fresh one.
    """
    from localize.fileio import open_regular_file

    h = hashlib.sha256(segmenter_identity())
    with open_regular_file(path, "article", ArticleError) as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    for msgid in msgids:
        h.update(b"\0" + msgid.encode("utf-8"))
    return "sha256:" + h.hexdigest()
