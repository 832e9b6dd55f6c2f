"""Article -> segments -> template -> catalogs (-> machine translation -> glossary) -> article."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, cast

import polib

from localize import catalog
from localize.config import Config
from localize.engine.plan import TranslateOptions
from localize.errors import InputError, LocalizeError, LockError, UsageError, WriteError
from localize.fileio import atomic_write_bytes, shown
from localize.pipeline.workers import Task

if TYPE_CHECKING:
    from filelock import BaseFileLock

    from localize.engine.plan import EnginePlan, MTResult
    from localize.glossary import Glossary
    from localize.memory import Memory, Recalled
    from localize.segment import Segment

__all__ = [
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
]


@dataclass(frozen=True)
class Article:
    """One article read and segmented into its template; ``ref`` is how catalogs refer to it.

    Only the template is kept (one entry per distinct sentence), never the whole text, so a
    huge article costs memory in proportion to its distinct sentences.
    """

    path: Path
    slug: str
    ref: str
    template: polib.POFile
    language: str | None = None


@dataclass(frozen=True)
class Written:
    path: Path
    changed: bool


@dataclass
class Changes:
    """What a merge did to one locale's catalogs: sentences new to them, changed ones (a
    similar old translation offered, ``#|``), and translated ones gone (``#~``)."""

    new: int = 0
    changed: int = 0
    obsolete: int = 0

    def add(self, other: Changes) -> None:
        self.new += other.new
        self.changed += other.changed
        self.obsolete += other.obsolete

    def __bool__(self) -> bool:
        return bool(self.new or self.changed or self.obsolete)


@dataclass
class RunResult:
    written: list[Written] = field(default_factory=list)  # with dry_run: what would be
    warnings: list[str] = field(default_factory=list)
    changes: dict[str, Changes] = field(default_factory=dict)  # per locale, this run


def _changes(old: polib.POFile | None, po: polib.POFile) -> Changes:
    """Count what merging the template into ``old`` gave ``po``."""

    def key(e: polib.POEntry) -> tuple[str | None, str]:
        return (e.msgctxt, e.msgid)

    before = {key(e) for e in old or () if not e.obsolete and (e.msgid or e.msgctxt is not None)}
    out = Changes()
    for e in po:
        if not e.msgid and e.msgctxt is None:
            continue
        if e.obsolete:
            out.obsolete += key(e) in before
        elif key(e) not in before:
            if e.previous_msgid is not None and "fuzzy" in e.flags:
                out.changed += 1
            else:
                out.new += 1
    return out


def article_ref(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# Enough text to tell a language apart; detecting on more only costs time.
LANGUAGE_SAMPLE = 20_000


def load_articles(
    paths: Sequence[str | Path],
    *,
    config: Config,
    now: datetime | None = None,
    article_format: str | None = None,
) -> tuple[list[Article], list[str]]:
    """Read every article, streaming, into its template; returns them and language warnings.

    The format (text, html, markdown) comes from each file's extension unless given.
    """
    from localize.detect import ARTICLE_MIN_LETTERS, detect_language
    from localize.formats import format_of, iter_segments, record_format, source_digest
    from localize.segment import SOURCE_DIGEST_FIELD

    paths = config.target_articles(paths)
    articles: list[Article] = []
    warnings: list[str] = []
    seen: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        slug = path.stem
        if slug in seen and seen[slug].resolve() != path.resolve():
            raise UsageError(f"two articles share the name {slug!r}: {seen[slug]} and {path}")
        seen[slug] = path
        sample: list[str] = []
        ref = article_ref(path, config.root)
        fmt = format_of(path, article_format, template_format(config, slug))
        pot = catalog.extract(
            _sampled(iter_segments(path, fmt), sample), ref_path=ref, project=slug, now=now
        )
        pot.metadata[SOURCE_DIGEST_FIELD] = source_digest(path, (e.msgid for e in pot), fmt)
        record_format(pot.metadata, path, fmt)
        text = " ".join(sample)
        lang = detect_language(text, confidence=0.9)
        judged = sum(ch.isalpha() for ch in text) >= ARTICLE_MIN_LETTERS
        if judged and lang is not None and lang.split("_")[0] != config.source.split("_")[0]:
            warnings.append(
                f"{path}: warning: article looks like {lang!r}, "
                f"not the source language {config.source!r}"
            )
        articles.append(Article(path, slug, ref, pot, lang))
    return articles, warnings


def template_format(config: Config, slug: str) -> str | None:
    """The format the article's template records (given once by hand)."""
    from localize.formats import recorded_format

    path = config.pot_path(slug)
    if not path.is_file():
        return None
    try:
        return recorded_format(catalog.read_catalog(path).metadata)
    except LocalizeError:
        return None  # a broken template is rewritten by the command that reads the article


def _sampled(segments: Iterable[Segment], sample: list[str]) -> Iterator[Segment]:
    """Pass ``segments`` through, keeping the first LANGUAGE_SAMPLE characters in ``sample``."""
    from localize.formats.codes import strip

    size = 0
    for seg in segments:
        if size < LANGUAGE_SAMPLE:
            sample.append(strip(seg.text))
            size += len(seg.text) + 1
        yield seg


def _template(article: Article, config: Config) -> tuple[polib.POFile, bool]:
    """The article's template and whether its file must be written: not when only the creation
    date or the source digest would change (no noise diffs; a committed template stays as it
    is when only the segmenter's code changed, and ``check`` then segments the article)."""
    from localize.segment import SOURCE_DIGEST_FIELD

    pot = article.template
    path = config.pot_path(article.slug)
    config.check_inside(path, "template")
    if path.is_file():
        old = catalog.read_catalog(path)
        if catalog.same_content(old, pot, ignore=("POT-Creation-Date", SOURCE_DIGEST_FIELD)):
            return old, False
    return pot, True


def _write_pot(
    article: Article, config: Config, now: datetime | None
) -> tuple[polib.POFile, Written]:
    """Write the template unless only its creation date would change (no noise diffs)."""
    pot, stale = _template(article, config)
    path = config.pot_path(article.slug)
    return pot, Written(path, catalog.write_catalog(pot, path) if stale else False)


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
        result.written.append(_write_pot(article, config, now)[1])
    return result


def _glossary(config: Config) -> Glossary | None:
    from localize.glossary import project_glossary

    return project_glossary(config)


def _sync(
    article: Article,
    pot: polib.POFile,
    lang: str,
    config: Config,
    glossary: Glossary | None,
    now: datetime | None,
    data: bytes | None | _Unread,
) -> tuple[polib.POFile, bytes | None, Changes]:
    """The catalog for ``lang`` merged with the template; also the bytes it was read from and
    what the merge changed.

    ``data`` is the file's content when the caller has just read it.
    """
    from localize.catalog import MAX_CATALOG_BYTES, parse_po
    from localize.errors import CatalogError
    from localize.fileio import read_regular_file

    path = config.po_path(lang, article.slug)
    config.check_inside(path, "catalog")
    if isinstance(data, _Unread):
        # A directory or a FIFO in the catalog's place is named, not read (bytes: any charset).
        exists = path.exists() or path.is_symlink()
        data = (
            read_regular_file(path, "catalog", CatalogError, MAX_CATALOG_BYTES) if exists else None
        )
    old = parse_po(data, path=str(path)) if data is not None else None
    po = catalog.update(pot, old, lang=lang, now=now)
    if glossary is not None:
        _annotate_glossary(po, glossary, lang)
    _annotate_changed(po, lang)
    _stamp_legacy(po)
    return po, data, _changes(old, po)


def _stamp_legacy(po: polib.POFile) -> None:
    """Give the digest of its text to a ``mt:``/``tm:`` line an older localize wrote without
    one. Such an entry is machine output by the old rule (fuzzy with the line); stamped, an
    editor's later correction of it is told apart like any other."""
    for e in po:
        if e.obsolete or "fuzzy" not in e.flags or not catalog.first_form(e):
            continue
        found = catalog.provenance(e)
        if found is None or found[1] is not None:
            continue
        lines = (e.tcomment or "").split("\n")
        i = lines.index(found[0])
        lines[i] = f"{found[0]} [{catalog.text_digest(catalog.first_form(e))}]"
        e.tcomment = "\n".join(lines)


def _annotate_changed(po: polib.POFile, lang: str) -> None:
    """Name what differs between a fuzzy entry's previous sentence (``#|``) and its sentence
    (``# source changed: January 28 → January 29``), so the text offered for review is never
    taken for one that fits; the line goes when the entry is no longer such a suggestion.
    Only named: the text is a person's, and stays as they wrote it."""
    prefix = catalog.CHANGED_PREFIX
    for e in po:
        if e.obsolete:
            continue
        had = bool(e.tcomment) and prefix in e.tcomment
        offered = "fuzzy" in e.flags and e.previous_msgid is not None and catalog.first_form(e)
        if not had and not offered:
            continue
        lines: list[str] = []
        if offered:
            from localize.memory import adapt

            lines = adapt(e.previous_msgid or "", e.msgid, None, lang).lines(prefix)
        old = (e.tcomment or "").split("\n") if e.tcomment else []
        at = next((i for i, x in enumerate(old) if x.startswith(prefix)), len(old))
        rest = [x for x in old if not x.startswith(prefix)]
        e.tcomment = "\n".join([*rest[:at], *lines, *rest[at:]])


def _remerge(
    article: Article,
    pot: polib.POFile,
    lang: str,
    config: Config,
    glossary: Glossary | None,
    now: datetime | None,
    memory: object | None,
    data: bytes | None,
) -> polib.POFile:
    """The catalog merged from ``data`` (what an editor saved), memory recalled as at first
    (the memory remembers its lookups: only sentences new to this run are looked up)."""
    po = _sync(article, pot, lang, config, glossary, now, data)[0]
    _recall(po, lang, memory, glossary)
    return po


class _Unread:
    """The file has not been read yet (None means: read, and there was no file)."""


UNREAD = _Unread()


def _annotate_glossary(po: polib.POFile, glossary: Glossary, lang: str) -> None:
    """Show the glossary terms of each sentence to editors as an extracted comment."""
    from localize.glossary import find_compounds, find_terms, hits_comment

    for entry in po:
        if entry.obsolete:
            continue
        matches = find_terms(glossary, entry.msgid)
        compounds = find_compounds(glossary, entry.msgid)
        if matches or compounds:
            hint = hits_comment(matches, lang, compounds)
            entry.comment = f"{entry.comment}\n{hint}" if entry.comment else hint


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

    locales = config.target_locales(locales)
    articles, warnings = load_articles(paths, config=config, now=now, article_format=article_format)
    glossary = _glossary(config)
    result = RunResult(warnings=warnings, changes={lang: Changes() for lang in locales})
    memory_step = _memory(config, use_memory)
    with _maybe_locked(config, not dry_run), memory_step as memory:
        for article in articles:
            if dry_run:
                pot, stale = _template(article, config)
                result.written.append(Written(config.pot_path(article.slug), stale))
            else:
                pot, pot_written = _write_pot(article, config, now)
                result.written.append(pot_written)
            for lang in locales:
                po, data, changes = _sync(article, pot, lang, config, glossary, now, UNREAD)
                _recall(po, lang, memory, glossary)
                path = config.po_path(lang, article.slug)
                if dry_run:
                    result.written.append(Written(path, encode_po(po) != data))
                    result.changes[lang].add(changes)
                    continue
                remerge = functools.partial(
                    _remerge, article, pot, lang, config, glossary, now, memory
                )
                written = catalog.save_merged(path, po, data, remerge)[0]
                result.written.append(Written(path, written))
                if written:  # a merge an editor's save made moot counts nothing
                    result.changes[lang].add(changes)
    result.warnings.extend(memory_step.warnings)
    return result


def _check_links(config: Config, folder: Path) -> None:
    """Refuse a run when a catalog or template under ``folder`` is (or lies in) a link leading
    outside the project, before anything reads or writes through it."""
    for path in (*folder.glob("*.pot"), *folder.glob("*/LC_MESSAGES/*.po")):
        if any(p.is_symlink() for p in (path, path.parent, path.parent.parent)):
            config.check_inside(path, "template" if path.suffix == ".pot" else "catalog")


def _guard(config: Config) -> None:
    """Refuse a locales folder that is a file, lies outside the project or holds links leading
    out of it, before anything reads or writes through it."""
    folder = config.locales_dir
    if folder.exists() and not folder.is_dir():
        raise InputError("is a file, not a locales folder", path=shown(folder))
    config.check_inside(folder, "catalogs")
    _check_links(config, folder)


class _maybe_locked:
    """The run lock, or nothing for a run that writes nothing (and creates no folder)."""

    def __init__(self, config: Config, lock: bool) -> None:
        self.config = config
        self.lock = locked(config) if lock else None

    def __enter__(self) -> None:
        if self.lock is not None:
            self.lock.__enter__()
        else:
            _guard(self.config)

    def __exit__(self, *exc: object) -> None:
        if self.lock is not None:
            self.lock.__exit__(*exc)


class locked:
    """An exclusive lock on the locales folder for one run (a second run waits, then fails)."""

    def __init__(self, config: Config, timeout: float | None = None) -> None:
        import os

        self.config = config
        self.path = config.locales_dir / ".localize.lock"
        env = os.environ.get("LOCALIZE_LOCK_TIMEOUT", "")
        self.timeout = timeout if timeout is not None else float(env) if env else 60.0
        self._lock: BaseFileLock | None = None

    def __enter__(self) -> locked:
        from filelock import FileLock, Timeout

        folder = self.path.parent
        _guard(self.config)
        self._lock = FileLock(str(self.path))
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._lock.acquire(timeout=self.timeout)
        except Timeout:  # before OSError: a Timeout is a TimeoutError
            raise LockError(
                f"another localize run holds the lock (waited {self.timeout:g} s); "
                "try again when it has finished",
                path=self.path,
            ) from None
        except OSError as exc:  # a read-only disk, a full one, a folder nobody may write
            raise WriteError(f"cannot write: {exc.strerror or exc}", path=shown(folder)) from None
        from localize.fileio import remove_stale_temp_files

        remove_stale_temp_files(self.path.parent)  # what a killed run left
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._lock is not None
        self._lock.release()


# --- machine translation -------------------------------------------------------------------


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


def needs_mt(entry: polib.POEntry) -> bool:
    """Untranslated, or its sentence changed since it was translated (``#| msgid``) and no
    suggestion for the new sentence stands beside it yet.

    A person's translation is never replaced: :func:`_apply` puts the machine translation of
    the new sentence beside it, in a translator comment, and leaves it for review.
    """
    if entry.obsolete or entry.msgid_plural or not entry.msgid:
        return False
    if not entry.msgstr:
        return True
    return (
        "fuzzy" in entry.flags
        and entry.previous_msgid is not None
        and not catalog.has_suggestion(entry)
    )


def _refreshable(entry: polib.POEntry) -> bool:
    """Still the machine's or the memory's own text (by its recorded digest): done again by
    a refreshing run."""
    if entry.obsolete or entry.msgid_plural or not entry.msgid:
        return False
    return bool(entry.msgstr) and catalog.is_machine(entry) and not needs_mt(entry)


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
    :func:`localize.catalog.merge.is_machine`) is done again; nothing a person touched is. With
    ``dry_run`` nothing is written and no engine is loaded: the summary's per-locale counts say
    what a run would do. A model is needed only for a pair with something to translate.

    ``progress(done, total)`` is called after each finished task, counting segments.
    """
    options = options or TranslateOptions()
    from localize.detect import release_language_profiles
    from localize.engine.plan import device_label, plan_engines

    locales = config.target_locales(locales)
    started = time.perf_counter()
    articles, warnings = load_articles(paths, config=config, now=now, article_format=article_format)
    release_language_profiles()
    glossary = _glossary(config) if options.use_glossary else None
    summary = TranslateSummary(warnings=warnings)
    memory_step = _memory(config, options.use_memory)
    _guard(config)  # the catalogs are read before the lock is taken
    with memory_step as memory:
        work = _Work(config, now, refresh=refresh)
        work.memory = memory
        templates = [(article, *_template(article, config)) for article in articles]
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
            _translate(work, templates, plans, options, glossary, progress, summary)
    summary.warnings.extend(memory_step.warnings)
    summary.seconds = time.perf_counter() - started
    return summary


def _translate(
    work: _Work,
    templates: list[tuple[Article, polib.POFile, bool]],
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


class _Work:
    """The catalogs of one run in memory, what each still needs, and their checkpoints."""

    def __init__(self, config: Config, now: datetime | None, *, refresh: bool = False) -> None:
        self.config = config
        self.now = now
        self.refresh = refresh
        self.sources: dict[tuple[str, str], tuple[Article, polib.POFile, Glossary | None]] = {}
        self.catalogs: dict[tuple[str, str], tuple[polib.POFile, bytes | None]] = {}
        self.pending: dict[tuple[str, str], list[polib.POEntry]] = {}
        self.results: dict[str, dict[str, object]] = {}  # lang -> msgid -> MTResult
        self.plans: dict[str, EnginePlan] = {}
        self.stats: dict[str, LangSummary] = {}
        self.memory: object | None = None  # localize.memory.index.Memory
        self.refreshing: set[int] = set()  # ids of entries translated again (refresh)

    def add(
        self, article: Article, pot: polib.POFile, lang: str, glossary: Glossary | None
    ) -> None:
        key = (lang, article.slug)
        self.sources[key] = (article, pot, glossary)
        po, data, changes = _sync(article, pot, lang, self.config, glossary, self.now, UNREAD)
        self.catalogs[key] = (po, data)
        stats = self.stats.setdefault(lang, LangSummary(lang))
        stats.changes.add(changes)
        todo = [e for e in po if self.wants(e)]
        stats.to_translate += sum(1 for e in todo if needs_mt(e))
        stats.to_refresh += sum(1 for e in todo if not needs_mt(e))
        live = sum(1 for e in po if not e.obsolete and e.msgid)
        stats.reused += live - len(todo)
        # Marked now: needs_mt no longer tells these apart once they are translated again.
        again = {id(e) for e in todo if not needs_mt(e)}
        got = _recall(po, lang, self.memory, glossary, todo)
        stats.memory_exact += got.exact
        stats.memory_fuzzy += got.fuzzy
        filled = {id(e) for e in got.filled}
        stats.refreshed += len(again & filled)
        self.refreshing |= again - filled
        self.pending[key] = [e for e in todo if id(e) not in filled]

    def wants(self, entry: polib.POEntry) -> bool:
        """The entry is for the memory or the engine in this run."""
        return needs_mt(entry) or (self.refresh and _refreshable(entry))

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

    def apply(self, task: Task, results: Sequence[object]) -> None:
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
                if any(
                    not p.startswith("glossary case:")
                    for p in cast("MTResult", done[e.msgid]).problems
                )
            )
            self._save(lang, slug)

    def _save(self, lang: str, slug: str) -> bool:
        """Save a catalog; if an editor saved it meanwhile, merge their version and retry."""
        key = (lang, slug)
        po, based_on = self.catalogs[key]
        article, pot, glossary = self.sources[key]

        def remerge(data: bytes | None) -> polib.POFile:
            merged = _remerge(
                article, pot, lang, self.config, glossary, self.now, self.memory, data
            )
            done = self.results.get(lang, {})
            if done:
                todo = [e for e in merged if self.wants(e) and e.msgid in done]
                _apply(todo, done, self.plans[lang])
            self.pending[key] = [e for e in merged if self.wants(e) and e.msgid not in done]
            return merged

        changed, po, on_disk = catalog.save_merged(
            self.config.po_path(lang, slug), po, based_on, remerge
        )
        self.catalogs[key] = (po, on_disk)
        return changed

    def finish(self) -> list[Written]:
        """Save what had nothing to translate (merges, obsolete entries)."""
        return [
            Written(self.config.po_path(lang, slug), self._save(lang, slug))
            for lang, slug in self.catalogs
        ]


def _apply(entries: list[polib.POEntry], done: dict[str, object], plan: object) -> None:
    """Machine output into ``entries``: as their text when they have none of a person's, else
    beside it as a suggestion (``# mt suggestion (engine): …``), fuzzy and ``#|`` untouched."""
    for entry in entries:
        result = done[entry.msgid]
        engine = plan.description  # type: ignore[attr-defined]
        if entry.msgstr and not catalog.is_machine(entry):
            text = " ".join(result.text.split())  # type: ignore[attr-defined]
            changed = [
                line
                for line in (entry.tcomment or "").split("\n")
                if line.startswith(catalog.CHANGED_PREFIX)
            ]
            suggestion = f"{catalog.SUGGESTION_PREFIX} ({engine}): {text}"
            catalog.set_own_comments(entry, [*changed, suggestion])
            continue
        entry.msgstr = result.text  # type: ignore[attr-defined]
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        # The digest of the text written: an msgstr that differs from it is a person's.
        confidence = getattr(result, "confidence", None)
        mark = f"{catalog.MT_PREFIX} {engine}"
        if confidence is not None:
            mark += f" · confidence {confidence:.2f}"
        mark += f" [{catalog.text_digest(entry.msgstr)}]"
        catalog.set_own_comments(entry, [mark, *result.problems])  # type: ignore[attr-defined]


# --- translation memory: a step before machine translation ---------------------------------


class _memory:
    """The project's translation memory for one run (None when not used)."""

    def __init__(self, config: Config, use: bool) -> None:
        self.config, self.use = config, use
        self.memory: Memory | None = None
        self.warnings: list[str] = []  # about the index file, once the run is over

    def __enter__(self) -> Memory | None:
        if self.use:
            from localize.memory import open_memory

            self.memory = open_memory(self.config)
        return self.memory

    def __exit__(self, *exc: object) -> None:
        if self.memory is not None:
            self.warnings = list(self.memory.warnings)
            self.memory.close()


def _recall(
    po: polib.POFile,
    lang: str,
    memory: object | None,
    glossary: object | None,
    todo: Sequence[polib.POEntry] | None = None,
) -> Recalled:
    """Fill what MT would get from the memory (of ``todo``, default: what needs MT), except a
    person's own text."""
    from localize.memory import Recalled, recall

    if memory is None:
        return Recalled()
    if todo is None:
        todo = [e for e in po if needs_mt(e)]
    entries = [e for e in todo if not e.msgstr or catalog.is_machine(e)]
    if not entries:
        return Recalled()
    return recall(entries, lang, memory, glossary=glossary)  # type: ignore[arg-type]


# --- build ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    where: str  # path:line
    reason: str  # "untranslated" | "fuzzy" | "missing" | "markup"
    text: str


@dataclass(frozen=True)
class BuildResult:
    text: str | None  # None when gaps forbid a build
    gaps: list[Gap]


def build_article(
    path: str | Path,
    *,
    config: Config,
    lang: str,
    allow_fuzzy: bool = False,
    fallback: str | None = None,
    article_format: str | None = None,
) -> BuildResult:
    """The translated article with the original layout, or the list of gaps that prevent it.

    A translation whose inline codes do not match its source's, or that holds a
    ``javascript:``/``vbscript:``/``data:`` URL, is a gap ("markup"): broken markup is never
    written; any other markup a translation holds is written as text. An HTML article's root
    element gets ``lang`` and ``dir``.
    """
    from localize.formats import format_of, iter_article, rebuild_parts
    from localize.formats.codes import problems, refusals
    from localize.formats.safety import refused_urls

    if fallback not in (None, "source"):
        raise UsageError(f"unknown fallback {fallback!r} (use 'source')")
    path = Path(path)
    fmt = format_of(path, article_format, template_format(config, path.stem))
    po_path = config.po_path(lang, path.stem)
    if not po_path.exists():
        for _ in iter_article(path, fmt):  # the article's own errors come first
            pass
        raise InputError(
            f"no {lang} catalog for this article ({po_path}); run localize update for {lang}",
            path=path,
        )
    po = catalog.read_catalog(po_path)
    entries = {e.msgid: e for e in po if not e.obsolete and not e.msgid_plural}
    gaps: list[Gap] = []

    def translation(seg: Segment) -> str | None:
        entry = entries.get(seg.text)
        if entry is None:
            gaps.append(Gap(f"{path}:{seg.line}", "missing", seg.text))
        elif not entry.msgstr:
            gaps.append(Gap(f"{shown(po_path)}:{entry.linenum}", "untranslated", seg.text))
        elif "fuzzy" in entry.flags and not allow_fuzzy:
            gaps.append(Gap(f"{shown(po_path)}:{entry.linenum}", "fuzzy", seg.text))
        elif problems(seg.text, entry.msgstr):
            where = f"{shown(po_path)}:{entry.linenum}"
            gaps.append(Gap(where, "markup", "; ".join(problems(seg.text, entry.msgstr))))
        elif why := refused_urls(seg.text, entry.msgstr, fmt) + refusals(seg, entry.msgstr):
            gaps.append(Gap(f"{shown(po_path)}:{entry.linenum}", "markup", "; ".join(why)))
        else:
            return entry.msgstr
        return None

    # Streamed: memory holds the catalog and the translated text, never the parsed source.
    parts = iter_article(path, fmt)
    text = "".join(rebuild_parts(parts, translation, lang=lang))
    if gaps and fallback != "source":
        return BuildResult(None, gaps)
    return BuildResult(text, gaps)


@dataclass(frozen=True)
class Built:
    """One article in one language: where it was written, or the gaps that kept it back."""

    article: Path
    lang: str
    output: Path | None  # None: not ready, nothing written
    changed: bool
    gaps: list[Gap]


@dataclass
class BuildSummary:
    built: list[Built] = field(default_factory=list)

    @property
    def not_ready(self) -> list[Built]:
        return [b for b in self.built if b.output is None]


def build_articles(
    paths: Sequence[str | Path],
    *,
    config: Config,
    locales: Sequence[str],
    output_dir: Path,
    allow_fuzzy: bool = False,
    fallback: str | None = None,
    article_format: str | None = None,
) -> BuildSummary:
    """Build every article in every locale into ``output_dir/<lang>/<article's file name>``;
    one that is not ready is listed with its gaps and not written."""

    summary = BuildSummary()
    for path in config.target_articles(paths):
        for lang in locales:
            result = build_article(
                path,
                config=config,
                lang=lang,
                allow_fuzzy=allow_fuzzy,
                fallback=fallback,
                article_format=article_format,
            )
            if result.text is None:
                summary.built.append(Built(Path(path), lang, None, False, result.gaps))
                continue
            out = output_dir / lang / Path(path).name
            data = result.text.encode("utf-8")
            changed = not (out.is_file() and out.read_bytes() == data)
            if changed:
                out.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_bytes(out, data)
            summary.built.append(Built(Path(path), lang, out, changed, result.gaps))
    return summary
