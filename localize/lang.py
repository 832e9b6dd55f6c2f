"""Language codes and names (CLDR through Babel); plural forms as GNU gettext writes them."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from functools import cache

from localize.errors import UsageError

__all__ = [
    "base_language",
    "bcp47",
    "posix_locale",
    "check_locale",
    "parse_locales",
    "language_name",
    "plural_forms",
    "gettext_plural_forms",
    "cldr_plural_forms",
    "accepted_plural_forms",
    "parse_plural_forms",
    "plural_signature",
    "PluralFormsError",
    "nplurals",
    "catalog_nplurals",
]


_SUBTAG = re.compile(r"[-_]")


def base_language(code: str) -> str:
    """The language of a locale, as written: ``pt_BR``, ``pt-BR`` -> ``pt``; ``sr@latin`` stays
    (its script is not Serbian's default, so it shares no forms with ``sr``)."""
    return _SUBTAG.split(code, maxsplit=1)[0]


def bcp47(code: str) -> str:
    """A gettext locale (``pt_BR``, ``sr@latin``) as a BCP 47 tag (``pt-BR``, ``sr-Latn``)."""
    base, _, variant = code.partition("@")
    tag = base.replace("_", "-")
    scripts = {"latin": "Latn", "cyrillic": "Cyrl"}
    if variant in scripts:
        lang, _, rest = tag.partition("-")
        tag = "-".join(p for p in (lang, scripts[variant], rest) if p)
    return tag


def posix_locale(code: str) -> str:
    """``pt-br`` / ``pt_BR`` -> ``pt_BR``: a BCP 47 tag (TMX, XLIFF) in gettext's form."""
    parts = _SUBTAG.split(code)
    return "_".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])


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
    """``ru`` -> ``Russian (русский)``; English name first, then the language's own. A locale
    CLDR lacks (``tet``, ``udm``, ``cak``: real projects ship them) is named by its code."""
    from babel import Locale, UnknownLocaleError

    try:
        loc = Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    english = loc.get_display_name("en") or code
    native = loc.get_display_name(loc) or ""
    return english if not native or native == english else f"{english} ({native})"


# --- plural forms ----------------------------------------------------------------------------
# GNU gettext's table (gettext-tools/src/plural-table.c, what msginit writes and what nearly
# every catalog in the wild carries); CLDR's rules (through Babel) for the languages it lacks.
_RU_LIKE = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
_CS_LIKE = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"
_GETTEXT_PLURALS: dict[str, str] = {
    **dict.fromkeys(("ja", "vi", "ko"), "nplurals=1; plural=0;"),
    **dict.fromkeys(
        "en de nl sv da no nb nn fo es pt it bg el fi et he eo hu tr ca".split(),
        "nplurals=2; plural=(n != 1);",
    ),
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "lt": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) "
        "? 1 : 2);"
    ),
    **dict.fromkeys(("ru", "uk", "be", "sr", "hr"), _RU_LIKE),
    "cs": _CS_LIKE,
    "sk": _CS_LIKE,
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
}


def gettext_plural_forms(code: str) -> str | None:
    """GNU gettext's Plural-Forms for ``code`` (as msginit looks it up: the full code, then its
    language: pt_BR has its own entry, de_AT takes de's), or None where gettext has none."""
    code = code.replace("-", "_")
    return _GETTEXT_PLURALS.get(code) or _GETTEXT_PLURALS.get(code.split("_")[0])


@cache
def cldr_plural_forms(code: str) -> str | None:
    """CLDR's Plural-Forms for ``code`` as the installed Babel writes it; None for a locale
    Babel does not know."""
    from babel import UnknownLocaleError
    from babel.messages.plurals import get_plural

    try:
        return get_plural(code.replace("-", "_")).plural_forms
    except (UnknownLocaleError, ValueError, TypeError):
        return None


# A locale neither table knows, in a catalog whose header has no usable Plural-Forms: the
# germanic two forms (msginit would write placeholders; its catalog's header is what counts).
_FALLBACK_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"


@cache
def plural_forms(code: str) -> str:
    """The Plural-Forms header a new catalog gets: gettext's where it has one, else CLDR's,
    else two forms (a locale neither knows)."""
    return gettext_plural_forms(code) or cldr_plural_forms(code) or _FALLBACK_PLURAL_FORMS


def accepted_plural_forms(code: str) -> list[tuple[str, str]]:
    """``[(source, Plural-Forms)]`` a catalog of ``code`` may carry: gettext's, CLDR's; empty
    for a locale neither knows (its catalog's own header is then the only authority)."""
    gettext = gettext_plural_forms(code)
    cldr = cldr_plural_forms(code)
    if cldr is None:
        return [] if gettext is None else [("GNU gettext", gettext)]
    if gettext is None:
        return [("CLDR", cldr)]
    if plural_signature(cldr) == plural_signature(gettext):
        return [("GNU gettext and CLDR", gettext)]
    return [("GNU gettext", gettext), ("CLDR", cldr)]


def nplurals(code: str) -> int:
    """How many forms a new catalog of ``code`` has (see plural_forms)."""
    return parse_plural_forms(plural_forms(code))[0]


_NPLURALS_RE = re.compile(r"nplurals\s*=\s*(\d+)")


def declared_nplurals(value: str) -> int | None:
    """The nplurals a Plural-Forms value declares, read as msgmerge reads it (the expression
    unchecked); None where it declares none."""
    m = _NPLURALS_RE.search(value)
    return int(m.group(1)) if m else None


_PLURAL_FORMS_RE = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.*?)\s*;?\s*$", re.S)


class PluralFormsError(ValueError):
    """A Plural-Forms value msgfmt -c would reject; the message says why."""


@cache
def parse_plural_forms(value: str) -> tuple[int, Callable[[int], int]]:
    """``nplurals=N; plural=EXPR;`` -> (N, a function of n), checked as ``msgfmt -c`` does:
    a C expression of n, whose values stay below N."""
    m = _PLURAL_FORMS_RE.match(value)
    if m is None:
        raise PluralFormsError("expected 'nplurals=N; plural=EXPRESSION;'")
    count = int(m.group(1))
    if count < 1:
        raise PluralFormsError(f"nplurals = {count} must be at least 1")
    fn = _compile_plural(m.group(2))
    for n in _PROBES:
        value_n = fn(n)
        if not 0 <= value_n < count:
            raise PluralFormsError(
                f"nplurals = {count} but plural expression can produce values as large as "
                f"{value_n} (n = {n})"
            )
    return count, fn


# Numbers whose plural category tells formulas apart (every rule looks at n, n%10, n%100).
_PROBES = (*range(0, 220), 1000, 1001, 1002, 1005, 1011, 1021, 100000, 1000000)


@cache
def plural_signature(value: str) -> tuple[int, tuple[int, ...]]:
    """What a Plural-Forms value means: nplurals and the form it picks for sample numbers."""
    count, fn = parse_plural_forms(value)
    return count, tuple(fn(n) for n in _PROBES)


def _compile_plural(expr: str) -> Callable[[int], int]:
    """A gettext plural expression (C syntax: ?: || && == != < > <= >= + - * / % ! n, integers)
    as a function of n; anything else raises PluralFormsError."""
    tokens = re.findall(r"\s*(\d+|n|\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()]|\S)", expr)
    if "".join(tokens).strip() != re.sub(r"\s+", "", expr) or not tokens:
        raise PluralFormsError(f"invalid plural expression {expr!r}")
    pos = 0

    def peek() -> str | None:
        return tokens[pos] if pos < len(tokens) else None

    def take(expected: str | None = None) -> str:
        nonlocal pos
        tok = peek()
        if tok is None or (expected is not None and tok != expected):
            raise PluralFormsError(f"invalid plural expression {expr!r}")
        pos += 1
        return tok

    binary: list[tuple[str, ...]] = [
        ("||",),
        ("&&",),
        ("==", "!="),
        ("<", ">", "<=", ">="),
        ("+", "-"),
        ("*", "/", "%"),
    ]

    def ternary() -> Callable[[int], int]:
        cond = level(0)
        if peek() != "?":
            return cond
        take("?")
        yes = ternary()
        take(":")
        no = ternary()
        return lambda n: yes(n) if cond(n) else no(n)

    def level(i: int) -> Callable[[int], int]:
        if i == len(binary):
            return unary()
        left = level(i + 1)
        while peek() in binary[i]:
            left = _binop(take(), left, level(i + 1))
        return left

    def unary() -> Callable[[int], int]:
        tok = take()
        if tok == "!":
            inner = unary()
            return lambda n: int(not inner(n))
        if tok == "(":
            inner = ternary()
            take(")")
            return inner
        if tok == "n":
            return lambda n: n
        if tok.isdigit():
            k = int(tok)
            return lambda n: k
        raise PluralFormsError(f"invalid plural expression {expr!r}")

    try:
        fn = ternary()
    except RecursionError:  # thousands of nested parentheses
        raise PluralFormsError(f"plural expression nested too deeply: {expr[:40]!r}…") from None
    if pos != len(tokens):
        raise PluralFormsError(f"invalid plural expression {expr!r}")

    def safe(n: int) -> int:
        try:
            return fn(n)
        except ZeroDivisionError:
            raise PluralFormsError(f"plural expression {expr!r} divides by zero") from None

    return safe


def _binop(op: str, a: Callable[[int], int], b: Callable[[int], int]) -> Callable[[int], int]:
    # C semantics on non-negative integers (gettext evaluates unsigned long).
    ops: dict[str, Callable[[int, int], int]] = {
        "==": lambda x, y: int(x == y),
        "!=": lambda x, y: int(x != y),
        "<": lambda x, y: int(x < y),
        ">": lambda x, y: int(x > y),
        "<=": lambda x, y: int(x <= y),
        ">=": lambda x, y: int(x >= y),
        "+": lambda x, y: x + y,
        "-": lambda x, y: x - y,
        "*": lambda x, y: x * y,
        "/": lambda x, y: x // y,
        "%": lambda x, y: x % y,
    }
    if op == "||":
        return lambda n: int(bool(a(n)) or bool(b(n)))
    if op == "&&":
        return lambda n: int(bool(a(n)) and bool(b(n)))
    f = ops[op]
    return lambda n: f(a(n), b(n))


def catalog_nplurals(value: str, code: str, *, unchecked: bool = False) -> int:
    """The plural forms a catalog's entries need: its header's nplurals (gettext's 2 for fr and
    CLDR's 3 are both complete), the locale's default where the header has none or is invalid.

    ``unchecked``: read the count as msgmerge does, whatever the expression (1 to 100)."""
    if unchecked:
        found = declared_nplurals(value)
        return found if found is not None and 0 < found <= 100 else nplurals(code)
    try:
        return parse_plural_forms(value)[0]
    except PluralFormsError:
        return nplurals(code)
