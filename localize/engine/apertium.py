"""Apertium (rule-based, Debian packages) behind the engine interface.

All segments go through one ``apertium -f html`` process, each as its own ``<p>`` block: the
HTML deformatter keeps block boundaries intact whatever the text holds. Unknown-word marks
(``*word``, ``#word``, ``@word``) are removed and reported in the translation's note.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from localize.engine.base import Translation
from localize.errors import EngineError, ModelError

__all__ = ["ApertiumEngine", "list_apertium_pairs", "apertium_available", "MODES_DIRS"]

MODES_DIRS = (Path("/usr/share/apertium/modes"), Path("/usr/local/share/apertium/modes"))

# ISO 639-1 (ours) <-> ISO 639-3 (Apertium's current pair names).
_ISO3 = {
    "en": "eng", "es": "spa", "ca": "cat", "ru": "rus", "uk": "ukr", "pt": "por", "gl": "glg",
    "eo": "epo", "fr": "fra", "de": "deu", "it": "ita", "ro": "ron", "oc": "oci", "an": "arg",
    "sv": "swe", "da": "dan", "nb": "nob", "nn": "nno", "be": "bel", "kk": "kaz", "tt": "tat",
    "eu": "eus", "ar": "ara", "mt": "mlt", "cy": "cym", "br": "bre", "is": "isl", "sk": "slk",
    "cs": "ces", "pl": "pol", "hi": "hin", "ur": "urd", "id": "ind", "ms": "msa",
}  # fmt: skip
_ISO1 = {v: k for k, v in _ISO3.items()}
INSTALL_HINT = "install it with: apt-get install apertium apertium-{pair}"


def _modes_dirs() -> list[Path]:
    extra = os.environ.get("LOCALIZE_APERTIUM_MODES")
    return [Path(extra)] if extra else list(MODES_DIRS)


def list_apertium_pairs() -> list[tuple[str, str, Path]]:
    """(source, target, mode file) for every installed pair; reads the modes folder only."""
    out = []
    for folder in _modes_dirs():
        if not folder.is_dir():
            continue
        for mode in sorted(folder.glob("*.mode")):
            parts = mode.stem.split("-")
            if len(parts) != 2 or "_" in parts[1]:
                continue  # variants (spa-eng_US) and multi-step debug modes
            src, tgt = (_ISO1.get(p, p) for p in parts)
            out.append((src, tgt, mode))
    return out


def _mode_for(source: str, target: str) -> Path | None:
    source, target = source.split("_")[0], target.split("_")[0]
    return next((m for s, t, m in list_apertium_pairs() if (s, t) == (source, target)), None)


def apertium_available(source: str, target: str) -> bool:
    return shutil.which("apertium") is not None and _mode_for(source, target) is not None


_BLOCK = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_MARK = re.compile(r"(?<![\w*#@])([*#@]{1,2})(\w[\w'’-]*)")


def strip_unknown_marks(text: str, source: str) -> tuple[str, list[str]]:
    """Remove Apertium's unknown-word marks; a mark already in the source is kept."""
    unknown: list[str] = []

    def drop(m: re.Match[str]) -> str:
        marks, word = m.groups()
        if len(marks) == 1 and m.group() in source:
            return m.group()  # "@name" or "#tag" as written in the source
        if word not in unknown:
            unknown.append(word)
        return marks[:-1] + word  # the last mark is Apertium's; one before it is text

    return _MARK.sub(drop, text), unknown


def split_blocks(output: str, expected: int) -> list[str]:
    """The text of each ``<p>`` block of Apertium's HTML output, unescaped."""
    blocks = [html.unescape(b) for b in _BLOCK.findall(output)]
    if len(blocks) != expected:
        raise EngineError(
            f"apertium returned {len(blocks)} segments for {expected}; boundaries were lost"
        )
    return blocks


class ApertiumEngine:
    """One apertium process per call, for all the segments of a pair."""

    name = "apertium"

    def __init__(self, from_code: str, to_code: str) -> None:
        if shutil.which("apertium") is None:
            raise ModelError("Apertium is not installed; " + INSTALL_HINT.format(pair="eng-spa"))
        mode = _mode_for(from_code, to_code)
        if mode is None:
            pair = f"{_ISO3.get(from_code, from_code)}-{_ISO3.get(to_code, to_code)}"
            raise ModelError(
                f"no Apertium pair {from_code}-{to_code}; " + INSTALL_HINT.format(pair=pair)
            )
        self.from_code, self.to_code, self.mode = from_code, to_code, mode
        self.version = "-"

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        if not texts:
            return []
        doc = "\n".join(f"<p>{html.escape(' '.join(t.split()), quote=False)}</p>" for t in texts)
        try:
            proc = subprocess.run(
                ["apertium", "-f", "html", "-d", str(self.mode.parent.parent), self.mode.stem],
                input=doc,
                capture_output=True,
                text=True,
                check=False,
                timeout=600,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EngineError(f"apertium failed: {exc}") from None
        if proc.returncode != 0:
            raise EngineError(f"apertium failed: {proc.stderr.strip() or proc.returncode}")
        out = []
        for src, block in zip(texts, split_blocks(proc.stdout, len(texts)), strict=True):
            text, unknown = strip_unknown_marks(block.strip(), src)
            note = f"apertium unknown words: {', '.join(unknown)}" if unknown else ""
            out.append(Translation(text, None, note))
        return out
