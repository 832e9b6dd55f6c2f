"""Commands that write the catalogs: init, extract, update, translate, compile."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from localize.cli.group import cli
from localize.cli.options import (
    articles_argument,
    dry_run_option,
    format_option,
    info,
    locales_option,
    no_memory_option,
    only_locales,
    project_options,
    quiet,
    summary_format_option,
    target_locales,
    to_option,
    to_stderr,
)
from localize.options import DEVICES, ENGINES

__all__ = ["init", "extract", "update", "translate", "compile_"]


@cli.command()
@click.argument(
    "folder", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
)
@click.option("--source", default="en", show_default=True, help="The desk's language.")
@click.option("--to", "to", default="ru,uk", show_default=True, help="Target locales.")
@click.option(
    "--articles",
    multiple=True,
    metavar="GLOB",
    help="Articles the gate expects catalogs for (default: articles/*.txt, *.html, *.md).",
)
def init(folder: Path, source: str, to: str, articles: tuple[str, ...]) -> None:
    """Start a content repository: localize.toml (commented), a glossary with its header
    row, the .gitignore lines and a pre-commit hook. Never overwrites.

    \b
    Example: localize init --to ru,uk,de
    """
    from localize.scaffold import init_lines, init_project

    kwargs = {"articles": articles} if articles else {}
    folder.mkdir(parents=True, exist_ok=True)
    done = init_project(folder, source=source, locales=to.replace(",", " ").split(), **kwargs)
    for line in init_lines(done):
        info(line)


@cli.command()
@articles_argument
@format_option
@project_options
def extract(articles: tuple[Path, ...], article_format: str | None, config: Any) -> None:
    """Write the .pot template of each article into the locales folder.

    \b
    Example: localize extract examples/russia-wont-discuss-crimea.txt
    """
    from localize.pipeline import extract_articles, written_lines

    result = extract_articles(articles, config=config, article_format=article_format)
    to_stderr(result.warnings)
    for line in written_lines(result.written):
        info(line)


@cli.command()
@articles_argument
@to_option
@format_option
@no_memory_option
@dry_run_option
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Exit 1 if a template or catalog is out of date with its article or glossary; "
    "write nothing (for CI).",
)
@summary_format_option
@project_options
def update(
    articles: tuple[Path, ...],
    to: str | None,
    article_format: str | None,
    no_memory: bool,
    dry_run: bool,
    check_only: bool,
    fmt: str,
    config: Any,
) -> None:
    """Create or merge each locale's .po catalog (msgmerge semantics, nothing lost).

    Sentences the translation memory knows are filled from it, fuzzy. Prints per locale the
    sentences new to its catalogs, changed (#|) and gone (#~).

    Exit codes: 0 done (with --check: up to date), 1 with --check: out of date, 2 usage or
    input error.

    \b
    Example: localize update examples/russia-wont-discuss-crimea.txt --to ru,uk
    """
    from localize.pipeline import out_of_date_line, summary_json, update_articles, update_lines

    result = update_articles(
        articles,
        config=config,
        locales=target_locales(to, config),
        article_format=article_format,
        use_memory=not no_memory,
        dry_run=dry_run or check_only,
    )
    to_stderr(result.warnings)
    stale = out_of_date_line(result) if check_only else None
    if fmt == "json":
        click.echo(summary_json("update", result, check=check_only), nl=False)
    else:
        for line in update_lines(result, dry_run=dry_run, check=check_only):
            info(line)
        if stale:
            click.echo(stale, err=True)
    if stale:
        sys.exit(1)


@cli.command()
@articles_argument
@to_option
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    help="Engine for every pair (default: per pair from localize.toml, else argos).",
)
@click.option("--beam-size", type=click.IntRange(1, 16), help="Beam width (default 1, greedy).")
@click.option(
    "--device",
    type=click.Choice(DEVICES),
    envvar="LOCALIZE_DEVICE",
    help="Where Argos models run: auto takes a CUDA GPU when CTranslate2 finds one "
    "[env LOCALIZE_DEVICE; default: localize.toml's, else auto].",
)
@click.option(
    "--compute-type",
    metavar="TYPE",
    help="CTranslate2 compute type (default int8 on cpu, int8_float16 on cuda).",
)
@click.option(
    "--models-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="LOCALIZE_MODELS_DIR",
    help="Argos packages folder [env LOCALIZE_MODELS_DIR].",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Translate languages in parallel processes.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Run translation tasks on a Dask cluster (e.g. tcp://host:8786).",
)
@click.option("--no-glossary", is_flag=True, help="Do not protect or verify glossary terms.")
@click.option(
    "--refresh",
    is_flag=True,
    help="Translate again every entry still the machine's or the memory's own text "
    "(after a glossary or model change); what a person touched stays.",
)
@format_option
@no_memory_option
@dry_run_option
@summary_format_option
@project_options
def translate(
    articles: tuple[Path, ...],
    to: str | None,
    engine: str | None,
    beam_size: int | None,
    device: str | None,
    compute_type: str | None,
    models_dir: Path | None,
    jobs: int,
    scheduler: str | None,
    no_glossary: bool,
    refresh: bool,
    article_format: str | None,
    no_memory: bool,
    dry_run: bool,
    fmt: str,
    config: Any,
) -> None:
    """Machine-translate new and changed sentences into fuzzy catalog entries.

    A person's text (reviewed, or edited and saved fuzzy) is never replaced: the machine
    translation of a changed sentence goes beside it. The translation memory comes first:
    only what it has no good match for goes to the engine, and a model is needed only for a
    pair with something left to translate. Runs offline.

    \b
    Example: localize translate examples/russia-wont-discuss-crimea.txt --to ru,uk
    """
    from localize.options import TranslateOptions
    from localize.pipeline import summary_json, translate_articles, translate_lines

    options = TranslateOptions(
        engine=engine,
        beam_size=beam_size,
        device=device,
        compute_type=compute_type,
        models_dir=models_dir,
        jobs=jobs,
        scheduler=scheduler,
        use_glossary=not no_glossary,
        use_memory=not no_memory,
    )
    locales = target_locales(to, config)
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if not sys.stderr.isatty() or not total or quiet():
            return
        if bar is None:
            bar = click.progressbar(length=total, label="translating", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    summary = translate_articles(
        articles,
        config=config,
        locales=locales,
        options=options,
        progress=progress,
        article_format=article_format,
        refresh=refresh,
        dry_run=dry_run,
    )
    if bar is not None:
        bar.__exit__(None, None, None)
    to_stderr(summary.warnings)
    if fmt == "json":
        click.echo(summary_json("translate", summary, translated=summary.translated), nl=False)
        return
    for line in translate_lines(summary, refresh=refresh, dry_run=dry_run):
        info(line)


@cli.command("compile")
@locales_option
@project_options
def compile_(to: str | None, config: Any) -> None:
    """Write a .mo file beside each .po (fuzzy entries left out, as msgfmt does).

    \b
    Example: localize compile --to ru
    """
    from localize.catalog import compile_project
    from localize.pipeline import wrote_lines

    for line in wrote_lines(compile_project(config, locales=only_locales(to))):
        info(line)
