"""Terminology: glossary files, finding terms, enforcing them through machine translation, review.

- :mod:`localize.glossary.terms`: terms, matching in source and target text, :func:`verify`;
- :mod:`localize.glossary.files` and :mod:`localize.glossary.tbx`: CSV and TBX files;
- :mod:`localize.glossary.load`: several files as one glossary, a project's glossary;
- :mod:`localize.glossary.enforce`: protecting and repairing terms during machine translation;
- :mod:`localize.glossary.review`: comments for editors, listings, suggested terms;
- :mod:`localize.glossary.render`: what the glossary commands print.

Catalog findings (codes ``glossary`` and ``dnt``) are reported by :mod:`localize.review.checks`.
"""

from __future__ import annotations

from localize.glossary.enforce import Protected, enforce, protect, repair, restore
from localize.glossary.files import dumps_csv, parse_csv, read_csv, write_csv
from localize.glossary.load import import_glossary, load_glossaries, project_glossary
from localize.glossary.render import (
    check_summary_line,
    exported_line,
    imported_line,
    suggestion_lines,
    term_lines,
)
from localize.glossary.review import (
    Candidate,
    dnt_terms,
    glossary_rows,
    hits_comment,
    suggest_for_articles,
    suggest_terms,
)
from localize.glossary.tbx import dumps_tbx, parse_tbx, read_tbx, write_tbx
from localize.glossary.terms import (
    Glossary,
    Term,
    TermMatch,
    Violation,
    all_caps,
    find_compounds,
    find_terms,
    verify,
)

__all__ = [
    "Term",
    "Glossary",
    "TermMatch",
    "Protected",
    "Violation",
    "Candidate",
    "parse_csv",
    "read_csv",
    "parse_tbx",
    "read_tbx",
    "write_tbx",
    "dumps_tbx",
    "load_glossaries",
    "project_glossary",
    "import_glossary",
    "dumps_csv",
    "write_csv",
    "find_terms",
    "find_compounds",
    "all_caps",
    "protect",
    "restore",
    "repair",
    "verify",
    "enforce",
    "hits_comment",
    "dnt_terms",
    "glossary_rows",
    "suggest_terms",
    "suggest_for_articles",
    "term_lines",
    "suggestion_lines",
    "imported_line",
    "exported_line",
    "check_summary_line",
]
