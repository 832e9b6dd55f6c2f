"""The source digest: what a template was made from (the article's bytes, its format, the
segmenter's code and the sentences), recorded in its header so ``check`` may skip segmenting."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from localize import segment
from localize.errors import ArticleError

__all__ = [
    "SOURCE_DIGEST_FIELD",
    "source_digest",
    "identity",
    "segmenter_identity",
    "package_version",
]

#: The .pot header field that records what the template was made from (see source_digest).
SOURCE_DIGEST_FIELD = "X-Localize-Source-Digest"


def package_version(name: str) -> str:
    """The installed version of distribution ``name``, or "?" (part of a cache key, not a check)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


@cache
def segmenter_identity() -> bytes:
    """What the sentence splitter depends on besides the text: its code and pySBD's version."""
    here = Path(segment.__file__).parent
    code = b"".join(f.read_bytes() for f in sorted(here.glob("*.py")))
    return code + b"\0pysbd " + package_version("pysbd").encode()


@cache
def identity() -> bytes:
    """What segmentation depends on: the sentence splitter, the formats' code, markdown-it's
    version."""
    md = package_version("markdown-it-py")
    here = Path(__file__).parent
    own = b"".join(f.read_bytes() for f in sorted(here.glob("*.py")))
    return segmenter_identity() + own + b"\0markdown-it-py " + md.encode()


def source_digest(path: str | Path, msgids: Iterable[str], fmt: str) -> str:
    """``sha256:…`` of the article's bytes, its format ``fmt``, the segmenter and the sentences
    it gave (``msgids``).

    Written into the template's header by extract; when it still matches, the template's msgids
    are the article's sentences and ``localize check`` need not segment the article again. The
    msgids are part of it, so a template edited by hand never passes for a fresh one.
    """
    from localize.fileio import open_regular_file

    h = hashlib.sha256(identity() + b"\0format " + fmt.encode())
    with open_regular_file(path, "article", ArticleError) as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    for msgid in msgids:
        h.update(b"\0" + msgid.encode("utf-8"))
    return "sha256:" + h.hexdigest()
