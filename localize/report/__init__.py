"""``localize report``: a static review site of the project's catalogs.

An overview of every catalog (bars, words left, who wrote what, findings by code) and one page
per article and language with source and translation side by side in the article's order,
each sentence's state, machine confidence, memory matches, glossary terms, the previous source
of a changed sentence as a word diff, and the check findings at their sentence. The pages are
self-contained (no network, no CDN; they work from ``file://``): every text is escaped, the one
script and style are inline and allowed by their hashes in a strict Content-Security-Policy,
and no element carries an event handler.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from localize.config import Config
from localize.report.model import CatalogView, EntryView, ReportResult, collect, entry_state

if TYPE_CHECKING:
    from localize.review import Report

__all__ = [
    "EntryView",
    "CatalogView",
    "ReportResult",
    "collect",
    "entry_state",
    "write_report",
    "written_line",
]


def write_report(
    config: Config,
    folder: Path,
    *,
    locales: Sequence[str] | None = None,
    paths: Sequence[Path] = (),
    report: Report | None = None,
) -> ReportResult:
    """Write the review site into ``folder``: ``index.html`` and ``<lang>/<article>.html``."""
    from localize.fileio import atomic_write_text
    from localize.report.page import catalog_page, overview_page

    views = collect(config, locales=locales, paths=paths, report=report)
    result = ReportResult(Path(folder))
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    index = folder / "index.html"
    atomic_write_text(index, overview_page(views))
    result.pages.append(index)
    for view in views:
        if isinstance(view, CatalogView):
            page = folder / view.status.lang / f"{view.slug}.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(page, catalog_page(view))
            result.pages.append(page)
            result.catalogs.append(view)
    return result


def written_line(site: ReportResult, *, pages: bool = True) -> str:
    """What a run that wrote the site says: its index and how many catalog pages (``pages``),
    else that the review site is there."""
    from localize.fileio import shown

    if pages:
        return f"wrote {shown(site.pages[0])} and {len(site.pages) - 1} catalog page(s)"
    return f"wrote the review site {shown(site.pages[0])}"
