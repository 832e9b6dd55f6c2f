"""The project walk of ``localize check``: which codes a run gates, every catalog checked (on
every core when there are many), findings cached by what they depend on, and the articles'
sentences that ``outdated`` compares against."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polib

from localize.config import Config
from localize.errors import ArticleError, CatalogError, GlossaryError, InputError, LocalizeError
from localize.fileio import read_regular_file
from localize.review.checks import CHECKS, CatalogInput, Finding, check_catalog, selected, short
from localize.review.msgfmt import gettext_identity, msgfmt_rows

if TYPE_CHECKING:
    from localize.glossary import Glossary

__all__ = ["Report", "ALWAYS", "check_project"]


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    catalogs: dict[tuple[str, str], list[Finding]] = field(default_factory=dict)  # (lang, path)

    @property
    def exit_code(self) -> int:
        return 1 if self.findings else 0


def _shown(path: Path) -> str:
    from localize.fileio import shown

    return shown(path)


# Reading comes first: a catalog that cannot be read is never passed, whatever the selection.
ALWAYS = ("syntax",)


def _gate_codes(select: Iterable[str] | None, ignore: Iterable[str] | None) -> list[str]:
    """The checks a project run applies: the selected ones, plus ``syntax`` always and
    ``missing`` unless ``ignore`` names it (an expected catalog is never silently absent)."""
    codes = selected(select, ignore)
    forced = [*ALWAYS, *(() if "missing" in set(ignore or ()) else ("missing",))]
    return [c for c in CHECKS if c in codes or c in forced]


def check_project(
    config: Config,
    *,
    locales: Sequence[str] | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    glossary: Glossary | None = None,
    articles: Sequence[Path] | None = None,
    paths: Sequence[Path] = (),
    min_confidence: float | None = None,
) -> Report:
    """Check every expected catalog (articles × locales) and every one found under the locales
    folder; ``paths`` (articles or catalogs) narrow the run. See project.project_catalogs.

    With ``min_confidence``, a machine translation whose recorded confidence is lower is a
    ``confidence`` finding at its line.

    A catalog that cannot be read is a ``syntax`` finding whatever ``select`` and ``ignore``
    say, and a missing one a ``missing`` finding unless ``ignore`` names ``missing``.
    """
    from localize.catalog import MAX_CATALOG_BYTES
    from localize.review.catalogs import project_catalogs

    codes = _gate_codes(select, ignore)
    refs = project_catalogs(
        config, locales=locales, paths=[*(articles or ()), *(Path(p) for p in paths)]
    )
    if glossary is None and ("glossary" in codes or "dnt" in codes or "same" in codes):
        from localize.glossary import project_glossary

        glossary = project_glossary(config)
    from localize.cache import get_many, put_many

    report = Report()
    # Findings are cached by everything they depend on: a re-run re-checks only what changed.
    fingerprint = b"\0".join(
        read_regular_file(f, "glossary file", GlossaryError)
        for f in config.glossary_files()
        if f.exists()
    )
    gettext_id = gettext_identity() if "msgfmt" in codes else b""
    arts = list(dict.fromkeys(r.article for r in refs if r.article is not None))
    orphans = list(dict.fromkeys(r.slug for r in refs if r.article is None))
    expected_of: dict[Path | str, list[str]] = {}
    pot_bytes_of: dict[Path | str, bytes] = {}
    if "outdated" in codes:
        by_article, pot_by_article = _expected(config, arts)
        expected_of.update(by_article)
        pot_bytes_of.update(pot_by_article)
        for slug in orphans:  # no article: its template, if any, says what it must hold
            pot_path = config.pot_path(slug)
            if pot_path.is_file():
                pot_bytes_of[slug] = read_regular_file(pot_path, "template", CatalogError)
                pot = _read_optional(pot_path)
                expected_of[slug] = [e.msgid for e in pot or () if not e.obsolete and e.msgid]
    todo: list[tuple[tuple[str, str], bytes, tuple]] = []
    shown_dirs: dict[Path, str] = {}
    head: dict[tuple[str, str], list[Finding]] = {}
    for ref in refs:
        lang, path, article = ref.lang, ref.path, ref.article
        source: Path | str = article if article is not None else ref.slug
        expected = expected_of.get(source)
        pot_bytes = pot_bytes_of.get(source, b"")
        if path.parent not in shown_dirs:  # resolving every file's path is slow
            shown_dirs[path.parent] = _shown(path.parent)
        folder = shown_dirs[path.parent]
        shown = path.name if folder == "." else os.path.join(folder, path.name)
        key = (lang, shown)
        report.catalogs[key] = []  # keeps the report in project order
        head[key] = []
        if ref.orphan is not None and "orphan" in codes:
            head[key] = [Finding(shown, None, "orphan", ref.orphan)]
        try:
            # A FIFO must not hang the gate; an absurd size is refused, not read.
            data = read_regular_file(path, "catalog", limit=MAX_CATALOG_BYTES)
        except InputError as exc:
            if exc.message == "no such file":
                if "missing" in codes and article is not None:
                    head[key] = [
                        Finding(
                            shown,
                            None,
                            "missing",
                            f"no {lang} catalog for {_shown(article)} "
                            f"(run localize update for {lang})",
                        )
                    ]
            else:  # a folder or a FIFO in its place, no permission
                head[key] = [Finding(shown, None, "syntax", exc.message)]
            continue
        inputs = b"\0".join(
            [
                data,
                lang.encode(),
                shown.encode(),
                ",".join(codes).encode(),
                fingerprint,
                gettext_id,
                "\n".join(expected or ()).encode(),
                pot_bytes,
            ]
        )
        job = (data, lang, shown, str(path), expected, glossary, codes)
        todo.append((key, inputs, job))
    hits = get_many("check", [inputs for _, inputs, _ in todo])
    misses = [item for item, hit in zip(todo, hits, strict=True) if hit is None]
    for (key, _, _), hit in zip(todo, hits, strict=True):
        if hit is not None:
            report.catalogs[key] = [Finding(*row) for row in hit]
    results = _run_checks([job for _, _, job in misses])
    for (key, _, _), rows in zip(misses, results, strict=True):
        report.catalogs[key] = [Finding(*row) for row in rows]
    put_many("check", [(item[1], rows) for item, rows in zip(misses, results, strict=True)])
    doubtful: dict[tuple[str, str], list[Finding]] = {}
    if min_confidence is not None and "confidence" in codes:
        from localize.review.ranking import worst_entries

        for d in worst_entries(config, 0, locales=locales, paths=list(paths), below=min_confidence):
            where, _, line = d.where.rpartition(":")
            message = (
                f"machine confidence {d.confidence:.2f} < {min_confidence:g}: {short(d.source)!r}"
            )
            doubtful.setdefault((d.lang, where), []).append(
                Finding(where, int(line), "confidence", message)
            )
    for key, found in report.catalogs.items():
        report.catalogs[key] = head[key] + sorted(
            found + doubtful.get(key, []), key=lambda f: f.line or 0
        )
        report.findings.extend(report.catalogs[key])
    return report


def _expected(
    config: Config, arts: Sequence[Path]
) -> tuple[dict[Path | str, list[str]], dict[Path | str, bytes]]:
    """What each article's catalogs must hold (its sentences and its template's), and the
    templates' bytes. A template that is fresh (see _is_fresh) spares segmenting its article."""
    from localize.catalog import MAX_CATALOG_BYTES
    from localize.formats import format_of, recorded_format

    expected: dict[Path | str, list[str]] = {}  # keyed as check()'s (orphans by slug)
    pot_bytes: dict[Path | str, bytes] = {}
    fresh: dict[Path, list[str]] = {}
    formats = {article: format_of(article) for article in arts}
    for article in arts:
        pot_path = config.pot_path(article.stem)
        if not pot_path.exists():
            continue
        pot_bytes[article] = read_regular_file(  # a FIFO in its place must not hang the gate
            pot_path, "template", CatalogError, MAX_CATALOG_BYTES
        )
        pot = _read_optional(pot_path)
        assert pot is not None  # it exists: its bytes were just read
        # An article once read in a format given by hand: its template says how.
        formats[article] = format_of(article, None, recorded_format(pot.metadata))
        ids = [e.msgid for e in pot if not e.obsolete and e.msgid]
        expected[article] = ids
        if _is_fresh(pot, article, ids, formats[article]):
            fresh[article] = ids  # the template's msgids are the article's sentences
    segmented = _articles_sentences({a: formats[a] for a in arts if a not in fresh})
    for article in arts:
        sentences = fresh.get(article) or segmented.get(article) or []
        expected[article] = list(dict.fromkeys(expected.get(article, []) + sentences))
    return expected, pot_bytes


def _run_checks(jobs: list[tuple]) -> list[list[tuple[str, int | None, str, str]]]:
    """Check catalogs, on every core when there are many (parsing is CPU-bound)."""
    return _map(_check_star, jobs, min_per_worker=100)


# With fork, workers inherit the items and receive only their indexes: nothing is pickled
# on the way in (a thousand catalogs' bytes and sentences would be).
_SHARED: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def _call_shared(i: int) -> Any:
    assert _SHARED is not None
    fn, items = _SHARED
    return fn(items[i])


def _map(fn: Callable[[Any], Any], items: Sequence[Any], *, min_per_worker: int) -> list[Any]:
    """``[fn(x) for x in items]``, in worker processes when each gets enough to pay off."""
    global _SHARED
    workers = min(os.cpu_count() or 1, len(items) // min_per_worker)
    if workers < 2:
        return [fn(x) for x in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, len(items) // (workers * 4))
    if hasattr(os, "fork"):
        _SHARED = (fn, items)
        try:
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
                return list(pool.map(_call_shared, range(len(items)), chunksize=chunk))
        finally:
            _SHARED = None
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=spawn) as pool:
        return list(pool.map(fn, items, chunksize=chunk))


def _check_star(job: tuple) -> list[tuple[str, int | None, str, str]]:
    return _check_one(*job)


def _check_one(
    data: bytes,
    lang: str,
    shown: str,
    path: str,
    expected: Sequence[str] | None,
    glossary: Glossary | None,
    codes: list[str],
) -> list[tuple[str, int | None, str, str]]:
    """Every selected check of one catalog, as sorted (path, line, code, message) rows."""
    from localize.catalog import parse_po

    rows: list[tuple[str, int | None, str, str]] = []
    try:
        po = parse_po(data, path=shown)
    except LocalizeError as exc:
        # One defect, one finding: what the reader met first, where it met it. msgfmt, which
        # would word the same defect again (and every consequence of it), is not asked.
        return [(shown, exc.line, "syntax", exc.message)]
    if "msgfmt" in codes:
        rows += [(shown, line, "msgfmt", msg) for line, msg in msgfmt_rows(path)]
    text = data.decode(po.encoding, errors="replace")  # the catalog's declared charset
    c = CatalogInput(po, lang, shown, text, expected, None, glossary)
    found = check_catalog(c, select=codes)
    if any(f.code == "header" and "msgfmt -c rejects" in f.message for f in found):
        # The header check words an invalid Plural-Forms already; msgfmt's echo is dropped.
        # msgfmt reports it at the header entry, which ends at the Plural-Forms line or later.
        last = max(f.line or 0 for f in found if f.code == "header")
        rows = [r for r in rows if (r[1] or 0) > last]
    if any(f.code == "plurals" and "plural forms, but" in f.message for f in found):
        # msgfmt's "nplurals = N..." / "...but some messages have" words the same count again.
        rows = [r for r in rows if r[2] != "msgfmt" or not _MSGFMT_PLURAL_COUNT.match(r[3])]
    rows += [(f.path, f.line, f.code, f.message) for f in found]
    return sorted(rows, key=lambda r: (r[1] or 0, r[2]))


_MSGFMT_PLURAL_COUNT = re.compile(r"nplurals = \d+\.\.\.$|\.\.\.but some messages have ")


def _segment_file(path: Path, fmt: str | None = None) -> list[str]:
    from localize.formats import iter_segments

    return [s.text for s in iter_segments(path, fmt)]


def _segment_or_none(job: tuple[Path, str]) -> list[str] | None:
    """For worker processes: a bad article is re-read in the parent, which reports it."""
    try:
        return _segment_file(*job)
    except LocalizeError:
        return None


def _articles_sentences(formats: dict[Path, str]) -> dict[Path, list[str]]:
    """Each article's sentences, read in its format: cached by content, the others segmented
    on every core."""
    from localize.cache import get_many, put_many
    from localize.formats import identity

    # The segmenter's identity is part of the key: a change to it invalidates the cache. Its
    # digest, not its 94 KB of source: a copy in every key took 1.77 GB for 20,000 articles.
    code = hashlib.sha256(identity()).digest()
    keys: dict[Path, bytes] = {}
    for path, fmt in formats.items():
        keys[path] = code + fmt.encode() + b"\0" + read_regular_file(path, "article", ArticleError)
    out: dict[Path, list[str]] = {}
    todo: list[Path] = []
    for path, hit in zip(keys, get_many("sentences", list(keys.values())), strict=True):
        if hit is None:
            todo.append(path)
        else:
            out[path] = hit
    found = _map(_segment_or_none, [(p, formats[p]) for p in todo], min_per_worker=8)
    for path, sentences in zip(todo, found, strict=True):
        out[path] = sentences if sentences is not None else _segment_file(path, formats[path])
    put_many("sentences", [(keys[p], out[p]) for p in todo])
    return {p: out[p] for p in keys}


def _is_fresh(pot: polib.POFile, article: Path, msgids: list[str], fmt: str) -> bool:
    """Whether ``pot`` was extracted from the article as it is now, by this segmenter."""
    from localize.formats import SOURCE_DIGEST_FIELD, source_digest

    recorded = pot.metadata.get(SOURCE_DIGEST_FIELD)
    if not recorded:
        return False
    try:
        return recorded == source_digest(article, msgids, fmt)
    except OSError:
        return False


def _read_optional(path: Path) -> polib.POFile | None:
    if not path.exists():
        return None
    from localize.catalog import read_catalog

    return read_catalog(path)
