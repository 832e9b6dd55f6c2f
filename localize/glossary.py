"""Terminology: load CSV/TBX glossaries, find terms in the source, protect them through machine
translation, verify the result, and check human-edited catalogs.

CSV: a header of language codes plus optional ``dnt``, ``case`` and ``note`` columns. A cell holds
the preferred form first, then accepted forms (inflections) separated by ``|``.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import polib

from localize.errors import GlossaryError, LocalizeError
from localize.lang import check_locale

__all__ = [
    "Term",
    "Glossary",
    "TermMatch",
    "Protected",
    "Violation",
    "GlossaryFinding",
    "Candidate",
    "parse_csv",
    "read_csv",
    "read_tbx",
    "write_tbx",
    "dumps_tbx",
    "load_glossaries",
    "find_terms",
    "protect",
    "restore",
    "repair",
    "verify",
    "enforce",
    "hits_comment",
    "dnt_terms",
    "glossary_rows",
    "suggest_terms",
    "check_catalog_glossary",
]

_OPTIONAL = ("dnt", "case", "note")
_YES = {
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


@dataclass(frozen=True)
class Term:
    sources: tuple[str, ...]  # source variants; the first is the name shown
    targets: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (lang, forms), preferred first
    dnt: bool = False
    case_sensitive: bool = True
    note: str = ""
    origin: str = ""  # file:line

    @property
    def name(self) -> str:
        return self.sources[0]

    def forms(self, lang: str) -> tuple[str, ...]:
        """Accepted target forms in ``lang`` (the source itself for do-not-translate terms)."""
        if self.dnt:
            return self.sources
        base = lang.split("_")[0]
        table = dict(self.targets)
        return table.get(lang) or table.get(base) or ()


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    source: str = "en"

    @cached_property
    def _patterns(self) -> list[tuple[re.Pattern[str], dict[str, Term]]]:
        out = []
        for sensitive in (True, False):
            lookup: dict[str, Term] = {}
            for term in self.terms:
                if term.case_sensitive == sensitive:
                    for variant in term.sources:
                        key = variant if sensitive else variant.casefold()
                        lookup.setdefault(_norm_space(key), term)
            if lookup:
                alts = sorted(lookup, key=len, reverse=True)
                body = "|".join(_phrase(a) for a in alts)
                flags = 0 if sensitive else re.IGNORECASE
                # Not inside a word, nor a hyphenated compound ("Russia-controlled").
                out.append((re.compile(rf"(?<![\w-])(?:{body})(?!\w|-\w)", flags), lookup))
        return out


def _norm_space(text: str) -> str:
    return " ".join(text.split())


def _phrase(text: str) -> str:
    """A regex for ``text`` where any run of white space (NBSP too) matches a space."""
    return r"\s+".join(re.escape(w) for w in text.split())


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int
    term: Term
    text: str  # the source form as it occurs


def find_terms(glossary: Glossary | None, text: str) -> list[TermMatch]:
    """Glossary terms in ``text``: whole words, longest first, possessives included, no overlap."""
    if glossary is None:
        return []
    found: list[TermMatch] = []
    for pattern, lookup in glossary._patterns:
        sensitive = not pattern.flags & re.IGNORECASE
        for m in pattern.finditer(text):
            key = _norm_space(m.group() if sensitive else m.group().casefold())
            found.append(TermMatch(m.start(), m.end(), lookup[key], m.group()))
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    out: list[TermMatch] = []
    for match in found:
        if out and match.start < out[-1].end:
            continue
        out.append(match)
    return out


# --- loading -------------------------------------------------------------------------------


def parse_csv(text: str, *, path: str = "<csv>", source: str = "en") -> Glossary:
    """Parse a CSV glossary; GlossaryError with ``path:line`` for anything malformed."""
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
    for name in names:
        if name in _OPTIONAL:
            continue
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
    terms: list[Term] = []
    seen: dict[str, int] = {}
    try:
        for row in reader:
            line = reader.line_num
            if not row or all(not c.strip() for c in row):
                continue
            if row[0].lstrip().startswith("#"):
                continue
            if len(row) != len(names):
                raise GlossaryError(
                    f"{len(row)} columns, the header has {len(names)}", path=path, line=line
                )
            cells = {n: c.strip() for n, c in zip(names, row, strict=True)}
            sources = tuple(v.strip() for v in cells[source].split("|") if v.strip())
            if not sources:
                raise GlossaryError(f"empty {source!r} term", path=path, line=line)
            dnt_raw = cells.get("dnt", "").lower()
            if dnt_raw not in _YES:
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
                key = variant.casefold()
                if key in seen:
                    raise GlossaryError(
                        f"duplicate term {variant!r} (first at line {seen[key]})",
                        path=path,
                        line=line,
                    )
                seen[key] = line
            targets = tuple(
                (lang, tuple(f.strip() for f in cells[name].split("|") if f.strip()))
                for name, lang in zip([n for n in names if n not in _OPTIONAL], langs, strict=True)
                if lang != source and cells[name]
            )
            terms.append(
                Term(
                    sources,
                    targets,
                    _YES[dnt_raw],
                    case_raw == "sensitive",
                    cells.get("note", ""),
                    f"{path}:{line}",
                )
            )
    except csv.Error as exc:
        raise GlossaryError(f"malformed CSV: {exc}", path=path, line=reader.line_num) from None
    return Glossary(tuple(terms), source)


def read_csv(path: str | Path, *, source: str = "en") -> Glossary:
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise GlossaryError("no such file", path=path) from None
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"not UTF-8 (byte offset {exc.start})", path=path) from None
    return parse_csv(text, path=str(path), source=source)


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read_tbx(path: str | Path, *, source: str = "en") -> Glossary:
    """TBX-Basic (termEntry/langSet/tig) or TBX v3 (conceptEntry/langSec/termSec), parsed safely:
    DTDs, entities and external references are refused."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GlossaryError("no such file", path=path) from None
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise GlossaryError(f"unsafe XML refused ({type(exc).__name__})", path=path) from None
    except ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise GlossaryError(
            f"malformed XML: {exc.msg if hasattr(exc, 'msg') else exc}", path=path, line=line
        ) from None
    terms: list[Term] = []

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    for entry in root.iter():
        if local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        forms: dict[str, list[str]] = {}
        flags = {"dnt": False, "case": "sensitive", "note": ""}
        for el in entry.iter():
            name = local(el.tag)
            if name in ("langSet", "langSec"):
                lang = el.get(_XML_LANG) or el.get("lang") or ""
                try:
                    lang = check_locale(lang)
                except LocalizeError as exc:
                    raise GlossaryError(f"termEntry: {exc.message}", path=path) from None
                for t in el.iter():
                    if local(t.tag) == "term" and (t.text or "").strip():
                        forms.setdefault(lang, []).append(t.text.strip())
            elif name in ("descrip", "admin") and el.get("type") == "x-localize-dnt":
                flags["dnt"] = (el.text or "").strip().lower() in ("yes", "true", "1")
            elif name in ("descrip", "admin") and el.get("type") == "x-localize-case":
                flags["case"] = (el.text or "").strip()
            elif name == "note" and el.text:
                flags["note"] = el.text.strip()
        if source not in forms:
            continue
        targets = tuple((lang, tuple(f)) for lang, f in forms.items() if lang != source)
        terms.append(
            Term(
                tuple(forms[source]),
                targets,
                bool(flags["dnt"]),
                flags["case"] != "insensitive",
                str(flags["note"]),
                str(path),
            )
        )
    return Glossary(tuple(terms), source)


def dumps_tbx(glossary: Glossary) -> str:
    """The glossary as TBX-Basic, for Weblate, OmegaT and the like."""
    from xml.etree import ElementTree as ET

    martif = ET.Element("martif", {"type": "TBX-Basic", _XML_LANG: glossary.source})
    body = ET.SubElement(ET.SubElement(martif, "text"), "body")
    for i, term in enumerate(glossary.terms, 1):
        entry = ET.SubElement(body, "termEntry", id=f"t{i}")
        if term.dnt:
            ET.SubElement(entry, "descrip", type="x-localize-dnt").text = "yes"
        if not term.case_sensitive:
            ET.SubElement(entry, "descrip", type="x-localize-case").text = "insensitive"
        if term.note:
            ET.SubElement(entry, "note").text = term.note
        for lang, forms in ((glossary.source, term.sources), *term.targets):
            lang_set = ET.SubElement(entry, "langSet", {_XML_LANG: lang})
            for form in forms:
                ET.SubElement(ET.SubElement(lang_set, "tig"), "term").text = form
    ET.indent(martif)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(martif, "unicode") + "\n"


def write_tbx(glossary: Glossary, path: str | Path) -> None:
    from localize.fileio import atomic_write_text

    atomic_write_text(path, dumps_tbx(glossary))


def load_glossaries(paths: Iterable[str | Path], *, source: str = "en") -> Glossary:
    """Merge glossary files (``.csv`` or ``.tbx``); a term defined twice is an error."""
    terms: list[Term] = []
    seen: dict[str, str] = {}
    for p in paths:
        p = Path(p)
        g = read_tbx(p, source=source) if p.suffix.lower() == ".tbx" else read_csv(p, source=source)
        for term in g.terms:
            for variant in term.sources:
                if variant.casefold() in seen:
                    where, _, line = term.origin.rpartition(":")
                    raise GlossaryError(
                        f"duplicate term {variant!r} (also in {seen[variant.casefold()]})",
                        path=where or p,
                        line=int(line) if line.isdigit() else None,
                    )
                seen[variant.casefold()] = term.origin
            terms.append(term)
    return Glossary(tuple(terms), source)


# --- enforcement during machine translation ------------------------------------------------

# NMT models copy short upper-case tokens with digits; the restore regex tolerates spacing/case.
_PLACEHOLDER = "XTM{}"
_PLACEHOLDER_RE = re.compile(r"X\s?T\s?M\s?(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class Protected:
    text: str
    values: tuple[str, ...]  # what placeholder i restores to


def protect(text: str, matches: Sequence[TermMatch], lang: str) -> Protected:
    """Replace each term with a placeholder the engine copies; remember its target form."""
    out, values, pos = [], [], 0
    for m in matches:
        forms = m.term.forms(lang)
        if not forms:  # no target form for this language: let the engine translate it
            continue
        out.append(text[pos : m.start])
        out.append(_PLACEHOLDER.format(len(values)))
        values.append(m.text if m.term.dnt else forms[0])
        pos = m.end
    out.append(text[pos:])
    return Protected("".join(out), tuple(values))


def restore(translated: str, protected: Protected) -> tuple[str, list[str]]:
    """Put the target forms back; also returns the placeholders the engine lost."""
    seen: set[int] = set()

    def put(m: re.Match[str]) -> str:
        i = int(m.group(1))
        if i >= len(protected.values):
            return m.group()
        seen.add(i)
        return protected.values[i]

    text = _PLACEHOLDER_RE.sub(put, translated)
    lost = [_PLACEHOLDER.format(i) for i in range(len(protected.values)) if i not in seen]
    return text, lost


def repair(source: str, translated: str, glossary: Glossary, lang: str) -> str:
    """Best effort without placeholders: a term the engine copied untranslated gets its form."""
    for m in find_terms(glossary, source):
        forms = m.term.forms(lang)
        if m.term.dnt or not forms:
            continue
        if not _count_forms(translated, forms) and re.search(
            rf"(?<!\w){_phrase(m.text)}(?!\w)", translated
        ):
            translated = re.sub(rf"(?<!\w){_phrase(m.text)}(?!\w)", forms[0], translated, count=1)
    return translated


@dataclass(frozen=True)
class Violation:
    term: Term
    message: str  # also the translator comment: glossary: "Crimea" → Крым|Крыма|…


def _count_forms(text: str, forms: Sequence[str], *, exact: bool = False) -> int:
    alts = "|".join(_phrase(f) for f in sorted(forms, key=len, reverse=True))
    flags = 0 if exact else re.IGNORECASE
    return len(re.findall(rf"(?<!\w)(?:{alts})(?!\w)", text, flags))


def verify(source: str, target: str, glossary: Glossary | None, lang: str) -> list[Violation]:
    """Each source occurrence needs an accepted form in ``target``; DNT terms verbatim."""
    if glossary is None:
        return []
    need: Counter[Term] = Counter(m.term for m in find_terms(glossary, source))
    out: list[Violation] = []
    for term, count in need.items():
        forms = term.forms(lang)
        if not forms:
            continue
        if _count_forms(target, forms, exact=term.dnt) < count:
            if term.dnt:
                msg = f'glossary: "{term.name}" must stay as is (do not translate)'
            else:
                msg = f'glossary: "{term.name}" → {"|".join(forms)}'
            out.append(Violation(term, msg))
    return out


def enforce(
    texts: Sequence[str],
    translate: Callable[[list[str]], Sequence[object]],
    glossary: Glossary,
    lang: str,
) -> list[tuple[str, list[str]]]:
    """Translate ``texts`` with terms protected; returns (text, comment lines) 1:1.

    One engine call with placeholders; a second call, without them, only for the texts whose
    placeholders did not survive, then a repair; what is still wrong is reported, not hidden.
    ``translate`` returns strings or engine translations (``.text``, ``.note``).
    """
    matches = [find_terms(glossary, t) for t in texts]
    protected = [protect(t, m, lang) for t, m in zip(texts, matches, strict=True)]
    first = translate([p.text for p in protected])
    results: list[tuple[str, str]] = []
    retry: list[int] = []
    for i, (out, prot) in enumerate(zip(first, protected, strict=True)):
        text, lost = restore(getattr(out, "text", out), prot)  # type: ignore[arg-type]
        if lost:
            retry.append(i)
        results.append((text, getattr(out, "note", "")))
    if retry:
        second = translate([texts[i] for i in retry])
        for i, out in zip(retry, second, strict=True):
            text = repair(texts[i], getattr(out, "text", out), glossary, lang)  # type: ignore[arg-type]
            results[i] = (text, getattr(out, "note", ""))
    final = []
    for src, (text, note) in zip(texts, results, strict=True):
        note = _drop_placeholders(note)
        lines = [f"engine: {note}"] if note else []
        lines += [v.message for v in verify(src, text, glossary, lang)]
        final.append((text, lines))
    return final


def _drop_placeholders(note: str) -> str:
    """An engine note must not name our placeholders (e.g. as unknown words)."""
    if not _PLACEHOLDER_RE.search(note):
        return note
    head, sep, tail = note.partition(": ")
    words = [w for w in tail.split(", ") if not _PLACEHOLDER_RE.fullmatch(w)] if sep else []
    return f"{head}: {', '.join(words)}" if words else ""


def hits_comment(matches: Sequence[TermMatch], lang: str) -> str:
    """``glossary: Crimea → Крым; TASS (do not translate)``, for editors."""
    parts: list[str] = []
    for m in matches:
        forms = m.term.forms(lang)
        if m.term.dnt:
            part = f"{m.term.name} (do not translate)"
        elif forms:
            part = f"{m.term.name} → {forms[0]}"
        else:
            continue
        if part not in parts:
            parts.append(part)
    return "glossary: " + "; ".join(parts) if parts else ""


def dnt_terms(glossary: Glossary) -> list[str]:
    return [s for t in glossary.terms if t.dnt for s in t.sources]


def glossary_rows(glossary: Glossary, lang: str) -> list[tuple[str, str, str]]:
    """(source, accepted forms, note) for ``localize glossary list``."""
    rows = []
    for t in glossary.terms:
        forms = "(do not translate)" if t.dnt else "|".join(t.forms(lang)) or "-"
        rows.append((" | ".join(t.sources), forms, t.note))
    return rows


@dataclass(frozen=True)
class Candidate:
    term: str
    count: int


_CAP_RUN = re.compile(
    r"(?<![\w])(?:[A-Z][\w’'.-]*[\w.])(?:[ \u00a0](?:of |the |de |von |al-)?[A-Z][\w’'.-]*\w)*"
)


def suggest_terms(texts: Iterable[str], glossary: Glossary | None) -> list[Candidate]:
    """Recurring capitalised names and multi-word units the glossary lacks, most frequent first."""
    counts: Counter[str] = Counter()
    inner: set[str] = set()  # words seen capitalised mid-sentence
    for text in texts:
        covered = [(m.start, m.end) for m in find_terms(glossary, text)] if glossary else []
        for m in _CAP_RUN.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in covered):
                continue
            phrase = re.sub(r"['’]s$", "", m.group())
            if m.start() > 0:
                inner.add(phrase)
            counts[phrase] += 1
    out = []
    for phrase, n in counts.items():
        multi = " " in phrase or "\u00a0" in phrase
        if (n >= 2 or multi) and (phrase in inner or multi) and len(phrase) > 2:
            out.append(Candidate(phrase, n))
    return sorted(out, key=lambda c: (-c.count, c.term))


# --- checking human-edited catalogs --------------------------------------------------------


@dataclass(frozen=True)
class GlossaryFinding:
    entry: polib.POEntry = field(compare=False)
    code: str  # "glossary" or "dnt"
    message: str


def check_catalog_glossary(
    po: polib.POFile, glossary: Glossary, lang: str, *, path: str = ""
) -> list[GlossaryFinding]:
    """Violations in the translated (fuzzy included) entries of a catalog."""
    out = []
    for e in po:
        if e.obsolete or not e.msgid or not e.msgstr:
            continue
        for v in verify(e.msgid, e.msgstr, glossary, lang):
            out.append(
                GlossaryFinding(
                    e, "dnt" if v.term.dnt else "glossary", v.message.removeprefix("glossary: ")
                )
            )
    return out
