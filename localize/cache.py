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
from typing import Any

from localize._version import __version__

__all__ = ["cache_dir", "cache_file", "get_many", "put_many"]

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries ("
    "kind TEXT NOT NULL, digest BLOB NOT NULL, value TEXT NOT NULL, "
    "PRIMARY KEY (kind, digest)) WITHOUT ROWID"
)


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


def _connect():  # noqa: ANN202 - sqlite3 is imported here, not at module level
    import sqlite3

    path = cache_file()
    if path is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(path, timeout=10, isolation_level=None)
        # WAL: readers never wait for a writer, and a crash cannot corrupt the file; NORMAL
        # skips the fsync per commit (a lost entry is only recomputed).
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=NORMAL")
        con.execute(_SCHEMA)
        return con
    except sqlite3.DatabaseError:
        # Not a database (a truncated or foreign file): start afresh, it only held a cache.
        try:
            path.unlink()
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            con = sqlite3.connect(path, timeout=10, isolation_level=None)
            con.execute(_SCHEMA)
            return con
        except (OSError, sqlite3.Error):
            return None
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
        except (sqlite3.Error, ValueError):
            pass  # a damaged entry or a locked file: recompute
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
    except sqlite3.Error:
        pass  # a full disk or a lock held too long only costs speed
    finally:
        con.close()
