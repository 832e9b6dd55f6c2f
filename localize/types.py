"""The types the public API's functions take and return, for annotations:
``from localize.types import Report``. Loaded on first use, like ``localize`` itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from localize._lazy import lazy_names

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


__getattr__, __dir__ = lazy_names(__name__, _PUBLIC)
