"""Real catalogs against GNU gettext: the issue's table, and compile against msgfmt at 35,000.

Assembles the corpus of tools/real_corpus.py if it is not there (PyPI, about 70 MB), then
compares every catalog with msgcat, msgfmt (--statistics, --no-hash, -c) and every merge pair
with msgmerge --previous, and prints the table. Then times compiling a 35,000-entry catalog:
``msgfmt --no-hash`` against ``localize compile`` (the CLI, a fresh process each, best of 5,
CPU time of the process beside wall time, on the same machine in the same run).

Run: .venv/bin/python bench/real_corpus.py [--jobs 2] [--entries 35000] [--only compile]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _corpus():
    spec = importlib.util.spec_from_file_location("real_corpus", ROOT / "tools" / "real_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["real_corpus"] = module
    spec.loader.exec_module(module)
    return module


WORDS = (
    "Kremlin Peskov Kyiv Odessa grain ship talks convoy mayor bridge said would resume reached "
    "closed confirmed army minister officials report election sanctions Moscow Washington"
).split()


def _catalog(n: int) -> str:
    r = random.Random(35)
    out = [
        'msgid ""\nmsgstr ""\n"Project-Id-Version: bench\\n"\n'
        '"POT-Creation-Date: 2026-01-01 00:00+0000\\n"\n"Language: ru\\n"\n'
        '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && '
        'n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n'
    ]
    for i in range(n):
        s = " ".join(r.choice(WORDS) for _ in range(r.randint(4, 20))) + f" {i}."
        fuzzy = "#, fuzzy\n" if i % 10 == 0 else ""
        out.append(f'#: news.txt:{i + 1}\n{fuzzy}msgid "{s}"\nmsgstr "RU {s}"\n')
    return "\n".join(out)


def _timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def compile_ratio(entries: int, rounds: int = 5) -> str:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return "msgfmt not installed"
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        folder = project / "locales" / "ru" / "LC_MESSAGES"
        folder.mkdir(parents=True)
        po = folder / "news.po"
        po.write_text(_catalog(entries), encoding="utf-8")
        (project / "localize.toml").write_text('source = "en"\n', encoding="utf-8")
        localize = [sys.executable, "-m", "localize", "compile"]
        gnu = [msgfmt, "--no-hash", "-o", str(project / "gnu.mo"), str(po)]
        theirs, ours = [], []
        for _ in range(rounds):  # alternated, so both meet the same load
            theirs.append(_timed(gnu, project))
            ours.append(_timed(localize, project))
        same = (project / "gnu.mo").read_bytes() == po.with_suffix(".mo").read_bytes()
    tw, tc = min(w for w, _ in theirs), min(c for _, c in theirs)
    ow, oc = min(w for w, _ in ours), min(c for _, c in ours)
    return (
        f"compile {entries:,} entries (best of {rounds}): localize {ow:.2f} s wall, {oc:.2f} s CPU"
        f" vs msgfmt {tw:.2f} s wall, {tc:.2f} s CPU: {ow / tw:.2f}x wall, {oc / tc:.2f}x CPU; "
        f".mo {'identical' if same else 'DIFFERENT'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--entries", type=int, default=35_000)
    parser.add_argument("--only", choices=["table", "compile"], default=None)
    args = parser.parse_args()
    if args.only != "compile":
        corpus = _corpus()
        corpus.assemble(quiet=True)
        start = time.perf_counter()
        cats, merges = corpus.compare_all(jobs=args.jobs)
        print(corpus.table(cats, merges))
        print(f"({time.perf_counter() - start:.0f} s on {args.jobs or os.cpu_count()} processes)")
        for r in cats:
            if r.traceback or r.read_error or r.detail:
                print(f"  {r.path}: {r.detail or r.read_error or r.traceback.splitlines()[-1]}")
        for m in merges:
            if m.differ or m.fewer or m.error or m.traceback:
                print(f"  {m.name}: {m.differ} entries differ; {m.examples[:1]}")
    if args.only != "table":
        print(compile_ratio(args.entries))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
