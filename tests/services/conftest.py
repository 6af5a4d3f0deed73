"""Databases for service tests: one migrated template per session, copied for every test (fast).

The modules in BOTH_BACKENDS run each test that uses `ctx` (and not the SQLite file `db_path`)
twice: on SQLite and on PostgreSQL (a fresh copy of a migrated template database on the throwaway
server of tests/pg_server.py; skipped visibly without Debian's postgresql binaries, failing under
CI). Every other test gets SQLite as before.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pg_server import shared_server

from labapp.services.context import ServiceContext

BACKENDS = ("sqlite", "postgresql")
BOTH_BACKENDS = frozenset(
    {
        "test_registration_api",
        "test_lot_edit",
        "test_run_import",
        "test_reference_materials",
        "test_panel_tests",
    }
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    module = metafunc.module.__name__.rpartition(".")[2]
    names = metafunc.fixturenames
    if module in BOTH_BACKENDS and "ctx" in names and "db_path" not in names:
        metafunc.parametrize("backend", BACKENDS, indirect=True)


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
def backend(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture
def db_url(request: pytest.FixtureRequest, backend: str) -> str:
    """A fresh database at the newest schema: the SQLite file `db_path`, or a PostgreSQL URL."""
    if backend == "sqlite":
        return str(request.getfixturevalue("db_path"))
    return shared_server().fresh_database()


@pytest.fixture
def ctx(db_url: str):
    context = ServiceContext(db_url)
    yield context
    context.close()
