"""The review site: every text escaped, nothing but its own script, and in a real browser
(headless Chromium through selenium) the figures of `status`, working filters, no console
errors, and a translator's `<script>` shown as text."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import polib
import pytest

from localize.cli import cli
from localize.report.page import word_diff
from localize.testing import build_argos_package
from tests.conftest import _missing

RU = {"Crimea": "Крым", "Russia": "Россия", "spokesman": "представитель", "talks": "переговоры"}
PO = Path("locales/ru/LC_MESSAGES/russia-wont-discuss-crimea.po")
HOSTILE = [
    "<script>window.pwned = 1</script>Кремль",
    '</a><img src=x onerror="window.pwned = 2">Песков',
    '"><svg onload="window.pwned = 3">',
]


@pytest.fixture
def site(project: Path, tmp_path_factory, monkeypatch: pytest.MonkeyPatch, runner) -> Path:
    """The sample translated by a test model, two entries reviewed, three hostile ones."""
    folder = tmp_path_factory.mktemp("report-packages")
    build_argos_package(folder, "en", "ru", RU, doubt={"spokesman": 6})
    monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(project / "models"))
    assert runner.invoke(cli, ["models", "install", str(folder)]).exit_code == 0
    done = runner.invoke(cli, ["translate", "--to", "ru"])
    assert done.exit_code == 0, done.output
    po = polib.pofile(str(PO))
    entries = [e for e in po if e.msgid]
    for e in entries[:2]:
        e.flags.remove("fuzzy")
    for e, text in zip(entries[2:5], HOSTILE, strict=True):
        e.msgstr = text
    po.save()
    done = runner.invoke(cli, ["report", "-o", "site"])
    assert done.exit_code == 0, done.output
    return project / "site"


def test_every_text_is_escaped_and_only_the_own_script_runs(site: Path) -> None:
    import html5lib

    for page in [site / "index.html", *sorted(site.glob("*/*.html"))]:
        doc = html5lib.parse(page.read_text(encoding="utf-8"), namespaceHTMLElements=False)
        scripts = doc.findall(".//script")
        assert len(scripts) <= 1
        assert not doc.findall(".//img") and not doc.findall(".//body//svg[@onload]")
        handlers = [
            (el.tag, name) for el in doc.iter() for name in el.attrib if name.startswith("on")
        ]
        assert handlers == []
        [meta] = doc.findall(".//meta[@http-equiv='Content-Security-Policy']")
        assert meta.get("content").startswith("default-src 'none'")
    text = (site / "ru" / "russia-wont-discuss-crimea.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in text


def test_the_previous_source_is_a_word_diff() -> None:
    assert word_diff("ships left <b>Odessa</b>", "ships left Kherson") == (
        "ships left <del>&lt;b&gt;Odessa&lt;/b&gt;</del><ins>Kherson</ins>"
    )


def test_check_report_leaves_the_site_beside_a_failing_gate(site: Path, runner) -> None:
    shutil.rmtree(site)
    done = runner.invoke(cli, ["check", "--to", "ru", "--report", "gate-site"])
    assert done.exit_code == 1  # fuzzy entries: the gate fails, and the page says where
    assert (Path("gate-site") / "index.html").is_file()
    assert (Path("gate-site") / "ru" / "russia-wont-discuss-crimea.html").is_file()


# --- in a real browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium (pip install selenium)")
    if not chromium or not driver_path:
        _missing("Chromium and ChromeDriver (apt-get install chromium chromium-driver)")
    options = Options()
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1300,900",
    ):
        options.add_argument(flag)
    options.binary_location = chromium
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver
    driver.quit()


def _artifacts(tmp_path: Path) -> Path:
    """Where screenshots go: LOCALIZE_ARTIFACTS (CI keeps it), else the test's own folder."""
    folder = Path(os.environ.get("LOCALIZE_ARTIFACTS") or tmp_path) / "report"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_in_chromium_the_site_shows_status_and_filters_work(
    site: Path, browser, runner, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    shots = _artifacts(tmp_path)
    browser.get(site.joinpath("index.html").resolve().as_uri())
    assert browser.get_log("browser") == []
    status = json.loads(runner.invoke(cli, ["status", "--format", "json"]).output)
    rows = browser.find_elements(By.CSS_SELECTOR, "#overview tbody tr")
    assert len(rows) == len(status)
    for row, want in zip(rows, status, strict=True):
        assert row.get_attribute("data-path") == want["path"]
        got = [
            row.find_element(By.CSS_SELECTOR, f"td.{k}").text
            for k in ("translated", "fuzzy", "untranslated")
        ]
        s = want["stats"]
        assert got == [str(s["translated"]), str(s["fuzzy"]), str(s["untranslated"])]
    browser.save_screenshot(str(shots / "overview.png"))

    browser.find_element(By.LINK_TEXT, str(PO)).click()
    assert browser.get_log("browser") == []
    assert browser.execute_script("return typeof window.pwned") == "undefined"
    cells = [c.text for c in browser.find_elements(By.CSS_SELECTOR, "td.tgt")]
    assert any(c.startswith("<script>window.pwned = 1</script>") for c in cells)
    po = polib.pofile(str(PO))
    fuzzy = sum(1 for e in po if e.msgid and "fuzzy" in e.flags)
    Select(browser.find_element(By.ID, "filter-state")).select_by_value("fuzzy-any")
    shown = [
        r for r in browser.find_elements(By.CSS_SELECTOR, "#entries tbody tr") if r.is_displayed()
    ]
    assert len(shown) == fuzzy == 22
    assert {r.get_attribute("data-fuzzy") for r in shown} == {"1"}
    Select(browser.find_element(By.ID, "filter-state")).select_by_value("reviewed")
    shown = [
        r for r in browser.find_elements(By.CSS_SELECTOR, "#entries tbody tr") if r.is_displayed()
    ]
    assert len(shown) == 2
    Select(browser.find_element(By.ID, "filter-state")).select_by_value("all")
    Select(browser.find_element(By.ID, "sort")).select_by_value("confidence")
    first = browser.find_element(By.CSS_SELECTOR, "#entries tbody tr")
    values = [
        float(r.get_attribute("data-confidence") or 2)
        for r in browser.find_elements(By.CSS_SELECTOR, "#entries tbody tr")
    ]
    assert values == sorted(values) and float(first.get_attribute("data-confidence")) < 1
    assert browser.find_element(By.ID, "shown").text == f"{len(values)} of {len(values)} shown"
    browser.save_screenshot(str(shots / "catalog.png"))
    assert browser.get_log("browser") == []
