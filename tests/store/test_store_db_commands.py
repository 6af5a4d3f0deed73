"""`labapp db init`, `db upgrade` and `db info` through the CLI dispatcher."""

from __future__ import annotations

from pathlib import Path

import pytest

from labapp.cli import main
from labapp.store import migrate


def test_info_before_and_after_upgrade(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "new" / "lab.sqlite"
    assert main(["--db", str(db), "db", "info"]) == 0
    assert "does not exist yet" in capsys.readouterr().out
    assert not db.exists()  # info changes nothing
    assert main(["--db", str(db), "db", "upgrade"]) == 2  # upgrade migrates; it does not create
    assert not db.exists()
    assert main(["--db", str(db), "db", "init"]) == 0
    assert f"created at schema revision {migrate.head_revision()}" in capsys.readouterr().out
    assert main(["--db", str(db), "db", "upgrade"]) == 0
    assert f"at schema revision {migrate.head_revision()} (newest)" in capsys.readouterr().out
    assert main(["--db", str(db), "db", "info"]) == 0
    out = capsys.readouterr().out
    assert f"schema:   {migrate.head_revision()} (up to date)" in out
    assert "audit_events" in out and "measurements" in out


def test_environment_variable_selects_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LABAPP_DB", str(tmp_path / "env.sqlite"))
    assert main(["db", "init"]) == 0
    assert str(tmp_path / "env.sqlite") in capsys.readouterr().out
    assert (tmp_path / "env.sqlite").is_file()


def test_missing_driver_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", "nosuchdb+nodriver://u:pw@host/db", "db", "info"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("labapp: ") and "pw" not in err
