"""Throughput of three paths on the same Argos-size model and corpus, measured side by side.

(a) what an Argos user does: argostranslate.translate.translate() once per sentence, defaults;
(b) the limit: raw CTranslate2 translate_batch on pre-tokenised input with our settings;
(c) `localize translate` on the same corpus, as a user runs it (a real process).

The model has random weights (built by localize.testing.build_random_package: 6+6 layers,
d_model 512, 8 heads, ffn 2048, 32k vocabulary, int8). Random weights never emit </s>, so all
three use the same decoding cap. Argos's sentence splitter would download a model at run time;
(a) gets a pass-through splitter instead, which only makes (a) faster.

Run: .venv/bin/python bench/throughput.py [--sentences 500] [--a-sentences 100] [--cap 64]
Targets: c/a >= 8, c/b >= 0.9, peak RSS of (c) <= model folder + 400 MB.
"""

from __future__ import annotations

import argparse
import os
import random
import re
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


def run_measured(cmd: list[str], **kw) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run ``cmd``; also return its peak RSS in MB, sampled (ru_maxrss of a forked child would
    count the parent's pages)."""
    import psutil

    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    peak = 0
    ps = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            peak = max(peak, ps.memory_info().rss)
        except psutil.Error:
            break
        time.sleep(0.05)
    out, err = proc.communicate()
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err), peak / 2**20


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
    args = ap.parse_args()
    from localize.segment import segment_text

    # The segments localize will see are the sentences all three paths translate.
    text = "\n\n".join(corpus(args.sentences)) + "\n"
    # localize sends each distinct sentence once; so do the other two paths.
    sentences = list(dict.fromkeys(s.text for s in segment_text(text).segments))
    from localize.engine.argos import DEFAULT_BEAM_SIZE
    from localize.models import install_package
    from localize.testing import build_random_package

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print("building an Argos-size random package…", flush=True)
        archive = build_random_package(tmp, "en", "ru", corpus=sentences)
        packages = tmp / "packages"
        pkg = install_package(archive, packages)[0]
        model_mb = folder_size(pkg.path / "model") / 2**20
        print(f"model folder: {model_mb:.0f} MB; {len(sentences)} sentences; cap {args.cap}")

        # (b) the limit
        import ctranslate2
        import sentencepiece as spm

        sp = spm.SentencePieceProcessor(model_file=str(pkg.path / "sentencepiece.model"))
        tokens = sorted((sp.encode(s, out_type=str) for s in sentences), key=len)
        tr = ctranslate2.Translator(str(pkg.path / "model"), device="cpu")
        t = time.perf_counter()
        tr.translate_batch(
            tokens, beam_size=DEFAULT_BEAM_SIZE, max_batch_size=32, max_decoding_length=args.cap
        )
        b = len(sentences) / (time.perf_counter() - t)
        del tr

        # (c) localize translate, a real process
        project = tmp / "project"
        (project / "articles").mkdir(parents=True)
        (project / "articles" / "corpus.txt").write_text(text)
        (project / "localize.toml").write_text("glossaries = []\n")
        env = {
            **os.environ,
            "LOCALIZE_MODELS_DIR": str(packages),
            "LOCALIZE_DECODING_CAP": str(args.cap),
            "LOCALIZE_CACHE_DIR": "",
        }
        t = time.perf_counter()
        cmd = [
            sys.executable,
            "-m",
            "localize",
            "translate",
            "articles/corpus.txt",
            "--to",
            "ru",
            "--no-glossary",
        ]
        proc, rss = run_measured(cmd, cwd=project, env=env)
        wall = time.perf_counter() - t
        if proc.returncode != 0:
            sys.exit(proc.stderr)
        m = re.search(r"done: (\d+) segments translated in ([\d.]+) s", proc.stderr)
        n_c, secs = int(m.group(1)), float(m.group(2))
        c = n_c / secs

        # (d) incremental: edit 1 of the paragraphs, run again
        text = (project / "articles" / "corpus.txt").read_text()
        (project / "articles" / "corpus.txt").write_text(text.replace("(7)", "(7, edited)"))
        t = time.perf_counter()
        again = subprocess.run(
            cmd,
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
        )
        wall_again = time.perf_counter() - t
        m2 = re.search(r"done: (\d+) segments translated in ([\d.]+) s", again.stderr)
        startup = subprocess.run(
            [sys.executable, "-m", "localize", "--version"], env=env, capture_output=True
        )
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "localize", "--version"], env=env, capture_output=True
        )
        start_s = time.perf_counter() - t
        del startup

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

    print(
        f"(a) argostranslate.translate() per sentence: {a:7.2f} sentences/s "
        f"({len(subset)} sentences)"
    )
    print(
        f"(b) CTranslate2 translate_batch, beam {DEFAULT_BEAM_SIZE}, batch 32: {b:7.2f} sentences/s"
    )
    print(
        f"(c) localize translate: {c:7.2f} sentences/s ({n_c} sentences in {secs:.1f} s; "
        f"{wall:.1f} s with process start)"
    )
    print(f"c/a = {c / a:.1f}   (target >= 8)")
    print(f"c/b = {c / b:.2f}  (target >= 0.9)")
    print(
        f"peak RSS of (c): {rss:.0f} MB; model folder {model_mb:.0f} MB "
        f"(target <= {model_mb + 400:.0f} MB)"
    )
    if m2:
        print(
            f"incremental: after editing 1 of {len(sentences)} paragraphs, "
            f"{m2.group(1)} segment(s) re-translated; {wall_again:.1f} s vs first run "
            f"{wall:.1f} s ({100 * wall_again / wall:.0f}%; process start alone {start_s:.1f} s)"
        )


if __name__ == "__main__":
    main()
