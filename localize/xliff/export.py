"""Catalogs to XLIFF 1.2 or 2.1: one file per article and language, for a CAT tool.

Each catalog entry is a unit whose id comes from its msgctxt and msgid (:func:`unit_id`), so
it is the same after a re-export and in a reordered catalog. The state follows the table in the
README (:data:`STATES`). What each target was at export is recorded in the unit (a digest of the
text and the entry's state: ``<mda:metadata>`` in 2.x, an ``x-localize`` ``<context-group>`` in
1.2), which is how an import tells a translator's change from a change made meanwhile in the
catalog.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from localize.catalog import MT_PREFIX, TM_PREFIX, is_translated
from localize.config import Config
from localize.errors import CatalogError, InputError, UsageError
from localize.lang import bcp47
from localize.xliff.inline import attr, has_codes, write_inline, xml_text
from localize.xliff.names import NS12, NS20, NS_GLS, NS_MDA

__all__ = [
    "Exported",
    "STATES",
    "VERSIONS",
    "entry_state",
    "export_xliff",
    "target_digest",
    "unit_id",
    "shown_12",
]

VERSIONS = ("1.2", "2.1")
TOOL = "localize"

#: catalog state (and fuzzy provenance) -> (2.x state, 2.x subState, 1.2 state, 1.2 qualifier)
STATES: dict[str, tuple[str, str | None, str, str | None]] = {
    "untranslated": ("initial", None, "new", None),
    "machine": ("translated", "localize:mt", "needs-review-translation", "mt-suggestion"),
    "memory": ("translated", "localize:tm", "needs-review-translation", "tm-suggestion"),
    "fuzzy": ("translated", "localize:fuzzy", "needs-review-translation", "fuzzy-match"),
    "reviewed": ("reviewed", None, "final", None),
}
_DATATYPES = {"html": "html", "markdown": "x-markdown", "text": "plaintext"}


@dataclass(frozen=True)
class Exported:
    """One XLIFF file written: where, for which article and locale, how many units."""

    path: Path
    article: str
    lang: str
    units: int


def unit_id(entry: polib.POEntry) -> str:
    """A stable XML name for an entry: a digest of its msgctxt and msgid."""
    key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
    return "u" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def entry_state(entry: polib.POEntry) -> str:
    """A key of :data:`STATES`: untranslated, machine, memory, fuzzy or reviewed."""
    if not is_translated(entry):
        return "untranslated"
    if "fuzzy" not in entry.flags:
        return "reviewed"
    lines = (entry.tcomment or "").split("\n")
    if any(line.startswith(MT_PREFIX) for line in lines):
        return "machine"
    if any(line.startswith(TM_PREFIX) for line in lines):
        return "memory"
    return "fuzzy"


def target_digest(texts: Sequence[str]) -> str:
    """What a target (all its plural forms) was, in short."""
    joined = "\x00".join(texts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def _forms(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, target) per form: one for a singular entry, one per msgstr[n] for a plural."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    forms = entry.msgstr_plural or {0: "", 1: ""}
    return [
        (entry.msgid if int(k) == 0 else entry.msgid_plural, v)
        for k, v in sorted(forms.items(), key=lambda kv: int(kv[0]))
    ]


def _notes(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(category, text) of what the catalog tells a translator about an entry."""
    out: list[tuple[str, str]] = []
    for line in (entry.comment or "").split("\n"):
        if not line:
            continue
        if line.startswith("glossary:"):
            out.append(("glossary", line.removeprefix("glossary:").strip()))
        else:
            out.append(("block", line))
    for line in (entry.tcomment or "").split("\n"):
        if not line:
            continue
        if line.startswith((MT_PREFIX, TM_PREFIX, "xliff:")):
            out.append(("provenance", line))
        elif line.startswith("mt suggestion"):
            out.append(("suggestion", line))
        else:
            out.append(("comment", line))
    if entry.previous_msgid:
        out.append(("previous-source", entry.previous_msgid))
    if entry.msgctxt is not None:
        out.append(("context", entry.msgctxt))
    refs = " ".join(f"{p}:{n}" if n else p for p, n in entry.occurrences)
    if refs:
        out.append(("location", refs))
    return out


def _glossary_terms(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(term, accepted translation) from the ``glossary:`` comment ``update`` wrote."""
    out: list[tuple[str, str]] = []
    for line in (entry.comment or "").split("\n"):
        if not line.startswith("glossary:"):
            continue
        for part in line.removeprefix("glossary:").split(";"):
            part = part.strip()
            if part.startswith("check compound"):
                continue
            if part.endswith("(do not translate)"):
                term = part.removesuffix("(do not translate)").strip()
                out.append((term, term))
            elif " → " in part:
                term, _, form = part.partition(" → ")
                out.append((term.strip(), form.strip()))
    return out


def _markup(path: Path, fmt: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """msgid -> its codes' real markup, from the article itself (for ``<originalData>``)."""
    from localize.formats import iter_segments
    from localize.formats.codes import CodedSegment

    out: dict[str, tuple[tuple[str, str], ...]] = {}
    for seg in iter_segments(path, fmt):
        if isinstance(seg, CodedSegment) and seg.markup:
            out.setdefault(seg.text, seg.markup)
    return out


def _read_catalog(path: Path) -> polib.POFile:
    from localize.catalog import MAX_CATALOG_BYTES, parse_po
    from localize.fileio import read_regular_file

    if not path.exists():
        raise InputError("no catalog to export (update the article first)", path=path)
    data = read_regular_file(path, "catalog", CatalogError, MAX_CATALOG_BYTES)
    return parse_po(data, path=str(path))


def export_xliff(
    paths: Sequence[str | Path],
    *,
    config: Config,
    out_dir: str | Path,
    locales: Sequence[str] | None = None,
    version: str = "2.1",
    only_todo: bool = False,
    glossary: bool = False,
    article_format: str | None = None,
) -> list[Exported]:
    """Write ``<out_dir>/<article>.<lang>.xlf`` for every article and locale.

    ``only_todo`` leaves reviewed entries out; ``glossary`` adds each unit's glossary terms as
    the 2.x glossary module (1.2 has none: they are notes in both versions).
    """
    from localize.fileio import atomic_write_text
    from localize.formats import format_of
    from localize.pipeline import article_ref, template_format

    if version not in VERSIONS:
        raise UsageError(f"unknown XLIFF version {version!r} (known: {', '.join(VERSIONS)})")
    locales = config.target_locales(locales)
    articles = config.target_articles(paths)
    out = Path(out_dir)
    written: list[Exported] = []
    for article in articles:
        path = Path(article)
        slug = path.stem
        fmt = format_of(path, article_format, template_format(config, slug))
        markup = _markup(path, fmt) if fmt != "text" else {}
        ref = article_ref(path, config.root)
        for lang in locales:
            po = _read_catalog(config.po_path(lang, slug))
            entries = [
                e
                for e in po
                if not e.obsolete and e.msgid and not (only_todo and entry_state(e) == "reviewed")
            ]
            doc = _Doc(version, config.source, lang, ref, _DATATYPES.get(fmt, "plaintext"))
            text = "".join(doc.render(entries, markup, glossary))
            dest = out / f"{slug}.{bcp47(lang)}.xlf"
            dest.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(dest, text)
            written.append(Exported(dest, ref, lang, len(entries)))
    return written


@dataclass
class _Doc:
    version: str
    source: str
    lang: str
    original: str
    datatype: str

    def render(
        self,
        entries: list[polib.POEntry],
        markup: dict[str, tuple[tuple[str, str], ...]],
        glossary: bool,
    ) -> Iterator[str]:
        src, trg = bcp47(self.source), bcp47(self.lang)
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        if self.version == "1.2":
            yield f'<xliff version="1.2" xmlns="{NS12}">\n'
            yield (
                f'  <file original={attr(self.original)} source-language="{src}" '
                f'target-language="{trg}" datatype="{self.datatype}" tool-id="{TOOL}">\n'
            )
            yield f'    <header><tool tool-id="{TOOL}" tool-name="{TOOL}"/></header>\n'
            yield "    <body>\n"
            for e in entries:
                yield from self._unit_12(e)
            yield "    </body>\n  </file>\n</xliff>\n"
            return
        yield (
            f'<xliff xmlns="{NS20}" xmlns:mda="{NS_MDA}" xmlns:gls="{NS_GLS}" '
            f'version="2.1" srcLang="{src}" trgLang="{trg}">\n'
        )
        yield f'  <file id="f1" original={attr(self.original)}>\n'
        for e in entries:
            yield from self._unit_20(e, markup.get(e.msgid, ()), glossary)
        yield "  </file>\n</xliff>\n"

    # --- 1.2 ---------------------------------------------------------------------------

    def _unit_12(self, e: polib.POEntry) -> Iterator[str]:
        key = entry_state(e)
        _, _, state, qualifier = STATES[key]
        forms = _forms(e)
        uid = unit_id(e)
        plural = bool(e.msgid_plural)
        pad = "        " if plural else "      "
        if plural:
            yield f'      <group id="{uid}" restype="x-gettext-plurals">\n'
        for i, (source, target) in enumerate(forms):
            codes = has_codes(source)
            tid = f"{uid}[{i}]" if plural else uid
            name = f" resname={attr(e.msgctxt)}" if e.msgctxt is not None else ""
            approved = ' approved="yes"' if key == "reviewed" else ""
            yield f'{pad}<trans-unit id="{tid}"{name}{approved} xml:space="preserve">\n'
            yield f"{pad}  <source>{write_inline(source, '1.2', codes=codes)}</source>\n"
            q = f' state-qualifier="{qualifier}"' if qualifier else ""
            body = write_inline(target, "1.2", codes=codes) if target else ""
            yield f'{pad}  <target state="{state}"{q}>{body}</target>\n'
            yield f'{pad}  <context-group purpose="information">\n'
            shown = shown_12(target)
            yield f'{pad}    <context context-type="x-localize-state">{key}</context>\n'
            yield (
                f'{pad}    <context context-type="x-localize-target">'
                f"{target_digest([shown])}</context>\n"
            )
            yield f"{pad}  </context-group>\n"
            for category, text in _notes(e):
                yield f'{pad}  <note from="{category}">{xml_text(text, "1.2")}</note>\n'
            yield f"{pad}</trans-unit>\n"
        if plural:
            yield "      </group>\n"

    # --- 2.x ---------------------------------------------------------------------------

    def _unit_20(
        self, e: polib.POEntry, markup: tuple[tuple[str, str], ...], glossary: bool
    ) -> Iterator[str]:
        key = entry_state(e)
        state, sub, _, _ = STATES[key]
        forms = _forms(e)
        uid = unit_id(e)
        plural = bool(e.msgid_plural)
        pad = "      " if plural else "    "
        if plural:
            yield f'    <group id="{uid}" type="localize:plural">\n'
        for i, (source, target) in enumerate(forms):
            codes = has_codes(source)
            name = f" name={attr(e.msgctxt)}" if e.msgctxt is not None else ""
            name += ' xml:space="preserve"'  # the unit's, so a target a CAT tool adds has it too
            yield (
                f'{pad}<unit id="{uid}-{i}"{name}>\n'
                if plural
                else f'{pad}<unit id="{uid}"{name}>\n'
            )
            yield (
                f'{pad}  <mda:metadata><mda:metaGroup category="localize">'
                f'<mda:meta type="state">{key}</mda:meta>'
                f'<mda:meta type="target">{target_digest([target])}</mda:meta>'
                "</mda:metaGroup></mda:metadata>\n"
            )
            terms = _glossary_terms(e) if glossary else []
            if terms:
                yield f"{pad}  <gls:glossary>\n"
                for term, form in terms:
                    yield (
                        f"{pad}    <gls:glossEntry><gls:term>{xml_text(term)}</gls:term>"
                        f"<gls:translation>{xml_text(form)}</gls:translation></gls:glossEntry>\n"
                    )
                yield f"{pad}  </gls:glossary>\n"
            notes = _notes(e)
            if notes:
                yield f"{pad}  <notes>\n"
                for category, text in notes:
                    yield f'{pad}    <note category="{category}">{xml_text(text)}</note>\n'
                yield f"{pad}  </notes>\n"
            data: dict[tuple[str, int], str] = {}
            if codes and markup:
                pieces: list[str] = []
                for n, (opening, closing) in enumerate(markup, 1):
                    if not closing:
                        data[("empty", n)] = f"d{n}"
                        pieces.append(f'<data id="d{n}">{xml_text(opening)}</data>')
                    else:
                        data[("open", n)], data[("close", n)] = f"d{n}", f"d{n}e"
                        pieces.append(f'<data id="d{n}">{xml_text(opening)}</data>')
                        pieces.append(f'<data id="d{n}e">{xml_text(closing)}</data>')
                yield f"{pad}  <originalData>{''.join(pieces)}</originalData>\n"
            st = f' state="{state}"' + (f' subState="{sub}"' if sub else "")
            yield f"{pad}  <segment{st}>\n"
            src = write_inline(source, "2", codes=codes, data=data)
            yield f"{pad}    <source>{src}</source>\n"
            if target:
                trg = write_inline(target, "2", codes=codes, data=data)
                yield f"{pad}    <target>{trg}</target>\n"
            yield f"{pad}  </segment>\n{pad}</unit>\n"
        if plural:
            yield "    </group>\n"


def shown_12(text: str) -> str:
    """A target as 1.2 carries it (characters XML cannot hold made visible)."""
    from localize.xliff.inline import BAD_XML

    return BAD_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
