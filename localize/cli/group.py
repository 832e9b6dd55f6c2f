"""The ``localize`` group, and the one place errors become a line on stderr and an exit code.

Exit codes: 0 success, 1 findings (check, build with gaps, engine failure), 2 usage or input
error (a file that cannot be read or written, a write outside the project included),
3 internal error (a bug in localize: the traceback is printed).
"""

from __future__ import annotations

from typing import Any, NoReturn

import click

from localize import __version__
from localize.cli.options import reset_verbosity, take_verbosity, verbosity_options
from localize.errors import INTERNAL_ERROR_EXIT, LocalizeError, MissingModelError
from localize.fileio import shown

__all__ = ["cli"]


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


class _Command(click.Command):
    """A command whose errors are reported with its own options in the hint; -q/-v on each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(verbosity_options())

    def invoke(self, ctx: click.Context) -> Any:
        take_verbosity(ctx)
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
        self.params.extend(verbosity_options())

    def invoke(self, ctx: click.Context) -> Any:
        if ctx.parent is None:
            reset_verbosity()
        take_verbosity(ctx)
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


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="localize")
def cli() -> None:
    """Translate news articles offline into reviewed gettext catalogs.

    Exit codes: 0 success, 1 findings (check, build with gaps), 2 usage or input error,
    3 internal error (a bug in localize; the traceback is printed).

    \b
    Example: localize translate examples/russia-wont-discuss-crimea.txt --to ru,uk
    """
