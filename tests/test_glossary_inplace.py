"""Engine-aware enforcement: a rule-based engine's output repaired in place, not re-translated.

Offline with a small compositional engine (a word table with Apertium's habits: it translates
names as common nouns with an article, reorders a name around a possessive, and stops agreeing
around a word it does not know), and with real Apertium en→es where it is installed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from localize.engine.apertium import ApertiumEngine
from localize.engine.base import Translation
from localize.formats import read_article
from localize.glossary import enforce, find_terms, load_glossaries, verify
from localize.glossary.enforce import _PLACEHOLDER_RE
from localize.glossary.inplace import replace_in_place
from tests.test_apertium import real

ROOT = Path(__file__).parent.parent
NEWS = ROOT / "glossaries" / "news.csv"


@pytest.fixture(scope="module")
def news():
    return load_glossaries([NEWS])


# Word by word, like a rule-based engine; "Trump" is a common noun (with its article), an
# unknown word (a placeholder) breaks the verb agreement after it, as Apertium does.
_WORDS = {
    "trump": "el triunfo", "said": "dijo", "the": "el", "kremlin": "Kremlin", "sees": "ve",
    "no": "ninguna", "reason": "razón", "moscow": "Moscú", "and": "y", "washington": "Washington",
    "have": "han", "met": "se reunieron", "campaign": "campaña", "of": "de", "donald": "Donald",
    "president": "Presidente", "spoke": "habló", "today": "hoy", "putin": "Putin",
    "vladimir": "Vladimir", "spokesman": "portavoz", "'s": "",
}  # fmt: skip


class RuleBased:
    name = "fake-rules"
    compositional = True

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate(self, texts):
        self.calls.append(list(texts))
        return [self._one(t) for t in texts]

    def _one(self, text: str) -> Translation:
        # "Vladimir Putin's spokesman" -> "Vladimir el portavoz de Putin"
        text = re.sub(r"(\w+) (\w+)'s (\w+)", r"\1 the \3 of \2", text)
        out, unknown, broken = [], [], False
        for word in re.findall(r"\w+|[^\w\s]", text):
            low = word.lower()
            if low in _WORDS:
                w = _WORDS[low]
                if broken and w == "han":
                    w = "haber"  # no agreement after an unknown word
                out.append(w)
                broken = False
            elif word.isalpha() or word[0].isdigit() or _PLACEHOLDER_RE.fullmatch(word):
                out.append(word)
                unknown.append(word)
                broken = True
            else:
                out.append(word)
        text = re.sub(r" ([.,!?])", r"\1", " ".join(w for w in out if w))
        text = text.replace("de el", "del")
        note = f"apertium unknown words: {', '.join(unknown)}" if unknown else ""
        return Translation(text, None, note)


def test_a_sentence_whose_terms_are_right_is_the_engines_output(news) -> None:
    engine = RuleBased()
    src = "Moscow and Washington have met."
    [(out, problems)] = enforce([src], engine.translate, news, "es", compositional=True)
    assert out == engine._one(src).text == "Moscú y Washington han se reunieron."
    assert problems == [] and len(engine.calls) == 1  # no second call, no placeholder


def test_the_wrong_rendering_is_replaced_with_its_article(news) -> None:
    engine = RuleBased()
    texts = ["Trump said no.", "The campaign of Trump spoke today.", "Donald Trump spoke."]
    raw = [engine._one(t).text for t in texts]
    assert raw == [
        "el triunfo dijo ninguna.",
        "el campaña del triunfo habló hoy.",
        "Donald el triunfo habló.",
    ]
    out = enforce(texts, engine.translate, news, "es", compositional=True)
    assert [t for t, _ in out] == [
        "Trump dijo ninguna.",
        "el campaña de Trump habló hoy.",  # "del" was "de" + the common noun's article
        "Donald Trump habló.",
    ]
    assert all(not p for _, p in out)
    # one call for the sentences, one for the renderings; nothing protected
    assert len(engine.calls) == 2 and not any("XTM" in t for c in engine.calls for t in c)


def test_a_name_split_around_a_possessive_is_put_together(news) -> None:
    engine = RuleBased()
    src = "Vladimir Putin's spokesman said no."
    assert engine._one(src).text == "Vladimir el portavoz de Putin dijo ninguna."
    [(out, problems)] = enforce([src], engine.translate, news, "es", compositional=True)
    assert out == "el portavoz de Vladímir Putin dijo ninguna." and problems == []


def test_protection_only_where_the_rendering_is_not_found(news) -> None:
    def engine(texts):
        # renders "Moscow" as "Moscova" alone but "la capital" in context: not findable
        out = []
        for t in texts:
            if t == "Moscow":
                out.append(Translation("Moscova", None, ""))
            elif "XTM0" in t:
                out.append(
                    Translation(t.replace("said", "dijo"), None, "apertium unknown words: XTM0")
                )
            else:
                out.append(Translation("la capital dijo.", None, "apertium unknown words: capital"))
        return out

    [(out, problems)] = enforce(["Moscow said."], engine, news, "es", compositional=True)
    assert out == "Moscú dijo."
    assert problems == ["engine: apertium unknown words: capital"]  # never a placeholder


def test_replace_in_place_reports_its_edits(news) -> None:
    src = "Trump said."
    text, edits = replace_in_place(src, "El triunfo dijo.", news, "es", {"Trump": "triunfo"})
    assert text == "Trump dijo."
    assert [(e.start, e.end, e.text, e.term.name) for e in edits] == [(0, 10, "Trump", "Trump")]


@real
def test_real_apertium_every_term_right_and_the_rest_untouched(news) -> None:
    texts = [
        s.text for s in read_article(ROOT / "examples" / "russia-wont-discuss-crimea.txt").segments
    ]
    texts += [
        'Kremlin spokesman Dmitry Peskov said the Kremlin "sees no reason" to discuss Crimea.',
        "Moscow and Washington have repeatedly accused each other of violating the treaty.",
        "After White House spokesman Sean Spicer said that Trump expects Russia to return "
        "Crimea, Peskov said Moscow would not discuss it.",
        "The UN General Assembly voted on Ukraine's territorial integrity.",
    ]
    engine = ApertiumEngine("en", "es")
    raw = engine.translate(texts)
    out = enforce(texts, engine.translate, news, "es", compositional=True)
    occurrences = sum(1 for t in texts for m in find_terms(news, t) if m.term.forms("es"))
    assert occurrences >= 60
    for src, r, (text, problems) in zip(texts, raw, out, strict=True):
        assert verify(src, text, news, "es") == [], (src, text)
        assert not any("XTM" in p for p in problems)
        assert not _PLACEHOLDER_RE.search(text)
        if not verify(src, r.text, news, "es"):
            assert text == r.text  # terms right already: the engine's own sentence
    by_source = dict(zip(texts, (t for t, _ in out), strict=True))
    quote = raw[-4].text.replace("Dmitry Peskov", "Dmitri Peskov")
    assert by_source[texts[-4]] == quote and '"ve ninguna razón"' in quote
    assert by_source[texts[-3]].startswith("Moscú y Washington han ")
    assert "la Asamblea General de la ONU" in by_source[texts[-1]].replace("La ", "la ", 1)


@real
def test_real_apertium_html_reads_as_its_text(news) -> None:
    """The README's HTML example and the same sentences as plain text: identical Spanish. The
    code carrier that takes inline codes through the engine says what the engine is, so a batch
    holding ``<`` is repaired in place too, never given placeholders."""
    from localize.engine.plan import EnginePlan
    from localize.engine.translate import translate_segments
    from localize.formats import iter_segments
    from localize.formats.codes import strip

    texts = list(
        dict.fromkeys(s.text for s in iter_segments(ROOT / "examples" / "crimea-talks.html"))
    )
    coded = [t for t in texts if "<" in t]
    assert len(coded) >= 5  # links, emphasis, a line break
    plan = EnginePlan("apertium", "en", "es", (), "apertium en-es")
    html = translate_segments(plan, texts, lang="es", glossary=news)
    text = translate_segments(plan, [strip(t) for t in texts], lang="es", glossary=news)
    assert [" ".join(strip(h.text).split()) for h in html] == [
        " ".join(t.text.split()) for t in text
    ]
    assert not any("inline codes" in p for h in html for p in h.problems)
    by_source = dict(zip(texts, (h.text for h in html), strict=True))
    link = next(t for t in coded if "Vladimir Putin" in t)
    assert re.search(r"<1>Vlad[ií]mir Putin</1> y Donald Trump", by_source[link])


def test_the_code_carrier_says_what_the_engine_is() -> None:
    from localize.engine.carrier import CodeCarrier

    class Neural:
        name = "fake-nmt"

    assert CodeCarrier(RuleBased()).compositional is True
    assert CodeCarrier(Neural()).compositional is False  # an engine without the flag
