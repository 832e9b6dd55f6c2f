"""The command line as users meet it: help, exit codes, one-line errors, fast start-up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from localize.cli import cli

HEAVY = ("ctranslate2", "argostranslate", "torch", "stanza", "sentencepiece", "dask", "spacy")


def all_commands(group: click.Group = cli, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        out.append((prefix + name, cmd))
        if isinstance(cmd, click.Group):
            out.extend(all_commands(cmd, prefix + name + " "))
    return out


def test_top_level_help_lists_every_command_with_one_line(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in cli.commands:
        line = next(x for x in result.output.splitlines() if x.strip().startswith(name + " "))
        assert len(line.split(None, 1)) == 2, line


@pytest.mark.parametrize("name,cmd", all_commands(), ids=lambda x: x if isinstance(x, str) else "")
def test_every_command_has_help_and_an_example(name: str, cmd: click.Command) -> None:
    assert cmd.help, name
    if not isinstance(cmd, click.Group):
        assert "Example: localize " in cmd.help, name


def _examples(cmd: click.Command) -> list[str]:
    return [x.strip() for x in (cmd.help or "").splitlines() if x.strip().startswith("Example:")]


@pytest.mark.parametrize(
    "name,cmd",
    [("", cli), *((n, c) for n, c in all_commands() if _examples(c))],
    ids=lambda x: x if isinstance(x, str) else "",
)
def test_example_lines_are_printed_as_written(runner: CliRunner, name: str, cmd) -> None:
    """click re-wraps help paragraphs to the terminal; each Example line (a ``\\b`` paragraph)
    stays one line as written, even on a narrow terminal."""
    result = runner.invoke(cli, [*name.split(), "--help"], terminal_width=40)
    assert result.exit_code == 0
    lines = [x.strip() for x in result.output.splitlines()]
    for example in _examples(cmd):
        assert example in lines, (name, example)


def test_every_command_is_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for name, _ in all_commands():
        assert f"localize {name}" in readme, name


def test_python_dash_m(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "localize", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("localize, version ")


@pytest.mark.parametrize(
    "args",
    [
        ["update", "examples/russia-wont-discuss-crimea.txt", "--to", "xx"],
        ["build", "examples/russia-wont-discuss-crimea.txt", "--to", "english"],
    ],
)
def test_unknown_language_code_is_a_usage_error(project: Path, runner: CliRunner, args) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert result.output.startswith("localize: unknown language code ")
    assert "Traceback" not in result.output
    assert not (project / "locales").exists()


def imported_modules(*args: str, cwd: Path) -> set[str]:
    """Modules a real ``localize`` process imports, from ``python -X importtime``."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "localize", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
    )
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["status"],
        ["segment", "examples/russia-wont-discuss-crimea.txt"],
        ["extract", "examples/russia-wont-discuss-crimea.txt"],
        ["update", "examples/russia-wont-discuss-crimea.txt", "--to", "ru"],
        ["build", "examples/russia-wont-discuss-crimea.txt", "--to", "ru", "--fallback", "source"],
    ],
)
def test_commands_without_a_model_import_nothing_heavy(project: Path, args: list[str]) -> None:
    heavy = imported_modules(*args, cwd=project) & set(HEAVY)
    assert heavy == set()
