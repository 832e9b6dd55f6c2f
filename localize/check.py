"""The review and CI gate: each check is a plain function with a stable code.

Checks read catalogs and never write them. Nothing heavy is imported here: ``localize check``
must start fast (langdetect loads only when the language check meets a long enough text).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import polib

from localize.config import Config
from localize.errors import LocalizeError, UsageError

__all__ = [
    "Finding",
    "Check",
    "CHECKS",
    "Report",
    "CatalogInput",
    "check_catalog",
    "check_project",
    "render_text",
    "render_json",
    "render_junit",
]


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int | None
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: [{self.code}] {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "code": self.code, "message": self.message}


@dataclass
class CatalogInput:
    """What the checks of one catalog look at."""

    po: polib.POFile
    lang: str
    path: str  # as shown in findings
    text: str = ""  # the file's text, for msgstr line numbers
    article: Sequence[str] | None = None  # the article's sentences, for 'outdated'
    pot: polib.POFile | None = None
    glossary: object | None = None
    _lines: list[str] | None = None

    def entries(self) -> Iterator[polib.POEntry]:
        return (e for e in self.po if not e.obsolete and e.msgid)

    def line(self, entry: polib.POEntry) -> int | None:
        """The line of the entry's msgstr (where an editor fixes it), else of its msgid."""
        start = getattr(entry, "linenum", None)
        if not start or not self.text:
            return start
        if self._lines is None:
            self._lines = self.text.splitlines()
        lines = self._lines
        for i in range(start - 1, min(len(lines), start + 200)):
            if lines[i].startswith("msgstr"):
                return i + 1
        return start

    def finding(self, entry: polib.POEntry | None, code: str, message: str) -> Finding:
        return Finding(self.path, self.line(entry) if entry is not None else 1, code, message)


@dataclass(frozen=True)
class Check:
    code: str
    description: str
    run: Callable[[CatalogInput], Iterable[Finding]]


def _short(text: str, n: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _first_form(entry: polib.POEntry) -> str:
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def _forms(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [v for _, v in sorted(entry.msgstr_plural.items())]
    return [entry.msgstr]


def check_untranslated(c: CatalogInput) -> Iterator[Finding]:
    for e in c.entries():
        if not _first_form(e):
            yield c.finding(e, "untranslated", f"untranslated: {_short(e.msgid)!r}")


def check_fuzzy(c: CatalogInput) -> Iterator[Finding]:
    for e in c.entries():
        if "fuzzy" in e.flags and _first_form(e):
            yield c.finding(e, "fuzzy", f"fuzzy (not reviewed): {_short(e.msgid)!r}")


def check_plurals(c: CatalogInput) -> Iterator[Finding]:
    from localize.lang import nplurals

    want = nplurals(c.lang)
    for e in c.entries():
        if not e.msgid_plural or not _first_form(e):
            continue
        forms = _forms(e)
        filled = sum(1 for f in forms if f)
        if len(forms) != want or filled != want:
            yield c.finding(
                e, "plurals", f"{filled} of {want} plural forms for {c.lang}: {_short(e.msgid)!r}"
            )


_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def check_header(c: CatalogInput) -> Iterator[Finding]:
    from localize.lang import nplurals

    meta = c.po.metadata
    lang = meta.get("Language", "")
    if lang.replace("-", "_") != c.lang:
        yield c.finding(None, "header", f"Language is {lang!r}, expected {c.lang!r}")
    m = _NPLURALS.search(meta.get("Plural-Forms", ""))
    if m is None:
        yield c.finding(None, "header", "Plural-Forms header is missing")
    elif int(m.group(1)) != nplurals(c.lang):
        yield c.finding(
            None,
            "header",
            f"Plural-Forms has nplurals={m.group(1)}, {c.lang} has {nplurals(c.lang)} (CLDR)",
        )
    ctype = meta.get("Content-Type", "")
    if "charset=utf-8" not in ctype.lower().replace(" ", ""):
        yield c.finding(None, "header", f"charset is not UTF-8 ({ctype!r})")


def check_outdated(c: CatalogInput) -> Iterator[Finding]:
    have = {e.msgid for e in c.entries()}
    wanted: list[str] = []
    if c.pot is not None:
        wanted += [e.msgid for e in c.pot if not e.obsolete and e.msgid]
    if c.article is not None:
        wanted += list(c.article)
    for msgid in dict.fromkeys(wanted):
        if msgid not in have:
            yield c.finding(
                None,
                "outdated",
                f"sentence missing from the catalog (run localize update): {_short(msgid)!r}",
            )


_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*|\d+")
_DIGITS = re.compile(r"\d+")
_NUM_IN_TARGET = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*")


@cache
def _number_forms(token: str, lang: str) -> frozenset[str]:
    """Renderings of a source number acceptable in ``lang`` (1.5 -> 1,5; 10,000 -> 10 000)."""
    forms = {token}
    digits = token.replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", digits):
        from babel.numbers import format_decimal

        try:
            forms.add(format_decimal(digits, locale=lang, group_separator=True))
            forms.add(format_decimal(digits, locale=lang, group_separator=False))
        except Exception:  # an unusual locale: the literal token is still accepted
            pass
        forms.add(digits)
    return frozenset(f.replace("\u202f", " ").replace("\u00a0", " ") for f in forms)


def check_numbers(c: CatalogInput) -> Iterator[Finding]:
    for e in c.entries():
        target = _first_form(e)
        if not target or e.msgid_plural:
            continue
        found = {
            t.replace("\u202f", " ").replace("\u00a0", " ") for t in _NUM_IN_TARGET.findall(target)
        }
        digits_only = set(_DIGITS.findall(target))
        for token in _NUMBER.findall(e.msgid):
            forms = _number_forms(token, c.lang)
            if forms & found or (token.isdigit() and token in digits_only):
                continue
            yield c.finding(e, "numbers", f"number {token} of the source is missing")


_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"»”)]+[^\s<>\"»”).,;:!?]|[\w.+-]+@[\w-]+\.[\w.-]+\w"
)


def check_urls(c: CatalogInput) -> Iterator[Finding]:
    for e in c.entries():
        target = _first_form(e)
        if not target:
            continue
        for url in _URL.findall(e.msgid):
            if url not in target:
                yield c.finding(e, "urls", f"{url} must be kept as is")


def check_same(c: CatalogInput) -> Iterator[Finding]:
    dnt = _dnt_terms(c.glossary)
    for e in c.entries():
        target = _first_form(e)
        if not target or target != e.msgid:
            continue
        rest = e.msgid
        for term in dnt:
            rest = rest.replace(term, "")
        if any(ch.isalpha() for ch in rest):
            yield c.finding(e, "same", f"translation is a copy of the source: {_short(e.msgid)!r}")


def _dnt_terms(glossary: object | None) -> list[str]:
    if glossary is None:
        return []
    from localize.glossary import dnt_terms

    return dnt_terms(glossary)


def check_language(c: CatalogInput) -> Iterator[Finding]:
    want = c.lang.split("_")[0]
    for e in c.entries():
        target = _first_form(e)
        if sum(ch.isalpha() for ch in target) < 40:
            continue
        got = _detect(target)
        if got is not None and got.split("-")[0] != want:
            yield c.finding(e, "language", f"translation looks like {got!r}, not {want!r}")


def _detect(text: str) -> str | None:
    """Confident language of ``text`` (probability ≥ 0.9), deterministic; else None."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return None
    return best.lang if best.prob >= 0.9 else None


def check_glossary(c: CatalogInput) -> Iterator[Finding]:
    if c.glossary is None:
        return
    from localize.glossary import check_catalog_glossary

    for f in check_catalog_glossary(c.po, c.glossary, c.lang, path=c.path):
        yield Finding(c.path, c.line(f.entry), f.code, f.message)


_MSGFMT_LINE = re.compile(r"^(?P<path>.*?):(?P<line>\d+): (?P<msg>.*)$")


def check_msgfmt(c: CatalogInput) -> Iterator[Finding]:
    """Runs at project level in parallel (see ``_msgfmt_all``); here for one catalog."""
    yield from _msgfmt_findings(c.path)


def _msgfmt_findings(path: str) -> list[Finding]:
    """``msgfmt -c`` on one file; verdicts are cached by content (a process per file is slow)."""
    from localize.cache import cached

    exe = shutil.which("msgfmt")
    if exe is None:
        return []
    try:
        data = Path(path).read_bytes()
    except OSError:
        return []
    rows = cached("msgfmt", exe.encode() + b"\0" + data, lambda: _run_msgfmt(exe, path))
    return [Finding(path, line, "msgfmt", msg) for line, msg in rows]


def _run_msgfmt(exe: str, path: str) -> list[tuple[int | None, str]]:
    proc = subprocess.run(
        [exe, "-c", "-o", "/dev/null", path], capture_output=True, text=True, check=False
    )
    out: list[tuple[int | None, str]] = []
    for raw in proc.stderr.splitlines():
        m = _MSGFMT_LINE.match(raw)
        if m and "warning:" not in m.group("msg"):
            out.append((int(m.group("line")), m.group("msg")))
    if proc.returncode != 0 and not out:
        out.append((None, proc.stderr.strip().splitlines()[-1]))
    return out


CHECKS: dict[str, Check] = {
    c.code: c
    for c in (
        Check("missing", "an expected catalog (article × locale) does not exist", lambda c: ()),
        Check("syntax", "the catalog cannot be read (malformed PO)", lambda c: ()),
        Check("untranslated", "an entry has no translation", check_untranslated),
        Check(
            "fuzzy",
            "an entry is fuzzy (machine output or changed source, not reviewed)",
            check_fuzzy,
        ),
        Check(
            "plurals", "a plural entry lacks some of the locale's CLDR plural forms", check_plurals
        ),
        Check("header", "Language, Plural-Forms or charset do not match the locale", check_header),
        Check(
            "outdated",
            "a sentence of the article or the .pot is missing from the catalog",
            check_outdated,
        ),
        Check("glossary", "a glossary term lacks an accepted translation", check_glossary),
        Check("dnt", "a do-not-translate term is not kept verbatim", lambda c: ()),
        Check(
            "numbers", "a number of the source is missing (locale formats accepted)", check_numbers
        ),
        Check("urls", "a URL or e-mail address of the source is not kept verbatim", check_urls),
        Check("same", "the translation is a copy of the source", check_same),
        Check("language", "the translation is confidently in another language", check_language),
        Check("msgfmt", "GNU msgfmt -c rejects the catalog", check_msgfmt),
    )
}
# 'dnt' findings come from the glossary check; the entry makes the code listable/selectable.


def _selected(select: Iterable[str] | None, ignore: Iterable[str] | None) -> list[str]:
    codes = list(CHECKS)
    for name in [*(select or ()), *(ignore or ())]:
        if name not in CHECKS:
            raise UsageError(f"unknown check {name!r} (see: localize check --list)")
    if select:
        codes = [c for c in codes if c in set(select)]
    if ignore:
        codes = [c for c in codes if c not in set(ignore)]
    return codes


def check_catalog(
    c: CatalogInput, *, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
) -> list[Finding]:
    """Every selected check on one catalog, in file order."""
    codes = _selected(select, ignore)
    found: list[Finding] = []
    for code in codes:
        if code in ("missing", "syntax", "msgfmt"):
            continue
        if code in ("glossary", "dnt"):  # one pass yields both codes
            if code == "dnt" and "glossary" in codes:
                continue
            found += [f for f in check_glossary(c) if f.code in codes]
            continue
        found += CHECKS[code].run(c)
    return sorted(found, key=lambda f: (f.line or 0, f.code))


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    catalogs: dict[tuple[str, str], list[Finding]] = field(default_factory=dict)  # (lang, path)

    @property
    def exit_code(self) -> int:
        return 1 if self.findings else 0


def _shown(path: Path) -> str:
    from localize.pipeline import shown

    return shown(path)


def check_project(
    config: Config,
    *,
    locales: Sequence[str] | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    glossary: object | None = None,
    articles: Sequence[Path] | None = None,
) -> Report:
    """Check every expected catalog (articles × locales) of a project."""
    codes = _selected(select, ignore)
    locales = list(locales or config.locales)
    if not locales:
        raise UsageError("no locales to check: pass --locale or set 'locales' in localize.toml")
    arts = list(articles) if articles is not None else config.article_files()
    if not arts:
        raise UsageError("no articles to check: set 'articles' in localize.toml")
    if glossary is None and ("glossary" in codes or "dnt" in codes or "same" in codes):
        glossary = _load_glossary(config)
    from localize.cache import cache_get, cache_put

    report = Report()
    jobs: list[tuple[tuple[str, str], bytes, tuple]] = []
    to_msgfmt: list[tuple[str, str]] = []
    # Findings are cached by everything they depend on: a re-run re-checks only what changed.
    fingerprint = b"\0".join(f.read_bytes() for f in config.glossary_files() if f.exists())
    pot_bytes: dict[str, bytes] = {}
    all_sentences = _articles_sentences(arts) if "outdated" in codes else {}
    for article in arts:
        slug = article.stem
        sentences = all_sentences.get(article)
        pot = None
        if "outdated" in codes and config.pot_path(slug).exists():
            pot_bytes[slug] = config.pot_path(slug).read_bytes()
            pot = _read_optional(config.pot_path(slug))
        for lang in locales:
            path = config.po_path(lang, slug)
            shown = _shown(path)
            key = (lang, shown)
            if not path.exists():
                found = [
                    Finding(
                        shown,
                        None,
                        "missing",
                        f"no {lang} catalog for {_shown(article)} "
                        f"(run: localize update {_shown(article)} --to {lang})",
                    )
                ]
                report.catalogs[key] = found if "missing" in codes else []
                continue
            data = path.read_bytes()
            inputs = b"\0".join(
                [
                    data,
                    lang.encode(),
                    shown.encode(),
                    ",".join(codes).encode(),
                    fingerprint,
                    "\n".join(sentences or ()).encode(),
                    pot_bytes.get(slug, b""),
                ]
            )
            rows = cache_get("check", inputs)
            report.catalogs[key] = []  # keeps the report in project order
            if rows is None:
                jobs.append((key, inputs, (data, lang, shown, sentences, pot, glossary, codes)))
            else:
                report.catalogs[key] = [Finding(*row) for row in rows]
            if "msgfmt" in codes:
                to_msgfmt.append(key)
    for (key, inputs, _), rows in zip(jobs, _run_checks([j[2] for j in jobs]), strict=True):
        cache_put("check", inputs, rows)
        report.catalogs[key] = [Finding(*row) for row in rows]
    if to_msgfmt:
        # msgfmt is a process per catalog: run them side by side.
        with ThreadPoolExecutor(max_workers=4) as pool:
            for key, extra in zip(
                to_msgfmt, pool.map(lambda k: _msgfmt_findings(k[1]), to_msgfmt), strict=True
            ):
                report.catalogs[key] = sorted(
                    report.catalogs[key] + extra, key=lambda f: (f.line or 0, f.code)
                )
    for found in report.catalogs.values():
        report.findings.extend(found)
    return report


def _run_checks(jobs: list[tuple]) -> list[list[tuple[str, int | None, str, str]]]:
    """Check catalogs, on every core when there are many (parsing is CPU-bound)."""
    return _map(_check_star, jobs, min_per_worker=100)


def _map(fn: Callable[[Any], Any], items: Sequence[Any], *, min_per_worker: int) -> list[Any]:
    """``[fn(x) for x in items]``, in worker processes when each gets enough to pay off."""
    import os

    workers = min(os.cpu_count() or 1, len(items) // min_per_worker)
    if workers < 2:
        return [fn(x) for x in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        return list(pool.map(fn, items, chunksize=max(1, len(items) // (workers * 4))))


def _check_star(job: tuple) -> list[tuple[str, int | None, str, str]]:
    return _check_one(*job)


def _check_one(
    data: bytes,
    lang: str,
    shown: str,
    sentences: Sequence[str] | None,
    pot: polib.POFile | None,
    glossary: object | None,
    codes: list[str],
) -> list[tuple[str, int | None, str, str]]:
    from localize.poformat import parse_po

    try:
        po = parse_po(data, path=shown)
    except LocalizeError as exc:
        return [(shown, exc.line, "syntax", exc.message)]
    text = data.decode("utf-8", errors="replace")
    c = CatalogInput(po, lang, shown, text, sentences, pot, glossary)
    return [(f.path, f.line, f.code, f.message) for f in check_catalog(c, select=codes)]


def _load_glossary(config: Config) -> object | None:
    files = [f for f in config.glossary_files() if f.exists()]
    if not files:
        return None
    from localize.glossary import load_glossaries

    return load_glossaries(files)


def _segment_file(path: Path) -> list[str]:
    from localize.segment import iter_segments

    return [s.text for s in iter_segments(path)]


def _segment_or_none(path: Path) -> list[str] | None:
    """For worker processes: a bad article is re-read in the parent, which reports it."""
    try:
        return _segment_file(path)
    except LocalizeError:
        return None


def _articles_sentences(paths: Sequence[Path]) -> dict[Path, list[str]]:
    """Each article's sentences: cached by content, the others segmented on every core."""
    from localize.cache import cache_get, cache_put

    # The segmenter's own source is part of the key: a change to it invalidates the cache.
    code = (Path(__file__).parent / "segment.py").read_bytes()
    out: dict[Path, list[str]] = {}
    todo: list[tuple[Path, bytes]] = []
    for path in paths:
        try:
            key = code + b"\0" + path.read_bytes()
        except OSError:
            out[path] = _segment_file(path)  # raises the usual ArticleError
            continue
        hit = cache_get("sentences", key)
        if hit is None:
            todo.append((path, key))
        else:
            out[path] = hit
    found = _map(_segment_or_none, [p for p, _ in todo], min_per_worker=8)
    for (path, key), sentences in zip(todo, found, strict=True):
        if sentences is None:
            sentences = _segment_file(path)
        cache_put("sentences", key, sentences)
        out[path] = sentences
    return out


def _read_optional(path: Path) -> polib.POFile | None:
    if not path.exists():
        return None
    from localize.catalog import read_catalog

    return read_catalog(path)


# --- rendering ------------------------------------------------------------------------------


def render_text(report: Report) -> str:
    return "".join(f"{f}\n" for f in report.findings)


def render_json(report: Report) -> str:
    """``{"ok": bool, "findings": [{"path", "line", "code", "message"}], "catalogs": N}``."""
    import json

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


def render_junit(report: Report) -> str:
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
