"""The commands' library functions over a project's files: extract, update, translate, build.

The front door: modules outside this package import from ``localize.pipeline`` only.
"""

from __future__ import annotations

from localize.pipeline.render import jsonable, summary_json, translate_lines
from localize.pipeline.update import (
    Article,
    BuildResult,
    BuildSummary,
    Built,
    Gap,
    LangSummary,
    RunResult,
    TranslateSummary,
    Written,
    article_ref,
    build_article,
    build_articles,
    extract_articles,
    load_articles,
    locked,
    needs_mt,
    template_format,
    translate_articles,
    update_articles,
)
from localize.pipeline.workers import Task, make_executor, run_task

__all__ = [
    "Task",
    "make_executor",
    "run_task",
    "Article",
    "Written",
    "TranslateSummary",
    "BuildResult",
    "load_articles",
    "extract_articles",
    "update_articles",
    "translate_articles",
    "build_article",
    "needs_mt",
    "locked",
    "Gap",
    "BuildSummary",
    "Built",
    "LangSummary",
    "RunResult",
    "article_ref",
    "build_articles",
    "template_format",
    "jsonable",
    "summary_json",
    "translate_lines",
]
