"""Peak memory and time of segmenting a large article, streamed vs whole.

Run: .venv/bin/python bench/large_article.py [--mb 5]   (the issue's case is --mb 50)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = {
    "stream (iter_segments)": "from localize.segment import iter_segments\n"
    "n = sum(1 for _ in iter_segments({path!r}))",
    "whole (read_article)": "from localize.segment import read_article\n"
    "n = len(read_article({path!r}).segments)",
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=5)
    args = ap.parse_args()
    sample = (ROOT / "examples" / "russia-wont-discuss-crimea.txt").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.txt"
        reps = int(args.mb * 2**20 / len(sample.encode())) + 1
        with path.open("w", encoding="utf-8") as fh:
            for _ in range(reps):
                fh.write(sample + "\n\n")
        size = path.stat().st_size / 2**20
        print(f"article: {size:.1f} MB")
        for name, code in CODE.items():
            script = (
                "import resource\n" + code.format(path=str(path)) + "\n"
                "print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"
            )
            t = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
            ).stdout.split()
            print(
                f"{name}: {out[0]} segments in {time.perf_counter() - t:.1f} s, "
                f"peak RSS {out[1]} MB"
            )


if __name__ == "__main__":
    main()
