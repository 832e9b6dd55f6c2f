"""Several glossary files (CSV or TBX) as one glossary; a project's glossary."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from localize.errors import GlossaryError
from localize.glossary.files import read_csv, write_csv
from localize.glossary.tbx import read_tbx
from localize.glossary.terms import Glossary, Term, term_key

if TYPE_CHECKING:
    from localize.config import Config

__all__ = ["load_glossaries", "project_glossary", "import_glossary"]


def load_glossaries(paths: Iterable[str | Path], *, source: str = "en") -> Glossary:
    """Merge glossary files (``.csv`` or ``.tbx``); a term defined twice is an error."""
    terms: list[Term] = []
    seen: dict[str, str] = {}
    for p in paths:
        p = Path(p)
        suffix = p.suffix.lower()
        if suffix not in (".csv", ".tbx"):
            raise GlossaryError("unknown glossary format (expected .csv or .tbx)", path=p)
        g = read_tbx(p, source=source) if suffix == ".tbx" else read_csv(p, source=source)
        for term in g.terms:
            for variant in term.sources:
                key = term_key(variant, False)
                if key in seen:
                    where, _, line = term.origin.rpartition(":")
                    raise GlossaryError(
                        f"duplicate term {variant!r} (also in {seen[key]})",
                        path=where or p,
                        line=int(line) if line.isdigit() else None,
                    )
                seen[key] = term.origin
            terms.append(term)
    return Glossary(tuple(terms), source)


def project_glossary(config: Config, paths: Sequence[Path] | None = None) -> Glossary | None:
    """The project's glossary files (``glossaries`` in localize.toml, or ``paths``) that exist,
    merged; None when there are none."""
    files = [Path(f) for f in (config.glossary_files() if paths is None else paths)]
    files = [f for f in files if f.exists()]
    if not files:
        return None
    return load_glossaries(files, source=config.source)


def import_glossary(
    path: str | Path,
    into: str | Path,
    *,
    existing: Iterable[str | Path] = (),
    source: str = "en",
    replace: bool = False,
) -> Glossary:
    """Convert a CSV or TBX file (Weblate, OmegaT, translate-toolkit) into the CSV ``into``.

    The terms must not clash with the ``existing`` glossary files (``into`` itself excepted when
    ``replace``); nothing is written if they do or the file is malformed.
    """
    into = Path(into)
    if into.exists() and not replace:
        raise GlossaryError("already exists", path=into, setting="replace")
    glossary = load_glossaries([path], source=source)
    others = [Path(p) for p in existing if Path(p).resolve() != into.resolve()]
    load_glossaries([*others, path], source=source)  # a term defined twice is an error
    into.parent.mkdir(parents=True, exist_ok=True)
    write_csv(glossary, into)
    return glossary
