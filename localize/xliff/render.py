"""What the ``xliff`` commands show: the files exported, and what an import changed."""

from __future__ import annotations

from localize.fileio import shown
from localize.xliff.export import Exported
from localize.xliff.importing import Imported

__all__ = ["exported_line", "import_finding_lines", "imported_lines"]


def exported_line(done: Exported) -> str:
    return f"wrote {shown(done.path)}: {done.units} units"


def import_finding_lines(done: Imported) -> list[str]:
    """The import's conflicts and findings, ``path:line: [code] message`` each."""
    return [str(finding) for finding in done.findings]


def imported_lines(done: Imported) -> list[str]:
    """The catalogs written, then how many translations came in and how many findings."""
    return [f"wrote {shown(path)}" for path in done.written] + [
        f"imported {done.changed} translation(s); {len(done.findings)} finding(s)"
    ]
