"""Shared test fixtures: offscreen Qt, the ../shared reference folder, temporary databases."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parents[1]


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
