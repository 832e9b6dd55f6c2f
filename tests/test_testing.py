"""localize.testing: real .argosmodel packages whose model translates word by word."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.testing import build_argos_package, dictionary_translate

RU = {"Russia": "Россия", "said": "сказал", "Crimea": "Крым", "United States": "США"}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_argos_package(tmp_path_factory.mktemp("pkg"), "en", "ru", RU, version="1.2")


def test_folder_gets_the_argos_file_name(archive: Path) -> None:
    assert archive.name == "translate-en_ru-1_2.argosmodel"


def test_a_file_path_is_used_as_given(tmp_path: Path) -> None:
    out = build_argos_package(tmp_path / "sub" / "mine.argosmodel", "de", "uk", {"Haus": "дім"})
    assert out == tmp_path / "sub" / "mine.argosmodel" and out.is_file()


def test_zip_layout_is_an_argos_package(archive: Path) -> None:
    with zipfile.ZipFile(archive) as zf:
        names = sorted(zf.namelist())
        meta = json.loads(zf.read("translate-en_ru-1_2/metadata.json"))
    assert names == [
        "translate-en_ru-1_2/README.md",
        "translate-en_ru-1_2/metadata.json",
        "translate-en_ru-1_2/model/config.json",
        "translate-en_ru-1_2/model/model.bin",
        "translate-en_ru-1_2/model/shared_vocabulary.json",
        "translate-en_ru-1_2/sentencepiece.model",
    ]
    assert meta["package_version"] == "1.2"
    assert (meta["from_code"], meta["from_name"]) == ("en", "English")
    assert (meta["to_code"], meta["to_name"]) == ("ru", "Russian")
    assert meta["type"] == "translate"
    assert meta["links"] == [] and meta["dependencies"] == []
    assert "argos_version" in meta and "target_prefix" not in meta
    assert archive.stat().st_size < 400_000  # small enough to build in every test run


def test_target_prefix_is_written_to_metadata(tmp_path: Path) -> None:
    out = build_argos_package(tmp_path, "en", "ru", RU, target_prefix="__ru__")
    with zipfile.ZipFile(out) as zf:
        meta = json.loads(zf.read("translate-en_ru-1_0/metadata.json"))
    assert meta["target_prefix"] == "__ru__"


def test_a_made_up_language_code_is_its_own_name(tmp_path: Path) -> None:
    out = build_argos_package(tmp_path, "en", "qx", {"Russia": "Qussia"})
    with zipfile.ZipFile(out) as zf:
        meta = json.loads(zf.read("translate-en_qx-1_0/metadata.json"))
    assert (meta["to_code"], meta["to_name"]) == ("qx", "qx")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia said.", "Россия сказал."),
        ("Crimea, Peskov said (on TV).", "Крым, Peskov сказал (on TV)."),
        ('"Crimea" other', '"Crimea" other'),  # glued to a quote: copied (see the module doc)
        ("the United States and Russia", "the США and Россия"),
        ("naïve café 東京 😀 Russia", "naïve café 東京 😀 Россия"),  # bytes copied through
        ("russia SAID", "russia SAID"),  # case-sensitive, like the dictionary
        ("", ""),
    ],
)
def test_dictionary_translate(text: str, expected: str) -> None:
    assert dictionary_translate(text, RU) == expected


def test_a_dictionary_word_starting_a_longer_word_is_translated_as_a_piece() -> None:
    """A documented quirk: add the longer word to the dictionary to keep it whole."""
    assert dictionary_translate("Russian", RU) == "Россияn"
    assert dictionary_translate("Russian", {**RU, "Russian": "русский"}) == "русский"


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ0123456789", min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(st.lists(WORD, max_size=12))
def test_without_a_dictionary_text_is_copied(words: list[str]) -> None:
    text = " ".join(words)
    assert dictionary_translate(text, {}) == text


WORDS = ["Russia", "said", "Crimea", "peace", "x7", "Kremlin"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=20))
def test_whole_words_map_through_the_dictionary(words: list[str]) -> None:
    assert dictionary_translate(" ".join(words), RU) == " ".join(RU.get(w, w) for w in words)
