"""Article formats: plain text, HTML and Markdown, each read into layout and segments.

The registry of every format. Each gives the same thing: the article as layout strings and
segments interleaved, where ``"".join`` of the layout and each segment's ``raw`` is the file's
text byte for byte. Plain text (:mod:`.text`) is the sentence splitter's block rules
(:mod:`localize.segment`) as they are; HTML (:mod:`.html`) and Markdown (:mod:`.markdown`) find
blocks in the document's structure and hand each block's text to the same sentence splitter,
with inline markup as numbered codes (:mod:`.codes`). The format comes from the file's extension
unless given; :mod:`.digest` records what a template was made from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from localize.errors import ArticleError, UsageError
from localize.formats.digest import SOURCE_DIGEST_FIELD, identity, source_digest
from localize.formats.text import iter_text, read_text
from localize.segment import Document, Segment

__all__ = [
    "FORMATS",
    "FORMAT_FIELD",
    "format_of",
    "recorded_format",
    "record_format",
    "parse_text",
    "iter_article",
    "iter_segments",
    "read_article",
    "rebuild_parts",
    "rebuild",
    "SOURCE_DIGEST_FIELD",
    "source_digest",
    "identity",
]

FORMATS = ("text", "html", "markdown")
_EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
}


#: Template header field naming a format given by hand where the file's extension
#: says otherwise, so every later command reads the article the same way.
FORMAT_FIELD = "X-Localize-Article-Format"


def format_of(path: str | Path, override: str | None = None, recorded: str | None = None) -> str:
    """The article format: ``override`` if given, else the one its template ``recorded`` (see
    recorded_format), else by extension (default: text)."""
    if override:
        if override not in FORMATS:
            raise UsageError(f"unknown article format {override!r} (known: {', '.join(FORMATS)})")
        return override
    if recorded in FORMATS:
        return recorded
    return _EXTENSIONS.get(Path(path).suffix.lower(), "text")


def recorded_format(metadata: dict[str, str]) -> str | None:
    """The format a template's header records for its article, if any."""
    return metadata.get(FORMAT_FIELD) or None


def record_format(metadata: dict[str, str], path: str | Path, fmt: str) -> None:
    """Record ``fmt`` in a template's header when the extension would give another format
    (only then: templates of ordinary articles do not change)."""
    if fmt == format_of(path):
        metadata.pop(FORMAT_FIELD, None)
    else:
        metadata[FORMAT_FIELD] = fmt


def parse_text(text: str, fmt: str) -> Iterator[str | Segment]:
    """Layout strings and segments of ``text`` in format ``fmt``."""
    if fmt == "html":
        from localize.formats.html import parse_html

        return parse_html(text)
    if fmt == "markdown":
        from localize.formats.markdown import parse_markdown

        return parse_markdown(text)
    from localize.segment import iter_parts

    return iter_parts(text)


def iter_article(path: str | Path, fmt: str | None = None) -> Iterator[str | Segment]:
    """Layout strings and segments of an article file.

    Plain text streams block by block (bounded memory); HTML and Markdown are parsed whole.
    """
    p = Path(path)
    kind = format_of(p, fmt)
    if kind == "text":
        yield from iter_text(p)
        return
    seen = False
    for part in parse_text(read_text(p), kind):
        seen = seen or isinstance(part, Segment)
        yield part
    if not seen:
        raise ArticleError(f"no text to translate in this {kind.upper()} article", path=p)


def read_article(path: str | Path, fmt: str | None = None) -> Document:
    """An article file read and segmented whole (UTF-8, BOM and CRLF kept)."""
    return Document(str(Path(path)), tuple(iter_article(path, fmt)))


def iter_segments(path: str | Path, fmt: str | None = None) -> Iterator[Segment]:
    """The segments of :func:`iter_article`."""
    return (p for p in iter_article(path, fmt) if isinstance(p, Segment))


def rebuild_parts(
    parts: Iterable[str | Segment],
    get: Callable[[Segment], str | None],
    *,
    lang: str | None = None,
) -> Iterator[str]:
    """The document with each segment's translation in place, its codes back as markup.

    A missing translation keeps the source bytes; a translation equal to the source text too.
    A plain-text segment has no codes: its translation is written as it is. With ``lang``, an
    HTML document's root element gets ``lang`` and ``dir`` for it. MarkupError (from
    :func:`localize.formats.codes.render`) for a translation whose codes do not match its
    source's.
    """
    from localize.formats.codes import CodedSegment, NestedSegment, render, with_nested
    from localize.formats.html import RootTag, set_language

    for part in parts:
        if isinstance(part, NestedSegment):
            continue  # put in place with its parent
        if isinstance(part, CodedSegment):
            tr = get(part)
            part = with_nested(part, get)
            yield part.raw if tr is None else render(part, tr)
        elif isinstance(part, Segment):
            tr = get(part)
            yield part.raw if tr is None or tr == part.text else tr
        elif lang and isinstance(part, RootTag):
            yield set_language(part, lang)
        else:
            yield part


def rebuild(
    doc: Document,
    translations: Mapping[int, str] | Callable[[Segment], str | None],
    *,
    lang: str | None = None,
) -> str:
    """The document with each segment replaced by its translation, layout untouched: plain
    text, HTML or Markdown (see :func:`rebuild_parts`).

    ``translations`` maps a segment's index to its translation, or is a function of the
    segment. A missing translation, or one equal to the segment's text, keeps the source bytes.
    """
    get = translations if callable(translations) else (lambda s: translations.get(s.index))
    return "".join(rebuild_parts(doc.parts, get, lang=lang))
