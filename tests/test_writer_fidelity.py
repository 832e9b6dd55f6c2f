"""What editors' tools wrote stays as they wrote it (header fields, position), and references
to file names with white space survive a write and a read."""

from __future__ import annotations

import copy
import pickle

import polib

from localize.catalog import Catalog, dumps, parse_po, update

HEADER = (
    'msgid ""\nmsgstr ""\n"X-Generator: Poedit 3.4 \\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n"Language: uk\\n"\n'
    '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "\n'
    '"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"\n'
)


def test_header_fields_kept_in_order_with_duplicates_and_spaces() -> None:
    text = HEADER + '\nmsgid "a"\nmsgstr "б"\n'
    po = parse_po(text)
    assert dumps(po) == text
    po.metadata["Language"] = "be"  # a changed field: the last of its lines says so
    assert '"Language: ru\\n"\n"Language: be\\n"\n' in dumps(po)
    del po.metadata["X-Generator"]
    assert "X-Generator" not in dumps(po)


def test_header_not_first_stays_where_it_was() -> None:
    text = 'msgid "a"\nmsgstr "б"\n\n# note\n' + HEADER
    assert dumps(parse_po(text)) == text


def test_a_catalog_read_keeps_its_header_through_copies_pickles_and_polib() -> None:
    """The reader gives a Catalog (polib's POFile with the header as read): a copy or a pickle
    is written as the original, polib's own merge works on it, and a plain POFile with the same
    fields is written from its fields, as a catalog made in code always was."""
    text = 'msgid "a"\nmsgstr "б"\n\n' + HEADER + '\nmsgid "b"\nmsgstr ""\n'
    po = parse_po(text)
    assert isinstance(po, Catalog) and isinstance(po, polib.POFile)
    for twin in (copy.copy(po), copy.deepcopy(po), pickle.loads(pickle.dumps(po))):
        assert type(twin) is Catalog and dumps(twin) == text
    plain = polib.POFile()
    plain.metadata = dict(po.metadata)
    plain.extend(po)
    assert dumps(plain).startswith(
        'msgid ""\nmsgstr ""\n"X-Generator: Poedit 3.4\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: uk\\n"\n'
    )
    po.merge(parse_po('msgid "b"\nmsgstr ""\n\nmsgid "c"\nmsgstr ""\n'))
    assert [(e.msgid, e.obsolete) for e in po] == [("a", True), ("b", False), ("c", False)]
    assert HEADER in dumps(po)  # its trailing space and duplicate field too
    assert type(update(po, po, lang="uk")) is Catalog  # the merged header is kept as read too


def test_file_name_with_a_tab_or_space_is_one_reference() -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    refs = [("news/a\tb.txt", "3"), ("c d.txt", ""), ("e.txt", "4")]
    po.append(polib.POEntry(msgid="x", msgstr="", occurrences=refs))
    text = dumps(po)
    assert "#: \u2068news/a\tb.txt\u2069:3 \u2068c d.txt\u2069 e.txt:4\n" in text
    assert parse_po(text)[0].occurrences == refs
    merged = update(parse_po(text), parse_po(text), lang="ru")
    assert merged[0].occurrences == refs
