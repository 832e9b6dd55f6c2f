"""The commands' library functions over a project's files: extract, update, translate, build.

The front door: modules outside this package import from ``localize.pipeline`` only.
"""

from __future__ import annotations

from localize.pipeline.articles import Article, Written, article_ref, load_articles, template_format
from localize.pipeline.build import (
    BuildResult,
    BuildSummary,
    Built,
    Gap,
    build_article,
    build_articles,
    build_into_file,
)
from localize.pipeline.locking import locked
from localize.pipeline.recall import needs_mt
from localize.pipeline.render import (
    build_lines,
    build_total_line,
    changes_line,
    gap_lines,
    jsonable,
    not_ready_line,
    out_of_date_line,
    segments_json,
    segments_text,
    summary_json,
    translate_lines,
    update_lines,
    written_lines,
    wrote_lines,
)
from localize.pipeline.translate import LangSummary, TranslateSummary, translate_articles
from localize.pipeline.update import RunResult, extract_articles, update_articles
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
    "build_into_file",
    "template_format",
    "jsonable",
    "summary_json",
    "translate_lines",
    "build_lines",
    "build_total_line",
    "changes_line",
    "gap_lines",
    "not_ready_line",
    "out_of_date_line",
    "segments_json",
    "segments_text",
    "update_lines",
    "written_lines",
    "wrote_lines",
]
