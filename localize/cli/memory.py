"""``localize tm``: the translation memory as TMX, out and in."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from localize.cli.group import cli
from localize.cli.options import info, locales_option, only_locales, project_options, to_stderr

__all__ = ["tm"]


@cli.group()
def tm() -> None:
    """Translation memory: export it or import another tool's, as TMX 1.4."""


@tm.command("export")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of standard output.",
)
@locales_option
@project_options
def tm_export(output: Path | None, to: str | None, config: Any) -> None:
    """Write the translation memory (reviewed entries of every catalog) as TMX 1.4.

    \b
    Example: localize tm export -o newsroom.tmx --to ru
    """
    import io

    from localize.memory import export_tmx, tmx_exported_line

    buf = io.StringIO()
    warnings: list[str] = []
    n = export_tmx(config, buf, locales=only_locales(to), warnings=warnings)
    to_stderr(warnings)
    if output is None:
        sys.stdout.buffer.write(buf.getvalue().encode("utf-8"))
        sys.stdout.flush()
        return
    from localize.fileio import atomic_write_text

    atomic_write_text(output, buf.getvalue())
    info(tmx_exported_line(output, n))


@tm.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to keep it in the project (default: tm/<name>.tmx).",
)
@project_options
def tm_import(file: Path, output: Path | None, config: Any) -> None:
    """Add a TMX file (from OmegaT, Trados, Weblate ...) to the project's translation memory.

    The file is checked (no entities, no external references) and stored in the project as
    TMX 1.4 written by localize, where 'tm' in localize.toml finds it.

    \b
    Example: localize tm import omegat-project-level.tmx
    """
    from localize.memory import import_tmx, tmx_imported_line, tmx_unlisted_warning

    done = import_tmx(config, file, dest=output)
    info(tmx_imported_line(done))
    unlisted = tmx_unlisted_warning(done)
    if unlisted:
        click.echo(unlisted, err=True)
