"""A translator's XLIFF file back into the catalogs, never over a change made meanwhile.

For each unit whose target differs from what was exported (or that the translator marked
reviewed/final): the entry with the unit's id gets the target, translated when the file says
reviewed or final, else fuzzy with ``# xliff: <tool>``. What the export recorded (the digest of
the target and the entry's state) tells whether the catalog's entry changed since: if it did,
the unit is a conflict, reported at its line, and neither side is touched. A unit whose id or
source is no longer in the catalog is reported, not guessed. Catalogs are written through the
same compare-and-swap loop as every catalog write (:func:`localize.catalog.save_merged`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polib

from localize.catalog import XLIFF_PREFIX, set_own_comments
from localize.config import Config
from localize.errors import CatalogError, XliffError
from localize.review import Finding
from localize.xliff.export import entry_state, shown_12, target_digest, unit_id
from localize.xliff.read import XUnit, read_xliff

__all__ = ["Imported", "import_xliff", "REVIEWED_STATES"]

#: File states that make an imported target a translated (reviewed) entry; any other is fuzzy.
REVIEWED_STATES = {"2": ("reviewed", "final"), "1.2": ("final", "signed-off")}


@dataclass
class Imported:
    """What an import did: catalogs written, entries changed, and what it reports."""

    written: list[Path] = field(default_factory=list)
    changed: int = 0
    findings: list[Finding] = field(default_factory=list)


def _reviewed(unit: XUnit) -> bool:
    if unit.file.version == "1.2":
        return unit.approved or unit.state in REVIEWED_STATES["1.2"]
    return unit.state in REVIEWED_STATES["2"]


def _tool(unit: XUnit) -> str:
    tool = unit.file.tool
    if tool and tool != "localize":
        return tool
    return Path(unit.file.path).name


def _split_id(uid: str) -> tuple[str, int | None]:
    """``u…-1`` (2.x) or ``u…[1]`` (1.2): a plural form's unit; else the entry's own id."""
    if uid.endswith("]") and "[" in uid:
        base, _, n = uid[:-1].rpartition("[")
        if n.isdigit():
            return base, int(n)
    base, sep, n = uid.rpartition("-")
    if sep and n.isdigit() and base.startswith("u"):
        return base, int(n)
    return uid, None


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _get(entry: polib.POEntry, form: int | None) -> str:
    if form is None or not entry.msgid_plural:
        return entry.msgstr
    return (entry.msgstr_plural or {}).get(form, "")


def _set(entry: polib.POEntry, form: int | None, text: str) -> None:
    if form is None or not entry.msgid_plural:
        entry.msgstr = text
    else:
        entry.msgstr_plural[form] = text


def _source(entry: polib.POEntry, form: int | None) -> str:
    return entry.msgid_plural if form and entry.msgid_plural else entry.msgid


@dataclass
class _Catalog:
    path: Path
    lang: str
    units: list[XUnit] = field(default_factory=list)


def import_xliff(files: Sequence[str | Path], *, config: Config) -> Imported:
    """Import each XLIFF file into the catalogs of its article and target language."""
    from localize.lang import check_locale
    from localize.pipeline import locked

    result = Imported()
    catalogs: dict[Path, _Catalog] = {}
    for file in files:
        for unit in read_xliff(file, path=str(file)):
            if unit.file.original is None or unit.file.target_lang is None:
                raise XliffError(
                    "no article (original) or target language: not a file localize exported",
                    path=file,
                    line=unit.line,
                )
            lang = check_locale(unit.file.target_lang)
            slug = Path(unit.file.original).stem
            path = config.po_path(lang, slug)
            catalogs.setdefault(path, _Catalog(path, lang)).units.append(unit)
    glossary = _glossary(config)
    with locked(config):
        for cat in catalogs.values():
            changed, findings = _import_one(cat, config, glossary)
            result.findings.extend(findings)
            if changed:
                result.written.append(cat.path)
                result.changed += changed
    return result


def _glossary(config: Config) -> object | None:
    from localize.glossary import project_glossary

    return project_glossary(config)


def _import_one(
    cat: _Catalog, config: Config, glossary: object | None
) -> tuple[int, list[Finding]]:
    from localize.catalog import parse_po, save_merged
    from localize.fileio import read_bytes_or_none

    data = read_bytes_or_none(cat.path)
    if data is None:
        raise CatalogError("no catalog to import into (update the article first)", path=cat.path)

    def merge(on_disk: bytes | None) -> tuple[polib.POFile, int, list[Finding]]:
        if on_disk is None:
            raise CatalogError("the catalog was removed during the import", path=cat.path)
        po = parse_po(on_disk, path=str(cat.path))
        changed, findings = _apply(po, cat, glossary)
        box["last"] = (changed, findings)
        return po, changed, findings

    box: dict[str, tuple[int, list[Finding]]] = {}
    po, changed, findings = merge(data)
    if not changed:
        return 0, findings
    save_merged(cat.path, po, data, lambda on_disk: merge(on_disk)[0])
    return box["last"]


def _apply(po: polib.POFile, cat: _Catalog, glossary: object | None) -> tuple[int, list[Finding]]:
    from localize.formats.codes import problems

    by_id = {unit_id(e): e for e in po if not e.obsolete and e.msgid}
    by_text: dict[tuple[str | None, str], polib.POEntry] = {
        (e.msgctxt, e.msgid): e for e in by_id.values()
    }
    findings: list[Finding] = []
    changed = 0

    def report(unit: XUnit, code: str, message: str) -> None:
        findings.append(Finding(unit.file.path, unit.line, code, message))

    for unit in cat.units:
        if unit.restype == "x-gettext-domain-header":
            continue  # po2xliff's copy of the catalog header
        base, form = _split_id(unit.id)
        entry = by_id.get(base)
        if entry is None:
            entry = by_text.get((unit.name, unit.source))  # a file another tool converted
            form = None
        if entry is None:
            report(
                unit,
                "source",
                f"unit {unit.id}: its source is not in the catalog (the article changed since "
                f"the export?): {_short(unit.source)!r}",
            )
            continue
        if _source(entry, form) != unit.source:
            report(
                unit,
                "source",
                f"unit {unit.id}: its source no longer matches the catalog's "
                f"{_short(_source(entry, form))!r}",
            )
            continue
        target = unit.target
        if not target:
            continue
        reviewed = _reviewed(unit)
        current = _get(entry, form)
        state = entry_state(entry)
        shown = shown_12 if unit.file.version == "1.2" else (lambda t: t)
        recorded = unit.meta.get("target")
        if recorded is not None:
            was_state = unit.meta.get("state", "")
            edited = target_digest([target]) != recorded
            promoted = reviewed and was_state != "reviewed"
            if not edited and not promoted:
                continue
            meanwhile = target_digest([shown(current)]) != recorded or state != was_state
        else:  # no record (another tool's file): a person's translation is never replaced
            if target == current and reviewed == (state == "reviewed"):
                continue
            meanwhile = state == "reviewed" and target != current
        if meanwhile:
            if target == current and reviewed == (state == "reviewed"):
                continue  # the same change on both sides
            report(
                unit,
                "conflict",
                f"unit {unit.id}: the catalog's entry changed since the export; both kept "
                f"(catalog {_short(current)!r}, file {_short(target)!r})",
            )
            continue
        broken = problems(_source(entry, form), target)
        for problem in broken:
            report(unit, "markup", f"unit {unit.id}: {problem}")
        if glossary is not None:
            from localize.glossary.terms import verify

            for v in verify(_source(entry, form), target, glossary, cat.lang):  # type: ignore[arg-type]
                report(unit, v.code, f"unit {unit.id}: {v.message.removeprefix('glossary: ')}")
        _set(entry, form, target)
        # the translator translated the sentence as it is now: an old one's "#|" goes
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
        if reviewed and not broken:
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            set_own_comments(entry, [])
        else:
            if "fuzzy" not in entry.flags:
                entry.flags.insert(0, "fuzzy")
            set_own_comments(entry, [f"{XLIFF_PREFIX} {_tool(unit)}"])
        changed += 1
    return changed, findings
