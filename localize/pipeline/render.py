"""What the article commands show: summaries of a run as text lines for people and JSON for a
CMS or a CI step, and an article's segments.

The JSON of a summary is its record as it is: every field of the result dataclasses, paths
relative to the working folder as users type them. Documented in README ("Summaries as JSON");
fields may be added, none renamed or removed without a note there.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from localize.fileio import shown

if TYPE_CHECKING:
    from localize.pipeline.articles import Written
    from localize.pipeline.build import BuildSummary, Gap
    from localize.pipeline.sync import Changes
    from localize.pipeline.translate import TranslateSummary
    from localize.pipeline.update import RunResult
    from localize.segment import Segment

__all__ = [
    "build_lines",
    "build_total_line",
    "changes_line",
    "gap_lines",
    "jsonable",
    "not_ready_line",
    "out_of_date_line",
    "segments_json",
    "segments_text",
    "summary_json",
    "translate_lines",
    "update_lines",
    "written_lines",
    "wrote_lines",
]

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


def written_lines(written: Iterable[Written]) -> list[str]:
    """A line per file a run wrote or found already up to date."""
    return [f"{'wrote' if w.changed else 'unchanged'} {shown(w.path)}" for w in written]


def wrote_lines(paths: Iterable[Path]) -> list[str]:
    """A line per file written."""
    return [f"wrote {shown(path)}" for path in paths]


def changes_line(lang: str, changes: Changes) -> str:
    """One locale's catalog changes: sentences new, changed (#|) and gone (#~)."""
    return f"{lang}: {changes.new} new, {changes.changed} changed, {changes.obsolete} obsolete"


def update_lines(result: RunResult, *, dry_run: bool = False, check: bool = False) -> list[str]:
    """What ``localize update`` tells a person: the files written (or, in a dry run or a check,
    the files it would write), a line per locale, and whether a check found all up to date."""
    if dry_run or check:
        lines = [f"would write {shown(w.path)}" for w in result.written if w.changed]
    else:
        lines = written_lines(result.written)
    lines += [changes_line(lang, changes) for lang, changes in result.changes.items()]
    if check and out_of_date_line(result) is None:
        lines.append("all templates and catalogs up to date")
    return lines


def out_of_date_line(result: RunResult) -> str | None:
    """The error line of a check that found files out of date; None when all are current."""
    stale = sum(1 for w in result.written if w.changed)
    return f"localize: {stale} file(s) out of date; run localize update" if stale else None


def translate_lines(
    summary: TranslateSummary, *, refresh: bool = False, dry_run: bool = False
) -> list[str]:
    """What ``localize translate`` tells a person: a line per locale, then the total (in a dry
    run: per locale what would change and be translated)."""
    if dry_run:
        return [
            f"{changes_line(lang.lang, lang.changes)}, {lang.to_translate} to translate, "
            f"{lang.to_refresh} to refresh"
            for lang in summary.languages
        ]
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


def gap_lines(gaps: Iterable[Gap]) -> list[str]:
    """A line per sentence a build could not use: ``where: [reason] text``."""
    return [f"{gap.where}: [{gap.reason}] {gap.text}" for gap in gaps]


def build_lines(summary: BuildSummary) -> list[str]:
    """A line per article a build wrote or found already up to date."""
    return [
        f"{'wrote' if b.changed else 'unchanged'} {shown(b.output)}"
        for b in summary.built
        if b.output is not None
    ]


def build_total_line(summary: BuildSummary, *, hint: str = "") -> str:
    """How many of the builds are done; ``hint`` follows the count of those not ready."""
    done = len(summary.built) - len(summary.not_ready)
    return f"built {done} of {len(summary.built)}" + (
        f"; {len(summary.not_ready)} not ready, nothing written for them{hint}"
        if summary.not_ready
        else ""
    )


def not_ready_line(gaps: list[Gap], *, hint: str = "") -> str:
    """The error line of a one-article build that wrote nothing."""
    return f"localize: {len(gaps)} sentence(s) not ready; nothing written{hint}"


def segments_text(article: Path, segments: Iterable[Segment]) -> Iterator[str]:
    """An article's segments, a line each, as ``article:line: [kind] text`` (streamed)."""
    for s in segments:
        yield f"{article}:{s.line}: [{s.kind}] {s.text}\n"


def segments_json(segments: Iterable[Segment]) -> Iterator[str]:
    """An article's segments as one JSON array of ``{id, text, kind, line}``, in pieces (streamed:
    a huge article is rendered in bounded memory)."""
    sep = "[\n"
    for s in segments:
        row = {"id": s.id, "text": s.text, "kind": s.kind, "line": s.line}
        text = json.dumps(row, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield f"{sep}  {text}"
        sep = ",\n"
    yield "\n]\n"
