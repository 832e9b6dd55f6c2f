"""Filling entries from the memory: recall (before machine translation), and what differs
between a memory's source and the sentence (adapt)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from localize.memory.match import tokens

if TYPE_CHECKING:
    import polib

    from localize.memory.index import Memory

__all__ = ["Recalled", "recall", "Difference", "Adapted", "adapt", "from_memory"]


@dataclass
class Recalled:
    exact: int = 0
    fuzzy: int = 0
    filled: list[polib.POEntry] = field(default_factory=list)  # the entries given a match

    @property
    def total(self) -> int:
        return self.exact + self.fuzzy


def recall(
    entries: Sequence[polib.POEntry],
    lang: str,
    memory: Memory,
    *,
    glossary: object | None = None,
) -> Recalled:
    """Fill ``entries`` from the memory (fuzzy, ``tm: N% from <origin>``); returns the counts.

    The caller passes only entries that may be filled (nothing a person wrote). Glossary terms
    are verified as for machine output: a violation is a ``glossary:`` line in the comment.
    """
    from localize.catalog import DIFFERS_PREFIX, set_own_comments, text_digest

    done = Recalled()
    for entry in entries:
        match = memory.lookup(entry.msgid, lang)
        if match is None:
            continue
        text, differs = match.text, []
        if match.score < 100:
            adapted = adapt(match.unit.source, entry.msgid, match.unit.target, lang, glossary)
            text, differs = adapted.text, adapted.lines(DIFFERS_PREFIX)
        # Short lines, one difference each: editors' tools (polib, translate-toolkit) wrap long
        # comment lines, and a wrapped line's tail would no longer say it is ours.
        lines = [f"tm: {match.score}% from {match.unit.origin} [{text_digest(text)}]", *differs]
        if glossary is not None:
            from localize.glossary import verify

            lines += [v.message for v in verify(entry.msgid, text, glossary, lang)]  # type: ignore[arg-type]
        entry.msgstr = text
        if "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        set_own_comments(entry, lines)
        done.filled.append(entry)
        if match.score == 100:
            done.exact += 1
        else:
            done.fuzzy += 1
    return done


# --- what differs between a memory's source and the sentence --------------------------------


@dataclass(frozen=True)
class Difference:
    """Words of the memory's source (``old``) where the sentence has ``new``.

    ``status``: "" for wording (the translation needs a person), "replaced" (a number or name
    replaced in the translation), "spelled" (a name replaced, in the source's spelling: the
    glossary does not know it), "kept" (a number or name that could not be found in the
    translation once and only once, so the translation still has the old one).
    """

    old: str
    new: str
    status: str = ""

    def __str__(self) -> str:
        text = f"{self.old or '(none)'} → {self.new or '(none)'}"
        suffix = {"spelled": " (spelled as in the source)", "kept": " (not replaced)"}
        return text + suffix.get(self.status, "")


@dataclass(frozen=True)
class Adapted:
    text: str  # the translation with what could be replaced replaced
    differs: tuple[Difference, ...]

    def lines(self, prefix: str) -> list[str]:
        """One comment line per difference: ``differs: Sean Spicer → Sarah Sanders``."""
        return [f"{prefix} {d}" for d in self.differs]


def adapt(
    source: str, text: str, target: str | None, lang: str, glossary: object | None = None
) -> Adapted:
    """``target`` (a translation of ``source``) made for ``text``: the numbers and names that
    differ replaced where they map one to one, and every difference named. With no ``target``
    the differences are only named.

    A name takes the glossary's form in ``lang`` where the glossary knows it, else its source
    spelling; the old one is found in ``target`` by the glossary's forms or its own spelling,
    and replaced only when it occurs exactly once.
    """
    from rapidfuzz.distance import Levenshtein

    a, b = tokens(source), tokens(text)
    out = target or ""
    differs: list[Difference] = []
    for op in Levenshtein.opcodes(list(a.raw), list(b.raw)):
        if op.tag == "equal":
            continue
        i, j = slice(op.src_start, op.src_end), slice(op.dest_start, op.dest_end)
        for old, new, kind in _pieces(a.raw[i], a.classed[i], b.raw[j], b.classed[j]):
            if kind == "" or target is None:
                differs.append(Difference(old, new))
                continue
            if kind == "?":
                differs.append(Difference(old, new, "kept"))
                continue
            out, status = _swap(out, old, new, kind, lang, glossary)
            differs.append(Difference(old, new, status))
    return Adapted(out, tuple(differs))


def _pieces(
    old: tuple[str, ...], old_cls: tuple[str, ...], new: tuple[str, ...], new_cls: tuple[str, ...]
) -> list[tuple[str, str, str]]:
    """One edit of the alignment as (old, new, kind) pieces: "#" a number and "N" a name that
    map one to one, "?" placeables that do not, "" wording."""
    placeable = {"\0#", "\0N"}

    def kind(a: str | None, b: str | None) -> str:
        if a not in placeable and b not in placeable:
            return ""
        return a[1] if a == b and a is not None else "?"

    if not old or not new:
        return [(" ".join(old), " ".join(new), "")]  # words added or gone: the text needs a person
    if len(old) != len(new):
        if set(old_cls) == set(new_cls) == {"\0N"}:
            return [(" ".join(old), " ".join(new), "N")]  # a name for a name of other length
        k = "?" if any(c in placeable for c in (*old_cls, *new_cls)) else ""
        return [(" ".join(old), " ".join(new), k)]
    # Word for word: runs of one kind (a name's words together; numbers one by one).
    out: list[tuple[str, str, str]] = []
    for i in range(len(old)):
        k = kind(old_cls[i], new_cls[i])
        if out and out[-1][2] == k and k in ("", "N", "?"):
            last = out[-1]
            out[-1] = (f"{last[0]} {old[i]}", f"{last[1]} {new[i]}", k)
        else:
            out.append((old[i], new[i], k))
    return out


def _swap(
    target: str, old: str, new: str, kind: str, lang: str, glossary: object | None
) -> tuple[str, str]:
    """Replace the rendering of ``old`` in ``target`` by that of ``new``; (text, status)."""
    if kind == "#":
        hits = list(re.finditer(rf"(?<![\d.,]){re.escape(old)}(?![\d]|[.,]\d)", target))
        if len(hits) != 1:
            return target, "kept"
        return target[: hits[0].start()] + new + target[hits[0].end() :], "replaced"
    old_forms = _name_forms(old, lang, glossary)
    spans = {
        (m.start(), m.end(), i)
        for i, form in enumerate(old_forms)
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", target)
    }
    starts = {(s, e) for s, e, _ in spans}
    if len(starts) != 1:
        return target, "kept"
    (start, end), index = next(iter(starts)), min(i for s, e, i in spans)
    new_forms = _name_forms(new, lang, glossary)[:-1]  # without the source spelling
    if not new_forms:
        return target[:start] + new + target[end:], "spelled"
    form = new_forms[0]
    if 0 < index < len(old_forms) - 1:
        # The old name inflected (Россию): the new one in the same case (Украину), or kept.
        from localize.glossary.inflect import case_of, inflect

        case = case_of(target[start:end], lang)
        inflected = inflect(form, case, lang) if case and case != "nomn" else None
        if inflected is None:
            return target, "kept"
        form = inflected
    return target[:start] + form + target[end:], "replaced"


def _name_forms(name: str, lang: str, glossary: object | None) -> list[str]:
    """How ``name`` may be written in ``lang``: the glossary's forms (when it knows the whole
    name), then its source spelling."""
    forms: list[str] = []
    if glossary is not None:
        from localize.glossary import find_terms

        found = find_terms(glossary, name)  # type: ignore[arg-type]
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(name):
            forms = [f for f in found[0].term.forms(lang) if f]
    return [*forms, name]


def from_memory(entry: polib.POEntry) -> bool:
    """The entry's translation came from the memory (reviewed since, or not)."""
    from localize.catalog import TM_PREFIX

    return any(line.startswith(TM_PREFIX) for line in (entry.tcomment or "").split("\n"))
