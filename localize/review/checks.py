"""The checks of one catalog: each a plain function with a stable code, and the CHECKS table.

Checks read catalogs and never write them. Nothing heavy is imported here: ``localize check``
must start fast (langdetect loads only when the language check meets a long enough text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import polib

from localize.catalog import first_form
from localize.errors import UsageError
from localize.lang import base_language
from localize.review.msgfmt import msgfmt_rows

if TYPE_CHECKING:
    from localize.glossary import Glossary

__all__ = [
    "Finding",
    "Check",
    "CHECKS",
    "CatalogInput",
    "check_catalog",
    "check_glossary",
    "selected",
    "short",
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


def short(text: str, n: int = 50) -> str:
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
            yield c.finding(e, "untranslated", f"untranslated: {short(e.msgid)!r}")


def check_fuzzy(c: CatalogInput) -> Iterator[Finding]:
    for e in c.entries():
        if "fuzzy" in e.flags and first_form(e):
            yield c.finding(e, "fuzzy", f"fuzzy (not reviewed): {short(e.msgid)!r}")


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
                e, "plurals", f"{filled} of {want} plural forms for {c.lang}: {short(e.msgid)!r}"
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
                f"sentence missing from the catalog (run localize update): {short(msgid)!r}",
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
            yield c.finding(e, "same", f"translation is a copy of the source: {short(e.msgid)!r}")


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

    code = base_language(c.lang)
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


def check_msgfmt(c: CatalogInput) -> Iterator[Finding]:
    """GNU gettext's verdict on the catalog file at ``c.path``."""
    for line, message in msgfmt_rows(c.path):
        yield Finding(c.path, line, "msgfmt", message)


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


def selected(select: Iterable[str] | None, ignore: Iterable[str] | None) -> list[str]:
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
    codes = selected(select, ignore)
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
