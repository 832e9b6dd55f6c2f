"""How long an English text must be before langdetect names its language right.

Usage: python bench/langdetect_length.py [--samples 300]

Samples run-on snippets of N letters from the project's English news sets (the sample article,
tests/data/segment/eval and holdout) and counts the snippets langdetect names as anything but
English, at several lengths and at the confidence cut-offs localize uses. The article warning of
`extract`/`update`/`translate` ("article looks like 'sl'") is given only from the length where
no snippet is misjudged (localize.detect.ARTICLE_MIN_LETTERS).
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from langdetect import DetectorFactory, detect_langs

ROOT = Path(__file__).resolve().parent.parent


def sentences() -> list[str]:
    paths = [ROOT / "examples" / "russia-wont-discuss-crimea.txt"]
    for folder in ("eval", "holdout"):
        paths += sorted((ROOT / "tests" / "data" / "segment" / folder).glob("*.txt"))
    out = []
    for p in paths:
        text = p.read_text(encoding="utf-8").replace("‖", "")
        out += [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]
    return out


def snippet(texts: list[str], start: int, letters: int) -> str | None:
    out: list[str] = []
    count = 0
    for s in texts[start:]:
        for ch in " " + s:
            out.append(ch)
            count += ch.isalpha()
            if count >= letters:
                return "".join(out).strip()
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    texts = sentences()
    DetectorFactory.seed = 0
    rng = random.Random(1)
    print(f"{'letters':>8} {'misjudged':>10} {'at p>=0.9':>10}")
    for n in (20, 40, 60, 80, 120, 200, 300):
        wrong = wrong_sure = total = 0
        for _ in range(args.samples):
            text = snippet(texts, rng.randrange(len(texts)), n)
            if text is None:
                continue
            best = detect_langs(text)[0]
            total += 1
            wrong += best.lang != "en"
            wrong_sure += best.lang != "en" and best.prob >= 0.9
        print(f"{n:>8} {wrong:>6}/{total:<3} {wrong_sure:>6}/{total:<3}")


if __name__ == "__main__":
    main()
