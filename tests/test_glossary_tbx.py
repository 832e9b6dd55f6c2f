"""TBX as Weblate, OmegaT and translate-toolkit write it; import and export both ways.

translate-toolkit's own TBX reader is the oracle for what we write.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from localize.cli import cli
from localize.errors import GlossaryError
from localize.glossary import (
    dumps_csv,
    dumps_tbx,
    import_glossary,
    load_glossaries,
    parse_csv,
    parse_tbx,
    read_tbx,
    verify,
)

ROOT = Path(__file__).parent.parent
VALID = Path(__file__).parent / "data" / "glossary" / "valid"


def test_weblate_forbidden_terms_are_flagged_and_read_only_is_dnt() -> None:
    crimea, tass, reuters = read_tbx(VALID / "weblate_forbidden_readonly.tbx").terms
    assert crimea.forms("ru") == ("Крым",)  # the forbidden term is no accepted form
    assert crimea.flagged_forms("ru") == ("Крымский полуостров",)
    assert tass.dnt and tass.forms("ru") == ("ТАСС",) and tass.forms("uk") == ("TASS",)
    assert reuters.dnt and reuters.forms("ru") == ("Reuters",)
    g = read_tbx(VALID / "weblate_forbidden_readonly.tbx")
    assert [v.message for v in verify("Crimea.", "Крымский полуостров — это Крым.", g, "ru")] == [
        "glossary: \"Crimea\" → Крым (not 'Крымский полуостров')"
    ]
    assert verify("TASS said.", "ТАСС сообщил.", g, "ru") == []  # Russian's exception
    assert [v.message for v in verify("TASS said.", "ТАРС повідомив.", g, "uk")] == [
        'glossary: "TASS" must stay as is (do not translate)'
    ]
    assert verify("TASS said.", "TASS повідомив.", g, "uk") == []


def test_omegat_regional_tags_map_to_their_language() -> None:
    kremlin, moscow = read_tbx(VALID / "omegat_regional_tags.tbx").terms
    assert kremlin.sources == ("Kremlin",) and kremlin.note == "seat of the Russian government"
    assert kremlin.forms("ru") == ("Кремль",)
    assert moscow.forms("ru") == ("Москва", "Москвы") and moscow.forms("uk") == ("Москва",)
    g = read_tbx(VALID / "omegat_regional_tags.tbx")
    assert [
        v.term.name for v in verify("Moscow and the Kremlin.", "Москоу и Кремль.", g, "ru")
    ] == ["Moscow"]


def test_translate_toolkit_translation_needed_and_statuses() -> None:
    interfax, ukraine = read_tbx(VALID / "tt_translation_needed_statuses.tbx").terms
    assert interfax.dnt
    assert ukraine.forms("ru") == ("Украина", "Украины")
    assert ukraine.flagged_forms("ru") == ("на Украине", "Малороссия")


@pytest.fixture(scope="module")
def rich():
    """A glossary with every feature: forms, flagged forms, DNT with an exception, case, note."""
    return parse_csv(
        "en,ru,uk,dnt,case,note\n"
        'Crimea,Крым|Крыма|!Крымский полуостров,Крим,,,"peninsula, not ""the Crimea"""\n'
        "TASS,ТАСС,,yes,,news agency\n"
        "Reuters,,,yes,,\n"
        "kremlin,Кремль,Кремль,,insensitive,\n"
    )


def _fields(glossary) -> list[tuple]:
    return [
        (t.sources, t.targets, t.flagged, t.dnt, t.case_sensitive, t.note) for t in glossary.terms
    ]


def test_our_tbx_and_csv_round_trip_through_our_readers(rich) -> None:
    assert _fields(parse_tbx(dumps_tbx(rich))) == _fields(rich)
    assert _fields(parse_csv(dumps_csv(rich))) == _fields(rich)


def needs_term_lists() -> None:
    """translate-toolkit reads TBX term lists (get_source_terms) from 3.18 on, which needs
    Python 3.11: on 3.10 the pins hold 3.17.5."""
    from translate.storage.tbx import tbxunit

    if not hasattr(tbxunit, "get_target_terms"):
        pytest.skip("this translate-toolkit (< 3.18, the newest for Python 3.10) has no term lists")


def test_translate_toolkit_reads_our_tbx_with_forms_and_dnt(rich) -> None:
    from translate.storage.tbx import tbxfile

    needs_term_lists()

    store = tbxfile.parsestring(dumps_tbx(rich).encode("utf-8"))
    units = store.units
    assert [u.source for u in units] == ["Crimea", "TASS", "Reuters", "kremlin"]
    crimea, tass, reuters, kremlin = units
    assert [(t.text, t.administrative_status) for t in crimea.get_target_terms("ru")] == [
        ("Крым", "preferredTerm-admn-sts"),
        ("Крыма", "admittedTerm-admn-sts"),
        ("Крымский полуостров", "deprecatedTerm-admn-sts"),
    ]
    assert [t.deprecated for t in crimea.get_target_terms("ru")] == [False, False, True]
    assert [t.text for t in crimea.get_target_terms("uk")] == ["Крим"]
    assert crimea.istranslatable() and kremlin.istranslatable()
    assert not tass.istranslatable() and not reuters.istranslatable()  # DNT kept
    assert [t.text for t in tass.get_target_terms("ru")] == ["ТАСС"]  # and its exception
    assert "peninsula" in crimea.getnotes()


def test_import_writes_a_project_csv_and_export_gives_it_back(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "localize.toml").write_text('source = "en"\n', encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["glossary", "import", str(VALID / "omegat_regional_tags.tbx")])
    assert result.exit_code == 0, result.output
    assert result.output == "imported 2 terms into glossaries/omegat_regional_tags.csv\n"
    csv_text = (tmp_path / "glossaries" / "omegat_regional_tags.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines() == [
        "en,ru_RU,uk_UA,dnt,case,note",
        "Kremlin,Кремль,,,,seat of the Russian government",
        "Moscow,Москва|Москвы,Москва,,,",
    ]
    again = runner.invoke(cli, ["glossary", "import", str(VALID / "omegat_regional_tags.tbx")])
    assert again.exit_code == 2
    assert again.output == (
        f"localize: {tmp_path / 'glossaries' / 'omegat_regional_tags.csv'}: already exists; "
        "pass --replace to replace it\n"
    )
    replaced = runner.invoke(
        cli, ["glossary", "import", str(VALID / "omegat_regional_tags.tbx"), "--replace"]
    )
    assert replaced.exit_code == 0, replaced.output
    exported = runner.invoke(cli, ["glossary", "export", "--format", "tbx"])
    assert exported.exit_code == 0, exported.output
    back = parse_tbx(exported.output)
    assert [(t.sources, t.forms("ru")) for t in back.terms] == [
        (("Kremlin",), ("Кремль",)),
        (("Moscow",), ("Москва", "Москвы")),
    ]
    as_csv = runner.invoke(cli, ["glossary", "export", "--format", "csv"])
    assert as_csv.output == csv_text


def test_import_refuses_a_term_the_project_already_has(tmp_path: Path) -> None:
    existing = tmp_path / "news.csv"
    existing.write_text("en,ru\nKremlin,Кремль\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="duplicate term 'Kremlin'"):
        import_glossary(
            VALID / "omegat_regional_tags.tbx", tmp_path / "new.csv", existing=[existing]
        )
    assert not (tmp_path / "new.csv").exists()


def test_the_news_glossary_round_trips_through_translate_toolkit() -> None:
    from translate.storage.tbx import tbxfile

    needs_term_lists()

    news = load_glossaries([ROOT / "glossaries" / "news.csv"])
    store = tbxfile.parsestring(dumps_tbx(news).encode("utf-8"))
    assert len(store.units) == len(news.terms)
    for unit, term in zip(store.units, news.terms, strict=True):
        assert [t.text for t in unit.get_source_terms()] == list(term.sources)
        assert unit.istranslatable() == (not term.dnt)
        for lang, forms in term.targets:
            assert tuple(t.text for t in unit.get_target_terms(lang)) == forms
