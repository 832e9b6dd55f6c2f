"""Fuzzy matching for merges: the old translation of the most similar old sentence.

The measure is msgmerge's (gettext ``fstrcmp``): 2·LCS / (len a + len b), computed by
rapidfuzz's Indel similarity, with msgmerge's threshold (a match must score above 0.6) and its
small bonus for a candidate in the same context. Candidates come from an index, not a scan in
Python: rapidfuzz prunes by length in C++ before it computes any LCS.
"""

from __future__ import annotations

from collections.abc import Sequence

import polib

__all__ = ["FUZZY_THRESHOLD", "FuzzyIndex", "similarity"]

FUZZY_THRESHOLD = 0.6  # msgmerge's: a candidate must score above it
_CONTEXT_BONUS = 0.00001  # msgmerge's edge for a candidate with no or the same msgctxt


def similarity(a: str, b: str) -> float:
    """gettext's fstrcmp: 1.0 for equal strings, 0.0 for nothing in common."""
    from rapidfuzz.distance import Indel

    total = len(a) + len(b)
    if not total:
        return 1.0
    return (total - Indel.distance(a, b)) / total


class FuzzyIndex:
    """The old entries that carry a translation, searchable by similarity of their msgid."""

    def __init__(self, entries: Sequence[polib.POEntry]) -> None:
        self.entries = list(entries)
        self._ids = [e.msgid for e in self.entries]

    def best(self, msgctxt: str | None, msgid: str) -> polib.POEntry | None:
        """The best candidate above the threshold; the first in file order among equals."""
        if not self._ids:
            return None
        from rapidfuzz import fuzz, process

        # A slightly lower cutoff, so rounding in rapidfuzz's percentages loses no candidate;
        # the exact weight is computed below on the few that pass.
        hits = process.extract(
            msgid,
            self._ids,
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_THRESHOLD * 100 - 0.01,
            limit=None,
        )
        best, best_weight = None, FUZZY_THRESHOLD
        for _, _, i in sorted(hits, key=lambda h: h[2]):
            cand = self.entries[i]
            bonus = 0.0
            if cand.msgctxt is None or cand.msgctxt == msgctxt:
                bonus = _CONTEXT_BONUS
            weight = similarity(msgid, cand.msgid) + bonus
            if weight > best_weight:
                best, best_weight = cand, weight
        return best
