"""Command line: each command parses options, calls one library function, echoes what the
library rendered.

- :mod:`localize.cli.group`: the ``localize`` group; errors become messages and exit codes there;
- :mod:`localize.cli.options`: options several commands share, and how loud a run is;
- one module per area: ``catalogs`` (init, extract, update, translate, compile), ``articles``
  (segment, build), ``review`` (status, check, report), ``terms`` (glossary), ``memory`` (tm),
  ``xliff``, ``models``.
"""

from __future__ import annotations

import sys

import click

# Each command module registers its commands on the group when imported.
from localize.cli import articles, catalogs, memory, models, review, terms, xliff  # noqa: F401
from localize.cli.group import cli
from localize.errors import UsageError

__all__ = ["cli", "main"]


def main() -> None:
    try:
        cli(prog_name="localize")
    except UsageError as exc:  # pragma: no cover - raised outside a command
        click.echo(f"localize: {exc}", err=True)
        sys.exit(2)
