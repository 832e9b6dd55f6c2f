"""Translation memory: matching, the incremental index, the step before MT, TMX exchange."""

from __future__ import annotations

import io
import json
import random
import shutil
from pathlib import Path

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from localize.catalog import text_digest
from localize.cli import cli
from localize.config import load_config
from localize.engine.argos import ArgosEngine
from localize.errors import ConfigError, InputError
from localize.fileio import shown
from localize.memory import (
    Unit,
    normalize,
    open_memory,
    read_tmx,
    similarity,
    write_tmx,
)
from localize.testing import build_argos_package
from tests.conftest import DATA, ROOT, msgcat_stable, msgfmt_check

SLUG = "russia-wont-discuss-crimea"
REVIEWED_RU = ROOT / "locales" / "ru" / "LC_MESSAGES" / f"{SLUG}.po"
EXACT = (
    "Peskov said that Trump did not raise the issue of Crimea in his January 28 telephone "
    "conversation with Putin."
)
SEIZED = (
    "Russia seized control of Crimea in March 2014 after sending in troops and staging a "
    "referendum denounced as illegal by the United States and a total of 100 countries in the "
    "UN General Assembly."
)
NOBODY = '"Nobody has formally accused Russia of violating the treaty," he said.'
FOLLOW_UP = f"""Kremlin Rejects New Sanctions

{EXACT}

{SEIZED.replace("100 countries", "120 countries")}

{NOBODY.replace("Russia", "Ukraine")}

The sanctions were announced on Monday.
"""
RU = {
    "Kremlin": "Кремль",
    "Rejects": "отвергает",
    "New": "новые",
    "Sanctions": "санкции",
    "sanctions": "санкции",
    "announced": "объявлены",
    "Monday": "понедельник",
}


def reviewed(lang: str = "ru") -> dict[str, str]:
    po = polib.pofile(str(ROOT / "locales" / lang / "LC_MESSAGES" / f"{SLUG}.po"))
    return {e.msgid: e.msgstr for e in po if e.msgstr and "fuzzy" not in e.flags}


# --- similarity as translators mean it ------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "score"),
    [
        # whitespace and quotes do not make a sentence different
        ("“Hello,”  she said.", '"Hello," she said.', 100),
        ("It’s\tdone.", "It's done.", 100),
        # a number or a name is a placeable: half a word out of ten words
        (NOBODY, NOBODY.replace("Russia", "Ukraine"), 95),
        (SEIZED, SEIZED.replace("100", "120"), 98),
        ("Russia annexed Crimea in 2014.", "Russia annexed Crimea in 2015.", 90),
        # a changed ordinary word costs a whole word; punctuation and case are not words
        ("Russia annexed Crimea in 2014.", "Russia seized Crimea in 2014.", 80),
        ("Russia annexed Crimea in 2014.", "Russia annexed Crimea in 2014!", 99),
        ("Russia annexed Crimea in 2014.", "Russia annexed Crimea in March 2014.", 83),
        ("Russia annexed Crimea in 2014.", "Nothing in common here at all.", 0),
        ("", "", 100),
    ],
)
def test_similarity(a: str, b: str, score: int) -> None:
    assert similarity(a, b) == score
    assert similarity(b, a) == score


@given(st.text(), st.text())
def test_similarity_is_symmetric_and_only_exact_is_100(a: str, b: str) -> None:
    assert similarity(a, b) == similarity(b, a)
    assert 0 <= similarity(a, b) <= 100
    assert similarity(a, a) == 100
    assert (similarity(a, b) == 100) == (normalize(a) == normalize(b))
    assert normalize(normalize(a)) == normalize(a)


# --- the index ------------------------------------------------------------------------------


@pytest.fixture
def ru_project(project: Path) -> Path:
    """The project with the sample article's reviewed Russian catalog."""
    target = project / "locales" / "ru" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(REVIEWED_RU, target / REVIEWED_RU.name)
    return project


def test_memory_holds_reviewed_entries_only_and_refreshes_what_changed(ru_project: Path) -> None:
    path = ru_project / "locales" / "ru" / "LC_MESSAGES" / f"{SLUG}.po"
    po = polib.pofile(str(path))
    po.find(EXACT).flags.append("fuzzy")  # no longer reviewed
    po.save()
    config = load_config()
    with open_memory(config) as memory:
        assert memory.refreshed.read == 1
        assert memory.refreshed.units == len(reviewed()) - 1
        assert memory.lookup(NOBODY, "ru").text == reviewed()[NOBODY]
        assert memory.lookup(EXACT, "ru") is None or memory.lookup(EXACT, "ru").score < 100
    with open_memory(config) as memory:  # nothing changed: nothing read
        assert (memory.refreshed.read, memory.refreshed.removed) == (0, 0)
    other = path.with_name("other.po")
    other.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "Hello."\nmsgstr "Привет."\n',
        encoding="utf-8",
    )
    with open_memory(config) as memory:
        assert (memory.refreshed.read, memory.refreshed.removed) == (1, 0)
        match = memory.lookup("Hello.", "ru")
        assert (match.text, match.unit.origin, match.score) == ("Привет.", "other", 100)
    other.unlink()
    with open_memory(config) as memory:
        assert (memory.refreshed.read, memory.refreshed.removed) == (0, 1)
        assert memory.lookup("Hello.", "ru") is None


def test_fuzzy_match_below_the_threshold_is_not_offered(ru_project: Path) -> None:
    config = load_config()
    sentence = "Russia annexed Crimea in 2014 and the West imposed sanctions."
    (ru_project / "tm").mkdir()
    (ru_project / "tm" / "desk.po").write_text(
        f'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "{sentence}"\nmsgstr "Россия."\n',
        encoding="utf-8",
    )
    with open_memory(config) as memory:
        # 10 words, "in 2014" dropped: 80% — offered at 75, not at 85
        assert (
            memory.lookup("Russia annexed Crimea and the West imposed sanctions.", "ru").score == 80
        )
        memory.threshold = 85
        assert memory.lookup("Russia annexed Crimea and the West imposed sanctions.", "ru") is None


def test_a_number_is_replaced_only_where_unambiguous(ru_project: Path) -> None:
    (ru_project / "tm").mkdir()
    (ru_project / "tm" / "desk.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\n'
        'msgid "The talks lasted 3 hours and ended at 3 p.m."\n'
        'msgstr "Переговоры длились 3 часа и закончились в 3 часа дня."\n\n'
        'msgid "About 1,500 people marched in the capital on Sunday."\n'
        'msgstr "Около 1,500 человек прошли маршем по столице в воскресенье."\n',
        encoding="utf-8",
    )
    with open_memory(load_config()) as memory:
        one = memory.lookup("About 2,000 people marched in the capital on Sunday.", "ru")
        assert one.text == "Около 2,000 человек прошли маршем по столице в воскресенье."
        two = memory.lookup("The talks lasted 4 hours and ended at 3 p.m.", "ru")
        assert two.text == "Переговоры длились 3 часа и закончились в 3 часа дня."


def test_lookup_through_the_index_finds_what_a_scan_of_every_source_finds(project: Path) -> None:
    """The FTS prefilter loses no match above the threshold (brute force as the oracle)."""
    words = SEIZED.replace(".", "").split() + NOBODY.replace('"', "").split()
    rng = random.Random(7)
    sources = sorted(
        {" ".join(rng.choice(words) for _ in range(rng.randint(4, 14))) + "." for _ in range(3000)}
    )
    (project / "tm").mkdir()
    units = [Unit(s, f"ru {i}", "ru", "bench") for i, s in enumerate(sources)]
    with open(project / "tm" / "random.tmx", "w", encoding="utf-8") as out:
        write_tmx(units, out)
    queries = [
        " ".join(rng.choice(words) for _ in range(rng.randint(4, 14))) + "." for _ in range(60)
    ]
    queries += [q.replace(q.split()[1], "Moscow", 1) for q in sources[:40]]
    found = 0
    with open_memory(load_config()) as memory:
        for q in queries:
            best = max(similarity(q, s) for s in sources)
            match = memory.lookup(q, "ru")
            if best >= memory.threshold:
                found += 1
                assert match is not None and match.score == best, q
            else:
                assert match is None, q
    assert found >= 40


def test_config_tm_files_and_their_errors(project: Path) -> None:
    (project / "localize.toml").write_text(
        'tm = ["memories/desk.tmx"]\ntm_threshold = 90\n', encoding="utf-8"
    )
    with pytest.raises(InputError) as err:
        open_memory(load_config())
    assert str(err.value) == (
        f"{project / 'memories' / 'desk.tmx'}: no such file (listed in 'tm' in localize.toml)"
    )
    (project / "memories").mkdir()
    with open(project / "memories" / "desk.tmx", "w", encoding="utf-8") as out:
        write_tmx([Unit("Good morning.", "Guten Morgen.", "de_DE", "desk")], out)
    config = load_config()
    assert config.tm_threshold == 90
    with open_memory(config) as memory:
        match = memory.lookup("Good  morning.", "de")
        assert (match.text, match.score, match.unit.lang) == ("Guten Morgen.", 100, "de_DE")
        assert memory.lookup("Good morning.", "ru") is None
    (project / "localize.toml").write_text("tm_threshold = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config()
    assert str(err.value).endswith(
        "localize.toml:1:1: 'tm_threshold' must be a whole percentage from 1 to 100"
    )


def test_a_damaged_index_is_rebuilt(ru_project: Path) -> None:
    from localize.memory.index import memory_file

    config = load_config()
    with open_memory(config):
        pass
    memory_file(config).write_bytes(b"not a database at all" * 100)
    with open_memory(config) as memory:
        assert memory.refreshed.read == 1
        assert memory.lookup(EXACT, "ru").score == 100


# --- the index is derived data: damaged, foreign or locked, it is rebuilt or built in memory -----


def _root_page(index: Path, table: str) -> int:
    import sqlite3

    con = sqlite3.connect(index)
    try:
        return con.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()[0]
    finally:
        con.close()


def _damage(index: Path, case: str) -> None:
    """Do to the index file what a crash, a full disk or another program may do."""
    import sqlite3

    if case.startswith("a damaged page"):
        page = _root_page(index, "files" if "file list" in case else "sources")
        with index.open("r+b") as fh:  # pages are 4096 bytes, numbered from 1
            fh.seek((page - 1) * 4096)
            fh.write(b"\xff" * 4096)
    elif case == "truncated":
        with index.open("r+b") as fh:
            fh.truncate(index.stat().st_size // 2)
    elif case == "not a database":
        index.write_bytes(b"this is not a database" * 100)
    elif case == "foreign":
        index.unlink()
        con = sqlite3.connect(index)
        con.execute("CREATE TABLE files (name TEXT, owner TEXT)")
        con.execute("INSERT INTO files VALUES ('budget.xls', 'accounts')")
        con.commit()
        con.close()


REBUILT = "; rebuilt from the catalogs"
IN_MEMORY = "; using one built in memory for this run"
DAMAGE = [
    ("a damaged page of the file list", f"the translation memory index was damaged{REBUILT}"),
    (
        "a damaged page of the sentences",
        f"the translation memory index is damaged{IN_MEMORY} (the next run rebuilds it)",
    ),
    ("truncated", f"the translation memory index was damaged{REBUILT}"),
    ("not a database", f"the translation memory index was not a database{REBUILT}"),
    ("foreign", f"the translation memory index was written by another program or version{REBUILT}"),
]


@pytest.mark.parametrize(("case", "warning"), DAMAGE, ids=[c for c, _ in DAMAGE])
def test_a_damaged_or_foreign_index_costs_one_warning_never_a_traceback(
    case: str, warning: str, ru_project: Path, sent: list[str], runner
) -> None:
    from localize.memory.index import memory_file

    (ru_project / "examples" / "follow-up.txt").write_text(FOLLOW_UP, encoding="utf-8")
    good = runner.invoke(cli, ["tm", "export"])
    assert good.exit_code == 0 and good.stderr == ""
    index = memory_file(load_config())
    commands = [
        ["tm", "export"],
        ["update", "examples/follow-up.txt", "--to", "ru"],
        ["translate", "examples/follow-up.txt", "--to", "ru"],
    ]
    for command in commands:
        if not index.exists():  # removed by the run that found it damaged: this one builds it
            assert runner.invoke(cli, ["tm", "export"]).stderr == ""
        _damage(index, case)
        result = runner.invoke(cli, command)
        assert result.exit_code == 0, result.output
        warned = [line for line in result.stderr.splitlines() if "warning" in line]
        assert warned == [f"{shown(index)}: warning: {warning}"], command
        if command[0] == "tm":
            assert result.stdout == good.stdout
        elif command[0] == "update":
            po = polib.pofile("locales/ru/LC_MESSAGES/follow-up.po")
            exact = po.find(EXACT)
            assert exact.tcomment == f"tm: 100% from {SLUG} [{text_digest(exact.msgstr)}]"
        else:
            assert "ru: 2 translated, 0 reused, 3 from memory (1 exact, 2 fuzzy)" in result.stderr
        Path("locales/ru/LC_MESSAGES/follow-up.po").unlink(missing_ok=True)
    again = runner.invoke(cli, ["tm", "export"])  # sound again: no warning
    assert (again.exit_code, again.stderr, again.stdout) == (0, "", good.stdout)


def test_a_locked_index_is_built_in_memory_for_the_run(
    ru_project: Path, runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from filelock import FileLock

    from localize.memory import index as tm

    monkeypatch.setattr(tm, "BUSY_WAIT", 0.2)
    monkeypatch.setattr(tm, "INDEX_WAIT", 0.3)
    assert runner.invoke(cli, ["tm", "export"]).exit_code == 0
    index = tm.memory_file(load_config())
    other = ru_project / "locales" / "ru" / "LC_MESSAGES" / "other.po"
    other.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "Hello."\nmsgstr "Привет."\n',
        encoding="utf-8",
    )  # the index must be written to
    holder = sqlite3.connect(index, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program writing, for ever
    try:
        result = runner.invoke(cli, ["tm", "export"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"{shown(index)}: warning: cannot use the translation memory index (locked by another "
        "process "
        f"for 0.2 s){IN_MEMORY}\n"
    )
    assert "<seg>Привет.</seg>" in result.stdout
    with FileLock(f"{index}.lock"):  # another localize building it, for ever
        result = runner.invoke(cli, ["tm", "export"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"{shown(index)}: warning: cannot use the translation memory index (another process has "
        "been "
        f"building it for 0.3 s){IN_MEMORY}\n"
    )
    assert "<seg>Привет.</seg>" in result.stdout
    assert runner.invoke(cli, ["tm", "export"]).stderr == ""  # free again: used as before


def test_an_unusable_cache_folder_builds_the_index_in_memory(
    ru_project: Path, runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from localize.memory.index import memory_file

    blocker = ru_project / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv("LOCALIZE_CACHE_DIR", str(blocker / "cache"))
    index = memory_file(load_config())
    result = runner.invoke(cli, ["tm", "export"])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        f"{shown(index)}: warning: cannot use the translation memory index ("
    )
    assert result.stderr.endswith(f"){IN_MEMORY}\n") and result.stderr.count("\n") == 1
    assert reviewed()[EXACT] in result.stdout


def test_an_edit_keeping_size_and_mtime_is_seen(ru_project: Path) -> None:
    """Staleness is decided by the content's digest, not by the file's size and time."""
    import os

    path = ru_project / "locales" / "ru" / "LC_MESSAGES" / f"{SLUG}.po"
    config = load_config()
    with open_memory(config) as memory:
        assert memory.lookup(EXACT, "ru").text == reviewed()[EXACT]
    before = path.stat()
    old = reviewed()[EXACT]
    first = old.split()[0]
    new = old.replace(first, "Д" * len(first), 1)  # the same length in UTF-8 bytes
    data = path.read_bytes()
    assert data.count(f'"{first} '.encode()) == 1
    path.write_bytes(data.replace(f'"{first} '.encode(), f'"{"Д" * len(first)} '.encode()))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    with open_memory(config) as memory:
        assert memory.refreshed.read == 1
        assert memory.lookup(EXACT, "ru").text == new


# --- before MT, the memory (the done-when) ------------------------------------------


@pytest.fixture(scope="module")
def ru_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("packages")
    build_argos_package(folder, "en", "ru", RU)
    return folder


@pytest.fixture
def sent(ru_project: Path, ru_package: Path, monkeypatch: pytest.MonkeyPatch, runner) -> list[str]:
    """Installs the word-by-word model; collects every sentence sent to the engine."""
    monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(ru_project / "models"))
    assert runner.invoke(cli, ["models", "install", str(ru_package)]).exit_code == 0
    texts: list[str] = []
    real = ArgosEngine.translate

    def count(self, batch):
        texts.extend(batch)
        return real(self, batch)

    monkeypatch.setattr(ArgosEngine, "translate", count)
    return texts


def test_second_article_takes_exact_and_fuzzy_matches_and_sends_only_the_rest(
    ru_project: Path, sent: list[str], runner
) -> None:
    (ru_project / "examples" / "follow-up.txt").write_text(FOLLOW_UP, encoding="utf-8")
    result = runner.invoke(cli, ["translate", "examples/follow-up.txt", "--to", "ru"])
    assert result.exit_code == 0, result.output
    # Only the two sentences the memory lacks reach the engine: the headline with "Kremlin" as
    # a glossary placeholder (then as written, and the term alone, where the glossary looks for
    # the case its sentence needs) and the last sentence; nothing the memory filled.
    headline, last = "Kremlin Rejects New Sanctions", "The sanctions were announced on Monday."
    assert sent[0].endswith(" Rejects New Sanctions") and last in sent
    assert all(t == last or t.endswith(" Rejects New Sanctions") or t in headline for t in sent)
    assert "ru: 2 translated, 0 reused, 3 from memory (1 exact, 2 fuzzy)" in result.stderr
    path = ru_project / "locales" / "ru" / "LC_MESSAGES" / "follow-up.po"
    po = polib.pofile(str(path))
    old = reviewed()

    exact = po.find(EXACT)
    assert (exact.msgstr, exact.flags) == (old[EXACT], ["fuzzy"])
    assert exact.tcomment == f"tm: 100% from {SLUG} [{text_digest(exact.msgstr)}]"

    number = po.find(SEIZED.replace("100 countries", "120 countries"))
    assert number.flags == ["fuzzy"]
    assert number.msgstr == old[SEIZED].replace("100 стран", "120 стран")
    assert number.tcomment == (
        f"tm: 98% from {SLUG} [{text_digest(number.msgstr)}]\ndiffers: 100 → 120"
    )

    name = po.find(NOBODY.replace("Russia", "Ukraine"))
    # a name, like a number, is replaced where it maps one to one: the glossary knows both,
    # and the memory's "Россию" (accusative) becomes "Украину"
    assert (name.msgstr, name.flags) == (old[NOBODY].replace("Россию", "Украину"), ["fuzzy"])
    assert name.tcomment == (
        f"tm: 95% from {SLUG} [{text_digest(name.msgstr)}]\ndiffers: Russia → Ukraine"
    )
    assert po.find("The sanctions were announced on Monday.").tcomment.startswith("mt: argos")
    assert msgfmt_check(path).returncode == 0 and msgcat_stable(path)

    status = runner.invoke(cli, ["status", "--locale", "ru"])
    assert status.exit_code == 0
    assert (
        "  locales/ru/LC_MESSAGES/follow-up.po: 0% complete — 0 translated, 5 fuzzy, "
        "0 untranslated, 0 obsolete, 3 from memory; 0/74 words"
    ) in status.output
    rows = json.loads(runner.invoke(cli, ["status", "--locale", "ru", "--format", "json"]).output)
    assert [r["stats"]["from_memory"] for r in rows] == [3, 0]

    # a second run sends nothing and changes nothing: memory entries are not retranslated
    sent.clear()
    before = path.read_bytes()
    again = runner.invoke(cli, ["translate", "examples/follow-up.txt", "--to", "ru"])
    assert again.exit_code == 0, again.output
    assert sent == [] and path.read_bytes() == before


def test_a_persons_translation_is_never_replaced_by_the_memory(ru_project: Path, runner) -> None:
    (ru_project / "examples" / "follow-up.txt").write_text(FOLLOW_UP, encoding="utf-8")
    path = ru_project / "locales" / "ru" / "LC_MESSAGES" / "follow-up.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "{EXACT}"\nmsgstr "Перевод редактора."\n',
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["update", "examples/follow-up.txt", "--to", "ru"])
    assert result.exit_code == 0, result.output
    po = polib.pofile(str(path))
    assert po.find(EXACT).msgstr == "Перевод редактора." and po.find(EXACT).flags == []
    assert po.find(NOBODY.replace("Russia", "Ukraine")).tcomment.startswith("tm: 95% from")
    # without the memory, update only merges
    path.unlink()
    result = runner.invoke(cli, ["update", "examples/follow-up.txt", "--to", "ru", "--no-memory"])
    assert result.exit_code == 0, result.output
    assert all(not e.msgstr for e in polib.pofile(str(path)))


# --- TMX exchange ---------------------------------------------------------------------------


def test_export_reads_back_in_translate_toolkit_and_imports_back(ru_project: Path, runner) -> None:
    from translate.storage import tmx

    result = runner.invoke(cli, ["tm", "export", "-o", "out.tmx"])
    assert result.exit_code == 0, result.output
    old = reviewed()
    assert result.stderr == f"wrote out.tmx: {len(old)} units\n"
    store = tmx.tmxfile.parsestring((ru_project / "out.tmx").read_bytes())
    assert {u.source: u.target for u in store.units} == old
    assert {tuple(n.get("{http://www.w3.org/XML/1998/namespace}lang") for n in u.getlanguageNodes())
            for u in store.units} == {("en", "ru")}  # fmt: skip

    # translate-toolkit's own TMX (with its DOCTYPE) comes into the project and the memory
    theirs = tmx.tmxfile(sourcelanguage="en", targetlanguage="uk")
    for source, target in [
        ("Good morning.", "Добрий ранок."),
        ('He said "no" & left.', "Він пішов."),
    ]:
        theirs.addtranslation(source, "en", target, "uk")
    (ru_project / "vendor.tmx").write_bytes(bytes(theirs))
    result = runner.invoke(cli, ["tm", "import", "vendor.tmx"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "imported 2 units (uk 2) into tm/vendor.tmx\n"
    stored = tmx.tmxfile.parsestring((ru_project / "tm" / "vendor.tmx").read_bytes())
    assert [(u.source, u.target) for u in stored.units] == [
        ("Good morning.", "Добрий ранок."),
        ('He said "no" & left.', "Він пішов."),
    ]
    out = runner.invoke(cli, ["tm", "export", "--locale", "uk"])
    assert out.exit_code == 0, out.output
    again = tmx.tmxfile.parsestring(out.stdout_bytes)
    assert sorted((u.source, u.target) for u in again.units) == sorted(
        (u.source, u.target) for u in stored.units
    )


@given(
    st.lists(
        st.tuples(
            st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).filter(str.strip),
            st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1).filter(str.strip),
        ),
        max_size=8,
    )
)
def test_tmx_round_trip_agrees_with_translate_toolkit(pairs: list[tuple[str, str]]) -> None:
    from translate.storage import tmx

    buf = io.StringIO()
    write_tmx([Unit(s, t, "ru", "x") for s, t in pairs], buf)
    data = buf.getvalue().encode("utf-8")
    theirs = tmx.tmxfile.parsestring(data)
    assert [(u.source, u.target) for u in theirs.units] == pairs
    assert [(u.source, u.target) for u in read_tmx(io.BytesIO(data))] == pairs


DECLARES, NO_ENTITY = ": refused: the document declares an entity", "entities are never expanded"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("attribute-default.tmx", ":3: refused: the document type gives attribute 'xml:lang' "
         "of <tuv> a default value"),
        ("billion-laughs.tmx", f":3{DECLARES} (lol); {NO_ENTITY}"),
        ("external-entity.tmx", f":2{DECLARES} (secret); {NO_ENTITY}"),
        ("mismatched-tag.tmx", ":6: malformed XML: mismatched tag"),
        ("not-tmx.tmx", ": not a TMX file (root element <martif>)"),
        ("other-source-language.tmx", ": no translation units with source language 'en'"),
    ],
)  # fmt: skip
def test_hostile_or_wrong_tmx_is_one_line_exit_2_and_stores_nothing(
    project: Path, runner, name: str, message: str
) -> None:
    shutil.copy(DATA / "tmx" / name, project / name)
    result = runner.invoke(cli, ["tm", "import", name])
    assert result.exit_code == 2
    assert result.stderr == f"localize: {name}{message}\n"
    assert not (project / "tm").exists()


def test_after_a_source_edit_memory_text_is_refreshed_but_a_reviewed_one_stays(
    ru_project: Path, runner
) -> None:
    article = ru_project / "examples" / "follow-up.txt"
    article.write_text(FOLLOW_UP, encoding="utf-8")
    path = ru_project / "locales" / "ru" / "LC_MESSAGES" / "follow-up.po"
    assert runner.invoke(cli, ["update", str(article), "--to", "ru"]).exit_code == 0
    po = polib.pofile(str(path))
    ukraine = po.find(NOBODY.replace("Russia", "Ukraine"))
    ukraine.flags.remove("fuzzy")  # an editor accepts the memory's suggestion as it is
    ukraine.msgstr = "«Никто официально не обвинял Украину в нарушении договора», — сказал он."
    po.save()
    # both fuzzy matches' sentences are edited: one reviewed since, one still the memory's
    article.write_text(
        FOLLOW_UP.replace("accused Ukraine", "accused Moldova").replace(
            "120 countries", "100 countries"
        ),
        encoding="utf-8",
    )
    assert runner.invoke(cli, ["update", str(article), "--to", "ru"]).exit_code == 0
    po = polib.pofile(str(path))
    moldova = po.find(NOBODY.replace("Russia", "Moldova"))
    assert moldova.msgstr == ukraine.msgstr and moldova.flags == ["fuzzy"]
    assert moldova.previous_msgid == NOBODY.replace("Russia", "Ukraine")
    assert "tm:" not in moldova.tcomment  # the reviewer's text now, not the memory's
    seized = po.find(SEIZED)
    assert (seized.msgstr, seized.tcomment) == (
        reviewed()[SEIZED],
        f"tm: 100% from {SLUG} [{text_digest(seized.msgstr)}]",
    )


def test_export_keeps_each_catalogs_own_spelling_and_exports_plural_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner
) -> None:
    from translate.storage import tmx

    (tmp_path / "localize.toml").write_text('source = "en"\n', encoding="utf-8")
    (tmp_path / "tm").mkdir()
    head = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: {lang}\\n"\n'
        '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && '
        '(n%100<10 || n%100>=20) ? 1 : 2);\\n"\n\n'
    )
    (tmp_path / "tm" / "a.po").write_text(
        head.format(lang="ru") + 'msgid "He said “no”."\nmsgstr "Он сказал «нет»."\n\n'
        'msgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d файл"\n'
        'msgstr[1] "%d файла"\nmsgstr[2] "%d файлов"\n',
        encoding="utf-8",
    )
    (tmp_path / "tm" / "b.po").write_text(
        head.format(lang="uk") + 'msgid "He said \\"no\\"."\nmsgstr "Він сказав «ні»."\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["tm", "export", "-o", "out.tmx"])
    assert result.exit_code == 0, result.output
    store = tmx.tmxfile.parsestring((tmp_path / "out.tmx").read_bytes())
    assert sorted((u.source, u.target) for u in store.units) == [
        ("%d file", "%d файл"),  # TMX has no plural: the singular, msgstr[0]
        ('He said "no".', "Він сказав «ні»."),  # each catalog's own spelling of the source
        ("He said “no”.", "Он сказал «нет»."),
    ]
