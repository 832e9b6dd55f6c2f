"""The derived-data cache: one SQLite file, content-addressed, never a reason to fail."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from localize import cache


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LOCALIZE_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_values_come_back_by_key_and_a_changed_key_misses(folder: Path) -> None:
    cache.put_many("check", [(b"catalog one", [["a.po", 3, "fuzzy", "m"]]), (b"two", [])])
    assert cache.get_many("check", [b"two", b"catalog one", b"catalog one!"]) == [
        [],
        [["a.po", 3, "fuzzy", "m"]],
        None,
    ]
    assert cache.get_many("sentences", [b"two"]) == [None]  # kinds do not mix
    assert (folder / "cache.sqlite3").is_file()


def test_more_keys_than_sqlite_binds_at_once(folder: Path) -> None:
    items = [(f"k{i}".encode(), i) for i in range(1_300)]
    cache.put_many("n", items)
    assert cache.get_many("n", [k for k, _ in items]) == list(range(1_300))


def test_the_folder_follows_the_platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs
    import platformdirs.macos

    monkeypatch.delenv("LOCALIZE_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):  # XDG as before platformdirs, then its default
        assert cache.cache_dir() == tmp_path / "xdg" / "localize"
        monkeypatch.delenv("XDG_CACHE_HOME")
        assert cache.cache_dir() == tmp_path / ".cache" / "localize"
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.macos.MacOS)
    assert cache.cache_dir() == tmp_path / "Library" / "Caches" / "localize"
    monkeypatch.setenv("LOCALIZE_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"


def test_empty_setting_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOCALIZE_CACHE_DIR", "")
    cache.put_many("check", [(b"k", 1)])
    assert cache.cache_file() is None and cache.get_many("check", [b"k"]) == [None]


def test_a_damaged_file_is_replaced(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "cache.sqlite3").write_bytes(b"this is not a database" * 100)
    assert cache.get_many("check", [b"k"]) == [None]
    cache.put_many("check", [(b"k", 7)])
    assert cache.get_many("check", [b"k"]) == [7]


def test_an_unwritable_folder_only_costs_speed(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LOCALIZE_CACHE_DIR", str(blocker / "cache"))
    cache.put_many("check", [(b"k", 1)])
    assert cache.get_many("check", [b"k"]) == [None]


WRITER = """
import sys
from localize import cache
n = int(sys.argv[1])
for round in range(20):
    cache.put_many("w", [(f"{n}-{round}-{i}".encode(), [n, round, i]) for i in range(50)])
"""


def test_processes_writing_at_once_lose_nothing(folder: Path) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(n)], stderr=subprocess.PIPE)
        for n in range(4)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    keys = [f"{n}-{r}-{i}".encode() for n in range(4) for r in range(20) for i in range(50)]
    got = cache.get_many("w", keys)
    assert got == [[n, r, i] for n in range(4) for r in range(20) for i in range(50)]


def test_a_damaged_page_is_forgotten_and_the_file_made_anew(folder: Path) -> None:
    import sqlite3

    cache.put_many("check", [(f"k{i}".encode(), "x" * 500) for i in range(200)])
    path = folder / "cache.sqlite3"
    con = sqlite3.connect(path)
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'entries'").fetchone()[0]
    con.close()
    with path.open("r+b") as fh:  # the table's root page, as a crash or a bad disk leaves it
        fh.seek((root - 1) * 4096)
        fh.write(b"\xff" * 4096)
    assert cache.get_many("check", [b"k1"]) == [None]  # recomputed, not an error
    cache.put_many("check", [(b"k1", 1)])
    assert cache.get_many("check", [b"k1", b"k2"]) == [1, None]
