"""Hostile inputs and faults outside the catalogs: FIFOs where files belong, writes that would
leave the project, full and read-only disks, unreadable folders, broken and looping links,
hostile model archives, TMX and localize.toml. Each case: the exact located message and its
exit code, nothing hangs, no traceback."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from localize.cli import cli
from localize.testing import build_argos_package

from .conftest import DATA, ROOT

ARTICLE = "examples/russia-wont-discuss-crimea.txt"
SLUG = "russia-wont-discuss-crimea"
PO = f"locales/ru/LC_MESSAGES/{SLUG}.po"
MO = f"locales/ru/LC_MESSAGES/{SLUG}.mo"
HINT = " (pass --allow-outside to allow it)"


def localize(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """A real process, so that a hang is a failed test (timeout), not a hung suite."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "localize", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    os.mkfifo(path)
    return path


# --- the one safe reader: FIFOs, devices, folders --------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["status"],
        ["update", ARTICLE, "--to", "ru"],
        ["translate", ARTICLE, "--to", "es", "--engine", "apertium"],
        ["glossary", "list", "--to", "ru"],
    ],
    ids=lambda c: c[0] if c[0] != "glossary" else "glossary-list",
)
def test_a_fifo_as_glossary_returns_at_once_with_its_name(project: Path, command) -> None:
    """All five commands tried waited for a writer for ever."""
    fifo(project / "glossaries" / "fifo.csv")
    started = time.monotonic()
    proc = localize(*command)
    assert time.monotonic() - started < 30
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == (
        f"localize: {project}/glossaries/fifo.csv: is a named pipe (FIFO), not a glossary file\n"
    )


@pytest.mark.parametrize("command", [["update", ARTICLE, "--to", "ru"], ["tm", "import", "x.tmx"]])
def test_a_fifo_as_tmx_returns_at_once(project: Path, command) -> None:
    fifo(project / "tm" / "fifo.tmx")
    fifo(project / "x.tmx")
    proc = localize(*command)
    assert proc.returncode == 2, proc.stderr
    name = "x.tmx" if command[0] == "tm" else f"{project}/tm/fifo.tmx"
    assert proc.stderr == f"localize: {name}: is a named pipe (FIFO), not a TMX file\n"


def test_a_fifo_as_config_or_article_returns_at_once(project: Path) -> None:
    fifo(project / "fifo.toml")
    proc = localize("status", "--config", "fifo.toml")
    assert proc.returncode == 2
    assert proc.stderr == "localize: fifo.toml: is a named pipe (FIFO), not a configuration file\n"
    fifo(project / "fifo.txt")
    for command in (["segment", "fifo.txt"], ["update", "fifo.txt", "--to", "ru"]):
        proc = localize(*command)
        assert proc.returncode == 2
        assert proc.stderr.endswith("fifo.txt: is a named pipe (FIFO), not an article\n")


def test_a_device_or_folder_is_named_not_read(project: Path, runner) -> None:
    result = runner.invoke(cli, ["segment", "/dev/zero"])
    assert result.exit_code == 2
    assert result.stderr == "localize: /dev/zero: is a device or socket, not an article\n"
    (project / "glossaries" / "folder.csv").mkdir()
    result = runner.invoke(cli, ["glossary", "list", "--to", "ru"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"localize: {project}/glossaries/folder.csv: is a directory, not a glossary file\n"
    )


# --- model files ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("package")
    return build_argos_package(folder, "en", "ru", {"Russia": "Россия", "said": "сказала"})


@pytest.fixture
def installed(project: Path, package: Path, runner, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(project / "models"))
    result = runner.invoke(cli, ["models", "install", str(package)])
    assert result.exit_code == 0, result.output
    return project / "models" / "translate-en_ru"


def test_a_model_vocabulary_swapped_for_a_fifo_returns_at_once(installed: Path) -> None:
    """CTranslate2 opened it by name and waited for a writer for ever."""
    vocabulary = fifo(installed / "model" / "shared_vocabulary.json")
    proc = localize("translate", ARTICLE, "--to", "ru")
    assert proc.returncode == 1, proc.stderr  # the engine failed: exit 1, as documented
    assert proc.stderr == (
        f"localize: translation failed (→ ru): {vocabulary}: is a named pipe (FIFO), "
        "not a model file\n"
    )


def test_a_tokenizer_swapped_for_a_fifo_returns_at_once(installed: Path) -> None:
    fifo(installed / "sentencepiece.model")
    proc = localize("translate", ARTICLE, "--to", "ru")
    assert proc.returncode == 2, proc.stderr
    assert "no tokenizer (sentencepiece.model or bpe.model)" in proc.stderr
    from localize.engine.argos import _SentencePiece
    from localize.errors import ModelError

    with pytest.raises(ModelError) as info:
        _SentencePiece(installed / "sentencepiece.model")
    assert str(info.value).endswith(
        "sentencepiece.model: is a named pipe (FIFO), not a tokenizer model"
    )


def test_models_remove_of_a_linked_package_removes_the_link_only(
    installed: Path, project: Path, runner
) -> None:
    """rmtree refused the link with a traceback."""
    elsewhere = project / "elsewhere"
    installed.rename(elsewhere)
    installed.symlink_to(elsewhere)
    result = runner.invoke(cli, ["models", "remove", "--from", "en", "--to", "ru"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"removed en-ru 1.0 from {installed}\n"
    assert not installed.is_symlink() and (elsewhere / "metadata.json").is_file()


def _rewrite(package: Path, out: Path, extra: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        for name, data in extra.items():
            dst.writestr(name, data)
    return out


TOP = "translate-en_ru-1_0"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            {f"{TOP}/model": b"x"},
            f"member '{TOP}/model' is both a file and a folder in the archive; refused",
        ),
        (
            {f"{TOP}/README.md/x": b"x"},
            f"member '{TOP}/README.md' is both a file and a folder in the archive; refused",
        ),
        (
            {f"{TOP}/{'a' * 256}": b"x"},
            f"member '{TOP}/{'a' * 40}…': a name over 255 bytes, which no file system holds; "
            "refused",
        ),
    ],
    ids=["file-then-folder", "folder-under-a-file", "name-over-255-bytes"],
)
def test_archives_that_cannot_be_extracted_are_refused_before_extraction(
    project: Path, package: Path, tmp_path: Path, runner, extra, message
) -> None:
    archive = _rewrite(package, tmp_path / "bad.argosmodel", extra)
    result = runner.invoke(cli, ["models", "install", str(archive), "--models-dir", "m"])
    assert result.exit_code == 2
    assert result.stderr == f"localize: {archive}: {message}\n"
    assert not Path("m").exists() or [p.name for p in Path("m").iterdir()] == [".install.lock"]


def test_an_archive_lying_about_a_size_is_corrupt(
    project: Path, package: Path, tmp_path: Path, runner
) -> None:
    """The directory says model.bin holds 1,000 bytes; it holds more (a traceback before)."""
    data = bytearray(package.read_bytes())
    name = f"{TOP}/model/model.bin".encode()
    at = data.find(b"PK\x01\x02")  # each central directory entry
    while at >= 0:
        length = int.from_bytes(data[at + 28 : at + 30], "little")
        if bytes(data[at + 46 : at + 46 + length]) == name:
            data[at + 24 : at + 28] = (1000).to_bytes(4, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    lying = tmp_path / "lying.argosmodel"
    lying.write_bytes(bytes(data))
    result = runner.invoke(cli, ["models", "install", str(lying), "--models-dir", "m"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"localize: {lying}: corrupt archive: Bad CRC-32 for file '{TOP}/model/model.bin'\n"
    )
    assert [p.name for p in Path("m").iterdir()] == [".install.lock"]  # staging removed


def test_a_full_disk_while_installing_installs_nothing(
    project: Path, package: Path, tmp_path: Path, runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(zipfile.ZipFile, "extractall", full)
    result = runner.invoke(cli, ["models", "install", str(package), "--models-dir", "m"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"localize: {package}: cannot install into m: No space left on device; nothing installed\n"
    )
    assert [p.name for p in Path("m").iterdir()] == [".install.lock"]


# --- stay inside the project ------------------------------------------------------------------


@pytest.fixture
def victim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file outside the project that must never be written."""
    path = tmp_path_factory.mktemp("outside") / "victim"
    path.write_text("precious\n")
    return path


def test_compile_refuses_a_mo_linked_outside(project: Path, runner, victim: Path) -> None:
    """compile wrote the .mo through the link: the victim file was overwritten."""
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "ru"]).exit_code == 0
    Path(MO).symlink_to(victim)
    result = runner.invoke(cli, ["compile"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"localize: {MO}: is a symbolic link to {victim}, outside the project ({project}); "
        f"refused to write the compiled catalog there{HINT}\n"
    )
    assert victim.read_text() == "precious\n"
    assert runner.invoke(cli, ["compile", "--allow-outside"]).exit_code == 0
    assert victim.read_bytes().startswith(b"\xde\x12\x04\x95")  # asked for: written through


@pytest.mark.parametrize(
    "command",
    [
        ["update", ARTICLE, "--to", "es"],
        ["translate", ARTICLE, "--to", "es", "--engine", "apertium"],
    ],
    ids=lambda c: c[0],
)
def test_update_and_translate_refuse_a_po_linked_outside(
    project: Path, runner, victim: Path, command
) -> None:
    """Both wrote through the link: the victim file was overwritten with a catalog."""
    po = PO.replace("/ru/", "/es/")
    Path(po).parent.mkdir(parents=True)
    Path(po).symlink_to(victim)
    result = runner.invoke(cli, command)
    assert result.exit_code == 2
    assert result.stderr == (
        f"localize: {po}: is a symbolic link to {victim}, outside the project ({project}); "
        f"refused to write the catalog there{HINT}\n"
    )
    assert victim.read_text() == "precious\n"


def test_a_po_linked_inside_the_project_is_still_written_through(project: Path, runner) -> None:
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "ru"]).exit_code == 0
    kept = project / "kept.po"
    Path(PO).rename(kept)
    Path(PO).symlink_to(kept)
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "ru"]).exit_code == 0
    assert Path(PO).is_symlink() and kept.read_text().count("msgid") > 10


def test_a_locales_folder_outside_is_refused_unless_allowed(
    project: Path, runner, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "locales"
    message = (
        f"localize: {outside}: is outside the project ({project}); "
        f"refused to write the catalogs there{HINT}\n"
    )
    for command in (["update", ARTICLE], ["translate", ARTICLE, "--engine", "apertium"]):
        result = runner.invoke(cli, [*command, "--to", "es", "--locales-dir", str(outside)])
        assert result.exit_code == 2
        assert result.stderr == message
    assert not outside.exists()
    result = runner.invoke(
        cli, ["update", ARTICLE, "--to", "ru", "--locales-dir", str(outside), "--allow-outside"]
    )
    assert result.exit_code == 0, result.output
    assert (outside / "ru" / "LC_MESSAGES" / f"{SLUG}.po").is_file()
    config = project / "localize.toml"
    config.write_text(config.read_text() + f'locales_dir = "{outside}"\nallow_outside = true\n')
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "uk"]).exit_code == 0
    # the README's main job: a locales folder inside the project needs no option
    assert (
        runner.invoke(cli, ["update", ARTICLE, "--to", "ru", "--locales-dir", "demo"]).exit_code
        == 0
    )


def test_allow_outside_must_be_a_boolean(project: Path, runner) -> None:
    (project / "localize.toml").write_text('source = "en"\nallow_outside = "yes"\n')
    result = runner.invoke(cli, ["status"])
    assert result.exit_code == 2
    assert result.stderr == "localize: localize.toml:2:1: 'allow_outside' must be true or false\n"


# --- broken links, a file for a folder ---------------------------------------------------------


@pytest.mark.parametrize("kind", ["dangling", "looping"])
@pytest.mark.parametrize(
    "command", [["update", ARTICLE, "--to", "ru"], ["compile"], ["check", "--to", "ru"], ["status"]]
)
def test_a_broken_catalog_link_is_named(project: Path, runner, kind: str, command) -> None:
    """update and status crashed on a looping link (RuntimeError), update on a dangling one."""
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "ru"]).exit_code == 0
    Path(PO).unlink()
    Path(PO).symlink_to("nowhere.po" if kind == "dangling" else Path(PO).name)
    what = "is a broken symbolic link" if kind == "dangling" else "is a symbolic link that loops"
    result = runner.invoke(cli, command)
    assert "Traceback" not in result.output
    if command[0] == "status":  # status reports the catalog as missing and goes on
        assert result.exit_code == 0
        assert f"{PO}: missing" in result.stdout
    elif command[0] == "check":
        assert result.exit_code == 1
        assert result.stdout.startswith(f"{PO}: [syntax] {what}, not a catalog\n")
    else:
        assert result.exit_code == 2
        assert result.stderr == f"localize: {project / PO}: {what}, not a catalog\n"


@pytest.mark.parametrize(
    "command", [["update", ARTICLE, "--to", "ru"], ["check"], ["status"], ["compile"]]
)
def test_a_file_as_locales_dir_is_named(project: Path, runner, command) -> None:
    (project / "afile").write_text("")
    config = project / "localize.toml"
    config.write_text(config.read_text() + 'locales_dir = "afile"\n')
    result = runner.invoke(cli, command)
    assert result.exit_code == 2, result.output
    if command[0] == "compile":
        assert (
            result.stderr
            == f"localize: {project}/afile: no locales folder (run: localize update)\n"
        )
    else:
        assert result.stderr == "localize: afile: is a file, not a locales folder\n"


# --- full and read-only disks, unreadable folders --------------------------------------------


def _failing(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("code", "message"),
    [(errno.ENOSPC, "No space left on device"), (errno.EROFS, "Read-only file system")],
    ids=["full", "read-only"],
)
@pytest.mark.parametrize(
    ("command", "written"),
    [
        (["update", ARTICLE, "--to", "ru"], f"locales/{SLUG}.pot"),
        (["compile"], MO),
        (["glossary", "export", "--format", "csv", "--output", "out.csv"], "out.csv"),
    ],
    ids=lambda c: c[0] if isinstance(c, list) else "",
)
def test_a_full_or_read_only_disk_is_one_line(
    project: Path, runner, monkeypatch: pytest.MonkeyPatch, code, message, command, written
) -> None:
    """A traceback from the write (ENOSPC at fsync, EROFS at the temporary file) before."""
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "ru"]).exit_code == 0
    Path(f"locales/{SLUG}.pot").unlink()
    monkeypatch.setattr(os, "fsync", _failing(code))  # where a full disk shows on a write
    if code == errno.EROFS:
        monkeypatch.setattr("tempfile.mkstemp", _failing(code))
    result = runner.invoke(cli, command)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"localize: {written}: cannot write: {message}\n"
    leftovers = [p for p in project.rglob("*.tmp")]
    assert leftovers == []


def _tmpfs(path: Path, options: str) -> bool:
    path.mkdir(exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True
    )
    return proc.returncode == 0


def test_a_real_full_and_read_only_disk(project: Path, tmp_path_factory) -> None:
    """The same on a real file system: a 200 KB tmpfs filled up, then remounted read-only."""
    disk = tmp_path_factory.mktemp("disk") / "mnt"
    if not _tmpfs(disk, "size=200k"):
        pytest.skip("mounting a tmpfs needs root")
    try:
        shutil.copytree(project, disk / "p", ignore=shutil.ignore_patterns("glossaries"))
        os.chdir(disk / "p")
        with open(disk / "p" / "fill", "wb", buffering=0) as fill:  # to the last byte
            try:
                while True:
                    fill.write(bytes(4096))
            except OSError:
                pass
        proc = localize("update", ARTICLE, "--to", "ru")
        assert proc.returncode == 2
        assert (
            proc.stderr == f"localize: locales/{SLUG}.pot: cannot write: No space left on device\n"
        )
        (disk / "p" / "fill").unlink()
        assert localize("update", ARTICLE, "--to", "ru").returncode == 0
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        for command, where in ((["update", ARTICLE, "--to", "uk"], "locales"), (["compile"], MO)):
            proc = localize(*command)
            assert proc.returncode == 2
            assert proc.stderr == f"localize: {where}: cannot write: Read-only file system\n"
    finally:
        os.chdir(project)
        subprocess.run(["umount", str(disk)], check=False)


def _unprivileged() -> list[str]:
    """A prefix that runs a command without the power to ignore file permissions."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("root ignores permissions, and setpriv is not installed to drop that")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}", "--"]


@pytest.mark.parametrize(
    ("folder", "command", "message"),
    [
        ("locales/ru", ["update", ARTICLE, "--to", "ru"], f"{PO}: Permission denied"),
        ("locales/ru", ["status"], "locales/ru/LC_MESSAGES: Permission denied"),
        ("locales/ru", ["check"], "locales/ru/LC_MESSAGES: Permission denied"),
        ("locales", ["compile"], "locales: Permission denied"),
        ("locales", ["update", ARTICLE, "--to", "ru"], f"locales/{SLUG}.pot: Permission denied"),
        # glob found nothing in it: the run went on without the glossary, silently
        ("glossaries", ["check"], "glossaries: cannot read: Permission denied"),
        (
            "glossaries",
            ["glossary", "list", "--to", "ru"],
            "glossaries: cannot read: Permission denied",
        ),
    ],
)
def test_an_unreadable_folder_is_one_line(project: Path, runner, folder, command, message) -> None:
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "ru"]).exit_code == 0
    os.chmod(folder, 0)
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "LOCALIZE_CACHE_DIR": ""}
        proc = subprocess.run(
            [*_unprivileged(), sys.executable, "-m", "localize", *command],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
    finally:
        os.chmod(folder, 0o755)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == f"localize: {message}\n"


# --- TMX and localize.toml --------------------------------------------------------------------


def test_a_tmx_of_unknown_encoding_is_located(project: Path, runner) -> None:
    shutil.copy(DATA / "tmx" / "unknown-encoding.tmx", "x.tmx")
    result = runner.invoke(cli, ["tm", "import", "x.tmx"])
    assert result.exit_code == 2
    assert result.stderr == (
        "localize: x.tmx:1: unknown encoding 'x-no-such-codec' in the XML declaration\n"
    )


def test_a_tmx_segment_inside_5000_hi_is_read(tmp_path: Path) -> None:
    """Reading the text of a <seg> recursed once per element: RecursionError."""
    from localize.memory import read_tmx

    deep = "<hi>" * 5000 + "Russia <ph>x</ph>said" + "</hi>" * 5000
    tmx = tmp_path / "deep.tmx"
    tmx.write_text(
        '<tmx version="1.4"><header srclang="en"/><body><tu>'
        f'<tuv xml:lang="en"><seg>{deep}.</seg></tuv>'
        '<tuv xml:lang="ru"><seg>Россия сказала.</seg></tuv></tu></body></tmx>'
    )
    [unit] = read_tmx(tmx)
    assert (unit.source, unit.target) == ("Russia said.", "Россия сказала.")


CONFIGS = sorted((DATA / "config").glob("*.toml"))


@pytest.mark.parametrize("config", CONFIGS, ids=[c.stem for c in CONFIGS])
def test_hostile_localize_toml_is_located(project: Path, runner, config: Path) -> None:
    """Deep nesting overflowed tomllib's stack; 5,000 digits hit Python's int-str limit."""
    shutil.copy(config, "localize.toml")
    expected = config.with_name(config.name + ".expected").read_text()
    for command in (["status"], ["update", ARTICLE, "--to", "ru"]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 2
        assert result.stderr == f"localize: localize.toml:{expected}"


# --- what localize writes for others to open: CSV cells, terminal output ----------------------

FORMULAS = ["=cmd|' /c calc'!A1", "+1+1", "-2+3", "@SUM(A1:A2)", '=HYPERLINK("http://x")']


def test_glossary_csv_cells_that_a_spreadsheet_would_run_are_written_as_text() -> None:
    """They were written verbatim: a spreadsheet opening the export ran them as formulas."""
    import csv
    import io

    from localize.glossary import dumps_csv, parse_csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["en", "ru", "dnt", "case", "note"])
    writer.writerows([f"T{i}", cell, "", "", cell] for i, cell in enumerate(FORMULAS))
    glossary = parse_csv(out.getvalue())
    exported = dumps_csv(glossary)
    cells = [cell for row in csv.reader(io.StringIO(exported)) for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
    assert [row[1] for row in csv.reader(io.StringIO(exported))][1:] == [f"'{c}" for c in FORMULAS]
    again = parse_csv(exported)
    assert again.terms == glossary.terms  # the quote is taken off again on reading
    assert dumps_csv(again) == exported
    assert parse_csv("en,ru\n'quoted,'Крым\n").terms[0].sources == ("'quoted",)  # others kept


def test_terminal_escapes_in_package_metadata_are_not_printed(
    project: Path, runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`models list` printed a package's escapes raw: colours, a window title, a fake line."""
    from tests.test_models import fake_package

    version = "1.0\x1b[2J\x1b]0;owned\x07\x1b[31m\r\nfake\u202e"
    archive = fake_package(project / "evil.argosmodel", version=version, top="translate-en_ru")
    monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(project / "models"))
    result = runner.invoke(cli, ["models", "install", str(archive)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"installed en-ru 1.0fake in {project}/models/translate-en_ru\n"
    listed = runner.invoke(cli, ["models", "list"])
    assert "\x1b" not in listed.output and "\r" not in listed.output
    assert "en-ru    argos     1.0fake" in listed.stdout
