"""Which language a text is in: langdetect, deterministic, loaded only when a text is long
enough to judge (its profiles take ~30 MB and a second to load)."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from localize.lang import base_language

__all__ = [
    "ARTICLE_MIN_LETTERS",
    "MIN_LETTERS",
    "detect_language",
    "profile_name",
    "release_language_profiles",
]

#: Fewer letters than this and langdetect guesses; such texts are not judged.
MIN_LETTERS = 40
#: An article is said to be in another language only from this many letters, and only when
#: langdetect is sure (p >= 0.9): on English news (bench/langdetect_length.py) it misjudged 12
#: of 300 snippets of 40 letters, 3 of 295 of 60, none of about 1,200 of 80 letters or more.
ARTICLE_MIN_LETTERS = 200

# Locale codes langdetect knows under another name.
_LANGDETECT_NAMES = {"nb": "no", "nn": "no", "fil": "tl", "iw": "he"}


def detect_language(text: str, *, confidence: float = 0.0) -> str | None:
    """The language of ``text`` (langdetect's code, e.g. ``zh-cn``), the same on every run;
    None when the text is too short to judge or the best guess is less likely than
    ``confidence``."""
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return None
    return best.lang if best.prob >= confidence else None


def profile_name(code: str) -> str | None:
    """langdetect's name for the language of locale ``code``; None where it has no profile
    for it (it would name a neighbour instead: Kazakh as Russian)."""
    base = base_language(code)
    name = _LANGDETECT_NAMES.get(base, base)
    return name if name in _profiles() else None


@cache
def _profiles() -> frozenset[str]:
    """Languages langdetect has a profile for (zh-cn and zh-tw count as zh)."""
    from langdetect.detector_factory import PROFILES_DIRECTORY

    return frozenset(p.name.split("-")[0] for p in Path(PROFILES_DIRECTORY).iterdir())


def release_language_profiles() -> None:
    """Drop langdetect's profiles (~30 MB): a translation run needs that memory for the model."""
    factory = sys.modules.get("langdetect.detector_factory")
    if factory is not None:
        factory._factory = None  # type: ignore[attr-defined]
