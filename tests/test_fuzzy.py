"""Fuzzy matching: msgmerge's measure and threshold, and the index used for large catalogs."""

from __future__ import annotations

import random

import polib

from localize.fuzzy import SCAN_ALL_UP_TO, FuzzyIndex, similarity

WORDS = (
    "Kremlin Peskov Kyiv Odessa grain ship talks convoy mayor bridge said would resume reached "
    "closed confirmed army minister officials report election sanctions Moscow the a of in on"
).split()


def test_similarity_is_gettexts_fstrcmp() -> None:
    assert similarity("abc", "abc") == 1.0
    assert similarity("", "") == 1.0
    assert similarity("abcd", "wxyz") == 0.0
    assert similarity("kitten", "sitting") == 2 * 4 / 13  # LCS "ittn"
    old = "The first ship left Odessa with 40,000 tonnes of grain."
    assert similarity(old, old.replace("40,000", "45,000")) > 0.98


def test_threshold_and_context_edge_as_msgmerge() -> None:
    a = polib.POEntry(msgid="aaaaaxxxxx", msgstr="1")  # similarity to "aaaaayyyyy": 0.5
    assert FuzzyIndex([a]).best(None, "aaaaayyyyy") is None
    b = polib.POEntry(msgid="abcdefghij", msgstr="2", msgctxt="other")
    c = polib.POEntry(msgid="abcdefghij", msgstr="3")
    # Equal similarity: the one valid in every context wins, though it comes later.
    assert FuzzyIndex([b, c]).best(None, "abcdefghiX") is c
    # Exactly 0.6 passes only with the edge (msgmerge compares weight + edge > 0.6).
    d = polib.POEntry(msgid="aaabb", msgstr="4")  # vs "aaacc": 2*3/10 = 0.6
    assert FuzzyIndex([d]).best(None, "aaacc") is d
    e = polib.POEntry(msgid="aaabb", msgstr="5", msgctxt="x")
    assert FuzzyIndex([e]).best(None, "aaacc") is None


def test_index_of_a_large_catalog_finds_what_a_full_scan_finds() -> None:
    r = random.Random(4)
    texts = list(
        dict.fromkeys(
            " ".join(r.choice(WORDS) for _ in range(r.randint(6, 20))) + f" {n}."
            for n in range(3 * SCAN_ALL_UP_TO)
        )
    )
    entries = [polib.POEntry(msgid=t, msgstr="RU " + t) for t in texts]
    index = FuzzyIndex(entries)
    assert index._postings is not None  # the index is in use at this size
    agree = 0
    queries = r.sample(texts, 200)
    for q in queries:
        words = q.split()
        words[r.randrange(len(words) - 1)] = r.choice(WORDS)
        query = " ".join(words)
        found = index.best(None, query)
        scan = index._best_in(index._groups, None, query)
        assert (found is None) == (scan is None)
        agree += found is scan or similarity(query, found.msgid) == similarity(query, scan.msgid)
    assert agree == len(queries)
