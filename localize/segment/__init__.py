"""Text to sentences: the splitter, and the segments and documents it yields.

The front door: modules outside this package import from ``localize.segment`` only.
"""

from __future__ import annotations

from localize.segment.split import (
    KINDS,
    SOURCE_DIGEST_FIELD,
    Document,
    Segment,
    decode_article,
    iter_article,
    iter_parts,
    iter_segments,
    package_version,
    read_article,
    read_text,
    rebuild,
    rebuild_parts,
    segment_text,
    segmenter_identity,
    source_digest,
    split_sentences,
)

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
