"""Plural forms as GNU gettext writes them: msginit and msgfmt -c are the oracles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from localize.cli import cli
from localize.lang import (
    PluralFormsError,
    accepted_plural_forms,
    cldr_plural_forms,
    gettext_plural_forms,
    parse_plural_forms,
    plural_forms,
)
from tests.conftest import gettext_tool, msgfmt_check

ARTICLE = "examples/russia-wont-discuss-crimea.txt"


def msginit_plural_forms(code: str, tmp_path: Path) -> str | None:
    """What GNU msginit writes into a new catalog for ``code`` (None: it has no formula)."""
    pot = tmp_path / "x.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n')
    out = subprocess.run(
        [gettext_tool("msginit"), "--no-translator", "--no-wrap", "-l", code, "-i", pot, "-o", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for line in out.splitlines():
        if line.startswith('"Plural-Forms: '):
            return line[len('"Plural-Forms: ') : -len('\\n"')]
    return None


# ca joined gettext's table after 0.21 (Debian 12's msginit has no formula for it).
@pytest.mark.parametrize(
    "code", ["fr", "es", "it", "pt", "pt_BR", "de", "de_AT", "ru", "uk", "pl", "cs", "sl", "ja"]
)
def test_new_catalogs_take_what_msginit_writes(code, tmp_path) -> None:
    expected = msginit_plural_forms(code, tmp_path)
    assert expected is not None
    assert gettext_plural_forms(code) == expected
    assert plural_forms(code) == expected


@pytest.mark.parametrize("code", ["kk", "zh", "zh_Hant", "zh_TW", "ar"])
def test_languages_gettext_lacks_take_cldr(code, tmp_path) -> None:
    assert msginit_plural_forms(code, tmp_path) is None
    assert gettext_plural_forms(code) is None
    assert plural_forms(code) == cldr_plural_forms(code)


def test_region_codes_resolve_to_their_language() -> None:
    assert plural_forms("zh_Hant") == plural_forms("zh") == "nplurals=1; plural=0;"
    assert plural_forms("fr_CA") == plural_forms("fr")
    assert plural_forms("pt_PT") == plural_forms("pt") == "nplurals=2; plural=(n != 1);"
    assert plural_forms("pt_BR") == "nplurals=2; plural=(n > 1);"  # gettext's own entry


@pytest.mark.parametrize(
    "value",
    [
        "nplurals=2; plural=(n > 1);",
        "nplurals=2; plural=n>1",
        "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
        "nplurals=1; plural=0;",
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
        "nplurals=2; plural=!(n == 1);",
        "nplurals=3; plural=n>;",
        "nplurals=2; plural=n;",
        "nplurals=2; plural=(n > 1;",
        "nplurals=2; plural=n ? 1;",
        "nplurals=2; plural=x > 1;",
        "nplurals=2; plural=n % 0;",
    ],
)
def test_expressions_are_judged_as_msgfmt_c_judges_them(value, tmp_path) -> None:
    path = tmp_path / "e.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: {value}\\n"\n\nmsgid "a"\nmsgid_plural "as"\n'
        + "".join(f'msgstr[{i}] "x"\n' for i in range(int(value.split(";")[0][-1]))),
        encoding="utf-8",
    )
    try:
        parse_plural_forms(value)
        ours = True
    except PluralFormsError:
        ours = False
    assert ours == (msgfmt_check(path).returncode == 0)


# --------------------------------------------------------------------------------------------
# The header check on catalogs, through the CLI.


def fill(path: Path, header: str, forms: int) -> None:
    """Translate every entry of a catalog, set its Plural-Forms and add a plural entry."""
    po = polib.pofile(str(path))
    po.metadata["Plural-Forms"] = header
    for e in po:
        e.msgstr = "«" + e.msgid + "»"
    po.append(
        polib.POEntry(
            msgid="%d country",
            msgid_plural="%d countries",
            msgstr_plural={i: f"%d pays{i}" for i in range(forms)},
        )
    )
    po.save()


def po_path(lang: str) -> Path:
    return Path(f"locales/{lang}/LC_MESSAGES/russia-wont-discuss-crimea.po")


def gate(runner: CliRunner, lang: str):
    return runner.invoke(cli, ["check", "--to", lang, "--ignore", "glossary,language"])


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_gettext_and_cldr_headers_both_pass_check(project, runner, lang) -> None:
    assert runner.invoke(cli, ["update", ARTICLE, "--to", lang]).exit_code == 0
    written = polib.pofile(str(po_path(lang))).metadata["Plural-Forms"]
    assert written == gettext_plural_forms(lang)  # a new catalog: gettext's 2 forms
    for header in (gettext_plural_forms(lang), cldr_plural_forms(lang)):
        assert runner.invoke(cli, ["update", ARTICLE, "--to", lang]).exit_code == 0
        fill(po_path(lang), header, parse_plural_forms(header)[0])
        result = gate(runner, lang)
        assert result.exit_code == 0, result.output
        assert msgfmt_check(po_path(lang)).returncode == 0
        po_path(lang).unlink()


def test_nplurals_that_disagree_with_msgstr_fail_at_the_entry(project, runner) -> None:
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "fr"]).exit_code == 0
    fill(
        po_path("fr"),
        "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
        2,
    )
    lines = po_path("fr").read_text(encoding="utf-8").splitlines()
    at = lines.index('msgstr[0] "%d pays0"') + 1
    result = gate(runner, "fr")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{po_path('fr')}:{at}: [plurals] 2 plural forms, but the header's Plural-Forms has "
        "nplurals=3\n"
    )
    assert msgfmt_check(po_path("fr")).returncode != 0  # GNU msgfmt rejects it too


def test_an_expression_msgfmt_rejects_is_one_header_finding(project, runner) -> None:
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "es"]).exit_code == 0
    fill(po_path("es"), "nplurals=2; plural=n;", 2)
    at = (
        po_path("es")
        .read_text(encoding="utf-8")
        .splitlines()
        .index('"Plural-Forms: nplurals=2; plural=n;\\n"')
        + 1
    )
    result = gate(runner, "es")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{po_path('es')}:{at}: [header] Plural-Forms 'nplurals=2; plural=n;': nplurals = 2 but "
        "plural expression can produce values as large as 2 (n = 2) (msgfmt -c rejects it)\n"
    )
    assert msgfmt_check(po_path("es")).returncode != 0


def test_a_formula_that_is_neither_names_the_accepted_ones(project, runner) -> None:
    assert runner.invoke(cli, ["update", ARTICLE, "--to", "fr"]).exit_code == 0
    fill(po_path("fr"), "nplurals=2; plural=(n != 1);", 2)  # Spanish's rule: 0 would be plural
    result = gate(runner, "fr")
    assert result.exit_code == 1
    names = "; ".join(f"{v!r} ({src})" for src, v in accepted_plural_forms("fr"))
    assert "'nplurals=2; plural=(n > 1);' (GNU gettext" in names
    [line] = result.stdout.splitlines()
    assert line.endswith(
        "[header] Plural-Forms 'nplurals=2; plural=(n != 1);' is neither GNU gettext's nor "
        f"CLDR's formula for fr; accepted: {names}"
    )


def test_the_repository_catalogs_pass_with_the_installed_babel() -> None:
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "localize", "check"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
