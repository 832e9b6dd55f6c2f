"""Glossary: format, matching, enforcement through a deliberately wrong engine, catalog checks."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.errors import GlossaryError
from localize.formats import read_article
from localize.glossary import (
    dumps_tbx,
    enforce,
    find_terms,
    glossary_rows,
    hits_comment,
    load_glossaries,
    parse_csv,
    parse_tbx,
    protect,
    read_tbx,
    repair,
    restore,
    suggest_terms,
    verify,
    write_tbx,
)

ROOT = Path(__file__).parent.parent
NEWS = ROOT / "glossaries" / "news.csv"
DATA = Path(__file__).parent / "data" / "glossary"
INVALID = DATA / "invalid"
VALID = DATA / "valid"
LANGS = ("ru", "uk", "de", "fr", "es")


@pytest.fixture(scope="module")
def news():
    return load_glossaries([NEWS])


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return [
        s.text for s in read_article(ROOT / "examples" / "russia-wont-discuss-crimea.txt").segments
    ]


# --- format --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", sorted(p for p in INVALID.iterdir() if p.suffix != ".expected"), ids=lambda p: p.name
)
def test_malformed_glossaries_name_file_and_line(path: Path) -> None:
    expected = (path.parent / (path.name + ".expected")).read_text(encoding="utf-8").strip()
    with pytest.raises(GlossaryError) as err:
        load_glossaries([path])
    assert str(err.value) == expected.format(path=path)


def test_bom_crlf_comment_rows_and_quoted_cells() -> None:
    g = load_glossaries([VALID / "bom_crlf_comments.csv"])
    assert [(t.name, t.forms("ru"), t.dnt, t.case_sensitive, t.note) for t in g.terms] == [
        ("Crimea", ("Крым", "Крыма"), False, True, ""),
        ("kremlin", ("Кремль",), False, False, "a note, with a comma"),
        ("TASS", ("TASS",), True, True, "agency"),
    ]
    assert [t.origin.rpartition(":")[2] for t in g.terms] == ["3", "5", "6"]


def test_tbx_with_doctype_statuses_and_ntig() -> None:
    g = read_tbx(VALID / "tbx_basic_with_doctype.tbx")
    crimea, reuters = g.terms
    assert crimea.forms("ru") == ("Крым", "Крыма")  # preferred first, deprecated dropped
    assert crimea.note == "Crimean peninsula" and crimea.origin.endswith(":6")
    assert reuters.dnt and reuters.forms("ru") == ("Reuters",)


def test_tbx_doctype_is_never_fetched(tmp_path: Path) -> None:
    (tmp_path / "garbage.dtd").write_text("<<< not a DTD", encoding="utf-8")
    path = tmp_path / "g.tbx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE martif SYSTEM "garbage.dtd">\n'
        '<martif type="TBX-Basic" xml:lang="en"><text><body><termEntry>'
        '<langSet xml:lang="en"><tig><term>TASS</term></tig></langSet>'
        "</termEntry></body></text></martif>\n",
        encoding="utf-8",
    )
    assert [t.name for t in read_tbx(path).terms] == ["TASS"]


def test_tbx_v3() -> None:
    [kremlin] = read_tbx(VALID / "tbx_v3.tbx").terms
    assert kremlin.sources == ("Kremlin",) and kremlin.forms("uk") == ("Кремль", "Кремля")


def test_tbx_round_trip(tmp_path: Path, news) -> None:
    path = tmp_path / "news.tbx"
    write_tbx(news, path)
    back = read_tbx(path)
    strip = [(t.sources, t.targets, t.dnt, t.case_sensitive, t.note) for t in news.terms]
    assert [(t.sources, t.targets, t.dnt, t.case_sensitive, t.note) for t in back.terms] == strip
    assert "<!DOCTYPE" not in dumps_tbx(news)
    insensitive = parse_csv("en,ru,case\nkremlin,Кремль,insensitive\n")
    assert not read_tbx_text(dumps_tbx(insensitive), tmp_path).terms[0].case_sensitive


def read_tbx_text(text: str, tmp_path: Path):
    path = tmp_path / "x.tbx"
    path.write_text(text, encoding="utf-8")
    return read_tbx(path)


def test_files_merge_and_a_term_defined_twice_names_both(tmp_path: Path) -> None:
    a = tmp_path / "a.csv"
    b = tmp_path / "b.csv"
    a.write_text("en,ru\nCrimea,Крым\n", encoding="utf-8")
    b.write_text("en,uk\nKremlin,Кремль\n", encoding="utf-8")
    assert [t.name for t in load_glossaries([a, b]).terms] == ["Crimea", "Kremlin"]
    b.write_text("en,uk\nKremlin,Кремль\nCrimea,Крим\n", encoding="utf-8")
    with pytest.raises(GlossaryError) as err:
        load_glossaries([a, b])
    assert str(err.value) == f"{b}:3: duplicate term 'Crimea' (also in {a}:2)"


# --- content -------------------------------------------------------------------------------


def test_news_glossary_covers_the_sample_in_five_languages(news) -> None:
    names = {t.name for t in news.terms}
    for name in (
        "Crimea",
        "INF Treaty",
        "Kremlin",
        "White House",
        "UN General Assembly",
        "Moscow",
        "Washington",
        "Ukraine",
        "Russia",
        "Vladimir Putin",
        "Putin",
        "Dmitry Peskov",
        "Peskov",
        "Donald Trump",
        "Trump",
        "Sean Spicer",
        "Hillary Clinton",
        "The New York Times",
    ):
        assert name in names
        term = next(t for t in news.terms if t.name == name)
        for lang in LANGS:
            assert term.forms(lang), (name, lang)
    assert {t.name for t in news.terms if t.dnt} == {"RFE/RL", "TASS", "Interfax", "Reuters"}


@pytest.mark.parametrize(
    "name,lang,preferred",
    [
        ("Crimea", "ru", "Крым"),
        ("Crimea", "uk", "Крим"),
        ("Dmitry Peskov", "uk", "Дмитро Пєсков"),
        ("Vladimir Putin", "uk", "Володимир Путін"),
        ("White House", "uk", "Білий дім"),
        ("INF Treaty", "ru", "Договор о ракетах средней и меньшей дальности (ДРСМД)"),
        (
            "INF Treaty",
            "uk",
            "Договір про ліквідацію ракет середньої та меншої дальності (ДРСМД)",
        ),
        ("The New York Times", "ru", "The New York Times"),
        ("White House", "de", "Weißes Haus"),
        ("White House", "fr", "Maison-Blanche"),
        ("INF Treaty", "es", "Tratado INF"),
    ],
)
def test_news_glossary_uses_the_services_forms(news, name: str, lang: str, preferred: str) -> None:
    assert next(t for t in news.terms if t.name == name).forms(lang)[0] == preferred


def test_every_term_of_the_sample_is_found(news, sentences) -> None:
    found = [m.term.name for s in sentences for m in find_terms(news, s)]
    counts = {name: found.count(name) for name in set(found)}
    assert counts == {
        "Crimea": 6,
        "INF Treaty": 1,
        "Kremlin": 4,
        "White House": 1,
        "UN General Assembly": 1,
        "Moscow": 2,
        "Washington": 1,
        "Ukraine": 5,
        "Russia": 12,  # twice more in "Russia-controlled", a compound
        "Vladimir Putin": 1,
        "Putin": 1,
        "Dmitry Peskov": 3,
        "Peskov": 4,
        "Donald Trump": 1,
        "Trump": 6,
        "Sean Spicer": 1,
        "Hillary Clinton": 1,
        "The New York Times": 1,
        "Interfax": 1,
        "TASS": 1,
        "Reuters": 1,
        "RFE/RL": 2,
    }


# --- matching ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,found",
    [
        ("Russia's interference", ["Russia"]),
        ("Russia’s role", ["Russia"]),
        ("Trump's campaign", ["Trump"]),
        ("a Russian passport", []),
        ("Crimean Tatars", []),
        ("the Russia-controlled parts", []),
        ("the INF Treaty and the INF", ["INF Treaty"]),
        (
            "Intermediate-Range Nuclear Forces (INF) Treaty, a pact",
            ["Intermediate-Range Nuclear Forces (INF) Treaty"],
        ),
        ("Intermediate‑Range Nuclear Forces Treaty", ["Intermediate‑Range Nuclear Forces Treaty"]),
        ("President Vladimir Putin and Putin", ["Vladimir Putin", "Putin"]),
        ("the UN\u00a0General   Assembly", ["UN\u00a0General   Assembly"]),
        ("the United Nations General\nAssembly", ["United Nations General\nAssembly"]),
        ("the New York Times reported", ["New York Times"]),
        ("The New York Times reported", ["The New York Times"]),
        ("crimea lowercase", []),
        ("RFE/RL journalists", ["RFE/RL"]),
        ("(Crimea)", ["Crimea"]),
        ("Крым", []),
    ],
)
def test_matching(news, text: str, found: list[str]) -> None:
    assert [m.text for m in find_terms(news, text)] == found


def test_match_spans_and_longest_first() -> None:
    g = parse_csv("en,ru\nINF,РСМД\nINF Treaty,ДРСМД\n")
    [m] = find_terms(g, "the INF Treaty.")
    assert (m.span, m.text, m.term.name) == ((4, 14), "INF Treaty", "INF Treaty")
    assert [m.term.name for m in find_terms(g, "INF missiles")] == ["INF"]


def test_case_insensitive_rule() -> None:
    g = parse_csv("en,ru,case\nkremlin,Кремль,insensitive\n")
    assert [m.text for m in find_terms(g, "The KREMLIN said")] == ["KREMLIN"]


def test_find_terms_in_another_language(news) -> None:
    assert [m.term.name for m in find_terms(news, "Песков о Крыме", lang="ru")] == [
        "Peskov",
        "Crimea",
    ]


# --- protect / restore ---------------------------------------------------------------------


def test_protect_and_restore_survive_what_engines_do(news) -> None:
    src = "TASS says Russia will not return Crimea."
    p = protect(src, find_terms(news, src), "ru")
    assert p.text == "XTM0 says XTM1 will not return XTM2."
    assert restore("xtm 0 сообщает, что ХТМ1 не вернёт XTM2а.", p) == (
        "TASS сообщает, что Россия не вернёт Крыма.",
        [],
    )
    assert restore("Сообщается, что XTM1 не вернёт.", p) == (
        "Сообщается, что Россия не вернёт.",
        ["XTM0", "XTM2"],
    )


def test_protect_leaves_text_that_already_holds_a_placeholder(news) -> None:
    p = protect("XTM7 and Crimea", find_terms(news, "XTM7 and Crimea"), "ru")
    assert p.text == "XTM7 and Crimea" and restore("XTM7 и Крым", p) == ("XTM7 и Крым", [])


_WORDS = st.sampled_from(
    ["Crimea", "Russia's", "TASS", "INF Treaty", "Vladimir Putin", "Putin", "said", "the", "and",
     "Kremlin", "New York Times", "RFE/RL", "in", "report", "Washington,"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=12), st.sampled_from(LANGS))
def test_placeholders_through_a_copying_engine_always_verify(news, words, lang) -> None:
    src = " ".join(words)
    p = protect(src, find_terms(news, src), lang)
    text, lost = restore(p.text, p)
    assert lost == [] and "XTM" not in text
    assert verify(src, text, news, lang) == []


# --- enforcement with a deliberately wrong engine ------------------------------------------

WRONG = {
    "Crimea": "Полуостров",
    "INF Treaty": "договор",
    "Intermediate-Range Nuclear Forces (INF) Treaty": "договор",
    "TASS": "ТАСС",
    "Interfax": "Интерфакс",
}
_WRONG_RE = re.compile("|".join(rf"\b{re.escape(k)}\b" for k in sorted(WRONG, key=len)[::-1]))


def wrong(text: str) -> str:
    """Mistranslates some terms, copies everything else (other names stay in Latin script)."""
    return _WRONG_RE.sub(lambda m: WRONG[m.group()], text)


def mangling_engine(texts: list[str]) -> list[str]:
    """Copies placeholders as NMT models do: sometimes lower-cased, spaced, in Cyrillic."""
    out = []
    for t in texts:
        t = wrong(t)
        t = re.sub(
            r"XTM(\d+)",
            lambda m: ["xtm{}", "ХТМ {}", "XTM-{}", "XTM{}"][int(m[1]) % 4].format(m[1]),
            t,
        )
        out.append(t)
    return out


def dropping_engine(texts: list[str]) -> list[str]:
    return [re.sub(r"\s*XTM\d+", "", wrong(t)) for t in texts]


def assert_glossary_forms(news, texts: list[str], results, lang: str) -> None:
    assert len(results) == len(texts)
    for src, (out, problems) in zip(texts, results, strict=True):
        # where the engine left English around a term the sentence shows no case: said so
        problems = [p for p in problems if not p.startswith("glossary case:")]
        assert problems == [], (src, out)
        assert verify(src, out, news, lang) == []
        assert not re.search(r"Полуостров|ТАСС|Интерфакс|XTM|ХТМ|xtm", out), out
        for name in ("RFE/RL", "TASS", "Interfax", "Reuters"):
            assert out.count(name) == src.count(name)
    crimea = "Крым" if lang == "ru" else "Крим"
    assert sum(out.count(crimea) for out, _ in results) == sum(t.count("Crimea") for t in texts)


@pytest.mark.parametrize("lang", ["ru", "uk"])
@pytest.mark.parametrize("plain_first", [False, True], ids=["protect-first", "plain-first"])
def test_mangling_engine_still_gives_glossary_forms(news, sentences, lang, plain_first) -> None:
    results = enforce(sentences, mangling_engine, news, lang, plain_first=plain_first)
    assert_glossary_forms(news, sentences, results, lang)
    credit = results[sentences.index("With reporting by Interfax, TASS, and Reuters")][0]
    assert credit == "With reporting by Interfax, TASS, and Reuters"


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_lost_placeholders_fall_back_to_repair(news, sentences, lang) -> None:
    calls: list[list[str]] = []

    def engine(texts: list[str]) -> list[str]:
        calls.append(texts)
        return dropping_engine(texts)

    results = enforce(sentences, engine, news, lang)
    assert_glossary_forms(news, sentences, results, lang)
    assert len(calls) == 3  # protected, plain for the lost ones, the failing terms alone
    assert "Crimea" in calls[2] and "TASS" in calls[2]


def test_repair_picks_the_inflection_the_engine_used(news) -> None:
    src = "Peskov spoke about Crimea and the INF Treaty."
    out = "Песков говорил о Полуострове и договоре."
    fixed = repair(src, out, news, "ru", {"Crimea": "Полуостров", "INF Treaty": "договор"})
    assert fixed == "Песков говорил о Крыме и Договоре о ракетах средней и меньшей дальности."
    assert verify(src, fixed, news, "ru") == []


def test_what_cannot_be_repaired_is_reported(news) -> None:
    def hopeless(texts: list[str]) -> list[str]:
        return ["Сообщается о полуострове." for _ in texts]

    [(out, problems)] = enforce(["TASS reported on Crimea."], hopeless, news, "ru")
    assert out == "Сообщается о полуострове."
    assert problems == [
        'glossary: "TASS" must stay as is (do not translate)',
        'glossary: "Crimea" → Крым|Крыма|Крыму|Крымом|Крыме',
    ]


def test_engine_notes_are_kept_without_placeholders(news) -> None:
    class T:
        def __init__(self, text: str, note: str) -> None:
            self.text, self.note = text, note

    def engine(texts: list[str]) -> list[T]:
        return [T(t, "unknown words: XTM0, Spicer") for t in texts]

    [(out, problems)] = enforce(["Crimea, said Spicer."], engine, news, "ru")
    assert out == "Крым, said Spicer." and problems == ["engine: unknown words: Spicer"]


# --- verify --------------------------------------------------------------------------------


def test_inflected_forms_pass_and_counts_matter(news) -> None:
    src = "Russia annexed Crimea; Crimea is Ukraine's."
    assert verify(src, "Россия аннексировала Крым; Крым — часть Украины.", news, "ru") == []
    v = verify(src, "Россия аннексировала Крым; полуостров — часть Украины.", news, "ru")
    assert [x.message for x in v] == [
        'glossary: "Crimea" → Крым|Крыма|Крыму|Крымом|Крыме (2 in source, 1 in translation)'
    ]
    assert (v[0].in_source, v[0].in_target, v[0].code) == (2, 1, "glossary")


@pytest.mark.parametrize(
    "src,target,lang,ok",
    [
        ("The Kremlin said.", "Кремль заявил.", "ru", True),
        ("The Kremlin said.", "В Кремле заявили.", "ru", True),
        ("The Kremlin said.", "Кремлём сказано.", "ru", True),
        ("The Kremlin said.", "В кремле заявили.", "ru", False),  # lower case mid-sentence
        ("The Kremlin said.", "Кремлевский источник.", "ru", False),  # inside another word
        ("The INF Treaty.", "Traité FNI.", "fr", True),  # capital at a sentence start
        ("It is the INF Treaty.", "C'est le Traité FNI.", "fr", False),
        ("Putin met Vladimir Putin.", "Владимир Путин встретился с Путиным.", "ru", True),
        ("Putin met Vladimir Putin.", "Владимир Путин встретился.", "ru", False),
        ("UN General Assembly", "Генеральной\u00a0Ассамблеи ООН", "ru", True),
        ("He said to TASS.", "Он сказал TASS.", "ru", True),
        ("He said to TASS.", "Он сказал Tass.", "ru", False),
        ("Assembly of the UN General Assembly.", "l’Assemblée générale de l'ONU", "fr", True),
    ],
)
def test_verify(news, src: str, target: str, lang: str, ok: bool) -> None:
    assert (verify(src, target, news, lang) == []) is ok


def test_hits_comment(news) -> None:
    src = "TASS said Crimea and Crimea, the INF Treaty."
    assert hits_comment(find_terms(news, src), "ru") == (
        "glossary: TASS (do not translate); Crimea → Крым; "
        "INF Treaty → Договор о ракетах средней и меньшей дальности (ДРСМД)"
    )
    assert hits_comment([], "ru") == ""


def test_glossary_rows(news) -> None:
    rows = {
        source.split(" | ")[0]: (forms, note) for source, forms, note in glossary_rows(news, "uk")
    }
    assert rows["Crimea"] == ("Крим|Криму|Кримом|Кримові", 'peninsula; never "the Crimea"')
    assert rows["TASS"] == ("(do not translate)", "")
    inf = next(s for s, _, _ in glossary_rows(news, "uk") if s.startswith("INF Treaty"))
    assert inf.split(" | ")[1] == "Intermediate-Range Nuclear Forces Treaty"


def test_suggest_lists_names_the_glossary_lacks(news, sentences) -> None:
    terms = [c.term for c in suggest_terms(sentences, news)]
    assert terms[:2] == ["United States", "U.S."]
    assert "Democratic Party" in terms
    assert "Crimea" not in terms and "Kremlin" not in terms
    assert "February" not in terms  # calendar words are not terminology
    assert "Ties" not in terms and "He" not in terms  # sentence-initial ordinary words


# --- catalogs ------------------------------------------------------------------------------


def _catalog(tmp_path: Path) -> Path:
    po = polib.POFile()
    po.metadata = {"Language": "ru", "Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Russia seized Crimea.", msgstr="Россия захватила Полуостров."))
    po.append(polib.POEntry(msgid="It is in Crimea.", msgstr="Это в Крыму."))  # inflected: fine
    po.append(polib.POEntry(msgid="Said TASS.", msgstr="Сообщает ТАСС.", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Moscow said.", msgstr=""))  # untranslated: not checked
    po.append(
        polib.POEntry(
            msgid="Trump and Putin spoke about Crimea, " * 3,
            msgstr="Трамп и Путин говорили о Крыме, " * 3,
            tcomment="editor comment",
        )
    )
    po.append(polib.POEntry(msgid="Obsolete Crimea.", msgstr="Полуостров.", obsolete=True))
    path = tmp_path / "a.po"
    po.save(str(path))
    return path


def test_catalog_check_reports_wrong_term_at_its_msgstr_line(tmp_path: Path, news) -> None:
    path = _catalog(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    bad = lines.index('msgstr "Россия захватила Полуостров."') + 1
    dnt = lines.index('msgstr "Сообщает ТАСС."') + 1
    expected = [
        f'{path}:{bad}: [glossary] "Crimea" → Крым|Крыма|Крыму|Крымом|Крыме',
        f'{path}:{dnt}: [dnt] "TASS" must stay as is (do not translate)',
    ]
    from localize.catalog import read_po
    from localize.review import CatalogInput, check_catalog

    text = path.read_text(encoding="utf-8")
    for po in (polib.pofile(str(path)), read_po(path)):
        c = CatalogInput(po, "ru", str(path), text, glossary=news)
        assert [str(f) for f in check_catalog(c, select=["glossary", "dnt"])] == expected


def test_catalog_check_through_the_check_module(tmp_path: Path, news) -> None:
    from localize.catalog import read_po
    from localize.review import CatalogInput, check_catalog

    path = _catalog(tmp_path)
    c = CatalogInput(read_po(path), "ru", "a.po", path.read_text(), glossary=news)
    found = [str(f) for f in check_catalog(c, select=["glossary", "dnt"])]
    lines = path.read_text().splitlines()
    bad = lines.index('msgstr "Россия захватила Полуостров."') + 1
    dnt = lines.index('msgstr "Сообщает ТАСС."') + 1
    assert found == [
        f'a.po:{bad}: [glossary] "Crimea" → Крым|Крыма|Крыму|Крымом|Крыме',
        f'a.po:{dnt}: [dnt] "TASS" must stay as is (do not translate)',
    ]


def test_catalog_check_points_at_the_wrapped_line_holding_the_wrong_word(
    tmp_path: Path, news
) -> None:
    from localize.catalog import read_po
    from localize.review import CatalogInput, check_catalog

    po = polib.POFile()
    po.metadata = {"Language": "ru", "Content-Type": "text/plain; charset=UTF-8"}
    msgid = "Officials in the capital said again and again that the talks would go on. " * 2
    po.append(
        polib.POEntry(
            msgid=msgid + "Moscow agrees.",
            msgstr="Чиновники в столице снова и снова говорили, что переговоры продолжатся. " * 2
            + "Москоу согласна.",
        )
    )
    path = tmp_path / "a.po"
    po.save(str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    wrong = next(i for i, line in enumerate(lines, 1) if "Москоу" in line)
    assert not lines[wrong - 1].startswith("msgstr")  # wrapped: the word is on a later line
    c = CatalogInput(read_po(path), "ru", "a.po", path.read_text(encoding="utf-8"), glossary=news)
    assert [str(f) for f in check_catalog(c, select=["glossary"])] == [
        f'a.po:{wrong}: [glossary] "Moscow" → Москва|Москвы|Москве|Москву|Москвой|Москвою'
    ]


# --- hostile TBX ---------------------------------------------------------------------------


def _tbx_entry(term: str, note: str = "") -> bytes:
    return (
        '<?xml version="1.0"?>\n<martif type="TBX-Basic"><text><body><termEntry>'
        f'{note}<langSet xml:lang="en"><tig><term>{term}</term></tig></langSet>'
        '<langSet xml:lang="ru"><tig><term>Крым</term></tig></langSet>'
        "</termEntry></body></text></martif>\n"
    ).encode()


def test_tbx_deep_nesting_is_no_recursion_error() -> None:
    deep = "<x>" * 50_000 + "</x>" * 50_000
    g = parse_tbx(_tbx_entry("Crimea", f"<note>{deep}</note>"))
    assert [t.name for t in g.terms] == ["Crimea"]
    # a term inside 20,000 highlighting elements is still read
    hi = "<hi>" * 20_000 + "Crimea" + "</hi>" * 20_000
    [term] = parse_tbx(_tbx_entry(hi)).terms
    assert term.name == "Crimea" and term.forms("ru") == ("Крым",)
    nested_entries = "<x>" * 50_000 + "</x>" * 50_000
    data = _tbx_entry("Crimea").replace(b"<body>", f"<body>{nested_entries}".encode())
    assert [t.name for t in parse_tbx(data).terms] == ["Crimea"]


def test_tbx_note_reading_is_linear_in_its_size() -> None:
    import gc
    import time

    def data(size: int) -> bytes:
        # many short text callbacks: entity references split the characters into pieces
        return _tbx_entry("Crimea", "<note>" + "ab&amp;" * (size // 6) + "</note>")

    def cpu_seconds(doc: bytes, size: int) -> float:
        # this process's CPU time, not the wall clock: other work on the machine does not count
        gc.disable()
        try:
            start = time.process_time()
            [term] = parse_tbx(doc).terms
            spent = time.process_time() - start
        finally:
            gc.enable()
        assert len(term.note) > size * 0.4
        return spent

    docs = {size: data(size) for size in (200_000, 800_000)}
    best = {size: float("inf") for size in docs}
    for _ in range(5):  # interleaved, best of five: a busy moment slows one run, not a size
        for size, doc in docs.items():
            best[size] = min(best[size], cpu_seconds(doc, size))
    small, large = best[200_000], best[800_000]
    assert large < small * 8, (small, large)  # 4x the input; "+=" per callback made it ~16x


def test_engine_notes_do_not_name_words_the_glossary_settled() -> None:
    """An unknown word that is a verified term is no news; one still wrong, or no term, is."""
    from localize.glossary.enforce import _drop_placeholders

    settled = frozenset({"Crimea", "Peskov"})
    note = "apertium unknown words: Crimea, rancor; apertium could not inflect: Peskov"
    assert _drop_placeholders(note, settled) == "apertium unknown words: rancor"
    assert _drop_placeholders("apertium unknown words: Crimea, XTM0", settled) == ""
    assert _drop_placeholders("apertium unknown words: Crimea", frozenset()) == (
        "apertium unknown words: Crimea"
    )
