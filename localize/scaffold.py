"""``localize init``: the files a new content repository starts from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from localize.config import CONFIG_NAME
from localize.errors import UsageError
from localize.fileio import atomic_write_bytes, shown
from localize.lang import check_locale, parse_locales

__all__ = ["InitResult", "init_project", "init_lines", "GITIGNORE_LINES"]

#: What a content repository keeps out of git: compiled catalogs, the caches, the run lock.
GITIGNORE_LINES = ("*.mo", "/.localize-cache/", ".localize.lock", "/demo/")

_GLOSSARY = "glossaries/glossary.csv"
_PRE_COMMIT = ".pre-commit-config.yaml"

_TOML = """\
# localize project file: the articles, the languages, the glossaries and the engines.
# Every key is optional; command-line flags override it. README, "Configuration", lists them all.

# The language the desk writes in.
source = "{source}"

# Target locales, as CLDR codes (ru, uk, pt_BR, zh_Hant): `localize check` expects a complete
# catalog for each article in each of them.
locales = [{locales}]

# Catalogs: locales/<article>.pot and locales/<lang>/LC_MESSAGES/<article>.po
locales_dir = "locales"

# Articles the gate expects catalogs for (globs; .txt, .html/.htm and .md are read as such).
articles = [{articles}]

# Terminology: CSV (a column per language, see {glossary}) or TBX files.
glossaries = ["glossaries/*.csv", "glossaries/*.tbx"]

# The engine for every pair (argos: a model per pair, `localize models install`; apertium:
# Debian's apertium-* packages), and per pair where it differs.
engine = "argos"
[engines]
{engines}
"""

_PRE_COMMIT_YAML = """\
# localize check before each commit that touches what the gate reads.
repos:
  - repo: local
    hooks:
      - id: localize-check
        name: localize check
        entry: localize check
        language: system
        pass_filenames: false
        files: (\\.(po|pot|csv|tbx|txt|md|markdown|html?)|(^|/)localize\\.toml)$
"""


@dataclass(frozen=True)
class InitResult:
    """What ``init_project`` wrote, and what it left for the user to add by hand."""

    written: tuple[Path, ...]
    gitignore_added: tuple[str, ...]
    pre_commit_snippet: str | None  # set when a .pre-commit-config.yaml already existed


def _quoted(values: Sequence[str]) -> str:
    return ", ".join(f'"{v}"' for v in values)


def init_project(
    root: Path,
    *,
    source: str = "en",
    locales: Sequence[str] = ("ru", "uk"),
    articles: Sequence[str] = ("articles/*.txt", "articles/*.html", "articles/*.md"),
) -> InitResult:
    """Write ``localize.toml``, a glossary with its header row, the ``.gitignore`` lines and a
    pre-commit hook into ``root``. Refuses, writing nothing, if the config or glossary exists."""
    source = check_locale(source)
    targets = parse_locales(list(locales))
    if not targets:
        raise UsageError("no target locales given", setting="locales")
    if source in targets:
        raise UsageError(f"{source} is the source language, not a target")
    for rel in (CONFIG_NAME, _GLOSSARY):
        if (root / rel).exists() or (root / rel).is_symlink():
            raise UsageError(f"{shown(root / rel)} exists; nothing written", setting="replace")
    engines = "\n".join(
        f'# "{source}-{t}" = "apertium"' for t in targets[:1]
    )  # one example line: most pairs take the default
    text = _TOML.format(
        source=source,
        locales=_quoted(targets),
        articles=_quoted(articles),
        glossary=_GLOSSARY,
        engines=engines,
    )
    written = []
    config = root / CONFIG_NAME
    atomic_write_bytes(config, text.encode("utf-8"))
    written.append(config)
    glossary = root / _GLOSSARY
    glossary.parent.mkdir(parents=True, exist_ok=True)
    header = ",".join([source, *targets, "dnt", "case", "note"]) + "\n"
    atomic_write_bytes(glossary, header.encode("utf-8"))
    written.append(glossary)

    ignore = root / ".gitignore"
    present = ignore.read_text(encoding="utf-8").splitlines() if ignore.is_file() else []
    missing = tuple(line for line in GITIGNORE_LINES if line not in present)
    if missing:
        old = "\n".join(present)
        new = (old + "\n" if old else "") + "# localize\n" + "\n".join(missing) + "\n"
        atomic_write_bytes(ignore, new.encode("utf-8"))
        written.append(ignore)

    hook = root / _PRE_COMMIT
    snippet = None
    if hook.exists():
        snippet = _PRE_COMMIT_YAML
    else:
        atomic_write_bytes(hook, _PRE_COMMIT_YAML.encode("utf-8"))
        written.append(hook)
    return InitResult(tuple(written), missing, snippet)


def init_lines(done: InitResult) -> list[str]:
    """What ``localize init`` tells a person: files written, a hook to add by hand, what next."""
    lines = [f"wrote {shown(path)}" for path in done.written]
    if done.pre_commit_snippet:
        lines.append("localize: .pre-commit-config.yaml exists; add this hook to it:")
        lines.append(done.pre_commit_snippet.rstrip("\n"))
    lines.append("next: put articles in articles/, then: localize update && localize translate")
    return lines
