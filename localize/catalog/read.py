"""The catalog reader: a .po/.pot file's bytes to a :class:`Catalog`, by gettext's grammar and
stricter where gettext is lax; every defect raises ``CatalogError`` as ``path:line: message``."""

from __future__ import annotations

import gc
import re
from pathlib import Path

import polib

from localize.catalog.charset import decode
from localize.errors import CatalogError
from localize.fileio import read_regular_file

__all__ = [
    "Catalog",
    "parse_po",
    "read_po",
    "set_header_lines",
    "PAGE_WIDTH",
    "MAX_CATALOG_BYTES",
    "FSI",
    "PDI",
]

#: gettext's page width: what catalogs are read with (polib's wrapwidth) and written at.
PAGE_WIDTH = 79
#: Largest catalog read (an article's catalog is well under 1 MB; reading takes about five
#: times the file's size in memory, so this bounds it near 2.5 GB).
MAX_CATALOG_BYTES = 512 * 2**20


class Catalog(polib.POFile):
    """polib's POFile as the reader (and a merge) gives it: with the header as the file had it,
    so that the writer keeps what was read (field order, duplicates, spacing, blank lines) while
    it is unchanged. A plain POFile (one made in code) has none of it: the writer writes its
    fields. The defaults below are class attributes, so copies and pickles need no __init__."""

    #: Where the header stood among the live entries (msgcat keeps it there).
    header_position: int = 0
    #: The header's lines as read: (the field, or None for a line without one; the line).
    header_lines: list[tuple[str | None, str]] | None = None
    #: The header's fields as read: one whose value is unchanged is written as it was read.
    header_read: dict[str, str] | None = None
    #: The header's msgstr as read, with the lines and fields it was read with: written (and
    #: compiled) as it was while those are unchanged.
    header_source: tuple[str, list[tuple[str | None, str]] | None, dict[str, str]] | None = None


_KEYWORD_RE = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[(\d+)\]|msgstr)(?=[\s\"]|$)")
_WORD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_\[\]]*")
_UNESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    '"': '"',
    "'": "'",
    "?": "?",
}


def _fail(message: str, path: str, line: int) -> CatalogError:
    return CatalogError(message, path=path, line=line)


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
            raise _fail(f"expected a quoted string, found {rest[pos : pos + 20]!r}", path, line)
        end = _closing_quote(rest, pos)
        if end < 0:
            raise _fail("unterminated string", path, line)
        body = rest[pos + 1 : end]
        # Most strings have no escapes: skip the escape scan for them.
        text = _unescape(body, path, line) if "\\" in body else body
        if "\x04" in text:  # a .mo file could not tell it from msgctxt's end (gettext refuses)
            raise _fail("context separator <EOT> within string", path, line)
        out.append(text)
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
    # As gettext's lexer: a line ends at LF (or CRLF); a lone CR is a character of its line
    # (msgcat keeps one inside a comment). Only a file with no LF at all is read as CR-ended.
    lines = re.split(r"\r\n|\n" if "\n" in text else r"\r", text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def parse_po(text: str | bytes, *, path: str = "<string>") -> Catalog:
    """Parse a .po/.pot text strictly; any defect raises CatalogError as ``path:line: message``."""
    codec = "utf-8"
    if isinstance(text, bytes):
        text, codec = decode(text, path)
    if text.startswith("\ufeff"):
        text = text[1:]
    po = Catalog(wrapwidth=PAGE_WIDTH, check_for_duplicates=False)
    po.encoding = codec
    po.fpath = path if path != "<string>" else None  # type: ignore[assignment]  # polib allows None
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
            raise _fail(
                f"duplicate message definition (first defined at line {seen[key]})",
                path,
                msgid_line,
            )
        seen[key] = msgid_line
        if header is None and not e.obsolete and e.msgid == "" and e.msgctxt is None:
            header = e
            po.header_position = sum(1 for x in po if not x.obsolete)  # msgcat keeps it there
            continue
        po.append(e)
    if header is not None:
        # A plural entry whose form count differs from the header's nplurals is read, as
        # msgcat, msgfmt and msgmerge read it: `check` reports it ([plurals]), msgfmt -c too.
        _set_header(po, header)
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
        value = "".join(_strings(line[m.end() :], path, lineno))
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
                raise _fail(
                    f"msgstr[{n}] out of order, expected msgstr[{len(draft.plural)}]", path, lineno
                )
            draft.plural[n] = value
            draft.msgstr_line = draft.msgstr_line or lineno
        draft.field, draft.field_line = keyword, lineno
    finish(draft, len(lines) + 1)
    return entries


# A file name with white space in it, as gettext (0.22 on) writes it: between Unicode's
# FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, so a tab or space does not split it.
FSI, PDI = "\u2068", "\u2069"
_REFERENCE = re.compile(f"{FSI}[^{PDI}]*{PDI}(?::[0-9]+)?|\\S+")


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
            if fname.startswith(FSI) and fname.endswith(PDI):
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
            value = _unescape(value, "", 0)
        except CatalogError:
            return None
    return None if "\x04" in value else value


def _fast_comments(block: str, e: polib.POEntry, tcomments: list[str], comments: list[str]) -> bool:
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
            ctxt = _value(msgctxt)
            if ctxt is None:
                return None
            e.msgctxt = ctxt
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


def _set_header(po: Catalog, header: polib.POEntry) -> None:
    po.header = header.tcomment
    po.metadata_is_fuzzy = "fuzzy" in header.flags
    # Each field's line as written (order, duplicates, trailing spaces), for the writer.
    lines: list[tuple[str | None, str]] = []
    key = None
    for line in header.msgstr.split("\n"):
        if not line.strip():
            continue
        name, sep, value = line.partition(":")
        if sep and name.strip() and " " not in name.strip():
            key = name.strip()
            po.metadata[key] = value.strip()
            lines.append((key, line))
        elif key is not None:
            po.metadata[key] += "\n" + line.strip()
            lines[-1] = (key, f"{lines[-1][1]}\n{line}")
        else:
            lines.append((None, line))
    set_header_lines(po, lines)
    # The msgstr exactly as read (blank lines, spacing, a missing final newline): what msgfmt
    # compiles while the header is unchanged.
    po.header_source = (header.msgstr, po.header_lines, dict(po.metadata))


def set_header_lines(po: Catalog, lines: list[tuple[str | None, str]]) -> None:
    """Remember the header's lines as read; fields whose value is unchanged are written so."""
    po.header_lines = lines
    po.header_read = dict(po.metadata)


def read_po(path: str | Path) -> Catalog:
    """Read and parse a .po/.pot file; see :func:`parse_po`."""
    # No name for the bytes here: parse_po drops them once decoded (one copy less at the peak).
    po = parse_po(
        read_regular_file(path, "catalog", CatalogError, MAX_CATALOG_BYTES), path=str(path)
    )
    po.fpath = str(path)
    return po
