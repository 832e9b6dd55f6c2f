"""The records segmentation yields: a :class:`Segment` (one sentence) and a :class:`Document`."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KINDS", "Segment", "Document"]

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
