"""Shared fixtures: the sample article, a throw-away project, the CLI runner, word-by-word Argos
models built once per session and installed as a translator would, GNU gettext."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "russia-wont-discuss-crimea.txt"
DATA = Path(__file__).resolve().parent / "data"

# CI explores the same examples on every run, so a red build can be reproduced; a developer's
# run explores new ones each time.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets an empty cache: nothing leaks between tests or into the user's cache."""
    monkeypatch.setenv("LOCALIZE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def sample() -> Path:
    return SAMPLE


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A content repo in tmp_path with the sample article, the news glossary and a config."""
    (tmp_path / "examples").mkdir()
    shutil.copy(SAMPLE, tmp_path / "examples" / SAMPLE.name)
    glossaries = ROOT / "glossaries"
    if glossaries.is_dir():
        shutil.copytree(glossaries, tmp_path / "glossaries")
    (tmp_path / "localize.toml").write_text(
        'source = "en"\nlocales = ["ru", "uk"]\narticles = ["examples/*.txt"]\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1771200000")
    return tmp_path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def word_models(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """``word_models("en", "ru", {"Crimea": "Крым"})``: a folder holding a real Argos package
    (:mod:`localize.testing`) that translates word by word; built once per session for each
    pair and dictionary, so modules that share one share its cost."""
    from localize.testing import build_argos_package

    built: dict[tuple[str, str, tuple[tuple[str, str], ...]], Path] = {}

    def make(source: str, target: str, words: Mapping[str, str]) -> Path:
        key = (source, target, tuple(sorted(words.items())))
        if key not in built:
            built[key] = tmp_path_factory.mktemp(f"{source}_{target}")
            build_argos_package(built[key], source, target, dict(words))
        return built[key]

    return make


@pytest.fixture
def install_models(
    project: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> Callable[[Path], None]:
    """Install the packages of a folder into the project's own models folder, through the CLI."""
    from localize.cli import cli

    def install(folder: Path) -> None:
        monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(project / "models"))
        result = runner.invoke(cli, ["models", "install", str(folder)])
        assert result.exit_code == 0, result.output

    return install


def _missing(what: str) -> None:
    """Skip where a real component is not installed, but never in CI, which installs it."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is not installed, and CI must run every test")
    pytest.skip(f"{what} is not installed")


def gettext_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        _missing(f"GNU gettext's {name} (apt-get install gettext)")
    assert path is not None
    return path


def require_gettextpo() -> None:
    from localize.catalog import gettextpo as gettextpo

    if not gettextpo.available():
        _missing("libgettextpo (apt-get install libgettextpo0)")


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    """Run the real ``msgfmt -c``; the result's returncode and stderr tell what it found."""
    return subprocess.run(
        [gettext_tool("msgfmt"), "-c", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )


def msgcat_stable(path: Path) -> bool:
    """True when GNU msgcat prints the file back unchanged (editors re-saving make no diff)."""
    out = subprocess.run(
        [gettext_tool("msgcat"), str(path)], capture_output=True, check=True
    ).stdout
    return out == path.read_bytes()


def require_reference(module: str = "argostranslate"):
    """argostranslate, the reference some tests compare with (``pip install '.[reference]'``):
    skipped without it, except where LOCALIZE_REFERENCE=1 asks for it (CI's reference step)."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        if os.environ.get("LOCALIZE_REFERENCE"):
            pytest.fail(f"{module} is not installed and LOCALIZE_REFERENCE asks for it")
        pytest.skip(f"{module} is not installed (pip install -e '.[reference]')")
