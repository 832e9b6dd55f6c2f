"""Compounds, all-caps headlines and articles: matched, verified or shown, never miscounted."""

from __future__ import annotations

from pathlib import Path

import pytest

from localize.glossary import (
    enforce,
    find_compounds,
    find_terms,
    hits_comment,
    load_glossaries,
    parse_csv,
    protect,
    repair,
    restore,
    verify,
)

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def news():
    return load_glossaries([ROOT / "glossaries" / "news.csv"])


def test_compounds_are_shown_to_editors_not_counted(news) -> None:
    text = "Crimea-based officials and Kremlin-backed lawmakers met pro-Russia groups."
    assert find_terms(news, text) == []
    assert [(m.text, m.term.name) for m in find_compounds(news, text)] == [
        ("Crimea-based", "Crimea"),
        ("Kremlin-backed", "Kremlin"),
        ("pro-Russia", "Russia"),
    ]
    assert hits_comment([], "ru", find_compounds(news, text)) == (
        "glossary: check compound Crimea-based: Crimea → Крым; "
        "check compound Kremlin-backed: Kremlin → Кремль; "
        "check compound pro-Russia: Russia → Россия"
    )
    assert verify(text, "Кримея-based чиновники.", news, "ru") == []  # nothing to verify


def test_a_listed_compound_is_matched_and_verified() -> None:
    g = parse_csv("en,ru\nCrimea,Крым\nCrimea-based,крымский|крымские|крымских\n")
    text = "Crimea-based officials left Crimea."
    assert [m.text for m in find_terms(g, text)] == ["Crimea-based", "Crimea"]
    assert find_compounds(g, text) == []
    assert verify(text, "Крымские чиновники покинули Крым.", g, "ru") == []
    assert [
        v.term.name for v in verify(text, "Кримея-based чиновники покинули Крым.", g, "ru")
    ] == ["Crimea-based"]


def test_a_compound_is_no_occurrence_in_the_translation_nor_in_a_repair(news) -> None:
    src = "residing permanently in Russia or the Russia-controlled parts of Ukraine"
    wrong = "проживающий постоянно в Руссия или Руссия-controlled частях Украины"
    assert [v.term.name for v in verify(src, wrong, news, "ru")] == ["Russia"]
    # "Россия-controlled" in the translation is not the standalone Russia either
    assert [
        v.term.name
        for v in verify(
            src, wrong.replace("в Руссия", "в Руссии").replace("Руссия-", "Россия-"), news, "ru"
        )
    ] == ["Russia"]
    fixed = repair(src, wrong, news, "ru", {"Russia": "Руссия"})
    assert fixed == "проживающий постоянно в России или Руссия-controlled частях Украины"
    assert verify(src, fixed, news, "ru") == []


HEADLINE = "CRIMEA: KREMLIN SAYS INF TREATY STILL STANDS"


def test_an_all_caps_headline_matches_and_is_verified_in_capitals(news) -> None:
    assert [m.term.name for m in find_terms(news, HEADLINE)] == ["Crimea", "Kremlin", "INF Treaty"]
    assert verify(HEADLINE, "КРЫМ: КРЕМЛЬ ЗАЯВЛЯЕТ, ЧТО ДРСМД В СИЛЕ", news, "ru") == []
    assert verify(HEADLINE, "Крым: Кремль заявляет, что ДРСМД в силе", news, "ru") == []
    assert [
        v.term.name for v in verify(HEADLINE, "КРЫМ: КРЕМЛЬ ЗАЯВЛЯЕТ ИНФ TREATY", news, "ru")
    ] == ["INF Treaty"]
    # mixed case text keeps the case rules: "KREMLIN" in a sentence is not matched
    assert find_terms(news, "The KREMLIN said so.") == []


def test_an_all_caps_headline_is_enforced_in_capitals(news) -> None:
    def copying(texts: list[str]) -> list[str]:
        return [t.replace("SAYS", "ЗАЯВЛЯЕТ").replace("STILL STANDS", "В СИЛЕ") for t in texts]

    [(out, problems)] = enforce([HEADLINE], copying, news, "ru")
    assert out == (
        "КРЫМ: КРЕМЛЬ ЗАЯВЛЯЕТ ДОГОВОР О РАКЕТАХ СРЕДНЕЙ И МЕНЬШЕЙ ДАЛЬНОСТИ (ДРСМД) В СИЛЕ"
    )
    assert problems == []


def test_an_article_is_not_doubled(news) -> None:
    src = "He spoke to the New York Times."
    p = protect(src, find_terms(news, src), "ru")
    assert p.text == "He spoke to XTM0."
    assert restore("Он говорил с XTM0.", p) == ("Он говорил с The New York Times.", [])
    # an engine that keeps "the" before the placeholder
    assert restore("Он говорил с the XTM0.", p)[0] == "Он говорил с The New York Times."
    [(out, problems)] = enforce([src], lambda ts: list(ts), news, "ru")
    assert out == "He spoke to The New York Times." and problems == []


def test_a_compound_in_the_translation_is_the_term_when_the_source_has_none(news) -> None:
    # German writes "Kremlin spokesman" as one hyphenated word
    src = "Kremlin spokesman Dmitry Peskov (file photo)"
    assert verify(src, "Kreml-Sprecher Dmitri Peskow (Archivbild)", news, "de") == []
