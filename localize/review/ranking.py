"""The machine translations most worth an editor's look: lowest recorded confidence first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from localize.config import Config

__all__ = ["Doubtful", "worst_entries"]


@dataclass(frozen=True)
class Doubtful:
    """A machine translation nobody has reviewed, with the confidence its ``mt:`` line records."""

    where: str  # path:line
    lang: str
    confidence: float
    source: str
    translation: str


def worst_entries(
    config: Config,
    count: int,
    *,
    locales: Sequence[str] | None = None,
    paths: Sequence[Path] = (),
    below: float | None = None,
) -> list[Doubtful]:
    """The ``count`` machine entries of the project with the lowest confidence (``below`` a
    threshold, if given), lowest first; ties in catalog order."""
    from localize.catalog import first_form, is_machine, read_catalog
    from localize.engine.confidence import recorded_confidence
    from localize.fileio import shown
    from localize.review.catalogs import project_catalogs

    found: list[Doubtful] = []
    for ref in project_catalogs(config, locales=locales, paths=list(paths)):
        if not ref.path.exists():
            continue
        for e in read_catalog(ref.path):
            if e.obsolete or not is_machine(e):
                continue
            c = recorded_confidence(e.tcomment)
            if c is None or (below is not None and c >= below):
                continue
            where = f"{shown(ref.path)}:{e.linenum}"
            found.append(Doubtful(where, ref.lang, c, e.msgid, first_form(e)))
    found.sort(key=lambda d: d.confidence)  # stable: catalog order within a score
    return found[:count] if count else found
