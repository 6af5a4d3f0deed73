"""Where the database is, and the SQLite settings every connection must have."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from labapp.core.errors import LabappError
from labapp.store.database import default_path, make_engine, resolve_url, sqlite_path


def test_plain_path_becomes_absolute_sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    url = resolve_url("data/lab.sqlite")
    assert url == f"sqlite:///{tmp_path / 'data' / 'lab.sqlite'}"
    assert sqlite_path(url) == tmp_path / "data" / "lab.sqlite"


def test_url_passes_through_untouched() -> None:
    url = "postgresql+psycopg://lab:secret@db.example:5432/labapp"
    assert resolve_url(url) == url
    assert sqlite_path(url) is None


def test_environment_variable_then_user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABAPP_DB", str(tmp_path / "env.sqlite"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'env.sqlite'}"
    assert resolve_url(str(tmp_path / "arg.sqlite")).endswith("arg.sqlite")  # --db wins over LABAPP_DB
    monkeypatch.delenv("LABAPP_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))  # platformdirs on Linux honours it
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'xdg' / 'labapp' / 'labapp.sqlite'}"
    assert default_path() == tmp_path / "xdg" / "labapp" / "labapp.sqlite"


def test_sqlite_connections_have_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    engine = make_engine(resolve_url(str(tmp_path / "a" / "b" / "lab.sqlite")))
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
    assert (tmp_path / "a" / "b" / "lab.sqlite").is_file()  # missing folders are created
    engine.dispose()


def test_foreign_keys_are_enforced(ctx) -> None:
    with pytest.raises(IntegrityError), ctx.engine.begin() as conn:
        conn.execute(text("INSERT INTO samples (id, version, lot_id) VALUES (1, 1, 4242)"))


def test_unusable_folder_is_one_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(
        LabappError, match=r"cannot create the database folder .*not_a_folder.*--db or LABAPP_DB"
    ):
        make_engine(resolve_url(str(blocker / "sub" / "lab.sqlite")))
