"""GNU gettext's verdict on a catalog: libgettextpo in process, a ``msgfmt -c`` for the wording."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache

__all__ = ["msgfmt_rows", "gettext_identity"]

# ``path:line: message`` or ``path:line:column: message``
_MSGFMT_LINE = re.compile(r"^(?P<path>.*?):(?P<line>\d+):(?:\d+:)? (?P<msg>.*)$")


@cache
def _which(name: str) -> str | None:
    return shutil.which(name)


def gettext_identity() -> bytes:
    """What msgfmt findings depend on besides the file: part of their cache key."""
    from localize.catalog import gettextpo as gettextpo

    return f"{gettextpo.version()}|{_which('msgfmt')}".encode()


def msgfmt_rows(path: str) -> list[tuple[int | None, str]]:
    """The errors ``msgfmt -c`` reports for one file, warnings left out.

    libgettextpo (msgfmt's own checks, in process) gives the verdict; a msgfmt process, ~6 ms
    each, runs only for a file with errors, to word the findings exactly as msgfmt does.
    Without the library every file gets a process; without either, nothing is reported.
    """
    from localize.catalog import gettextpo as gettextpo

    exe = _which("msgfmt")
    if gettextpo.available():
        problems = gettextpo.check_file(path)
        if not problems:
            return []
        if exe is None:
            return [(p.line, p.message.splitlines()[0]) for p in problems]
    if exe is None:
        return []
    return _run_msgfmt(exe, path)


def _run_msgfmt(exe: str, path: str) -> list[tuple[int | None, str]]:
    proc = subprocess.run(
        [exe, "-c", "-o", "/dev/null", path],
        capture_output=True,
        check=False,
    )
    # msgfmt may cut a message inside a UTF-8 sequence: never fail on its bytes.
    stderr = proc.stderr.decode("utf-8", errors="replace")
    out: list[tuple[int | None, str]] = []
    for raw in stderr.splitlines():
        m = _MSGFMT_LINE.match(raw)
        if m and not m.group("msg").startswith("warning:"):
            out.append((int(m.group("line")), m.group("msg")))
    if proc.returncode != 0 and not out:
        out.append((None, stderr.strip().splitlines()[-1] if stderr.strip() else "failed"))
    return out
