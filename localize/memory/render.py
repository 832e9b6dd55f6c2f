"""What the ``tm`` commands show: what was exported or imported, and a file left unused."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from localize.fileio import shown

if TYPE_CHECKING:
    from localize.memory.exchange import Imported

__all__ = ["tmx_exported_line", "tmx_imported_line", "tmx_unlisted_warning"]


def tmx_exported_line(output: Path, units: int) -> str:
    return f"wrote {shown(output)}: {units} units"


def tmx_imported_line(done: Imported) -> str:
    """``done``: what :func:`import_tmx` returned (its path, units and units per language)."""
    langs = ", ".join(f"{k} {v}" for k, v in done.by_lang.items())
    return f"imported {done.units} units ({langs}) into {shown(done.path)}"


def tmx_unlisted_warning(done: Imported) -> str | None:
    """The warning for an imported file the project's 'tm' setting does not cover, else None."""
    if done.listed:
        return None
    return (
        f"localize: warning: {shown(done.path)} is not covered by 'tm' in localize.toml; "
        "add it there to use it"
    )
