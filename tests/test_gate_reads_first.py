"""The gate reads first: a catalog it cannot read, or an expected one that is missing, fails
whatever checks are selected or ignored (text, JSON and JUnit alike)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from localize.cli import cli

ARTICLE = "examples/russia-wont-discuss-crimea.txt"
RU = Path("locales/ru/LC_MESSAGES/russia-wont-discuss-crimea.po")
UK = Path("locales/uk/LC_MESSAGES/russia-wont-discuss-crimea.po")


@pytest.fixture
def truncated(project: Path, runner: CliRunner) -> Path:
    """Both catalogs translated, then the ru one cut off in the middle of a string."""
    assert runner.invoke(cli, ["update", ARTICLE]).exit_code == 0
    for path in (RU, UK):
        po = polib.pofile(str(path))
        for e in po:
            e.msgstr = "«" + e.msgid + "»"
        po.save()
    data = RU.read_bytes()
    cut = data.index(b'\nmsgid "', len(data) // 2) + len('\nmsgid "T')  # inside a string
    RU.write_bytes(data[:cut])
    return project


SELECTIONS = [
    ["--select", "untranslated"],
    ["--select", "untranslated,fuzzy"],
    ["--select", "glossary"],
    ["--ignore", "syntax"],
    ["--select", "fuzzy", "--ignore", "syntax"],
]


@pytest.mark.parametrize("options", SELECTIONS, ids=lambda o: " ".join(o))
def test_an_unreadable_catalog_fails_whatever_is_selected(truncated, runner, options) -> None:
    result = runner.invoke(cli, ["check", *options])
    assert result.exit_code == 1
    [line] = [x for x in result.stdout.splitlines() if x.startswith(f"{RU}:")]
    assert ": [syntax] " in line
    assert result.stderr.endswith("finding(s) in 2 catalog(s)\n")


@pytest.mark.parametrize("fmt", ["json", "junit"])
def test_json_and_junit_say_so_too(truncated, runner, fmt: str) -> None:
    result = runner.invoke(cli, ["check", "--select", "untranslated", "--format", fmt])
    assert result.exit_code == 1
    if fmt == "json":
        report = json.loads(result.stdout)
        assert report["ok"] is False
        assert [(f["path"], f["code"]) for f in report["findings"]] == [(str(RU), "syntax")]
    else:
        root = ET.fromstring(result.stdout)
        failures = [c for c in root.iter("testcase") if c.find("failure") is not None]
        assert [c.get("name") for c in failures] == [str(RU)]
        assert "[syntax]" in failures[0].find("failure").text  # type: ignore[union-attr]


def test_glossary_check_reads_first(truncated, runner) -> None:
    result = runner.invoke(cli, ["glossary", "check"])
    assert result.exit_code == 1
    [line] = [x for x in result.stdout.splitlines() if "[syntax]" in x]
    line_no = int(line.split(":")[1])
    assert line.startswith(f"{RU}:{line_no}: [syntax] ")
    assert 1 < line_no <= len(RU.read_bytes().splitlines()) + 1


def test_a_missing_catalog_fails_unless_ignored_by_name(project, runner) -> None:
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "ru"]).exit_code == 0
    po = polib.pofile(str(RU))
    for e in po:
        e.msgstr = "«" + e.msgid + "»"
    po.save()
    missing = f"{UK}: [missing] no uk catalog for {ARTICLE} (run localize update for uk)"
    for options in (["--select", "untranslated"], ["--select", "glossary"], []):
        result = runner.invoke(cli, ["check", "--ignore", "language", *options])
        assert result.exit_code == 1, options
        assert missing in result.stdout.splitlines()
    result = runner.invoke(cli, ["check", "--select", "untranslated", "--ignore", "missing"])
    assert (result.exit_code, result.stdout) == (0, "")
    glossary = runner.invoke(cli, ["glossary", "check"])
    assert glossary.exit_code == 1 and missing in glossary.stdout.splitlines()


def test_the_readme_api_example_shape_reads_first(truncated) -> None:
    from localize import check_project, load_config

    report = check_project(load_config(), select=["untranslated"])
    assert [(f.path, f.code) for f in report.findings] == [(str(RU), "syntax")]
    assert report.exit_code == 1
