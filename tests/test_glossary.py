"""Glossary: format, matching, enforcement through a deliberately wrong engine, catalog checks."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from localize.errors import GlossaryError
from localize.glossary import (
    dumps_tbx,
    enforce,
    find_terms,
    load_glossaries,
    parse_csv,
    read_tbx,
    suggest_terms,
    verify,
    write_tbx,
)
from localize.segment import read_article

ROOT = Path(__file__).parent.parent
NEWS = ROOT / "glossaries" / "news.csv"
INVALID = Path(__file__).parent / "data" / "glossary" / "invalid"


@pytest.fixture(scope="module")
def news():
    return load_glossaries([NEWS])


@pytest.mark.parametrize(
    "path", sorted(p for p in INVALID.iterdir() if p.suffix != ".expected"), ids=lambda p: p.name
)
def test_malformed_glossaries_name_file_and_line(path: Path) -> None:
    expected = (path.parent / (path.name + ".expected")).read_text(encoding="utf-8").strip()
    with pytest.raises(GlossaryError) as err:
        load_glossaries([path])
    assert str(err.value) == expected.format(path=path)


def test_news_glossary_covers_the_sample_in_five_languages(news) -> None:
    names = {t.name for t in news.terms}
    for name in (
        "Crimea",
        "INF Treaty",
        "Kremlin",
        "White House",
        "UN General Assembly",
        "Moscow",
        "Washington",
        "Ukraine",
        "Russia",
        "Vladimir Putin",
        "Dmitry Peskov",
        "Donald Trump",
        "Sean Spicer",
        "Hillary Clinton",
        "The New York Times",
    ):
        assert name in names
        term = next(t for t in news.terms if t.name == name)
        for lang in ("ru", "uk", "de", "fr", "es"):
            assert term.forms(lang), (name, lang)
    assert {t.name for t in news.terms if t.dnt} == {"RFE/RL", "TASS", "Interfax", "Reuters"}


@pytest.mark.parametrize(
    "text,found",
    [
        ("Russia's interference", ["Russia"]),
        ("Russia’s role", ["Russia"]),
        ("a Russian passport", []),
        ("Crimean Tatars", []),
        ("the Russia-controlled parts", []),
        ("the INF Treaty and the INF", ["INF Treaty"]),
        (
            "Intermediate-Range Nuclear Forces (INF) Treaty, a pact",
            ["Intermediate-Range Nuclear Forces (INF) Treaty"],
        ),
        ("President Vladimir Putin and Putin", ["Vladimir Putin", "Putin"]),
        ("the UN\u00a0General   Assembly", ["UN\u00a0General   Assembly"]),
        ("the New York Times reported", ["New York Times"]),
        ("crimea lowercase", []),
    ],
)
def test_matching(news, text: str, found: list[str]) -> None:
    assert [m.text for m in find_terms(news, text)] == found


def test_case_insensitive_rule() -> None:
    g = parse_csv("en,ru,case\nkremlin,Кремль,insensitive\n")
    assert [m.text for m in find_terms(g, "The KREMLIN said")] == ["KREMLIN"]


WRONG = {
    "Crimea": "Полуостров",
    "INF Treaty": "договор",
    "TASS": "ТАСС",
    "Intermediate-Range Nuclear Forces (INF) Treaty": "договор",
}


def wrong_engine(texts: list[str]) -> list[str]:
    """Copies placeholders (as NMT models do) but mistranslates terms it sees."""
    out = []
    for t in texts:
        for src, bad in WRONG.items():
            t = t.replace(src, bad)
        out.append(t)
    return out


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_wrong_engine_still_gives_glossary_forms(news, sample, lang: str) -> None:
    texts = [s.text for s in read_article(sample).segments]
    results = enforce(texts, wrong_engine, news, lang)
    assert len(results) == len(texts)
    for src, (out, problems) in zip(texts, results, strict=True):
        assert problems == [], (src, out)
        assert verify(src, out, news, lang) == []
        assert "Полуостров" not in out and "ТАСС" not in out
    crimea = "Крым" if lang == "ru" else "Крим"
    assert sum(out.count(crimea) for out, _ in results) == sum(t.count("Crimea") for t in texts)
    assert results[texts.index("With reporting by Interfax, TASS, and Reuters")][0] == (
        "With reporting by Interfax, TASS, and Reuters"
    )


def test_lost_placeholders_fall_back_and_report(news) -> None:
    def dropping(texts: list[str]) -> list[str]:
        return [re.sub(r"XTM\d+", "", t) for t in wrong_engine(texts)]

    [(out, problems)] = enforce(["TASS reported on Crimea."], dropping, news, "ru")
    assert out == "ТАСС reported on Полуостров."
    assert problems == [
        'glossary: "TASS" must stay as is (do not translate)',
        'glossary: "Crimea" → Крым|Крыма|Крыму|Крымом|Крыме',
    ]


def test_fallback_repairs_a_copied_term(news) -> None:
    def copying(texts: list[str]) -> list[str]:
        return [re.sub(r"XTM\d+", "", t) if "XTM" in t else t for t in texts]

    [(out, problems)] = enforce(["Crimea is calm."], copying, news, "ru")
    assert out == "Крым is calm." and problems == []


def test_inflected_forms_pass_and_counts_matter(news) -> None:
    src = "Russia annexed Crimea; Crimea is Ukraine's."
    assert verify(src, "Россия аннексировала Крым; Крым — часть Украины.", news, "ru") == []
    v = verify(src, "Россия аннексировала Крым; полуостров — часть Украины.", news, "ru")
    assert [x.message for x in v] == ['glossary: "Crimea" → Крым|Крыма|Крыму|Крымом|Крыме']


def test_tbx_round_trip(tmp_path: Path, news) -> None:
    path = tmp_path / "news.tbx"
    write_tbx(news, path)
    back = read_tbx(path)
    assert back.terms == tuple(
        t.__class__(t.sources, t.targets, t.dnt, t.case_sensitive, t.note, str(path))
        for t in news.terms
    )
    assert "<!DOCTYPE" not in dumps_tbx(news)


def test_suggest_lists_names_the_glossary_lacks(news, sample) -> None:
    texts = [s.text for s in read_article(sample).segments]
    terms = [c.term for c in suggest_terms(texts, news)]
    assert terms[:2] == ["United States", "U.S."]
    assert "Democratic Party" in terms
    assert "Crimea" not in terms and "Kremlin" not in terms


def test_catalog_check_reports_wrong_term_at_its_line(tmp_path: Path, news) -> None:
    from localize.check import CatalogInput, check_catalog

    po = polib.POFile()
    po.metadata = {"Language": "ru", "Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Russia seized Crimea.", msgstr="Россия захватила Полуостров."))
    po.append(polib.POEntry(msgid="It is in Crimea.", msgstr="Это в Крыму."))
    po.append(polib.POEntry(msgid="Says TASS.", msgstr="Сообщает ТАСС."))
    path = tmp_path / "a.po"
    po.save(str(path))
    from localize.poformat import read_po

    c = CatalogInput(read_po(path), "ru", "a.po", path.read_text(), glossary=news)
    found = [str(f) for f in check_catalog(c, select=["glossary", "dnt"])]
    lines = path.read_text().splitlines()
    bad = lines.index('msgstr "Россия захватила Полуостров."') + 1
    dnt = lines.index('msgstr "Сообщает ТАСС."') + 1
    assert found == [
        f'a.po:{bad}: [glossary] "Crimea" → Крым|Крыма|Крыму|Крымом|Крыме',
        f'a.po:{dnt}: [dnt] "TASS" must stay as is (do not translate)',
    ]
