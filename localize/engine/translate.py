"""Where an engine is called: sentences translated in one batched call, glossary terms enforced."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from localize.engine.carrier import CodeCarrier
from localize.engine.plan import EnginePlan, load_engine

if TYPE_CHECKING:
    from localize.engine.base import Engine, Translation
    from localize.glossary import Glossary

__all__ = ["MTResult", "translate_segments"]


@dataclass
class MTResult:
    """One sentence's machine translation as its catalog entry gets it."""

    text: str
    problems: list[str] = field(default_factory=list)  # translator-comment lines for the editor
    score: float | None = None
    confidence: float | None = None  # 0-1 for the editor (localize.engine.confidence)


def translate_segments(
    plan: EnginePlan,
    texts: Sequence[str],
    *,
    lang: str,
    glossary: Glossary | None = None,
    source: str = "en",
) -> list[MTResult]:
    """Translate ``texts`` 1:1 in one engine call, protecting and verifying glossary terms."""
    engine = load_engine(plan)
    if any("<" in t for t in texts):
        engine = CodeCarrier(engine)
    if glossary is None:
        return [_result(t) for t in engine.translate(list(texts))]
    return _translate_with_glossary(engine, list(texts), glossary, lang)


def _translate_with_glossary(
    engine: Engine, texts: list[str], glossary: Glossary, lang: str
) -> list[MTResult]:
    from localize.engine.confidence import engine_confidence, lowered
    from localize.glossary import enforce

    calls: list[tuple[list[str], list[Translation]]] = []

    def recorded(batch: list[str]) -> list[Translation]:
        out = list(engine.translate(batch))
        calls.append((list(batch), out))
        return out

    results = enforce(
        texts,
        recorded,
        glossary,
        lang,
        compositional=getattr(engine, "compositional", False),
    )
    # The first call holds every text in order (protected, or plain for in-place engines): the
    # model's own confidence in the sentence. Later calls (plain retries, the case evidence of
    # the glossary, terms alone) only mend it; what they could not mend is in ``problems``.
    first = calls[0][1] if calls and len(calls[0][1]) == len(texts) else [None] * len(texts)
    return [
        MTResult(
            text, problems, getattr(tr, "score", None), lowered(engine_confidence(tr), problems)
        )
        for tr, (text, problems) in zip(first, results, strict=True)
    ]


def _result(translation: Translation) -> MTResult:
    from localize.engine.confidence import engine_confidence, lowered

    note = getattr(translation, "note", "")
    problems = [f"engine: {note}"] if note else []
    return MTResult(
        text=translation.text,
        problems=problems,
        score=getattr(translation, "score", None),
        confidence=lowered(engine_confidence(translation), problems),
    )
