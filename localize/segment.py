"""Article text -> blocks -> sentence segments, lossless and news-aware.

A :class:`Document` is the article cut into layout strings and segments; joining them gives the
input back byte for byte (BOM, line endings, indentation, bullets and blank lines are layout).
Sentences are split by pySBD with a news layer on top; nothing in the text is normalised.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from localize.errors import ArticleError

__all__ = [
    "KINDS",
    "Segment",
    "Document",
    "segment_text",
    "split_sentences",
    "read_article",
    "decode_article",
    "rebuild",
    "detect_language",
]

#: Block kinds, shown to translators as an extracted comment (paragraph gets none).
KINDS = ("heading", "paragraph", "caption", "list-item", "dateline", "byline")


@dataclass(frozen=True)
class Segment:
    """One sentence (or one headline, caption, list item) as a translator sees it."""

    index: int  # 0-based, document order
    text: str  # msgid: line breaks inside folded to one space, no outer whitespace
    raw: str  # the exact source slice
    kind: str
    line: int  # 1-based line where it starts

    @property
    def id(self) -> str:
        return f"s{self.index + 1}"


@dataclass(frozen=True)
class Document:
    path: str
    parts: tuple[str | Segment, ...]

    @property
    def segments(self) -> list[Segment]:
        return [p for p in self.parts if isinstance(p, Segment)]

    @property
    def text(self) -> str:
        return "".join(p.raw if isinstance(p, Segment) else p for p in self.parts)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_BULLET = re.compile(r"[ \t\u00a0]*(?:[•◦▪●‣⁃∙·*\-–]|\d{1,3}[.)])[ \t\u00a0]+(?=\S)")
_TERMINAL = re.compile(r"[.!?…:;]['\"’”»)\]]*\s*$")
_CAPTION = re.compile(
    r"\((?:file )?photo\)|\bphoto(?:graph)?\b|\bimage\b|\bAFP\b|\bGetty\b|\bAP Photo\b", re.I
)
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{1,40}(?:\([^)]{1,30}\))?\s*(?:--|—|–|-)$")
_BYLINE = re.compile(r"^(?:With reporting by|Reporting by|Compiled by|By)\s", re.I)
_LETTER_ITEM = re.compile(r"[a-z][.)]\s")  # "a. The first item" starts a new item
_FOLD = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t\r\n]*")


@cache
def _sbd():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``, outer whitespace excluded, in order."""
    # pySBD sees line breaks as spaces (same length, so offsets stay valid).
    flat = text.replace("\r", " ").replace("\n", " ")
    pieces = _sbd().segment(flat)
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        core = piece.strip()
        if not core:
            continue
        at = flat.find(core, cursor)
        if at < 0:  # pySBD changed the text: keep the rest as one sentence, never lose it
            break
        spans.append((at, at + len(core)))
        cursor = at + len(core)
    rest = flat[cursor:]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        spans.append((cursor + lead, cursor + len(rest.rstrip())))
    return _news_layer(flat, spans)


def _news_layer(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge splits a careful news reader would not make."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out:
            prev = text[out[-1][0] : out[-1][1]]
            head = text[start:end]
            # A split before a lowercase word ("… U.S. officials") or a closing quote is wrong.
            lowercase = head[:1].islower() and not _LETTER_ITEM.match(head)
            if lowercase or (head[:1] in "\"'”’»)" and len(head) == 1):
                out[-1] = (out[-1][0], end)
                continue
            # "MOSCOW --" alone is a dateline, which belongs with its first sentence.
            if _DATELINE.match(prev.strip()):
                out[-1] = (out[-1][0], end)
                continue
        out.append((start, end))
    return out


def _lines(text: str, pos: int = 0) -> Iterator[tuple[int, str]]:
    """(offset, line with its ending) for every line; the last may lack an ending."""
    n = len(text)
    while pos < n:
        m = _LINE.match(text, pos)
        assert m is not None and m.end() > pos
        yield pos, m.group()
        pos = m.end()


def _kind_of_line(line: str) -> str:
    if _CAPTION.search(line):
        return "caption"
    if _DATELINE.match(line):
        return "dateline"
    if _BYLINE.match(line):
        return "byline"
    return "heading"


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.parts: list[str | Segment] = []
        self.pos = 0  # how far parts cover the text
        self.line_starts: list[int] = []
        self.count = 0

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def segment(self, start: int, end: int, kind: str) -> None:
        if start > self.pos:
            self.parts.append(self.text[self.pos : start])
        raw = self.text[start:end]
        self.parts.append(Segment(self.count, _FOLD.sub(" ", raw), raw, kind, self.line_of(start)))
        self.count += 1
        self.pos = end

    def finish(self) -> list[str | Segment]:
        if self.pos < len(self.text):
            self.parts.append(self.text[self.pos :])
        return self.parts


def segment_text(text: str, *, path: str = "<text>") -> Document:
    """Cut ``text`` into layout and segments; ``"".join`` of the parts is ``text`` exactly."""
    b = _Builder(text)
    if text.startswith("\ufeff"):  # a BOM is layout
        b.parts.append("\ufeff")
        b.pos = 1
    lines = list(_lines(text, b.pos))
    b.line_starts = [off for off, _ in lines]
    block: list[tuple[int, str]] = []
    for off, line in [*lines, (len(text), "")]:
        if line.strip() and off < len(text):
            block.append((off, line))
            continue
        if block:
            _block(b, block)
            block = []
    return Document(path, tuple(b.finish()))


def _block(b: _Builder, block: list[tuple[int, str]]) -> None:
    """One block of non-blank lines: list items, standalone lines, or a paragraph."""
    run: list[tuple[int, str]] = []
    for off, line in block:
        bullet = _BULLET.match(line)
        if bullet:
            _run(b, run)
            run = []
            body = line[bullet.end() :].rstrip()
            start = off + bullet.end()
            b.segment(start, start + len(body), "list-item")
        else:
            run.append((off, line))
    _run(b, run)


def _run(b: _Builder, run: list[tuple[int, str]]) -> None:
    if not run:
        return
    content = [(off + len(line) - len(line.lstrip()), line.strip()) for off, line in run]
    # Short lines without sentence punctuation (headlines, a caption repeated) stand alone.
    if all(not _TERMINAL.search(text) for _, text in content):
        if len(content) > 1 or len(content[0][1].split()) <= 25:
            for start, text in content:
                b.segment(start, start + len(text), _kind_of_line(text))
            return
    start = content[0][0]
    end = content[-1][0] + len(content[-1][1])
    for s, e in split_sentences(b.text[start:end]):
        b.segment(start + s, start + e, "paragraph")


def decode_article(data: bytes, *, path: str = "<bytes>") -> str:
    """UTF-8 bytes to text; ArticleError naming line and byte offset for anything unusable."""
    if not data.strip():
        raise ArticleError("empty article", path=path)
    nul = data.find(b"\0")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise ArticleError(
            f"binary file, not an article (NUL byte at line {line}, byte offset {nul})", path=path
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ArticleError(
            f"invalid UTF-8 at line {line}, byte offset {exc.start}", path=path, line=line
        ) from None
    bad = re.search(r"[\x01-\x08\x0b\x0e-\x1f\x7f]", text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise ArticleError(
            f"control character U+{ord(bad.group()):04X} in the text", path=path, line=line
        )
    return text


def read_article(path: str | Path) -> Document:
    """Read and segment an article file."""
    p = Path(path)
    if not p.exists():
        raise ArticleError("no such file", path=p)
    if p.is_dir():
        raise ArticleError("is a directory, not an article", path=p)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ArticleError(f"cannot read: {exc.strerror}", path=p) from None
    return segment_text(decode_article(data, path=str(p)), path=str(p))


def rebuild(
    doc: Document, translations: Mapping[int, str] | Callable[[Segment], str | None]
) -> str:
    """The document with each segment replaced by its translation, layout untouched.

    A missing translation, or one equal to the segment's text, keeps the source bytes.
    """
    get = translations if callable(translations) else (lambda s: translations.get(s.index))
    out: list[str] = []
    for part in doc.parts:
        if isinstance(part, Segment):
            tr = get(part)
            out.append(part.raw if tr is None or tr == part.text else tr)
        else:
            out.append(part)
    return "".join(out)


def detect_language(text: str) -> str | None:
    """The language of ``text`` by langdetect, deterministically; None if too short to judge."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < 40:
        return None
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return detect(text)
    except LangDetectException:
        return None
