"""Whose words an entry holds: the translator-comment lines this tool writes (machine, memory,
suggestion, XLIFF, a changed source) beside the editors' own, and what they tell about an entry."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime, timezone

import polib

__all__ = [
    "MT_PREFIX",
    "SUGGESTION_PREFIX",
    "TM_PREFIX",
    "XLIFF_PREFIX",
    "CHANGED_PREFIX",
    "DIFFERS_PREFIX",
    "OWN_COMMENT_PREFIXES",
    "now_stamp",
    "is_translated",
    "first_form",
    "text_digest",
    "provenance",
    "is_machine",
    "has_suggestion",
    "needs_review_after_source_change",
    "set_own_comments",
]

# Prefixes of the translator-comment lines this tool writes; other lines are the editors'.
MT_PREFIX = "mt:"  # "the msgstr is machine output" (with engine, pair and model version)
SUGGESTION_PREFIX = "mt suggestion"  # MT of a changed sentence, beside a person's translation
TM_PREFIX = "tm:"  # "the msgstr came from the translation memory" (localize.memory.recall)
XLIFF_PREFIX = (
    "xliff:"  # "the msgstr came back in an XLIFF file, not yet reviewed" (localize.xliff)
)
CHANGED_PREFIX = "source changed:"  # what differs from the sentence the msgstr translated (#|)
DIFFERS_PREFIX = "differs:"  # what differs from the memory's source of a tm: match
OWN_COMMENT_PREFIXES = (
    MT_PREFIX,
    SUGGESTION_PREFIX,
    TM_PREFIX,
    XLIFF_PREFIX,
    CHANGED_PREFIX,
    DIFFERS_PREFIX,
    "glossary:",
    "glossary case:",  # a term given the nominative for want of evidence (localize.glossary)
    "previous translation:",
    "engine:",
)


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


def is_translated(entry: polib.POEntry) -> bool:
    """Every form has text (all plural forms for a plural entry); fuzzy is not checked here."""
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def first_form(entry: polib.POEntry) -> str:
    """The msgstr, or a plural entry's msgstr[0]: what msgfmt and msgmerge look at to call an
    entry translated."""
    if entry.msgid_plural:
        forms = entry.msgstr_plural or {}
        return forms.get(0, "") or forms.get("0", "")  # type: ignore[call-overload]
    return entry.msgstr


def text_digest(text: str) -> str:
    """The short digest of a translation that its ``mt:`` or ``tm:`` line records (``[1a2b3c4d]``):
    8 hex digits of SHA-1 over the NFC text, so a tool that only re-wraps or re-normalises the
    catalog does not make machine output look like a person's."""
    return hashlib.sha1(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()[:8]


_DIGEST = re.compile(r"\[([0-9a-f]{8})\]")


def provenance(entry: polib.POEntry) -> tuple[str, str | None] | None:
    """This tool's ``mt:``/``tm:`` line of the entry and the digest it records, or None.

    The digest is None on a line written before digests were recorded. A line that an editor's
    tool wrapped is read with its continuation lines.
    """
    lines = [line for line in (entry.tcomment or "").split("\n") if line]
    for i, line in enumerate(lines):
        if not line.startswith((MT_PREFIX, TM_PREFIX)):
            continue
        joined = line
        for more in lines[i + 1 :]:
            if more.startswith(OWN_COMMENT_PREFIXES):
                break
            joined = f"{joined} {more}"
        found = _DIGEST.search(joined)
        return line, found.group(1) if found else None
    return None


def is_machine(entry: polib.POEntry) -> bool:
    """The translation is still machine output nobody has reviewed: fuzzy, with this tool's
    ``mt:`` (or ``tm:``: a translation memory's match is not a person's translation of this
    sentence) recording the digest of exactly this text.

    Decided by content: an editor who changes the text (saving it fuzzy or not, in any tool)
    makes it theirs; one who accepts it clears the fuzzy flag. A line without a digest (written
    by an older localize) is read as before: fuzzy with ``mt:``/``tm:`` is machine output.
    """
    if "fuzzy" not in entry.flags:
        return False
    found = provenance(entry)
    if found is None:
        return False
    digest = found[1]
    return digest is None or digest == text_digest(first_form(entry))


def has_suggestion(entry: polib.POEntry) -> bool:
    """A machine translation of the current sentence already stands beside a person's text."""
    return any(line.startswith(SUGGESTION_PREFIX) for line in (entry.tcomment or "").split("\n"))


def needs_review_after_source_change(entry: polib.POEntry) -> bool:
    """A person's translation that turned fuzzy because its sentence was edited."""
    return (
        not entry.obsolete
        and "fuzzy" in entry.flags
        and entry.previous_msgid is not None
        and bool(first_form(entry))
        and not is_machine(entry)
    )


def set_own_comments(entry: polib.POEntry, lines: Iterable[str]) -> None:
    """Replace this tool's translator-comment lines, keeping the editors' own lines.

    A tool that wraps long comments (polib does, at 78 columns) splits one of our lines in
    several; the pieces that join back into one of the new lines are ours too.
    """
    lines = list(lines)
    old = [line for line in (entry.tcomment or "").split("\n") if line]
    keep: list[str] = []
    i = 0
    while i < len(old):
        line = old[i]
        i += 1
        if not line.startswith(OWN_COMMENT_PREFIXES):
            keep.append(line)
            continue
        joined = line
        while i < len(old) and not old[i].startswith(OWN_COMMENT_PREFIXES):
            longer = f"{joined} {old[i]}"
            if not any(new.startswith(longer) for new in lines):
                break
            joined = longer
            i += 1
    entry.tcomment = "\n".join([*keep, *lines])
