"""The test server helper: visible skip without PostgreSQL locally, failure under CI."""

from __future__ import annotations

from pathlib import Path

import pg_server
import pytest


def test_a_folder_without_initdb_is_not_a_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABAPP_PG_BIN", str(tmp_path))
    assert pg_server.find_bin_dir() is None
    (tmp_path / "initdb").write_text("")
    (tmp_path / "pg_ctl").write_text("")
    assert pg_server.find_bin_dir() == tmp_path


def test_missing_server_skips_locally_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="PostgreSQL tests skipped: no initdb"):
        pg_server.unavailable("no initdb")


def test_missing_server_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="PostgreSQL tests cannot run in CI: no initdb"):
        pg_server.unavailable("no initdb")
