"""Terms and matching: the glossary's records, finding terms in text, verifying a translation.

A term has source variants and, per language, accepted forms (the preferred one first). Source
terms match on word boundaries, longest first, with possessives, never inside another word or a
hyphenated compound. :func:`verify` checks that each occurrence has an accepted form in a target.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from localize.lang import base_language

__all__ = [
    "Term",
    "Glossary",
    "TermMatch",
    "Violation",
    "find_terms",
    "form_with_ending",
    "find_compounds",
    "all_caps",
    "verify",
    "accepted_forms",
    "wrong_word",
    "compound_parts",
    "compound_violations",
    "norm_space",
    "HYPHENS",
    "term_key",
    "phrase_regex",
    "bounded_regex",
    "sentence_start",
]


@dataclass(frozen=True)
class Term:
    sources: tuple[str, ...]  # source variants; the first is the name shown
    targets: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (lang, forms), preferred first
    dnt: bool = False
    case_sensitive: bool = True
    note: str = ""
    origin: str = ""  # file:line
    # (lang, forms) a translation must not use: TBX forbidden, deprecated or superseded terms
    flagged: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def name(self) -> str:
        return self.sources[0]

    def forms(self, lang: str) -> tuple[str, ...]:
        """Accepted target forms in ``lang``; for a do-not-translate term the source itself,
        unless the glossary gives ``lang`` an exception (Russian copy writes ТАСС for TASS)."""
        found = _for_lang(self.targets, lang)
        if self.dnt:
            return found or self.sources
        return found

    def exception(self, lang: str) -> bool:
        """True for a do-not-translate term that ``lang`` writes its own way."""
        return self.dnt and bool(_for_lang(self.targets, lang))

    def flagged_forms(self, lang: str) -> tuple[str, ...]:
        """Forms ``check`` flags in ``lang`` (forbidden, deprecated, superseded)."""
        return _for_lang(self.flagged, lang)


def _for_lang(table: tuple[tuple[str, tuple[str, ...]], ...], lang: str) -> tuple[str, ...]:
    """The entry for ``lang``: exact (pt_BR), its language (pt), else a regional one (ru_RU)."""
    if not table:
        return ()
    found = dict(table)
    base = base_language(lang)
    if lang in found or base in found:
        return found.get(lang) or found.get(base) or ()
    return next((forms for key, forms in table if base_language(key) == base), ())


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    source: str = "en"

    @cached_property
    def _patterns(self) -> list[tuple[re.Pattern[str], dict[str, Term]]]:
        return _source_patterns(self.terms, lambda t: t.sources)

    @cached_property
    def _caps_patterns(self) -> list[tuple[re.Pattern[str], dict[str, Term]]]:
        return _source_patterns(self.terms, lambda t: t.sources, caps=True)

    @cached_property
    def _compound_patterns(self) -> list[tuple[re.Pattern[str], dict[str, Term]]]:
        return _source_patterns(self.terms, lambda t: t.sources, compounds=True)

    def _patterns_for(
        self, lang: str, *, caps: bool = False
    ) -> list[tuple[re.Pattern[str], dict[str, Term]]]:
        """Patterns matching ``lang`` text: the source column, or another language's forms."""
        if lang == self.source:
            return self._caps_patterns if caps else self._patterns
        cache = self.__dict__.setdefault("_other_patterns", {})
        if (lang, caps) not in cache:
            cache[(lang, caps)] = _source_patterns(
                [t for t in self.terms if not t.dnt], lambda t: t.forms(lang), caps=caps
            )
        return cache[(lang, caps)]


def _source_patterns(
    terms: Iterable[Term],
    forms: Callable[[Term], Sequence[str]],
    *,
    caps: bool = False,
    compounds: bool = False,
) -> list[tuple[re.Pattern[str], dict[str, Term]]]:
    """Alternations of every term's ``forms``, case-sensitive ones apart (all case-insensitive
    for an all-caps text). Whole words, never inside a hyphenated compound ("Russia-controlled"),
    or, with ``compounds``, only there (group ``term`` holds the term)."""
    out = []
    for sensitive in (True, False):
        lookup: dict[str, Term] = {}
        for term in terms:
            if (term.case_sensitive and not caps) == sensitive:
                for variant in forms(term):
                    lookup.setdefault(term_key(variant, sensitive), term)
        if lookup:
            alts = sorted(lookup, key=len, reverse=True)
            body = "|".join(phrase_regex(a) for a in alts)
            flags = 0 if sensitive else re.IGNORECASE
            if compounds:
                h = f"[{HYPHENS}]"
                regex = (
                    rf"(?<![\w{HYPHENS}])(?P<pre>(?:\w+{h})*)(?P<term>{body})"
                    rf"(?P<post>(?:{h}\w+)*)(?![\w{HYPHENS}])"
                )
            else:
                regex = rf"(?<![\w{HYPHENS}])(?:{body})(?!\w|[{HYPHENS}]\w)"
            out.append((re.compile(regex, flags), lookup))
    return out


def all_caps(text: str) -> bool:
    """A headline in capitals ("CRIMEA: KREMLIN SAYS INF TREATY…"): two words or more, no
    lower-case letter."""
    words = re.findall(r"[^\W\d_]{2,}", text)
    return len(words) >= 2 and not any(ch.islower() for ch in text)


def norm_space(text: str) -> str:
    return " ".join(text.split())


_APOSTROPHES = "'’ʼ"
HYPHENS = "‐‑-"  # hyphen-minus last: it goes inside character classes


def term_key(text: str, sensitive: bool) -> str:
    """The lookup key of a form: spacing, apostrophes, hyphens and ё folded; case if asked."""
    text = unicodedata.normalize("NFC", norm_space(text))
    text = re.sub(f"[{_APOSTROPHES}]", "'", re.sub(f"[{HYPHENS}]", "-", text))
    text = text.replace("ё", "е").replace("Ё", "Е")
    return text if sensitive else text.casefold()


def phrase_regex(text: str, *, flex_first: bool = False) -> str:
    """A regex for ``text``: any white space run (NBSP too) for a space, ’ for ', е for ё."""
    parts: list[str] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in _APOSTROPHES:
            parts.append(f"[{_APOSTROPHES}]")
        elif ch in HYPHENS:
            parts.append(f"[{HYPHENS}]")
        elif ch in "ёеЁЕ":
            parts.append("[ёе]" if ch in "ёе" else "[ЁЕ]")
        elif i == 0 and flex_first and ch.upper() != ch.lower():
            parts.append(f"[{re.escape(ch.upper())}{re.escape(ch.lower())}]")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def bounded_regex(text: str, *, flex_first: bool = False, strict: bool = False) -> str:
    """``phrase_regex`` with word boundaries on the sides that are word characters; with ``strict``
    a word in a hyphenated compound ("Россия-controlled") is not the word."""
    if strict:
        before = rf"(?<![\w{HYPHENS}])" if re.match(r"\w", text) else ""
        after = rf"(?!\w|[{HYPHENS}]\w)" if re.search(r"\w$", text) else ""
    else:
        before = r"(?<!\w)" if re.match(r"\w", text) else ""
        after = r"(?!\w)" if re.search(r"\w$", text) else ""
    return before + phrase_regex(text, flex_first=flex_first) + after


@dataclass(frozen=True)
class TermMatch:
    start: int
    end: int
    term: Term
    text: str  # the source form as it occurs (possessive 's left outside)

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

    @property
    def entry(self) -> Term:
        return self.term


def find_terms(glossary: Glossary | None, text: str, *, lang: str | None = None) -> list[TermMatch]:
    """Glossary terms in ``text``: whole words, longest first, possessives matched, no overlap.

    ``lang`` is the language of ``text`` (default: the glossary's source language).
    """
    if glossary is None:
        return []
    found: list[TermMatch] = []
    caps = all_caps(text)  # "KREMLIN SAYS": every term matches whatever its case rule
    for pattern, lookup in glossary._patterns_for(lang or glossary.source, caps=caps):
        sensitive = not pattern.flags & re.IGNORECASE
        for m in pattern.finditer(text):
            found.append(
                TermMatch(m.start(), m.end(), lookup[term_key(m.group(), sensitive)], m.group())
            )
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    out: list[TermMatch] = []
    for match in found:
        if out and match.start < out[-1].end:
            continue
        out.append(match)
    return out


@dataclass(frozen=True)
class Violation:
    term: Term
    message: str  # also the translator comment: glossary: "Crimea" → Крым|Крыма|…
    in_source: int = 1
    in_target: int = 0
    word: str = ""  # the target's wrong word where known (a compound: "Кримея-based")

    @property
    def code(self) -> str:
        return "dnt" if self.term.dnt else "glossary"

    @property
    def entry(self) -> Term:
        return self.term


_OPENERS = "\"'«»“”„‘’([—–- \t\u00a0"


def sentence_start(text: str, pos: int) -> bool:
    before = text[:pos]
    stripped = before.rstrip(_OPENERS)
    if not stripped or "\n" in before[len(stripped) :]:
        return True
    return stripped[-1] in ".!?…:"


def verify(source: str, target: str, glossary: Glossary | None, lang: str) -> list[Violation]:
    """Each source occurrence needs an accepted form in ``target``; DNT terms verbatim.

    Target forms match at word boundaries; their case must be as listed except the first letter
    at a sentence start. A target word is counted once, for the longest form it matches.
    """
    if glossary is None:
        return []
    need: Counter[Term] = Counter(
        m.term for m in find_terms(glossary, source) if m.term.forms(lang)
    )
    compounds = find_compounds(glossary, source) if re.search(f"[{HYPHENS}]", source) else []
    target = unicodedata.normalize("NFC", target)
    if not need:
        return compound_violations(compounds, target, lang)
    caps = all_caps(source)  # a headline in capitals may be translated in capitals
    # A compound in the target ("Kreml-Sprecher") is the term, unless the source holds a
    # compound with it, which the engine may have copied ("Россия-controlled").
    strict = {m.term for m in compounds}
    found, spans = _count(target, need, lambda t: _upper_too(t.forms(lang), caps), strict)
    if any(found[t] < need[t] and len(t.forms(lang)) == 1 for t in need):
        # only now the dictionaries: a glossary whose forms are all there never loads them
        found, spans = _count(
            target, need, lambda t: _upper_too(accepted_forms(t, lang), caps), strict
        )
    short = [t for t in need if found[t] < need[t] and _lemmatized(t, lang)]
    if short:  # languages without a generator: an inflection is a word with the form's lemma
        from localize.glossary.inflect import same_lemma

        for word in re.finditer(r"\w+", target):
            if any(s <= word.start() < e for s, e in spans):
                continue
            for term in short:
                form = term.forms(lang)[0]
                # simplemma's data (about 100 MB a language) loads only for a likely inflection
                near = word.group()[:3].casefold() == form[:3].casefold()
                if found[term] < need[term] and near and same_lemma(word.group(), form, lang):
                    found[term] += 1
                    break
    out: list[Violation] = []
    for term, count in need.items():
        flagged = _flagged_in(target, term, lang)
        if found[term] >= count and not flagged:
            continue
        if term.dnt and not term.exception(lang):
            msg = f'glossary: "{term.name}" must stay as is (do not translate)'
        else:
            msg = f'glossary: "{term.name}" → {"|".join(term.forms(lang))}'
        if flagged:
            msg += f" (not {', '.join(repr(f) for f in flagged)})"
        elif found[term]:
            msg += f" ({count} in source, {found[term]} in translation)"
        out.append(Violation(term, msg, count, min(found[term], count - bool(flagged))))
    return out + compound_violations(compounds, target, lang)


def compound_parts(c: TermMatch) -> tuple[str, list[str]]:
    """The term's part of a compound match ("Crimea" of "Crimea-based") and its other parts."""
    sources = {term_key(v, False) for v in c.term.sources}
    parts = re.split(f"[{HYPHENS}]", c.text)
    term = next((p for p in parts if term_key(p, False) in sources), c.term.name)
    return term, [p for p in parts if p != term]


def compound_violations(
    compounds: Sequence[TermMatch],
    target: str,
    lang: str,
    renderings: Mapping[str, str] | None = None,
) -> list[Violation]:
    """A source compound holding a term ("Crimea-based") against the target's hyphenated word
    that renders it: one whose part is the compound's other part copied ("Кримея-based"), the
    term's form or source form, or a word like them. One of its parts must be an accepted form
    (an inflection too), or the source form for a do-not-translate term. A compound the engine
    wrote as one word or several ("крымские чиновники") is not checked. ``renderings`` (the
    engine's translation of a term alone) find more: "Triunfo-reculó" for "Trump-backed"."""
    if not compounds:
        return []
    hyphen = f"[{HYPHENS}]"
    words = [m.group() for m in re.finditer(rf"\w+(?:{hyphen}\w+)+", target)]
    if not words:
        return []
    used: set[int] = set()
    out = []
    for c in compounds:
        term = c.term
        forms = term.forms(lang)
        if not forms:
            continue
        verbatim = term.dnt and not term.exception(lang)
        part, rest = compound_parts(c)
        sources = {term_key(v, False) for v in term.sources}
        rendering = term_key((renderings or {}).get(part, ""), False).strip(" .!?;:,")
        if rendering and " " not in rendering:
            sources.add(rendering)
        others = {term_key(p, False) for p in rest}
        good = {
            term_key(f, False) for f in (term.sources if verbatim else accepted_forms(term, lang))
        }
        refs = [*forms, *term.sources]
        for k, word in enumerate(words):
            if k in used:
                continue
            keys = [term_key(p, False) for p in re.split(hyphen, word)]
            if not any(
                p in others or p in good or p in sources or _like(p, refs, lang) for p in keys
            ):
                continue
            used.add(k)
            if not any(p in good for p in keys):
                if verbatim:
                    msg = f'glossary: "{term.name}" must stay as is (do not translate)'
                else:
                    msg = f'glossary: "{term.name}" → {"|".join(forms)}'
                out.append(Violation(term, f'{msg} in the compound "{word}"', word=word))
            break
    return out


def _like(word: str, refs: Sequence[str], lang: str) -> bool:
    """``word`` reads like one of ``refs`` (in Latin letters too: "Кримея" for "Crimea"); an
    adjective is derived from the name, not the name ("про-российская")."""
    from rapidfuzz import fuzz

    from localize.glossary.inflect import adjective

    if adjective(word, lang):
        return False
    latin = word.translate(_LATIN)
    return any(
        fuzz.ratio(cand, term_key(ref, False)) >= 60 for ref in refs for cand in (word, latin)
    )


def _upper_too(forms: Sequence[str], caps: bool) -> Sequence[str]:
    return [*forms, *(f.upper() for f in forms if f.upper() != f)] if caps else forms


def find_compounds(glossary: Glossary | None, text: str) -> list[TermMatch]:
    """Hyphenated compounds holding a term that the glossary does not list ("Crimea-based"):
    never an occurrence of the term, shown to editors to check. ``TermMatch.text`` is the
    compound, ``term`` the term inside it."""
    if glossary is None:
        return []
    listed = [(m.start, m.end) for m in find_terms(glossary, text)]
    out = []
    for pattern, lookup in glossary._compound_patterns:
        sensitive = not pattern.flags & re.IGNORECASE
        for m in pattern.finditer(text):
            if not (m.group("pre") or m.group("post")):
                continue
            if any(s < m.end() and m.start() < e for s, e in listed):
                continue
            term = lookup[term_key(m.group("term"), sensitive)]
            out.append(TermMatch(m.start(), m.end(), term, m.group()))
    return sorted(out, key=lambda m: m.start)


def _count(
    target: str,
    need: Counter[Term],
    forms: Callable[[Term], Sequence[str]],
    strict: set[Term] | frozenset[Term] = frozenset(),
) -> tuple[Counter[Term], list[tuple[int, int]]]:
    """Occurrences of each needed term's ``forms`` in ``target``, and where they are; the
    ``strict`` terms' forms never inside a hyphenated compound."""
    items = [(form, term) for term in need for form in forms(term)]
    order = sorted(range(len(items)), key=lambda i: -len(items[i][0]))
    alts = []
    for i in order:
        form, term = items[i]
        body = bounded_regex(form, flex_first=not term.dnt, strict=term in strict)
        alts.append(f"(?P<g{i}>{body if term.case_sensitive else f'(?i:{body})'})")
    owners: dict[str, list[Term]] = {}
    for form, term in items:
        owners.setdefault(term_key(form, True), []).append(term)
    found: Counter[Term] = Counter()
    spans: list[tuple[int, int]] = []
    for m in re.finditer("|".join(alts), target):
        form, term = items[int(m.lastgroup[1:])]  # type: ignore[index]
        if term.case_sensitive and m.group()[:1] != form[:1]:
            if not sentence_start(target, m.start()):
                continue  # "кремль" mid-sentence is not "Кремль"
        candidates = owners[term_key(form, True)]
        owner = next((t for t in candidates if found[t] < need[t]), candidates[0])
        found[owner] += 1
        spans.append(m.span())
    return found, spans


def accepted_forms(term: Term, lang: str) -> tuple[str, ...]:
    """The forms ``verify`` accepts: a cell's list as written, or, when it holds one form, that
    form and every inflection of it (Russian and Ukrainian, from pymorphy3's dictionaries)."""
    forms = term.forms(lang)
    if len(forms) != 1 or (term.dnt and not term.exception(lang)):
        return forms
    from localize.glossary.inflect import inflections

    return forms + inflections(forms[0], lang)


def _lemmatized(term: Term, lang: str) -> bool:
    """A one-word, one-form term in a language checked by lemma (simplemma), not by a list."""
    from localize.glossary.inflect import MORPH_LANGS, UNINFLECTED_NAMES

    forms = term.forms(lang)
    base = base_language(lang)
    return (
        len(forms) == 1
        and " " not in forms[0]
        and not term.dnt
        and base not in MORPH_LANGS
        and base not in UNINFLECTED_NAMES
    )


def _flagged_in(target: str, term: Term, lang: str) -> list[str]:
    """The flagged forms of ``term`` that ``target`` uses."""
    out = []
    for form in term.flagged_forms(lang):
        flags = 0 if term.case_sensitive else re.IGNORECASE
        if re.search(bounded_regex(form, flex_first=True), target, flags):
            out.append(form)
    return out


# Cyrillic to Latin, enough to see that "Москоу" is a spelling of "Moscow".
_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e",
        "є": "ye", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k",
        "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
        "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    }
)  # fmt: skip


def wrong_word(violation: Violation, target: str, lang: str) -> str | None:
    """The word of ``target`` most likely written for the violated term, else None.

    Used to point an editor at it: the word closest to an accepted form ("Руссия" for
    "Россия") or, transliterated, to the source term ("Москоу" for "Moscow").
    """
    from difflib import SequenceMatcher

    term = violation.term
    forms = term.forms(lang)
    accepted = {term_key(w, False) for f in forms for w in f.split()}
    refs = [w.casefold() for f in (*forms, *term.sources) for w in f.split()]
    best, best_score = None, 0.5
    for word in re.findall(r"\w+(?:['’-]\w+)*", target):
        if term_key(word, False) in accepted and not term.dnt:
            continue
        folded = word.casefold()
        if term.dnt and folded in {s.casefold() for s in term.sources}:
            continue
        latin = folded.translate(_LATIN)
        score = max(
            (SequenceMatcher(None, cand, ref).ratio() for ref in refs for cand in (folded, latin)),
            default=0.0,
        )
        if score > best_score:
            best, best_score = word, score
    return best


def form_with_ending(forms: Sequence[str], ending: str) -> str:
    """The accepted form inflected like the engine's word (its case ending), else the preferred.

    In a multi-word form the inflected word is the one that differs from the preferred form
    ("Договоре о ракетах…" vs "Договор о ракетах…").
    """
    ending = ending.lower()
    preferred = forms[0].lower().split()
    if not ending or any(w.endswith(ending) for w in (preferred[0], preferred[-1])):
        return forms[0]
    for form in forms[1:]:
        words = form.lower().split()
        changed = [w for i, w in enumerate(words) if i >= len(preferred) or w != preferred[i]]
        if any(w.endswith(ending) for w in changed):
            return form
    return forms[0]
