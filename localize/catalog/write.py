"""The catalog writer: a catalog's text exactly as GNU msgcat 0.21 prints it at page width 79,
and its bytes in the catalog's own charset."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

import polib

from localize.catalog.charset import charset_of
from localize.catalog.directives import directive_format, directive_interior, flag_state, flags_line
from localize.catalog.linebreak import CJK_CHARSETS, CJK_CODES, CODES, Breaker
from localize.catalog.read import FSI, PAGE_WIDTH, PDI

__all__ = ["dumps", "encode_po", "mo_header", "entry_text", "same_content"]

_ESCAPES = {
    "\a": "a",
    "\b": "b",
    "\f": "f",
    "\n": "n",
    "\r": "r",
    "\t": "t",
    "\v": "v",
    "\\": "\\",
    '"': '"',
}

_ESCAPE_TABLE = str.maketrans({k: "\\" + v for k, v in _ESCAPES.items()})
_ESCAPED = re.compile(r"\\.")


# A catalog is written at every checkpoint of a run, its strings mostly unchanged: the wrapped
# form depends only on these arguments, so it is computed once per string (bounded cache).
@lru_cache(maxsize=1 << 16)
def _wrapped(
    prefix: str, name: str, value: str, no_wrap: bool, fmt: str | None, cjk: bool = False
) -> str:
    return _wrap(prefix, name, value, no_wrap=no_wrap, fmt=fmt, cjk=cjk)


def _wrap(
    prefix: str, name: str, value: str, *, no_wrap: bool, fmt: str | None, cjk: bool = False
) -> str:
    """One keyword and its string, wrapped exactly as write-po.c's wrap() does."""
    out: list[str] = []
    width = (PAGE_WIDTH if not no_wrap else 1 << 30) - 2 - len(prefix)
    inside = directive_interior(value, fmt, name.startswith("msgstr"))
    first_line = True
    parts = value.split("\n")
    portions = [part + "\n" for part in parts[:-1]]
    if parts[-1] or not portions:
        portions.append(parts[-1])
    pos = 0
    for k, portion in enumerate(portions):
        s = portion.translate(_ESCAPE_TABLE)
        # No break inside an escape sequence, before the final "\n", or inside a directive.
        forbidden: list[int] = []
        if len(s) != len(portion):
            forbidden = [m.end() - 1 for m in _ESCAPED.finditer(s)]
        if portion.endswith("\n"):
            forbidden.append(len(s) - 2)
        if inside is not None and any(inside[pos : pos + len(portion)]):
            j = 0
            for ch, inner in zip(portion, inside[pos : pos + len(portion)], strict=True):
                step = 2 if ch in _ESCAPES else 1
                if inner:
                    forbidden.extend(range(j, j + step))
                j += step
        if forbidden:
            forbidden = sorted(set(forbidden))
        breaker = Breaker(s.translate(CJK_CODES if cjk else CODES), forbidden)
        while True:
            column = len(name) + 1 if first_line else 0
            breaks = breaker.breaks(width, column)
            if first_line and s and (k + 1 < len(portions) or column > width or breaks):
                out.append(f'{prefix}{name} ""\n')
                first_line = False
                continue
            break
        head = prefix + (name + " " if first_line else "") + '"'
        first_line = False
        if breaks:
            cuts = [0, *breaks, len(s)]
            s = ('"\n' + prefix + '"').join(s[i:j] for i, j in pairwise(cuts))
        out.append(head + s + '"\n')
        pos += len(portion)
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
            fname = f"{FSI}{fname}{PDI}"
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


def entry_text(entry: polib.POEntry, header_tcomment: str | None = None, cjk: bool = False) -> str:
    """One message as msgcat prints it (without the separating blank line)."""
    obsolete = bool(entry.obsolete)
    plural = bool(entry.msgid_plural) or bool(entry.msgstr_plural)
    strings = _plural_strings(entry) if plural else [entry.msgstr or ""]
    translated = strings[0] != ""
    flags = tuple(entry.flags)
    _, _, _, no_wrap = flag_state(flags)
    fmt = directive_format(flags)

    def wrap(prefix: str, name: str, value: str) -> str:
        return _wrapped(prefix, name, value, no_wrap, fmt, cjk)

    out = [
        _comment_lines("#", entry.tcomment if header_tcomment is None else header_tcomment),
        _comment_lines("#.", entry.comment),
        _references(entry.occurrences),
        flags_line(flags, translated=translated, obsolete=obsolete),
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


_POT_CREATION_LINE = re.compile(r"^POT-Creation-Date:[^\n]*(?:\n|\Z)", re.MULTILINE)


def _header_text(po: polib.POFile) -> str:
    """The header's msgstr exactly as read (blank lines, a missing final newline: msgcat keeps
    them) while the catalog's header is unchanged, else its fields as the writer writes them."""
    source = getattr(po, "header_source", None)
    if (
        source is not None
        and source[1] is getattr(po, "header_lines", None)
        and source[2] == po.metadata
    ):
        return str(source[0])
    return _header_msgstr(po)


def mo_header(po: polib.POFile) -> str:
    """The header string as msgfmt 0.21 compiles it: the msgstr as read while the catalog's
    header is unchanged (else as the writer writes it), less its first ``POT-Creation-Date``
    line (msgfmt leaves it out for reproducible builds)."""
    return _POT_CREATION_LINE.sub("", _header_text(po), count=1)


def dumps(po: polib.POFile) -> str:
    """The catalog as GNU msgcat would print it: the header where it was (first, usually),
    obsolete entries last."""
    header = polib.POEntry(msgid="", msgstr=_header_text(po))
    if po.metadata_is_fuzzy:
        header.flags.append("fuzzy")
    live = [e for e in po if not e.obsolete]
    at = min(getattr(po, "header_position", 0), len(live))
    cjk = charset_of(po) in CJK_CHARSETS
    parts = [entry_text(e, cjk=cjk) for e in live[:at]]
    parts.append(entry_text(header, header_tcomment=po.header or "", cjk=cjk))
    parts += [entry_text(e, cjk=cjk) for e in live[at:]]
    parts += [entry_text(e, cjk=cjk) for e in po if e.obsolete and _is_printed(e)]
    return "\n".join(parts)


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


def same_content(a: polib.POFile, b: polib.POFile, *, ignore: Sequence[str] = ()) -> bool:
    """True when the two catalogs are written the same but for the header fields in ``ignore``."""

    def norm(po: polib.POFile) -> str:
        meta = po.metadata
        po.metadata = {k: v for k, v in meta.items() if k not in ignore}
        try:
            return dumps(po)
        finally:
            po.metadata = meta

    return norm(a) == norm(b)
