"""Machine confidence: one number from 0 (probably wrong) to 1 per machine sentence, for editors.

- Argos (CTranslate2): ``exp`` of the hypothesis score, which CTranslate2 gives as the
  length-normalised log-likelihood: the geometric mean of the probabilities of the output's
  tokens. 1.0 is a model sure of every token; one token in ten at p = 0.1 gives about 0.79.
- Apertium: the share of the output's words it knew and could generate (words marked ``*``,
  ``@`` or ``#`` count against it).
- Lowered by what localize itself saw: each problem it left in the entry's comment (a glossary
  term still wrong, inline codes it had to restore, an engine note), and a source cut at the
  model's input limit. Problems that localize mended without a trace (a placeholder the model
  dropped and the plain translation repaired) do not lower it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

__all__ = ["from_score", "from_unknown", "engine_confidence", "lowered", "recorded_confidence"]

PER_PROBLEM = 0.8  # each line of the entry's comment that says something is still off
TRUNCATED = 0.5  # part of the source was never translated

_WORD = re.compile(r"\w+")


def from_score(score: float) -> float:
    return min(1.0, max(0.0, math.exp(score)))


def from_unknown(marked: int, text: str) -> float:
    words = len(_WORD.findall(text))
    return 1.0 if not words else max(0.0, 1.0 - marked / words)


def engine_confidence(translation: object) -> float | None:
    """The engine's own confidence in ``translation``, where it gives one."""
    given = getattr(translation, "confidence", None)
    if given is not None:
        return float(given)
    score = getattr(translation, "score", None)
    return None if score is None else from_score(float(score))


def lowered(confidence: float | None, problems: Sequence[str]) -> float | None:
    if confidence is None:
        return None
    c = confidence
    for line in problems:
        c *= TRUNCATED if "truncated" in line else PER_PROBLEM
    return round(c, 2)


# "mt: argos en-ru 1.9 · confidence 0.42": the number as the provenance line records it.
_RECORDED = re.compile(r"^mt:.*\bconfidence (0(?:\.\d+)?|1(?:\.0+)?)\b", re.M)


def recorded_confidence(tcomment: str | None) -> float | None:
    """The confidence an entry's ``mt:`` line records, or None (reviewed, memory, older runs)."""
    m = _RECORDED.search(tcomment or "")
    return float(m.group(1)) if m else None
