"""Scoring sentence segmenters against gold splits (used by tests and bench/segment_quality.py).

Positions are counted in non-whitespace characters, so segmenters that fold or trim whitespace,
or keep a list marker as layout, are compared on the same footing. A boundary is the position
where a segment ends; a block's own end (a blank line) is not counted, since every segmenter
gets it for free.

Gold files (``tests/data/segment/eval/*.txt``) are articles in which ``‖`` marks every sentence
boundary inside a block; blocks are separated by blank lines. Removing the marks gives the
article's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from localize.segment.blocks import LIST_MARKER, segment_text

MARK = "‖"
_BLANK = re.compile(r"(?:\r?\n)[ \t]*(?:\r?\n)(?:[ \t]*\r?\n)*")


def nonspace(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


@dataclass
class Gold:
    """An article's text, its blocks (as non-space ranges) and its inner boundaries."""

    text: str
    blocks: list[tuple[int, int]]  # [start, end) in non-space characters
    boundaries: set[int]

    @property
    def block_texts(self) -> list[str]:
        return [b for b in _BLANK.split(self.text) if b.strip()]


def parse_gold(marked: str) -> Gold:
    """The article of a gold file: ``‖`` removed, boundaries and blocks located."""
    boundaries: set[int] = set()
    count = 0
    for piece in marked.split(MARK)[:-1]:
        count += nonspace(piece)
        boundaries.add(count)
    text = marked.replace(MARK, "")
    blocks: list[tuple[int, int]] = []
    at = 0
    for block in _BLANK.split(text):
        size = nonspace(block)
        if size:
            blocks.append((at, at + size))
        at += size
    return Gold(text, blocks, boundaries)


def ends(segments: Iterable[str], offset: int = 0) -> list[int]:
    """Non-space end positions of consecutive segments starting at ``offset``."""
    out = []
    for s in segments:
        offset += nonspace(s)
        out.append(offset)
    return out


def locate(text: str, segments: Iterable[str]) -> list[tuple[int, int]]:
    """Non-space ``(start, end)`` of each segment found in order in ``text``.

    A segment is matched with any whitespace between its words, so folded segments are found;
    one that is not in the text raises ValueError (the segmenter changed the text).
    """
    spans: list[tuple[int, int]] = []
    cursor, count = 0, 0
    for seg in segments:
        words = seg.split()
        if not words:
            continue
        m = re.compile(r"\s+".join(map(re.escape, words))).search(text, cursor)
        if m is None:
            raise ValueError(f"segment not found in the text: {seg[:60]!r}")
        count += nonspace(text[cursor : m.start()])
        start = count
        count += nonspace(m.group())
        spans.append((start, count))
        cursor = m.end()
    return spans


@dataclass
class Score:
    """Exact matches and boundary counts, added up over cases."""

    exact: int = 0
    cases: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set[int], found: set[int], exact: bool, name: str = "") -> None:
        self.cases += 1
        self.exact += exact
        if not exact and name:
            self.misses.append(name)
        self.tp += len(gold & found)
        self.fp += len(found - gold)
        self.fn += len(gold - found)


def score_lists(cases: Sequence[tuple[str, list[str], list[str]]]) -> Score:
    """Cases of ``(name, expected, found)`` segment lists, each one block of text.

    Exact match is the issue's comparison: the lists equal once each segment is trimmed.
    """
    score = Score()
    for name, expected, found in cases:
        exp = [s.strip() for s in expected if s.strip()]
        got = [s.strip() for s in found if s.strip()]
        gold = set(ends(exp)[:-1])
        mine = set(ends(got)[:-1])
        score.add(gold, mine, exp == got, name)
    return score


def score_article(gold: Gold, found_ends: Iterable[int], name: str = "") -> Score:
    """An article's boundaries found by a segmenter, scored block by block."""
    found = set(found_ends)
    score = Score()
    for i, (a, b) in enumerate(gold.blocks):
        g = {x for x in gold.boundaries if a < x < b}
        f = {x for x in found if a < x < b}
        score.add(g, f, g == f, f"{name}#{i + 1}" if name else "")
    return score


def merge(scores: Iterable[Score]) -> Score:
    total = Score()
    for s in scores:
        total.exact += s.exact
        total.cases += s.cases
        total.tp += s.tp
        total.fp += s.fp
        total.fn += s.fn
        total.misses += s.misses
    return total


def strip_marker(segment: str) -> str:
    """A segment without a leading list marker (markers are layout in these sets)."""
    m = LIST_MARKER.match(segment.strip())
    return segment.strip()[m.end() :] if m else segment


def with_markers(text: str) -> list[str]:
    """``text``'s segments as the document shows them: a line's list marker ("1. ", "d. ")
    is layout to localize (it is not translated), so it is put back before its item."""
    out: list[str] = []
    marker = ""
    for part in segment_text(text).parts:
        if isinstance(part, str):
            line = part.rpartition("\n")[2].rpartition("\r")[2]
            m = LIST_MARKER.match(line + "x")  # a marker is followed by its item
            marker = line.strip() + " " if m and m.end() == len(line) else ""
        else:
            out.append(marker + part.text)
            marker = ""
    return out
