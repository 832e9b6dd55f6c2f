"""Hostile and huge catalogs: bounded memory, linear time, located errors, no hangs (issue #15).

Inputs are generated here, scaled down; bench/hostile.py runs the full sizes as real processes.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from localize.catalog import encode_po, mo_bytes, parse_po, read_po
from localize.cli import cli
from localize.errors import CatalogError
from tests.conftest import DATA, gettext_tool, msgcat_stable, msgfmt_check

PO = Path("locales/ru/LC_MESSAGES/russia-wont-discuss-crimea.po")
ARTICLE = "examples/russia-wont-discuss-crimea.txt"

HEADER = (
    'msgid ""\nmsgstr ""\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def peak_bytes(fn: Callable[[], object]) -> int:
    """Peak Python heap while ``fn`` runs (the regex engine's stack included)."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def best_time(fn: Callable[[], object], rounds: int = 3) -> float:
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return min(out)


def raises(fn: Callable[[], object]) -> Callable[[], None]:
    def run() -> None:
        with pytest.raises(CatalogError):
            fn()

    return run


# --- 6. memory ---------------------------------------------------------------------------------

MB4 = 4 * 2**20


@pytest.mark.parametrize(
    "text,error",
    [
        (HEADER + 'msgid "' + "word " * (MB4 // 5) + '"\nmsgstr ""\n', None),
        (HEADER + 'msgid "' + "word " * (MB4 // 5) + '"\r\nmsgstr ""\r\n', None),
        (HEADER + ' msgid "' + 'wo\\"rd ' * (MB4 // 8) + '"\nmsgstr ""\n', None),
        (HEADER + 'msgid "' + "word " * (MB4 // 5) + '\nmsgstr ""\n', ":6: unterminated string"),
    ],
    ids=["fast-reader", "crlf", "strict-reader-escapes", "unterminated"],
)
def test_reading_a_4_mb_string_takes_a_small_multiple_of_its_size(text, error, tmp_path, request):
    """It took 120-200 bytes per character (a 50 MB msgid: 10.4 GB; a 10 MB unterminated
    string: 2.1 GB to report its line)."""
    path = tmp_path / "big.po"
    path.write_bytes(text.encode())
    size = path.stat().st_size
    if error is None:
        peak = peak_bytes(lambda: read_po(path))
    else:
        with pytest.raises(CatalogError) as err:
            read_po(path)
        assert str(err.value) == f"{path}{error}"
        peak = peak_bytes(raises(lambda: read_po(path)))
    # The usual layout takes ~4× (bytes, text, the string); the strict reader, line by line,
    # a few copies more.
    bound = 8 if "strict" in request.node.name or error else 6
    # Python 3.10 holds one copy more in every layout (measured 4.0, 5.0, 8.75, 5.0× the file
    # against 3.0, 4.0, 6.75, 4.0× on 3.11 and 3.13).
    bound += sys.version_info < (3, 11)
    assert peak < bound * size, f"{peak / size:.1f}× the file"


def test_status_and_check_of_a_huge_msgid_stay_bounded(project, runner, tmp_path):
    """The word count split the whole msgid (10 million strings for 50 MB), and so did the
    check's preview of it."""
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "ru"]).exit_code == 0
    big = "word " * (MB4 // 5)
    with PO.open("a", encoding="utf-8") as fh:
        fh.write(f'\nmsgid "{big}"\nmsgstr ""\n')
    size = PO.stat().st_size
    result = runner.invoke(cli, ["status", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"words": 839' in result.stdout  # 838,861 + the article's; counted, not split
    assert peak_bytes(lambda: runner.invoke(cli, ["status"])) < 6 * size
    result = runner.invoke(cli, ["check", "--select", "untranslated", "--locale", "ru"])
    assert f"untranslated: '{'word ' * 9}word…'" in result.stdout
    peak = peak_bytes(lambda: runner.invoke(cli, ["check", "--select", "untranslated"]))
    assert peak < 6 * size


def test_an_absurdly_large_catalog_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr("localize.catalog.read.MAX_CATALOG_BYTES", 2**20)
    path = tmp_path / "huge.po"
    path.write_bytes(HEADER.encode() + b"#" * 2**21)
    with pytest.raises(CatalogError) as err:
        read_po(path)
    assert str(err.value) == f"{path}: is 2 MB, over the 1 MB limit for a catalog"


# --- 7. linear time ----------------------------------------------------------------------------


def long_entry(lines: int, newline: str) -> bytes:
    body = "".join(f'"line {i} of a long text in many pieces\\n"\n' for i in range(lines))
    return (HEADER + 'msgid ""\n' + body + 'msgstr ""\n' + body).replace("\n", newline).encode()


def many_entries(n: int, newline: str) -> bytes:
    body = "".join(f'#: a.txt:{i}\nmsgid "s{i}"\nmsgstr "t{i}"\n\n' for i in range(n))
    return (HEADER + body).replace("\n", newline).encode()


@pytest.mark.parametrize(
    "make",
    [
        lambda k: long_entry(5_000 * k, "\r\n"),
        lambda k: long_entry(5_000 * k, "\n").replace(b"\nmsgstr", b"\n msgstr"),  # strict reader
        lambda k: many_entries(5_000 * k, "\r\n"),
        lambda k: many_entries(5_000 * k, "\r\n").replace(b"\r\nmsgstr", b"\r\n msgstr"),
    ],
    ids=["crlf-continuations", "strict-continuations", "crlf-entries", "strict-crlf-entries"],
)
def test_reading_is_linear_4x_input_is_not_16x_time(make):
    """CRLF catalogs went through the strict reader, which added each continuation line to the
    string: 20k lines 0.25 s, 80k lines 10 s."""
    small, large = make(1), make(4)
    parse_po(small)  # warm-up
    ratio = best_time(lambda: parse_po(large)) / best_time(lambda: parse_po(small))
    assert ratio < 10, f"4× the input took {ratio:.1f}× the time (quadratic: 16×)"


def catalog_of(n: int) -> bytes:
    body = "".join(
        f'msgid "Sentence {i}."\nmsgstr "Предложение {i}."\n\n'
        + (
            f'msgctxt "c"\nmsgid "x{i}"\nmsgid_plural "xs{i}"\nmsgstr[0] "a"\nmsgstr[1] "b"\n\n'
            if i % 10 == 0
            else ""
        )
        for i in range(n)
    )
    return (HEADER + body).encode()


def test_compile_is_linear_4x_entries_is_not_16x_time():
    """polib's writer: 200,000 entries 33.8 s (msgfmt 0.9 s); a million never finished."""
    small, large = parse_po(catalog_of(20_000)), parse_po(catalog_of(80_000))
    mo_bytes(small)
    ratio = best_time(lambda: mo_bytes(large)) / best_time(lambda: mo_bytes(small))
    assert ratio < 10, f"4× the entries took {ratio:.1f}× the time (quadratic: 16×)"


@pytest.mark.parametrize(
    "source",
    [*(f"compile/{p.name}" for p in sorted((DATA / "compile").glob("*.po"))), "compile/many"],
)
def test_mo_file_is_byte_for_byte_what_msgfmt_writes(source, tmp_path):
    msgfmt = gettext_tool("msgfmt")
    if source == "compile/many":
        po_path = tmp_path / "many.po"
        po_path.write_bytes(catalog_of(3_000))
    else:
        po_path = DATA / source
    theirs = tmp_path / "theirs.mo"
    subprocess.run([msgfmt, "--no-hash", "-o", str(theirs), str(po_path)], check=True)
    assert mo_bytes(read_po(po_path)) == theirs.read_bytes()


def test_compile_writes_the_mo_file_gettext_reads(project, runner):
    import gettext

    assert runner.invoke(cli, ["update", ARTICLE, "--to", "ru"]).exit_code == 0
    po = read_po(PO)
    po[0].msgstr = "Ссылки"
    PO.write_bytes(encode_po(po))
    result = runner.invoke(cli, ["compile", "--locale", "ru"])
    assert result.exit_code == 0, result.output
    with PO.with_suffix(".mo").open("rb") as fh:
        assert gettext.GNUTranslations(fh).gettext(po[0].msgid) == "Ссылки"


# --- 8. odd charsets, FIFOs, folders, bad locales ----------------------------------------------


@pytest.mark.parametrize("charset", ["base64", "rot13", "zlib", "UTF-16", "no-such-charset"])
@pytest.mark.parametrize("command", ["check", "status", "compile", "update"])
def test_a_charset_that_is_not_a_text_encoding_is_a_located_error(
    project, runner, charset, command
):
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "ru"]).exit_code == 0
    PO.write_bytes(PO.read_bytes().replace(b"charset=UTF-8", f"charset={charset}".encode()))
    before = PO.read_bytes()
    args = {"update": ["update", ARTICLE, "--to", "ru"], "check": ["check", "--locale", "ru"]}
    result = runner.invoke(cli, args.get(command, [command]))
    message = f"{PO}:12: unknown charset {charset!r} in the header"
    if command == "check":
        assert result.exit_code == 1
        assert f"{PO}:12: [syntax] unknown charset {charset!r} in the header\n" in result.stdout
    else:
        assert result.exit_code == 2, result.output
        assert result.stderr.endswith(f"{message}\n")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert PO.read_bytes() == before


def koi8r_catalog(runner) -> bytes:
    """The project's ru catalog in KOI8-R (which msgfmt -c accepts), one entry translated."""
    shutil.rmtree("glossaries")  # its hints hold arrows, which KOI8-R lacks
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "ru"]).exit_code == 0
    text = PO.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=KOI8-R")
    text = text.replace(
        'msgid "Accessibility links"\nmsgstr ""', 'msgid "Accessibility links"\nmsgstr "Ссылки"'
    )
    PO.write_bytes(text.encode("koi8-r"))
    assert msgfmt_check(PO).returncode == 0
    return PO.read_bytes()


def test_a_koi8r_catalog_is_read_and_written_back_in_koi8r(project, runner):
    """update crashed with UnicodeDecodeError; now the catalog keeps its charset."""
    before = koi8r_catalog(runner)
    result = runner.invoke(cli, ["update", ARTICLE, "--to", "ru"])
    assert result.exit_code == 0, result.output
    assert PO.read_bytes() == before  # nothing changed: not rewritten, still KOI8-R
    article = Path(ARTICLE)
    article.write_text(article.read_text(encoding="utf-8") + "\nA new sentence.\n", "utf-8")
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "ru"]).exit_code == 0
    data = PO.read_bytes()
    assert data != before and b"charset=KOI8-R" in data
    assert "Ссылки".encode("koi8-r") in data and msgcat_stable(PO)
    assert msgfmt_check(PO).returncode == 0
    for command in (["status"], ["compile"], ["check", "--select", "untranslated"]):
        assert runner.invoke(cli, command).exit_code in (0, 1)
    mo = PO.with_suffix(".mo").read_bytes()
    assert "Ссылки".encode("koi8-r") in mo  # as msgfmt does: the catalog's charset


def test_text_the_declared_charset_cannot_hold_converts_the_catalog_to_utf8(project, runner):
    koi8r_catalog(runner)
    po = read_po(PO)
    assert po.encoding == "koi8-r"
    po[1].msgstr = "Россия — Крым «не обсуждается»"  # no em dash or guillemets in KOI8-R
    data = encode_po(po)
    assert b"charset=UTF-8" in data and "Россия — Крым «не".encode() in data
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"


def fifo_in_place(project, runner) -> Path:
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "ru"]).exit_code == 0
    PO.unlink()
    os.mkfifo(PO)
    return PO


@pytest.mark.parametrize(
    "command",
    [["check", "--locale", "ru"], ["status"], ["compile"], ["update", ARTICLE, "--to", "ru"]],
    ids=lambda c: c[0],
)
def test_a_fifo_in_place_of_a_catalog_is_named_and_nothing_hangs(project, runner, command):
    """check waited for a writer for ever; the others said "is a directory"."""
    fifo_in_place(project, runner)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.run(
        [sys.executable, "-m", "localize", *command],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    if command[0] == "check":
        assert proc.returncode == 1
        assert f"{PO}: [syntax] is a named pipe (FIFO), not a catalog\n" in proc.stdout
    else:
        assert proc.returncode == 2
        assert proc.stderr.startswith("localize: ")
        assert proc.stderr.endswith(f"{PO}: is a named pipe (FIFO), not a catalog\n")


@pytest.mark.parametrize("command", [["status"], ["compile"], ["update", ARTICLE, "--to", "ru"]])
def test_a_directory_in_place_of_a_catalog_is_named(project, runner, command):
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "ru"]).exit_code == 0
    PO.unlink()
    PO.mkdir()
    (PO / "x.po").write_text("")
    result = runner.invoke(cli, command)
    assert result.exit_code == 2
    assert result.stderr.endswith(": is a directory, not a catalog\n")
    assert result.stderr.startswith("localize: ")


@pytest.mark.parametrize(
    "locale,message",
    [
        ("../..", "unknown language code '../..' (codes are CLDR identifiers, e.g. ru, uk, pt_BR)"),
        ("de", "locales: no catalogs for de (run localize update for de)"),
    ],
)
def test_compile_of_a_locale_that_is_not_there_is_an_error(project, runner, locale, message):
    """``compile --locale ../..`` exited 0 having done nothing."""
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "ru"]).exit_code == 0
    result = runner.invoke(cli, ["compile", "--locale", locale])
    assert result.exit_code == 2
    assert result.stderr.startswith("localize: ") and result.stderr.endswith(f"{message}\n")
    assert not PO.with_suffix(".mo").exists()


# --- 9. symbolic links -------------------------------------------------------------------------


def test_a_symlinked_catalog_is_written_through_and_stays_a_link(project, runner, tmp_path):
    """The first write replaced the link with a regular file: the shared copy was forgotten."""
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "ru"]).exit_code == 0
    shared = tmp_path / "shared" / "ru.po"
    shared.parent.mkdir()
    shutil.move(PO, shared)
    PO.symlink_to(shared)
    article = Path(ARTICLE)
    article.write_text(article.read_text(encoding="utf-8") + "\nA new sentence.\n", "utf-8")
    result = runner.invoke(cli, ["update", ARTICLE, "--to", "ru"])
    assert result.exit_code == 0, result.output
    assert PO.is_symlink() and PO.resolve() == shared.resolve()
    assert 'msgid "A new sentence."' in shared.read_text(encoding="utf-8")
    assert not [p for p in PO.parent.iterdir() if p.name.endswith(".tmp")]
    assert runner.invoke(cli, ["compile"]).exit_code == 0
    assert PO.with_suffix(".mo").is_file() and not PO.with_suffix(".mo").is_symlink()
