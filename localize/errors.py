"""Typed errors. ``str(error)`` is ``path:line: message`` or ``path:line:column: message``
(parts omitted when unknown)."""

from __future__ import annotations

from os import PathLike

__all__ = [
    "INTERNAL_ERROR_EXIT",
    "LocalizeError",
    "UsageError",
    "InputError",
    "ArticleError",
    "CatalogError",
    "PluralCountError",
    "ConfigError",
    "GlossaryError",
    "XliffError",
    "ModelError",
    "MissingModelError",
    "EngineError",
    "LockError",
    "WriteError",
]


# The CLI's exit code for anything that is not a LocalizeError: a bug in localize, never a
# property of the input. Distinct from 1 (findings) so that a gate cannot take a crash for them.
INTERNAL_ERROR_EXIT = 3


class LocalizeError(Exception):
    """Base of every error the toolkit raises on purpose; the CLI prints it and exits."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | PathLike[str] | None = None,
        line: int | None = None,
        setting: str | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        # The parameter of the library call that would fix it ("locales", "replace"): the
        # message says what is wrong in the user's terms, the CLI adds the option that sets it.
        self.setting = setting
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path
            if self.line is not None:
                where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
            where += ": "
        return where + self.message


class UsageError(LocalizeError):
    """Bad options or arguments (unknown language code, conflicting flags)."""


class InputError(LocalizeError):
    """A file the user gave cannot be used (missing, a directory, not UTF-8)."""


class ArticleError(InputError):
    """An article that cannot be segmented (empty, binary, invalid UTF-8)."""


class CatalogError(InputError):
    """A malformed .po/.pot file."""


class PluralCountError(CatalogError):
    """A plural entry whose msgstr[] count disagrees with the header's nplurals. The reader no
    longer raises it (gettext's tools read such catalogs; ``check`` reports ``[plurals]``);
    kept so that code catching it still runs."""


class ConfigError(InputError):
    """A malformed project configuration file."""


class GlossaryError(InputError):
    """A malformed glossary (CSV or TBX)."""


class XliffError(InputError):
    """An XLIFF file that is malformed, unsafe or breaks the standard (``path:line: message``)."""


class ModelError(LocalizeError):
    """A missing, invalid or unsafe translation model package."""


class MissingModelError(ModelError):
    """No installed model or engine for some language pairs; found before any work starts."""

    def __init__(self, message: str, *, engine: str, pairs: list[tuple[str, str]]) -> None:
        super().__init__(message)
        self.engine = engine
        self.pairs = pairs  # (source, target) of every pair that lacks one


class EngineError(LocalizeError):
    """A translation engine failed while running."""

    exit_code = 1


class LockError(LocalizeError):
    """Another run holds the lock on a locales folder."""


class WriteError(LocalizeError):
    """A file cannot be written: a full or read-only disk, a folder nobody may write to."""
