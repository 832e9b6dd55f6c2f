"""Apertium (rule-based, Debian packages) behind the engine interface.

All segments of a call go through one ``apertium -f html`` process, each as its own ``<p>``
block: the HTML deformatter ends a sentence at every block, so words never move across segments.
Before translation the characters Apertium uses as unknown-word marks (``*``, ``#``, ``@``) and
the ones its stream or HTML would alter (``&``, ``<``, ``>``, controls, no-break spaces) are
written as numeric character references, which it passes through untouched. So every bare mark in
the output is Apertium's own: it is removed and its word reported in the translation's note.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from localize.engine.base import Translation
from localize.errors import EngineError, ModelError
from localize.lang import base_language

__all__ = [
    "ApertiumEngine",
    "apertium_available",
    "decode_output",
    "encode_segments",
    "install_hint",
    "list_apertium_pairs",
]

MODES_DIRS = (Path("/usr/share/apertium/modes"), Path("/usr/local/share/apertium/modes"))

# ISO 639-1 (ours) -> ISO 639-3 (current Apertium pair names; older packages use ISO 639-1).
_ISO3 = {
    "en": "eng", "es": "spa", "ca": "cat", "ru": "rus", "uk": "ukr", "pt": "por", "gl": "glg",
    "eo": "epo", "fr": "fra", "de": "deu", "it": "ita", "ro": "ron", "oc": "oci", "an": "arg",
    "sv": "swe", "da": "dan", "nb": "nob", "nn": "nno", "no": "nor", "be": "bel", "kk": "kaz",
    "tt": "tat", "eu": "eus", "ar": "ara", "mt": "mlt", "cy": "cym", "br": "bre", "is": "isl",
    "sk": "slk", "cs": "ces", "pl": "pol", "hi": "hin", "ur": "urd", "id": "ind", "ms": "zlm",
    "af": "afr", "nl": "nld", "bg": "bul", "mk": "mkd", "sl": "slv", "sc": "srd", "ast": "ast",
}  # fmt: skip
_ISO1 = {v: k for k, v in _ISO3.items()} | {"msa": "ms"}
TIMEOUT = 3600  # seconds for one call; Apertium does thousands of words a second


def install_hint(source: str, target: str) -> str:
    """The apt-get line that most likely provides the pair ``source``-``target``."""
    a, b = _ISO3.get(source, source), _ISO3.get(target, target)
    return (
        f"install it with: apt-get install apertium apertium-{a}-{b} (some pairs are packaged "
        f"the other way round or with two-letter codes, e.g. apertium-{target}-{source}; "
        f"apt-cache search apertium lists them)"
    )


def _modes_dirs() -> list[Path]:
    extra = os.environ.get("LOCALIZE_APERTIUM_MODES")
    return [Path(extra)] if extra else list(MODES_DIRS)


def list_apertium_pairs() -> list[tuple[str, str, str]]:
    """(source, target, mode file) for every installed pair; reads the modes folders only."""
    out = []
    for folder in _modes_dirs():
        if not folder.is_dir():
            continue
        for mode in sorted(folder.glob("*.mode")):
            parts = mode.stem.split("-")
            if len(parts) != 2 or "_" in parts[1]:
                continue  # variants (spa-eng_US) and debugging modes (eng-spa-morph)
            src, tgt = (_ISO1.get(p, p) for p in parts)
            out.append((src, tgt, str(mode)))
    return out


def _mode_for(source: str, target: str) -> Path | None:
    source, target = base_language(source), base_language(target)
    found = (Path(m) for s, t, m in list_apertium_pairs() if (s, t) == (source, target))
    return next(found, None)


def apertium_available(source: str, target: str) -> bool:
    """True when the apertium command and a mode for the pair are installed."""
    return shutil.which("apertium") is not None and _mode_for(source, target) is not None


# Written as character references: Apertium's marks, HTML's specials, and characters its
# deformatter would drop (NUL) or turn into a plain space (no-break spaces).
_SPECIAL = set("*#@&<>")


def _needs_ref(ch: str) -> bool:
    if ch in _SPECIAL:
        return True
    cat = unicodedata.category(ch)
    return (cat == "Cc" and ch not in "\t\n") or (cat == "Zs" and ch != " ")


def encode_segments(texts: Sequence[str]) -> str:
    """One HTML document, a ``<p>`` block per text, for ``apertium -f html``."""
    blocks = []
    for text in texts:
        body = "".join(f"&#{ord(c)};" if _needs_ref(c) else c for c in text)
        blocks.append(f"<p>{body}</p>")
    return "\n".join(blocks) + "\n"


_BLOCK = re.compile(r"<p>(.*?)</p>", re.DOTALL)
# A character reference, or a run of marks with the word around it (Apertium marks the token it
# could not analyse; "16x9" comes back as "16*x9", so the word may start before the mark).
_TOKEN = re.compile(r"&(?:#[0-9]+|amp|lt|gt|quot|apos);|(\w*)([*#@]+)(\w+(?:['’]\w+)*)?")
_REF = re.compile(r"&(?:#([0-9]+)|(amp|lt|gt|quot|apos));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _unescape(text: str) -> str:
    return _REF.sub(lambda m: chr(int(m[1])) if m[1] else _NAMED[m[2]], text)


def _read_block(block: str, source: str) -> Translation:
    unknown: list[str] = []  # "*": not in the source dictionary; "@": not in the bilingual one
    uninflected: list[str] = []  # "#": a target lemma the generator has no such form of

    def drop_mark(m: re.Match[str]) -> str:
        if m[0].startswith("&"):
            return m[0]  # a reference: text, never a mark
        word = m[1] + (m[3] or "")
        found = uninflected if set(m[2]) == {"#"} else unknown
        if word and word not in found:
            found.append(word)
        return word

    text = _unescape(_TOKEN.sub(drop_mark, block)).strip()
    if "  " not in source:
        text = re.sub(r" {2,}", " ", text)  # left where Apertium dropped a word ("he said")
    if source.lstrip()[:1].islower() and text[:1].isupper():
        text = text[0].lower() + text[1:]  # Apertium capitalises every block's first word
    lead = source[: len(source) - len(source.lstrip())]
    trail = source[len(source.rstrip()) :]
    text = source if not source.strip() else lead + text + trail
    notes = [f"apertium unknown words: {', '.join(unknown)}"] if unknown else []
    if uninflected:
        notes.append(f"apertium could not inflect: {', '.join(uninflected)}")
    from localize.engine.confidence import from_unknown

    return Translation(
        text, None, "; ".join(notes), from_unknown(len(unknown) + len(uninflected), text)
    )


def decode_output(output: str, sources: Sequence[str]) -> list[Translation]:
    """Apertium's HTML output back to one Translation per source text, marks removed."""
    blocks = _BLOCK.findall(output)
    if len(blocks) != len(sources):
        raise EngineError(
            f"apertium returned {len(blocks)} segments for {len(sources)}; boundaries were lost"
        )
    return [_read_block(b, s) for b, s in zip(blocks, sources, strict=True)]


class ApertiumEngine:
    """One apertium process per call, for all the segments of a pair."""

    name = "apertium"
    # Rule-based: a term's rendering alone is its rendering in context, so the glossary is
    # enforced in the output rather than through placeholders (localize.glossary.inplace).
    compositional = True

    def __init__(self, from_code: str, to_code: str) -> None:
        self.from_code, self.to_code = from_code, to_code
        if shutil.which("apertium") is None:
            raise ModelError("Apertium is not installed; " + install_hint(from_code, to_code))
        mode = _mode_for(from_code, to_code)
        if mode is None:
            raise ModelError(
                f"no Apertium pair {from_code}-{to_code}; " + install_hint(from_code, to_code)
            )
        self.mode = mode
        self.version = "-"

    def command(self) -> list[str]:
        """The apertium command line this engine runs."""
        return ["apertium", "-f", "html", "-d", str(self.mode.parent.parent), self.mode.stem]

    @staticmethod
    def environment() -> dict[str, str]:
        """The process environment: Apertium's own HTML filters, never Transfuse."""
        # apertium uses Transfuse when it is installed (Debian recommends it); Transfuse decodes
        # character references, so the marks written as references would come back bare.
        return {**os.environ, "APERTIUM_TRANSFUSE": "no"}

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        """Translate ``texts`` 1:1 in one apertium process."""
        if not texts:
            return []
        try:
            proc = subprocess.run(
                self.command(),
                input=encode_segments(texts).encode("utf-8"),
                capture_output=True,
                check=False,
                timeout=TIMEOUT,
                env=self.environment(),
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EngineError(f"apertium {self.mode.stem} failed: {exc}") from None
        stderr = proc.stderr.decode("utf-8", "replace").strip()
        if proc.returncode != 0:
            raise EngineError(
                f"apertium {self.mode.stem} failed (exit {proc.returncode}): "
                f"{stderr or 'no message'}"
            )
        try:
            return decode_output(proc.stdout.decode("utf-8"), texts)
        except (UnicodeDecodeError, EngineError) as exc:
            detail = f" ({stderr})" if stderr else ""
            raise EngineError(f"apertium {self.mode.stem}: {exc}{detail}") from None
