"""Format flags and format directives as gettext 0.21 reads them: the flags an entry is written
with, and the directives inside which its writer never breaks a line."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["flag_state", "flags_line", "directive_format", "directive_interior"]

_FORMATS = (
    "c",
    "objc",
    "python",
    "python-brace",
    "java",
    "java-printf",
    "csharp",
    "javascript",
    "scheme",
    "lisp",
    "elisp",
    "librep",
    "ruby",
    "sh",
    "awk",
    "lua",
    "object-pascal",
    "smalltalk",
    "qt",
    "qt-plural",
    "kde",
    "kde-kuit",
    "boost",
    "tcl",
    "perl",
    "perl-brace",
    "php",
    "gcc-internal",
    "gfc-internal",
    "ycp",
)
_RANGE_RE = re.compile(r"range:\s*(\d+)\s*\.\.\s*(\d+)\Z")


# Catalogs repeat a handful of flag combinations: each is parsed once.
@lru_cache(maxsize=1024)
def flag_state(flags: tuple[str, ...]) -> tuple[bool, dict[str, str], str | None, bool]:
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
                if name.startswith(prefix) and name[len(prefix) :] in _FORMATS:
                    name, state = name[len(prefix) :], st
                    break
            if name in _FORMATS:
                formats[name] = state
        else:
            m = _RANGE_RE.match(flag)
            if m and int(m.group(1)) <= int(m.group(2)):
                rng = f"range: {int(m.group(1))}..{int(m.group(2))}"
    return fuzzy, formats, rng, no_wrap


@lru_cache(maxsize=1024)
def flags_line(entry_flags: tuple[str, ...], *, translated: bool, obsolete: bool) -> str:
    fuzzy, formats, rng, no_wrap = flag_state(entry_flags)
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


@lru_cache(maxsize=1024)
def directive_format(flags: tuple[str, ...]) -> str | None:
    """The format whose directives gettext keeps unbroken: the first one set to yes."""
    _, formats, _, _ = flag_state(flags)
    return next((name for name in _FORMATS if formats.get(name) == "yes"), None)


# Format directives inside which gettext never breaks a line: the spans its parsers (gettext
# 0.21's format-c-parse.h, format-python.c, format-python-brace.c) mark as valid directives.
# A parser stops at the first invalid directive, which is left breakable, as is all after it.


def _at(s: str, i: int) -> str:
    return s[i] if i < len(s) else "\0"


def _digits(s: str, i: int) -> int:
    while "0" <= _at(s, i) <= "9":
        i += 1
    return i


def _c_directives(s: str, translated: bool, objc: bool) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    numbered = unnumbered = 0

    def argument(number: int) -> bool:
        nonlocal numbered, unnumbered
        if number:
            numbered += 1
            return unnumbered == 0
        unnumbered += 1
        return numbered == 0

    def position(i: int) -> tuple[int, int] | None:
        """(argument number or 0, index after it); None for a zero number."""
        j = _digits(s, i)
        if j > i and _at(s, j) == "$":
            number = int(s[i:j])
            return None if number == 0 else (number, j + 1)
        return 0, i

    i = s.find("%")
    while i >= 0:
        start, i = i, i + 1
        pos = position(i)
        if pos is None:
            return out
        number, i = pos
        while _at(s, i) in " +-#0'" or (translated and _at(s, i) == "I"):
            i += 1
        for lead in ("", "."):  # width, then precision
            if lead and _at(s, i) != ".":
                break
            i += len(lead)
            if _at(s, i) == "*":
                pos = position(i + 1)
                if pos is None or not argument(pos[0]):
                    return out
                i = pos[1]
            else:
                i = _digits(s, i)
        if _at(s, i) == "<":
            m = _PRI_MACRO.match(s, i)
            if m is None:
                return out
            i, takes = m.end() - 1, True
        else:
            while _at(s, i) in "hlLqjzZt":
                i += 1
            c = _at(s, i)
            if c in "%m":
                takes = False
            elif c in "cCsSidouxXeEfFgGaApn" or (objc and c == "@"):
                takes = True
            else:
                return out
        if takes and not argument(number):
            return out
        out.append((start, i))
        i = s.find("%", i + 1)
    return out


_PRI_MACRO = re.compile(r"<PRI[diuoxX](?:MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>")


def _python_directives(s: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    named = unnamed = 0
    i = s.find("%")
    while i >= 0:
        start, i = i, i + 1
        name = False
        if _at(s, i) == "(":
            depth = 0
            i += 1
            while i < len(s) and not (s[i] == ")" and depth == 0):
                depth += {"(": 1, ")": -1}.get(s[i], 0)
                i += 1
            if i >= len(s):
                return out
            i, name = i + 1, True
        while _at(s, i) in "-+ #0":
            i += 1
        for lead in ("", "."):
            if lead and _at(s, i) != ".":
                break
            i += len(lead)
            if _at(s, i) == "*":
                if named:
                    return out
                unnamed, i = unnamed + 1, i + 1
            else:
                i = _digits(s, i)
        if _at(s, i) in "hlL":
            i += 1
        c = _at(s, i)
        if c not in "%csridouxXeEfgG":
            return out
        if name:
            if unnamed:
                return out
            named += 1
        elif c != "%":
            if named:
                return out
            unnamed += 1
        out.append((start, i))
        i = s.find("%", i + 1)
    return out


def _brace_protected(s: str) -> int:
    """How many bytes after the first one gettext 0.21 keeps unbroken in a python-brace-format
    string. Its parser marks each directive's start, end and errors at offsets from that
    directive's own "{" (format-python-brace.c sets ``format_start`` per directive), so the
    marks land at the start of the string: if a valid directive was found, the bytes up to the
    nearest end or error mark are one directive to write-po.c; none if that mark is an error."""
    ends: list[int] = []  # offsets of end marks
    errors: list[int] = []  # offsets of error marks
    found = False

    def field(i: int, numeric: bool) -> int | None:
        c = _at(s, i)
        if c.isascii() and (c.isalpha() or c == "_"):
            i += 1
            while _at(s, i).isascii() and (_at(s, i).isalnum() or _at(s, i) == "_"):
                i += 1
            return i
        if numeric and "0" <= c <= "9":
            return _digits(s, i)
        return None

    def directive(i: int, top: bool) -> int | None:
        """Index after the directive at s[i] == "{", or None if it is invalid."""
        nonlocal found
        if _at(s, i + 1) == "{":
            return i + 2
        j = field(i + 1, True)
        if j is None:
            errors.append(1)
            return None
        while _at(s, j) in ".[":
            k = field(j + 1, _at(s, j) == "[")
            if k is None:
                errors.append(j + 1 - i)
                return None
            if _at(s, j) == "[":
                if _at(s, k) != "]":
                    errors.append(k + 1 - i)
                    return None
                k += 1
            j = k
        if _at(s, j) == ":":
            if not top:
                errors.append(j - i)
                return None
            j += 1
            if _at(s, j) == "{":
                k = directive(j, False)
                if k is None:
                    return None
                if _at(s, k) != "}":
                    errors.append(k - i)
                    return None
                j = k
            else:
                if _at(s, j + 1) in "<>=^" and _at(s, j) != "\0":
                    j += 2
                elif _at(s, j) in "<>=^":
                    j += 1
                for sign in ("+- ", "#", "0"):
                    if _at(s, j) in sign:
                        j += 1
                j = _digits(s, j)
                if _at(s, j) == ".":
                    j = _digits(s, j + 1)
                if _at(s, j) in "bcdoxXneEfFgG%":
                    j += 1
                if _at(s, j) != "}":
                    errors.append(j - i)
                    return None
        if _at(s, j) != "}":
            errors.append(j - i)
            return None
        if top:
            found = True
            ends.append(j - i)
        return j + 1

    i = s.find("{")
    while i >= 0:
        end = directive(i, True)
        if end is None:
            break
        i = s.find("{", end)
    if not found:
        return 0
    first_end = min(ends)
    if errors and min(errors) <= first_end:
        return 0
    return first_end


def directive_interior(value: str, fmt: str | None, translated: bool) -> list[bool] | None:
    """True at characters inside (not at the start of) a valid format directive of ``fmt``;
    None when there is none. ``translated``: the string is a msgstr (C's I flag)."""
    if fmt in ("c", "objc"):
        spans = _c_directives(value, translated, fmt == "objc") if "%" in value else []
    elif fmt == "python":
        spans = _python_directives(value) if "%" in value else []
    elif fmt == "python-brace":
        protected = _brace_protected(value) if "{" in value else 0
        if not protected:
            return None
        inside = [False] * len(value)
        offset = 0  # in UTF-8 bytes, as gettext counts
        for k, ch in enumerate(value):
            if offset > protected:
                break
            inside[k] = offset >= 1
            offset += len(ch.encode("utf-8"))
        return inside
    else:
        return None
    if not spans:
        return None
    inside = [False] * len(value)
    for start, end in spans:
        for k in range(start + 1, end + 1):
            inside[k] = True
    return inside
