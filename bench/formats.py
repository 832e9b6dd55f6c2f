"""HTML and Markdown reading: time against the plain-text reader, and scaling with the input.

Usage: python bench/formats.py [--copies 40]

The example article in each format is repeated (``--copies`` times, then 4x that) and read into
segments; the same story's sentences as plain text go through localize.segment for comparison.
Every copy differs (numbers glued to its words), so no reader reuses a block it segmented before.
Prints seconds per run and the ratio when the input grows 4x (4.0 is linear), side by side.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from localize.formats import parse_text
from localize.formats.codes import strip
from localize.segment import Segment, segment_text

ROOT = Path(__file__).resolve().parent.parent


def _best(fn, arg, rounds: int = 1) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=40)
    args = ap.parse_args()
    html = (ROOT / "examples" / "crimea-talks.html").read_text("utf-8")
    body = html[html.index("<article>") : html.index("</article>") + len("</article>")]
    md = (ROOT / "examples" / "crimea-talks-wire.md").read_text("utf-8")
    plain = "\n\n".join(strip(p.text) for p in parse_text(md, "markdown") if isinstance(p, Segment))

    def copies(text: str, n: int, sep: str) -> str:
        # the copies differ (a number after most words): no reader may reuse a segmented block
        return sep.join(re.sub(r"(?<=[a-z])\b(?![^<>]*>)", str(i), text) for i in range(n))

    inputs = {
        "html": lambda n: "<html><body>" + copies(body, n, "") + "</body></html>",
        "markdown": lambda n: copies(md, n, "\n\n"),
        "text": lambda n: copies(plain, n, "\n\n"),
    }
    print(f"{'format':10} {'1x s':>8} {'4x s':>8} {'4x/1x':>6}  segments(1x)")
    for fmt, make in inputs.items():

        def run(text: str, fmt: str = fmt) -> list:
            if fmt == "text":
                return list(segment_text(text).segments)
            return [p for p in parse_text(text, fmt) if isinstance(p, Segment)]

        small, large = make(args.copies), make(4 * args.copies)
        t1, t4 = _best(run, small), _best(run, large)
        print(f"{fmt:10} {t1:8.2f} {t4:8.2f} {t4 / t1:6.1f}  {len(run(small))}")


if __name__ == "__main__":
    main()
