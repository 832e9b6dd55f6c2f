"""The review and CI gate: each check is a plain function with a stable code.

Checks read catalogs and never write them. Nothing heavy is imported here: ``localize check``
must start fast (langdetect loads only when the language check meets a long enough text).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polib

from localize.catalog import first_form
from localize.config import Config
from localize.errors import (
    ArticleError,
    CatalogError,
    GlossaryError,
    InputError,
    LocalizeError,
    UsageError,
)
from localize.fileio import read_regular_file

if TYPE_CHECKING:
    from localize.glossary import Glossary

__all__ = [
    "Finding",
    "Check",
    "CHECKS",
    "Report",
    "CatalogInput",
    "check_catalog",
    "check_project",
    "report_text",
    "report_json",
    "report_junit",
]


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int | None
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: [{self.code}] {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "code": self.code, "message": self.message}


@dataclass
class CatalogInput:
    """What the checks of one catalog look at."""

    po: polib.POFile
    lang: str
    path: str  # as shown in findings
    text: str = ""  # the file's text, for msgstr line numbers
    article: Sequence[str] | None = None  # the article's sentences, for 'outdated'
    pot: polib.POFile | None = None
    glossary: Glossary | None = None
    _lines: list[str] | None = None

    def entries(self) -> Iterator[polib.POEntry]:
        return (e for e in self.po if not e.obsolete and e.msgid)

    def line(self, entry: polib.POEntry, word: str | None = None) -> int | None:
        """The line of the entry's msgstr (where an editor fixes it), else of its msgid.

        With ``word``, the line of the msgstr (a wrapped one spans several) that holds it, else
        the msgstr's first line with text.
        """
        start = getattr(entry, "linenum", None)
        if not start or not self.text:
            return start
        if self._lines is None:
            self._lines = self.text.splitlines()
        lines = self._lines
        for i in range(start - 1, min(len(lines), start + 200)):
            if lines[i].startswith("msgstr"):
                return i + 1 if word is None else self._word_line(i, word)
        return start

    def _word_line(self, first: int, word: str) -> int:
        """In the msgstr lines from index ``first``: the one holding ``word`` (1-based)."""
        lines, block = self._lines or [], []
        for i in range(first, len(lines)):
            if i > first and not lines[i].startswith(('"', "msgstr[")):
                break
            block.append(i)
        for i in block:
            if word and word in lines[i]:
                return i + 1
        content = [i for i in block if not lines[i].rstrip().endswith('""')]
        return (content[0] if content else first) + 1

    def finding(self, entry: polib.POEntry | None, code: str, message: str) -> Finding:
        return Finding(self.path, self.line(entry) if entry is not None else 1, code, message)


@dataclass(frozen=True)
class Check:
    code: str
    description: str
    run: Callable[[CatalogInput], Iterable[Finding]]


def _short(text: str, n: int = 50) -> str:
    # Only the start is shown: splitting a 50 MB msgid whole took 10 million strings.
    cut = len(text) > 4 * n + 4096
    text = " ".join((text[: 4 * n + 4096] if cut else text).split())
    return text if len(text) <= n and not cut else text[: n - 1] + "…"


def _forms(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [v for _, v in sorted(entry.msgstr_plural.items())]
    return [entry.msgstr]


def check_untranslated(c: CatalogInput) -> Iterator[Finding]:
    for e in c.entries():
        if not first_form(e):
            yield c.finding(e, "untranslated", f"untranslated: {_short(e.msgid)!r}")


def check_fuzzy(c: CatalogInput) -> Iterator[Finding]:
    for e in c.entries():
        if "fuzzy" in e.flags and first_form(e):
            yield c.finding(e, "fuzzy", f"fuzzy (not reviewed): {_short(e.msgid)!r}")


def _catalog_nplurals(c: CatalogInput) -> int:
    """The forms a plural entry needs: the header's nplurals where it is one the locale accepts
    (gettext's 2 for fr as well as CLDR's 3), else the locale's default."""
    from localize.lang import catalog_nplurals

    return catalog_nplurals(c.po.metadata.get("Plural-Forms", ""), c.lang)


def check_plurals(c: CatalogInput) -> Iterator[Finding]:
    from localize.lang import declared_nplurals

    want = _catalog_nplurals(c)
    declared = declared_nplurals(c.po.metadata.get("Plural-Forms", ""))
    for e in c.entries():
        if not e.msgid_plural:
            continue
        forms = _forms(e)
        if declared is not None and len(forms) != declared:
            # Read as gettext reads it (msgfmt -c rejects it): a finding at the entry.
            yield c.finding(
                e,
                "plurals",
                f"{len(forms)} plural forms, but the header's Plural-Forms has nplurals={declared}",
            )
            continue
        if not first_form(e):
            continue
        filled = sum(1 for f in forms if f)
        if len(forms) == want and filled != want:
            yield c.finding(
                e, "plurals", f"{filled} of {want} plural forms for {c.lang}: {_short(e.msgid)!r}"
            )


def _field_line(c: CatalogInput, name: str) -> int:
    """The line of a header field (where an editor fixes it); 1 when it is not found."""
    if c.text:
        prefix = f'"{name}:'
        for i, line in enumerate(c.text.splitlines()[:200]):
            if line.lstrip().startswith(prefix) or line.lstrip().startswith(f"msgstr {prefix}"):
                return i + 1
    return 1


def check_header(c: CatalogInput) -> Iterator[Finding]:
    from localize.lang import (
        PluralFormsError,
        accepted_plural_forms,
        parse_plural_forms,
        plural_signature,
    )

    meta = c.po.metadata
    lang = meta.get("Language", "")
    if lang.replace("-", "_") != c.lang:
        where = _field_line(c, "Language")
        yield Finding(c.path, where, "header", f"Language is {lang!r}, expected {c.lang!r}")
    value = meta.get("Plural-Forms", "")
    at = _field_line(c, "Plural-Forms")
    if not value.strip():
        yield Finding(c.path, at, "header", "Plural-Forms header is missing")
    else:
        try:
            count, _ = parse_plural_forms(value)
        except PluralFormsError as exc:
            message = f"Plural-Forms {value!r}: {exc} (msgfmt -c rejects it)"
            yield Finding(c.path, at, "header", message)
        else:
            accepted = accepted_plural_forms(c.lang)
            if accepted and plural_signature(value) not in {
                plural_signature(v) for _, v in accepted
            }:
                names = "; ".join(f"{v!r} ({src})" for src, v in accepted)
                yield Finding(
                    c.path,
                    at,
                    "header",
                    f"Plural-Forms {value!r} is neither GNU gettext's nor CLDR's formula for "
                    f"{c.lang}; accepted: {names}",
                )
    ctype = meta.get("Content-Type", "")
    if "charset=utf-8" not in ctype.lower().replace(" ", ""):
        yield Finding(
            c.path, _field_line(c, "Content-Type"), "header", f"charset is not UTF-8 ({ctype!r})"
        )


def check_outdated(c: CatalogInput) -> Iterator[Finding]:
    have = {e.msgid for e in c.entries()}
    wanted: list[str] = []
    if c.pot is not None:
        wanted += [e.msgid for e in c.pot if not e.obsolete and e.msgid]
    if c.article is not None:
        wanted += list(c.article)
    for msgid in dict.fromkeys(wanted):
        if msgid not in have:
            yield c.finding(
                None,
                "outdated",
                f"sentence missing from the catalog (run localize update): {_short(msgid)!r}",
            )


_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*|\d+")
_DIGITS = re.compile(r"\d+")
_NUM_IN_TARGET = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*")


@cache
def _number_forms(token: str, lang: str) -> frozenset[str]:
    """Renderings of a source number acceptable in ``lang`` (1.5 -> 1,5; 10,000 -> 10 000)."""
    forms = {token}
    digits = token.replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", digits):
        from babel.numbers import format_decimal

        try:
            forms.add(format_decimal(digits, locale=lang, group_separator=True))
            forms.add(format_decimal(digits, locale=lang, group_separator=False))
        except Exception:  # an unusual locale: the literal token is still accepted
            pass
        forms.add(digits)
    return frozenset(f.replace("\u202f", " ").replace("\u00a0", " ") for f in forms)


@lru_cache(maxsize=1 << 16)
def _source_numbers(msgid: str) -> tuple[str, ...]:
    """The numbers of a source text (a msgid recurs in every locale's catalog: found once)."""
    return tuple(_NUMBER.findall(msgid)) if _HAS_DIGIT(msgid) else ()


_HAS_DIGIT = re.compile(r"\d").search


def _without_codes(text: str) -> str:
    """Text without inline codes (``<1>``, ``</1>``, ``<2/>``): their numbers are no numbers."""
    if "<" not in text:
        return text
    from localize.formats.codes import strip

    return strip(text)


def check_numbers(c: CatalogInput) -> Iterator[Finding]:
    for e in c.entries():
        target = first_form(e)
        if not target or e.msgid_plural:
            continue
        tokens = _source_numbers(_without_codes(e.msgid))
        if not tokens:
            continue
        target = _without_codes(target)
        found = {
            t.replace("\u202f", " ").replace("\u00a0", " ") for t in _NUM_IN_TARGET.findall(target)
        }
        digits_only: set[str] | None = None
        for token in tokens:
            if token in found or _number_forms(token, c.lang) & found:
                continue
            if token.isdigit():
                if digits_only is None:
                    digits_only = set(_DIGITS.findall(target))
                if token in digits_only:
                    continue
            yield c.finding(e, "numbers", f"number {token} of the source is missing")


_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"»”)]+[^\s<>\"»”).,;:!?]|[\w.+-]+@[\w-]+\.[\w.-]+\w"
)


@lru_cache(maxsize=1 << 16)
def _source_urls(msgid: str) -> tuple[str, ...]:
    # The pattern is slow on long texts; a text without these marks cannot hold a URL.
    if "@" not in msgid and "://" not in msgid and "www." not in msgid:
        return ()
    return tuple(_URL.findall(msgid))


def check_urls(c: CatalogInput) -> Iterator[Finding]:
    for e in c.entries():
        target = first_form(e)
        if not target:
            continue
        for url in _source_urls(e.msgid):
            if url not in target:
                yield c.finding(e, "urls", f"{url} must be kept as is")


def check_same(c: CatalogInput) -> Iterator[Finding]:
    dnt = _dnt_terms(c.glossary)
    for e in c.entries():
        target = first_form(e)
        if not target or target != e.msgid:
            continue
        rest = e.msgid
        for term in dnt:
            rest = rest.replace(term, "")
        if any(ch.isalpha() for ch in rest):
            yield c.finding(e, "same", f"translation is a copy of the source: {_short(e.msgid)!r}")


def check_markup(c: CatalogInput) -> Iterator[Finding]:
    from localize.formats import FORMAT_FIELD, format_of
    from localize.formats.codes import problems
    from localize.formats.safety import own_markup

    given = c.po.metadata.get(FORMAT_FIELD)
    for e in c.entries():
        target = first_form(e)
        if not target or e.msgid_plural:
            continue
        for problem in problems(e.msgid, target):
            yield c.finding(e, "markup", problem)
        # what the translation holds beyond its codes, read as its article's format reads it
        fmt = given or (format_of(e.occurrences[0][0]) if e.occurrences else "text")
        attribute = bool({"alt", "title"} & set(e.comment.split("\n")))
        for problem in own_markup(e.msgid, target, fmt, attribute=attribute):
            yield c.finding(e, "markup", problem)


def _dnt_terms(glossary: Glossary | None) -> list[str]:
    if glossary is None:
        return []
    from localize.glossary import dnt_terms

    return dnt_terms(glossary)


def check_language(c: CatalogInput) -> Iterator[Finding]:
    from localize.detect import MIN_LETTERS, detect_language, profile_name

    code = c.lang.split("_")[0]
    for e in c.entries():
        target = first_form(e)
        if len(target) < MIN_LETTERS or sum(ch.isalpha() for ch in target) < MIN_LETTERS:
            continue
        want = profile_name(code)
        if want is None:
            return  # langdetect has no profile for it: it would name a neighbour (kk as ru)
        got = detect_language(target, confidence=0.9)
        if got is not None and got.split("-")[0] != want:
            yield c.finding(e, "language", f"translation looks like {got!r}, not {code!r}")


def check_glossary(c: CatalogInput) -> Iterator[Finding]:
    """Terms without an accepted form (``glossary``) or not kept verbatim (``dnt``), at the line
    of the msgstr that holds the wrong word; fuzzy entries included."""
    if c.glossary is None:
        return
    from localize.glossary.terms import verify, wrong_word

    for e in c.entries():
        pairs = (
            [(e.msgid if k == 0 else e.msgid_plural, v) for k, v in sorted(e.msgstr_plural.items())]
            if e.msgid_plural
            else [(e.msgid, e.msgstr)]
        )
        for source, target in pairs:
            if not target.strip():
                continue
            for v in verify(source, target, c.glossary, c.lang):
                word = v.word or wrong_word(v, target, c.lang)
                message = v.message.removeprefix("glossary: ")
                yield Finding(c.path, c.line(e, word or ""), v.code, message)


# ``path:line: message`` or ``path:line:column: message``
_MSGFMT_LINE = re.compile(r"^(?P<path>.*?):(?P<line>\d+):(?:\d+:)? (?P<msg>.*)$")


def check_msgfmt(c: CatalogInput) -> Iterator[Finding]:
    """GNU gettext's verdict on the catalog file at ``c.path``."""
    for line, message in _msgfmt_rows(c.path):
        yield Finding(c.path, line, "msgfmt", message)


@cache
def _which(name: str) -> str | None:
    return shutil.which(name)


def _gettext_identity() -> bytes:
    """What msgfmt findings depend on besides the file: part of their cache key."""
    from localize.catalog import gettextpo as gettextpo

    return f"{gettextpo.version()}|{_which('msgfmt')}".encode()


def _msgfmt_rows(path: str) -> list[tuple[int | None, str]]:
    """The errors ``msgfmt -c`` reports for one file, warnings left out.

    libgettextpo (msgfmt's own checks, in process) gives the verdict; a msgfmt process, ~6 ms
    each, runs only for a file with errors, to word the findings exactly as msgfmt does.
    Without the library every file gets a process; without either, nothing is reported.
    """
    from localize.catalog import gettextpo as gettextpo

    exe = _which("msgfmt")
    if gettextpo.available():
        problems = gettextpo.check_file(path)
        if not problems:
            return []
        if exe is None:
            return [(p.line, p.message.splitlines()[0]) for p in problems]
    if exe is None:
        return []
    return _run_msgfmt(exe, path)


def _run_msgfmt(exe: str, path: str) -> list[tuple[int | None, str]]:
    proc = subprocess.run(
        [exe, "-c", "-o", "/dev/null", path],
        capture_output=True,
        check=False,
    )
    # msgfmt may cut a message inside a UTF-8 sequence: never fail on its bytes.
    stderr = proc.stderr.decode("utf-8", errors="replace")
    out: list[tuple[int | None, str]] = []
    for raw in stderr.splitlines():
        m = _MSGFMT_LINE.match(raw)
        if m and not m.group("msg").startswith("warning:"):
            out.append((int(m.group("line")), m.group("msg")))
    if proc.returncode != 0 and not out:
        out.append((None, stderr.strip().splitlines()[-1] if stderr.strip() else "failed"))
    return out


CHECKS: dict[str, Check] = {
    c.code: c
    for c in (
        Check(
            "confidence",
            "a machine translation whose confidence is below the gate's minimum (when one is set)",
            lambda c: (),  # a project-wide ranking: check_project adds these findings
        ),
        Check(
            "missing",
            "an expected catalog (article × locale) does not exist (on unless ignored by name)",
            lambda c: (),
        ),
        Check(
            "syntax",
            "the catalog cannot be read (malformed PO): one finding (always on)",
            lambda c: (),
        ),
        Check(
            "orphan",
            "a catalog whose article is not configured or no longer exists",
            lambda c: (),
        ),
        Check("untranslated", "an entry has no translation", check_untranslated),
        Check(
            "fuzzy",
            "an entry is fuzzy (machine output or changed source, not reviewed)",
            check_fuzzy,
        ),
        Check(
            "plurals",
            "a plural entry lacks some of its catalog's plural forms, or has another count "
            "than the header's nplurals",
            check_plurals,
        ),
        Check(
            "header",
            "Language, Plural-Forms (gettext's or CLDR's) or charset do not match the locale",
            check_header,
        ),
        Check(
            "outdated",
            "a sentence of the article or the .pot is missing from the catalog",
            check_outdated,
        ),
        Check("glossary", "a glossary term lacks an accepted translation", check_glossary),
        Check("dnt", "a do-not-translate term is not kept verbatim", lambda c: ()),
        Check(
            "numbers", "a number of the source is missing (locale formats accepted)", check_numbers
        ),
        Check("urls", "a URL or e-mail address of the source is not kept verbatim", check_urls),
        Check(
            "markup",
            "inline codes (<1>…</1>, <2/>) of the source are missing, extra or unbalanced, or "
            "the translation holds markup of its own (written as text) or a javascript: URL",
            check_markup,
        ),
        Check("same", "the translation is a copy of the source", check_same),
        Check("language", "the translation is confidently in another language", check_language),
        Check("msgfmt", "GNU msgfmt -c rejects the catalog", check_msgfmt),
    )
}
# 'dnt' findings come from the glossary check; the entry makes the code listable/selectable.


def _selected(select: Iterable[str] | None, ignore: Iterable[str] | None) -> list[str]:
    codes = list(CHECKS)
    for name in [*(select or ()), *(ignore or ())]:
        if name not in CHECKS:
            raise UsageError(f"unknown check {name!r} (known: {', '.join(CHECKS)})")
    if select:
        codes = [c for c in codes if c in set(select)]
    if ignore:
        codes = [c for c in codes if c not in set(ignore)]
    return codes


def check_catalog(
    c: CatalogInput, *, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
) -> list[Finding]:
    """Every selected check on one catalog, in file order."""
    codes = _selected(select, ignore)
    found: list[Finding] = []
    for code in codes:
        if code in ("missing", "syntax", "orphan", "msgfmt"):
            continue
        if code in ("glossary", "dnt"):  # one pass yields both codes
            if code == "dnt" and "glossary" in codes:
                continue
            found += [f for f in check_glossary(c) if f.code in codes]
            continue
        found += CHECKS[code].run(c)
    return sorted(found, key=lambda f: (f.line or 0, f.code))


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    catalogs: dict[tuple[str, str], list[Finding]] = field(default_factory=dict)  # (lang, path)

    @property
    def exit_code(self) -> int:
        return 1 if self.findings else 0


def _shown(path: Path) -> str:
    from localize.fileio import shown

    return shown(path)


# Reading comes first: a catalog that cannot be read is never passed, whatever the selection.
ALWAYS = ("syntax",)


def _gate_codes(select: Iterable[str] | None, ignore: Iterable[str] | None) -> list[str]:
    """The checks a project run applies: the selected ones, plus ``syntax`` always and
    ``missing`` unless ``ignore`` names it (an expected catalog is never silently absent)."""
    codes = _selected(select, ignore)
    forced = [*ALWAYS, *(() if "missing" in set(ignore or ()) else ("missing",))]
    return [c for c in CHECKS if c in codes or c in forced]


def check_project(
    config: Config,
    *,
    locales: Sequence[str] | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    glossary: Glossary | None = None,
    articles: Sequence[Path] | None = None,
    paths: Sequence[Path] = (),
    min_confidence: float | None = None,
) -> Report:
    """Check every expected catalog (articles × locales) and every one found under the locales
    folder; ``paths`` (articles or catalogs) narrow the run. See project.project_catalogs.

    With ``min_confidence``, a machine translation whose recorded confidence is lower is a
    ``confidence`` finding at its line.

    A catalog that cannot be read is a ``syntax`` finding whatever ``select`` and ``ignore``
    say, and a missing one a ``missing`` finding unless ``ignore`` names ``missing``.
    """
    from localize.catalog import MAX_CATALOG_BYTES
    from localize.review.catalogs import project_catalogs

    codes = _gate_codes(select, ignore)
    refs = project_catalogs(
        config, locales=locales, paths=[*(articles or ()), *(Path(p) for p in paths)]
    )
    if glossary is None and ("glossary" in codes or "dnt" in codes or "same" in codes):
        from localize.glossary import project_glossary

        glossary = project_glossary(config)
    from localize.cache import get_many, put_many

    report = Report()
    # Findings are cached by everything they depend on: a re-run re-checks only what changed.
    fingerprint = b"\0".join(
        read_regular_file(f, "glossary file", GlossaryError)
        for f in config.glossary_files()
        if f.exists()
    )
    gettext_id = _gettext_identity() if "msgfmt" in codes else b""
    arts = list(dict.fromkeys(r.article for r in refs if r.article is not None))
    orphans = list(dict.fromkeys(r.slug for r in refs if r.article is None))
    expected_of: dict[Path | str, list[str]] = {}
    pot_bytes_of: dict[Path | str, bytes] = {}
    if "outdated" in codes:
        by_article, pot_by_article = _expected(config, arts)
        expected_of.update(by_article)
        pot_bytes_of.update(pot_by_article)
        for slug in orphans:  # no article: its template, if any, says what it must hold
            pot_path = config.pot_path(slug)
            if pot_path.is_file():
                pot_bytes_of[slug] = read_regular_file(pot_path, "template", CatalogError)
                pot = _read_optional(pot_path)
                expected_of[slug] = [e.msgid for e in pot or () if not e.obsolete and e.msgid]
    todo: list[tuple[tuple[str, str], bytes, tuple]] = []
    shown_dirs: dict[Path, str] = {}
    head: dict[tuple[str, str], list[Finding]] = {}
    for ref in refs:
        lang, path, article = ref.lang, ref.path, ref.article
        source: Path | str = article if article is not None else ref.slug
        expected = expected_of.get(source)
        pot_bytes = pot_bytes_of.get(source, b"")
        if path.parent not in shown_dirs:  # resolving every file's path is slow
            shown_dirs[path.parent] = _shown(path.parent)
        folder = shown_dirs[path.parent]
        shown = path.name if folder == "." else os.path.join(folder, path.name)
        key = (lang, shown)
        report.catalogs[key] = []  # keeps the report in project order
        head[key] = []
        if ref.orphan is not None and "orphan" in codes:
            head[key] = [Finding(shown, None, "orphan", ref.orphan)]
        try:
            # A FIFO must not hang the gate; an absurd size is refused, not read.
            data = read_regular_file(path, "catalog", limit=MAX_CATALOG_BYTES)
        except InputError as exc:
            if exc.message == "no such file":
                if "missing" in codes and article is not None:
                    head[key] = [
                        Finding(
                            shown,
                            None,
                            "missing",
                            f"no {lang} catalog for {_shown(article)} "
                            f"(run localize update for {lang})",
                        )
                    ]
            else:  # a folder or a FIFO in its place, no permission
                head[key] = [Finding(shown, None, "syntax", exc.message)]
            continue
        inputs = b"\0".join(
            [
                data,
                lang.encode(),
                shown.encode(),
                ",".join(codes).encode(),
                fingerprint,
                gettext_id,
                "\n".join(expected or ()).encode(),
                pot_bytes,
            ]
        )
        job = (data, lang, shown, str(path), expected, glossary, codes)
        todo.append((key, inputs, job))
    hits = get_many("check", [inputs for _, inputs, _ in todo])
    misses = [item for item, hit in zip(todo, hits, strict=True) if hit is None]
    for (key, _, _), hit in zip(todo, hits, strict=True):
        if hit is not None:
            report.catalogs[key] = [Finding(*row) for row in hit]
    results = _run_checks([job for _, _, job in misses])
    for (key, _, _), rows in zip(misses, results, strict=True):
        report.catalogs[key] = [Finding(*row) for row in rows]
    put_many("check", [(item[1], rows) for item, rows in zip(misses, results, strict=True)])
    doubtful: dict[tuple[str, str], list[Finding]] = {}
    if min_confidence is not None and "confidence" in codes:
        from localize.review.ranking import worst_entries

        for d in worst_entries(config, 0, locales=locales, paths=list(paths), below=min_confidence):
            where, _, line = d.where.rpartition(":")
            message = (
                f"machine confidence {d.confidence:.2f} < {min_confidence:g}: {_short(d.source)!r}"
            )
            doubtful.setdefault((d.lang, where), []).append(
                Finding(where, int(line), "confidence", message)
            )
    for key, found in report.catalogs.items():
        report.catalogs[key] = head[key] + sorted(
            found + doubtful.get(key, []), key=lambda f: f.line or 0
        )
        report.findings.extend(report.catalogs[key])
    return report


def _expected(
    config: Config, arts: Sequence[Path]
) -> tuple[dict[Path | str, list[str]], dict[Path | str, bytes]]:
    """What each article's catalogs must hold (its sentences and its template's), and the
    templates' bytes. A template that is fresh (see _is_fresh) spares segmenting its article."""
    from localize.catalog import MAX_CATALOG_BYTES
    from localize.formats import format_of, recorded_format

    expected: dict[Path | str, list[str]] = {}  # keyed as check()'s (orphans by slug)
    pot_bytes: dict[Path | str, bytes] = {}
    fresh: dict[Path, list[str]] = {}
    formats = {article: format_of(article) for article in arts}
    for article in arts:
        pot_path = config.pot_path(article.stem)
        if not pot_path.exists():
            continue
        pot_bytes[article] = read_regular_file(  # a FIFO in its place must not hang the gate
            pot_path, "template", CatalogError, MAX_CATALOG_BYTES
        )
        pot = _read_optional(pot_path)
        assert pot is not None  # it exists: its bytes were just read
        # An article once read in a format given by hand: its template says how.
        formats[article] = format_of(article, None, recorded_format(pot.metadata))
        ids = [e.msgid for e in pot if not e.obsolete and e.msgid]
        expected[article] = ids
        if _is_fresh(pot, article, ids, formats[article]):
            fresh[article] = ids  # the template's msgids are the article's sentences
    segmented = _articles_sentences({a: formats[a] for a in arts if a not in fresh})
    for article in arts:
        sentences = fresh.get(article) or segmented.get(article) or []
        expected[article] = list(dict.fromkeys(expected.get(article, []) + sentences))
    return expected, pot_bytes


def _run_checks(jobs: list[tuple]) -> list[list[tuple[str, int | None, str, str]]]:
    """Check catalogs, on every core when there are many (parsing is CPU-bound)."""
    return _map(_check_star, jobs, min_per_worker=100)


# With fork, workers inherit the items and receive only their indexes: nothing is pickled
# on the way in (a thousand catalogs' bytes and sentences would be).
_SHARED: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _call_shared(i: int) -> Any:
    assert _SHARED is not None
    fn, items = _SHARED
    return fn(items[i])


def _map(fn: Callable[[Any], Any], items: Sequence[Any], *, min_per_worker: int) -> list[Any]:
    """``[fn(x) for x in items]``, in worker processes when each gets enough to pay off."""
    global _SHARED
    workers = min(os.cpu_count() or 1, len(items) // min_per_worker)
    if workers < 2:
        return [fn(x) for x in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, len(items) // (workers * 4))
    if hasattr(os, "fork"):
        _SHARED = (fn, items)
        try:
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
                return list(pool.map(_call_shared, range(len(items)), chunksize=chunk))
        finally:
            _SHARED = None
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=spawn) as pool:
        return list(pool.map(fn, items, chunksize=chunk))


def _check_star(job: tuple) -> list[tuple[str, int | None, str, str]]:
    return _check_one(*job)


def _check_one(
    data: bytes,
    lang: str,
    shown: str,
    path: str,
    expected: Sequence[str] | None,
    glossary: Glossary | None,
    codes: list[str],
) -> list[tuple[str, int | None, str, str]]:
    """Every selected check of one catalog, as sorted (path, line, code, message) rows."""
    from localize.catalog import parse_po

    rows: list[tuple[str, int | None, str, str]] = []
    try:
        po = parse_po(data, path=shown)
    except LocalizeError as exc:
        # One defect, one finding: what the reader met first, where it met it. msgfmt, which
        # would word the same defect again (and every consequence of it), is not asked.
        return [(shown, exc.line, "syntax", exc.message)]
    if "msgfmt" in codes:
        rows += [(shown, line, "msgfmt", msg) for line, msg in _msgfmt_rows(path)]
    text = data.decode(po.encoding, errors="replace")  # the catalog's declared charset
    c = CatalogInput(po, lang, shown, text, expected, None, glossary)
    found = check_catalog(c, select=codes)
    if any(f.code == "header" and "msgfmt -c rejects" in f.message for f in found):
        # The header check words an invalid Plural-Forms already; msgfmt's echo is dropped.
        # msgfmt reports it at the header entry, which ends at the Plural-Forms line or later.
        last = max(f.line or 0 for f in found if f.code == "header")
        rows = [r for r in rows if (r[1] or 0) > last]
    if any(f.code == "plurals" and "plural forms, but" in f.message for f in found):
        # msgfmt's "nplurals = N..." / "...but some messages have" words the same count again.
        rows = [r for r in rows if r[2] != "msgfmt" or not _MSGFMT_PLURAL_COUNT.match(r[3])]
    rows += [(f.path, f.line, f.code, f.message) for f in found]
    return sorted(rows, key=lambda r: (r[1] or 0, r[2]))


_MSGFMT_PLURAL_COUNT = re.compile(r"nplurals = \d+\.\.\.$|\.\.\.but some messages have ")


def _segment_file(path: Path, fmt: str | None = None) -> list[str]:
    from localize.formats import iter_segments

    return [s.text for s in iter_segments(path, fmt)]


def _segment_or_none(job: tuple[Path, str]) -> list[str] | None:
    """For worker processes: a bad article is re-read in the parent, which reports it."""
    try:
        return _segment_file(*job)
    except LocalizeError:
        return None


def _articles_sentences(formats: dict[Path, str]) -> dict[Path, list[str]]:
    """Each article's sentences, read in its format: cached by content, the others segmented
    on every core."""
    from localize.cache import get_many, put_many
    from localize.formats import identity

    # The segmenter's identity is part of the key: a change to it invalidates the cache. Its
    # digest, not its 94 KB of source: a copy in every key took 1.77 GB for 20,000 articles.
    code = hashlib.sha256(identity()).digest()
    keys: dict[Path, bytes] = {}
    for path, fmt in formats.items():
        keys[path] = code + fmt.encode() + b"\0" + read_regular_file(path, "article", ArticleError)
    out: dict[Path, list[str]] = {}
    todo: list[Path] = []
    for path, hit in zip(keys, get_many("sentences", list(keys.values())), strict=True):
        if hit is None:
            todo.append(path)
        else:
            out[path] = hit
    found = _map(_segment_or_none, [(p, formats[p]) for p in todo], min_per_worker=8)
    for path, sentences in zip(todo, found, strict=True):
        out[path] = sentences if sentences is not None else _segment_file(path, formats[path])
    put_many("sentences", [(keys[p], out[p]) for p in todo])
    return {p: out[p] for p in keys}


def _is_fresh(pot: polib.POFile, article: Path, msgids: list[str], fmt: str) -> bool:
    """Whether ``pot`` was extracted from the article as it is now, by this segmenter."""
    from localize.formats import source_digest
    from localize.segment import SOURCE_DIGEST_FIELD

    recorded = pot.metadata.get(SOURCE_DIGEST_FIELD)
    if not recorded:
        return False
    try:
        return recorded == source_digest(article, msgids, fmt)
    except OSError:
        return False


def _read_optional(path: Path) -> polib.POFile | None:
    if not path.exists():
        return None
    from localize.catalog import read_catalog

    return read_catalog(path)


# --- rendering ------------------------------------------------------------------------------


def report_text(report: Report) -> str:
    return "".join(f"{f}\n" for f in report.findings)


def report_json(report: Report) -> str:
    """``{"ok": bool, "findings": [{"path", "line", "code", "message"}], "catalogs": N}``."""
    import json

    return (
        json.dumps(
            {
                "ok": not report.findings,
                "catalogs": len(report.catalogs),
                "findings": [f.as_dict() for f in report.findings],
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def report_junit(report: Report) -> str:
    """JUnit XML: a testsuite per locale, a testcase per catalog, a failure per finding set."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="localize check")
    by_lang: dict[str, list[tuple[str, list[Finding]]]] = {}
    for (lang, path), found in report.catalogs.items():
        by_lang.setdefault(lang, []).append((path, found))
    for lang, cases in by_lang.items():
        failures = sum(1 for _, f in cases if f)
        suite = ET.SubElement(
            root, "testsuite", name=lang, tests=str(len(cases)), failures=str(failures)
        )
        for path, found in cases:
            case = ET.SubElement(suite, "testcase", classname=f"localize.{lang}", name=path)
            if found:
                fail = ET.SubElement(
                    case, "failure", message=f"{len(found)} finding(s)", type="localize"
                )
                fail.text = "\n".join(str(f) for f in found)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
