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

--device cuda runs all three on the GPU (argostranslate with ARGOS_DEVICE_TYPE=cuda; (b) batched
by tokens as the engine does there, int8_float16), then (c) once more on the CPU for the GPU/CPU
ratio, and prints the peak GPU memory (nvidia-smi, sampled) of (b) and (c). (a) needs
argostranslate (pip install -e '.[reference]'); without it (a) is skipped.

Run: .venv/bin/python bench/throughput.py [--sentences 500] [--a-sentences 60] [--cap 64]
     [--device cpu|cuda]
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
    from localize.formats import read_article

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
from localize.engine.argos import _token_chunks
model, tokens_file, inter, intra, batch, beam, cap, device, compute = sys.argv[1:]
inter, intra, batch, beam, cap = int(inter), int(intra), int(batch), int(beam), int(cap)
tokens = json.loads(open(tokens_file).read())
tr = ctranslate2.Translator(model, device=device, compute_type=compute, inter_threads=inter,
                            intra_threads=intra)
if device == "cuda":  # batches of at most `batch` tokens, as the engine sends them there
    chunks = [[t for _, t, _ in c] for c in _token_chunks([(0, t, "") for t in tokens], batch)]
    extra = {"batch_type": "tokens"}
else:
    chunks = [tokens[i : i + batch] for i in range(0, len(tokens), batch)]
    extra = {}
t = time.perf_counter()
pending = [
    tr.translate_batch(chunk, beam_size=beam, max_batch_size=batch, max_decoding_length=cap,
                       asynchronous=True, **extra)
    for chunk in chunks
]
for futures in pending:
    for future in futures:
        future.result()
print(time.perf_counter() - t)
"""


class GpuMemory:
    """Peak memory used on the GPU while a block runs, sampled from nvidia-smi (MB)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled, self.peak = enabled, 0.0

    def _used(self) -> float:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
        )
        return max((float(x) for x in out.stdout.split()), default=0.0)

    def __enter__(self) -> GpuMemory:
        if self.enabled:
            import threading

            self.base, self.stop = self._used(), threading.Event()

            def sample() -> None:
                while not self.stop.wait(0.05):
                    self.peak = max(self.peak, self._used() - self.base)

            self.thread = threading.Thread(target=sample, daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.stop.set()
            self.thread.join()


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _run_a(args, sentences: list[str], packages: Path, gpu: bool) -> tuple[float | None, list]:
    """(a): argostranslate.translate() once per sentence, its defaults, the same cap."""
    os.environ["ARGOS_PACKAGES_DIR"] = str(packages)
    if gpu:
        os.environ["ARGOS_DEVICE_TYPE"] = "cuda"  # read when argostranslate is imported
    try:
        import argostranslate.sbd as sbd
        import argostranslate.translate as at
    except ImportError:
        print("(a) skipped: argostranslate is not installed (pip install -e '.[reference]')")
        return None, []
    import ctranslate2

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
    return len(subset) / (time.perf_counter() - t), subset


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
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    args = ap.parse_args()
    gpu = args.device == "cuda"
    from localize.segment import segment_text

    # The segments localize will see are the sentences all three paths translate.
    text = "\n\n".join(corpus(args.sentences)) + "\n"
    # localize sends each distinct sentence once; so do the other two paths.
    sentences = list(dict.fromkeys(s.text for s in segment_text(text).segments))
    from localize.engine.argos import (
        BATCH,
        DEFAULT_BEAM_SIZE,
        DEFAULT_COMPUTE_TYPE,
        GPU_BATCH_TOKENS,
        resolve_device,
        thread_split,
    )
    from localize.models import install_package
    from localize.testing import build_random_package, run_localize_measured

    if gpu:
        from localize.errors import UsageError

        try:
            resolve_device("cuda")
        except UsageError as exc:  # a clear line, not a traceback, where there is no GPU
            sys.exit(f"bench: {exc}")
    compute = DEFAULT_COMPUTE_TYPE[args.device]
    batch = GPU_BATCH_TOKENS if gpu else BATCH
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print("building an Argos-size random package…", flush=True)
        archive = build_random_package(tmp, "en", "ru", corpus=sentences)
        packages = tmp / "packages"
        pkg = install_package(archive, packages)[0]
        model_mb = folder_size(pkg.path / "model") / 2**20
        print(f"model folder: {model_mb:.0f} MB; {len(sentences)} sentences; cap {args.cap}")

        import sentencepiece as spm

        sp = spm.SentencePieceProcessor(model_file=str(pkg.path / "sentencepiece.model"))
        tokens = sorted((sp.encode(s, out_type=str) for s in sentences), key=len)
        inter, intra = (1, 1) if gpu else thread_split()
        tokens_file = tmp / "tokens.json"
        tokens_file.write_text(json.dumps(tokens))

        def run_b() -> float:
            """(b) the limit: pre-tokenised, length-sorted, the engine's calls and settings.

            A fresh process every round, as (c) is: a translator reused in one process runs
            its later calls warm, which flattered (b) in every round after the first.
            """
            with GpuMemory(gpu) as mem:
                out = subprocess.run(
                    [sys.executable, "-c", B_SCRIPT, str(pkg.path / "model"), str(tokens_file)]
                    + [str(inter), str(intra), str(batch), str(DEFAULT_BEAM_SIZE), str(args.cap)]
                    + [args.device, compute],
                    capture_output=True,
                    text=True,
                    check=True,
                    env={**os.environ, "PYTHONPATH": str(ROOT)},
                )
            peaks["b"] = max(peaks["b"], mem.peak)
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
        args_c += ["--device", args.device]
        cmd = [sys.executable, "-m", "localize", *args_c]
        peaks = {"b": 0.0, "c": 0.0}

        def run_c(device: str = args.device) -> tuple[float, float, int]:
            """(c) `localize translate` from scratch, a real process: rate by wall time."""
            shutil.rmtree(project / "locales", ignore_errors=True)
            article.write_text(text)
            t = time.perf_counter()
            with GpuMemory(device == "cuda") as mem:
                proc, rss = run_localize_measured([*args_c[:-1], device], cwd=project, env=env)
            wall = time.perf_counter() - t
            if device == "cuda":
                peaks["c"] = max(peaks["c"], mem.peak)
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

        # The same run of (c) on the CPU, for the GPU/CPU ratio.
        c_cpu = run_c("cpu")[0] if gpu else None

        # (a) argostranslate, once per sentence, default settings (after c: it imports torch)
        a, subset = _run_a(args, sentences, packages, gpu)

    b = statistics.mean(r[0] for r in rounds)
    c = statistics.mean(r[1] for r in rounds)
    rss = max(r[2] for r in rounds)
    on = f" on {args.device} ({compute})"
    if a is not None:
        print(
            f"(a) argostranslate.translate() per sentence{' on cuda' if gpu else ''}: "
            f"{a:7.2f} sentences/s ({len(subset)} sentences)"
        )
    shape = f"batches of {batch} tokens" if gpu else f"batches of {batch}"
    print(
        f"(b) CTranslate2 translate_batch{on}, beam {DEFAULT_BEAM_SIZE}, {shape}, "
        f"{inter} at once × {intra} thread(s): {b:7.2f} sentences/s"
    )
    print(f"(c) localize translate{on}, wall time of the whole process: {c:7.2f} sentences/s")
    if a is not None:
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
    if c_cpu is not None:
        print(
            f"GPU/CPU: (c) on cuda / (c) on cpu = {c / c_cpu:.1f} ({c_cpu:.2f} sentences/s on cpu)"
        )
        print(f"peak GPU memory: (b) {peaks['b']:.0f} MB, (c) {peaks['c']:.0f} MB (nvidia-smi)")
    if m2:
        print(
            f"incremental: after editing 1 of {len(sentences)} paragraphs, "
            f"{m2.group(1)} segment(s) re-translated in {wall_again:.1f} s; first run "
            f"{first_wall:.1f} s; start-up (a run with nothing to translate) {noop:.1f} s; "
            f"target <= 5% of the first run + start-up = {0.05 * first_wall + noop:.1f} s"
        )


if __name__ == "__main__":
    main()
