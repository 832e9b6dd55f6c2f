"""``build``: an article written in a language from its catalog, or the gaps that prevent it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from localize import catalog
from localize.config import Config
from localize.errors import InputError, UsageError
from localize.fileio import atomic_write_bytes, shown
from localize.pipeline.articles import template_format

if TYPE_CHECKING:
    from localize.segment import Segment

__all__ = [
    "Gap",
    "BuildResult",
    "Built",
    "BuildSummary",
    "build_article",
    "build_articles",
    "build_into_file",
]


@dataclass(frozen=True)
class Gap:
    where: str  # path:line
    reason: str  # "untranslated" | "fuzzy" | "missing" | "markup"
    text: str


@dataclass(frozen=True)
class BuildResult:
    text: str | None  # None when gaps forbid a build
    gaps: list[Gap]


def build_article(
    path: str | Path,
    *,
    config: Config,
    lang: str,
    allow_fuzzy: bool = False,
    fallback: str | None = None,
    article_format: str | None = None,
) -> BuildResult:
    """The translated article with the original layout, or the list of gaps that prevent it.

    A translation whose inline codes do not match its source's, or that holds a
    ``javascript:``/``vbscript:``/``data:`` URL, is a gap ("markup"): broken markup is never
    written; any other markup a translation holds is written as text. An HTML article's root
    element gets ``lang`` and ``dir``.
    """
    from localize.formats import format_of, iter_article, rebuild_parts
    from localize.formats.codes import problems, refusals
    from localize.formats.safety import refused_urls

    if fallback not in (None, "source"):
        raise UsageError(f"unknown fallback {fallback!r} (use 'source')")
    path = Path(path)
    fmt = format_of(path, article_format, template_format(config, path.stem))
    po_path = config.po_path(lang, path.stem)
    if not po_path.exists():
        for _ in iter_article(path, fmt):  # the article's own errors come first
            pass
        raise InputError(
            f"no {lang} catalog for this article ({po_path}); run localize update for {lang}",
            path=path,
        )
    po = catalog.read_catalog(po_path)
    entries = {e.msgid: e for e in po if not e.obsolete and not e.msgid_plural}
    gaps: list[Gap] = []

    def translation(seg: Segment) -> str | None:
        entry = entries.get(seg.text)
        if entry is None:
            gaps.append(Gap(f"{path}:{seg.line}", "missing", seg.text))
        elif not entry.msgstr:
            gaps.append(Gap(f"{shown(po_path)}:{entry.linenum}", "untranslated", seg.text))
        elif "fuzzy" in entry.flags and not allow_fuzzy:
            gaps.append(Gap(f"{shown(po_path)}:{entry.linenum}", "fuzzy", seg.text))
        elif problems(seg.text, entry.msgstr):
            where = f"{shown(po_path)}:{entry.linenum}"
            gaps.append(Gap(where, "markup", "; ".join(problems(seg.text, entry.msgstr))))
        elif why := refused_urls(seg.text, entry.msgstr, fmt) + refusals(seg, entry.msgstr):
            gaps.append(Gap(f"{shown(po_path)}:{entry.linenum}", "markup", "; ".join(why)))
        else:
            return entry.msgstr
        return None

    # Streamed: memory holds the catalog and the translated text, never the parsed source.
    parts = iter_article(path, fmt)
    text = "".join(rebuild_parts(parts, translation, lang=lang))
    if gaps and fallback != "source":
        return BuildResult(None, gaps)
    return BuildResult(text, gaps)


@dataclass(frozen=True)
class Built:
    """One article in one language: where it was written, or the gaps that kept it back."""

    article: Path
    lang: str
    output: Path | None  # None: not ready, nothing written
    changed: bool
    gaps: list[Gap]


@dataclass
class BuildSummary:
    built: list[Built] = field(default_factory=list)

    @property
    def not_ready(self) -> list[Built]:
        return [b for b in self.built if b.output is None]


def build_into_file(
    path: str | Path,
    *,
    config: Config,
    lang: str,
    output: Path,
    allow_fuzzy: bool = False,
    fallback: str | None = None,
    article_format: str | None = None,
) -> BuildSummary:
    """Build one article in one language into the file ``output`` (written atomically, even
    when unchanged); one that is not ready is listed with its gaps and nothing is written."""
    result = build_article(
        path,
        config=config,
        lang=lang,
        allow_fuzzy=allow_fuzzy,
        fallback=fallback,
        article_format=article_format,
    )
    return BuildSummary([_written(path, lang, result, output, folder=False)])


def build_articles(
    paths: Sequence[str | Path],
    *,
    config: Config,
    locales: Sequence[str],
    output_dir: Path,
    allow_fuzzy: bool = False,
    fallback: str | None = None,
    article_format: str | None = None,
) -> BuildSummary:
    """Build every article in every locale into ``output_dir/<lang>/<article's file name>``;
    one that is not ready is listed with its gaps and not written."""
    summary = BuildSummary()
    for path in config.target_articles(paths):
        for lang in locales:
            result = build_article(
                path,
                config=config,
                lang=lang,
                allow_fuzzy=allow_fuzzy,
                fallback=fallback,
                article_format=article_format,
            )
            out = output_dir / lang / Path(path).name
            summary.built.append(_written(path, lang, result, out, folder=True))
    return summary


def _written(path: str | Path, lang: str, result: BuildResult, out: Path, *, folder: bool) -> Built:
    """``result`` written to ``out``: into a folder (made if need be) only when its bytes
    changed; into a file the user named, always."""
    if result.text is None:
        return Built(Path(path), lang, None, False, result.gaps)
    data = result.text.encode("utf-8")
    changed = not folder or not (out.is_file() and out.read_bytes() == data)
    if changed:
        if folder:
            out.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(out, data)
    return Built(Path(path), lang, out, changed, result.gaps)
