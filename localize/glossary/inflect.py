"""Inflection from a morphological library, so a glossary cell may hold just the preferred form.

Russian and Ukrainian use pymorphy3 with its OpenCorpora / LanguageTool dictionaries: ``check``
accepts every case and number of the form, and a repair inflects it to the case the sentence
needs — from the engine's own word when the dictionary knows it ("Полуострова": genitive), else
from the preposition that governs it ("в" + "in" → prepositional, "из" → genitive), never from
the ending of a word the dictionary does not know ("Москоу"). Other languages use simplemma: a
word whose lemma is the form's lemma is accepted (German "Kremls" for "Kreml").

A cell that lists several forms is an explicit list: only those are accepted, and inflection
picks among them. The dictionaries load on first use (about a second), never for a glossary
that lists its forms.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

__all__ = [
    "MORPH_LANGS",
    "UNINFLECTED_NAMES",
    "inflections",
    "inflect",
    "case_of",
    "governed_case",
    "same_lemma",
]

MORPH_LANGS = ("ru", "uk")
# Languages whose nouns have no case endings: a name is written as listed, nothing to lemmatize.
UNINFLECTED_NAMES = frozenset({"en", "es", "fr", "it", "pt", "ca", "gl", "oc", "nl"})
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# The second locative ("в Крыму") where the dictionary has it: accepted beside "о Крыме", and
# chosen after в/на for a place name.

# Prepositions and the cases they govern; several when the meaning decides ("в Москве" where,
# "в Москву" where to), which the English preposition before the source term settles.
_GOVERNS = {
    "ru": {
        "в": ("loct", "accs"), "во": ("loct", "accs"), "на": ("loct", "accs"),
        "из": ("gent",), "изо": ("gent",), "от": ("gent",), "до": ("gent",),
        "без": ("gent",), "для": ("gent",), "у": ("gent",), "около": ("gent",),
        "после": ("gent",), "против": ("gent",), "вокруг": ("gent",), "из-за": ("gent",),
        "к": ("datv",), "ко": ("datv",), "по": ("datv",), "о": ("loct",), "об": ("loct",),
        "обо": ("loct",), "при": ("loct",), "с": ("gent", "ablt"), "со": ("gent", "ablt"),
        "за": ("ablt", "accs"), "под": ("ablt", "accs"), "над": ("ablt",),
        "перед": ("ablt",), "между": ("ablt",), "про": ("accs",), "через": ("accs",),
    },
    "uk": {
        "в": ("loct", "accs"), "у": ("loct", "accs"), "на": ("loct", "accs"),
        "з": ("gent", "ablt"), "із": ("gent", "ablt"), "зі": ("gent", "ablt"),
        "від": ("gent",), "до": ("gent",), "без": ("gent",), "для": ("gent",),
        "після": ("gent",), "проти": ("gent",), "біля": ("gent",), "к": ("datv",),
        "по": ("loct", "datv"), "про": ("accs",), "при": ("loct",), "за": ("ablt", "accs"),
        "під": ("ablt", "accs"), "над": ("ablt",), "перед": ("ablt",), "між": ("ablt",),
        "через": ("accs",),
    },
}  # fmt: skip
# English prepositions: where (prepositional), where to (accusative), from (genitive), with.
_ENGLISH = {
    "in": "loct", "at": "loct", "on": "loct", "inside": "loct", "about": "loct",
    "to": "accs", "into": "accs", "onto": "accs", "toward": "accs", "towards": "accs",
    "through": "accs", "from": "gent", "of": "gent", "without": "gent", "for": "gent",
    "near": "gent", "after": "gent", "against": "gent", "with": "ablt", "under": "ablt",
    "behind": "ablt", "between": "ablt", "over": "ablt",
}  # fmt: skip
_NAMES = ("Name", "Surn", "Patr", "Geox", "Orgn", "Trad")


@cache
def _analyzer(lang: str) -> Any:
    import pymorphy3
    from pymorphy3 import tagset

    # pymorphy3 initialises one shared tag class with each dictionary's grammemes (a FIXME in
    # its loader): loading Ukrainian after Russian made "loc2" unknown to Russian. Each analyzer
    # gets a subclass of its own.
    fmt = tagset.OpencorporaTag.FORMAT
    shared = tagset.registry[fmt]
    tagset.registry[fmt] = type(shared.__name__, (shared,), {})
    try:
        return pymorphy3.MorphAnalyzer(lang=lang)
    finally:
        tagset.registry[fmt] = shared


def _base(lang: str) -> str:
    return lang.split("_")[0]


def _parse(word: str, lang: str, *, case: str | None = "nomn") -> Any | None:
    """The parse of ``word`` as a glossary form: nominative singular, a name if capitalised."""
    parses = [p for p in _analyzer(_base(lang)).parse(word) if p.tag.POS in ("NOUN", "ADJF")]
    if case:
        parses = [p for p in parses if case in p.tag] or parses
    if not parses:
        return None
    capital = word[:1].isupper()

    def rank(p: Any) -> tuple:
        named = capital and bool(p.tag.grammemes & set(_NAMES))
        return ("sing" in p.tag, named, p.score)

    return max(parses, key=rank)


def _like(word: str, model: str) -> str:
    """``word`` written with ``model``'s capitals (ООН, Генеральная, крым)."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _declinable(words: Sequence[str], lang: str) -> list[Any]:
    """Parses of the leading words that agree with the head (adjectives and nouns in the
    nominative: "Белый дом", "Дмитрий Песков"); the rest stays as is ("о ракетах …", "ООН")."""
    out: list[Any] = []
    for word in words:
        p = _parse(word, lang) if re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)*", word) else None
        if p is None or "nomn" not in p.tag or "Fixd" in p.tag or "Abbr" in p.tag:
            break
        out.append(p)
        if p.tag.POS == "NOUN" and not p.tag.grammemes & {"Name", "Surn", "Patr"}:
            break  # a common noun heads the phrase: what follows depends on it
    return out


def inflect(form: str, case: str, lang: str) -> str | None:
    """``form`` in ``case`` (the declinable words changed together), or None if unknown.

    ``loc2`` asks for the second locative where the head noun has one ("в Крыму"), else the
    prepositional."""
    if _base(lang) not in MORPH_LANGS:
        return None
    words = form.split(" ")
    parses = _declinable(words, lang)
    if not parses:
        return None
    head = next((p for p in parses if p.tag.POS == "NOUN"), parses[-1])
    grams = head.tag.grammemes
    # the Ukrainian dictionary marks only plurals
    number = {"plur"} if "plur" in grams else {"sing"} if "sing" in grams else set()
    if case == "loc2" and "Geox" not in grams:
        case = "loct"  # "в Крыму", but "в Белом доме"
    out = []
    for word, p in zip(words, parses, strict=False):
        want = {case} | number
        if p.tag.POS == "ADJF" and "plur" not in number:
            want |= {head.tag.gender} if head.tag.gender else set()
            if case == "accs" and head.tag.gender == "masc" and head.tag.animacy:
                want.add(head.tag.animacy)
        elif p.tag.POS == "ADJF" and case == "accs" and head.tag.animacy:
            want.add(head.tag.animacy)
        done = p.inflect(want)
        if done is None and case == "loc2":
            done = p.inflect({"loct"} | number)
        if done is None:
            return None
        out.append(_like(done.word, word))
    return " ".join(out + words[len(parses) :])


@lru_cache(maxsize=4096)
def inflections(form: str, lang: str) -> tuple[str, ...]:
    """Every case (singular, and plural where the form is plural) of ``form``; () if unknown."""
    if _base(lang) not in MORPH_LANGS:
        return ()
    out: dict[str, None] = {}
    for case in (*CASES, "loc2"):
        word = inflect(form, case, lang)
        if word:
            out[word] = None
    out.pop(form, None)
    return tuple(out)


def case_of(word: str, lang: str, forms: Sequence[str] = ()) -> str | None:
    """The case of ``word`` when the dictionary knows it as a noun or adjective; None for a
    word it only guesses (the engine's invention "Москоу" says nothing)."""
    if _base(lang) not in MORPH_LANGS or not word:
        return None
    morph = _analyzer(_base(lang))
    if not morph.word_is_known(word.lower()):
        return None
    parses = [p for p in morph.parse(word) if p.tag.POS in ("NOUN", "ADJF") and p.tag.case]
    if not parses:
        return None
    best = max(parses, key=lambda p: p.score)
    case = best.tag.case
    return {"loc2": "loct", "gen2": "gent", "acc2": "accs", "voct": "nomn"}.get(case, case)


def governed_case(before: str, lang: str, english: str = "") -> str | None:
    """The case the preposition ending ``before`` governs; ``english`` (the source's preposition
    before the term) settles "в Москве"/"в Москву". None without a preposition."""
    table = _GOVERNS.get(_base(lang))
    m = re.search(r"(?<!\w)([\w-]+)\s+$", before)
    if table is None or m is None or m.group(1).lower() not in table:
        return None
    cases = table[m.group(1).lower()]
    if len(cases) == 1:
        return cases[0]
    wanted = _ENGLISH.get(english.lower())
    case = wanted if wanted in cases else cases[0]
    return "loc2" if case == "loct" and m.group(1).lower() in ("в", "во", "на", "у") else case


def same_lemma(word: str, form: str, lang: str) -> bool:
    """True when ``word`` is an inflection of the one-word ``form`` (simplemma), e.g. "Kremls"."""
    import simplemma

    code = _base(lang)
    try:
        a = simplemma.lemmatize(word, lang=code)
        b = simplemma.lemmatize(form, lang=code)
    except ValueError:  # a language simplemma has no data for
        return False
    return a.casefold() == b.casefold() and word[:1].isupper() == form[:1].isupper()
