"""A huge article through every command, each a real process: peak RSS and time.

The article is the sample repeated to --mb MB (as a wire archive repeats its boilerplate), or
with --distinct every copy a little different, so that no block is segmented from the cache
and the catalog holds every sentence (the worst case: memory then follows the catalog).
Runs `localize segment` (streamed) and `segment --format json` (the whole document), then
`extract`, `update --to es`, `translate --engine apertium` (if installed) and `build`.

Run: .venv/bin/python bench/large_article.py [--mb 50] [--distinct]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def measured(args: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of ``localize ARGS``, a real process."""
    from localize.testing import run_localize_measured

    env = {**os.environ, "PYTHONPATH": str(ROOT), "LOCALIZE_CACHE_DIR": ""}
    t = time.perf_counter()
    proc, peak = run_localize_measured(args, cwd=cwd, env=env, quiet=True)
    if proc.returncode != 0:
        sys.exit(f"localize {' '.join(args)} failed:\n{proc.stderr}")
    return time.perf_counter() - t, peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--distinct", action="store_true", help="every copy a little different")
    args = ap.parse_args()
    from localize.engine.apertium import apertium_available
    from localize.testing import article_commands

    sample = (ROOT / "examples" / "russia-wont-discuss-crimea.txt").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "localize.toml").write_text("glossaries = []\n")
        path = root / "huge.txt"
        reps = int(args.mb * 2**20 / len(sample.encode())) + 1
        with path.open("w", encoding="utf-8") as fh:
            for i in range(reps):
                copy = re.sub(r"\bthe\b", f"the {i}", sample) if args.distinct else sample
                fh.write(copy + "\n\n")
        size = path.stat().st_size / 2**20
        kind = "distinct copies" if args.distinct else "the sample repeated"
        print(f"article: {size:.1f} MB ({kind}, {reps} copies)")
        engine = "apertium" if apertium_available("en", "es") else None
        runs = article_commands("huge.txt", "es", engine=engine)
        runs.insert(1, ["segment", "huge.txt", "--format", "json"])
        for cmd in runs:
            secs, rss = measured(cmd, root)
            print(f"localize {' '.join(cmd):72} {secs:6.1f} s  peak RSS {rss:5.0f} MB")
        pot = (root / "locales" / "huge.pot").stat().st_size / 2**20
        print(f"template: {pot:.1f} MB")


if __name__ == "__main__":
    main()
