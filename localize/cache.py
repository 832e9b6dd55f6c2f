"""A small content-addressed cache for derived data (segmented articles, check findings).

Keys are hashes of the inputs, so a stale entry can never be used; a cache that cannot be
read or written is simply skipped. Never holds catalogs. ``LOCALIZE_CACHE_DIR=`` (empty) turns
it off. One SQLite file holds every entry: a check of a thousand catalogs reads and writes its
findings in one query and one transaction each, not a thousand files.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from localize._version import __version__

if TYPE_CHECKING:
    import sqlite3

__all__ = [
    "cache_dir",
    "cache_file",
    "get_many",
    "put_many",
    "open_db",
    "damage",
    "busy",
    "remove_db",
]

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries ("
    "kind TEXT NOT NULL, digest BLOB NOT NULL, value TEXT NOT NULL, "
    "PRIMARY KEY (kind, digest)) WITHOUT ROWID"
)
_VERSION = 1


def cache_dir() -> Path | None:
    """``LOCALIZE_CACHE_DIR`` (empty: no cache), else the platform's user cache folder:
    ``$XDG_CACHE_HOME/localize`` or ``~/.cache/localize`` on Linux, ``~/Library/Caches/localize``
    on macOS, ``%LOCALAPPDATA%\\localize\\Cache`` on Windows."""
    env = os.environ.get("LOCALIZE_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    import platformdirs

    return Path(platformdirs.user_cache_dir("localize", appauthor=False))


def cache_file() -> Path | None:
    folder = cache_dir()
    return folder / "cache.sqlite3" if folder is not None else None


def _digest(key: bytes) -> bytes:
    return hashlib.sha256(__version__.encode() + b"\0" + key).digest()


# Marks a SQLite file as localize's (``PRAGMA application_id``): any other is foreign.
APPLICATION_ID = 0x4C6F634C  # "LocL"
# SQLite's primary result codes for a file that is not (or no longer) a sound database.
_DAMAGED = {11: "damaged", 26: "not a database"}  # SQLITE_CORRUPT, SQLITE_NOTADB
_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED


# Python 3.10's sqlite3 errors carry no code (sqlite_errorcode is 3.11's): SQLite's own
# message for each code (sqlite3_errstr) tells the same.
_MESSAGES = {
    "database disk image is malformed": 11,
    "file is not a database": 26,
    "database is locked": 5,
    "database table is locked": 6,
}


def _code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return next((c for m, c in _MESSAGES.items() if str(exc).startswith(m)), None)
    return code & 0xFF


def damage(exc: BaseException) -> str | None:
    """What is wrong with a SQLite file that raised ``exc`` ("damaged", "not a database"), or
    None when the error is not the file's content (a lock, a full disk, a bad query)."""
    code = _code(exc)
    return None if code is None else _DAMAGED.get(code)


def busy(exc: BaseException) -> bool:
    """``exc`` says another connection holds a lock on the file."""
    return _code(exc) in _BUSY


def remove_db(path: Path) -> None:
    """Delete a SQLite file with its write-ahead log and shared-memory index."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def open_db(
    path: Path, schema: str, *, version: int, timeout: float
) -> tuple[sqlite3.Connection, str | None]:
    """A connection to the SQLite file of derived data at ``path``, with ``schema`` in it; also
    why it was made afresh (None when it was sound or new).

    A file that is not a database, or was written by another program (another application id)
    or another version of this schema, only held derived data: it is deleted and made anew.
    An older localize's file (no application id, an older ``user_version``) is replaced
    silently. ``sqlite3.Error`` or ``OSError`` when it cannot be opened (a lock held longer than
    ``timeout`` seconds, a read-only folder). Damage past the first page shows when a page is
    read: callers catch it with :func:`damage`.
    """
    import sqlite3

    path.parent.mkdir(parents=True, exist_ok=True)
    reason: str | None = None
    for _ in range(2):
        con = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        try:
            # One read transaction: read one by one, a file another process is creating at
            # this moment could show its tables but not yet its ids, and be taken as foreign.
            con.execute("BEGIN")
            app, found = (
                con.execute("PRAGMA application_id").fetchone()[0],
                con.execute("PRAGMA user_version").fetchone()[0],
            )
            tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            con.execute("COMMIT")
            if tables and app == APPLICATION_ID and found == version:
                con.execute("PRAGMA journal_mode=WAL")
                return con, reason
            if tables and not (app == 0 and 0 < found < version):
                reason = "written by another program or version"
            elif tables:
                reason = None  # our own older schema: rebuilt without a word
            else:
                # Empty: a new file (another process may be creating it at the same moment).
                con.execute("PRAGMA journal_mode=WAL")
                con.execute("BEGIN IMMEDIATE")
                if not con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    for statement in schema.split(";"):
                        if statement.strip():
                            con.execute(statement)
                    con.execute(f"PRAGMA application_id={APPLICATION_ID}")
                    con.execute(f"PRAGMA user_version={version}")
                con.execute("COMMIT")
                return con, reason
        except sqlite3.DatabaseError as exc:
            what = damage(exc)
            if what is None:
                con.close()
                raise
            reason = what
        con.close()
        remove_db(path)
    raise sqlite3.DatabaseError(f"cannot make a new database at {path}")


def _connect():  # noqa: ANN202 - sqlite3 is imported here, not at module level
    import sqlite3

    path = cache_file()
    if path is None:
        return None
    try:
        # WAL: readers never wait for a writer, and a crash cannot corrupt the file; NORMAL
        # skips the fsync per commit (a lost entry is only recomputed).
        con = open_db(path, _SCHEMA, version=_VERSION, timeout=10)[0]
        con.execute("PRAGMA synchronous=NORMAL")
        return con
    except (OSError, sqlite3.Error):
        return None


def get_many(kind: str, keys: Sequence[bytes]) -> list[Any]:
    """The cached value of each key, or None where there is none."""
    found: dict[bytes, Any] = {}
    digests = [_digest(k) for k in keys]
    con = _connect() if keys else None
    if con is not None:
        import sqlite3

        try:
            for start in range(0, len(digests), 500):  # SQLite's limit on bound parameters
                part = digests[start : start + 500]
                marks = ",".join("?" * len(part))
                rows = con.execute(
                    f"SELECT digest, value FROM entries WHERE kind = ? AND digest IN ({marks})",
                    [kind, *part],
                )
                for digest, value in rows:
                    found[digest] = json.loads(value)
        except (sqlite3.Error, ValueError) as exc:
            _forget_if_damaged(con, exc)  # a damaged entry or a locked file: recompute
        finally:
            con.close()
    return [found.get(d) for d in digests]


def put_many(kind: str, items: Iterable[tuple[bytes, Any]]) -> None:
    """Remember each (key, JSON-able value); one transaction for all of them."""
    rows = [(kind, _digest(k), json.dumps(v, ensure_ascii=False)) for k, v in items]
    if not rows:
        return
    con = _connect()
    if con is None:
        return
    import sqlite3

    try:
        with con:
            con.execute("BEGIN IMMEDIATE")
            con.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", rows)
    except sqlite3.Error as exc:
        _forget_if_damaged(con, exc)  # a full disk or a lock held too long only costs speed
    finally:
        con.close()


def _forget_if_damaged(con: sqlite3.Connection, exc: BaseException) -> None:
    """A page damaged past the first shows only when read: the next run starts afresh."""
    path = cache_file()
    if damage(exc) is not None and path is not None:
        con.close()
        try:
            remove_db(path)
        except OSError:
            pass
