"""Segmentation quality and scaling, measured in one run: plain pySBD vs localize.segment.

Usage: python bench/segment_quality.py [--mb 5]
Prints Golden Rules and news-case scores for both, the time ratio when the input grows 4x and
16x (1.0x per 4x would be perfectly linear: ratio / 4), and a large article's time and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import tempfile
import time
from pathlib import Path

import pysbd

from localize.segment import iter_segments, segment_text, split_sentences

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "segment"
SAMPLE = ROOT / "examples" / "russia-wont-discuss-crimea.txt"


def plain(text: str) -> list[str]:
    seg = pysbd.Segmenter(language="en", clean=False)
    return [s.strip() for s in seg.segment(text.replace("\r", " ").replace("\n", " ")) if s.strip()]


def ours(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def quality() -> None:
    rules = json.loads((DATA / "golden_rules_en.json").read_text(encoding="utf-8"))
    for name, fn in (("pySBD", plain), ("localize", ours)):
        score = sum(fn(c["text"]) == c["expected"] for c in rules)
        print(f"golden rules  {name:9} {score}/{len(rules)}")
    cases = []
    for path in sorted(DATA.glob("news_*.txt")):
        src, exp = re.split(r"\r?\n----\r?\n", path.read_text(encoding="utf-8"), maxsplit=1)
        cases.append((path.stem, src, exp.splitlines()))
    base = sum(plain(src) == exp for _, src, exp in cases)
    mine = sum([s.text for s in segment_text(src).segments] == exp for _, src, exp in cases)
    print(f"news cases    pySBD     {base}/{len(cases)} (whole text, no block layer)")
    print(f"news cases    localize  {mine}/{len(cases)}")


def timed(fn, *args) -> float:  # noqa: ANN001
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def copies(unit: str, n: int) -> str:
    """``n`` copies of ``unit``, each a little different: repeated blocks come from a cache."""
    return "".join(re.sub(r"\bthe\b", f"the {i}", unit) for i in range(n))


def scaling() -> None:
    article = SAMPLE.read_text(encoding="utf-8")
    body = " ".join(s.text for s in segment_text(article).segments if s.kind == "paragraph")
    for label, unit in (("articles", article + "\n\n"), ("one paragraph", body + " ")):
        t1 = timed(segment_text, copies(unit, 8))
        t4 = timed(segment_text, copies(unit, 32))
        t16 = timed(segment_text, copies(unit, 128))
        print(f"scaling {label:14} 4x input: {t4 / t1:.1f}x time, 16x input: {t16 / t1:.1f}x time")
    t1 = timed(plain, body * 8)
    t4 = timed(plain, body * 32)
    print(f"scaling plain pySBD, one paragraph, 4x input: {t4 / t1:.1f}x time")


def large(mb: float) -> None:
    article = SAMPLE.read_text(encoding="utf-8") + "\n\n"
    text = copies(article, int(mb * 1_000_000 / len(article.encode())))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text(text, encoding="utf-8")
        size = path.stat().st_size / 1e6
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0 = time.perf_counter()
        count = sum(1 for _ in iter_segments(path))
        dt = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(
            f"iter_segments {size:.1f} MB: {count} segments in {dt:.1f} s, "
            f"peak RSS grew {(after - before) / 1024:.0f} MB"
        )
        t0 = time.perf_counter()
        doc = segment_text(text)
        dt = time.perf_counter() - t0
        print(f"segment_text  {size:.1f} MB: {len(doc.segments)} segments in {dt:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="size of the large article")
    args = parser.parse_args()
    quality()
    scaling()
    large(args.mb)


if __name__ == "__main__":
    main()
