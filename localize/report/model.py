"""What the review site shows: each catalog read into the states and marks an editor needs
(who wrote each translation, its confidence, terms, the previous source, findings at their
sentence). The pages themselves are written by ``localize.report.page``."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast

from localize.config import Config

if TYPE_CHECKING:
    import polib

    from localize.glossary import Glossary
    from localize.review import CatalogStatus, Finding, Report

__all__ = ["EntryView", "CatalogView", "ReportResult", "collect", "entry_state"]


@dataclass(frozen=True)
class EntryView:
    """One sentence of a catalog as the review page shows it."""

    order: int
    where: str  # path:line of the entry, for Poedit's "go to line"
    context: str | None
    source: str
    translation: str
    state: str  # reviewed | machine | memory | changed | fuzzy | untranslated
    fuzzy: bool
    confidence: float | None
    provenance: str  # the mt:/tm: comment line, as the catalog has it
    previous: str | None  # the source before it changed (#| msgid)
    source_terms: tuple[tuple[int, int, str], ...] = ()  # (start, end, "term → forms")
    target_terms: tuple[tuple[int, int, str], ...] = ()
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class CatalogView:
    status: CatalogStatus
    slug: str
    entries: tuple[EntryView, ...]
    origins: dict[str, int]  # reviewed, machine, memory, other fuzzy
    findings: dict[str, int]  # by code
    catalog_findings: tuple[Finding, ...]  # not at a sentence (the header, the file)
    rtl: bool

    @property
    def page(self) -> str:
        return f"{self.status.lang}/{self.slug}.html"


@dataclass
class ReportResult:
    folder: Path
    pages: list[Path] = field(default_factory=list)
    catalogs: list[CatalogView] = field(default_factory=list)


def entry_state(entry: polib.POEntry) -> str:
    """Who wrote the translation, as an editor needs to know it."""
    from localize.catalog import first_form, is_machine
    from localize.memory import from_memory

    if not first_form(entry):
        return "untranslated"
    if "fuzzy" not in entry.flags:
        return "reviewed"
    if entry.previous_msgid:
        return "changed"
    if entry.tcomment and from_memory(entry):
        return "memory"
    if is_machine(entry):
        return "machine"
    return "fuzzy"


def _provenance(entry: polib.POEntry) -> str:
    from localize.catalog import MT_PREFIX, TM_PREFIX

    for line in (entry.tcomment or "").split("\n"):
        if line.startswith((MT_PREFIX, TM_PREFIX)):
            return line
    return ""


def _terms(
    glossary: Glossary | None, text: str, lang: str, target: str
) -> tuple[tuple[int, int, str], ...]:
    """Glossary terms in ``text`` (in ``lang``), each titled with its accepted ``target`` forms."""
    from localize.glossary import find_terms

    out = []
    for m in find_terms(glossary, text, lang=lang):
        forms = " | ".join(m.term.forms(target)) or "(no form given)"
        out.append((m.start, m.end, f"glossary: {m.term.name} → {forms}"))
    return tuple(out)


def _rtl(lang: str) -> bool:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang).character_order == "right-to-left"
    except (UnknownLocaleError, ValueError):
        return False


def _catalog_view(
    row: CatalogStatus, po: polib.POFile, findings: Sequence[Finding], glossary: Glossary | None
) -> CatalogView:
    from localize.catalog import first_form
    from localize.engine.confidence import recorded_confidence

    source_lang = glossary.source if glossary is not None else "en"
    entries = [e for e in po if not e.obsolete and e.msgid]
    starts = cast(list[int], [e.linenum for e in entries])  # read from a file: all have one
    at: dict[int, list[Finding]] = {}
    loose: list[Finding] = []
    for f in findings:
        i = bisect.bisect_right(starts, f.line) - 1 if f.line is not None else -1
        if i < 0:
            loose.append(f)
        else:
            at.setdefault(i, []).append(f)
    views = []
    origins: Counter[str] = Counter()
    for i, e in enumerate(entries):
        state = entry_state(e)
        origins[
            {"machine": "machine", "memory": "memory", "reviewed": "reviewed"}.get(
                state, "untranslated" if state == "untranslated" else "other fuzzy"
            )
        ] += 1
        line = _provenance(e)
        translation = first_form(e)
        views.append(
            EntryView(
                order=i,
                where=f"{row.path}:{e.linenum}",
                context=e.msgctxt,
                source=e.msgid,
                translation=translation,
                state=state,
                fuzzy="fuzzy" in e.flags,
                confidence=recorded_confidence(e.tcomment) if state == "machine" else None,
                provenance=line,
                previous=e.previous_msgid or None,
                source_terms=_terms(glossary, e.msgid, source_lang, row.lang) if glossary else (),
                target_terms=_terms(glossary, translation, row.lang, row.lang) if glossary else (),
                findings=tuple(at.get(i, ())),
            )
        )
    slug = Path(row.path).stem
    return CatalogView(
        row,
        slug,
        tuple(views),
        {k: origins.get(k, 0) for k in ("reviewed", "machine", "memory", "other fuzzy")},
        dict(sorted(Counter(f.code for f in findings).items())),
        tuple(loose),
        _rtl(row.lang),
    )


def collect(
    config: Config,
    *,
    locales: Sequence[str] | None = None,
    paths: Sequence[Path] = (),
    report: Report | None = None,
) -> list[CatalogView | CatalogStatus]:
    """Every catalog ``status`` covers, read for the review page (a missing or unreadable one
    stays a bare status row); ``report`` is the check run to show, else one is run."""
    from localize.catalog import read_catalog
    from localize.errors import LocalizeError
    from localize.glossary import project_glossary
    from localize.review import check_project, project_status

    glossary = project_glossary(config)
    rows = project_status(config, locales=locales, glossary=glossary, paths=list(paths))
    if report is None:
        report = check_project(config, locales=locales, paths=list(paths), glossary=glossary)
    by_path: dict[str, list[Finding]] = {}
    for (_, path), found in report.catalogs.items():
        by_path.setdefault(path, []).extend(found)
    out: list[CatalogView | CatalogStatus] = []
    for row in rows:
        if not row.exists:
            out.append(row)
            continue
        try:
            po = read_catalog(
                config.root / row.path if not Path(row.path).is_absolute() else Path(row.path)
            )
        except LocalizeError:
            out.append(row)
            continue
        out.append(_catalog_view(row, po, by_path.get(row.path, []), glossary))
    return out
