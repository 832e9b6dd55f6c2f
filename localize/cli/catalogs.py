"""Commands over articles and their catalogs: init, segment, extract, update, translate, build,
compile."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from localize.cli.group import cli
from localize.cli.options import (
    articles_argument,
    config_option,
    dry_run_option,
    format_option,
    info,
    lang_option,
    locales_option,
    no_memory_option,
    only_locales,
    project_options,
    quiet,
    summary_format_option,
    target_locales,
    to_option,
    warn,
)
from localize.errors import UsageError
from localize.fileio import shown

__all__ = ["init", "segment", "extract", "update", "translate", "build", "compile_"]


def _report_written(written: list[Any]) -> None:
    for w in written:
        info(f"{'wrote' if w.changed else 'unchanged'} {shown(w.path)}")


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
    from localize.scaffold import init_project

    kwargs = {"articles": articles} if articles else {}
    folder.mkdir(parents=True, exist_ok=True)
    done = init_project(folder, source=source, locales=to.replace(",", " ").split(), **kwargs)
    for path in done.written:
        info(f"wrote {shown(path)}")
    if done.pre_commit_snippet:
        info("localize: .pre-commit-config.yaml exists; add this hook to it:")
        info(done.pre_commit_snippet.rstrip("\n"))
    info("next: put articles in articles/, then: localize update && localize translate")


@cli.command()
@click.argument("article", type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@format_option
@config_option
def segment(article: Path, fmt: str, article_format: str | None, config: Any) -> None:
    """Split an article into the segments translators will see.

    \b
    Example: localize segment examples/russia-wont-discuss-crimea.txt --format json
    """
    from localize.formats import iter_segments

    # Streamed, both formats: a huge article is segmented in bounded memory. JSON goes to a
    # spooled file first, so an article found bad half-way leaves no truncated JSON on stdout.
    if fmt == "json":
        import tempfile

        with tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8") as out:
            sep = "[\n"
            for s in iter_segments(article, article_format):
                row = {"id": s.id, "text": s.text, "kind": s.kind, "line": s.line}
                text = json.dumps(row, ensure_ascii=False, indent=2).replace("\n", "\n  ")
                out.write(f"{sep}  {text}")
                sep = ",\n"
            out.write("\n]\n")
            out.seek(0)
            for block in iter(lambda: out.read(1 << 16), ""):
                click.echo(block, nl=False)
    else:
        for s in iter_segments(article, article_format):
            click.echo(f"{article}:{s.line}: [{s.kind}] {s.text}")


@cli.command()
@articles_argument
@format_option
@project_options
def extract(articles: tuple[Path, ...], article_format: str | None, config: Any) -> None:
    """Write the .pot template of each article into the locales folder.

    \b
    Example: localize extract examples/russia-wont-discuss-crimea.txt
    """
    from localize.pipeline import extract_articles

    result = extract_articles(articles, config=config, article_format=article_format)
    warn(result.warnings)
    _report_written(result.written)


def _changes_line(lang: str, changes: Any) -> str:
    return f"{lang}: {changes.new} new, {changes.changed} changed, {changes.obsolete} obsolete"


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
    from localize.pipeline import update_articles

    result = update_articles(
        articles,
        config=config,
        locales=target_locales(to, config),
        article_format=article_format,
        use_memory=not no_memory,
        dry_run=dry_run or check_only,
    )
    warn(result.warnings)
    if fmt == "json":
        from localize.pipeline import summary_json

        click.echo(summary_json("update", result, check=check_only), nl=False)
        if check_only and any(w.changed for w in result.written):
            sys.exit(1)
        return
    if dry_run or check_only:
        stale = [w for w in result.written if w.changed]
        for w in stale:
            info(f"would write {shown(w.path)}")
    else:
        _report_written(result.written)
    for lang, changes in result.changes.items():
        info(_changes_line(lang, changes))
    if check_only:
        if stale:
            click.echo(f"localize: {len(stale)} file(s) out of date; run localize update", err=True)
            sys.exit(1)
        info("all templates and catalogs up to date")


@cli.command()
@articles_argument
@to_option
@click.option(
    "--engine",
    type=click.Choice(["argos", "apertium"]),
    help="Engine for every pair (default: per pair from localize.toml, else argos).",
)
@click.option("--beam-size", type=click.IntRange(1, 16), help="Beam width (default 1, greedy).")
@click.option(
    "--device",
    type=click.Choice(["auto", "cpu", "cuda"]),
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
    from localize.pipeline import translate_articles

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
    warn(summary.warnings)
    if fmt == "json":
        from localize.pipeline import summary_json

        click.echo(summary_json("translate", summary, translated=summary.translated), nl=False)
        return
    if dry_run:
        for lang in summary.languages:
            info(
                f"{_changes_line(lang.lang, lang.changes)}, {lang.to_translate} to translate, "
                f"{lang.to_refresh} to refresh"
            )
        return
    from localize.pipeline import translate_lines

    for line in translate_lines(summary, refresh=refresh):
        info(line)


@cli.command()
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@lang_option(required=True, help="The locales to build, comma-separated.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="A file (one article, one locale), or a folder: FOLDER/<lang>/<article's file name>.",
)
@click.option("--allow-fuzzy", is_flag=True, help="Use fuzzy (unreviewed) translations.")
@click.option(
    "--fallback",
    type=click.Choice(["source"]),
    help="Keep the source text where there is no usable translation.",
)
@format_option
@summary_format_option
@project_options
def build(
    articles: tuple[Path, ...],
    to: str | None,
    output: Path | None,
    allow_fuzzy: bool,
    fallback: str | None,
    article_format: str | None,
    fmt: str,
    config: Any,
) -> None:
    """Write translated articles with the original layout.

    One article in one locale goes to standard output or the file -o names; several, or -o
    naming a folder, go to FOLDER/<lang>/<article's file name>. Exits 1 and lists untranslated,
    fuzzy or broken-markup sentences (nothing written for that article) unless
    --allow-fuzzy/--fallback.

    \b
    Example: localize build examples/russia-wont-discuss-crimea.txt --to ru -o ru.txt
    Example: localize build examples/*.html --to ru,uk -o site/
    """
    from localize.pipeline import build_article, build_articles

    locales = target_locales(to, config)
    many = len(articles) > 1 or len(locales) > 1
    folder = output is not None and (output.is_dir() or str(output).endswith(("/", "\\")))
    if many and output is None:
        raise UsageError("several articles or locales: give -o FOLDER to build them into")
    if many or folder:
        assert output is not None
        summary = build_articles(
            articles,
            config=config,
            locales=locales,
            output_dir=output,
            allow_fuzzy=allow_fuzzy,
            fallback=fallback,
            article_format=article_format,
        )
        for b in summary.built:
            for gap in b.gaps:
                click.echo(f"{gap.where}: [{gap.reason}] {gap.text}", err=True)
        if fmt == "json":
            from localize.pipeline import summary_json

            click.echo(summary_json("build", summary), nl=False)
        else:
            for b in summary.built:
                if b.output is not None:
                    info(f"{'wrote' if b.changed else 'unchanged'} {shown(b.output)}")
            done = len(summary.built) - len(summary.not_ready)
            info(
                f"built {done} of {len(summary.built)}"
                + (
                    f"; {len(summary.not_ready)} not ready, nothing written for them "
                    "(use --allow-fuzzy or --fallback source to build anyway)"
                    if summary.not_ready
                    else ""
                )
            )
        sys.exit(1 if summary.not_ready else 0)
    if fmt == "json" and output is None:
        raise UsageError("--format json needs -o: standard output holds the article")
    from localize.pipeline import BuildSummary, Built

    article, lang = articles[0], locales[0]
    result = build_article(
        article,
        config=config,
        lang=lang,
        allow_fuzzy=allow_fuzzy,
        fallback=fallback,
        article_format=article_format,
    )
    for gap in result.gaps:
        click.echo(f"{gap.where}: [{gap.reason}] {gap.text}", err=True)
    if result.text is not None and output is None:
        sys.stdout.buffer.write(result.text.encode("utf-8"))
        sys.stdout.flush()
        return
    if result.text is not None:
        from localize.fileio import atomic_write_bytes

        assert output is not None
        atomic_write_bytes(output, result.text.encode("utf-8"))
    built = Built(article, lang, output if result.text is not None else None, True, result.gaps)
    if fmt == "json":
        from localize.pipeline import summary_json

        click.echo(summary_json("build", BuildSummary([built])), nl=False)
    elif built.output is not None:
        info(f"wrote {shown(built.output)}")
    if result.text is None:
        click.echo(
            f"localize: {len(result.gaps)} sentence(s) not ready; nothing written "
            "(use --allow-fuzzy or --fallback source to build anyway)",
            err=True,
        )
        sys.exit(1)


@cli.command("compile")
@locales_option
@project_options
def compile_(to: str | None, config: Any) -> None:
    """Write a .mo file beside each .po (fuzzy entries left out, as msgfmt does).

    \b
    Example: localize compile --to ru
    """
    from localize.catalog import compile_project

    for path in compile_project(config, locales=only_locales(to)):
        info(f"wrote {shown(path)}")
