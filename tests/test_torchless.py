"""Argos inference with CTranslate2 and the tokenizers alone: no argostranslate, stanza or
torch; BPE and SentencePiece tokenized as argostranslate does (it is the reference)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from localize.engine.argos import ArgosEngine
from localize.testing import build_argos_package, dictionary_translate
from tests.conftest import ROOT, SAMPLE, require_reference

RU = {"Russia": "Россия", "Crimea": "Крым", "said": "сказал", "Peskov": "Песков", "will": "будет"}
TEXTS = [
    "Peskov said that Russia will not discuss Crimea.",
    'Kremlin spokesman Dmitry Peskov said: "It\'s not on the agenda."',
    "The ship carried 40,000 tonnes (about 1.5 million bushels) of grain — a record.",
    "«Crimea» is the topic; Zürich, São Paulo & Kyiv aren't.",
    "",
]
# Forbidden in a process that translates: argostranslate and all it pulls in.
HEAVY = ("argostranslate", "stanza", "torch", "spacy", "onnxruntime", "minisbd")


def unpack(archive: Path, into: Path) -> Path:
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(into)
    return into / archive.stem


@pytest.fixture(scope="module")
def bpe_ru(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bpe")
    return unpack(build_argos_package(folder, "en", "ru", RU, tokenizer="bpe"), folder)


def test_a_bpe_package_translates_exactly_its_dictionary(bpe_ru: Path) -> None:
    engine = ArgosEngine(bpe_ru)
    assert (bpe_ru / "bpe.model").is_file() and not (bpe_ru / "sentencepiece.model").exists()
    got = [t.text for t in engine.translate(TEXTS[:1])]
    assert got == ["Песков сказал that Россия будет not discuss Крым."]
    expected = [dictionary_translate(t, RU, tokenizer="bpe", to_code="ru") for t in TEXTS]
    assert [t.text for t in engine.translate(TEXTS)] == expected


def test_a_bpe_key_must_be_one_moses_token(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match='one Moses token: "it\'s"'):
        build_argos_package(tmp_path, "en", "ru", {"it's": "это"}, tokenizer="bpe")


def test_cli_translates_and_installs_without_argostranslate(tmp_path: Path, project: Path) -> None:
    """The whole job in a process where importing argostranslate (or torch…) fails: install a
    SentencePiece and a BPE package from a local index, translate with both."""
    index = tmp_path / "index"
    index.mkdir()
    build_argos_package(index, "en", "ru", RU)
    build_argos_package(index, "en", "uk", {"Russia": "Росія"}, tokenizer="bpe")
    (index / "index.json").write_text(
        "["
        + ",".join(
            f'{{"from_code": "en", "to_code": "{to}", "package_version": "1.0", '
            f'"type": "translate", "links": ["translate-en_{to}-1_0.argosmodel"]}}'
            for to in ("ru", "uk")
        )
        + "]",
        encoding="utf-8",
    )
    block = "".join(f"sys.modules[{m!r}] = None; " for m in HEAVY)
    code = f"import sys; {block}from localize.cli import main; sys.argv[0] = 'localize'; main()"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        env = {
            "PYTHONPATH": str(ROOT),
            "LOCALIZE_MODELS_DIR": str(tmp_path / "models"),
            "ARGOS_PACKAGES_DIR": str(tmp_path / "argos"),
            "LOCALIZE_PACKAGE_INDEX": str(index),
            "HOME": str(tmp_path),
            "PATH": "/usr/bin:/bin",
        }
        return subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env
        )

    for to in ("ru", "uk"):
        done = run("models", "install", "--from", "en", "--to", to)
        assert done.returncode == 0, done.stderr
        assert done.stderr == f"installed en-{to} 1.0 in {tmp_path / 'models'}/translate-en_{to}\n"
    done = run("translate", f"examples/{SAMPLE.name}", "--to", "ru,uk", "--no-glossary")
    assert done.returncode == 0, done.stderr
    assert "ru: 24 translated, 0 reused (argos en-ru 1.0)" in done.stderr
    assert "uk: 24 translated, 0 reused (argos en-uk 1.0)" in done.stderr
    assert "on cpu (int8)" in done.stderr
    po = (project / "locales" / "uk" / "LC_MESSAGES" / f"{SAMPLE.stem}.po").read_text()
    assert "Росія" in po


def test_the_engine_imports_nothing_heavy_to_translate(bpe_ru: Path) -> None:
    code = (
        "import sys; from localize.engine.argos import ArgosEngine; "
        f"e = ArgosEngine({str(bpe_ru)!r}); print(e.translate(['Russia said.'])[0].text); "
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.splitlines() == ["Россия сказал.", "[]"], done.stderr


@pytest.mark.reference
def test_bpe_tokenization_is_argostranslates(bpe_ru: Path) -> None:
    tokenizer = require_reference("argostranslate.tokenizer")
    ours = ArgosEngine(bpe_ru).tokenizer
    theirs = tokenizer.BPETokenizer(bpe_ru / "bpe.model", "en", "ru")
    for text in TEXTS:
        assert ours.encode(text) == theirs.encode(text), text
        tokens = ours.encode(text)
        assert ours.decode(tokens) == theirs.decode(tokens), text


@pytest.mark.reference
def test_sentencepiece_tokenization_is_argostranslates(tmp_path: Path) -> None:
    """Same pieces; decoding differs in one deliberate way: argostranslate also turns every
    ``_`` of the output into a space (``user_id`` → ``user id``), localize keeps it."""
    tokenizer = require_reference("argostranslate.tokenizer")
    pkg = unpack(build_argos_package(tmp_path, "en", "ru", RU), tmp_path)
    ours = ArgosEngine(pkg).tokenizer
    theirs = tokenizer.SentencePieceTokenizer(pkg / "sentencepiece.model")
    for text in [*TEXTS, "snake_case"]:
        tokens = ours.encode(text)
        assert tokens == theirs.encode(text), text
        assert ours.decode(tokens) == (theirs.decode(tokens) if "_" not in text else text)
    assert theirs.decode(ours.encode("snake_case")) == "snake case"
