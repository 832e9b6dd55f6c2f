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
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from localize.lang import base_language

__all__ = [
    "MORPH_LANGS",
    "UNINFLECTED_NAMES",
    "inflections",
    "inflect",
    "case_of",
    "governed_case",
    "same_lemma",
    "Where",
    "sentence_case",
    "form_for_case",
    "coordinated",
    "declinable",
    "english_before",
    "adjective",
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
        "через": ("accs",), "щодо": ("gent",),
    },
}  # fmt: skip
# English prepositions: where (prepositional), where to (accusative), from (genitive), with.
_ENGLISH = {
    "in": "loct", "at": "loct", "on": "loct", "inside": "loct", "about": "loct",
    "to": "accs", "into": "accs", "onto": "accs", "toward": "accs", "towards": "accs",
    "through": "accs", "from": "gent", "of": "gent", "without": "gent", "for": "gent",
    "near": "gent", "after": "gent", "against": "gent", "with": "ablt", "under": "ablt",
    "behind": "ablt", "between": "ablt", "over": "ablt", "beneath": "ablt", "before": "ablt",
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
    return base_language(lang)


def _parse(
    word: str, lang: str, *, case: str | None = "nomn", adjective: bool = False
) -> Any | None:
    """The parse of ``word`` as a glossary form: nominative singular, a name if capitalised;
    an adjective where one can be (``adjective``: a common noun follows, "Білий дім")."""
    parses = [p for p in _analyzer(_base(lang)).parse(word) if p.tag.POS in ("NOUN", "ADJF")]
    if case:
        parses = [p for p in parses if case in p.tag] or parses
    if adjective:
        parses = [p for p in parses if p.tag.POS == "ADJF"] or parses
    if not parses:
        return None
    capital = word[:1].isupper()
    # the reading most of the dictionary's entries share: Ukrainian lists "Вашингтон" as a
    # place seven times and as a surname twice
    animacy = [p.tag.animacy for p in parses]

    def rank(p: Any) -> tuple:
        named = capital and bool(p.tag.grammemes & set(_NAMES))
        return ("sing" in p.tag, animacy.count(p.tag.animacy), named, p.score)

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
    for i, word in enumerate(words):
        noun_next = i + 1 < len(words) and words[i + 1][:1].islower()
        p = (
            _parse(word, lang, adjective=noun_next)
            if re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)*", word)
            else None
        )
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
    # an inanimate masculine or plural head: the accusative is the nominative (pymorphy3's
    # Ukrainian writes "Білого дім")
    same = case == "accs" and "inan" in grams and ("masc" in grams or "plur" in number)
    for word, p in zip(words, parses, strict=False):
        if same and p.tag.POS == "ADJF":
            out.append(word)
            continue
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


# --- the case a sentence needs --------------------------------------------------------------

# English verbs of saying: the name after them is their subject ("said Peskov"), not an object.
_SPEECH = frozenset(
    {"said", "says", "say", "added", "adds", "stated", "states", "noted", "notes", "wrote"}
)
# Words after which a clause begins: the name there is its subject.
_CLAUSE = frozenset(
    {"that", "when", "if", "because", "while", "but", "что", "когда", "если", "но", "що",
     "коли", "якщо", "але"}
)  # fmt: skip
# Words after an English subject: "Moscow has", "Putin said".
_AFTER_SUBJECT = _SPEECH | frozenset(
    {"has", "have", "had", "is", "was", "are", "were", "will", "would", "can", "could", "did",
     "does", "do", "may", "might", "must", "should", "wants", "denied", "rejects", "told"}
)  # fmt: skip
_AND = {"ru": frozenset({"и", "или"}), "uk": frozenset({"і", "й", "та", "або"})}
_OPENERS = "\"'«»“”„‘’([—–-"
_NORM = {"loc2": "loct", "gen2": "gent", "acc2": "accs", "voct": "nomn"}


@dataclass(frozen=True)
class Where:
    """What a term occurrence's sentence shows about its case.

    ``before`` is the translation up to the term; ``source``, ``start`` and ``end`` the English
    sentence and the occurrence in it; ``engine`` the engine's own words for the term in
    context (a translation without placeholders, or the wrong word being repaired) and
    ``rendering`` its translation of the term alone; ``previous`` the case given to a term that
    only a conjunction separates from this one ("между Москвой и …")."""

    before: str = ""
    source: str = ""
    start: int = 0
    end: int = 0
    engine: str = ""
    rendering: str = ""
    previous: str = ""


def _strip_latin(before: str) -> str:
    """``before`` without trailing openers and an English article the engine left in
    ("на the …"): what the sentence holds before the term. Another English word is no gap to
    skip: in "в discuss Крым" the "в" is the engine's "to" of "to discuss"."""
    text = before.rstrip().rstrip(_OPENERS).rstrip()
    m = re.search(r"(?<![\w'’])(?:the|a|an|The|A|An|THE)$", text)
    if m is not None:
        text = text[: m.start()].rstrip().rstrip(_OPENERS).rstrip()
    return text


def _last_word(text: str) -> str:
    m = re.search(r"(?<![\w-])([^\W\d_]+(?:-[^\W\d_]+)?)$", text)
    return m.group(1) if m else ""


def _governor(before: str, lang: str) -> tuple[str, tuple[str, ...]] | None:
    """The preposition governing a term after ``before`` and the cases it governs."""
    table = _GOVERNS.get(_base(lang), {})
    word = _last_word(_strip_latin(before)).lower()
    return (word, table[word]) if word in table else None


def coordinated(between: str, lang: str) -> bool:
    """True when ``between`` (the text between two terms) is a conjunction ("и", "and")."""
    words = re.findall(r"[^\W\d_]+", between)
    joins = _AND.get(_base(lang), frozenset()) | {"and", "or"}
    return len(words) == 1 and words[0].lower() in joins and not re.search(r"[,.;:!?]", between)


def _lemmas(text: str, lang: str) -> list[Any]:
    """Nominative parses of the declinable words of ``text`` (a form, or the engine's rendering
    of a term alone, which renders a nominative: "Кремлин" has none, it is no known word)."""
    out = []
    for word in text.split():
        p = _parse(word, lang) if re.fullmatch(r"[^\W\d_]+", word) else None
        if p is not None and "nomn" in p.tag and "Fixd" not in p.tag and "Abbr" not in p.tag:
            out.append(p)
    return out


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def _trusted(p: Any, refs: Sequence[Any]) -> bool:
    """A parse that is the term's own word or the engine's own word for it: its lemma that
    word's (or within a letter or so of it, with the same gender), never any dictionary word
    that happens to match ("Кремлин" is no form of "Кремль" for being one of "Кремлина")."""
    from rapidfuzz import fuzz

    lemma = _fold(p.normal_form)
    for ref in refs:
        other = _fold(ref.normal_form)
        if lemma == other:
            return True
        same = not (p.tag.gender and ref.tag.gender) or p.tag.gender == ref.tag.gender
        if same and fuzz.ratio(lemma, other) >= 90:
            return True
    return False


def _engine_cases(words: str, form: str, lang: str, rendering: str = "") -> list[str]:
    """The cases the dictionary gives the engine's words for a term, best first; [] where it
    does not know them as the term or as the engine's rendering of it alone."""
    morph = _analyzer(_base(lang))
    refs = _lemmas(form, lang) + _lemmas(rendering, lang)
    for word in reversed(words.split()):  # the head noun is last in names ("Белом доме")
        if not re.fullmatch(r"[^\W\d_]+", word) or not morph.word_is_known(word.lower()):
            continue
        parses = [
            p
            for p in morph.parse(word)
            if p.tag.POS in ("NOUN", "ADJF") and p.tag.case and "Fixd" not in p.tag
        ]
        trusted = [p for p in sorted(parses, key=lambda p: -p.score) if _trusted(p, refs)]
        if trusted:
            return list(dict.fromkeys(p.tag.case for p in trusted))
    return []


def _possessive(source: str, end: int) -> bool:
    return bool(re.match(r"['’][sS]?(?!\w)", source[end:]))


def _sentence_start(text: str) -> bool:
    stripped = text.rstrip().rstrip(_OPENERS + " ").rstrip()
    return not stripped or stripped[-1] in ".!?…:"


def _verb(word: str, lang: str) -> bool:
    if not word:
        return False
    best = _analyzer(_base(lang)).parse(word.lower())[0]
    return best.tag.POS in ("VERB", "INFN")


def english_before(source: str, start: int) -> str:
    """The source's preposition right before a term ("in", "to", "from"), else ""."""
    m = re.search(r"(?<!\w)(\w+)\s+(?:the\s+)?$", source[:start])
    return m.group(1).lower() if m else ""


def sentence_case(
    form: str, lang: str, where: Where, *, english: str | None = None
) -> tuple[str, str]:
    """The case a term occurrence needs, and the evidence: ``engine`` (the engine's own word,
    trusted only where its lemma is the term's or the engine's word for it), ``preposition``
    (the governing preposition, the English one settling "в Москве"/"в Москву"),
    ``governed`` where it governs one case only, ``coordination``, ``possessive``
    ("Russia's"), ``of``, ``object`` (after a verb), ``subject``; "" when the sentence shows
    nothing (then the nominative). The engine's word can change neither ``governed`` nor
    ``possessive``."""
    engine = _engine_cases(where.engine, form, lang, where.rendering) if where.engine else []
    if english is None:
        english = english_before(where.source, where.start) if where.source else ""
    # a word that may be the nominative shows no inflection: an engine copying word by word
    # writes "в Белый дом" for "in the White House"
    inflected = engine if "nomn" not in engine else []
    if where.source and _possessive(where.source, where.end):
        return "gent", "possessive"  # "Russia's decision": the preposition is the noun's
    gov = _governor(where.before, lang)
    if gov is not None:
        prep, cases = gov
        wanted = _ENGLISH.get(english)
        # the engine's word, where the preposition allows it; else the English preposition's
        chosen = next((c for c in inflected if _NORM.get(c, c) in cases), None)
        if chosen is None:
            chosen = wanted if wanted in cases else cases[0]
        if chosen in ("loct", "loc2") and prep in ("в", "во", "на", "у"):
            chosen = "loc2"
        why = "engine" if chosen in inflected else "preposition" if len(cases) > 1 else "governed"
        return chosen, why
    if where.previous:
        return where.previous, "coordination"
    if inflected:
        return inflected[0], "engine"
    if english == "of":
        return "gent", "of"
    word = _last_word(_strip_latin(where.before))
    # the English subject: first in its sentence ("The Kremlin said", even where the engine
    # put a verb before it: "— заявил Песков"), after "said" or "that", before a verb
    opening = re.sub(r"(?i)(?:the|a|an)\s+$", "", where.source[: where.start])
    after = re.match(r"\s+(\w+)", where.source[where.end :]) if where.source else None
    if where.source and (
        _sentence_start(opening)
        or english in _SPEECH
        or english in _CLAUSE
        or (after is not None and after.group(1).lower() in _AFTER_SUBJECT)
    ):
        return "nomn", "subject"
    if word and english and english not in _ENGLISH and _verb(word, lang):
        return "accs", "object"
    if _sentence_start(where.before) or word.lower() in _CLAUSE:
        return "nomn", "subject"
    if engine:
        return "nomn", "engine"
    return "nomn", ""


def adjective(word: str, lang: str) -> bool:
    """True when ``lang``'s dictionary (Russian, Ukrainian) knows ``word`` as an adjective
    ("российская": derived from a name, not the name)."""
    if _base(lang) not in MORPH_LANGS:
        return False
    morph = _analyzer(_base(lang))
    if not morph.word_is_known(word.lower()):
        return False
    return morph.parse(word.lower())[0].tag.POS in ("ADJF", "ADJS", "PRTF")


def declinable(form: str, lang: str) -> bool:
    """True when ``form`` has words that take case endings ("The New York Times" has none)."""
    return _base(lang) in MORPH_LANGS and bool(_declinable(form.split(" "), lang))


def _cases_of(word: str, lang: str) -> set[str]:
    morph = _analyzer(_base(lang))
    return {
        _NORM.get(p.tag.case, p.tag.case)
        for p in morph.parse(word)
        if p.tag.POS in ("NOUN", "ADJF") and p.tag.case
    }


def form_for_case(forms: Sequence[str], lang: str, case: str) -> str:
    """The accepted form of a term in ``case``: ``forms[0]`` inflected, or, where the cell
    lists its forms (a list restricts), the listed form in that case; the preferred form when
    none is."""
    if case == "nomn":
        return forms[0]
    want = inflect(forms[0], case, lang)
    if want is None:
        return forms[0]
    if len(forms) == 1:
        return want
    listed = {_fold(f): f for f in forms}
    if case == "loc2" and _fold(want) not in listed:
        case, want = "loct", inflect(forms[0], "loct", lang) or want
    if _fold(want) in listed:
        return listed[_fold(want)]
    # The dictionary's form is not listed (pymorphy3's Ukrainian writes "Білім домі",
    # "Кремлеві"): the listed form whose declinable words can all be in that case, the one
    # closest to the dictionary's.
    from rapidfuzz.distance import Levenshtein

    changing = len(_declinable(forms[0].split(), lang)) or 1
    fitting = [
        f
        for f in forms
        if len(f.split()) >= changing
        and all(case in _cases_of(w, lang) for w in f.split()[:changing])
    ]
    if not fitting:
        return forms[0]
    head = _parse(forms[0].split()[-1], lang)
    personal = head is not None and {"anim", "masc"} <= head.tag.grammemes

    def rank(f: str) -> tuple:
        # Ukrainian persons take -ові in the locative ("при Путінові")
        ovi = _base(lang) == "uk" and case == "loct" and personal and f.split()[0].endswith("ові")
        return (not ovi, Levenshtein.distance(f.lower(), want.lower()), forms.index(f))

    return min(fitting, key=rank)
