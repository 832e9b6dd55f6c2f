"""Terminology: load CSV/TBX glossaries, find terms in the source, enforce them through machine
translation, verify the result, and check human-edited catalogs.

CSV: a header of language codes plus optional ``dnt``, ``case`` and ``note`` columns. A cell holds
the preferred form first, then accepted forms (inflections) separated by ``|``.

Enforcement (:func:`enforce`), in at most three batched engine calls:

1. protect: each term becomes a placeholder (``XTM0``) the engine copies; :func:`restore` puts
   the preferred form back, tolerant of the engine's spacing, case and Cyrillic look-alikes, and
   a case ending the engine glued on ("XTM0а") picks the accepted form with that ending;
2. for texts whose placeholders were lost: translate without placeholders;
3. repair: the engine's own rendering of each failing term, translated alone ("Crimea" ->
   "Полуостров"), is looked up in that translation and replaced by the accepted form with the
   same ending. An engine that mistranslates a name alone mistranslates it the same way in
   context, so this finds it without an alignment model. What still fails is reported as a
   translator comment (``Violation.message``), never hidden.

With ``plain_first=True`` the plain translation comes first and only texts that fail
:func:`verify` are protected: placeholders restore one form (usually the nominative), while an
engine that already writes "Крыма" after "возвращение" is grammatical and should be kept.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

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
    "Row",
    "parse_csv",
    "read_csv",
    "parse_tbx",
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
    "glossary_list",
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
        return _source_patterns(self.terms, lambda t: t.sources)

    def _patterns_for(self, lang: str) -> list[tuple[re.Pattern[str], dict[str, Term]]]:
        """Patterns matching ``lang`` text: the source column, or another language's forms."""
        if lang == self.source:
            return self._patterns
        cache = self.__dict__.setdefault("_other_patterns", {})
        if lang not in cache:
            cache[lang] = _source_patterns(
                [t for t in self.terms if not t.dnt], lambda t: t.forms(lang)
            )
        return cache[lang]


def _source_patterns(
    terms: Iterable[Term], forms: Callable[[Term], Sequence[str]]
) -> list[tuple[re.Pattern[str], dict[str, Term]]]:
    out = []
    for sensitive in (True, False):
        lookup: dict[str, Term] = {}
        for term in terms:
            if term.case_sensitive == sensitive:
                for variant in forms(term):
                    lookup.setdefault(_key(variant, sensitive), term)
        if lookup:
            alts = sorted(lookup, key=len, reverse=True)
            body = "|".join(_phrase(a) for a in alts)
            flags = 0 if sensitive else re.IGNORECASE
            # Not inside a word, nor a hyphenated compound ("Russia-controlled").
            out.append((re.compile(rf"(?<![\w-])(?:{body})(?!\w|-\w)", flags), lookup))
    return out


def _norm_space(text: str) -> str:
    return " ".join(text.split())


_APOSTROPHES = "'’ʼ"
_HYPHENS = "-‐‑"


def _key(text: str, sensitive: bool) -> str:
    """The lookup key of a form: spacing, apostrophes, hyphens and ё folded; case if asked."""
    text = unicodedata.normalize("NFC", _norm_space(text))
    text = re.sub(f"[{_APOSTROPHES}]", "'", re.sub(f"[{_HYPHENS}]", "-", text))
    text = text.replace("ё", "е").replace("Ё", "Е")
    return text if sensitive else text.casefold()


def _phrase(text: str, *, flex_first: bool = False) -> str:
    """A regex for ``text``: any white space run (NBSP too) for a space, ’ for ', е for ё."""
    parts: list[str] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in _APOSTROPHES:
            parts.append(f"[{_APOSTROPHES}]")
        elif ch in _HYPHENS:
            parts.append(f"[{_HYPHENS}]")
        elif ch in "ёеЁЕ":
            parts.append("[ёе]" if ch in "ёе" else "[ЁЕ]")
        elif i == 0 and flex_first and ch.upper() != ch.lower():
            parts.append(f"[{re.escape(ch.upper())}{re.escape(ch.lower())}]")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def _bounded(text: str, *, flex_first: bool = False) -> str:
    """``_phrase`` with word boundaries on the sides that are word characters."""
    before = r"(?<!\w)" if re.match(r"\w", text) else ""
    after = r"(?!\w)" if re.search(r"\w$", text) else ""
    return before + _phrase(text, flex_first=flex_first) + after


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int
    term: Term
    text: str  # the source form as it occurs (possessive 's left outside)

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    @property
    def entry(self) -> Term:
        return self.term


def find_terms(glossary: Glossary | None, text: str, *, lang: str | None = None) -> list[TermMatch]:
    """Glossary terms in ``text``: whole words, longest first, possessives matched, no overlap.

    ``lang`` is the language of ``text`` (default: the glossary's source language).
    """
    if glossary is None:
        return []
    found: list[TermMatch] = []
    for pattern, lookup in glossary._patterns_for(lang or glossary.source):
        sensitive = not pattern.flags & re.IGNORECASE
        for m in pattern.finditer(text):
            found.append(
                TermMatch(m.start(), m.end(), lookup[_key(m.group(), sensitive)], m.group())
            )
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    out: list[TermMatch] = []
    for match in found:
        if out and match.start < out[-1].end:
            continue
        out.append(match)
    return out


# --- loading -------------------------------------------------------------------------------


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
    forms = tuple(unicodedata.normalize("NFC", _norm_space(f)) for f in cell.split("|"))
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
        cells = {n: c.strip() for n, c in zip(names, row, strict=True)}
        sources = _split_forms(cells[lang_names[langs.index(source)]], source, path, line)
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
            key = _key(variant, False)
            if key in seen:
                raise GlossaryError(
                    f"duplicate term {variant!r} (first at line {seen[key]})", path=path, line=line
                )
            seen[key] = line
        targets = tuple(
            (lang, _split_forms(cells[name], name, path, line))
            for name, lang in zip(lang_names, langs, strict=True)
            if lang != source and cells[name]
        )
        if _YES[dnt_raw] and targets:
            raise GlossaryError(
                f"dnt term {sources[0]!r} has a translation in column {targets[0][0]!r}",
                path=path,
                line=line,
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
    return Glossary(tuple(terms), source)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise GlossaryError("no such file", path=path) from None
    except IsADirectoryError:
        raise GlossaryError("is a directory, not a glossary file", path=path) from None
    except OSError as exc:
        raise GlossaryError(f"cannot read: {exc.strerror}", path=path) from None


def read_csv(path: str | Path, *, source: str = "en") -> Glossary:
    """Read a CSV glossary file (UTF-8, a BOM tolerated)."""
    path = Path(path)
    return parse_csv(_read_bytes(path), path=str(path), source=source)


# --- TBX -----------------------------------------------------------------------------------

_FLAGS_NOTE = "localize:"


class _Node:
    """An XML element with the line it starts on (ElementTree keeps no line numbers)."""

    __slots__ = ("tag", "attrs", "line", "children", "text")

    def __init__(self, tag: str, attrs: dict[str, str], line: int) -> None:
        self.tag, self.attrs, self.line = tag, attrs, line
        self.children: list[_Node] = []
        self.text = ""

    def find(self, *tags: str) -> list[_Node]:
        return [c for c in self.children if c.tag in tags]

    def iter(self, *tags: str) -> Iterable[_Node]:
        for child in self.children:
            if child.tag in tags:
                yield child
            else:
                yield from child.iter(*tags)

    @property
    def lang(self) -> str:
        return self.attrs.get("xml:lang") or self.attrs.get("lang") or ""

    def all_text(self) -> str:
        return self.text + "".join(c.all_text() for c in self.children)


def _xml_tree(data: bytes, path: str) -> _Node:
    """Parse with defusedxml: a DOCTYPE is fine (TBX files carry one), entities are refused."""
    from xml.sax import SAXParseException
    from xml.sax.handler import ContentHandler, feature_external_ges, feature_external_pes

    import defusedxml
    import defusedxml.sax

    class Handler(ContentHandler):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[_Node] = []
            self.root: _Node | None = None
            self.locator = None

        def setDocumentLocator(self, locator) -> None:  # noqa: N802 (SAX API)
            self.locator = locator

        def line(self) -> int | None:
            return self.locator.getLineNumber() if self.locator else None

        def startElement(self, name, attrs) -> None:  # noqa: N802
            node = _Node(name.rsplit(":", 1)[-1], dict(attrs), self.line() or 0)
            if self.stack:
                self.stack[-1].children.append(node)
            else:
                self.root = node
            self.stack.append(node)

        def endElement(self, name) -> None:  # noqa: N802
            self.stack.pop()

        def characters(self, content) -> None:
            if self.stack:
                self.stack[-1].text += content

    handler = Handler()
    # A DOCTYPE naming the TBX DTD is normal and harmless: external entities and the DTD are
    # never fetched (features off), and any entity declaration is refused.
    parser = defusedxml.sax.make_parser()
    parser.forbid_dtd, parser.forbid_entities, parser.forbid_external = False, True, False
    parser.setFeature(feature_external_ges, False)
    parser.setFeature(feature_external_pes, False)
    parser.setContentHandler(handler)
    try:
        parser.parse(io.BytesIO(data))
    except defusedxml.EntitiesForbidden as exc:
        raise GlossaryError(
            f"unsafe XML refused: entity declaration {exc.name!r}", path=path, line=handler.line()
        ) from None
    except defusedxml.ExternalReferenceForbidden as exc:
        raise GlossaryError(
            f"unsafe XML refused: external reference {exc.sysid!r}", path=path, line=handler.line()
        ) from None
    except SAXParseException as exc:
        raise GlossaryError(
            f"malformed XML: {exc.getMessage()}", path=path, line=exc.getLineNumber()
        ) from None
    if handler.root is None:  # pragma: no cover - expat reports "no element found" first
        raise GlossaryError("malformed XML: no element found", path=path)
    return handler.root


def _tbx_lang(code: str, path: str, line: int) -> str:
    if not code:
        raise GlossaryError("language set without xml:lang", path=path, line=line)
    try:
        return check_locale(code)
    except LocalizeError as exc:
        raise GlossaryError(exc.message, path=path, line=line) from None


def parse_tbx(data: str | bytes, *, path: str = "<tbx>", source: str = "en") -> Glossary:
    """Parse TBX-Basic (v2 ``martif``/``termEntry``/``langSet``/``tig`` or v3
    ``tbx``/``conceptEntry``/``langSec``/``termSec``); deprecated terms are not accepted forms."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    root = _xml_tree(data, path)
    if root.tag not in ("martif", "tbx"):
        raise GlossaryError(
            f"not a TBX file: the root element is <{root.tag}>", path=path, line=root.line
        )
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for node in root.iter("termEntry", "conceptEntry"):
        term = _tbx_term(node, source, path)
        for variant in term.sources:
            key = _key(variant, False)
            if key in seen:
                raise GlossaryError(
                    f"duplicate term {variant!r} (first at line {seen[key]})",
                    path=path,
                    line=node.line,
                )
            seen[key] = node.line
        terms.append(term)
    return Glossary(tuple(terms), source)


def _tbx_term(node: _Node, source: str, path: str) -> Term:
    notes: list[str] = []
    dnt, sensitive = False, True
    for child in node.find("note", "descrip", "admin"):
        text = _norm_space(child.all_text())
        kind = child.attrs.get("type", "")
        if kind == "x-localize-dnt":
            dnt = _YES.get(text.lower(), False)
        elif kind == "x-localize-case":
            sensitive = text.lower() != "insensitive"
        elif text.startswith(_FLAGS_NOTE):
            for flag in text[len(_FLAGS_NOTE) :].replace(";", " ").split():
                name, _, value = flag.partition("=")
                if name == "dnt" and value in _YES:
                    dnt = _YES[value]
                elif name == "case" and value in ("sensitive", "insensitive"):
                    sensitive = value == "sensitive"
                else:
                    raise GlossaryError(f"unknown flag {flag!r}", path=path, line=child.line)
        elif text and child.tag == "note":
            notes.append(text)
    table: dict[str, tuple[str, ...]] = {}
    for lang_set in node.find("langSet", "langSec"):
        lang = _tbx_lang(lang_set.lang, path, lang_set.line)
        preferred: list[str] = []
        others: list[str] = []
        for group in lang_set.find("tig", "ntig", "termSec"):
            holders = [group, *group.find("termGrp")]
            found = [t for h in holders for t in h.find("term")]
            form = _norm_space(found[0].all_text()) if found else ""
            if not form:
                raise GlossaryError("term group without a term", path=path, line=group.line)
            status = " ".join(
                n.all_text()
                for h in holders
                for n in h.find("termNote")
                if n.attrs.get("type") == "administrativeStatus"
            )
            if "deprecated" in status or "superseded" in status:
                continue  # a wrong form is not an accepted one
            (preferred if "preferred" in status else others).append(
                unicodedata.normalize("NFC", form)
            )
        if lang in table:
            raise GlossaryError(f"second language set for {lang!r}", path=path, line=lang_set.line)
        table[lang] = tuple(dict.fromkeys(preferred + others))
    if not table.get(source):
        raise GlossaryError(f"empty {source!r} term", path=path, line=node.line)
    targets = tuple((lang, forms) for lang, forms in table.items() if lang != source and forms)
    return Term(table[source], targets, dnt, sensitive, "; ".join(notes), f"{path}:{node.line}")


def read_tbx(path: str | Path, *, source: str = "en") -> Glossary:
    """Read TBX-Basic safely (defusedxml: no entity expansion, no external entities)."""
    path = Path(path)
    return parse_tbx(_read_bytes(path), path=str(path), source=source)


def dumps_tbx(glossary: Glossary) -> str:
    """The glossary as TBX-Basic v2 (``martif``), for Weblate, OmegaT, Trados and the like."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<martif type="TBX-Basic" xml:lang={quoteattr(glossary.source)}>',
        "  <martifHeader>",
        "    <fileDesc><sourceDesc><p>localize glossary</p></sourceDesc></fileDesc>",
        "  </martifHeader>",
        "  <text>",
        "    <body>",
    ]
    for number, term in enumerate(glossary.terms, 1):
        out.append(f'      <termEntry id="t{number}">')
        flags = (["dnt=yes"] if term.dnt else []) + (
            [] if term.case_sensitive else ["case=insensitive"]
        )
        if flags:  # TBX-Basic has no such fields; a note keeps the file valid
            out.append(f"        <note>{_FLAGS_NOTE} {'; '.join(flags)}</note>")
        if term.note:
            out.append(f"        <note>{escape(term.note)}</note>")
        for lang, forms in ((glossary.source, term.sources), *term.targets):
            out.append(f"        <langSet xml:lang={quoteattr(lang)}>")
            for i, form in enumerate(forms):
                status = "preferredTerm-admn-sts" if i == 0 else "admittedTerm-admn-sts"
                out.append(
                    f"          <tig><term>{escape(form)}</term>"
                    f'<termNote type="administrativeStatus">{status}</termNote></tig>'
                )
            out.append("        </langSet>")
        out.append("      </termEntry>")
    out += ["    </body>", "  </text>", "</martif>", ""]
    return "\n".join(out)


def write_tbx(glossary: Glossary, path: str | Path) -> None:
    """Write ``glossary`` as TBX-Basic, atomically."""
    from localize.fileio import atomic_write_text

    atomic_write_text(path, dumps_tbx(glossary))


def load_glossaries(paths: Iterable[str | Path], *, source: str = "en") -> Glossary:
    """Merge glossary files (``.csv`` or ``.tbx``); a term defined twice is an error."""
    terms: list[Term] = []
    seen: dict[str, str] = {}
    for p in paths:
        p = Path(p)
        suffix = p.suffix.lower()
        if suffix not in (".csv", ".tbx"):
            raise GlossaryError("unknown glossary format (expected .csv or .tbx)", path=p)
        g = read_tbx(p, source=source) if suffix == ".tbx" else read_csv(p, source=source)
        for term in g.terms:
            for variant in term.sources:
                key = _key(variant, False)
                if key in seen:
                    where, _, line = term.origin.rpartition(":")
                    raise GlossaryError(
                        f"duplicate term {variant!r} (also in {seen[key]})",
                        path=where or p,
                        line=int(line) if line.isdigit() else None,
                    )
                seen[key] = term.origin
            terms.append(term)
    return Glossary(tuple(terms), source)


# --- enforcement during machine translation ------------------------------------------------

# Latin capitals and a number, a word in no language: NMT models copy it like a product code.
# Restoring accepts what engines do to such tokens: spaces inside, lower case, Cyrillic
# look-alikes (ХТМ), a case ending glued on ("XTM0а", "XTM0-а").
_PLACEHOLDER = "XTM{}"
_PLACEHOLDER_RE = re.compile(
    r"(?<![\w])[XxХх]\s?[TtТт]\s?[MmМм]\s?[-_]?\s?(\d{1,3})(?:-?([^\W\d_]{1,3}))?(?!\w)"
)


@dataclass(frozen=True)
class Protected:
    text: str
    values: tuple[str, ...]  # what placeholder i restores to
    forms: tuple[tuple[str, ...], ...] = ()  # accepted forms of placeholder i (for endings)


def protect(text: str, matches: Sequence[TermMatch], lang: str) -> Protected:
    """Replace each term with a placeholder the engine copies; remember its target form."""
    if _PLACEHOLDER_RE.search(text):  # the text already holds such a token: do not guess
        return Protected(text, ())
    out, values, forms_out, pos = [], [], [], 0
    for m in sorted(matches, key=lambda m: m.start):
        forms = m.term.forms(lang)
        if not forms or m.start < pos:  # no rule for this language: let the engine translate
            continue
        out.append(text[pos : m.start])
        out.append(_PLACEHOLDER.format(len(values)))
        values.append(m.text if m.term.dnt else forms[0])
        forms_out.append((m.text,) if m.term.dnt else forms)
        pos = m.end
    out.append(text[pos:])
    return Protected("".join(out), tuple(values), tuple(forms_out))


def _with_ending(forms: Sequence[str], ending: str) -> str:
    """The accepted form inflected like the engine's word (its case ending), else the preferred.

    In a multi-word form the inflected word is the one that differs from the preferred form
    ("Договоре о ракетах…" vs "Договор о ракетах…").
    """
    ending = ending.lower()
    preferred = forms[0].lower().split()
    if not ending or any(w.endswith(ending) for w in (preferred[0], preferred[-1])):
        return forms[0]
    for form in forms[1:]:
        words = form.lower().split()
        changed = [w for i, w in enumerate(words) if i >= len(preferred) or w != preferred[i]]
        if any(w.endswith(ending) for w in changed):
            return form
    return forms[0]


def restore(translated: str, protected: Protected) -> tuple[str, list[str]]:
    """Put the target forms back; also returns the placeholders the engine lost."""
    seen: set[int] = set()

    def put(m: re.Match[str]) -> str:
        i = int(m.group(1))
        if i >= len(protected.values):
            return m.group()
        seen.add(i)
        ending = m.group(2) or ""
        if ending and i < len(protected.forms) and len(protected.forms[i]) > 1:
            return _with_ending(protected.forms[i], ending)
        return protected.values[i]

    text = _PLACEHOLDER_RE.sub(put, translated)
    lost = [_PLACEHOLDER.format(i) for i in range(len(protected.values)) if i not in seen]
    return text, lost


def repair(
    source: str,
    translated: str,
    glossary: Glossary,
    lang: str,
    renderings: Mapping[str, str] | None = None,
) -> str:
    """Best effort without placeholders, for terms :func:`verify` finds missing.

    A term the engine copied untranslated, or rendered as ``renderings[source form]`` (the
    engine's translation of the term alone), gets the accepted form; an inflected rendering
    ("Полуострова") is found by its stem and gets the accepted form with the same ending.
    Replaces at most as many occurrences as the source has.
    """
    renderings = renderings or {}
    missing = {v.term for v in verify(source, translated, glossary, lang)}
    counts = Counter((m.term, m.text) for m in find_terms(glossary, source) if m.term in missing)
    for (term, text), count in counts.items():
        forms = (text,) if term.dnt else term.forms(lang)
        if not forms:
            continue
        wrong = [text] if not term.dnt else []
        rendering = _norm_space(renderings.get(text, "")).strip(" .!?;:,")
        if (
            rendering
            # a rendering much longer than the term is a sentence, not a name
            and len(rendering.split()) <= len(text.split()) + 1
            and _key(rendering, False) not in {_key(f, False) for f in forms}
        ):
            wrong.append(rendering)
        for bad in wrong:
            translated, count = _replace(translated, bad, forms, count, exact=bad == text)
    return translated


def _replace(
    text: str, wrong: str, forms: Sequence[str], count: int, *, exact: bool
) -> tuple[str, int]:
    """Replace up to ``count`` occurrences of ``wrong`` (or an inflection of it)."""
    words = wrong.split()
    last = words[-1]
    head = "".join(_phrase(w) + r"\s+" for w in words[:-1])
    if not exact and len(last) >= 5 and last[-1].isalpha():
        stem = last[:-1] if last[-1].lower() in "аяоеёуюыийьъaeo" else last
        tail = _phrase(stem) + r"(?P<end>[^\W\d_]{0,3})"
    else:
        tail = _phrase(last) + "(?P<end>)"
    pattern = re.compile(rf"(?<!\w){head}{tail}(?!\w)", 0 if exact else re.IGNORECASE)
    left = count

    def put(m: re.Match[str]) -> str:
        nonlocal left
        if left <= 0:
            return m.group()
        left -= 1
        return _with_ending(forms, m.group("end"))

    return pattern.sub(put, text), left


@dataclass(frozen=True)
class Violation:
    term: Term
    message: str  # also the translator comment: glossary: "Crimea" → Крым|Крыма|…
    in_source: int = 1
    in_target: int = 0

    @property
    def code(self) -> str:
        return "dnt" if self.term.dnt else "glossary"

    @property
    def entry(self) -> Term:
        return self.term


_OPENERS = "\"'«»“”„‘’([—–- \t\u00a0"


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos]
    stripped = before.rstrip(_OPENERS)
    if not stripped or "\n" in before[len(stripped) :]:
        return True
    return stripped[-1] in ".!?…:"


def verify(source: str, target: str, glossary: Glossary | None, lang: str) -> list[Violation]:
    """Each source occurrence needs an accepted form in ``target``; DNT terms verbatim.

    Target forms match at word boundaries; their case must be as listed except the first letter
    at a sentence start. A target word is counted once, for the longest form it matches.
    """
    if glossary is None:
        return []
    need: Counter[Term] = Counter(
        m.term for m in find_terms(glossary, source) if m.term.forms(lang)
    )
    if not need:
        return []
    target = unicodedata.normalize("NFC", target)
    items = [(form, term) for term in need for form in term.forms(lang)]
    order = sorted(range(len(items)), key=lambda i: -len(items[i][0]))
    alts = []
    for i in order:
        form, term = items[i]
        body = _bounded(form, flex_first=not term.dnt)
        alts.append(f"(?P<g{i}>{body if term.case_sensitive else f'(?i:{body})'})")
    owners: dict[str, list[Term]] = {}
    for form, term in items:
        owners.setdefault(_key(form, True), []).append(term)
    found: Counter[Term] = Counter()
    for m in re.finditer("|".join(alts), target):
        form, term = items[int(m.lastgroup[1:])]  # type: ignore[index]
        if term.case_sensitive and m.group()[:1] != form[:1]:
            if not _sentence_start(target, m.start()):
                continue  # "кремль" mid-sentence is not "Кремль"
        candidates = owners[_key(form, True)]
        owner = next((t for t in candidates if found[t] < need[t]), candidates[0])
        found[owner] += 1
    out: list[Violation] = []
    for term, count in need.items():
        if found[term] >= count:
            continue
        if term.dnt:
            msg = f'glossary: "{term.name}" must stay as is (do not translate)'
        else:
            msg = f'glossary: "{term.name}" → {"|".join(term.forms(lang))}'
        if found[term]:
            msg += f" ({count} in source, {found[term]} in translation)"
        out.append(Violation(term, msg, count, found[term]))
    return out


def enforce(
    texts: Sequence[str],
    translate: Callable[[list[str]], Sequence[object]],
    glossary: Glossary,
    lang: str,
    *,
    plain_first: bool = False,
) -> list[tuple[str, list[str]]]:
    """Translate ``texts`` with the glossary enforced; returns (text, comment lines) 1:1.

    Protect -> engine -> restore; texts whose placeholders were lost are translated again
    without them and repaired with the engine's own rendering of each failing term (one more
    call for the terms alone). ``plain_first`` translates plainly first and protects only the
    texts that fail. ``translate`` returns strings or engine translations (``.text``, ``.note``).
    What is still wrong comes back as ``glossary:`` comment lines, not hidden.
    """
    texts = list(texts)
    matches = [find_terms(glossary, t) for t in texts]
    outs: list[tuple[str, str]] = [("", "")] * len(texts)
    todo = list(range(len(texts)))
    plain: dict[int, tuple[str, str]] = {}
    if plain_first:
        for i, out in zip(todo, _call(translate, texts), strict=True):
            plain[i] = outs[i] = out
        todo = [i for i in todo if verify(texts[i], outs[i][0], glossary, lang)]
    protected = {i: protect(texts[i], matches[i], lang) for i in todo}
    retry: list[int] = []
    for i, (out, note) in zip(
        todo, _call(translate, [protected[i].text for i in todo]), strict=True
    ):
        text, lost = restore(out, protected[i])
        if lost or _PLACEHOLDER_RE.search(text):
            retry.append(i)
        outs[i] = (text, note)
    need_plain = [i for i in retry if i not in plain]
    for i, out in zip(need_plain, _call(translate, [texts[i] for i in need_plain]), strict=True):
        plain[i] = out
    for i in retry:
        outs[i] = plain[i]
    failing = {i: verify(texts[i], outs[i][0], glossary, lang) for i in retry}
    wanted = sorted(
        {m.text for i, vs in failing.items() for m in matches[i] if m.term in {v.term for v in vs}}
    )
    renderings = {w: r for w, (r, _) in zip(wanted, _call(translate, wanted), strict=True)}
    for i in failing:
        if failing[i]:
            text, note = outs[i]
            outs[i] = (repair(texts[i], text, glossary, lang, renderings), note)
    final = []
    for src, (text, note) in zip(texts, outs, strict=True):
        note = _drop_placeholders(note)
        lines = [f"engine: {note}"] if note else []
        lines += [v.message for v in verify(src, text, glossary, lang)]
        final.append((text, lines))
    return final


def _call(
    translate: Callable[[list[str]], Sequence[object]], texts: list[str]
) -> list[tuple[str, str]]:
    """One engine call; (text, note) per input."""
    if not texts:
        return []
    out = list(translate(texts))
    if len(out) != len(texts):
        from localize.errors import EngineError

        raise EngineError(f"engine returned {len(out)} translations for {len(texts)} texts")
    return [(getattr(o, "text", o), getattr(o, "note", "")) for o in out]  # type: ignore[misc]


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
    """Every source form of every do-not-translate term."""
    return [s for t in glossary.terms if t.dnt for s in t.sources]


@dataclass(frozen=True)
class Row:
    """One line of ``localize glossary list --lang LANG``."""

    source: str
    variants: tuple[str, ...]
    target: str  # preferred form ("" if the glossary has none for the language)
    forms: tuple[str, ...]  # other accepted forms
    dnt: bool
    note: str
    origin: str

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "variants": list(self.variants),
            "target": self.target,
            "forms": list(self.forms),
            "dnt": self.dnt,
            "note": self.note,
            "origin": self.origin,
        }


def glossary_list(glossary: Glossary, lang: str) -> list[Row]:
    """Every term with its forms in ``lang``, for listing (text or JSON)."""
    rows = []
    for t in glossary.terms:
        forms = t.forms(lang)
        rows.append(
            Row(
                t.name, t.sources[1:], forms[0] if forms else "", forms[1:], t.dnt, t.note, t.origin
            )
        )
    return rows


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
_CALENDAR = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday",
}  # fmt: skip


def suggest_terms(texts: Iterable[str], glossary: Glossary | None) -> list[Candidate]:
    """Recurring capitalised names and multi-word units the glossary lacks, most frequent first.

    A word capitalised only at sentence starts is an ordinary word; month and day names are not
    terminology.
    """
    counts: Counter[str] = Counter()
    inner: set[str] = set()  # words seen capitalised mid-sentence
    for text in texts:
        covered = [(m.start, m.end) for m in find_terms(glossary, text)] if glossary else []
        for m in _CAP_RUN.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in covered):
                continue
            phrase = re.sub(r"['’]s$", "", m.group())
            if phrase in _CALENDAR:
                continue
            if not _sentence_start(text, m.start()):
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
    path: str = ""
    line: int | None = None  # the msgstr line, where an editor fixes it

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.code}] {self.message}"


def _msgstr_line(entry: polib.POEntry, lines: list[str] | None) -> int | None:
    """polib's ``linenum`` is where the entry starts; editors fix the ``msgstr`` line."""
    start = getattr(entry, "linenum", None)
    if not start or not lines:
        return start
    for number in range(start, len(lines) + 1):
        if lines[number - 1].lstrip().startswith("msgstr"):
            return number
    return start


def check_catalog_glossary(
    po: polib.POFile, glossary: Glossary, lang: str, *, path: str = ""
) -> list[GlossaryFinding]:
    """Violations in the translated (fuzzy included) entries of a catalog, at msgstr lines."""
    lines: list[str] | None = None
    if path:
        try:
            lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            lines = None
    out = []
    for e in po:
        if e.obsolete or not e.msgid:
            continue
        pairs = (
            [(e.msgid if k == 0 else e.msgid_plural, v) for k, v in sorted(e.msgstr_plural.items())]
            if e.msgid_plural
            else [(e.msgid, e.msgstr)]
        )
        for source, target in pairs:
            if not target.strip():
                continue
            for v in verify(source, target, glossary, lang):
                out.append(
                    GlossaryFinding(
                        e,
                        v.code,
                        v.message.removeprefix("glossary: "),
                        path,
                        _msgstr_line(e, lines),
                    )
                )
    return out
