"""Review and the CI gate: checks per entry, the project walk, status and ranking.

The front door: modules outside this package import from ``localize.review`` only.
"""

from __future__ import annotations

from localize.review.catalogs import CatalogRef, found_catalogs, project_catalogs
from localize.review.checks import CHECKS, CatalogInput, Check, Finding, check_catalog
from localize.review.gate import Report, check_project
from localize.review.ranking import Doubtful, worst_entries
from localize.review.render import (
    checks_table,
    render_worst,
    report_json,
    report_junit,
    report_summary,
    report_text,
    status_json,
    status_text,
)
from localize.review.status import CatalogStatus, Stats, catalog_stats, project_status

__all__ = [
    "CatalogRef",
    "found_catalogs",
    "project_catalogs",
    "Finding",
    "Check",
    "CHECKS",
    "Report",
    "CatalogInput",
    "check_catalog",
    "check_project",
    "report_text",
    "report_json",
    "report_junit",
    "Stats",
    "CatalogStatus",
    "catalog_stats",
    "project_status",
    "status_text",
    "status_json",
    "Doubtful",
    "worst_entries",
    "render_worst",
    "checks_table",
    "report_summary",
]
