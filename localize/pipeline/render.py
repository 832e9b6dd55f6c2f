"""Summaries of a run as text lines for people and JSON for a CMS or a CI step.

The JSON of a summary is its record as it is: every field of the result dataclasses, paths
relative to the working folder as users type them. Documented in README ("Summaries as JSON");
fields may be added, none renamed or removed without a note there.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from localize.fileio import shown

__all__ = ["jsonable", "summary_json", "translate_lines"]

#: The version of the summary schema; it changes when a field is renamed or removed.
SCHEMA = 1


def jsonable(obj: Any) -> Any:
    """``obj`` (dataclasses, paths, lists, dicts, scalars) as JSON values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Path):
        return shown(obj)
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in obj]
    return obj


def summary_json(command: str, result: Any, **extra: Any) -> str:
    """One JSON document: ``{"command": …, "schema": 1, <the result's fields>, <extra>}``."""
    doc = {"command": command, "schema": SCHEMA, **jsonable(result), **jsonable(extra)}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def translate_lines(summary: Any, *, refresh: bool = False) -> list[str]:
    """What ``localize translate`` tells a person: a line per locale, then the total."""
    lines = []
    for lang in summary.languages:
        memory = lang.memory_exact + lang.memory_fuzzy
        lines.append(
            f"{lang.lang}: {lang.translated} translated, {lang.reused} reused"
            + (
                f", {memory} from memory ({lang.memory_exact} exact, {lang.memory_fuzzy} fuzzy)"
                if memory
                else ""
            )
            + (f", {lang.flagged} flagged" if lang.flagged else "")
            + (f", {lang.refreshed} refreshed" if refresh else "")
            + (
                f", {lang.suggested} suggested beside a person's translation"
                if lang.suggested
                else ""
            )
            + f" ({lang.engine or 'no engine needed'})"
        )
    lines.append(
        f"done: {summary.translated} segments translated in {summary.seconds:.1f} s"
        + (f" on {summary.device}" if summary.device else "")
    )
    return lines
