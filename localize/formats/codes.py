"""Inline codes: markup inside a sentence as short numbered placeholders (Okapi/XLIFF style).

A msgid shows ``<1>``…``</1>`` for a paired inline element (a link, emphasis) and ``<2/>`` for
a standalone one (a line break, an image, inline code), numbered from 1 in order of appearance
within the sentence; the real markup is kept aside (:class:`CodedSegment`). Translators and
engines may move codes, never drop, add or cross them; :func:`problems` says what is wrong with a
translation's codes, :func:`render` puts the markup back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from localize.formats.escape import escape as text_for
from localize.segment import Segment

__all__ = [
    "CODE",
    "CodedSegment",
    "NestedSegment",
    "MarkupError",
    "codes_of",
    "problems",
    "render",
    "refusals",
    "strip",
    "code_shape",
]

#: ``<1>``, ``</1>``, ``<1/>`` (also as engines may space them: ``< 1 >``, ``</ 1>``).
CODE = re.compile(r"<\s?(/?)\s?(\d+)\s?(/?)\s?>")


@dataclass(frozen=True)
class CodedSegment(Segment):
    """A segment whose text holds inline codes; ``markup[n - 1]`` is code n's real markup.

    For a paired code, (opening markup, closing markup); for a standalone one, (markup, "").
    ``escape`` names how plain text is written back (one of :data:`.escape.HOW`).
    """

    markup: tuple[tuple[str, str], ...] = ()
    escape: str = ""
    nested: tuple[NestedSegment, ...] = ()  # alt/title texts inside this segment's markup
    around: tuple[str, str] = ("", "")  # the source's characters just before and after it


@dataclass(frozen=True)
class NestedSegment(CodedSegment):
    """An alt or title text inside a sentence's markup (a link's title): translated on its own.

    ``raw`` lies at ``offset`` in the raw of segment ``parent``; parts streams carry it after its
    parent, outside the text (``"".join`` of the layout and the other segments' raws).
    """

    parent: int = -1
    offset: int = 0


_DELIMITERS = frozenset("*_~")


_SPACE = ("", " ", "\t", "\n", "\r")


def _touching(text: str) -> set[tuple[str, int, str, int]]:
    """Pairs of codes side by side in ``text`` (no text between): (role, n, role, n)."""
    out = set()
    previous = None
    for role, n, start, end in codes_of(text):
        if previous is not None and previous[2] == start:
            out.add((previous[0], previous[1], role, n))
        previous = (role, n, end)
    return out


def _line_start(lead: str | None) -> bool:
    """Whether text after ``lead``, the markup since the line's start (None: there was text),
    starts a line as far as Markdown's blocks go: emphasis delimiters alone keep it ("* x")."""
    return lead is not None and set(lead) <= _DELIMITERS


class MarkupError(ValueError):
    """A translation whose codes do not match its source's."""


def codes_of(text: str) -> Iterator[tuple[str, int, int, int]]:
    """(role, number, start, end) of each code: role is "open", "close" or "empty"."""
    for m in CODE.finditer(text):
        if m.group(1) and m.group(3):
            continue  # "</1/>" is no code
        role = "close" if m.group(1) else "empty" if m.group(3) else "open"
        yield role, int(m.group(2)), m.start(), m.end()


def code_shape(text: str) -> tuple[dict[tuple[str, int], int], list[str]]:
    """Codes counted by (role, number), and the nesting errors in ``text``."""
    counts: dict[tuple[str, int], int] = {}
    errors: list[str] = []
    stack: list[int] = []
    for role, n, _, _ in codes_of(text):
        counts[(role, n)] = counts.get((role, n), 0) + 1
        if role == "open":
            stack.append(n)
        elif role == "close":
            if not stack or stack[-1] != n:
                if n in stack:
                    errors.append(f"code </{n}> closes across <{stack[-1]}>")
                    stack.remove(n)
                else:
                    errors.append(f"code </{n}> closes nothing")
            else:
                stack.pop()
    errors.extend(f"code <{n}> is never closed" for n in stack)
    return counts, errors


def _show(role: str, n: int) -> str:
    return {"open": f"<{n}>…</{n}>", "close": f"<{n}>…</{n}>", "empty": f"<{n}/>"}[role]


def problems(source: str, target: str) -> list[str]:
    """What is wrong with ``target``'s codes against ``source``'s; empty when they match."""
    if "<" not in source and "<" not in target:
        return []
    want, unbalanced = code_shape(source)
    have, errors = code_shape(target)
    # A source unbalanced alike is literal text (a plain-text article's "<1>"): kept, no fault.
    errors = [e for e in errors if e not in unbalanced]
    out: list[str] = []
    seen: set[str] = set()
    for (role, n), count in want.items():
        got = have.get((role, n), 0)
        shown = _show(role, n)
        if got < count and shown not in seen:
            seen.add(shown)
            out.append(f"code {shown} of the source is missing")
    for (role, n), count in have.items():
        shown = _show(role, n)
        if count > want.get((role, n), 0) and shown not in seen:
            seen.add(shown)
            out.append(
                f"code {shown} is not in the source"
                if (role, n) not in want
                else f"code {shown} occurs more often than in the source"
            )
    if not out:
        out.extend(errors)
    return out


def strip(text: str) -> str:
    """``text`` without its codes (what a reader sees)."""
    return CODE.sub("", text)


def with_nested(segment: Segment, get: Callable[[Segment], str | None]) -> Segment:
    """``segment`` with the translations of its nested alt/title texts in its markup and raw."""
    if not isinstance(segment, CodedSegment) or not segment.nested:
        return segment
    raw = segment.raw
    markup = [list(pair) for pair in segment.markup]
    for inner in sorted(segment.nested, key=lambda n: -n.offset):
        tr = get(inner)
        if tr is None or tr == inner.text:
            continue
        new = render(inner, tr)
        end = inner.offset + len(inner.raw)
        done = False
        for pair in markup:  # the markup holding it (a link's title may be in its closing part)
            for side in (0, 1):
                at = raw.find(pair[side]) if pair[side] else -1
                while at >= 0 and not (at <= inner.offset and end <= at + len(pair[side])):
                    at = raw.find(pair[side], at + 1)
                if at >= 0:
                    local = inner.offset - at
                    pair[side] = pair[side][:local] + new + pair[side][local + len(inner.raw) :]
                    done = True
                    break
            if done:
                break
        raw = raw[: inner.offset] + new + raw[end:]
    return replace(segment, raw=raw, markup=tuple((a, b) for a, b in markup), nested=())


def render(segment: Segment, translation: str) -> str:
    """The source markup of ``translation`` (codes replaced by their markup).

    A translation equal to the segment's text gives the source bytes back. MarkupError when its
    codes do not match the source's (missing, extra, crossed), or when one would start a
    Markdown HTML block (see :func:`refusals`): broken markup is never written.
    """
    if translation == segment.text:
        return segment.raw
    found = problems(segment.text, translation)
    if found:
        raise MarkupError("; ".join(found))
    text, refused = _place(segment, translation)
    if refused:
        raise MarkupError("; ".join(refused))
    return text


def refusals(segment: Segment, translation: str) -> list[str]:
    """Why the codes of ``translation`` (matching its source's) cannot be written where it puts
    them: raw HTML (a comment, a ``<div>``) at the start of a Markdown line would open an HTML
    block, in which the rest of the line, the translator's text, is markup; a line break there
    would end the paragraph."""
    if not isinstance(segment, CodedSegment) or segment.escape != "md":
        return []
    if translation == segment.text:
        return []
    return _place(segment, translation)[1]


# Markdown's HTML block starts 1 to 6 (CommonMark 4.6): a line starting so is raw HTML.
_HTML_BLOCK = re.compile(
    r"(?i)<(?:(?:script|pre|style|textarea)(?:\s|>|$)|!--|\?|![A-Za-z]|!\[CDATA\[|/?(?:"
    r"address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    r"details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    r"h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|"
    r"optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|"
    r"track|ul)(?:\s|/?>|$))"
)


def _place(segment: Segment, translation: str) -> tuple[str, list[str]]:
    """``translation`` with its text escaped and its codes' markup in place, and refusals."""
    if not isinstance(segment, CodedSegment):  # plain text: no codes, written as it is
        return translation, []
    markup, escape, (before, after) = segment.markup, segment.escape, segment.around
    if not markup:
        return text_for(translation, escape, first=True, before=before, after=after), []
    out: list[str] = []
    pos = 0
    lead: str | None = ""  # the markup since the line's start (None once there is text)
    for role, n, start, end in codes_of(translation):
        code = markup[n - 1][1 if role == "close" else 0]
        piece = translation[pos:start]
        out.append(text_for(piece, escape, first=_line_start(lead), before=before, after=code))
        lead = None if lead is None or piece.strip() else lead + code
        if "\n" in code or "\r" in code:  # a hard break: a new line starts
            lead = ""
        out.append(code)
        before = code
        pos = end
    rest = translation[pos:]
    out.append(text_for(rest, escape, first=_line_start(lead), before=before, after=after))
    return "".join(out), _md_refusals(segment, translation) if escape == "md" else []


def _md_refusals(segment: CodedSegment, translation: str) -> list[str]:
    """Where a Markdown translation puts its codes so that their markup would read otherwise:
    an HTML block or a line break at a line's start, a line break ending it, emphasis
    delimiters merging with a neighbour's ("*" + "*" is "**") where the source's do not, a
    link's "[" right after a "!" (an image)."""
    markup, around = segment.markup, segment.around
    out: list[str] = []
    touching = _touching(segment.text)
    codes = list(codes_of(translation))
    line_empty = True  # no text yet on this line
    broke = ""  # the last line break code
    pos = 0
    previous: tuple[str, int, str] | None = None
    for role, n, start, end in codes:
        code = markup[n - 1][1 if role == "close" else 0]
        piece = translation[pos:start]
        line_empty = line_empty and not piece.strip()
        shown = _show(role, n)
        if line_empty and _HTML_BLOCK.match(code) and not strip(translation[:start]).strip():
            out.append(f"code {shown} cannot start a line: it would open an HTML block")
        if "\n" in code or "\r" in code:
            if line_empty:
                out.append(f"code {shown} cannot start a line: it would end the paragraph")
            line_empty, broke = True, shown
        if not piece and code[:1] == "[":
            bang = around[0] if previous is None else previous[2][-1:]
            if bang == "!" and not segment.text.startswith(translation[:end]):
                out.append(f'code {shown} cannot follow a "!": the link would become an image')
        if not piece and code[:1] in _DELIMITERS:
            if previous is None:  # the sentence before may end with a delimiter
                if around[0] not in _SPACE and not segment.text.startswith(translation[start:end]):
                    out.append(
                        f"code {shown} cannot start the sentence here: the sentence before "
                        "it follows without a space"
                    )
            elif previous[2][-1:] == code[:1] and (previous[:2] + (role, n)) not in touching:
                if previous[1] == n:
                    out.append(f"code {shown} is empty: its delimiters would merge")
                else:
                    out.append(
                        f"code {shown} cannot follow code {_show(*previous[:2])} without a "
                        "space: their delimiters would merge"
                    )
        previous = (role, n, code)
        pos = end
    rest = translation[pos:]
    if broke and line_empty and not rest.strip():
        out.append(f"code {broke} cannot end the translation: it would end the paragraph")
    if previous and not rest and previous[2][-1:] in _DELIMITERS and around[1] not in _SPACE:
        if not segment.text.endswith(translation[codes[-1][2] :]):
            out.append(
                f"code {_show(*previous[:2])} cannot end the sentence here: the sentence "
                "after it follows without a space"
            )
    if not strip(translation).strip() and strip(segment.text).strip():
        out.append("the translation holds only codes: Markdown would read them as a rule")
    return out


# --- through an engine ---------------------------------------------------------------------


def _sides(text: str) -> dict[tuple[str, int], tuple[bool, bool]]:
    """For each code of ``text``: whether white space precedes it and follows it."""
    out: dict[tuple[str, int], tuple[bool, bool]] = {}
    for role, n, start, end in codes_of(text):
        before = start == 0 or text[start - 1].isspace()
        after = end == len(text) or text[end].isspace()
        out.setdefault((role, n), (before, after))
    return out


def spaced(text: str) -> str:
    """``text`` with a space on each side of every code, as engines translate words best.

    An NMT model (and the test models of :mod:`localize.testing`) sees ``<1>Crimea</1>`` as one
    unknown token; ``<1> Crimea </1>`` is a word between two tokens it copies.
    """
    if "<" not in text:
        return text
    out: list[str] = []
    pos = 0
    for _, _, start, end in codes_of(text):
        piece = text[pos:start]
        out.append(piece)
        if piece and not piece[-1].isspace():
            out.append(" ")
        out.append(text[start:end])
        if end < len(text) and not text[end].isspace():
            out.append(" ")
        pos = end
    out.append(text[pos:])
    return "".join(out)


def unspaced(translated: str, source: str) -> str:
    """An engine's output for :func:`spaced` text, codes written as the source writes them.

    Codes the engine spaced inside (``< 1 >``) are closed up; the space :func:`spaced` added is
    taken out where the source had none (``<1>Крым</1>.``).
    """
    if "<" not in translated:
        return translated
    sides = _sides(source)
    pieces: list[str] = []
    codes: list[tuple[str, int]] = []
    pos = 0
    for role, n, start, end in codes_of(translated):
        pieces.append(translated[pos:start])
        codes.append((role, n))
        pos = end
    pieces.append(translated[pos:])
    for i, (role, n) in enumerate(codes):
        before, after = sides.get((role, n), (True, True))
        if not before:
            pieces[i] = pieces[i].rstrip()
        if not after:
            pieces[i + 1] = pieces[i + 1].lstrip()
    out = [pieces[0]]
    for (role, n), piece in zip(codes, pieces[1:], strict=True):
        out.append(f"</{n}>" if role == "close" else f"<{n}/>" if role == "empty" else f"<{n}>")
        out.append(piece)
    return "".join(out)
