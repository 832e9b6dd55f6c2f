"""A template merged into a locale's catalog as msgmerge merges it: exact and fuzzy matches,
obsolete entries, the header, and the format checks msgmerge makes after a merge."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import polib

from localize.catalog.marks import (
    DIFFERS_PREFIX,
    MT_PREFIX,
    SUGGESTION_PREFIX,
    TM_PREFIX,
    first_form,
    has_suggestion,
    is_machine,
    now_stamp,
    provenance,
)
from localize.catalog.read import Catalog, set_header_lines
from localize.lang import catalog_nplurals, language_name, plural_forms

__all__ = ["update"]


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _new_entry(tmpl: polib.POEntry, nplurals: int) -> polib.POEntry:
    """A template entry as msgmerge copies it: its comments, flags and references, no text."""
    entry = polib.POEntry(
        msgctxt=tmpl.msgctxt,
        msgid=tmpl.msgid,
        msgid_plural=tmpl.msgid_plural,
        msgstr="",
        occurrences=list(tmpl.occurrences),
        comment=tmpl.comment,
        tcomment=tmpl.tcomment,
        flags=[f for f in tmpl.flags if f != "fuzzy"],
    )
    if tmpl.msgid_plural:
        entry.msgstr_plural = {i: "" for i in range(nplurals)}
    return entry


def _merged(
    tmpl: polib.POEntry, old: polib.POEntry, *, fuzzy_match: bool, nplurals: int
) -> polib.POEntry:
    """The template entry carrying ``old``'s translation, as ``msgmerge --previous`` builds it.

    Comments of the translator and the fuzzy state come from ``old``; extracted comments,
    references and format/wrap flags from the template.
    """
    entry = _new_entry(tmpl, nplurals)
    entry.tcomment = old.tcomment
    force_fuzzy = fuzzy_match
    if tmpl.msgid_plural:
        if old.msgid_plural:
            entry.msgstr_plural = {int(k): v for k, v in (old.msgstr_plural or {}).items()}
            force_fuzzy = force_fuzzy or old.msgid_plural != tmpl.msgid_plural
        else:  # singular -> plural: every form gets the old text, for review
            entry.msgstr_plural = {i: old.msgstr for i in range(nplurals)}
            force_fuzzy = True
    elif old.msgid_plural:  # plural -> singular: the first form
        forms: dict[Any, str] = old.msgstr_plural or {}  # int keys, or "0" in some catalogs
        entry.msgstr = forms.get(0, forms.get("0", ""))
        force_fuzzy = True
    else:
        entry.msgstr = old.msgstr
    old_fuzzy = "fuzzy" in old.flags
    if force_fuzzy and has_suggestion(old):
        # A suggestion translated the old sentence: stale now, never shown as if fresh.
        entry.tcomment = _without_lines(entry.tcomment, (SUGGESTION_PREFIX,))
    if old_fuzzy:
        # msgmerge keeps the text the translation was made for (possibly none).
        entry.previous_msgctxt = old.previous_msgctxt
        entry.previous_msgid = old.previous_msgid
        entry.previous_msgid_plural = old.previous_msgid_plural or None
        if force_fuzzy and old.previous_msgid is None and provenance(old) is not None:
            # Output of this tool records what it was translated from, so that `translate`
            # knows to translate the new sentence (msgmerge writes no #| here); one an editor
            # changed, fuzzy still, is theirs now and keeps it as a reviewed one would.
            entry.previous_msgctxt = old.msgctxt
            entry.previous_msgid = old.msgid
            entry.previous_msgid_plural = old.msgid_plural or None
            if first_form(old) and not is_machine(old):
                entry.tcomment = _without_lines(
                    entry.tcomment, (MT_PREFIX, TM_PREFIX, DIFFERS_PREFIX)
                )
    elif force_fuzzy:
        entry.previous_msgctxt = old.msgctxt
        entry.previous_msgid = old.msgid
        entry.previous_msgid_plural = old.msgid_plural or None
        if first_form(old):
            # A reviewed translation is the reviewer's now, whoever first wrote it.
            entry.tcomment = _without_lines(old.tcomment, (MT_PREFIX, TM_PREFIX))
    if old_fuzzy or force_fuzzy:
        entry.flags.insert(0, "fuzzy")
    if not first_form(entry):
        # msgmerge omits #| on an untranslated result: no translation was made for it.
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    return entry


def _obsolete(old: polib.POEntry) -> polib.POEntry:
    """An entry gone from the template, kept as ``#~`` like msgmerge: no references."""
    gone = polib.POEntry(
        msgctxt=old.msgctxt,
        msgid=old.msgid,
        msgid_plural=old.msgid_plural,
        msgstr=old.msgstr,
        tcomment=old.tcomment,
        flags=list(old.flags),
        previous_msgctxt=old.previous_msgctxt,
        previous_msgid=old.previous_msgid,
        previous_msgid_plural=old.previous_msgid_plural or None,
        obsolete=True,
    )
    gone.msgstr_plural = dict(old.msgstr_plural or {})
    return gone


def update(
    pot: polib.POFile,
    old: polib.POFile | None,
    *,
    lang: str,
    now: datetime | None = None,
) -> Catalog:
    """Merge ``pot`` into the catalog ``old`` for ``lang`` (a new one when None), like msgmerge.

    Exact matches (also of obsolete entries) keep their translation. A changed sentence takes
    the most similar old translation (live or obsolete) as a fuzzy suggestion with the previous
    msgid (``#|``). Translated sentences gone from the template become obsolete (``#~``).
    The differences from ``msgmerge --previous`` are chosen and listed in README.
    """
    from localize.catalog.fuzzy import FuzzyIndex

    po = Catalog(wrapwidth=79, check_for_duplicates=False)
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
        po.metadata = _ordered_header(meta)
    else:
        po.header = old.header
        _merge_header(po, pot, old)
        po.metadata.setdefault("Language", lang)
        po.metadata.setdefault("Plural-Forms", plural_forms(lang))
        po.metadata_is_fuzzy = old.metadata_is_fuzzy
    n = catalog_nplurals(po.metadata.get("Plural-Forms", ""), lang, unchecked=True)

    olds = [e for e in old if e.msgid or e.msgctxt is not None] if old is not None else []
    exact: dict[tuple[str | None, str], polib.POEntry] = {}
    for e in olds:  # a live entry wins over an obsolete one with the same key
        if _key(e) not in exact or exact[_key(e)].obsolete:
            exact[_key(e)] = e
    used: set[int] = set()
    index: FuzzyIndex | None = None
    to_check: list[tuple[polib.POEntry, polib.POEntry]] = []
    for tmpl in pot:
        if tmpl.obsolete or (not tmpl.msgid and tmpl.msgctxt is None):
            continue
        prev = exact.get(_key(tmpl))
        if prev is not None:
            merged = _merged(tmpl, prev, fuzzy_match=False, nplurals=n)
            po.append(merged)
            used.add(id(prev))
            if _needs_format_check(merged, prev):
                to_check.append((merged, prev))
            continue
        if index is None:
            index = FuzzyIndex([e for e in olds if first_form(e)])
        match = index.best(tmpl.msgctxt, tmpl.msgid)
        if match is not None:
            po.append(_merged(tmpl, match, fuzzy_match=True, nplurals=n))
            used.add(id(match))
        else:
            po.append(_new_entry(tmpl, n))
    for e in olds:  # in the old file's order, as msgmerge keeps them
        if id(e) in used:
            continue
        if e.obsolete:
            po.append(e)
        elif first_form(e):
            po.append(_obsolete(e))
    for entry, prev in _format_broken(po, to_check):
        _make_fuzzy(entry, prev)
    return po


def _format_flags(flags: Iterable[str]) -> set[str]:
    """The formats an entry is marked as (``c-format`` and ``possible-c-format`` alike)."""
    out = set()
    for f in flags:
        if f.endswith("-format") and not f.startswith("no-"):
            out.add(f.removeprefix("possible-"))
    return out


def _range(flags: Iterable[str]) -> tuple[int, int] | None:
    for f in flags:
        m = re.fullmatch(r"range:\s*(\d+)\s*\.\.\s*(\d+)", f)
        if m:
            return int(m.group(1)), int(m.group(2))
    return None


def _needs_format_check(entry: polib.POEntry, old: polib.POEntry) -> bool:
    """msgmerge checks an exact match only where the template marks a format the old entry
    did not (the old one passed ``msgfmt -c`` as it was), or narrows its ``range:``."""
    if "fuzzy" in entry.flags or not first_form(entry):
        return False
    return bool(_format_flags(entry.flags) - _format_flags(old.flags)) or _range_widened(entry, old)


def _range_widened(entry: polib.POEntry, old: polib.POEntry) -> bool:
    was, now = _range(old.flags), _range(entry.flags)
    return was is not None and (now is None or now[0] < was[0] or now[1] > was[1])


def _make_fuzzy(entry: polib.POEntry, old: polib.POEntry) -> None:
    """As msgmerge marks a translation that would fail ``msgfmt -c``: fuzzy, ``#|`` its own
    msgid (the translation was made for it), the machine mark dropped (a person reviewed it)."""
    entry.flags.insert(0, "fuzzy")
    entry.previous_msgctxt = old.msgctxt
    entry.previous_msgid = old.msgid
    entry.previous_msgid_plural = old.msgid_plural or None
    entry.tcomment = _without_lines(old.tcomment, (MT_PREFIX, TM_PREFIX))


def _format_broken(
    po: polib.POFile, pairs: list[tuple[polib.POEntry, polib.POEntry]]
) -> list[tuple[polib.POEntry, polib.POEntry]]:
    """The merged exact matches whose translation breaks a format the template marks, by GNU
    gettext's own checks (libgettextpo in process, else one ``msgfmt -c``), with the catalog's
    header so that its plural forms count. Without GNU gettext nothing is checked."""
    if not pairs:
        return []
    found = [(e, old) for e, old in pairs if _range_widened(e, old)]
    rest = [(e, old) for e, old in pairs if not _range_widened(e, old)]
    if rest:
        lines = _gettext_format_errors(po, [e for e, _ in rest])
        if lines is not None:
            found += [pair for pair, bad in zip(rest, lines, strict=True) if bad]
    return found


def _gettext_format_errors(po: polib.POFile, entries: list[polib.POEntry]) -> list[bool] | None:
    import shutil
    import subprocess
    import tempfile

    from localize.catalog import gettextpo as gettextpo
    from localize.catalog.write import encode_po, entry_text

    head = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    head.metadata = {
        k: v for k, v in po.metadata.items() if k in ("Content-Type", "Plural-Forms", "Language")
    }
    head.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    parts = [encode_po(head).decode("utf-8")]
    spans: list[tuple[int, int]] = []
    line = parts[0].count("\n") + 2
    for e in entries:
        bare = polib.POEntry(msgid=e.msgid, msgctxt=e.msgctxt, msgid_plural=e.msgid_plural)
        bare.msgstr = e.msgstr
        bare.msgstr_plural = dict(e.msgstr_plural or {})
        bare.flags = [f for f in e.flags if f.endswith("-format") or f.startswith("range:")]
        text = entry_text(bare) + "\n"
        spans.append((line, line + text.count("\n")))
        parts.append(text)
        line += text.count("\n") + 1
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "check.po")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(parts))
        if gettextpo.available():
            rows = [(p.line, p.message) for p in gettextpo.check_file(path)]
        elif (exe := shutil.which("msgfmt")) is not None:
            proc = subprocess.run(
                [exe, "-c", "-o", os.devnull, path], capture_output=True, check=False
            )
            rows = []
            for raw in proc.stderr.decode("utf-8", "replace").splitlines():
                m = re.match(r"^.*?:(\d+):(?:\d+:)? (.*)$", raw)
                if m and not m.group(2).startswith("warning:"):
                    rows.append((int(m.group(1)), m.group(2)))
        else:
            return None
    bad = [False] * len(entries)
    for at, message in rows:
        if at is None or "format" not in message:
            continue  # msgmerge looks at format strings only
        for i, (start, end) in enumerate(spans):
            if start <= at <= end:
                bad[i] = True
                break
    return bad


# msgmerge writes these header fields first, in this order, and the rest as they were.
_MSGMERGE_HEADER_ORDER = (
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
)

_FROM_TEMPLATE = ("Report-Msgid-Bugs-To", "POT-Creation-Date")


def _merge_header(po: Catalog, pot: polib.POFile, old: polib.POFile) -> None:
    """The old header as msgmerge rewrites it: its known fields first in gettext's order, the
    template's bug address and creation date, every other field as and where it was. ``old``
    is a Catalog (its header as read) or a plain POFile (its fields)."""
    old_lines: list[tuple[str | None, str]] = getattr(old, "header_lines", None) or [
        (k, f"{k}: {v}") for k, v in old.metadata.items()
    ]
    raw = {k: line for k, line in old_lines if k is not None}
    meta: dict[str, str] = {}
    lines: list[tuple[str | None, str]] = []
    for key in _MSGMERGE_HEADER_ORDER:
        if key in _FROM_TEMPLATE and key in pot.metadata:
            meta[key] = pot.metadata[key]
        elif key in old.metadata:
            meta[key] = old.metadata[key]
        else:
            continue
        lines.append((key, raw.get(key, f"{key}: {meta[key]}")))
    for field, line in old_lines:
        if field is None or field not in _MSGMERGE_HEADER_ORDER:
            lines.append((field, line))
            if field is not None:
                meta[field] = old.metadata[field]
    po.metadata = meta
    set_header_lines(po, lines)
    read: dict[str, str] = getattr(old, "header_read", None) or old.metadata
    po.header_read = dict(read)


def _without_lines(text: str | None, prefixes: tuple[str, ...]) -> str:
    # A lone "#" line (an empty one here) is the translator's and stays, as msgmerge keeps it.
    return "\n".join(line for line in (text or "").split("\n") if not line.startswith(prefixes))


# New catalogs: msgmerge's order, then the fields localize adds.
_HEADER_ORDER = (*_MSGMERGE_HEADER_ORDER, "Plural-Forms", "X-Generator")


def _ordered_header(meta: dict[str, str]) -> dict[str, str]:
    ordered = {k: meta[k] for k in _HEADER_ORDER if k in meta}
    ordered.update({k: v for k, v in meta.items() if k not in ordered})
    return ordered
