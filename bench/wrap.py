"""Line breaking over Unicode: localize and translate-toolkit against GNU msgcat, side by side.

Generates N strings (``--strings``, seeded) in categories covering Unicode — news English,
Cyrillic, CJK, Thai, Arabic/Hebrew, emoji sequences, fullwidth punctuation, combining marks,
URLs and paths, escapes, c-format and python-brace-format strings, random code points from all
planes, words longer than a line — builds one UTF-8 catalog (each string a msgid, its msgstr the
same or another string of its category) and lets ``msgcat -o out.po in.po`` print it: the oracle.
``in.po`` is written unwrapped by this script, so no writer under test shapes msgcat's input.
Then, per entry and per category, counts how many entries are byte-identical to msgcat's:

- localize: ``localize.catalog.dumps`` of the polib catalog;
- tt built: translate-toolkit's writer (``translate.storage.pypo``), the catalog built unit by
  unit as a translate-toolkit user builds one (its wrapping is ``gettext_wrap`` at width 77);
- tt round-trip: ``pypo.pofile`` parsing msgcat's output and serialising it (it keeps the lines
  it read, so this measures fidelity, not wrapping);
- gettext_wrap: ``unicode_segmentation_rs.gettext_wrap(escaped msgid, 77)`` alone, its lines
  against the lines msgcat prints for that msgid (without msgcat's leading ``""`` line).

Random code points are any but NUL, EOT (gettext's context separator) and surrogates.
For each tool and category up to two differing entries are shown: the entry's msgid (repr,
shortened) and the first line where the tool's output and msgcat's part.

Then times, best of ``--repeat``, for writing the same catalog, as ratios to the msgcat process,
which is what to read (the machine is shared and noisy): msgcat reading and writing it (and on
the header alone, its start-up); localize ``dumps``; translate-toolkit building its units and
serialising (it wraps when a unit's source and target are set) and ``bytes(store)`` alone; and
``gettext_wrap`` over every msgid and msgstr, escaped beforehand.
With ``--per-script N``, also one catalog of N entries per script (Latin, Hindi with vowel
signs, pointed Hebrew, CJK): localize's ``dumps`` against msgcat reading and writing it.
Run: .venv/bin/python bench/wrap.py                  (5,000 strings, well under a minute)
     .venv/bin/python bench/wrap.py --strings 20000 --seed 7
     .venv/bin/python bench/wrap.py --per-script 20000
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

WORDS = (
    "Kremlin Peskov Kyiv Odessa grain ship talks convoy mayor bridge said would resume reached "
    "closed confirmed army minister officials report election sanctions Moscow Washington "
    "missile treaty spokesman president government parliament court police protest village "
    "region border ceasefire aid refugees energy gas oil prices bank the a of in on with and "
    "that after before during"
).split()
PUNCT = [",", ".", ";", ":", "!", "?", " -", " (", ")", "'s", ' "', '"']


def _pick(r: random.Random, ranges: list[tuple[int, int]]) -> str:
    lo, hi = r.choice(ranges)
    return chr(r.randint(lo, hi))


def _words(r: random.Random, word: Callable[[], str], sep: str = " ") -> str:
    """Words joined by ``sep`` up to a length between a few characters and four lines."""
    target = r.choice([r.randint(5, 70), r.randint(60, 90), r.randint(80, 320)])
    out: list[str] = []
    length = 0
    while length < target:
        w = word()
        out.append(w)
        length += len(w) + len(sep)
    return sep.join(out)


def ascii_news(r: random.Random) -> str:
    def word() -> str:
        w = r.choice(WORDS)
        if r.random() < 0.1:
            w = f"{r.randint(1, 99_999):,}"
        return w + (r.choice(PUNCT) if r.random() < 0.15 else "")

    return _words(r, word).capitalize() + "."


def cyrillic(r: random.Random) -> str:
    def word() -> str:
        w = "".join(chr(r.randint(0x430, 0x44F)) for _ in range(r.randint(1, 12)))
        if r.random() < 0.1:
            w = chr(r.randint(0x410, 0x42F)) + w
        return w + (r.choice([",", ".", "»", " —", ":"]) if r.random() < 0.15 else "")

    return _words(r, word)


CJK = [(0x4E00, 0x9FFF), (0x3041, 0x3096), (0x30A1, 0x30FA), (0xAC00, 0xD7A3), (0x3400, 0x4DBF)]


def cjk(r: random.Random) -> str:
    def word() -> str:
        w = "".join(_pick(r, CJK) for _ in range(r.randint(1, 20)))
        if r.random() < 0.2:
            w += r.choice("、。「」『』（）・！？")
        if r.random() < 0.1:
            w += " " + r.choice(WORDS) + " "
        return w

    return _words(r, word, sep=r.choice(["", "", " "]))


THAI_CONSONANTS = [(0x0E01, 0x0E2E)]
THAI_MARKS = [0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)]
THAI_VOWELS = [(0x0E30, 0x0E30), (0x0E32, 0x0E33), (0x0E40, 0x0E44)]


def thai(r: random.Random) -> str:
    def word() -> str:
        out = []
        for _ in range(r.randint(2, 40)):
            out.append(_pick(r, THAI_CONSONANTS))
            if r.random() < 0.4:
                out.append(chr(r.choice(THAI_MARKS)))
            if r.random() < 0.2:
                out.append(_pick(r, THAI_VOWELS))
        return "".join(out)

    return _words(r, word)


RTL = [(0x0621, 0x064A), (0x05D0, 0x05EA)]


def rtl(r: random.Random) -> str:
    block = r.choice(RTL)

    def word() -> str:
        out = []
        for _ in range(r.randint(1, 10)):
            out.append(chr(r.randint(*block)))
            if block[0] == 0x0621 and r.random() < 0.3:
                out.append(chr(r.randint(0x064B, 0x0652)))
            if block[0] == 0x05D0 and r.random() < 0.2:
                out.append(chr(r.randint(0x05B0, 0x05BC)))
        w = "".join(out)
        if r.random() < 0.1:
            w += r.choice(["،", "؟", "׃", ".", ","])
        if r.random() < 0.05:
            w = f"{r.randint(1, 9999)} {w}"
        return w

    return _words(r, word)


EMOJI = [
    (0x1F300, 0x1F5FF),
    (0x1F600, 0x1F64F),
    (0x1F680, 0x1F6FF),
    (0x1F900, 0x1F9FF),
    (0x2600, 0x26FF),
    (0x2700, 0x27BF),
]
SKIN = (0x1F3FB, 0x1F3FF)
ZWJ_SEQUENCES = [
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\U0001f3f3\ufe0f\u200d\U0001f308",
    "\U0001f469\u200d\U0001f4bb",
    "\U0001f9d1\U0001f3fd\u200d\U0001f692",
    "\u2764\ufe0f\u200d\U0001f525",
]


def emoji(r: random.Random) -> str:
    def one() -> str:
        k = r.random()
        if k < 0.4:
            return _pick(r, EMOJI) + (chr(0xFE0F) if r.random() < 0.2 else "")
        if k < 0.6:
            base = r.choice([0x1F44D, 0x1F44B, 0x1F9D1, 0x1F476, 0x270B])
            return chr(base) + chr(r.randint(*SKIN))
        if k < 0.8:
            return r.choice(ZWJ_SEQUENCES)
        return chr(0x1F1E6 + r.randrange(26)) + chr(0x1F1E6 + r.randrange(26))

    def word() -> str:
        if r.random() < 0.5:
            return r.choice(WORDS)
        return "".join(one() for _ in range(r.randint(1, 6)))

    return _words(r, word)


def fullwidth(r: random.Random) -> str:
    def word() -> str:
        if r.random() < 0.3:
            return r.choice(WORDS)
        return "".join(
            _pick(r, [(0xFF01, 0xFF5E), (0x3001, 0x3003), (0x4E00, 0x4FFF), (0xFF61, 0xFF9F)])
            for _ in range(r.randint(1, 15))
        )

    return _words(r, word, sep=r.choice(["", " "]))


BASES = [(0x61, 0x7A), (0x430, 0x44F), (0x3B1, 0x3C9), (0x915, 0x939)]
MARKS = [(0x300, 0x36F), (0x1AB0, 0x1ABE), (0x20D0, 0x20F0), (0x93E, 0x94D), (0xFE20, 0xFE2F)]


def combining(r: random.Random) -> str:
    def word() -> str:
        out = []
        for _ in range(r.randint(1, 12)):
            out.append(_pick(r, BASES))
            for _ in range(r.choice([0, 0, 1, 1, 2, 3])):
                out.append(_pick(r, MARKS))
        return "".join(out)

    return _words(r, word)


def urls(r: random.Random) -> str:
    def part() -> str:
        return r.choice(WORDS).lower() + (str(r.randint(0, 999)) if r.random() < 0.3 else "")

    def word() -> str:
        k = r.random()
        if k < 0.25:
            path = "/".join(part() for _ in range(r.randint(1, 8)))
            return f"https://www.{part()}.example.org/{path}?id={r.randint(1, 10**6)}&q={part()}"
        if k < 0.45:
            return (
                "/"
                + "/".join(part() for _ in range(r.randint(1, 10)))
                + r.choice([".po", ".txt", "/", ""])
            )
        if k < 0.65:
            return "-".join(part() for _ in range(r.randint(2, 6)))
        if k < 0.75:
            return "/".join(part() for _ in range(r.randint(2, 4)))
        if k < 0.8:
            return "C:\\" + "\\".join(part() for _ in range(r.randint(1, 5)))
        return part()

    return _words(r, word)


def escapes(r: random.Random) -> str:
    def word() -> str:
        w = r.choice(WORDS)
        k = r.random()
        if k < 0.1:
            return f'"{w}"'
        if k < 0.2:
            return w + "\\" + r.choice(WORDS)
        if k < 0.3:
            return w + "\n"
        if k < 0.37:
            return w + "\t"
        if k < 0.4:
            return w + "\r\n"
        return w

    s = _words(r, word)
    return s + "\n" if r.random() < 0.3 else s


def c_format(r: random.Random) -> str:
    def word() -> str:
        if r.random() < 0.25:
            return r.choice(
                [
                    "%s",
                    "%d",
                    "%5.2f",
                    "%1$s",
                    "%2$d",
                    "%%",
                    "%-10s",
                    "%lu",
                    "%.*s",
                    "%08x",
                    "(%s)",
                    "%s/%s",
                    "%zu%%",
                ]
            )
        return r.choice(WORDS)

    return _words(r, word)


def python_brace(r: random.Random) -> str:
    def word() -> str:
        if r.random() < 0.25:
            return r.choice(
                [
                    "{name}",
                    "{0}",
                    "{count:>5}",
                    "{price:,.2f}",
                    "{{literal}}",
                    "({city})",
                    "{user.name}",
                    "{items[0]}",
                    "{0!r}",
                ]
            )
        return r.choice(WORDS)

    return _words(r, word)


def random_planes(r: random.Random) -> str:
    def ch() -> str:
        if r.random() < 0.12:
            return " "
        while True:
            c = r.choice([r.randint(1, 0x2FFF), r.randint(1, 0xFFFF), r.randint(1, 0x10FFFF)])
            # gettext refuses EOT (its msgctxt separator) in a string; surrogates are not text
            if c != 4 and unicodedata.category(chr(c)) != "Cs":
                return chr(c)

    return "".join(ch() for _ in range(r.choice([r.randint(1, 60), r.randint(60, 300)])))


def long_words(r: random.Random) -> str:
    def word() -> str:
        if r.random() < 0.5:
            return r.choice(WORDS)
        pool = r.choice([[(0x61, 0x7A)], [(0x430, 0x44F)], CJK[:1], [(0x61, 0x7A), (0x2D, 0x2F)]])
        return "".join(_pick(r, pool) for _ in range(r.randint(70, 200)))

    return _words(r, word)


CATEGORIES: dict[str, Callable[[random.Random], str]] = {
    "ascii news": ascii_news,
    "cyrillic": cyrillic,
    "cjk (wide)": cjk,
    "thai": thai,
    "arabic/hebrew": rtl,
    "emoji": emoji,
    "fullwidth": fullwidth,
    "combining": combining,
    "urls/paths": urls,
    "escapes": escapes,
    "c-format": c_format,
    "python-brace": python_brace,
    "random planes": random_planes,
    "long words": long_words,
}
FLAGS = {"c-format": "c-format", "python-brace": "python-brace-format"}
HEADER = (
    "Project-Id-Version: bench\nLanguage: xx\nMIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n"
)


def generate(n: int, seed: int) -> list[tuple[str, str, str]]:
    """(category, msgid, msgstr) for n unique msgids, the categories in turn."""
    r = random.Random(seed)
    seen: set[str] = set()
    out: list[tuple[str, str, str]] = []
    names = list(CATEGORIES)
    while len(out) < n:
        cat = names[len(out) % len(names)]
        msgid = CATEGORIES[cat](r)
        if msgid in seen or not msgid:
            continue
        seen.add(msgid)
        msgstr = msgid if r.random() < 0.3 else CATEGORIES[cat](r)
        out.append((cat, msgid, msgstr))
    return out


def q(s: str) -> str:
    """One unwrapped PO string."""
    for a, b in (
        ("\\", "\\\\"),
        ('"', '\\"'),
        ("\n", "\\n"),
        ("\t", "\\t"),
        ("\r", "\\r"),
        ("\a", "\\a"),
        ("\b", "\\b"),
        ("\f", "\\f"),
        ("\v", "\\v"),
    ):
        s = s.replace(a, b)
    return '"' + s + '"'


def unwrapped(items: list[tuple[str, str, str]]) -> str:
    parts = ['msgid ""\nmsgstr ' + q(HEADER) + "\n"]
    for cat, msgid, msgstr in items:
        flag = f"#, {FLAGS[cat]}\n" if cat in FLAGS else ""
        parts.append(f"{flag}msgid {q(msgid)}\nmsgstr {q(msgstr)}\n")
    return "\n".join(parts)


def entries(text: str) -> list[str]:
    """The entries after the header, each with its trailing newline."""
    return [e + "\n" for e in text.rstrip("\n").split("\n\n")][1:]


def msgid_lines(entry: str) -> list[str]:
    """The quoted contents of an entry's msgid lines, without a leading empty line."""
    lines: list[str] = []
    inside = False
    for line in entry.split("\n"):
        if line.startswith("msgid "):
            inside, line = True, line[6:]
        elif not line.startswith('"'):
            inside = False
        if inside:
            lines.append(line[1:-1])
    return lines[1:] if len(lines) > 1 and lines[0] == "" else lines


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def short(s: str, n: int = 70) -> str:
    r = repr(s)
    return r if len(r) <= n else r[: n - 3] + "..."


def first_difference(ours: str, theirs: str) -> tuple[str, str]:
    """The first line where two outputs part, from a little before their first different char."""
    a, b = ours.split("\n"), theirs.split("\n")
    for x, y in zip(a, b, strict=False):
        if x != y:
            same = [i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q]
            k = same[0] if same else min(len(x), len(y))
            if k > 20:
                x, y = "..." + x[k - 12 :], "..." + y[k - 12 :]
            return x, y
    return ("\n".join(a[len(b) :]), "") if len(a) > len(b) else ("", "\n".join(b[len(a) :]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--strings", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--repeat", type=int, default=3, help="timing runs; the best is shown")
    ap.add_argument(
        "--per-script",
        type=int,
        default=0,
        metavar="N",
        help="also time N entries of each of latin, hindi, hebrew, cjk against msgcat",
    )
    args = ap.parse_args()

    import polib
    from translate.storage import pypo
    from unicode_segmentation_rs import gettext_wrap

    from localize.catalog import dumps

    items = generate(args.strings, args.seed)
    cats = [c for c, _, _ in items]

    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.po", Path(tmp) / "out.po"
        src.write_text(unwrapped(items), encoding="utf-8")

        def run_msgcat() -> None:
            done = subprocess.run(
                ["msgcat", "-o", str(dst), str(src)], capture_output=True, text=True
            )
            if done.returncode:
                sys.exit(done.stderr)
            warnings.append(done.stderr.count("warning:"))

        warnings: list[int] = []

        t_msgcat = best(run_msgcat, args.repeat)
        oracle_text = dst.read_text(encoding="utf-8")
        src.write_text(unwrapped([]), encoding="utf-8")
        t_start = best(run_msgcat, args.repeat)
    oracle = entries(oracle_text)
    if len(oracle) != len(items):
        sys.exit(f"msgcat printed {len(oracle)} entries for {len(items)}")

    # localize
    po = polib.POFile()
    po.metadata = dict(line.split(": ", 1) for line in HEADER.strip().split("\n"))
    for cat, msgid, msgstr in items:
        po.append(
            polib.POEntry(msgid=msgid, msgstr=msgstr, flags=[FLAGS[cat]] if cat in FLAGS else [])
        )
    results: dict[str, list[str | None]] = {}
    try:
        from localize.catalog.write import _wrapped

        def cold_dumps() -> str:
            _wrapped.cache_clear()  # the writer memoizes strings; time it without that help
            return dumps(po)

        t_localize: float | None = best(cold_dumps, args.repeat)
        results["localize"] = entries(dumps(po))
    except Exception as e:  # a writer that fails on some string: find which, per entry
        print(f"localize dumps failed on the whole catalog: {type(e).__name__}: {e}")
        t_localize = None
        per: list[str | None] = []
        for entry in po:
            one = polib.POFile()
            one.metadata = po.metadata
            one.append(entry)
            try:
                per.append(entries(dumps(one))[0])
            except Exception:
                per.append(None)
        results["localize"] = per

    # translate-toolkit, built unit by unit (it wraps when a unit's source and target are set)
    def tt_build() -> tuple[pypo.pofile, list[pypo.pounit]]:
        store = pypo.pofile()
        store.updateheader(add=True, Language="xx")
        units = []
        for cat, msgid, msgstr in items:
            unit = store.UnitClass(msgid)
            store.addunit(unit)
            unit.target = msgstr
            if cat in FLAGS:
                unit.settypecomment(FLAGS[cat])
            units.append(unit)
        return store, units

    t_tt = best(lambda: bytes(tt_build()[0]), args.repeat)
    store, units = tt_build()
    t_tt_bytes = best(lambda: bytes(store), args.repeat)
    results["tt built"] = [str(u) for u in units]

    # translate-toolkit, msgcat's output parsed and written back
    parsed = pypo.pofile.parsestring(oracle_text.encode("utf-8"))
    t_tt_parsed = best(lambda: bytes(parsed), args.repeat)
    results["tt round-trip"] = entries(bytes(parsed).decode("utf-8"))

    # bare gettext_wrap on the escaped msgid, against msgcat's msgid lines
    escaped = [pypo.escapeforpo(s) for _, a, b in items for s in (a, b)]
    t_wrap = best(lambda: [gettext_wrap(s, 77) for s in escaped], args.repeat)
    wrapped = ["\n".join(gettext_wrap(escaped[2 * i], 77)) for i in range(len(items))]
    results["gettext_wrap"] = wrapped
    oracles = {name: oracle for name in results}
    oracles["gettext_wrap"] = ["\n".join(msgid_lines(e)) for e in oracle]

    # agreement table
    names = list(results)
    print(
        f"{len(items):,} strings, seed {args.seed} (msgcat warned {warnings[0]} times, about "
        "escapes such as \\r); entries byte-identical to msgcat 0.21's:"
    )
    head = f"{'category':<15}{'n':>6}" + "".join(f"{n:>15}" for n in names)
    print(head)
    print("-" * len(head))
    totals = dict.fromkeys(names, 0)
    examples: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
    for cat in CATEGORIES:
        idx = [i for i, c in enumerate(cats) if c == cat]
        row = f"{cat:<15}{len(idx):>6}"
        for name in names:
            ok = 0
            for i in idx:
                got = results[name][i]
                if got == oracles[name][i]:
                    ok += 1
                else:
                    ex = examples.setdefault((name, cat), [])
                    if len(ex) < 2:
                        ex.append((i, "<raised>" if got is None else got, oracles[name][i]))
            totals[name] += ok
            row += f"{ok:>9} {100 * ok / len(idx):>4.0f}%"
        print(row)
    print("-" * len(head))
    print(
        f"{'all':<15}{len(items):>6}"
        + "".join(f"{totals[n]:>9} {100 * totals[n] / len(items):>4.0f}%" for n in names)
    )

    print(
        "\nExamples of differences (an entry's msgid, then the first line where the tool's "
        "output and msgcat's part):"
    )
    for name in names:
        shown = [(cat, ex) for (n, cat), ex in examples.items() if n == name]
        if not shown:
            continue
        print(f"[{name}]")
        for cat, ex in shown:
            for i, got, want in ex:
                mine, theirs = first_difference(got, want)
                print(f"  {cat}: entry msgid {short(items[i][1])}")
                print(f"      {name:<13} {short(mine, 90)}")
                print(f"      {'msgcat':<13} {short(theirs, 90)}")

    print(f"\nWriting the catalog, best of {args.repeat} (ratio to the msgcat process):")
    rows = [
        ("msgcat process (read+write)", t_msgcat),
        ("  msgcat on the header alone", t_start),
        ("localize dumps", t_localize),
        ("tt build units + serialise", t_tt),
        ("  of which bytes(store)", t_tt_bytes),
        ("tt bytes(msgcat output parsed)", t_tt_parsed),
        ("gettext_wrap, escaped strings", t_wrap),
    ]
    for label, t in rows:
        if t is None:
            print(f"  {label:<33} failed")
        else:
            print(f"  {label:<33}{1000 * t:>9.1f} ms  {t / t_msgcat:>6.2f}x")
    if t_localize:
        print(f"  tt build+serialise / localize dumps: {t_tt / t_localize:.2f}x")
    if args.per_script:
        per_script(args.per_script, args.seed)
    return 0


SCRIPTS = {  # letters, and the combining marks that follow half of them
    "latin": ((0x61, 0x7A), None),
    "hindi": ((0x915, 0x939), (0x93E, 0x94C)),
    "hebrew": ((0x5D0, 0x5EA), (0x5B0, 0x5BC)),
    "cjk": ((0x4E00, 0x9FA5), None),
}


def per_script(n: int, seed: int) -> None:
    """One catalog of n entries per script, news-sized sentences: localize's cold dumps against
    msgcat reading and writing it, and whether the files are identical."""
    import polib

    from localize.catalog import dumps
    from localize.catalog.write import _wrapped

    r = random.Random(seed)
    print(f"\n{n:,} entries of one script (msgid = msgstr), localize dumps vs the msgcat process:")
    for name, (letters, marks) in SCRIPTS.items():

        def word(letters=letters, marks=marks) -> str:
            chars = [chr(r.randint(*letters)) for _ in range(r.randint(2, 7))]
            if marks:
                chars = [c + (chr(r.randint(*marks)) if r.random() < 0.5 else "") for c in chars]
            return "".join(chars)

        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        for i in range(n):
            text = " ".join(word() for _ in range(r.randint(8, 30))) + f" {i}."
            po.append(polib.POEntry(msgid=text, msgstr=text))
        _wrapped.cache_clear()
        t = time.perf_counter()
        ours = dumps(po)
        t_ours = time.perf_counter() - t
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "s.po"
            path.write_text(ours, encoding="utf-8")
            t = time.perf_counter()
            done = subprocess.run(["msgcat", str(path)], capture_output=True, text=True)
            t_msgcat = time.perf_counter() - t
        print(
            f"  {name:8} {t_ours:6.2f} s vs {t_msgcat:6.2f} s  {t_ours / t_msgcat:5.2f}x  "
            f"identical: {done.stdout == ours}"
        )


if __name__ == "__main__":
    sys.exit(main())
