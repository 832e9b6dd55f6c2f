"""Read XLIFF 1.2 and 2.x safely, streamed, refusing what the standard forbids at its line.

Parsed with the project's one safe XML reader (:mod:`localize.xmlsafe`): no entity expanded,
no DTD default applied, nothing fetched. Units are yielded one at a time and dropped from the
tree, so memory stays in proportion to one unit. For 2.x the reader checks the core's structure
and its constraints (:mod:`.core`) and the modules' (:mod:`.modules`) as the XLIFF TC's test
suite exercises them; errors are ``path:line: message``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element

from localize.errors import XliffError
from localize.xliff.core import CoreChecker
from localize.xliff.inline import read_inline
from localize.xliff.names import NS11, NS12, NS20, NS_MDA, error_at, line_of, split_tag
from localize.xmlsafe import iterparse

__all__ = ["XFile", "XUnit", "read_xliff"]


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
    checker: CoreChecker | None = None
    version = ""
    ids12: set[str] = set()
    for event, elem in iterparse(source, path=where, error=XliffError):
        if event == "start":
            if not stack:
                version = _root(elem, where)
                if version != "1.2":
                    checker = CoreChecker(where, elem, prefixes)
            if checker is not None:
                checker.start(elem, stack)
            stack.append(elem)
            if split_tag(elem.tag)[1] == "file":
                files.append(_file(elem, stack[0], where, version))
                ids12 = set()
            continue
        stack.pop()
        ns, name = split_tag(elem.tag)
        if checker is not None:
            checker.end(elem, stack)
        if name == "unit" and version != "1.2" and ns == NS20:
            yield _unit20(elem, files[-1])
            if stack:
                stack[-1].remove(elem)
        elif name == "trans-unit" and version == "1.2":
            unit = _unit12(elem, files[-1], where)
            if unit.id in ids12:
                raise error_at(f"trans-unit id {unit.id!r} is not unique in its file", where, elem)
            ids12.add(unit.id)
            yield unit
            if stack:
                stack[-1].remove(elem)
    if checker is not None:
        checker.finish()


def _root(elem: Element, where: str) -> str:
    ns, name = split_tag(elem.tag)
    if name != "xliff" or ns not in (NS11, NS12, NS20):
        raise error_at(
            f"not an XLIFF file (root element <{name}> in {ns or 'no namespace'!r})", where, elem
        )
    version = elem.get("version", "")
    if ns in (NS11, NS12):
        if version not in ("1.1", "1.2"):
            raise error_at(f"XLIFF version {version!r} in the 1.2 namespace", where, elem)
        return "1.2"  # 1.1 reads as 1.2
    if not re.fullmatch(r"2\.\d", version):
        raise error_at(f"XLIFF 2 document without a version 2.x ({version!r})", where, elem)
    return version


def _file(elem: Element, root: Element, where: str, version: str) -> XFile:
    if version == "1.2":
        src = elem.get("source-language")
        if not src:
            raise error_at("<file> without source-language", where, elem)
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
        ns, name = split_tag(child.tag)
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
        line_of(elem),
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
        raise error_at("<trans-unit> without id", where, elem)
    ns = elem.tag[: elem.tag.index("}") + 1] if elem.tag.startswith("{") else ""
    src = elem.find(f"{ns}source")
    if src is None:
        raise error_at(f"<trans-unit> {uid!r} without <source>", where, elem)
    trg = elem.find(f"{ns}target")
    state = trg.get("state") if trg is not None else None
    if state is not None and state not in _STATES_12 and not state.startswith("x-"):
        raise error_at(f"state {state!r} is no XLIFF 1.2 state", where, trg)
    meta: dict[str, str] = {}
    for ctx in elem.iter(f"{ns}context"):
        kind = ctx.get("context-type", "")
        if kind.startswith("x-localize-"):
            meta[kind.removeprefix("x-localize-")] = ctx.text or ""
    return XUnit(
        uid,
        line_of(elem),
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
