"""Fuzzy matching for merges: the old translation of the most similar old sentence, chosen as
``msgmerge`` chooses it.

The measure is msgmerge's (gettext ``fstrcmp``): 2·LCS / (len a + len b) over the UTF-8 bytes,
computed by rapidfuzz's Indel distance, with msgmerge's threshold (a match must score above
0.6) and its small bonus for a candidate in the same context. The candidates are msgmerge's
(``msgl-fsearch.c``), at every catalog size:

- a sentence of 4 characters or more is compared with the old entries that share at least one
  character 4-gram with it (``title`` never gets the translation of ``files``);
- a shorter one with the old entries whose msgid is at most 28 bytes long and within the
  length window a score above 0.6 allows (1 to 7 bytes for 3 bytes).

Among equal scores msgmerge's order decides: the candidate sharing more of the sentence's
4-grams, then the earlier in the old file; for short sentences the shorter, then the earlier.
Every candidate is considered (msgmerge's ``heuristic`` mode, which stops after the first few,
is not what ``msgmerge`` uses), so no suggestion is lost in a large catalog: rapidfuzz scores
the old entries in C++, only those whose length can reach the best score seen so far (a few
entries sharing the sentence's rarest words give it a high start).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

import polib

__all__ = ["FUZZY_THRESHOLD", "FuzzyIndex", "similarity", "shares_candidate"]

FUZZY_THRESHOLD = 0.6  # msgmerge's: a candidate must score above it
_CONTEXT_BONUS = 0.00001  # msgmerge's edge for a candidate with no or the same msgctxt
_N = 4  # msgmerge indexes character 4-grams
# Strings under 4 characters (at most 12 UTF-8 bytes) are compared by length instead: with a
# score above 0.6 the other string is at most 2/0.6 - 1 times as long.
_WINDOW = 2 / FUZZY_THRESHOLD - 1
_SHORT_MAX_BYTES = int((_N - 1) * 4 * _WINDOW)  # 28, msgmerge's SHORT_MSG_MAX


# Above this many old entries a search is seeded (see FuzzyIndex._seed): measured in
# bench/merge.py, 50,000 entries merge in a fraction of msgmerge's time.
_SEEDED_FROM = 1_000
_SEED_WORDS = 3
_SEED_MAX = 500
_WORD = re.compile(r"\w+")


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def similarity(a: str, b: str) -> float:
    """gettext's fstrcmp on the UTF-8 bytes: 1.0 for equal strings, 0.0 for nothing in common."""
    from rapidfuzz.distance import Indel

    x, y = _utf8(a), _utf8(b)
    total = len(x) + len(y)
    if not total:
        return 1.0
    return (total - Indel.distance(x, y)) / total


def _grams(text: str) -> list[str]:
    return [text[i : i + _N] for i in range(len(text) - _N + 1)]


def shares_candidate(old: str, new: str) -> bool:
    """Whether msgmerge would score ``old`` as a candidate for ``new`` at all."""
    if len(new) >= _N:
        return bool(set(_grams(old)) & set(_grams(new)))
    size, other = len(_utf8(new)), len(_utf8(old))
    return other <= _SHORT_MAX_BYTES and math.ceil(size / _WINDOW) <= other <= int(size * _WINDOW)


class FuzzyIndex:
    """The old entries that carry a translation, searchable by similarity of their msgid."""

    def __init__(self, entries: Sequence[polib.POEntry]) -> None:
        self.entries = list(entries)
        self._bytes = [_utf8(e.msgid) for e in self.entries]
        # One list per context, so that msgmerge's edge for the same context is exact and each
        # list is scanned by rapidfuzz in C++ as it is.
        # Each list sorted by length: a score s needs the other length within a factor of
        # s / (2 - s), so a search reads only that slice (rapidfuzz converts every string it
        # is handed, which dominated a scan of 50,000).
        self._groups: dict[str | None, tuple[list[int], list[int], list[bytes]]] = {}
        self._short: dict[int, list[int]] = {}
        by_ctxt: dict[str | None, list[int]] = {}
        for i, e in enumerate(self.entries):
            by_ctxt.setdefault(e.msgctxt, []).append(i)
            size = len(self._bytes[i])
            if size <= _SHORT_MAX_BYTES:
                self._short.setdefault(size, []).append(i)
        for ctxt, members in by_ctxt.items():
            members.sort(key=lambda i: len(self._bytes[i]))  # stable: file order within a length
            lengths = [len(self._bytes[i]) for i in members]
            self._groups[ctxt] = (lengths, members, [self._bytes[i] for i in members])
        self._grams: dict[int, set[str]] = {}
        self._words: dict[str, list[int]] | None = None

    def _seed(self, msgid: str) -> list[int]:
        """A few old entries likely to score well (those sharing the query's rarest words):
        their best score starts rapidfuzz's cutoff high, which prunes the full scan. Only a
        speed-up: the scan that follows is over every entry, so nothing depends on it."""
        if len(self.entries) < _SEEDED_FROM:
            return []
        if self._words is None:
            self._words = {}
            for i, e in enumerate(self.entries):
                for w in set(_WORD.findall(e.msgid.lower())):
                    self._words.setdefault(w, []).append(i)
        lists = sorted(
            (p for p in map(self._words.get, set(_WORD.findall(msgid.lower()))) if p), key=len
        )[:_SEED_WORDS]
        seed: dict[int, None] = {}
        for p in lists:  # bounded work: at most _SEED_MAX of each list
            seed.update(dict.fromkeys(p[:_SEED_MAX]))
        return list(seed)

    def _own_grams(self, i: int) -> set[str]:
        found = self._grams.get(i)
        if found is None:
            found = self._grams[i] = set(_grams(self.entries[i].msgid))
        return found

    def best(self, msgctxt: str | None, msgid: str) -> polib.POEntry | None:
        """The candidate msgmerge picks, or None where none scores above the threshold."""
        query = _utf8(msgid)
        if len(msgid) >= _N:
            return self._best_long(msgctxt, msgid, query)
        size = len(query)
        lo, hi = math.ceil(size / _WINDOW), int(size * _WINDOW)
        candidates = [i for n in range(lo, hi + 1) for i in self._short.get(n, ())]
        return self._pick(msgctxt, query, candidates, None)

    def _best_long(self, msgctxt: str | None, msgid: str, query: bytes) -> polib.POEntry | None:
        """Every old entry is scored by rapidfuzz (C++, length pruning, a cutoff that rises to
        the best so far); of the best, those sharing a 4-gram with ``msgid`` are msgmerge's
        candidates. Only where none of the best shares one are all above the threshold looked
        at (rare: a high score almost always shares a 4-gram)."""
        from rapidfuzz import process
        from rapidfuzz.distance import Indel

        scorer = Indel.normalized_similarity
        grams = _grams(msgid)
        wanted = set(grams)
        size = len(query)

        def window(lengths: list[int], score: float) -> tuple[int, int]:
            # 2·min/(a + b) >= score  ⇔  b within [a·score/(2-score), a·(2-score)/score]
            score = max(score, 1e-9)
            lo = bisect_left(lengths, math.floor(size * score / (2 - score)))
            hi = bisect_right(lengths, math.ceil(size * (2 - score) / score))
            return lo, hi

        floors: dict[str | None, float] = {}
        top = -1.0
        seed = self._seed(msgid)  # the best of a few likely ones: a high cutoff to start
        if seed:
            hit = process.extractOne(
                query, [self._bytes[i] for i in seed], scorer=scorer, score_cutoff=0.0
            )
            if hit is not None:
                # without the context edge: a lower start is only slower, never wrong
                top = hit[1]
        for ctxt in self._groups:
            bonus = _CONTEXT_BONUS if ctxt is None or ctxt == msgctxt else 0.0
            # rapidfuzz's cutoffs are exact to about 1e-8: a margin, and exact weights below.
            floors[ctxt] = FUZZY_THRESHOLD - (bonus * 1.01 if bonus else 0.0) - 1e-6
        # One pass: every entry scoring at least the seed's best (so the best and its ties),
        # then, only where none of those shares a 4-gram, every entry above the threshold.
        for exhaustive in (False, True):
            found: list[tuple[float, int]] = []
            for ctxt, (lengths, positions, data) in self._groups.items():
                bonus = _CONTEXT_BONUS if ctxt is None or ctxt == msgctxt else 0.0
                cutoff = floors[ctxt] if exhaustive else max(floors[ctxt], top - bonus - 1e-6)
                lo, hi = window(lengths, cutoff)
                hits = process.extract(
                    query, data[lo:hi], scorer=scorer, score_cutoff=cutoff, limit=None
                )
                found += [(score + bonus, positions[lo + k]) for _, score, k in hits]
            found = [(w, i) for w, i in found if wanted & self._own_grams(i)]
            if found:
                best = max(w for w, _ in found)
                near = [i for w, i in found if w >= best - 1e-6]
                return self._pick(msgctxt, query, near, grams)
            if top < 0:
                return None  # the first pass was already over every entry above the threshold
        return None

    def _pick(
        self, msgctxt: str | None, query: bytes, candidates: list[int], grams: list[str] | None
    ) -> polib.POEntry | None:
        from rapidfuzz.distance import Indel

        entries, data = self.entries, self._bytes

        def weight(i: int) -> float:
            total = len(query) + len(data[i])
            score = (total - Indel.distance(query, data[i])) / total if total else 1.0
            ctxt = entries[i].msgctxt
            return score + (_CONTEXT_BONUS if ctxt is None or ctxt == msgctxt else 0.0)

        def order(i: int) -> tuple[int, int]:
            # msgmerge visits candidates in this order and keeps the first of equal weights.
            if grams is None:
                return (len(data[i]), i)
            own = self._own_grams(i)
            return (-sum(1 for g in grams if g in own), i)

        if not candidates:
            return None
        scored = [(weight(i), i) for i in candidates]
        top = max(w for w, _ in scored)
        if not top > FUZZY_THRESHOLD:
            return None
        return entries[min((i for w, i in scored if w == top), key=order)]
