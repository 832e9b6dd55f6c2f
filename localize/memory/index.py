"""Translation memory: what the newsroom already reviewed, found again for new sentences.

The memory holds every reviewed entry (translated, not fuzzy, not obsolete) of the catalogs
under the locales folder, plus the ``.po``/``.tmx`` files named by ``tm`` in localize.toml.
It is an index derived from those files, never edited by hand: one SQLite file per project in
the cache folder (``tm-<digest>.sqlite3`` in :func:`localize.cache.cache_dir`), updated
incrementally — a file whose content digest is unchanged is not parsed again. With the cache
off (``LOCALIZE_CACHE_DIR=``), or an index file that cannot be used, the index is built in
memory for the run; a damaged or foreign one is rebuilt (see :func:`open_memory`).

Matching, as translators mean it:

- **exact**: the same sentence after normalising Unicode (NFC), whitespace and quotes
  (“ ” „ « » → ", ‘ ’ ‚ → ') — reported as 100%;
- **fuzzy**: word-level edit distance, case-insensitive, punctuation ignored, with numbers and
  names (capitalised words after the first, all-caps words) as *placeables*: a changed
  placeable costs ``PLACEABLE_COST`` of a word. The score is ``100 × (1 − cost / words)``,
  at most 99 for anything not exact. A changed number is also replaced in the suggestion when
  the memory's translation contains the old number exactly once.

Candidates come from an SQLite FTS5 index over the memory's sources: the postings of the
sentence's rarest words (enough of them that any source above the threshold has one), weighted
by rarity, pick ``CANDIDATES`` sources, which rapidfuzz then scores (see ``_candidates``).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from localize.errors import CatalogError, InputError

if TYPE_CHECKING:
    import polib

    from localize.config import Config

__all__ = [
    "THRESHOLD",
    "Unit",
    "Match",
    "Memory",
    "normalize",
    "similarity",
    "open_memory",
    "recall",
    "read_tmx",
    "write_tmx",
    "export_tmx",
    "import_tmx",
    "Recalled",
    "adapt",
    "from_memory",
]

# Fuzzy matches below this are not offered (Trados' and memoQ's usual minimum is 70–75%).
THRESHOLD = 75
# A changed number or name costs half a word: the sentence is the same, a fact differs.
PLACEABLE_COST = 0.5
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

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‟": '"',
                         "‘": "'", "’": "'", "‚": "'", "‛": "'"})  # fmt: skip
_WORD = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:['’.\-]\w+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ALNUM = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer calls a token


def normalize(text: str) -> str:
    """The key of an exact match: NFC, one space for any whitespace, straight quotes."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return " ".join(text.split())


@dataclass(frozen=True)
class _Tokens:
    raw: tuple[str, ...]  # lower-cased words, placeables as written
    classed: tuple[str, ...]  # the same, placeables replaced by their class


def _tokens(text: str) -> _Tokens:
    raw: list[str] = []
    classed: list[str] = []
    for i, word in enumerate(_WORD.findall(normalize(text))):
        if _NUMBER.fullmatch(word):
            raw.append(word)
            classed.append("\0#")
        elif (i > 0 and word[:1].isupper()) or (len(word) > 1 and word.isupper()):
            raw.append(word)
            classed.append("\0N")
        else:
            raw.append(word.lower())
            classed.append(word.lower())
    return _Tokens(tuple(raw), tuple(classed))


def _score(a: _Tokens, b: _Tokens) -> int:
    from rapidfuzz.distance import Levenshtein

    n = max(len(a.raw), len(b.raw))
    if n == 0:
        return 0
    structural = Levenshtein.distance(a.classed, b.classed)
    placeables = max(0, Levenshtein.distance(a.raw, b.raw) - structural)
    cost = structural + PLACEABLE_COST * placeables
    return max(0, min(99, int(100 * (1 - cost / n))))


def similarity(a: str, b: str) -> int:
    """Percent similarity of two sentences as a translation memory reports it (100 = exact)."""
    if normalize(a) == normalize(b):
        return 100
    return _score(_tokens(a), _tokens(b))


@dataclass(frozen=True)
class Unit:
    """One translation unit: a source sentence, its reviewed translation, where it came from."""

    source: str
    target: str
    lang: str
    origin: str  # the article (catalog name) or the file it came from


@dataclass(frozen=True)
class Match:
    unit: Unit
    score: int  # 100 for an exact match
    text: str  # the translation offered (numbers already replaced for a fuzzy match)


T = TypeVar("T")


# --- reading the sources of the memory ------------------------------------------------------


def _po_units(path: Path, lang: str | None, data: bytes) -> list[Unit]:
    from localize.catalog import first_form, parse_po

    po = parse_po(data, path=str(path))
    if lang is None:
        lang = po.metadata.get("Language", "").strip()
        if not lang:
            raise InputError("no Language in the header; cannot use it as a memory", path=path)
    lang = _locale(lang)
    # TMX has no plural: a plural entry is its singular, msgid with msgstr[0] (as
    # translate-toolkit's po2tmx writes it).
    return [
        Unit(e.msgid, first_form(e), lang, path.stem)
        for e in po
        if e.msgid and first_form(e) and not e.obsolete and "fuzzy" not in e.flags
    ]  # fmt: skip


def _locale(code: str) -> str:
    """``pt-br`` / ``pt_BR`` → ``pt_BR``: TMX writes BCP 47, gettext POSIX."""
    parts = code.replace("-", "_").split("_")
    return "_".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])


def _primary(code: str) -> str:
    return code.split("_")[0]


_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CODES = {"bpt", "ept", "ph", "it", "ut"}  # inline native codes: not text


def _seg_text(seg: Any) -> str:
    """The text of a ``<seg>``, inline codes left out; a loop, not recursion (5,000 nested
    ``<hi>`` overflowed Python's stack)."""
    parts = [seg.text or ""]
    stack = [(iter(seg), "")]  # each open element's children, and its tail for when they end
    while stack:
        children, tail = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            parts.append(tail)
        elif child.tag in _CODES:
            parts.append(child.tail or "")
        else:
            parts.append(child.text or "")
            stack.append((iter(child), child.tail or ""))
    return "".join(parts)


def read_tmx(source: str | Path | IO[bytes], *, source_lang: str = "en") -> list[Unit]:
    """The units of a TMX file (1.4; 1.1–1.3 read too), one per source and target language.

    Parsed without expanding any entity or fetching anything (localize.xmlsafe): a document that
    declares entities is refused. Inline codes (``<bpt>``, ``<ph>`` …) are left out of the text.
    """
    from localize.xmlsafe import iterparse

    path = source if isinstance(source, (str, Path)) else getattr(source, "name", "<tmx>")
    name = Path(str(path)).stem
    units: list[Unit] = []
    header_src = source_lang
    seen_root = False
    for event, elem in iterparse(source, path=path, what="TMX file"):
        if event == "start":
            if not seen_root:
                seen_root = True
                if elem.tag != "tmx":
                    raise InputError(f"not a TMX file (root element <{elem.tag}>)", path=path)
            continue
        if elem.tag == "header":
            header_src = elem.get("srclang") or source_lang
        elif elem.tag == "tu":
            units.extend(_tu_units(elem, header_src, source_lang, name))
            elem.clear()
    return units


def _tu_units(tu: object, header_src: str, source_lang: str, origin: str) -> list[Unit]:
    src_code = tu.get("srclang") or header_src  # type: ignore[attr-defined]
    if src_code == "*all*":
        src_code = source_lang
    texts: dict[str, str] = {}
    for tuv in tu.findall("tuv"):  # type: ignore[attr-defined]
        code = tuv.get(_XML_LANG) or tuv.get("lang")
        seg = tuv.find("seg")
        if code and seg is not None:
            texts.setdefault(_locale(code), _seg_text(seg))
    src_key = next(
        (k for k in texts if k == _locale(src_code)),
        next((k for k in texts if _primary(k) == _primary(_locale(source_lang))), None),
    )
    if src_key is None or _primary(src_key) != _primary(_locale(source_lang)):
        return []
    src = texts[src_key]
    if not src.strip():
        return []
    note = tu.find("prop[@type='x-localize-origin']")  # type: ignore[attr-defined]
    where = note.text if note is not None and note.text else origin
    return [Unit(src, t, k, where) for k, t in texts.items() if k != src_key and t.strip()]


def _xml_text(text: str) -> str:
    from xml.sax.saxutils import escape

    # XML 1.0 cannot hold most control characters: they become visible escapes, not errors.
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: f"\\x{ord(m.group()):02x}", text)
    return escape(text)


def _bcp47(code: str) -> str:
    return code.replace("_", "-")


def write_tmx(units: Iterable[Unit], out: IO[str], *, source_lang: str = "en") -> int:
    """Write TMX 1.4 (one ``<tu>`` per source and target language); returns the unit count."""
    from localize._version import __version__

    out.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<tmx version="1.4">\n'
        f'  <header creationtool="localize" creationtoolversion="{__version__}" '
        f'segtype="sentence" o-tmf="localize" adminlang="en" '
        f'srclang="{_bcp47(source_lang)}" datatype="plaintext"/>\n'
        "  <body>\n"
    )
    n = 0
    for u in units:
        out.write(
            "    <tu>\n"
            f'      <prop type="x-localize-origin">{_xml_text(u.origin)}</prop>\n'
            f'      <tuv xml:lang="{_bcp47(source_lang)}"><seg>{_xml_text(u.source)}</seg></tuv>\n'
            f'      <tuv xml:lang="{_bcp47(u.lang)}"><seg>{_xml_text(u.target)}</seg></tuv>\n'
            "    </tu>\n"
        )
        n += 1
    out.write("  </body>\n</tmx>\n")
    return n


# --- the index -----------------------------------------------------------------------------

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


def _memory_files(config: Config) -> list[tuple[Path, str | None]]:
    """Every file the memory is built from, with its language when the path tells it."""
    found: list[tuple[Path, str | None]] = []
    base = config.locales_dir
    if base.is_dir():
        for path in sorted(base.glob("*/LC_MESSAGES/*.po")):
            if path.is_file():  # a broken or looping link, a FIFO: the run reports it, not here
                found.append((path, path.parent.parent.name))
    for path in config.tm_files():
        if path.suffix.lower() not in (".po", ".tmx"):
            raise InputError("a translation memory must be a .po or .tmx file", path=path)
        if not path.exists():
            raise InputError("no such file (listed in 'tm' in localize.toml)", path=path)
        found.append((path, None))
    return found


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
            data = self._bytes(path)  # one file in memory at a time
            digest = hashlib.blake2b(data, digest_size=16).digest()
            if key in known and known[key][1] == digest:
                continue
            units = self._read(path, lang, data)
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

    @staticmethod
    def _bytes(path: Path) -> bytes:
        from localize.catalog import MAX_CATALOG_BYTES
        from localize.fileio import read_regular_file

        if path.suffix.lower() == ".tmx":
            return read_regular_file(path, "TMX file")
        return read_regular_file(path, "catalog", CatalogError, MAX_CATALOG_BYTES)

    def _read(self, path: Path, lang: str | None, data: bytes) -> list[Unit]:
        if path.suffix.lower() == ".tmx":
            import io

            source = io.BytesIO(data)
            source.name = str(path)  # for messages and the units' origin
            return read_tmx(source, source_lang=self.source_lang)
        return _po_units(path, lang, data)

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
                # ntok: the sentence's words as _tokens counts them (for the length filter)
                fresh.append((sid, key, u.source, len(_WORD.findall(key))))
                known[key] = sid
            # Its own spelling of the source: sources are shared by their normalised key.
            rows.append((fid, sid, u.lang, _primary(u.lang), u.target, u.origin, u.source))
        # Batched: one statement per table for the whole file.
        con.executemany("INSERT INTO sources (id, key, text, ntok) VALUES (?, ?, ?, ?)", fresh)
        con.executemany(
            "INSERT INTO words (rowid, text) VALUES (?, ?)",
            ((sid, " ".join(_ALNUM.findall(key))) for sid, key, _, _ in fresh),
        )
        self._count_terms((key for _, key, _, _ in fresh), +1)
        con.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def _count_terms(self, keys: Iterable[str], sign: int) -> None:
        """Add (or take away) each source's words to the document frequencies."""
        from collections import Counter

        counts = Counter(w for key in keys for w in {w.lower() for w in _ALNUM.findall(key)})
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
        lang = _locale(lang)
        rows = self.con.execute(
            "SELECT u.source_text, u.target, u.lang, u.origin, f.mtime_ns FROM units u "
            "JOIN files f ON f.id = u.file "
            "WHERE u.source = ? AND u.base = ?",
            (source_id, _primary(lang)),
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
        mine = _tokens(key)
        if not mine.raw:
            return None
        scored = sorted(
            (
                (_score(mine, _tokens(other)), sid)
                for sid, other in self._candidates(key, mine, lang)
            ),
            key=lambda x: (-x[0], x[1]),
        )
        for score, sid in scored:
            if score < self.threshold:
                break
            unit = self._best_unit(sid, lang)
            if unit is not None:
                return Match(unit, score, _replace_numbers(text, unit))
        return None

    def _candidates(self, key: str, mine: _Tokens, lang: str) -> list[tuple[int, str]]:
        """Sources that may score above the threshold, the likeliest first.

        A source above the threshold lacks at most ``_most_missed`` of the sentence's words,
        so it has at least one of the rarest ``_most_missed + 1``. Their postings, weighted
        by rarity (idf), rank the sources; words are taken rarest first while the postings
        stay within ``POSTINGS`` (the two rarest always, unless one is in a twentieth of the
        memory): in a large memory a sentence is looked up by its rarest words only, and a
        source that lacks those too is missed.
        """
        import math

        words = sorted({w.lower() for w in _ALNUM.findall(key) if not w.isdigit()})
        if not words:
            return []
        marks = ",".join("?" * len(words))
        # Document frequencies are kept in a table: FTS5's own vocabulary table counts them by
        # reading every posting, 3 ms a common word in a memory of 500,000 sentences.
        df = dict(self.con.execute(f"SELECT term, df FROM terms WHERE term IN ({marks})", words))
        present = sorted((w for w in words if w in df), key=lambda w: (df[w], w))
        n = len(mine.raw)
        need = _most_missed(mine, self.threshold) + 1
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
                query, (*params, 4 * CANDIDATES, lo, hi, _primary(_locale(lang)), CANDIDATES)
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
        wanted = None if not locales else {_locale(x) for x in locales}
        for source, target, lang, origin in rows:
            if wanted is None or lang in wanted or _primary(lang) in wanted:
                yield Unit(source, target, lang, origin)


def _most_missed(mine: _Tokens, threshold: int) -> int:
    """How many of a sentence's words a source can lack and still reach ``threshold``.

    The cost allowed is ``(1 - t) n`` for the sentence's ``n`` words (a longer source only
    spends more on its extra words): a lacking name costs ``PLACEABLE_COST``, another word 1.
    """
    budget = (1 - threshold / 100) * len(mine.raw)
    names = sum(1 for c in mine.classed if c == "\0N")
    cheap = min(names, int(budget / PLACEABLE_COST))
    return cheap + int(budget - cheap * PLACEABLE_COST)


def _replace_numbers(text: str, unit: Unit) -> str:
    """The memory's translation with the new sentence's numbers, where that is unambiguous."""
    mine = _tokens(text)
    theirs = _tokens(unit.source)
    if mine.classed != theirs.classed:
        return unit.target
    out = unit.target
    for new, old in zip(mine.raw, theirs.raw, strict=True):
        if new == old or not _NUMBER.fullmatch(old):
            continue
        hits = list(re.finditer(rf"(?<![\d.,]){re.escape(old)}(?![\d]|[.,]\d)", out))
        if len(hits) != 1:
            return unit.target  # ambiguous: offer the memory's text as it is
        out = out[: hits[0].start()] + new + out[hits[0].end() :]
    return out


def open_memory(config: Config) -> Memory:
    """The project's memory, brought up to date with its catalogs and ``tm`` files.

    The index file only holds derived data. One that is damaged, truncated or foreign is
    rebuilt; one that cannot be used (locked longer than ``INDEX_WAIT``, a read-only cache)
    is replaced by one built in memory for the run. Either way ``warnings`` says so in one
    line. Processes building the same index take turns.
    """
    from localize.cache import damage, remove_db

    files = _memory_files(config)
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


# --- the pipeline step: before machine translation ------------------------------------------


@dataclass
class Recalled:
    exact: int = 0
    fuzzy: int = 0
    filled: list[polib.POEntry] = field(default_factory=list)  # the entries given a match

    @property
    def total(self) -> int:
        return self.exact + self.fuzzy


def recall(
    entries: Sequence[polib.POEntry],
    lang: str,
    memory: Memory,
    *,
    glossary: object | None = None,
) -> Recalled:
    """Fill ``entries`` from the memory (fuzzy, ``tm: N% from <origin>``); returns the counts.

    The caller passes only entries that may be filled (nothing a person wrote). Glossary terms
    are verified as for machine output: a violation is a ``glossary:`` line in the comment.
    """
    from localize.catalog import DIFFERS_PREFIX, set_own_comments, text_digest

    done = Recalled()
    for entry in entries:
        match = memory.lookup(entry.msgid, lang)
        if match is None:
            continue
        text, differs = match.text, []
        if match.score < 100:
            adapted = adapt(match.unit.source, entry.msgid, match.unit.target, lang, glossary)
            text, differs = adapted.text, adapted.lines(DIFFERS_PREFIX)
        # Short lines, one difference each: editors' tools (polib, translate-toolkit) wrap long
        # comment lines, and a wrapped line's tail would no longer say it is ours.
        lines = [f"tm: {match.score}% from {match.unit.origin} [{text_digest(text)}]", *differs]
        if glossary is not None:
            from localize.glossary import verify

            lines += [v.message for v in verify(entry.msgid, text, glossary, lang)]  # type: ignore[arg-type]
        entry.msgstr = text
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        set_own_comments(entry, lines)
        done.filled.append(entry)
        if match.score == 100:
            done.exact += 1
        else:
            done.fuzzy += 1
    return done


# --- what differs between a memory's source and the sentence --------------------------------


@dataclass(frozen=True)
class Difference:
    """Words of the memory's source (``old``) where the sentence has ``new``.

    ``status``: "" for wording (the translation needs a person), "replaced" (a number or name
    replaced in the translation), "spelled" (a name replaced, in the source's spelling: the
    glossary does not know it), "kept" (a number or name that could not be found in the
    translation once and only once, so the translation still has the old one).
    """

    old: str
    new: str
    status: str = ""

    def __str__(self) -> str:
        text = f"{self.old or '(none)'} → {self.new or '(none)'}"
        suffix = {"spelled": " (spelled as in the source)", "kept": " (not replaced)"}
        return text + suffix.get(self.status, "")


@dataclass(frozen=True)
class Adapted:
    text: str  # the translation with what could be replaced replaced
    differs: tuple[Difference, ...]

    def lines(self, prefix: str) -> list[str]:
        """One comment line per difference: ``differs: Sean Spicer → Sarah Sanders``."""
        return [f"{prefix} {d}" for d in self.differs]


def adapt(
    source: str, text: str, target: str | None, lang: str, glossary: object | None = None
) -> Adapted:
    """``target`` (a translation of ``source``) made for ``text``: the numbers and names that
    differ replaced where they map one to one, and every difference named. With no ``target``
    the differences are only named.

    A name takes the glossary's form in ``lang`` where the glossary knows it, else its source
    spelling; the old one is found in ``target`` by the glossary's forms or its own spelling,
    and replaced only when it occurs exactly once.
    """
    from rapidfuzz.distance import Levenshtein

    a, b = _tokens(source), _tokens(text)
    out = target or ""
    differs: list[Difference] = []
    for op in Levenshtein.opcodes(list(a.raw), list(b.raw)):
        if op.tag == "equal":
            continue
        i, j = slice(op.src_start, op.src_end), slice(op.dest_start, op.dest_end)
        for old, new, kind in _pieces(a.raw[i], a.classed[i], b.raw[j], b.classed[j]):
            if kind == "" or target is None:
                differs.append(Difference(old, new))
                continue
            if kind == "?":
                differs.append(Difference(old, new, "kept"))
                continue
            out, status = _swap(out, old, new, kind, lang, glossary)
            differs.append(Difference(old, new, status))
    return Adapted(out, tuple(differs))


def _pieces(
    old: tuple[str, ...], old_cls: tuple[str, ...], new: tuple[str, ...], new_cls: tuple[str, ...]
) -> list[tuple[str, str, str]]:
    """One edit of the alignment as (old, new, kind) pieces: "#" a number and "N" a name that
    map one to one, "?" placeables that do not, "" wording."""
    placeable = {"\0#", "\0N"}

    def kind(a: str | None, b: str | None) -> str:
        if a not in placeable and b not in placeable:
            return ""
        return a[1] if a == b and a is not None else "?"

    if not old or not new:
        return [(" ".join(old), " ".join(new), "")]  # words added or gone: the text needs a person
    if len(old) != len(new):
        if set(old_cls) == set(new_cls) == {"\0N"}:
            return [(" ".join(old), " ".join(new), "N")]  # a name for a name of other length
        k = "?" if any(c in placeable for c in (*old_cls, *new_cls)) else ""
        return [(" ".join(old), " ".join(new), k)]
    # Word for word: runs of one kind (a name's words together; numbers one by one).
    out: list[tuple[str, str, str]] = []
    for i in range(len(old)):
        k = kind(old_cls[i], new_cls[i])
        if out and out[-1][2] == k and k in ("", "N", "?"):
            last = out[-1]
            out[-1] = (f"{last[0]} {old[i]}", f"{last[1]} {new[i]}", k)
        else:
            out.append((old[i], new[i], k))
    return out


def _swap(
    target: str, old: str, new: str, kind: str, lang: str, glossary: object | None
) -> tuple[str, str]:
    """Replace the rendering of ``old`` in ``target`` by that of ``new``; (text, status)."""
    if kind == "#":
        hits = list(re.finditer(rf"(?<![\d.,]){re.escape(old)}(?![\d]|[.,]\d)", target))
        if len(hits) != 1:
            return target, "kept"
        return target[: hits[0].start()] + new + target[hits[0].end() :], "replaced"
    old_forms = _name_forms(old, lang, glossary)
    spans = {
        (m.start(), m.end(), i)
        for i, form in enumerate(old_forms)
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", target)
    }
    starts = {(s, e) for s, e, _ in spans}
    if len(starts) != 1:
        return target, "kept"
    (start, end), index = next(iter(starts)), min(i for s, e, i in spans)
    new_forms = _name_forms(new, lang, glossary)[:-1]  # without the source spelling
    if not new_forms:
        return target[:start] + new + target[end:], "spelled"
    form = new_forms[0]
    if 0 < index < len(old_forms) - 1:
        # The old name inflected (Россию): the new one in the same case (Украину), or kept.
        from localize.glossary.inflect import case_of, inflect

        case = case_of(target[start:end], lang)
        inflected = inflect(form, case, lang) if case and case != "nomn" else None
        if inflected is None:
            return target, "kept"
        form = inflected
    return target[:start] + form + target[end:], "replaced"


def _name_forms(name: str, lang: str, glossary: object | None) -> list[str]:
    """How ``name`` may be written in ``lang``: the glossary's forms (when it knows the whole
    name), then its source spelling."""
    forms: list[str] = []
    if glossary is not None:
        from localize.glossary import find_terms

        found = find_terms(glossary, name)  # type: ignore[arg-type]
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(name):
            forms = [f for f in found[0].term.forms(lang) if f]
    return [*forms, name]


def from_memory(entry: polib.POEntry) -> bool:
    """The entry's translation came from the memory (reviewed since, or not)."""
    from localize.catalog import TM_PREFIX

    return any(line.startswith(TM_PREFIX) for line in (entry.tcomment or "").split("\n"))


# --- exchange ------------------------------------------------------------------------------


def export_tmx(
    config: Config,
    out: IO[str],
    *,
    locales: Sequence[str] | None = None,
    warnings: list[str] | None = None,
) -> int:
    """Write the whole memory (or these locales) as TMX 1.4; returns the number of units.

    What went wrong with the index file (rebuilt, or built in memory) is added to ``warnings``.
    """
    with open_memory(config) as memory:
        try:
            return write_tmx(memory.units(locales), out, source_lang=config.source)
        finally:
            if warnings is not None:
                warnings.extend(memory.warnings)


@dataclass(frozen=True)
class Imported:
    path: Path  # where the units were stored in the project
    units: int
    by_lang: dict[str, int]
    listed: bool  # whether 'tm' in localize.toml covers ``path``


def import_tmx(config: Config, source: Path, *, dest: Path | None = None) -> Imported:
    """Check a TMX file and store its units in the project (``tm/<name>.tmx`` by default).

    What is stored is written anew by this tool from the parsed units, so the project holds
    only well-formed TMX 1.4 with no entity, DTD or external reference.
    """
    from localize.fileio import atomic_write_text

    units = read_tmx(source, source_lang=config.source)
    if not units:
        raise InputError(
            f"no translation units with source language {config.source!r}", path=source
        )
    if dest is None:
        dest = config.root / "tm" / f"{Path(source).stem}.tmx"
    import io

    buf = io.StringIO()
    write_tmx(units, buf, source_lang=config.source)
    dest.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(dest, buf.getvalue())
    by_lang: dict[str, int] = {}
    for u in units:
        by_lang[u.lang] = by_lang.get(u.lang, 0) + 1
    listed = dest.resolve() in {p.resolve() for p in config.tm_files()}
    return Imported(dest, len(units), dict(sorted(by_lang.items())), listed)
