"""XLIFF 1.2 and 2.1 for CAT tools (Trados, memoQ, Phrase, OmegaT): export catalogs, import
a translator's file back, read any XLIFF file safely.

See :mod:`.export` (catalog -> XLIFF), :mod:`.read` (the located, validating reader, with the
XLIFF 2 checks in :mod:`.core`, :mod:`.modules` and their tables in :mod:`.schema`) and
:mod:`.importing` (XLIFF -> catalog, compare-and-swap, conflicts reported); :mod:`.render`
holds what the commands print.
"""

from __future__ import annotations

from localize.xliff.export import STATES, Exported, export_xliff, unit_id
from localize.xliff.importing import REVIEWED_STATES, Imported, import_xliff
from localize.xliff.read import XFile, XUnit, read_xliff
from localize.xliff.render import exported_line, import_finding_lines, imported_lines

__all__ = [
    "REVIEWED_STATES",
    "STATES",
    "Exported",
    "Imported",
    "XFile",
    "XUnit",
    "export_xliff",
    "import_xliff",
    "read_xliff",
    "unit_id",
    "exported_line",
    "import_finding_lines",
    "imported_lines",
]
