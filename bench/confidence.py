"""Does the confidence mean something? Garbled sentences should rank first in status --worst.

Usage: python bench/confidence.py [--sentences 60] [--garbled 12] [--rivals 6]

Builds a test model (localize.testing) that translates word by word, and makes it doubt some
words: each such word comes out as a wrong word with a low probability (``doubt=``). A known
subset of the sentences holds one of those words (the garbled ones); the rest are clean. The
article goes through `localize translate` (glossary on, as a newsroom runs it), then
`status --worst K` with K the number garbled; precision at K is the share of the K lowest that
are garbled. A random ranking would give K / N.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from localize.testing import build_argos_package

ROOT = Path(__file__).resolve().parent.parent
WORDS = {"Russia": "Россия", "Crimea": "Крым", "talks": "переговоры", "said": "сказал"}
DOUBTED = ["Zorblat", "Krabbel", "Vonnix"]
NOUNS = ["officials", "diplomats", "ministers", "envoys", "analysts", "observers"]
VERBS = ["said", "reported", "stressed", "confirmed", "announced", "noted"]
TAILS = [
    "the talks would resume in March",
    "Russia would not discuss Crimea",
    "the meeting ended without a statement",
    "the talks were postponed again",
    "no agreement had been reached on Friday",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=60)
    parser.add_argument("--garbled", type=int, default=12)
    parser.add_argument("--rivals", type=int, default=6)
    args = parser.parse_args()
    rng = random.Random(7)
    sentences, garbled = [], set()
    picks = set(rng.sample(range(args.sentences), args.garbled))
    for i in range(args.sentences):
        noun, verb, tail = rng.choice(NOUNS), rng.choice(VERBS), rng.choice(TAILS)
        text = f"{noun.capitalize()} {verb} on day {i + 1} that {tail}."
        if i in picks:
            words = text.split()
            words.insert(rng.randrange(1, len(words) - 1), rng.choice(DOUBTED))
            text = " ".join(words)
            garbled.add(text)
        sentences.append(text)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        (project / "articles").mkdir()
        (project / "articles" / "bench.txt").write_text(" ".join(sentences) + "\n", "utf-8")
        shutil.copytree(ROOT / "glossaries", project / "glossaries")
        (project / "localize.toml").write_text(
            'locales = ["ru"]\narticles = ["articles/*.txt"]\n', encoding="utf-8"
        )
        doubt = dict.fromkeys(DOUBTED, args.rivals)
        build_argos_package(
            project / "pkg", "en", "ru", {**WORDS, **{w: w for w in DOUBTED}}, doubt=doubt
        )
        env = {**os.environ, "LOCALIZE_MODELS_DIR": str(project / "models")}

        def run(*cmd: str) -> str:
            done = subprocess.run(
                [sys.executable, "-m", "localize", *cmd],
                cwd=project,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            return done.stdout

        run("models", "install", str(project / "pkg"))
        run("translate")
        import json

        worst = json.loads(run("status", "--worst", str(len(garbled)), "--format", "json"))
        every = json.loads(run("status", "--worst", str(args.sentences), "--format", "json"))
    hits = sum(1 for row in worst if row["source"] in garbled)
    k, n = len(garbled), len(sentences)
    clean = [r["confidence"] for r in every if r["source"] not in garbled]
    bad = [r["confidence"] for r in every if r["source"] in garbled]
    print(f"sentences {n}, garbled {k} (one doubted word each, {args.rivals} rivals)")
    print(f"precision at {k}: {hits / k:.2f}  (random ranking: {k / n:.2f})")
    print(
        f"confidence, garbled: {min(bad):.2f}-{max(bad):.2f}; "
        f"clean: {min(clean):.2f}-{max(clean):.2f}"
    )


if __name__ == "__main__":
    main()
