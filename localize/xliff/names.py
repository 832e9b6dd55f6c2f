"""XLIFF's namespaces and names: a tag split into namespace and name, the BCP 47 and NMTOKEN
patterns, an element's line, and the located error every check raises."""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.etree.ElementTree import Element

from localize.errors import XliffError

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
NS_FS = "urn:oasis:names:tc:xliff:fs:2.0"
XML = "{http://www.w3.org/XML/1998/namespace}"

# BCP 47 well-formedness (RFC 5646's ABNF, simplified where only validity would differ).
BCP47 = re.compile(
    r"^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?"
    r"(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?"
    r"|[Xx](?:-[A-Za-z0-9]{1,8})+|i-[A-Za-z]{3,8}|[A-Za-z]{2,3}-[A-Za-z]{3}-[A-Za-z]{2})$"
)
NMTOKEN = re.compile(r"^[\w.\-:\u00b7\u0300-\u036f\u203f-\u2040]+$")


def split_tag(tag: str) -> tuple[str, str]:
    """``{ns}name`` -> (ns, name); ("", name) outside any namespace."""
    if tag.startswith("{"):
        ns, _, name = tag[1:].partition("}")
        return ns, name
    return "", tag


def inherited(elem: Element, stack: list[Element], key: str = XML + "lang") -> str | None:
    """``xml:lang`` (or ``key``) of ``elem`` or of its nearest ancestor that has one."""
    for e in (elem, *reversed(stack)):
        lang = e.get(key)
        if lang is not None:
            return lang
    return None


def line_of(elem: Element) -> int:
    """The line of an element's start tag (the safe reader's elements carry it)."""
    return getattr(elem, "line", 0)


def error_at(message: str, where: str, elem: Element | None) -> XliffError:
    return XliffError(message, path=where, line=line_of(elem) if elem is not None else None)


# How a check reports a fault: message and element -> the located error to raise.
Fail = Callable[[str, Element | None], XliffError]
