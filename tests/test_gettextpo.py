"""libgettextpo through ctypes: msgfmt's own checks, in process."""

from __future__ import annotations

import ctypes
import re
import shutil
from pathlib import Path

import pytest

from localize.catalog import gettextpo as gettextpo
from tests.conftest import DATA, require_gettextpo


@pytest.fixture(autouse=True)
def library() -> None:
    require_gettextpo()


def test_version_and_a_clean_catalog() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", gettextpo.version() or "")
    assert gettextpo.check_file(str(DATA / "po" / "valid" / "plurals.po")) == []


def test_errors_carry_gettexts_line_and_warnings_are_left_out(tmp_path: Path) -> None:
    # A header without Project-Id-Version and the like only draws warnings from msgfmt -c.
    path = tmp_path / "кириллица.po"  # a name that is not ASCII
    shutil.copy(DATA / "po" / "msgfmt" / "newline_at_start_mismatch.po", path)
    assert gettextpo.check_file(str(path)) == [
        gettextpo.Problem(11, "'msgid' and 'msgstr' entries do not both begin with '\\n'")
    ]


def test_a_file_that_cannot_be_opened(tmp_path: Path) -> None:
    missing = tmp_path / "gone.po"
    assert gettextpo.check_file(str(missing)) == [gettextpo.Problem(None, f"cannot read {missing}")]


def test_without_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_library(name: str) -> ctypes.CDLL:
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(ctypes, "CDLL", no_library)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    gettextpo._lib.cache_clear()
    try:
        assert not gettextpo.available() and gettextpo.version() is None
        with pytest.raises(RuntimeError, match="libgettextpo is not installed"):
            gettextpo.check_file("x.po")
    finally:
        monkeypatch.undo()
        gettextpo._lib.cache_clear()
    assert gettextpo.available()
