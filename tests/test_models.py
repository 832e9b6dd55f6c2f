"""Model packages: listing, validation, safe offline install, the index path without network."""

from __future__ import annotations

import json
import socket
import stat
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from localize.cli import cli
from localize.errors import ModelError
from localize.models import (
    check_archive,
    find_route,
    install_from_index,
    install_package,
    list_models,
    remove_model,
)


def fake_package(
    path: Path,
    from_code: str = "en",
    to_code: str = "ru",
    version: str = "1.0",
    *,
    top: str | None = None,
    members: dict[str, bytes] | None = None,
) -> Path:
    """A structurally valid .argosmodel (validation does not load the model)."""
    top = top or f"translate-{from_code}_{to_code}-{version}"
    meta = {
        "package_version": version,
        "from_code": from_code,
        "to_code": to_code,
        "from_name": from_code,
        "to_name": to_code,
        "type": "translate",
    }
    files = {
        f"{top}/metadata.json": json.dumps(meta).encode(),
        f"{top}/model/model.bin": b"\0" * 64,
        f"{top}/model/config.json": b"{}",
        f"{top}/sentencepiece.model": b"spm",
    }
    files.update(members or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


@pytest.fixture
def models_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "models"
    monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(d))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos"))
    return d


def test_install_list_remove(tmp_path: Path, models_dir: Path) -> None:
    pkg = install_package(fake_package(tmp_path / "en_ru.argosmodel"))[0]
    assert (pkg.pair, pkg.version, pkg.path) == ("en-ru", "1.0", models_dir / "translate-en_ru")
    assert [m.pair for m in list_models()] == ["en-ru"]
    assert remove_model("en", "ru").pair == "en-ru"
    assert list_models() == []


def test_packages_installed_by_argospm_are_found(tmp_path: Path, models_dir: Path) -> None:
    argos = tmp_path / "argos" / "translate-en_de-1_0"
    argos.mkdir(parents=True)
    with zipfile.ZipFile(fake_package(tmp_path / "p.argosmodel", "en", "de")) as zf:
        zf.extractall(tmp_path / "x")
    (tmp_path / "x" / "translate-en_de-1.0").rename(argos)
    assert [m.pair for m in list_models()] == ["en-de"]


def test_folder_of_packages_and_pivot_route(tmp_path: Path, models_dir: Path) -> None:
    src = tmp_path / "downloads"
    src.mkdir()
    fake_package(src / "a.argosmodel", "en", "de")
    fake_package(src / "b.argosmodel", "de", "uk")
    assert sorted(p.pair for p in install_package(src)) == ["de-uk", "en-de"]
    assert [p.pair for p in find_route("en", "uk")] == ["en-de", "de-uk"]
    assert find_route("en", "fr") == []


def test_never_overwritten_silently(tmp_path: Path, models_dir: Path) -> None:
    install_package(fake_package(tmp_path / "a.argosmodel", version="1.0"))
    newer = fake_package(tmp_path / "b.argosmodel", version="1.1")
    with pytest.raises(ModelError) as err:
        install_package(newer)
    assert str(err.value) == (
        f"{newer}: en-ru is already installed (version 1.0 in {models_dir / 'translate-en_ru'}); "
        "pass --replace to replace it"
    )
    assert install_package(newer, replace=True)[0].version == "1.1"
    assert [m.version for m in list_models()] == ["1.1"]


def symlink_member(path: Path) -> Path:
    fake_package(path)
    with zipfile.ZipFile(path, "a") as zf:
        info = zipfile.ZipInfo("translate-en_ru-1.0/link")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    return path


@pytest.mark.parametrize(
    "make,message",
    [
        (
            lambda p: fake_package(p, members={"../evil.txt": b"x"}),
            "unsafe member '../evil.txt': escapes the package folder",
        ),
        (
            lambda p: fake_package(p, members={"/tmp/evil.txt": b"x"}),
            "unsafe member '/tmp/evil.txt': absolute path",
        ),
        (symlink_member, "unsafe member 'translate-en_ru-1.0/link': symbolic link"),
        (
            lambda p: fake_package(p, members={"other/x": b"x"}),
            "an .argosmodel holds exactly one top-level folder (found 2)",
        ),
        (lambda p: p.write_bytes(b"not a zip") and p, "not an .argosmodel (not a zip archive)"),
    ],
    ids=["dotdot", "absolute", "symlink", "two-tops", "not-zip"],
)
def test_unsafe_archives_rejected_before_extraction(tmp_path, models_dir, make, message):
    archive = tmp_path / "bad.argosmodel"
    make(archive)
    with pytest.raises(ModelError) as err:
        install_package(archive)
    assert str(err.value).startswith(f"{archive}: ")
    if "zip bomb" in message:
        assert "zip bomb?" in str(err.value)
    else:
        assert str(err.value) == f"{archive}: {message}"
    assert not (tmp_path / "evil.txt").exists()
    assert not models_dir.exists() or not any(p for p in models_dir.iterdir())


def test_compression_ratio_bomb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import localize.models as models

    monkeypatch.setattr(models, "RATIO_MIN_BYTES", 1_000_000)
    archive = fake_package(
        tmp_path / "b.argosmodel", members={"translate-en_ru-1.0/big": b"\0" * 10_000_000}
    )
    with pytest.raises(ModelError) as err:
        install_package(archive, tmp_path / "m")
    assert str(err.value).startswith(f"{archive}: member 'translate-en_ru-1.0/big' is compressed ")
    assert str(err.value).endswith(":1 (zip bomb?); refused")
    assert not (tmp_path / "m").exists() or not any((tmp_path / "m").iterdir())


def test_size_limit(tmp_path: Path) -> None:
    archive = fake_package(tmp_path / "a.argosmodel")
    with pytest.raises(ModelError, match="unpacks to more than 10 bytes"):
        check_archive(archive, limit=10)


@pytest.mark.parametrize(
    "meta,message",
    [
        (b"{not json", "metadata.json is not valid JSON"),
        (b'{"from_code": "en"}', "metadata.json lacks 'to_code'"),
        (b'{"from_code": "en", "to_code": "qq"}', "metadata.json: unknown language code 'qq'"),
    ],
)
def test_invalid_metadata(tmp_path, models_dir, meta, message) -> None:
    archive = fake_package(tmp_path / "m.argosmodel")
    with zipfile.ZipFile(archive) as zf:
        names = {n: zf.read(n) for n in zf.namelist()}
    names["translate-en_ru-1.0/metadata.json"] = meta
    with zipfile.ZipFile(archive, "w") as zf:
        for n, d in names.items():
            zf.writestr(n, d)
    with pytest.raises(ModelError) as err:
        install_package(archive)
    assert str(err.value).startswith(f"{archive}: {message}")


def test_missing_model_or_tokenizer(tmp_path, models_dir) -> None:
    archive = tmp_path / "m.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("p/metadata.json", '{"from_code": "en", "to_code": "ru"}')
        zf.writestr("p/sentencepiece.model", "x")
    with pytest.raises(ModelError) as err:
        install_package(archive)
    assert str(err.value) == f"{archive}: no CTranslate2 model (model/model.bin is missing)"


def no_network(*args, **kwargs):
    raise OSError("network is unreachable")


def test_index_install_offline_fails_at_once_naming_the_offline_way(monkeypatch, models_dir):
    monkeypatch.setattr(socket, "create_connection", no_network)
    with pytest.raises(ModelError) as err:
        install_from_index("en", "ru")
    assert str(err.value) == (
        "cannot reach the Argos package index (offline?); download the .argosmodel on a "
        "connected machine, copy it here and run: localize models install FILE"
    )


def test_index_install_goes_through_the_safe_installer(tmp_path, monkeypatch, models_dir):
    from argostranslate import package, settings

    archive = fake_package(tmp_path / "dl.argosmodel", "en", "uk", "1.9")

    class Available:
        from_code, to_code = "en", "uk"

        def download(self) -> Path:
            return archive

    index = tmp_path / "index.json"
    index.write_text("[]")
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: socket.socket())
    monkeypatch.setattr(settings, "local_package_index", index)
    monkeypatch.setattr(package, "update_package_index", lambda: None)
    monkeypatch.setattr(package, "get_available_packages", lambda: [Available()])
    pkg = install_from_index("en", "uk")
    assert (pkg.pair, pkg.version) == ("en-uk", "1.9")
    with pytest.raises(ModelError, match="has no en-fr package"):
        install_from_index("en", "fr")


def test_cli_models_list_and_install(tmp_path, models_dir) -> None:
    runner = CliRunner()
    archive = fake_package(tmp_path / "en_ru.argosmodel")
    result = runner.invoke(cli, ["models", "install", str(archive)])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(cli, ["models", "list", "--format", "json"])
    rows = [r for r in json.loads(listed.stdout) if r["engine"] == "argos"]
    assert [(r["pair"], r["version"]) for r in rows] == [("en-ru", "1.0")]
    again = runner.invoke(cli, ["models", "install", str(archive)])
    assert again.exit_code == 2 and "already installed" in again.stderr
    assert runner.invoke(cli, ["models", "install"]).exit_code == 2
