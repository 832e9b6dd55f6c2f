"""Gettext catalogs: read, written, extracted, merged, compiled.

The front door: modules outside this package import from ``localize.catalog`` only.
"""

from __future__ import annotations

from localize.catalog import gettextpo
from localize.catalog.charset import charset_of
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
    now_stamp,
    provenance,
    set_own_comments,
    text_digest,
)
from localize.catalog.merge import update
from localize.catalog.mo import compile_catalog, compile_project, mo_bytes
from localize.catalog.read import MAX_CATALOG_BYTES, PAGE_WIDTH, Catalog, parse_po, read_po
from localize.catalog.store import CAS_ATTEMPTS, CAS_PAUSE, read_catalog, save_merged, write_catalog
from localize.catalog.template import GENERATOR, extract
from localize.catalog.write import dumps, encode_po, same_content

__all__ = [
    "dumps",
    "encode_po",
    "charset_of",
    "parse_po",
    "read_po",
    "Catalog",
    "linebreaks",
    "PAGE_WIDTH",
    "MAX_CATALOG_BYTES",
    "GENERATOR",
    "extract",
    "update",
    "same_content",
    "now_stamp",
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
    "CAS_ATTEMPTS",
    "CAS_PAUSE",
    "compile_catalog",
    "compile_project",
    "mo_bytes",
    "FUZZY_THRESHOLD",
    "FuzzyIndex",
    "similarity",
    "shares_candidate",
    "gettextpo",
]
