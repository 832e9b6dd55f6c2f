"""Machine confidence: recorded per machine sentence, ranked by `status --worst`, gated by
`check --min-confidence`, and kept through the gettext tools' round trips."""

from __future__ import annotations

import json
import math
import re
import subprocess
from pathlib import Path

import polib
import pytest

from localize.cli import cli
from localize.engine.apertium import decode_output
from localize.engine.base import Translation
from localize.engine.confidence import (
    engine_confidence,
    from_score,
    from_unknown,
    lowered,
    recorded_confidence,
)
from localize.testing import build_argos_package
from tests.conftest import gettext_tool

RU = {"Russia": "Россия", "talks": "переговоры", "Zorblat": "Зорблат", "Krabbel": "Краббель"}
CLEAN = [
    "Russia rejects the talks.",
    "Officials from Russia attended the talks on Monday.",
    "The talks ended without a statement.",
]
DOUBTFUL = ["Zorblat rejects the talks.", "Officials said the Krabbel talks ended."]
ARTICLE = "examples/doubt.txt"
PO = Path("locales/ru/LC_MESSAGES/doubt.po")


def test_the_mapping_from_score_and_unknown_words() -> None:
    assert from_score(0.0) == 1.0
    assert from_score(math.log(0.25)) == pytest.approx(0.25)
    assert from_unknown(1, "el Kremlin dijo que no") == pytest.approx(0.8)
    assert from_unknown(0, "") == 1.0
    assert engine_confidence(Translation("x", math.log(0.5))) == pytest.approx(0.5)
    assert engine_confidence(Translation("x", None, "", 0.9)) == 0.9
    assert engine_confidence(Translation("x")) is None
    # localize's own findings lower it: each problem line, a truncated source
    assert lowered(1.0, []) == 1.0
    assert lowered(1.0, ["glossary: Crimea → Крым"]) == 0.8
    assert lowered(1.0, ["engine: truncated: source longer than the model's 1024 tokens"]) == 0.5
    assert lowered(None, ["x"]) is None


def test_apertium_confidence_is_the_share_of_words_it_knew() -> None:
    [t] = decode_output("<p>el *Zorblat dijo que no</p>", ["the Zorblat said no"])
    assert t.text == "el Zorblat dijo que no" and t.confidence == pytest.approx(0.8)
    [t] = decode_output("<p>el Kremlin dijo que no</p>", ["the Kremlin said no"])
    assert t.confidence == 1.0


@pytest.fixture
def translated(project: Path, tmp_path_factory, monkeypatch: pytest.MonkeyPatch, runner) -> Path:
    """The project with an article of clean and doubtful sentences machine-translated."""
    folder = tmp_path_factory.mktemp("doubt-packages")
    build_argos_package(folder, "en", "ru", RU, doubt={"Zorblat": 8, "Krabbel": 3})
    monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(project / "models"))
    assert runner.invoke(cli, ["models", "install", str(folder)]).exit_code == 0
    (project / ARTICLE).write_text(" ".join([*CLEAN, *DOUBTFUL]) + "\n", encoding="utf-8")
    done = runner.invoke(cli, ["translate", ARTICLE, "--to", "ru"])
    assert done.exit_code == 0, done.output
    return project


def confidences(po: polib.POFile) -> dict[str, float | None]:
    return {e.msgid: recorded_confidence(e.tcomment) for e in po if e.msgid}


def test_translate_records_a_confidence_and_the_doubtful_ones_are_lower(translated: Path) -> None:
    po = polib.pofile(str(PO))
    got = confidences(po)
    assert all(got[s] == 1.0 for s in CLEAN)
    assert all(got[s] is not None and got[s] < 0.97 for s in DOUBTFUL)
    assert got[DOUBTFUL[0]] < got[DOUBTFUL[1]]  # 8 rivals are worse than 3
    entry = po.find(CLEAN[0])
    assert re.fullmatch(r"mt: argos en-ru 1\.0 · confidence 1\.00.*", entry.tcomment.split("\n")[0])


def test_status_worst_lists_the_lowest_first_with_path_and_line(translated: Path, runner) -> None:
    done = runner.invoke(cli, ["status", "--worst", "2"])
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{PO}:") and f"] {DOUBTFUL[0]} → " in lines[0]
    assert f"] {DOUBTFUL[1]} → " in lines[1]
    line = int(lines[0].split(":")[1])
    msgid_lines = PO.read_text(encoding="utf-8").splitlines()
    assert msgid_lines[line - 1] == f'msgid "{DOUBTFUL[0]}"'  # the line check reports too
    rows = json.loads(runner.invoke(cli, ["status", "--worst", "5", "--format", "json"]).output)
    assert [r["source"] for r in rows][:2] == DOUBTFUL
    assert [r["confidence"] for r in rows] == sorted(r["confidence"] for r in rows)
    assert len(rows) == 5


def test_check_min_confidence_makes_them_findings(translated: Path, runner) -> None:
    done = runner.invoke(
        cli, ["check", str(PO), "--select", "confidence", "--min-confidence", "0.99"]
    )
    found = [line for line in done.output.splitlines() if "[confidence]" in line]
    assert done.exit_code == 1
    assert len(found) == 2 and all(line.startswith(f"{PO}:") for line in found)
    assert "machine confidence" in found[0] and "< 0.99" in found[0]
    without = runner.invoke(cli, ["check", str(PO), "--select", "untranslated"])
    assert "[confidence]" not in without.output


def test_the_recorded_confidence_survives_msgcat_polib_and_translate_toolkit(
    translated: Path, tmp_path: Path
) -> None:
    from translate.storage import po as ttk_po

    before = confidences(polib.pofile(str(PO)))
    out = tmp_path / "msgcat.po"
    subprocess.run([gettext_tool("msgcat"), str(PO), "-o", str(out)], check=True)
    assert confidences(polib.pofile(str(out))) == before
    polib.pofile(str(PO)).save(str(tmp_path / "polib.po"))
    assert confidences(polib.pofile(str(tmp_path / "polib.po"))) == before
    store = ttk_po.pofile.parsefile(str(PO))
    (tmp_path / "ttk.po").write_bytes(bytes(store))
    assert confidences(polib.pofile(str(tmp_path / "ttk.po"))) == before
