"""Real catalogs as the world writes them: every ``.po`` that four projects ship on PyPI,
against GNU gettext's msgcat, msgfmt (``--statistics``, ``--no-hash``, ``-c``) and
``msgmerge --previous``. The corpus is assembled by ``tools/real_corpus.py`` into an ignored
cache folder (CI runs it); without it these tests are skipped, saying so."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, gettext_tool

pytestmark = pytest.mark.slow


def _corpus():
    spec = importlib.util.spec_from_file_location("real_corpus", ROOT / "tools" / "real_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["real_corpus"] = module  # worker processes unpickle results by this name
    spec.loader.exec_module(module)
    return module


corpus = _corpus()
if not corpus.present():
    pytest.skip(
        "the real-world corpus is not assembled (run: python tools/real_corpus.py)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def results():
    for tool in ("msgcat", "msgfmt", "msgmerge"):
        gettext_tool(tool)
    return corpus.compare_all()


def test_the_corpus_is_a_thousand_real_catalogs_of_three_projects(results) -> None:
    cats, merges = results
    assert len(cats) >= 1000 and len(merges) >= 1000
    projects = {Path(r.path).relative_to(corpus.DEFAULT_DEST).parts[0] for r in cats}
    assert len(projects) >= 3


def test_every_catalog_gettext_reads_is_read_without_a_traceback(results) -> None:
    cats, merges = results
    assert [r.traceback for r in cats if r.traceback] == []
    assert [r.traceback for r in merges if r.traceback] == []
    assert [(r.path, r.read_error) for r in cats if r.gnu_reads and r.read_error] == []
    assert [(r.name, r.error) for r in merges if r.error] == []


def test_counts_compile_and_writer_are_gettexts_on_every_catalog(results) -> None:
    cats, _ = results
    assert [r.path for r in cats if r.counts_same is False] == []
    assert [r.path for r in cats if r.compile_same is False] == []
    assert [r.path for r in cats if r.writer_same is False] == []
    # check's msgfmt verdict is msgfmt -c's, on the files it rejects too.
    assert [r.path for r in cats if r.check_msgfmt_same is False] == []
    assert any(r.msgfmt_c_ok is False for r in cats)


def test_every_merge_is_msgmerges_entry_for_entry(results) -> None:
    _, merges = results
    assert [(r.name, r.examples) for r in merges if r.differ] == []
    assert [r.name for r in merges if r.fewer] == []
    assert sum(r.suggestions for r in merges) == sum(r.gnu_suggestions for r in merges) > 1000
