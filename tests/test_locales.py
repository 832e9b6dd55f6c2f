"""Locales as users type them, one spelling of the language option, config errors located."""

from __future__ import annotations

import re
from pathlib import Path

import click
import polib
import pytest
from click.testing import CliRunner

from localize.cli import cli
from tests.test_cli import all_commands

ARTICLE = "examples/russia-wont-discuss-crimea.txt"


def run(runner: CliRunner, *args: str):
    return runner.invoke(cli, list(args))


@pytest.fixture
def en_ru(word_models) -> Path:
    return word_models("en", "ru", {"Russia": "Россия", "Kremlin": "Кремль"})


@pytest.mark.parametrize("typed", ["ru-RU", "ru_RU"])
def test_a_regional_locale_uses_the_language_model(project, runner, en_ru, install_models, typed):
    install_models(en_ru)
    result = run(runner, "translate", ARTICLE, "--to", typed, "--no-glossary")
    assert result.exit_code == 0, result.output
    assert "ru_RU: 24 translated, 0 reused (argos en-ru 1.0; ru_RU with the en-ru model)\n" in (
        result.stderr
    )
    po = polib.pofile("locales/ru_RU/LC_MESSAGES/russia-wont-discuss-crimea.po")
    assert po.metadata["Language"] == "ru_RU"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert all("fuzzy" in e.flags and e.msgstr for e in po)
    assert any("Кремль" in e.msgstr for e in po)


def test_a_regional_locale_without_any_model_names_both(project, runner, monkeypatch) -> None:
    monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(project / "models"))
    result = run(runner, "translate", ARTICLE, "--to", "ru-RU")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "localize: no translation model for en-ru_RU (or en-ru) (installed: none). "
        "Get it with: localize models install --from en --to ru — "
    )


@pytest.mark.parametrize("command", ["update", "translate"])
def test_the_source_language_as_target_is_a_usage_error(project, runner, command) -> None:
    result = run(runner, command, ARTICLE, "--to", "ru,en")
    assert result.exit_code == 2
    assert result.stderr == (
        "localize: --to names en, the source language: articles are already in it "
        "(give the languages to translate into, e.g. --to ru,uk)\n"
    )
    assert not Path("locales").exists()


@pytest.mark.parametrize("command", ["update", "translate", "check", "status", "compile"])
def test_an_empty_to_is_a_usage_error(project, runner, command) -> None:
    args = [command, ARTICLE] if command in ("update", "translate") else [command]
    result = run(runner, *args, "--to", "")
    assert result.exit_code == 2
    assert result.stderr == "localize: --to is empty: give one or more locales, e.g. --to ru,uk\n"


def test_the_language_option_is_spelled_to_everywhere(runner) -> None:
    for name, cmd in all_commands():
        if isinstance(cmd, click.Group) or name.startswith("models"):
            continue  # models install/remove take --from and --to: a pair, not locales
        names = {opt for p in cmd.params if not getattr(p, "hidden", False) for opt in p.opts}
        assert "--locale" not in names and "--lang" not in names, name
        if name not in (
            "extract",
            "segment",
            "glossary suggest",
            "glossary import",
            "glossary export",
            "tm import",
            "xliff import",  # a translator's file names its own target language
        ):
            assert "--to" in names, name
            shown = run(runner, *name.split(), "--help").stdout
            assert "--to" in shown and not re.search(r"--(locale|lang)(?![-\w])", shown)


def test_former_spellings_still_work(project, runner) -> None:
    assert run(runner, "update", ARTICLE, "--to", "ru,uk").exit_code == 0
    to = run(runner, "check", "--to", "ru", "--select", "missing,syntax")
    locale = run(runner, "check", "--locale", "ru", "--select", "missing,syntax")
    assert to.exit_code == locale.exit_code == 0
    assert to.stderr == locale.stderr == "all 1 catalog(s) complete and clean\n"
    assert run(runner, "glossary", "list", "--lang", "ru").stdout == (
        run(runner, "glossary", "list", "--to", "ru").stdout
    )


CONFIG_ERRORS = [
    ('source = "en"\nlocales = ["ru" "uk"]\n', "2:17: invalid TOML: Unclosed array"),
    ('source = "en"\nlocales = [\n', "2:12: invalid TOML: Invalid value"),
    ('source = "en"\nlocale = ["ru"]\n', "2:1: unknown key 'locale' (known: "),
    ('source = "en"\nlocales = ["ru", "zz"]\n', "2:18: unknown language code 'zz'"),
    ('source = "en"\nbeam_size = 0\n', "2:1: 'beam_size' must be a positive integer"),
    ('engine = "google"\n', "1:1: unknown engine 'google' (known: argos, apertium)"),
]


@pytest.mark.parametrize("text,expected", CONFIG_ERRORS)
@pytest.mark.parametrize(
    "args",
    [
        ["segment", ARTICLE],
        ["extract", ARTICLE],
        ["update", ARTICLE, "--to", "ru"],
        ["translate", ARTICLE, "--to", "ru"],
        ["build", ARTICLE, "--to", "ru"],
        ["status"],
        ["check"],
        ["compile"],
        ["glossary", "list", "--to", "ru"],
        ["glossary", "check"],
        ["glossary", "suggest", ARTICLE],
        ["models", "list"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_every_command_reports_config_errors_at_line_and_column(
    project, runner, text, expected, args
) -> None:
    Path("localize.toml").write_text(text, encoding="utf-8")
    result = run(runner, *args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"localize: localize.toml:{expected}")
    assert result.stderr.count("\n") == 1


def test_invalid_utf8_in_the_config_is_located(project, runner) -> None:
    Path("localize.toml").write_bytes(b'source = "en"\nlocales = ["r\xff"]\n')
    result = run(runner, "segment", ARTICLE)
    assert result.exit_code == 2
    assert result.stderr == "localize: localize.toml:2:14: invalid UTF-8\n"


# --- locales Babel lacks: real projects ship udm, cak, mjw, tet catalogs ------------------------

LACKING = Path(__file__).resolve().parent / "data" / "po" / "locales"


@pytest.fixture
def lacking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "localize.toml").write_text('source = "en"\n', encoding="utf-8")
    for lang in ("udm", "cak"):
        folder = tmp_path / "locales" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "news.po").write_bytes((LACKING / f"{lang}.po").read_bytes())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_status_and_check_serve_a_locale_babel_lacks_from_its_header(lacking, runner) -> None:
    from babel import Locale, UnknownLocaleError

    for lang in ("udm", "cak"):
        with pytest.raises(UnknownLocaleError):
            Locale.parse(lang)
    status = run(runner, "status")
    assert status.exception is None, status.output
    assert status.stdout.splitlines() == [
        "cak — cak",
        "  locales/cak/LC_MESSAGES/news.po: 100% complete — 2 translated, 0 fuzzy, "
        "0 untranslated, 0 obsolete; 3/3 words",
        "udm — udm",
        "  locales/udm/LC_MESSAGES/news.po: 100% complete — 2 translated, 0 fuzzy, "
        "0 untranslated, 0 obsolete; 3/3 words",
    ]
    check = run(runner, "check", "--ignore", "language")
    assert (check.exit_code, check.stderr) == (0, "all 2 catalog(s) complete and clean\n")


def test_merge_catalog_serves_a_locale_babel_lacks_from_its_header() -> None:
    from localize import merge_catalog
    from localize.catalog import dumps, read_po

    old = read_po(LACKING / "cak.po")
    pot = read_po(LACKING / "cak.po")
    pot.metadata["Plural-Forms"] = ""
    merged = merge_catalog(pot, old, lang="cak")
    assert merged.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert [e.msgstr_plural for e in merged if e.msgid_plural] == [{0: "%d файл"}]
    new = merge_catalog(pot, None, lang="udm")  # no header to go by: two forms, no traceback
    assert new.metadata["Language-Team"] == "udm"
    assert "nplurals=2;" in dumps(new)


# --- one parser of locale codes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "base", "tag", "posix"),
    [
        ("ru", "ru", "ru", "ru"),
        ("pt_BR", "pt", "pt-BR", "pt_BR"),
        ("pt-br", "pt", "pt-br", "pt_BR"),
        ("zh_Hant_TW", "zh", "zh-Hant-TW", "zh_Hant_TW"),
        ("sr@latin", "sr@latin", "sr-Latn", "sr@latin"),
        ("sr_RS@cyrillic", "sr", "sr-Cyrl-RS", "sr_RS@cyrillic"),
    ],
)
def test_a_locale_code_is_read_one_way_everywhere(code, base, tag, posix) -> None:
    from localize.lang import base_language, bcp47, posix_locale

    assert (base_language(code), bcp47(code), posix_locale(code)) == (base, tag, posix)


def test_no_module_splits_a_locale_code_by_hand() -> None:
    """``lang.split("_")[0]`` and friends live in localize.lang alone."""
    import re

    hand = re.compile(
        r"""\b(?:lang|code|source|target|locale)\w*\.(?:split|partition)\(["'][-_]["']\)"""
    )
    package = Path(__file__).resolve().parent.parent / "localize"
    found = [
        f"{path.relative_to(package.parent)}:{n}"
        for path in sorted(package.rglob("*.py"))
        if path.name != "lang.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if hand.search(line)
    ]
    assert found == []
