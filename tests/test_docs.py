"""README's Python examples run, in order, in an empty folder: the documented API works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)


def python_blocks(text: str) -> list[tuple[int, str]]:
    """(first line, code) of every ```python block."""
    return [(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in BLOCK.finditer(text)]


def test_blocks_are_found() -> None:
    text = "intro\n```python\nx = 1\n```\n```sh\nls\n```\n```python\ny = 2\n```\n"
    assert python_blocks(text) == [(3, "x = 1\n"), (9, "y = 2\n")]


def test_readme_python_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = README.read_text(encoding="utf-8")
    blocks = python_blocks(text)
    assert len(blocks) >= 6  # the Python API section's examples
    monkeypatch.chdir(tmp_path)
    # Nothing reaches the user's models or the network; dates are fixed.
    monkeypatch.setenv("LOCALIZE_MODELS_DIR", str(tmp_path / "no-models-here"))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "no-models-here"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1771200000")
    namespace: dict[str, object] = {"__name__": "readme"}
    for line, code in blocks:
        # Padded so that a failure's traceback names the README's own line.
        exec(compile("\n" * (line - 1) + code, str(README), "exec"), namespace)


def test_every_path_in_where_things_are_exists() -> None:
    """README's map of the code stays true: each path it names is there."""
    import re

    root = Path(__file__).resolve().parent.parent
    text = (root / "README.md").read_text(encoding="utf-8")
    section = text.split("## Where things are", 1)[1].split("\n## ", 1)[0]
    named = re.findall(r"`((?:localize/)?[a-z_]+/[a-z_./]*)`", section)
    assert len(named) > 20
    for path in named:
        full = path if path.startswith("localize/") else f"localize/{path}"
        assert (root / full).exists(), path
