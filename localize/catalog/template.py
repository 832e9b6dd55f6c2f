"""The template of one article: a .pot, one entry per distinct sentence with all its references."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

import polib

from localize._version import __version__
from localize.catalog.marks import now_stamp

if TYPE_CHECKING:
    from localize.segment import Segment

__all__ = ["GENERATOR", "extract"]

GENERATOR = f"localize {__version__}"


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
    segments: Iterable[Segment],
    *,
    ref_path: str,
    project: str,
    now: datetime | None = None,
) -> polib.POFile:
    """Build the template for one article: one entry per distinct sentence, all its references.

    ``segments`` are :class:`localize.segment.Segment` (of any format).
    Non-paragraph blocks get an extracted comment naming their kind.
    """
    pot = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    pot.header = f"Translation template for {project}."
    pot.metadata = _pot_header(project, now_stamp(now))
    pot.metadata_is_fuzzy = ["fuzzy"]  # type: ignore[assignment]  # polib keeps the flags here
    by_id: dict[str, polib.POEntry] = {}
    for seg in segments:
        text, kind, line = seg.text, seg.kind, seg.line
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
