"""localize: news articles to reviewed gettext catalogs, translated offline."""

from __future__ import annotations

from localize.config import Config, load_config
from localize.errors import LocalizeError

__version__ = "0.1.0"

__all__ = ["Config", "LocalizeError", "load_config", "__version__"]
