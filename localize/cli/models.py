"""``localize models``: list, install and remove offline translation models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from localize.cli.group import cli
from localize.cli.options import config_option, info, models_dir_option
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
    from localize.engine.plan import installed_models
    from localize.models import broken_models, printable

    models_dir = models_dir or config.models_dir
    rows = installed_models(models_dir)
    for problem in broken_models(models_dir):  # reported, skipped: one bad folder hides nothing
        click.echo(f"localize: warning: {problem}; skipped", err=True)
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no models installed; see: localize models install --help", err=True)
        return
    click.echo(f"{'PAIR':<8} {'ENGINE':<9} {'VERSION':<8} {'SIZE':>9}  PATH")
    for r in rows:
        path = printable(str(r.path))  # a folder's name may hold terminal escapes too
        click.echo(f"{r.pair:<8} {r.engine:<9} {r.version:<8} {_size(r.size):>9}  {path}")


def _size(n: int | None) -> str:
    if n is None:
        return "-"
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


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
    from localize.models import install_package

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
        info(f"installed {pkg.pair} {pkg.version} in {pkg.path}")


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
    from localize.models import remove_model

    pkg = remove_model(from_code, to_code, models_dir or config.models_dir)
    info(f"removed {pkg.pair} {pkg.version} from {pkg.path}")
