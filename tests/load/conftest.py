"""Databases for the several-workstation tests: an empty SQLite file or an empty PostgreSQL database
on the throwaway server of tests/pg_server.py (skipped visibly without the binaries, failing under CI).
The tests migrate it themselves, as the first workstation (or the administrator) would."""

from __future__ import annotations

from pathlib import Path

import pytest
from pg_server import shared_server

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(params=BACKENDS)
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "lab.sqlite")
    server = shared_server()
    return server.url(server.create_database("lab"))


@pytest.fixture
def workstation(empty_url: str):
    """How workstation `n` connects once the database is migrated: on PostgreSQL as its own login
    role, a member of `labapp_workstation` (migration 0015: grants per table, audit_events and
    signatures append-only), never as the owner; on SQLite through the same file."""

    def url(n: int | str) -> str:
        if empty_url.startswith("postgresql"):
            return shared_server().workstation_url(empty_url, f"ws_load_{n}")
        return empty_url

    return url
