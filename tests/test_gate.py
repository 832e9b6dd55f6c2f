"""check and status see every catalog: expected ones, found ones, orphans; paths narrow them;
one defect is one finding; the exit codes README and --help state are the ones returned."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from localize.cli import cli
from tests.conftest import DATA, ROOT

ARTICLE = "examples/russia-wont-discuss-crimea.txt"


def run(runner: CliRunner, *args: str):
    return runner.invoke(cli, list(args))


def po_path(lang: str, slug: str = "russia-wont-discuss-crimea") -> Path:
    return Path(f"locales/{lang}/LC_MESSAGES/{slug}.po")


def translate_all(path: Path, fuzzy: bool = False) -> None:
    po = polib.pofile(str(path))
    for e in po:
        e.msgstr = "«" + e.msgid + "»"
        e.flags = [f for f in e.flags if f != "fuzzy"] + (["fuzzy"] if fuzzy else [])
    po.save()


@pytest.fixture
def clean(project: Path, runner: CliRunner) -> Path:
    """The sample in ru and uk, every entry translated: check exits 0."""
    assert run(runner, "update", ARTICLE).exit_code == 0
    for lang in ("ru", "uk"):
        translate_all(po_path(lang))
    assert gate(runner).exit_code == 0
    return project


def gate(runner: CliRunner, *extra: str):
    return run(runner, "check", "--ignore", "glossary,language", *extra)


def new_article(name: str = "new-article") -> str:
    path = Path(f"drafts/{name}.txt")
    path.parent.mkdir(exist_ok=True)
    path.write_text("Kyiv said on Monday that talks would resume.\n\nNothing else.\n")
    return str(path)


def test_fully_fuzzy_catalog_of_an_unconfigured_article_fails_the_gate(clean, runner) -> None:
    draft = new_article()
    assert run(runner, "update", draft, "--to", "ru").exit_code == 0
    translate_all(po_path("ru", "new-article"), fuzzy=True)
    result = gate(runner)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    orphan = f"{po_path('ru', 'new-article')}: [orphan] no article 'new-article' among the "
    assert lines[0].startswith(orphan), lines
    assert "it is not configured or no longer exists" in lines[0]
    assert sum("[fuzzy]" in x for x in lines) == 2  # its two sentences, each reported
    assert result.stderr == "3 finding(s) in 3 catalog(s)\n"
    status = run(runner, "status")
    assert f"  {po_path('ru', 'new-article')}: [orphan] 0% complete — 0 translated, 2 fuzzy" in (
        status.stdout
    )
    rows = json.loads(run(runner, "status", "--format", "json").stdout)
    assert [(r["path"], r["orphan"]) for r in rows] == [
        (str(po_path("ru")), False),
        (str(po_path("ru", "new-article")), True),
        (str(po_path("uk")), False),
    ]


def test_a_catalog_whose_article_was_deleted_is_an_orphan(clean, runner) -> None:
    shutil.copy(ARTICLE, "examples/gone.txt")
    assert run(runner, "update", "examples/gone.txt").exit_code == 0
    translate_all(po_path("ru", "gone"))
    translate_all(po_path("uk", "gone"))
    assert gate(runner).exit_code == 0  # configured (examples/*.txt) and complete
    Path("examples/gone.txt").unlink()
    result = gate(runner)
    assert result.exit_code == 1
    message = (
        "[orphan] no article 'gone' among the configured ones (examples/*.txt): it is not "
        "configured or no longer exists; add it to 'articles' in localize.toml, or delete "
        "this catalog"
    )
    assert result.stdout.splitlines() == [
        f"{po_path('ru', 'gone')}: {message}",
        f"{po_path('uk', 'gone')}: {message}",
    ]


def test_catalogs_of_unconfigured_locales_are_checked_too(clean, runner) -> None:
    assert run(runner, "update", ARTICLE, "--to", "de").exit_code == 0
    result = gate(runner)
    assert result.exit_code == 1
    assert {line.split(":")[0] for line in result.stdout.splitlines()} == {str(po_path("de"))}
    assert "[orphan]" not in result.stdout  # its article is configured


def test_paths_narrow_the_run(clean, runner) -> None:
    draft = new_article()
    assert run(runner, "update", draft, "--to", "ru").exit_code == 0
    # An article: its expected and found catalogs only.
    assert gate(runner, ARTICLE).exit_code == 0
    result = gate(runner, draft)
    assert result.exit_code == 1
    # Expected for the given article: ru (untranslated) and uk (missing).
    assert {line.split(":")[0] for line in result.stdout.splitlines()} == {
        str(po_path("ru", "new-article")),
        str(po_path("uk", "new-article")),
    }
    assert f"{po_path('uk', 'new-article')}: [missing] no uk catalog for {draft}" in result.stdout
    # A catalog: that catalog only.
    assert gate(runner, str(po_path("uk"))).exit_code == 0
    assert gate(runner, str(po_path("uk"))).stderr == "all 1 catalog(s) complete and clean\n"
    # --to narrows too.
    assert gate(runner, "--to", "uk").stderr == "all 1 catalog(s) complete and clean\n"
    status = run(runner, "status", str(po_path("uk")))
    assert status.exit_code == 0 and status.stdout.count("% complete") == 1
    missing = gate(runner, "locales/uk/LC_MESSAGES/nothing.po")
    assert missing.exit_code == 2
    assert missing.stderr == "localize: locales/uk/LC_MESSAGES/nothing.po: no such catalog\n"


def test_without_articles_in_the_config_check_what_is_found(clean, runner) -> None:
    Path("localize.toml").write_text('source = "en"\n', encoding="utf-8")
    result = gate(runner)
    assert result.exit_code == 0
    assert result.stderr == "all 2 catalog(s) complete and clean\n"
    translate_all(po_path("uk"), fuzzy=True)
    result = gate(runner)
    assert result.exit_code == 1 and "[orphan]" not in result.stdout
    assert run(runner, "status").stdout.count("% complete") == 2
    shutil.rmtree("locales")
    empty = gate(runner)
    assert empty.exit_code == 2
    assert empty.stderr.startswith("localize: no catalogs under locales and no articles ")


INVALID = sorted((DATA / "po" / "invalid").glob("*.po"))


@pytest.mark.parametrize("fixture", INVALID, ids=[p.stem for p in INVALID])
def test_a_catalog_that_cannot_be_parsed_is_one_located_finding(clean, runner, fixture) -> None:
    shutil.copy(fixture, po_path("ru"))
    before = po_path("ru").read_bytes()
    result = gate(runner, "--to", "ru")
    assert result.exit_code == 1  # a finding, as README and --help say
    [line] = result.stdout.splitlines()
    assert re.match(rf"^{re.escape(str(po_path('ru')))}:\d+: \[syntax\] ", line), line
    assert po_path("ru").read_bytes() == before


def test_exit_codes_in_readme_and_help_agree_with_the_gate(clean, runner) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    help_text = " ".join(run(runner, "check", "--help").stdout.split())
    assert "a malformed catalog is a finding (1)" in help_text
    assert "| 1 | findings: `check` found problems (a malformed catalog among them: one" in readme
    shutil.copy(DATA / "po" / "invalid" / "invalid_utf8.po", po_path("ru"))
    assert gate(runner).exit_code == 1
    assert run(runner, "check", "--select", "spelling").exit_code == 2
    assert run(runner, "status").exit_code == 2  # status cannot count a malformed catalog


def test_an_internal_error_is_exit_3_with_its_traceback_never_findings(
    clean, runner, monkeypatch
) -> None:
    from localize import review as ck
    from localize.errors import INTERNAL_ERROR_EXIT

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(ck, "check_project", broken)
    result = gate(runner)
    assert result.exit_code == INTERNAL_ERROR_EXIT == 3
    assert "Traceback (most recent call last)" in result.stderr
    assert "ZeroDivisionError: a bug" in result.stderr
    assert result.stderr.rstrip().endswith(
        "localize: internal error (a bug in localize, not in your files); please report it "
        "with the traceback above"
    )
    help_text = " ".join(run(runner, "check", "--help").stdout.split())
    assert "3 internal error (a bug in localize, never a finding)" in help_text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| 3 | internal error: a bug in localize, not a property of the input" in readme
    monkeypatch.undo()  # a LocalizeError is still the input's: exit 2, one line, no traceback
    usage = run(runner, "check", "--select", "spelling")
    assert (usage.exit_code, usage.stderr.count("\n")) == (2, 1)
