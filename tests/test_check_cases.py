"""Every check code on data: ``tests/data/checks/<code>/<case>.po``, one quirk a file, the
findings expected written in the file itself.

A translator comment ``# expect: <code> <message>`` on an entry: that finding at the entry's
own msgstr line (where an editor fixes it). ``# expect: <code> [<text>] <message>``: at the
first line after the comment that holds ``<text>`` (a header field, the wrapped msgstr line
with the wrong word, where a malformed string starts); ``[line 1]``: at the file's first line
(a finding about the whole catalog); ``[no line]``: a finding without a line. A file with no
``expect`` comment must pass its check.

Directives, as translator comments of the header entry: ``# lang: <code>`` (the locale the
catalog is checked as; else its Language), ``# article: <sentence>`` (one a line: the sentences
of its article), ``# article-name: <name>`` (the article's file name, when it is not the
catalog's), ``# locales: <codes>`` and ``# min-confidence: <n>`` (the project's).
Beside a case, ``<case>.pot`` is its template; ``glossary.csv`` is every case's glossary.

Most codes are checked with ``check_catalog`` on the file; the project's codes (``confidence``,
``missing``, ``orphan``, ``syntax``) by ``localize check`` over a project made of the file.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from localize.cli import cli
from localize.review import CHECKS, CatalogInput, check_catalog
from tests.conftest import DATA

CASES_DIR = DATA / "checks"
CASES = sorted(CASES_DIR.glob("*/*.po"))
PROJECT_CODES = {"confidence", "missing", "orphan", "syntax"}

EXPECT = re.compile(r"^# expect: (?P<code>[a-z]+) (?:\[(?P<anchor>[^\]]+)\] )?(?P<message>.+)$")
DIRECTIVE = re.compile(
    r"^# (?P<key>lang|article|article-name|locales|min-confidence): (?P<value>.+)$"
)

Row = tuple[str, "int | None", str]


def expected(text: str) -> list[Row]:
    lines = text.splitlines()
    out: list[Row] = []
    for i, line in enumerate(lines):
        m = EXPECT.match(line)
        if m is None:
            continue
        anchor = m["anchor"]
        at: int | None
        if anchor == "no line":
            at = None
        elif anchor == "line 1":
            at = 1
        else:
            found = [
                j + 1
                for j in range(i + 1, len(lines))
                if (lines[j].startswith("msgstr") if anchor is None else anchor in lines[j])
            ]
            assert found, f"line {i + 1}: nothing after it holds {anchor or 'msgstr'!r}"
            at = found[0]
        out.append((m["code"], at, m["message"]))
    return out


def directives(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        m = DIRECTIVE.match(line)
        if m:
            found.setdefault(m["key"], []).append(m["value"])
    return found


def language(text: str, given: dict[str, list[str]]) -> str:
    if "lang" in given:
        return given["lang"][0]
    m = re.search(r'^"Language: ([^\\"]*)\\n"$', text, re.M)
    assert m, "no Language in the header and no '# lang:' directive"
    return m.group(1)


def catalog_findings(path: Path, code: str) -> list[Row]:
    from localize.catalog import read_po
    from localize.glossary import load_glossaries

    text = path.read_text(encoding="utf-8")
    given = directives(text)
    pot = read_po(path.with_suffix(".pot")) if path.with_suffix(".pot").exists() else None
    glossary = load_glossaries([CASES_DIR / "glossary.csv"])
    c = CatalogInput(
        read_po(path), language(text, given), str(path), text, given.get("article"), pot, glossary
    )
    found = CHECKS["msgfmt"].run(c) if code == "msgfmt" else check_catalog(c, select=[code])
    return [(f.code, f.line, f.message) for f in found]


def project_findings(path: Path, code: str, root: Path, runner: CliRunner) -> list[Row]:
    text = path.read_text(encoding="utf-8")
    given = directives(text)
    lang = language(text, given)
    locales = given["locales"][0].split() if "locales" in given else [lang]
    (root / "localize.toml").write_text(
        f'source = "en"\nlocales = {json.dumps(locales)}\narticles = ["articles/*.txt"]\n',
        encoding="utf-8",
    )
    (root / "articles").mkdir()
    if "article" in given:
        name = given.get("article-name", [path.stem])[0]
        article = root / "articles" / f"{name}.txt"
        article.write_text("\n\n".join(given["article"]) + "\n", encoding="utf-8")
    folder = root / "locales" / lang / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(path, folder / path.name)
    args = ["check", "--select", code, "--format", "json"]
    if code != "missing":  # on unless ignored: each case is about its own code
        args += ["--ignore", "missing"]
    args += [f"--min-confidence={v}" for v in given.get("min-confidence", [])]
    result = runner.invoke(cli, args)
    assert result.exit_code in (0, 1), result.output
    return [(f["code"], f["line"], f["message"]) for f in json.loads(result.stdout)["findings"]]


def _order(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (r[1] or 0, r[0], r[2]))


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_check_case(path: Path, tmp_path: Path, runner: CliRunner, monkeypatch) -> None:
    code = path.parent.name
    assert code in CHECKS
    want = expected(path.read_text(encoding="utf-8"))
    assert {row[0] for row in want} <= {code}, "a case expects findings of its own code only"
    if code in PROJECT_CODES:
        monkeypatch.chdir(tmp_path)
        got = project_findings(path, code, tmp_path, runner)
    else:
        got = catalog_findings(path, code)
    assert _order(got) == _order(want)


def test_every_check_has_a_case_that_fails_and_one_that_passes() -> None:
    fails: dict[str, int] = {}
    passes: dict[str, int] = {}
    for path in CASES:
        tally = fails if expected(path.read_text(encoding="utf-8")) else passes
        tally[path.parent.name] = tally.get(path.parent.name, 0) + 1
    assert sorted(fails) == sorted(CHECKS)
    assert sorted(passes) == sorted(CHECKS)
    assert sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir()) == sorted(CHECKS)
