"""Databases for service tests: one migrated template per session, copied for every test (fast)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from labapp.services.context import ServiceContext


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    ServiceContext(str(path)).close()
    return path


@pytest.fixture
def db_path(tmp_path: Path, migrated_template: Path) -> Path:
    path = tmp_path / "lab.sqlite"
    shutil.copyfile(migrated_template, path)
    return path


@pytest.fixture
def ctx(db_path: Path):
    context = ServiceContext(str(db_path))
    yield context
    context.close()
