"""What the glossary commands show: the term list, suggested terms, what was imported or
written, and the summary of a glossary check."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from localize.fileio import shown
from localize.glossary.review import Candidate, glossary_rows
from localize.glossary.terms import Glossary

__all__ = [
    "check_summary_line",
    "exported_line",
    "imported_line",
    "suggestion_lines",
    "term_lines",
]


def term_lines(glossary: Glossary, lang: str) -> list[str]:
    """A line per term: ``source<TAB>forms``, and ``<TAB># note`` when it has one."""
    return [
        f"{source}\t{forms}" + (f"\t# {note}" if note else "")
        for source, forms, note in glossary_rows(glossary, lang)
    ]


def suggestion_lines(candidates: Iterable[Candidate]) -> list[str]:
    """A line per suggested term, its count first."""
    return [f"{cand.count:>4}  {cand.term}" for cand in candidates]


def imported_line(glossary: Glossary, into: Path) -> str:
    return f"imported {len(glossary.terms)} terms into {shown(into)}"


def exported_line(glossary: Glossary, output: Path) -> str:
    return f"wrote {len(glossary.terms)} terms to {shown(output)}"


def check_summary_line(findings: int, catalogs: int) -> str:
    """The last line of a glossary check: how many violations in how many catalogs."""
    if findings:
        return f"{findings} finding(s) in {catalogs} catalog(s)"
    return f"no glossary or do-not-translate violations in {catalogs} catalog(s)"
