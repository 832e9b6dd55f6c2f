"""The installs README documents resolve without torch or CUDA from the public index alone.

``pip --isolated`` ignores this machine's pip configuration (its local indexes and find-links,
which hold a CPU build of torch): the resolver sees what a new user's machine sees. Needs the
network: skipped offline with the reason, but never in CI.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SETUP = README[README.index("## Set-up") : README.index("## A short tour")]
FOUND = re.findall(r"pip install -c requirements/constraints\.txt -e '(\.\[[a-z,]+\])'", SETUP)
# argostranslate's own extra pulls torch by design (README says so): not a user's install.
INSTALLS = sorted(set(FOUND) - {".[reference]"})
OFFLINE = (
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "No matching distribution found for setuptools",
)


def cuda_or_torch(name: str) -> bool:
    name = re.sub(r"[-_.]+", "-", name.lower())
    return name in ("torch", "triton") or name.startswith(("nvidia-", "cuda-"))


def test_readme_documents_the_translator_and_the_test_install() -> None:
    assert INSTALLS == [".[argos]", ".[test]"]


@pytest.mark.slow
@pytest.mark.network
@pytest.mark.parametrize("target", INSTALLS)
def test_the_documented_install_pulls_no_torch_and_no_cuda(target: str, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--isolated", "--dry-run", "--ignore-installed",
         "--disable-pip-version-check", "-q", "--report", str(report),
         "-c", "requirements/constraints.txt", "-e", target],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if done.returncode != 0 and any(s in done.stderr for s in OFFLINE):
        if os.environ.get("CI"):
            pytest.fail(
                f"the package index cannot be reached, and CI must run this:\n{done.stderr}"
            )
        pytest.skip("the public package index cannot be reached (offline)")
    assert done.returncode == 0, done.stderr
    names = [item["metadata"]["name"] for item in json.loads(report.read_text())["install"]]
    assert "ctranslate2" in {n.lower() for n in names} and len(names) > 20
    assert [n for n in names if cuda_or_torch(n)] == []
    assert not {"argostranslate", "stanza", "spacy", "onnxruntime"} & {n.lower() for n in names}
