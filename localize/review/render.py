"""What a review run shows: the gate's report (text, JSON, JUnit), the status table, the ranking."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from localize.review.checks import Check, Finding
    from localize.review.gate import Report
    from localize.review.ranking import Doubtful
    from localize.review.status import CatalogStatus

__all__ = [
    "checks_table",
    "report_summary",
    "report_text",
    "report_json",
    "report_junit",
    "status_text",
    "status_json",
    "render_worst",
]


def checks_table(checks: Iterable[Check]) -> str:
    """The table of checks: each code and what it finds, one a line."""
    return "".join(f"{c.code:<13} {c.description}\n" for c in checks)


def report_summary(report: Report) -> str:
    """The gate's last line for people: how many findings, or that all is clean."""
    n = len(report.catalogs)
    if report.findings:
        return f"{len(report.findings)} finding(s) in {n} catalog(s)"
    return f"all {n} catalog(s) complete and clean"


def report_text(report: Report) -> str:
    return "".join(f"{f}\n" for f in report.findings)


def report_json(report: Report) -> str:
    """``{"ok": bool, "findings": [{"path", "line", "code", "message"}], "catalogs": N}``."""
    return (
        json.dumps(
            {
                "ok": not report.findings,
                "catalogs": len(report.catalogs),
                "findings": [f.as_dict() for f in report.findings],
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def report_junit(report: Report) -> str:
    """JUnit XML: a testsuite per locale, a testcase per catalog, a failure per finding set."""
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="localize check")
    by_lang: dict[str, list[tuple[str, list[Finding]]]] = {}
    for (lang, path), found in report.catalogs.items():
        by_lang.setdefault(lang, []).append((path, found))
    for lang, cases in by_lang.items():
        failures = sum(1 for _, f in cases if f)
        suite = ET.SubElement(
            root, "testsuite", name=lang, tests=str(len(cases)), failures=str(failures)
        )
        for path, found in cases:
            case = ET.SubElement(suite, "testcase", classname=f"localize.{lang}", name=path)
            if found:
                fail = ET.SubElement(
                    case, "failure", message=f"{len(found)} finding(s)", type="localize"
                )
                fail.text = "\n".join(str(f) for f in found)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def status_text(rows: list[CatalogStatus]) -> str:
    lines = []
    current = None
    for r in rows:
        if r.language != current:
            current = r.language
            lines.append(current)
        if not r.exists:
            lines.append(f"  {r.path}: missing")
            continue
        s = r.stats
        orphan = "[orphan] " if r.orphan else ""
        extra = f", {s.incomplete_plurals} incomplete plurals" if s.incomplete_plurals else ""
        gl = f", {r.glossary_violations} glossary" if r.glossary_violations else ""
        review = f" ({s.needs_review} need review after source change)" if s.needs_review else ""
        gl += f", {s.from_memory} from memory" if s.from_memory else ""
        lines.append(
            f"  {r.path}: {orphan}{s.percent:g}% complete — {s.translated} translated, "
            f"{s.fuzzy} fuzzy{review}, {s.untranslated} untranslated, "
            f"{s.obsolete} obsolete{extra}{gl}; "
            f"{s.translated_words}/{s.words} words"
        )
    return "\n".join(lines) + "\n"


def status_json(rows: list[CatalogStatus]) -> str:
    """A list of ``{lang, language, path, exists, orphan, glossary_violations, stats}``."""
    data = []
    for r in rows:
        stats = asdict(r.stats)
        stats["percent"] = r.stats.percent
        data.append(
            {
                "lang": r.lang,
                "language": r.language,
                "path": r.path,
                "exists": r.exists,
                "orphan": r.orphan,
                "glossary_violations": r.glossary_violations,
                "stats": stats,
            }
        )
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_worst(rows: list[Doubtful], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n"
    return "".join(
        f"{r.where}: [confidence {r.confidence:.2f}] {r.source} → {r.translation}\n" for r in rows
    )
