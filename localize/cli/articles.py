"""Commands that read an article out: its segments (segment), its translations (build)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from localize.cli.group import cli
from localize.cli.options import (
    config_option,
    format_option,
    info,
    lang_option,
    project_options,
    summary_format_option,
    target_locales,
    to_stderr,
)
from localize.errors import UsageError

__all__ = ["segment", "build"]


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
    from localize.pipeline import segments_json, segments_text

    # Streamed, both formats: a huge article is segmented in bounded memory. JSON goes to a
    # spooled file first, so an article found bad half-way leaves no truncated JSON on stdout.
    segments = iter_segments(article, article_format)
    if fmt == "json":
        import tempfile

        with tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8") as out:
            out.writelines(segments_json(segments))
            out.seek(0)
            for block in iter(lambda: out.read(1 << 16), ""):
                click.echo(block, nl=False)
    else:
        for line in segments_text(article, segments):
            click.echo(line, nl=False)


# What the library cannot say: which options build anyway.
_BUILD_ANYWAY = "(use --allow-fuzzy or --fallback source to build anyway)"


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
    from localize.pipeline import (
        build_article,
        build_articles,
        build_into_file,
        build_lines,
        build_total_line,
        gap_lines,
        not_ready_line,
        summary_json,
    )

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
            to_stderr(gap_lines(b.gaps))
        if fmt == "json":
            click.echo(summary_json("build", summary), nl=False)
        else:
            for line in build_lines(summary):
                info(line)
            info(build_total_line(summary, hint=f" {_BUILD_ANYWAY}"))
        sys.exit(1 if summary.not_ready else 0)
    if fmt == "json" and output is None:
        raise UsageError("--format json needs -o: standard output holds the article")
    article, lang = articles[0], locales[0]
    if output is None:  # the article on standard output
        result = build_article(
            article,
            config=config,
            lang=lang,
            allow_fuzzy=allow_fuzzy,
            fallback=fallback,
            article_format=article_format,
        )
        to_stderr(gap_lines(result.gaps))
        if result.text is None:
            click.echo(not_ready_line(result.gaps, hint=f" {_BUILD_ANYWAY}"), err=True)
            sys.exit(1)
        sys.stdout.buffer.write(result.text.encode("utf-8"))
        sys.stdout.flush()
        return
    summary = build_into_file(
        article,
        config=config,
        lang=lang,
        output=output,
        allow_fuzzy=allow_fuzzy,
        fallback=fallback,
        article_format=article_format,
    )
    (built,) = summary.built
    to_stderr(gap_lines(built.gaps))
    if fmt == "json":
        click.echo(summary_json("build", summary), nl=False)
    else:
        for line in build_lines(summary):
            info(line)
    if built.output is None:
        click.echo(not_ready_line(built.gaps, hint=f" {_BUILD_ANYWAY}"), err=True)
        sys.exit(1)
