"""TBX-Basic glossaries (v2 ``martif`` and v3 ``tbx``), read safely and written."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from localize.errors import GlossaryError, LocalizeError
from localize.glossary.files import YES, read_glossary_bytes
from localize.glossary.terms import Glossary, Term, norm_space, term_key
from localize.lang import base_language, check_locale

__all__ = ["parse_tbx", "read_tbx", "dumps_tbx", "write_tbx"]

_FLAGS_NOTE = "localize:"


class _Node:
    """An XML element with the line it starts on (ElementTree keeps no line numbers).

    Text and children are kept in document order; walking them is iterative, so 50,000 nested
    elements cost no recursion.
    """

    __slots__ = ("tag", "attrs", "line", "children", "parts")

    def __init__(self, tag: str, attrs: dict[str, str], line: int) -> None:
        self.tag, self.attrs, self.line = tag, attrs, line
        self.children: list[_Node] = []
        self.parts: list[str | _Node] = []  # text chunks as the parser gives them, and children

    def find(self, *tags: str) -> list[_Node]:
        return [c for c in self.children if c.tag in tags]

    def iter(self, *tags: str) -> Iterator[_Node]:
        """Descendants with one of ``tags`` (not looking inside them), in document order."""
        stack = list(reversed(self.children))
        while stack:
            node = stack.pop()
            if node.tag in tags:
                yield node
            else:
                stack.extend(reversed(node.children))

    @property
    def lang(self) -> str:
        return self.attrs.get("xml:lang") or self.attrs.get("lang") or ""

    def all_text(self) -> str:
        """Every text inside, in document order (one join: linear in the text's size)."""
        out: list[str] = []
        stack: list[str | _Node] = list(reversed(self.parts))
        while stack:
            part = stack.pop()
            if isinstance(part, str):
                out.append(part)
            else:
                stack.extend(reversed(part.parts))
        return "".join(out)


def _xml_tree(data: bytes, path: str) -> _Node:
    """The document as a tree of _Node, read with the project's one safe XML reader
    (:mod:`localize.xmlsafe`): a DOCTYPE is fine (TBX files carry one), entity declarations
    and DTD attribute defaults are refused, nothing is fetched. Built from the parser's events
    without recursion, so 50,000 nested elements cost none."""
    from localize.xmlsafe import iterparse

    xml_ns = "{http://www.w3.org/XML/1998/namespace}"
    nodes: list[_Node] = []
    root: _Node | None = None
    for event, elem in iterparse(io.BytesIO(data), path=path, error=GlossaryError):
        if event == "start":
            attrs = {
                ("xml:" + k[len(xml_ns) :] if k.startswith(xml_ns) else k.rsplit("}", 1)[-1]): v
                for k, v in elem.attrib.items()
            }
            node = _Node(elem.tag.rsplit("}", 1)[-1], attrs, elem.line)
            if nodes:
                nodes[-1].children.append(node)
            else:
                root = node
            nodes.append(node)
            continue
        node = nodes.pop()
        # text before the first child, then each child and the text after it
        if elem.text:
            node.parts.append(elem.text)
        for child_node, child in zip(node.children, elem, strict=True):
            node.parts.append(child_node)
            if child.tail:
                node.parts.append(child.tail)
        del elem[:]  # the children's text lives on in the nodes; this one's tail is read next
    if root is None:  # pragma: no cover - the parser reports "no element found" first
        raise GlossaryError("malformed XML: no element found", path=path)
    return root


def _tbx_lang(code: str, path: str, line: int) -> str:
    if not code:
        raise GlossaryError("language set without xml:lang", path=path, line=line)
    try:
        return check_locale(code)
    except LocalizeError as exc:
        raise GlossaryError(exc.message, path=path, line=line) from None


def parse_tbx(data: str | bytes, *, path: str = "<tbx>", source: str = "en") -> Glossary:
    """Parse TBX-Basic (v2 ``martif``/``termEntry``/``langSet``/``tig`` or v3
    ``tbx``/``conceptEntry``/``langSec``/``termSec``); deprecated terms are not accepted forms."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    root = _xml_tree(data, path)
    if root.tag not in ("martif", "tbx"):
        raise GlossaryError(
            f"not a TBX file: the root element is <{root.tag}>", path=path, line=root.line
        )
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for node in root.iter("termEntry", "conceptEntry"):
        term = _tbx_term(node, source, path)
        for variant in term.sources:
            key = term_key(variant, False)
            if key in seen:
                raise GlossaryError(
                    f"duplicate term {variant!r} (first at line {seen[key]})",
                    path=path,
                    line=node.line,
                )
            seen[key] = node.line
        terms.append(term)
    return Glossary(tuple(terms), source)


# What CAT tools write for "do not translate": Weblate a translationNote "no", translate-toolkit
# a "Translation needed" descrip "no", others a doNotTranslate data category or note.
_NEEDED = {"translationnote", "translation needed", "translationneeded"}
_DNT_TYPES = {"donottranslate", "do not translate", "dnt"}
# Administrative statuses whose term a translation must not use.
_FLAGGED = ("forbidden", "deprecated", "superseded", "obsolete")


def _says_dnt(node: _Node) -> bool | None:
    kind = node.attrs.get("type", "").strip().lower()
    text = norm_space(node.all_text()).lower()
    if kind in _NEEDED and text in ("no", "yes"):
        return text == "no"
    if kind in _DNT_TYPES:
        return YES.get(text, True)
    if kind == "x-localize-dnt":
        return YES.get(text, False)
    if text in ("donottranslate", "do not translate"):
        return True
    return None


def _tbx_term(node: _Node, source: str, path: str) -> Term:
    notes: list[str] = []
    dnt, sensitive = False, True
    for child in node.iter("note", "descrip", "admin", "termNote"):
        said = _says_dnt(child)
        if said is not None:
            dnt = said
    for child in node.find("note", "descrip", "admin"):
        text = norm_space(child.all_text())
        kind = child.attrs.get("type", "")
        if kind == "x-localize-case":
            sensitive = text.lower() != "insensitive"
        elif text.startswith(_FLAGS_NOTE):
            for flag in text[len(_FLAGS_NOTE) :].replace(";", " ").split():
                name, _, value = flag.partition("=")
                if name == "dnt" and value in YES:
                    dnt = YES[value]
                elif name == "case" and value in ("sensitive", "insensitive"):
                    sensitive = value == "sensitive"
                else:
                    raise GlossaryError(f"unknown flag {flag!r}", path=path, line=child.line)
        elif text and child.tag == "note" and _says_dnt(child) is None:
            notes.append(text)
    table: dict[str, tuple[str, ...]] = {}
    flagged: dict[str, tuple[str, ...]] = {}
    sources: list[str] = []
    for lang_set in node.find("langSet", "langSec"):
        lang = _tbx_lang(lang_set.lang, path, lang_set.line)
        preferred: list[str] = []
        others: list[str] = []
        wrong: list[str] = []
        for group in lang_set.find("tig", "ntig", "termSec"):
            holders = [group, *group.find("termGrp")]
            found = [t for h in holders for t in h.find("term")]
            form = norm_space(found[0].all_text()) if found else ""
            if not form:
                raise GlossaryError("term group without a term", path=path, line=group.line)
            status = " ".join(
                n.all_text()
                for h in holders
                for n in h.find("termNote", "descrip", "admin")
                if n.attrs.get("type") == "administrativeStatus"
            ).lower()
            form = unicodedata.normalize("NFC", form)
            if any(word in status for word in _FLAGGED):
                wrong.append(form)  # a wrong form is not an accepted one: check flags it
            else:
                (preferred if "preferred" in status else others).append(form)
        forms = tuple(dict.fromkeys(preferred + others))
        # Regional tags (en-US, ru-RU) are their language's: OmegaT and others write them.
        if lang == source or base_language(lang) == base_language(source):
            sources += [f for f in forms if f not in sources]
            continue
        if lang in table or lang in flagged:
            raise GlossaryError(f"second language set for {lang!r}", path=path, line=lang_set.line)
        if forms:
            table[lang] = forms
        if wrong:
            flagged[lang] = tuple(dict.fromkeys(wrong))
    if not sources:
        raise GlossaryError(f"empty {source!r} term", path=path, line=node.line)
    targets = tuple(table.items())
    if dnt:  # a language's own form is its exception; one equal to the source is none
        targets = tuple((lang, f) for lang, f in targets if f != tuple(sources))
    return Term(
        tuple(sources),
        targets,
        dnt,
        sensitive,
        "; ".join(notes),
        f"{path}:{node.line}",
        tuple(flagged.items()),
    )


def read_tbx(path: str | Path, *, source: str = "en") -> Glossary:
    """Read TBX-Basic safely (localize.xmlsafe: no entity expansion, nothing fetched)."""
    path = Path(path)
    return parse_tbx(read_glossary_bytes(path), path=str(path), source=source)


def dumps_tbx(glossary: Glossary) -> str:
    """The glossary as TBX-Basic v2 (``martif``), for Weblate, OmegaT, translate-toolkit.

    Accepted forms are preferred (the first) or admitted terms, flagged forms deprecated ones;
    a do-not-translate term says "Translation needed: no" as translate-toolkit and Weblate read
    it, and its per-language exceptions are that language's terms.
    """
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<martif type="TBX-Basic" xml:lang={quoteattr(glossary.source)}>',
        "  <martifHeader>",
        "    <fileDesc><sourceDesc><p>localize glossary</p></sourceDesc></fileDesc>",
        "  </martifHeader>",
        "  <text>",
        "    <body>",
    ]
    for number, term in enumerate(glossary.terms, 1):
        out.append(f'      <termEntry id="t{number}">')
        if term.dnt:
            out.append('        <descrip type="Translation needed">no</descrip>')
        if not term.case_sensitive:  # TBX-Basic has no such field; a note keeps the file valid
            out.append(f"        <note>{_FLAGS_NOTE} case=insensitive</note>")
        if term.note:
            out.append(f"        <note>{escape(term.note)}</note>")
        flagged = dict(term.flagged)
        langs = [glossary.source, *(lang for lang, _ in term.targets)]
        langs += [lang for lang in flagged if lang not in langs]
        targets = dict(term.targets)
        for lang in langs:
            forms = term.sources if lang == glossary.source else targets.get(lang, ())
            out.append(f"        <langSet xml:lang={quoteattr(lang.replace('_', '-'))}>")
            rows = [
                ("preferredTerm-admn-sts" if i == 0 else "admittedTerm-admn-sts", form)
                for i, form in enumerate(forms)
            ]
            rows += [("deprecatedTerm-admn-sts", form) for form in flagged.get(lang, ())]
            for status, form in rows:
                dnt = (
                    '<termNote type="translationNote">no</termNote>'
                    if term.dnt and lang == glossary.source
                    else ""
                )
                out.append(
                    f"          <tig><term>{escape(form)}</term>"
                    f'<termNote type="administrativeStatus">{status}</termNote>{dnt}</tig>'
                )
            out.append("        </langSet>")
        out.append("      </termEntry>")
    out += ["    </body>", "  </text>", "</martif>", ""]
    return "\n".join(out)


def write_tbx(glossary: Glossary, path: str | Path) -> None:
    """Write ``glossary`` as TBX-Basic, atomically."""
    from localize.fileio import atomic_write_text

    atomic_write_text(path, dumps_tbx(glossary))
