"""Apertium: the sample article in one process call vs one call per segment, same segments.

Run: .venv/bin/python bench/apertium_batch.py [--repeat 5]
Prints the best wall time of each way over --repeat runs and their ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    from localize.engine.apertium import ApertiumEngine
    from localize.formats import read_article

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = [
        s.text for s in read_article(ROOT / "examples/russia-wont-discuss-crimea.txt").segments
    ]
    engine = ApertiumEngine("en", "es")
    one = best(lambda: engine.translate(texts), args.repeat)
    each = best(lambda: [engine.translate([t]) for t in texts], args.repeat)
    assert [t.text for t in engine.translate(texts)] == [
        engine.translate([t])[0].text for t in texts
    ]
    print(f"segments: {len(texts)}, words: {sum(len(t.split()) for t in texts)}")
    print(f"one call:         {one:7.3f} s")
    print(f"one per segment:  {each:7.3f} s")
    print(f"ratio:            {each / one:7.1f}x")


if __name__ == "__main__":
    main()
