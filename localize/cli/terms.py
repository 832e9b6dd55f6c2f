"""``localize glossary``: list terms, check catalogs, suggest terms, import and export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from localize.cli.group import cli
from localize.cli.options import info, lang_option, locales_option, only_locales, project_options
from localize.errors import UsageError

__all__ = ["glossary"]


@cli.group()
def glossary() -> None:
    """Terminology: list terms, check catalogs, suggest missing terms, import and export."""


def _load_glossary_or_fail(config: Any) -> Any:
    from localize.glossary import project_glossary

    g = project_glossary(config)
    if g is None:
        raise UsageError("no glossary files found ('glossaries' in localize.toml)")
    return g


@glossary.command("check")
@locales_option
@project_options
def glossary_check(to: str | None, config: Any) -> None:
    """Report glossary and do-not-translate violations in the catalogs (exit 1 if any).

    \b
    Example: localize glossary check --to ru
    """
    from localize import review
    from localize.glossary import check_summary_line

    report = review.check_project(config, locales=only_locales(to), select=["glossary", "dnt"])
    click.echo(review.report_text(report), nl=False)
    info(check_summary_line(len(report.findings), len(report.catalogs)))
    sys.exit(report.exit_code)


@glossary.command("list")
@lang_option(single=True, required=True, help="Show the forms in this language.")
@project_options
def glossary_list(to: str | None, config: Any) -> None:
    """List the glossary's terms with their accepted forms in one language.

    \b
    Example: localize glossary list --to ru
    """
    from localize.glossary import term_lines

    codes = only_locales(to) or []
    if len(codes) != 1:
        raise UsageError(f"--to takes one locale here, got {len(codes)}: {', '.join(codes)}")
    for line in term_lines(_load_glossary_or_fail(config), codes[0]):
        click.echo(line)


@glossary.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The CSV to write (default: glossaries/<name>.csv).",
)
@click.option("--replace", is_flag=True, help="Overwrite the output file if it exists.")
@project_options
def glossary_import(file: Path, output: Path | None, replace: bool, config: Any) -> None:
    """Import a TBX or CSV glossary (Weblate, OmegaT, translate-toolkit) as a project CSV.

    Regional language tags map to their language, forbidden/deprecated terms become flagged
    forms, "Translation needed: no" marks do-not-translate terms.

    \b
    Example: localize glossary import weblate-glossary.tbx
    """
    from localize.glossary import import_glossary, imported_line

    into = output or config.root / "glossaries" / f"{file.stem}.csv"
    g = import_glossary(
        file, into, existing=config.glossary_files(), source=config.source, replace=replace
    )
    info(imported_line(g, into))


@glossary.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tbx", "csv"]),
    default="tbx",
    show_default=True,
    help="TBX-Basic for CAT tools, or this project's CSV.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (default: standard output).",
)
@project_options
def glossary_export(fmt: str, output: Path | None, config: Any) -> None:
    """Export the project's glossaries as one TBX or CSV file.

    \b
    Example: localize glossary export --format tbx -o glossary.tbx
    """
    from localize.glossary import dumps_csv, dumps_tbx, exported_line

    g = _load_glossary_or_fail(config)
    text = dumps_tbx(g) if fmt == "tbx" else dumps_csv(g)
    if output is None:
        click.echo(text, nl=False)
        return
    from localize.fileio import atomic_write_text

    atomic_write_text(output, text)
    info(exported_line(g, output))


@glossary.command("suggest")
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@project_options
def glossary_suggest(articles: tuple[Path, ...], config: Any) -> None:
    """List recurring names and multi-word units the glossary lacks.

    \b
    Example: localize glossary suggest examples/russia-wont-discuss-crimea.txt
    """
    from localize.glossary import suggest_for_articles, suggestion_lines

    for line in suggestion_lines(suggest_for_articles(articles, config)):
        click.echo(line)
