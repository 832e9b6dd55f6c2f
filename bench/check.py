"""How long `localize check` takes on a large project, and its peak memory.

Builds 27 locales × 40 articles × 50 entries (54,000 entries, 1,080 catalogs) in a temporary
folder, then runs the real `localize check` as a user would: on an empty cache (a fresh CI
machine), again with that cache (nothing changed), and on an empty cache with only the
in-process checks (--ignore msgfmt) to show what GNU gettext's checks cost. Three rounds.
The templates come from `localize extract`'s own function; the translations are short, so the
`language` check (langdetect, ~2.5 ms a text, only on texts of 40+ letters) does not run:
the last line measures it on its own.
Target: ≤ 2 s here. Run: .venv/bin/python bench/check.py
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LOCALES = [
    "ru",
    "uk",
    "de",
    "fr",
    "es",
    "it",
    "pl",
    "tr",
    "ar",
    "fa",
    "ka",
    "hy",
    "az",
    "kk",
    "ky",
    "tg",
    "uz",
    "tk",
    "ro",
    "bg",
    "sr",
    "hr",
    "bs",
    "mk",
    "sq",
    "hu",
    "cs",
]
ARTICLES, ENTRIES = 40, 50


def build(root: Path) -> None:
    from localize.lang import plural_forms

    (root / "articles").mkdir()
    for a in range(ARTICLES):
        sentences = [
            f"Report {a} sentence {i} says talks resumed on day {i}." for i in range(ENTRIES)
        ]
        (root / "articles" / f"a{a:02}.txt").write_text("\n\n".join(sentences) + "\n")
        for lang in LOCALES:
            out = [
                'msgid ""\nmsgstr ""\n'
                f'"Language: {lang}\\n"\n"MIME-Version: 1.0\\n"\n'
                '"Content-Type: text/plain; charset=UTF-8\\n"\n'
                '"Content-Transfer-Encoding: 8bit\\n"\n'
                f'"Plural-Forms: {plural_forms(lang)}\\n"\n'
            ]
            for i, s in enumerate(sentences):
                out.append(
                    f'\n#: articles/a{a:02}.txt:{2 * i + 1}\nmsgid "{s}"\n'
                    f'msgstr "{lang} {a}/{i}: {i}"\n'
                )
            po = root / "locales" / lang / "LC_MESSAGES" / f"a{a:02}.po"
            po.parent.mkdir(parents=True, exist_ok=True)
            po.write_text("".join(out))
    (root / "localize.toml").write_text(
        f'locales = {LOCALES!r}\narticles = ["articles/*.txt"]\nglossaries = []\n'
    )
    # The templates as a project has them, from what `localize extract` runs (in this process:
    # a child would count in the peak RSS of the check runs).
    from localize.config import load_config
    from localize.pipeline import extract_articles

    extract_articles([], config=load_config(root / "localize.toml"))


def run(root: Path, cache: Path, *args: str) -> tuple[float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    env = {**os.environ, "LOCALIZE_CACHE_DIR": str(cache)}
    proc = subprocess.run(
        [sys.executable, "-m", "localize", "check", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    )
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"check failed ({proc.returncode}):\n{proc.stdout[:2000]}{proc.stderr[-2000:]}")
    return elapsed, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def main() -> None:
    from localize.catalog import gettextpo as gettextpo

    rounds = 3
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build(root)
        n = len(LOCALES) * ARTICLES
        cold, warm, fast = [], [], []
        rss = 0
        for i in range(rounds):
            # Cold: an empty cache, as on a fresh CI machine; warm: the same cache again.
            cache = root / f".cache-{i}"
            t, r = run(root, cache)
            cold.append(t)
            t, r2 = run(root, cache)
            warm.append(t)
            t, _ = run(root, root / f".cache-fast-{i}", "--ignore", "msgfmt")
            fast.append(t)
            rss = max(rss, r, r2)
        med = statistics.median
        lib = gettextpo.version()
        print(f"catalogs: {n}, entries: {n * ENTRIES}, rounds: {rounds} (medians; all runs listed)")
        by = f"libgettextpo {lib}" if lib else "a msgfmt process per catalog"
        print(f"msgfmt verdicts by: {by}")
        print(f"localize check, empty cache (first run): {med(cold):.2f} s  {fmt(cold)}")
        print(f"localize check again, nothing changed: {med(warm):.2f} s  {fmt(warm)}")
        print(f"localize check --ignore msgfmt, empty cache: {med(fast):.2f} s  {fmt(fast)}")
        print(f"peak RSS of a check run: {rss / 1024:.0f} MB")
        print(f"target ≤ 2 s (first run): {'met' if med(cold) <= 2 else 'NOT met'}")
        print(f"language check on a full-length translation: {language_cost() * 1000:.1f} ms each")


def language_cost() -> float:
    from localize.detect import detect_language

    text = "Переговоры о прекращении огня возобновились в понедельник в Женеве, сообщили {}."
    detect_language(text.format(0), confidence=0.9)
    t = time.perf_counter()
    for i in range(100):
        detect_language(text.format(i), confidence=0.9)
    return (time.perf_counter() - t) / 100


def fmt(times: list[float]) -> str:
    return "(" + ", ".join(f"{t:.2f}" for t in times) + ")"


if __name__ == "__main__":
    main()
