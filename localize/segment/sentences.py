"""Sentences: pySBD fed in windows, so time stays linear, with a news layer on top.

The news layer splits and joins where a careful news reader does: datelines, initials,
``p.m. Friday``, ``approx. $5``, ellipses, multi-sentence quotations split with their marks and
attribution in place.
"""

from __future__ import annotations

import bisect
import re
from functools import cache

__all__ = ["split_sentences", "DATELINE", "CREDIT_WORDS"]

#: "MOSCOW --", "KYIV, Ukraine (Reuters) —": a dateline, alone or opening a paragraph.
DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]{1,40}(?:,[^()\r\n]{1,40}?)?(?:\s*\([^()\r\n]{1,30}\))?\s*(?:--|—|–|-)"
)
#: The words that open a photo credit ("Image: United States Navy.", "Photo by ...").
CREDIT_WORDS = r"(?:Image|Photo|Photograph|Picture|Illustration|Video|Credit)s?(?: credit)?"

_WINDOW = 4000  # characters given to pySBD at once: its cost grows faster than linearly
_MARGIN = 200  # a boundary this close to a window's end may depend on text past it
_MAX_SENTENCE = 64000  # a "sentence" longer than this is cut at a space (it is not prose)


@cache
def _sbd():  # noqa: ANN202 - pysbd has no types
    import pysbd
    from pysbd.utils import TextSpan

    class Segmenter(pysbd.Segmenter):
        def sentences_with_char_spans(self, sentences: list[str]) -> list[TextSpan]:
            # pySBD finds every sentence again with a freshly compiled regex over the whole
            # text (a third of its time); _pysbd_spans locates them itself, never losing text.
            return [TextSpan(s, 0, 0) for s in sentences]

    return Segmenter(language="en", clean=False)


def _pysbd_spans(flat: str, start: int, end: int) -> list[tuple[int, int]]:
    """pySBD's sentences of ``flat[start:end]`` as spans into ``flat``, stripped."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for piece in _sbd().segment(flat[start:end]):
        core = piece.strip()
        if not core:
            continue
        at = flat.find(core, cursor, end)
        if at < 0:  # pySBD changed the text: keep the rest as one sentence, never lose it
            break
        spans.append((at, at + len(core)))
        cursor = at + len(core)
    rest = flat[cursor:end]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        spans.append((cursor + lead, cursor + len(rest.rstrip())))
    return spans


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``, outer whitespace excluded, in order."""
    # pySBD sees line breaks as spaces (same length, so offsets stay valid).
    flat = text.replace("\r", " ").replace("\n", " ")
    spans: list[tuple[int, int]] = []
    pos, n, window = 0, len(flat), _WINDOW
    forced: set[int] = set()  # indexes of spans that begin at a forced cut
    while pos < n:
        end = min(n, pos + window)
        found = _pysbd_spans(flat, pos, end)
        if end == n:
            spans.extend(found)
            break
        done = [s for s in found[:-1] if s[1] <= end - _MARGIN]
        if done:
            spans.extend(done)
            pos, window = found[len(done)][0], _WINDOW
        elif window < _MAX_SENTENCE:
            window *= 2
        else:  # no boundary in a huge run of text: cut at its last space, or anywhere
            cut = flat.rfind(" ", pos + 1, end)
            cut = end if cut < 0 else cut
            spans.extend(_pysbd_spans(flat, pos, cut))
            pos, window = cut, _WINDOW
            forced.add(len(spans))
    return _news_layer(flat, spans, forced)


_STARTERS = (
    "A After Also Although An And As At Being Both But Did During For He Her His How However I "
    "If In It Its Many Meanwhile Millions More Most Now Our She Since So Some Still That The "
    "Their There These They This Those We What When Where While Who Why Yet"
).split()
# "... in the U.K. But analysts" : pySBD keeps initials glued to a following capital word.
_INITIALS_END = re.compile(
    r"\b(?:[A-Z]\.){2,}(?=\s+(?:" + "|".join(_STARTERS) + r")\b)"
    # "Washington D.C. Officials met": D.C. ends a place name, a capital word then a verb
    r"|\bD\.C\.(?=\s+[A-Z][a-z]+\s+[a-z])"
)
# "He wavered… Then", 'the minister said... "Nothing': an ellipsis right after a word, before a
# capital or an opening quote, ends a sentence ("the thing is . . . I" with spaces does not).
_ELLIPSIS_END = re.compile(r"(?<=[^\s.])(?:…|\.\.\.)['\"’”»)]*(?=\s+[\"“‘']?[A-Z])")
# "The talks collapsed [...] Officials left": an elision in brackets before a capital.
_BRACKET_ELLIPSIS = re.compile(r"[\[(](?:…|\.\.\.)[\])](?=\s+[\"“‘']?[A-Z])")
# "… near Washington D.C. Image: United States Navy.": a credit starts after any full stop.
_BEFORE_CREDIT = re.compile(r"[.!?…]['\"’”»)]*(?=\s+" + CREDIT_WORDS + r":\s)")
# 'it was "not based on any facts." "Let's not ...' : a quote closes a sentence, another opens.
_QUOTE_END = re.compile(r"[.!?…][\"”’']+(?=\s+[\"“‘][A-Z])")
# "He left the bank at 6 P.M. Mr. Smith": a time ending a clause of four words or more.
_TIME_END = re.compile(r"\b\d{1,2}(?::\d\d)?\s?[AaPp]\.[Mm]\.(?=\s+[A-Z])")
_FOUR_WORDS = re.compile(r"(?:\S+\s+){4}")
_BEFORE_NUMBER = re.compile(
    r"\b(?:No|Nos|no|nos|approx|appx|ca|vs|p|pp|Vol|vol|Art|art|Fig|fig|Sec|sec|Ch|ch|para|"
    r"est|Ex|ex|Ref|ref|Tel|tel|Nr|nr|Ltd|Inc|Corp|Co|PLC|plc|LLC)\.$"
)
_COMPANY = re.compile(r"\b(?:Co|Corp|Inc|Ltd|Bros)\.$")
_COMPANY_NEXT = re.compile(r"(?:Inc|Ltd|Corp|LLC|PLC|plc|Co)\b")
_TIME_THEN = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?"
    r"|Oct|Nov|Dec|[ECMP][SD]?T|GMT|UTC|BST|CET|CEST|EET|EEST|MSK|Moscow time|local time)\b"
)
# "At 5 a.m." alone is not a sentence: it opens the next one.
_TIME_LEAD = re.compile(
    r"(?:At|By|Before|After|Until|Till|From|Around|Since|Shortly after|Shortly before)\s+"
    r"(?:about\s+|around\s+)?\d{1,2}(?::\d\d)?\s?[AaPp]\.[Mm]\."
)
# '"Are they ready?" Peskov asked.' : the attribution of a quote stays with its last sentence.
_SPEECH = (
    "said|says|asked|asks|added|adds|told|tells|wrote|writes|replied|insisted|explained|noted|"
    "warned|stressed|continued|argued|recalled|shouted|whispered|answered|declared|admitted"
)
_ATTRIBUTION = re.compile(
    r"(?:(?:[A-Z][\w'’.-]*|de|van|von|al|el)\s+){1,4}(?:" + _SPEECH + r")\b[^\"“”]{0,80}$"
)
_QUOTED_END = re.compile(r"[?!][\"”’']+$")
_CLOSERS = "\"'”’»)"
# A quotation's content is split into sentences ("We did what we could. The rest is up to
# Washington.") when it holds several.
_INNER_END = re.compile(r"[.!?…]['’)]*\s+[(\[‘']?[A-Z0-9]")


def _time_stops(piece: str) -> set[int]:
    """Ends of times that close a clause of four words or more ("at 6 P.M. Mr. Smith")."""
    four = _FOUR_WORDS.match(piece)
    if four is None:
        return set()
    return {m.end() for m in _TIME_END.finditer(piece, four.end())}


# Which way a quote mark faces is read from its neighbours, not its glyph: writers type “ for ”
# and " for both. An opener stands at the start or after a space and before text; a closer
# after text and before a space, punctuation or the end.
_OPENER = re.compile(r"(?:^|(?<=[\s(\[—–]))[\"“”„«](?=\w)")
_CLOSER = re.compile(r"(?<=[\w.,!?…;:])[\"“”»](?=[\s.,;:!?)\]—–]|$)")
# A sentence end outside any quotation before a quotation that opens the next sentence.
_END_BEFORE_QUOTE = re.compile(r"(?<=\w)[.!?…](?=\s+[\"“„«][A-Z])")


def _quotations(piece: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each quotation's content in ``piece``; an unclosed one runs on."""
    out: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = _OPENER.search(piece, pos)
        if m is None:
            return out
        close = _CLOSER.search(piece, m.end())
        end = close.start() if close else len(piece)
        out.append((m.end(), end))
        pos = end + 1


def _quote_stops(piece: str) -> list[int]:
    """Offsets in ``piece`` after each sentence of a quotation but its last, and after a
    sentence that ends right before a quotation opens."""
    stops: list[int] = []
    quotes = _quotations(piece)
    for start, close in quotes:
        if _INNER_END.search(piece, start, close):
            inner = _pysbd_spans(piece, start, close)
            if len(inner) > 1 and all(len(piece[a:b].split()) >= 2 for a, b in inner):
                stops.extend(b for _, b in inner[:-1])
    opens = [a for a, _ in quotes]
    for m in _END_BEFORE_QUOTE.finditer(piece):
        i = bisect.bisect_right(opens, m.start()) - 1  # the last quotation opened before it
        if i < 0 or m.start() >= quotes[i][1]:
            stops.append(m.end())
    return stops


def _news_layer(text: str, spans: list[tuple[int, int]], forced: set[int]) -> list[tuple[int, int]]:
    """Fix pySBD where a careful news reader splits otherwise (``forced`` cuts stay)."""
    cut: list[tuple[int, int, bool]] = []
    for i, (start, end) in enumerate(spans):
        piece = text[start:end]
        stops = sorted(
            {m.end() for m in _INITIALS_END.finditer(piece)}
            | {m.end() for m in _ELLIPSIS_END.finditer(piece)}
            | {m.end() for m in _QUOTE_END.finditer(piece)}
            | {m.end() for m in _BRACKET_ELLIPSIS.finditer(piece)}
            | {m.end() for m in _BEFORE_CREDIT.finditer(piece)}
            | _time_stops(piece)
            | set(_quote_stops(piece))
        )
        keep = i in forced
        at = start
        for stop in stops:
            if start + stop <= at:
                continue
            cut.append((at, start + stop, keep))
            rest = text[start + stop : end]
            at, keep = start + stop + len(rest) - len(rest.lstrip()), False
        if at < end:
            cut.append((at, end, keep))
    out: list[tuple[int, int]] = []
    for start, end, keep in cut:
        if out and not keep:
            prev = text[out[-1][0] : out[-1][1]]
            head = text[start:end]
            closing = _closing_quote(prev, head)
            if closing:  # 'all we can say.' | '" The minister then left.'
                out[-1] = (out[-1][0], out[-1][1] + (start - out[-1][1]) + closing)
                rest = text[out[-1][1] : end]
                start = out[-1][1] + len(rest) - len(rest.lstrip())
                if start >= end:
                    continue
                head = text[start:end]
                prev = text[out[-1][0] : out[-1][1]]
            if _glued(prev, head):
                out[-1] = (out[-1][0], end)
                continue
        out.append((start, end))
    return out


def _closing_quote(prev: str, head: str) -> int:
    """Length of a closing quote that pySBD put at the start of the next sentence, or 0."""
    m = re.match(r"[\"”’'“]+(?=\s|$)", head)  # “ before a space closes: a mistyped ”
    if m and prev.rstrip(_CLOSERS)[-1:] in ".!?…" and not prev.endswith(m.group()):
        return m.end()
    return 0


def _glued(prev: str, head: str) -> bool:
    """True when ``head`` continues the sentence ``prev`` (pySBD split where it should not)."""
    first = head[:1]
    # "... U.S. officials": a lowercase word goes on (but not "a. The first item", "iPhone").
    if first.islower() and not re.match(r"[a-z][.)]\s|[a-z]+[A-Z]", head):
        return True
    if first in _CLOSERS and len(head.strip(_CLOSERS + ".!?")) == 0:
        return True  # a stray closing quote
    if DATELINE.fullmatch(prev):  # "MOSCOW --" belongs with its first sentence
        return True
    if re.fullmatch(r"\([^()]{1,40}\)", prev):  # "(Reuters) The market fell."
        return True
    if (first.isdigit() or first in "$€£¥#") and _BEFORE_NUMBER.search(prev):
        return True  # "approx. $5 million", "No. 5"
    if _COMPANY.search(prev) and _COMPANY_NEXT.match(head):
        return True  # "Tokyo Electric Power Co. Inc. fell"
    if re.search(r"\b[ap]\.m\.$", prev, re.I) and _TIME_THEN.match(head):
        return True  # "at 3 p.m. Friday"
    if re.search(r"\b(?:Mon|Tues?|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.$", prev) and (
        first.isdigit() or _TIME_THEN.match(head)
    ):
        return True  # "Fri. Oct. 3"
    if _TIME_LEAD.fullmatch(prev):
        return True  # "At 5 a.m. Mr. Smith went to the bank."
    if _QUOTED_END.search(prev) and _ATTRIBUTION.match(head):
        return True  # '"Are they ready?" Peskov asked.'
    return False
