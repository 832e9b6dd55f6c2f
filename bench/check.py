"""How long `localize check` takes on a large project, and its peak memory.

Builds 27 locales × 40 articles × 50 entries (54,000 entries, 1,080 catalogs) in a temporary
folder, then runs the real `localize check` as a user would, twice (cold and warm file cache),
and once with only the in-process checks (--ignore msgfmt) to show what GNU msgfmt costs.
Target: ≤ 2 s here. Run: .venv/bin/python bench/check.py
"""

from __future__ import annotations

import os
import resource
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


def run(root: Path, *args: str) -> tuple[float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    env = {**os.environ, "LOCALIZE_CACHE_DIR": str(root / ".cache")}
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
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build(root)
        n = len(LOCALES) * ARTICLES
        fast, _ = run(root, "--ignore", "msgfmt")
        cold, _ = run(root)
        warm, rss = run(root)
        print(f"catalogs: {n}, entries: {n * ENTRIES}")
        print(f"localize check --ignore msgfmt, empty cache: {fast:.2f} s")
        print(
            f"localize check, all checks incl. msgfmt -c, msgfmt verdicts not cached: {cold:.2f} s"
        )
        print(f"localize check again, nothing changed (cached findings): {warm:.2f} s")
        print(f"peak RSS of a check run: {rss / 1024:.0f} MB")
        print(f"target ≤ 2 s (first full run): {'met' if cold <= 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
