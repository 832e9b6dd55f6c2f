"""HTML and Markdown articles: blocks, inline codes, byte-exact rebuilds, lang/dir, checks."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from localize.formats import format_of, iter_segments, parse_text, rebuild_parts
from localize.formats.codes import (
    CODE,
    MarkupError,
    NestedSegment,
    codes_of,
    problems,
    render,
    strip,
)
from localize.formats.html import set_language
from localize.segment import Segment

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).parent / "data" / "formats"


def joined(parts: list) -> str:
    """The text: layout and segments, without the alt/title texts nested in a code's markup."""
    return "".join(
        p.raw if isinstance(p, Segment) else p for p in parts if not isinstance(p, NestedSegment)
    )


def segments(text: str, fmt: str) -> list[Segment]:
    return [p for p in parse_text(text, fmt) if isinstance(p, Segment)]


# --- generated documents ---------------------------------------------------------------------

WORDS = st.sampled_from(
    "Kremlin said Crimea talks Moscow the a of on Friday U.S. officials Peskov 1987 it's "
    "5.5 “quoted” — &amp; &nbsp; &#8217; AT&T".split()
)
SENTENCE = st.tuples(
    st.lists(WORDS, min_size=1, max_size=8).map(" ".join), st.sampled_from([".", "!", "?", ""])
).map("".join)


@st.composite
def html_inline(draw: st.DrawFn, depth: int = 0) -> str:
    out = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(
                [
                    "text",
                    "text",
                    "em",
                    "a",
                    "br",
                    "img",
                    "code",
                    "comment",
                    "strong",
                    "orphan",
                    "nl",
                ]
            )
        )
        if kind == "text":
            out.append(draw(SENTENCE))
        elif kind in ("em", "strong", "a") and depth < 2:
            tag = "a" if kind == "a" else kind
            attrs = ' href="https://example.org/x?a=1&amp;b=2" title="T"' if tag == "a" else ""
            out.append(f"<{tag}{attrs}>{draw(html_inline(depth + 1))}</{tag}>")
        elif kind == "br":
            out.append(draw(st.sampled_from(["<br>", "<br/>", "<br />"])))
        elif kind == "img":
            out.append('<img src="p.jpg" alt="A photo">')
        elif kind == "code":
            out.append("<code>x < 1</code>")
        elif kind == "comment":
            out.append("<!-- note -->")
        elif kind == "orphan":
            out.append(draw(st.sampled_from(["</em>", "<b>"])))
        else:
            out.append(draw(st.sampled_from(["\n", "\r\n", "\n  "])))
        out.append(draw(st.sampled_from([" ", "", " "])))
    return "".join(out)


@st.composite
def html_docs(draw: st.DrawFn) -> str:
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    body = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(
            st.sampled_from(
                [
                    "p",
                    "h1",
                    "h2",
                    "li",
                    "figure",
                    "script",
                    "pre",
                    "div",
                    "blockquote",
                    "table",
                    "bare",
                ]
            )
        )
        inner = draw(html_inline())
        if kind == "li":
            body.append(f"<ul>{nl}<li>{inner}</li>{nl}<li>{draw(html_inline())}</li></ul>")
        elif kind == "figure":
            body.append(
                f'<figure><img src="a.jpg" alt="{draw(SENTENCE)}"><figcaption>{inner}'
                "</figcaption></figure>"
            )
        elif kind == "script":
            body.append('<script>if (a < b) { document.write("<p>x</p>"); }</script>')
        elif kind == "pre":
            body.append(f"<pre>{draw(SENTENCE)}</pre>")
        elif kind == "table":
            body.append(f"<table><tr><td>{inner}</td><th>{draw(SENTENCE)}</th></tr></table>")
        elif kind == "bare":
            body.append(inner)
        else:
            body.append(f"<{kind}>{inner}</{kind}>")
    lang = draw(st.sampled_from(['<html lang="en">', "<html>", "<HTML class='x'>", ""]))
    head = f"<!DOCTYPE html>{nl}{lang}{nl}<head><title>{draw(SENTENCE)}</title></head>{nl}"
    tail = "</html>" + nl if lang else ""
    return head + "<body>" + nl + nl.join(body) + nl + "</body>" + nl + tail


@st.composite
def md_inline(draw: st.DrawFn, depth: int = 0) -> str:
    out = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(
                [
                    "text",
                    "text",
                    "em",
                    "strong",
                    "link",
                    "code",
                    "img",
                    "escape",
                    "html",
                    "hard",
                    "soft",
                    "star",
                ]
            )
        )
        if kind == "text":
            out.append(draw(SENTENCE))
        elif kind == "em" and depth < 2:
            out.append(f"*{draw(SENTENCE)}*")
        elif kind == "strong" and depth < 2:
            out.append(f"__{draw(SENTENCE)}__")
        elif kind == "link" and depth < 2:
            out.append(f'[{draw(SENTENCE)}](https://example.org/x "Title")')
        elif kind == "code":
            out.append("`x * y`")
        elif kind == "img":
            out.append("![a photo](p.jpg)")
        elif kind == "escape":
            out.append("\\*not emphasis\\*")
        elif kind == "html":
            out.append("<em>inline</em>")
        elif kind == "hard":
            out.append(draw(st.sampled_from(["  \n", "\\\n"])))
        elif kind == "soft":
            out.append("\n")
        else:
            out.append("a * b")
        out.append(draw(st.sampled_from([" ", ""])))
    return "".join(out).strip() or "x"


@st.composite
def md_docs(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(
            st.sampled_from(
                ["p", "h", "ul", "ol", "quote", "fence", "html", "img", "table", "setext"]
            )
        )
        inner = draw(md_inline())
        if kind == "h":
            blocks.append("## " + inner.replace("\n", " "))
        elif kind == "setext":
            blocks.append(inner + "\n===")
        elif kind == "ul":
            blocks.append(f"- {inner}\n- {draw(md_inline())}")
        elif kind == "ol":
            blocks.append(f"1. {inner}\n2. {draw(md_inline())}")
        elif kind == "quote":
            blocks.append("> " + inner.replace("\n", "\n> "))
        elif kind == "fence":
            blocks.append("```\nSome *code* here.\n```")
        elif kind == "html":
            blocks.append('<script>document.write("Hello.")</script>')
        elif kind == "img":
            blocks.append("![A photo of Moscow](moscow.jpg)")
        elif kind == "table":
            cell = inner.replace("\n", " ").replace("|", "/")
            blocks.append(f"| a | b |\n|---|---|\n| {cell} | two |")
        else:
            blocks.append(inner)
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    return (
        (nl + nl).join(blocks).replace("\n", nl)
        if nl == "\n"
        else ("\n\n".join(blocks).replace("\n", "\r\n"))
    )


def _check_lossless(text: str, fmt: str) -> list[Segment]:
    parts = list(parse_text(text, fmt))
    assert joined(parts) == text
    segs = [p for p in parts if isinstance(p, Segment)]
    assert [s.index for s in segs] == list(range(len(segs)))
    # identity translations give the input back byte for byte
    assert "".join(rebuild_parts(parts, lambda s: s.text)) == text
    for s in segs:
        assert problems(s.text, s.text) == [], s.text  # every msgid's codes are balanced
        assert s.text == s.text.strip() and "\n" not in s.text
    return segs


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(html_docs())
def test_html_is_lossless_and_identity_rebuild_is_byte_exact(doc: str) -> None:
    _check_lossless(doc, "html")


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(md_docs())
def test_markdown_is_lossless_and_identity_rebuild_is_byte_exact(doc: str) -> None:
    _check_lossless(doc, "markdown")


@settings(max_examples=100, deadline=None)
@example("<1>1")  # literal text that reads as a code
@given(st.text(alphabet=st.sampled_from(list("<>/&;#*_[]()`!\\ \n\r-=|ab1.\"'")), max_size=200))
def test_any_markup_soup_is_lossless(text: str) -> None:
    for fmt in ("html", "markdown"):
        _check_lossless(text, fmt)


class _Tags(HTMLParser):
    """Open elements, as the standard library's tokenizer reads them (void elements aside)."""

    VOID = {"br", "img", "meta", "link", "hr", "input", "wbr", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(tag)
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def well_formed(text: str) -> bool:
    p = _Tags()
    p.feed(text)
    p.close()
    return not p.errors and not p.stack


def _shuffled_translation(seg: Segment) -> str:
    """A 'translation' that changes every word and moves the codes, as a translator may."""
    out, pos = [], 0
    for _, _, start, end in codes_of(seg.text):
        out.append(seg.text[pos:start].upper().replace("A", "Ä<"))
        out.append(seg.text[start:end])
        pos = end
    out.append(seg.text[pos:].upper())
    return "".join(out)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(html_docs())
def test_translated_html_is_well_formed_where_the_source_was(doc: str) -> None:
    parts = list(parse_text(doc, "html"))
    out = "".join(rebuild_parts(parts, _shuffled_translation, lang="ar"))
    if well_formed(doc):
        assert well_formed(out)
    if "<html" in doc.lower():
        assert 'lang="ar" dir="rtl"' in out or ('lang="ar"' in out and 'dir="rtl"' in out)


@pytest.mark.parametrize(
    "name, fmt", [("literal-code.html", "html"), ("literal-code.md", "markdown")]
)
def test_literal_text_that_reads_as_a_code_is_a_standalone_code_of_itself(
    name: str, fmt: str
) -> None:
    doc = (DATA / name).read_text("utf-8")
    first, second = segments(doc, fmt)
    assert first.text == "Press <1/>1 to vote, then <2/> and <3>go</3>."
    assert first.markup[:2] == (("<1>", ""), ("</ 2>", ""))  # type: ignore[attr-defined]
    assert (second.text, second.markup) == ("<1/>1", (("<1>", ""),))  # type: ignore[attr-defined]
    assert "".join(rebuild_parts(list(parse_text(doc, fmt)), lambda s: s.text)) == doc
    # a translation moves the literal text with its code and cannot drop or break it
    moved = render(first, "<3>Go</3> and <2/>, then <1/>1 to vote.")
    assert moved.startswith(("<b>Go</b> and </ 2>, then <1>1", "**Go** and </ 2>, then <1>1"))
    with pytest.raises(MarkupError, match=r"^code <1/> of the source is missing$"):
        render(first, "Press 1 to vote, then <2/> and <3>go</3>.")


def test_plain_text_keeps_literal_code_text_and_its_copy_is_no_markup_fault() -> None:
    doc = (DATA / "literal-code.txt").read_text("utf-8")
    (seg,) = segments(doc, "text")
    assert seg.text == seg.raw == "Press <1>1 to vote, then </ 2> and go."
    translation = "Appuyez sur <1>1 pour voter, puis </ 2> et allez."
    assert problems(seg.text, translation) == []
    assert render(seg, translation) == translation
    assert problems(seg.text, "Appuyez sur 1 pour voter.") == [
        "code <1>…</1> of the source is missing",
        "code <2>…</2> of the source is missing",
    ]


# --- the example articles --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["crimea-talks.html", "crimea-talks-wire.md"])
def test_example_articles_give_the_segments_a_reader_sees(name: str) -> None:
    expected = json.loads((DATA / f"{name}.json").read_text("utf-8"))
    path = EXAMPLES / name
    assert [[s.line, s.kind, s.text] for s in iter_segments(path)] == expected
    text = path.read_text("utf-8")
    found = " ".join(s.text for s in iter_segments(path))
    # nothing from scripts, styles, comments, URLs or other attributes
    hidden = ("dataLayer", "font-weight", "embed: video", "example.org", "peskov.jpg", "player")
    assert sum(h in text for h in hidden) >= 5
    assert [h for h in hidden if h in found] == []


@pytest.mark.parametrize(
    "name", ["crimea-talks.html", "crimea-talks-wire.md", "russia-wont-discuss-crimea.txt"]
)
def test_the_public_rebuild_serves_every_format(name: str) -> None:
    import localize
    from localize.formats import read_article

    path = EXAMPLES / name
    doc = read_article(path)
    assert doc.segments == list(iter_segments(path))
    assert localize.rebuild(doc, {}).encode("utf-8") == path.read_bytes()
    upper = localize.rebuild(doc, lambda s: s.text.upper())
    assert upper == "".join(rebuild_parts(doc.parts, lambda s: s.text.upper()))
    assert upper != localize.rebuild(doc, {})


def test_rebuild_puts_codes_back_as_markup_and_plain_text_as_it_is() -> None:
    from localize.formats import rebuild
    from localize.segment import Document, segment_text

    html = '<html><body><p>The <a href="/k">Kremlin</a> said. Talks resume.</p></body></html>\n'
    doc = Document("a.html", tuple(parse_text(html, "html")))
    assert rebuild(doc, {0: "Le <1>Kremlin</1> a dit."}, lang="ar") == (
        '<html lang="ar" dir="rtl"><body><p>Le <a href="/k">Kremlin</a> a dit. Talks resume.'
        "</p></body></html>\n"
    )
    with pytest.raises(MarkupError, match=r"^code <1>…</1> of the source is missing$"):
        rebuild(doc, {0: "Le Kremlin a dit."})
    md = Document("a.md", tuple(parse_text("The *Kremlin* said. Talks resume.\n", "markdown")))
    assert (
        rebuild(md, lambda s: s.text.replace("The", "Le")) == "Le *Kremlin* said. Talks resume.\n"
    )
    # a plain-text segment has no codes: "<1>" in it is text, its translation written as it is
    plain = segment_text("Press <1>1 to vote.\n")
    assert rebuild(plain, {0: "Appuyez sur 1 <2/>."}) == "Appuyez sur 1 <2/>.\n"


def test_format_by_extension_and_override(tmp_path: Path, runner) -> None:
    from localize.cli import cli

    assert [format_of(p) for p in ("a.html", "a.HTM", "a.md", "a.markdown", "a.txt", "a")] == [
        "html",
        "html",
        "markdown",
        "markdown",
        "text",
        "text",
    ]
    draft = tmp_path / "draft.txt"
    draft.write_text("# Kremlin *said* no\n", encoding="utf-8")
    plain = runner.invoke(cli, ["segment", str(draft)])
    assert plain.output == f"{draft}:1: [heading] # Kremlin *said* no\n"
    md = runner.invoke(cli, ["segment", str(draft), "--article-format", "markdown"])
    assert md.output == f"{draft}:1: [heading] Kremlin <1>said</1> no\n"


def test_sentences_never_split_inside_a_code() -> None:
    segs = segments("<p>He said <em>it was over. Then he left.</em> Talks ended.</p>", "html")
    assert [s.text for s in segs] == [
        "He said <1>it was over. Then he left.</1>",
        "Talks ended.",
    ]
    whole = segments("<p><em>It was over. Then he left.</em></p>", "html")
    assert [s.text for s in whole] == ["It was over.", "Then he left."]  # wrapping pair: layout
    assert segments("He *said. It* ended. Fine.", "markdown")[0].text == "He <1>said. It</1> ended."


def test_inline_markup_kept_aside_and_put_back() -> None:
    [seg] = segments('<p>Read <a href="/x?a=1&amp;b=2">the <b>story</b></a>.<br>\n</p>', "html")
    assert seg.text == "Read <1>the <2>story</2></1>."
    assert seg.markup == (('<a href="/x?a=1&amp;b=2">', "</a>"), ("<b>", "</b>"))
    moved = render(seg, "<1><2>Статью</2> читайте</1> & <смотрите>.")
    assert moved == '<a href="/x?a=1&amp;b=2"><b>Статью</b> читайте</a> & &lt;смотрите&gt;.'
    with pytest.raises(MarkupError, match=r"code <2>…</2> of the source is missing"):
        render(seg, "<1>Статью</1>.")


def test_character_references_read_as_characters_except_markup_ones() -> None:
    [seg] = segments("<p>AT&amp;T&nbsp;said &#8220;no&#8221; &lt;b&gt;</p>", "html")
    assert seg.text == "AT&amp;T\u00a0said “no” &lt;b&gt;"


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("<1>a</1> b <2/>", "<2/> b <1>a</1>", []),
        ("<1>a</1> b", "a b", ["code <1>…</1> of the source is missing"]),
        ("a <1/>", "a <1/> <2/>", ["code <2/> is not in the source"]),
        ("<1>a</1>", "<1>a</1> <1>b</1>", ["code <1>…</1> occurs more often than in the source"]),
        ("<1>a <2>b</2></1>", "<1>a <2>b</1></2>", ["code </1> closes across <2>"]),
        ("<1>a</1>", "</1>a<1>", ["code </1> closes nothing", "code <1> is never closed"]),
        ("no codes", "нет кодов", []),
    ],
)
def test_markup_problems(source: str, target: str, expected: list[str]) -> None:
    assert problems(source, target) == expected


def test_codes_through_an_engine_keep_the_source_spacing() -> None:
    from localize.formats.codes import spaced, unspaced

    src = "The <1>Kremlin</1> said<2/> on <3>Friday</3>."
    assert spaced(src) == "The <1> Kremlin </1> said <2/> on <3> Friday </3> ."
    assert unspaced("< 1 > Кремль </ 1> сказал <2/> в <3> пятницу </3> .", src) == (
        "<1>Кремль</1> сказал<2/> в <3>пятницу</3>."
    )
    assert strip(src) == "The Kremlin said on Friday."
    assert CODE.fullmatch("<12/>")


@pytest.mark.parametrize(
    ("tag", "lang", "expected"),
    [
        ('<html lang="en">', "ru", '<html lang="ru" dir="ltr">'),
        ("<html>", "ar", '<html lang="ar" dir="rtl">'),
        ("<HTML class='x' dir=ltr >", "he", '<HTML class=\'x\' dir="rtl" lang="he" >'),
        ('<html xml:lang="en" lang="en">', "fa", '<html xml:lang="fa" lang="fa" dir="rtl">'),
        ("<html lang=en>", "pt_BR", '<html lang="pt-BR" dir="ltr">'),
        ('<html\n  lang="en"\n>', "ur", '<html\n  lang="ur" dir="rtl"\n>'),
    ],
)
def test_root_element_gets_lang_and_dir(tag: str, lang: str, expected: str) -> None:
    assert set_language(tag, lang) == expected


def test_glossary_sees_through_codes() -> None:
    from localize.glossary import find_terms, load_glossaries, verify

    glossary = load_glossaries([ROOT / "glossaries" / "news.csv"])
    text = "<1>Crimea</1> and <2>the INF Treaty</2> and <3/>Kremlin."
    assert [m.text for m in find_terms(glossary, text)] == ["Crimea", "INF Treaty", "Kremlin"]
    assert verify("<1>Crimea</1> is", "<1>Крым</1> —", glossary, "ru") == []
    assert [v.message for v in verify("<1>Crimea</1> is", "<1>Полуостров</1>", glossary, "ru")] == [
        'glossary: "Crimea" → Крым|Крыма|Крыму|Крымом|Крыме'
    ]


def test_alt_and_title_inside_a_sentence_are_segments_of_their_own() -> None:
    src = 'Read [the *story*](https://x.org "A title") and ![a "cat"](c.jpg) now.\n'
    parts = list(parse_text(src, "markdown"))
    segs = [p for p in parts if isinstance(p, Segment)]
    assert [(s.kind, s.text) for s in segs] == [
        ("paragraph", "Read <1>the <2>story</2></1> and <3/> now."),
        ("title", "A title"),
        ("alt", 'a "cat"'),
    ]
    assert joined(parts) == src
    out = "".join(rebuild_parts(parts, lambda s: s.text.upper() + ' "q"'))
    assert out == (
        'READ [THE *STORY*](https://x.org "A TITLE \\"q\\"") AND ![A \\"CAT\\" \\"q\\"](c.jpg) '
        'NOW. "q"\n'
    )
    html = '<p>Read <a href="/x" title="A &quot;t&quot;">it</a> <img src=c.jpg alt="a cat">.</p>'
    parts = list(parse_text(html, "html"))
    assert [p.text for p in parts if isinstance(p, Segment)] == [
        "Read <1>it</1> <2/>.",
        'A "t"',
        "a cat",
    ]
    out = "".join(rebuild_parts(parts, lambda s: None if "<" in s.text else s.text + " 'q'"))
    assert out == (
        '<p>Read <a href="/x" title="A &quot;t&quot; &#39;q&#39;">it</a> '
        '<img src=c.jpg alt="a cat &#39;q&#39;">.</p>'
    )


def test_codes_are_no_numbers_for_the_numbers_check() -> None:
    import polib

    from localize.review import CatalogInput, check_catalog

    po = polib.POFile()
    po.metadata = {"Language": "ru"}
    po.append(polib.POEntry(msgid="Read <1>it</1> in 2019 <2/>.", msgstr="Читайте это в 2019."))
    po.append(polib.POEntry(msgid="Read <1>it</1> in 2019.", msgstr="Читайте <1>это</1> в 2018."))
    found = [
        (f.code, f.message)
        for f in check_catalog(CatalogInput(po, "ru", "x.po"), select=["numbers", "markup"])
    ]
    assert sorted(found) == [
        ("markup", "code <1>…</1> of the source is missing"),
        ("markup", "code <2/> of the source is missing"),
        ("numbers", "number 2019 of the source is missing"),
    ]


_WORDS_RU = {"Kremlin": "Кремль", "said": "сказал", "talks": "переговоры", "Friday": "пятницу"}


def _word_translation(seg: Segment) -> str:
    """A word-by-word 'translation' that keeps codes where they are, as the test models do."""
    return re.sub(r"\b(?:Kremlin|said|talks|Friday)\b", lambda m: _WORDS_RU[m.group()], seg.text)


def _elements(html_text: str) -> list[tuple[str, str]]:
    """The element structure of an HTML text (start and end tags, in order), by html.parser."""

    class Tags(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.seen: list[tuple[str, str]] = []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.seen.append(("start", tag))

        def handle_endtag(self, tag: str) -> None:
            self.seen.append(("end", tag))

    p = Tags()
    p.feed(html_text)
    p.close()
    return p.seen


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(md_docs())
@example("Kremlin.\n\n- Kremlin.\n- \\\n Kremlin.")  # a hard break first in a list item
def test_translated_markdown_renders_to_the_same_elements(doc: str) -> None:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    out = "".join(rebuild_parts(parse_text(doc, "markdown"), _word_translation))
    assert _elements(md.render(out)) == _elements(md.render(doc))


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(html_docs())
def test_translated_html_keeps_the_same_elements(doc: str) -> None:
    out = "".join(rebuild_parts(parse_text(doc, "html"), _word_translation))
    assert _elements(out) == _elements(doc)


def test_alt_and_title_of_markup_left_in_the_layout_are_segments() -> None:
    html = (
        '<p><img src="a.jpg" alt="A photo of Moscow"></p>\n'
        '<ul><li><a href="/1" title="Read more">Moscow Says No</a></li></ul>'
    )
    parts = list(parse_text(html, "html"))
    assert [(p.kind, p.text) for p in parts if isinstance(p, Segment)] == [
        ("alt", "A photo of Moscow"),
        ("title", "Read more"),
        ("list-item", "Moscow Says No"),
    ]
    assert "".join(rebuild_parts(parts, lambda s: s.text.upper())) == (
        '<p><img src="a.jpg" alt="A PHOTO OF MOSCOW"></p>\n'
        '<ul><li><a href="/1" title="READ MORE">MOSCOW SAYS NO</a></li></ul>'
    )
    md = '[![A photo](a.jpg)](/x "Go")\n\n- [Moscow Says No](/1 "Read more")\n'
    parts = list(parse_text(md, "markdown"))
    assert [(p.kind, p.text) for p in parts if isinstance(p, Segment)] == [
        ("alt", "A photo"),
        ("title", "Go"),
        ("list-item", "Moscow Says No"),
        ("title", "Read more"),
    ]
    assert "".join(rebuild_parts(parts, lambda s: s.text.upper())) == (
        '[![A PHOTO](a.jpg)](/x "GO")\n\n- [MOSCOW SAYS NO](/1 "READ MORE")\n'
    )


@pytest.mark.parametrize(
    ("name", "data", "where"),
    [
        (
            "empty.html",
            b"<html><script>var a = 1;</script></html>\n",
            ": no text to translate in this HTML article",
        ),
        ("empty.md", b"```\ncode only\n```\n", ": no text to translate in this MARKDOWN article"),
        ("bad.html", b"<p>caf\xe9</p>\n", ":1: invalid UTF-8 at line 1, byte offset 6"),
        ("blank.md", b"\n\n", ": empty article"),
    ],
)
def test_bad_html_and_markdown_articles(
    name: str, data: bytes, where: str, tmp_path: Path, runner
) -> None:
    from localize.cli import cli

    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(cli, ["segment", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"localize: {path}{where}\n"


def test_a_format_given_once_is_remembered_by_every_later_command(project: Path, runner) -> None:
    """A Markdown draft saved as .txt, extracted with --article-format markdown: the template
    records the format, so check, update and build read the article the same way after."""
    import polib

    from localize.cli import cli

    (project / "drafts").mkdir()
    draft = project / "drafts" / "talks.txt"
    draft.write_text(
        "# Talks in Geneva\n\nThe **Kremlin** said on Monday that talks would resume. "
        "A [spokesman](https://example.org) declined to comment.\n",
        encoding="utf-8",
    )
    (project / "localize.toml").write_text(
        'source = "en"\nlocales = ["ru"]\narticles = ["drafts/*.txt"]\n', encoding="utf-8"
    )
    args = ["update", "drafts/talks.txt", "--to", "ru"]
    assert runner.invoke(cli, [*args, "--article-format", "markdown"]).exit_code == 0
    pot = polib.pofile("locales/talks.pot")
    assert pot.metadata["X-Localize-Article-Format"] == "markdown"
    sentences = [e.msgid for e in pot]
    assert sentences[1] == "The <1>Kremlin</1> said on Monday that talks would resume."

    outdated = runner.invoke(cli, ["check", "--select", "outdated"])
    assert (outdated.exit_code, outdated.output) == (0, "all 1 catalog(s) complete and clean\n")
    again = runner.invoke(cli, args)  # no flag: the template says markdown
    assert again.exit_code == 0, again.output
    assert [e.msgid for e in polib.pofile("locales/talks.pot")] == sentences

    po = polib.pofile("locales/ru/LC_MESSAGES/talks.po")
    for e in po:
        e.msgstr = e.msgid.replace("Kremlin", "Кремль")
    po.save()
    built = runner.invoke(cli, ["build", "drafts/talks.txt", "--to", "ru"])
    assert built.exit_code == 0, built.output
    assert "The **Кремль** said" in built.output
    assert "[spokesman](https://example.org)" in built.output

    # Read as text again on purpose: the record goes, and ordinary templates never carry one.
    assert runner.invoke(cli, [*args, "--article-format", "text"]).exit_code == 0
    assert "X-Localize-Article-Format" not in polib.pofile("locales/talks.pot").metadata
