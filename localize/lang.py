"""Language codes, names and plural rules, all from CLDR through Babel."""

from __future__ import annotations

import difflib
from functools import cache

from localize.errors import UsageError

__all__ = ["check_locale", "parse_locales", "language_name", "plural_forms", "nplurals"]


@cache
def _known() -> tuple[str, ...]:
    from babel import localedata

    return tuple(sorted(localedata.locale_identifiers()))


@cache
def check_locale(code: str) -> str:
    """Return ``code`` in gettext form (``pt_BR``) or raise UsageError naming close codes."""
    from babel import Locale, UnknownLocaleError

    raw = code.strip()
    try:
        loc = Locale.parse(raw.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        close = difflib.get_close_matches(raw, _known(), n=5, cutoff=0.6)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(
            f"unknown language code {raw!r}{hint} (codes are CLDR identifiers, e.g. ru, uk, pt_BR)"
        ) from None
    return str(loc)


def parse_locales(value: str | list[str] | tuple[str, ...]) -> list[str]:
    """Parse ``ru,uk de`` (or a list) into checked, de-duplicated codes, order kept."""
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        code = check_locale(item)
        if code not in out:
            out.append(code)
    return out


@cache
def language_name(code: str) -> str:
    """``ru`` -> ``Russian (русский)``; English name first, then the language's own."""
    from babel import Locale

    loc = Locale.parse(code)
    english = loc.get_display_name("en") or code
    native = loc.get_display_name(loc) or ""
    return english if not native or native == english else f"{english} ({native})"


@cache
def plural_forms(code: str) -> str:
    """The gettext Plural-Forms header value for ``code`` (CLDR rules via Babel)."""
    from babel.messages.plurals import get_plural

    return get_plural(code).plural_forms


def nplurals(code: str) -> int:
    from babel.messages.plurals import get_plural

    return get_plural(code).num_plurals
