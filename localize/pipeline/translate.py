"""``translate``: what the memory and the engines fill, written into the catalogs in checkpoints."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from localize import catalog
from localize.config import Config
from localize.options import TranslateOptions
from localize.pipeline.articles import Article, Written, current_template, load_articles
from localize.pipeline.locking import guard_locales, locked
from localize.pipeline.recall import RunMemory, needs_mt, recall_from_memory, refreshable
from localize.pipeline.sync import CatalogJob, Changes, remerge_catalog, sync_catalog
from localize.pipeline.workers import Task

if TYPE_CHECKING:
    from localize.engine.plan import EnginePlan
    from localize.engine.translate import MTResult
    from localize.glossary import Glossary
    from localize.memory import Memory

__all__ = ["LangSummary", "TranslateSummary", "translate_articles"]


@dataclass
class LangSummary:
    lang: str
    translated: int = 0
    reused: int = 0
    flagged: int = 0
    suggested: int = 0  # machine translations put beside a person's text, not in its place
    engine: str = ""  # empty when nothing needed one
    memory_exact: int = 0  # filled from the translation memory, 100%
    memory_fuzzy: int = 0  # offered from the memory, below 100%
    refreshed: int = 0  # machine or memory output done again (``refresh``), of the above
    changes: Changes = field(default_factory=Changes)  # what the merge did
    to_translate: int = 0  # new or changed sentences waiting for memory or engine
    to_refresh: int = 0  # machine or memory output to do again (``refresh``)


@dataclass
class TranslateSummary:
    languages: list[LangSummary] = field(default_factory=list)
    written: list[Written] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    device: str = ""  # where Argos models ran: "cpu (int8)"; empty without Argos

    @property
    def translated(self) -> int:
        return sum(s.translated for s in self.languages)


def translate_articles(
    paths: Sequence[str | Path],
    *,
    config: Config,
    locales: Sequence[str] | None = None,
    options: TranslateOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
    now: datetime | None = None,
    article_format: str | None = None,
    refresh: bool = False,
    dry_run: bool = False,
) -> TranslateSummary:
    """Extract, merge and machine-translate what is new or changed; reviewed entries untouched.

    With ``refresh``, every entry still the machine's or the memory's own text (see
    :func:`localize.catalog.is_machine`) is done again; nothing a person touched is. With
    ``dry_run`` nothing is written and no engine is loaded: the summary's per-locale counts say
    what a run would do. A model is needed only for a pair with something to translate.

    ``progress(done, total)`` is called after each finished task, counting segments.
    """
    options = options or TranslateOptions()
    from localize.detect import release_language_profiles
    from localize.engine.plan import device_label, plan_engines
    from localize.glossary import project_glossary

    locales = config.target_locales(locales)
    started = time.perf_counter()
    articles, warnings = load_articles(paths, config=config, now=now, article_format=article_format)
    release_language_profiles()
    glossary = project_glossary(config) if options.use_glossary else None
    summary = TranslateSummary(warnings=warnings)
    memory_step = RunMemory(config, options.use_memory)
    guard_locales(config)  # the catalogs are read before the lock is taken
    with memory_step as memory:
        work = _Work(config, now, memory, refresh=refresh)
        templates = [(article, *current_template(article, config)) for article in articles]
        for article, pot, _ in templates:
            for lang in locales:
                work.add(article, pot, lang, glossary)
        summary.languages = [work.stats[lang] for lang in locales]
        if not dry_run:
            # Every model that is needed is found before anything is written: a missing one
            # costs nothing, and a pair with nothing to translate needs none.
            plans = plan_engines(config.source, work.languages(), config=config, options=options)
            summary.device = ", ".join(
                dict.fromkeys(filter(None, map(device_label, plans.values())))
            )
            _translate(
                work,
                templates,
                plans=plans,
                options=options,
                glossary=glossary,
                progress=progress,
                summary=summary,
            )
    summary.warnings.extend(memory_step.warnings)
    summary.seconds = time.perf_counter() - started
    return summary


def _translate(
    work: _Work,
    templates: list[tuple[Article, polib.POFile, bool]],
    *,
    plans: dict[str, EnginePlan],
    options: TranslateOptions,
    glossary: Glossary | None,
    progress: Callable[[int, int], None] | None,
    summary: TranslateSummary,
) -> None:
    """Under the run lock: write the templates, translate what ``work`` holds, save it."""
    from localize.pipeline.workers import make_executor

    config = work.config
    with locked(config):
        for article, pot, stale in templates:
            path = config.pot_path(article.slug)
            summary.written.append(
                Written(path, catalog.write_catalog(pot, path) if stale else False)
            )
        tasks = work.tasks(plans, options)
        total = sum(len(t.texts) for t in tasks)
        done = 0
        if progress is not None:
            progress(0, total)
        with make_executor(options, n_tasks=len(tasks)) as run:
            for task, results in run(tasks, glossary=glossary, source=config.source):
                work.apply(task, results)
                done += len(task.texts)
                if progress is not None:
                    progress(done, total)
        summary.written.extend(work.finish())


@dataclass
class _Held:
    """A catalog as merged in memory, and the bytes on disk it was merged from (None: no file)."""

    po: polib.POFile
    on_disk: bytes | None


class _Work:
    """The catalogs of one run in memory, what each still needs, and their checkpoints."""

    def __init__(
        self,
        config: Config,
        now: datetime | None,
        memory: Memory | None,
        *,
        refresh: bool = False,
    ) -> None:
        self.config = config
        self.now = now
        self.memory = memory
        self.refresh = refresh
        # keyed by (lang, slug)
        self.jobs: dict[tuple[str, str], CatalogJob] = {}
        self.catalogs: dict[tuple[str, str], _Held] = {}
        self.pending: dict[tuple[str, str], list[polib.POEntry]] = {}
        self.results: dict[str, dict[str, MTResult]] = {}  # lang -> msgid -> its translation
        self.plans: dict[str, EnginePlan] = {}
        self.stats: dict[str, LangSummary] = {}
        self.refreshing: set[int] = set()  # ids of entries translated again (refresh)

    def add(
        self, article: Article, pot: polib.POFile, lang: str, glossary: Glossary | None
    ) -> None:
        job = CatalogJob(article, pot, lang, self.config, glossary, self.now)
        key = job.key
        self.jobs[key] = job
        po, data, changes = sync_catalog(job)
        self.catalogs[key] = _Held(po, data)
        stats = self.stats.setdefault(lang, LangSummary(lang))
        stats.changes.add(changes)
        todo = [e for e in po if self.wants(e)]
        stats.to_translate += sum(1 for e in todo if needs_mt(e))
        stats.to_refresh += sum(1 for e in todo if not needs_mt(e))
        live = sum(1 for e in po if not e.obsolete and e.msgid)
        stats.reused += live - len(todo)
        # Marked now: needs_mt no longer tells these apart once they are translated again.
        again = {id(e) for e in todo if not needs_mt(e)}
        got = recall_from_memory(po, lang, self.memory, glossary, todo)
        stats.memory_exact += got.exact
        stats.memory_fuzzy += got.fuzzy
        filled = {id(e) for e in got.filled}
        stats.refreshed += len(again & filled)
        self.refreshing |= again - filled
        self.pending[key] = [e for e in todo if id(e) not in filled]

    def wants(self, entry: polib.POEntry) -> bool:
        """The entry is for the memory or the engine in this run."""
        return needs_mt(entry) or (self.refresh and refreshable(entry))

    def languages(self) -> list[str]:
        """The locales with something for an engine to translate."""
        return list(dict.fromkeys(lang for (lang, _), todo in self.pending.items() if todo))

    def tasks(self, plans: dict[str, EnginePlan], options: TranslateOptions) -> list[Task]:
        """Serial or in a pool: one pair's sentences batched across articles, in checkpoint chunks.

        With a scheduler: one task per (article, language), as a cluster spreads them best.
        """
        out: list[Task] = []
        for lang in self.languages():
            plan = self.plans[lang] = plans[lang]
            desc, note = plan.description, plan.note
            self.stats[lang].engine = f"{desc}; {note}" if note else desc
            if options.scheduler:
                groups = [
                    (slug, list(dict.fromkeys(e.msgid for e in todo)))
                    for (lg, slug), todo in self.pending.items()
                    if lg == lang and todo
                ]
            else:
                texts = list(
                    dict.fromkeys(
                        e.msgid
                        for (lg, _), todo in self.pending.items()
                        if lg == lang
                        for e in todo
                    )
                )
                # Length-sorted before chunking, so every batch the engine builds is tight.
                texts.sort(key=len)
                step = max(1, options.checkpoint_every)
                groups = [("", texts[i : i + step]) for i in range(0, len(texts), step)]
            out.extend(Task(lang, plan, tuple(texts), slug) for slug, texts in groups)
        return out

    def apply(self, task: Task, results: Sequence[MTResult]) -> None:
        """Write the results into every catalog waiting for them; save those (a checkpoint)."""
        done = self.results.setdefault(task.lang, {})
        done.update(zip(task.texts, results, strict=True))
        for (lang, slug), todo in self.pending.items():
            if lang != task.lang:
                continue
            hit = [e for e in todo if e.msgid in done]
            if not hit:
                continue
            beside = sum(1 for e in hit if e.msgstr and not catalog.is_machine(e))
            stats = self.stats[lang]
            stats.refreshed += sum(1 for e in hit if id(e) in self.refreshing)
            _apply(hit, done, task.plan)
            self.pending[(lang, slug)] = [e for e in todo if e.msgid not in done]
            stats.translated += len(hit) - beside
            stats.suggested += beside
            # a term left in the nominative for want of evidence is a note, not a finding
            stats.flagged += sum(
                1
                for e in hit
                if any(not p.startswith("glossary case:") for p in done[e.msgid].problems)
            )
            self._save(lang, slug)

    def _save(self, lang: str, slug: str) -> bool:
        """Save a catalog; if an editor saved it meanwhile, merge their version and retry."""
        key = (lang, slug)
        held = self.catalogs[key]
        job = self.jobs[key]

        def remerge(data: bytes | None) -> polib.POFile:
            merged = remerge_catalog(job, self.memory, data)
            done = self.results.get(lang, {})
            if done:
                todo = [e for e in merged if self.wants(e) and e.msgid in done]
                _apply(todo, done, self.plans[lang])
            self.pending[key] = [e for e in merged if self.wants(e) and e.msgid not in done]
            return merged

        changed, po, on_disk = catalog.save_merged(job.path, held.po, held.on_disk, remerge)
        self.catalogs[key] = _Held(po, on_disk)
        return changed

    def finish(self) -> list[Written]:
        """Save what had nothing to translate (merges, obsolete entries)."""
        return [
            Written(self.config.po_path(lang, slug), self._save(lang, slug))
            for lang, slug in self.catalogs
        ]


def _apply(entries: list[polib.POEntry], done: dict[str, MTResult], plan: EnginePlan) -> None:
    """Machine output into ``entries``: as their text when they have none of a person's, else
    beside it as a suggestion (``# mt suggestion (engine): …``), fuzzy and ``#|`` untouched."""
    for entry in entries:
        result = done[entry.msgid]
        engine = plan.description
        if entry.msgstr and not catalog.is_machine(entry):
            text = " ".join(result.text.split())
            changed = [
                line
                for line in (entry.tcomment or "").split("\n")
                if line.startswith(catalog.CHANGED_PREFIX)
            ]
            suggestion = f"{catalog.SUGGESTION_PREFIX} ({engine}): {text}"
            catalog.set_own_comments(entry, [*changed, suggestion])
            continue
        entry.msgstr = result.text
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        # The digest of the text written: an msgstr that differs from it is a person's.
        mark = f"{catalog.MT_PREFIX} {engine}"
        if result.confidence is not None:
            mark += f" · confidence {result.confidence:.2f}"
        mark += f" [{catalog.text_digest(entry.msgstr)}]"
        catalog.set_own_comments(entry, [mark, *result.problems])
