"""``extract`` and ``update``: templates written, and merged into each locale's catalog."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from localize import catalog
from localize.config import Config
from localize.pipeline.articles import Written, current_template, load_articles, write_template
from localize.pipeline.locking import maybe_locked
from localize.pipeline.recall import RunMemory, recall_from_memory
from localize.pipeline.sync import CatalogJob, Changes, remerge_catalog, sync_catalog

__all__ = ["RunResult", "extract_articles", "update_articles"]


@dataclass
class RunResult:
    written: list[Written] = field(default_factory=list)  # with dry_run: what would be
    warnings: list[str] = field(default_factory=list)
    changes: dict[str, Changes] = field(default_factory=dict)  # per locale, this run


def extract_articles(
    paths: Sequence[str | Path],
    *,
    config: Config,
    now: datetime | None = None,
    article_format: str | None = None,
) -> RunResult:
    """Write ``<locales>/<slug>.pot`` for each article."""
    articles, warnings = load_articles(paths, config=config, now=now, article_format=article_format)
    result = RunResult(warnings=warnings)
    for article in articles:
        result.written.append(write_template(article, config, now)[1])
    return result


def update_articles(
    paths: Sequence[str | Path],
    *,
    config: Config,
    locales: Sequence[str] | None = None,
    now: datetime | None = None,
    article_format: str | None = None,
    use_memory: bool = True,
    dry_run: bool = False,
) -> RunResult:
    """Extract the templates and create or merge each locale's catalog (msgmerge semantics).

    With ``use_memory``, sentences the translation memory knows are filled from it (fuzzy).
    With ``dry_run`` nothing is written: ``written`` says which files would change, ``changes``
    what (a CI step checks that nothing would).
    """
    from localize.catalog import encode_po
    from localize.glossary import project_glossary

    locales = config.target_locales(locales)
    articles, warnings = load_articles(paths, config=config, now=now, article_format=article_format)
    glossary = project_glossary(config)
    result = RunResult(warnings=warnings, changes={lang: Changes() for lang in locales})
    memory_step = RunMemory(config, use_memory)
    with maybe_locked(config, not dry_run), memory_step as memory:
        for article in articles:
            if dry_run:
                pot, stale = current_template(article, config)
                result.written.append(Written(config.pot_path(article.slug), stale))
            else:
                pot, pot_written = write_template(article, config, now)
                result.written.append(pot_written)
            for lang in locales:
                job = CatalogJob(article, pot, lang, config, glossary, now)
                po, data, changes = sync_catalog(job)
                recall_from_memory(po, lang, memory, glossary)
                path = job.path
                if dry_run:
                    result.written.append(Written(path, encode_po(po) != data))
                    result.changes[lang].add(changes)
                    continue
                remerge = functools.partial(remerge_catalog, job, memory)
                written = catalog.save_merged(path, po, data, remerge)[0]
                result.written.append(Written(path, written))
                if written:  # a merge an editor's save made moot counts nothing
                    result.changes[lang].add(changes)
    result.warnings.extend(memory_step.warnings)
    return result
