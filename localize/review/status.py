"""Per locale and catalog: what is done and what is left. Counts match ``msgfmt --statistics``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from localize.config import Config

if TYPE_CHECKING:
    from localize.glossary import Glossary

__all__ = [
    "Stats",
    "CatalogStatus",
    "catalog_stats",
    "project_status",
]


@dataclass(frozen=True)
class Stats:
    total: int = 0
    translated: int = 0  # as msgfmt counts: first form non-empty, not fuzzy
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0
    incomplete_plurals: int = 0  # translated for msgfmt, but missing CLDR plural forms
    words: int = 0  # source words of all entries
    translated_words: int = 0  # source words of complete entries
    # Of the fuzzy ones: a person's translation whose sentence was edited since (``#|``).
    needs_review: int = 0
    from_memory: int = 0  # entries whose translation came from the translation memory

    @property
    def complete(self) -> int:
        return self.translated - self.incomplete_plurals

    @property
    def percent(self) -> float:
        return 100.0 if not self.total else round(100.0 * self.complete / self.total, 1)


def _word_count(text: str, chunk: int = 1 << 18) -> int:
    """Words as ``len(text.split())`` counts them, a chunk at a time: a 50 MB msgid split whole
    is a list of 10 million strings (~550 MB)."""
    if len(text) <= chunk:
        return len(text.split())
    n = 0
    for i in range(0, len(text), chunk):
        part = text[i : i + chunk]
        n += len(part.split())
        if i and not part[0].isspace() and not text[i - 1].isspace():
            n -= 1  # one word across the cut, counted twice
    return n


def catalog_stats(po: polib.POFile, lang: str) -> Stats:
    """Fuzzy is not complete; a plural entry is complete only with all its plural forms (as
    many as the header's nplurals)."""
    from localize.catalog import first_form, needs_review_after_source_change
    from localize.lang import catalog_nplurals
    from localize.memory import from_memory

    want = catalog_nplurals(po.metadata.get("Plural-Forms", ""), lang)
    t = f = u = o = inc = words = done_words = review = tm = 0
    for e in po:
        if e.obsolete:
            o += 1
            continue
        if not e.msgid:
            continue
        n = _word_count(e.msgid)
        words += n
        if e.tcomment and from_memory(e):
            tm += 1
        first = first_form(e)
        if not first:
            u += 1
        elif "fuzzy" in e.flags:
            f += 1
            review += needs_review_after_source_change(e)
        else:
            t += 1
            forms = [v for v in e.msgstr_plural.values() if v] if e.msgid_plural else [first]
            if e.msgid_plural and len(forms) < want:
                inc += 1
            else:
                done_words += n
    return Stats(t + f + u, t, f, u, o, inc, words, done_words, review, from_memory=tm)


@dataclass(frozen=True)
class CatalogStatus:
    lang: str
    language: str  # "ru — Russian (русский)"
    path: str
    exists: bool
    stats: Stats
    glossary_violations: int = 0
    orphan: bool = False  # its article is not configured or no longer exists


def project_status(
    config: Config,
    *,
    locales: Sequence[str] | None = None,
    glossary: Glossary | None = None,
    paths: Sequence[Path] = (),
) -> list[CatalogStatus]:
    """Status of every expected catalog (articles × locales) and every one found under the
    locales folder, by locale; ``paths`` (articles or catalogs) narrow it. Never writes."""
    from localize.catalog import read_catalog
    from localize.fileio import shown
    from localize.lang import language_name
    from localize.review.catalogs import project_catalogs

    refs = project_catalogs(config, locales=locales, paths=list(paths))
    order = list(dict.fromkeys(r.lang for r in refs))
    out = []
    for ref in sorted(refs, key=lambda r: order.index(r.lang)):  # stable: project order kept
        lang, path = ref.lang, ref.path
        name = f"{lang} — {language_name(lang)}"
        orphan = ref.orphan is not None
        if not path.exists():
            out.append(CatalogStatus(lang, name, shown(path), False, Stats(), 0, orphan))
            continue
        po = read_catalog(path)
        violations = 0
        if glossary is not None:
            from localize.review.checks import CatalogInput, check_glossary

            c = CatalogInput(po, lang, str(path), glossary=glossary)
            violations = sum(1 for _ in check_glossary(c))
        out.append(
            CatalogStatus(
                lang, name, shown(path), True, catalog_stats(po, lang), violations, orphan
            )
        )
    return out
