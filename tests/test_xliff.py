"""XLIFF 1.2 and 2.1: export, import, the reader, against the OASIS schemas and test suite and
translate-toolkit's readers."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.catalog import encode_po, parse_po
from localize.cli import cli
from localize.config import load_config
from localize.errors import XliffError
from localize.xliff import export_xliff, import_xliff, read_xliff, unit_id
from tests.conftest import DATA, ROOT

XDATA = DATA / "xliff"
SCHEMAS = XDATA / "schemas"
SUITE = XDATA / "suite-2.1"
HTML = ROOT / "examples" / "crimea-talks.html"
KREMLIN = (
    "The <1>Kremlin</1> said on Friday that the status of <2>Crimea</2> is not up for discussion."
)
PESKOV = (
    "Kremlin spokesman Dmitry Peskov told reporters that Moscow would not return the "
    "peninsula to <1>Ukraine</1>."
)
BYLINE = "By Anna Petrova and John Miller"
HEADLINE = "Kremlin Rejects Talks On Crimea"


def schema(version: str):  # type: ignore[no-untyped-def]
    from lxml import etree

    if version == "1.2":
        return etree.XMLSchema(etree.parse(str(SCHEMAS / "1.2" / "xliff-core-1.2-strict.xsd")))
    base = (SCHEMAS / "2.1").resolve().as_uri()
    wrapper = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:import namespace="urn:oasis:names:tc:xliff:document:2.0"
                 schemaLocation="{base}/xliff_core_2.0.xsd"/>
      <xs:import namespace="urn:oasis:names:tc:xliff:metadata:2.0"
                 schemaLocation="{base}/metadata.xsd"/>
      <xs:import namespace="urn:oasis:names:tc:xliff:glossary:2.0"
                 schemaLocation="{base}/glossary.xsd"/>
    </xs:schema>"""
    return etree.XMLSchema(etree.fromstring(wrapper.encode()))


def assert_valid(path: Path, version: str) -> None:
    from lxml import etree

    s = schema(version)
    assert s.validate(etree.parse(str(path))), [str(e) for e in s.error_log][:5]


@pytest.fixture
def xproject(project: Path, runner) -> Path:  # type: ignore[no-untyped-def]
    """The sample project with the HTML example, catalogs for ru, one entry machine output
    (fuzzy, ``# mt:``) and one reviewed."""
    shutil.copy(HTML, project / "examples" / HTML.name)
    result = runner.invoke(cli, ["update", "examples/crimea-talks.html", "--to", "ru"])
    assert result.exit_code == 0, result.stderr
    path = catalog(project)
    po = parse_po(path.read_bytes(), path=str(path))
    peskov = po.find(PESKOV)
    peskov.msgstr = (
        "Пресс-секретарь Кремля Дмитрий Песков сказал журналистам, что Москва не вернёт "
        "полуостров <1>Украине</1>."
    )
    peskov.flags.append("fuzzy")
    peskov.tcomment = "mt: argos en-ru 1.9"
    po.find(BYLINE).msgstr = "Анна Петрова и Джон Миллер"
    path.write_bytes(encode_po(po))
    return project


def catalog(project: Path) -> Path:
    return project / "locales" / "ru" / "LC_MESSAGES" / "crimea-talks.po"


def export(project: Path, version: str, **kw: object) -> Path:
    done = export_xliff(
        ["examples/crimea-talks.html"],
        config=load_config(project / "localize.toml"),
        out_dir=project / "out",
        locales=["ru"],
        version=version,
        **kw,  # type: ignore[arg-type]
    )
    assert [d.path.name for d in done] == ["crimea-talks.ru.xlf"]
    return done[0].path


# --- export -------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_both_examples_export_valid_files_translate_toolkit_reads_with_codes_as_elements(
    xproject: Path, runner, version: str
) -> None:
    from translate.storage import xliff, xliff2

    args = ["update", "examples/russia-wont-discuss-crimea.txt", "--to", "ru"]
    assert runner.invoke(cli, args).exit_code == 0
    articles = ["examples/crimea-talks.html", "examples/russia-wont-discuss-crimea.txt"]
    args = ["xliff", "export", *articles, "--to", "ru", "--version", version, "-o", "out"]
    if version == "2.1":
        args.append("--glossary")
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    files = sorted((xproject / "out").glob("*.xlf"))
    assert [f.name for f in files] == ["crimea-talks.ru.xlf", "russia-wont-discuss-crimea.ru.xlf"]
    for f in files:
        assert_valid(f, version)
    html = files[0]
    text = html.read_text(encoding="utf-8")
    assert "&lt;1&gt;" not in text  # codes are elements, never escaped text
    reader = xliff.xlifffile if version == "1.2" else xliff2.Xliff2File
    store = reader.parsefile(str(html))
    po = parse_po(catalog(xproject).read_bytes())
    live = [e for e in po if not e.obsolete and e.msgid]
    assert len(store.units) == len(live)
    by_text = {u.source: u for u in store.units}
    plain = KREMLIN.replace("<1>", "").replace("</1>", "").replace("<2>", "").replace("</2>", "")
    kremlin = by_text[plain]
    if version == "1.2":
        kinds = [type(e).__name__ for e in kremlin.rich_source[0].sub]
        assert kinds == ["StringElem", "G", "StringElem", "G", "StringElem"]
        assert str(kremlin.rich_source[0].sub[1]) == "Kremlin"
    else:
        kinds = [type(e).__name__ for e in kremlin.rich_source[0].sub]
        assert kinds == ["StringElem", "UnknownXML", "StringElem", "UnknownXML", "StringElem"]
        assert [e.xml_node.get("id") for e in kremlin.rich_source[0].sub[1::2]] == ["1", "2"]
        assert "<gls:glossEntry><gls:term>Kremlin</gls:term>" in text
        assert "<pc " in text and "<originalData>" in text
        assert '<data id="d1">&lt;a href="https://www.example.org/kremlin"&gt;</data>' in text
    # every unit intact: translate-toolkit's text is the catalog's without its codes
    from localize.formats.codes import strip

    ours = {u.id: u for u in read_xliff(html)}
    for u in store.units:
        entry = next(e for e in live if unit_id(e) == u.getid().split("\x04")[-1][-17:])
        assert u.source == strip(entry.msgid)
        assert (u.target or "") == strip(entry.msgstr)
        assert ours[unit_id(entry)].source == entry.msgid
    peskov = next(u for u in store.units if u.source.startswith("Kremlin spokesman"))
    assert peskov.target.startswith("Пресс-секретарь")
    assert peskov.isfuzzy() or not peskov.isapproved()
    assert len({u.getid() for u in store.units}) == len(store.units)


def test_states_notes_and_ids(xproject: Path) -> None:
    units = {u.source: u for u in read_xliff(export(xproject, "2.1"))}
    assert units[HEADLINE].state == "initial" and units[HEADLINE].target is None
    assert units[PESKOV].state == "translated"
    assert units[BYLINE].state == "reviewed"
    po = parse_po(catalog(xproject).read_bytes())
    assert units[KREMLIN].id == unit_id(po.find(KREMLIN))
    text = (xproject / "out" / "crimea-talks.ru.xlf").read_text(encoding="utf-8")
    assert 'subState="localize:mt"' in text
    assert '<note category="provenance">mt: argos en-ru 1.9</note>' in text
    assert '<note category="block">heading</note>' in text
    units12 = {u.source: u for u in read_xliff(export(xproject, "1.2"))}
    assert units12[HEADLINE].state == "new"
    assert units12[PESKOV].state == "needs-review-translation"
    assert units12[BYLINE].state == "final" and units12[BYLINE].approved
    text = (xproject / "out" / "crimea-talks.ru.xlf").read_text(encoding="utf-8")
    assert 'state-qualifier="mt-suggestion"' in text


def test_only_todo_leaves_reviewed_entries_out(xproject: Path) -> None:
    sources = [u.source for u in read_xliff(export(xproject, "2.1", only_todo=True))]
    assert BYLINE not in sources and PESKOV in sources


def test_the_unit_id_comes_from_context_and_text() -> None:
    a = polib.POEntry(msgid="Crimea", msgstr="x")
    b = polib.POEntry(msgid="Crimea", msgctxt="caption")
    assert unit_id(a) == unit_id(polib.POEntry(msgid="Crimea")) != unit_id(b)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet="aZ Крым<>&\"'\t\r\n\x01\x7f\u2028😀", max_size=6),
            st.sampled_from(["<1>", "</1>", "<2/>", "<3>", "</3>"]),
        ),
        max_size=8,
    ),
    st.sampled_from(["1.2", "2.1"]),
)
def test_any_text_comes_back_from_its_inline_xml(pieces: list[str], version: str) -> None:
    """What the writer makes of a text (codes as elements or, unbalanced, as text) reads back
    as that text; 1.2 shows characters XML cannot hold as visible escapes."""
    from xml.etree import ElementTree as ET

    from localize.xliff.inline import has_codes, read_inline, write_inline

    text = "".join(pieces)
    xml = write_inline(text, version, codes=has_codes(text))
    elem = ET.fromstring(f"<source>{xml}</source>")
    want = (
        text
        if version == "2.1"
        else re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: f"\\x{ord(m.group()):02x}", text)
    )
    assert read_inline(elem) == want


# --- import -------------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_export_then_import_with_no_change_leaves_the_catalog_byte_identical(
    xproject: Path, runner, version: str
) -> None:
    before = catalog(xproject).read_bytes()
    path = export(xproject, version)
    result = runner.invoke(cli, ["xliff", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "imported 0 translation(s); 0 finding(s)" in result.stderr
    assert catalog(xproject).read_bytes() == before


def _edit_20(path: Path, person_edits: bool = True) -> None:
    """A translator's work in a CAT tool: targets, a code moved, one unit marked final."""
    from lxml import etree

    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    tree = etree.parse(str(path))
    units = {u.find(".//x:source", ns).xpath("string()"): u for u in tree.iterfind(".//x:unit", ns)}
    x = "{urn:oasis:names:tc:xliff:document:2.0}"

    def target(unit, xml: str) -> None:  # type: ignore[no-untyped-def]
        seg = unit.find("x:segment", ns)
        old = seg.find("x:target", ns)
        if old is not None:
            seg.remove(old)
        new = etree.fromstring(f'<target xmlns="{ns["x"]}">{xml}</target>')
        seg.append(new)
        return seg

    # the code for "Kremlin" moved to the start of the sentence
    kremlin = units[
        KREMLIN.replace("<1>", "").replace("</1>", "").replace("<2>", "").replace("</2>", "")
    ]
    pc = kremlin.find(".//x:source/x:pc", ns)
    refs = f'dataRefStart="{pc.get("dataRefStart")}" dataRefEnd="{pc.get("dataRefEnd")}"'
    pc2 = kremlin.findall(".//x:source/x:pc", ns)[1]
    refs2 = f'dataRefStart="{pc2.get("dataRefStart")}" dataRefEnd="{pc2.get("dataRefEnd")}"'
    target(
        kremlin,
        f'<pc id="1" {refs}>Кремль</pc> заявил в пятницу, что статус '
        f'<pc id="2" {refs2}>Крыма</pc> не обсуждается.',
    )
    seg = target(units[HEADLINE], "Кремль отказывается от переговоров о Крыме")
    seg.set("state", "final")  # marked final
    target(units["By Anna Petrova and John Miller"], "Авторы: Анна Петрова и Джон Миллер")
    del x
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_a_translators_file_imports_with_states_and_a_conflict_for_an_entry_edited_meanwhile(
    xproject: Path, runner
) -> None:
    path = export(xproject, "2.1")
    _edit_20(path)
    # meanwhile an editor changes the byline in the catalog
    po = parse_po(catalog(xproject).read_bytes())
    po.find(BYLINE).msgstr = "Анна Петрова, Джон Миллер"
    catalog(xproject).write_bytes(encode_po(po))
    result = runner.invoke(cli, ["xliff", "import", str(path)])
    assert result.exit_code == 1  # the conflict is a finding
    byline_line = next(u.line for u in read_xliff(path) if u.source == BYLINE)
    assert result.stdout == (
        f"{path}:{byline_line}: [conflict] unit {unit_id(po.find(BYLINE))}: the catalog's entry "
        "changed since the export; both kept (catalog 'Анна Петрова, Джон Миллер', file "
        "'Авторы: Анна Петрова и Джон Миллер')\n"
    )
    po = parse_po(catalog(xproject).read_bytes())
    headline = po.find(HEADLINE)
    assert headline.msgstr == "Кремль отказывается от переговоров о Крыме"
    assert "fuzzy" not in headline.flags and not headline.tcomment  # final -> translated
    kremlin = po.find(KREMLIN)
    assert kremlin.msgstr == (
        "<1>Кремль</1> заявил в пятницу, что статус <2>Крыма</2> не обсуждается."
    )
    assert "fuzzy" in kremlin.flags and kremlin.tcomment == "xliff: crimea-talks.ru.xlf"
    assert po.find(BYLINE).msgstr == "Анна Петрова, Джон Миллер"  # the editor's, kept
    assert po.find(PESKOV).tcomment == "mt: argos en-ru 1.9"  # untouched
    check = runner.invoke(cli, ["check", "--to", "ru", "--select", "markup"])
    assert "[markup]" not in check.stdout


def test_the_same_translators_work_in_xliff_1_2(xproject: Path, runner) -> None:
    """Targets changed, a code moved, one unit final; an entry edited meanwhile: in 1.2."""
    from lxml import etree

    path = export(xproject, "1.2")
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    tree = etree.parse(str(path))
    units = {
        u.find("x:source", ns).xpath("string()"): u for u in tree.iterfind(".//x:trans-unit", ns)
    }

    def target(unit, xml: str, state: str) -> None:  # type: ignore[no-untyped-def]
        unit.remove(unit.find("x:target", ns))
        new = etree.fromstring(f'<target xmlns="{ns["x"]}" state="{state}">{xml}</target>')
        unit.find("x:source", ns).addnext(new)

    plain = "The Kremlin said on Friday that the status of Crimea is not up for discussion."
    target(
        units[plain],
        '<g id="1">Кремль</g> заявил в пятницу, что статус <g id="2">Крыма</g> не обсуждается.',
        "translated",
    )
    target(units[HEADLINE], "Кремль отказывается от переговоров о Крыме", "final")
    target(units[BYLINE], "Авторы: Анна Петрова и Джон Миллер", "translated")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert_valid(path, "1.2")
    po = parse_po(catalog(xproject).read_bytes())
    po.find(BYLINE).msgstr = "Анна Петрова, Джон Миллер"  # meanwhile, in the catalog
    catalog(xproject).write_bytes(encode_po(po))
    result = runner.invoke(cli, ["xliff", "import", str(path)])
    assert result.exit_code == 1
    assert result.stdout.count("[conflict]") == 1 and BYLINE not in result.stdout
    assert f"unit {unit_id(po.find(BYLINE))}: the catalog's entry changed" in result.stdout
    po = parse_po(catalog(xproject).read_bytes())
    assert "fuzzy" not in po.find(HEADLINE).flags
    kremlin = po.find(KREMLIN)
    assert (
        kremlin.msgstr == "<1>Кремль</1> заявил в пятницу, что статус <2>Крыма</2> не обсуждается."
    )
    assert "fuzzy" in kremlin.flags and kremlin.tcomment == "xliff: crimea-talks.ru.xlf"
    assert po.find(BYLINE).msgstr == "Анна Петрова, Джон Миллер"


def test_a_translator_marking_machine_output_final_makes_it_translated_1_2(
    xproject: Path, runner
) -> None:
    path = export(xproject, "1.2")
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        'state="needs-review-translation" state-qualifier="mt-suggestion"', 'state="final"'
    )
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["xliff", "import", str(path)])
    assert result.exit_code == 0, result.output
    entry = parse_po(catalog(xproject).read_bytes()).find(PESKOV)
    assert "fuzzy" not in entry.flags and entry.tcomment == ""


def test_a_target_for_a_changed_sentence_drops_its_previous_text_so_mt_leaves_it(
    xproject: Path,
) -> None:
    from localize.pipeline import needs_mt

    path = catalog(xproject)
    po = parse_po(path.read_bytes())
    entry = po.find(HEADLINE)
    entry.msgstr, entry.previous_msgid = "Кремль отверг переговоры", "Kremlin Rejects Talks"
    entry.flags.append("fuzzy")
    path.write_bytes(encode_po(po))
    out = export(xproject, "1.2")
    text = out.read_text(encoding="utf-8")
    assert '<note from="previous-source">Kremlin Rejects Talks</note>' in text
    text = text.replace(
        ">Кремль отверг переговоры<", ">Кремль отказывается от переговоров о Крыме<"
    )
    out.write_text(text, encoding="utf-8")
    done = import_xliff([out], config=load_config(xproject / "localize.toml"))
    assert (done.changed, done.findings) == (1, [])
    entry = parse_po(path.read_bytes()).find(HEADLINE)
    assert entry.previous_msgid is None and "fuzzy" in entry.flags and not needs_mt(entry)


def test_what_cat_tools_add_is_read_through(xproject: Path) -> None:
    """Trados's 1.2 ``<seg-source>``/``<mrk mtype="seg">`` and a 2.x unit split in two
    segments read as the one sentence they are."""
    out = export(xproject, "1.2")
    text = out.read_text(encoding="utf-8")
    at = text.index(f"<source>{HEADLINE}</source>")
    end = text.index("</target>", at)
    text = (
        text[:at]
        + f'<source>{HEADLINE}</source><seg-source><mrk mtype="seg" mid="0">{HEADLINE}</mrk>'
        + '</seg-source><target state="translated"><mrk mtype="seg" mid="0">Кремль против'
        + "</mrk>"
        + text[end:]
    )
    out.write_text(text, encoding="utf-8")
    assert_valid(out, "1.2")
    [unit] = [u for u in read_xliff(out) if u.source == HEADLINE]
    assert unit.target == "Кремль против"
    out = export(xproject, "2.1")
    text = out.read_text(encoding="utf-8")
    text = text.replace(
        f"<source>{HEADLINE}</source>\n      </segment>",
        "<source>Kremlin Rejects </source><target>Кремль отвергает </target></segment>"
        '<segment state="final"><source>Talks On Crimea</source><target>переговоры</target>'
        "</segment>",
    )
    out.write_text(text, encoding="utf-8")
    assert_valid(out, "2.1")
    [unit] = [u for u in read_xliff(out) if u.source == HEADLINE]
    assert (unit.target, unit.state) == ("Кремль отвергает переговоры", "initial")


def test_a_unit_whose_source_changed_is_reported_not_guessed(xproject: Path, runner) -> None:
    path = export(xproject, "2.1")
    text = path.read_text(encoding="utf-8").replace(
        f"<source>{HEADLINE}</source>",
        f"<source>{HEADLINE}</source><target>Кремль</target>",
    )
    assert "<target>Кремль</target>" in text
    path.write_text(text, encoding="utf-8")
    po = parse_po(catalog(xproject).read_bytes())
    po.find(HEADLINE).msgid = "Kremlin Rejects Talks"  # the article changed meanwhile
    catalog(xproject).write_bytes(encode_po(po))
    done = import_xliff([path], config=load_config(xproject / "localize.toml"))
    assert [f.code for f in done.findings] == ["source"]
    assert "its source is not in the catalog" in done.findings[0].message
    assert done.changed == 0


def test_broken_codes_in_a_target_are_a_markup_finding_and_stay_fuzzy(
    xproject: Path, runner
) -> None:
    path = export(xproject, "2.1")
    text = path.read_text(encoding="utf-8")
    start = text.index("<target", text.index("Kremlin spokesman"))
    end = text.index("</target>", start)
    text = text[:start] + "<target>Песков сказал." + text[end:]
    path.write_text(text, encoding="utf-8")
    done = import_xliff([path], config=load_config(xproject / "localize.toml"))
    found = [(f.code, f.message.split(": ", 1)[1]) for f in done.findings]
    assert found[0] == ("markup", "code <1>…</1> of the source is missing")
    assert ("glossary", '"Kremlin" → Кремль|Кремля|Кремлю|Кремлем|Кремле') in found
    entry = parse_po(catalog(xproject).read_bytes()).find(PESKOV)
    assert entry.msgstr == "Песков сказал." and "fuzzy" in entry.flags


def test_translate_toolkit_po2xliff_output_imports(xproject: Path, tmp_path: Path) -> None:
    """po2xliff's file (ids and states of its own, codes as text) edited and imported."""
    out = tmp_path / "tt.xlf"
    subprocess.run(
        [str(Path(sys.executable).parent / "po2xliff"), str(catalog(xproject)), str(out)],
        check=True,
        capture_output=True,
    )
    if "target-language=" not in out.read_text(encoding="utf-8"):
        # translate-toolkit 3.17 (the newest for Python 3.10) writes no target language
        pytest.skip("this po2xliff writes no target-language (translate-toolkit < 3.18)")
    from translate.storage import xliff

    store = xliff.xlifffile.parsefile(str(out))
    for u in store.units:
        if u.source == HEADLINE:
            u.target = "Кремль отказывается от переговоров о Крыме"
            u.markfuzzy(True)
        if u.source == KREMLIN:
            u.target = "<1>Кремль</1> заявил, что статус <2>Крыма</2> не обсуждается."
            u.markapproved(True)
    store.savefile(str(out))
    done = import_xliff([out], config=load_config(xproject / "localize.toml"))
    assert done.findings == [] and done.changed == 2
    po = parse_po(catalog(xproject).read_bytes())
    # as translate-toolkit's own xliff2po reads the same file
    back = tmp_path / "back.po"
    subprocess.run(
        [str(Path(sys.executable).parent / "xliff2po"), str(out), str(back)],
        check=True,
        capture_output=True,
    )
    theirs = polib.pofile(str(back))
    for text in (HEADLINE, KREMLIN):
        assert po.find(text).msgstr == theirs.find(text).msgstr
        assert ("fuzzy" in po.find(text).flags) == ("fuzzy" in theirs.find(text).flags)
    assert "fuzzy" in po.find(HEADLINE).flags
    assert po.find(HEADLINE).tcomment == "xliff: tt.xlf"
    assert "fuzzy" not in po.find(KREMLIN).flags


def test_a_regional_locale_as_users_type_it_is_bcp47_in_the_file_and_gettext_on_disk(
    xproject: Path, runner
) -> None:
    assert (
        runner.invoke(cli, ["update", "examples/crimea-talks.html", "--to", "ru-RU"]).exit_code == 0
    )
    args = ["xliff", "export", "examples/crimea-talks.html", "--to", "ru-RU", "-o", "out"]
    assert runner.invoke(cli, args).exit_code == 0
    path = xproject / "out" / "crimea-talks.ru-RU.xlf"
    assert 'srcLang="en" trgLang="ru-RU"' in path.read_text(encoding="utf-8")
    text = path.read_text(encoding="utf-8").replace(
        f"<source>{HEADLINE}</source>",
        f"<source>{HEADLINE}</source><target>Кремль отказывается обсуждать Крым</target>",
    )
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["xliff", "import", str(path)])
    assert result.exit_code == 0, result.output
    ru_ru = xproject / "locales" / "ru_RU" / "LC_MESSAGES" / "crimea-talks.po"
    assert (
        parse_po(ru_ru.read_bytes()).find(HEADLINE).msgstr == "Кремль отказывается обсуждать Крым"
    )
    assert parse_po(catalog(xproject).read_bytes()).find(HEADLINE).msgstr == ""


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_plural_and_context_entries_go_out_and_come_back(xproject: Path, version: str) -> None:
    path = catalog(xproject)
    po = parse_po(path.read_bytes())
    po.append(polib.POEntry(msgid="Crimea", msgctxt="caption", msgstr="Крым (подпись)"))
    po.append(
        polib.POEntry(
            msgid="{n} ship",
            msgid_plural="{n} ships",
            msgstr_plural={0: "{n} судно", 1: "{n} судна", 2: ""},
            flags=["fuzzy"],
        )
    )
    path.write_bytes(encode_po(po))
    before = path.read_bytes()
    out = export(xproject, version)
    assert_valid(out, version)
    units = {u.id: u for u in read_xliff(out)}
    ship = unit_id(po.find("{n} ship"))
    forms = [units[f"{ship}[{i}]" if version == "1.2" else f"{ship}-{i}"] for i in range(3)]
    assert [u.source for u in forms] == ["{n} ship", "{n} ships", "{n} ships"]
    caption = next(u for u in units.values() if u.name == "caption")
    assert caption.source == "Crimea" and caption.target == "Крым (подпись)"
    done = import_xliff([out], config=load_config(xproject / "localize.toml"))
    assert (done.changed, done.findings, path.read_bytes()) == (0, [], before)
    text = out.read_text(encoding="utf-8")
    third = f"{ship}[2]" if version == "1.2" else f"{ship}-2"
    at = text.index(f'id="{third}"')
    empty = '<target state="new"></target>' if version == "1.2" else "</source>"
    pos = text.index(empty, at) if version == "2.1" else text.index("<target ", at)
    if version == "2.1":
        text = text[: pos + 9] + "<target>{n} судов</target>" + text[pos + 9 :]
    else:
        end = text.index("</target>", pos)
        text = text[:pos] + '<target state="translated">{n} судов' + text[end:]
    out.write_text(text, encoding="utf-8")
    done = import_xliff([out], config=load_config(xproject / "localize.toml"))
    assert done.changed == 1, done.findings
    entry = parse_po(path.read_bytes()).find("{n} ship")
    assert entry.msgstr_plural[2] == "{n} судов" and "fuzzy" in entry.flags


def test_a_huge_file_is_read_in_bounded_memory(tmp_path: Path) -> None:
    import tracemalloc

    path = tmp_path / "huge.xlf"
    with path.open("w", encoding="utf-8") as f:
        f.write(
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" '
            'srcLang="en" trgLang="ru"><file id="f1">'
        )
        words = "Kremlin spokesman Dmitry Peskov told reporters on Friday. " * 16
        for i in range(10_000):
            f.write(
                f'<unit id="u{i}"><segment state="translated"><source>{i} {words}</source>'
                f"<target>{i} {words}</target></segment></unit>\n"
            )
        f.write("</file></xliff>\n")
    size = path.stat().st_size
    tracemalloc.start()
    n = sum(1 for _ in read_xliff(path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert n == 10_000
    # one unit at a time, and the ids (to check they are unique); the tree would be 5× the file
    assert peak < size / 10, (peak, size)  # measured: 1.2 MB for 19.6 MB


# --- the reader ---------------------------------------------------------------------------

# The suite's processor configuration (core/valid/extra-prefixes.properties) registers the
# fragment identifier prefix "tbx" for the TBX namespace, which withTBXExtension.xlf uses.
PREFIXES = {"urn:iso:std:iso:30042:ed-1:v1:en": "tbx"}
VALID = sorted((SUITE / "core" / "valid").glob("*.xlf")) + sorted(
    (SUITE / "modules" / "valid").glob("*.xlf")
)
INVALID = sorted((SUITE / "core" / "invalid").glob("*.xlf"))
# file:line: message for every invalid core file, each read against the file's own comment
EXPECTED = dict(
    line.split(":", 1)
    for line in (XDATA / "suite-2.1-invalid.expected").read_text(encoding="utf-8").splitlines()
)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_the_suites_valid_files_are_read(path: Path) -> None:
    list(read_xliff(path, prefixes=PREFIXES))


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_the_suites_invalid_core_files_are_refused_at_a_line(path: Path) -> None:
    with pytest.raises(XliffError) as err:
        list(read_xliff(path, prefixes=PREFIXES))
    assert err.value.path == str(path)
    assert f"{err.value.line}: {err.value.message}" == EXPECTED[path.name]


MODULES = sorted((SUITE / "modules" / "invalid").glob("*.xlf"))
# the same for the modules' invalid files; ACCEPTED: a module whose constraints are not checked
# (slr:sizeInfo's value is the profile's; ctr's property and item values are not checked)
EXPECTED_MODULES = dict(
    line.split(":", 1)
    for line in (XDATA / "suite-2.1-invalid-modules.expected")
    .read_text(encoding="utf-8")
    .splitlines()
)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_the_suites_invalid_module_files_are_refused_as_listed(path: Path) -> None:
    try:
        list(read_xliff(path, prefixes=PREFIXES))
        got = " ACCEPTED"
    except XliffError as err:
        got = f"{err.line}: {err.message}"
    assert got == EXPECTED_MODULES[path.name]


def test_the_suite_figures() -> None:
    """59 valid files read, 119 of 119 invalid core files and 40 of 43 invalid module files
    refused; an extension's fragment prefix is refused unless registered."""
    assert (len(VALID), len(INVALID), len(EXPECTED)) == (59, 119, 119)
    assert not any(v.endswith("ACCEPTED") for v in EXPECTED.values())
    refused = [v for v in EXPECTED_MODULES.values() if not v.endswith("ACCEPTED")]
    assert (len(MODULES), len(refused)) == (43, 40)
    tbx = SUITE / "core" / "valid" / "withTBXExtension.xlf"
    with pytest.raises(XliffError, match="prefix 'tbx' is not registered"):
        list(read_xliff(tbx))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("billion-laughs.xlf", ":3: refused: the document declares an entity (lol); entities are "
         "never expanded"),
        ("external-entity.xlf", ":2: refused: the document declares an entity (secret); entities "
         "are never expanded"),
        ("attribute-default.xlf", ":3: refused: the document type gives attribute 'state' of "
         "<segment> a default value"),
        ("mismatched-tag.xlf", ":6: malformed XML: mismatched tag"),
        ("not-xliff.xlf", ":1: not an XLIFF file (root element <tmx> in 'no namespace')"),
        ("ec-before-sc.xlf", ":6: <ec startRef='1'> before (or without) its <sc>"),
        ("bad-state-1.2.xlf", ":7: state 'done' is no XLIFF 1.2 state"),
        ("duplicate-id-1.2.xlf", ":6: trans-unit id 'u1' is not unique in its file"),
        ("ctr-revisions-without-ref.xlf", ":7: ctr:revisions without ref, and the unit has 2 "
         "<note>"),
        ("slr-sizeinfo-on-ec.xlf", ":6: slr:sizeInfo on an <ec> that is not isolated"),
        ("res-source-empty.xlf", ":7: <res:source> has neither href nor content"),
    ],
)  # fmt: skip
def test_hostile_or_broken_files_are_refused_at_their_line(
    project: Path, runner, name: str, message: str
) -> None:
    shutil.copy(XDATA / "hostile" / name, project / name)
    result = runner.invoke(cli, ["xliff", "import", name])
    assert result.exit_code == 2
    assert result.stderr == f"localize: {name}{message}\n"
