"""Fuzzy matching for merges: the old translation of the most similar old sentence.

The measure is msgmerge's (gettext ``fstrcmp``): 2·LCS / (len a + len b), computed by
rapidfuzz's Indel similarity, with msgmerge's threshold (a match must score above 0.6) and its
small bonus for a candidate in the same context. Candidates are scored by rapidfuzz in C++; in
large catalogs only those an index of word pairs finds near the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import polib

__all__ = ["FUZZY_THRESHOLD", "SCAN_ALL_UP_TO", "FuzzyIndex", "similarity"]

FUZZY_THRESHOLD = 0.6  # msgmerge's: a candidate must score above it
_CONTEXT_BONUS = 0.00001  # msgmerge's edge for a candidate with no or the same msgctxt


def similarity(a: str, b: str) -> float:
    """gettext's fstrcmp: 1.0 for equal strings, 0.0 for nothing in common."""
    from rapidfuzz.distance import Indel

    total = len(a) + len(b)
    if not total:
        return 1.0
    return (total - Indel.distance(a, b)) / total


# Up to this many candidates every one is compared (exactly msgmerge's choice); above, an index
# of word pairs picks those sharing the query's rarest pairs (msgmerge, too, searches an n-gram
# index above a size: "the match does not need to be optimal"). Measured in bench/merge.py.
SCAN_ALL_UP_TO = 2_000
_RAREST_PAIRS = 8
_WORD = re.compile(r"\w+")


def _pairs(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < 2:
        return {tuple(words)}
    return set(zip(words, words[1:], strict=False))


class FuzzyIndex:
    """The old entries that carry a translation, searchable by similarity of their msgid."""

    def __init__(self, entries: Sequence[polib.POEntry]) -> None:
        self.entries = list(entries)
        # One list per context, so msgmerge's edge for the same context is applied exactly.
        self._groups: dict[str | None, tuple[list[int], list[str]]] = {}
        for i, e in enumerate(self.entries):
            positions, ids = self._groups.setdefault(e.msgctxt, ([], []))
            positions.append(i)
            ids.append(e.msgid)
        self._postings: dict[tuple[str, ...], list[int]] | None = None
        if len(self.entries) > SCAN_ALL_UP_TO:
            self._postings = {}
            for i, e in enumerate(self.entries):
                for pair in _pairs(e.msgid):
                    self._postings.setdefault(pair, []).append(i)

    def best(self, msgctxt: str | None, msgid: str) -> polib.POEntry | None:
        """The best candidate above the threshold; the first in file order among equals."""
        groups = self._groups
        if self._postings is not None:
            lists = sorted((p for p in map(self._postings.get, _pairs(msgid)) if p), key=len)[
                :_RAREST_PAIRS
            ]
            near = sorted(set().union(*lists))
            groups = {}
            for i in near:
                e = self.entries[i]
                positions, ids = groups.setdefault(e.msgctxt, ([], []))
                positions.append(i)
                ids.append(e.msgid)
        return self._best_in(groups, msgctxt, msgid)

    def _best_in(
        self,
        groups: dict[str | None, tuple[list[int], list[str]]],
        msgctxt: str | None,
        msgid: str,
    ) -> polib.POEntry | None:
        from rapidfuzz import fuzz, process

        found: list[tuple[float, int]] = []
        for ctxt, (positions, ids) in groups.items():
            # extractOne raises its cutoff to the best score so far; it starts a hair under
            # the threshold so that rounding in rapidfuzz's percentages loses nothing (the
            # exact weight is computed below).
            hit = process.extractOne(
                msgid, ids, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD * 100 - 0.01
            )
            if hit is None:
                continue
            i = positions[hit[2]]
            bonus = _CONTEXT_BONUS if ctxt is None or ctxt == msgctxt else 0.0
            found.append((similarity(msgid, self.entries[i].msgid) + bonus, -i))
        if not found:
            return None
        weight, minus_i = max(found)
        return self.entries[-minus_i] if weight > FUZZY_THRESHOLD else None
