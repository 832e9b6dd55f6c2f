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
Every candidate is scored (msgmerge's ``heuristic`` mode, which stops after the first few, is
not what ``msgmerge`` uses), so no suggestion is lost in a large catalog.
"""

from __future__ import annotations

import math
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
        self._postings: dict[str, list[int]] = {}
        self._short: dict[int, list[int]] = {}
        postings = self._postings
        for i, e in enumerate(self.entries):
            for gram in set(_grams(e.msgid)):
                p = postings.get(gram)
                if p is None:
                    postings[gram] = [i]
                else:
                    p.append(i)
            size = len(self._bytes[i])
            if size <= _SHORT_MAX_BYTES:
                self._short.setdefault(size, []).append(i)

    def _candidates(self, msgid: str) -> tuple[list[int], list[str] | None]:
        if len(msgid) >= _N:
            grams = _grams(msgid)
            lists = [p for p in map(self._postings.get, set(grams)) if p]
            return (sorted(set().union(*lists)) if lists else []), grams
        size = len(_utf8(msgid))
        lo, hi = math.ceil(size / _WINDOW), int(size * _WINDOW)
        return [i for n in range(lo, hi + 1) for i in self._short.get(n, ())], None

    def best(self, msgctxt: str | None, msgid: str) -> polib.POEntry | None:
        """The candidate msgmerge picks, or None where none scores above the threshold."""
        from rapidfuzz import process
        from rapidfuzz.distance import Indel

        candidates, grams = self._candidates(msgid)
        if not candidates:
            return None
        query = _utf8(msgid)
        entries, data = self.entries, self._bytes
        # Two groups, with and without the context bonus; in each, rapidfuzz finds the best
        # score in C++, then every candidate that close to it is weighed exactly below.
        groups: dict[bool, list[int]] = {True: [], False: []}
        for i in candidates:
            ctxt = entries[i].msgctxt
            groups[ctxt is None or ctxt == msgctxt].append(i)
        tied: list[int] = []
        for bonus, members in groups.items():
            if not members:
                continue
            choices = [data[i] for i in members]
            # rapidfuzz's cutoffs are exact to about 1e-8: a margin, and exact weights below.
            floor = FUZZY_THRESHOLD - (_CONTEXT_BONUS * 1.01 if bonus else 0.0) - 1e-6
            hit = process.extractOne(
                query, choices, scorer=Indel.normalized_similarity, score_cutoff=floor
            )
            if hit is None:
                continue
            near = process.extract(
                query,
                choices,
                scorer=Indel.normalized_similarity,
                score_cutoff=max(floor, hit[1] - 1e-6),
                limit=None,
            )
            tied += [members[k] for _, _, k in near]
        if not tied:
            return None

        def weight(i: int) -> float:
            total = len(query) + len(data[i])
            score = (total - Indel.distance(query, data[i])) / total if total else 1.0
            ctxt = entries[i].msgctxt
            return score + (_CONTEXT_BONUS if ctxt is None or ctxt == msgctxt else 0.0)

        def order(i: int) -> tuple[int, int]:
            # msgmerge visits candidates in this order and keeps the first of equal weights.
            if grams is None:
                return (len(data[i]), i)
            own = set(_grams(entries[i].msgid))
            return (-sum(1 for g in grams if g in own), i)

        scored = [(weight(i), i) for i in tied]
        top = max(w for w, _ in scored)
        if not top > FUZZY_THRESHOLD:
            return None
        return entries[min((i for w, i in scored if w == top), key=order)]
