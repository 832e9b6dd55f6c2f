"""Glossary terms in the case their sentence needs, Russian and Ukrainian, on the neural path.

Usage: python bench/glossary_case.py [--lang ru uk] [--save FILE]
Builds, with localize.testing, two real word-by-word Argos packages per language from
bench/data/glossary-case-words.tsv (the glossary's terms written wrongly, as an engine that does
not know them writes them): one keeps the placeholders, one drops them (``XTM0`` becomes a
pronoun), so the sentence is repaired. Translates bench/data/glossary-case.tsv (one sentence a
line, the form each term occurrence needs) with glossaries/news.csv and counts the occurrences
written in that form: the raw engine (no glossary), today's enforcement (recorded in
bench/data/glossary-case-before.json, measured before terms took the sentence's case) and now,
on both paths, with the nominative contexts that were right before and are wrong now.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import zipfile
from pathlib import Path

from localize.engine.argos import ArgosEngine
from localize.glossary import enforce, find_terms, load_glossaries
from localize.glossary.terms import term_key
from localize.testing import build_argos_package

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
BEFORE = DATA / "glossary-case-before.json"
LANGS = ("ru", "uk")
LOST = {"ru": "это", "uk": "це"}  # what the dropping model writes for a placeholder


def _rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def load_set() -> list[tuple[str, dict[str, list[str]]]]:
    """(English sentence, {lang: forms of its term occurrences in order})."""
    return [
        (en, {lang: col.split(";") for lang, col in zip(LANGS, cols, strict=True)})
        for en, *cols in _rows(DATA / "glossary-case.tsv")
    ]


def words(lang: str) -> dict[str, str]:
    column = 1 + LANGS.index(lang)
    return {row[0]: row[column] for row in _rows(DATA / "glossary-case-words.tsv")}


def engine(folder: Path, lang: str, dictionary: dict[str, str]) -> ArgosEngine:
    folder.mkdir(parents=True)
    archive = build_argos_package(folder, "en", lang, dictionary)
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(folder)
    return ArgosEngine(folder / archive.stem)


def score(glossary, items, outputs: list[str], lang: str) -> list[bool]:
    """For each annotated occurrence, whether the output writes the term in that form: the
    k-th occurrence of a term in the source against the k-th in the output."""
    right = []
    for (en, wanted), out in zip(items, outputs, strict=True):
        found: dict[object, list[str]] = {}
        for m in find_terms(glossary, out, lang=lang):
            found.setdefault(m.term, []).append(m.text)
        seen: dict[object, int] = {}
        matches = find_terms(glossary, en)
        if len(matches) != len(wanted[lang]):
            raise SystemExit(f"{en!r}: {len(matches)} terms, {len(wanted[lang])} forms annotated")
        for m, form in zip(matches, wanted[lang], strict=True):
            k = seen.get(m.term, 0)
            seen[m.term] = k + 1
            got = found.get(m.term, [])
            right.append(k < len(got) and term_key(got[k], False) == term_key(form, False))
    return right


def nominative(glossary, items, lang: str) -> list[bool]:
    """Whether each occurrence's annotated form is its term's preferred (nominative) form."""
    out = []
    for en, wanted in items:
        for m, form in zip(find_terms(glossary, en), wanted[lang], strict=True):
            out.append(term_key(form, False) == term_key(m.term.forms(lang)[0], False))
    return out


def run(lang: str, glossary, items, tmp: Path, show: bool = False) -> dict[str, list[bool]]:
    table = words(lang)
    keep = engine(tmp / f"{lang}-keep", lang, table)
    drop = engine(
        tmp / f"{lang}-drop", lang, {**table, **{f"XTM{i}": LOST[lang] for i in range(10)}}
    )
    texts = [en for en, _ in items]
    raw = [t.text for t in keep.translate(texts)]
    results = {"raw": score(glossary, items, raw, lang)}
    for name, eng in (("keeps placeholders", keep), ("drops placeholders", drop)):
        done = enforce(texts, eng.translate, glossary, lang)
        outs = [t for t, _ in done]
        results[name] = score(glossary, items, outs, lang)
        if show:  # the sentences with an occurrence in the wrong case
            flags = iter(results[name])
            for (en, wanted), (out, lines) in zip(items, done, strict=True):
                ok = [next(flags) for _ in wanted[lang]]
                if not all(ok):
                    print(f"{lang} {name}: {en}\n  want {wanted[lang]}\n  got  {out} {lines}")
    return results


def _pct(flags: list[bool]) -> str:
    return f"{sum(flags)}/{len(flags)} ({100 * sum(flags) / len(flags):.1f} %)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="+", default=list(LANGS), choices=LANGS)
    parser.add_argument("--save", type=Path, help="write the per-occurrence results as JSON")
    parser.add_argument("--show", action="store_true", help="print the sentences still wrong")
    args = parser.parse_args()
    glossary = load_glossaries([ROOT / "glossaries" / "news.csv"])
    items = load_set()
    before = json.loads(BEFORE.read_text(encoding="utf-8")) if BEFORE.exists() else {}
    saved = {}
    with tempfile.TemporaryDirectory() as tmp:
        for lang in args.lang:
            results = run(lang, glossary, items, Path(tmp), args.show)
            saved[lang] = results
            nom = nominative(glossary, items, lang)
            print(
                f"{lang}: {len(nom)} term occurrences, {len(nom) - sum(nom)} need an oblique case"
            )
            print("| path | raw engine | today | now | nominative made worse |")
            print("|---|---|---|---|---|")
            for path in ("keeps placeholders", "drops placeholders"):
                now = results[path]
                old = before.get(lang, {}).get(path)
                worse = (
                    sum(1 for n, o, w in zip(nom, old, now, strict=True) if n and o and not w)
                    if old
                    else "-"
                )
                today = _pct(old) if old else "-"
                print(f"| {path} | {_pct(results['raw'])} | {today} | {_pct(now)} | {worse} |")
            print()
    if args.save:
        args.save.write_text(json.dumps(saved), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
