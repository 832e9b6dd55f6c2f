"""Command line: each command parses options, calls one library function, renders the result.

Exit codes: 0 success, 1 findings (check, build with gaps, engine failure), 2 usage or input
error (a file that cannot be read or written, a write outside the project included),
3 internal error (a bug in localize: the traceback is printed).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from localize import __version__
from localize.errors import INTERNAL_ERROR_EXIT, LocalizeError, MissingModelError, UsageError
from localize.fileio import shown


def _fail(ctx: click.Context, exc: LocalizeError, command: click.Command | None) -> NoReturn:
    """Every LocalizeError ends here: one line on stderr, the option hint, its exit code."""
    click.echo(f"localize: {exc}{_hint(exc, command)}", err=True)
    ctx.exit(exc.exit_code)


# The library says what is wrong in its own terms (``LocalizeError.setting`` names the parameter
# that would fix it); only here do those parameters become options: the option of the command
# that ran, as each command spells it.
_OPTIONS_FOR = {
    "locales": ("to", "locales"),
    "replace": ("replace",),
    "device": ("device",),
    "compute_type": ("compute_type",),
    "allow_outside": ("allow_outside",),
}
_HINTS = {
    "locales": ", or pass {option} {metavar}",
    "replace": "; pass {option} to replace it",
    "device": "; pass {option} cpu or auto",
    "compute_type": "; pass {option} with one of those",
    "allow_outside": " (pass {option} to allow it)",
}


def _hint(exc: LocalizeError, command: click.Command | None) -> str:
    if isinstance(exc, MissingModelError):
        if exc.engine != "argos":
            return ""
        steps = "; ".join(f"localize models install --from {s} --to {t}" for s, t in exc.pairs)
        return (
            f". Get it with: {steps} — or, offline, copy the .argosmodel file here and run: "
            "localize models install FILE"
        )
    if exc.setting is None or command is None:
        return ""
    for param in command.params:
        if isinstance(param, click.Option) and param.name in _OPTIONS_FOR.get(exc.setting, ()):
            option = max(param.opts, key=len)
            return _HINTS[exc.setting].format(option=option, metavar=param.metavar or "")
    return ""


# -q: only errors, warnings and the command's own output (findings, JSON, a page);
# default: also what was written and the summaries; -v: also the project read and the timing.
_verbosity = 0


def _info(message: str, level: int = 0) -> None:
    """A line for people on stderr, shown at this verbosity and above."""
    if _verbosity >= level:
        click.echo(message, err=True)


def _verbosity_options() -> list[click.Option]:
    return [
        click.Option(["-q", "--quiet"], is_flag=True, help="Print only errors and warnings."),
        click.Option(["-v", "--verbose"], count=True, help="Also say which project was read."),
    ]


def _take_verbosity(ctx: click.Context) -> None:
    global _verbosity
    quiet, verbose = ctx.params.pop("quiet", False), ctx.params.pop("verbose", 0)
    if quiet:
        _verbosity = -1
    elif verbose:
        _verbosity = max(_verbosity, verbose)


class _Command(click.Command):
    """A command whose errors are reported with its own options in the hint; -q/-v on each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(_verbosity_options())

    def invoke(self, ctx: click.Context) -> Any:
        _take_verbosity(ctx)
        try:
            return super().invoke(ctx)
        except LocalizeError as exc:
            _fail(ctx, exc, self)


class _Group(click.Group):
    """Maps every LocalizeError to one clean line on stderr and its exit code, in one place."""

    command_class = _Command
    group_class = type  # subgroups (models, glossary) are _Groups too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(_verbosity_options())

    def invoke(self, ctx: click.Context) -> Any:
        global _verbosity
        if ctx.parent is None:
            _verbosity = 0  # a new run (tests call the CLI many times in one process)
        _take_verbosity(ctx)
        try:
            return super().invoke(ctx)
        except LocalizeError as exc:
            _fail(ctx, exc, None)
        except OSError as exc:
            # The last net: a disk fault no library call named is still one line, exit 2.
            where = f"{shown(exc.filename)}: " if exc.filename else ""
            click.echo(f"localize: {where}{exc.strerror or exc}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("localize: interrupted; catalogs written so far are complete", err=True)
            ctx.exit(130)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception:
            # Not a finding and not the user's input: a bug. The traceback is what a report
            # needs; exit 3 keeps `check` (1 for findings) from passing it off as findings.
            import traceback

            click.echo(traceback.format_exc().rstrip(), err=True)
            click.echo(
                "localize: internal error (a bug in localize, not in your files); please "
                "report it with the traceback above",
                err=True,
            )
            ctx.exit(INTERNAL_ERROR_EXIT)


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
        _info(
            f"localize: project {shown(config.path) if config.path else '(no localize.toml)'}"
            f", catalogs in {shown(config.locales_dir)}",
            level=1,
        )
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


def _locales(value: str | None, config: Any) -> list[str]:
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


def _only(value: str | None) -> list[str] | None:
    """Locales that narrow a run (check, status, compile): None when ``--to`` is not given."""
    from localize.lang import parse_locales

    if value is None:
        return None
    codes = parse_locales(value)
    if not codes:
        raise UsageError("--to is empty: give one or more locales, e.g. --to ru,uk")
    return codes


def _warn(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)


def _report_written(written: list[Any]) -> None:
    for w in written:
        _info(f"{'wrote' if w.changed else 'unchanged'} {shown(w.path)}")


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
articles_argument = click.argument("articles", nargs=-1, type=click.Path(path_type=Path))
format_option = click.option(
    "--article-format",
    "article_format",
    type=click.Choice(["text", "html", "markdown"]),
    help="Article format (default: by extension: .html/.htm, .md/.markdown, else text).",
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="localize")
def cli() -> None:
    """Translate news articles offline into reviewed gettext catalogs.

    Exit codes: 0 success, 1 findings (check, build with gaps), 2 usage or input error,
    3 internal error (a bug in localize; the traceback is printed).

    \b
    Example: localize translate examples/russia-wont-discuss-crimea.txt --to ru,uk
    """


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
        _info(f"wrote {shown(path)}")
    if done.pre_commit_snippet:
        _info("localize: .pre-commit-config.yaml exists; add this hook to it:")
        _info(done.pre_commit_snippet.rstrip("\n"))
    _info("next: put articles in articles/, then: localize update && localize translate")


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
    _warn(result.warnings)
    _report_written(result.written)


no_memory_option = click.option(
    "--no-memory", is_flag=True, help="Do not fill sentences from the translation memory."
)


dry_run_option = click.option(
    "--dry-run", is_flag=True, help="Print per locale what a run would change; write nothing."
)


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
        locales=_locales(to, config),
        article_format=article_format,
        use_memory=not no_memory,
        dry_run=dry_run or check_only,
    )
    _warn(result.warnings)
    if fmt == "json":
        from localize.pipeline import summary_json

        click.echo(summary_json("update", result, check=check_only), nl=False)
        if check_only and any(w.changed for w in result.written):
            sys.exit(1)
        return
    if dry_run or check_only:
        stale = [w for w in result.written if w.changed]
        for w in stale:
            _info(f"would write {shown(w.path)}")
    else:
        _report_written(result.written)
    for lang, changes in result.changes.items():
        _info(_changes_line(lang, changes))
    if check_only:
        if stale:
            click.echo(f"localize: {len(stale)} file(s) out of date; run localize update", err=True)
            sys.exit(1)
        _info("all templates and catalogs up to date")


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
    from localize.engine.plan import TranslateOptions
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
    locales = _locales(to, config)
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if not sys.stderr.isatty() or not total or _verbosity < 0:
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
    _warn(summary.warnings)
    if fmt == "json":
        from localize.pipeline import summary_json

        click.echo(summary_json("translate", summary, translated=summary.translated), nl=False)
        return
    if dry_run:
        for lang in summary.languages:
            _info(
                f"{_changes_line(lang.lang, lang.changes)}, {lang.to_translate} to translate, "
                f"{lang.to_refresh} to refresh"
            )
        return
    from localize.pipeline import translate_lines

    for line in translate_lines(summary, refresh=refresh):
        _info(line)


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

    locales = _locales(to, config)
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
                    _info(f"{'wrote' if b.changed else 'unchanged'} {shown(b.output)}")
            done = len(summary.built) - len(summary.not_ready)
            _info(
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
        _info(f"wrote {shown(built.output)}")
    if result.text is None:
        click.echo(
            f"localize: {len(result.gaps)} sentence(s) not ready; nothing written "
            "(use --allow-fuzzy or --fallback source to build anyway)",
            err=True,
        )
        sys.exit(1)


locales_option = lang_option(
    help="Only these locales, comma-separated (default: configured and found ones)."
)
paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


def _codes(values: tuple[str, ...]) -> list[str]:
    return [c for v in values for c in v.replace(",", " ").split()]


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
    from localize import review as st
    from localize.glossary import project_glossary

    if worst is not None:
        from localize.review import render_worst, worst_entries

        doubtful = worst_entries(config, worst, locales=_only(to), paths=list(paths))
        click.echo(render_worst(doubtful, fmt), nl=False)
        return
    rows = st.project_status(
        config, locales=_only(to), glossary=project_glossary(config), paths=list(paths)
    )
    click.echo(st.status_json(rows) if fmt == "json" else st.status_text(rows), nl=False)


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
    from localize import review as ck

    if list_checks:
        for c in ck.CHECKS.values():
            click.echo(f"{c.code:<13} {c.description}")
        return
    report = ck.check_project(
        config,
        locales=_only(to),
        select=_codes(select) or None,
        ignore=_codes(ignore) or None,
        paths=list(paths),
        min_confidence=min_confidence,
    )
    render = {"text": ck.report_text, "json": ck.report_json, "junit": ck.report_junit}[fmt]
    click.echo(render(report), nl=False)
    if report_dir is not None:
        from localize.report import write_report

        site = write_report(config, report_dir, locales=_only(to), paths=list(paths), report=report)
        click.echo(f"wrote the review site {shown(site.pages[0])}", err=True)
    if fmt == "text":
        n = len(report.catalogs)
        _info(
            f"{len(report.findings)} finding(s) in {n} catalog(s)"
            if report.findings
            else f"all {n} catalog(s) complete and clean"
        )
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

    Example: localize report -o report/ --to ru
    """
    from localize.report import write_report

    site = write_report(config, output, locales=_only(to), paths=list(paths))
    click.echo(f"wrote {shown(site.pages[0])} and {len(site.pages) - 1} catalog page(s)", err=True)


@cli.command("compile")
@locales_option
@project_options
def compile_(to: str | None, config: Any) -> None:
    """Write a .mo file beside each .po (fuzzy entries left out, as msgfmt does).

    \b
    Example: localize compile --to ru
    """
    from localize.catalog import compile_project

    for path in compile_project(config, locales=_only(to)):
        _info(f"wrote {shown(path)}")


# --- glossary ------------------------------------------------------------------------------


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
    from localize import review as ck

    report = ck.check_project(config, locales=_only(to), select=["glossary", "dnt"])
    click.echo(ck.report_text(report), nl=False)
    n = len(report.catalogs)
    _info(
        f"{len(report.findings)} finding(s) in {n} catalog(s)"
        if report.findings
        else f"no glossary or do-not-translate violations in {n} catalog(s)"
    )
    sys.exit(report.exit_code)


@glossary.command("list")
@lang_option(single=True, required=True, help="Show the forms in this language.")
@project_options
def glossary_list(to: str | None, config: Any) -> None:
    """List the glossary's terms with their accepted forms in one language.

    \b
    Example: localize glossary list --to ru
    """
    from localize.glossary import glossary_rows

    codes = _only(to) or []
    if len(codes) != 1:
        raise UsageError(f"--to takes one locale here, got {len(codes)}: {', '.join(codes)}")
    for source, forms, note in glossary_rows(_load_glossary_or_fail(config), codes[0]):
        click.echo(f"{source}\t{forms}" + (f"\t# {note}" if note else ""))


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
    from localize.glossary import import_glossary

    into = output or config.root / "glossaries" / f"{file.stem}.csv"
    g = import_glossary(
        file, into, existing=config.glossary_files(), source=config.source, replace=replace
    )
    _info(f"imported {len(g.terms)} terms into {shown(into)}")


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
    from localize.glossary import dumps_csv, dumps_tbx

    g = _load_glossary_or_fail(config)
    text = dumps_tbx(g) if fmt == "tbx" else dumps_csv(g)
    if output is None:
        click.echo(text, nl=False)
        return
    from localize.fileio import atomic_write_text

    atomic_write_text(output, text)
    _info(f"wrote {len(g.terms)} terms to {shown(output)}")


@glossary.command("suggest")
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@project_options
def glossary_suggest(articles: tuple[Path, ...], config: Any) -> None:
    """List recurring names and multi-word units the glossary lacks.

    \b
    Example: localize glossary suggest examples/russia-wont-discuss-crimea.txt
    """
    from localize.formats import iter_segments
    from localize.formats.codes import strip
    from localize.glossary import project_glossary, suggest_terms

    texts = [strip(s.text) for a in articles for s in iter_segments(a)]
    for cand in suggest_terms(texts, project_glossary(config)):
        click.echo(f"{cand.count:>4}  {cand.term}")


# --- translation memory -------------------------------------------------------------------


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

    from localize.memory import export_tmx

    buf = io.StringIO()
    warnings: list[str] = []
    n = export_tmx(config, buf, locales=_only(to), warnings=warnings)
    _warn(warnings)
    if output is None:
        sys.stdout.buffer.write(buf.getvalue().encode("utf-8"))
        sys.stdout.flush()
        return
    from localize.fileio import atomic_write_text

    atomic_write_text(output, buf.getvalue())
    _info(f"wrote {shown(output)}: {n} units")


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
    from localize.memory import import_tmx

    done = import_tmx(config, file, dest=output)
    langs = ", ".join(f"{k} {v}" for k, v in done.by_lang.items())
    _info(f"imported {done.units} units ({langs}) into {shown(done.path)}")
    if not done.listed:
        click.echo(
            f"localize: warning: {shown(done.path)} is not covered by 'tm' in localize.toml; "
            "add it there to use it",
            err=True,
        )


# --- XLIFF ---------------------------------------------------------------------------------


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

    Example: localize xliff export examples/crimea-talks.html --to ru --version 1.2 -o out
    """
    from localize.xliff import export_xliff

    for done in export_xliff(
        list(articles),
        config=config,
        out_dir=out_dir,
        locales=_only(to),
        version=version,
        only_todo=only_todo,
        glossary=glossary,
        article_format=article_format,
    ):
        click.echo(f"wrote {shown(done.path)}: {done.units} units", err=True)


@xliff.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@project_options
def xliff_import(files: tuple[Path, ...], config: Any) -> None:
    """Bring a translator's XLIFF files back into the catalogs (exit 1 on conflicts or findings).

    An entry changed in the catalog since the export is never overwritten: the import reports
    the conflict at its unit. Reviewed or final units become translated, others fuzzy.

    Example: localize xliff import out/crimea-talks.ru.xlf
    """
    from localize.xliff import import_xliff

    done = import_xliff(list(files), config=config)
    for finding in done.findings:
        click.echo(str(finding))
    for path in done.written:
        click.echo(f"wrote {shown(path)}", err=True)
    click.echo(f"imported {done.changed} translation(s); {len(done.findings)} finding(s)", err=True)
    sys.exit(1 if done.findings else 0)


# --- models --------------------------------------------------------------------------------

models_dir_option = click.option(
    "--models-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="LOCALIZE_MODELS_DIR",
    help="Argos packages folder [env LOCALIZE_MODELS_DIR; default: argostranslate's].",
)


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
        _info(f"installed {pkg.pair} {pkg.version} in {pkg.path}")


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
    _info(f"removed {pkg.pair} {pkg.version} from {pkg.path}")


def main() -> None:
    try:
        cli(prog_name="localize")
    except UsageError as exc:  # pragma: no cover - raised outside a command
        click.echo(f"localize: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
