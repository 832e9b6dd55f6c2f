"""Huge and hostile inputs through real `localize` processes: time and peak RSS, each held to a
bound that grows linearly with the input.

Cases (sizes at --scale 1; the default --scale 0.1 runs in well under a minute):
  msgid-50mb    a catalog whose one msgid is 50 MB: `status`, `check`, `compile`
  lines-1m      a catalog of 1,000,000 lines (250,000 entries): `status`, `check`, `compile`
  lines-1m-crlf the same with CRLF line ends (the strict reader's old quadratic path): `status`
  compile-200k  `compile` of 200,000 translated entries, beside GNU `msgfmt` on the same file
  tbx-note-2mb  a TBX glossary with one 2 MB note: `glossary list`
  articles-40k  a localize.toml whose `articles` lists 40,000 names (it took 137 s: each name
                was compared with every one before it): `status`
  check-20k     20,000 small articles matched by one pattern (`check` took 66 s and 1.77 GB:
                each cache key held a copy of the segmenter's 94 KB identity): `check`
  html-comments-100k  an HTML article with 100,000 unclosed "<!--" (390 KB): `segment`, `extract`,
                and the reading beside the standard library's html.parser on the same text
                (quadratic: 73 s at this size)
  html-charref  an HTML article whose numeric character references have 5,000 digits each (int()
                refuses more than 4,300): `segment`, `extract`
  article-32mb-line  an article that is one 32 MB line (the sample, its line breaks removed,
                repeated): `segment`, `extract` — only with --only: on this machine 0.4 MB took
                24 s and 3.2 MB 295 s, so the full size would take hours

Peak RSS is the largest of the command's processes (check's workers included). Each bound is
``a + b × input MB`` — printed beside the measure, FAIL when exceeded (exit 1).

Run: .venv/bin/python bench/hostile.py [--scale 1] [--only CASE]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "russia-wont-discuss-crimea.txt"

HEADER = (
    'msgid ""\nmsgstr ""\n'
    '"Project-Id-Version: a\\n"\n'
    '"Language: ru\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && '
    '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
)

# Measured in a helper process: RUSAGE_CHILDREN's maxrss is the largest of every process the
# command ran (it and its workers), not only the first.
_PEAK = (
    "import resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "sys.stderr.buffer.write(r.stderr)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(r.returncode)\n"
)


def measured(cmd: list[str], cwd: Path) -> tuple[int, float, float, str]:
    """Exit code, seconds and peak RSS (MB) of a command, and its stderr's last line."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LOCALIZE_CACHE_DIR": ""}
    t = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _PEAK, *cmd], cwd=cwd, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - t
    peak = int(proc.stdout.strip() or 0) / 1024
    last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
    return proc.returncode, seconds, peak, last


def localize(*args: str) -> list[str]:
    return [sys.executable, "-m", "localize", *args]


def project(root: Path, catalog: Callable[[Path], None]) -> Path:
    """A project with the sample article and one ru catalog written by ``catalog``."""
    root.mkdir()
    shutil.copy(SAMPLE, root / "a.txt")
    (root / "localize.toml").write_text(
        'source = "en"\nlocales = ["ru"]\narticles = ["a.txt"]\nglossaries = []\n'
    )
    po = root / "locales" / "ru" / "LC_MESSAGES" / "a.po"
    po.parent.mkdir(parents=True)
    catalog(po)
    return po


def long_msgid(mb: float) -> Callable[[Path], None]:
    def write(po: Path) -> None:
        words = int(mb * 2**20 / 5)
        with po.open("w", encoding="utf-8") as fh:
            fh.write(HEADER)
            fh.write('msgid "')
            for _ in range(words // 100_000):
                fh.write("word " * 100_000)
            fh.write("word " * (words % 100_000))
            fh.write('"\nmsgstr ""\n')

    return write


def many_entries(
    entries: int, newline: str = "\n", translated: bool = True
) -> Callable[[Path], None]:
    """``entries`` entries of four lines each (reference, msgid, msgstr, blank)."""

    def write(po: Path) -> None:
        with po.open("w", encoding="utf-8", newline="") as fh:
            fh.write(HEADER.replace("\n", newline))
            batch = []
            for i in range(entries):
                msgstr = f"Предложение номер {i}." if translated else ""
                batch.append(
                    f'#: a.txt:{i + 1}{newline}msgid "Sentence number {i}."{newline}'
                    f'msgstr "{msgstr}"{newline}{newline}'
                )
                if len(batch) == 10_000:
                    fh.write("".join(batch))
                    batch = []
            fh.write("".join(batch))

    return write


def tbx_note(mb: float) -> Callable[[Path], None]:
    def write(tbx: Path) -> None:
        note = "&amp;note " * int(mb * 2**20 / 10)
        tbx.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<martif type="TBX" xml:lang="en"><text><body>\n'
            '<termEntry id="c1"><note>' + note + "</note>\n"
            '<langSet xml:lang="en"><tig><term>Crimea</term></tig></langSet>\n'
            '<langSet xml:lang="ru"><tig><term>Крым</term></tig></langSet>\n'
            "</termEntry></body></text></martif>\n",
            encoding="utf-8",
        )

    return write


def many_articles(root: Path, count: int, *, listed: bool) -> None:
    """A project of ``count`` one-line articles, named one by one in localize.toml or matched
    by one pattern."""
    root.mkdir()
    (root / "a").mkdir()
    for i in range(count):
        (root / "a" / f"n{i}.txt").write_text(f"Hello world number {i}. A second sentence.\n")
    names = ", ".join(f'"a/n{i}.txt"' for i in range(count)) if listed else '"a/*.txt"'
    (root / "localize.toml").write_text(
        f'source = "en"\nlocales = ["ru"]\narticles = [{names}]\nglossaries = []\n'
    )


def _html_parser_seconds(text: str) -> float:
    """The standard library's tokenizer (what localize used before) on ``text``, in-process."""
    from html.parser import HTMLParser

    t = time.perf_counter()
    parser = HTMLParser()
    parser.feed(text)
    parser.close()
    return time.perf_counter() - t


def html_cases(tmp: Path, s: float, only: str | None) -> bool:
    """Hostile HTML articles through real `segment`/`extract` processes; True if one failed."""
    failed = False
    cases = [
        ("html-comments-100k", "<p>The Kremlin said no.</p>\n" + "<!--" * int(100_000 * s)),
        (
            "html-charref",
            "".join(
                f"<p>Sentence {i} &#{'9' * 5000}; and &#x{'f' * 5000}; end.</p>\n"
                for i in range(max(1, int(100 * s)))
            ),
        ),
    ]
    for name, text in cases:
        if only and only != name:
            continue
        root = tmp / name
        project(root, many_entries(10))
        (root / "a.html").write_text(text, encoding="utf-8")
        mb = len(text.encode()) / 2**20
        for command in ("segment", "extract"):
            rc, secs, peak, last = measured(localize(command, "a.html"), root)
            t_bound, m_bound = 5 + 10 * mb, 120 + 20 * mb
            bad = rc != 0 or secs > t_bound or peak > m_bound
            failed |= bad
            note = ("FAIL " if bad else "") + (last[:60] if rc else "")
            print(
                f"{name:<14} {command:<14} {mb:>6.2f} MB {secs:>6.1f} s {t_bound:>6.1f} s "
                f"{peak:>6.0f} MB {m_bound:>6.0f} MB  {note}"
            )
        if name == "html-comments-100k":  # the reading alone, side by side in this process
            sys.path.insert(0, str(ROOT))
            from localize.formats.html import parse_html

            list(parse_html("<p>Warm up.</p>"))  # the sentence splitter loads once
            t = time.perf_counter()
            list(parse_html(text))
            ours = time.perf_counter() - t
            old = _html_parser_seconds(text)
            print(
                f"{'':<14} {'(read)':<14} {mb:>6.2f} MB {ours:>6.2f} s; html.parser "
                f"{old:.2f} s, {old / max(ours, 1e-6):.0f}x as long"
            )
        shutil.rmtree(root)
    return failed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=0.1, help="1 = the sizes in the docstring")
    ap.add_argument("--only", help="one case")
    args = ap.parse_args()
    s = args.scale
    # (case, catalog writer, commands, (MB fixed, MB per input MB), (s fixed, s per input MB))
    # Bounds: one huge string costs ~5× the file (bytes, text, the string, a copy); many short
    # entries ~1.3 KB each, ~15× the file (polib's entry objects); check more (see below).
    # Times are for a shared, busy 2-core machine: a quadratic path (the old compile: 34 s for
    # 200,000 entries, a million never finished) or per-character state (the old reader: 10 GB
    # for the 50 MB msgid) is far outside them.
    cases = [
        ("msgid-50mb", long_msgid(50 * s), ["status", "check", "compile"], (120, 6), (5, 0.5)),
        (
            "lines-1m",
            many_entries(int(250_000 * s)),
            ["status", "check", "compile"],
            (120, 16),
            (5, 2),
        ),
        ("lines-1m-crlf", many_entries(int(250_000 * s), "\r\n"), ["status"], (120, 16), (5, 2)),
        ("compile-200k", many_entries(int(200_000 * s)), ["compile"], (120, 16), (5, 2)),
    ]
    failed = False
    print(
        f"{'case':<14} {'command':<14} {'input':>9} {'time':>8} {'bound':>8} "
        f"{'peak RSS':>9} {'bound':>9}  note"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, writer, commands, (m0, m1), (t0, t1) in cases:
            if args.only and args.only != name:
                continue
            root = Path(tmp) / name
            po = project(root, writer)
            mb = po.stat().st_size / 2**20
            for command in commands:
                rc, secs, peak, last = measured(localize(command), root)
                # check exits 1 with findings (untranslated entries): that is its job.
                ok_rc = rc in (0, 1) if command == "check" else rc == 0
                t_bound, m_bound = t0 + t1 * mb, m0 + m1 * mb
                if command == "check":  # every check, GNU msgfmt -c and a worker besides
                    t_bound, m_bound = 2 * t0 + 2.5 * t1 * mb, m0 + 1.25 * m1 * mb
                bad = not ok_rc or secs > t_bound or peak > m_bound
                failed |= bad
                note = ("FAIL " if bad else "") + (last[:60] if not ok_rc else "")
                print(
                    f"{name:<14} {command:<14} {mb:>6.1f} MB {secs:>6.1f} s {t_bound:>6.1f} s "
                    f"{peak:>6.0f} MB {m_bound:>6.0f} MB  {note}"
                )
                if name == "compile-200k" and shutil.which("msgfmt"):
                    t = time.perf_counter()
                    subprocess.run(["msgfmt", "-o", str(root / "msgfmt.mo"), str(po)], check=True)
                    print(
                        f"{'':<14} {'(GNU msgfmt)':<14} {mb:>6.1f} MB "
                        f"{time.perf_counter() - t:>6.1f} s"
                    )
            shutil.rmtree(root)
        if not args.only or args.only.startswith("html-"):
            failed |= html_cases(Path(tmp), s, args.only)
        if args.only == "article-32mb-line":  # asked for only: see the docstring
            root = Path(tmp) / "article"
            project(root, many_entries(10))
            text = " ".join(SAMPLE.read_text(encoding="utf-8").split())  # one line, no breaks
            reps = int(32 * s * 2**20 / len(text.encode())) + 1
            with (root / "line.txt").open("w", encoding="utf-8") as fh:
                for _ in range(reps):
                    fh.write(text + " ")
                fh.write("\n")
            mb = (root / "line.txt").stat().st_size / 2**20
            for args_ in (["segment", "line.txt"], ["extract", "line.txt"]):
                rc, secs, peak, last = measured(localize(*args_), root)
                t_bound, m_bound = 5 + 2 * mb, 120 + 8 * mb
                bad = rc != 0 or secs > t_bound or peak > m_bound
                failed |= bad
                print(
                    f"{'article-32mb':<14} {args_[0]:<14} {mb:>6.1f} MB {secs:>6.1f} s "
                    f"{t_bound:>6.1f} s {peak:>6.0f} MB {m_bound:>6.0f} MB  "
                    f"{'FAIL ' if bad else ''}{last[:60] if rc else ''}"
                )
        if not args.only or args.only == "tbx-note-2mb":
            root = Path(tmp) / "tbx"
            project(root, many_entries(10))
            (root / "g").mkdir()
            tbx = root / "g" / "news.tbx"
            tbx_note(2 * s)(tbx)
            (root / "localize.toml").write_text(
                'source = "en"\nlocales = ["ru"]\narticles = ["a.txt"]\nglossaries = ["g/*.tbx"]\n'
            )
            mb = tbx.stat().st_size / 2**20
            rc, secs, peak, last = measured(localize("glossary", "list", "--lang", "ru"), root)
            t_bound, m_bound = 3 + 2 * mb, 120 + 20 * mb
            bad = rc != 0 or secs > t_bound or peak > m_bound
            failed |= bad
            print(
                f"{'tbx-note-2mb':<14} {'glossary list':<14} {mb:>6.1f} MB {secs:>6.1f} s "
                f"{t_bound:>6.1f} s {peak:>6.0f} MB {m_bound:>6.0f} MB  "
                f"{'FAIL ' if bad else ''}{last[:60] if rc else ''}"
            )
        # Many articles: time and memory per thousand articles (the "input" column counts
        # thousands of articles here, not MB).
        for name, count, listed, command, (t0, t1), (m0, m1) in (
            ("articles-40k", int(40_000 * s), True, ["status"], (5, 1), (120, 3)),
            ("check-20k", int(20_000 * s), False, ["check"], (10, 5), (150, 5)),
        ):
            if args.only and args.only != name:
                continue
            root = Path(tmp) / name
            many_articles(root, count, listed=listed)
            rc, secs, peak, last = measured(localize(*command), root)
            k = count / 1000
            t_bound, m_bound = t0 + t1 * k, m0 + m1 * k
            ok_rc = rc in (0, 1) if command == ["check"] else rc == 0  # missing catalogs
            bad = not ok_rc or secs > t_bound or peak > m_bound
            failed |= bad
            print(
                f"{name:<14} {command[0]:<14} {k:>5.1f} k  {secs:>6.1f} s {t_bound:>6.1f} s "
                f"{peak:>6.0f} MB {m_bound:>6.0f} MB  {'FAIL ' if bad else ''}"
                f"{last[:60] if not ok_rc else ''}"
            )
            shutil.rmtree(root)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
