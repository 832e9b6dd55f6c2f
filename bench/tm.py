"""Translation memory: build time, lookup time for an article against a large memory, memory
use; and what the memory saves `localize translate` when part of an article is already in it.

(1) Index. ``--segments`` reviewed entries (500,000 for the issue's figure; 50,000 by default
so a plain run stays short) in catalogs of 500 entries under ``locales/ru/LC_MESSAGES``. The
sentences are generated: 8–30 words, half from a list of common English words, the rest from
40,000 invented words drawn with Zipf's law (a newsroom's vocabulary is long-tailed), some
numbers and capitalised names — every one distinct. Each step is a fresh process, with its
peak RSS: the first build (empty cache), a refresh after one catalog changed, and an "article"
of 50 sentences looked up (10 exact, 20 with one word or number changed, 20 new), with the
time to open the index (stat of every catalog) reported apart from the lookups.

(2) Throughput (``--mt``, skipped with ``--no-mt``): an Argos-size random-weight model (as in
bench/throughput.py, same decoding cap), an article of ``--sentences`` sentences of which
``--in-memory`` (a fraction) is in a reviewed catalog — half exactly, half with a number
changed. `localize translate` runs with the memory and with ``--no-memory``, alternating,
each a fresh process from no catalog, the cache off (the memory index is built in the run).

Run: .venv/bin/python bench/tm.py [--segments 500000] [--no-mt] [--sentences 200]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COMMON = (
    "the of and to a in that is was he for it with as his on be at by had not are but from or "
    "have an they which one you were her all she there would their we him been has when who "
    "will more no if out so said what up its about into than them can only other new some could "
    "time these two may then do first any my now such like our over man me even most made after "
    "also did many before must through back years where much your way well down should because "
    "each just those people how too little state good very make world still own see men work "
    "long get here between both life being under never day same another know while last might "
    "us great old year off come since against go came right used take three officials minister "
    "government president country talks report security forces military said told according "
    "week month spokesman statement agency sources election parliament troops border region"
).split()


def _syllable_words(n: int, rng: random.Random) -> list[str]:
    cons, vows = "bcdfghjklmnprstvz", "aeiou"
    out: set[str] = set()
    while len(out) < n:
        k = rng.randint(2, 4)
        out.add("".join(rng.choice(cons) + rng.choice(vows) for _ in range(k)))
    return sorted(out)


class Corpus:
    """Distinct news-like sentences with a long-tailed vocabulary (see the module docstring)."""

    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        self.rare = _syllable_words(40_000, self.rng)
        weights = [1 / (r + 1) for r in range(len(self.rare))]
        total, acc = sum(weights), 0.0
        self.cum = []
        for w in weights:
            acc += w / total
            self.cum.append(acc)
        self.seen: set[str] = set()

    def sentence(self) -> str:
        rng = self.rng
        while True:
            n = rng.randint(8, 30)
            rare = iter(rng.choices(self.rare, cum_weights=self.cum, k=n))
            words = []
            for i in range(n):
                roll = rng.random()
                if roll < 0.5:
                    words.append(rng.choice(COMMON))
                elif roll < 0.55:
                    words.append(str(rng.randint(2, 2030)))
                elif roll < 0.63 and i:
                    words.append(next(rare).capitalize())
                else:
                    words.append(next(rare))
            text = " ".join(words)
            text = text[0].upper() + text[1:] + "."
            if text not in self.seen:
                self.seen.add(text)
                return text

    def vary(self, text: str) -> str:
        """One word or number of ``text`` changed (a fuzzy match for the memory)."""
        words = text[:-1].split()
        i = self.rng.randrange(1, len(words))
        words[i] = str(self.rng.randint(2, 2030)) if words[i].isdigit() else self.rng.choice(COMMON)
        return " ".join(words) + "."


HEADER = 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def write_catalogs(folder: Path, sentences: list[str], per_file: int = 500) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for start in range(0, len(sentences), per_file):
        body = "".join(
            f'msgid "{s}"\nmsgstr "ру {s}"\n\n' for s in sentences[start : start + per_file]
        )
        (folder / f"article-{n:05d}.po").write_text(HEADER + body, encoding="utf-8")
        n += 1
    return n


LOOKUP = """
import json, sys, time
t0 = time.perf_counter()
from localize.config import load_config
from localize.memory.index import open_memory
queries = json.load(open(sys.argv[1]))
t1 = time.perf_counter()
memory = open_memory(load_config())
t2 = time.perf_counter()
found = [memory.lookup(q, "ru") for q in queries]
t3 = time.perf_counter()
each = []
for q in queries:
    s = time.perf_counter(); memory.lookup(q, "ru"); each.append(time.perf_counter() - s)
r = memory.refreshed
print(json.dumps({"open": t2 - t1, "lookup": t3 - t2, "max": max(each), "read": r.read,
                  "units": r.units, "scores": [m.score if m else 0 for m in found]}))
"""

BUILD = """
import json, time
from localize.config import load_config
from localize.memory.index import open_memory
t = time.perf_counter()
r = open_memory(load_config()).refreshed
print(json.dumps({"seconds": time.perf_counter() - t, "read": r.read, "units": r.units}))
"""


def measured(code: str, *args: str, cwd: Path, env: dict[str, str]) -> tuple[dict, float]:
    """Run ``code`` in a fresh process; its JSON output and peak RSS in MB."""
    wrapper = (
        "import resource, runpy, sys\n"
        f"exec(compile({code!r}, 'bench', 'exec'))\n"
        "print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        sys.exit(proc.stderr)
    rss = int(re.search(r"RSS (\d+)", proc.stderr).group(1)) / 1024
    return json.loads(proc.stdout), rss


def bench_index(n_segments: int, tmp: Path) -> None:
    corpus = Corpus()
    print(f"generating {n_segments:,} distinct sentences…", flush=True)
    sentences = [corpus.sentence() for _ in range(n_segments)]
    project = tmp / "index"
    files = write_catalogs(project / "locales" / "ru" / "LC_MESSAGES", sentences)
    (project / "localize.toml").write_text('locales = ["ru"]\nglossaries = []\n')
    env = {**os.environ, "LOCALIZE_CACHE_DIR": str(tmp / "cache")}
    words = sum(len(s.split()) for s in sentences) / len(sentences)
    print(f"memory: {n_segments:,} segments in {files} catalogs, {words:.1f} words a sentence")

    built, rss = measured(BUILD, cwd=project, env=env)
    index = next((tmp / "cache").glob("tm-*.sqlite3"))
    print(
        f"build (empty cache):      {built['seconds']:7.1f} s   {built['units']:,} units, "
        f"peak RSS {rss:.0f} MB, index {index.stat().st_size / 2**20:.0f} MB"
    )
    rng = random.Random(1)
    changed = project / "locales" / "ru" / "LC_MESSAGES" / "article-00003.po"
    changed.write_text(changed.read_text(encoding="utf-8").replace("ру ", "РУ ", 1), "utf-8")
    again, rss = measured(BUILD, cwd=project, env=env)
    print(
        f"refresh, 1 catalog edited: {again['seconds']:6.2f} s   read {again['read']} of "
        f"{files} catalogs, peak RSS {rss:.0f} MB"
    )
    exact = rng.sample(sentences, 10)
    fuzzy = [corpus.vary(s) for s in rng.sample(sentences, 20)]
    new = [corpus.sentence() for _ in range(20)]
    queries = exact + fuzzy + new
    qfile = tmp / "queries.json"
    qfile.write_text(json.dumps(queries))
    rounds = [measured(LOOKUP, str(qfile), cwd=project, env=env) for _ in range(3)]
    best = min(rounds, key=lambda r: r[0]["lookup"])
    out, rss = best
    scores = out["scores"]
    each = ", ".join(f"{r[0]['lookup'] * 1000:.0f}" for r in rounds)
    print(
        f"lookup, 50 sentences:     {out['lookup'] * 1000:7.0f} ms  "
        f"(rounds {each} ms; slowest "
        f"sentence {out['max'] * 1000:.0f} ms), open + refresh {out['open'] * 1000:.0f} ms, "
        f"peak RSS {rss:.0f} MB"
    )
    print(
        f"  found: {sum(s == 100 for s in scores[:10])}/10 exact, "
        f"{sum(s >= 75 for s in scores[10:30])}/20 fuzzy (scores {min(scores[10:30])}–"
        f"{max(scores[10:30])}), {sum(s >= 75 for s in scores[30:])}/20 new sentences matched"
    )


def bench_mt(n: int, share: float, rounds: int, cap: int, tmp: Path) -> None:
    from localize.models import install_package
    from localize.testing import build_random_package, run_localize_measured

    corpus = Corpus(seed=5)
    sentences = [corpus.sentence() for _ in range(n)]
    k = int(n * share)
    known = sentences[: k // 2] + [corpus.vary(s) for s in sentences[k // 2 : k]]
    # the reviewed catalog holds the exact half and the originals of the varied half
    memory = sentences[:k]
    sentences = known + sentences[k:]
    print("building an Argos-size random package…", flush=True)
    archive = build_random_package(tmp, "en", "ru", corpus=sentences)
    packages = tmp / "packages"
    install_package(archive, packages)
    project = tmp / "mt"
    (project / "articles").mkdir(parents=True)
    (project / "articles" / "news.txt").write_text("\n\n".join(sentences) + "\n")
    (project / "localize.toml").write_text("glossaries = []\n")
    env = {
        **os.environ,
        "LOCALIZE_MODELS_DIR": str(packages),
        "LOCALIZE_DECODING_CAP": str(cap),
        "LOCALIZE_CACHE_DIR": "",
    }
    ru = project / "locales" / "ru" / "LC_MESSAGES"

    def run(use_memory: bool) -> tuple[float, int, str]:
        shutil.rmtree(project / "locales", ignore_errors=True)
        write_catalogs(ru, memory, per_file=len(memory) or 1)
        args = ["translate", "articles/news.txt", "--to", "ru", "--no-glossary"]
        if not use_memory:
            args.append("--no-memory")
        t = time.perf_counter()
        proc, _ = run_localize_measured(args, cwd=project, env=env)
        wall = time.perf_counter() - t
        if proc.returncode != 0:
            sys.exit(proc.stderr)
        line = next(x for x in proc.stderr.splitlines() if x.startswith("ru:"))
        sent = int(re.search(r"ru: (\d+) translated", line).group(1))
        return wall, sent, line

    print(f"article: {n} sentences, {k} in memory ({k // 2} exact, {k - k // 2} one number or "
          f"word changed); cap {cap}")  # fmt: skip
    walls: dict[bool, list[float]] = {True: [], False: []}
    for r in range(rounds):
        for use in (True, False) if r % 2 == 0 else (False, True):
            wall, sent, line = run(use)
            walls[use].append(wall)
            print(f"  round {r + 1} {'memory   ' if use else 'no memory'}: {wall:6.1f} s  {line}")
    with_m, without = min(walls[True]), min(walls[False])
    print(
        f"translate with the memory {with_m:.1f} s, without {without:.1f} s: "
        f"{without / with_m:.2f}x faster ({n / with_m:.1f} vs {n / without:.1f} article "
        f"sentences/s)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--segments", type=int, default=50_000)
    ap.add_argument("--sentences", type=int, default=200)
    ap.add_argument("--in-memory", type=float, default=0.5)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--cap", type=int, default=64)
    ap.add_argument("--no-mt", action="store_true", help="Skip the translate throughput part.")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bench_index(args.segments, Path(tmp))
        if not args.no_mt:
            bench_mt(args.sentences, args.in_memory, args.rounds, args.cap, Path(tmp))


if __name__ == "__main__":
    main()
