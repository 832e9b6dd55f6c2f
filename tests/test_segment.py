"""Segmentation: the sample article, pySBD's Golden Rules, news quirks, losslessness, bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.errors import ArticleError
from localize.segment import (
    decode_article,
    detect_language,
    read_article,
    rebuild,
    segment_text,
    split_sentences,
)

DATA = Path(__file__).parent / "data" / "segment"

SAMPLE_SEGMENTS = [
    (1, "heading", "Accessibility links"),
    (3, "heading", "Breaking News"),
    (5, "heading", "Russia Won't Discuss Crimea, Dismisses Report Of Contacts With Trump Team"),
    (7, "caption", "Kremlin spokesman Dmitry Peskov (file photo)"),
    (8, "caption", "Kremlin spokesman Dmitry Peskov (file photo)"),
    (10, "paragraph", "Russian President Vladimir Putin's spokesman says Moscow will not"),
    (12, "paragraph", "Dmitry Peskov spoke on February 15, a day after White House"),
    (14, "paragraph", "The Kremlin spokesman referred to Crimea as Russian territory"),
    (16, "paragraph", "Russia seized control of Crimea in March 2014"),
    (18, "paragraph", "Peskov said that Trump did not raise the issue of Crimea"),
    (20, "paragraph", "He also dismissed a February 14 report in the New York Times"),
    (22, "paragraph", '"Let\'s not believe anonymous information," Peskov said'),
    (24, "paragraph", "The Kremlin spokesman also responded to U.S. media reports"),
    (26, "paragraph", '"Russia has been and remains committed'),
    (28, "paragraph", '"Nobody has formally accused Russia of violating the treaty," he said.'),
    (30, "paragraph", "More broadly, Peskov said that it is too early"),
    (32, "paragraph", "Trump has repeatedly said he hopes relations"),
    (34, "paragraph", "Ties have been badly strained by rancor"),
    (36, "byline", "With reporting by Interfax, TASS, and Reuters"),
    (37, "list-item", "16x9 Image"),
    (
        40,
        "paragraph",
        "RFE/RL journalists report the news in 27\u00a0languages in 23\u00a0countries",
    ),
    (40, "paragraph", "We provide what many people cannot get locally"),
    (42, "paragraph", 'RFE/RL has been declared an "undesirable organization"'),
    (44, "paragraph", "If you are in Russia or the Russia-controlled parts of Ukraine"),
    (46, "paragraph", "To find out more, click here."),
]


def test_sample_article_gives_25_segments_as_a_reader_splits_it(sample: Path) -> None:
    segs = read_article(sample).segments
    assert len(segs) == 25
    for seg, (line, kind, start) in zip(segs, SAMPLE_SEGMENTS, strict=True):
        assert (seg.line, seg.kind) == (line, kind), seg
        assert seg.text.startswith(start), seg
        assert seg.text == seg.text.strip() and "\n" not in seg.text
    assert [s.id for s in segs[:3]] == ["s1", "s2", "s3"]
    assert segs[-1].text == "To find out more, click here."


def test_sample_round_trip_is_byte_exact(sample: Path) -> None:
    doc = read_article(sample)
    assert rebuild(doc, {}).encode("utf-8") == sample.read_bytes()
    upper = rebuild(doc, lambda s: s.text.upper())
    assert upper.count("\n") == sample.read_text(encoding="utf-8").count("\n")
    assert "  • 16X9 IMAGE\n" in upper


def golden_rules() -> list[dict]:
    return json.loads((DATA / "golden_rules_en.json").read_text(encoding="utf-8"))


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_golden_rules_score_at_least_pysbd() -> None:
    cases = golden_rules()
    misses = [c["text"] for c in cases if sentences(c["text"]) != c["expected"]]
    assert len(cases) == 48
    # The one pySBD itself misses: "6 P.M. Mr. Smith" (abbreviation before a capitalised name).
    assert misses == [
        "At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. "
        "Mr. Smith then went to the store."
    ]


@pytest.mark.parametrize("path", sorted(DATA.glob("news_*.txt")), ids=lambda p: p.stem)
def test_news_cases(path: Path) -> None:
    source, expected = re.split(r"\r?\n----\r?\n", path.read_text(encoding="utf-8"), maxsplit=1)
    doc = segment_text(source)
    assert [s.text for s in doc.segments] == expected.splitlines()
    assert rebuild(doc, {}) == source


def test_bullet_and_indentation_are_layout() -> None:
    doc = segment_text("Intro line\n  • First item\n")
    assert doc.parts == (
        doc.segments[0],
        "\n  • ",
        doc.segments[1],
        "\n",
    )
    assert doc.segments[1].kind == "list-item"


def test_nbsp_kept_and_crlf_kept() -> None:
    text = "A\u00a0B said so.\r\n\r\nThen more.\r\n"
    doc = segment_text(text)
    assert doc.segments[0].text == "A\u00a0B said so."
    assert doc.parts[1] == "\r\n\r\n"


TEXT = st.lists(
    st.sampled_from(
        list("abcXYZ .,!?\"'“”«»…-•*1290\t\r\n")
        + ["\u00a0", "\r\n", "\ufeff", "й", "Mr. ", "U.S. "]
    ),
    max_size=150,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_rebuild_with_identity_is_lossless(text: str) -> None:
    doc = segment_text(text)
    assert doc.text == text
    assert rebuild(doc, {}) == text
    assert rebuild(doc, lambda s: s.text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_lossless_on_any_unicode(text: str) -> None:
    doc = segment_text(text)
    assert rebuild(doc, {}) == text
    for seg in doc.segments:
        assert seg.text and seg.text == seg.text.strip()


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "a.txt: empty article"),
        (b"  \n\n\t\n", "a.txt: empty article"),
        (b"Hello.\nCaf\xe9 au lait.\n", "a.txt:2: invalid UTF-8 at line 2, byte offset 10"),
        (
            b"PK\x03\x04\x00\x00binary",
            "a.txt: binary file, not an article (NUL byte at line 1, byte offset 4)",
        ),
        (b"One.\nTwo\x07 three.\n", "a.txt:2: control character U+0007 in the text"),
    ],
)
def test_bad_articles(data: bytes, message: str) -> None:
    with pytest.raises(ArticleError) as err:
        decode_article(data, path="a.txt")
    assert str(err.value) == message


def test_bom_is_tolerated_and_kept(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeffHello there. Bye.\n".encode())
    doc = read_article(p)
    assert [s.text for s in doc.segments] == ["Hello there.", "Bye."]
    assert rebuild(doc, {}).encode() == p.read_bytes()


def test_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match=r"nope.txt: no such file$"):
        read_article(tmp_path / "nope.txt")
    with pytest.raises(ArticleError, match=r": is a directory, not an article$"):
        read_article(tmp_path)


def test_detect_language_is_deterministic(sample: Path) -> None:
    body = " ".join(s.text for s in read_article(sample).segments)
    assert {detect_language(body) for _ in range(3)} == {"en"}
    ru = (
        "Пресс-секретарь президента России заявил, что Москва не будет обсуждать возвращение Крыма."
    )
    assert detect_language(ru) == "ru"
    assert detect_language("Hi.") is None
