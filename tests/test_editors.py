"""An editor's words are never lost: whose text an msgstr is, decided by its content.

The newsroom's week: machine output, an editor who corrects it and saves it still fuzzy (in
Poedit, Weblate, Lokalize or a plain text editor), the desk editing the sentence, `translate`
again — serial, with --jobs and on Dask — and `translate --refresh` after a glossary change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from localize.catalog import is_machine, needs_review_after_source_change, read_po, text_digest
from localize.cli import cli
from localize.testing import dictionary_translate
from tests.conftest import msgcat_stable, msgfmt_check

ARTICLE = "examples/grain.txt"
PO = Path("locales/ru/LC_MESSAGES/grain.po")
OLD = "The first ship left Odessa on January 28 with 40,000 tonnes of grain."
NEW = "The first ship left Odessa on January 29 with 40,000 tonnes of grain."
OTHER = "Russia said talks on the grain deal would resume in March."
EDITED = "Первое судно вышло из Одессы 28 января с 40 000 тонн зерна."
RU = {"first": "первое", "ship": "судно", "left": "вышло", "Odessa": "Одесса", "Russia": "Россия"}


@pytest.fixture
def packages(word_models) -> Path:
    return word_models("en", "ru", RU)


@pytest.fixture
def article(project: Path, packages: Path, install_models) -> Path:
    install_models(packages)
    path = project / ARTICLE
    path.write_text(f"Grain Deal\n\n{OLD} {OTHER}\n", encoding="utf-8")
    return path


def run(runner, *args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def translate(runner, *extra: str) -> str:
    return run(runner, "translate", ARTICLE, "--to", "ru", "--no-glossary", *extra)


# --- how each tool saves an editor's correction, left fuzzy ---------------------------------


def poedit(path: Path, msgid: str, text: str) -> None:
    """Poedit: the text typed, "Needs work" left on (fuzzy), comments kept, re-wrapped at 79."""
    po = polib.pofile(str(path), wrapwidth=79)
    po.find(msgid).msgstr = text
    po.save()


def weblate(path: Path, msgid: str, text: str) -> None:
    """Weblate saves through translate-toolkit; "Needs editing" is the fuzzy flag."""
    po = pytest.importorskip("translate.storage.po")
    store = po.pofile.parsefile(str(path))
    unit = next(u for u in store.units if u.source == msgid)
    unit.target = text
    unit.markfuzzy(True)
    path.write_bytes(bytes(store))


def lokalize(path: Path, msgid: str, text: str) -> None:
    """Lokalize: not approved (fuzzy) kept, comments kept, the file written without wrapping."""
    po = polib.pofile(str(path), wrapwidth=0)
    entry = po.find(msgid)
    entry.msgstr = text
    assert "fuzzy" in entry.flags
    po.wrapwidth = 0
    po.save()


def text_editor(path: Path, msgid: str, text: str) -> None:
    """A plain text editor: the msgstr line typed over, nothing else touched."""
    data = path.read_text(encoding="utf-8")
    block = re.search(rf'msgid "{re.escape(msgid)}"\nmsgstr "[^\n]*"\n(?:"[^\n]*"\n)*', data)
    assert block is not None
    new = f'msgid "{msgid}"\nmsgstr "{text}"\n'
    path.write_text(data[: block.start()] + new + data[block.end() :], encoding="utf-8")


SAVES = [poedit, weblate, lokalize, text_editor]


def edit_source(article: Path) -> None:
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("January 28", "January 29"), encoding="utf-8")


def assert_edit_kept(po: polib.POFile) -> None:
    entry = po.find(NEW)
    assert entry.msgstr == EDITED
    assert entry.flags == ["fuzzy"] and entry.previous_msgid == OLD
    suggestion = f"mt suggestion (argos en-ru 1.0): {dictionary_translate(NEW, RU)}"
    changed, rest = entry.tcomment.split("\n", 1)
    assert changed == "source changed: 28 → 29"  # what the editor's text does not say
    assert rest.replace("\n", " ") == suggestion
    assert needs_review_after_source_change(entry) and not is_machine(entry)
    assert po.find(OTHER).msgstr == dictionary_translate(OTHER, RU)  # machine's: untouched
    assert [e.msgid for e in po.obsolete_entries()] == []


@pytest.mark.parametrize("save", SAVES)
@pytest.mark.parametrize("extra", [(), ("--jobs", "2")], ids=["serial", "jobs"])
def test_a_fix_saved_fuzzy_survives_a_source_edit(
    article: Path, runner, save: Callable[[Path, str, str], None], extra: tuple[str, ...]
) -> None:
    translate(runner, *extra)
    machine = read_po(PO).find(OLD)
    assert is_machine(machine)
    save(PO, OLD, EDITED)
    edited = read_po(PO).find(OLD)
    assert "fuzzy" in edited.flags and edited.tcomment.startswith("mt: argos")
    assert not is_machine(edited)  # the text differs from what the machine wrote
    edit_source(article)
    out = translate(runner, *extra)
    assert "ru: 0 translated, 2 reused, 1 suggested beside a person's translation" in out
    assert_edit_kept(read_po(PO))
    assert msgfmt_check(PO).returncode == 0 and msgcat_stable(PO)
    assert "(1 need review after source change)" in run(runner, "status", "--to", "ru")
    # A later run counts only what it did: nothing, and the file stays byte for byte.
    before = PO.read_bytes()
    again = translate(runner, *extra)
    assert "suggested" not in again and "ru: 0 translated, 3 reused" in again
    assert PO.read_bytes() == before


@pytest.mark.parametrize("save", [poedit, text_editor])
def test_update_then_translate_keeps_it_too(article: Path, runner, save) -> None:
    translate(runner)
    save(PO, OLD, EDITED)
    edit_source(article)
    out = run(runner, "update", ARTICLE, "--to", "ru")
    assert "ru: 0 new, 1 changed, 0 obsolete" in out
    entry = read_po(PO).find(NEW)
    assert (entry.msgstr, entry.previous_msgid, entry.flags) == (EDITED, OLD, ["fuzzy"])
    assert entry.tcomment == "source changed: 28 → 29"  # theirs now: no `mt:` line
    translate(runner)
    assert_edit_kept(read_po(PO))


# A local cluster's worker threads leave sockets for the garbage collector (as in test_scale).
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_dask_run_keeps_a_fuzzy_fix(article: Path, runner) -> None:
    distributed = pytest.importorskip("distributed")
    translate(runner)
    weblate(PO, OLD, EDITED)
    edit_source(article)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        translate(runner, "--scheduler", cluster.scheduler_address)
    assert_edit_kept(read_po(PO))


def test_machine_output_saved_unchanged_is_still_the_machines(article: Path, runner) -> None:
    """Re-saving in a tool that re-wraps (and NFC-normalises) changes no one's words."""
    translate(runner)
    machine = read_po(PO).find(OLD).msgstr
    poedit(PO, OLD, machine)
    edit_source(article)
    translate(runner)
    entry = read_po(PO).find(NEW)
    assert entry.msgstr == dictionary_translate(NEW, RU) and entry.previous_msgid is None
    assert entry.tcomment == f"mt: argos en-ru 1.0 · confidence 1.00 [{text_digest(entry.msgstr)}]"


def test_a_catalog_without_digests_is_read_as_before(article: Path, runner) -> None:
    """Written by an older localize: fuzzy with `# mt:` is machine output (the old rule)."""
    translate(runner)
    data = re.sub(r" \[[0-9a-f]{8}\]$", "", PO.read_text(encoding="utf-8"), flags=re.M)
    PO.write_text(data, encoding="utf-8")
    assert "[" not in "".join(e.tcomment for e in read_po(PO))
    assert all(is_machine(e) for e in read_po(PO))
    legacy = PO.read_bytes()
    edit_source(article)
    translate(runner)
    entry = read_po(PO).find(NEW)
    assert entry.msgstr == dictionary_translate(NEW, RU)
    assert entry.tcomment == f"mt: argos en-ru 1.0 · confidence 1.00 [{text_digest(entry.msgstr)}]"
    # The next `update` stamps what is still unstamped: a correction made after it is a person's.
    PO.write_bytes(legacy)
    article.write_text(f"Grain Deal\n\n{OLD} {OTHER}\n", encoding="utf-8")
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "ru", "--check"]).exit_code == 1
    run(runner, "update", ARTICLE, "--to", "ru")
    stamped = read_po(PO).find(OLD)
    assert (
        stamped.tcomment == f"mt: argos en-ru 1.0 · confidence 1.00 [{text_digest(stamped.msgstr)}]"
    )
    poedit(PO, OLD, EDITED)
    edit_source(article)
    translate(runner)
    assert_edit_kept(read_po(PO))


# --- redo machine output, never a person's --------------------------------------------------

SAMPLE = "examples/russia-wont-discuss-crimea.txt"
SAMPLE_PO = Path("locales/ru/LC_MESSAGES/russia-wont-discuss-crimea.po")


def test_refresh_after_a_glossary_change_redoes_exactly_the_machines_entries(
    project: Path, packages: Path, install_models, runner
) -> None:
    install_models(packages)
    run(runner, "translate", SAMPLE, "--to", "ru")
    po = polib.pofile(str(SAMPLE_PO))
    entries = [e for e in po if e.msgid]
    assert len(entries) == 24
    for e in entries[:2]:  # reviewed: accepted as they are
        e.flags = []
    for e in entries[2:5]:  # corrected, saved still fuzzy
        e.msgstr = "Правка редактора: " + e.msgstr
    po.save()
    touched = {e.msgid: (e.msgstr, e.flags) for e in entries[:5]}
    us = [e.msgid for e in entries[5:] if "U.S." in e.msgid]
    assert us
    glossary = project / "glossaries" / "places.csv"
    glossary.write_text("en,ru\nU.S.,США\n", encoding="utf-8")

    plain = run(runner, "translate", SAMPLE, "--to", "ru", "--dry-run")
    assert "ru: 0 new, 0 changed, 0 obsolete, 0 to translate, 0 to refresh" in plain
    dry = run(runner, "translate", SAMPLE, "--to", "ru", "--refresh", "--dry-run")
    assert "ru: 0 new, 0 changed, 0 obsolete, 0 to translate, 19 to refresh" in dry
    assert polib.pofile(str(SAMPLE_PO)).find(us[0]).msgstr == po.find(us[0]).msgstr

    out = run(runner, "translate", SAMPLE, "--to", "ru", "--refresh")
    assert "ru: 19 translated, 5 reused, 19 refreshed" in out
    after = read_po(SAMPLE_PO)
    for msgid, (text, flags) in touched.items():
        assert (after.find(msgid).msgstr, after.find(msgid).flags) == (text, flags)
    for msgid in us:
        assert "США" in after.find(msgid).msgstr and is_machine(after.find(msgid))
    # Nothing to do again without --refresh.
    assert "ru: 0 translated, 24 reused" in run(runner, "translate", SAMPLE, "--to", "ru")


def test_translate_needs_no_model_when_every_sentence_is_reviewed(project: Path, runner) -> None:
    run(runner, "update", SAMPLE, "--to", "ru,uk")
    for lang in ("ru", "uk"):
        path = Path(f"locales/{lang}/LC_MESSAGES/russia-wont-discuss-crimea.po")
        po = polib.pofile(str(path))
        for e in po:
            e.msgstr = "«" + e.msgid + "»"
        po.save()
    result = runner.invoke(
        cli, ["translate", SAMPLE, "--to", "ru,uk", "--models-dir", str(project / "none")]
    )
    assert result.exit_code == 0, result.output
    assert "ru: 0 translated, 24 reused (no engine needed)" in result.stderr
    # A pair with something to translate still needs its model, found before any write.
    Path("locales/uk/LC_MESSAGES/russia-wont-discuss-crimea.po").unlink()
    before = sorted((p, p.read_bytes()) for p in Path("locales").rglob("*.po*"))
    result = runner.invoke(
        cli, ["translate", SAMPLE, "--to", "ru,uk", "--models-dir", str(project / "none")]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("localize: no translation model for en-uk")
    assert sorted((p, p.read_bytes()) for p in Path("locales").rglob("*.po*")) == before


# --- update --check, --dry-run and its counts -----------------------------------------------


def test_update_check_is_the_ci_step(project: Path, runner) -> None:
    result = runner.invoke(cli, ["update", "--check"])
    assert result.exit_code == 1
    assert "would write locales/russia-wont-discuss-crimea.pot" in result.stderr
    assert "ru: 24 new, 0 changed, 0 obsolete" in result.stderr
    assert not Path("locales").exists()  # nothing written, not even the lock
    out = run(runner, "update")
    assert "ru: 24 new, 0 changed, 0 obsolete" in out and "uk: 24 new" in out
    result = runner.invoke(cli, ["update", "--check"])
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        0,
        "all templates and catalogs up to date",
    )
    assert "ru: 0 new, 0 changed, 0 obsolete" in run(runner, "update")  # a no-op
    article = Path(SAMPLE)
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("January 28", "January 29"), encoding="utf-8")
    before = {p: p.read_bytes() for p in Path("locales").rglob("*.po*")}
    for flag in ("--check", "--dry-run"):
        result = runner.invoke(cli, ["update", flag])
        assert result.exit_code == (1 if flag == "--check" else 0), result.output
        assert "would write locales/ru/LC_MESSAGES/russia-wont-discuss-crimea.po" in result.stderr
        assert "ru: 1 new, 0 changed, 0 obsolete" in result.stderr  # untranslated: no #|
        assert {p: p.read_bytes() for p in Path("locales").rglob("*.po*")} == before
    # A glossary change is out of date too: its comments in the catalogs.
    run(runner, "update")
    Path("glossaries/places.csv").write_text("en,ru\nU.S.,США\n", encoding="utf-8")
    result = runner.invoke(cli, ["update", "--check"])
    assert result.exit_code == 1
    assert "would write locales/ru/LC_MESSAGES/russia-wont-discuss-crimea.po" in result.stderr


# --- a memory match says what differs ---------------------------------------------------------

SPICER = (
    "Dmitry Peskov spoke on February 15, a day after White House spokesman Sean Spicer said that "
    'U.S. President Donald Trump has "made it very clear" that he expects Russia to "return '
    'Crimea" and reduce violence in eastern Ukraine.'
)
SANDERS = SPICER.replace("15", "16").replace("spokesman Sean Spicer", "spokeswoman Sarah Sanders")
FOLLOW = Path("locales/ru/LC_MESSAGES/follow.po")


@pytest.fixture
def memory_project(project: Path) -> Path:
    """The project with the sample's reviewed Russian catalog (the memory) and a follow-up."""
    import shutil

    from tests.conftest import ROOT

    target = project / "locales" / "ru" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(ROOT / SAMPLE_PO, target)
    (project / "examples" / "follow.txt").write_text(SANDERS + "\n", encoding="utf-8")
    return project


def recalled(runner) -> polib.POEntry:
    run(runner, "update", "examples/follow.txt", "--to", "ru")
    return read_po(FOLLOW).find(SANDERS)


def test_a_name_the_glossary_knows_is_replaced_and_named(memory_project: Path, runner) -> None:
    (memory_project / "glossaries" / "people.csv").write_text(
        "en,ru\nSarah Sanders,Сара Сандерс\n", encoding="utf-8"
    )
    entry = recalled(runner)
    assert "Шон Спайсер" not in entry.msgstr and "Сара Сандерс сказал" in entry.msgstr
    assert "16 февраля" in entry.msgstr and entry.flags == ["fuzzy"]
    score = int(re.match(r"tm: (\d+)%", entry.tcomment).group(1))  # type: ignore[union-attr]
    assert 75 <= score < 100
    assert entry.tcomment.split("\n")[:4] == [
        f"tm: {score}% from russia-wont-discuss-crimea [{text_digest(entry.msgstr)}]",
        "differs: 15 → 16",
        "differs: spokesman → spokeswoman",
        "differs: Sean Spicer → Sarah Sanders",
    ]


def test_a_name_the_glossary_lacks_is_spelled_as_in_the_source_and_flagged(
    memory_project: Path, runner
) -> None:
    entry = recalled(runner)
    assert "Шон Спайсер" not in entry.msgstr and "Sarah Sanders сказал" in entry.msgstr
    assert entry.tcomment.split("\n")[1:4] == [
        "differs: 15 → 16",
        "differs: spokesman → spokeswoman",
        "differs: Sean Spicer → Sarah Sanders (spelled as in the source)",
    ]


def test_a_name_that_cannot_be_found_is_left_and_the_entry_says_so(
    memory_project: Path, runner
) -> None:
    import shutil

    shutil.rmtree(memory_project / "glossaries")  # nothing says how Sean Spicer is written
    entry = recalled(runner)
    assert "Шон Спайсер" in entry.msgstr  # the memory's name, but flagged:
    assert entry.tcomment.split("\n")[1:4] == [
        "differs: 15 → 16",
        "differs: spokesman → spokeswoman",
        "differs: Sean Spicer → Sarah Sanders (not replaced)",
    ]
    assert is_machine(entry)  # the memory's own text: `translate --refresh` may redo it


def _tm_entry() -> polib.POEntry:
    text = "Пресс-секретарь Белого дома Сара Сандерс сказала 29 января, что переговоры продолжатся."
    origin = "russia-wont-discuss-crimea-white-house-spokeswoman-and-the-sanctions"
    line = f"tm: 93% from {origin} [{text_digest(text)}]"  # a long article name
    assert len(line) > 79  # wrapped by every editor's tool below
    return polib.POEntry(msgid=SANDERS, msgstr=text, tcomment=line, flags=["fuzzy"])


@pytest.mark.parametrize("tool", ["msgcat", "polib", "translate-toolkit"])
def test_a_long_memory_line_wrapped_by_a_tool_is_still_read(tmp_path: Path, tool: str) -> None:
    import subprocess

    from tests.conftest import gettext_tool

    path = tmp_path / "x.po"
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ru"}
    po.append(_tm_entry())
    po.save(str(path))
    if tool == "msgcat":
        subprocess.run([gettext_tool("msgcat"), "-o", str(path), str(path)], check=True)
    elif tool == "polib":
        polib.pofile(str(path), wrapwidth=78).save()
    else:
        store = pytest.importorskip("translate.storage.po").pofile.parsefile(str(path))
        path.write_bytes(bytes(store))
    [entry] = read_po(path)
    assert is_machine(entry)  # the digest is found, wrapped or not
    entry.msgstr = entry.msgstr.replace("сказала", "заявила")  # an editor's word
    assert not is_machine(entry)


def test_a_fresh_clone_of_this_repository_is_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner
) -> None:
    """What CI's `localize update --check` step sees: the committed catalogs need no update."""
    import shutil

    from tests.conftest import ROOT

    for name in ("examples", "glossaries", "locales"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "localize.toml", tmp_path)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["update", "--check"])
    assert result.exit_code == 0, result.output
    article = Path("examples/russia-wont-discuss-crimea.txt")
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")
    result = runner.invoke(cli, ["update", "--check"])
    assert result.exit_code == 1
    assert "ru: 1 new, 0 changed, 0 obsolete" in result.stderr
