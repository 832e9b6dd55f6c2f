"""Inline codes (``<1>…</1>``, ``<2/>``) carried through an engine that knows nothing of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from localize.engine.base import Engine, Translation

__all__ = ["CodeCarrier"]


class CodeCarrier:
    """An engine that carries inline codes (``<1>…</1>``, ``<2/>``) through another one.

    Codes go to the engine with a space on each side (tokens it copies) and come back written
    as in the source; a translation whose codes were lost or crossed says so in its note (the
    ``markup`` check and ``build`` refuse it until an editor places them).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.name = engine.name
        # what the engine is decides how the glossary is enforced (Apertium: in place)
        self.compositional = getattr(engine, "compositional", False)

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        from localize.engine.base import Translation
        from localize.formats.codes import problems, spaced, unspaced

        out: list[Translation] = []
        sent = [spaced(t) for t in texts]
        for src, tr in zip(texts, self.engine.translate(sent), strict=True):
            text = unspaced(tr.text, src)
            note = getattr(tr, "note", "")
            wrong = problems(src, text)
            if wrong:
                note = "; ".join([*filter(None, [note]), "inline codes: " + "; ".join(wrong)])
            out.append(
                Translation(text, getattr(tr, "score", None), note, getattr(tr, "confidence", None))
            )
        return out
