"""Translation memory: the index of reviewed translations, fuzzy matches, TMX.

The front door: modules outside this package import from ``localize.memory`` only.
"""

from __future__ import annotations

from localize.memory.index import (
    THRESHOLD,
    Match,
    Memory,
    Recalled,
    Unit,
    adapt,
    export_tmx,
    from_memory,
    import_tmx,
    normalize,
    open_memory,
    read_tmx,
    recall,
    similarity,
    write_tmx,
)

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
]
