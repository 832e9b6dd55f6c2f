"""The translation memory as a step before the engine: which entries want a translation, and
filling them from the project's memory."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import polib

from localize import catalog
from localize.config import Config

if TYPE_CHECKING:
    from localize.glossary import Glossary
    from localize.memory import Memory, Recalled

__all__ = ["RunMemory", "needs_mt", "recall_from_memory", "refreshable"]


def needs_mt(entry: polib.POEntry) -> bool:
    """Untranslated, or its sentence changed since it was translated (``#| msgid``) and no
    suggestion for the new sentence stands beside it yet.

    A person's translation is never replaced: the translate step puts the machine translation of
    the new sentence beside it, in a translator comment, and leaves it for review.
    """
    if entry.obsolete or entry.msgid_plural or not entry.msgid:
        return False
    if not entry.msgstr:
        return True
    return (
        "fuzzy" in entry.flags
        and entry.previous_msgid is not None
        and not catalog.has_suggestion(entry)
    )


def refreshable(entry: polib.POEntry) -> bool:
    """Still the machine's or the memory's own text (by its recorded digest): done again by
    a refreshing run."""
    if entry.obsolete or entry.msgid_plural or not entry.msgid:
        return False
    return bool(entry.msgstr) and catalog.is_machine(entry) and not needs_mt(entry)


class RunMemory:
    """The project's translation memory for one run (None when not used)."""

    def __init__(self, config: Config, use: bool) -> None:
        self.config, self.use = config, use
        self.memory: Memory | None = None
        self.warnings: list[str] = []  # about the index file, once the run is over

    def __enter__(self) -> Memory | None:
        if self.use:
            from localize.memory import open_memory

            self.memory = open_memory(self.config)
        return self.memory

    def __exit__(self, *exc: object) -> None:
        if self.memory is not None:
            self.warnings = list(self.memory.warnings)
            self.memory.close()


def recall_from_memory(
    po: polib.POFile,
    lang: str,
    memory: Memory | None,
    glossary: Glossary | None,
    todo: Sequence[polib.POEntry] | None = None,
) -> Recalled:
    """Fill what MT would get from the memory (of ``todo``, default: what needs MT), except a
    person's own text."""
    from localize.memory import Recalled, recall

    if memory is None:
        return Recalled()
    if todo is None:
        todo = [e for e in po if needs_mt(e)]
    entries = [e for e in todo if not e.msgstr or catalog.is_machine(e)]
    if not entries:
        return Recalled()
    return recall(entries, lang, memory, glossary=glossary)
