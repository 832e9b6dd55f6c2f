"""A small content-addressed cache for derived data (segmented articles, msgfmt verdicts).

Keys are hashes of the inputs, so a stale entry can never be used; a cache that cannot be
written is simply skipped. Never holds catalogs. ``LOCALIZE_CACHE_DIR=`` (empty) turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from localize import __version__

__all__ = ["cache_dir", "cached", "cache_get", "cache_put"]

_MISS = object()


def cache_dir() -> Path | None:
    env = os.environ.get("LOCALIZE_CACHE_DIR")
    if env is not None:
        return Path(env) if env else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "localize"


def _path(kind: str, key: bytes) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(__version__.encode() + b"\0" + key).hexdigest()
    return folder / kind / f"{digest}.json"


def cache_get(kind: str, key: bytes, default: Any = None) -> Any:
    path = _path(kind, key)
    if path is None:
        return default
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default


def cache_put(kind: str, key: bytes, value: Any) -> None:
    path = _path(kind, key)
    if path is None:
        return
    try:
        from localize.fileio import atomic_write_text

        # Not fsynced: a cache entry lost in a crash is only recomputed.
        atomic_write_text(path, json.dumps(value, ensure_ascii=False), durable=False)
    except OSError:
        pass  # a read-only home or a full disk only costs speed


def cached(kind: str, key: bytes, compute: Callable[[], Any]) -> Any:
    """``compute()``'s JSON-able result, remembered under ``kind`` and the hash of ``key``."""
    value = cache_get(kind, key, _MISS)
    if value is _MISS:
        value = compute()
        cache_put(kind, key, value)
    return value
