"""The memory in and out of the project as TMX: ``tm export`` and ``tm import``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from localize.errors import InputError
from localize.memory.index import open_memory
from localize.memory.tmx import read_tmx, write_tmx

if TYPE_CHECKING:
    from localize.config import Config

__all__ = ["export_tmx", "import_tmx", "Imported"]


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
