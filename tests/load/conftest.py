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
