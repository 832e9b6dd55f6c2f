"""Text to sentences: the splitter, and the segments and documents it yields; no file format.

The front door: modules outside this package import from ``localize.segment`` only.
"""

from __future__ import annotations

from localize.segment.blocks import iter_parts, segment_text
from localize.segment.decode import decode_article, decoded_lines
from localize.segment.records import KINDS, Document, Segment
from localize.segment.sentences import split_sentences

__all__ = [
    "KINDS",
    "Segment",
    "Document",
    "segment_text",
    "iter_parts",
    "split_sentences",
    "decode_article",
    "decoded_lines",
]
