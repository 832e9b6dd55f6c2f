"""Fuzzy matching: msgmerge's measure and threshold, and the index used for large catalogs."""

from __future__ import annotations

import random

import polib

from localize.catalog import FUZZY_THRESHOLD, FuzzyIndex, shares_candidate, similarity

WORDS = (
    "Kremlin Peskov Kyiv Odessa grain ship talks convoy mayor bridge said would resume reached "
    "closed confirmed army minister officials report election sanctions Moscow the a of in on"
).split()


def test_similarity_is_gettexts_fstrcmp_on_bytes() -> None:
    assert similarity("abc", "abc") == 1.0
    assert similarity("", "") == 1.0
    assert similarity("abcd", "wxyz") == 0.0
    assert similarity("kitten", "sitting") == 2 * 4 / 13  # LCS "ittn"
    old = "The first ship left Odessa with 40,000 tonnes of grain."
    assert similarity(old, old.replace("40,000", "45,000")) > 0.98
    # '…' is three bytes in UTF-8, as fstrcmp sees it: 14/22 (on characters 10/18, below 0.6).
    assert similarity("Scheduling…", "Saving…") == 14 / 22


def test_threshold_and_context_edge_as_msgmerge() -> None:
    a = polib.POEntry(msgid="aaaaaxxxxx", msgstr="1")  # similarity to "aaaaayyyyy": 0.5
    assert FuzzyIndex([a]).best(None, "aaaaayyyyy") is None
    b = polib.POEntry(msgid="abcdefghij", msgstr="2", msgctxt="other")
    c = polib.POEntry(msgid="abcdefghij", msgstr="3")
    # Equal similarity: the one valid in every context wins, though it comes later.
    assert FuzzyIndex([b, c]).best(None, "abcdefghiX") is c
    # Exactly 0.6 passes only with the edge (msgmerge compares weight + edge > 0.6).
    d = polib.POEntry(msgid="abcdefghij", msgstr="4")  # vs "abcdefWXYZ": 2*6/20 = 0.6
    assert FuzzyIndex([d]).best(None, "abcdefWXYZ") is d
    e = polib.POEntry(msgid="abcdefghij", msgstr="5", msgctxt="x")
    assert FuzzyIndex([e]).best(None, "abcdefWXYZ") is None


def test_candidates_share_a_4_gram_or_are_short_and_near_in_length() -> None:
    # Above the threshold on the measure alone, but msgmerge never compares them.
    assert similarity("Date", "Delete") + 0.00001 > FUZZY_THRESHOLD
    assert not shares_candidate("Delete", "Date")
    assert FuzzyIndex([polib.POEntry(msgid="Delete", msgstr="Slet")]).best(None, "Date") is None
    assert shares_candidate("Changed:", "Change:")
    # Under 4 characters: old msgids of 2 to 7 bytes for a 3-byte one, at most 28 bytes.
    assert shares_candidate("abc", "abd") and shares_candidate("ab", "abd")
    assert not shares_candidate("abcdefgh", "abd") and not shares_candidate("a", "abd")
    assert FuzzyIndex([polib.POEntry(msgid="ab", msgstr="x")]).best(None, "abd") is not None


def _exhaustive(entries: list[polib.POEntry], query: str) -> float:
    """The best weight msgmerge's rule allows, by comparing every candidate it admits."""
    best = 0.0
    for e in entries:
        if shares_candidate(e.msgid, query):
            best = max(best, similarity(query, e.msgid) + 0.00001)
    return best if best > FUZZY_THRESHOLD else 0.0


def test_no_suggestion_is_lost_in_a_large_catalog() -> None:
    """The word-pair index this replaced missed one-word edits above 2,000 candidates."""
    r = random.Random(4)
    texts = list(
        dict.fromkeys(
            " ".join(r.choice(WORDS) for _ in range(r.randint(1, 12))) + f" {n}:"
            for n in range(6_000)
        )
    )
    entries = [polib.POEntry(msgid=t, msgstr="RU " + t) for t in texts]
    entries += [polib.POEntry(msgid=w, msgstr="RU " + w) for w in ("Change:", "Delete", "Th")]
    index = FuzzyIndex(entries)
    queries = [*r.sample(texts, 150), "Changed:", "Deleted:", "The"]
    for q in queries:
        words = q.split()
        if len(words) > 1:
            words[r.randrange(len(words))] = r.choice(WORDS)
        query = " ".join(words) if q not in ("Changed:", "Deleted:", "The") else q
        found = index.best(None, query)
        want = _exhaustive(entries, query)
        got = similarity(query, found.msgid) + 0.00001 if found is not None else 0.0
        assert got == want, (query, found and found.msgid)
