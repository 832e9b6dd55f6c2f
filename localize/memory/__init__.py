"""Translation memory: the index of reviewed translations, fuzzy matches, TMX.

The front door: modules outside this package import from ``localize.memory`` only.
"""

from __future__ import annotations

from localize.memory.exchange import export_tmx, import_tmx
from localize.memory.index import Memory, open_memory
from localize.memory.match import THRESHOLD, Match, Unit, normalize, similarity
from localize.memory.recall import Recalled, adapt, from_memory, recall
from localize.memory.render import tmx_exported_line, tmx_imported_line, tmx_unlisted_warning
from localize.memory.tmx import read_tmx, write_tmx

__all__ = [
    "THRESHOLD",
    "Unit",
    "Match",
    "Memory",
    "normalize",
    "similarity",
    "open_memory",
    "recall",
    "read_tmx",
    "write_tmx",
    "export_tmx",
    "import_tmx",
    "Recalled",
    "adapt",
    "from_memory",
    "tmx_exported_line",
    "tmx_imported_line",
    "tmx_unlisted_warning",
]
