"""Gettext catalogs: read, written, extracted, merged, compiled.

The front door: modules outside this package import from ``localize.catalog`` only.
"""

from __future__ import annotations

from localize.catalog import gettextpo
from localize.catalog.fuzzy import FUZZY_THRESHOLD, FuzzyIndex, shares_candidate, similarity
from localize.catalog.linebreak import linebreaks
from localize.catalog.marks import (
    CHANGED_PREFIX,
    DIFFERS_PREFIX,
    MT_PREFIX,
    SUGGESTION_PREFIX,
    TM_PREFIX,
    XLIFF_PREFIX,
    first_form,
    has_suggestion,
    is_machine,
    is_translated,
    needs_review_after_source_change,
    provenance,
    set_own_comments,
    text_digest,
)
from localize.catalog.merge import update
from localize.catalog.mo import compile_project, mo_bytes
from localize.catalog.read import MAX_CATALOG_BYTES, Catalog, parse_po, read_po
from localize.catalog.store import read_catalog, save_merged, write_catalog
from localize.catalog.template import extract
from localize.catalog.write import dumps, encode_po, same_content

__all__ = [
    "dumps",
    "encode_po",
    "parse_po",
    "read_po",
    "Catalog",
    "linebreaks",
    "MAX_CATALOG_BYTES",
    "extract",
    "update",
    "same_content",
    "is_translated",
    "first_form",
    "set_own_comments",
    "is_machine",
    "text_digest",
    "provenance",
    "needs_review_after_source_change",
    "CHANGED_PREFIX",
    "DIFFERS_PREFIX",
    "MT_PREFIX",
    "SUGGESTION_PREFIX",
    "TM_PREFIX",
    "XLIFF_PREFIX",
    "has_suggestion",
    "read_catalog",
    "write_catalog",
    "save_merged",
    "compile_project",
    "mo_bytes",
    "FUZZY_THRESHOLD",
    "FuzzyIndex",
    "similarity",
    "shares_candidate",
    "gettextpo",
]
