"""Files: atomic writes (a temporary file in the same folder, fsync, rename); reads that cannot
hang on a named pipe; paths as shown."""

from __future__ import annotations

import errno
import functools
import os
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, Concatenate, ParamSpec

from localize.errors import InputError, LocalizeError, WriteError

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "check_regular_files",
    "open_regular_file",
    "read_bytes_or_none",
    "read_regular_file",
    "read_settled",
    "remove_stale_temp_files",
    "shown",
]


def open_regular_file(
    path: str | Path,
    what: str = "file",
    error: type[LocalizeError] = InputError,
    limit: int | None = None,
) -> BinaryIO:
    """A regular file opened for reading in binary; ``error`` naming what is there instead (a
    directory, a named pipe, a device) rather than hanging on a FIFO or misnaming it, or saying
    it is over ``limit`` bytes. Every input localize reads comes through here."""
    try:
        # O_NONBLOCK: opening a FIFO for reading would wait for a writer, for ever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        if os.path.islink(path):
            raise error(f"is a broken symbolic link, not {_a(what)}", path=path) from None
        raise error("no such file", path=path) from None
    except IsADirectoryError:
        raise error(f"is a directory, not {_a(what)}", path=path) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error(f"is a symbolic link that loops, not {_a(what)}", path=path) from None
        raise error(f"cannot read: {exc.strerror or exc}", path=path) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"is a directory, not {_a(what)}", path=path)
        if stat.S_ISFIFO(info.st_mode):
            raise error(f"is a named pipe (FIFO), not {_a(what)}", path=path)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"is a device or socket, not {_a(what)}", path=path)
        if limit is not None and info.st_size > limit:
            raise error(
                f"is {info.st_size / 2**20:.0f} MB, over the {limit / 2**20:.0f} MB limit "
                f"for {_a(what)}",
                path=path,
            )
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_regular_file(
    path: str | Path,
    what: str = "file",
    error: type[LocalizeError] = InputError,
    limit: int | None = None,
) -> bytes:
    """The bytes of a regular file, refused as :func:`open_regular_file` says."""
    with open_regular_file(path, what, error, limit) as fh:
        try:
            return fh.read()
        except OSError as exc:
            raise error(f"cannot read: {exc.strerror or exc}", path=path) from None


_P = ParamSpec("_P")


def _write_errors(
    write: Callable[Concatenate[str | Path, _P], bool],
) -> Callable[Concatenate[str | Path, _P], bool]:
    """``write`` whose OSErrors (a full or read-only disk, a folder nobody may write, a file in
    a folder's place) are a WriteError naming the file it was writing."""

    @functools.wraps(write)
    def wrapper(path: str | Path, *args: _P.args, **kwargs: _P.kwargs) -> bool:
        try:
            return write(path, *args, **kwargs)
        except OSError as exc:
            raise WriteError(f"cannot write: {exc.strerror or exc}", path=shown(path)) from None

    return wrapper


@_write_errors
def atomic_write_bytes(
    path: str | Path,
    data: bytes,
    *,
    durable: bool = True,
    check: Callable[[], bool] | None = None,
) -> bool:
    """Replace ``path`` with ``data`` so readers see the old or the new file, never a torn one.

    ``durable=False`` skips the fsyncs: for data that may be lost, never for a catalog.
    A symbolic link is written through: its target gets the new content and the link stays
    (renaming over the link would have replaced it with a regular file).
    ``check`` runs when the new file is ready, just before the rename; if it returns False
    nothing is replaced and the result is False (compare-and-swap with an editor's saves).
    """
    path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{TEMP_MARK}", suffix=".tmp", dir=path.parent)
    try:
        _hold(fd)  # while it is written: remove_stale_temp_files leaves it alone
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        if check is not None and not check():
            os.unlink(tmp)
            return False
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    if not durable:
        return True
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return True
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
    return True


# Our temporary files are ``.<name>.localize-<random>.tmp``: a killed run leaves one behind.
TEMP_MARK = ".localize-"
# A temporary file younger than this is never taken for a killed run's (it may not be held yet).
STALE_AFTER = 60.0


def _hold(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: age alone decides
        return
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _held(path: Path) -> bool:
    """Another process is writing ``path`` (holds its lock)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: age alone decides
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return True  # gone or unreadable: not ours to remove
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def remove_stale_temp_files(folder: str | Path, *, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove the temporary files a killed run of ours left under ``folder``; returns them.

    Only our own (named by :func:`atomic_write_bytes`), only regular files older than
    ``older_than`` seconds that no process holds.
    """
    removed: list[Path] = []
    now = time.time()
    for tmp in Path(folder).rglob(f".*{TEMP_MARK}*.tmp"):
        try:
            st = tmp.lstat()
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or now - st.st_mtime < older_than or _held(tmp):
            continue
        try:
            tmp.unlink()
        except OSError:
            continue
        removed.append(tmp)
    return removed


def atomic_write_text(path: str | Path, text: str, *, durable: bool = True) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), durable=durable)


# A file modified this recently may be an editor's save in progress (rewritten in place):
# it is read again, SETTLE_PAUSE apart, until two reads agree. In-place writers write a
# catalog in milliseconds; a pause this long costs a run beside a save every 200 ms little,
# and a run right after another pays it only for the catalogs written in its last half second.
RECENT = 0.5
SETTLE_PAUSE = 0.05
SETTLE_TRIES = 40


def read_settled(path: str | Path) -> bytes | None:
    """The file's bytes (None: no such file), never a half-written save: a file modified in
    the last ``RECENT`` seconds is read again until two reads ``SETTLE_PAUSE`` apart agree."""
    data, mtime = _read_with_mtime(path)
    for _ in range(SETTLE_TRIES):
        if mtime is None or time.time() - mtime > RECENT:
            return data
        time.sleep(SETTLE_PAUSE)
        again, mtime = _read_with_mtime(path)
        if again == data:
            return data
        data = again
    return data


def _read_with_mtime(path: str | Path) -> tuple[bytes | None, float | None]:
    if not os.path.exists(path):
        return None, None
    with open_regular_file(path) as fh:
        return fh.read(), os.fstat(fh.fileno()).st_mtime


def read_bytes_or_none(path: str | Path) -> bytes | None:
    """The file's bytes, or None when there is no such file (a broken link is none either)."""
    if not os.path.exists(path):
        return None
    return read_regular_file(path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def shown(path: str | Path) -> str:
    """``path`` as users typed it: relative to the working folder when inside it."""
    path = Path(path)
    here, absolute = os.getcwd(), os.path.abspath(path)
    if absolute.startswith(here + os.sep):  # the common case, without a system call per folder
        return absolute[len(here) + 1 :]
    try:
        # The folder resolved, not the file: a link is shown as itself (a broken or looping
        # one too), not as where it leads.
        return str((path.absolute().parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a folder that is a link loop
        return os.path.normpath(path) if path.is_absolute() else str(path)


def check_regular_files(
    folder: str | Path, what: str = "file", error: type[LocalizeError] = InputError
) -> None:
    """Refuse ``folder`` when a file in it (or below) is a named pipe, device or socket, or a
    broken link: for libraries that open files by name, where one would hang or crash them."""
    for base, dirs, files in os.walk(folder):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(base, d))]:
            path = os.path.join(base, name)
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:
                raise error(f"cannot read: {exc.strerror or exc}", path=path) from None
            if stat.S_ISFIFO(mode):
                raise error(f"is a named pipe (FIFO), not {_a(what)}", path=path)
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                raise error(f"is a device or socket, not {_a(what)}", path=path)


def _a(what: str) -> str:
    """``what`` with its indefinite article: "an article", "a catalog"."""
    return ("an " if what[:1] in "aeiou" else "a ") + what
