"""Read XLIFF 1.2 and 2.x safely, streamed, refusing what the standard forbids at its line.

Parsed with the project's one safe XML reader (:mod:`localize.xmlsafe`): no entity expanded,
no DTD default applied, nothing fetched. Units are yielded one at a time and dropped from the
tree, so memory stays in proportion to one unit. For 2.x the reader checks the core's structure
and its constraints (ids, languages, states, inline codes and their data, annotations) as the
XLIFF TC's test suite exercises them; errors are ``path:line: message``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element

from localize.errors import XliffError
from localize.xliff.inline import read_inline
from localize.xmlsafe import iterparse

__all__ = ["XFile", "XUnit", "read_xliff"]

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS11 = "urn:oasis:names:tc:xliff:document:1.1"  # translate-toolkit's po2xliff writes it
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
NS_MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
NS_GLS = "urn:oasis:names:tc:xliff:glossary:2.0"
NS_MTC = "urn:oasis:names:tc:xliff:matches:2.0"
NS_SLR = "urn:oasis:names:tc:xliff:sizerestriction:2.0"
NS_VAL = "urn:oasis:names:tc:xliff:validation:2.0"
NS_RES = "urn:oasis:names:tc:xliff:resourcedata:2.0"
NS_CTR = "urn:oasis:names:tc:xliff:changetracking:2.0"
XML = "{http://www.w3.org/XML/1998/namespace}"


@dataclass
class XFile:
    """A ``<file>``: its article (``original``), languages, the tool that wrote it."""

    path: str
    version: str
    source_lang: str
    target_lang: str | None
    original: str | None
    tool: str | None


@dataclass
class XUnit:
    """One unit (2.x ``<unit>``, 1.2 ``<trans-unit>``), its text with inline codes as codes."""

    id: str
    line: int
    source: str
    target: str | None
    state: str | None
    file: XFile
    name: str | None = None
    approved: bool = False
    meta: dict[str, str] = field(default_factory=dict)
    restype: str | None = None  # 1.2: x-gettext-domain-header for a PO header


# BCP 47 well-formedness (RFC 5646's ABNF, simplified where only validity would differ).
_BCP47 = re.compile(
    r"^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?"
    r"(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?"
    r"|[Xx](?:-[A-Za-z0-9]{1,8})+|i-[A-Za-z]{3,8}|[A-Za-z]{2,3}-[A-Za-z]{3}-[A-Za-z]{2})$"
)
_NMTOKEN = re.compile(r"^[\w.\-:\u00b7\u0300-\u036f\u203f-\u2040]+$")


def _local(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag


def read_xliff(
    source: str | Path | IO[bytes],
    *,
    path: str | None = None,
    prefixes: dict[str, str] | None = None,
) -> Iterator[XUnit]:
    """The units of an XLIFF file (1.2 or 2.x), in document order; XliffError if invalid.

    ``prefixes`` registers extensions' fragment identifier prefixes (namespace -> prefix).
    """
    if path is None:
        path = (
            str(source) if isinstance(source, (str, Path)) else getattr(source, "name", "<xliff>")
        )
    where = str(path)
    stack: list[Element] = []
    files: list[XFile] = []
    checker: _Checker20 | None = None
    version = ""
    ids12: set[str] = set()
    for event, elem in iterparse(source, path=where, error=XliffError):
        if event == "start":
            if not stack:
                version = _root(elem, where)
                if version != "1.2":
                    checker = _Checker20(where, elem, prefixes)
            if checker is not None:
                checker.start(elem, stack)
            stack.append(elem)
            if _local(elem.tag)[1] == "file":
                files.append(_file(elem, stack[0], where, version))
                ids12 = set()
            continue
        stack.pop()
        ns, name = _local(elem.tag)
        if checker is not None:
            checker.end(elem, stack)
        if name == "unit" and version != "1.2" and ns == NS20:
            yield _unit20(elem, files[-1])
            if stack:
                stack[-1].remove(elem)
        elif name == "trans-unit" and version == "1.2":
            unit = _unit12(elem, files[-1], where)
            if unit.id in ids12:
                raise _fail(f"trans-unit id {unit.id!r} is not unique in its file", where, elem)
            ids12.add(unit.id)
            yield unit
            if stack:
                stack[-1].remove(elem)
    if checker is not None:
        checker.finish()


def _inherited(elem: Element, stack: list[Element], key: str = XML + "lang") -> str | None:
    """``xml:lang`` (or ``key``) of ``elem`` or of its nearest ancestor that has one."""
    for e in (elem, *reversed(stack)):
        lang = e.get(key)
        if lang is not None:
            return lang
    return None


def _line(elem: Element) -> int:
    """The line of an element's start tag (the safe reader's elements carry it)."""
    return getattr(elem, "line", 0)


def _fail(message: str, where: str, elem: Element | None) -> XliffError:
    return XliffError(message, path=where, line=_line(elem) if elem is not None else None)


def _root(elem: Element, where: str) -> str:
    ns, name = _local(elem.tag)
    if name != "xliff" or ns not in (NS11, NS12, NS20):
        raise _fail(
            f"not an XLIFF file (root element <{name}> in {ns or 'no namespace'!r})", where, elem
        )
    version = elem.get("version", "")
    if ns in (NS11, NS12):
        if version not in ("1.1", "1.2"):
            raise _fail(f"XLIFF version {version!r} in the 1.2 namespace", where, elem)
        return "1.2"  # 1.1 reads as 1.2
    if not re.fullmatch(r"2\.\d", version):
        raise _fail(f"XLIFF 2 document without a version 2.x ({version!r})", where, elem)
    return version


def _file(elem: Element, root: Element, where: str, version: str) -> XFile:
    if version == "1.2":
        src = elem.get("source-language")
        if not src:
            raise _fail("<file> without source-language", where, elem)
        tool = elem.get("tool-id") or elem.get("tool")
        return XFile(where, version, src, elem.get("target-language"), elem.get("original"), tool)
    return XFile(
        where, version, root.get("srcLang", ""), root.get("trgLang"), elem.get("original"), None
    )


def _meta(unit: Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for group in unit.iter(f"{{{NS_MDA}}}metaGroup"):
        if group.get("category") == "localize":
            for meta in group.iter(f"{{{NS_MDA}}}meta"):
                out[meta.get("type", "")] = meta.text or ""
    return out


def _unit20(elem: Element, xfile: XFile) -> XUnit:
    sources: list[str] = []
    targets: list[str] = []
    has_target = False
    state: str | None = None
    for child in elem:
        ns, name = _local(child.tag)
        if ns != NS20 or name not in ("segment", "ignorable"):
            continue
        src = child.find(f"{{{NS20}}}source")
        trg = child.find(f"{{{NS20}}}target")
        sources.append(read_inline(src) if src is not None else "")
        if trg is not None:
            has_target = True
            targets.append(read_inline(trg))
        elif name == "ignorable":
            targets.append(sources[-1])
        if name == "segment":
            seg_state = child.get("state", "initial")
            # the least advanced segment's state is the unit's
            order = ("initial", "translated", "reviewed", "final")
            if state is None or order.index(seg_state) < order.index(state):
                state = seg_state
    return XUnit(
        elem.get("id", ""),
        _line(elem),
        "".join(sources),
        "".join(targets) if has_target else None,
        state,
        xfile,
        name=elem.get("name"),
        meta=_meta(elem),
    )


def _unit12(elem: Element, xfile: XFile, where: str) -> XUnit:
    uid = elem.get("id")
    if uid is None:
        raise _fail("<trans-unit> without id", where, elem)
    ns = elem.tag[: elem.tag.index("}") + 1] if elem.tag.startswith("{") else ""
    src = elem.find(f"{ns}source")
    if src is None:
        raise _fail(f"<trans-unit> {uid!r} without <source>", where, elem)
    trg = elem.find(f"{ns}target")
    state = trg.get("state") if trg is not None else None
    if state is not None and state not in _STATES_12 and not state.startswith("x-"):
        raise _fail(f"state {state!r} is no XLIFF 1.2 state", where, trg)
    meta: dict[str, str] = {}
    for ctx in elem.iter(f"{ns}context"):
        kind = ctx.get("context-type", "")
        if kind.startswith("x-localize-"):
            meta[kind.removeprefix("x-localize-")] = ctx.text or ""
    return XUnit(
        uid,
        _line(elem),
        read_inline(src),
        read_inline(trg) if trg is not None else None,
        state,
        xfile,
        name=elem.get("resname"),
        approved=elem.get("approved") == "yes",
        meta=meta,
        restype=elem.get("restype"),
    )


_STATES_12 = (
    "new",
    "needs-translation",
    "needs-adaptation",
    "needs-l10n",
    "needs-review-translation",
    "needs-review-adaptation",
    "needs-review-l10n",
    "translated",
    "signed-off",
    "final",
)

# --- XLIFF 2 constraints ---------------------------------------------------------------------

_STATES = ("initial", "translated", "reviewed", "final")
_YES_NO = ("yes", "no")
_TYPES = ("fmt", "ui", "quote", "link", "image", "other")
_XLF_SUBTYPES = {
    "xlf:lb": "fmt",
    "xlf:pb": "fmt",
    "xlf:b": "fmt",
    "xlf:i": "fmt",
    "xlf:u": "fmt",
    "xlf:var": "ui",
}
_INLINE = ("cp", "ph", "pc", "sc", "ec", "mrk", "sm", "em")
_CHILDREN = {  # element -> the core elements it may hold
    "xliff": ("file",),
    "file": ("skeleton", "notes", "unit", "group"),
    "skeleton": (),
    "group": ("notes", "unit", "group"),
    "unit": ("notes", "originalData", "segment", "ignorable"),
    "notes": ("note",),
    "note": (),
    "originalData": ("data",),
    "data": ("cp",),
    "segment": ("source", "target"),
    "ignorable": ("source", "target"),
    "source": _INLINE,
    "target": _INLINE,
    "pc": _INLINE,
    "mrk": _INLINE,
    "ph": (),
    "sc": (),
    "ec": (),
    "sm": (),
    "em": (),
    "cp": (),
}
_ATTRS = {  # element -> its core attributes (others must be in another namespace)
    "xliff": ("version", "srcLang", "trgLang", XML + "space", XML + "lang"),
    "file": ("id", "canResegment", "original", "translate", "srcDir", "trgDir", XML + "space"),
    "skeleton": ("href",),
    "group": (
        "id",
        "name",
        "canResegment",
        "translate",
        "srcDir",
        "trgDir",
        "type",
        XML + "space",
    ),
    "unit": (
        "id",
        "name",
        "canResegment",
        "translate",
        "srcDir",
        "trgDir",
        "type",
        XML + "space",
    ),
    "notes": (),
    "note": ("id", "appliesTo", "category", "priority"),
    "originalData": (),
    "data": ("id", "dir", XML + "space"),
    "segment": ("id", "canResegment", "state", "subState"),
    "ignorable": ("id",),
    "source": (XML + "lang", XML + "space"),
    "target": (XML + "lang", XML + "space", "order"),
    "cp": ("hex",),
    "ph": (
        "canCopy",
        "canDelete",
        "canReorder",
        "copyOf",
        "disp",
        "equiv",
        "id",
        "dataRef",
        "subFlows",
        "subType",
        "type",
    ),
    "pc": (
        "canCopy",
        "canDelete",
        "canOverlap",
        "canReorder",
        "copyOf",
        "dispEnd",
        "dispStart",
        "equivEnd",
        "equivStart",
        "id",
        "dataRefEnd",
        "dataRefStart",
        "subFlowsEnd",
        "subFlowsStart",
        "subType",
        "type",
        "dir",
    ),
    "sc": (
        "canCopy",
        "canDelete",
        "canOverlap",
        "canReorder",
        "copyOf",
        "dataRef",
        "dir",
        "disp",
        "equiv",
        "id",
        "isolated",
        "subFlows",
        "subType",
        "type",
    ),
    "ec": (
        "canCopy",
        "canDelete",
        "canOverlap",
        "canReorder",
        "copyOf",
        "dataRef",
        "dir",
        "disp",
        "equiv",
        "id",
        "isolated",
        "startRef",
        "subFlows",
        "subType",
        "type",
    ),
    "mrk": ("id", "translate", "type", "ref", "value"),
    "sm": ("id", "translate", "type", "ref", "value"),
    "em": ("startRef",),
}
_REQUIRED = {
    "file": ("id",),
    "group": ("id",),
    "unit": ("id",),
    "data": ("id",),
    "cp": ("hex",),
    "ph": ("id",),
    "pc": ("id",),
    "mrk": ("id",),
    "sm": ("id",),
    "em": ("startRef",),
}
_VALUES = {
    "canResegment": _YES_NO,
    "translate": _YES_NO,
    "canCopy": _YES_NO,
    "canDelete": _YES_NO,
    "canOverlap": _YES_NO,
    "isolated": _YES_NO,
    "canReorder": ("yes", "no", "firstNo"),
    "srcDir": ("ltr", "rtl", "auto"),
    "trgDir": ("ltr", "rtl", "auto"),
    "dir": ("ltr", "rtl", "auto"),
    "state": _STATES,
    "appliesTo": ("source", "target"),
    XML + "space": ("default", "preserve"),
}
# Modules the reader knows: their elements may stand where the core allows extensions.
_MODULES = {
    "urn:oasis:names:tc:xliff:matches:2.0",
    "urn:oasis:names:tc:xliff:glossary:2.0",
    "urn:oasis:names:tc:xliff:fs:2.0",
    "urn:oasis:names:tc:xliff:metadata:2.0",
    "urn:oasis:names:tc:xliff:resourcedata:2.0",
    "urn:oasis:names:tc:xliff:sizerestriction:2.0",
    "urn:oasis:names:tc:xliff:validation:2.0",
    "http://www.w3.org/2005/11/its",
    "urn:oasis:names:tc:xliff:itsm:2.1",
    "urn:oasis:names:tc:xliff:changetracking:2.0",
}
# The elements of the modules whose namespaces the reader knows (an unknown one is an error).
_VOCABULARY = {
    "urn:oasis:names:tc:xliff:matches:2.0": {"matches", "match"},
    "urn:oasis:names:tc:xliff:glossary:2.0": {
        "glossary",
        "glossEntry",
        "term",
        "translation",
        "definition",
    },
    "urn:oasis:names:tc:xliff:metadata:2.0": {"metadata", "metaGroup", "meta"},
    "urn:oasis:names:tc:xliff:resourcedata:2.0": {
        "resourceData",
        "resourceItemRef",
        "resourceItem",
        "source",
        "target",
        "reference",
    },
    "urn:oasis:names:tc:xliff:sizerestriction:2.0": {"profiles", "normalization", "data"},
    "urn:oasis:names:tc:xliff:validation:2.0": {"validation", "rule"},
    "urn:oasis:names:tc:xliff:changetracking:2.0": {"changeTrack", "revisions", "revision", "item"},
}
# Fragment identifier prefixes of the modules (an extension's must be registered by the caller).
_MODULE_PREFIXES = {"mtc", "gls", "fs", "mda", "res", "slr", "val", "ctr", "its"}
_FS = "urn:oasis:names:tc:xliff:fs:2.0"
_HTML = set(
    "a abbr address area article aside audio b base bdi bdo blockquote body br button canvas "
    "caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img "
    "input ins kbd label legend li link main map mark meta meter nav noscript object ol "
    "optgroup option output p param picture pre progress q rp rt ruby s samp script section "
    "select small source span strong style sub summary sup table tbody td template textarea "
    "tfoot th thead time title tr track u ul var video wbr acronym applet basefont big center "
    "dir font frame frameset isindex noframes strike tt".split()
)
# Size restriction module: a maximum, or minimum,maximum; "*" for none (the spec's patterns).
_SLR_RESTRICTION = re.compile(r"(?:\d+|\*)(?:,(?:\d+|\*))?")
# Where elements of other namespaces may stand (the core's extension points).
_EXTENSIBLE = ("file", "skeleton", "group", "unit")


class _Checker20:
    """The XLIFF 2 core's structure and constraints, checked as the document streams by."""

    def __init__(self, where: str, root: Element, prefixes: dict[str, str] | None = None) -> None:
        self.where = where
        self.src_lang = root.get("srcLang")
        self.trg_lang = root.get("trgLang")
        self.file_ids: set[str] = set()
        self.unit_ids: set[str] = set()
        self.saw_target = False
        self.root = root
        self.sub_flows: list[tuple[str, Element]] = []
        self.ranks: dict[int, int] = {}
        self.prefixes = set(prefixes.values()) if prefixes else set()

    def fail(self, message: str, elem: Element | None) -> XliffError:
        return _fail(message, self.where, elem)

    # --- element by element -----------------------------------------------------------

    def start(self, elem: Element, stack: list[Element]) -> None:
        ns, name = _local(elem.tag)
        parent = _local(stack[-1].tag) if stack else None
        if ns != NS20:
            if ns in ("", NS12):
                raise self.fail(f"element <{name}> outside the XLIFF 2 namespace", elem)
            if parent is None or parent[0] != NS20:
                return  # inside a module's element: the module's business
            if parent[1] not in _EXTENSIBLE:
                raise self.fail(f"extension element <{name}> not allowed in <{parent[1]}>", elem)
            if ns in _VOCABULARY and name not in _VOCABULARY[ns]:
                raise self.fail(f"<{name}> is not an element of the module {ns!r}", elem)
            self._streamed_order(elem, stack)
            return
        if name not in _CHILDREN:
            raise self.fail(f"unknown XLIFF 2 element <{name}>", elem)
        if parent is None:
            if name != "xliff":
                raise self.fail(f"<{name}> as the root element", elem)
        elif parent[0] == NS20 and name not in _CHILDREN.get(parent[1], ()):
            raise self.fail(f"<{name}> not allowed in <{parent[1]}>", elem)
        elif parent[0] != NS20 and name in ("file", "unit", "group", "segment"):
            raise self.fail(f"<{name}> inside an extension element", elem)
        self._attributes(elem, name)
        self._size_restriction(elem, name, stack)
        self._streamed_order(elem, stack)
        if name == "xliff":
            self._root(elem)
        elif name == "file":
            fid = elem.get("id", "")
            if fid in self.file_ids:
                raise self.fail(f"file id {fid!r} is not unique", elem)
            self.file_ids.add(fid)
            self.unit_ids = set()
        elif name in ("unit", "group"):
            uid = elem.get("id", "")
            if uid in self.unit_ids:
                raise self.fail(f"{name} id {uid!r} is not unique in its file", elem)
            self.unit_ids.add(uid)
        for key in ("subFlows", "subFlowsStart", "subFlowsEnd"):
            value = elem.get(key)
            if value is not None:
                for ref in value.split(" "):
                    if not _NMTOKEN.match(ref):
                        raise self.fail(f"{key} {value!r} is not a list of unit ids", elem)
                    self.sub_flows.append((ref, elem))
        if name == "mrk" or name == "sm":
            fragment = elem.get("ref")
            if fragment is not None:
                self._fragment(fragment, elem)

    def _size_restriction(self, elem: Element, name: str, stack: list[Element]) -> None:
        """The size restriction module's attributes on core elements (XLIFF 2.1, 5.7.6)."""
        slr = {k.rsplit("}", 1)[1]: v for k, v in elem.attrib.items() if k.startswith("{" + NS_SLR)}
        if not slr:
            return
        for key in ("sizeRestriction", "storageRestriction"):
            value = slr.get(key)
            if value is not None and not _SLR_RESTRICTION.fullmatch(value):
                raise self.fail(f"slr:{key} {value!r} is not a maximum or minimum,maximum", elem)
        # sizeInfo is the profile's business (the suite's core files hold "some info").
        value = slr.get("equivStorage")
        if value is not None and not re.fullmatch(r"[+-]?\d+", value):
            raise self.fail(f"slr:equivStorage {value!r} is not an integer", elem)
        if name == "ec" and elem.get("isolated") != "yes":
            for key in ("equivStorage", "sizeInfo", "sizeInfoRef"):
                if key in slr:
                    raise self.fail(f"slr:{key} on an <ec> that is not isolated", elem)
        ref = slr.get("sizeInfoRef")
        if ref is None:
            return
        if "sizeInfo" in slr:
            raise self.fail("slr:sizeInfo and slr:sizeInfoRef on one element", elem)
        # It names an element in an <slr:data> sibling of the element or of an ancestor.
        data = f"{{{NS_SLR}}}data"
        for ancestor in stack:
            for child in ancestor:
                if child.tag == data and any(e.get("id") == ref for e in child.iter()):
                    return
        raise self.fail(f"slr:sizeInfoRef {ref!r} names nothing in an <slr:data>", elem)

    def _streamed_order(self, elem: Element, stack: list[Element]) -> None:
        """Children of <file> and <group> in the core's order, checked as they start (their
        units are gone from the tree by the time the file ends)."""
        if not stack:
            return
        pns, pname = _local(stack[-1].tag)
        if pns != NS20 or pname not in ("file", "group"):
            return
        ns, name = _local(elem.tag)
        order = {"skeleton": 0, "*": 1, "notes": 2, "unit": 3, "group": 3}
        rank = order.get(name if ns == NS20 else "*")
        if rank is None:
            return
        if pname == "group" and rank == 0:
            return
        key = id(stack[-1])
        last = self.ranks.get(key, -1)
        if rank < last or (rank == last and rank in (0, 2)):
            raise self.fail(f"<{name}> out of order in <{pname}>", elem)
        self.ranks[key] = rank

    def _file_end(self, elem: Element) -> None:
        for ref, at in self.sub_flows:
            if ref not in self.unit_ids:
                raise self.fail(f"subFlows names {ref!r}, no unit of the file", at)
        self.sub_flows = []
        self.ranks = {}

    def _fragment(self, value: str, elem: Element) -> None:
        """A fragment identifier (``#/f=f1/u=1/n=n1``) as XLIFF 2 defines them."""
        if "#" not in value:
            return  # an IRI elsewhere: not ours to check
        frag = value.split("#", 1)[1]
        if frag.startswith("/"):
            frag = frag[1:]
        parts = frag.split("/")
        levels = {"f": 0, "g": 1, "u": 2}
        leaves = {"n", "d", "t", *_MODULE_PREFIXES, *self.prefixes}
        last = -1
        seen: set[str] = set()
        for i, part in enumerate(parts):
            prefix, eq, ident = part.partition("=")
            if not eq:
                if i != len(parts) - 1 or not _NMTOKEN.match(part):
                    raise self.fail(f"fragment identifier {value!r}: {part!r} must be last", elem)
                continue
            if not _NMTOKEN.match(ident):
                raise self.fail(f"fragment identifier {value!r}: {ident!r} is no id", elem)
            if prefix in levels:
                rank = levels[prefix]
                if rank < last or (prefix in seen and prefix != "g"):
                    raise self.fail(f"fragment identifier {value!r}: {prefix}= out of order", elem)
                last = rank
                seen.add(prefix)
                continue
            if prefix not in leaves:
                why = (
                    "is not an NMTOKEN"
                    if not re.fullmatch(r"[A-Za-z0-9_.\-]+", prefix)
                    else "is too short"
                    if len(prefix) < 2
                    else "is not registered"
                )
                raise self.fail(f"fragment identifier {value!r}: prefix {prefix!r} {why}", elem)
            if i != len(parts) - 1:
                raise self.fail(f"fragment identifier {value!r}: {prefix}= must be last", elem)

    def end(self, elem: Element, stack: list[Element]) -> None:
        ns, name = _local(elem.tag)
        if ns != NS20:
            if ns in (NS_MDA, NS_GLS, NS_MTC):
                self._module(elem, ns, name)
            elif ns == NS_VAL and name == "rule":
                self._rule(elem)
            elif ns == NS_RES and name in ("source", "target"):
                self._resource(elem, name)
            return
        if name == "xliff" and not any(_local(c.tag)[1] == "file" for c in elem):
            raise self.fail("<xliff> without <file>", elem)
        if name == "file":
            if not self.unit_ids:
                raise self.fail("<file> without <unit> or <group>", elem)
            self._notes_ids(elem)
            self._extension_ids(elem)
            self._file_end(elem)
            elem.clear()
        elif name == "group":
            self._notes_ids(elem)
            self._extension_ids(elem)
        elif name == "skeleton":
            has_content = bool((elem.text or "").strip()) or len(elem)
            if bool(elem.get("href")) == bool(has_content):
                raise self.fail("<skeleton> needs either href or content, not both", elem)
        elif name == "notes" and not any(_local(c.tag) == (NS20, "note") for c in elem):
            raise self.fail("<notes> without <note>", elem)
        elif name == "originalData" and not len(elem):
            raise self.fail("<originalData> without <data>", elem)
        elif name == "unit":
            self._unit(elem)
        elif name in ("segment", "ignorable"):
            sources = elem.findall(f"{{{NS20}}}source")
            if len(sources) != 1:
                raise self.fail(f"<{name}> needs exactly one <source>", elem)
            self._order(elem, ("source", "target"))
            src, trg = elem.find(f"{{{NS20}}}source"), elem.find(f"{{{NS20}}}target")
            if trg is not None and src is not None:
                space = XML + "space"
                outer = _inherited(elem, stack, space) or "default"
                if (src.get(space) or outer) != (trg.get(space) or outer):
                    raise self.fail("<source> and <target> differ in xml:space", trg)
            if name == "segment" and elem.get("subState") and not elem.get("state"):
                raise self.fail("subState without state", elem)
            if elem.get("subState") is not None:
                self._prefixed(elem, "subState")
        elif name in ("source", "target") and (not stack or _local(stack[-1].tag)[0] != NS20):
            return  # a module's source or target (a match's), in its own language
        elif name == "source" and self.src_lang:
            lang = _inherited(elem, stack)
            if lang is not None and lang.lower() != self.src_lang.lower():
                raise self.fail(f"<source> in {lang!r}, not the srcLang {self.src_lang!r}", elem)
        elif name == "target":
            self.saw_target = True
            if self.trg_lang is None:
                raise self.fail("<target> in a document without trgLang", elem)
            lang = _inherited(elem, stack)
            if lang is not None and lang.lower() != self.trg_lang.lower():
                raise self.fail(f"<target> in {lang!r}, not the trgLang {self.trg_lang!r}", elem)
        elif name == "cp":
            self._cp(elem)

    def finish(self) -> None:
        pass

    # --- pieces --------------------------------------------------------------------------

    def _root(self, elem: Element) -> None:
        if not self.src_lang:
            raise self.fail("<xliff> without srcLang", elem)
        for key in ("srcLang", "trgLang"):
            value = elem.get(key)
            if value is not None and not _BCP47.match(value):
                raise self.fail(f"{key} {value!r} is not a BCP 47 language tag", elem)

    def _attributes(self, elem: Element, name: str) -> None:
        allowed = _ATTRS.get(name, ())
        for key, value in elem.attrib.items():
            ns = key[1:].partition("}")[0] if key.startswith("{") else ""
            if key == XML + "lang" and not _BCP47.match(value):
                raise self.fail(f"xml:lang {value!r} is not a BCP 47 language tag", elem)
            if key not in allowed:
                if ns == XML[1:-1] and name in ("xliff", "file", "group", "unit", "note"):
                    continue  # their extension attributes may be xml:lang
                if ns in ("", NS20) or (ns == XML[1:-1]):
                    raise self.fail(f"attribute {key!r} not allowed on <{name}>", elem)
                core_only = ("segment", "source", "target", "data", "originalData", "notes")
                if name in (*core_only, "pc", "ph", "sc", "ec", "cp", "em"):
                    if not key.startswith("{urn:oasis:names:tc:xliff:") and "its" not in ns:
                        raise self.fail(f"extension attribute {key!r} on <{name}>", elem)
                continue
            legal = _VALUES.get(key)
            if legal and value not in legal:
                raise self.fail(f"{key}={value!r} on <{name}> (allowed: {', '.join(legal)})", elem)
            if key in ("id", "startRef") or key.endswith("Ref") and key != "ref":
                if not _NMTOKEN.match(value):
                    raise self.fail(f"{key} {value!r} on <{name}> is not an NMTOKEN", elem)
        for key in _REQUIRED.get(name, ()):
            if elem.get(key) is None:
                raise self.fail(f"<{name}> without {key}", elem)
        if name in ("ph", "pc", "sc", "ec"):
            kind = elem.get("type")
            sub = elem.get("subType")
            if kind is not None and kind not in _TYPES:
                raise self.fail(f"type {kind!r} on <{name}> (allowed: {', '.join(_TYPES)})", elem)
            if sub is not None:
                if kind is None:
                    raise self.fail(f"subType without type on <{name}>", elem)
                self._prefixed(elem, "subType")
                if sub.startswith("xlf:") and _XLF_SUBTYPES.get(sub) != kind:
                    raise self.fail(f"subType {sub!r} does not go with type {kind!r}", elem)
        if name in ("unit", "group") and elem.get("type") is not None:
            self._prefixed(elem, "type")
        fs = [k for k in elem.attrib if k.startswith("{" + _FS + "}")]
        if fs:
            if name in ("em", "notes", "originalData", "data", "cp") or (
                name == "ec" and elem.get("isolated") != "yes"
            ):
                raise self.fail(f"format style attributes on <{name}>", elem)
            for key in fs:
                local = key.rsplit("}", 1)[1]
                if local not in ("fs", "subFs"):
                    raise self.fail(f"fs:{local} is no attribute of the fs module", elem)
            style = elem.get("{" + _FS + "}fs")
            if style is None:
                raise self.fail("fs:subFs without fs:fs", elem)
            if style not in _HTML:
                raise self.fail(f"fs:fs {style!r} is not an HTML element name", elem)
        if name in ("mrk", "sm") and elem.get("type") == "comment":
            has_value, has_ref = elem.get("value") is not None, elem.get("ref") is not None
            if has_value == has_ref:
                raise self.fail("a comment annotation needs either value or ref", elem)

    def _prefixed(self, elem: Element, key: str) -> None:
        value = elem.get(key, "")
        if not re.fullmatch(r"[^\s:]+:[^\s]+", value):
            raise self.fail(f"{key} {value!r} is not prefix:value", elem)
        if value.startswith("xlf:") and key in ("subState", "type") and _local(elem.tag)[1] != "ph":
            raise self.fail(f"{key} {value!r}: the prefix xlf is reserved", elem)

    def _order(self, elem: Element, order: tuple[str, ...]) -> None:
        """Children in the order given ("*": extension elements, "a|b": either)."""
        rank: dict[str, float] = {}
        for i, names in enumerate(order):
            for n in names.split("|"):
                rank[n] = i
        last = 0.0
        for child in elem:
            ns, name = _local(child.tag)
            r = rank.get(name if ns == NS20 else "*")
            if r is None:
                continue
            if r < last:
                raise self.fail(f"<{name}> out of order in <{_local(elem.tag)[1]}>", child)
            last = r
            if ns == NS20 and name in ("notes", "originalData", "skeleton", "target", "source"):
                last = r + 0.5  # at most one of these
                rank[name] = r + 0.25

    def _notes_ids(self, elem: Element) -> None:
        notes = elem.find(f"{{{NS20}}}notes")
        if notes is None:
            return
        seen: set[str] = set()
        for note in notes:
            nid = note.get("id")
            if nid is not None:
                if nid in seen:
                    raise self.fail(f"note id {nid!r} is not unique", note)
                seen.add(nid)

    def _cp(self, elem: Element) -> None:
        value = elem.get("hex", "")
        if not re.fullmatch(r"[0-9A-Fa-f]{1,6}", value):
            raise self.fail(f"<cp hex={value!r}> is not a hexadecimal code point", elem)
        cp = int(value, 16)
        if cp > 0x10FFFF:
            raise self.fail(f"<cp hex={value!r}> is beyond Unicode", elem)
        if cp in (0x9, 0xA, 0xD) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD or cp >= 0x10000:
            raise self.fail(f"<cp hex={value!r}>: the character is allowed in XML as it is", elem)

    def _unit(self, unit: Element) -> None:
        kids = [(_local(c.tag), c) for c in unit]
        if not any(k[1] == "segment" for (k, _) in kids if k[0] == NS20):
            raise self.fail("<unit> without <segment>", unit)
        self._order(unit, ("*", "notes", "originalData", "segment|ignorable"))
        self._notes_ids(unit)
        ids: dict[str, str] = {}  # id -> kind, for the unit's id space

        def claim(value: str | None, kind: str, at: Element) -> None:
            if value is None:
                return
            if value in ids and not (ids[value] == "code" and kind == "code"):
                raise self.fail(f"id {value!r} is not unique in unit {unit.get('id')!r}", at)
            ids[value] = kind

        data_ids: set[str] = set()
        od = unit.find(f"{{{NS20}}}originalData")
        if od is not None:
            for d in od:
                did = d.get("id", "")
                if did in data_ids:
                    raise self.fail(f"data id {did!r} is not unique", d)
                data_ids.add(did)
                if _local(d.tag)[1] != "data":
                    raise self.fail(f"<{_local(d.tag)[1]}> in <originalData>", d)
        notes = unit.find(f"{{{NS20}}}notes")
        note_ids = {n.get("id") for n in notes} if notes is not None else set()
        for (ns, name), child in kids:
            if ns == NS20 and name in ("segment", "ignorable"):
                claim(child.get("id"), "part", child)
                if name == "ignorable" and child.get("state"):
                    raise self.fail("state on <ignorable>", child)
        for side in ("source", "target"):
            seen_codes: dict[str, Element] = {}
            open_sc: dict[str, Element] = {}
            open_sm: set[str] = set()
            orders: set[str] = set()
            position = 0
            for seg in unit:
                if _local(seg.tag) not in ((NS20, "segment"), (NS20, "ignorable")):
                    continue
                position += 1
                part = seg.find(f"{{{NS20}}}{side}")
                if part is None:
                    continue
                order = part.get("order", str(position))  # implicitly its position
                if order in orders:
                    raise self.fail(f"order {order!r} is not unique", part)
                orders.add(order)
                for el in part.iter():
                    ens, ename = _local(el.tag)
                    if el is part:
                        continue
                    if ens != NS20:
                        raise self.fail(f"extension element <{ename}> in <{side}>", el)
                    self._inline(el, ename, side, data_ids, note_ids, seen_codes, open_sc, open_sm)
                    if side == "source":
                        if ename in ("ph", "pc", "sc", "mrk", "sm") or (
                            ename == "ec" and el.get("id")
                        ):
                            claim(el.get("id"), "code" if ename not in ("mrk", "sm") else "mrk", el)
            for sid, el in open_sc.items():
                if el.get("isolated") != "yes":
                    raise self.fail(f"<sc id={sid!r}> without its <ec>", el)
            if open_sm:
                raise self.fail(f"<sm> {sorted(open_sm)[0]!r} without its <em>", unit)
        self._not_removable(unit)
        self._extension_ids(unit)
        self._reordering(unit)
        self._match_refs(unit)
        self._revisions(unit)

    def _reordering(self, unit: Element) -> None:
        """canReorder: a firstNo code starts a sequence of no codes that stays as it is."""
        sequences: dict[str, list[tuple[str, ...]]] = {}
        for side in ("source", "target"):
            events: list[tuple[str, str, Element]] = []  # (key, canReorder, element)
            for part in unit.iter(f"{{{NS20}}}{side}"):
                self._code_events(part, events)
            found: list[tuple[str, ...]] = []
            current: list[str] | None = None
            for key, value, el in events:
                if value in ("no", "firstNo") and el.get("canCopy", "yes") != "no":
                    raise self.fail(f"canReorder={value!r} with canCopy other than no", el)
                if value in ("no", "firstNo") and el.get("canDelete", "yes") != "no":
                    raise self.fail(f"canReorder={value!r} with canDelete other than no", el)
                if value == "firstNo":
                    if current:
                        found.append(tuple(current))
                    current = [key]
                elif value == "no":
                    if current is None:
                        raise self.fail("canReorder=no without a firstNo code before it", el)
                    current.append(key)
                else:
                    if current:
                        found.append(tuple(current))
                    current = None
            if current:
                found.append(tuple(current))
            sequences[side] = found
        has_target = unit.find(f".//{{{NS20}}}target") is not None
        if has_target and sorted(sequences["source"]) != sorted(sequences["target"]):
            raise self.fail(
                "codes that may not be reordered are in another order in the target", unit
            )

    def _code_events(self, elem: Element, out: list[tuple[str, str, Element]]) -> None:
        for child in elem:
            ns, name = _local(child.tag)
            if ns != NS20:
                continue
            value = child.get("canReorder", "yes")
            if name in ("ph", "sc"):
                out.append((child.get("id", ""), value, child))
            elif name == "ec":
                out.append(("/" + (child.get("startRef") or child.get("id") or ""), value, child))
            elif name == "pc":
                out.append((child.get("id", ""), value, child))
                self._code_events(child, out)
                close = "no" if value == "firstNo" else value
                out.append(("/" + child.get("id", ""), close, child))
            elif name == "mrk":
                self._code_events(child, out)

    def _module(self, elem: Element, ns: str, name: str) -> None:
        """The metadata, glossary and matches modules' own constraints."""
        for key in ("id",):
            value = elem.get(key)
            if value is not None and not _NMTOKEN.match(value):
                raise self.fail(f"id {value!r} on <{name}> is not an NMTOKEN", elem)
        kids = [_local(c.tag) for c in elem]
        if ns == NS_MDA:
            if name in ("metadata", "metaGroup") and (elem.text or "").strip():
                raise self.fail(f"text in <mda:{name}>", elem)
            if name == "metadata":
                if not kids or any(k != (NS_MDA, "metaGroup") for k in kids):
                    raise self.fail("<mda:metadata> holds <mda:metaGroup> elements only", elem)
                ids = [g.get("id") for g in elem.iter(f"{{{NS_MDA}}}metaGroup") if g.get("id")]
                if len(ids) != len(set(ids)):
                    raise self.fail("metaGroup ids are not unique", elem)
            elif name == "metaGroup":
                applies = elem.get("appliesTo")
                if applies is not None and applies not in ("source", "target", "ignorable"):
                    raise self.fail(f"appliesTo {applies!r} on <mda:metaGroup>", elem)
            elif name == "meta":
                if elem.get("type") is None:
                    raise self.fail("<mda:meta> without type", elem)
                if set(elem.attrib) - {"type"}:
                    raise self.fail("<mda:meta> takes only type", elem)
        elif ns == NS_GLS:
            if name == "glossEntry":
                names = [n for _, n in kids]
                if names.count("term") != 1:
                    raise self.fail("<gls:glossEntry> needs one <gls:term>", elem)
                if "translation" not in names and "definition" not in names:
                    raise self.fail("<gls:glossEntry> without translation or definition", elem)
            elif name == "glossary":
                ids = [e.get("id") for e in elem.iter() if e is not elem and e.get("id")]
                if len(ids) != len(set(ids)):
                    raise self.fail("ids in <gls:glossary> are not unique", elem)
        elif ns == NS_MTC:
            if name == "matches":
                ids = [m.get("id") for m in elem if m.get("id")]
                if len(ids) != len(set(ids)):
                    raise self.fail("match ids are not unique", elem)
            elif name == "match":
                if elem.get(XML + "lang") is not None:
                    raise self.fail("xml:lang on <mtc:match>", elem)
                kind, sub = elem.get("type"), elem.get("subType")
                if kind is not None and kind not in ("am", "mt", "icm", "idm", "tb", "tm", "other"):
                    raise self.fail(f"match type {kind!r}", elem)
                if sub is not None and kind is None:
                    raise self.fail("subType without type on <mtc:match>", elem)
                ref = elem.get("ref", "")
                if not ref.startswith("#"):
                    raise self.fail(f"match ref {ref!r} is not a fragment identifier", elem)

    def _revisions(self, unit: Element) -> None:
        """The change tracking module's <ctr:revisions> of a unit (XLIFF 2.1, 5.6.4.3, 5.6.5.5):
        ref is the id of an element in the unit; it is needed where appliesTo names an element
        the unit holds several of, all with ids."""
        ids = {e.get("id") for e in unit.iter() if not e.tag.startswith("{" + NS_CTR)}
        for track in unit.findall(f"{{{NS_CTR}}}changeTrack"):
            for rev in track.iter(f"{{{NS_CTR}}}revisions"):
                ref, applies = rev.get("ref"), rev.get("appliesTo", "")
                if ref is not None:
                    if ref not in ids:
                        raise self.fail(f"ctr:revisions ref {ref!r} names no id of the unit", rev)
                    continue
                same = [e for e in unit.iter(f"{{{NS20}}}{applies}") if e is not unit]
                if len(same) > 1 and all(e.get("id") for e in same):
                    raise self.fail(
                        f"ctr:revisions without ref, and the unit has {len(same)} <{applies}>", rev
                    )

    def _resource(self, elem: Element, name: str) -> None:
        """The resource data module's <res:source>/<res:target> (XLIFF 2.1, 5.5.4.4-5)."""
        href = elem.get("href") is not None
        if href and (len(elem) or (elem.text or "").strip()):
            raise self.fail(f"<res:{name}> has both href and content", elem)
        if not href and not len(elem) and not elem.text:
            raise self.fail(f"<res:{name}> has neither href nor content", elem)
        # XPath's lang(): the same language or a sub-language of it (the module's schematron).
        # Only for source: the suite's valid files hold a <res:target> in another language.
        lang, doc = elem.get(XML + "lang"), self.src_lang
        if name == "source" and lang is not None and doc is not None:
            if not (lang.lower() == doc.lower() or lang.lower().startswith(doc.lower() + "-")):
                raise self.fail(f"<res:source> in {lang!r}, not the srcLang {doc!r}", elem)

    def _rule(self, elem: Element) -> None:
        """The validation module's <val:rule> (XLIFF 2.1, 5.8.4.3 and 5.8.5)."""
        kinds: list[str] = [
            k for k in ("isPresent", "isNotPresent", "startsWith", "endsWith") if k in elem.attrib
        ]
        if any(k.startswith("{") for k in elem.attrib):
            kinds.append("a custom rule")  # attributes of another namespace define one
        if "existsInSource" in elem.attrib:
            usable = [k for k in kinds if k in ("isPresent", "startsWith", "endsWith")]
            if len(usable) != 1 or len(kinds) != 1:
                found = ", ".join(kinds) or "none"
                raise self.fail(
                    f"existsInSource needs one of isPresent, startsWith, endsWith (found: {found})",
                    elem,
                )
        if len(kinds) != 1:
            found = ", ".join(kinds) or "none"
            raise self.fail(f"<val:rule> needs exactly one kind of rule (found: {found})", elem)
        legal = {
            "caseSensitive": ("yes", "no"),
            "existsInSource": ("yes", "no"),
            "disabled": ("yes", "no"),
            "normalization": ("none", "nfc", "nfd"),
        }
        for key, values in legal.items():
            value = elem.get(key)
            if value is not None and value not in values:
                raise self.fail(
                    f"{key}={value!r} on <val:rule> (allowed: {', '.join(values)})", elem
                )
        occurs = elem.get("occurs")
        if occurs is not None and not re.fullmatch(r"\+?0*[1-9]\d*", occurs):
            raise self.fail(f"occurs {occurs!r} on <val:rule> is not a positive integer", elem)

    def _match_refs(self, unit: Element) -> None:
        spans = {
            el.get("id")
            for part in (*unit.iter(f"{{{NS20}}}source"), *unit.iter(f"{{{NS20}}}target"))
            for el in part.iter()
            if _local(el.tag)[1] in ("mrk", "sm")
        } | {part.get("id") for part in unit if _local(part.tag)[1] in ("segment", "ignorable")}
        for match in unit.iter(f"{{{NS_MTC}}}match"):
            ref = match.get("ref", "")[1:]
            if ref.removeprefix("t=") not in spans:
                raise self.fail(f"match ref {'#' + ref!r} names no span of the unit", match)

    def _not_removable(self, unit: Element) -> None:
        """A code with canDelete="no" in a segment that has a target is in the unit's targets."""
        in_targets = {
            el.get("id") or el.get("startRef")
            for trg in unit.iter(f"{{{NS20}}}target")
            for el in trg.iter()
        }
        for seg in unit.iter(f"{{{NS20}}}segment"):
            src, trg = seg.find(f"{{{NS20}}}source"), seg.find(f"{{{NS20}}}target")
            if src is None or trg is None:
                continue
            for el in src.iter():
                if el is not src and el.get("canDelete") == "no":
                    code = el.get("id") or el.get("startRef")
                    if code not in in_targets:
                        raise self.fail(
                            f"code {code!r} may not be deleted, and the target lacks it", trg
                        )

    def _extension_ids(self, elem: Element) -> None:
        """Extension elements' ids are unique among their siblings."""
        todo = [elem]
        while todo:
            parent = todo.pop()
            seen: set[tuple[str, str]] = set()
            for child in parent:
                ns, _ = _local(child.tag)
                todo.append(child)
                if ns == NS20:
                    continue
                ident = child.get("id") or child.get(XML + "id")
                if ident is not None:
                    if (ns, ident) in seen:
                        raise self.fail(f"extension element id {ident!r} is not unique", child)
                    seen.add((ns, ident))

    def _inline(
        self,
        el: Element,
        name: str,
        side: str,
        data_ids: set[str],
        note_ids: set[str | None],
        seen: dict[str, Element],
        open_sc: dict[str, Element],
        open_sm: set[str],
    ) -> None:
        for key in ("dataRef", "dataRefStart", "dataRefEnd"):
            ref = el.get(key)
            if ref is not None and ref not in data_ids:
                raise self.fail(f"{key} {ref!r} names no <data> of the unit", el)
        if name == "sc":
            if el.get("isolated") != "yes":
                open_sc[el.get("id", "")] = el
        elif name == "ec":
            isolated = el.get("isolated") == "yes"
            if isolated:
                if el.get("startRef") is not None:
                    raise self.fail("an isolated <ec> has an id, not a startRef", el)
                if el.get("id") is None:
                    raise self.fail("an isolated <ec> without id", el)
            else:
                if el.get("id") is not None:
                    raise self.fail("a non-isolated <ec> has a startRef, not an id", el)
                ref = el.get("startRef")
                if ref is None:
                    raise self.fail("<ec> without startRef", el)
                start = open_sc.pop(ref, None)
                if start is None and ref in seen and seen[ref].get("isolated") == "yes":
                    raise self.fail(f"<sc id={ref!r}> is isolated, yet its <ec> is here", el)
                if start is None:
                    raise self.fail(f"<ec startRef={ref!r}> before (or without) its <sc>", el)
                for key in ("canCopy", "canDelete", "canOverlap", "canReorder"):
                    if start.get(key, "yes") != el.get(key, "yes") and key != "canReorder":
                        raise self.fail(f"{key} differs on <sc> and <ec> {ref!r}", el)
                    if key == "canReorder" and start.get(key, "yes") == "firstNo":
                        if el.get(key, "yes") != "no":
                            raise self.fail("canReorder of an <ec> closing firstNo must be no", el)
                    elif key == "canReorder" and start.get(key, "yes") != el.get(key, "yes"):
                        raise self.fail(f"{key} differs on <sc> and <ec> {ref!r}", el)
        elif name == "sm":
            open_sm.add(el.get("id", ""))
        elif name == "em":
            ref = el.get("startRef", "")
            if ref not in open_sm:
                raise self.fail(f"<em startRef={ref!r}> without its <sm>", el)
            open_sm.discard(ref)
        elif name == "pc" and el.get("isolated") is not None:  # pragma: no cover - attr check
            raise self.fail("isolated on <pc>", el)
        if name in ("ph", "pc", "sc"):
            copy = el.get("copyOf")
            if copy is not None:
                if copy not in seen:
                    raise self.fail(f"copyOf {copy!r} names no code", el)
                if seen[copy].get("canCopy") == "no":
                    raise self.fail(f"copyOf {copy!r}: that code may not be copied", el)
                if el.get("dataRef") or el.get("dataRefStart") or el.get("dataRefEnd"):
                    raise self.fail("copyOf with original data", el)
            seen.setdefault(el.get("id", ""), el)
        if name in ("mrk", "sm") and el.get("type") == "comment" and el.get("ref"):
            ref = el.get("ref", "")
            if ref.startswith("#"):
                leaf = ref[1:].split("/")[-1]
                if not leaf.startswith("n="):
                    raise self.fail(f"a comment's ref {ref!r} names no note (n=…)", el)
                path = ref[1:].lstrip("/").split("/")[:-1]
                if path and not path[-1].startswith("u="):
                    raise self.fail(f"a comment's ref {ref!r} names no note of a unit", el)
                if not path and leaf[2:] not in note_ids:
                    raise self.fail(f"ref {ref!r} names no note of the unit", el)
