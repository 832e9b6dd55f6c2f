"""The one safe XML reader of the project (TMX, TBX, XLIFF): streamed, located, nothing expanded.

defusedxml's expat parser with entity declarations refused (so no entity is ever expanded, the
"billion laughs" included), nothing external fetched, and a document type that gives an
attribute a default value refused too (the default would silently apply to every element
lacking it: a ``<tuv>`` without ``xml:lang``). A DOCTYPE by itself is harmless and allowed.
Elements carry the line of their start tag (``element.line``); every error is
``path:line: message``. Streamed: callers clear what they have read, so a huge file costs
memory in proportion to one unit.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from localize.errors import InputError, LocalizeError

__all__ = ["Element", "iterparse"]


class Element(ET.Element):
    """An element that knows the line of its start tag."""

    line: int = 0


def iterparse(
    source: str | Path | IO[bytes],
    *,
    path: str | Path | None = None,
    error: type[LocalizeError] = InputError,
    events: tuple[str, ...] = ("start", "end"),
    what: str = "XML file",
) -> Iterator[tuple[str, Element]]:
    """(event, element) pairs as :func:`xml.etree.ElementTree.iterparse` yields them, safely.

    Raises ``error`` (an :class:`InputError` by default) at the offending line for a
    malformed document, an entity declaration, an external reference or a DTD default.
    """
    from defusedxml import (  # type: ignore[import-untyped]
        DTDForbidden,
        EntitiesForbidden,
        ExternalReferenceForbidden,
    )
    from defusedxml.ElementTree import DefusedXMLParser  # type: ignore[import-untyped]

    where = path if path is not None else source if isinstance(source, (str, Path)) else None
    where = where if where is not None else getattr(source, "name", "<xml>")
    if isinstance(source, (str, Path)):  # through the one safe reader: a FIFO would hang
        from localize.fileio import open_regular_file

        with open_regular_file(source, what, error) as fh:
            yield from iterparse(fh, path=where, error=error, events=events, what=what)
        return
    expat_box: list[object] = []

    def line() -> int | None:
        return expat_box[0].CurrentLineNumber if expat_box else None  # type: ignore[attr-defined]

    def make(tag: str, attrib: dict[str, str]) -> Element:
        elem = Element(tag, attrib)
        elem.line = line() or 0
        return elem

    parser = DefusedXMLParser(
        target=ET.TreeBuilder(element_factory=make),  # type: ignore[arg-type]
        forbid_dtd=False,
        forbid_entities=True,
        forbid_external=True,
    )
    expat = parser.parser
    expat_box.append(expat)

    def attribute_default(
        element: str, attribute: str, kind: str | None, default: str | None, required: bool
    ) -> None:
        if default is not None:
            raise error(
                f"refused: the document type gives attribute {attribute!r} of <{element}> a "
                "default value",
                path=where,
                line=line(),
            )

    expat.AttlistDeclHandler = attribute_default
    try:
        yield from ET.iterparse(source, events=events, parser=parser)  # type: ignore[arg-type, misc]
    except FileNotFoundError:
        raise error("no such file", path=where) from None
    except IsADirectoryError:
        raise error("is a directory, not an XML file", path=where) from None
    except EntitiesForbidden as exc:
        raise error(
            f"refused: the document declares an entity ({exc.name}); entities are never expanded",
            path=where,
            line=line(),
        ) from None
    except ExternalReferenceForbidden:
        raise error(
            "refused: the document refers to an external resource; nothing is fetched",
            path=where,
            line=line(),
        ) from None
    except DTDForbidden:  # pragma: no cover - DTDs are allowed
        raise error("refused: a document type declaration", path=where, line=line()) from None
    except ET.ParseError as exc:
        at = exc.position[0] if exc.position else None
        msg = str(exc).split(": line")[0]
        raise error(f"malformed XML: {msg}", path=where, line=at) from None
    except LookupError:  # encoding="..." names no codec, or not a text one
        raise error(
            f"unknown encoding {_declared(source)!r} in the XML declaration", path=where, line=1
        ) from None


def _declared(source: str | Path | IO[bytes]) -> str:
    """The encoding an XML declaration names (for the message), "?" if it cannot be read."""
    import re

    try:
        if isinstance(source, (str, Path)):
            with open(source, "rb") as f:
                head = f.read(200)
        else:
            source.seek(0)
            head = source.read(200)
    except (OSError, AttributeError, ValueError):
        return "?"
    m = re.search(rb"""encoding\s*=\s*["']([^"']*)""", head)
    return m.group(1).decode("ascii", "replace") if m else "?"
