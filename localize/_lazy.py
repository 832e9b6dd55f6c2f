"""Names loaded on first use (PEP 562), so that importing the public API costs nothing."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    module: str, names: dict[str, tuple[str, str]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module's ``__getattr__`` and ``__dir__`` for ``names`` (name -> (module, name there)):
    each is imported on first use, then kept in the module like any other attribute."""
    namespace = sys.modules[module].__dict__

    def getattr_(name: str) -> Any:
        try:
            home, attr = names[name]
        except KeyError:
            raise AttributeError(f"module {module!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(home), attr)
        namespace[name] = value  # loaded once; later lookups do not come here
        return value

    def dir_() -> list[str]:
        return sorted({*namespace, *names})

    return getattr_, dir_
