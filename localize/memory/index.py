"""The memory's index: one SQLite file per project, FTS5 over the sources, kept up to date.

The memory holds every reviewed entry (translated, not fuzzy, not obsolete) of the catalogs
under the locales folder, plus the ``.po``/``.tmx`` files named by ``tm`` in localize.toml.
It is an index derived from those files, never edited by hand: one SQLite file per project in
the cache folder (``tm-<digest>.sqlite3`` in :func:`localize.cache.cache_dir`), updated
incrementally — a file whose content digest is unchanged is not parsed again. With the cache
off (``LOCALIZE_CACHE_DIR=``), or an index file that cannot be used, the index is built in
memory for the run; a damaged or foreign one is rebuilt (see :func:`open_memory`).

Candidates come from an SQLite FTS5 index over the memory's sources: the postings of the
sentence's rarest words (enough of them that any source above the threshold has one), weighted
by rarity, pick ``CANDIDATES`` sources, which rapidfuzz then scores (see ``_candidates``).
Matching itself (what a score means) is in match.py.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from localize.lang import base_language, posix_locale
from localize.memory.match import (
    ALNUM,
    THRESHOLD,
    WORD,
    Match,
    Tokens,
    Unit,
    fuzzy_score,
    most_missed,
    normalize,
    replace_numbers,
    tokens,
)
from localize.memory.sources import file_bytes, file_units, memory_files

if TYPE_CHECKING:
    from localize.config import Config

__all__ = ["Memory", "Refresh", "open_memory", "memory_file", "INDEX_WAIT", "BUSY_WAIT"]

# Sources scored per sentence; ranked by their rare words, the best match is among the first.
CANDIDATES = 24
# Postings read per sentence at most (beyond its two rarest words): bounds a lookup's time in a
# large memory, where a sentence's commonest words are in a good part of it.
POSTINGS = 2_000
# Files read in one refresh beyond which the word index is optimised (merged into one b-tree).
MERGE_AFTER = 20
# How long a run waits for another process building the same index before it builds its own
# in memory (bench/tm.py: 500,000 segments build in 115 s, 5–8 minutes on a busy machine; an
# incremental refresh takes seconds), and for another program's lock on the file.
INDEX_WAIT = 600.0
BUSY_WAIT = 10.0
# Bumped when normalisation or the schema changes: an older index is rebuilt.
_SCHEMA_VERSION = 5

T = TypeVar("T")


_TABLES = """
CREATE TABLE IF NOT EXISTS files (
  id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, mtime_ns INTEGER, digest BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
  id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL, text TEXT NOT NULL, ntok INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS units (
  file INTEGER NOT NULL, source INTEGER NOT NULL, lang TEXT NOT NULL, base TEXT NOT NULL,
  target TEXT NOT NULL, origin TEXT NOT NULL, source_text TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS units_source ON units (source, base);
CREATE INDEX IF NOT EXISTS units_file ON units (file);
CREATE VIRTUAL TABLE IF NOT EXISTS words USING fts5 (
  text, tokenize = 'unicode61 remove_diacritics 0', detail = none);
CREATE TABLE IF NOT EXISTS terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
"""


def memory_file(config: Config) -> Path | None:
    """Where a project's index lives (None: the cache is off, the index is built in memory)."""
    from localize.cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(str(config.locales_dir.resolve()).encode()).hexdigest()[:16]
    return folder / f"tm-{digest}.sqlite3"


def _connect(path: Path | None) -> tuple[sqlite3.Connection, str | None]:
    """The index at ``path`` (in memory for None); also why it was made afresh, if it was."""
    if path is None:
        con = sqlite3.connect(":memory:", isolation_level=None)
        con.executescript(_TABLES)
        return con, None
    from localize.cache import open_db

    con, reason = open_db(path, _TABLES, version=_SCHEMA_VERSION, timeout=BUSY_WAIT)
    con.execute("PRAGMA synchronous=NORMAL")
    # The key index of a large memory is touched at random while building: keep it cached.
    con.execute("PRAGMA cache_size=-65536")
    return con, reason


def _fresh(files: Sequence[tuple[Path, str | None]], **kwargs: object) -> Memory:
    """A memory built in this process's memory from ``files``, for one run."""
    memory = Memory(_connect(None)[0], **kwargs)  # type: ignore[arg-type]
    try:
        memory.refresh(files)
    except BaseException:
        memory.close()
        raise
    return memory


@dataclass(frozen=True)
class Refresh:
    files: int  # files the memory is built from
    read: int  # of which read in this refresh (new or changed)
    removed: int  # files gone since the last refresh
    units: int  # units in the memory


class Memory:
    """An open translation-memory index; ``lookup`` finds the best match for a sentence."""

    def __init__(
        self, con: sqlite3.Connection, *, source_lang: str = "en", threshold: int = THRESHOLD
    ) -> None:
        self.con = con
        self.source_lang = source_lang
        self.threshold = threshold
        self.refreshed: Refresh | None = None
        self._total: int | None = None
        self._files: list[tuple[Path, str | None]] = []
        self.path: Path | None = None  # the index file, None when in memory
        self.warnings: list[str] = []  # one line each: what went wrong with the index file
        self._found: dict[tuple[str, str, int], Match | None] = {}

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- building --

    def refresh(self, files: Sequence[tuple[Path, str | None]]) -> Refresh:
        """Bring the index up to date with ``files``: only new or changed files are parsed.

        Changed means another content digest: every file is read (hashing is quick beside
        parsing), so an edit that keeps the size and the modification time is seen too.
        """
        con = self.con
        self._files = list(files)
        known = {
            path: (fid, digest)
            for fid, path, digest in con.execute("SELECT id, path, digest FROM files")
        }
        wanted = {str(path.resolve()): (path, lang) for path, lang in files}
        gone = [key for key in known if key not in wanted]
        read = 0
        # A transaction per file: a file's units are replaced whole or not at all, and a
        # malformed file stops the run with the files before it done (it is retried next time).
        for key in gone:
            self._replace(key, known[key][0], None)
        for key, (path, lang) in wanted.items():
            data = file_bytes(path)  # one file in memory at a time
            digest = hashlib.blake2b(data, digest_size=16).digest()
            if key in known and known[key][1] == digest:
                continue
            units = file_units(path, lang, data, self.source_lang)
            mtime = path.stat().st_mtime_ns
            self._replace(key, known[key][0] if key in known else None, (units, mtime, digest))
            read += 1
        if read + len(gone) > MERGE_AFTER:
            # Many segments after a bulk build: one b-tree per term makes lookups fast again.
            con.execute("INSERT INTO words (words) VALUES ('optimize')")
        units = con.execute("SELECT count(*) FROM units").fetchone()[0]
        self._total, self._found = None, {}
        self.refreshed = Refresh(len(wanted), read, len(gone), units)
        return self.refreshed

    def _replace(
        self, key: str, old: int | None, new: tuple[list[Unit], int, bytes] | None
    ) -> None:
        con = self.con
        con.execute("BEGIN IMMEDIATE")
        try:
            touched: set[int] = set()
            if old is not None:
                touched.update(
                    r[0] for r in con.execute("SELECT source FROM units WHERE file = ?", (old,))
                )
                con.execute("DELETE FROM units WHERE file = ?", (old,))
                con.execute("DELETE FROM files WHERE id = ?", (old,))
            if new is not None:
                units, mtime, digest = new
                fid = con.execute(
                    "INSERT INTO files (path, mtime_ns, digest) VALUES (?, ?, ?)",
                    (key, mtime, digest),
                ).lastrowid
                self._insert(fid, units)  # type: ignore[arg-type]
            self._drop_orphans(touched)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _insert(self, fid: int, units: Iterable[Unit]) -> None:
        con = self.con
        units = list(units)
        keys = [normalize(u.source) for u in units]
        known: dict[str, int] = {}
        distinct = list(dict.fromkeys(keys))
        for start in range(0, len(distinct), 500):  # SQLite's limit on bound parameters
            part = distinct[start : start + 500]
            marks = ",".join("?" * len(part))
            known.update(con.execute(f"SELECT key, id FROM sources WHERE key IN ({marks})", part))
        fresh: list[tuple[int, str, str, int]] = []
        next_id = (con.execute("SELECT max(id) FROM sources").fetchone()[0] or 0) + 1
        rows = []
        for u, key in zip(units, keys, strict=True):
            sid = known.get(key)
            if sid is None:
                sid, next_id = next_id, next_id + 1
                # ntok: the sentence's words as tokens counts them (for the length filter)
                fresh.append((sid, key, u.source, len(WORD.findall(key))))
                known[key] = sid
            # Its own spelling of the source: sources are shared by their normalised key.
            rows.append((fid, sid, u.lang, base_language(u.lang), u.target, u.origin, u.source))
        # Batched: one statement per table for the whole file.
        con.executemany("INSERT INTO sources (id, key, text, ntok) VALUES (?, ?, ?, ?)", fresh)
        con.executemany(
            "INSERT INTO words (rowid, text) VALUES (?, ?)",
            ((sid, " ".join(ALNUM.findall(key))) for sid, key, _, _ in fresh),
        )
        self._count_terms((key for _, key, _, _ in fresh), +1)
        con.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def _count_terms(self, keys: Iterable[str], sign: int) -> None:
        """Add (or take away) each source's words to the document frequencies."""
        from collections import Counter

        counts = Counter(w for key in keys for w in {w.lower() for w in ALNUM.findall(key)})
        if not counts:
            return
        self.con.executemany(
            "INSERT INTO terms VALUES (?, ?) "
            "ON CONFLICT (term) DO UPDATE SET df = df + excluded.df",
            ((w, sign * c) for w, c in counts.items()),
        )
        if sign < 0:
            self.con.execute("DELETE FROM terms WHERE df <= 0")

    def _drop_orphans(self, candidates: set[int]) -> None:
        """Forget the sources among ``candidates`` that no unit refers to any more."""
        ids = sorted(candidates)
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            orphans = [
                r[0]
                for r in self.con.execute(
                    f"SELECT id FROM sources WHERE id IN ({marks}) AND NOT EXISTS "
                    "(SELECT 1 FROM units WHERE units.source = sources.id)",
                    part,
                )
            ]
            if orphans:
                marks = ",".join("?" * len(orphans))
                keys = [
                    r[0]
                    for r in self.con.execute(
                        f"SELECT key FROM sources WHERE id IN ({marks})", orphans
                    )
                ]
                self._count_terms(keys, -1)
                self.con.execute(f"DELETE FROM sources WHERE id IN ({marks})", orphans)
                self.con.execute(f"DELETE FROM words WHERE rowid IN ({marks})", orphans)

    # -- looking up --

    def _best_unit(self, source_id: int, lang: str) -> Unit | None:
        """Of several translations of one source: the locale asked for (``de_AT``) before its
        language's others (``de``, ``de_DE``), then the most frequent, then the newest file."""
        lang = posix_locale(lang)
        rows = self.con.execute(
            "SELECT u.source_text, u.target, u.lang, u.origin, f.mtime_ns FROM units u "
            "JOIN files f ON f.id = u.file "
            "WHERE u.source = ? AND u.base = ?",
            (source_id, base_language(lang)),
        ).fetchall()
        if not rows:
            return None
        exact_lang = [r for r in rows if r[2] == lang] or rows
        count: dict[str, int] = {}
        for r in exact_lang:
            count[r[1]] = count.get(r[1], 0) + 1
        best = max(exact_lang, key=lambda r: (count[r[1]], r[4], r[3]))
        return Unit(best[0], best[1], best[2], best[3])

    def lookup(self, text: str, lang: str) -> Match | None:
        """The best match for ``text`` in ``lang`` at or above the threshold, or None.

        Remembered for the run: a catalog merged again (an editor saved it meanwhile) costs no
        second lookup of the sentences already looked up.
        """
        key = (text, lang, self.threshold)
        if key not in self._found:
            self._found[key] = self._guarded(self._lookup, text, lang)
        return self._found[key]

    def _guarded(self, query: Callable[..., T], *args: object) -> T:
        """``query(*args)``; if the index file fails under it (a damaged page, a lock), the run
        goes on with an index built in memory, and the file is rebuilt by the next run."""
        try:
            return query(*args)
        except sqlite3.Error as exc:
            if self.path is None:
                raise
            from localize.cache import damage, remove_db

            what = damage(exc)
            where = _shown(self.path)
            if what is not None:
                self.warnings.append(
                    f"{where}: warning: the translation memory index is {what}; using "
                    "one built in memory for this run (the next run rebuilds it)"
                )
                try:
                    remove_db(self.path)  # the next run builds it afresh
                except OSError:
                    pass
            else:
                self.warnings.append(
                    f"{where}: warning: cannot use the translation memory index ({exc}); "
                    "using one built in memory for this run"
                )
            self.con.close()
            self.con, self.path, self._total = _connect(None)[0], None, None
            self.refresh(self._files)
            return query(*args)

    def _lookup(self, text: str, lang: str) -> Match | None:
        key = normalize(text)
        row = self.con.execute("SELECT id FROM sources WHERE key = ?", (key,)).fetchone()
        if row is not None:
            unit = self._best_unit(row[0], lang)
            if unit is not None:
                return Match(unit, 100, unit.target)
        mine = tokens(key)
        if not mine.raw:
            return None
        scored = sorted(
            (
                (fuzzy_score(mine, tokens(other)), sid)
                for sid, other in self._candidates(key, mine, lang)
            ),
            key=lambda x: (-x[0], x[1]),
        )
        for score, sid in scored:
            if score < self.threshold:
                break
            unit = self._best_unit(sid, lang)
            if unit is not None:
                return Match(unit, score, replace_numbers(text, unit))
        return None

    def _candidates(self, key: str, mine: Tokens, lang: str) -> list[tuple[int, str]]:
        """Sources that may score above the threshold, the likeliest first.

        A source above the threshold lacks at most ``most_missed`` of the sentence's words,
        so it has at least one of the rarest ``most_missed + 1``. Their postings, weighted
        by rarity (idf), rank the sources; words are taken rarest first while the postings
        stay within ``POSTINGS`` (the two rarest always, unless one is in a twentieth of the
        memory): in a large memory a sentence is looked up by its rarest words only, and a
        source that lacks those too is missed.
        """
        import math

        words = sorted({w.lower() for w in ALNUM.findall(key) if not w.isdigit()})
        if not words:
            return []
        marks = ",".join("?" * len(words))
        # Document frequencies are kept in a table: FTS5's own vocabulary table counts them by
        # reading every posting, 3 ms a common word in a memory of 500,000 sentences.
        df = dict(self.con.execute(f"SELECT term, df FROM terms WHERE term IN ({marks})", words))
        present = sorted((w for w in words if w in df), key=lambda w: (df[w], w))
        n = len(mine.raw)
        need = most_missed(mine, self.threshold) + 1
        total = self._sources()
        chosen: list[tuple[str, float]] = []
        budget = 0
        for i, word in enumerate(present[:need]):
            budget += df[word]
            if budget > POSTINGS and (i >= 2 or df[word] > total / 20):
                break  # the two rarest always, unless one is in a twentieth of the memory
            chosen.append((f'"{word}"', math.log(1 + total / df[word])))
        if not chosen:
            return []
        # Postings summed by source in SQLite, not in Python: a lookup reads thousands.
        union = " UNION ALL ".join(
            ["SELECT rowid AS id, ? AS w FROM words WHERE words MATCH ?"] * len(chosen)
        )
        params: list[object] = []
        for match, idf in chosen:
            params += [idf, match]
        lo = int(n * self.threshold / 100)
        hi = int(n * 100 / self.threshold) + 1
        query = (
            f"WITH hits AS MATERIALIZED (SELECT id, sum(w) AS weight FROM ({union}) "
            "GROUP BY id ORDER BY weight DESC, id LIMIT ?) "
            # CROSS JOIN: the few hits drive the join, never a scan of every source.
            "SELECT s.id, s.text FROM hits CROSS JOIN sources s ON s.id = hits.id "
            "WHERE s.ntok BETWEEN ? AND ? AND EXISTS (SELECT 1 FROM units u "
            "WHERE u.source = s.id AND u.base = ?) ORDER BY hits.weight DESC, s.id LIMIT ?"
        )
        try:
            return self.con.execute(
                query,
                (*params, 4 * CANDIDATES, lo, hi, base_language(posix_locale(lang)), CANDIDATES),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            from localize.cache import busy, damage

            if damage(exc) or busy(exc):
                raise
            # A word FTS5's tokenizer splits in two (a script where its idea of a letter is
            # not Python's) is a phrase, which this index cannot search: no fuzzy match then.
            return []

    def _sources(self) -> int:
        if self._total is None:
            self._total = self.con.execute("SELECT max(rowid) FROM sources").fetchone()[0] or 1
        return self._total

    def units(self, locales: Sequence[str] | None = None) -> Iterator[Unit]:
        """Every distinct unit, by language then source."""

        def every() -> list[tuple[str, str, str, str]]:
            return self.con.execute(
                "SELECT DISTINCT u.source_text, u.target, u.lang, u.origin FROM units u "
                "JOIN sources s ON s.id = u.source "
                "ORDER BY u.lang, s.key, u.source_text, u.target, u.origin"
            ).fetchall()

        rows = self._guarded(every)
        wanted = None if not locales else {posix_locale(x) for x in locales}
        for source, target, lang, origin in rows:
            if wanted is None or lang in wanted or base_language(lang) in wanted:
                yield Unit(source, target, lang, origin)


def open_memory(config: Config) -> Memory:
    """The project's memory, brought up to date with its catalogs and ``tm`` files.

    The index file only holds derived data. One that is damaged, truncated or foreign is
    rebuilt; one that cannot be used (locked longer than ``INDEX_WAIT``, a read-only cache)
    is replaced by one built in memory for the run. Either way ``warnings`` says so in one
    line. Processes building the same index take turns.
    """
    from localize.cache import damage, remove_db

    files = memory_files(config)
    kwargs = {"source_lang": config.source, "threshold": config.tm_threshold}
    path = memory_file(config)
    if path is None:
        return _fresh(files, **kwargs)
    import sqlite3

    from filelock import FileLock, Timeout

    where = _shown(path)
    warnings: list[str] = []
    try:
        with FileLock(f"{path}.lock", timeout=INDEX_WAIT):
            for attempt in range(2):
                con, reason = _connect(path)
                if reason is not None:
                    warnings.append(
                        f"{where}: warning: the translation memory index was {reason}; "
                        "rebuilt from the catalogs"
                    )
                memory = Memory(con, **kwargs)  # type: ignore[arg-type]
                memory.path, memory.warnings = path, warnings
                try:
                    memory.refresh(files)
                    return memory
                except sqlite3.Error as exc:
                    memory.close()
                    what = damage(exc)
                    if what is None or attempt:
                        raise
                    warnings.append(
                        f"{where}: warning: the translation memory index was {what}; "
                        "rebuilt from the catalogs"
                    )
                    remove_db(path)
                except BaseException:
                    memory.close()
                    raise
    except Timeout:
        why = f"another process has been building it for {INDEX_WAIT:g} s"
    except (OSError, sqlite3.Error) as exc:
        from localize.cache import busy

        why = f"locked by another process for {BUSY_WAIT:g} s" if busy(exc) else str(exc)
    warnings.append(
        f"{where}: warning: cannot use the translation memory index ({why}); "
        "using one built in memory for this run"
    )
    memory = _fresh(files, **kwargs)
    memory.warnings = warnings
    return memory


def _shown(path: Path) -> str:
    from localize.fileio import shown

    return shown(path)
