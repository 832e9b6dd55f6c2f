"""The review site's HTML: every text escaped where it is written, no inline handlers, the one
style and script inline and allowed by their hashes (a strict CSP that works from file://)."""

from __future__ import annotations

import base64
import difflib
import hashlib
import html
import re
from functools import cache
from importlib import resources
from urllib.parse import quote

from localize import __version__
from localize.lang import bcp47
from localize.report.model import CatalogView, EntryView
from localize.review import CatalogStatus

__all__ = ["overview_page", "catalog_page", "csp"]

# Confidence colours (a geometric mean per token: one wrong word in ten already gives ~0.8).
HIGH, MID = 0.95, 0.85

_STATES = {
    "reviewed": "reviewed",
    "machine": "machine, fuzzy",
    "memory": "memory match, fuzzy",
    "changed": "source changed, fuzzy",
    "fuzzy": "fuzzy",
    "untranslated": "untranslated",
}


def _e(text: object) -> str:
    """Text for an element's content or a quoted attribute value."""
    return html.escape(str(text), quote=True)


@cache
def _asset(name: str) -> str:
    return resources.files("localize.report").joinpath(name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def csp(with_script: bool) -> str:
    """Nothing loads from anywhere; only this page's own style (and script) run."""
    script = f"'{_hash(_asset('review.js'))}'" if with_script else "'none'"
    return (
        f"default-src 'none'; style-src '{_hash(_asset('review.css'))}'; script-src {script}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )


def _head(title: str, with_script: bool) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp(with_script))}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_asset('review.css')}</style>\n</head>\n<body>\n"
    )


def _foot(with_script: bool) -> str:
    script = f"<script>{_asset('review.js')}</script>\n" if with_script else ""
    return f"{script}</body>\n</html>\n"


def _bar(translated: int, fuzzy: int, untranslated: int, width: int = 160) -> str:
    total = translated + fuzzy + untranslated
    parts = []
    x = 0.0
    label = f"{translated} translated, {fuzzy} fuzzy, {untranslated} untranslated"
    if not total:
        parts.append(f'<rect class="empty" x="0" y="0" width="{width}" height="12"/>')
    for cls, n in (("translated", translated), ("fuzzy", fuzzy), ("untranslated", untranslated)):
        if n:
            w = width * n / total
            parts.append(f'<rect class="{cls}" x="{x:.2f}" y="0" width="{w:.2f}" height="12"/>')
            x += w
    return (
        f'<svg class="bar" width="{width}" height="12" role="img" aria-label="{_e(label)}">'
        f"<title>{_e(label)}</title>{''.join(parts)}</svg>"
    )


def overview_page(views: list[CatalogView | CatalogStatus]) -> str:
    """Per locale and catalog: progress, words left, who wrote what, findings by code."""
    out = [_head("localize review: overview", with_script=False)]
    out.append("<h1>Translation review</h1>\n")
    out.append(f'<p class="meta">Written by localize {_e(__version__)}. ')
    out.append(
        '<span class="legend"><span><i class="translated"></i>translated</span>'
        '<span><i class="fuzzy"></i>fuzzy</span>'
        '<span><i class="untranslated"></i>untranslated</span></span></p>\n'
    )
    out.append(
        '<table id="overview"><thead><tr><th>locale</th><th>catalog</th><th>progress</th>'
        '<th class="num">translated</th><th class="num">fuzzy</th>'
        '<th class="num">untranslated</th><th class="num">words left</th>'
        "<th>written by</th><th>findings</th></tr></thead><tbody>\n"
    )
    for view in views:
        row = view.status if isinstance(view, CatalogView) else view
        s = row.stats
        name = _e(row.path)
        if isinstance(view, CatalogView):
            name = f'<a href="{_e(quote(view.page))}">{name}</a>'
        elif not row.exists:
            name += ' <span class="empty-state">(missing)</span>'
        else:
            name += ' <span class="empty-state">(unreadable)</span>'
        if row.orphan:
            name += ' <span class="empty-state">[orphan]</span>'
        origins = (
            ", ".join(f"{n} {k}" for k, n in view.origins.items() if n)
            if isinstance(view, CatalogView)
            else ""
        )
        found = (
            ", ".join(f"{n} {_e(code)}" for code, n in view.findings.items())
            if isinstance(view, CatalogView)
            else ""
        )
        out.append(
            f'<tr data-lang="{_e(row.lang)}" data-path="{_e(row.path)}">'
            f"<td>{_e(row.language)}</td><td>{name}</td>"
            f"<td>{_bar(s.translated, s.fuzzy, s.untranslated)}</td>"
            f'<td class="num translated">{s.translated}</td>'
            f'<td class="num fuzzy">{s.fuzzy}</td>'
            f'<td class="num untranslated">{s.untranslated}</td>'
            f'<td class="num words-left">{s.words - s.translated_words}</td>'
            f"<td>{_e(origins)}</td><td>{found or '—'}</td></tr>\n"
        )
    out.append("</tbody></table>\n")
    out.append(_foot(with_script=False))
    return "".join(out)


def _marked(text: str, spans: tuple[tuple[int, int, str], ...]) -> str:
    """``text`` escaped, with the glossary terms at ``spans`` marked."""
    out, pos = [], 0
    for start, end, title in sorted(spans):
        if start < pos:
            continue
        out.append(_e(text[pos:start]))
        out.append(f'<mark class="term" title="{_e(title)}">{_e(text[start:end])}</mark>')
        pos = end
    out.append(_e(text[pos:]))
    return "".join(out)


_WORDS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> str:
    """``old`` → ``new`` word by word: removed words in <del>, added in <ins>, all escaped."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(_e("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{_e(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{_e(''.join(b[j1:j2]))}</ins>")
    return "".join(out)


def _confidence(c: float | None) -> str:
    if c is None:
        return ""
    level = "high" if c >= HIGH else "mid" if c >= MID else "low"
    return f' <span class="conf {level}" title="machine confidence">{c:.2f}</span>'


def _row(e: EntryView, rtl: bool, lang: str) -> str:
    direction = ' dir="rtl"' if rtl else ""
    src = _marked(e.source, e.source_terms)
    if e.context:
        src = f'<span class="where">{_e(e.context)}</span> {src}'
    if e.previous:
        src += f'<div class="previous">was: {word_diff(e.previous, e.source)}</div>'
    tgt = _marked(e.translation, e.target_terms) if e.translation else ""
    notes = ""
    if e.provenance:
        notes += f'<div class="note">{_e(e.provenance)}</div>'
    for f in e.findings:
        notes += f'<div class="finding">{_e(f)}</div>'
    conf = "" if e.confidence is None else f"{e.confidence:.3f}"
    return (
        f'<tr class="entry" data-order="{e.order}" data-state="{_e(e.state)}" '
        f'data-fuzzy="{int(e.fuzzy)}" data-confidence="{conf}" data-findings="{len(e.findings)}">'
        f'<td class="src" lang="en">{src}</td>'
        f'<td class="tgt" lang="{_e(bcp47(lang))}"{direction}>{tgt}{notes}</td>'
        f'<td><span class="state {_e(e.state)}">{_e(_STATES.get(e.state, e.state))}</span>'
        f"{_confidence(e.confidence)}</td>"
        f'<td class="where">{_e(e.where)}</td></tr>\n'
    )


def catalog_page(view: CatalogView) -> str:
    """One article in one language: source and translation side by side, in the article's order."""
    row = view.status
    title = f"{view.slug} — {row.language}"
    out = [_head(f"localize review: {title}", with_script=True)]
    out.append(f'<p><a href="../index.html">overview</a></p>\n<h1>{_e(title)}</h1>\n')
    s = row.stats
    out.append(
        f'<p class="meta">{_e(row.path)}: {s.translated} translated, {s.fuzzy} fuzzy, '
        f"{s.untranslated} untranslated; {s.words - s.translated_words} words left.</p>\n"
    )
    for f in view.catalog_findings:
        out.append(f'<div class="finding">{_e(f)}</div>\n')
    options = "".join(
        f'<option value="{k}">{_e(v)}</option>'
        for k, v in [("all", "every entry")]
        + [("fuzzy-any", "every fuzzy entry")]
        + list(_STATES.items())
    )
    out.append(
        '<div class="controls">'
        f'<label>show <select id="filter-state">{options}</select></label>'
        '<label><input type="checkbox" id="filter-findings"> only with findings</label>'
        '<label>sort by <select id="sort"><option value="order">article order</option>'
        '<option value="confidence">confidence, lowest first</option>'
        '<option value="findings">findings, most first</option>'
        '<option value="state">state</option></select></label>'
        '<span class="count" id="shown"></span></div>\n'
    )
    out.append(
        '<table id="entries"><thead><tr><th>source</th><th>translation</th><th>state</th>'
        "<th>where</th></tr></thead><tbody>\n"
    )
    out.extend(_row(e, view.rtl, row.lang) for e in view.entries)
    out.append("</tbody></table>\n")
    out.append(_foot(with_script=True))
    return "".join(out)
