"""Apertium engine: block splitting and unknown-word marks offline; real MT where installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from localize.cli import cli
from localize.engine.apertium import (
    ApertiumEngine,
    apertium_available,
    split_blocks,
    strip_unknown_marks,
)
from localize.errors import EngineError
from tests.conftest import msgcat_stable, msgfmt_check

DATA = Path(__file__).parent / "data" / "apertium"
ARTICLE = "examples/russia-wont-discuss-crimea.txt"

needs_apertium = pytest.mark.skipif(
    not apertium_available("en", "es"),
    reason="Apertium with the eng-spa pair is not installed (apt-get install apertium "
    "apertium-eng-spa)",
)


def test_blocks_and_marks_from_canned_output() -> None:
    blocks = split_blocks((DATA / "html_output.txt").read_text(encoding="utf-8"), 4)
    sources = [
        "Peskov said hello.",
        "The Kremlin spokesman [x] ^y$ @z #w.",
        "",
        "Write to desk@example.org now.",
    ]
    cleaned = [strip_unknown_marks(b, s) for b, s in zip(blocks, sources, strict=True)]
    assert cleaned[0] == ("Peskov Dijo hola.", ["Peskov"])
    assert cleaned[1] == ("El portavoz de Kremlin [x] ^y$ @z #w.", ["x", "y", "z", "w"])
    assert cleaned[2] == ("", [])
    assert cleaned[3] == ("Escribe a desk@example.org ahora.", [])


def test_lost_boundaries_are_an_error() -> None:
    with pytest.raises(EngineError, match="returned 1 segments for 2"):
        split_blocks("<p>uno dos</p>", 2)


@needs_apertium
def test_one_process_for_many_segments(sample, monkeypatch) -> None:
    from localize.segment import read_article

    calls = []
    real = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a) or real(*a, **k))
    texts = [s.text for s in read_article(sample).segments]
    out = ApertiumEngine("en", "es").translate(texts)
    assert len(calls) == 1 and len(out) == len(texts)
    for t in out:
        assert not any(w[:1] in "*#@" for w in t.text.split())
    assert out[texts.index("16x9 Image")].text
    assert any("unknown words" in t.note for t in out)


@needs_apertium
def test_sample_into_spanish_end_to_end(project, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["translate", ARTICLE, "--to", "es", "--engine", "apertium"])
    assert result.exit_code == 0, result.output
    path = Path("locales/es/LC_MESSAGES/russia-wont-discuss-crimea.po")
    assert msgfmt_check(path).returncode == 0 and msgcat_stable(path)
    po = polib.pofile(str(path))
    assert len(po) == 24 and all("fuzzy" in e.flags for e in po)
    assert all(e.tcomment.startswith("mt: apertium en-es") for e in po)
    # Every glossary and DNT term correct: no glossary comment on any entry.
    assert not [e.msgid for e in po if "glossary:" in e.tcomment]
    credit = po.find("With reporting by Interfax, TASS, and Reuters").msgstr
    assert all(name in credit for name in ("Interfax", "TASS", "Reuters"))
    assert (
        "Crimea"
        in po.find(
            "Peskov said that Trump did not raise the issue of Crimea in his "
            "January 28 telephone conversation with Putin."
        ).msgstr
    )
    check = runner.invoke(cli, ["check", "--locale", "es"])
    assert check.exit_code == 1
    codes = {line.split("[", 1)[1].split("]")[0] for line in check.stdout.splitlines()}
    assert codes == {"fuzzy"}


def test_missing_pair_is_reported_before_work(project, runner, monkeypatch) -> None:
    monkeypatch.setenv("LOCALIZE_APERTIUM_MODES", str(project / "no-modes"))
    result = runner.invoke(cli, ["translate", ARTICLE, "--to", "es", "--engine", "apertium"])
    assert result.exit_code == 2
    assert result.stderr == (
        "localize: no Apertium pair for en-es; install it with: apt-get install apertium "
        "apertium-<pair> (e.g. apertium-eng-spa)\n"
    )
    assert not Path("locales").exists()


def test_apertium_binary_absent(monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(Exception, match="Apertium is not installed"):
        ApertiumEngine("en", "es")
