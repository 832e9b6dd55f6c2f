"""Project configuration: ``localize.toml`` at the content repo's root; flags override it."""

from __future__ import annotations

import dataclasses
import glob
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from localize.errors import ConfigError, UsageError
from localize.lang import check_locale, parse_locales

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Config", "CONFIG_NAME", "load_config", "find_config"]

CONFIG_NAME = "localize.toml"

_KEYS = {
    "source",
    "locales",
    "locales_dir",
    "glossaries",
    "articles",
    "engine",
    "engines",
    "models_dir",
    "beam_size",
    "tm",
    "tm_threshold",
}


@dataclass(frozen=True)
class Config:
    """Everything a run needs to know about the content repo. Paths are absolute."""

    root: Path = field(default_factory=Path.cwd)
    source: str = "en"
    locales: tuple[str, ...] = ()
    locales_dir: Path = Path("locales")
    glossaries: tuple[str, ...] = ("glossaries/*.csv", "glossaries/*.tbx")
    articles: tuple[str, ...] = ()
    engine: str = "argos"
    engines: dict[str, str] = field(default_factory=dict)  # "en-es" -> "apertium"
    models_dir: Path | None = None
    beam_size: int | None = None
    tm: tuple[str, ...] = ("tm/*.tmx", "tm/*.po")  # translation memories beside the catalogs
    tm_threshold: int = 75  # lowest fuzzy match offered, percent (localize.tm.THRESHOLD)
    path: Path | None = None  # the config file read, if any

    def replace(self, **changes: Any) -> Config:
        """A copy with ``changes`` applied; ``None`` values are ignored (unset flags)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    def engine_for(self, source: str, target: str) -> str:
        return self.engines.get(f"{source}-{target}", self.engine)

    def glossary_files(self) -> list[Path]:
        return _expand(self.root, self.glossaries)

    def tm_files(self) -> list[Path]:
        return _expand(self.root, self.tm)

    def article_files(self) -> list[Path]:
        return _expand(self.root, self.articles)

    def pot_path(self, slug: str) -> Path:
        return self.locales_dir / f"{slug}.pot"

    def po_path(self, lang: str, slug: str) -> Path:
        return self.locales_dir / lang / "LC_MESSAGES" / f"{slug}.po"

    def target_locales(self, locales: Sequence[str] | None = None) -> list[str]:
        """``locales`` when given, else the project's; UsageError when there are none."""
        chosen = list(locales or self.locales)
        if not chosen:
            raise UsageError("no target locales: set 'locales' in localize.toml", setting="locales")
        return chosen

    def target_articles(self, paths: Sequence[str | Path] | None = None) -> list[Path]:
        """``paths`` when given, else the project's articles; UsageError when there are none."""
        chosen = [Path(p) for p in paths] if paths else self.article_files()
        if not chosen:
            raise UsageError("no articles: none given, and no 'articles' in localize.toml")
        return chosen


def _expand(root: Path, patterns: tuple[str, ...]) -> list[Path]:
    out: list[Path] = []
    for pattern in patterns:
        hits = (
            sorted(glob.glob(str(root / pattern)))
            if glob.has_magic(pattern)
            else [str(root / pattern)]
        )
        for hit in hits:
            p = Path(hit)
            if p not in out:
                out.append(p)
    return out


def find_config(start: Path) -> Path | None:
    """The nearest ``localize.toml`` in ``start`` or a parent folder."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """Read ``path`` (or the nearest config from ``start``); defaults when there is none."""
    if path is None:
        path = find_config(start or Path.cwd())
    if path is None:
        root = (start or Path.cwd()).resolve()
        return Config(root=root, locales_dir=root / "locales")
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("no such file", path=path) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        msg = str(exc).split(" (at line")[0]
        raise ConfigError(f"invalid TOML: {msg}", path=path, line=line) from None
    return _from_dict(data, path)


def _from_dict(data: dict[str, Any], path: Path) -> Config:
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise ConfigError(
            f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})", path=path
        )
    root = path.resolve().parent

    def strings(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = data.get(key, list(default))
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{key!r} must be a string or a list of strings", path=path)
        return tuple(value)

    try:
        source = check_locale(str(data.get("source", "en")))
        locales = tuple(parse_locales(list(strings("locales", ()))))
    except ConfigError:
        raise
    except Exception as exc:  # UsageError from language checks
        raise ConfigError(getattr(exc, "message", str(exc)), path=path) from None
    engines = data.get("engines", {})
    if not isinstance(engines, dict) or not all(isinstance(v, str) for v in engines.values()):
        raise ConfigError('\'engines\' must be a table of "src-tgt" = "engine"', path=path)
    beam = data.get("beam_size")
    if beam is not None and (not isinstance(beam, int) or beam < 1):
        raise ConfigError("'beam_size' must be a positive integer", path=path)
    threshold = data.get("tm_threshold", Config.tm_threshold)
    if not isinstance(threshold, int) or isinstance(threshold, bool) or not 1 <= threshold <= 100:
        raise ConfigError("'tm_threshold' must be a whole percentage from 1 to 100", path=path)
    models_dir = data.get("models_dir")
    return Config(
        root=root,
        source=source,
        locales=locales,
        locales_dir=root / str(data.get("locales_dir", "locales")),
        glossaries=strings("glossaries", Config.glossaries),
        articles=strings("articles", ()),
        engine=str(data.get("engine", "argos")),
        engines=dict(engines),
        models_dir=(root / models_dir) if models_dir else None,
        beam_size=beam,
        tm=strings("tm", Config.tm),
        tm_threshold=threshold,
        path=path,
    )
