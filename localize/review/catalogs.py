"""Which catalogs ``check`` and ``status`` look at: every expected one (articles × locales in
``localize.toml``) and every one found under the locales folder, orphans included."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from localize.config import Config
from localize.errors import InputError, UsageError

__all__ = ["CatalogRef", "found_catalogs", "project_catalogs"]

CATALOG_SUFFIXES = (".po",)


@dataclass(frozen=True)
class CatalogRef:
    """One catalog of a run: expected for ``article``, or found with none (``orphan``)."""

    lang: str
    path: Path
    slug: str
    article: Path | None = None  # the article it translates, where one is known
    orphan: str | None = None  # why no article is known, for the [orphan] finding


def found_catalogs(locales_dir: Path) -> list[tuple[str, Path]]:
    """``(lang, path)`` of every ``<lang>/LC_MESSAGES/*.po`` under ``locales_dir``, sorted."""
    out: list[tuple[str, Path]] = []
    try:
        langs = sorted(os.scandir(locales_dir), key=lambda d: d.name)
    except (FileNotFoundError, NotADirectoryError):
        return out
    for entry in langs:
        folder = Path(entry.path) / "LC_MESSAGES"
        if not entry.is_dir() or not folder.is_dir():
            continue
        for po in sorted(folder.iterdir()):
            if po.suffix in CATALOG_SUFFIXES:
                out.append((entry.name, po))
    return out


def _orphan_message(config: Config, slug: str) -> str:
    patterns = ", ".join(config.articles)
    return (
        f"no article {slug!r} among the configured ones ({patterns}): it is not configured or "
        f"no longer exists; add it to 'articles' in localize.toml, or delete this catalog"
    )


def project_catalogs(
    config: Config,
    *,
    locales: Sequence[str] | None = None,
    paths: Sequence[Path] = (),
) -> list[CatalogRef]:
    """The catalogs a run covers, expected ones first (article by article), then the others
    found under the locales folder.

    ``locales`` narrows the run to those locales; ``paths`` to those articles (their expected
    and found catalogs) or catalogs (``.po`` files). Without ``articles`` in the config, every
    catalog found is covered and none is an orphan.
    """
    if config.locales_dir.exists() and not config.locales_dir.is_dir():
        raise InputError("is a file, not a locales folder", path=_shown(config.locales_dir))
    given_articles = [p for p in paths if p.suffix not in CATALOG_SUFFIXES]
    given_catalogs = [_absolute(p) for p in paths if p.suffix in CATALOG_SUFFIXES]
    configured = config.article_files() if config.articles else []
    by_slug = {a.stem: a for a in configured}
    found = found_catalogs(config.locales_dir)
    langs = list(locales or config.locales or dict.fromkeys(lang for lang, _ in found))
    wanted = set(locales) if locales else None

    refs: list[CatalogRef] = []
    seen: set[Path] = set()

    def add(ref: CatalogRef) -> None:
        key = _absolute(ref.path)
        if key not in seen:
            seen.add(key)
            refs.append(ref)

    for path in given_catalogs:
        if not path.is_file():
            raise InputError("no such catalog", path=_shown(path))
        lang = _lang_of(path, config)
        if wanted is not None and lang not in wanted:
            continue
        article = by_slug.get(path.stem)
        orphan = _orphan_message(config, path.stem) if configured and article is None else None
        add(CatalogRef(lang, path, path.stem, article, orphan))
    if given_catalogs and not given_articles:
        return refs

    articles = given_articles or configured
    if not langs and (articles or found):
        raise UsageError("no target locales: set 'locales' in localize.toml", setting="locales")
    for article in articles:
        for lang in langs:
            add(CatalogRef(lang, config.po_path(lang, article.stem), article.stem, article))
    slugs = {a.stem for a in given_articles}
    for lang, path in found:
        if (wanted is not None and lang not in wanted) or (slugs and path.stem not in slugs):
            continue
        article = by_slug.get(path.stem)
        orphan = _orphan_message(config, path.stem) if configured and article is None else None
        add(CatalogRef(lang, path, path.stem, article, orphan))
    if not refs:
        where = _shown(config.locales_dir)
        raise UsageError(
            f"no catalogs under {where} and no articles configured: create them with "
            "localize update, or set 'articles' in localize.toml"
        )
    return refs


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _shown(path: Path) -> str:
    from localize.fileio import shown

    return shown(path)


def _lang_of(path: Path, config: Config) -> str:
    """A catalog's locale: its folder in the usual layout, else its Language header."""
    if path.parent.name == "LC_MESSAGES":
        return path.parent.parent.name
    from localize.catalog import read_po

    lang = read_po(path).metadata.get("Language", "").replace("-", "_")
    if not lang:
        raise UsageError(
            f"{_shown(path)}: cannot tell its locale: not in <lang>/LC_MESSAGES/ and no "
            "Language header"
        )
    return lang
