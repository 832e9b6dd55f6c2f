"""localize: news articles to reviewed gettext catalogs, translated offline.

The public API is the names in ``__all__`` (about thirty), the result types in
:mod:`localize.types` (for annotations) and the error classes in :mod:`localize.errors`;
everything else is private (``localize.<module>`` may change without notice). Names load on
first use (PEP 562), so ``import localize`` stays as fast as the ``check`` and ``status``
commands need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from localize._lazy import lazy_names
from localize._version import __version__

if TYPE_CHECKING:  # what type checkers and readers see; at run time, _PUBLIC loads them
    from localize.catalog import extract as extract_catalog
    from localize.catalog import read_catalog, write_catalog
    from localize.catalog import update as merge_catalog
    from localize.config import Config, load_config
    from localize.engine.plan import installed_models
    from localize.errors import LocalizeError, MissingModelError
    from localize.formats import iter_segments, rebuild
    from localize.glossary import find_terms, load_glossaries, project_glossary
    from localize.modelindex import install_from_index
    from localize.models import install_package, list_models, remove_model
    from localize.options import TranslateOptions
    from localize.pipeline import (
        build_article,
        extract_articles,
        translate_articles,
        update_articles,
    )
    from localize.review import check_project, project_status
    from localize.segment import segment_text
    from localize.xliff import export_xliff, import_xliff, read_xliff

__all__ = [
    "__version__",
    # project
    "Config",
    "load_config",
    # segmentation: text in, segments out
    "segment_text",
    "iter_segments",
    "rebuild",
    # catalogs: polib POFiles
    "extract_catalog",
    "merge_catalog",
    "read_catalog",
    "write_catalog",
    # the commands' library functions over a project's files
    "extract_articles",
    "update_articles",
    "translate_articles",
    "build_article",
    "TranslateOptions",
    # review and the CI gate
    "check_project",
    "project_status",
    # terminology
    "load_glossaries",
    "project_glossary",
    "find_terms",
    # models
    "install_package",
    "install_from_index",
    "list_models",
    "remove_model",
    "installed_models",
    # CAT tools: XLIFF 1.2 and 2.1
    "export_xliff",
    "import_xliff",
    "read_xliff",
    # errors: str(error) is "path:line: message"; every class is in localize.errors
    "LocalizeError",
    "MissingModelError",
]

# public name -> (module, name there): loaded on first use
_PUBLIC: dict[str, tuple[str, str]] = {
    # project
    "Config": ("localize.config", "Config"),
    "load_config": ("localize.config", "load_config"),
    # segmentation: text in, segments out
    "segment_text": ("localize.segment", "segment_text"),
    "iter_segments": ("localize.formats", "iter_segments"),  # text, HTML or Markdown
    "rebuild": ("localize.formats", "rebuild"),  # text, HTML or Markdown
    # catalogs: polib POFiles
    "extract_catalog": ("localize.catalog", "extract"),
    "merge_catalog": ("localize.catalog", "update"),
    "read_catalog": ("localize.catalog", "read_catalog"),
    "write_catalog": ("localize.catalog", "write_catalog"),
    # the commands' library functions over a project's files
    "extract_articles": ("localize.pipeline", "extract_articles"),
    "update_articles": ("localize.pipeline", "update_articles"),
    "translate_articles": ("localize.pipeline", "translate_articles"),
    "build_article": ("localize.pipeline", "build_article"),
    "TranslateOptions": ("localize.options", "TranslateOptions"),
    # review and the CI gate
    "check_project": ("localize.review", "check_project"),
    "project_status": ("localize.review", "project_status"),
    # terminology
    "load_glossaries": ("localize.glossary", "load_glossaries"),
    "project_glossary": ("localize.glossary", "project_glossary"),
    "find_terms": ("localize.glossary", "find_terms"),
    # models
    "install_package": ("localize.models", "install_package"),
    "install_from_index": ("localize.modelindex", "install_from_index"),
    "list_models": ("localize.models", "list_models"),
    "remove_model": ("localize.models", "remove_model"),
    "installed_models": (
        "localize.engine.plan",
        "installed_models",
    ),  # Argos packages and Apertium pairs
    # CAT tools: XLIFF 1.2 and 2.1
    "export_xliff": ("localize.xliff", "export_xliff"),
    "import_xliff": ("localize.xliff", "import_xliff"),
    "read_xliff": ("localize.xliff", "read_xliff"),
    # errors: str(error) is "path:line: message"; every class is in localize.errors
    "LocalizeError": ("localize.errors", "LocalizeError"),
    "MissingModelError": ("localize.errors", "MissingModelError"),
}


__getattr__, __dir__ = lazy_names(__name__, _PUBLIC)
