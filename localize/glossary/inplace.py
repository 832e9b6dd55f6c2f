"""Enforcement for rule-based engines (Apertium): fix the engine's own output in place.

A placeholder is an unknown word to a rule-based engine: it stops reordering and agreeing around
it ("Moscú Y Washington haber", "El Asamblea General"), so protecting terms damages sentences
whose terms were right. Such engines are compositional instead: the term translated alone, or
each of its words, is what the engine writes for it in context. So the sentence is translated
untouched, and each wrong term's rendering is found in the output and replaced by the accepted
form; the rest of the sentence is left as the engine wrote it. Only a term whose rendering cannot
be found is protected, in a second call for those sentences alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from localize.glossary.inflect import Where, english_before
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
    term_key,
    verify,
)
from localize.lang import base_language

__all__ = [
    "Replacement",
    "replace_in_place",
    "renderings_wanted",
    "choose_form",
    "english_before",
    "nominative_note",
    "repair_compounds",
    "phrase_pattern",
]

# Articles the engine writes before a common noun: when "Trump" came out as "el triunfo", the
# article belongs to the wrong rendering ("la campaña del triunfo" -> "la campaña de Trump").
# Contractions give back their preposition.
_ARTICLES: dict[str, tuple[frozenset[str], dict[str, str]]] = {
    "es": (frozenset({"el", "la", "los", "las"}), {"del": "de", "al": "a"}),
    "ca": (frozenset({"el", "la", "els", "les"}), {"del": "de", "al": "a", "pel": "per"}),
    "gl": (frozenset({"o", "a", "os", "as"}), {"do": "de", "da": "de", "ao": "a"}),
    "pt": (frozenset({"o", "a", "os", "as"}), {"do": "de", "da": "de", "ao": "a", "no": "em"}),
    "fr": (frozenset({"le", "la", "les"}), {"du": "de", "au": "à", "aux": "à"}),
    "it": (frozenset({"il", "lo", "la", "gli", "le"}), {"del": "di", "della": "di", "al": "a"}),
}
_ARTICLE_WORDS = {"the", "el", "la", "los", "las", "le", "les", "der", "die", "das", "il"}
_SOURCE_ARTICLE = re.compile(r"(?i)(?<!\w)(?:the|a|an)\s+$")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
# Words that may sit between a multi-word term's words in the engine's output ("Triunfo de
# Donald" for "Donald Trump"): short function words only.
_GAP_WORD = re.compile(r"\w{1,3}")


@dataclass(frozen=True)
class Replacement:
    """One in-place edit of the engine's output: ``target[start:end]`` becomes ``text``."""

    start: int
    end: int
    text: str
    term: Term


def renderings_wanted(source: str, failing: Iterable[Term], glossary: Glossary) -> list[str]:
    """What to translate alone to know the engine's rendering of each failing term: the term as
    it occurs, and each of its words when it has several."""
    bad = set(failing)
    out: dict[str, None] = {}
    for m in find_terms(glossary, source):
        if m.term in bad:
            out[m.text] = None
            words = _WORD.findall(m.text)
            if len(words) > 1:
                out.update(dict.fromkeys(words))
    return list(out)


def replace_in_place(
    source: str,
    target: str,
    glossary: Glossary,
    lang: str,
    renderings: Mapping[str, str],
    *,
    choose: Callable[[Term, Sequence[str], str, int, int], str] | None = None,
) -> tuple[str, list[Replacement]]:
    """``target`` with each wrong term's rendering replaced by its accepted form.

    Looks, in order, for the rendering of the whole term (``renderings[text]``, inflections
    included), the source text copied untranslated, then the renderings of its words close
    together in any order. ``choose(term, forms, target, start, end)`` picks the form for the
    span (default: the form with the rendering's ending, else the preferred one). Returns the
    new text and the edits made; spans holding an accepted form are never touched.
    """
    violations = verify(source, target, glossary, lang)
    if not violations:
        return target, []
    failing: dict[Term, int] = {}
    for v in violations:
        if not v.word:  # compounds: repair_compounds
            failing[v.term] = failing.get(v.term, 0) + v.in_source - v.in_target
    taken = _accepted_spans(target, glossary, lang, source)
    edits: list[Replacement] = []
    for m in find_terms(glossary, source):
        if failing.get(m.term, 0) <= 0:
            continue
        forms = (m.text,) if m.term.dnt and not m.term.exception(lang) else m.term.forms(lang)
        if not forms:
            continue
        found = _find(target, m, forms, renderings, taken, lang)
        if found is None:
            scattered = _find_scattered(target, m, source, renderings, taken)
            if scattered is None:
                continue
            # "Vladimir el portavoz de Putin" for "Vladimir Putin's spokesman": the name goes
            # where its last word is, its other words leave.
            for start, end in scattered[:-1]:
                end += len(target[end:]) - len(target[end:].lstrip(" "))
                edits.append(Replacement(start, end, "", m.term))
                taken.append((start, end))
            found = (*scattered[-1], "")
        start, end, ending = found
        start, prefix = _absorb_article(target, start, lang, source[: m.start])
        if choose is not None:
            form = choose(m.term, forms, target, start, end)
        else:
            english = english_before(source, m.start)
            form = choose_form(forms, lang, target, start, target[start:end], english, ending)
        if all_caps(source) and not (m.term.dnt and not m.term.exception(lang)):
            form = form.upper()
        doubled = re.search(rf"(?<!\w){re.escape(form.split(' ', 1)[0])}\s+$", target[:start], re.I)
        if doubled and " " in form and form.split(" ", 1)[0].lower() in _ARTICLE_WORDS:
            start = doubled.start()  # "en el El País": one article
        if _sentence_initial(target, start) and form[:1].islower():
            form = form[0].upper() + form[1:]
        if prefix and _sentence_initial(target, start):
            prefix = prefix[0].upper() + prefix[1:]
        edits.append(Replacement(start, end, prefix + form, m.term))
        taken.append((start, end))
        failing[m.term] -= 1
    text = target
    for e in sorted(edits, key=lambda e: -e.start):
        text = text[: e.start] + e.text + text[e.end :]
    return text, sorted(edits, key=lambda e: e.start)


def repair_compounds(
    source: str, target: str, glossary: Glossary, lang: str, renderings: Mapping[str, str]
) -> str:
    """``target`` with the term part of each wrong compound replaced by the preferred form:
    the part that is the source term copied or its rendering alone ("Triunfo-reculó" for
    "Trump-backed" -> "Trump-reculó"); a compound where neither is found stays, flagged."""
    from localize.glossary.terms import compound_parts, compound_violations, find_compounds

    compounds = find_compounds(glossary, source)
    for v in compound_violations(compounds, target, lang, renderings):
        c = next(c for c in compounds if c.term == v.term)
        part, _ = compound_parts(c)
        verbatim = c.term.dnt and not c.term.exception(lang)
        form = part if verbatim else c.term.forms(lang)[0]
        wrong = {term_key(part, False), term_key(_clean(renderings.get(part, "")), False)}
        pieces = re.split(f"([{HYPHENS}])", v.word)
        fixed = [form if term_key(p, False) in wrong else p for p in pieces]
        if fixed != pieces:
            new = "".join(fixed)
            target = re.sub(rf"(?<!\w){re.escape(v.word)}(?!\w)", new, target, count=1)
    return target


def _accepted_spans(
    target: str, glossary: Glossary, lang: str, source: str
) -> list[tuple[int, int]]:
    """Where ``target`` already holds an accepted form (or a DNT term) of a term of ``source``."""
    spans = []
    for m in find_terms(glossary, source):
        for form in m.term.forms(lang):
            for hit in re.finditer(rf"(?<!\w){phrase_regex(form)}(?!\w)", target):
                spans.append(hit.span())
    return spans


def _free(span: tuple[int, int], taken: Sequence[tuple[int, int]]) -> bool:
    return all(span[1] <= s or e <= span[0] for s, e in taken)


def phrase_pattern(wrong: str) -> re.Pattern[str]:
    """``wrong`` as written, or with its last word inflected (a stem and up to 3 letters)."""
    words = wrong.split()
    head = "".join(phrase_regex(w) + r"\s+" for w in words[:-1])
    last = words[-1]
    if len(last) >= 5 and last[-1].isalpha():
        stem = last[:-1] if last[-1].lower() in "аяоеёуюыийьъaeo" else last
        tail = phrase_regex(stem) + r"(?P<end>[^\W\d_]{0,3})"
    else:
        tail = phrase_regex(last) + "(?P<end>)"
    return re.compile(rf"(?<![\w{HYPHENS}]){head}{tail}(?!\w|[{HYPHENS}]\w)", re.IGNORECASE)


def _find(
    target: str,
    m: TermMatch,
    forms: Sequence[str],
    renderings: Mapping[str, str],
    taken: Sequence[tuple[int, int]],
    lang: str,
) -> tuple[int, int, str] | None:
    accepted = {term_key(f, False) for f in forms}
    whole = _clean(renderings.get(m.text, ""))
    candidates = []
    # a rendering much longer than the term is a sentence, not a name
    if whole and len(whole.split()) <= len(m.text.split()) + 2:
        candidates.append(whole)
        first, _, rest = whole.partition(" ")
        if rest and first.lower() in _ARTICLES.get(base_language(lang), ((), {}))[0]:
            candidates.append(rest)  # "el triunfo" alone, "del triunfo" in context
    candidates.append(_clean(m.text))
    for wrong in candidates:
        if not wrong or term_key(wrong, False) in accepted:
            continue
        for hit in phrase_pattern(wrong).finditer(target):
            if _free(hit.span(), taken):
                return hit.start(), hit.end(), hit.group("end")
    return _find_words(target, m, renderings, taken)


def _find_words(
    target: str, m: TermMatch, renderings: Mapping[str, str], taken: Sequence[tuple[int, int]]
) -> tuple[int, int, str] | None:
    """The words of a multi-word term, each as the engine renders it alone, close together."""
    words = _WORD.findall(m.text)
    if len(words) < 2:
        return None
    wanted = []
    for w in words:
        keys = {term_key(w, False)}
        r = _clean(renderings.get(w, ""))
        if r and len(r.split()) == 1:
            keys.add(term_key(r, False))
        wanted.append(keys)
    tokens = [(t.start(), t.end(), term_key(t.group(), False)) for t in _WORD.finditer(target)]
    for i in range(len(tokens)):
        need = list(wanted)
        j, gaps = i, 0
        while j < len(tokens) and need:
            hit = next((k for k, keys in enumerate(need) if tokens[j][2] in keys), None)
            if hit is not None:
                need.pop(hit)
            elif j == i or not _GAP_WORD.fullmatch(tokens[j][2]) or gaps >= len(words) - 1:
                break
            else:
                gaps += 1
            j += 1
        if not need:
            span = (tokens[i][0], tokens[j - 1][1])
            if _free(span, taken):
                return span[0], span[1], ""
    return None


def _find_scattered(
    target: str,
    m: TermMatch,
    source: str,
    renderings: Mapping[str, str],
    taken: Sequence[tuple[int, int]],
) -> list[tuple[int, int]] | None:
    """A multi-word name the engine split around a possessive ("Vladimir Putin's spokesman" ->
    "Vladimir el portavoz de Putin"): its words in order, at most four words apart."""
    words = _WORD.findall(m.text)
    if len(words) < 2 or not re.match(r"['’]s?(?!\w)", source[m.end :]):
        return None
    keys = []
    for w in words:
        options = {term_key(w, False)}
        r = _clean(renderings.get(w, ""))
        if r and len(r.split()) == 1:
            options.add(term_key(r, False))
        keys.append(options)
    tokens = [(t.start(), t.end(), term_key(t.group(), False)) for t in _WORD.finditer(target)]
    for i, tok in enumerate(tokens):
        if tok[2] not in keys[0]:
            continue
        spans, k = [tok[:2]], 1
        for j in range(i + 1, min(len(tokens), i + 1 + 5 * (len(words) - 1))):
            if k < len(words) and tokens[j][2] in keys[k]:
                spans.append(tokens[j][:2])
                k += 1
        if k == len(words) and all(_free(sp, taken) for sp in spans):
            return spans
    return None


def _clean(text: str) -> str:
    return norm_space(text).strip(" .!?;:,\"'«»“”")


def _absorb_article(target: str, start: int, lang: str, source_before: str) -> tuple[int, str]:
    """Take the engine's article before a rendering into the edit when the source has none
    ("el triunfo" for "Trump"); a contraction gives back its preposition ("del" -> "de ")."""
    table = _ARTICLES.get(base_language(lang))
    if table is None or _SOURCE_ARTICLE.search(source_before):
        return start, ""
    articles, contractions = table
    before = re.search(r"(?<!\w)(\w+)\s+$", target[:start])
    if before is None:
        return start, ""
    word = before.group(1).lower()
    if word in articles:
        return before.start(), ""
    if word in contractions:
        return before.start(), contractions[word] + " "
    return start, ""


_OPENERS = "\"'«»“”„‘’([—–- \t\u00a0"


def _sentence_initial(text: str, pos: int) -> bool:
    stripped = text[:pos].rstrip(_OPENERS)
    return not stripped or stripped[-1] in ".!?…:"


def choose_form(
    forms: Sequence[str],
    lang: str,
    target: str,
    start: int,
    wrong: str,
    english: str = "",
    ending: str = "",
    where: Where | None = None,
    notes: list[str] | None = None,
    name: str = "",
) -> str:
    """The accepted form for a wrong rendering at ``target[start:]``: in Russian and Ukrainian
    the case the sentence needs (:func:`localize.glossary.inflect.sentence_case`: the engine's
    word where the dictionary knows it as the term, the governing preposition, the English
    source's structure, else the nominative, which ``notes`` then records); never the ending of
    an unknown word. Elsewhere the form with the same ending."""
    from localize.glossary.inflect import MORPH_LANGS, declinable, form_for_case, sentence_case

    if base_language(lang) not in MORPH_LANGS:
        return form_with_ending(forms, ending)
    if not declinable(forms[0], lang):
        return forms[0]
    if where is None:
        where = Where(before=target[:start], engine=wrong)
    case, why = sentence_case(forms[0], lang, where, english=english or None)
    form = form_for_case(forms, lang, case)
    if not why and notes is not None:
        notes.append(nominative_note(name or forms[0], form))
    return form


def nominative_note(name: str, form: str) -> str:
    """The comment for a term given the nominative for want of any evidence."""
    return f'glossary case: "{name}" → {form}, the nominative: the sentence shows no case'
