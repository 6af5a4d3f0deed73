"""Databases for store tests: one migrated template per session, copied for every test (fast).

`ctx` is parametrised over both backends: SQLite (a copy of a migrated file) and PostgreSQL (a
server-side copy of a migrated template database on the throwaway server of tests/pg_server.py,
skipped visibly when the binaries are missing, failing under CI). `db_path` stays SQLite-only for
the tests that are about the file itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pg_server import shared_server

from labapp.services.context import ServiceContext
from labapp.store.database import resolve_url

BACKENDS = ("sqlite", "postgresql")


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


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path, migrated_template: Path) -> str:
    """A fresh database at the newest schema: a SQLite path or a PostgreSQL URL."""
    if request.param == "sqlite":
        path = tmp_path / "lab.sqlite"
        shutil.copyfile(migrated_template, path)
        return str(path)
    return shared_server().fresh_database()


@pytest.fixture
def ctx(db_url: str):
    context = ServiceContext(db_url)
    yield context
    context.close()


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database without any schema: a new SQLite URL or a new, empty PostgreSQL database."""
    if request.param == "sqlite":
        return resolve_url(str(tmp_path / "empty.sqlite"))
    server = shared_server()
    return server.url(server.create_database("empty"))


@pytest.fixture
def pg_ctx():
    """PostgreSQL only (for what SQLite does differently and is tested separately)."""
    context = ServiceContext(shared_server().fresh_database())
    yield context
    context.close()
