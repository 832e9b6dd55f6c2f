"""Gettext catalogs: extract a .pot from an article, merge it into a .po (msgmerge semantics).

Pure functions on ``polib.POFile``; reading and writing live in :mod:`localize.poformat`.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path

import polib

from localize import __version__
from localize.errors import InputError
from localize.lang import language_name, plural_forms

__all__ = [
    "GENERATOR",
    "extract",
    "update",
    "read_catalog",
    "write_catalog",
    "same_content",
    "now_stamp",
    "is_translated",
    "set_own_comments",
]

GENERATOR = f"localize {__version__}"
FUZZY_CUTOFF = 0.6  # msgmerge's threshold for a fuzzy match

# Prefixes of the translator-comment lines this tool writes; other lines are the editors'.
OWN_COMMENT_PREFIXES = ("mt:", "glossary:", "previous translation:", "engine:")


def now_stamp(now: datetime | None = None) -> str:
    """A gettext date (``2026-11-24 21:13+0000``); honours SOURCE_DATE_EPOCH for reproducibility."""
    if now is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        now = (
            datetime.fromtimestamp(int(epoch), timezone.utc)
            if epoch and epoch.isdigit()
            else datetime.now(timezone.utc).replace(second=0, microsecond=0)
        )
    return now.strftime("%Y-%m-%d %H:%M%z")


def _pot_header(project: str, stamp: str) -> dict[str, str]:
    return {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": GENERATOR,
    }


def extract(
    segments: Iterable[object],
    *,
    ref_path: str,
    project: str,
    now: datetime | None = None,
) -> polib.POFile:
    """Build the template for one article: one entry per distinct sentence, all its references.

    ``segments`` are :class:`localize.segment.Segment` (anything with text, kind, line).
    Non-paragraph blocks get an extracted comment naming their kind.
    """
    pot = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    pot.header = f"Translation template for {project}."
    pot.metadata = _pot_header(project, now_stamp(now))
    pot.metadata_is_fuzzy = ["fuzzy"]
    by_id: dict[str, polib.POEntry] = {}
    for seg in segments:
        text: str = seg.text  # type: ignore[attr-defined]
        kind: str = seg.kind  # type: ignore[attr-defined]
        line: int = seg.line  # type: ignore[attr-defined]
        entry = by_id.get(text)
        if entry is None:
            entry = polib.POEntry(msgid=text, msgstr="", occurrences=[])
            by_id[text] = entry
            pot.append(entry)
        entry.occurrences.append((ref_path, str(line)))
        if kind != "paragraph":
            kinds = entry.comment.split(", ") if entry.comment else []
            if kind not in kinds:
                entry.comment = ", ".join([*kinds, kind])
    return pot


def is_translated(entry: polib.POEntry) -> bool:
    """Every form has text (all plural forms for a plural entry); fuzzy is not checked here."""
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _has_text(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _copy_translation(dst: polib.POEntry, src: polib.POEntry) -> None:
    dst.msgstr = src.msgstr
    dst.msgstr_plural = dict(src.msgstr_plural)
    dst.tcomment = src.tcomment
    dst.flags = [f for f in src.flags if f != "fuzzy"]
    if "fuzzy" in src.flags:
        dst.flags.insert(0, "fuzzy")
    dst.previous_msgctxt = src.previous_msgctxt
    dst.previous_msgid = src.previous_msgid
    dst.previous_msgid_plural = src.previous_msgid_plural


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _best_fuzzy(msgid: str, candidates: Sequence[polib.POEntry]) -> polib.POEntry | None:
    best, best_ratio = None, FUZZY_CUTOFF
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(msgid)
    for cand in candidates:
        matcher.set_seq1(cand.msgid)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = cand, ratio
    return best


def update(
    pot: polib.POFile,
    old: polib.POFile | None,
    *,
    lang: str,
    now: datetime | None = None,
) -> polib.POFile:
    """Merge ``pot`` into the catalog ``old`` for ``lang`` (a new one when None), like msgmerge.

    Exact matches keep their translation, flags and comments. A changed sentence takes the most
    similar old translation as a fuzzy suggestion with the previous msgid (``#|``). Sentences gone
    from the template become obsolete (``#~``) when they carry a translation.
    """
    po = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    if old is None:
        po.header = pot.header.replace("Translation template", f"{language_name(lang)} translation")
        # The template's own record of its source is not the catalog's to carry.
        meta = {k: v for k, v in pot.metadata.items() if not k.startswith("X-Localize-")}
        meta.update(
            {
                "PO-Revision-Date": now_stamp(now),
                "Last-Translator": "Automatically generated",
                "Language-Team": language_name(lang),
                "Language": lang,
                "Plural-Forms": plural_forms(lang),
            }
        )
        po.metadata = meta
    else:
        po.header = old.header
        meta = dict(old.metadata)
        meta["POT-Creation-Date"] = pot.metadata.get("POT-Creation-Date", "")
        meta.setdefault("Language", lang)
        meta.setdefault("Plural-Forms", plural_forms(lang))
        meta["X-Generator"] = GENERATOR
        po.metadata = meta
        po.metadata_is_fuzzy = old.metadata_is_fuzzy
    po.metadata = _ordered_header(po.metadata)

    live = [e for e in old if not e.obsolete] if old is not None else []
    dead = [e for e in old if e.obsolete] if old is not None else []
    exact = {_key(e): e for e in live}
    exact_dead = {_key(e): e for e in dead}
    used: set[int] = set()
    translated = [e for e in live if _has_text(e)]
    for tmpl in pot:
        if tmpl.obsolete:
            continue
        entry = polib.POEntry(
            msgctxt=tmpl.msgctxt,
            msgid=tmpl.msgid,
            msgid_plural=tmpl.msgid_plural,
            msgstr="",
            occurrences=list(tmpl.occurrences),
            comment=tmpl.comment,
            flags=[f for f in tmpl.flags if f != "fuzzy"],
        )
        if tmpl.msgid_plural:
            entry.msgstr_plural = {}
        prev = exact.get(_key(tmpl)) or exact_dead.get(_key(tmpl))
        if prev is not None:
            _copy_translation(entry, prev)
            used.add(id(prev))
        else:
            match = _best_fuzzy(tmpl.msgid, translated)
            if match is not None:
                _copy_translation(entry, match)
                if "fuzzy" not in entry.flags:
                    entry.flags.insert(0, "fuzzy")
                entry.previous_msgctxt = match.msgctxt
                entry.previous_msgid = match.msgid
                entry.previous_msgid_plural = match.msgid_plural
        po.append(entry)
    for prev in live:
        if id(prev) not in used and _has_text(prev):
            gone = polib.POEntry(
                msgctxt=prev.msgctxt,
                msgid=prev.msgid,
                msgid_plural=prev.msgid_plural,
                msgstr=prev.msgstr,
                tcomment=prev.tcomment,
                flags=list(prev.flags),
                obsolete=True,
            )
            gone.msgstr_plural = dict(prev.msgstr_plural)
            po.append(gone)
    for prev in dead:
        if id(prev) not in used:
            po.append(prev)
    return po


_HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
    "X-Generator",
)


def _ordered_header(meta: dict[str, str]) -> dict[str, str]:
    ordered = {k: meta[k] for k in _HEADER_ORDER if k in meta}
    ordered.update({k: v for k, v in meta.items() if k not in ordered})
    return ordered


def set_own_comments(entry: polib.POEntry, lines: Iterable[str]) -> None:
    """Replace this tool's translator-comment lines, keeping the editors' own lines."""
    keep = [
        line
        for line in (entry.tcomment or "").split("\n")
        if line and not line.startswith(OWN_COMMENT_PREFIXES)
    ]
    entry.tcomment = "\n".join([*keep, *lines])


def same_content(a: polib.POFile, b: polib.POFile, *, ignore: Sequence[str] = ()) -> bool:
    """True when the two catalogs differ at most in the header fields named in ``ignore``."""
    from localize.poformat import dumps

    def norm(po: polib.POFile) -> str:
        meta = po.metadata
        po.metadata = {k: v for k, v in meta.items() if k not in ignore}
        try:
            return dumps(po)
        finally:
            po.metadata = meta

    return norm(a) == norm(b)


def read_catalog(path: str | Path) -> polib.POFile:
    """Read a .po/.pot file; malformed input raises CatalogError with path:line."""
    from localize.poformat import read_po

    path = Path(path)
    if not path.exists():
        raise InputError("no such file", path=path)
    if not path.is_file():
        raise InputError("is a directory, not a catalog", path=path)
    return read_po(path)


def write_catalog(po: polib.POFile, path: str | Path) -> bool:
    """Write ``po`` atomically in msgcat's exact format; False (nothing written) if unchanged."""
    from localize.fileio import atomic_write_text
    from localize.poformat import dumps

    path = Path(path)
    text = dumps(po)
    try:
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return False
    except UnicodeDecodeError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)
    return True
