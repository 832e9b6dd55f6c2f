"""A newcomer's first hour: the README's tour as written, `localize init` into a new repository,
building many articles at once, JSON summaries, -q/-v, and what langdetect may warn about."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from localize.models import install_package
from localize.testing import build_argos_package
from tests.conftest import ROOT, SAMPLE

README = (ROOT / "README.md").read_text(encoding="utf-8")
WORDS = {
    "Crimea": "Крым",
    "Russia": "Россия",
    "Kremlin": "Кремль",
    "talks": "переговоры",
    "said": "сказал",
}


def tour_block(marker: str) -> list[list[str]]:
    """The commands of the code block after ``<!-- marker -->``, comments dropped."""
    m = re.search(rf"<!-- {marker} -->\n```sh\n(.+?)```", README, re.S)
    assert m is not None, marker
    steps = []
    for line in m.group(1).splitlines():
        args = shlex.split(line, comments=True)
        assert args[0] == "localize", line
        steps.append(args[1:])
    return steps


def localize(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "localize", *args], cwd=cwd, capture_output=True, text=True, env=env
    )


@pytest.fixture
def models(tmp_path: Path) -> dict[str, str]:
    """An environment with small en-ru and en-uk test models installed."""
    folder = tmp_path / "models"
    for lang in ("ru", "uk"):
        archive = build_argos_package(tmp_path / "pkg", "en", lang, WORDS)
        install_package(archive, folder)
    return {**os.environ, "LOCALIZE_MODELS_DIR": str(folder)}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix != ".mo" and p.name != ".localize.lock"
    }


def test_the_tour_runs_as_written_and_leaves_the_gate_green(
    tmp_path: Path, models: dict[str, str]
) -> None:
    clone = tmp_path / "clone"
    for name in ("examples", "glossaries", "locales"):
        shutil.copytree(ROOT / name, clone / name)
    shutil.copy(ROOT / "localize.toml", clone / "localize.toml")
    before = snapshot(clone / "locales")
    steps = tour_block("tour") + tour_block("tour-formats")
    assert [s[0] for s in steps[:4]] == ["segment", "extract", "update", "translate"]
    for args in steps:
        done = localize(args, clone, models)
        assert done.returncode == 0, (args, done.stderr)
        if args[0] == "translate" and "--locales-dir" not in args:
            assert "ru: 0 translated, 24 reused" in done.stderr  # all reviewed: no model used
    assert snapshot(clone / "locales") == before  # nothing reviewed was touched
    html = (clone / "ru.html").read_text(encoding="utf-8")
    assert '<html lang="ru" dir="ltr">' in html and "Кремль" in html
    assert sorted(p.name for p in (clone / "site" / "ru").iterdir()) == [
        "crimea-talks-wire.md",
        "crimea-talks.html",
    ]
    gate = localize(["check"], clone, models)
    assert gate.returncode == 0, gate.stdout + gate.stderr
    assert gate.stderr.strip() == "all 5 catalog(s) complete and clean"


def test_init_writes_a_project_that_the_commands_then_use(
    tmp_path: Path, models: dict[str, str]
) -> None:
    repo = tmp_path / "newsroom"
    done = localize(["init", str(repo), "--to", "ru,uk"], tmp_path, models)
    assert done.returncode == 0, done.stderr
    toml = (repo / "localize.toml").read_text(encoding="utf-8")
    assert 'locales = ["ru", "uk"]' in toml and toml.startswith("# localize project file")
    header = (repo / "glossaries" / "glossary.csv").read_text(encoding="utf-8")
    assert header == "en,ru,uk,dnt,case,note\n"
    assert "*.mo" in (repo / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "entry: localize check" in (repo / ".pre-commit-config.yaml").read_text("utf-8")

    again = localize(["init", str(repo)], tmp_path, models)
    assert again.returncode == 2
    assert again.stderr == (
        f"localize: {shown(repo / 'localize.toml', tmp_path)} exists; nothing written\n"
    )

    (repo / "articles").mkdir()
    shutil.copy(SAMPLE, repo / "articles" / SAMPLE.name)
    assert localize(["update"], repo, models).returncode == 0
    translated = localize(["translate", "--format", "json"], repo, models)
    assert translated.returncode == 0, translated.stderr
    summary = json.loads(translated.stdout)
    assert summary["command"] == "translate" and summary["schema"] == 1
    assert [(s["lang"], s["translated"]) for s in summary["languages"]] == [
        ("ru", 24),
        ("uk", 24),
    ]
    assert summary["translated"] == 48
    assert {w["path"] for w in summary["written"]} >= {
        "locales/ru/LC_MESSAGES/russia-wont-discuss-crimea.po",
        "locales/uk/LC_MESSAGES/russia-wont-discuss-crimea.po",
    }
    gate = localize(["check"], repo, models)
    assert gate.returncode == 1  # machine output is fuzzy until an editor reviews it
    built = localize(
        ["build", "articles/" + SAMPLE.name, "--to", "ru,uk", "-o", "site"], repo, models
    )
    assert built.returncode == 1
    assert "built 0 of 2; 2 not ready" in built.stderr
    assert not (repo / "site").exists()
    built = localize(
        [
            "build",
            "articles/" + SAMPLE.name,
            "--to",
            "ru,uk",
            "--allow-fuzzy",
            "-o",
            "site",
            "--format",
            "json",
        ],
        repo,
        models,
    )
    assert built.returncode == 0, built.stderr
    doc = json.loads(built.stdout)
    assert [(b["lang"], b["output"]) for b in doc["built"]] == [
        ("ru", f"site/ru/{SAMPLE.name}"),
        ("uk", f"site/uk/{SAMPLE.name}"),
    ]
    assert "Крым" in (repo / "site" / "ru" / SAMPLE.name).read_text(encoding="utf-8")


def shown(path: Path, cwd: Path) -> str:
    return str(path.relative_to(cwd))


def test_init_adds_to_an_existing_gitignore_and_prints_the_hook_for_an_existing_config(
    tmp_path: Path,
) -> None:
    (tmp_path / ".gitignore").write_text("node_modules/\n*.mo\n", encoding="utf-8")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    done = localize(["init"], tmp_path, dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == (
        "node_modules/\n*.mo\n# localize\n/.localize-cache/\n.localize.lock\n/demo/\n"
    )
    assert (tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8") == "repos: []\n"
    assert "add this hook to it:" in done.stderr and "entry: localize check" in done.stderr


def test_init_refuses_the_source_language_as_a_target(tmp_path: Path) -> None:
    done = localize(["init", "--to", "en,ru"], tmp_path, dict(os.environ))
    assert done.returncode == 2
    assert done.stderr == "localize: en is the source language, not a target\n"
    assert not (tmp_path / "localize.toml").exists()


def test_quiet_and_verbose(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    for name in ("examples", "glossaries", "locales"):
        shutil.copytree(ROOT / name, clone / name)
    shutil.copy(ROOT / "localize.toml", clone / "localize.toml")
    env = dict(os.environ)
    quiet = localize(["check", "-q"], clone, env)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    assert localize(["-q", "check"], clone, env).stderr == ""
    loud = localize(["check", "-v"], clone, env)
    assert loud.stderr.splitlines() == [
        "localize: project localize.toml, catalogs in locales",
        "all 5 catalog(s) complete and clean",
    ]
    clean = localize(["glossary", "check", "--to", "ru"], clone, env)
    assert clean.returncode == 0
    assert clean.stderr == "no glossary or do-not-translate violations in 1 catalog(s)\n"


def test_models_list_has_a_header_row(tmp_path: Path, models: dict[str, str]) -> None:
    done = localize(["models", "list"], tmp_path, models)
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["PAIR", "ENGINE", "VERSION", "SIZE", "PATH"]
    assert any(line.startswith("en-ru ") for line in lines[1:])


def test_a_short_english_article_is_not_said_to_be_another_language(tmp_path: Path) -> None:
    (tmp_path / "brief.txt").write_text(
        "Kremlin rejects Crimea talks\n\nPeskov said Moscow will not discuss it.\n",
        encoding="utf-8",
    )
    (tmp_path / "nota.txt").write_text(
        "El Kremlin rechazó el viernes cualquier negociación sobre Crimea con los Estados "
        "Unidos. El portavoz Dmitri Peskov dijo que Rusia no discutirá nunca la devolución "
        "de la península a Ucrania, y que el asunto está cerrado para siempre en Moscú, "
        "según la agencia estatal.\n",
        encoding="utf-8",
    )
    (tmp_path / "localize.toml").write_text('locales = ["ru"]\n', encoding="utf-8")
    done = localize(["extract", "brief.txt", "nota.txt"], tmp_path, dict(os.environ))
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "warning" in line]
    assert warnings == ["nota.txt: warning: article looks like 'es', not the source language 'en'"]
