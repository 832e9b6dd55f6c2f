"""The Argos engine on CTranslate2, driven by real word-by-word packages from localize.testing."""

from __future__ import annotations

import random
import re
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from localize.engine.argos import ArgosEngine, PivotEngine
from localize.engine.base import Translation
from localize.errors import EngineError, ModelError
from localize.testing import build_argos_package, dictionary_translate
from tests.conftest import ROOT, SAMPLE

RU = {
    "Russia": "Россия", "Russian": "российский", "Crimea": "Крым", "Kremlin": "Кремль",
    "spokesman": "представитель", "said": "сказал", "says": "говорит", "Moscow": "Москва",
    "Ukraine": "Украина", "United": "Соединённые", "States": "Штаты", "Trump": "Трамп",
    "Peskov": "Песков", "Putin": "Путин", "President": "президент", "return": "возвращение",
    "territory": "территория", "will": "будет", "not": "не", "discuss": "обсуждать",
    "country": "страна", "February": "февраля", "report": "доклад", "contacts": "контакты",
    "with": "с", "and": "и", "in": "в", "of": "из", "to": "к", "the": "этот",
}  # fmt: skip
SENTENCES = [
    s for s in re.split(r"(?<=[.!?\"])\s+|\n+", SAMPLE.read_text(encoding="utf-8")) if s.strip()
]


def unpack(archive: Path, into: Path) -> Path:
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(into)
    return into / archive.stem


@pytest.fixture(scope="module")
def ru(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ru")
    return unpack(build_argos_package(folder, "en", "ru", RU), folder)


@pytest.fixture(scope="module")
def ru_float(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ru32")
    return unpack(build_argos_package(folder, "en", "ru", RU, quantization=None), folder)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError(f"network used: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_engine_attributes(ru: Path) -> None:
    engine = ArgosEngine(ru)
    assert (engine.name, engine.from_code, engine.to_code, engine.version) == (
        "argos", "en", "ru", "1.0",
    )  # fmt: skip
    assert engine.max_input == 383


@pytest.mark.parametrize("beam", [1, 4])
@pytest.mark.parametrize("quantized", [True, False])
def test_article_word_by_word(ru, ru_float, no_network, beam: int, quantized: bool) -> None:
    engine = ArgosEngine(ru if quantized else ru_float, beam_size=beam)
    out = engine.translate(SENTENCES)
    assert [t.text for t in out] == [dictionary_translate(s, RU) for s in SENTENCES]
    assert all(t.note == "" and t.score is not None for t in out)
    assert out[3].text == "Кремль представитель Dmitry Песков (file photo)"


def test_one_to_one_in_input_order_across_chunks(ru: Path) -> None:
    """More than one chunk of 32, lengths shuffled, blanks kept in place."""
    texts = [" ".join(["Russia said"] * n) for n in range(1, 60)] + ["", "  "] + SENTENCES
    random.Random(4).shuffle(texts)
    out = ArgosEngine(ru, beam_size=2).translate(texts)
    assert len(out) == len(texts)
    for text, got in zip(texts, out, strict=True):
        assert got.text == (dictionary_translate(text, RU) if text.strip() else text)


def test_empty_list_and_blank_texts_do_not_call_the_model(ru: Path, monkeypatch) -> None:
    engine = ArgosEngine(ru)

    class Refuse:
        def translate_batch(self, *args, **kwargs):
            raise AssertionError("model called")

    monkeypatch.setattr(engine, "translator", Refuse())
    assert engine.translate([]) == []
    assert engine.translate(["", ""]) == [Translation(""), Translation("")]


def test_long_source_is_truncated_with_a_note(ru: Path) -> None:
    out = ArgosEngine(ru).translate(["Russia said. " * 200, "Crimea"])
    assert out[0].note == (
        "truncated: source longer than the model's 383 tokens; the end is untranslated"
    )
    assert out[0].text.startswith("Россия сказал. Россия сказал.")
    assert out[1] == Translation("Крым", out[1].score, "")


def test_target_prefix_is_forced_and_stripped(tmp_path: Path) -> None:
    archive = build_argos_package(tmp_path, "en", "ru", RU, target_prefix="__ru__")
    engine = ArgosEngine(unpack(archive, tmp_path))
    assert engine.target_prefix == "__ru__"
    texts = SENTENCES[:6]
    assert [t.text for t in engine.translate(texts)] == [dictionary_translate(s, RU) for s in texts]


def test_pivot_chains_two_engines(tmp_path: Path) -> None:
    first = ArgosEngine(
        unpack(build_argos_package(tmp_path, "en", "de", {"Russia": "Russland"}), tmp_path)
    )
    second = ArgosEngine(
        unpack(
            build_argos_package(tmp_path, "de", "uk", {"Russland": "Росія", "said": "сказав"}),
            tmp_path,
        )
    )
    out = PivotEngine(first, second).translate(["Russia said.", ""])
    assert [t.text for t in out] == ["Росія сказав.", ""]


def test_invalid_package_dir_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as info:
        ArgosEngine(tmp_path)
    assert str(info.value).startswith(f"{tmp_path}: not a valid Argos package")
    (tmp_path / "metadata.json").write_text('{"from_code": "en", "to_code": "ru"}')
    with pytest.raises(ModelError) as info:
        ArgosEngine(tmp_path)
    assert str(info.value) == f"{tmp_path}: no tokenizer (sentencepiece.model or bpe.model)"


def test_a_failing_model_is_an_engine_error(ru: Path, monkeypatch) -> None:
    engine = ArgosEngine(ru)

    class Broken:
        def translate_batch(self, *args, **kwargs):
            raise RuntimeError("out of memory")

    monkeypatch.setattr(engine, "translator", Broken())
    with pytest.raises(EngineError) as info:
        engine.translate(["Russia"])
    assert str(info.value) == "argos en-ru 1.0 failed: out of memory"


def test_importing_the_engine_is_cheap() -> None:
    code = (
        "import sys, localize.engine.argos, localize.testing; "
        "print(sorted(m for m in ('ctranslate2', 'sentencepiece', 'argostranslate', 'torch') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "[]", done.stderr
