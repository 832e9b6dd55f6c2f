"""The small interface every translation engine implements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["Translation", "Engine"]


@dataclass(frozen=True)
class Translation:
    text: str
    score: float | None = None
    note: str = ""  # for the editor, e.g. "truncated: source longer than the model's positions"
    confidence: float | None = None  # 0-1 where the engine has its own (engine/confidence.py)


class Engine(Protocol):
    name: str

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        """Translate ``texts`` 1:1, in order, in as few model calls as possible."""
        ...
