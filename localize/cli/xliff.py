"""``localize xliff``: work for CAT tools out as XLIFF, and back into the catalogs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from localize.cli.group import cli
from localize.cli.options import (
    articles_argument,
    format_option,
    only_locales,
    project_options,
    to_option,
    to_stderr,
)

__all__ = ["xliff"]


@cli.group()
def xliff() -> None:
    """Exchange work with CAT tools (Trados, memoQ, Phrase, OmegaT) as XLIFF 1.2 or 2.1."""


@xliff.command("export")
@articles_argument
@to_option
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the files (<article>.<lang>.xlf).",
)
@click.option(
    "--version",
    "version",
    type=click.Choice(["1.2", "2.1"]),
    default="2.1",
    show_default=True,
    help="XLIFF version.",
)
@click.option("--only-todo", is_flag=True, help="Leave reviewed entries out.")
@click.option("--glossary", is_flag=True, help="Add glossary terms as the 2.x glossary module.")
@format_option
@project_options
def xliff_export(
    articles: tuple[Path, ...],
    to: str | None,
    out_dir: Path,
    version: str,
    only_todo: bool,
    glossary: bool,
    article_format: str | None,
    config: Any,
) -> None:
    """Write one XLIFF file per article and locale for a translator's CAT tool.

    \b
    Example: localize xliff export examples/crimea-talks.html --to ru --version 1.2 -o out
    """
    from localize.xliff import export_xliff, exported_line

    for done in export_xliff(
        list(articles),
        config=config,
        out_dir=out_dir,
        locales=only_locales(to),
        version=version,
        only_todo=only_todo,
        glossary=glossary,
        article_format=article_format,
    ):
        click.echo(exported_line(done), err=True)


@xliff.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@project_options
def xliff_import(files: tuple[Path, ...], config: Any) -> None:
    """Bring a translator's XLIFF files back into the catalogs (exit 1 on conflicts or findings).

    An entry changed in the catalog since the export is never overwritten: the import reports
    the conflict at its unit. Reviewed or final units become translated, others fuzzy.

    \b
    Example: localize xliff import out/crimea-talks.ru.xlf
    """
    from localize.xliff import import_finding_lines, import_xliff, imported_lines

    done = import_xliff(list(files), config=config)
    for line in import_finding_lines(done):
        click.echo(line)
    to_stderr(imported_lines(done))
    sys.exit(1 if done.findings else 0)
