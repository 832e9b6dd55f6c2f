"""Project configuration: ``localize.toml`` at the content repo's root; flags override it."""

from __future__ import annotations

import dataclasses
import glob
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from localize.errors import ConfigError, InputError, UsageError
from localize.fileio import read_regular_file
from localize.lang import check_locale, parse_locales
from localize.options import DEVICES, ENGINES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Config", "CONFIG_NAME", "load_config", "find_config"]

CONFIG_NAME = "localize.toml"
MAX_CONFIG_BYTES = 16 * 2**20  # a project file is a few hundred bytes; 40,000 article names ~1 MB

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
    "device",
    "compute_type",
    "tm",
    "tm_threshold",
    "allow_outside",
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
    device: str = "auto"  # auto, cpu or cuda (Argos models through CTranslate2)
    compute_type: str | None = None  # None: the device's default (localize.engine.argos)
    tm: tuple[str, ...] = ("tm/*.tmx", "tm/*.po")  # translation memories beside the catalogs
    tm_threshold: int = 75  # lowest fuzzy match offered, percent (localize.memory.match.THRESHOLD)
    path: Path | None = None  # the config file read, if any
    allow_outside: bool = False  # write catalogs outside ``root`` (through links, locales_dir)

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

    def check_inside(self, path: Path, what: str) -> None:
        """Refuse to write ``path`` (a link followed to its target) outside the project's folder,
        unless ``allow_outside``: a catalog linked to ``/etc/passwd`` must not overwrite it."""
        if self.allow_outside:
            return
        real = Path(os.path.realpath(path))
        root = Path(os.path.realpath(self.root))
        if real == root or root in real.parents:
            return
        from localize.fileio import shown

        if real != Path(os.path.abspath(path)):
            message = f"is a symbolic link to {real}, outside the project ({root})"
        else:
            message = f"is outside the project ({root})"
        raise InputError(
            f"{message}; refused to write the {what} there",
            path=shown(path),
            setting="allow_outside",
        )

    def target_locales(self, locales: Sequence[str] | None = None) -> list[str]:
        """``locales`` when given, else the project's; UsageError when there are none."""
        chosen = list(locales or self.locales)
        if not chosen:
            raise UsageError("no target locales: set 'locales' in localize.toml", setting="locales")
        for code in chosen:  # an en-en model does not exist
            if code == self.source:
                raise UsageError(
                    f"'locales' names {code}, the source language: articles are already in it",
                    setting="locales",
                )
        return chosen

    def describe(self) -> str:
        """Which project file was read and where its catalogs are, for a verbose run."""
        from localize.fileio import shown

        where = shown(self.path) if self.path else "(no localize.toml)"
        return f"localize: project {where}, catalogs in {shown(self.locales_dir)}"

    def target_articles(self, paths: Sequence[str | Path] | None = None) -> list[Path]:
        """``paths`` when given, else the project's articles; UsageError when there are none."""
        chosen = [Path(p) for p in paths] if paths else self.article_files()
        if not chosen:
            raise UsageError("no articles: none given, and no 'articles' in localize.toml")
        return chosen


def _expand(root: Path, patterns: tuple[str, ...]) -> list[Path]:
    """The files the patterns name, in order, each once (a dict: a list's ``in`` made 40,000
    names take 137 s)."""
    out: dict[str, None] = {}
    for pattern in patterns:
        if glob.has_magic(pattern):
            _readable_folder(root, pattern)
            out.update(dict.fromkeys(sorted(glob.glob(str(root / pattern)))))
        else:
            out[str(root / pattern)] = None
    return [Path(hit) for hit in out]


def _readable_folder(root: Path, pattern: str) -> None:
    """Refuse a pattern whose folder cannot be listed: glob would find nothing, silently (an
    unreadable glossaries folder would mean a run without the glossary)."""
    parts = Path(pattern).parts
    fixed = next((i for i, part in enumerate(parts) if glob.has_magic(part)), len(parts))
    folder = root.joinpath(*parts[:fixed])
    if folder.is_dir() and not os.access(folder, os.R_OK | os.X_OK):
        from localize.fileio import shown

        raise InputError("cannot read: Permission denied", path=shown(folder))


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
    shown = _shown(path)
    try:
        raw = read_regular_file(path, "configuration file", ConfigError, MAX_CONFIG_BYTES)
    except ConfigError as exc:
        raise ConfigError(exc.message, path=shown) from None
    line: int | None  # where a defect is, when known
    column: int | None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(raw[: exc.start])
        raise ConfigError("invalid UTF-8", path=shown, line=line, column=column) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg, line, column = _toml_error(exc, text)
        raise ConfigError(f"invalid TOML: {msg}", path=shown, line=line, column=column) from None
    except RecursionError:  # arrays or tables nested thousands deep
        line, column = _too_deep(text)
        raise ConfigError(
            "invalid TOML: arrays or tables nested too deeply",
            path=shown,
            line=line,
            column=column,
        ) from None
    except ValueError:  # Python's int-str limit: an integer of more than 4,300 digits
        m = _LONG_NUMBER.search(text)
        line, column = _position(text[: m.start()]) if m else (None, None)
        raise ConfigError(
            f"invalid TOML: a number of more than {_INT_DIGITS} digits",
            path=shown,
            line=line,
            column=column,
        ) from None
    return _from_dict(data, path, text)


def _position(before: bytes | str) -> tuple[int, int]:
    """Line and column (both from 1) just after ``before``, columns counted in characters."""
    if isinstance(before, bytes):
        before = before.decode("utf-8", errors="replace")
    lines = before.split("\n")
    return len(lines), len(lines[-1]) + 1


# Python refuses int() of more digits than this (the int-str limit, 4,300 by default).
_INT_DIGITS = getattr(sys, "get_int_max_str_digits", lambda: 0)() or 4300
_LONG_NUMBER = re.compile(rf"[0-9][0-9_]{{{_INT_DIGITS - 1},}}")
_NESTING_SHOWN = 100  # nesting reported at the point it passes this depth


def _too_deep(text: str) -> tuple[int | None, int | None]:
    """Where brackets and braces (outside strings and comments) first nest past
    ``_NESTING_SHOWN``; only for the message, after tomllib overflowed its stack."""
    depth, quote, i = 0, "", 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "#":
            i = text.find("\n", i)
            if i < 0:
                break
        elif c in "[{":
            depth += 1
            if depth > _NESTING_SHOWN:
                return _position(text[:i])
        elif c in "]}":
            depth -= 1
        i += 1
    return None, None


_TOML_AT = re.compile(
    r"^(?P<msg>.*?) \(at (?:line (?P<line>\d+), column (?P<col>\d+)|end of document)\)$"
)


def _toml_error(exc: Exception, text: str) -> tuple[str, int, int]:
    """tomllib's message, line and column (Python < 3.14 has them only in the message)."""
    line, column = getattr(exc, "lineno", None), getattr(exc, "colno", None)
    message = getattr(exc, "msg", None) or str(exc)
    m = _TOML_AT.match(str(exc))
    if m is not None:
        message = m.group("msg")
        if m.group("line"):
            line, column = int(m.group("line")), int(m.group("col"))
        else:  # tomli (Python 3.10) and 3.14 put "end of document" past the final newline
            line = column = None
    if line is None or column is None:  # "at end of document"
        line, column = _position(text.rstrip("\n") if text.endswith("\n") else text)
    return message, line, column


def _locate(text: str, key: str, needle: str | None = None) -> tuple[int | None, int | None]:
    """Where ``key`` (a top-level key or table) is set in the file, or ``needle`` in its value."""
    pattern = re.compile(
        rf"^[ \t]*(?:\[[ \t]*{re.escape(key)}[ \t]*\]|[\"']?{re.escape(key)}[\"']?[ \t]*=)", re.M
    )
    m = pattern.search(text)
    if m is None:
        return None, None
    start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
    if needle is not None:
        for quote in ('"', "'"):
            at = text.find(f"{quote}{needle}{quote}", m.end())
            if at != -1:
                start = at
                break
    return _position(text[:start])


def _from_dict(data: dict[str, Any], path: Path, text: str = "") -> Config:
    def fail(message: str, key: str, needle: str | None = None) -> ConfigError:
        line, column = _locate(text, key, needle)
        return ConfigError(message, path=_shown(path), line=line, column=column)

    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise fail(f"unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})", unknown[0])
    root = path.resolve().parent

    def strings(key: str, default: tuple[str, ...]) -> tuple[str, ...]:
        value = data.get(key, list(default))
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"{key!r} must be a string or a list of strings", key)
        return tuple(value)

    try:
        source = check_locale(str(data.get("source", "en")))
    except UsageError as exc:
        raise fail(exc.message, "source") from None
    locales_list: list[str] = []
    for code in strings("locales", ()):
        try:
            locales_list += [c for c in parse_locales([code]) if c not in locales_list]
        except UsageError as exc:
            raise fail(exc.message, "locales", code) from None
    locales = tuple(locales_list)
    engines = data.get("engines", {})
    if not isinstance(engines, dict) or not all(isinstance(v, str) for v in engines.values()):
        raise fail('\'engines\' must be a table of "src-tgt" = "engine"', "engines")
    beam = data.get("beam_size")
    if beam is not None and (not isinstance(beam, int) or beam < 1):
        raise fail("'beam_size' must be a positive integer", "beam_size")
    threshold = data.get("tm_threshold", Config.tm_threshold)
    if not isinstance(threshold, int) or isinstance(threshold, bool) or not 1 <= threshold <= 100:
        raise fail("'tm_threshold' must be a whole percentage from 1 to 100", "tm_threshold")
    for key in ("locales_dir", "models_dir", "engine", "device", "compute_type"):
        if key in data and not isinstance(data[key], str):
            raise fail(f"{key!r} must be a string", key)
    engine = data.get("engine", "argos")
    if engine not in ENGINES:
        raise fail(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})", "engine")
    device = data.get("device", "auto")
    if device not in DEVICES:
        raise fail(f"unknown device {device!r} (known: {', '.join(DEVICES)})", "device")
    models_dir = data.get("models_dir")
    allow_outside = data.get("allow_outside", False)
    if not isinstance(allow_outside, bool):
        raise fail("'allow_outside' must be true or false", "allow_outside")
    return Config(
        root=root,
        source=source,
        locales=locales,
        locales_dir=root / str(data.get("locales_dir", "locales")),
        glossaries=strings("glossaries", Config.glossaries),
        articles=strings("articles", ()),
        engine=engine,
        engines=dict(engines),
        models_dir=(root / models_dir) if models_dir else None,
        beam_size=beam,
        device=device,
        compute_type=data.get("compute_type"),
        tm=strings("tm", Config.tm),
        tm_threshold=threshold,
        path=path,
        allow_outside=allow_outside,
    )


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when inside it, as users type it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
