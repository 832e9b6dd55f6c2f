"""Articles read into their templates (the ``.pot``): loading, the language sample, writing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from localize import catalog
from localize.config import Config
from localize.errors import LocalizeError, UsageError
from localize.lang import base_language

if TYPE_CHECKING:
    from localize.segment import Segment

__all__ = [
    "Article",
    "Written",
    "LANGUAGE_SAMPLE",
    "article_ref",
    "load_articles",
    "template_format",
    "current_template",
    "write_template",
]


@dataclass(frozen=True)
class Article:
    """One article read and segmented into its template; ``ref`` is how catalogs refer to it.

    Only the template is kept (one entry per distinct sentence), never the whole text, so a
    huge article costs memory in proportion to its distinct sentences.
    """

    path: Path
    slug: str
    ref: str
    template: polib.POFile
    language: str | None = None


@dataclass(frozen=True)
class Written:
    path: Path
    changed: bool


def article_ref(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# Enough text to tell a language apart; detecting on more only costs time.
LANGUAGE_SAMPLE = 20_000


def load_articles(
    paths: Sequence[str | Path],
    *,
    config: Config,
    now: datetime | None = None,
    article_format: str | None = None,
) -> tuple[list[Article], list[str]]:
    """Read every article, streaming, into its template; returns them and language warnings.

    The format (text, html, markdown) comes from each file's extension unless given.
    """
    from localize.detect import ARTICLE_MIN_LETTERS, detect_language
    from localize.formats import (
        SOURCE_DIGEST_FIELD,
        format_of,
        iter_segments,
        record_format,
        source_digest,
    )

    paths = config.target_articles(paths)
    articles: list[Article] = []
    warnings: list[str] = []
    seen: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        slug = path.stem
        if slug in seen and seen[slug].resolve() != path.resolve():
            raise UsageError(f"two articles share the name {slug!r}: {seen[slug]} and {path}")
        seen[slug] = path
        sample: list[str] = []
        ref = article_ref(path, config.root)
        fmt = format_of(path, article_format, template_format(config, slug))
        pot = catalog.extract(
            _sampled(iter_segments(path, fmt), sample), ref_path=ref, project=slug, now=now
        )
        pot.metadata[SOURCE_DIGEST_FIELD] = source_digest(path, (e.msgid for e in pot), fmt)
        record_format(pot.metadata, path, fmt)
        text = " ".join(sample)
        lang = detect_language(text, confidence=0.9)
        judged = sum(ch.isalpha() for ch in text) >= ARTICLE_MIN_LETTERS
        if judged and lang is not None and base_language(lang) != base_language(config.source):
            warnings.append(
                f"{path}: warning: article looks like {lang!r}, "
                f"not the source language {config.source!r}"
            )
        articles.append(Article(path, slug, ref, pot, lang))
    return articles, warnings


def template_format(config: Config, slug: str) -> str | None:
    """The format the article's template records (given once by hand)."""
    from localize.formats import recorded_format

    path = config.pot_path(slug)
    if not path.is_file():
        return None
    try:
        return recorded_format(catalog.read_catalog(path).metadata)
    except LocalizeError:
        return None  # a broken template is rewritten by the command that reads the article


def _sampled(segments: Iterable[Segment], sample: list[str]) -> Iterator[Segment]:
    """Pass ``segments`` through, keeping the first LANGUAGE_SAMPLE characters in ``sample``."""
    from localize.formats.codes import strip

    size = 0
    for seg in segments:
        if size < LANGUAGE_SAMPLE:
            sample.append(strip(seg.text))
            size += len(seg.text) + 1
        yield seg


def current_template(article: Article, config: Config) -> tuple[polib.POFile, bool]:
    """The article's template and whether its file must be written: not when only the creation
    date or the source digest would change (no noise diffs; a committed template stays as it
    is when only the segmenter's code changed, and ``check`` then segments the article)."""
    from localize.formats import SOURCE_DIGEST_FIELD

    pot = article.template
    path = config.pot_path(article.slug)
    config.check_inside(path, "template")
    if path.is_file():
        old = catalog.read_catalog(path)
        if catalog.same_content(old, pot, ignore=("POT-Creation-Date", SOURCE_DIGEST_FIELD)):
            return old, False
    return pot, True


def write_template(
    article: Article, config: Config, now: datetime | None
) -> tuple[polib.POFile, Written]:
    """Write the template unless only its creation date would change (no noise diffs)."""
    pot, stale = current_template(article, config)
    path = config.pot_path(article.slug)
    return pot, Written(path, catalog.write_catalog(pot, path) if stale else False)
