"""Glossary enforcement on a rule-based engine: what the fix costs the rest of the sentence.

Usage: python bench/glossary_collateral.py [--lang es] [ARTICLE ...]
Needs Apertium with the en-es pair (apt-get install apertium apertium-eng-spa). Translates the
sample article and bench/data/glossary-stress.txt three ways with the same engine: raw (no
glossary), placeholders (every term protected, the method for neural models) and in place (the
sentence translated untouched, the engine's rendering of each wrong term replaced). Prints, side by
side, the term occurrences right, the entries changed against raw, and the collateral damage:
tokens changed outside term spans against the raw output, on the sentences whose terms were
already right and on the others. A term span is an accepted form in the output, or in the raw
output the engine's rendering of a term (the term or its words translated alone) with the article
or contraction it wrote before it.
"""

from __future__ import annotations

import argparse
import re
import sys
from difflib import SequenceMatcher
from pathlib import Path

from localize.engine.apertium import ApertiumEngine, apertium_available
from localize.formats import read_article
from localize.glossary import enforce, find_terms, load_glossaries, verify
from localize.glossary.inplace import _ARTICLES, renderings_wanted
from localize.glossary.terms import phrase_regex

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [
    ROOT / "examples" / "russia-wont-discuss-crimea.txt",
    ROOT / "bench" / "data" / "glossary-stress.txt",
]
_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().casefold()) for m in _TOKEN.finditer(text)]


def _spans(text: str, phrases: list[str]) -> list[tuple[int, int]]:
    out = []
    for p in phrases:
        if p.strip():
            out += [m.span() for m in re.finditer(rf"(?<!\w){phrase_regex(p)}(?!\w)", text, re.I)]
    return out


def _inside(tok: tuple[int, int, str], spans: list[tuple[int, int]]) -> bool:
    return any(s <= tok[0] and tok[1] <= e for s, e in spans)


def collateral(raw: str, new: str, raw_terms: list[str], new_terms: list[str], lang: str) -> int:
    """Tokens changed between ``raw`` and ``new`` that are in no term span of either side."""
    a, b = _tokens(raw), _tokens(new)
    a_spans, b_spans = _spans(raw, raw_terms), _spans(new, new_terms)
    articles = _ARTICLES.get(lang, (frozenset(), {}))
    small = set(articles[0]) | set(articles[1])
    count = 0
    ops = SequenceMatcher(None, [t[2] for t in a], [t[2] for t in b], autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            continue
        for k in range(i1, i2):
            near_term = any(_inside(a[m], a_spans) for m in range(k, min(k + 2, len(a))))
            if not _inside(a[k], a_spans) and not (a[k][2] in small and near_term):
                count += 1
        count += sum(1 for k in range(j1, j2) if not _inside(b[k], b_spans))
    return count


def damage(
    texts: list[str],
    raw: list[str],
    out: list[str],
    ids: list[int],
    glossary,
    rendering: dict[str, str],
    lang: str,
) -> tuple[int, int]:
    """Collateral tokens over the sentences ``ids``, and how many sentences have any."""
    tokens = sentences = 0
    for i in ids:
        ms = find_terms(glossary, texts[i])
        raw_terms = [rendering.get(x, "") for m in ms for x in [m.text, *m.text.split()]]
        raw_terms += [m.text for m in ms]
        new_terms = [f for m in ms for f in m.term.forms(lang)]
        n = collateral(raw[i], out[i], raw_terms, new_terms, lang)
        tokens += n
        sentences += n > 0
    return tokens, sentences


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--lang", default="es")
    args = parser.parse_args()
    if not apertium_available("en", args.lang):
        print(f"apertium en-{args.lang} is not installed", file=sys.stderr)
        return 2
    glossary = load_glossaries([ROOT / "glossaries" / "news.csv"])
    engine = ApertiumEngine("en", args.lang)
    texts: list[str] = []
    for path in args.articles:
        texts += list(dict.fromkeys(s.text for s in read_article(path).segments))
    raw = [t.text for t in engine.translate(texts)]
    runs = {
        "placeholders": [t for t, _ in enforce(texts, engine.translate, glossary, args.lang)],
        "in place": [
            t for t, _ in enforce(texts, engine.translate, glossary, args.lang, compositional=True)
        ],
    }
    # what the engine writes for each term of a sentence: the term and its words alone
    wanted = sorted(
        {
            w
            for s in texts
            for w in renderings_wanted(s, [m.term for m in find_terms(glossary, s)], glossary)
        }
    )
    rendering = {w: t.text for w, t in zip(wanted, engine.translate(wanted), strict=True)}
    total = sum(1 for s in texts for m in find_terms(glossary, s) if m.term.forms(args.lang))

    def right(source: str, target: str) -> int:
        need = sum(1 for m in find_terms(glossary, source) if m.term.forms(args.lang))
        return need - sum(
            v.in_source - v.in_target for v in verify(source, target, glossary, args.lang)
        )

    clean = [i for i in range(len(texts)) if not verify(texts[i], raw[i], glossary, args.lang)]
    dirty = [i for i in range(len(texts)) if i not in set(clean)]
    print(
        f"en-{args.lang} apertium: {len(texts)} sentences ({len(clean)} with every term right "
        f"raw, {len(dirty)} not), {total} term occurrences"
    )
    head = ("", "terms right", "changed", "collateral (right raw)", "collateral (repaired)")
    rows = [head, ("raw", f"{sum(map(right, texts, raw))}/{total}", "-", "-", "-")]
    for name, out in runs.items():
        c_tok, c_sent = damage(texts, raw, out, clean, glossary, rendering, args.lang)
        d_tok, d_sent = damage(texts, raw, out, dirty, glossary, rendering, args.lang)
        changed = sum(a != b for a, b in zip(raw, out, strict=True))
        rows.append(
            (
                name,
                f"{sum(map(right, texts, out))}/{total}",
                str(changed),
                f"{c_tok} tokens in {c_sent} sentences",
                f"{d_tok} tokens in {d_sent} sentences",
            )
        )
    for row in rows:
        print(f"{row[0]:13} {row[1]:>11} {row[2]:>8}  {row[3]:>24}  {row[4]:>24}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
