"""Template extraction and msgmerge-style updates, on catalog objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import polib

from localize.catalog import extract, is_translated, set_own_comments, update

NOW = datetime(2026, 2, 16, 9, 30, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Seg:
    text: str
    kind: str
    line: int


def pot_of(*segs: Seg) -> polib.POFile:
    return extract(segs, ref_path="a.txt", project="a", now=NOW)


def test_same_sentence_twice_is_one_entry_with_both_references() -> None:
    pot = pot_of(
        Seg("Caption.", "caption", 7), Seg("Caption.", "caption", 8), Seg("Body.", "paragraph", 10)
    )
    assert [e.msgid for e in pot] == ["Caption.", "Body."]
    assert pot[0].occurrences == [("a.txt", "7"), ("a.txt", "8")]
    assert pot[0].comment == "caption"
    assert pot[1].comment == ""


def test_template_header() -> None:
    pot = pot_of(Seg("Hi.", "paragraph", 1))
    assert pot.metadata["POT-Creation-Date"] == "2026-02-16 09:30+0000"
    assert pot.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert pot.metadata["X-Generator"].startswith("localize ")
    assert pot.metadata["Project-Id-Version"] == "a"


def test_new_catalog_header_from_cldr() -> None:
    po = update(pot_of(Seg("Hi.", "paragraph", 1)), None, lang="ru", now=NOW)
    assert po.metadata["Language"] == "ru"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert po.metadata["Language-Team"] == "Russian (русский)"
    assert po.metadata["PO-Revision-Date"] == "2026-02-16 09:30+0000"
    assert [e.msgstr for e in po] == [""]


def translated(po: polib.POFile, **tr: str) -> polib.POFile:
    for e in po:
        e.msgstr = tr.get(e.msgid, e.msgstr)
    return po


def test_unchanged_sentences_keep_translation_and_changed_one_becomes_fuzzy() -> None:
    old = translated(
        update(
            pot_of(Seg("Peskov spoke on Feb. 15.", "paragraph", 1), Seg("Hello.", "paragraph", 3)),
            None,
            lang="ru",
            now=NOW,
        ),
        **{"Peskov spoke on Feb. 15.": "Песков выступил 15 февраля.", "Hello.": "Привет."},
    )
    new = update(
        pot_of(Seg("Peskov spoke on Feb. 16.", "paragraph", 1), Seg("Hello.", "paragraph", 3)),
        old,
        lang="ru",
        now=NOW,
    )
    changed, same = new[0], new[1]
    assert same.msgstr == "Привет." and "fuzzy" not in same.flags
    assert changed.msgstr == "Песков выступил 15 февраля."
    assert changed.flags == ["fuzzy"]
    assert changed.previous_msgid == "Peskov spoke on Feb. 15."


def test_removed_sentence_becomes_obsolete_and_comes_back() -> None:
    old = translated(
        update(pot_of(Seg("Gone soon.", "paragraph", 1)), None, lang="de", now=NOW),
        **{"Gone soon.": "Bald weg."},
    )
    new = update(pot_of(Seg("Something else entirely", "paragraph", 1)), old, lang="de", now=NOW)
    assert [(e.msgid, e.obsolete) for e in new] == [
        ("Something else entirely", False),
        ("Gone soon.", True),
    ]
    back = update(pot_of(Seg("Gone soon.", "paragraph", 1)), new, lang="de", now=NOW)
    assert [(e.msgid, e.msgstr, e.obsolete) for e in back] == [("Gone soon.", "Bald weg.", False)]


def test_reviewed_entry_keeps_flags_and_comments_and_header() -> None:
    old = update(pot_of(Seg("Hi.", "paragraph", 1)), None, lang="uk", now=NOW)
    old[0].msgstr = "Привіт."
    old[0].tcomment = "checked by desk"
    old.metadata["Last-Translator"] = "Editor <ed@example.org>"
    new = update(pot_of(Seg("Hi.", "heading", 5)), old, lang="uk", now=NOW)
    assert new[0].msgstr == "Привіт."
    assert new[0].tcomment == "checked by desk"
    assert new[0].occurrences == [("a.txt", "5")]
    assert new[0].comment == "heading"
    assert new.metadata["Last-Translator"] == "Editor <ed@example.org>"


def test_plural_completeness() -> None:
    e = polib.POEntry(msgid="one", msgid_plural="many", msgstr_plural={0: "a", 1: "b", 2: ""})
    assert not is_translated(e)
    e.msgstr_plural[2] = "c"
    assert is_translated(e)


def test_own_comment_lines_replace_only_ours() -> None:
    e = polib.POEntry(msgid="x", tcomment="editor note\nmt: argos en-ru 1.0")
    set_own_comments(e, ["mt: argos en-ru 1.1", 'glossary: "Crimea" → Крым'])
    assert e.tcomment == 'editor note\nmt: argos en-ru 1.1\nglossary: "Crimea" → Крым'
