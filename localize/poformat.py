"""PO file format: a strict reader with exact error positions and a writer identical to msgcat.

The data model is polib's (``POFile``/``POEntry``). The writer reproduces GNU gettext 0.21's
``write-po.c`` at page width 79, including its Unicode line breaking (libunistring's UAX #14);
the reader is gettext's grammar, stricter where gettext is lax, raising ``CatalogError``.
"""

from __future__ import annotations

import codecs
import gc
import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import polib

from localize.errors import CatalogError, PluralCountError
from localize.fileio import read_regular_file

__all__ = [
    "dumps",
    "encode_po",
    "charset_of",
    "parse_po",
    "read_po",
    "linebreaks",
    "PAGE_WIDTH",
    "MAX_CATALOG_BYTES",
]

PAGE_WIDTH = 79
#: Largest catalog read (an article's catalog is well under 1 MB; reading takes about five
#: times the file's size in memory, so this bounds it near 2.5 GB).
MAX_CATALOG_BYTES = 512 * 2**20

# ----------------------------------------------------------------------------------------------
# Line breaking: libunistring 1.0's u8_width_linebreaks on the subset of Unicode news text uses.

# Line break classes, numbered as libunistring's pair table indexes them.
(WJ, GL, B2, BA, BB, HY, CL, CP1, CP2, EX, IN, NS, OP1, OP2, QU, IS, NU, PO, PR, SY, AL, H2, H3,
 ID1, ID2, JL, JV, JT, HL, RI, ZWJ, EB, EM) = range(33)
BK, CR, LF, CM, ZW, SP, CB, AI, SA, XX = 33, 34, 35, 36, 37, 38, 39, 40, 41, 42
_HL_BA = 100

# Pair table (UAX #14 table 7.3 as libunistring 1.0 has it): row = before, column = after;
# D direct break, I break only across spaces, P prohibited.
_TABLE_ROWS = """
WJ  PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII
GL  PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII
B2  PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD
BA  PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD
BB  PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII
HY  PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD
CL  PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD
CP1 PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD
CP2 PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD
EX  PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD
IN  PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD
NS  PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD
OP1 PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
OP2 PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP
QU  PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII
IS  PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD
NU  PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD
PO  PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD
PR  PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII
SY  PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD
AL  PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD
H2  PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD
H3  PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD
ID1 PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD
ID2 PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI
JL  PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD
JV  PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD
JT  PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD
HL  PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD
RI  PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD
ZWJ PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII
EB  PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI
EM  PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD
"""
_TABLE = [row.split()[1] for row in _TABLE_ROWS.strip().splitlines()]

# Break decisions, as libunistring names them.
PROHIBITED, POSSIBLE, MANDATORY, UNDEFINED = 0, 1, 2, 3

_ASCII = {
    "\t": BA, "\n": LF, "\x0b": BK, "\x0c": BK, "\r": CR, " ": SP, "!": EX, '"': QU, "$": PR,
    "%": PO, "'": QU, "(": OP1, ")": CP1, "+": PR, ",": IS, "-": HY, ".": IS, "/": SY, ":": IS,
    ";": IS, "?": EX, "[": OP1, "\\": PR, "]": CP1, "{": OP1, "|": BA, "}": CL,
}
_SPECIAL = {
    0x85: BK, 0xA0: GL, 0xA1: OP1, 0xA2: PO, 0xA3: PR, 0xA4: PR, 0xA5: PR, 0xA7: AI, 0xA8: AI,
    0xAA: AI, 0xAB: QU, 0xAD: BA, 0xB0: PO, 0xB1: PR, 0xB2: AI, 0xB3: AI, 0xB4: BB, 0xB6: AI,
    0xB7: AI, 0xB8: AI, 0xB9: AI, 0xBA: AI, 0xBB: QU, 0xBC: AI, 0xBD: AI, 0xBE: AI, 0xBF: OP1,
    0xD7: AI, 0xF7: AI, 0x2007: GL, 0x200B: ZW, 0x200C: CM, 0x200D: ZWJ, 0x200E: CM, 0x200F: CM,
    0x2010: BA, 0x2011: GL, 0x2012: BA, 0x2013: BA, 0x2014: B2, 0x2015: AI, 0x2016: AI,
    0x2017: AL, 0x2018: QU, 0x2019: QU, 0x201A: OP1, 0x201B: QU, 0x201C: QU, 0x201D: QU,
    0x201E: OP1, 0x201F: QU, 0x2020: AI, 0x2021: AI, 0x2024: IN, 0x2025: IN, 0x2026: IN,
    0x2027: BA, 0x2028: BK, 0x2029: BK, 0x202F: GL, 0x2039: QU, 0x203A: QU, 0x203B: AI,
    0x203C: NS, 0x203D: NS, 0x2044: IS, 0x2047: NS, 0x2048: NS, 0x2049: NS, 0x205F: BA,
    0x2060: WJ, 0x2116: PR, 0x2103: PO, 0x2109: PO, 0x2122: AI, 0x2212: PR, 0x2213: PR,
    0x3000: BA, 0x3001: CL, 0x3002: CL, 0xFEFF: WJ, 0x2056: BA, 0x2058: BA, 0x2059: BA,
    0x205A: BA, 0x205B: BA, 0x205D: BA, 0x205E: BA, 0x2061: AL, 0x2062: AL, 0x2063: AL,
    0x2064: AL, 0x20A7: PO, 0x20B6: PO, 0x20BB: PO, 0x20BE: PO,
}


# Per-character lookups run millions of times when a large catalog is written: memoized.
@lru_cache(maxsize=8192)
def _lbp(ch: str) -> int:
    """The line break class of one character (a subset of LineBreak.txt, with fallbacks)."""
    if ch < "\x80":
        cls = _ASCII.get(ch)
        if cls is not None:
            return cls
        if ch < " " or ch == "\x7f":
            return CM
        return NU if "0" <= ch <= "9" else AL
    cp = ord(ch)
    cls = _SPECIAL.get(cp)
    if cls is not None:
        return cls
    if cp < 0xA0:
        return CM
    if 0x2000 <= cp <= 0x200A:
        return BA
    if 0x2030 <= cp <= 0x2037:
        return PO
    if 0x20A0 <= cp <= 0x20CF:
        return PR
    if 0x202A <= cp <= 0x202E or 0x2066 <= cp <= 0x206F:
        return CM
    if 0x1F1E6 <= cp <= 0x1F1FF:
        return RI
    if 0x05D0 <= cp <= 0x05F2:
        return HL
    cat = unicodedata.category(ch)
    if cat == "Cn":
        return AL
    if cat[0] == "M" or cat == "Cf":
        return CM
    if unicodedata.east_asian_width(ch) in "WF":
        return {"Ps": OP2, "Pe": CP2}.get(cat, ID1)
    return {"Nd": NU, "Ps": OP1, "Pe": CL, "Pi": QU, "Pf": QU, "Zs": BA, "Sc": PR,
            "Zl": BK, "Zp": BK}.get(cat, AL)


@lru_cache(maxsize=8192)
def _width(ch: str) -> int:
    """Display columns of one character, as libunistring's uc_width in a non-CJK locale."""
    if " " <= ch < "\x7f":
        return 1
    if ch < " " or "\x7f" <= ch < "\xa0":
        return 0 if ch == "\0" else -1
    cat = unicodedata.category(ch)
    if cat == "Cn":
        return 1
    if cat in ("Mn", "Me", "Cf") or 0x1160 <= ord(ch) <= 0x11FF or ord(ch) == 0x200B:
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _possible_linebreaks(text: Sequence[str]) -> list[int]:
    """Break opportunities before each character (u8_possible_linebreaks, cr = -1)."""
    out = [PROHIBITED] * len(text)
    prev_prop = last_prop = BK
    seen_space = False
    ri_count = 0
    for i, ch in enumerate(text):
        prop = _lbp(ch)
        if prop in (BK, LF, CR):
            out[i] = MANDATORY
            prev_prop, last_prop, seen_space = prop, BK, False
        else:
            if prop == AI or prop in (SA, XX):
                prop = AL
            elif prop == CB:
                prop = ID1
            if prop == SP:
                out[i] = PROHIBITED
                seen_space = True
            elif prop == ZW:
                out[i] = PROHIBITED
                last_prop, seen_space = ZW, False
            elif prop in (CM, ZWJ):
                if last_prop == BK:
                    out[i] = PROHIBITED
                    last_prop, seen_space = AL, False
                elif last_prop == ZW or seen_space:
                    out[i] = POSSIBLE
                    last_prop, seen_space = AL, False
                else:
                    out[i] = PROHIBITED
            else:
                if last_prop == BK:
                    out[i] = PROHIBITED
                elif last_prop == ZW:
                    out[i] = POSSIBLE
                elif prev_prop == ZWJ:
                    out[i] = PROHIBITED
                elif last_prop == RI and prop == RI:
                    out[i] = POSSIBLE if seen_space or ri_count % 2 == 0 else PROHIBITED
                elif prev_prop == _HL_BA:
                    out[i] = PROHIBITED
                else:
                    rule = _TABLE[last_prop][prop]
                    if rule == "D" or (rule == "I" and seen_space):
                        out[i] = POSSIBLE
                    else:
                        out[i] = PROHIBITED
                last_prop, seen_space = prop, False
            prev_prop = _HL_BA if prev_prop == HL and prop in (HY, BA) else prop
        ri_count = ri_count + 1 if prop == RI else 0
    return out


def linebreaks(
    text: Sequence[str],
    width: int,
    start_column: int,
    overrides: Sequence[int] | None = None,
    possible: Sequence[int] | None = None,
) -> list[int]:
    """Where to break ``text`` to fit ``width`` columns (u8_width_linebreaks): POSSIBLE marks.

    ``possible``: ``_possible_linebreaks(text)`` when the caller has it already.
    """
    p = list(possible) if possible is not None else _possible_linebreaks(text)
    last_p: int | None = None
    last_column = start_column
    piece_width = 0
    for i, ch in enumerate(text):
        if overrides is not None and overrides[i] != UNDEFINED:
            p[i] = overrides[i]
        if p[i] in (POSSIBLE, MANDATORY):
            # An atomic piece of text ends here.
            if last_p is not None and last_column + piece_width > width:
                p[last_p] = POSSIBLE
                last_column = 0
        if p[i] == MANDATORY:
            last_p, last_column, piece_width = None, 0, 0
        else:
            if p[i] == POSSIBLE:
                last_p = i
                last_column += piece_width
                piece_width = 0
            p[i] = PROHIBITED
            w = _width(ch)
            if w >= 0:
                piece_width += w
    if last_p is not None and last_column + piece_width > width:
        p[last_p] = POSSIBLE
    return p


# ----------------------------------------------------------------------------------------------
# Writer

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v",
            "\\": "\\", '"': '"'}

_FORMATS = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)
_RANGE_RE = re.compile(r"range:\s*(\d+)\s*\.\.\s*(\d+)\Z")
# Format directives inside which gettext never breaks a line (c-format and python-format).
_DIRECTIVE_RE = {
    "c": re.compile(r"%(?:\d+\$)?[-+ #0']*(?:\*(?:\d+\$)?|\d+)?(?:\.(?:\*(?:\d+\$)?|\d+)?)?"
                    r"(?:hh|h|ll|l|L|q|j|z|Z|t)?[diouxXeEfFgGaAcspnm%]"),
    "python": re.compile(r"%(?:\([^)]*\))?[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
                         r"[diouxXeEfFgGcrsa%]"),
    "python-brace": re.compile(r"\{[^{}]*\}"),
}


def _flag_state(flags: Sequence[str]) -> tuple[bool, dict[str, str], str | None, bool]:
    """Parse flags as gettext does: fuzzy, format states, range and no-wrap; others vanish."""
    fuzzy = False
    formats: dict[str, str] = {}
    rng = None
    no_wrap = False
    for raw in flags:
        flag = raw.strip()
        if flag == "fuzzy":
            fuzzy = True
        elif flag == "no-wrap":
            no_wrap = True
        elif flag == "wrap":
            no_wrap = False
        elif flag.endswith("-format"):
            name, state = flag[: -len("-format")], "yes"
            for prefix, st in (("possible-", "yes"), ("impossible-", "impossible"), ("no-", "no")):
                if name.startswith(prefix) and name[len(prefix):] in _FORMATS:
                    name, state = name[len(prefix):], st
                    break
            if name in _FORMATS:
                formats[name] = state
        else:
            m = _RANGE_RE.match(flag)
            if m and int(m.group(1)) <= int(m.group(2)):
                rng = f"range: {int(m.group(1))}..{int(m.group(2))}"
    return fuzzy, formats, rng, no_wrap


def _flags_line(entry_flags: Sequence[str], *, translated: bool, obsolete: bool) -> str:
    fuzzy, formats, rng, no_wrap = _flag_state(entry_flags)
    out = []
    if fuzzy and (translated or obsolete):
        out.append("fuzzy")
    for name in _FORMATS:
        state = formats.get(name)
        if state == "yes":
            out.append(f"{name}-format")
        elif state == "no":
            out.append(f"no-{name}-format")
    if rng and not obsolete:
        out.append(rng)
    if no_wrap:
        out.append("no-wrap")
    return "#, " + ", ".join(out) + "\n" if out else ""


def _directive_format(flags: Sequence[str]) -> str | None:
    """The format whose directives gettext keeps unbroken: the first one set to yes."""
    _, formats, _, _ = _flag_state(flags)
    return next((name for name in _FORMATS if formats.get(name) == "yes"), None)


def _directive_interior(value: str, fmt: str | None) -> list[bool]:
    """True at characters inside (not at the start of) a format directive of ``fmt``."""
    inside = [False] * len(value)
    regex = _DIRECTIVE_RE.get(fmt) if fmt is not None else None
    if regex is None:
        return inside
    opener = "{" if fmt == "python-brace" else "%"
    kinds: set[bool] = set()
    pos = value.find(opener)
    while pos >= 0:
        m = regex.match(value, pos)
        if m is None:
            break  # gettext's parser stops at the first invalid directive
        if fmt == "python" and not m.group(0).endswith("%"):
            kinds.add(m.group(0).startswith("%("))
            if len(kinds) > 1:
                break  # named and unnamed arguments mixed: invalid from here on
        for k in range(m.start() + 1, m.end()):
            inside[k] = True
        pos = value.find(opener, m.end())
    return inside


# A catalog is written at every checkpoint of a run, its strings mostly unchanged: the wrapped
# form depends only on these arguments, so it is computed once per string (bounded cache).
@lru_cache(maxsize=1 << 16)
def _wrapped(prefix: str, name: str, value: str, no_wrap: bool, fmt: str | None) -> str:
    return _wrap(prefix, name, value, no_wrap=no_wrap, inside=_directive_interior(value, fmt))


def _wrap(prefix: str, name: str, value: str, *, no_wrap: bool, inside: list[bool]) -> str:
    """One keyword and its string, wrapped exactly as write-po.c's wrap() does."""
    out: list[str] = []
    start_after_break = len(prefix) + 1
    width = (PAGE_WIDTH if not no_wrap else 1 << 30) - 1 - start_after_break
    first_line = True
    pos = 0
    n = len(value)
    while True:
        end = value.find("\n", pos)
        end = n if end < 0 else end + 1
        portion: list[str] = []
        overrides: list[int] = []
        for k in range(pos, end):
            c = value[k]
            brk = PROHIBITED if inside[k] else UNDEFINED
            esc = _ESCAPES.get(c)
            if esc is not None:
                portion += ["\\", esc]
                overrides += [brk, PROHIBITED]
            else:
                portion.append(c)
                overrides.append(brk)
        if end > pos and value[end - 1] == "\n":
            overrides[-2] = PROHIBITED  # never break right before the final "\n"
        # What fits on the line needs no break; the rest is measured once for both tries.
        total = sum(w for w in map(_width, portion) if w > 0)
        possible: list[int] | None = None
        while True:
            startcol = len(prefix) + (len(name) + 1 if first_line else 0) + 1 - start_after_break
            if startcol + total <= width:
                breaks = [PROHIBITED] * len(portion)
            else:
                if possible is None:
                    possible = _possible_linebreaks(portion)
                breaks = linebreaks(portion, width, startcol, overrides, possible)
            if first_line and portion and (end < n or startcol > width or POSSIBLE in breaks):
                out.append(f'{prefix}{name} ""\n')
                first_line = False
                continue
            break
        line = [prefix + (name + " " if first_line else "") + '"']
        first_line = False
        for ch, brk in zip(portion, breaks, strict=True):
            if brk == POSSIBLE:
                line.append('"\n' + prefix + '"')
            line.append(ch)
        line.append('"\n')
        out.append("".join(line))
        pos = end
        if pos >= n:
            break
    return "".join(out)


def _comment_lines(mark: str, text: str | None) -> str:
    if not text:
        return ""
    return "".join(mark + (" " if line else "") + line + "\n" for line in text.split("\n"))


def _references(occurrences: Sequence[tuple[str, str]]) -> str:
    if not occurrences:
        return ""
    out = ["#:"]
    column = 2
    seen = set()
    for fname, line in occurrences:
        if (fname, str(line)) in seen:  # gettext keeps one of each file position
            continue
        seen.add((fname, str(line)))
        while fname.startswith("./"):
            fname = fname[2:]
        if any(c.isspace() for c in fname):
            fname = f"{_FSI}{fname}{_PDI}"
        ref = fname + (f":{line}" if str(line) != "" else "")
        size = len(ref.encode("utf-8")) + 1
        if column > 2 and column + size > PAGE_WIDTH:
            out.append("\n#:")
            column = 2
        out.append(" " + ref)
        column += size
    out.append("\n")
    return "".join(out)


def _plural_strings(entry: polib.POEntry) -> list[str]:
    forms = entry.msgstr_plural or {}
    if not forms:
        return ["", ""]
    return [forms[k] for k in sorted(forms, key=int)]


def _entry(entry: polib.POEntry, header_tcomment: str | None = None) -> str:
    """One message as msgcat prints it (without the separating blank line)."""
    obsolete = bool(entry.obsolete)
    plural = bool(entry.msgid_plural) or bool(entry.msgstr_plural)
    strings = _plural_strings(entry) if plural else [entry.msgstr or ""]
    translated = strings[0] != ""
    _, _, _, no_wrap = _flag_state(entry.flags)
    fmt = _directive_format(entry.flags)

    def wrap(prefix: str, name: str, value: str) -> str:
        return _wrapped(prefix, name, value, no_wrap, fmt)

    out = [
        _comment_lines("#", entry.tcomment if header_tcomment is None else header_tcomment),
        _comment_lines("#.", entry.comment),
        _references(entry.occurrences),
        _flags_line(entry.flags, translated=translated, obsolete=obsolete),
    ]
    prev = "#~| " if obsolete else "#| "
    if entry.previous_msgctxt is not None:
        out.append(wrap(prev, "msgctxt", entry.previous_msgctxt))
    if entry.previous_msgid is not None:
        out.append(wrap(prev, "msgid", entry.previous_msgid))
    if entry.previous_msgid_plural is not None:
        out.append(wrap(prev, "msgid_plural", entry.previous_msgid_plural))
    prefix = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        out.append(wrap(prefix, "msgctxt", entry.msgctxt))
    out.append(wrap(prefix, "msgid", entry.msgid))
    if plural:
        out.append(wrap(prefix, "msgid_plural", entry.msgid_plural or ""))
        for k, text in enumerate(strings):
            out.append(wrap(prefix, f"msgstr[{k}]", text))
    else:
        out.append(wrap(prefix, "msgstr", strings[0]))
    return "".join(out)


def _is_printed(entry: polib.POEntry) -> bool:
    """msgcat drops obsolete entries whose (first) translation is empty."""
    if not entry.obsolete:
        return True
    if entry.msgstr_plural:
        return _plural_strings(entry)[0] != ""
    return bool(entry.msgstr)


def _header_msgstr(po: polib.POFile) -> str:
    """The header's fields in the catalog's own order; a field read from a file and unchanged
    is written exactly as it was (duplicates and trailing spaces too, as msgcat keeps them)."""
    meta = po.metadata
    lines: list[tuple[str | None, str]] = getattr(po, "header_lines", None) or []
    read: dict[str, str] = getattr(po, "header_read", None) or {}
    last = {k: i for i, (k, _) in enumerate(lines) if k is not None}
    out: list[str] = []
    for i, (key, raw) in enumerate(lines):
        if key is None:
            out.append(raw)
        elif key in meta:
            same = read.get(key) == meta[key]
            out.append(raw if same or i != last[key] else f"{key}: {meta[key]}")
    out.extend(f"{k}: {v}" for k, v in meta.items() if k not in last)
    return "\n".join(out) + "\n" if out else ""


def dumps(po: polib.POFile) -> str:
    """The catalog as GNU msgcat would print it: the header where it was (first, usually),
    obsolete entries last."""
    header = polib.POEntry(msgid="", msgstr=_header_msgstr(po))
    if po.metadata_is_fuzzy:
        header.flags.append("fuzzy")
    live = [e for e in po if not e.obsolete]
    at = min(getattr(po, "header_position", 0), len(live))
    parts = [_entry(e) for e in live[:at]]
    parts.append(_entry(header, header_tcomment=po.header or ""))
    parts += [_entry(e) for e in live[at:]]
    parts += [_entry(e) for e in po if e.obsolete and _is_printed(e)]
    return "\n".join(parts)



# ----------------------------------------------------------------------------------------------
# Reader

_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[(\d+)\]|msgstr)(?=[\s\"]|$)")
_WORD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_\[\]]*")
_CHARSET_RE = re.compile(rb"charset=([^\s\\\"]+)")
_UNESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
              "\\": "\\", '"': '"', "'": "'", "?": "?"}


def _fail(message: str, path: str, line: int) -> CatalogError:
    return CatalogError(message, path=path, line=line)


def _codec(charset: str) -> str | None:
    """Python's codec for a PO charset; None for what gettext cannot read either: unknown
    names, byte transforms (base64, zlib, rot13) and charsets that are not ASCII-compatible
    (UTF-16, UTF-7: the keywords themselves would not be ASCII)."""
    if charset.upper() in ("CHARSET", "ASCII", "US-ASCII"):
        return "utf-8"
    try:
        info = codecs.lookup(charset)
        if not getattr(info, "_is_text_encoding", True):
            return None
        probe = 'msgid "" msgstr "\\n#~|[]:,.'
        if probe.encode(info.name) != probe.encode("ascii"):
            return None
    except (LookupError, UnicodeError):
        return None
    return info.name


def _decode(data: bytes, path: str) -> tuple[str, str]:
    """Bytes to text by the header's charset (and that codec's name); bad bytes name their
    line and byte offset."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    m = _CHARSET_RE.search(data)
    charset = m.group(1).decode("ascii", "replace") if m else "UTF-8"
    codec = _codec(charset)
    if codec is None:
        line = data[: m.start()].count(b"\n") + 1 if m else 1
        raise _fail(f"unknown charset {charset!r} in the header", path, line) from None
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError as exc:
        head = data[: exc.start]
        line = head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1
        name = "UTF-8" if codec == "utf-8" else charset
        raise _fail(f"invalid {name} at byte offset {exc.start}", path, line) from None


def charset_of(po: polib.POFile) -> str:
    """The codec a catalog is written in: its header's charset (UTF-8 when none or unknown)."""
    m = _CHARSET_RE.search(po.metadata.get("Content-Type", "").encode("ascii", "replace"))
    return (_codec(m.group(1).decode("ascii")) if m else None) or "utf-8"


def encode_po(po: polib.POFile) -> bytes:
    """The catalog as bytes in its declared charset, as gettext tools keep it. A text that
    charset cannot hold (a machine translation with a typographic dash in a KOI8-R catalog)
    converts the catalog to UTF-8, header included, rather than failing or losing it."""
    text = dumps(po)
    codec = charset_of(po)
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        ctype = po.metadata.get("Content-Type", "text/plain; charset=UTF-8")
        po.metadata["Content-Type"] = re.sub(r"charset=[^\s;]+", "charset=UTF-8", ctype)
        return dumps(po).encode("utf-8")


_ESCAPE_RE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]+)|(.|\Z))", re.DOTALL)


def _unescape(body: str, path: str, line: int) -> str:
    done: list[str] = []  # joined pieces: a list of every piece cost ~60 bytes per escape
    out: list[str] = []
    pos = 0
    for m in _ESCAPE_RE.finditer(body):
        if len(out) > 4096:
            done.append("".join(out))
            out.clear()
        out.append(body[pos : m.start()])
        octal, hexa, other = m.groups()
        if octal:
            out.append(chr(int(octal, 8)))
        elif hexa:
            out.append(chr(int(hexa[-2:], 16)))  # gettext keeps the low byte
        elif other and other in _UNESCAPES:
            out.append(_UNESCAPES[other])
        else:
            raise _fail(f"invalid escape sequence '\\{other}' in string", path, line)
        pos = m.end()
    out.append(body[pos:])
    done.append("".join(out))
    return "".join(done)


def _closing_quote(text: str, start: int) -> int:
    """Index of the quote closing the string opened at ``start``, or -1. With str.find, not a
    regex: a regex kept state per character (120-200 bytes each: a 50 MB msgid took 10 GB) or,
    unterminated, backtracked through it."""
    pos = start + 1
    while True:
        q = text.find('"', pos)
        if q < 0:
            return -1
        k = q - 1
        while text[k] == "\\":  # never passes ``start``: text[start] is a quote
            k -= 1
        if (q - 1 - k) % 2 == 0:  # an even run of backslashes: this quote is not escaped
            return q
        pos = q + 1


def _strings(rest: str, path: str, line: int) -> list[str]:
    """The quoted strings on the rest of a line (one or more, separated by blanks)."""
    out = []
    rest = rest.strip(" \t\f\v")
    if not rest:
        raise _fail("missing string after keyword", path, line)
    pos = 0
    while pos < len(rest):
        if rest[pos] != '"':
            raise _fail(f"expected a quoted string, found {rest[pos:pos + 20]!r}", path, line)
        end = _closing_quote(rest, pos)
        if end < 0:
            raise _fail("unterminated string", path, line)
        body = rest[pos + 1 : end]
        # Most strings have no escapes: skip the escape scan for them.
        out.append(_unescape(body, path, line) if "\\" in body else body)
        pos = end + 1
        while pos < len(rest) and rest[pos] in " \t\f\v":
            pos += 1
    return out


class _Draft:
    """An entry being read: comments, then keywords in gettext's order."""

    def __init__(self) -> None:
        self.entry = polib.POEntry()
        self.entry.msgid = None  # type: ignore[assignment]
        self.tcomments: list[str] = []
        self.comments: list[str] = []
        self.field: str | None = None  # the keyword continuation strings extend
        self.field_line = 0
        self.msgid_line = 0
        self.msgstr_line = 0
        self.prev_field: str | None = None
        self.obsolete: bool | None = None
        self.plural: dict[int, str] = {}
        self.msgstr: str | None = None
        self.more: list[str] = []  # continuation strings of ``field`` not yet added to it

    def flush(self) -> None:
        if not self.more:
            return
        value = "".join(self.more)
        self.more = []
        field = self.field
        assert field is not None
        if field.startswith("msgstr["):
            self.plural[int(field[7:-1])] += value
        elif field == "msgstr":
            self.msgstr = (self.msgstr or "") + value
        else:
            setattr(self.entry, field, (getattr(self.entry, field) or "") + value)


def _split_lines(text: str) -> list[str]:
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def parse_po(text: str | bytes, *, path: str = "<string>") -> polib.POFile:
    """Parse a .po/.pot text strictly; any defect raises CatalogError as ``path:line: message``."""
    codec = "utf-8"
    if isinstance(text, bytes):
        text, codec = _decode(text, path)
    if text.startswith("\ufeff"):
        text = text[1:]
    po = polib.POFile(wrapwidth=PAGE_WIDTH, check_for_duplicates=False)
    po.encoding = codec
    po.fpath = path if path != "<string>" else None
    # Files in the usual layout (what gettext tools and localize write) take the fast path;
    # anything else, and every defect, goes through the line-by-line reader.
    # Reading creates objects and no cycles: the collector only slowed it (by a third).
    collecting = gc.isenabled()
    gc.disable()
    try:
        entries = _entries_fast(text)
        if entries is None:
            entries = _entries_slow(text, path)
    finally:
        if collecting:
            gc.enable()

    seen: dict[tuple[str | None, str], int] = {}
    header: polib.POEntry | None = None
    for e, msgid_line, _ in entries:
        key = (e.msgctxt, e.msgid)  # gettext: an obsolete twin of a live entry clashes too
        if key in seen:
            raise _fail(f"duplicate message definition (first defined at line {seen[key]})",
                        path, msgid_line)
        seen[key] = msgid_line
        if header is None and not e.obsolete and e.msgid == "" and e.msgctxt is None:
            header = e
            po.header_position = sum(1 for x in po if not x.obsolete)  # msgcat keeps it there
            continue
        po.append(e)
    if header is not None:
        _set_header(po, header)
        _check_plurals(po, entries, path)
    return po


def _entries_slow(text: str, path: str) -> list[tuple[polib.POEntry, int, int]]:
    """The line-by-line reader: every entry with its msgid and msgstr lines, or CatalogError."""
    entries: list[tuple[polib.POEntry, int, int]] = []
    draft = _Draft()
    lines = _split_lines(text)

    def finish(d: _Draft, line: int) -> None:
        d.flush()
        e = d.entry
        if e.msgid is None:
            if d.prev_field is not None or d.entry.msgctxt is not None:
                raise _fail("msgctxt without msgid", path, d.field_line)
            return  # comments alone (e.g. at the end of the file) carry no message
        if d.msgstr is None and not d.plural:
            if e.msgid_plural:
                raise _fail("msgid_plural without msgstr[0]", path, line)
            raise _fail("msgid without msgstr", path, d.msgid_line)
        if d.plural:
            e.msgstr_plural = dict(d.plural)
        else:
            e.msgstr = d.msgstr or ""
        e.obsolete = bool(d.obsolete)
        e.tcomment = "\n".join(d.tcomments)
        e.comment = "\n".join(d.comments)
        e.linenum = d.msgid_line
        entries.append((e, d.msgid_line, d.msgstr_line))

    for lineno, raw in enumerate(lines, start=1):
        line = raw.lstrip(" \t\f\v")
        if not line.strip():
            continue
        obsolete = False
        previous = False
        if line.startswith("#~"):
            obsolete = True
            line = line[2:].lstrip(" \t")
            if line.startswith("|"):
                previous = True
                line = line[1:].lstrip(" \t")
            if not line:
                continue
        elif line.startswith("#|"):
            previous = True
            line = line[2:].lstrip(" \t")
        elif line.startswith("#"):
            draft.flush()
            if draft.msgstr is not None or draft.plural:
                finish(draft, lineno)
                draft = _Draft()
            _comment(line, draft.entry, draft.tcomments, draft.comments)
            continue

        if line.startswith('"'):
            if draft.field is None:
                raise _fail("string without a keyword before it", path, lineno)
            if draft.obsolete is not None and obsolete != draft.obsolete:
                raise _fail("continuation string mixes obsolete and active lines", path, lineno)
            # Joined once at the next keyword: adding each line to the field was quadratic.
            draft.more += _strings(line, path, lineno)
            continue
        draft.flush()

        m = _KEYWORD_RE.match(line)
        if m is None:
            word = _WORD_RE.match(line)
            found = word.group(0) if word else line.split()[0] if line.split() else line
            raise _fail(f"unknown keyword '{found}'", path, lineno)
        keyword = m.group(1)
        value = "".join(_strings(line[m.end():], path, lineno))
        if previous:
            if keyword.startswith("msgstr"):
                raise _fail(f"'{keyword}' cannot be a previous (#|) field", path, lineno)
            if draft.msgstr is not None or draft.plural or draft.entry.msgid is not None:
                finish(draft, lineno)
                draft = _Draft()
            attr = "previous_" + keyword
            setattr(draft.entry, attr, value)
            draft.field, draft.field_line, draft.prev_field = attr, lineno, attr
            continue

        if keyword in ("msgctxt", "msgid"):
            if draft.msgstr is not None or draft.plural:
                finish(draft, lineno)
                draft = _Draft()
            elif draft.entry.msgid is not None:
                raise _fail("msgid without msgstr", path, draft.msgid_line)
            if keyword == "msgctxt" and draft.entry.msgctxt is not None:
                raise _fail("duplicate msgctxt", path, lineno)
        elif draft.entry.msgid is None:
            raise _fail(f"{keyword.split('[')[0]} without msgid", path, lineno)
        if draft.obsolete is None:
            draft.obsolete = obsolete
        elif draft.obsolete != obsolete:
            raise _fail("entry mixes obsolete (#~) and active lines", path, lineno)
        e = draft.entry
        if keyword == "msgctxt":
            e.msgctxt = value
        elif keyword == "msgid":
            e.msgid = value
            draft.msgid_line = lineno
        elif keyword == "msgid_plural":
            if draft.msgstr is not None or draft.plural or e.msgid_plural:
                raise _fail("msgid_plural must follow msgid", path, lineno)
            e.msgid_plural = value
        elif keyword == "msgstr":
            if e.msgid_plural:
                raise _fail("msgid_plural requires msgstr[0], not msgstr", path, lineno)
            if draft.msgstr is not None:
                raise _fail("duplicate msgstr", path, lineno)
            draft.msgstr = value
            draft.msgstr_line = lineno
        else:
            n = int(m.group(2))
            if not e.msgid_plural:
                raise _fail(f"msgstr[{n}] without msgid_plural", path, lineno)
            if n != len(draft.plural):
                raise _fail(f"msgstr[{n}] out of order, expected msgstr[{len(draft.plural)}]",
                            path, lineno)
            draft.plural[n] = value
            draft.msgstr_line = draft.msgstr_line or lineno
        draft.field, draft.field_line = keyword, lineno
    finish(draft, len(lines) + 1)
    return entries


# A file name with white space in it, as gettext (0.22 on) writes it: between Unicode's
# FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, so a tab or space does not split it.
_FSI, _PDI = "\u2068", "\u2069"
_REFERENCE = re.compile(f"{_FSI}[^{_PDI}]*{_PDI}(?::[0-9]+)?|\\S+")


def _comment(line: str, e: polib.POEntry, tcomments: list[str], comments: list[str]) -> None:
    """One ``#`` line (not ``#~`` or ``#|``) into the entry it precedes."""
    kind, body = line[1:2], line[2:]
    if kind == ".":
        comments.append(body[1:] if body.startswith(" ") else body)
    elif kind == ":":
        for ref in _REFERENCE.findall(body):
            fname, sep, num = ref.rpartition(":")
            if not (sep and num.isdigit()):
                fname, num = ref, ""
            if fname.startswith(_FSI) and fname.endswith(_PDI):
                fname = fname[1:-1]
            e.occurrences.append((fname, num))
    elif kind == ",":
        e.flags += [f.strip() for f in body.split(",") if f.strip()]
    else:
        body = line[1:]
        tcomments.append(body[1:] if body.startswith(" ") else body)


# One quoted string, escapes unchecked; an unrolled loop ("normal* (special normal*)*"): with
# an alternation inside the repeat, sre kept state per character (10 GB for a 50 MB msgid).
_Q = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'


def _fast_patterns(o: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """An entry, and one plural form, in the usual layout; ``o`` prefixes obsolete lines."""
    strs = rf"{_Q}\n(?:{o}{_Q}\n)*"
    entry = re.compile(
        r"(?P<c>(?:#(?![~|])[^\n]*\n|#\| [^\n]*\n)*)"
        rf"(?:{o}msgctxt (?P<x>{strs}))?"
        rf"{o}msgid (?P<i>{strs})"
        rf"(?:{o}msgid_plural (?P<p>{strs})(?P<n>(?:{o}msgstr\[\d+\] {strs})+)"
        rf"|{o}msgstr (?P<s>{strs}))"
        r"\n*"
    )
    return entry, re.compile(rf"{o}msgstr\[(\d+)\] ({strs})")


_FAST_LIVE = _fast_patterns("")
_FAST_OBSOLETE = _fast_patterns("#~ ")
_PREVIOUS = re.compile(rf"#\| (?:(msgctxt|msgid_plural|msgid) )?({_Q})")


def _value(block: str) -> str | None:
    """The text of consecutive quoted lines; None when an escape needs the strict reader."""
    if "#~ " in block:
        block = block.replace('\n#~ "', '\n"')
    value = "".join(block[1:-2].split('"\n"'))
    if "\\" in value:
        try:
            return _unescape(value, "", 0)
        except CatalogError:
            return None
    return value


def _fast_comments(
    block: str, e: polib.POEntry, tcomments: list[str], comments: list[str]
) -> bool:
    """The comment lines before an entry, ``#|`` ones included; False where the strict reader
    must decide."""
    field: str | None = None
    for raw in block.splitlines():
        if not raw.startswith("#| "):
            _comment(raw, e, tcomments, comments)
            continue
        m = _PREVIOUS.fullmatch(raw)
        value = _value(m.group(2) + "\n") if m else None
        if m is None or value is None:
            return False
        if m.group(1):
            field = "previous_" + m.group(1)
            setattr(e, field, value)
        elif field is None:
            return False
        else:
            setattr(e, field, getattr(e, field) + value)
    return True


def _entries_fast(text: str) -> list[tuple[polib.POEntry, int, int]] | None:
    """Entries of a catalog in the usual layout, as the strict reader would give them; None
    for anything else (other line ends, indentation, odd spacing, #~| lines, defects)."""
    if "\r" in text:  # CRLF files (Windows editors) are common; a lone CR is not
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    if text and not text.endswith("\n"):
        text += "\n"
    entries: list[tuple[polib.POEntry, int, int]] = []
    pos, line, end = 0, 1, len(text)
    while text.startswith("\n", pos):  # leading blank lines
        pos += 1
        line += 1
    count = text.count
    while pos < end:
        obsolete = False
        entry_re, plural_re = _FAST_LIVE
        m = entry_re.match(text, pos)
        if m is None:
            obsolete = True
            entry_re, plural_re = _FAST_OBSOLETE
            m = entry_re.match(text, pos)
            if m is None:
                return None
        e = polib.POEntry()
        tcomments: list[str] = []
        comments: list[str] = []
        if m.start("i") > pos and not _fast_comments(m.group("c"), e, tcomments, comments):
            return None
        msgctxt = m.group("x")
        if msgctxt is not None:
            e.msgctxt = _value(msgctxt)
            if e.msgctxt is None:
                return None
        msgid = _value(m.group("i"))
        if msgid is None:
            return None
        e.msgid = msgid
        msgid_line = line + count("\n", pos, m.start("i"))
        if m.group("s") is not None:
            msgstr = _value(m.group("s"))
            if msgstr is None:
                return None
            e.msgstr = msgstr
            msgstr_line = line + count("\n", pos, m.start("s"))
        else:
            plural = _value(m.group("p"))
            if plural is None:
                return None
            e.msgid_plural = plural
            forms: dict[int, str] = {}
            for k, pm in enumerate(plural_re.finditer(m.group("n"))):
                form = _value(pm.group(2))
                if int(pm.group(1)) != k or form is None:
                    return None
                forms[k] = form
            e.msgstr_plural = forms
            msgstr_line = line + count("\n", pos, m.start("n"))
        e.obsolete = obsolete
        e.tcomment = "\n".join(tcomments)
        e.comment = "\n".join(comments)
        e.linenum = msgid_line
        entries.append((e, msgid_line, msgstr_line))
        line += count("\n", pos, m.end())
        pos = m.end()
    return entries


def _set_header(po: polib.POFile, header: polib.POEntry) -> None:
    po.header = header.tcomment
    po.metadata_is_fuzzy = "fuzzy" in header.flags
    # Each field's line as written (order, duplicates, trailing spaces), for the writer.
    lines: list[list[str | None]] = []
    key = None
    for line in header.msgstr.split("\n"):
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        if sep and name.strip() and " " not in name.strip():
            key = name.strip()
            po.metadata[key] = value.strip()
            lines.append([key, line])
        elif key is not None:
            po.metadata[key] += "\n" + line.strip()
            lines[-1][1] = f"{lines[-1][1]}\n{line}"
        else:
            lines.append([None, line])
    set_header_lines(po, [(k, raw) for k, raw in lines])  # type: ignore[misc]


def set_header_lines(po: polib.POFile, lines: list[tuple[str | None, str]]) -> None:
    """Remember the header's lines as read; fields whose value is unchanged are written so."""
    po.header_lines = lines
    po.header_read = dict(po.metadata)


def _check_plurals(
    po: polib.POFile, entries: list[tuple[polib.POEntry, int, int]], path: str
) -> None:
    from localize.lang import declared_nplurals

    nplurals = declared_nplurals(po.metadata.get("Plural-Forms", ""))
    if nplurals is None:
        return
    for e, _, msgstr_line in entries:
        if e.obsolete or not e.msgid_plural:
            continue
        count = len(e.msgstr_plural)
        if count != nplurals:
            raise PluralCountError(
                f"{count} plural forms, but the header's Plural-Forms has nplurals={nplurals}",
                path=path,
                line=msgstr_line,
            )


def read_po(path: str | Path) -> polib.POFile:
    """Read and parse a .po/.pot file; see :func:`parse_po`."""
    # No name for the bytes here: parse_po drops them once decoded (one copy less at the peak).
    po = parse_po(
        read_regular_file(path, "catalog", CatalogError, MAX_CATALOG_BYTES), path=str(path)
    )
    po.fpath = str(path)
    return po
