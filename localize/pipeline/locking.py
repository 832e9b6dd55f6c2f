"""The run lock on the locales folder, and the checks made before anything reads through it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from localize.config import Config
from localize.errors import InputError, LockError, WriteError
from localize.fileio import shown

if TYPE_CHECKING:
    from filelock import BaseFileLock

__all__ = ["guard_locales", "locked", "maybe_locked"]


def _check_links(config: Config, folder: Path) -> None:
    """Refuse a run when a catalog or template under ``folder`` is (or lies in) a link leading
    outside the project, before anything reads or writes through it."""
    for path in (*folder.glob("*.pot"), *folder.glob("*/LC_MESSAGES/*.po")):
        if any(p.is_symlink() for p in (path, path.parent, path.parent.parent)):
            config.check_inside(path, "template" if path.suffix == ".pot" else "catalog")


def guard_locales(config: Config) -> None:
    """Refuse a locales folder that is a file, lies outside the project or holds links leading
    out of it, before anything reads or writes through it."""
    folder = config.locales_dir
    if folder.exists() and not folder.is_dir():
        raise InputError("is a file, not a locales folder", path=shown(folder))
    config.check_inside(folder, "catalogs")
    _check_links(config, folder)


class maybe_locked:
    """The run lock, or nothing for a run that writes nothing (and creates no folder)."""

    def __init__(self, config: Config, lock: bool) -> None:
        self.config = config
        self.lock = locked(config) if lock else None

    def __enter__(self) -> None:
        if self.lock is not None:
            self.lock.__enter__()
        else:
            guard_locales(self.config)

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
        guard_locales(self.config)
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
