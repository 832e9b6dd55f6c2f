"""The README's commands do what it says: the main job translates offline (Apertium en→es into
demo/), leaves the reviewed catalogs alone, and with an Argos model does ru the same way; the
pre-commit hook fires on every file the gate reads."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from localize.testing import build_argos_package
from tests.conftest import ROOT, _missing

README = (ROOT / "README.md").read_text(encoding="utf-8")


def block(marker: str) -> str:
    """The first command line of the code block after ``<!-- marker -->``."""
    m = re.search(rf"<!-- {marker} -->\n```sh\n(.+?)\n", README)
    assert m is not None, marker
    return m.group(1)


def localize_steps(command: str) -> list[list[str]]:
    """The ``.venv/bin/localize ...`` steps of a README line, as argument lists."""
    steps = [shlex.split(part) for part in command.split(" && ")]
    return [s[1:] for s in steps if s[0] == ".venv/bin/localize"]


def run_steps(steps: list[list[str]], cwd: Path, env: dict[str, str] | None = None):
    outputs = []
    for args in steps:
        done = subprocess.run(
            [sys.executable, "-m", "localize", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            env=env,
        )
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        outputs.append(done)
    return outputs


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """The repository's content as a fresh clone has it."""
    for name in ("examples", "glossaries", "locales"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "localize.toml", tmp_path / "localize.toml")
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_the_install_command_ends_in_the_main_job() -> None:
    install = block("install-command")
    assert install.startswith(
        "python3 -m venv .venv && .venv/bin/pip install -c requirements/constraints.txt "
    )
    steps = localize_steps(install)
    assert [s[0] for s in steps] == ["translate", "status"]
    assert "--engine" in steps[0] and "apertium" in steps[0]


def test_the_main_job_translates_offline_and_leaves_reviewed_catalogs(clone: Path) -> None:
    from localize.engine.apertium import apertium_available

    if not apertium_available("en", "es"):
        _missing("Apertium en-es (apt-get install apertium apertium-eng-spa)")
    before = snapshot(clone / "locales")
    translate, status = run_steps(localize_steps(block("install-command")), clone)
    assert snapshot(clone / "locales") == before
    po = polib.pofile(str(clone / "demo/es/LC_MESSAGES/russia-wont-discuss-crimea.po"))
    assert len(po) == 24 and all("fuzzy" in e.flags and e.msgstr for e in po)
    assert all(e.msgstr != e.msgid for e in po if len(e.msgid.split()) > 3)
    # Flagged: sentences with a word Apertium does not know, named in the entry's comment.
    assert re.match(
        r"es: 24 translated, 0 reused(, \d+ flagged)? \(apertium en-es\)\n", translate.stderr
    )
    assert status.stdout == (
        "es — Spanish (español)\n"
        "  demo/es/LC_MESSAGES/russia-wont-discuss-crimea.po: 0% complete — 0 translated, "
        "24 fuzzy, 0 untranslated, 0 obsolete; 0/514 words\n"
    )
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "demo/es/LC_MESSAGES/x.po"], cwd=ROOT, check=False
    )
    assert ignored.returncode == 0  # demo/ never shows up as a change to commit


def test_with_an_argos_model_the_next_command_does_ru(clone: Path, tmp_path: Path) -> None:
    import os

    (tmp_path / "pkg").mkdir()
    archive = build_argos_package(
        tmp_path / "pkg" / "translate-en_ru-1_9.argosmodel",
        "en",
        "ru",
        {"Crimea": "Крым", "Russia": "Россия"},
    )
    shutil.copy(archive, clone / archive.name)
    env = {**os.environ, "LOCALIZE_MODELS_DIR": str(tmp_path / "pkg" / "models")}
    before = snapshot(clone / "locales")
    steps = localize_steps(block("argos-command"))
    assert [s[0] for s in steps] == ["models", "translate", "status"]
    outputs = run_steps(steps, clone, env)
    assert snapshot(clone / "locales") == before
    assert "ru: 24 translated, 0 reused (argos en-ru 1.0)" in outputs[1].stderr
    assert "demo/ru/LC_MESSAGES/russia-wont-discuss-crimea.po: 0% complete" in outputs[2].stdout


HOOK_FILES = [
    ("locales/ru/LC_MESSAGES/a.po", True),
    ("locales/a.pot", True),
    ("localize.toml", True),
    ("sub/localize.toml", True),
    ("glossaries/news.csv", True),
    ("glossaries/terms.tbx", True),
    ("examples/a.txt", True),
    ("articles/a.md", True),
    ("articles/a.html", True),
    ("setup.cfg", False),
    ("localize/cli/__init__.py", False),
    ("my-localize.toml.bak", False),
]


@pytest.mark.parametrize("name,fires", HOOK_FILES)
def test_the_pre_commit_hook_runs_on_what_the_gate_reads(name: str, fires: bool) -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    [pattern] = re.findall(r"^\s*files:\s*(\S+)\s*$", text, re.M)
    assert bool(re.search(pattern, name)) is fires  # pre-commit matches with re.search
