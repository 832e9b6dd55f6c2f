"""The XLIFF 2 modules' own constraints, beyond what the core checker sees: metadata (mda),
glossary (gls), matches (mtc), size restriction (slr), validation (val), resource data (res),
change tracking (ctr) and format style (fs). Each check is a plain function that raises
through the ``fail`` it is given."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from localize.xliff.names import (
    NMTOKEN,
    NS20,
    NS_CTR,
    NS_FS,
    NS_GLS,
    NS_MDA,
    NS_MTC,
    NS_SLR,
    XML,
    Fail,
    split_tag,
)
from localize.xliff.schema import HTML_ELEMENTS, SLR_RESTRICTION


def check_size_restriction(elem: Element, name: str, stack: list[Element], fail: Fail) -> None:
    """The size restriction module's attributes on core elements (XLIFF 2.1, 5.7.6)."""
    slr = {k.rsplit("}", 1)[1]: v for k, v in elem.attrib.items() if k.startswith("{" + NS_SLR)}
    if not slr:
        return
    for key in ("sizeRestriction", "storageRestriction"):
        value = slr.get(key)
        if value is not None and not SLR_RESTRICTION.fullmatch(value):
            raise fail(f"slr:{key} {value!r} is not a maximum or minimum,maximum", elem)
    # sizeInfo is the profile's business (the suite's core files hold "some info").
    value = slr.get("equivStorage")
    if value is not None and not re.fullmatch(r"[+-]?\d+", value):
        raise fail(f"slr:equivStorage {value!r} is not an integer", elem)
    if name == "ec" and elem.get("isolated") != "yes":
        for key in ("equivStorage", "sizeInfo", "sizeInfoRef"):
            if key in slr:
                raise fail(f"slr:{key} on an <ec> that is not isolated", elem)
    ref = slr.get("sizeInfoRef")
    if ref is None:
        return
    if "sizeInfo" in slr:
        raise fail("slr:sizeInfo and slr:sizeInfoRef on one element", elem)
    # It names an element in an <slr:data> sibling of the element or of an ancestor.
    data = f"{{{NS_SLR}}}data"
    for ancestor in stack:
        for child in ancestor:
            if child.tag == data and any(e.get("id") == ref for e in child.iter()):
                return
    raise fail(f"slr:sizeInfoRef {ref!r} names nothing in an <slr:data>", elem)


def check_module_element(elem: Element, ns: str, name: str, fail: Fail) -> None:
    """The metadata, glossary and matches modules' own constraints."""
    for key in ("id",):
        value = elem.get(key)
        if value is not None and not NMTOKEN.match(value):
            raise fail(f"id {value!r} on <{name}> is not an NMTOKEN", elem)
    kids = [split_tag(c.tag) for c in elem]
    if ns == NS_MDA:
        if name in ("metadata", "metaGroup") and (elem.text or "").strip():
            raise fail(f"text in <mda:{name}>", elem)
        if name == "metadata":
            if not kids or any(k != (NS_MDA, "metaGroup") for k in kids):
                raise fail("<mda:metadata> holds <mda:metaGroup> elements only", elem)
            ids = [g.get("id") for g in elem.iter(f"{{{NS_MDA}}}metaGroup") if g.get("id")]
            if len(ids) != len(set(ids)):
                raise fail("metaGroup ids are not unique", elem)
        elif name == "metaGroup":
            applies = elem.get("appliesTo")
            if applies is not None and applies not in ("source", "target", "ignorable"):
                raise fail(f"appliesTo {applies!r} on <mda:metaGroup>", elem)
        elif name == "meta":
            if elem.get("type") is None:
                raise fail("<mda:meta> without type", elem)
            if set(elem.attrib) - {"type"}:
                raise fail("<mda:meta> takes only type", elem)
    elif ns == NS_GLS:
        if name == "glossEntry":
            names = [n for _, n in kids]
            if names.count("term") != 1:
                raise fail("<gls:glossEntry> needs one <gls:term>", elem)
            if "translation" not in names and "definition" not in names:
                raise fail("<gls:glossEntry> without translation or definition", elem)
        elif name == "glossary":
            ids = [e.get("id") for e in elem.iter() if e is not elem and e.get("id")]
            if len(ids) != len(set(ids)):
                raise fail("ids in <gls:glossary> are not unique", elem)
    elif ns == NS_MTC:
        if name == "matches":
            ids = [m.get("id") for m in elem if m.get("id")]
            if len(ids) != len(set(ids)):
                raise fail("match ids are not unique", elem)
        elif name == "match":
            if elem.get(XML + "lang") is not None:
                raise fail("xml:lang on <mtc:match>", elem)
            kind, sub = elem.get("type"), elem.get("subType")
            if kind is not None and kind not in ("am", "mt", "icm", "idm", "tb", "tm", "other"):
                raise fail(f"match type {kind!r}", elem)
            if sub is not None and kind is None:
                raise fail("subType without type on <mtc:match>", elem)
            ref = elem.get("ref", "")
            if not ref.startswith("#"):
                raise fail(f"match ref {ref!r} is not a fragment identifier", elem)


def check_match_refs(unit: Element, fail: Fail) -> None:
    """The matches module's refs name a segment, ignorable or annotation of the unit."""
    spans = {
        el.get("id")
        for part in (*unit.iter(f"{{{NS20}}}source"), *unit.iter(f"{{{NS20}}}target"))
        for el in part.iter()
        if split_tag(el.tag)[1] in ("mrk", "sm")
    } | {part.get("id") for part in unit if split_tag(part.tag)[1] in ("segment", "ignorable")}
    for match in unit.iter(f"{{{NS_MTC}}}match"):
        ref = match.get("ref", "")[1:]
        if ref.removeprefix("t=") not in spans:
            raise fail(f"match ref {'#' + ref!r} names no span of the unit", match)


def check_revisions(unit: Element, fail: Fail) -> None:
    """The change tracking module's <ctr:revisions> of a unit (XLIFF 2.1, 5.6.4.3, 5.6.5.5):
    ref is the id of an element in the unit; it is needed where appliesTo names an element
    the unit holds several of, all with ids."""
    ids = {e.get("id") for e in unit.iter() if not e.tag.startswith("{" + NS_CTR)}
    for track in unit.findall(f"{{{NS_CTR}}}changeTrack"):
        for rev in track.iter(f"{{{NS_CTR}}}revisions"):
            ref, applies = rev.get("ref"), rev.get("appliesTo", "")
            if ref is not None:
                if ref not in ids:
                    raise fail(f"ctr:revisions ref {ref!r} names no id of the unit", rev)
                continue
            same = [e for e in unit.iter(f"{{{NS20}}}{applies}") if e is not unit]
            if len(same) > 1 and all(e.get("id") for e in same):
                raise fail(
                    f"ctr:revisions without ref, and the unit has {len(same)} <{applies}>", rev
                )


def check_resource(elem: Element, name: str, src_lang: str | None, fail: Fail) -> None:
    """The resource data module's <res:source>/<res:target> (XLIFF 2.1, 5.5.4.4-5)."""
    href = elem.get("href") is not None
    if href and (len(elem) or (elem.text or "").strip()):
        raise fail(f"<res:{name}> has both href and content", elem)
    if not href and not len(elem) and not elem.text:
        raise fail(f"<res:{name}> has neither href nor content", elem)
    # XPath's lang(): the same language or a sub-language of it (the module's schematron).
    # Only for source: the suite's valid files hold a <res:target> in another language.
    lang, doc = elem.get(XML + "lang"), src_lang
    if name == "source" and lang is not None and doc is not None:
        if not (lang.lower() == doc.lower() or lang.lower().startswith(doc.lower() + "-")):
            raise fail(f"<res:source> in {lang!r}, not the srcLang {doc!r}", elem)


def check_rule(elem: Element, fail: Fail) -> None:
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
            raise fail(
                f"existsInSource needs one of isPresent, startsWith, endsWith (found: {found})",
                elem,
            )
    if len(kinds) != 1:
        found = ", ".join(kinds) or "none"
        raise fail(f"<val:rule> needs exactly one kind of rule (found: {found})", elem)
    legal = {
        "caseSensitive": ("yes", "no"),
        "existsInSource": ("yes", "no"),
        "disabled": ("yes", "no"),
        "normalization": ("none", "nfc", "nfd"),
    }
    for key, values in legal.items():
        value = elem.get(key)
        if value is not None and value not in values:
            raise fail(f"{key}={value!r} on <val:rule> (allowed: {', '.join(values)})", elem)
    occurs = elem.get("occurs")
    if occurs is not None and not re.fullmatch(r"\+?0*[1-9]\d*", occurs):
        raise fail(f"occurs {occurs!r} on <val:rule> is not a positive integer", elem)


def check_format_style(elem: Element, name: str, fail: Fail) -> None:
    """The format style module's fs:fs and fs:subFs (XLIFF 2.1, 5.3)."""
    fs = [k for k in elem.attrib if k.startswith("{" + NS_FS + "}")]
    if not fs:
        return
    if name in ("em", "notes", "originalData", "data", "cp") or (
        name == "ec" and elem.get("isolated") != "yes"
    ):
        raise fail(f"format style attributes on <{name}>", elem)
    for key in fs:
        local = key.rsplit("}", 1)[1]
        if local not in ("fs", "subFs"):
            raise fail(f"fs:{local} is no attribute of the fs module", elem)
    style = elem.get("{" + NS_FS + "}fs")
    if style is None:
        raise fail("fs:subFs without fs:fs", elem)
    if style not in HTML_ELEMENTS:
        raise fail(f"fs:fs {style!r} is not an HTML element name", elem)
