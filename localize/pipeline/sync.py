"""A template merged into one locale's catalog: the merge, what it changed, and its annotations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from localize import catalog
from localize.config import Config
from localize.pipeline.articles import Article
from localize.pipeline.recall import recall_from_memory

if TYPE_CHECKING:
    from localize.glossary import Glossary
    from localize.memory import Memory

__all__ = ["CatalogJob", "Changes", "UNREAD", "Unread", "sync_catalog", "remerge_catalog"]


@dataclass
class Changes:
    """What a merge did to one locale's catalogs: sentences new to them, changed ones (a
    similar old translation offered, ``#|``), and translated ones gone (``#~``)."""

    new: int = 0
    changed: int = 0
    obsolete: int = 0

    def add(self, other: Changes) -> None:
        self.new += other.new
        self.changed += other.changed
        self.obsolete += other.obsolete

    def __bool__(self) -> bool:
        return bool(self.new or self.changed or self.obsolete)


@dataclass(frozen=True)
class CatalogJob:
    """One article's template bound for one locale's catalog, with what the merge needs."""

    article: Article
    pot: polib.POFile  # the template as written (or as it stands when unchanged)
    lang: str
    config: Config
    glossary: Glossary | None = None
    now: datetime | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.lang, self.article.slug)

    @property
    def path(self) -> Path:
        return self.config.po_path(self.lang, self.article.slug)


class Unread:
    """The file has not been read yet (None means: read, and there was no file)."""


UNREAD = Unread()


def _changes(old: polib.POFile | None, po: polib.POFile) -> Changes:
    """Count what merging the template into ``old`` gave ``po``."""

    def key(e: polib.POEntry) -> tuple[str | None, str]:
        return (e.msgctxt, e.msgid)

    before = {key(e) for e in old or () if not e.obsolete and (e.msgid or e.msgctxt is not None)}
    out = Changes()
    for e in po:
        if not e.msgid and e.msgctxt is None:
            continue
        if e.obsolete:
            out.obsolete += key(e) in before
        elif key(e) not in before:
            if e.previous_msgid is not None and "fuzzy" in e.flags:
                out.changed += 1
            else:
                out.new += 1
    return out


def sync_catalog(
    job: CatalogJob, data: bytes | None | Unread = UNREAD
) -> tuple[polib.POFile, bytes | None, Changes]:
    """The catalog for the job's locale merged with the template; also the bytes it was read
    from and what the merge changed.

    ``data`` is the file's content when the caller has just read it.
    """
    from localize.catalog import MAX_CATALOG_BYTES, parse_po
    from localize.errors import CatalogError
    from localize.fileio import read_regular_file

    path = job.path
    job.config.check_inside(path, "catalog")
    if isinstance(data, Unread):
        # A directory or a FIFO in the catalog's place is named, not read (bytes: any charset).
        exists = path.exists() or path.is_symlink()
        data = (
            read_regular_file(path, "catalog", CatalogError, MAX_CATALOG_BYTES) if exists else None
        )
    old = parse_po(data, path=str(path)) if data is not None else None
    po = catalog.update(job.pot, old, lang=job.lang, now=job.now)
    if job.glossary is not None:
        _annotate_glossary(po, job.glossary, job.lang)
    _annotate_changed(po, job.lang)
    _stamp_legacy(po)
    return po, data, _changes(old, po)


def _stamp_legacy(po: polib.POFile) -> None:
    """Give the digest of its text to a ``mt:``/``tm:`` line an older localize wrote without
    one. Such an entry is machine output by the old rule (fuzzy with the line); stamped, an
    editor's later correction of it is told apart like any other."""
    for e in po:
        if e.obsolete or "fuzzy" not in e.flags or not catalog.first_form(e):
            continue
        found = catalog.provenance(e)
        if found is None or found[1] is not None:
            continue
        lines = (e.tcomment or "").split("\n")
        i = lines.index(found[0])
        lines[i] = f"{found[0]} [{catalog.text_digest(catalog.first_form(e))}]"
        e.tcomment = "\n".join(lines)


def _annotate_changed(po: polib.POFile, lang: str) -> None:
    """Name what differs between a fuzzy entry's previous sentence (``#|``) and its sentence
    (``# source changed: January 28 → January 29``), so the text offered for review is never
    taken for one that fits; the line goes when the entry is no longer such a suggestion.
    Only named: the text is a person's, and stays as they wrote it."""
    prefix = catalog.CHANGED_PREFIX
    for e in po:
        if e.obsolete:
            continue
        had = bool(e.tcomment) and prefix in e.tcomment
        offered = "fuzzy" in e.flags and e.previous_msgid is not None and catalog.first_form(e)
        if not had and not offered:
            continue
        lines: list[str] = []
        if offered:
            from localize.memory import adapt

            lines = adapt(e.previous_msgid or "", e.msgid, None, lang).lines(prefix)
        old = (e.tcomment or "").split("\n") if e.tcomment else []
        at = next((i for i, x in enumerate(old) if x.startswith(prefix)), len(old))
        rest = [x for x in old if not x.startswith(prefix)]
        e.tcomment = "\n".join([*rest[:at], *lines, *rest[at:]])


def remerge_catalog(job: CatalogJob, memory: Memory | None, data: bytes | None) -> polib.POFile:
    """The catalog merged from ``data`` (what an editor saved), memory recalled as at first
    (the memory remembers its lookups: only sentences new to this run are looked up)."""
    po = sync_catalog(job, data)[0]
    recall_from_memory(po, job.lang, memory, job.glossary)
    return po


def _annotate_glossary(po: polib.POFile, glossary: Glossary, lang: str) -> None:
    """Show the glossary terms of each sentence to editors as an extracted comment."""
    from localize.glossary import find_compounds, find_terms, hits_comment

    for entry in po:
        if entry.obsolete:
            continue
        matches = find_terms(glossary, entry.msgid)
        compounds = find_compounds(glossary, entry.msgid)
        if matches or compounds:
            hint = hits_comment(matches, lang, compounds)
            entry.comment = f"{entry.comment}\n{hint}" if entry.comment else hint
