"""GNU ``msgmerge --previous`` is the oracle for ``update``: the same inputs, entry by entry.

Every difference left is chosen and listed in README ("Merging: where localize differs from
msgmerge"); the comparison below removes exactly those and nothing else.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from localize.catalog import dumps, parse_po, update
from tests.conftest import DATA, gettext_tool

CASES = DATA / "msgmerge"


def msgmerge(old: str, pot: str, tmp: Path) -> str:
    (tmp / "old.po").write_text(old, encoding="utf-8")
    (tmp / "new.pot").write_text(pot, encoding="utf-8")
    subprocess.run(
        [
            gettext_tool("msgmerge"),
            "--previous",
            "-q",
            "-o",
            str(tmp / "out.po"),
            str(tmp / "old.po"),
            str(tmp / "new.pot"),
        ],
        check=True,
    )
    return (tmp / "out.po").read_text(encoding="utf-8")


def ours(old: str, pot: str) -> str:
    return dumps(update(parse_po(pot), parse_po(old), lang="ru"))


def _row(e: polib.POEntry) -> tuple:
    forms = tuple(sorted((int(k), v) for k, v in (e.msgstr_plural or {}).items()))
    return (
        "obsolete" if e.obsolete else "live",
        e.msgctxt,
        e.msgid,
        e.msgid_plural or None,
        e.msgstr if not forms else forms,
        tuple(e.flags),
        (e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural or None),
        e.tcomment or "",
        e.comment or "",
        tuple(e.occurrences) if not e.obsolete else (),
    )


def compare(old: str, pot: str, tmp: Path) -> None:
    """Entries agree one by one (order included), then the files agree byte for byte."""
    theirs_text = msgmerge(old, pot, tmp)
    ours_text = ours(old, pot)
    theirs, mine = parse_po(theirs_text), parse_po(ours_text)
    assert [_row(e) for e in mine] == [_row(e) for e in theirs]
    # Chosen difference: a catalog without Language/Plural-Forms gets them (plural entries
    # need the count); msgmerge leaves the header as it was.
    old_meta = parse_po(old).metadata
    added = [k for k in ("Language", "Plural-Forms") if k not in old_meta]
    assert {k: v for k, v in mine.metadata.items() if k not in added} == theirs.metadata
    if not added:
        assert ours_text == theirs_text


@pytest.mark.parametrize("name", sorted(p.stem for p in CASES.glob("*.pot")))
def test_named_case_agrees_with_msgmerge(name: str, tmp_path: Path) -> None:
    old = (CASES / f"{name}.po").read_text(encoding="utf-8")
    pot = (CASES / f"{name}.pot").read_text(encoding="utf-8")
    compare(old, pot, tmp_path)


def test_sentence_removed_then_restored_agrees_at_each_step(tmp_path: Path) -> None:
    old = (CASES / "news_sentence_removed.po").read_text(encoding="utf-8")
    removed = (CASES / "news_sentence_removed.pot").read_text(encoding="utf-8")
    restored = (CASES / "news_paragraph_moved.pot").read_text(encoding="utf-8")
    compare(old, removed, tmp_path)
    step = ours(old, removed)
    compare(step, restored, tmp_path)
    assert "#~" not in ours(step, restored)


# --- generated cases --------------------------------------------------------------------------

WORDS = (
    "Kremlin Peskov Kyiv Odessa grain ship talks convoy mayor bridge said would resume "
    "reached closed confirmed army minister officials report election sanctions the a of in "
    "on with and that after before during Monday March tonnes troops"
).split()
HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: news\\n"\n"Language: ru\\n"\n'
    '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "\n'
    '"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n'
)
POT_HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: news\\n"\n'
    '"POT-Creation-Date: 2026-11-29 10:00+0000\\n"\n"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
)

sentences = st.lists(st.sampled_from(WORDS), min_size=3, max_size=10).map(
    lambda ws: " ".join(ws).capitalize() + "."
)


@st.composite
def edited(draw, text: str) -> str:
    words = text[:-1].split()
    i = draw(st.integers(0, len(words) - 1))
    how = draw(st.sampled_from(["replace", "number", "insert", "delete"]))
    if how == "replace":
        words[i] = draw(st.sampled_from(WORDS))
    elif how == "number":
        words[i] = str(draw(st.integers(1, 99_999)))
    elif how == "insert":
        words.insert(i, draw(st.sampled_from(WORDS)))
    elif len(words) > 2:
        del words[i]
    return " ".join(words) + "."


def q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def case(draw) -> tuple[str, str]:
    """An old catalog (reviewed, fuzzy, untranslated, obsolete, plural, in context) and a
    template made from it by edits, insertions, deletions, swaps and restorations."""
    base = draw(st.lists(sentences, min_size=2, max_size=8, unique=True))
    old, pot, keys = [HEADER], [POT_HEADER], set()
    template: list[tuple[str | None, str, bool, str]] = []
    for n, text in enumerate(base):
        ctxt = draw(st.sampled_from([None, None, None, "caption"]))
        plural = draw(st.integers(0, 5)) == 0
        state = draw(st.sampled_from(["reviewed", "reviewed", "fuzzy", "untranslated", "obsolete"]))
        if (ctxt, text) in keys:
            continue
        keys.add((ctxt, text))
        tr = "RU " + text
        lines = []
        if draw(st.booleans()):
            lines.append("# editor note")
        if state != "obsolete":
            lines.append(f"#: a.txt:{n + 1}")
        if state == "fuzzy":
            lines.append("#, fuzzy")
            if draw(st.booleans()):
                lines.append(f"#| msgid {q(draw(edited(text)))}")
        elif state != "obsolete" and draw(st.integers(0, 3)) == 0:
            lines.append("#, python-format")
        mark = "#~ " if state == "obsolete" else ""
        if ctxt is not None:
            lines.append(f"{mark}msgctxt {q(ctxt)}")
        lines.append(f"{mark}msgid {q(text)}")
        value = "" if state == "untranslated" else tr
        if plural:
            lines.append(f"{mark}msgid_plural {q(text + ' (many)')}")
            lines += [f"{mark}msgstr[{i}] {q(value and f'{value} {i}')}" for i in range(3)]
        else:
            lines.append(f"{mark}msgstr {q(value)}")
        old.append("\n".join(lines) + "\n")
        op = draw(st.sampled_from(["keep", "keep", "edit", "drop", "swap"]))
        if op == "edit":
            text = draw(edited(text))
        if op != "drop":
            template.append((ctxt, text, plural, op))
        if draw(st.integers(0, 4)) == 0:
            template.append((None, draw(sentences), draw(st.booleans()), "insert"))
    for i in range(len(template) - 1):
        if template[i][3] == "swap":
            template[i], template[i + 1] = template[i + 1], template[i]
    seen = set()
    for n, (ctxt, text, plural, _) in enumerate(template):
        if (ctxt, text) in seen:
            continue
        seen.add((ctxt, text))
        lines = []
        if draw(st.integers(0, 5)) == 0:
            lines.append("#. caption")
        lines.append(f"#: a.txt:{n + 1}")
        if draw(st.integers(0, 5)) == 0:
            lines.append("#, no-wrap")
        if ctxt is not None:
            lines.append(f"msgctxt {q(ctxt)}")
        lines.append(f"msgid {q(text)}")
        if plural:
            lines += [f"msgid_plural {q(text + ' (many)')}", 'msgstr[0] ""', 'msgstr[1] ""']
        else:
            lines.append('msgstr ""')
        pot.append("\n".join(lines) + "\n")
    return "\n".join(old), "\n".join(pot)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case())
def test_generated_merges_agree_with_msgmerge(tmp_path_factory, inputs: tuple[str, str]) -> None:
    old, pot = inputs
    merged = ours(old, pot)
    event("fuzzy match" if "#| msgid" in merged else "no fuzzy match")
    event("obsolete kept" if "#~" in merged else "nothing obsolete")
    compare(old, pot, tmp_path_factory.mktemp("mm"))
