"""--jobs and Dask give the same catalogs as a serial run (real MT through Apertium)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from localize.cli import cli
from localize.engine.apertium import apertium_available

pytestmark = [
    pytest.mark.skipif(
        not apertium_available("en", "es"), reason="needs apertium and apertium-eng-spa"
    ),
    # Worker processes (multiprocessing, Dask nannies) leave pipe files for the garbage
    # collector; collected here, inside this module, they are not ours to fail on.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture(autouse=True)
def _collect_worker_leftovers():
    yield
    import gc
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gc.collect()


ARTICLES = ["examples/russia-wont-discuss-crimea.txt", "examples/second.txt"]


def catalogs(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.po"))}


def translate(project: Path, *extra: str) -> dict[str, bytes]:
    shutil.rmtree(project / "locales", ignore_errors=True)
    result = CliRunner().invoke(
        cli, ["translate", *ARTICLES, "--to", "es", "--engine", "apertium", *extra]
    )
    assert result.exit_code == 0, result.output
    return catalogs(project / "locales")


@pytest.fixture
def two_articles(project: Path) -> Path:
    Path(ARTICLES[1]).write_text(
        "Moscow Talks\n\nThe Kremlin said talks with Washington would resume. "
        "Peskov gave no date.\n",
        encoding="utf-8",
    )
    return project


def test_jobs_match_serial(two_articles: Path) -> None:
    serial = translate(two_articles)
    assert len(serial) == 2
    assert translate(two_articles, "--jobs", "2") == serial


def test_dask_cluster_matches_local(two_articles: Path) -> None:
    distributed = pytest.importorskip("distributed")
    serial = translate(two_articles)
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=":0",  # None still binds 8787 for /health; any free port
        processes=True,
    ) as cluster:
        assert translate(two_articles, "--scheduler", cluster.scheduler_address) == serial


def test_unreachable_scheduler_is_a_clear_error(two_articles: Path) -> None:
    pytest.importorskip("distributed")
    result = CliRunner().invoke(
        cli,
        [
            "translate",
            *ARTICLES,
            "--to",
            "es",
            "--engine",
            "apertium",
            "--scheduler",
            "tcp://127.0.0.1:9",
        ],
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "localize: cannot reach the Dask scheduler at tcp://127.0.0.1:9"
    )
