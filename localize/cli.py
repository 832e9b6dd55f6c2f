"""Command line: each command parses options, calls one library function, renders the result."""

from __future__ import annotations

import sys

import click

from localize import __version__
from localize.errors import LocalizeError


class _Group(click.Group):
    """Maps every LocalizeError to one clean line on stderr and its exit code."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except LocalizeError as exc:
            click.echo(f"localize: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="localize")
def cli() -> None:
    """Translate news articles offline into reviewed gettext catalogs.

    Exit codes: 0 success, 1 findings (check, build with gaps), 2 usage or input error.
    """


def main() -> None:
    cli(prog_name="localize")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
