"""Article formats: plain text, HTML and Markdown, each read into layout and segments.

Every format gives the same thing: the article as layout strings and segments interleaved, where
``"".join`` of the layout and each segment's ``raw`` is the file's text byte for byte. Plain text
is :mod:`localize.segment.split` as it is; HTML (:mod:`.html`) and Markdown (:mod:`.markdown`) find
blocks in the document's structure and hand each block's text to the same sentence splitter,
with inline markup as numbered codes (:mod:`.codes`). The format comes from the file's extension
unless given.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path

from localize.errors import ArticleError, UsageError
from localize.segment import Segment

__all__ = [
    "FORMATS",
    "FORMAT_FIELD",
    "format_of",
    "recorded_format",
    "record_format",
    "iter_article",
    "iter_segments",
    "read_parts",
    "rebuild_parts",
    "parse_text",
    "identity",
    "source_digest",
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


def _read(path: Path) -> str:
    from localize.segment import read_text

    return read_text(path)


def iter_article(path: str | Path, fmt: str | None = None) -> Iterator[str | Segment]:
    """Layout strings and segments of an article file.

    Plain text streams block by block (bounded memory); HTML and Markdown are parsed whole.
    """
    from localize import segment

    p = Path(path)
    kind = format_of(p, fmt)
    if kind == "text":
        yield from segment.iter_article(p)
        return
    seen = False
    for part in parse_text(_read(p), kind):
        seen = seen or isinstance(part, Segment)
        yield part
    if not seen:
        raise ArticleError(f"no text to translate in this {kind.upper()} article", path=p)


def read_parts(path: str | Path, fmt: str | None = None) -> list[str | Segment]:
    return list(iter_article(path, fmt))


def iter_segments(path: str | Path, fmt: str | None = None) -> Iterator[Segment]:
    return (p for p in iter_article(path, fmt) if isinstance(p, Segment))


def rebuild_parts(
    parts: Iterable[str | Segment],
    get: Callable[[Segment], str | None],
    *,
    lang: str | None = None,
) -> Iterator[str]:
    """The document with each segment's translation in place, its codes back as markup.

    A missing translation keeps the source bytes; a translation equal to the source text too.
    With ``lang``, an HTML document's root element gets ``lang`` and ``dir`` for it.
    MarkupError (from :func:`localize.formats.codes.render`) for a translation whose codes do
    not match its source's.
    """
    from localize.formats.codes import NestedSegment, render, with_nested
    from localize.formats.html import RootTag, set_language

    for part in parts:
        if isinstance(part, NestedSegment):
            continue  # put in place with its parent
        if isinstance(part, Segment):
            tr = get(part)
            part = with_nested(part, get)
            yield part.raw if tr is None else render(part, tr)
        elif lang and isinstance(part, RootTag):
            yield set_language(part, lang)
        else:
            yield part


@cache
def identity() -> bytes:
    """What segmentation depends on: the sentence splitter, these modules, markdown-it's version."""
    from localize.segment import package_version, segmenter_identity

    md = package_version("markdown-it-py")
    here = Path(__file__).parent
    own = b"".join(f.read_bytes() for f in sorted(here.glob("*.py")))
    return segmenter_identity() + own + b"\0markdown-it-py " + md.encode()


def source_digest(path: str | Path, msgids: Iterable[str], fmt: str | None = None) -> str:
    """``sha256:…`` of the article's bytes, its format, the segmenter and the sentences."""
    kind = format_of(path, fmt)
    if kind == "text":
        from localize.segment import source_digest as text_digest

        return text_digest(path, msgids)
    from localize.errors import ArticleError
    from localize.fileio import open_regular_file

    h = hashlib.sha256(identity() + b"\0format " + kind.encode())
    with open_regular_file(path, "article", ArticleError) as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    for msgid in msgids:
        h.update(b"\0" + msgid.encode("utf-8"))
    return "sha256:" + h.hexdigest()
