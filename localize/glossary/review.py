"""Review: what editors and terminologists see (comments, listings, suggested terms)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from localize.glossary.terms import Glossary, TermMatch, find_terms, sentence_start

if TYPE_CHECKING:
    from localize.config import Config

__all__ = [
    "Candidate",
    "hits_comment",
    "dnt_terms",
    "glossary_rows",
    "suggest_terms",
    "suggest_for_articles",
]


def hits_comment(
    matches: Sequence[TermMatch], lang: str, compounds: Sequence[TermMatch] = ()
) -> str:
    """``glossary: Crimea → Крым; TASS (do not translate)``, for editors; a compound holding a
    term the glossary does not list is named for them to check
    (``check compound Crimea-based: Crimea → Крым``)."""
    parts: list[str] = []
    for m in matches:
        forms = m.term.forms(lang)
        if m.term.dnt:
            part = f"{m.term.name} (do not translate)"
        elif forms:
            part = f"{m.term.name} → {forms[0]}"
        else:
            continue
        if part not in parts:
            parts.append(part)
    for m in compounds:
        forms = m.term.forms(lang)
        if m.term.dnt and not m.term.exception(lang):
            part = f"check compound {m.text}: {m.term.name} (do not translate)"
        elif forms:
            part = f"check compound {m.text}: {m.term.name} → {forms[0]}"
        else:
            continue
        if part not in parts:
            parts.append(part)
    return "glossary: " + "; ".join(parts) if parts else ""


def dnt_terms(glossary: Glossary) -> list[str]:
    """Every source form of every do-not-translate term."""
    return [s for t in glossary.terms if t.dnt for s in t.sources]


def glossary_rows(glossary: Glossary, lang: str) -> list[tuple[str, str, str]]:
    """(source, accepted forms, note) for ``localize glossary list``."""
    rows = []
    for t in glossary.terms:
        forms = "(do not translate)" if t.dnt else "|".join(t.forms(lang)) or "-"
        rows.append((" | ".join(t.sources), forms, t.note))
    return rows


@dataclass(frozen=True)
class Candidate:
    term: str
    count: int


_CAP_RUN = re.compile(
    r"(?<![\w])(?:[A-Z][\w’'.-]*[\w.])(?:[ \u00a0](?:of |the |de |von |al-)?[A-Z][\w’'.-]*\w)*"
)
_CALENDAR = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday", "Sunday",
}  # fmt: skip


def suggest_terms(texts: Iterable[str], glossary: Glossary | None) -> list[Candidate]:
    """Recurring capitalised names and multi-word units the glossary lacks, most frequent first.

    A word capitalised only at sentence starts is an ordinary word; month and day names are not
    terminology.
    """
    counts: Counter[str] = Counter()
    inner: set[str] = set()  # words seen capitalised mid-sentence
    for text in texts:
        covered = [(m.start, m.end) for m in find_terms(glossary, text)] if glossary else []
        for m in _CAP_RUN.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in covered):
                continue
            phrase = re.sub(r"['’]s$", "", m.group())
            if phrase in _CALENDAR:
                continue
            if not sentence_start(text, m.start()):
                inner.add(phrase)
            counts[phrase] += 1
    out = []
    for phrase, n in counts.items():
        multi = " " in phrase or "\u00a0" in phrase
        if (n >= 2 or multi) and (phrase in inner or multi) and len(phrase) > 2:
            out.append(Candidate(phrase, n))
    return sorted(out, key=lambda c: (-c.count, c.term))


def suggest_for_articles(articles: Iterable[Path], config: Config) -> list[Candidate]:
    """:func:`suggest_terms` over the articles' sentences (any format, inline codes left out),
    against the project's glossary."""
    from localize.formats import iter_segments
    from localize.formats.codes import strip
    from localize.glossary.load import project_glossary

    texts = [strip(s.text) for a in articles for s in iter_segments(a)]
    return suggest_terms(texts, project_glossary(config))
