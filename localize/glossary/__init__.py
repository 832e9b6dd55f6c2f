"""Terminology: glossary files, finding terms, enforcing them through machine translation, review.

- :mod:`localize.glossary.terms`: terms, matching in source and target text, :func:`verify`;
- :mod:`localize.glossary.files` and :mod:`localize.glossary.tbx`: CSV and TBX files;
- :mod:`localize.glossary.enforce`: protecting and repairing terms during machine translation;
- :mod:`localize.glossary.review`: comments for editors, listings, suggested terms.

Catalog findings (codes ``glossary`` and ``dnt``) are reported by :mod:`localize.check`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from localize.glossary.enforce import Protected, enforce, protect, repair, restore
from localize.glossary.files import load_glossaries, parse_csv, read_csv
from localize.glossary.review import (
    Candidate,
    Row,
    dnt_terms,
    glossary_list,
    glossary_rows,
    hits_comment,
    suggest_terms,
)
from localize.glossary.tbx import dumps_tbx, parse_tbx, read_tbx, write_tbx
from localize.glossary.terms import Glossary, Term, TermMatch, Violation, find_terms, verify

if TYPE_CHECKING:
    import polib

    from localize.check import Finding

__all__ = [
    "Term",
    "Glossary",
    "TermMatch",
    "Protected",
    "Violation",
    "Candidate",
    "Row",
    "parse_csv",
    "read_csv",
    "parse_tbx",
    "read_tbx",
    "write_tbx",
    "dumps_tbx",
    "load_glossaries",
    "find_terms",
    "protect",
    "restore",
    "repair",
    "verify",
    "enforce",
    "hits_comment",
    "dnt_terms",
    "glossary_list",
    "glossary_rows",
    "suggest_terms",
    "check_catalog_glossary",
]


def check_catalog_glossary(
    po: polib.POFile, glossary: Glossary, lang: str, *, path: str = "", text: str | None = None
) -> list[Finding]:
    """Glossary and DNT findings of one catalog: the ``glossary`` check of ``localize.check``."""
    from localize.check import CatalogInput, check_glossary

    if text is None and path:
        from pathlib import Path

        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
    return list(check_glossary(CatalogInput(po, lang, path, text or "", glossary=glossary)))
