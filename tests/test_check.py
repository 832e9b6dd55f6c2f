"""The CI gate and status on real catalogs, compared with GNU msgfmt."""

from __future__ import annotations

import gettext
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize.cli import cli
from localize.review import CHECKS
from tests.conftest import gettext_tool

ARTICLE = "examples/russia-wont-discuss-crimea.txt"
PO = Path("locales/ru/LC_MESSAGES/russia-wont-discuss-crimea.po")


def run(runner: CliRunner, *args: str):
    return runner.invoke(cli, list(args))


@pytest.fixture
def translated(project: Path, runner: CliRunner) -> Path:
    """ru and uk catalogs of the sample, every entry 'translated' (numbers and terms kept)."""
    assert run(runner, "update", ARTICLE).exit_code == 0
    for lang in ("ru", "uk"):
        path = Path(f"locales/{lang}/LC_MESSAGES/russia-wont-discuss-crimea.po")
        po = polib.pofile(str(path))
        for e in po:
            e.msgstr = "«" + e.msgid + "»"
        po.save()
    return project


def gate(runner: CliRunner, *extra: str):
    return run(runner, "check", "--ignore", "glossary,language", *extra)


def test_one_fuzzy_entry_fails_at_its_line_and_clearing_it_passes(translated, runner) -> None:
    assert gate(runner).exit_code == 0
    po = polib.pofile(str(PO))
    po[5].flags.append("fuzzy")
    po.save()
    result = gate(runner)
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    lines = PO.read_text(encoding="utf-8").splitlines()
    msgstr_line = next(
        i + 1 for i in range(po[5].linenum - 1, len(lines)) if lines[i].startswith("msgstr")
    )
    assert line.startswith(f"{PO}:{msgstr_line}: [fuzzy] fuzzy (not reviewed): ")
    po = polib.pofile(str(PO))
    po[5].flags.remove("fuzzy")
    po.save()
    assert gate(runner).exit_code == 0


def test_missing_catalog_and_untranslated(project, runner) -> None:
    run(runner, "update", ARTICLE, "--to", "ru")
    result = gate(runner, "--select", "missing,untranslated")
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    assert out[-1] == (
        "locales/uk/LC_MESSAGES/russia-wont-discuss-crimea.po: [missing] no uk catalog for "
        f"{ARTICLE} (run localize update for uk)"
    )
    assert sum("[untranslated]" in x for x in out) == 24


@pytest.mark.parametrize(
    "msgid,msgstr,lang,codes",
    [
        ("In 1987, 100 countries.", "В 1987 году 100 стран.", "ru", []),
        ("In 1987, 100 countries.", "В 1988 году сто стран.", "ru", ["numbers", "numbers"]),
        ("It grew 1.5 times.", "Он вырос в 1,5 раза.", "ru", []),
        ("It cost 10,000 euros.", "Es kostete 10.000 Euro.", "de", []),
        ("It cost 10,000 euros.", "Это стоило 10\u00a0000 евро.", "ru", []),
        ("See https://example.org/a.", "См. https://example.org/a.", "ru", []),
        ("See https://example.org/a.", "См. сайт.", "ru", ["urls"]),
        ("Write to desk@example.org now.", "Пишите на desk@example.org.", "ru", []),
        ("Breaking News", "Breaking News", "ru", ["same"]),
        (
            "Russia has been and remains committed to its international commitments.",
            "Russia has been and remains committed to its international obligations.",
            "ru",
            ["language"],
        ),
    ],
)
def test_content_checks(tmp_path, msgid, msgstr, lang, codes) -> None:
    from localize.catalog import read_po
    from localize.review import CatalogInput, check_catalog

    po = polib.POFile()
    po.metadata = {"Language": lang, "Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    path = tmp_path / "c.po"
    po.save(str(path))
    c = CatalogInput(read_po(path), lang, "c.po", path.read_text())
    got = [f.code for f in check_catalog(c, select=["numbers", "urls", "same", "language"])]
    assert got == codes


def test_outdated_when_the_article_changes(translated, runner) -> None:
    text = Path(ARTICLE).read_text(encoding="utf-8")
    Path(ARTICLE).write_text(text.replace("click here.", "click here now."), encoding="utf-8")
    result = gate(runner, "--select", "outdated")
    assert result.exit_code == 1
    assert (
        "[outdated] sentence missing from the catalog (run localize update): "
        "'To find out more, click here now.'" in result.stdout
    )


def test_malformed_catalog_is_a_finding_and_never_rewritten(translated, runner) -> None:
    PO.write_text(
        PO.read_text(encoding="utf-8") + '\nmsgid "x"\nmsgstr "unterminated\n', encoding="utf-8"
    )
    before = PO.read_bytes(), PO.stat().st_mtime_ns
    result = gate(runner)
    assert result.exit_code == 1
    assert re.search(rf"^{re.escape(str(PO))}:\d+: \[syntax\] ", result.stdout, re.M)
    assert "Traceback" not in result.output
    run(runner, "status")
    assert (PO.read_bytes(), PO.stat().st_mtime_ns) == before


def test_unknown_check_is_a_usage_error(project, runner) -> None:
    result = run(runner, "check", "--select", "spelling")
    assert result.exit_code == 2
    assert result.stderr == f"localize: unknown check 'spelling' (known: {', '.join(CHECKS)})\n"


def test_list_names_every_check(runner) -> None:
    out = run(runner, "check", "--list").stdout
    assert [line.split()[0] for line in out.splitlines()] == list(CHECKS)


def test_json_and_junit(translated, runner) -> None:
    po = polib.pofile(str(PO))
    po[0].msgstr = ""
    po.save()
    data = json.loads(gate(runner, "--format", "json").stdout)
    assert data["ok"] is False and data["catalogs"] == 2
    assert [(f["code"], f["path"]) for f in data["findings"]] == [("untranslated", str(PO))]
    root = ET.fromstring(gate(runner, "--format", "junit").stdout.split("?>", 1)[1])
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert suites["ru"].get("failures") == "1" and suites["uk"].get("failures") == "0"


def msgfmt_stats(path: Path) -> tuple[int, int, int]:
    err = subprocess.run(
        [gettext_tool("msgfmt"), "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    ).stderr

    def n(word: str) -> int:
        m = re.search(rf"(\d+) {word}", err)
        return int(m.group(1)) if m else 0

    return n("translated"), n("fuzzy"), n("untranslated")


def test_status_counts_equal_msgfmt(translated, runner) -> None:
    po = polib.pofile(str(PO))
    po[1].flags.append("fuzzy")
    po[2].msgstr = ""
    po[3].flags.append("fuzzy")
    po[3].msgstr = ""
    po.append(
        polib.POEntry(msgid="%d c", msgid_plural="%d cs", msgstr_plural={0: "a", 1: "b", 2: ""})
    )
    po.append(polib.POEntry(msgid="gone", msgstr="ушло", obsolete=True))
    po.save()
    data = json.loads(run(runner, "status", "--format", "json").stdout)
    ru = next(r for r in data if r["lang"] == "ru")
    stats = ru["stats"]
    assert (stats["translated"], stats["fuzzy"], stats["untranslated"]) == msgfmt_stats(PO)
    assert stats["obsolete"] == 1 and stats["incomplete_plurals"] == 1
    assert ru["language"] == "ru — Russian (русский)"
    assert stats["percent"] == round(100 * (stats["translated"] - 1) / stats["total"], 1)
    text = run(runner, "status").stdout
    assert text.splitlines()[0] == "ru — Russian (русский)"


def test_compile_leaves_fuzzy_out(translated, runner) -> None:
    po = polib.pofile(str(PO))
    po[0].flags.append("fuzzy")
    po.save()
    assert run(runner, "compile", "--locale", "ru").exit_code == 0
    with PO.with_suffix(".mo").open("rb") as fh:
        tr = gettext.GNUTranslations(fh)
    assert tr.gettext("Breaking News") == "«Breaking News»"
    assert tr.gettext("Accessibility links") == "Accessibility links"  # fuzzy: not used


LANGS = st.sampled_from(["ru", "uk", "de", "fr", "es", "ar", "ja"])
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
)


@st.composite
def catalogs(draw):
    po = polib.POFile()
    lang = draw(LANGS)
    po.metadata = {
        "Language": draw(st.sampled_from([lang, "xx", ""])),
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": draw(st.sampled_from(["nplurals=2; plural=(n != 1);", "", "x"])),
    }
    seen = set()
    for _ in range(draw(st.integers(0, 6))):
        msgid = draw(TEXT.filter(bool))
        if msgid in seen:
            continue
        seen.add(msgid)
        if draw(st.booleans()):
            entry = polib.POEntry(
                msgid=msgid,
                msgid_plural=msgid + "s",
                msgstr_plural={i: draw(TEXT) for i in range(draw(st.integers(1, 4)))},
            )
        else:
            entry = polib.POEntry(msgid=msgid, msgstr=draw(TEXT))
        entry.flags = draw(
            st.lists(st.sampled_from(["fuzzy", "c-format"]), max_size=2, unique=True)
        )
        entry.obsolete = draw(st.booleans()) and not entry.msgid_plural
        po.append(entry)
    return lang, po


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
@given(catalogs())
def test_check_never_crashes_on_generated_catalogs(tmp_path, case) -> None:
    from localize.catalog import read_po
    from localize.errors import LocalizeError
    from localize.glossary import load_glossaries
    from localize.review import CatalogInput, catalog_stats, check_catalog

    lang, po = case
    path = tmp_path / "g.po"
    po.save(str(path))
    try:
        parsed = read_po(path)
    except LocalizeError:
        return  # rejected with path:line is fine; a traceback is not
    glossary = load_glossaries([Path(__file__).parent.parent / "glossaries" / "news.csv"])
    c = CatalogInput(parsed, lang, "g.po", path.read_text(encoding="utf-8"), ["x"], None, glossary)
    for f in check_catalog(c, ignore=["language"]):
        assert f.code in CHECKS and f.path == "g.po"
    catalog_stats(parsed, lang)


# ------------------------------------------------------------------------------------------
# msgfmt: libgettextpo (msgfmt's own checks, in process) decides, msgfmt words the findings.

MSGFMT_DATA = Path(__file__).resolve().parent / "data" / "po" / "msgfmt"
MSGFMT = {
    "c_format_mismatch": [
        (12, "format specifications in 'msgid' and 'msgstr' for argument 1 are not the same")
    ],
    "fuzzy_entry_not_checked": [],
    "newline_at_end_mismatch": [(11, "'msgid' and 'msgstr' entries do not both end with '\\n'")],
    "newline_at_start_mismatch": [
        (11, "'msgid' and 'msgstr' entries do not both begin with '\\n'")
    ],
    "plural_expression_invalid": [(2, "invalid plural expression")],
    "plural_expression_out_of_range": [
        (2, "nplurals = 2 but plural expression can produce values as large as 2")
    ],
    "plural_forms_missing": [
        (8, "message catalog has plural form translations..."),
        (2, '...but header entry lacks a "plural=EXPRESSION" attribute'),
        (2, '...but header entry lacks a "nplurals=INTEGER" attribute'),
    ],
    # msgfmt cuts the directive inside a UTF-8 sequence; the finding must still be read.
    "python_brace_format_mismatch": [
        (
            12,
            "'msgstr' is not a valid Python brace format string, unlike 'msgid'. "
            "Reason: In the directive number 0, '\ufffd' cannot start a field name.",
        )
    ],
}
ALL_FIXTURES = sorted((Path(__file__).resolve().parent / "data" / "po").glob("*/*.po"))
FIXTURE_IDS = [f"{p.parent.name}/{p.stem}" for p in ALL_FIXTURES]


def msgfmt_findings(path: Path) -> list[tuple[int | None, str]]:
    from localize.review import CatalogInput

    c = CatalogInput(polib.POFile(), "ru", str(path))
    return [(f.line, f.message) for f in CHECKS["msgfmt"].run(c)]


def test_every_msgfmt_fixture_has_expected_findings() -> None:
    assert sorted(p.stem for p in MSGFMT_DATA.glob("*.po")) == sorted(MSGFMT)


@pytest.mark.parametrize("quirk", sorted(MSGFMT))
def test_msgfmt_findings_by_libgettextpo_and_by_processes_alone(quirk, monkeypatch) -> None:
    from localize.catalog import gettextpo as gettextpo
    from tests.conftest import require_gettextpo

    require_gettextpo()
    gettext_tool("msgfmt")
    path = MSGFMT_DATA / f"{quirk}.po"
    assert msgfmt_findings(path) == MSGFMT[quirk]
    monkeypatch.setattr(gettextpo, "available", lambda: False)  # a msgfmt process per file
    assert msgfmt_findings(path) == MSGFMT[quirk]


def test_without_msgfmt_the_library_words_the_findings(monkeypatch) -> None:
    from localize.review import msgfmt
    from tests.conftest import require_gettextpo

    require_gettextpo()
    monkeypatch.setattr(msgfmt, "_which", lambda name: None)
    assert msgfmt_findings(MSGFMT_DATA / "newline_at_end_mismatch.po") == [
        (11, "'msgid' and 'msgstr' entries do not both end with '\\n'")
    ]
    assert msgfmt_findings(MSGFMT_DATA / "fuzzy_entry_not_checked.po") == []


@pytest.mark.parametrize(
    "path", ALL_FIXTURES, ids=[f"{p.parent.name}/{p.stem}" for p in ALL_FIXTURES]
)
def test_libgettextpo_rejects_exactly_what_msgfmt_rejects(path: Path) -> None:
    from localize.catalog import gettextpo as gettextpo
    from tests.conftest import require_gettextpo

    require_gettextpo()
    done = subprocess.run(
        [gettext_tool("msgfmt"), "-c", "-o", "/dev/null", str(path)], capture_output=True
    )
    assert bool(gettextpo.check_file(str(path))) == (done.returncode != 0)


def test_a_msgfmt_finding_fails_the_gate_at_its_line(translated, runner) -> None:
    text = PO.read_text(encoding="utf-8")
    msgid = 'msgid "To find out more, click here."'
    assert msgid in text
    lines = text.split("\n")
    at = lines.index(msgid)
    lines[at] = 'msgid "To find out more, click here.\\n"'
    PO.write_text("\n".join(lines), encoding="utf-8")
    result = gate(runner, "--select", "msgfmt")
    assert result.exit_code == 1
    assert lines[at + 1].startswith("msgstr ")  # where msgfmt reports it
    assert result.stdout == (
        f"{PO}:{at + 2}: [msgfmt] 'msgid' and 'msgstr' entries do not both end with '\\n'\n"
    )


# ------------------------------------------------------------------------------------------
# language: only where langdetect has a profile; elsewhere it names a neighbour.


@pytest.mark.parametrize(
    "lang,text",
    [
        (
            "kk",
            "Қазақстан Республикасының Президенті бүгін Астанада шетелдік инвесторлармен "
            "кездесіп, экономикалық ынтымақтастықты талқылады.",
        ),
        (
            "bs",
            "Predsjednik je danas u Sarajevu razgovarao sa stranim investitorima o "
            "ekonomskoj saradnji i novim projektima.",
        ),
        (
            "ka",
            "საქართველოს პრეზიდენტი დღეს თბილისში უცხოელ ინვესტორებს შეხვდა და "
            "ეკონომიკური თანამშრომლობა განიხილა.",
        ),
    ],
)
def test_language_check_is_silent_where_langdetect_cannot_tell(lang, text) -> None:
    from localize.detect import detect_language, profile_name
    from localize.review import CatalogInput, check_catalog

    assert detect_language(text, confidence=0.9) not in (None, lang)  # what it must not report
    assert profile_name(lang) is None
    po = polib.POFile()
    po.append(polib.POEntry(msgid="The president met foreign investors today.", msgstr=text))
    assert check_catalog(CatalogInput(po, lang, "c.po"), select=["language"]) == []


# ------------------------------------------------------------------------------------------
# The template records what it was made from: check trusts a fresh one, not a stale one.


def test_check_does_not_segment_an_article_whose_template_is_fresh(project, runner, monkeypatch):
    from localize.review import gate as walk

    assert run(runner, "update", ARTICLE).exit_code == 0
    pot = Path("locales/russia-wont-discuss-crimea.pot")
    assert polib.pofile(str(pot)).metadata["X-Localize-Source-Digest"].startswith("sha256:")
    assert "X-Localize-" not in PO.read_text(encoding="utf-8")

    def no_segmenting(paths):
        assert list(paths) == []
        return {}

    monkeypatch.setenv("LOCALIZE_CACHE_DIR", "")
    monkeypatch.setattr(walk, "_articles_sentences", no_segmenting)
    result = gate(runner, "--select", "outdated")
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize("stale", ["article", "template"])
def test_a_stale_template_sends_check_back_to_the_article(project, runner, monkeypatch, stale):
    assert run(runner, "update", ARTICLE).exit_code == 0
    pot = Path("locales/russia-wont-discuss-crimea.pot")
    if stale == "article":
        text = Path(ARTICLE).read_text(encoding="utf-8")
        Path(ARTICLE).write_text(text.replace("click here.", "click here now."), encoding="utf-8")
    else:  # a sentence dropped from the template by hand, the digest left as it was
        text = pot.read_text(encoding="utf-8")
        cut = text.index('msgid "To find out more, click here."')
        pot.write_text(text[: text.rindex("\n\n", 0, cut)] + "\n", encoding="utf-8")
        po = polib.pofile(str(PO))
        po.remove(po.find("To find out more, click here."))
        po.save()
    monkeypatch.setenv("LOCALIZE_CACHE_DIR", "")
    result = gate(runner, "--select", "outdated")
    assert result.exit_code == 1
    assert "[outdated] sentence missing from the catalog (run localize update): " in result.stdout
    assert "'To find out more, click here" in result.stdout


def test_a_folder_in_place_of_a_catalog_is_a_finding(translated, runner) -> None:
    PO.unlink()
    PO.mkdir()
    result = gate(runner)
    assert result.exit_code == 1
    assert result.stdout == f"{PO}: [syntax] is a directory, not a catalog\n"
