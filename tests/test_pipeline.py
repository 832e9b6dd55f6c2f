"""Article <-> catalogs through the CLI, as a translator uses it; checked with real gettext."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from localize.cli import cli
from tests.conftest import msgcat_stable, msgfmt_check

ARTICLE = "examples/russia-wont-discuss-crimea.txt"
POT = Path("locales/russia-wont-discuss-crimea.pot")


def po_path(lang: str) -> Path:
    return Path(f"locales/{lang}/LC_MESSAGES/russia-wont-discuss-crimea.po")


def ok(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_extract_gives_24_entries_caption_with_two_references(project, runner) -> None:
    ok(runner, "extract", ARTICLE)
    pot = polib.pofile(str(POT))
    assert len(pot) == 24
    caption = pot.find("Kremlin spokesman Dmitry Peskov (file photo)")
    assert caption.occurrences == [(ARTICLE, "7"), (ARTICLE, "8")]
    assert caption.comment == "caption"
    assert pot.find("16x9 Image").comment == "list-item"
    assert msgcat_stable(POT)


def test_extract_twice_changes_nothing(project, runner, monkeypatch) -> None:
    ok(runner, "extract", ARTICLE)
    before = POT.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    assert "unchanged" in ok(runner, "extract", ARTICLE)
    assert POT.read_bytes() == before


def test_update_creates_valid_stable_catalogs(project, runner) -> None:
    ok(runner, "update", ARTICLE, "--to", "ru,uk")
    for lang in ("ru", "uk"):
        path = po_path(lang)
        po = polib.pofile(str(path))
        assert po.metadata["Language"] == lang
        assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
        for key in (
            "Project-Id-Version",
            "POT-Creation-Date",
            "PO-Revision-Date",
            "Language-Team",
            "X-Generator",
            "Content-Type",
        ):
            assert po.metadata[key], key
        assert len(po) == 24 and po.percent_translated() == 0
        check = msgfmt_check(path)
        assert check.returncode == 0 and check.stderr == "", check.stderr
        assert msgcat_stable(path)


def fill(path: Path, how=lambda e: e.msgid) -> None:
    po = polib.pofile(str(path))
    for e in po:
        e.msgstr = how(e)
    po.save()


def test_identity_round_trip_is_byte_exact(project, runner, tmp_path) -> None:
    ok(runner, "update", ARTICLE, "--to", "de")
    fill(po_path("de"))
    out = tmp_path / "de.txt"
    ok(runner, "build", ARTICLE, "--to", "de", "-o", str(out))
    assert out.read_bytes() == Path(ARTICLE).read_bytes()


def test_build_keeps_layout(project, runner) -> None:
    ok(runner, "update", ARTICLE, "--to", "de")
    fill(po_path("de"), lambda e: e.msgid.upper())
    result = runner.invoke(cli, ["build", ARTICLE, "--to", "de"])
    assert result.exit_code == 0
    assert "  • 16X9 IMAGE\n" in result.stdout
    assert result.stdout.count("\n") == Path(ARTICLE).read_text(encoding="utf-8").count("\n")


def test_editing_one_sentence_keeps_the_rest_and_marks_it_fuzzy(project, runner) -> None:
    ok(runner, "update", ARTICLE, "--to", "ru")
    fill(po_path("ru"), lambda e: "RU " + e.msgid)
    ok(runner, "update", ARTICLE, "--to", "ru")  # normalise to our format
    text = Path(ARTICLE).read_text(encoding="utf-8")
    old = "Peskov said that Trump did not raise the issue of Crimea in his January 28"
    Path(ARTICLE).write_text(text.replace(old, old.replace("28", "29")), encoding="utf-8")
    ok(runner, "update", ARTICLE, "--to", "ru")
    po = polib.pofile(str(po_path("ru")))
    fuzzy = [e for e in po if "fuzzy" in e.flags]
    assert len(fuzzy) == 1
    assert "January 29" in fuzzy[0].msgid
    assert "January 28" in fuzzy[0].previous_msgid
    assert fuzzy[0].msgstr == "RU " + fuzzy[0].previous_msgid
    assert all(e.msgstr == "RU " + e.msgid for e in po if "fuzzy" not in e.flags)
    assert len([e for e in po if not e.obsolete]) == 24
    # The old sentence lives on as the fuzzy entry's #| msgid, not as an obsolete copy too.
    assert [e.msgid for e in po if e.obsolete] == []
    assert msgfmt_check(po_path("ru")).returncode == 0
    assert msgcat_stable(po_path("ru"))


def test_build_lists_gaps_and_exits_1(project, runner) -> None:
    ok(runner, "update", ARTICLE, "--to", "ru")
    po = polib.pofile(str(po_path("ru")))
    for i, e in enumerate(po):
        e.msgstr = "x"
        if i == 2:
            e.flags.append("fuzzy")
        if i == 3:
            e.msgstr = ""
    po.save()
    result = runner.invoke(cli, ["build", ARTICLE, "--to", "ru"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{po_path('ru')}:") and "[fuzzy] Russia Won't" in lines[0]
    assert "[untranslated] Kremlin spokesman" in lines[1]
    assert result.stdout == ""
    assert (
        runner.invoke(cli, ["build", ARTICLE, "--to", "ru", "--fallback", "source"]).exit_code == 0
    )
    fuzzy_ok = runner.invoke(cli, ["build", ARTICLE, "--to", "ru", "--allow-fuzzy"])
    assert fuzzy_ok.exit_code == 1 and "[untranslated]" in fuzzy_ok.stderr


@pytest.mark.parametrize(
    "args,setup,message",
    [
        (["extract", "missing.txt"], None, "localize: missing.txt: no such file\n"),
        (["extract", "examples"], None, "localize: examples: is a directory, not an article\n"),
        (
            ["extract", "bad.txt"],
            b"Fine line.\n\nBad \xff byte.\n",
            "localize: bad.txt:3: invalid UTF-8 at line 3, byte offset 16\n",
        ),
        (["update", "bad.txt", "--to", "ru"], b"\n\n", "localize: bad.txt: empty article\n"),
        (
            ["update", ARTICLE, "--to", "ru,zz"],
            None,
            # Close codes come from Babel's locale list, which grows (lzz in CLDR 47): whatever
            # it suggests must be a real code, in our wording.
            re.compile(
                r"localize: unknown language code 'zz'(; did you mean (?P<close>[\w, ]+)\?)? "
                r"\(codes are CLDR identifiers, e\.g\. ru, uk, pt_BR\)\n"
            ),
        ),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(project, runner, args, setup, message):
    if setup is not None:
        Path("bad.txt").write_bytes(setup)
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    if isinstance(message, str):
        assert result.stderr == message
    else:
        m = message.fullmatch(result.stderr)
        assert m is not None, result.stderr
        from localize.lang import check_locale

        close = m.group("close")
        for code in close.split(", ") if close else []:
            assert check_locale(code) == code  # a suggestion is itself a valid code
    assert not Path("locales").exists() or not any(Path("locales").rglob("*.po*"))
