"""PO format layer: msgcat-identical writer, strict reader with exact error positions."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localize.catalog import dumps, linebreaks, parse_po, read_po, write_catalog
from localize.errors import CatalogError
from tests.conftest import DATA, ROOT, gettext_tool

PO_DATA = DATA / "po"

HEADER = {
    "Project-Id-Version": "news 1.0",
    "Report-Msgid-Bugs-To": "",
    "POT-Creation-Date": "2026-02-16 00:00+0000",
    "PO-Revision-Date": "2026-02-16 00:00+0000",
    "Last-Translator": "localize",
    "Language-Team": "Russian",
    "Language": "ru",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
}


def msgcat(path: Path) -> bytes:
    """What GNU msgcat prints for ``path`` (--force-po: a header-only file prints too)."""
    done = subprocess.run([gettext_tool("msgcat"), "--force-po", str(path)], capture_output=True)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout


def msgfmt_errors(path: Path) -> str:
    done = subprocess.run(
        [gettext_tool("msgfmt"), "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    return "" if done.returncode == 0 else done.stderr


# ------------------------------------------------------------------------------------------
# Realistic text: words from the languages we ship, news punctuation, numbers, escapes.

LETTERS = {
    "en": "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяҐЄІЇ'",
    "de": "abcdefghijklmnopqrstuvwxyzäöüßÄÖÜ",
    "fr": "abcdefghijklmnopqrstuvwxyzéèêàâçœîôûÉÀ",
    "es": "abcdefghijklmnopqrstuvwxyzñáéíóúüÑ",
}
GLUE = [
    " ",
    " ",
    " ",
    " ",
    ", ",
    ". ",
    " — ",
    " – ",
    "-",
    "/",
    ": ",
    "; ",
    "\u00a0",
    "\u202f",
    " «",
    "» ",
    ' "',
    '" ',
    " „",
    "“ ",
    "’",
    "'",
    " (",
    ") ",
    "! ",
    "? ",
    "… ",
    "\n",
    "\\",
    "\t",
    " %",
    "$",
    "€",
    " № ",
    "",
    "  ",
    "¿",
    "¡",
    " https://",
    "_",
]

word = st.one_of(
    st.sampled_from(sorted(LETTERS)).flatmap(
        lambda lang: st.text(alphabet=LETTERS[lang], min_size=1, max_size=14)
    ),
    st.integers(min_value=0, max_value=10**7).map(str),
    st.sampled_from(
        [
            "1,5",
            "3.14",
            "2026",
            "15:30",
            "50%",
            "$20",
            "x-ray",
            "state-run",
            "Ukraine's",
            "l'État",
            "e-mail",
            "www.example.com/news/2026/crimea",
        ]
    ),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz/-.", min_size=60, max_size=100),  # URLs
)


@st.composite
def news_text(draw: st.DrawFn, max_words: int = 40) -> str:
    n = draw(st.integers(min_value=0, max_value=max_words))
    parts = []
    for _ in range(n):
        parts.append(draw(word))
        parts.append(draw(st.sampled_from(GLUE)))
    return "".join(parts[: max(0, len(parts) - draw(st.integers(0, 1)))])


def _match_newlines(msgid: str, msgstr: str) -> str:
    """msgfmt -c wants msgid and msgstr to agree on a leading and a trailing newline."""
    msgstr = msgstr.strip("\n") or "x"
    if msgid.startswith("\n"):
        msgstr = "\n" + msgstr
    if msgid.endswith("\n"):
        msgstr += "\n"
    return msgstr


def _comment_text(text: str) -> str:
    """One comment line; gettext joins a line ending in a backslash with the next one."""
    return text.replace("\n", " ").rstrip("\\")


@st.composite
def entries(draw: st.DrawFn, index: int) -> polib.POEntry:
    msgid = draw(news_text()) or f"empty {index}"
    translated = draw(st.booleans())
    e = polib.POEntry(msgid=msgid, msgstr="")
    if draw(st.integers(0, 4)) == 0:
        e.msgid_plural = _match_newlines(msgid, draw(news_text(10)) or "plural")
        e.msgstr_plural = {
            k: (
                _match_newlines(e.msgid_plural if k else msgid, draw(news_text()))
                if translated
                else ""
            )
            for k in range(3)
        }
    elif translated:
        e.msgstr = _match_newlines(msgid, draw(news_text(60)))
    if draw(st.booleans()):
        e.msgctxt = draw(news_text(5))
    if draw(st.booleans()):
        e.tcomment = "\n".join(draw(st.lists(news_text(8).map(_comment_text), max_size=3)))
    if draw(st.booleans()):
        e.comment = _comment_text(draw(news_text(6)))
    e.occurrences = [
        (
            draw(st.sampled_from(["examples/a.txt", "./news/long-article-name.txt", "b"])),
            draw(st.sampled_from(["", "1", "42", "12345"])),
        )
        for _ in range(draw(st.integers(0, 12)))
    ]
    if translated and draw(st.booleans()):
        e.flags = ["fuzzy"]
        if draw(st.booleans()):
            e.previous_msgid = draw(news_text())
            if draw(st.booleans()):
                e.previous_msgctxt = draw(news_text(4))
    if draw(st.integers(0, 6)) == 0:
        e.obsolete = True
        if not (e.msgstr or e.msgstr_plural):
            e.msgstr = "x"
    return e


@st.composite
def catalogs(draw: st.DrawFn) -> polib.POFile:
    po = polib.POFile(wrapwidth=79)
    po.metadata = dict(HEADER)
    po.metadata_is_fuzzy = draw(st.booleans())
    po.header = draw(
        st.sampled_from(
            [
                "",
                "Russian translation of the news.\nSecond line.",
                "Copyright (C) 2026\n\nEmpty line above.",
            ]
        )
    )
    seen: set[tuple[str | None, str]] = set()
    for i in range(draw(st.integers(0, 12))):
        e = draw(entries(i))
        key = (e.msgctxt, e.msgid)
        if key not in seen:
            seen.add(key)
            po.append(e)
    return po


SLOW = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SLOW
@given(po=catalogs())
def test_msgcat_prints_our_output_unchanged(po: polib.POFile, tmp_path_factory) -> None:
    path = tmp_path_factory.mktemp("cat") / "news.po"
    write_catalog(po, path)
    assert msgcat(path).decode("utf-8") == path.read_text(encoding="utf-8")
    assert msgfmt_errors(path) == ""


@SLOW
@given(po=catalogs())
def test_dumps_parse_dumps_is_identity(po: polib.POFile) -> None:
    text = dumps(po)
    assert dumps(parse_po(text)) == text
    assert dumps(parse_po(text.encode("utf-8"))) == text


@settings(max_examples=40, deadline=None)
@given(
    msgid=news_text(30),
    flag=st.sampled_from(["c-format", "python-format", "no-wrap", "no-c-format"]),
    directives=st.lists(
        st.sampled_from(["%s", "%d", "%5.2f", "%(name)s", "%%", "%-10s"]), max_size=6
    ),
)
def test_format_flags_keep_msgcat_layout(msgid, flag, directives, tmp_path_factory) -> None:
    text = " ".join([msgid, *directives, msgid])
    po = polib.POFile()
    po.metadata = dict(HEADER)
    po.append(polib.POEntry(msgid=text or "x", msgstr="", flags=[flag]))
    path = tmp_path_factory.mktemp("fmt") / "fmt.po"
    write_catalog(po, path)
    assert msgcat(path).decode("utf-8") == path.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------
# Fixtures: files written by hand in gettext's own layout stay byte-identical.

WRITER_CASES = sorted((PO_DATA / "msgcat").glob("*.po"))


@pytest.mark.parametrize("path", WRITER_CASES, ids=[p.stem for p in WRITER_CASES])
def test_fixture_is_msgcat_stable_and_we_print_it_identically(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert dumps(read_po(path)) == text
    assert msgcat(path).decode("utf-8") == text


def test_sample_article_catalog_is_msgcat_identical(sample: Path, tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = dict(HEADER)
    paragraphs = dict.fromkeys(
        p for p in sample.read_text(encoding="utf-8").split("\n") if p.strip()
    )
    for n, para in enumerate(paragraphs, start=1):
        po.append(polib.POEntry(msgid=para, msgstr="", occurrences=[(sample.name, str(n))]))
    path = tmp_path / "sample.po"
    write_catalog(po, path)
    assert msgcat(path) == path.read_bytes()


def test_writer_normalizes_like_msgcat() -> None:
    po = parse_po(
        "#foo\n#.x\n#: ./a.c:1 ./a.c:1 b\n#, wrap, fuzzy, custom, python-format\n"
        'msgid "a"\nmsgstr "b"\n\n#, fuzzy\nmsgid "untranslated"\nmsgstr ""\n\n'
        '#~ msgid "gone"\n#~ msgstr ""\n'
    )
    assert dumps(po) == (
        'msgid ""\nmsgstr ""\n\n# foo\n#. x\n#: a.c:1 b\n#, fuzzy, python-format\n'
        'msgid "a"\nmsgstr "b"\n\nmsgid "untranslated"\nmsgstr ""\n'
    )


def test_wrap_breaks_after_spaces_not_inside_escapes() -> None:
    po = polib.POFile()
    long = 'Песков заявил: «Мы не будем это обсуждать» — "Крым" это вопрос ' * 2
    po.append(polib.POEntry(msgid="x", msgstr=long.strip() + "\nновая строка"))
    assert dumps(po).split("\n\n")[1] == (
        'msgid "x"\n'
        'msgstr ""\n'
        '"Песков заявил: «Мы не будем это обсуждать» — \\"Крым\\" это вопрос Песков "\n'
        '"заявил: «Мы не будем это обсуждать» — \\"Крым\\" это вопрос\\n"\n'
        '"новая строка"\n'
    )


def test_linebreaks_counts_display_columns() -> None:
    text = list("ab cd ef")
    assert linebreaks(text, 5, 0) == [0, 0, 0, 1, 0, 0, 0, 0]
    assert linebreaks(text, 80, 0) == [0] * 8


def test_write_catalog_is_atomic_and_leaves_no_temp_file(tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = dict(HEADER)
    path = tmp_path / "ru.po"
    path.write_text("old", encoding="utf-8")
    write_catalog(po, path)
    assert path.read_text(encoding="utf-8") == dumps(po)
    assert [p.name for p in tmp_path.iterdir()] == ["ru.po"]


# ------------------------------------------------------------------------------------------
# Reader: every quirk has a file; invalid ones carry their exact message.

INVALID = {
    "context_separator": "7: context separator <EOT> within string",
    "duplicate_entry": "9: duplicate message definition (first defined at line 6)",
    "duplicate_entry_with_context": "11: duplicate message definition (first defined at line 7)",
    "duplicate_of_obsolete_entry": "8: duplicate message definition (first defined at line 5)",
    "indexed_msgstr_without_plural": "7: msgstr[0] without msgid_plural",
    "invalid_escape": "7: invalid escape sequence '\\q' in string",
    "invalid_utf8": "7: invalid UTF-8 at byte offset 213",
    "msgid_without_msgstr": "6: msgid without msgstr",
    "msgstr_without_msgid": "7: msgstr without msgid",
    "plural_index_gap": "9: msgstr[2] out of order, expected msgstr[1]",
    "plural_without_indexed_msgstr": "8: msgid_plural requires msgstr[0], not msgstr",
    "unknown_keyword": "7: unknown keyword 'msgstring'",
    "unterminated_continuation": "8: unterminated string",
    "unterminated_string": "6: unterminated string",
}


def test_every_invalid_fixture_has_an_expected_message() -> None:
    assert sorted(p.stem for p in (PO_DATA / "invalid").glob("*.po")) == sorted(INVALID)


@pytest.mark.parametrize("quirk", sorted(INVALID))
def test_invalid_fixture_is_rejected_with_exact_position(quirk: str) -> None:
    path = PO_DATA / "invalid" / f"{quirk}.po"
    with pytest.raises(CatalogError) as info:
        read_po(path)
    assert str(info.value) == f"{path}:{INVALID[quirk]}"
    with pytest.raises(CatalogError) as info:
        parse_po(path.read_bytes(), path="ru.po")
    assert str(info.value) == f"ru.po:{INVALID[quirk]}"


@pytest.mark.parametrize("quirk", sorted(INVALID))
def test_gettext_also_rejects_invalid_fixture(quirk: str) -> None:
    path = PO_DATA / "invalid" / f"{quirk}.po"
    assert msgfmt_errors(path) != ""


VALID = sorted((PO_DATA / "valid").glob("*.po"))


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_fixture_is_accepted_and_round_trips(path: Path) -> None:
    po = read_po(path)
    assert po.metadata["Content-Type"].startswith("text/plain; charset=")
    assert [e.msgid for e in po if not e.obsolete][0] in ("hello", "%d file", "Open", "café")
    text = dumps(po)
    assert dumps(parse_po(text)) == text


def test_a_bare_cr_inside_a_comment_is_part_of_it_as_msgcat_reads_it() -> None:
    path = PO_DATA / "valid" / "comment_with_a_bare_cr.po"
    [entry] = read_po(path)
    assert entry.tcomment == "a translator comment\rwith a bare carriage return inside it"
    assert dumps(read_po(path)).encode("utf-8") == msgcat(path) == path.read_bytes()


def test_valid_fixtures_read_their_strings() -> None:
    for name in (
        "utf8_bom",
        "crlf",
        "cr_only",
        "tab_indentation",
        "header_not_first",
        "no_trailing_newline",
    ):
        po = read_po(PO_DATA / "valid" / f"{name}.po")
        assert [(e.msgid, e.msgstr) for e in po] == [("hello", "привет")], name
    obsolete = read_po(PO_DATA / "valid" / "obsolete_entries.po")
    gone = [e for e in obsolete if e.obsolete]
    assert [(e.msgid, e.msgstr, e.previous_msgid, e.flags) for e in gone] == [
        ("gone", "ушло", "old", ["fuzzy"])
    ]
    plurals = read_po(PO_DATA / "valid" / "plurals.po")[0]
    assert plurals.msgstr_plural == {0: "%d файл", 1: "%d файла", 2: "%d файлов"}
    assert plurals.previous_msgid_plural == "%d old files"
    assert read_po(PO_DATA / "valid" / "latin1_charset.po")[0].msgstr == "café"


def test_a_plural_count_other_than_the_headers_is_read_as_gettext_reads_it() -> None:
    from localize.review import CatalogInput, check_catalog

    path = PO_DATA / "valid" / "plural_count_differs_from_header.po"
    [entry] = read_po(path)
    assert entry.msgstr_plural == {0: "%d файл", 1: "%d файла"}
    assert msgfmt_errors(path) != ""  # only msgfmt -c objects; msgcat and msgfmt read it
    c = CatalogInput(read_po(path), "ru", str(path), path.read_text(encoding="utf-8"))
    assert [str(f) for f in check_catalog(c, select=["plurals"])] == [
        f"{path}:8: [plurals] 2 plural forms, but the header's Plural-Forms has nplurals=3"
    ]


def test_missing_file_is_a_catalog_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"nope\.po: no such file$"):
        read_po(tmp_path / "nope.po")


# ------------------------------------------------------------------------------------------
# Two readers: the fast one takes files in the usual layout and must agree with the strict
# line reader exactly, or step aside (None) and leave the file, and its defects, to it.


def _both(text: str) -> tuple[object, object]:
    from localize.catalog.read import _entries_fast, _entries_slow

    try:
        slow: object = [(vars(e), a, b) for e, a, b in _entries_slow(text, "t.po")]
    except CatalogError as exc:
        slow = exc
    fast = _entries_fast(text)
    return (None if fast is None else [(vars(e), a, b) for e, a, b in fast]), slow


ALL_PO = sorted(PO_DATA.glob("*/*.po")) + sorted((ROOT / "locales").glob("**/*.po*"))


@pytest.mark.parametrize("path", ALL_PO, ids=[f"{p.parent.name}/{p.stem}" for p in ALL_PO])
def test_fast_reader_agrees_or_steps_aside_on_every_fixture(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
    fast, slow = _both(text)
    assert fast is None or fast == slow


def test_catalogs_localize_writes_take_the_fast_path() -> None:
    from localize.catalog.read import _entries_fast

    for path in sorted((ROOT / "locales").glob("*/LC_MESSAGES/*.po")):
        assert _entries_fast(path.read_text(encoding="utf-8")) is not None, path
    # After the article changed: a fuzzy suggestion with its previous msgid (#|), and the old
    # sentence kept as obsolete (#~).
    from localize.catalog import update

    pot = polib.POFile()
    pot.append(polib.POEntry(msgid="Talks resumed on Monday in Geneva.", msgstr=""))
    old_po = polib.POFile()
    old_po.append(polib.POEntry(msgid="Talks resumed on Monday.", msgstr="Переговоры шли."))
    old_po.append(polib.POEntry(msgid="A sentence since cut.", msgstr="Вычеркнутое предложение."))
    text = dumps(update(pot, old_po, lang="ru"))
    assert "#| msgid" in text and "#~ msgid" in text
    fast, slow = _both(text)
    assert fast is not None and fast == slow


MUTATIONS = [
    lambda lines, i: lines[:i] + lines[i + 1 :],  # a line lost
    lambda lines, i: lines[: i + 1] + lines[i:],  # a line doubled
    lambda lines, i: lines[:i] + [" " + lines[i]] + lines[i + 1 :],  # indented
    lambda lines, i: lines[:i] + [lines[i] + " "] + lines[i + 1 :],  # trailing blank
    lambda lines, i: lines[:i] + [lines[i].replace('"', '"\\q', 1)] + lines[i + 1 :],
    lambda lines, i: lines[:i] + [lines[i].replace("msgstr ", "msgstr[0] ")] + lines[i + 1 :],
    lambda lines, i: lines[:i] + ["#~ " + lines[i]] + lines[i + 1 :],
    lambda lines, i: lines[:i] + [lines[i].replace(" ", "  ", 1)] + lines[i + 1 :],
    lambda lines, i: lines[:i] + [lines[i][:-1]] + lines[i + 1 :],  # closing quote cut
    lambda lines, i: lines[:i] + ['"continued"'] + lines[i:],
]


@SLOW
@given(po=catalogs(), data=st.data())
def test_fast_reader_agrees_with_the_strict_one(po: polib.POFile, data: st.DataObject) -> None:
    text = dumps(po)
    fast, slow = _both(text)
    assert fast == slow or (fast is None and "#~|" in text)  # obsolete previous: strict reader
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.integers(0, max(0, len(lines) - 2)))
        lines = data.draw(st.sampled_from(MUTATIONS))(lines, i)
    fast, slow = _both("\n".join(lines))
    assert fast is None or fast == slow
