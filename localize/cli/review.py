"""Commands that review catalogs: status, check, report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from localize.cli.group import cli
from localize.cli.options import (
    info,
    locales_option,
    only_locales,
    paths_argument,
    project_options,
    selected_codes,
)

__all__ = ["status", "check", "report"]


@cli.command()
@paths_argument
@locales_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--worst",
    type=click.IntRange(1),
    metavar="N",
    help="List the N machine translations with the lowest confidence instead, lowest first.",
)
@project_options
def status(
    paths: tuple[Path, ...], to: str | None, fmt: str, worst: int | None, config: Any
) -> None:
    """Show per locale and catalog what is translated, fuzzy and left.

    Covers every expected catalog (articles × locales in localize.toml) and every catalog
    under the locales folder ([orphan]: its article is not configured or no longer exists).
    ARTICLE or catalog PATHS narrow it.

    \b
    Example: localize status --format json
    """
    from localize import review
    from localize.glossary import project_glossary

    if worst is not None:
        doubtful = review.worst_entries(config, worst, locales=only_locales(to), paths=list(paths))
        click.echo(review.render_worst(doubtful, fmt), nl=False)
        return
    rows = review.project_status(
        config, locales=only_locales(to), glossary=project_glossary(config), paths=list(paths)
    )
    click.echo(review.status_json(rows) if fmt == "json" else review.status_text(rows), nl=False)


@cli.command()
@paths_argument
@locales_option
@click.option("--select", multiple=True, metavar="CODES", help="Run only these checks.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these checks.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "junit"]),
    default="text",
    show_default=True,
)
@click.option("--list", "list_checks", is_flag=True, help="List the checks and exit.")
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    metavar="X",
    help="Also report machine translations whose confidence is below X (0-1).",
)
@click.option(
    "--report",
    "report_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write the review site (as localize report) here, e.g. as a CI artifact.",
)
@project_options
def check(
    paths: tuple[Path, ...],
    to: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fmt: str,
    list_checks: bool,
    min_confidence: float | None,
    report_dir: Path | None,
    config: Any,
) -> None:
    """Fail unless every expected catalog is complete and clean (the CI gate).

    Covers every expected catalog (articles × locales in localize.toml) and every catalog
    under the locales folder ([orphan]: its article is not configured or no longer exists).
    ARTICLE or catalog PATHS narrow it.

    Exit codes: 0 clean, 1 findings (a malformed catalog is a finding (1), one at its line),
    2 usage or input error, 3 internal error (a bug in localize, never a finding). Findings
    are "path:line: [code] message".

    \b
    Example: localize check --to ru --format junit > localize.xml
    """
    from localize import review

    if list_checks:
        click.echo(review.checks_table(review.CHECKS.values()), nl=False)
        return
    report = review.check_project(
        config,
        locales=only_locales(to),
        select=selected_codes(select) or None,
        ignore=selected_codes(ignore) or None,
        paths=list(paths),
        min_confidence=min_confidence,
    )
    render = {
        "text": review.report_text,
        "json": review.report_json,
        "junit": review.report_junit,
    }[fmt]
    click.echo(render(report), nl=False)
    if report_dir is not None:
        from localize.report import write_report, written_line

        site = write_report(
            config, report_dir, locales=only_locales(to), paths=list(paths), report=report
        )
        click.echo(written_line(site, pages=False), err=True)
    if fmt == "text":
        info(review.report_summary(report))
    sys.exit(report.exit_code)


@cli.command()
@paths_argument
@locales_option
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("report"),
    show_default=True,
    help="The folder to write the site into.",
)
@project_options
def report(paths: tuple[Path, ...], to: str | None, output: Path, config: Any) -> None:
    """Write a static review site: an overview of every catalog, and per article and language
    the source and translation side by side with states, confidence and findings.

    Self-contained: open index.html from disk, no server or network needed.

    \b
    Example: localize report -o report/ --to ru
    """
    from localize.report import write_report, written_line

    site = write_report(config, output, locales=only_locales(to), paths=list(paths))
    click.echo(written_line(site), err=True)
