"""Whose words are these: machine output never replaces a translation a person wrote or reviewed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest

from localize.catalog import is_machine, needs_review_after_source_change, read_po, text_digest
from localize.cli import cli
from localize.testing import dictionary_translate
from tests.conftest import gettext_tool, msgcat_stable, msgfmt_check

ARTICLE = "examples/grain.txt"
PO = Path("locales/ru/LC_MESSAGES/grain.po")
OLD = "The first ship left Odessa with 40,000 tonnes of grain."
NEW = "The first ship left Odessa with 45,000 tonnes of grain."
OTHER = "Russia said talks on the grain deal would resume in March."
OTHER_NEW = "Russia said talks on the grain deal would resume in April."
REVIEWED = "Первое судно вышло из Одессы с 40 000 тонн зерна."
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


def review(msgid: str, text: str) -> None:
    """What an editor does in Poedit: type the translation, clear fuzzy, save."""
    po = polib.pofile(str(PO))
    entry = po.find(msgid)
    entry.msgstr = text
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    po.save()


def edit_source(article: Path) -> None:
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("40,000", "45,000").replace("March", "April"), "utf-8")


def translate(runner, *extra: str) -> str:
    return run(runner, "translate", ARTICLE, "--to", "ru", "--no-glossary", *extra)


def assert_editor_kept(po: polib.POFile) -> None:
    entry = po.find(NEW)
    assert entry.msgstr == REVIEWED
    assert entry.flags == ["fuzzy"]
    assert entry.previous_msgid == OLD
    assert entry.previous_msgid_plural is None
    # (as one line: a tool that wrapped it keeps it wrapped; a later run suggests nothing new)
    suggestion = f"mt suggestion (argos en-ru 1.0): {dictionary_translate(NEW, RU)}"
    changed, rest = entry.tcomment.split("\n", 1)
    assert changed == "source changed: 40,000 → 45,000"  # what the old text does not say
    assert rest.replace("\n", " ") == suggestion
    assert needs_review_after_source_change(entry) and not is_machine(entry)
    # Only ever machine output: translated again as before, #| gone.
    other = po.find(OTHER_NEW)
    assert other.msgstr == dictionary_translate(OTHER_NEW, RU)
    assert other.tcomment == (
        f"mt: argos en-ru 1.0 · confidence 1.00 [{text_digest(other.msgstr)}]"
    )
    assert other.previous_msgid is None
    assert [e.msgid for e in po.obsolete_entries()] == []


@pytest.mark.parametrize("extra", [(), ("--jobs", "2")], ids=["serial", "jobs"])
def test_number_corrected_after_review_keeps_the_editors_sentence(
    article: Path, runner, extra: tuple[str, ...]
) -> None:
    translate(runner, *extra)
    review(OLD, REVIEWED)
    edit_source(article)
    run(runner, "update", ARTICLE, "--to", "ru")
    text = PO.read_text(encoding="utf-8")
    assert f'#, fuzzy\n#| msgid "{OLD}"\nmsgid "{NEW}"\nmsgstr "{REVIEWED}"\n' in text
    assert "msgid_plural" not in text and "#~" not in text
    out = translate(runner, *extra)
    assert "1 translated" in out and "1 suggested beside a person's translation" in out
    po = read_po(PO)
    assert_editor_kept(po)
    assert msgfmt_check(PO).returncode == 0 and msgcat_stable(PO)
    status = run(runner, "status", "--locale", "ru")
    assert "3 fuzzy (1 need review after source change)" in status


def test_translate_alone_after_the_edit_keeps_it_too(article: Path, runner) -> None:
    translate(runner)
    review(OLD, REVIEWED)
    edit_source(article)
    translate(runner)
    assert_editor_kept(read_po(PO))
    before = PO.read_bytes()
    translate(runner)  # nothing new: the file stays byte for byte
    assert PO.read_bytes() == before


# A local cluster's worker threads leave sockets for the garbage collector (as in test_scale).
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_dask_run_keeps_it(article: Path, runner) -> None:
    distributed = pytest.importorskip("distributed")
    translate(runner)
    review(OLD, REVIEWED)
    edit_source(article)
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        dashboard_address=":0",  # None still binds 8787 for /health; any free port
    ) as cluster:
        translate(runner, "--scheduler", cluster.scheduler_address)
    assert_editor_kept(read_po(PO))


def _msgcat(path: Path) -> None:
    subprocess.run([gettext_tool("msgcat"), "-o", str(path), str(path)], check=True)


def _polib(path: Path) -> None:
    polib.pofile(str(path), wrapwidth=79).save()


def _translate_toolkit(path: Path) -> None:
    po = pytest.importorskip("translate.storage.po")
    store = po.pofile.parsefile(str(path))
    path.write_bytes(bytes(store))


@pytest.mark.parametrize("round_trip", [_msgcat, _polib, _translate_toolkit])
def test_provenance_survives_other_tools(article: Path, runner, round_trip) -> None:
    translate(runner)
    review(OLD, REVIEWED)
    edit_source(article)
    translate(runner)
    round_trip(PO)
    po = read_po(PO)
    assert needs_review_after_source_change(po.find(NEW))
    assert is_machine(po.find(OTHER_NEW))
    assert "(1 need review after source change)" in run(runner, "status", "--locale", "ru")
    translate(runner)  # and a later run still knows whose words are whose
    assert_editor_kept(read_po(PO))
