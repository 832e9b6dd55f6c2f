"""Segmentation quality and scaling: localize.segment vs plain pySBD vs spaCy's sentencizer.

Usage: python bench/segment_quality.py [--misses] [--scaling] [--mb 5] [--long-line MB]

Quality, on four sets (each tool gets the same text; pySBD and spaCy get an article block by
block, blank line to blank line, since neither knows about layout):
  - pySBD's English Golden Rules (48) and regression cases (22), exact match of the trimmed
    segment list, as pySBD's own tests compare;
  - the sample article, the news evaluation set (tests/data/segment/eval) and a held-out news
    set (tests/data/segment/holdout, written after the rules and never tuned on), per block: a
    block is exact when its sentence boundaries are exactly the gold ones.
Every set also gets boundary precision / recall / F1 (a block's end is not counted).
spaCy is optional (it comes with the argos extra); without it its column says "-".
--scaling adds the time ratio when the input grows 4x and 16x (4.0x per 4x is linear), and a
large article's time and peak RSS. --long-line MB runs `localize segment` (a real process) on
an article that is one line of MB megabytes of distinct sentences, with its time and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pysbd

from localize.formats import iter_segments
from localize.segment import segment_text
from localize.segment.evaluate import (
    Score,
    locate,
    merge,
    parse_gold,
    score_article,
    score_lists,
    strip_marker,
    with_markers,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "segment"
SAMPLE = ROOT / "examples" / "russia-wont-discuss-crimea.txt"
_BLANK = re.compile(r"(?:\r?\n)[ \t]*(?:\r?\n)(?:[ \t]*\r?\n)*")

Segmenter = Callable[[str], list[str]]


def localize_segments(text: str) -> list[str]:
    return with_markers(text)


_PYSBD = pysbd.Segmenter(language="en", clean=False)


def pysbd_segments(text: str) -> list[str]:
    return [s for s in _PYSBD.segment(text) if s.strip()]


def spacy_segmenter() -> Segmenter | None:
    try:
        import spacy
    except ImportError:
        return None
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return lambda text: [s.text for s in nlp(text).sents if s.text.strip()]


def by_block(fn: Segmenter) -> Segmenter:
    """``fn`` applied to each blank-line-separated block of an article."""
    return lambda text: [s for block in _BLANK.split(text) if block.strip() for s in fn(block)]


def list_sets() -> dict[str, list[tuple[str, str, list[str]]]]:
    rules = json.loads((DATA / "golden_rules_en.json").read_text(encoding="utf-8"))
    regression = json.loads((DATA / "pysbd_regression_en.json").read_text(encoding="utf-8"))
    return {
        "Golden Rules": [(f"GR{i + 1}", c["text"], c["expected"]) for i, c in enumerate(rules)],
        "pySBD regression": [(c["issue"], c["text"], c["expected"]) for c in regression["cases"]],
        "pragmatic spec": pragmatic_spec(),
    }


def pragmatic_spec() -> list[tuple[str, str, list[str]]]:
    """The Ruby original's English spec, less the cases whose expected text its cleaner rewrote."""
    spec = json.loads((DATA / "pragmatic_segmenter_en.json").read_text(encoding="utf-8"))
    return [
        (f"L{c['line']}", c["text"], c["expected"]) for c in spec["cases"] if not c["rewritten"]
    ]


def articles() -> dict[str, list[tuple[str, str, list[tuple[int, int]], list[tuple[int, int]]]]]:
    """Per set: (name, text, gold segment spans, gold blocks) of each article."""
    sample = SAMPLE.read_text(encoding="utf-8")
    expected = json.loads((DATA / "sample_russia-wont-discuss-crimea.json").read_text("utf-8"))
    spans = locate(sample, [text for _, _, text in expected])
    out = {"sample article": [("sample", sample, spans, parse_gold(sample).blocks)]}
    for label, folder in (("news eval set", "eval"), ("news held-out set", "holdout")):
        news = []
        for path in sorted((DATA / folder).glob("*.txt")):
            gold = parse_gold(path.read_text(encoding="utf-8"))
            bounds = sorted(gold.boundaries | {b for _, b in gold.blocks})
            starts = [0, *bounds[:-1]]
            news.append((path.stem, gold.text, list(zip(starts, bounds, strict=True)), gold.blocks))
        out[label] = news
    return out


def score_articles(
    items: list[tuple[str, str, list[tuple[int, int]], list[tuple[int, int]]]], fn: Segmenter
) -> tuple[Score, int, int]:
    """Block score, and how many gold segments the tool gives exactly (markers stripped)."""
    scores, same, total = [], 0, 0
    for name, text, gold_spans, blocks in items:
        found = locate(text, [strip_marker(s) for s in fn(text)])
        gold = parse_gold("")
        gold.blocks = blocks
        gold.boundaries = {e for _, e in gold_spans}
        scores.append(score_article(gold, {e for _, e in found}, name))
        same += len(set(gold_spans) & set(found))
        total += len(gold_spans)
    return merge(scores), same, total


def quality(show_misses: bool) -> None:
    tools: dict[str, Segmenter | None] = {
        "localize": localize_segments,
        "pySBD": pysbd_segments,
        "spaCy": spacy_segmenter(),
    }
    names = list(tools)
    print(f"{'set':18} {'measure':16} " + " ".join(f"{n:>10}" for n in names))

    def row(label: str, measure: str, values: list[str]) -> None:
        print(f"{label:18} {measure:16} " + " ".join(f"{v:>10}" for v in values))

    def rows(label: str, scores: dict[str, Score | None], extra: dict[str, str] | None) -> None:
        some = next(s for s in scores.values() if s is not None)
        fmt: dict[str, Callable[[Score], str]] = {
            f"exact ({some.cases})": lambda s: f"{s.exact}",
            "precision": lambda s: f"{s.precision:.3f}",
            "recall": lambda s: f"{s.recall:.3f}",
            "F1": lambda s: f"{s.f1:.3f}",
        }
        for measure, get in fmt.items():
            row(label, measure, [get(scores[n]) if scores[n] else "-" for n in names])
            label = ""
        if extra:
            row("", "segments exact", [extra.get(n, "-") for n in names])
        if show_misses:
            for n in names:
                if scores[n] and scores[n].misses:
                    print(f"{'':18} misses {n}: {' '.join(scores[n].misses)}")

    for label, cases in list_sets().items():
        scores = {
            n: score_lists([(c, exp, fn(text)) for c, text, exp in cases]) if fn else None
            for n, fn in tools.items()
        }
        rows(label, scores, None)
    for label, items in articles().items():
        scores, extra = {}, {}
        for n, fn in tools.items():
            if fn is None:
                scores[n] = None
                continue
            whole = fn if n == "localize" else by_block(fn)
            scores[n], same, total = score_articles(items, whole)
            extra[n] = f"{same}/{total}"
        # gold segments of the news set are known by their ends only: no segment count there
        rows(label, scores, extra if label == "sample article" else None)


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
    t1 = timed(pysbd_segments, body * 8)
    t4 = timed(pysbd_segments, body * 32)
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


def long_line(mb: float) -> None:
    import subprocess
    import sys

    article = SAMPLE.read_text(encoding="utf-8")
    body = " ".join(s.text for s in segment_text(article).segments if s.kind == "paragraph")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one-line.txt"
        with path.open("w", encoding="utf-8") as f:
            for i in range(int(mb * 1_000_000 / len(body.encode())) + 1):
                f.write(re.sub(r"\bthe\b", f"the {i}", body) + " ")
            f.write("\n")
        size = path.stat().st_size / 1e6
        code = (
            "import resource, subprocess, sys, time\n"
            "t0 = time.perf_counter()\n"
            "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
            "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
            "print(f'{time.perf_counter() - t0:.0f} s, peak RSS {rss:.0f} MB')\n"
        )
        cmd = [sys.executable, "-m", "localize", "segment", str(path)]
        out = subprocess.run(
            [sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True
        )
        print(f"localize segment, one line of {size:.1f} MB: {out.stdout.strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="name the cases each tool misses")
    parser.add_argument("--scaling", action="store_true", help="also measure time and memory")
    parser.add_argument("--mb", type=float, default=5.0, help="size of the large article")
    parser.add_argument("--long-line", type=float, metavar="MB", help="one-line article size")
    args = parser.parse_args()
    if args.long_line:
        long_line(args.long_line)
        return
    quality(args.misses)
    if args.scaling:
        scaling()
        large(args.mb)


if __name__ == "__main__":
    main()
