"""Offline MT end to end: real Argos packages built by localize.testing, no network."""

from __future__ import annotations

import socket
from pathlib import Path

import polib
import pytest

from localize.catalog import text_digest
from localize.cli import cli
from localize.engine.argos import ArgosEngine
from localize.glossary import load_glossaries, verify
from localize.testing import build_argos_package, dictionary_translate
from tests.conftest import ROOT, msgcat_stable, msgfmt_check

ARTICLE = "examples/russia-wont-discuss-crimea.txt"
RU = {
    "Russia": "Россия",
    "Crimea": "Полуостров",
    "Kremlin": "Кремль",
    "spokesman": "представитель",
    "said": "сказал",
    "TASS": "ТАСС",
    "Treaty": "договор",
    "INF": "РСМД",
    "Peskov": "Песков",
    "Trump": "Трамп",
    "Moscow": "Москва",
    "Ukraine": "Украина",
    "the": "",
    "and": "и",
}
UK = {
    "Russia": "Росія",
    "Crimea": "Півострів",
    "Kremlin": "Кремль",
    "said": "сказав",
    "TASS": "ТАСС",
    "Treaty": "договір",
    "INF": "РСМД",
    "Peskov": "Пєсков",
    "and": "і",
}
RU = {k: v for k, v in RU.items() if v}


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("packages")
    build_argos_package(folder, "en", "ru", RU)
    build_argos_package(folder, "en", "uk", UK)
    return folder


@pytest.fixture
def models(project: Path, packages: Path, monkeypatch: pytest.MonkeyPatch, runner) -> Path:
    target = project / "models"
    monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(target))
    result = runner.invoke(cli, ["models", "install", str(packages)])
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list:
    """Any socket connection fails the test."""
    attempts: list = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"network used: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    sent: list[str] = []
    real = ArgosEngine.translate

    def count(self, texts):
        sent.extend(texts)
        return real(self, texts)

    monkeypatch.setattr(ArgosEngine, "translate", count)
    return sent


def po(lang: str) -> polib.POFile:
    return polib.pofile(f"locales/{lang}/LC_MESSAGES/russia-wont-discuss-crimea.po")


def test_word_by_word_fuzzy_valid_then_incremental(models, runner, no_network, counted) -> None:
    result = runner.invoke(cli, ["translate", ARTICLE, "--to", "ru,uk", "--no-glossary"])
    assert result.exit_code == 0, result.output
    assert "ru: 24 translated, 0 reused (argos en-ru 1.0)" in result.stderr
    assert len(counted) == 48
    for lang, table in (("ru", RU), ("uk", UK)):
        catalog = po(lang)
        for entry in catalog:
            assert entry.msgstr == dictionary_translate(entry.msgid, table), entry.msgid
            assert entry.flags == ["fuzzy"]
            assert entry.tcomment == (
                f"mt: argos en-{lang} 1.0 · confidence 1.00 [{text_digest(entry.msgstr)}]"
            )
        path = Path(catalog.fpath)
        assert msgfmt_check(path).returncode == 0 and msgcat_stable(path)
    assert (
        "Россия"
        in po("ru")
        .find(
            "Russia seized control of Crimea in March 2014 after "
            "sending in troops and staging a referendum denounced as "
            "illegal by the United States and a total of 100 countries "
            "in the UN General Assembly."
        )
        .msgstr
    )
    counted.clear()
    again = runner.invoke(cli, ["translate", ARTICLE, "--to", "ru,uk", "--no-glossary"])
    assert again.exit_code == 0 and counted == []
    assert "ru: 0 translated, 24 reused" in again.stderr
    text = Path(ARTICLE).read_text(encoding="utf-8")
    Path(ARTICLE).write_text(text.replace("January 28", "January 29"), encoding="utf-8")
    runner.invoke(cli, ["translate", ARTICLE, "--to", "ru", "--no-glossary"])
    assert len(counted) == 1 and "January 29" in counted[0]
    assert no_network == []


def test_reviewed_entries_are_never_changed(models, runner) -> None:
    runner.invoke(cli, ["update", ARTICLE, "--to", "ru"])
    catalog = po("ru")
    catalog.find("Breaking News").msgstr = "Срочные новости"
    catalog.save()
    runner.invoke(cli, ["translate", ARTICLE, "--to", "ru"])
    entry = po("ru").find("Breaking News")
    assert entry.msgstr == "Срочные новости" and "fuzzy" not in entry.flags


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_glossary_wins_over_a_mistranslating_model(models, runner, lang: str) -> None:
    """The model renders Crimea as 'peninsula', the INF Treaty wrongly, and translates TASS."""
    result = runner.invoke(cli, ["translate", ARTICLE, "--to", lang])
    assert result.exit_code == 0, result.output
    glossary = load_glossaries([ROOT / "glossaries" / "news.csv"])
    catalog = po(lang)
    for entry in catalog:
        assert verify(entry.msgid, entry.msgstr, glossary, lang) == [], entry.msgid
        assert "glossary:" not in entry.tcomment
        assert "Полуостров" not in entry.msgstr and "Півострів" not in entry.msgstr
        assert "ТАСС" not in entry.msgstr
    credit = catalog.find("With reporting by Interfax, TASS, and Reuters")
    assert "TASS" in credit.msgstr and "Interfax" in credit.msgstr
    crimea = "Крым" if lang == "ru" else "Крим"
    assert (
        crimea
        in catalog.find(
            "Peskov said that Trump did not raise the issue of Crimea in his "
            "January 28 telephone conversation with Putin."
        ).msgstr
    )
    assert msgfmt_check(Path(catalog.fpath)).returncode == 0


def test_hand_edited_wrong_term_fails_check_at_its_line(models, runner) -> None:
    runner.invoke(cli, ["translate", ARTICLE, "--to", "ru"])
    catalog = po("ru")
    for entry in catalog:
        entry.flags = []
    target = catalog.find(
        "Peskov said that Trump did not raise the issue of Crimea in his "
        "January 28 telephone conversation with Putin."
    )
    target.msgstr = "Песков: Трамп не говорил с Путиным о полуострове 28 января."
    catalog.save()
    result = runner.invoke(cli, ["check", "--locale", "ru", "--select", "glossary,dnt"])
    assert result.exit_code == 1
    lines = Path(catalog.fpath).read_text(encoding="utf-8").splitlines()
    line = next(i + 1 for i, x in enumerate(lines) if x.startswith('msgstr "Песков: Трамп'))
    assert result.stdout.startswith(
        f'locales/ru/LC_MESSAGES/russia-wont-discuss-crimea.po:{line}: [glossary] "Crimea" → Крым'
    )


def test_missing_model_is_reported_before_any_work(models, runner) -> None:
    result = runner.invoke(cli, ["translate", ARTICLE, "--to", "ru,de"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "localize: no translation model for en-de (installed: en-ru, en-uk). "
        "Get it with: localize models install --from en --to de"
    )
    assert not Path("locales").exists()


def test_models_list_shows_installed_pairs(models, runner) -> None:
    out = runner.invoke(cli, ["models", "list"]).stdout
    rows = [line.split()[:3] for line in out.splitlines() if "argos" in line]
    assert rows == [["en-ru", "argos", "1.0"], ["en-uk", "argos", "1.0"]]


def test_engine_batches_and_aligns(packages, tmp_path) -> None:
    from localize.models import install_package

    pkg = install_package(next(packages.glob("*en_ru*")), tmp_path)[0]
    engine = ArgosEngine(pkg.path, beam_size=4)
    texts = ["Russia said.", "", "The Kremlin spokesman said that Russia " * 3, "Crimea"]
    out = engine.translate(texts)
    assert [t.text for t in out] == [dictionary_translate(t, RU) for t in texts]
    long = engine.translate(["Russia " * 500])[0]
    assert long.note.startswith("truncated: source longer than the model's 383 tokens")


def test_pivot_through_another_language(tmp_path, runner, project, monkeypatch) -> None:
    monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(tmp_path / "m"))
    build_argos_package(tmp_path, "en", "de", {"Russia": "Russland"})
    build_argos_package(tmp_path, "de", "uk", {"Russland": "Росія"})
    assert runner.invoke(cli, ["models", "install", str(tmp_path)]).exit_code == 0
    result = runner.invoke(cli, ["translate", ARTICLE, "--to", "uk", "--no-glossary"])
    assert result.exit_code == 0, result.output
    entry = po("uk").find("Breaking News")
    assert entry.tcomment == (
        "mt: argos en-de 1.0 + de-uk 1.0 (pivot via de) · confidence 1.00 "
        f"[{text_digest(entry.msgstr)}]"
    )
    assert (
        "Росія"
        in po("uk")
        .find("Russia Won't Discuss Crimea, Dismisses Report Of Contacts With Trump Team")
        .msgstr
    )
