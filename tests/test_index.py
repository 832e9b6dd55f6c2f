"""The Argos package index read by localize itself (a JSON list), offline against local
indexes, with the same safe install as a file; argostranslate's reading is the reference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from localize.cli import cli
from localize.errors import ModelError
from localize.modelindex import index_url, install_from_index, parse_index, read_index
from localize.models import list_models
from tests.conftest import require_reference
from tests.test_models import fake_package


@pytest.fixture
def models_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "models"
    monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(d))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos"))
    monkeypatch.delenv("LOCALIZE_PACKAGE_INDEX", raising=False)
    return d


def entry(to: str, version: str, *links: str, **extra: object) -> dict:
    return {
        "from_code": "en",
        "to_code": to,
        "package_version": version,
        "type": "translate",
        "links": list(links),
        **extra,
    }


def write_index(folder: Path, entries: list) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "index.json").write_text(json.dumps(entries), encoding="utf-8")
    return folder


def test_the_newest_version_is_installed_from_a_local_folder(tmp_path, models_dir) -> None:
    index = tmp_path / "index"
    index.mkdir()
    fake_package(index / "old.argosmodel", "en", "ru", "1.0")
    fake_package(index / "new.argosmodel", "en", "ru", "1.10")
    write_index(
        index, [entry("ru", "1.10", "new.argosmodel"), entry("ru", "1.9", "old.argosmodel")]
    )
    pkg = install_from_index("en", "ru", index=index)
    assert (pkg.pair, pkg.version, pkg.path) == ("en-ru", "1.10", models_dir / "translate-en_ru")
    assert not list(models_dir.glob(".download-*")), "the download is removed"


def test_an_index_file_or_url_and_the_environment(tmp_path, models_dir, monkeypatch) -> None:
    index = write_index(tmp_path / "i", [entry("uk", "1.0", "../uk.argosmodel")])
    fake_package(tmp_path / "uk.argosmodel", "en", "uk")
    assert index_url(index) == (index / "index.json").as_uri()
    assert index_url(index / "index.json") == (index / "index.json").as_uri()
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "https://mirror.example/argos/")
    assert index_url() == "https://mirror.example/argos/index.json"
    monkeypatch.setenv("LOCALIZE_PACKAGE_INDEX", (index / "index.json").as_uri())
    assert install_from_index("en", "uk").pair == "en-uk"


def test_a_broken_link_falls_back_to_the_next(tmp_path, models_dir) -> None:
    index = tmp_path / "index"
    index.mkdir()
    fake_package(index / "ru.argosmodel")
    write_index(index, [entry("ru", "1.0", "missing.argosmodel", "ru.argosmodel")])
    assert install_from_index("en", "ru", index=index).pair == "en-ru"


def test_every_link_failing_says_which_and_the_offline_way(tmp_path, models_dir) -> None:
    index = write_index(tmp_path / "index", [entry("ru", "1.0", "missing.argosmodel")])
    with pytest.raises(ModelError) as err:
        install_from_index("en", "ru", index=index)
    message = str(err.value)
    assert message.startswith(f"download failed: {(index / 'missing.argosmodel').as_uri()}: ")
    assert message.endswith("copy it here and run: localize models install FILE")
    assert list_models() == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{", "the package index is not valid JSON (Expecting property name enclosed in "
         "double quotes: line 1 column 2 (char 1))"),
        ('{"en": "ru"}', "the package index must be a JSON list of packages"),
    ],
)  # fmt: skip
def test_a_malformed_index_is_named(tmp_path, models_dir, raw, message) -> None:
    (tmp_path / "index.json").write_text(raw)
    with pytest.raises(ModelError) as err:
        install_from_index("en", "ru", index=tmp_path)
    assert str(err.value) == f"{(tmp_path / 'index.json').as_uri()}: {message}"


def test_entries_that_are_not_translation_packages_are_left_out() -> None:
    raw = json.dumps(
        [
            entry("ru", "1.0", "a"),
            entry("de", "1.0", "b", type="sbd"),
            {"from_code": "en"},
            "junk",
            entry("xx-not-a-code", "1", "c"),
            entry("zh", "1.0", "d"),
        ]
    ).encode()
    assert [(p.pair, p.links) for p in parse_index(raw, "i")] == [
        ("en-ru", ("a",)),
        ("en-zh", ("d",)),
    ]


def test_a_missing_pair_is_named(tmp_path, models_dir) -> None:
    index = write_index(tmp_path / "index", [entry("ru", "1.0", "ru.argosmodel")])
    with pytest.raises(ModelError, match="^the Argos package index has no en-fr package$"):
        install_from_index("en", "fr", index=index)


def test_an_archive_of_another_pair_is_refused(tmp_path, models_dir) -> None:
    index = tmp_path / "index"
    index.mkdir()
    fake_package(index / "ru.argosmodel", "en", "de")
    write_index(index, [entry("ru", "1.0", "ru.argosmodel")])
    with pytest.raises(ModelError) as err:
        install_from_index("en", "ru", index=index)
    link = (index / "ru.argosmodel").as_uri()
    assert str(err.value) == f"{link}: the index's en-ru package holds en-de; refused"
    assert list_models() == [] and not list(models_dir.glob(".download-*"))


def test_an_unsafe_archive_from_the_index_is_refused_as_a_file_is(tmp_path, models_dir) -> None:
    index = tmp_path / "index"
    index.mkdir()
    fake_package(index / "ru.argosmodel", members={"../evil.txt": b"x"})
    write_index(index, [entry("ru", "1.0", "ru.argosmodel")])
    with pytest.raises(ModelError) as err:
        install_from_index("en", "ru", index=index)
    link = (index / "ru.argosmodel").as_uri()
    assert str(err.value) == f"{link}: unsafe member '../evil.txt': escapes the package folder"
    assert not (tmp_path / "evil.txt").exists() and not (models_dir.parent / "evil.txt").exists()


def test_an_installed_pair_is_replaced_only_when_asked(tmp_path, models_dir) -> None:
    index = tmp_path / "index"
    index.mkdir()
    fake_package(index / "ru.argosmodel", version="2.0")
    write_index(index, [entry("ru", "2.0", "ru.argosmodel")])
    fake_package(tmp_path / "old.argosmodel", version="1.0")
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["models", "install", str(tmp_path / "old.argosmodel")]).exit_code == 0
    )
    args = ["models", "install", "--from", "en", "--to", "ru", "--index", str(index)]
    done = runner.invoke(cli, args)
    assert done.exit_code == 2
    assert done.stderr == (
        f"localize: en-ru is already installed (version 1.0 in {models_dir / 'translate-en_ru'})"
        "; pass --replace to replace it\n"
    )
    done = runner.invoke(cli, [*args, "--replace"])
    assert done.exit_code == 0, done.stderr
    assert [(m.pair, m.version) for m in list_models()] == [("en-ru", "2.0")]


@pytest.mark.reference
def test_the_index_is_read_as_argostranslate_reads_it(tmp_path, monkeypatch) -> None:
    package = require_reference("argostranslate.package")
    settings = require_reference("argostranslate.settings")
    entries = [
        entry("ru", "1.9", "https://example.org/ru.argosmodel", from_name="English"),
        entry("de", "1.0", "https://example.org/de.argosmodel", "https://mirror/de"),
        entry("es", "1.0", "x", type="sbd"),
    ]
    index = write_index(tmp_path / "index", entries)
    monkeypatch.setattr(settings, "local_package_index", index / "index.json")
    theirs = [
        (p.from_code, p.to_code, p.package_version, tuple(p.links))
        for p in package.get_available_packages()
        if p.type == "translate"
    ]
    _, ours = read_index(index)
    assert [(p.from_code, p.to_code, p.version, p.links) for p in ours] == theirs
