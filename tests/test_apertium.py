"""Apertium engine: encoding and decoding offline on recorded output; real MT where installed.

Each ``tests/data/apertium/<quirk>.json`` holds the source texts, the HTML document sent to
Apertium, the output recorded from ``apertium -f html eng-spa`` (apertium 3.8.3,
apertium-eng-spa 0.8.1, without Transfuse) and the translations expected from it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize.cli import cli
from localize.engine.apertium import (
    ApertiumEngine,
    apertium_available,
    decode_output,
    encode_segments,
    list_apertium_pairs,
)
from localize.engine.base import Translation
from localize.errors import EngineError, ModelError
from tests.conftest import msgcat_stable, msgfmt_check

DATA = Path(__file__).parent / "data" / "apertium"
QUIRKS = sorted(p.stem for p in DATA.glob("*.json"))
ARTICLE = "examples/russia-wont-discuss-crimea.txt"


def real(test):
    """Mark a test that runs the installed apertium with the eng-spa pair."""
    skip = pytest.mark.skipif(
        not apertium_available("en", "es"),
        reason="Apertium with the eng-spa pair is not installed "
        "(apt-get install apertium apertium-eng-spa)",
    )
    return pytest.mark.apertium(skip(test))


def load(quirk: str) -> dict:
    return json.loads((DATA / f"{quirk}.json").read_text(encoding="utf-8"))


def kept(text: str) -> list[str]:
    """The characters Apertium must pass through untouched, in order."""
    return [
        c
        for c in text
        if c in "*#@&<>"
        or (unicodedata.category(c) == "Cc" and c not in "\t\n")
        or (unicodedata.category(c) == "Zs" and c != " ")
    ]


def edges(text: str) -> tuple[str, str]:
    """The leading and trailing whitespace of ``text``."""
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


def bare_marks(source: str, text: str) -> int:
    """Marks in ``text`` beyond those written in ``source``."""
    return sum(text.count(m) - source.count(m) for m in "*#@")


# --- offline: recorded output ---------------------------------------------------------------


@pytest.mark.parametrize("quirk", QUIRKS)
def test_encode_recorded_input(quirk: str) -> None:
    case = load(quirk)
    assert encode_segments(case["sources"]) == case["apertium_input"]


@pytest.mark.parametrize("quirk", QUIRKS)
def test_decode_recorded_output(quirk: str) -> None:
    case = load(quirk)
    out = decode_output(case["apertium_output"], case["sources"])
    assert [[t.text, t.note] for t in out] == case["expected"]
    assert all(t.score is None for t in out)
    for source, t in zip(case["sources"], out, strict=True):
        assert kept(t.text) == kept(source)
        assert bare_marks(source, t.text) == 0


def test_marks_written_in_the_source_are_kept_and_apertiums_removed() -> None:
    case = load("literal_marks")
    assert "<p>F&#42;ck C&#35; me&#64;x.org &#42;&#42;bold&#42;&#42;</p>" in case["apertium_input"]
    assert (
        "<p>*F&#42;*ck C&#35; me&#64;x.org &#42;&#42;intrépido&#42;&#42;</p>"
        in (case["apertium_output"])
    )
    out = decode_output(case["apertium_output"], case["sources"])
    # confidence: the share of words Apertium knew (5 of 7 here, none of 1 below)
    assert out[1] == Translation(
        "F*ck C# me@x.org **intrépido**", None, "apertium unknown words: F, ck", 5 / 7
    )
    assert out[2] == Translation("*Peskov", None, "apertium unknown words: Peskov", 0.0)


def test_mark_inside_a_token_reports_the_whole_token() -> None:
    assert decode_output("<p>16*x9 Imagen</p>\n", ["16x9 Image"]) == [
        Translation("16x9 Imagen", None, "apertium unknown words: 16x9", 0.5)
    ]


def test_generation_marks_are_reported_apart() -> None:
    out = decode_output("<p>[#Grupo] @mesa *Peskov *Peskov</p>", ["[bracket] table Peskov Peskov"])
    assert out[0].text == "[Grupo] mesa Peskov Peskov"
    assert out[0].note == "apertium unknown words: mesa, Peskov; apertium could not inflect: Grupo"


def test_layout_of_the_source_is_restored() -> None:
    out = decode_output(
        "<p> Dijo  hola</p><p>Dijo hola</p><p>   </p><p></p>",
        ["\the said  hello\n", "he said hello", "   ", ""],
    )
    assert [t.text for t in out] == ["\tdijo  hola\n", "dijo hola", "   ", ""]


def test_lost_boundaries_are_an_error() -> None:
    with pytest.raises(EngineError) as err:
        decode_output("<p>uno dos</p>\n", ["one", "two"])
    assert str(err.value) == "apertium returned 1 segments for 2; boundaries were lost"


# --- offline: the engine around a stand-in process ------------------------------------------


@pytest.fixture
def modes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A modes folder with eng-spa, its reverse, a variant, an old-style pair and a debug mode."""
    folder = tmp_path / "share" / "apertium" / "modes"
    folder.mkdir(parents=True)
    for name in ("eng-spa", "spa-eng", "spa-eng_US", "en-gl", "eng-spa-morph"):
        (folder / f"{name}.mode").write_text("cat\n", encoding="utf-8")
    (folder / "README").write_text("not a mode\n", encoding="utf-8")
    monkeypatch.setenv("LOCALIZE_APERTIUM_MODES", str(folder))
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    return folder


def fake_run(monkeypatch: pytest.MonkeyPatch, stdout: bytes, stderr: bytes = b"", code: int = 0):
    calls: list[tuple[list[str], dict]] = []

    def run(cmd, **kwargs):
        calls.append((cmd, kwargs))
        return subprocess.CompletedProcess(cmd, code, stdout, stderr)

    monkeypatch.setattr(subprocess, "run", run)
    return calls


def test_pairs_listed_from_the_modes_folder(modes: Path) -> None:
    assert list_apertium_pairs() == [
        ("en", "gl", str(modes / "en-gl.mode")),
        ("en", "es", str(modes / "eng-spa.mode")),
        ("es", "en", str(modes / "spa-eng.mode")),
    ]
    assert apertium_available("en", "es") and apertium_available("en_US", "es")
    assert apertium_available("en", "gl") and not apertium_available("en", "ru")


def test_one_process_with_apertiums_own_html_filters(modes: Path, monkeypatch) -> None:
    case = load("unknown_words")
    calls = fake_run(monkeypatch, case["apertium_output"].encode("utf-8"))
    out = ApertiumEngine("en", "es").translate(case["sources"])
    assert [[t.text, t.note] for t in out] == case["expected"]
    [(cmd, kwargs)] = calls
    assert cmd == ["apertium", "-f", "html", "-d", str(modes.parent), "eng-spa"]
    assert kwargs["input"] == case["apertium_input"].encode("utf-8")
    assert kwargs["env"]["APERTIUM_TRANSFUSE"] == "no"  # Transfuse decodes the references


def test_nothing_to_translate_starts_no_process(modes: Path, monkeypatch) -> None:
    calls = fake_run(monkeypatch, b"")
    assert ApertiumEngine("en", "es").translate([]) == []
    assert calls == []


def test_process_failure(modes: Path, monkeypatch) -> None:
    fake_run(monkeypatch, b"", b"lt-proc: error: cannot open eng-spa.automorf.bin\n", 1)
    with pytest.raises(EngineError) as err:
        ApertiumEngine("en", "es").translate(["Hello."])
    assert str(err.value) == (
        "apertium eng-spa failed (exit 1): lt-proc: error: cannot open eng-spa.automorf.bin"
    )


def test_truncated_output_names_apertiums_message(modes: Path, monkeypatch) -> None:
    fake_run(monkeypatch, b"<p>Hola.</p>\n", b"Segmentation fault\n")
    with pytest.raises(EngineError) as err:
        ApertiumEngine("en", "es").translate(["Hello.", "Bye."])
    assert str(err.value) == (
        "apertium eng-spa: apertium returned 1 segments for 2; boundaries were lost "
        "(Segmentation fault)"
    )


def test_output_not_utf8(modes: Path, monkeypatch) -> None:
    fake_run(monkeypatch, b"<p>\xff</p>\n")
    with pytest.raises(EngineError, match="^apertium eng-spa: 'utf-8' codec can't decode"):
        ApertiumEngine("en", "es").translate(["Hello."])


def test_missing_pair_names_the_package(modes: Path) -> None:
    with pytest.raises(ModelError) as err:
        ApertiumEngine("en", "ru")
    assert str(err.value) == (
        "no Apertium pair en-ru; install it with: apt-get install apertium apertium-eng-rus "
        "(some pairs are packaged the other way round or with two-letter codes, e.g. "
        "apertium-ru-en; apt-cache search apertium lists them)"
    )


def test_apertium_binary_absent(modes: Path, monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert not apertium_available("en", "es")
    with pytest.raises(ModelError) as err:
        ApertiumEngine("en", "es")
    assert str(err.value).startswith(
        "Apertium is not installed; install it with: apt-get install apertium apertium-eng-spa "
    )


def test_missing_pair_is_reported_before_work(project, runner, monkeypatch) -> None:
    monkeypatch.setenv("LOCALIZE_APERTIUM_MODES", str(project / "no-modes"))
    result = runner.invoke(cli, ["translate", ARTICLE, "--to", "es", "--engine", "apertium"])
    assert result.exit_code == 2
    assert result.stderr == (
        "localize: no Apertium pair for en-es; install it with: apt-get install apertium "
        "apertium-<pair> (e.g. apertium-eng-spa)\n"
    )
    assert not Path("locales").exists()


# --- real Apertium --------------------------------------------------------------------------


@real
def test_every_quirk_in_one_call_keeps_alignment_and_layout() -> None:
    sources = [s for q in QUIRKS for s in load(q)["sources"]]
    out = ApertiumEngine("en", "es").translate(sources)
    assert len(out) == len(sources)
    for source, t in zip(sources, out, strict=True):
        assert kept(t.text) == kept(source), source
        assert bare_marks(source, t.text) == 0, source
        assert edges(t.text) == edges(source), source
        assert bool(t.text.strip()) == bool(source.strip())


@real
def test_recorded_notes_match_the_installed_apertium() -> None:
    """The unknown words found live are those recorded (catches a changed mark convention)."""
    for quirk in ("unknown_words", "mark_inside_token", "not_inflected", "literal_marks"):
        case = load(quirk)
        out = ApertiumEngine("en", "es").translate(case["sources"])
        assert [t.note for t in out] == [note for _, note in case["expected"]], quirk


_piece = st.one_of(
    st.sampled_from(["Peskov", "Crimea", "said", "the", "red", "car", "16x9", "U.S.", "it's"]),
    st.sampled_from(
        list("*#@&<>[]\\^$/{}\"'\n\t.,;: ") + ["\x00", "\r", "\xa0", "&amp;", "<p>", "</p>"]
    ),
    st.text(max_size=4),
)
_segment = st.lists(_piece, max_size=8).map("".join)


@real
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(_segment, min_size=1, max_size=12))
def test_any_texts_come_back_aligned(sources: list[str]) -> None:
    out = ApertiumEngine("en", "es").translate(sources)
    assert len(out) == len(sources)
    for source, t in zip(sources, out, strict=True):
        assert kept(t.text) == kept(source)
        assert bare_marks(source, t.text) == 0


@real
def test_sample_article_in_one_process(sample, monkeypatch) -> None:
    from localize.formats import read_article

    calls = []
    real_run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a) or real_run(*a, **k))
    texts = [s.text for s in read_article(sample).segments]
    out = ApertiumEngine("en", "es").translate(texts)
    assert len(calls) == 1 and len(texts) == 25 and len(out) == 25
    for source, t in zip(texts, out, strict=True):
        assert t.text and bare_marks(source, t.text) == 0
    notes = {s: t.note for s, t in zip(texts, out, strict=True)}
    assert notes["16x9 Image"] == "apertium unknown words: 16x9"
    assert out[texts.index("16x9 Image")].text.startswith("16x9 ")
    spoke = next(s for s in texts if s.startswith("Dmitry Peskov spoke"))
    assert notes[spoke].startswith("apertium unknown words: Peskov, Spicer")
    assert notes["To find out more, click here."] == ""


@real
def test_sample_into_spanish_end_to_end(project, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["translate", ARTICLE, "--to", "es", "--engine", "apertium"])
    assert result.exit_code == 0, result.output
    path = Path("locales/es/LC_MESSAGES/russia-wont-discuss-crimea.po")
    assert msgfmt_check(path).returncode == 0 and msgcat_stable(path)
    po = polib.pofile(str(path))
    assert len(po) == 24 and all("fuzzy" in e.flags for e in po)
    assert all(e.tcomment.startswith("mt: apertium en-es") for e in po)
    assert not [e.msgstr for e in po if any(m in e.msgstr for m in "*#@")]
    # Every glossary and DNT term correct: no glossary comment on any entry.
    assert not [e.msgid for e in po if "glossary:" in e.tcomment]
    # Terms the glossary settled are not named as the engine's unknown words; others are.
    notes = [line for e in po for line in e.tcomment.splitlines() if line.startswith("engine:")]
    assert not [n for n in notes if any(w in n for w in ("Crimea", "Peskov", "TASS", "INF"))]
    assert "engine: apertium unknown words: rancor" in notes
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


@real
def test_a_segment_translates_the_same_alone_and_in_a_batch(sample) -> None:
    """Blocks are independent: batching never changes a translation."""
    from localize.formats import read_article

    texts = [s.text for s in read_article(sample).segments][2:8] + ["red", "car", "*", ""]
    engine = ApertiumEngine("en", "es")
    assert engine.translate(texts) == [engine.translate([t])[0] for t in texts]
