"""Throughput of three paths on the same Argos-size model and corpus, measured side by side.

(a) what an Argos user does: argostranslate.translate.translate() once per sentence, defaults;
(b) the limit: raw CTranslate2 translate_batch on pre-tokenised input with our settings;
(c) `localize translate` on the same corpus, as a user runs it (a real process).

The model has random weights (built by localize.testing.build_random_package: 6+6 layers,
d_model 512, 8 heads, ffn 2048, 32k vocabulary, int8). Random weights never emit </s>, so all
three use the same decoding cap. Argos's sentence splitter would download a model at run time;
(a) gets a pass-through splitter instead, which only makes (a) faster.

(b) and (c) alternate --rounds times (the machine is shared; drift hits both alike), each
in a fresh process.

Run: .venv/bin/python bench/throughput.py [--sentences 500] [--a-sentences 60] [--cap 64]
Targets: c/a >= 8, c/b >= 0.9, peak RSS of (c) <= model folder + 400 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def corpus(n: int) -> list[str]:
    """News-like sentences of varied length, from the sample article's vocabulary."""
    from localize.segment import read_article

    base = [
        s.text
        for s in read_article(ROOT / "examples" / "russia-wont-discuss-crimea.txt").segments
        if len(s.text.split()) > 6
    ]
    words = " ".join(base).split()
    rng = random.Random(0)
    out = list(base)
    while len(out) < n:
        k = rng.randint(8, 40)
        start = rng.randrange(0, len(words) - k)
        out.append(" ".join(words[start : start + k]).rstrip(",") + ".")
    return [f"{s} ({i})" for i, s in enumerate(out[:n])]


# (b) in its own process: load outside the timing, then exactly the engine's calls.
B_SCRIPT = """
import json, sys, time
import ctranslate2
model, tokens_file, inter, intra, batch, beam, cap = sys.argv[1:]
inter, intra, batch, beam, cap = int(inter), int(intra), int(batch), int(beam), int(cap)
tokens = json.loads(open(tokens_file).read())
tr = ctranslate2.Translator(model, device="cpu", inter_threads=inter, intra_threads=intra)
t = time.perf_counter()
pending = [
    tr.translate_batch(tokens[i : i + batch], beam_size=beam, max_batch_size=batch,
                       max_decoding_length=cap, asynchronous=True)
    for i in range(0, len(tokens), batch)
]
for futures in pending:
    for future in futures:
        future.result()
print(time.perf_counter() - t)
"""


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sentences", type=int, default=500)
    ap.add_argument(
        "--a-sentences",
        type=int,
        default=60,
        help="sentences for path (a), the slow one (its rate is per sentence)",
    )
    ap.add_argument("--cap", type=int, default=64)
    ap.add_argument(
        "--rounds", type=int, default=2, help="(b) and (c) alternate this many times each"
    )
    args = ap.parse_args()
    from localize.segment import segment_text

    # The segments localize will see are the sentences all three paths translate.
    text = "\n\n".join(corpus(args.sentences)) + "\n"
    # localize sends each distinct sentence once; so do the other two paths.
    sentences = list(dict.fromkeys(s.text for s in segment_text(text).segments))
    from localize.engine.argos import BATCH, DEFAULT_BEAM_SIZE, thread_split
    from localize.models import install_package
    from localize.testing import build_random_package, run_localize_measured

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print("building an Argos-size random package…", flush=True)
        archive = build_random_package(tmp, "en", "ru", corpus=sentences)
        packages = tmp / "packages"
        pkg = install_package(archive, packages)[0]
        model_mb = folder_size(pkg.path / "model") / 2**20
        print(f"model folder: {model_mb:.0f} MB; {len(sentences)} sentences; cap {args.cap}")

        import ctranslate2
        import sentencepiece as spm

        sp = spm.SentencePieceProcessor(model_file=str(pkg.path / "sentencepiece.model"))
        tokens = sorted((sp.encode(s, out_type=str) for s in sentences), key=len)
        inter, intra = thread_split()
        tokens_file = tmp / "tokens.json"
        tokens_file.write_text(json.dumps(tokens))

        def run_b() -> float:
            """(b) the limit: pre-tokenised, length-sorted, the engine's calls and settings.

            A fresh process every round, as (c) is: a translator reused in one process runs
            its later calls warm, which flattered (b) in every round after the first.
            """
            out = subprocess.run(
                [sys.executable, "-c", B_SCRIPT, str(pkg.path / "model"), str(tokens_file)]
                + [str(inter), str(intra), str(BATCH), str(DEFAULT_BEAM_SIZE), str(args.cap)],
                capture_output=True,
                text=True,
                check=True,
            )
            return len(sentences) / float(out.stdout)

        project = tmp / "project"
        (project / "articles").mkdir(parents=True)
        article = project / "articles" / "corpus.txt"
        (project / "localize.toml").write_text("glossaries = []\n")
        env = {
            **os.environ,
            "LOCALIZE_MODELS_DIR": str(packages),
            "LOCALIZE_DECODING_CAP": str(args.cap),
            "LOCALIZE_CACHE_DIR": "",
        }
        args_c = ["translate", str(article.relative_to(project)), "--to", "ru", "--no-glossary"]
        cmd = [sys.executable, "-m", "localize", *args_c]

        def run_c() -> tuple[float, float, int]:
            """(c) `localize translate` from scratch, a real process: rate by wall time."""
            shutil.rmtree(project / "locales", ignore_errors=True)
            article.write_text(text)
            t = time.perf_counter()
            proc, rss = run_localize_measured(args_c, cwd=project, env=env)
            wall = time.perf_counter() - t
            if proc.returncode != 0:
                sys.exit(proc.stderr)
            m = re.search(r"done: (\d+) segments translated", proc.stderr)
            return int(m.group(1)) / wall, rss, int(m.group(1))

        # Alternated, so drift in the machine's speed (it is shared) hits both paths alike.
        rounds = []
        for r in range(args.rounds):
            if r % 2 == 0:
                b = run_b()
                c, rss, n_c = run_c()
            else:
                c, rss, n_c = run_c()
                b = run_b()
            rounds.append((b, c, rss))
            print(f"round {r + 1}: (b) {b:6.2f}  (c) {c:6.2f} sentences/s  c/b = {c / b:.2f}")

        # Incremental: the corpus is translated (last run_c); edit 1 paragraph, run again.
        first_wall = n_c / rounds[-1][1]
        article.write_text(text.replace("(7)", "(7, edited)"))
        t = time.perf_counter()
        again = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)
        wall_again = time.perf_counter() - t
        m2 = re.search(r"done: (\d+) segments translated", again.stderr)
        # Start-up: a run with nothing to translate (start, read article and catalogs, write).
        t = time.perf_counter()
        subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, check=True)
        noop = time.perf_counter() - t

        # (a) argostranslate, once per sentence, default settings (after c: it imports torch)
        os.environ["ARGOS_PACKAGES_DIR"] = str(packages)
        import argostranslate.sbd as sbd
        import argostranslate.translate as at

        sbd.MiniSBDSentencizer.__init__ = lambda self, pkg: None  # type: ignore[method-assign]
        sbd.MiniSBDSentencizer.split_sentences = lambda self, text: [text]  # type: ignore
        real = ctranslate2.Translator.translate_batch

        def capped(self, *a, **k):
            k["max_decoding_length"] = args.cap
            return real(self, *a, **k)

        ctranslate2.Translator.translate_batch = capped  # type: ignore[method-assign]
        # Every k-th sentence: the same length mix as the whole corpus.
        subset = sentences[:: max(1, len(sentences) // args.a_sentences)][: args.a_sentences]
        at.translate(subset[0], "en", "ru")  # load the model outside the timing, as (b)
        t = time.perf_counter()
        for s in subset:
            at.translate(s, "en", "ru")
        a = len(subset) / (time.perf_counter() - t)

    b = statistics.mean(r[0] for r in rounds)
    c = statistics.mean(r[1] for r in rounds)
    rss = max(r[2] for r in rounds)
    print(
        f"(a) argostranslate.translate() per sentence: {a:7.2f} sentences/s "
        f"({len(subset)} sentences)"
    )
    print(
        f"(b) CTranslate2 translate_batch, beam {DEFAULT_BEAM_SIZE}, batches of {BATCH}, "
        f"{inter} at once × {intra} thread(s): {b:7.2f} sentences/s"
    )
    print(f"(c) localize translate, wall time of the whole process: {c:7.2f} sentences/s")
    print(f"c/a = {c / a:.1f}   (target >= 8)")
    print(
        f"c/b = {c / b:.2f}  (target >= 0.9; per round: "
        + ", ".join(f"{r[1] / r[0]:.2f}" for r in rounds)
        + ")"
    )
    print(
        f"peak RSS of (c): {rss:.0f} MB; model folder {model_mb:.0f} MB "
        f"(target <= {model_mb + 400:.0f} MB)"
    )
    if m2:
        print(
            f"incremental: after editing 1 of {len(sentences)} paragraphs, "
            f"{m2.group(1)} segment(s) re-translated in {wall_again:.1f} s; first run "
            f"{first_wall:.1f} s; start-up (a run with nothing to translate) {noop:.1f} s; "
            f"target <= 5% of the first run + start-up = {0.05 * first_wall + noop:.1f} s"
        )


if __name__ == "__main__":
    main()
