"""Checked, streamed UTF-8: an article's bytes to its lines, refusing what is no article.

NUL bytes (binary), invalid UTF-8, and control characters (C0 other than tab, line feed, form
feed and carriage return; DEL; C1) are refused with their line; a form feed is whitespace,
hence layout.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO

from localize.errors import ArticleError
from localize.segment.blocks import LINE_BREAK, text_lines

__all__ = ["decoded_lines", "decode_article"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _breaks(data: bytes) -> int:
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


_CHUNK = 1 << 16  # bytes read at a time: checked as they arrive, so /dev/zero stops at once


def decoded_lines(stream: BinaryIO, path: str) -> Iterator[str]:
    """The lines of a UTF-8 byte stream, checked; ArticleError with line and byte offset.

    Read in chunks of :data:`_CHUNK` bytes whatever the line lengths: a line longer than a chunk
    comes in pieces without a line ending (:func:`.blocks.iter_parts` joins them or cuts the block).
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
            at = line - bool(held) + len(LINE_BREAK.findall(before))
            raise ArticleError(
                f"control character U+{ord(bad.group()):04X} in the text", path=path, line=at
            )
        text = held + text
        held = ""
        if not final and text.endswith("\r"):
            text, held = text[:-1], "\r"
        yield from text_lines(text)
        line += _breaks(data) - (after_cr and data[:1] == b"\n")
        after_cr = data.endswith(b"\r")
        offset += len(data)
        if final:
            return


def decode_article(data: bytes, *, path: str = "<bytes>") -> str:
    """UTF-8 bytes to text; ArticleError naming line and byte offset for anything unusable."""
    import io

    text = "".join(decoded_lines(io.BytesIO(data), path))
    if not text.removeprefix("\ufeff").strip():
        raise ArticleError("empty article", path=path)
    return text
