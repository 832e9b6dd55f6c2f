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
from tests.test_apertium import real

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
    # a compound's term part is checked where the translation keeps the compound
    assert [v.message for v in verify(text, "Кримея-based чиновники.", news, "ru")] == [
        'glossary: "Crimea" → Крым|Крыма|Крыму|Крымом|Крыме in the compound "Кримея-based"'
    ]


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
    # the standalone term, and the compound's term part
    assert [(v.term.name, v.word) for v in verify(src, wrong, news, "ru")] == [
        ("Russia", ""),
        ("Russia", "Руссия-controlled"),
    ]
    # "Россия-controlled" in the translation is not the standalone Russia either
    assert [
        v.term.name
        for v in verify(
            src, wrong.replace("в Руссия", "в Руссии").replace("Руссия-", "Россия-"), news, "ru"
        )
    ] == ["Russia"]
    fixed = repair(src, wrong, news, "ru", {"Russia": "Руссия"})
    assert fixed == "проживающий постоянно в России или Руссия-controlled частях Украины"
    assert [v.word for v in verify(src, fixed, news, "ru")] == ["Руссия-controlled"]


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


COMPOUNDS = "Crimea-based officials and Kremlin-backed lawmakers met Moscow-installed leaders."


@pytest.mark.parametrize(
    ("target", "wrong"),
    [
        (
            "Кримея-based чиновники и Кремлин-backed депутаты встретили Москоу-installed лидеров.",
            ["Кримея-based", "Кремлин-backed", "Москоу-installed"],
        ),
        # an accepted form (an inflection too) before or after the hyphen
        ("Крым-based чиновники и Кремля-backed депутаты встретили Москва-installed лидеров.", []),
        ("based-Крым чиновники и backed-Кремль депутаты.", []),
        # written as words, not a compound: nothing to check
        ("Крымские чиновники и прокремлёвские депутаты встретились.", []),
        # the other part translated: the misspelt name is still found, an adjective is not it
        (
            "Кримея-основанные и Кремлин-поддержанные депутаты.",
            ["Кримея-основанные", "Кремлин-поддержанные"],
        ),
        ("Крым-основанные и Кремлем-поддержанные депутаты.", []),
    ],
)
def test_the_term_inside_a_compound_is_verified(news, target: str, wrong: list[str]) -> None:
    assert [v.word for v in verify(COMPOUNDS, target, news, "ru")] == wrong


def test_a_do_not_translate_term_inside_a_compound_stays_as_is(news) -> None:
    src = "A Reuters-Ipsos poll."
    assert verify(src, "Опрос Reuters-Ipsos.", news, "ru") == []
    assert [v.message for v in verify(src, "Опрос Рейтер-Ipsos.", news, "ru")] == [
        'glossary: "Reuters" must stay as is (do not translate) in the compound "Рейтер-Ipsos"'
    ]


@pytest.mark.parametrize("command", [["glossary", "check"], ["check", "--select", "glossary"]])
def test_check_flags_a_wrong_compound_at_its_line(project, runner, command) -> None:
    import polib

    from localize.cli import cli

    Path("examples/compounds.txt").write_text(COMPOUNDS + "\n", encoding="utf-8")
    assert runner.invoke(cli, ["update", "examples/compounds.txt", "--to", "ru"]).exit_code == 0
    path = Path("locales/ru/LC_MESSAGES/compounds.po")
    po = polib.pofile(str(path))
    po.find(
        COMPOUNDS
    ).msgstr = (
        "Кримея-based чиновники и Кремлин-backed депутаты\nвстретили Москоу-installed лидеров."
    )
    po.save()
    result = runner.invoke(cli, [*command, "--to", "ru"] if command[0] == "glossary" else command)
    assert result.exit_code == 1, result.output
    lines = path.read_text(encoding="utf-8").splitlines()
    first = next(i + 1 for i, x in enumerate(lines) if "Кримея-based" in x)
    second = next(i + 1 for i, x in enumerate(lines) if "Москоу-installed" in x)
    found = [
        line
        for line in result.stdout.splitlines()
        if "compounds.po:" in line and "[glossary]" in line
    ]
    assert found == [
        f'locales/ru/LC_MESSAGES/compounds.po:{first}: [glossary] "Crimea" → '
        'Крым|Крыма|Крыму|Крымом|Крыме in the compound "Кримея-based"',
        f'locales/ru/LC_MESSAGES/compounds.po:{first}: [glossary] "Kremlin" → '
        'Кремль|Кремля|Кремлю|Кремлем|Кремле in the compound "Кремлин-backed"',
        f'locales/ru/LC_MESSAGES/compounds.po:{second}: [glossary] "Moscow" → '
        'Москва|Москвы|Москве|Москву|Москвой|Москвою in the compound "Москоу-installed"',
    ]


@real
def test_real_apertium_repairs_a_compounds_term_part_in_place(news) -> None:
    from localize.engine.apertium import ApertiumEngine

    engine = ApertiumEngine("en", "es")
    src = "Trump-backed candidates won."
    assert engine.translate([src])[0].text.startswith("Triunfo-")  # "Trump" alone: "Triunfo"
    [(out, problems)] = enforce([src], engine.translate, news, "es", compositional=True)
    assert out.startswith("Trump-") and problems == []
    # the term part right already: the engine's own words stay
    src = "Crimea-based officials met."
    [(out, problems)] = enforce([src], engine.translate, news, "es", compositional=True)
    assert out == engine.translate([src])[0].text and not [p for p in problems if "glossary" in p]


def test_an_adjective_inside_a_compound_is_no_wrong_term(news) -> None:
    src = "A pro-Russia group."
    assert verify(src, "Про-российская группа.", news, "ru") == []
    assert [v.word for v in verify(src, "Про-Руссия группа.", news, "ru")] == ["Про-Руссия"]
