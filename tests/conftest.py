"""Shared test fixtures: offscreen Qt, the ../shared reference folder, temporary databases, the demo.

The suite runs in parallel (pytest-xdist, `-n` in pyproject.toml's addopts): every worker process
imports this file and gets its own sandbox, archive folder, PostgreSQL server and session fixtures.
tests/README.md says how to write a test that stays safe in parallel.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from costs import use_small_costs

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Tests never touch the real user's data, keys or Qt settings: the default database, key folder
# and QSettings go to a throwaway home for the session (subprocesses inherit it).
_SANDBOX = tempfile.mkdtemp(prefix="labapp-tests-")
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = os.path.join(_SANDBOX, _name.lower())
for _name in ("LABAPP_DB", "LABAPP_KEYS"):
    os.environ.pop(_name, None)
# One archive folder (record key + audit checkpoint log) for the session: test databases are copied
# from templates to new paths, and each copy must still find the key its template's seals were made
# with. Checkpoints name their database, so copies do not mix. Tests of the archive set their own.
os.environ["LABAPP_ARCHIVE"] = os.path.join(_SANDBOX, "archive")

REPO_ROOT = Path(__file__).resolve().parents[1]

# Small argon2 and PBKDF2 costs for every hash and key file the test process makes (tests/costs.py
# says why, and which tests check the application's own).
use_small_costs()

if TYPE_CHECKING:
    from labapp.demo.build import DemoReport


def _find_shared() -> Path | None:
    candidates = [os.environ.get("LABAPP_SHARED"), REPO_ROOT.parent / "shared"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "fixtures").is_dir():
            return Path(candidate)
    return None


SHARED_DIR = _find_shared()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder with real instrument files and reference data; skips visibly when absent."""
    if SHARED_DIR is None:
        pytest.skip("../shared/fixtures not present: real-file and reference tests skipped")
    return SHARED_DIR


@pytest.fixture(scope="session")
def real_files_dir(shared_dir: Path) -> Path:
    return shared_dir / "fixtures" / "instruments" / "real"


@pytest.fixture(scope="session")
def reference_dir(shared_dir: Path) -> Path:
    return shared_dir / "fixtures" / "reference"


@pytest.fixture(scope="session")
def catenax_schema(shared_dir: Path) -> dict:
    """The published Catena-X CertificateOfAnalysis 2.0.0 JSON schema (CC-BY-4.0, Eclipse Tractus-X
    sldt-semantic-models), read from ../shared where its SOURCES.md asks it to stay; skips visibly."""
    path = shared_dir / "fixtures" / "standards" / "catenax" / "CertificateOfAnalysis-2.0.0-schema.json"
    if not path.is_file():
        pytest.skip(f"{path} not present: Catena-X export schema tests skipped")
    return json.loads(path.read_text(encoding="utf-8"))


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """`--dist loadfile` (pyproject's addopts) with the costliest files first and the files that share
    `printed_demo` on one worker (tests/xdist_schedule.py); other modes stay xdist's own."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist_schedule import CostlyFirstFileScheduling

    return CostlyFirstFileScheduling(config, log)


@pytest.fixture(scope="session")
def printed_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """`labapp demo` as users run it (a true subprocess, full cost), once per worker: (the finished
    process, its output folder). tests/e2e/test_demo_chain.py and tests/services/test_certification.py
    read it (tests/xdist_schedule.py puts them on one worker); never write to it: copy it first."""
    folder = tmp_path_factory.mktemp("printed") / "d"
    completed = subprocess.run(
        [sys.executable, "-m", "labapp", "demo", "--out", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    return completed, folder


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory: pytest.TempPathFactory) -> DemoReport:
    """The full demo, built once per test process. Never write to it: copy it with
    demo_builds.copy_demo(demo_build, folder) (module or test scope) and use the copy."""
    from demo_builds import build_full

    return build_full(tmp_path_factory.mktemp("demo-build") / "demo")


@pytest.fixture(scope="session")
def approved_demo_build(tmp_path_factory: pytest.TempPathFactory) -> DemoReport:
    """The demo up to approval (keys made, nothing certified), built once per test process; copy it
    with demo_builds.copy_demo before use, as demo_build."""
    from demo_builds import build_until_approval

    return build_until_approval(tmp_path_factory.mktemp("approved-demo-build") / "demo")
