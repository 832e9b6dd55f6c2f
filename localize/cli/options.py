"""Options several commands share (project, config, language, formats), how loud a run is,
and turning the language options into locale lists."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from localize.errors import UsageError

__all__ = [
    "articles_argument",
    "config_option",
    "dry_run_option",
    "format_option",
    "info",
    "lang_option",
    "locales_option",
    "models_dir_option",
    "no_memory_option",
    "only_locales",
    "paths_argument",
    "project_options",
    "quiet",
    "reset_verbosity",
    "selected_codes",
    "summary_format_option",
    "take_verbosity",
    "target_locales",
    "to_option",
    "verbosity_options",
    "to_stderr",
]

# -q: only errors, warnings and the command's own output (findings, JSON, a page);
# default: also what was written and the summaries; -v: also the project read and the timing.
_verbosity = 0


def info(message: str, level: int = 0) -> None:
    """A line for people on stderr, shown at this verbosity and above."""
    if _verbosity >= level:
        click.echo(message, err=True)


def to_stderr(lines: list[str]) -> None:
    """Lines on stderr whatever the verbosity: warnings, gaps, what a command always says."""
    for line in lines:
        click.echo(line, err=True)


def quiet() -> bool:
    """True under -q."""
    return _verbosity < 0


def verbosity_options() -> list[click.Option]:
    return [
        click.Option(["-q", "--quiet"], is_flag=True, help="Print only errors and warnings."),
        click.Option(["-v", "--verbose"], count=True, help="Also say which project was read."),
    ]


def reset_verbosity() -> None:
    """A new run (tests call the CLI many times in one process)."""
    global _verbosity
    _verbosity = 0


def take_verbosity(ctx: click.Context) -> None:
    global _verbosity
    quiet, verbose = ctx.params.pop("quiet", False), ctx.params.pop("verbose", 0)
    if quiet:
        _verbosity = -1
    elif verbose:
        _verbosity = max(_verbosity, verbose)


def project_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--config`` and ``--locales-dir``; passes the loaded ``config`` to the command."""

    @click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Project file (default: the nearest localize.toml).",
    )
    @click.option(
        "--locales-dir",
        type=click.Path(file_okay=False, path_type=Path),
        help="Where catalogs live (default: locales/).",
    )
    @click.option(
        "--allow-outside",
        is_flag=True,
        help="Write catalogs outside the project's folder too (a locales folder elsewhere, "
        "a catalog linked to a file outside).",
    )
    @functools.wraps(func)
    def wrapper(
        config_path: Path | None,
        locales_dir: Path | None,
        allow_outside: bool,
        **kwargs: Any,
    ) -> Any:
        from localize.config import load_config

        config = load_config(config_path)
        if locales_dir is not None:
            config = config.replace(locales_dir=locales_dir.resolve())
        if allow_outside:
            config = config.replace(allow_outside=True)
        info(config.describe(), level=1)
        return func(config=config, **kwargs)

    return wrapper


def config_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--config`` alone, for commands that use no catalogs: a broken localize.toml is still
    reported (path:line:column), never ignored. Passes the loaded ``config``."""

    @click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Project file (default: the nearest localize.toml).",
    )
    @functools.wraps(func)
    def wrapper(config_path: Path | None, **kwargs: Any) -> Any:
        from localize.config import load_config

        return func(config=load_config(config_path), **kwargs)

    return wrapper


def lang_option(
    *, single: bool = False, required: bool = False, help: str
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The language option, spelled ``--to`` on every command; ``--locale`` and ``--lang``,
    its older spellings, stay as hidden aliases so scripts keep working. Repeatable and
    comma-separated; passes ``to``: None when not given, else the codes joined by commas."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @click.option("--to", "to", multiple=True, metavar="LANG" if single else "LANGS", help=help)
        @click.option("--locale", "--lang", "to_aliases", multiple=True, hidden=True)
        @functools.wraps(func)
        def wrapper(to: tuple[str, ...], to_aliases: tuple[str, ...], **kwargs: Any) -> Any:
            given = [*to, *to_aliases]
            if required and not given:
                raise UsageError("missing option --to (the locale, e.g. --to ru)")
            return func(to=",".join(given) if given else None, **kwargs)

        return wrapper

    return decorate


def target_locales(value: str | None, config: Any) -> list[str]:
    """Target locales: ``--to`` as given (checked codes, ``ru-RU`` as ``ru_RU``, at least one,
    never the source language: an ``en-en`` model does not exist), else the configured ones."""
    from localize.lang import parse_locales

    if value is None:
        return config.target_locales()
    codes = parse_locales(value)
    if not codes:
        raise UsageError("--to is empty: give one or more locales, e.g. --to ru,uk")
    for code in codes:
        if code == config.source:
            raise UsageError(
                f"--to names {code}, the source language: articles are already in it "
                "(give the languages to translate into, e.g. --to ru,uk)"
            )
    return codes


def only_locales(value: str | None) -> list[str] | None:
    """Locales that narrow a run (check, status, compile): None when ``--to`` is not given."""
    from localize.lang import parse_locales

    if value is None:
        return None
    codes = parse_locales(value)
    if not codes:
        raise UsageError("--to is empty: give one or more locales, e.g. --to ru,uk")
    return codes


def selected_codes(values: tuple[str, ...]) -> list[str]:
    """Check codes of a repeatable, comma- or space-separated option (``--select``)."""
    return [c for v in values for c in v.replace(",", " ").split()]


summary_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the run's summary as one JSON document on stdout (README, Summaries as JSON).",
)
to_option = lang_option(
    help="Target locales, comma-separated (default: 'locales' in localize.toml)."
)
locales_option = lang_option(
    help="Only these locales, comma-separated (default: configured and found ones)."
)
articles_argument = click.argument("articles", nargs=-1, type=click.Path(path_type=Path))
paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
format_option = click.option(
    "--article-format",
    "article_format",
    type=click.Choice(["text", "html", "markdown"]),
    help="Article format (default: by extension: .html/.htm, .md/.markdown, else text).",
)
no_memory_option = click.option(
    "--no-memory", is_flag=True, help="Do not fill sentences from the translation memory."
)
dry_run_option = click.option(
    "--dry-run", is_flag=True, help="Print per locale what a run would change; write nothing."
)
models_dir_option = click.option(
    "--models-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="LOCALIZE_MODELS_DIR",
    help="Argos packages folder [env LOCALIZE_MODELS_DIR; default: argostranslate's].",
)
