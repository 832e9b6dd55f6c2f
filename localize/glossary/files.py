"""Glossary files: CSV (read), and what reading any glossary file shares (TBX uses it too).

CSV: a header of language codes plus optional ``dnt``, ``case`` and ``note`` columns. A cell holds
the preferred form first, then accepted forms (inflections) separated by ``|``.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from localize.errors import GlossaryError, LocalizeError
from localize.glossary.terms import Glossary, Term, norm_space, term_key
from localize.lang import check_locale

__all__ = [
    "parse_csv",
    "read_csv",
    "dumps_csv",
    "write_csv",
    "YES",
    "read_glossary_bytes",
]

_OPTIONAL = ("dnt", "case", "note")
YES = {
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
    "": False,
}


def _decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GlossaryError(
            f"not UTF-8 (byte 0x{data[exc.start]:02x})", path=path, line=line
        ) from None


def _split_forms(cell: str, column: str, path: str, line: int) -> tuple[str, ...]:
    if not cell:
        return ()
    forms = tuple(unicodedata.normalize("NFC", norm_space(f)) for f in cell.split("|"))
    if not all(forms):
        raise GlossaryError(f"empty form in {column!r} cell", path=path, line=line)
    return forms


def parse_csv(text: str | bytes, *, path: str = "<csv>", source: str = "en") -> Glossary:
    """Parse a CSV glossary; GlossaryError with ``path:line`` for anything malformed."""
    if isinstance(text, bytes):
        text = _decode(text, path)
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise GlossaryError(f"malformed CSV: {exc}", path=path, line=1) from None
    if not header or not any(h.strip() for h in header):
        raise GlossaryError("empty glossary (no header line)", path=path, line=1)
    names = [h.strip() for h in header]
    langs: list[str] = []
    for number, name in enumerate(names, 1):
        if name in _OPTIONAL:
            continue
        if not name:
            raise GlossaryError(f"header: column {number} has no name", path=path, line=1)
        try:
            langs.append(check_locale(name))
        except LocalizeError as exc:
            raise GlossaryError(f"header: {exc.message}", path=path, line=1) from None
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise GlossaryError(f"header: column {dup!r} appears twice", path=path, line=1)
    if source not in langs:
        raise GlossaryError(
            f"header: no {source!r} column for the source language", path=path, line=1
        )
    lang_names = [n for n in names if n not in _OPTIONAL]
    terms: list[Term] = []
    seen: dict[str, int] = {}
    while True:
        line = reader.line_num + 1  # where the row starts (a quoted cell may span lines)
        try:
            row = next(reader, None)
        except csv.Error as exc:
            raise GlossaryError(f"malformed CSV: {exc}", path=path, line=line) from None
        if row is None:
            break
        if not row or all(not c.strip() for c in row) or row[0].lstrip().startswith("#"):
            continue
        if len(row) != len(names):
            raise GlossaryError(
                f"{len(row)} columns, the header has {len(names)}", path=path, line=line
            )
        cells = {n: _unguarded(c.strip()) for n, c in zip(names, row, strict=True)}
        sources = _split_forms(cells[lang_names[langs.index(source)]], source, path, line)
        if not sources:
            raise GlossaryError(f"empty {source!r} term", path=path, line=line)
        dnt_raw = cells.get("dnt", "").lower()
        if dnt_raw not in YES:
            raise GlossaryError(
                f"dnt must be yes or no, not {cells['dnt']!r}", path=path, line=line
            )
        case_raw = cells.get("case", "").lower() or "sensitive"
        if case_raw not in ("sensitive", "insensitive"):
            raise GlossaryError(
                f"case must be sensitive or insensitive, not {cells['case']!r}",
                path=path,
                line=line,
            )
        for variant in sources:
            key = term_key(variant, False)
            if key in seen:
                raise GlossaryError(
                    f"duplicate term {variant!r} (first at line {seen[key]})", path=path, line=line
                )
            seen[key] = line
        targets, flagged = [], []
        for name, lang in zip(lang_names, langs, strict=True):
            if lang == source or not cells[name]:
                continue
            forms = _split_forms(cells[name], name, path, line)
            # "!form": a form the translation must not use (TBX: forbidden, deprecated)
            good = tuple(f for f in forms if not f.startswith("!"))
            bad = tuple(f[1:].strip() for f in forms if f.startswith("!"))
            if not all(bad):
                raise GlossaryError(f"empty form in {name!r} cell", path=path, line=line)
            if good:
                targets.append((lang, good))
            if bad:
                flagged.append((lang, bad))
        # A do-not-translate term with a form in a language: that language's exception.
        terms.append(
            Term(
                sources,
                tuple(targets),
                YES[dnt_raw],
                case_raw == "sensitive",
                cells.get("note", ""),
                f"{path}:{line}",
                tuple(flagged),
            )
        )
    return Glossary(tuple(terms), source)


def read_glossary_bytes(path: Path) -> bytes:
    from localize.fileio import read_regular_file

    return read_regular_file(path, "glossary file", GlossaryError)


def read_csv(path: str | Path, *, source: str = "en") -> Glossary:
    """Read a CSV glossary file (UTF-8, a BOM tolerated)."""
    path = Path(path)
    return parse_csv(read_glossary_bytes(path), path=str(path), source=source)


# A spreadsheet takes a cell starting with one of these for a formula (``=cmd|' /c calc'!A1``
# runs a program in some): written with a ``'`` before it, which spreadsheets show as text and
# hide, and which reading takes off again (OWASP's advice for CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _guarded(cell: str) -> str:
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell


def _unguarded(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def _cell(forms: tuple[str, ...], flagged: tuple[str, ...] = ()) -> str:
    return "|".join([*forms, *(f"!{f}" for f in flagged)])


def dumps_csv(glossary: Glossary) -> str:
    """The glossary as CSV (the format :func:`parse_csv` reads): a column per language."""
    langs: list[str] = []
    for term in glossary.terms:
        for lang, _ in (*term.targets, *term.flagged):
            if lang not in langs and lang != glossary.source:
                langs.append(lang)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([glossary.source, *langs, "dnt", "case", "note"])
    for term in glossary.terms:
        targets, flagged = dict(term.targets), dict(term.flagged)
        row = [
            _cell(term.sources),
            *(_cell(targets.get(lang, ()), flagged.get(lang, ())) for lang in langs),
            "yes" if term.dnt else "",
            "" if term.case_sensitive else "insensitive",
            term.note,
        ]
        writer.writerow([_guarded(cell) for cell in row])
    return out.getvalue()


def write_csv(glossary: Glossary, path: str | Path) -> None:
    """Write ``glossary`` as CSV, atomically."""
    from localize.fileio import atomic_write_text

    atomic_write_text(path, dumps_csv(glossary))
