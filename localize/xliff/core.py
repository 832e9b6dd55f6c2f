"""The XLIFF 2 core checked as the document streams by: structure, attributes, ids, languages,
states, inline codes and their data, annotations, fragment identifiers (XLIFF 2.1, chapter 4);
the modules' own rules are in :mod:`.modules`."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from localize.errors import XliffError
from localize.xliff.modules import (
    check_format_style,
    check_match_refs,
    check_module_element,
    check_resource,
    check_revisions,
    check_rule,
    check_size_restriction,
)
from localize.xliff.names import (
    BCP47,
    NMTOKEN,
    NS12,
    NS20,
    NS_GLS,
    NS_MDA,
    NS_MTC,
    NS_RES,
    NS_VAL,
    XML,
    error_at,
    inherited,
    split_tag,
)
from localize.xliff.schema import (
    ATTRIBUTES,
    CHILDREN,
    CODE_TYPES,
    EXTENSIBLE,
    MODULE_PREFIXES,
    REQUIRED,
    VALUES,
    VOCABULARY,
    XLF_SUBTYPES,
)

__all__ = ["CoreChecker"]


class CoreChecker:
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
        return error_at(message, self.where, elem)

    # --- element by element -----------------------------------------------------------

    def start(self, elem: Element, stack: list[Element]) -> None:
        ns, name = split_tag(elem.tag)
        parent = split_tag(stack[-1].tag) if stack else None
        if ns != NS20:
            if ns in ("", NS12):
                raise self.fail(f"element <{name}> outside the XLIFF 2 namespace", elem)
            if parent is None or parent[0] != NS20:
                return  # inside a module's element: the module's business
            if parent[1] not in EXTENSIBLE:
                raise self.fail(f"extension element <{name}> not allowed in <{parent[1]}>", elem)
            if ns in VOCABULARY and name not in VOCABULARY[ns]:
                raise self.fail(f"<{name}> is not an element of the module {ns!r}", elem)
            self._streamed_order(elem, stack)
            return
        if name not in CHILDREN:
            raise self.fail(f"unknown XLIFF 2 element <{name}>", elem)
        if parent is None:
            if name != "xliff":
                raise self.fail(f"<{name}> as the root element", elem)
        elif parent[0] == NS20 and name not in CHILDREN.get(parent[1], ()):
            raise self.fail(f"<{name}> not allowed in <{parent[1]}>", elem)
        elif parent[0] != NS20 and name in ("file", "unit", "group", "segment"):
            raise self.fail(f"<{name}> inside an extension element", elem)
        self._attributes(elem, name)
        check_size_restriction(elem, name, stack, self.fail)
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
                    if not NMTOKEN.match(ref):
                        raise self.fail(f"{key} {value!r} is not a list of unit ids", elem)
                    self.sub_flows.append((ref, elem))
        if name == "mrk" or name == "sm":
            fragment = elem.get("ref")
            if fragment is not None:
                self._fragment(fragment, elem)

    def _streamed_order(self, elem: Element, stack: list[Element]) -> None:
        """Children of <file> and <group> in the core's order, checked as they start (their
        units are gone from the tree by the time the file ends)."""
        if not stack:
            return
        pns, pname = split_tag(stack[-1].tag)
        if pns != NS20 or pname not in ("file", "group"):
            return
        ns, name = split_tag(elem.tag)
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
        leaves = {"n", "d", "t", *MODULE_PREFIXES, *self.prefixes}
        last = -1
        seen: set[str] = set()
        for i, part in enumerate(parts):
            prefix, eq, ident = part.partition("=")
            if not eq:
                if i != len(parts) - 1 or not NMTOKEN.match(part):
                    raise self.fail(f"fragment identifier {value!r}: {part!r} must be last", elem)
                continue
            if not NMTOKEN.match(ident):
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
        ns, name = split_tag(elem.tag)
        if ns != NS20:
            if ns in (NS_MDA, NS_GLS, NS_MTC):
                check_module_element(elem, ns, name, self.fail)
            elif ns == NS_VAL and name == "rule":
                check_rule(elem, self.fail)
            elif ns == NS_RES and name in ("source", "target"):
                check_resource(elem, name, self.src_lang, self.fail)
            return
        if name == "xliff" and not any(split_tag(c.tag)[1] == "file" for c in elem):
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
        elif name == "notes" and not any(split_tag(c.tag) == (NS20, "note") for c in elem):
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
                outer = inherited(elem, stack, space) or "default"
                if (src.get(space) or outer) != (trg.get(space) or outer):
                    raise self.fail("<source> and <target> differ in xml:space", trg)
            if name == "segment" and elem.get("subState") and not elem.get("state"):
                raise self.fail("subState without state", elem)
            if elem.get("subState") is not None:
                self._prefixed(elem, "subState")
        elif name in ("source", "target") and (not stack or split_tag(stack[-1].tag)[0] != NS20):
            return  # a module's source or target (a match's), in its own language
        elif name == "source" and self.src_lang:
            lang = inherited(elem, stack)
            if lang is not None and lang.lower() != self.src_lang.lower():
                raise self.fail(f"<source> in {lang!r}, not the srcLang {self.src_lang!r}", elem)
        elif name == "target":
            self.saw_target = True
            if self.trg_lang is None:
                raise self.fail("<target> in a document without trgLang", elem)
            lang = inherited(elem, stack)
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
            if value is not None and not BCP47.match(value):
                raise self.fail(f"{key} {value!r} is not a BCP 47 language tag", elem)

    def _attributes(self, elem: Element, name: str) -> None:
        allowed = ATTRIBUTES.get(name, ())
        for key, value in elem.attrib.items():
            ns = key[1:].partition("}")[0] if key.startswith("{") else ""
            if key == XML + "lang" and not BCP47.match(value):
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
            legal = VALUES.get(key)
            if legal and value not in legal:
                raise self.fail(f"{key}={value!r} on <{name}> (allowed: {', '.join(legal)})", elem)
            if key in ("id", "startRef") or key.endswith("Ref") and key != "ref":
                if not NMTOKEN.match(value):
                    raise self.fail(f"{key} {value!r} on <{name}> is not an NMTOKEN", elem)
        for key in REQUIRED.get(name, ()):
            if elem.get(key) is None:
                raise self.fail(f"<{name}> without {key}", elem)
        if name in ("ph", "pc", "sc", "ec"):
            kind = elem.get("type")
            sub = elem.get("subType")
            if kind is not None and kind not in CODE_TYPES:
                raise self.fail(
                    f"type {kind!r} on <{name}> (allowed: {', '.join(CODE_TYPES)})", elem
                )
            if sub is not None:
                if kind is None:
                    raise self.fail(f"subType without type on <{name}>", elem)
                self._prefixed(elem, "subType")
                if sub.startswith("xlf:") and XLF_SUBTYPES.get(sub) != kind:
                    raise self.fail(f"subType {sub!r} does not go with type {kind!r}", elem)
        if name in ("unit", "group") and elem.get("type") is not None:
            self._prefixed(elem, "type")
        check_format_style(elem, name, self.fail)
        if name in ("mrk", "sm") and elem.get("type") == "comment":
            has_value, has_ref = elem.get("value") is not None, elem.get("ref") is not None
            if has_value == has_ref:
                raise self.fail("a comment annotation needs either value or ref", elem)

    def _prefixed(self, elem: Element, key: str) -> None:
        value = elem.get(key, "")
        if not re.fullmatch(r"[^\s:]+:[^\s]+", value):
            raise self.fail(f"{key} {value!r} is not prefix:value", elem)
        if (
            value.startswith("xlf:")
            and key in ("subState", "type")
            and split_tag(elem.tag)[1] != "ph"
        ):
            raise self.fail(f"{key} {value!r}: the prefix xlf is reserved", elem)

    def _order(self, elem: Element, order: tuple[str, ...]) -> None:
        """Children in the order given ("*": extension elements, "a|b": either)."""
        rank: dict[str, float] = {}
        for i, names in enumerate(order):
            for n in names.split("|"):
                rank[n] = i
        last = 0.0
        for child in elem:
            ns, name = split_tag(child.tag)
            r = rank.get(name if ns == NS20 else "*")
            if r is None:
                continue
            if r < last:
                raise self.fail(f"<{name}> out of order in <{split_tag(elem.tag)[1]}>", child)
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
        kids = [(split_tag(c.tag), c) for c in unit]
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
                if split_tag(d.tag)[1] != "data":
                    raise self.fail(f"<{split_tag(d.tag)[1]}> in <originalData>", d)
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
                if split_tag(seg.tag) not in ((NS20, "segment"), (NS20, "ignorable")):
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
                    ens, ename = split_tag(el.tag)
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
        check_match_refs(unit, self.fail)
        check_revisions(unit, self.fail)

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
            ns, name = split_tag(child.tag)
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
                ns, _ = split_tag(child.tag)
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
