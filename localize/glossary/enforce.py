"""Enforcement during machine translation.

In at most three batched engine calls:

1. protect: each term becomes a placeholder (``XTM0``) the engine copies; :func:`restore` puts
   the preferred form back, tolerant of the engine's spacing, case and Cyrillic look-alikes, and
   a case ending the engine glued on ("XTM0а") picks the accepted form with that ending;
2. for texts whose placeholders were lost: translate without placeholders;
3. repair: the engine's own rendering of each failing term, translated alone ("Crimea" ->
   "Полуостров"), is looked up in that translation and replaced by the accepted form with the
   same ending. An engine that mistranslates a name alone mistranslates it the same way in
   context, so this finds it without an alignment model. What still fails is reported as a
   translator comment (``Violation.message``), never hidden.

With ``plain_first=True`` the plain translation comes first and only texts that fail
:func:`verify` are protected: placeholders restore one form (usually the nominative), while an
engine that already writes "Крыма" after "возвращение" is grammatical and should be kept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from localize.glossary.inplace import choose_form, english_before
from localize.glossary.terms import (
    _HYPHENS,
    Glossary,
    TermMatch,
    _key,
    _norm_space,
    _phrase,
    all_caps,
    find_terms,
    form_with_ending,
    verify,
)

__all__ = ["Protected", "protect", "restore", "repair", "enforce"]

# Latin capitals and a number, a word in no language: NMT models copy it like a product code.
# Restoring accepts what engines do to such tokens: spaces inside, lower case, Cyrillic
# look-alikes (ХТМ), a case ending glued on ("XTM0а", "XTM0-а").
_PLACEHOLDER = "XTM{}"
_PLACEHOLDER_RE = re.compile(
    r"(?<![\w])[XxХх]\s?[TtТт]\s?[MmМм]\s?[-_]?\s?(\d{1,3})(?:-?([^\W\d_]{1,3}))?(?!\w)"
)


@dataclass(frozen=True)
class Protected:
    text: str
    values: tuple[str, ...]  # what placeholder i restores to
    forms: tuple[tuple[str, ...], ...] = ()  # accepted forms of placeholder i (for endings)


def protect(text: str, matches: Sequence[TermMatch], lang: str) -> Protected:
    """Replace each term with a placeholder the engine copies; remember its target form."""
    if _PLACEHOLDER_RE.search(text):  # the text already holds such a token: do not guess
        return Protected(text, ())
    out, values, forms_out, pos = [], [], [], 0
    caps = all_caps(text)
    for m in sorted(matches, key=lambda m: m.start):
        forms = m.term.forms(lang)
        if not forms or m.start < pos:  # no rule for this language: let the engine translate
            continue
        verbatim = m.term.dnt and not m.term.exception(lang)
        value = m.text if verbatim else forms[0].upper() if caps else forms[0]
        # "the New York Times" with the form "The New York Times": the article goes with it
        start = m.start - len(_article_before(text[pos : m.start], value))
        out.append(text[pos:start])
        out.append(_PLACEHOLDER.format(len(values)))
        values.append(value)
        forms_out.append((m.text,) if verbatim else forms)
        pos = m.end
    out.append(text[pos:])
    return Protected("".join(out), tuple(values), tuple(forms_out))


def _article_before(before: str, form: str) -> str:
    """The end of ``before`` that repeats the first word of ``form`` when that word is an
    article ("in the " before "The New York Times"), else ""."""
    first = form.split(" ", 1)[0]
    if first.lower() not in _ARTICLES or " " not in form:
        return ""
    m = re.search(rf"(?<!\w){re.escape(first)}\s+$", before, re.IGNORECASE)
    return m.group() if m else ""


_ARTICLES = {"the", "a", "an", "el", "la", "los", "las", "le", "les", "der", "die", "das", "il"}


def restore(translated: str, protected: Protected) -> tuple[str, list[str]]:
    """Put the target forms back; also returns the placeholders the engine lost."""
    seen: set[int] = set()

    def put(m: re.Match[str]) -> str:
        i = int(m.group(1))
        if i >= len(protected.values):
            return m.group()
        seen.add(i)
        ending = m.group(2) or ""
        if ending and i < len(protected.forms) and len(protected.forms[i]) > 1:
            return form_with_ending(protected.forms[i], ending)
        return protected.values[i]

    text = _PLACEHOLDER_RE.sub(put, translated)
    for value in set(protected.values):
        first = value.split(" ", 1)[0]
        if first.lower() in _ARTICLES and " " in value:  # "the The New York Times"
            text = re.sub(
                rf"(?<!\w){re.escape(first)}\s+(?={re.escape(value)})", "", text, flags=re.I
            )
    lost = [_PLACEHOLDER.format(i) for i in range(len(protected.values)) if i not in seen]
    return text, lost


def repair(
    source: str,
    translated: str,
    glossary: Glossary,
    lang: str,
    renderings: Mapping[str, str] | None = None,
) -> str:
    """Best effort without placeholders, for terms :func:`verify` finds missing.

    A term the engine copied untranslated, or rendered as ``renderings[source form]`` (the
    engine's translation of the term alone), gets the accepted form; an inflected rendering
    ("Полуострова") is found by its stem and gets the accepted form with the same ending.
    Replaces at most as many occurrences as the source has.
    """
    renderings = renderings or {}
    missing = {v.term for v in verify(source, translated, glossary, lang)}
    found = [m for m in find_terms(glossary, source) if m.term in missing]
    counts = Counter((m.term, m.text) for m in found)
    for (term, text), count in counts.items():
        english = [
            english_before(source, m.start) for m in found if (m.term, m.text) == (term, text)
        ]
        verbatim = term.dnt and not term.exception(lang)
        forms = (text,) if verbatim else term.forms(lang)
        if not forms:
            continue
        wrong = [text] if not verbatim else []
        rendering = _norm_space(renderings.get(text, "")).strip(" .!?;:,")
        if (
            rendering
            # a rendering much longer than the term is a sentence, not a name
            and len(rendering.split()) <= len(text.split()) + 1
            and _key(rendering, False) not in {_key(f, False) for f in forms}
        ):
            wrong.append(rendering)
        for bad in wrong:
            translated, count = _replace(
                translated,
                bad,
                forms,
                count,
                exact=bad == text,
                lang=lang,
                english=english,
                upper=all_caps(source) and not verbatim,
            )
    return translated


def _replace(
    text: str,
    wrong: str,
    forms: Sequence[str],
    count: int,
    *,
    exact: bool,
    lang: str = "",
    english: Sequence[str] = (),
    upper: bool = False,
) -> tuple[str, int]:
    """Replace up to ``count`` occurrences of ``wrong`` (or an inflection of it)."""
    words = wrong.split()
    last = words[-1]
    head = "".join(_phrase(w) + r"\s+" for w in words[:-1])
    if not exact and len(last) >= 5 and last[-1].isalpha():
        stem = last[:-1] if last[-1].lower() in "аяоеёуюыийьъaeo" else last
        tail = _phrase(stem) + r"(?P<end>[^\W\d_]{0,3})"
    else:
        tail = _phrase(last) + "(?P<end>)"
    # never inside a hyphenated compound: "Руссия-controlled" is not an occurrence of Russia
    pattern = re.compile(
        rf"(?<![\w{_HYPHENS}]){head}{tail}(?!\w|[{_HYPHENS}]\w)", 0 if exact else re.IGNORECASE
    )
    left = count

    preps = list(english)

    def put(m: re.Match[str]) -> str:
        nonlocal left
        if left <= 0:
            return m.group()
        left -= 1
        prep = preps.pop(0) if preps else ""
        if not lang:
            form = form_with_ending(forms, m.group("end"))
        else:
            form = choose_form(forms, lang, text, m.start(), m.group(), prep, m.group("end"))
        return form.upper() if upper else form

    return pattern.sub(put, text), left


def enforce(
    texts: Sequence[str],
    translate: Callable[[list[str]], Sequence[object]],
    glossary: Glossary,
    lang: str,
    *,
    plain_first: bool = False,
    compositional: bool = False,
) -> list[tuple[str, list[str]]]:
    """Translate ``texts`` with the glossary enforced; returns (text, comment lines) 1:1.

    ``compositional`` is for rule-based engines (Apertium): texts are translated untouched and
    wrong terms replaced in the engine's output (:mod:`localize.glossary.inplace`); only terms
    whose rendering is not found there are protected.

    Protect -> engine -> restore; texts whose placeholders were lost are translated again
    without them and repaired with the engine's own rendering of each failing term (one more
    call for the terms alone). ``plain_first`` translates plainly first and protects only the
    texts that fail. ``translate`` returns strings or engine translations (``.text``, ``.note``).
    What is still wrong comes back as ``glossary:`` comment lines, not hidden.
    """
    texts = list(texts)
    if compositional:
        return _finish(texts, _in_place(texts, translate, glossary, lang), glossary, lang)
    matches = [find_terms(glossary, t) for t in texts]
    outs: list[tuple[str, str]] = [("", "")] * len(texts)
    todo = list(range(len(texts)))
    plain: dict[int, tuple[str, str]] = {}
    if plain_first:
        for i, out in zip(todo, _call(translate, texts), strict=True):
            plain[i] = outs[i] = out
        todo = [i for i in todo if verify(texts[i], outs[i][0], glossary, lang)]
    protected = {i: protect(texts[i], matches[i], lang) for i in todo}
    retry: list[int] = []
    for i, (out, note) in zip(
        todo, _call(translate, [protected[i].text for i in todo]), strict=True
    ):
        text, lost = restore(out, protected[i])
        if lost or _PLACEHOLDER_RE.search(text):
            retry.append(i)
        outs[i] = (text, note)
    need_plain = [i for i in retry if i not in plain]
    for i, out in zip(need_plain, _call(translate, [texts[i] for i in need_plain]), strict=True):
        plain[i] = out
    for i in retry:
        outs[i] = plain[i]
    failing = {i: verify(texts[i], outs[i][0], glossary, lang) for i in retry}
    wanted = sorted(
        {m.text for i, vs in failing.items() for m in matches[i] if m.term in {v.term for v in vs}}
    )
    renderings = {w: r for w, (r, _) in zip(wanted, _call(translate, wanted), strict=True)}
    for i in failing:
        if failing[i]:
            text, note = outs[i]
            outs[i] = (repair(texts[i], text, glossary, lang, renderings), note)
    return _finish(texts, outs, glossary, lang)


def _finish(
    texts: Sequence[str], outs: Sequence[tuple[str, str]], glossary: Glossary, lang: str
) -> list[tuple[str, list[str]]]:
    """(text, comment lines): the engine's note without placeholders, then what is still wrong."""
    final = []
    for src, (text, note) in zip(texts, outs, strict=True):
        violations = verify(src, text, glossary, lang)
        if note:
            wrong = {v.term for v in violations}
            note = _drop_placeholders(note, _settled_words(src, glossary, wrong))
        lines = [f"engine: {note}"] if note else []
        lines += [v.message for v in violations]
        final.append((text, lines))
    return final


def _in_place(
    texts: list[str],
    translate: Callable[[list[str]], Sequence[object]],
    glossary: Glossary,
    lang: str,
) -> list[tuple[str, str]]:
    """Plain translation, wrong terms replaced in place; protection where that fails."""
    from localize.glossary.inplace import renderings_wanted, replace_in_place

    outs = _call(translate, texts)
    failing = {}
    for i, (text, _) in enumerate(outs):
        violations = verify(texts[i], text, glossary, lang)
        if violations:
            failing[i] = violations
    wanted: dict[str, None] = {}
    for i, violations in failing.items():
        wanted.update(
            dict.fromkeys(renderings_wanted(texts[i], [v.term for v in violations], glossary))
        )
    renderings = {w: r for w, (r, _) in zip(wanted, _call(translate, list(wanted)), strict=True)}
    left: dict[int, set] = {}
    for i in failing:
        text, note = outs[i]
        text, _ = replace_in_place(texts[i], text, glossary, lang, renderings)
        outs[i] = (text, note)
        still = {v.term for v in verify(texts[i], text, glossary, lang)}
        if still:
            left[i] = still
    # Protect only the terms still wrong, and keep the result only if it is right.
    protected = {
        i: protect(texts[i], [m for m in find_terms(glossary, texts[i]) if m.term in left[i]], lang)
        for i in left
    }
    todo = [i for i in left if protected[i].values]
    for i, (out, _) in zip(todo, _call(translate, [protected[i].text for i in todo]), strict=True):
        text, lost = restore(out, protected[i])
        if lost or _PLACEHOLDER_RE.search(text) or verify(texts[i], text, glossary, lang):
            continue
        outs[i] = (text, outs[i][1])  # the plain run's note: it names no placeholder
    return outs


def _call(
    translate: Callable[[list[str]], Sequence[object]], texts: list[str]
) -> list[tuple[str, str]]:
    """One engine call; (text, note) per input."""
    if not texts:
        return []
    out = list(translate(texts))
    if len(out) != len(texts):
        from localize.errors import EngineError

        raise EngineError(f"engine returned {len(out)} translations for {len(texts)} texts")
    return [(getattr(o, "text", o), getattr(o, "note", "")) for o in out]  # type: ignore[misc]


def _drop_placeholders(note: str, settled: frozenset[str] = frozenset()) -> str:
    """An engine note names neither our placeholders nor words the glossary settled.

    A note is parts like ``apertium unknown words: A, B`` joined by "; ". A word of a term whose
    target form was verified (``settled``) is no news to the editor even where the engine did not
    know it ("unknown words: Crimea"); a part left with no word goes.
    """
    if not _PLACEHOLDER_RE.search(note) and not settled:
        return note
    parts = []
    for part in note.split("; "):
        head, sep, tail = part.partition(": ")
        if not sep:
            if not _PLACEHOLDER_RE.search(part):
                parts.append(part)
            continue
        words = [
            w for w in tail.split(", ") if not _PLACEHOLDER_RE.fullmatch(w) and w not in settled
        ]
        if words:
            parts.append(f"{head}: {', '.join(words)}")
    return "; ".join(parts)


def _settled_words(src: str, glossary: Glossary, wrong: set[str]) -> frozenset[str]:
    """The words of the source's term occurrences whose terms are not in ``wrong``."""
    return frozenset(
        w
        for m in find_terms(glossary, src)
        if m.term not in wrong
        for w in re.findall(r"\w+", m.text)
    )
