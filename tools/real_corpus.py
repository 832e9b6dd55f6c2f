"""Assemble a corpus of real ``.po`` catalogs from projects' published packages on PyPI.

The catalogs nobody here wrote: every ``.po``/``.pot`` that four projects ship in their wheels,
from a new release and an older one (for merge pairs: a language's catalog of the old release
merged with the new release's template). Downloaded with ``pip download --no-deps`` into an
ignored cache folder, never committed. Django, Sphinx, GNOME and SearXNG are left out on
purpose: they are kept for independent measurement.

Run:  python tools/real_corpus.py            (into .cache/real-corpus, about 70 MB of wheels)
Used by tests/test_real_corpus.py (slow, skipped without the corpus) and bench/real_corpus.py.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEST = ROOT / ".cache" / "real-corpus"

# (package, new release[, old release]): Weblate/Transifex-managed catalogs of many locales.
PACKAGES = (
    ("wagtail", "8.0.1", "6.0.6"),
    ("plone.app.locales", "7.0.4", "6.0.31"),
    ("ckan", "2.12.0", "2.10.6"),
    ("django-allauth", "65.22.1"),  # older releases ship no wheel
)


def release_dir(dest: Path, package: str, version: str) -> Path:
    return dest / f"{package}-{version}"


def assemble(dest: Path = DEFAULT_DEST, *, quiet: bool = False) -> list[Path]:
    """Download each release's wheel (once) and extract its catalogs; returns the release dirs."""
    wheels = dest / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    out = []
    for package, *versions in PACKAGES:
        for version in versions:
            target = release_dir(dest, package, version)
            out.append(target)
            if (target / ".complete").exists():
                continue
            spec = f"{package}=={version}"
            found = _wheel(wheels, package, version)
            if found is None:
                if not quiet:
                    print(f"downloading {spec}", file=sys.stderr)
                subprocess.run(
                    [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary",
                     ":all:", "-q", "-d", str(wheels), spec],
                    check=True,
                )  # fmt: skip
                found = _wheel(wheels, package, version)
                if found is None:
                    raise SystemExit(f"no wheel of {spec} after download")
            with zipfile.ZipFile(found) as z:
                for name in z.namelist():
                    if name.endswith((".po", ".pot")):
                        path = target / PurePosixPath(name)
                        path.parent.mkdir(parents=True, exist_ok=True)
                        path.write_bytes(z.read(name))
            (target / ".complete").write_text(found.name + "\n", encoding="utf-8")
    return out


def _wheel(folder: Path, package: str, version: str) -> Path | None:
    stem = package.replace("-", "_").replace(".", "_").lower()
    for p in folder.glob("*.whl"):
        name, ver = p.name.split("-")[:2]
        if name.replace(".", "_").lower() == stem and ver == version:
            return p
    return None


def present(dest: Path = DEFAULT_DEST) -> bool:
    return all((release_dir(dest, p, v) / ".complete").exists() for p, *vs in PACKAGES for v in vs)


def catalogs(dest: Path = DEFAULT_DEST) -> list[Path]:
    """Every translated catalog (``.po``, not templates) of the new releases, sorted."""
    out: list[Path] = []
    for package, new, *_old in PACKAGES:
        out += sorted(release_dir(dest, package, new).rglob("*.po"))
    return out


@dataclass(frozen=True)
class MergePair:
    old: Path  # a language's catalog in the old release
    template: Path  # the new release's template of that domain
    lang: str


def _template(new_root: Path, rel: PurePosixPath) -> Path | None:
    """The new release's template for a catalog at ``.../<lang>/LC_MESSAGES/<domain>.po``: a
    shipped ``<domain>.pot`` beside the locale folders, else the ``en`` catalog (Django's
    makemessages writes it with every msgstr empty)."""
    parts = rel.parts
    base = PurePosixPath(*parts[:-3])
    domain = PurePosixPath(parts[-1]).stem
    pot = new_root / base / f"{domain}.pot"
    if pot.exists():
        return pot
    en = new_root / base / "en" / "LC_MESSAGES" / parts[-1]
    return en if en.exists() else None


def merge_pairs(dest: Path = DEFAULT_DEST) -> list[MergePair]:
    """Old-release catalogs with the new release's template of the same domain, sorted."""
    out = []
    for package, new, *older in PACKAGES:
        if not older:
            continue
        new_root, old_root = release_dir(dest, package, new), release_dir(dest, package, older[0])
        for po in sorted(old_root.rglob("*.po")):
            rel = PurePosixPath(po.relative_to(old_root).as_posix())
            if len(rel.parts) < 4 or rel.parts[-2] != "LC_MESSAGES" or rel.parts[-3] == "en":
                continue
            template = _template(new_root, rel)
            if template is not None:
                out.append(MergePair(old=po, template=template, lang=rel.parts[-3]))
    return out


# ----------------------------------------------------------------------------------------------
# Differential: one catalog, one merge pair, against the GNU tools

_STATS = re.compile(
    r"(\d+) translated messages?(?:, (\d+) fuzzy translations?)?(?:, (\d+) untranslated messages?)?"
)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise SystemExit(f"GNU gettext's {name} is needed (apt-get install gettext)")
    return path


@dataclass
class CatalogResult:
    path: str
    gnu_reads: bool  # msgcat reads it
    read_error: str = ""  # localize's refusal (a LocalizeError), empty when read
    traceback: str = ""  # anything else localize raised: a bug
    writer_same: bool | None = None  # written as msgcat writes (None: not both read)
    counts_same: bool | None = None  # status = msgfmt --statistics
    compile_same: bool | None = None  # .mo = msgfmt --no-hash, byte for byte
    msgfmt_c_ok: bool | None = None  # msgfmt -c accepts it
    check_msgfmt_same: bool | None = None  # check's msgfmt verdict = msgfmt -c's
    detail: str = ""


def lang_of(path: Path) -> str:
    """The locale folder's name: ``.../<lang>/LC_MESSAGES/x.po``."""
    return path.parent.parent.name


def compare_catalog(path: Path, tmp: Path) -> CatalogResult:
    """localize's reader, writer, counts, compiler and checks against msgcat and msgfmt."""
    from localize.catalog import encode_po, mo_bytes, read_catalog
    from localize.errors import LocalizeError
    from localize.review import CatalogInput, catalog_stats, check_catalog
    from localize.review.msgfmt import msgfmt_rows

    lang = lang_of(path)
    for name in ("cat.po", "x.mo"):
        (tmp / name).unlink(missing_ok=True)
    # --force-po: msgcat writes no file at all for a catalog without messages.
    cat = subprocess.run(
        [_tool("msgcat"), "--force-po", "-o", str(tmp / "cat.po"), str(path)], capture_output=True
    )
    r = CatalogResult(str(path), gnu_reads=cat.returncode == 0)
    try:
        po = read_catalog(path)
    except LocalizeError as e:
        r.read_error = str(e)
        return r
    except Exception:  # noqa: BLE001 - a traceback is what is counted here
        r.traceback = traceback.format_exc(limit=-3)
        return r
    try:
        stats = catalog_stats(po, lang)
        text = path.read_bytes().decode(po.encoding or "utf-8", errors="replace")
        check_catalog(CatalogInput(po, lang, str(path), text=text), ignore=["language"])
        ours = encode_po(po)
        mo = mo_bytes(po)
        ours_msgfmt = msgfmt_rows(str(path))
    except LocalizeError as e:
        r.read_error = str(e)
        return r
    except Exception:  # noqa: BLE001
        r.traceback = traceback.format_exc(limit=-3)
        return r
    if r.gnu_reads:
        theirs = (tmp / "cat.po").read_bytes()
        r.writer_same = ours == theirs
        if not r.writer_same:
            r.detail += "writer;"
    fmt = subprocess.run(
        [_tool("msgfmt"), "--statistics", "--no-hash", "-o", str(tmp / "x.mo"), str(path)],
        capture_output=True,
        env={**os.environ, "LC_ALL": "C"},
    )
    if fmt.returncode == 0:
        m = _STATS.search(fmt.stderr.decode("utf-8", "replace"))
        assert m is not None, fmt.stderr
        theirs_counts = tuple(int(g or 0) for g in m.groups())
        r.counts_same = theirs_counts == (stats.translated, stats.fuzzy, stats.untranslated)
        if not r.counts_same:
            r.detail += f"counts {theirs_counts} vs {stats};"
        r.compile_same = (tmp / "x.mo").read_bytes() == mo
        if not r.compile_same:
            r.detail += "compile;"
    check = subprocess.run(
        [_tool("msgfmt"), "-c", "-o", "/dev/null", str(path)], capture_output=True
    )
    r.msgfmt_c_ok = check.returncode == 0
    r.check_msgfmt_same = r.msgfmt_c_ok == (not ours_msgfmt)
    return r


@dataclass
class MergeResult:
    name: str
    entries: int = 0  # entries msgmerge wrote
    differ: int = 0  # of them, not identical in localize's merge (order, text, flags, #|)
    file_same: bool = False  # the merged file byte for byte
    suggestions: int = 0  # localize's fuzzy matches (fuzzy entries with #|, new this merge)
    gnu_suggestions: int = 0
    fewer: bool = False  # localize offered fewer suggestions than msgmerge
    traceback: str = ""
    error: str = ""
    examples: list[str] = field(default_factory=list)


def _row(e: Any) -> tuple:
    forms = tuple(sorted((int(k), v) for k, v in (e.msgstr_plural or {}).items()))
    return (
        "obsolete" if e.obsolete else "live",
        e.msgctxt,
        e.msgid,
        e.msgid_plural or None,
        e.msgstr if not forms else forms,
        tuple(e.flags),
        (e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural or None),
        e.tcomment or "",
        e.comment or "",
        tuple(e.occurrences) if not e.obsolete else (),
    )


def _suggested(po: Any, old_keys: set) -> int:
    return sum(
        1
        for e in po
        if not e.obsolete and "fuzzy" in e.flags and (e.msgctxt, e.msgid) not in old_keys
    )


def compare_merge(pair: MergePair, tmp: Path, dest: Path = DEFAULT_DEST) -> MergeResult:
    """``update`` against ``msgmerge --previous`` on one real pair, entry by entry."""
    from localize.catalog import encode_po, parse_po, read_catalog, update
    from localize.errors import LocalizeError

    r = MergeResult(str(pair.old.relative_to(dest)))
    out = tmp / "merged.po"
    out.unlink(missing_ok=True)
    subprocess.run(
        [
            _tool("msgmerge"),
            "--previous",
            "--force-po",
            "-q",
            "-o",
            str(out),
            str(pair.old),
            str(pair.template),
        ],
        check=True,
        capture_output=True,
    )
    theirs_bytes = out.read_bytes()
    theirs = parse_po(theirs_bytes, path=str(out))
    try:
        old = read_catalog(pair.old)
        mine = update(read_catalog(pair.template), old, lang=pair.lang)
        mine_bytes = encode_po(mine)
        mine = parse_po(mine_bytes)
    except LocalizeError as e:
        r.error = str(e)
        return r
    except Exception:  # noqa: BLE001 - counted
        r.traceback = traceback.format_exc(limit=-3)
        return r
    r.file_same = mine_bytes == theirs_bytes
    a, b = [_row(e) for e in mine], [_row(e) for e in theirs]
    r.entries = len(b)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    r.differ = len(b) - same
    if r.differ:
        mine_by = {(x[0], x[1], x[2]): x for x in a}
        for row in b:
            if mine_by.get((row[0], row[1], row[2])) != row and len(r.examples) < 3:
                r.examples.append(
                    f"{row[2][:60]!r}: msgmerge {row[4]!r:.60} {row[5]} {row[6]!r:.80}"
                    f" / localize {mine_by.get((row[0], row[1], row[2]))!r:.300}"
                )
    keys = {(e.msgctxt, e.msgid) for e in old}
    r.suggestions, r.gnu_suggestions = _suggested(mine, keys), _suggested(theirs, keys)
    r.fewer = r.suggestions < r.gnu_suggestions
    return r


def _catalog_job(path: Path) -> CatalogResult:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return compare_catalog(path, Path(tmp))


def _merge_job(args: tuple[MergePair, Path]) -> MergeResult:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return compare_merge(args[0], Path(tmp), args[1])


def compare_all(
    dest: Path = DEFAULT_DEST, *, jobs: int | None = None
) -> tuple[list[CatalogResult], list[MergeResult]]:
    """Every catalog and every merge pair of the corpus, on ``jobs`` processes."""
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs or os.cpu_count() or 1) as pool:
        cats = list(pool.map(_catalog_job, catalogs(dest), chunksize=16))
        merges = list(pool.map(_merge_job, [(p, dest) for p in merge_pairs(dest)], chunksize=8))
    return cats, merges


def table(cats: list[CatalogResult], merges: list[MergeResult]) -> str:
    """The issue's table: each claim and the files it held on."""
    both = [r for r in cats if r.gnu_reads and not r.read_error and not r.traceback]
    refused = sum(1 for r in cats if r.gnu_reads and r.read_error)
    crashed = sum(1 for r in cats if r.traceback) + sum(1 for r in merges if r.traceback)
    counted = [r for r in cats if r.counts_same is not None]
    compiled = [r for r in cats if r.compile_same is not None]
    checked = [r for r in cats if r.check_msgfmt_same is not None]
    entries = sum(r.entries for r in merges)
    differ = sum(r.differ for r in merges)
    fewer = sum(1 for r in merges if r.fewer)
    rows = [
        ("catalogs (files msgcat reads)", f"{len(cats)} ({sum(r.gnu_reads for r in cats)})"),
        ("read (none refused that msgcat reads)", f"{len(both)} of {len(cats)}, {refused} refused"),
        (
            "`status` counts = `msgfmt --statistics`",
            f"{sum(bool(r.counts_same) for r in counted)} / {len(counted)}",
        ),
        (
            "written as `msgcat` writes",
            f"{sum(bool(r.writer_same) for r in both)} / {len(both)}",
        ),
        (
            "`compile` = `msgfmt --no-hash` byte for byte",
            f"{sum(bool(r.compile_same) for r in compiled)} / {len(compiled)}",
        ),
        (
            "`check`'s msgfmt verdict = `msgfmt -c` (rejects)",
            f"{sum(bool(r.check_msgfmt_same) for r in checked)} / {len(checked)} "
            f"({sum(r.msgfmt_c_ok is False for r in checked)})",
        ),
        (
            "`update` = `msgmerge --previous` (entries)",
            f"{sum(1 for r in merges if not r.differ and not r.error and not r.traceback)} of "
            f"{len(merges)} pairs; {differ:,} of {entries:,} entries differ",
        ),
        (
            "fuzzy suggestions (localize / msgmerge)",
            f"{sum(r.suggestions for r in merges):,} / {sum(r.gnu_suggestions for r in merges):,}"
            f"; {fewer} pairs with fewer",
        ),
        ("merged file byte for byte", f"{sum(r.file_same for r in merges)} / {len(merges)}"),
        ("no traceback", f"{crashed} tracebacks"),
    ]
    out = ["| claim | held on |", "|---|---|"]
    out += [f"| {a} | {b} |" for a, b in rows]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST)
    args = parser.parse_args(argv)
    assemble(args.dest)
    n = len(catalogs(args.dest))
    print(f"{n} catalogs, {len(merge_pairs(args.dest))} merge pairs in {args.dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
