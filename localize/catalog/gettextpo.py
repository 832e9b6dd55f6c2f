"""GNU gettext's own catalog checks, in process: libgettextpo, the library behind ``msgfmt -c``.

``po_file_check_all`` runs the checks msgfmt -c runs (format strings, newlines, header, plural
forms) on gettext's own reader. A msgfmt process costs ~6 ms of start-up per catalog, which
dominated ``localize check`` on large projects; the library costs microseconds. It is optional
(Debian: ``libgettextpo0``): without it the caller runs msgfmt itself.

Only the verdict is taken from here. For a catalog with errors the caller asks msgfmt for the
messages, so findings read exactly as msgfmt prints them (the library does not expose an
entry's own line when it reports a problem of that entry).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from dataclasses import dataclass
from functools import cache

__all__ = ["Problem", "available", "version", "check_file"]

_WARNING = 0  # PO_SEVERITY_WARNING; ERROR is 1, FATAL_ERROR 2

# One problem as libgettextpo reports it: severity, po_message_t or NULL, file name or NULL,
# line, column, multiline, message text. xerror2 reports two at once, under one severity.
_PROBLEM = (
    ctypes.c_int,
    ctypes.c_void_p,
    ctypes.c_char_p,
    ctypes.c_size_t,
    ctypes.c_size_t,
    ctypes.c_int,
    ctypes.c_char_p,
)
_XERROR = ctypes.CFUNCTYPE(None, *_PROBLEM)
_XERROR2 = ctypes.CFUNCTYPE(None, *_PROBLEM, *_PROBLEM[1:])


class _Handler(ctypes.Structure):
    _fields_ = [("xerror", _XERROR), ("xerror2", _XERROR2)]


@dataclass(frozen=True)
class Problem:
    """An error gettext found: ``line`` when gettext names one, else None."""

    line: int | None
    message: str


class _Lib:
    def __init__(self, lib: ctypes.CDLL) -> None:
        read = getattr(lib, "po_file_read_v3", None) or lib.po_file_read
        read.argtypes = [ctypes.c_char_p, ctypes.POINTER(_Handler)]
        read.restype = ctypes.c_void_p
        lib.po_file_check_all.argtypes = [ctypes.c_void_p, ctypes.POINTER(_Handler)]
        lib.po_file_check_all.restype = None
        lib.po_file_free.argtypes = [ctypes.c_void_p]
        lib.po_file_free.restype = None
        self.read = read
        self.check_all = lib.po_file_check_all
        self.free = lib.po_file_free
        raw = ctypes.c_int.in_dll(lib, "libgettextpo_version").value
        self.version = f"{raw >> 16}.{(raw >> 8) & 0xFF}.{raw & 0xFF}"
        self.problems: list[Problem] = []
        # The callbacks must outlive every call: keep them on the instance.
        self.handler = _Handler(_XERROR(self._xerror), _XERROR2(self._xerror2))
        self.lock = threading.Lock()  # the library keeps global state while reading

    def _add(self, severity: int, line: int, text: bytes | None) -> None:
        if severity == _WARNING:
            return
        known = 0 < line < ctypes.c_size_t(-1).value
        message = (text or b"").decode("utf-8", "replace")
        self.problems.append(Problem(line if known else None, message))

    def _xerror(self, severity, message, filename, line, column, multiline, text) -> None:  # noqa: ANN001
        # FATAL_ERROR, documented as "must not return", comes from libgettextpo's reader only
        # at the end of a parse that found errors ("found N fatal errors"), where returning
        # is safe: the reader is done.
        self._add(severity, line, text)

    def _xerror2(self, severity, m1, f1, l1, c1, ml1, t1, m2, f2, l2, c2, ml2, t2) -> None:  # noqa: ANN001
        self._add(severity, l1, t1)  # the second text points at the first definition

    def check(self, path: str) -> list[Problem]:
        with self.lock:
            self.problems = []
            handle = self.read(os.fsencode(path), ctypes.byref(self.handler))
            if not handle:
                return [Problem(None, f"cannot read {path}")]
            try:
                self.check_all(handle, ctypes.byref(self.handler))
            finally:
                self.free(handle)
            return self.problems


@cache
def _lib() -> _Lib | None:
    # The usual names first: find_library runs ldconfig, which takes longer than loading.
    for name in ["libgettextpo.so.0", "libgettextpo.0.dylib", "libgettextpo.dylib", None]:
        if name is None:
            name = ctypes.util.find_library("gettextpo")
            if name is None:
                return None
        try:
            return _Lib(ctypes.CDLL(name))
        except (OSError, AttributeError, ValueError):
            continue
    return None


def available() -> bool:
    """Whether libgettextpo can be loaded here."""
    return _lib() is not None


def version() -> str | None:
    """libgettextpo's version (``0.21.0``), or None when it is not installed."""
    lib = _lib()
    return lib.version if lib is not None else None


def check_file(path: str) -> list[Problem]:
    """The errors ``msgfmt -c`` would report for the catalog at ``path`` (warnings left out)."""
    lib = _lib()
    if lib is None:
        raise RuntimeError("libgettextpo is not installed")
    return lib.check(path)
