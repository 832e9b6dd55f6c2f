"""An editor saving while `translate` runs loses nothing: compare-and-swap on catalog writes.

A real `localize translate` process beside a real editing loop that reviews one entry and saves,
as Poedit does (write a temporary file, rename) or as a plain editor does (rewrite in place), at
random intervals down to 10 ms.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from localize.catalog import dumps, parse_po
from localize.cli import cli
from localize.errors import CatalogError
from localize.testing import build_argos_package

WORDS = "Kremlin said Kyiv talks grain ship convoy mayor bridge army officials report".split()
SAVES = 100


@pytest.fixture
def big_article(project: Path, tmp_path_factory, runner, monkeypatch) -> Path:
    packages = tmp_path_factory.mktemp("packages")
    build_argos_package(packages, "en", "ru", {"Kremlin": "Кремль", "said": "сказал"})
    monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(project / "models"))
    assert runner.invoke(cli, ["models", "install", str(packages)]).exit_code == 0
    r = random.Random(14)
    paragraphs = [
        " ".join(
            f"The {r.choice(WORDS)} {r.choice(WORDS)} report number {p * 5 + i} said "
            f"{r.choice(WORDS)} {r.choice(WORDS)} on Monday."
            for i in range(5)
        )
        for p in range(600)
    ]
    path = project / "examples" / "big.txt"
    path.write_text("Headline\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def save(path: Path, data: bytes, how: str) -> None:
    if how == "atomic":
        tmp = path.with_name(f".{path.name}.editor")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    else:
        with open(path, "wb") as fh:
            fh.write(data)


@pytest.mark.slow
@pytest.mark.parametrize("how", ["atomic", "in-place"])
def test_every_review_survives_a_running_translate(big_article: Path, how: str) -> None:
    po_path = Path("locales/ru/LC_MESSAGES/big.po")
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "localize",
            "translate",
            str(big_article),
            "--to",
            "ru",
            "--no-glossary",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    rng = random.Random(how)
    reviews: dict[str, str] = {}
    try:
        while len(reviews) < SAVES and run.poll() is None:
            time.sleep(rng.uniform(0.01, 0.08))
            try:
                seen = po_path.read_bytes()
                catalog = parse_po(seen)
            except (FileNotFoundError, CatalogError):
                continue
            todo = [e for e in catalog if e.msgstr and "fuzzy" in e.flags]
            if not todo:
                continue
            entry = rng.choice(todo)
            entry.msgstr = f"ПРОВЕРЕНО {len(reviews)}"
            entry.flags.remove("fuzzy")
            data = dumps(catalog).encode("utf-8")
            # The editor, too, saves only over what it loaded (else it would drop machine
            # translations written meanwhile: its loss, not the one this test is about).
            if po_path.read_bytes() != seen:
                continue
            save(po_path, data, how)
            reviews[entry.msgid] = entry.msgstr
        out, err = run.communicate(timeout=600)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 0, err
    assert len(reviews) == SAVES, f"translate ended after {len(reviews)} saves"
    final = parse_po(po_path.read_bytes())
    by_id = {e.msgid: e for e in final if not e.obsolete}
    lost = {m: t for m, t in reviews.items() if by_id[m].msgstr != t or by_id[m].flags}
    assert lost == {}
    assert all(e.msgstr for e in by_id.values())  # every sentence translated or reviewed
    assert len(by_id) == 3001


def test_a_save_between_merge_and_rename_is_merged_not_overwritten(tmp_path, monkeypatch):
    """The editor's save lands after localize read the file, before it renames its own."""
    from localize.catalog import save_merged as _save_merged
    from localize.catalog import update, write

    path = tmp_path / "a.po"
    pot = parse_po('msgid ""\nmsgstr ""\n\nmsgid "One."\nmsgstr ""\n\nmsgid "Two."\nmsgstr ""\n')
    path.write_bytes(dumps(update(pot, None, lang="ru")).encode("utf-8"))
    based_on = path.read_bytes()

    def with_mt(data: bytes | None) -> object:
        po = update(pot, parse_po(data), lang="ru")
        po[0].msgstr, po[0].flags = "Один (MT).", ["fuzzy"]
        return po

    editor = parse_po(based_on)
    editor[1].msgstr = "Два."
    real, calls = write.dumps, []

    def racing(po):
        text = real(po)
        if not calls:  # the editor saves just now
            path.write_bytes(real(editor).encode("utf-8"))
        calls.append(1)
        return text

    monkeypatch.setattr(write, "dumps", racing)
    written, _, on_disk = _save_merged(path, with_mt(based_on), based_on, with_mt)
    assert written and on_disk == path.read_bytes() and len(calls) == 2
    final = parse_po(path.read_bytes())
    assert [(e.msgid, e.msgstr) for e in final] == [("One.", "Один (MT)."), ("Two.", "Два.")]


@pytest.fixture
def many_catalogs(project: Path, tmp_path_factory, runner, monkeypatch) -> Path:
    """200 reviewed Russian catalogs (an index that takes a while to build) and a model."""
    import shutil

    from tests.test_tm import FOLLOW_UP, REVIEWED_RU, RU

    packages = tmp_path_factory.mktemp("packages")
    build_argos_package(packages, "en", "ru", RU)
    monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(project / "models"))
    assert runner.invoke(cli, ["models", "install", str(packages)]).exit_code == 0
    folder = project / "locales" / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    for i in range(200):
        shutil.copy(REVIEWED_RU, folder / f"earlier-{i:03d}.po")
    (project / "examples" / "follow-up.txt").write_text(FOLLOW_UP, encoding="utf-8")
    return folder


def test_translate_beside_tm_export_take_turns_on_a_fresh_or_changed_index(
    many_catalogs: Path, tmp_path: Path
) -> None:
    """Processes that find the index new or out of date build it one after the other."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    localize = [sys.executable, "-m", "localize"]
    translate = [*localize, "translate", "examples/follow-up.txt", "--to", "ru"]
    cache = Path(os.environ["LOCALIZE_CACHE_DIR"])
    crashes = []
    for round in range(3):
        if round == 1:  # changed: a reviewed entry more in every other catalog
            for path in sorted(many_catalogs.glob("earlier-*.po"))[::2]:
                with path.open("a", encoding="utf-8") as fh:
                    fh.write(f'\nmsgid "Round {round}, {path.stem}."\nmsgstr "Раунд."\n')
        else:  # fresh
            for path in cache.glob("tm-*"):
                path.unlink()
        Path("locales/ru/LC_MESSAGES/follow-up.po").unlink(missing_ok=True)
        procs = [
            subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for args in (
                [*localize, "tm", "export", "-o", str(tmp_path / "a.tmx")],
                translate,
                [*localize, "tm", "export", "-o", str(tmp_path / "b.tmx")],
            )
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=300)
            if proc.returncode != 0:
                crashes.append(err.decode()[-300:])
    assert crashes == []
    assert (tmp_path / "a.tmx").read_bytes() == (tmp_path / "b.tmx").read_bytes()
    po = parse_po(Path("locales/ru/LC_MESSAGES/follow-up.po").read_bytes())
    assert sum(1 for e in po if e.msgstr) == 5  # 3 from memory, 2 translated


def test_a_half_written_in_place_save_that_parses_is_never_taken_for_the_editors(
    tmp_path, monkeypatch
) -> None:
    """A scripted race: the editor rewrites the catalog in place, writes half of it (cut at an
    entry boundary, so it parses), and the rest 20 ms later; localize reads in between."""
    import time as clock

    from localize.catalog import save_merged as _save_merged
    from localize.catalog import update

    gap = 0.02
    path = tmp_path / "a.po"
    pot = parse_po(
        'msgid ""\nmsgstr ""\n\n'
        + "".join(f'msgid "Sentence {i}."\nmsgstr ""\n\n' for i in range(120))
    )
    with_mt = update(pot, None, lang="ru")
    for entry in with_mt:
        entry.msgstr, entry.flags = f"Предложение {entry.msgid[9:-1]} (MT).", ["fuzzy"]
    path.write_bytes(dumps(with_mt).encode("utf-8"))
    based_on = path.read_bytes()

    editor = parse_po(based_on)
    reviewed = {e.msgid: f"ПРОВЕРЕНО {i}" for i, e in enumerate(editor) if i % 2 == 0}
    for entry in editor:
        if entry.msgid in reviewed:
            entry.msgstr, entry.flags = reviewed[entry.msgid], []
    saved = dumps(editor).encode("utf-8")
    cut = saved.index(b"\n\nmsgid", len(saved) // 2) + 2
    assert len(parse_po(saved[:cut])) < len(editor)  # the half parses: fewer entries

    def remerge(data: bytes | None) -> object:
        po = update(pot, parse_po(data), lang="ru")
        for entry in po:
            if not entry.msgstr:
                entry.msgstr, entry.flags = f"Предложение {entry.msgid[9:-1]} (MT).", ["fuzzy"]
        return po

    # Time passes only where localize waits: the rest lands once it has waited `gap`.
    waited, rest = [0.0], [True]
    fh = path.open("r+b")
    fh.truncate(0)
    fh.write(saved[:cut])
    fh.flush()

    def write_rest() -> None:
        if rest:
            rest.clear()
            fh.write(saved[cut:])
            fh.close()

    def sleep(seconds: float) -> None:
        waited[0] += seconds
        if waited[0] >= gap:
            write_rest()

    monkeypatch.setattr(clock, "sleep", sleep)
    _save_merged(path, remerge(based_on), based_on, remerge)
    write_rest()  # if localize did not wait, the rest goes into the file it replaced
    final = {e.msgid: e for e in parse_po(path.read_bytes())}
    lost = [m for m, text in reviewed.items() if final[m].msgstr != text or final[m].flags]
    assert (len(reviewed), len(lost)) == (60, 0)
    assert all(e.msgstr for e in final.values())


STORM_EVERY = 0.2


@pytest.fixture
def storm_project(project: Path, tmp_path_factory, runner, monkeypatch) -> Path:
    """A 1,000-sentence article, a model, and a memory of 2,000 like sentences (mostly under
    the threshold, so every lookup scores candidates: the costly kind)."""
    packages = tmp_path_factory.mktemp("packages")
    build_argos_package(packages, "en", "ru", {"Kremlin": "Кремль", "said": "сказал"})
    monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(project / "models"))
    assert runner.invoke(cli, ["models", "install", str(packages)]).exit_code == 0
    r = random.Random(14)
    paragraphs = [
        " ".join(
            f"The {r.choice(WORDS)} {r.choice(WORDS)} report number {p * 5 + i} said "
            f"{r.choice(WORDS)} {r.choice(WORDS)} on Monday."
            for i in range(5)
        )
        for p in range(200)
    ]
    article = project / "examples" / "storm.txt"
    article.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    memory = [
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    ]
    for n in range(2000):
        a, b, c, d = (r.choice(WORDS) for _ in range(4))
        memory.append(
            f'msgid "On Tuesday the {a} and the {b} did not talk about {c} or {d} in report '
            f'{n}."\nmsgstr "Перевод {n}."\n'
        )
    folder = project / "locales" / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "archive.po").write_text("\n".join(memory), encoding="utf-8")
    assert runner.invoke(cli, ["tm", "export", "-o", "archive.tmx"]).exit_code == 0  # built
    return article


@pytest.mark.slow
def test_a_run_beside_an_editor_saving_every_200_ms_finishes_and_keeps_every_review(
    storm_project: Path,
) -> None:
    """Each retry merges the editor's file and looks up in the memory only what is new to it."""
    po_path = Path("locales/ru/LC_MESSAGES/storm.po")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    args = [sys.executable, "-m", "localize", "translate", str(storm_project), "--to", "ru"]
    args.append("--no-glossary")
    started = time.monotonic()
    quiet = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    quiet_s = time.monotonic() - started
    assert quiet.returncode == 0, quiet.stderr
    po_path.unlink()

    started = time.monotonic()
    run = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reviews: dict[str, str] = {}
    saves = 0
    try:
        while run.poll() is None and time.monotonic() - started < 6 * quiet_s:
            time.sleep(STORM_EVERY)
            try:
                seen = po_path.read_bytes()
                catalog = parse_po(seen)
            except (FileNotFoundError, CatalogError):
                continue
            todo = [e for e in catalog if e.msgstr and "fuzzy" in e.flags]
            if not todo:
                continue
            entry = random.Random(saves).choice(todo)
            entry.msgstr, entry.flags = f"ПРОВЕРЕНО {saves}", []
            if po_path.read_bytes() != seen:  # the editor saves only over what it loaded
                continue
            save(po_path, dumps(catalog).encode("utf-8"), ("atomic", "in-place")[saves % 2])
            reviews[entry.msgid] = entry.msgstr
            saves += 1
        out, err = run.communicate(timeout=600)
    finally:
        if run.poll() is None:
            run.kill()
            run.communicate()
    storm_s = time.monotonic() - started
    assert run.returncode == 0, err
    print(f"quiet {quiet_s:.1f} s, beside {saves} saves {storm_s:.1f} s")
    assert storm_s <= 5 * quiet_s, (quiet_s, storm_s, saves)
    assert saves >= 10
    final = {e.msgid: e for e in parse_po(po_path.read_bytes()) if not e.obsolete}
    lost = {m: t for m, t in reviews.items() if final[m].msgstr != t or final[m].flags}
    assert lost == {}
    assert all(e.msgstr for e in final.values())
