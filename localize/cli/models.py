"""``localize models``: list, install and remove offline translation models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from localize.cli.group import cli
from localize.cli.options import config_option, info, models_dir_option, to_stderr
from localize.errors import UsageError

__all__ = ["models"]


@cli.group()
def models() -> None:
    """List, install and remove offline translation models."""


@models.command("list")
@models_dir_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@config_option
def models_list(models_dir: Path | None, fmt: str, config: Any) -> None:
    """Show installed Argos packages and Apertium pairs.

    \b
    Example: localize models list
    """
    from localize import installed_models
    from localize.models import NO_MODELS, broken_lines, broken_models, models_json, models_table

    models_dir = models_dir or config.models_dir
    rows = installed_models(models_dir)
    # reported, skipped: one bad folder hides nothing
    to_stderr(broken_lines(broken_models(models_dir)))
    if fmt == "json":
        click.echo(models_json(rows), nl=False)
    elif not rows:
        click.echo(NO_MODELS, err=True)
    else:
        for line in models_table(rows):
            click.echo(line)


@models.command("install")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--from", "from_code", metavar="LANG", help="Source language (index install).")
@click.option("--to", "to_code", metavar="LANG", help="Target language (index install).")
@click.option("--replace", is_flag=True, help="Replace an installed package of the same pair.")
@click.option(
    "--index",
    metavar="URL|PATH",
    envvar="LOCALIZE_PACKAGE_INDEX",
    help="Package index (index.json, or a folder holding one) [env LOCALIZE_PACKAGE_INDEX; "
    "default: argospm's].",
)
@models_dir_option
@config_option
def models_install(
    path: Path | None,
    from_code: str | None,
    to_code: str | None,
    replace: bool,
    index: str | None,
    models_dir: Path | None,
    config: Any,
) -> None:
    """Install .argosmodel files (offline) or a pair from the Argos index (online).

    \b
    Example: localize models install translate-en_ru-1_9.argosmodel
    """
    from localize.modelindex import install_from_index
    from localize.models import install_package, installed_line

    models_dir = models_dir or config.models_dir
    if path is not None and (from_code or to_code):
        raise UsageError("give either PATH or --from/--to, not both")
    if path is not None:
        installed = install_package(path, models_dir, replace=replace)
    elif from_code and to_code:
        from localize.lang import check_locale

        pair = check_locale(from_code), check_locale(to_code)
        installed = [install_from_index(*pair, models_dir, index=index, replace=replace)]
    else:
        raise UsageError("give a PATH to an .argosmodel (or a folder of them), or --from and --to")
    for pkg in installed:
        info(installed_line(pkg))


@models.command("remove")
@click.option("--from", "from_code", required=True, metavar="LANG")
@click.option("--to", "to_code", required=True, metavar="LANG")
@models_dir_option
@config_option
def models_remove(from_code: str, to_code: str, models_dir: Path | None, config: Any) -> None:
    """Remove an installed Argos package.

    \b
    Example: localize models remove --from en --to ru
    """
    from localize.models import remove_model, removed_line

    pkg = remove_model(from_code, to_code, models_dir or config.models_dir)
    info(removed_line(pkg))
