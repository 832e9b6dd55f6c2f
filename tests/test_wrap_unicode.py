"""Line breaking on all of Unicode, against the real thing.

The writer must wrap every string as GNU msgcat does. Text is generated from every plane:
assigned and unassigned code points, wide and zero-width characters, combining marks, joiners,
emoji modifiers and flags, Hebrew, Thai, Hangul, format directives, escapes. Three oracles:

- msgcat itself, on a catalog of generated entries (seeded, and hypothesis batches);
- libunistring's u8_width_linebreaks, called directly (what msgcat calls for each line);
- the writer's per-character state machine, for the regex path that replaces it on plain text.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import random
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from localize.catalog import dumps, encode_po, linebreaks
from localize.catalog.linebreak import CODES, PROHIBITED, _breaks
from tests.conftest import gettext_tool

HEADER = {
    "Project-Id-Version": "wrap",
    "Language": "ru",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}

# Characters that steer the rules, mixed into every kind of text.
SPECIAL = (
    "\u200d\u200b\u00ad\u00a0\u202f\u2060\ufeff\u2028\u2029\u0085\u034f\u0301\u0308"
    "\U0001f3fb\U0001f3ff\ufe0f\u2014\u2013\u2010\u2011\u2026\u00ab\u00bb\u201c\u201d\u201e"
    "\u3000\u3001\u3002\uff01\uff08\uff09\u300c\u300d"
)
SCRIPTS = {
    "latin": [(0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F)],
    "cyrillic": [(0x400, 0x4FF)],
    "hebrew": [(0x591, 0x5F4)],
    "arabic": [(0x600, 0x6FF)],
    "thai": [(0xE01, 0xE5B)],
    "hangul": [(0x1100, 0x11FF), (0xAC00, 0xD7A3)],
    "cjk": [(0x3000, 0x30FF), (0x4E00, 0x9FFF), (0xFF01, 0xFF60)],
    "emoji": [(0x1F1E6, 0x1F1FF), (0x1F300, 0x1F5FF), (0x1F900, 0x1F9FF), (0x2600, 0x27BF)],
    "punctuation": [(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E), (0x2000, 0x206F)],
    "any": [(0x1, 0x10FFFF)],
}
FORMATS = [None, "c-format", "python-format", "python-brace-format", "no-wrap"]
DIRECTIVES = ["%s", "%d", "%5.2f", "%(name)s", "%%", "{0}", "{name}", "{count:>3}", "%-10s"]


def _char(r: random.Random, ranges: list[tuple[int, int]]) -> str:
    while True:
        lo, hi = r.choice(ranges)
        ch = chr(r.randint(lo, hi))
        if ch not in "\0\x04" and unicodedata.category(ch) != "Cs":
            return ch


def _text(r: random.Random) -> str:
    """A string of words from one or two scripts, glued by spaces and rule-steering marks."""
    pools = [SCRIPTS[r.choice(list(SCRIPTS))] for _ in range(r.randint(1, 2))]
    out: list[str] = []
    for _ in range(r.randint(1, 40)):
        out.append("".join(_char(r, r.choice(pools)) for _ in range(r.randint(1, 12))))
        glue = r.random()
        if glue < 0.6:
            out.append(" " * r.choice([1, 1, 1, 2]))
        elif glue < 0.8:
            out.append(r.choice(SPECIAL))
        elif glue < 0.85:
            out.append(r.choice(["\n", "\\", '"', "\t", "/", "-", ", ", ". "]))
        elif glue < 0.9:
            out.append(" " + r.choice(DIRECTIVES) + r.choice(["", " "]))
    return "".join(out)


def _entries(r: random.Random, n: int) -> list[polib.POEntry]:
    out = []
    seen: set[str] = set()
    while len(out) < n:
        msgid = _text(r)
        if msgid in seen:
            continue
        seen.add(msgid)
        e = polib.POEntry(msgid=msgid, msgstr=_text(r) if r.random() < 0.8 else "")
        if r.random() < 0.1:
            e.msgctxt = _text(r)
        if r.random() < 0.1:
            e.msgid_plural = _text(r)
            e.msgstr_plural = {k: _text(r) for k in range(3)}
            e.msgstr = ""
        fmt = r.choice(FORMATS)
        if fmt:
            e.flags.append(fmt)
        if r.random() < 0.15 and not e.msgid_plural:
            e.previous_msgid = _text(r)
            if r.random() < 0.3:
                e.previous_msgctxt = _text(r)
            e.flags.append("fuzzy")
            e.msgstr = e.msgstr or "x"
        e.obsolete = bool(e.msgstr or e.msgstr_plural) and r.random() < 0.1
        out.append(e)
    return out


def _catalog(entries: list[polib.POEntry]) -> polib.POFile:
    po = polib.POFile()
    po.metadata = dict(HEADER)
    for e in entries:
        po.append(e)
    return po


def _split(text: str) -> list[str]:
    return text.split("\n\n")


def _msgcat_differences(po: polib.POFile, path: Path) -> list[tuple[str, str]]:
    """(ours, msgcat's) for every entry msgcat prints differently from the writer."""
    ours = dumps(po)
    path.write_text(ours, encoding="utf-8")
    done = subprocess.run(
        [gettext_tool("msgcat"), "--force-po", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    a, b = _split(ours), _split(done.stdout)
    assert len(a) == len(b)
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]


def test_msgcat_wraps_generated_unicode_catalog_as_we_do(tmp_path: Path) -> None:
    """2,000 entries, over 4,000 strings from every script and plane (contexts, plurals, previous
    strings, obsolete entries among them): no entry differs."""
    po = _catalog(_entries(random.Random(2026), 2_000))
    diff = _msgcat_differences(po, tmp_path / "unicode.po")
    assert diff == [], f"{len(diff)} entries differ; first:\n{diff[0][0]}\n---\n{diff[0][1]}"


unicode_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\0\x04"),
    max_size=160,
)
spaced_text = st.lists(
    st.one_of(unicode_text, st.sampled_from([" ", "  ", "\n", " - ", "\u200d", "\U0001f3fb"])),
    max_size=30,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strings=st.lists(st.tuples(spaced_text, st.sampled_from(FORMATS)), min_size=1, max_size=25))
def test_msgcat_wraps_arbitrary_unicode_as_we_do(strings, tmp_path_factory) -> None:
    entries = []
    for i, (text, fmt) in enumerate(strings):
        e = polib.POEntry(msgid=f"{i} {text}", msgstr=text)
        if fmt:
            e.flags.append(fmt)
        entries.append(e)
    path = tmp_path_factory.mktemp("wrap") / "h.po"
    assert _msgcat_differences(_catalog(entries), path) == []


# ------------------------------------------------------------------------------------------
# libunistring's u8_width_linebreaks, called directly: thousands of cases a second.


UC_BREAK_POSSIBLE = 2  # unilbrk.h: UNDEFINED, PROHIBITED, POSSIBLE, MANDATORY, ...


@cache
def _libunistring() -> ctypes.CDLL | None:
    """libunistring 1.0, the version whose data linebreak.txt holds (Debian 12's gettext)."""
    name = ctypes.util.find_library("unistring")
    if not name:
        return None
    lib = ctypes.CDLL(name)
    return lib if ctypes.c_int.in_dll(lib, "_libunistring_version").value == 0x0100_00 else None


def _theirs(text: str, width: int, start: int) -> list[int]:
    lib = _libunistring()
    assert lib is not None
    data = text.encode("utf-8")
    out = (ctypes.c_char * len(data))()
    fn = lib.u8_width_linebreaks
    fn.argtypes = [
        ctypes.c_char_p,
        ctypes.c_size_t,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_char_p,
        ctypes.c_void_p,
    ]
    fn(data, len(data), width, start, 0, None, b"UTF-8", out)
    # One mark per UTF-8 byte; keep the mark of each character's first byte.
    marks, i = [], 0
    for ch in text:
        marks.append(out.raw[i])
        i += len(ch.encode("utf-8"))
    return [k for k, m in enumerate(marks) if m == UC_BREAK_POSSIBLE]


def _ours(text: str, width: int, start: int) -> list[int]:
    codes = text.translate(CODES)
    return _breaks(codes, width, start, [])


needs_lib = pytest.mark.skipif(_libunistring() is None, reason="libunistring 1.0 not installed")
no_newlines = st.characters(blacklist_categories=("Cs",), blacklist_characters="\0\n\r")


@needs_lib
@settings(max_examples=1500, deadline=None)
@given(
    text=st.lists(
        st.one_of(
            st.text(alphabet=no_newlines, max_size=12),
            st.sampled_from([" ", " ", "  ", "-", "\u200d", "\U0001f3fb", "\U0001f1fa"]),
        ),
        max_size=40,
    ).map("".join),
    width=st.integers(1, 80),
    start=st.integers(0, 20),
)
@example(text="0 0 0", width=1, start=2)  # the first line starts past its width
def test_breaks_equal_libunistring(text: str, width: int, start: int) -> None:
    assert _ours(text, width, start) == _theirs(text, width, start)


# Text where the regex path does more than find opportunities: scripts written with combining
# marks (Devanagari vowel signs, Latin accents, Hebrew points), whose marks it drops and maps
# back; emoji with skin-tone modifiers, joiners, variation selectors and flags (regional
# indicator pairs), whose joiner and pair rules it applies itself.
MARKED = (
    st.characters(min_codepoint=0x900, max_codepoint=0x97F),
    st.characters(min_codepoint=0x300, max_codepoint=0x36F),
    st.characters(min_codepoint=0x5B0, max_codepoint=0x5EA),
    st.sampled_from("abcXYZ019 -/,.()\u05be\u00a0"),
)
EMOJI = (
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1F5FF),
    st.characters(min_codepoint=0x1F3FB, max_codepoint=0x1F3FF),
    st.characters(min_codepoint=0x1F1E6, max_codepoint=0x1F1FF),
    st.characters(min_codepoint=0x2600, max_codepoint=0x27BF),
    st.sampled_from("\u200d\u200d\ufe0f\u0301ab1 - ,"),
)
marks_and_emoji = st.sampled_from([MARKED, EMOJI]).flatmap(
    lambda kind: st.text(alphabet=st.one_of(*kind), max_size=120)
)


@needs_lib
@settings(max_examples=2000, deadline=None)
@given(text=marks_and_emoji, width=st.integers(1, 80), start=st.integers(0, 20))
def test_breaks_equal_libunistring_with_marks_and_emoji(text: str, width: int, start: int) -> None:
    assert _ours(text, width, start) == _theirs(text, width, start)


@needs_lib
def test_breaks_equal_libunistring_on_every_script() -> None:
    r = random.Random(14)
    for _ in range(3_000):
        text = _text(r).replace("\n", " ").replace("\r", " ")
        width = r.randint(10, 77)
        assert _ours(text, width, 0) == _theirs(text, width, 0), repr(text)


# ------------------------------------------------------------------------------------------
# The regex path for text without stateful classes equals the per-character state machine.

plain = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Mn", "Me", "Mc", "Cc", "Cf", "Zl", "Zp"),
        blacklist_characters="\0\u200b",
    )
    | st.sampled_from(" -/,.:;!?()[]{}«»—–$%€"),
    max_size=200,
)


@settings(max_examples=800, deadline=None)
@given(text=plain, width=st.integers(1, 80), start=st.integers(0, 20))
def test_regex_path_equals_the_state_machine(text: str, width: int, start: int) -> None:
    expected = [i for i, m in enumerate(linebreaks(text, width, start)) if m != PROHIBITED]
    assert _ours(text, width, start) == expected


# ------------------------------------------------------------------------------------------
# Catalogs in other charsets: in EUC-JP, GBK, BIG5, EUC-KR (and CP949, GB2312, JOHAB)
# libunistring counts ambiguous characters (Greek, Cyrillic, "…", "×", box drawing) as two
# columns and breaks around them as around ideographs; KOI8-R breaks as UTF-8 does.

AMBIGUOUS = "αβγδΑΒΓабвгдАБВ…·×§°±―‐–—‘’“”※→←■□○●☆★"


def _pool(charset: str) -> list[str]:
    """Characters the charset holds alike for Python and for gettext (glibc's iconv): ASCII, the
    ambiguous ones, and its native script. (Python writes some Hangul syllables in EUC-KR as
    8-byte jamo sequences and kana in BIG5's extension rows; iconv reads those otherwise.)"""
    native = [(0x3041, 0x30FF), (0x4E00, 0x4FFF), (0xAC00, 0xAD00), (0xFF01, 0xFF5E)]
    chars = [chr(c) for c in range(0x21, 0x7F)] + list(AMBIGUOUS)
    chars += [chr(c) for lo, hi in native for c in range(lo, hi)]
    encodable = []
    for ch in chars:
        try:
            ch.encode(charset)
        except UnicodeEncodeError:
            continue
        encodable.append(ch)
    data = "\n".join(encodable).encode(charset)
    done = subprocess.run(["iconv", "-f", charset, "-t", "UTF-8"], input=data, capture_output=True)
    assert done.returncode == 0, done.stderr
    read = done.stdout.decode("utf-8").split("\n")
    return [ch for ch, back in zip(encodable, read, strict=True) if ch == back]


@pytest.mark.parametrize("charset", ["EUC-JP", "GBK", "BIG5", "EUC-KR", "KOI8-R"])
def test_msgcat_wraps_catalogs_in_other_charsets_as_we_do(charset: str, tmp_path: Path) -> None:
    r = random.Random(charset)
    pool = _pool(charset)
    po = polib.POFile()
    po.metadata = {**HEADER, "Content-Type": f"text/plain; charset={charset}"}
    for i in range(300):
        words = [
            "".join(r.choice(pool) for _ in range(r.randint(1, 9))) for _ in range(r.randint(1, 30))
        ]
        text = f"{i} " + " ".join(words)
        po.append(polib.POEntry(msgid=text, msgstr=text[::-1]))
    path = tmp_path / "c.po"
    path.write_bytes(encode_po(po))
    done = subprocess.run([gettext_tool("msgcat"), "--force-po", str(path)], capture_output=True)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    ours = path.read_bytes().decode(charset).split("\n\n")
    theirs = done.stdout.decode(charset).split("\n\n")
    diff = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    assert diff == [], f"{len(diff)} entries differ; first:\n{diff[0][0]}\n---\n{diff[0][1]}"
