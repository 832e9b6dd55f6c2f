"""What the XLIFF 2 core allows where: each element's children and attributes, the required
ones, the legal values; the modules' vocabularies and fragment prefixes. Tables only, read by
:mod:`.core` and :mod:`.modules`."""

from __future__ import annotations

import re

from localize.xliff.names import XML

SEGMENT_STATES = ("initial", "translated", "reviewed", "final")
YES_NO = ("yes", "no")
CODE_TYPES = ("fmt", "ui", "quote", "link", "image", "other")
XLF_SUBTYPES = {
    "xlf:lb": "fmt",
    "xlf:pb": "fmt",
    "xlf:b": "fmt",
    "xlf:i": "fmt",
    "xlf:u": "fmt",
    "xlf:var": "ui",
}
INLINE = ("cp", "ph", "pc", "sc", "ec", "mrk", "sm", "em")
CHILDREN = {  # element -> the core elements it may hold
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
    "source": INLINE,
    "target": INLINE,
    "pc": INLINE,
    "mrk": INLINE,
    "ph": (),
    "sc": (),
    "ec": (),
    "sm": (),
    "em": (),
    "cp": (),
}
ATTRIBUTES = {  # element -> its core attributes (others must be in another namespace)
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
REQUIRED = {
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
VALUES = {
    "canResegment": YES_NO,
    "translate": YES_NO,
    "canCopy": YES_NO,
    "canDelete": YES_NO,
    "canOverlap": YES_NO,
    "isolated": YES_NO,
    "canReorder": ("yes", "no", "firstNo"),
    "srcDir": ("ltr", "rtl", "auto"),
    "trgDir": ("ltr", "rtl", "auto"),
    "dir": ("ltr", "rtl", "auto"),
    "state": SEGMENT_STATES,
    "appliesTo": ("source", "target"),
    XML + "space": ("default", "preserve"),
}
# The elements of the modules whose namespaces the reader knows (an unknown one is an error).
VOCABULARY = {
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
MODULE_PREFIXES = {"mtc", "gls", "fs", "mda", "res", "slr", "val", "ctr", "its"}
HTML_ELEMENTS = set(
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
SLR_RESTRICTION = re.compile(r"(?:\d+|\*)(?:,(?:\d+|\*))?")
# Where elements of other namespaces may stand (the core's extension points).
EXTENSIBLE = ("file", "skeleton", "group", "unit")
