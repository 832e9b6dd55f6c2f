"""The types the public API's functions take and return, for annotations:
``from localize.types import Report``. Loaded on first use, like ``localize`` itself."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from localize.catalog import Catalog
    from localize.engine.plan import InstalledModel
    from localize.glossary import Glossary, Term, TermMatch
    from localize.models import ModelPackage
    from localize.pipeline import (
        BuildResult,
        Gap,
        LangSummary,
        RunResult,
        TranslateSummary,
        Written,
    )
    from localize.review import CatalogStatus, Finding, Report, Stats
    from localize.segment import Document, Segment
    from localize.xliff import Exported, Imported, XUnit

__all__ = [
    # segmentation
    "Segment",
    "Document",
    # a catalog as read: polib's POFile with its header as read
    "Catalog",
    # the commands' results
    "RunResult",
    "Written",
    "TranslateSummary",
    "LangSummary",
    "BuildResult",
    "Gap",
    # review
    "Report",
    "Finding",
    "CatalogStatus",
    "Stats",
    # terminology
    "Glossary",
    "Term",
    "TermMatch",
    # models
    "ModelPackage",
    "InstalledModel",
    # XLIFF
    "Exported",
    "Imported",
    "XUnit",
]

# type name -> (module, name there): loaded on first use
_PUBLIC: dict[str, tuple[str, str]] = {
    # segmentation
    "Segment": ("localize.segment", "Segment"),
    "Document": ("localize.segment", "Document"),
    # a catalog as read: polib's POFile with its header as read
    "Catalog": ("localize.catalog", "Catalog"),
    # the commands' results
    "RunResult": ("localize.pipeline", "RunResult"),
    "Written": ("localize.pipeline", "Written"),
    "TranslateSummary": ("localize.pipeline", "TranslateSummary"),
    "LangSummary": ("localize.pipeline", "LangSummary"),
    "BuildResult": ("localize.pipeline", "BuildResult"),
    "Gap": ("localize.pipeline", "Gap"),
    # review
    "Report": ("localize.review", "Report"),
    "Finding": ("localize.review", "Finding"),
    "CatalogStatus": ("localize.review", "CatalogStatus"),
    "Stats": ("localize.review", "Stats"),
    # terminology
    "Glossary": ("localize.glossary", "Glossary"),
    "Term": ("localize.glossary", "Term"),
    "TermMatch": ("localize.glossary", "TermMatch"),
    # models
    "ModelPackage": ("localize.models", "ModelPackage"),
    "InstalledModel": ("localize.engine.plan", "InstalledModel"),
    # XLIFF
    "Exported": ("localize.xliff", "Exported"),
    "Imported": ("localize.xliff", "Imported"),
    "XUnit": ("localize.xliff", "XUnit"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attr = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value  # loaded once; later lookups do not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
