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
from typing import cast

from localize.glossary.inplace import choose_form, nominative_note, phrase_pattern
from localize.glossary.terms import (
    HYPHENS,
    Glossary,
    Term,
    TermMatch,
    all_caps,
    find_terms,
    form_with_ending,
    norm_space,
    phrase_regex,
    sentence_start,
    term_key,
    verify,
)
from localize.lang import base_language

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
    # for the case the sentence needs: the source, each placeholder's term occurrence in it
    source: str = ""
    lang: str = ""
    matches: tuple[TermMatch, ...] = ()
    caps: bool = False


def protect(text: str, matches: Sequence[TermMatch], lang: str) -> Protected:
    """Replace each term with a placeholder the engine copies; remember its target form."""
    if _PLACEHOLDER_RE.search(text):  # the text already holds such a token: do not guess
        return Protected(text, ())
    values: list[str]
    out, values, forms_out, pos = [], [], [], 0
    kept: list[TermMatch] = []
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
        kept.append(m)
        pos = m.end
    out.append(text[pos:])
    return Protected("".join(out), tuple(values), tuple(forms_out), text, lang, tuple(kept), caps)


def _article_before(before: str, form: str) -> str:
    """The end of ``before`` that repeats the first word of ``form`` when that word is an
    article ("in the " before "The New York Times"), else ""."""
    first = form.split(" ", 1)[0]
    if first.lower() not in _ARTICLES or " " not in form:
        return ""
    m = re.search(rf"(?<!\w){re.escape(first)}\s+$", before, re.IGNORECASE)
    return m.group() if m else ""


_ARTICLES = {"the", "a", "an", "el", "la", "los", "las", "le", "les", "der", "die", "das", "il"}


def restore(
    translated: str,
    protected: Protected,
    *,
    engine: Sequence[str] = (),
    renderings: Mapping[str, str] | None = None,
    notes: list[str] | None = None,
    reasons: list[str] | None = None,
) -> tuple[str, list[str]]:
    """Put the target forms back; also returns the placeholders the engine lost.

    In Russian and Ukrainian each term takes the case its position needs
    (:func:`localize.glossary.inflect.sentence_case`); ``engine[i]`` is the engine's own words
    for placeholder i's term in a translation without placeholders, ``renderings`` its
    translations of the terms alone. A term given the nominative for want of evidence, or, in
    another inflecting language, restored without knowing its case, is named in ``notes``;
    ``reasons`` collects what decided each case (:func:`sentence_case`'s evidence).
    """
    seen: set[int] = set()
    morph = _morph(protected.lang)
    last: tuple[int, str] = (-1, "")  # where the previous placeholder ended, its case

    def put(m: re.Match[str]) -> str:
        nonlocal last
        i = int(m.group(1))
        if i >= len(protected.values):
            return m.group()
        seen.add(i)
        ending = m.group(2) or ""
        forms = protected.forms[i] if i < len(protected.forms) else ()
        match = protected.matches[i] if i < len(protected.matches) else None
        verbatim = match is not None and match.term.dnt and not match.term.exception(protected.lang)
        if ending and len(forms) > 1:
            return form_with_ending(forms, ending)
        if match is None or verbatim or not forms:
            return protected.values[i]
        if morph:
            from localize.glossary.inflect import (
                Where,
                coordinated,
                declinable,
                form_for_case,
                sentence_case,
            )

            if not declinable(forms[0], protected.lang):
                return protected.values[i]

            before = translated[: m.start()]
            where = Where(
                before=before,
                source=protected.source,
                start=match.start,
                end=match.end,
                engine=engine[i] if i < len(engine) else "",
                rendering=(renderings or {}).get(match.text, ""),
                previous=last[1]
                if last[0] >= 0 and coordinated(before[last[0] :], protected.lang)
                else "",
            )
            case, why = sentence_case(forms[0], protected.lang, where)
            form = form_for_case(forms, protected.lang, case)
            last = (m.end(), case)
            if reasons is not None:
                reasons.append(why)
            if not why and notes is not None:
                notes.append(nominative_note(match.term.name, form))
            return form.upper() if protected.caps else form
        if len(forms) > 1 and notes is not None and _inflecting(protected.lang):
            notes.append(
                f'glossary case: "{match.term.name}" → {protected.values[i]}, not inflected: '
                f"no dictionary for {protected.lang}"
            )
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


def _morph(lang: str) -> bool:
    from localize.glossary.inflect import MORPH_LANGS

    return base_language(lang) in MORPH_LANGS


def _inflecting(lang: str) -> bool:
    """A language whose names take case endings but that has no dictionary here (German)."""
    from localize.glossary.inflect import MORPH_LANGS, UNINFLECTED_NAMES

    base = base_language(lang)
    return bool(base) and base not in MORPH_LANGS and base not in UNINFLECTED_NAMES


def repair(
    source: str,
    translated: str,
    glossary: Glossary,
    lang: str,
    renderings: Mapping[str, str] | None = None,
    notes: list[str] | None = None,
) -> str:
    """Best effort without placeholders, for terms :func:`verify` finds missing.

    A term the engine copied untranslated, or rendered as ``renderings[source form]`` (the
    engine's translation of the term alone), gets the accepted form; an inflected rendering
    ("Полуострова") is found by its stem. In Russian and Ukrainian the form takes the case the
    sentence needs (:func:`localize.glossary.inflect.sentence_case`), elsewhere the ending of
    the engine's word. Replaces at most as many occurrences as the source has.
    """
    renderings = renderings or {}
    missing = {v.term for v in verify(source, translated, glossary, lang)}
    found = [m for m in find_terms(glossary, source) if m.term in missing]
    counts = Counter((m.term, m.text) for m in found)
    for (term, text), count in counts.items():
        occurrences = [m for m in found if (m.term, m.text) == (term, text)]
        verbatim = term.dnt and not term.exception(lang)
        forms = (text,) if verbatim else term.forms(lang)
        if not forms:
            continue
        wrong = [text] if not verbatim else []
        rendering = norm_space(renderings.get(text, "")).strip(" .!?;:,")
        if (
            rendering
            # a rendering much longer than the term is a sentence, not a name
            and len(rendering.split()) <= len(text.split()) + 1
            and term_key(rendering, term.case_sensitive)
            not in {term_key(f, term.case_sensitive) for f in forms}
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
                upper=all_caps(source) and not verbatim,
                source=source,
                occurrences=occurrences,
                rendering=rendering,
                notes=notes,
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
    upper: bool = False,
    source: str = "",
    occurrences: Sequence[TermMatch] = (),
    rendering: str = "",
    notes: list[str] | None = None,
) -> tuple[str, int]:
    """Replace up to ``count`` occurrences of ``wrong`` (or an inflection of it); the k-th
    replaced is the k-th of ``occurrences`` in ``source``."""
    from localize.glossary.inflect import Where

    words = wrong.split()
    last = words[-1]
    head = "".join(phrase_regex(w) + r"\s+" for w in words[:-1])
    if not exact and len(last) >= 5 and last[-1].isalpha():
        stem = last[:-1] if last[-1].lower() in "аяоеёуюыийьъaeo" else last
        tail = phrase_regex(stem) + r"(?P<end>[^\W\d_]{0,3})"
    else:
        tail = phrase_regex(last) + "(?P<end>)"
    # never inside a hyphenated compound: "Руссия-controlled" is not an occurrence of Russia
    pattern = re.compile(
        rf"(?<![\w{HYPHENS}]){head}{tail}(?!\w|[{HYPHENS}]\w)", 0 if exact else re.IGNORECASE
    )
    left = count
    todo = list(occurrences)

    def put(m: re.Match[str]) -> str:
        nonlocal left
        if left <= 0:
            return m.group()
        left -= 1
        occ = todo.pop(0) if todo else None
        if not lang:
            form = form_with_ending(forms, m.group("end"))
        else:
            where = Where(
                before=text[: m.start()],
                source=source if occ else "",
                start=occ.start if occ else 0,
                end=occ.end if occ else 0,
                engine=m.group(),
                rendering=rendering,
            )
            name = occ.term.name if occ else ""
            form = choose_form(
                forms, lang, text, m.start(), m.group(), "", m.group("end"), where, notes, name
            )
        return form.upper() if upper else form

    return pattern.sub(put, text), left


def recase(
    source: str,
    target: str,
    glossary: Glossary,
    lang: str,
    renderings: Mapping[str, str] | None = None,
) -> str:
    """``target`` with each accepted form of a term in the case its position needs, where the
    sentence shows it (a preposition, a possessive, "of", an object, a conjunction after
    another term) and the engine's own word does not (Russian, Ukrainian): "с Вашингтон" for
    "with Washington" becomes "с Вашингтоном", "в Москве" stays."""
    from localize.glossary.inflect import Where, coordinated, form_for_case, sentence_case

    if not _morph(lang):
        return target
    spots = _term_spots(source, target, glossary, lang, renderings or {})
    out: list[str] = []
    pos = 0
    last: tuple[int, str] = (-1, "")
    for m, start, end in spots:
        if start < pos:
            continue
        forms = m.term.forms(lang)
        word = target[start:end]
        built = "".join(out) + target[pos:start]
        between = built[last[0] :] if last[0] >= 0 else ""
        where = Where(
            before=built,
            source=source,
            start=m.start,
            end=m.end,
            engine=word,
            rendering=(renderings or {}).get(m.text, ""),
            previous=last[1] if between and coordinated(between, lang) else "",
        )
        case, why = sentence_case(forms[0], lang, where)
        new = word
        if why not in ("engine", ""):
            new = form_for_case(forms, lang, case)
            new = new.upper() if word.isupper() and len(word) > 1 else new
        out.append(target[pos:start])
        out.append(new)
        pos = end
        last = (len(built) + len(new), case)
    out.append(target[pos:])
    return "".join(out)


def _term_spots(
    source: str,
    target: str,
    glossary: Glossary,
    lang: str,
    renderings: Mapping[str, str],
    *,
    wrong_too: bool = False,
) -> list[tuple[TermMatch, int, int]]:
    """Each source occurrence of a term (not do-not-translate) with the span of ``target``
    that renders it: an accepted form (an inflection too), and with ``wrong_too`` the source
    form copied or the engine's rendering of the term alone, inflected; the k-th occurrence of a
    term gets its k-th span. Sorted by position in ``target``."""
    from localize.glossary.terms import accepted_forms, bounded_regex

    by_term: dict[Term, list[TermMatch]] = {}
    for m in find_terms(glossary, source):
        if m.term.forms(lang) and not (m.term.dnt and not m.term.exception(lang)):
            by_term.setdefault(m.term, []).append(m)
    taken: list[tuple[int, int]] = []
    out: list[tuple[TermMatch, int, int]] = []
    # longer terms first: "Владимир Путин" before "Путин"
    for term, occurrences in sorted(by_term.items(), key=lambda kv: -len(kv[1][0].text)):
        flags = 0 if term.case_sensitive and not all_caps(target) else re.IGNORECASE
        forms = sorted(accepted_forms(term, lang), key=len, reverse=True)
        patterns = [
            re.compile(bounded_regex(f, flex_first=True, strict=True), flags) for f in forms
        ]
        if wrong_too:
            for m in occurrences:
                for wrong in (m.text, norm_space(renderings.get(m.text, "")).strip(" .!?;:,")):
                    if wrong and len(wrong.split()) <= len(m.text.split()) + 1:
                        patterns.append(phrase_pattern(wrong))
        hits: list[tuple[int, int]] = []
        for pattern in patterns:
            for hit in pattern.finditer(target):
                span = hit.span()
                if all(span[1] <= s or e <= span[0] for s, e in taken + hits):
                    hits.append(span)
        hits.sort()
        for m, (s, e) in zip(occurrences, hits, strict=False):
            out.append((m, s, e))
            taken.append((s, e))
    return sorted(out, key=lambda x: x[1])


def engine_words(
    source: str,
    plain: str,
    protected: Protected,
    glossary: Glossary,
    lang: str,
    renderings: Mapping[str, str],
) -> list[str]:
    """For each placeholder of ``protected``, the words of ``plain`` (the same sentence
    translated without placeholders) that render its term, or ""."""
    spots = {
        (m.start, m.end): plain[s:e]
        for m, s, e in _term_spots(source, plain, glossary, lang, renderings, wrong_too=True)
    }
    return [spots.get((m.start, m.end), "") for m in protected.matches]


def _move_possessives(source: str, text: str, glossary: Glossary, lang: str) -> str:
    """An English possessive the engine left after a term ("России's решение") goes, and the
    noun it owned comes first ("решение России")."""
    if not _morph(lang) or not re.search(r"['’]", text):
        return text
    for m, start, end in reversed(_term_spots(source, text, glossary, lang, {})):
        if not re.match(r"['’][sS]?(?!\w)", source[m.end :]):
            continue
        after = re.match(r"['’][sS]?(?!\w)(\s+([^\W\d_]+))?", text[end:])
        if after is None:
            continue
        noun = after.group(2) or ""
        if not re.search(r"[а-яёіїєґ]", noun.lower()):
            text = text[:end] + text[end + len(after.group()) - len(after.group(1) or "") :]
            continue
        if sentence_start(text, start):
            noun = noun[:1].upper() + noun[1:]
        term = text[start:end]
        text = text[:start] + noun + " " + term + text[end + len(after.group()) :]
    return text


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
    notes: dict[int, list[str]] = {i: [] for i in range(len(texts))}
    raw: dict[int, str] = {}
    retry: list[int] = []
    cased: list[int] = []
    for i, (engine_out, note) in zip(
        todo, _call(translate, [protected[i].text for i in todo]), strict=True
    ):
        reasons: list[str] = []
        text, lost = restore(engine_out, protected[i], reasons=reasons)
        if lost or _PLACEHOLDER_RE.search(text):
            retry.append(i)
        elif any(r not in _SETTLED for r in reasons):
            cased.append(i)
        raw[i], outs[i] = engine_out, (text, note)
    # A term's case the sentence does not settle alone: the engine's own words for it, in the
    # sentence translated without placeholders (the same call as for the texts that lost theirs).
    need_plain = [i for i in retry + cased if i not in plain]
    for i, out in zip(need_plain, _call(translate, [texts[i] for i in need_plain]), strict=True):
        plain[i] = out
    for i in retry:
        outs[i] = plain[i]
    failing = {i: verify(texts[i], outs[i][0], glossary, lang) for i in retry}
    wanted = {
        m.text for i, vs in failing.items() for m in matches[i] if m.term in {v.term for v in vs}
    }
    wanted |= {m.text for i in cased for m in protected[i].matches}
    alone = sorted(wanted)
    renderings = {w: r for w, (r, _) in zip(alone, _call(translate, alone), strict=True)}
    for i in todo:
        if i in retry:
            continue
        words = (
            engine_words(texts[i], plain[i][0], protected[i], glossary, lang, renderings)
            if i in cased
            else []
        )
        text, _ = restore(raw[i], protected[i], engine=words, renderings=renderings, notes=notes[i])
        outs[i] = (_move_possessives(texts[i], text, glossary, lang), outs[i][1])
    for i in failing:
        text, note = outs[i]
        if failing[i]:
            text = repair(texts[i], text, glossary, lang, renderings, notes[i])
        outs[i] = (_recased(texts[i], text, glossary, lang, renderings), note)
    if plain_first:  # kept as the engine wrote them: the case still follows the sentence
        for i in range(len(texts)):
            if i not in protected:
                text, note = outs[i]
                outs[i] = (_recased(texts[i], text, glossary, lang, {}), note)
    for i, src in enumerate(texts):  # a compound's term part copied: "Russia-controlled"
        if re.search(f"[{HYPHENS}]", src):
            from localize.glossary.inplace import repair_compounds

            outs[i] = (repair_compounds(src, outs[i][0], glossary, lang, renderings), outs[i][1])
    return _finish(texts, outs, glossary, lang, notes)


# What the engine's own word cannot change: a preposition of one case, a possessive.
_SETTLED = frozenset({"governed", "possessive"})


def _recased(
    source: str, text: str, glossary: Glossary, lang: str, renderings: Mapping[str, str]
) -> str:
    if not _morph(lang):
        return text
    text = recase(source, text, glossary, lang, renderings)
    return _move_possessives(source, text, glossary, lang)


def _finish(
    texts: Sequence[str],
    outs: Sequence[tuple[str, str]],
    glossary: Glossary,
    lang: str,
    notes: Mapping[int, list[str]] | None = None,
) -> list[tuple[str, list[str]]]:
    """(text, comment lines): the engine's note without placeholders, what is still wrong,
    then the terms whose case the sentence did not show."""
    final = []
    for k, (src, (text, note)) in enumerate(zip(texts, outs, strict=True)):
        violations = verify(src, text, glossary, lang)
        if note:
            wrong = {v.term for v in violations}
            note = _drop_placeholders(note, _settled_words(src, glossary, wrong))
        lines = [f"engine: {note}"] if note else []
        lines += [v.message for v in violations]
        lines += [n for n in dict.fromkeys((notes or {}).get(k, [])) if n not in lines]
        final.append((text, lines))
    return final


def _in_place(
    texts: list[str],
    translate: Callable[[list[str]], Sequence[object]],
    glossary: Glossary,
    lang: str,
) -> list[tuple[str, str]]:
    """Plain translation, wrong terms replaced in place; protection where that fails."""
    from localize.glossary.inplace import renderings_wanted, repair_compounds, replace_in_place
    from localize.glossary.terms import compound_parts, find_compounds

    outs = _call(translate, texts)
    failing = {}
    compounds = {}
    for i, (text, _) in enumerate(outs):
        violations = verify(texts[i], text, glossary, lang)
        if violations:
            failing[i] = violations
        if re.search(f"[{HYPHENS}]", texts[i]):
            compounds[i] = find_compounds(glossary, texts[i])
    wanted: dict[str, None] = {}
    for i, violations in failing.items():
        wanted.update(
            dict.fromkeys(renderings_wanted(texts[i], [v.term for v in violations], glossary))
        )
    # a compound's term part alone: "Trump" is "Triunfo" in "Triunfo-reculó"
    wanted.update(dict.fromkeys(compound_parts(c)[0] for cs in compounds.values() for c in cs))
    renderings = {w: r for w, (r, _) in zip(wanted, _call(translate, list(wanted)), strict=True)}
    for i, found in compounds.items():
        text, note = outs[i]
        fixed = repair_compounds(texts[i], text, glossary, lang, renderings) if found else text
        if fixed != text:
            outs[i] = (fixed, note)
            failing.pop(i, None)
            if verify(texts[i], fixed, glossary, lang):
                failing[i] = verify(texts[i], fixed, glossary, lang)
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
    # each is a Translation or, from simpler engines, the text itself
    return [(cast(str, getattr(o, "text", o)), getattr(o, "note", "")) for o in out]


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


def _settled_words(src: str, glossary: Glossary, wrong: set[Term]) -> frozenset[str]:
    """The words of the source's term occurrences whose terms are not in ``wrong``."""
    return frozenset(
        w
        for m in find_terms(glossary, src)
        if m.term not in wrong
        for w in re.findall(r"\w+", m.text)
    )
