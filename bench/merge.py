"""Merging and rewriting a large catalog: localize vs GNU msgmerge and msgcat, side by side.

Builds a ru catalog of N translated news-like sentences and a template in which a share of them
is edited (a word replaced, a number changed, a word inserted or removed), then times, each in a
fresh process with its peak memory:

- merge: ``msgmerge --previous`` vs localize (read catalog and template, merge, write);
- read+write: ``msgcat`` vs localize (read the catalog, write it back), best of three each.

Also compares the fuzzy suggestions: for how many edited sentences both offer the same old
translation, and how often each offers the translation of the sentence that was edited (the
one an editor keeps). Targets: merge faster than msgmerge; read+write ≤ 2× msgcat.
Run: .venv/bin/python bench/merge.py            (5,000 entries, about a minute)
     .venv/bin/python bench/merge.py --entries 50000   (the issue's size; msgmerge takes long)
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
from pathlib import Path

WORDS = (
    "Kremlin Peskov Kyiv Odessa grain ship talks convoy mayor bridge said would resume reached "
    "closed confirmed army minister officials report election sanctions Moscow Washington "
    "missile treaty spokesman president government parliament court police protest village "
    "region border ceasefire aid refugees energy gas oil prices bank"
).split()
SMALL = "the a of in on with and that after before during".split()
HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: bench\\n"\n"Language: ru\\n"\n'
    '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "\n'
    '"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
)


def sentence(r: random.Random, n: int) -> str:
    words = [r.choice(WORDS if r.random() < 0.6 else SMALL) for _ in range(r.randint(8, 30))]
    words.insert(r.randint(0, len(words)), f"{r.randint(1, 99_999):,}")
    words.append(f"({n})" if r.random() < 0.02 else "")
    return (" ".join(w for w in words if w)).capitalize() + "."


def edit(r: random.Random, text: str) -> str:
    words = text[:-1].split()
    i = r.randrange(len(words))
    how = r.choice(["replace", "number", "insert", "delete"])
    if how == "replace":
        words[i] = r.choice(WORDS)
    elif how == "number":
        words[i] = f"{r.randint(1, 99_999):,}"
    elif how == "insert":
        words.insert(i, r.choice(WORDS))
    elif len(words) > 3:
        del words[i]
    return " ".join(words) + "."


def q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build(folder: Path, n: int, share: float) -> dict[str, str]:
    """Write old.po and new.pot; return edited sentence -> the sentence it was edited from."""
    r = random.Random(14)
    seen: set[str] = set()
    old: list[str] = []
    while len(old) < n:
        s = sentence(r, len(old))
        if s not in seen:
            seen.add(s)
            old.append(s)
    edited: dict[str, str] = {}
    new = []
    for s in old:
        if r.random() < share:
            t = edit(r, s)
            if t not in seen and t not in edited:
                edited[t] = s
                new.append(t)
                continue
        new.append(s)
    po = [HEADER] + [
        f"#: a.txt:{i + 1}\nmsgid {q(s)}\nmsgstr {q('RU ' + s)}\n\n" for i, s in enumerate(old)
    ]
    pot = [HEADER.replace('"Language: ru\\n"\n', "")] + [
        f'#: a.txt:{i + 1}\nmsgid {q(s)}\nmsgstr ""\n\n' for i, s in enumerate(new)
    ]
    (folder / "old.po").write_text("".join(po).rstrip("\n") + "\n", encoding="utf-8")
    (folder / "new.pot").write_text("".join(pot).rstrip("\n") + "\n", encoding="utf-8")
    return edited


LOCALIZE_MERGE = """
import sys
from localize.catalog import dumps, read_po, update
from pathlib import Path
old, pot, out = sys.argv[1:]
Path(out).write_text(dumps(update(read_po(pot), read_po(old), lang="ru")), encoding="utf-8")
"""
LOCALIZE_CAT = """
import sys
from localize.catalog import dumps, read_po
from pathlib import Path
Path(sys.argv[2]).write_text(dumps(read_po(sys.argv[1])), encoding="utf-8")
"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one fresh process."""
    wrapper = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter(); subprocess.run(sys.argv[1:], check=True);"
        "print(time.perf_counter() - t,"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *cmd], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), float(out[1])


def suggestions(path: Path, edited: dict[str, str]) -> dict[str, str]:
    from localize.catalog import read_po

    return {e.msgid: e.msgstr for e in read_po(path) if e.msgid in edited and e.msgstr}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=5_000)
    ap.add_argument("--edited", type=float, default=0.10, help="share of sentences edited")
    ap.add_argument("--repeat", type=int, default=3, help="read+write runs; the best is shown")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        edited = build(d, args.entries, args.edited)
        old, pot = str(d / "old.po"), str(d / "new.pot")
        py = sys.executable
        mm = timed(["msgmerge", "--previous", "-q", "-o", str(d / "mm.po"), old, pot])
        lm = timed([py, "-c", LOCALIZE_MERGE, old, pot, str(d / "lm.po")])
        # Read+write is short: alternate the two, best of --repeat each, so a burst of load on
        # the machine does not decide the ratio.
        cats = [
            (
                timed(["msgcat", "-o", str(d / "mc.po"), old]),
                timed([py, "-c", LOCALIZE_CAT, old, str(d / "lc.po")]),
            )
            for _ in range(args.repeat)
        ]
        mc = min((c[0] for c in cats), key=lambda t: t[0])
        lc = min((c[1] for c in cats), key=lambda t: t[0])
        theirs, ours = suggestions(d / "mm.po", edited), suggestions(d / "lm.po", edited)
    n = len(edited)
    same = sum(1 for k in edited if k in theirs and theirs.get(k) == ours.get(k))
    right_t = sum(1 for k, src in edited.items() if theirs.get(k) == "RU " + src)
    right_o = sum(1 for k, src in edited.items() if ours.get(k) == "RU " + src)
    print(f"{args.entries:,} entries, {n:,} sentences edited ({args.edited:.0%})")
    print(
        f"{'':12} {'msgmerge/msgcat':>16} {'localize':>10} {'ratio':>7}"
        "  peak MB (gettext / localize)"
    )
    print(
        f"{'merge':12} {mm[0]:>15.2f}s {lm[0]:>9.2f}s {lm[0] / mm[0]:>6.2f}×"
        f"  {mm[1]:.0f} / {lm[1]:.0f}"
    )
    print(
        f"{'read+write':12} {mc[0]:>15.2f}s {lc[0]:>9.2f}s {lc[0] / mc[0]:>6.2f}×"
        f"  {mc[1]:.0f} / {lc[1]:.0f}"
    )
    print(
        f"suggestions: msgmerge {len(theirs):,}, localize {len(ours):,}, the same {same:,}; "
        f"the edited sentence's own translation: msgmerge {right_t:,}/{n:,}, "
        f"localize {right_o:,}/{n:,}"
    )


if __name__ == "__main__":
    main()
