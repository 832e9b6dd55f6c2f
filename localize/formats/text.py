"""Plain-text articles: a file read as checked UTF-8, block by block, into layout and segments.

Also the checked read of any article's whole text, for the formats parsed whole (HTML, Markdown).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from localize.errors import ArticleError
from localize.segment import Segment, decoded_lines, iter_parts

__all__ = ["read_text", "iter_text"]


def _open(path: Path) -> BinaryIO:
    from localize.fileio import open_regular_file

    return open_regular_file(path, "article", ArticleError)


def read_text(path: str | Path) -> str:
    """An article file's whole text, read in checked chunks (errors as :func:`iter_text`).

    For formats parsed whole (HTML, Markdown): a device or a binary file is refused at its
    first bad chunk, not read to the end first.
    """
    p = Path(path)
    with _open(p) as f:
        text = "".join(decoded_lines(f, str(p)))
    if not text.removeprefix("\ufeff").strip():
        raise ArticleError("empty article", path=p)
    return text


def iter_text(path: str | Path) -> Iterator[str | Segment]:
    """Layout strings and segments of a plain-text article (UTF-8, BOM and CRLF kept), read
    block by block in bounded chunks (bounded memory).

    ``"".join`` of the strings and each segment's ``raw`` is the file's text. ArticleError
    (:func:`localize.segment.decode_article`'s, or an empty article) when the iteration
    reaches it.
    """
    p = Path(path)
    with _open(p) as f:
        seen = False
        for part in iter_parts(decoded_lines(f, str(p))):
            seen = seen or isinstance(part, Segment)
            yield part
        if not seen:
            raise ArticleError("empty article", path=p)
