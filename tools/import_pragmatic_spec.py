"""Turn pragmatic_segmenter's English RSpec file into the JSON case list bench/ and tests read.

Usage:
    python tools/import_pragmatic_spec.py english_spec.rb \\
        > tests/data/segment/pragmatic_segmenter_en.json

The spec is Ruby; its cases are `it "name" do … Segmenter.new(text: …) … expect(ps.segment).to
eq([…]) end` with double- or single-quoted literals and two `<<-EOF` heredocs. A small reader of
exactly those shapes is enough: anything else stops the script with the line it could not read.
"""

from __future__ import annotations

import json
import re
import sys

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\", "'": "'", "s": " ", "0": "\0"}


def _literal(src: str, pos: int) -> tuple[str, int]:
    """The Ruby string literal starting at ``src[pos]`` and the index after it."""
    quote = src[pos]
    out = []
    i = pos + 1
    while src[i] != quote:
        c = src[i]
        if c == "\\":
            nxt = src[i + 1]
            if quote == "'":
                out.append(nxt if nxt in "'\\" else "\\" + nxt)
            elif nxt == "u":
                out.append(chr(int(src[i + 2 : i + 6], 16)))
                i += 4
            else:
                out.append(_ESCAPES[nxt])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out), i + 1


def parse(src: str) -> list[dict[str, object]]:
    cases = []
    group = ""
    for m in re.finditer(r"^\s*(context|describe) ['\"](.+?)['\"] do|^\s*it (['\"])", src, re.M):
        if m.group(1):
            group = m.group(2)
            continue
        name, after = _literal(src, m.start(3))
        end = src.index("\n    end\n", after)
        block = src[after:end]
        line = src.count("\n", 0, m.start()) + 1
        variables: dict[str, str] = {}
        for v in re.finditer(r"(\w+) = <<-EOF\n(.*?)\n\s*EOF\n", block, re.S):
            variables[v.group(1)] = v.group(2) + "\n"  # <<-EOF keeps the indentation
        for v in re.finditer(r"(\w+) = ([\"'])", block):
            variables[v.group(1)] = _literal(block, v.start(2))[0]
        new = re.search(r"Segmenter\.new\(text: ", block)
        exp = re.search(r"\.segment\)\.to eq\(\[", block)
        if not new or not exp:
            raise SystemExit(f"line {line}: no Segmenter.new(text: …) / eq([…]) in {name!r}")
        k = new.end()
        if block[k] in "\"'":
            text, k = _literal(block, k)
        else:
            var = re.match(r"\w+", block[k:]).group(0)
            text = variables[var]
            k += len(var)
        options = dict(re.findall(r"(\w+): ['\"]?(\w+)['\"]?", block[k : block.index(")", k)]))
        expected = []
        k = exp.end()
        while True:
            while block[k] in " ,\n":
                k += 1
            if block[k] == "]":
                break
            s, k = _literal(block, k)
            expected.append(s)
        cases.append(
            {
                "group": group,
                "name": name,
                "line": line,
                "text": text,
                "expected": expected,
                "doc_type": options.get("doc_type"),
                "clean": options.get("clean") != "false",
                # the Ruby cleaner rewrote the text: no lossless segmenter can give it
                "rewritten": not all(s.strip() in text for s in expected),
            }
        )
    return cases


def main() -> None:
    src = open(sys.argv[1], encoding="utf-8").read()
    cases = parse(src)
    doc = {
        "source": "diasks2/pragmatic_segmenter, spec/pragmatic_segmenter/languages/english_spec.rb",
        "license": "MIT License, Copyright (c) 2015 Kevin S. Dias",
        "cases": cases,
    }
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
