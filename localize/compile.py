"""Binary catalogs: ``.mo`` beside each ``.po``; fuzzy entries left out, as msgfmt does."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from localize.config import Config

__all__ = ["compile_catalog", "compile_project"]


def compile_catalog(po_path: Path) -> Path:
    """Write ``<name>.mo`` next to ``po_path`` atomically; returns its path."""
    import tempfile

    from localize.catalog import read_catalog
    from localize.fileio import atomic_write_bytes

    po = read_catalog(po_path)
    for entry in list(po):
        # polib writes fuzzy and obsolete entries into .mo files; gettext must not see them.
        if entry.obsolete or "fuzzy" in entry.flags or not entry.translated():
            po.remove(entry)
    mo_path = po_path.with_suffix(".mo")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_mo = Path(tmp) / "out.mo"
        po.save_as_mofile(str(tmp_mo))
        atomic_write_bytes(mo_path, tmp_mo.read_bytes())
    return mo_path


def compile_project(config: Config, *, locales: Sequence[str] | None = None) -> list[Path]:
    """Compile every ``.po`` under the locales folder (only the given locales, if any)."""
    out = []
    for lang_dir in sorted(p for p in config.locales_dir.iterdir() if p.is_dir()):
        if locales and lang_dir.name not in locales:
            continue
        for po in sorted((lang_dir / "LC_MESSAGES").glob("*.po")):
            out.append(compile_catalog(po))
    return out
