"""HTML and Markdown articles through extract → translate (test model, glossary) → check → build."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest

from localize.cli import cli
from localize.formats import iter_segments
from localize.formats.codes import problems
from tests.conftest import ROOT, msgfmt_check
from tests.test_formats import well_formed

HTML = "examples/crimea-talks.html"
MD = "examples/crimea-talks-wire.md"
RU = {
    "Crimea": "Полуостров",  # the glossary must win: Крым
    "Kremlin": "Кремль",
    "said": "сказал",
    "Friday": "пятницу",
    "Ukraine": "Украина",
    "talks": "переговоры",
    "illegal": "незаконной",
    "sanctions": "санкций",
    "Peskov": "Песков",
}


@pytest.fixture
def packages(word_models) -> Path:
    return word_models("en", "ru", RU)


@pytest.fixture
def site(project: Path, packages: Path, install_models) -> Path:
    for name in (HTML, MD):
        shutil.copy(ROOT / name, project / name)
    (project / "localize.toml").write_text(
        'source = "en"\nlocales = ["ru"]\narticles = ["examples/*.html", "examples/*.md"]\n',
        encoding="utf-8",
    )
    install_models(packages)
    return project


def catalog(slug: str) -> polib.POFile:
    return polib.pofile(f"locales/ru/LC_MESSAGES/{slug}.po")


def test_html_and_markdown_articles_end_to_end(site: Path, runner) -> None:
    result = runner.invoke(cli, ["translate", HTML, MD, "--to", "ru"])
    assert result.exit_code == 0, result.output
    for slug in ("crimea-talks", "crimea-talks-wire"):
        po = catalog(slug)
        assert msgfmt_check(Path(f"locales/ru/LC_MESSAGES/{slug}.po")).returncode == 0
        coded = [e for e in po if "<1" in e.msgid]
        assert len(coded) == 6
        for entry in coded:  # the engine carried every code, in the right sentence
            assert problems(entry.msgid, entry.msgstr) == [], entry.msgid
        assert (
            "<1>Кремль</1> сказал on пятницу"
            in po.find(
                "The <1>Kremlin</1> said on Friday that the status of <2>Crimea</2> is not up for "
                "discussion."
            ).msgstr
        )
        assert "<2>Крым</2>" in "".join(e.msgstr for e in coded)  # the glossary through codes

    html = runner.invoke(cli, ["build", HTML, "--to", "ru", "--allow-fuzzy", "-o", "ru.html"])
    assert html.exit_code == 0, html.output
    out = Path("ru.html").read_text("utf-8")
    assert well_formed(Path(HTML).read_text("utf-8")) and well_formed(out)
    ET.fromstring(out.split("\n", 1)[1])  # the polyglot source stays parseable as XML too
    assert '<html lang="ru" dir="ltr">' in out
    assert (
        '<p>The <a href="https://www.example.org/kremlin">Кремль</a> сказал on пятницу that the '
        "status of <em>Крым</em> is not up for discussion."
    ) in out
    assert 'alt="Дмитрий Песков speaks to journalists in Москва"' in out
    assert 'title="Генеральная Ассамблея ООН resolution">Генеральная Ассамблея ООН</a>' in out
    assert "<li>an end to <em>санкций</em> against Russian banks;</li>" in out
    assert 'dataLayer.push({"section": "russia", "tags": "<p>Crimea</p>"});' in out  # script kept
    links = re.findall(r'<a href="([^"]+)"', out)
    assert links == re.findall(r'<a href="([^"]+)"', Path(HTML).read_text("utf-8"))

    md = runner.invoke(cli, ["build", MD, "--to", "ru", "--allow-fuzzy", "-o", "ru.md"])
    assert md.exit_code == 0, md.output
    out = Path("ru.md").read_text("utf-8")
    assert "The [Кремль](https://www.example.org/kremlin) сказал on пятницу" in out
    assert "status of *Крым* is not up" in out
    assert "- an end to *санкций* against Russian banks;" in out
    assert "![Дмитрий Песков speaks to journalists in Москва](/img/peskov.jpg)" in out
    assert (
        '[Генеральная Ассамблея ООН](https://www.example.org/un "Генеральная Ассамблея ООН ' in out
    )
    assert "dataLayer.push" in out
    assert [s.text for s in iter_segments(Path("ru.md"))][:1] == ["Кремль Rejects Talks On Крым"]


def test_identity_builds_are_byte_exact(site: Path, runner) -> None:
    assert runner.invoke(cli, ["update", HTML, MD, "--to", "ru"]).exit_code == 0
    for path, slug in ((HTML, "crimea-talks"), (MD, "crimea-talks-wire")):
        po = catalog(slug)
        for entry in po:
            entry.msgstr = entry.msgid
        po.save(f"locales/ru/LC_MESSAGES/{slug}.po")
        result = runner.invoke(cli, ["build", path, "--to", "ru", "-o", "out"])
        assert result.exit_code == 0, result.output
        built = Path("out").read_bytes()
        source = Path(path).read_bytes()
        if path == HTML:  # the one difference: the target language on the root element
            source = source.replace(b'<html lang="en">', b'<html lang="ru" dir="ltr">')
        assert built == source


def test_check_catches_a_dropped_link_code_and_build_refuses(site: Path, runner) -> None:
    assert runner.invoke(cli, ["translate", HTML, "--to", "ru"]).exit_code == 0
    path = "locales/ru/LC_MESSAGES/crimea-talks.po"
    po = polib.pofile(path)
    for entry in po:
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        if entry.msgid.startswith("a meeting between"):
            entry.msgstr = "встреча Владимира Путина и Дональда Трампа;"  # the link is gone
    po.save(path)
    po = polib.pofile(path)
    lines = Path(path).read_text("utf-8").splitlines()
    entry_line = (
        lines.index('msgid "a meeting between <1>Vladimir Putin</1> and Donald Trump;"') + 1
    )
    msgstr_line = lines.index('msgstr "встреча Владимира Путина и Дональда Трампа;"') + 1
    result = runner.invoke(cli, ["check", "--select", "markup"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{path}:{msgstr_line}: [markup] code <1>…</1> of the source is missing"
    )
    built = runner.invoke(cli, ["build", HTML, "--to", "ru", "-o", "ru.html"])
    assert built.exit_code == 1
    assert f"{path}:{entry_line}: [markup] code <1>…</1> of the source is missing" in built.output
    assert not Path("ru.html").exists()


CODED = [
    "The <1>Kremlin</1> said on Friday that <2>Crimea</2> is not up for talks.",
    "He left.<1/> She stayed with <1>the big house</1>.",
]


@pytest.mark.apertium
def test_apertium_carries_codes() -> None:
    from localize.engine.apertium import apertium_available
    from localize.engine.plan import EnginePlan
    from localize.engine.translate import translate_segments

    if not apertium_available("en", "es"):
        from tests.conftest import _missing

        _missing("Apertium with the eng-spa pair (apt-get install apertium apertium-eng-spa)")
    plan = EnginePlan("apertium", "en", "es", (), "apertium en-es")
    texts = [CODED[0], "Read <1>the big house</1> today.<2/>"]
    out = translate_segments(plan, texts, lang="es")
    assert [r.text for r in out] == [
        "El <1>Kremlin</1> dijo el viernes que <2>Crimea</2> no es arriba para charlas.",
        "Leído <1>la casa grande</1> hoy.<2/>",
    ]
    assert all(problems(t, r.text) == [] for t, r in zip(texts, out, strict=True))


def test_argos_carries_codes_and_reports_lost_ones(packages: Path, tmp_path: Path) -> None:
    from localize.engine.base import Translation
    from localize.engine.carrier import CodeCarrier
    from localize.models import install_package, list_models

    install_package(next(packages.glob("*.argosmodel")), tmp_path)
    from localize.engine.argos import ArgosEngine

    engine = CodeCarrier(ArgosEngine(list_models(tmp_path)[0].path))
    out = engine.translate([CODED[0]])
    assert out[0].text == (
        "The <1>Кремль</1> сказал on пятницу that <2>Полуостров</2> is not up for переговоры."
    )

    class Loses:
        name = "loses"

        def translate(self, texts):
            return [Translation(t.replace("<1>", "").replace("</1>", "")) for t in texts]

    lost = CodeCarrier(Loses()).translate([CODED[0]])[0]
    assert lost.note == "inline codes: code <1>…</1> of the source is missing"


@pytest.mark.apertium
def test_html_article_through_apertium_with_the_glossary(site: Path, runner) -> None:
    from localize.engine.apertium import apertium_available

    if not apertium_available("en", "es"):
        from tests.conftest import _missing

        _missing("Apertium with the eng-spa pair (apt-get install apertium apertium-eng-spa)")
    result = runner.invoke(cli, ["translate", HTML, "--to", "es", "--engine", "apertium"])
    assert result.exit_code == 0, result.output
    check = runner.invoke(cli, ["check", HTML, "--locale", "es", "--select", "markup"])
    assert check.exit_code == 0, check.output
    built = runner.invoke(cli, ["build", HTML, "--to", "es", "--allow-fuzzy", "-o", "es.html"])
    assert built.exit_code == 0, built.output
    out = Path("es.html").read_text("utf-8")
    assert well_formed(out) and '<html lang="es" dir="ltr">' in out
    assert '<a href="https://www.example.org/kremlin">Kremlin</a> dijo el viernes' in out
    assert "<li>un fin a <em>sanciones</em> contra bancos rusos;</li>" in out
    assert ">Asamblea General de la ONU</a>" in out  # the glossary's form, inside the link
