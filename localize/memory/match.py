"""Matching, as translators mean it: normalising, words and placeables, the score of two sentences.

- **exact**: the same sentence after normalising Unicode (NFC), whitespace and quotes
  (“ ” „ « » → ", ‘ ’ ‚ → ') — reported as 100%;
- **fuzzy**: word-level edit distance, case-insensitive, punctuation ignored, with numbers and
  names (capitalised words after the first, all-caps words) as *placeables*: a changed
  placeable costs ``PLACEABLE_COST`` of a word. The score is ``100 × (1 − cost / words)``,
  at most 99 for anything not exact. A changed number is also replaced in the suggestion when
  the memory's translation contains the old number exactly once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "THRESHOLD",
    "PLACEABLE_COST",
    "WORD",
    "NUMBER",
    "ALNUM",
    "Unit",
    "Match",
    "Tokens",
    "normalize",
    "tokens",
    "fuzzy_score",
    "similarity",
    "most_missed",
    "replace_numbers",
]

# Fuzzy matches below this are not offered (Trados' and memoQ's usual minimum is 70–75%).
THRESHOLD = 75
# A changed number or name costs half a word: the sentence is the same, a fact differs.
PLACEABLE_COST = 0.5

# A change to normalisation or to these patterns bumps the index's schema (index.py).
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‟": '"',
                         "‘": "'", "’": "'", "‚": "'", "‛": "'"})  # fmt: skip
WORD = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:['’.\-]\w+)*")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
ALNUM = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer calls a token


def normalize(text: str) -> str:
    """The key of an exact match: NFC, one space for any whitespace, straight quotes."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return " ".join(text.split())


@dataclass(frozen=True)
class Tokens:
    raw: tuple[str, ...]  # lower-cased words, placeables as written
    classed: tuple[str, ...]  # the same, placeables replaced by their class


def tokens(text: str) -> Tokens:
    raw: list[str] = []
    classed: list[str] = []
    for i, word in enumerate(WORD.findall(normalize(text))):
        if NUMBER.fullmatch(word):
            raw.append(word)
            classed.append("\0#")
        elif (i > 0 and word[:1].isupper()) or (len(word) > 1 and word.isupper()):
            raw.append(word)
            classed.append("\0N")
        else:
            raw.append(word.lower())
            classed.append(word.lower())
    return Tokens(tuple(raw), tuple(classed))


def fuzzy_score(a: Tokens, b: Tokens) -> int:
    from rapidfuzz.distance import Levenshtein

    n = max(len(a.raw), len(b.raw))
    if n == 0:
        return 0
    structural = Levenshtein.distance(a.classed, b.classed)
    placeables = max(0, Levenshtein.distance(a.raw, b.raw) - structural)
    cost = structural + PLACEABLE_COST * placeables
    return max(0, min(99, int(100 * (1 - cost / n))))


def similarity(a: str, b: str) -> int:
    """Percent similarity of two sentences as a translation memory reports it (100 = exact)."""
    if normalize(a) == normalize(b):
        return 100
    return fuzzy_score(tokens(a), tokens(b))


@dataclass(frozen=True)
class Unit:
    """One translation unit: a source sentence, its reviewed translation, where it came from."""

    source: str
    target: str
    lang: str
    origin: str  # the article (catalog name) or the file it came from


@dataclass(frozen=True)
class Match:
    unit: Unit
    score: int  # 100 for an exact match
    text: str  # the translation offered (numbers already replaced for a fuzzy match)


def most_missed(mine: Tokens, threshold: int) -> int:
    """How many of a sentence's words a source can lack and still reach ``threshold``.

    The cost allowed is ``(1 - t) n`` for the sentence's ``n`` words (a longer source only
    spends more on its extra words): a lacking name costs ``PLACEABLE_COST``, another word 1.
    """
    budget = (1 - threshold / 100) * len(mine.raw)
    names = sum(1 for c in mine.classed if c == "\0N")
    cheap = min(names, int(budget / PLACEABLE_COST))
    return cheap + int(budget - cheap * PLACEABLE_COST)


def replace_numbers(text: str, unit: Unit) -> str:
    """The memory's translation with the new sentence's numbers, where that is unambiguous."""
    mine = tokens(text)
    theirs = tokens(unit.source)
    if mine.classed != theirs.classed:
        return unit.target
    out = unit.target
    for new, old in zip(mine.raw, theirs.raw, strict=True):
        if new == old or not NUMBER.fullmatch(old):
            continue
        hits = list(re.finditer(rf"(?<![\d.,]){re.escape(old)}(?![\d]|[.,]\d)", out))
        if len(hits) != 1:
            return unit.target  # ambiguous: offer the memory's text as it is
        out = out[: hits[0].start()] + new + out[hits[0].end() :]
    return out
