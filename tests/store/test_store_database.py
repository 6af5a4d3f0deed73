"""Where the database is, and the SQLite settings every connection must have."""

from __future__ import annotations

import os
import stat
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


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes; Windows uses ACLs (docs/storage.md)")
def test_a_new_database_is_private_to_its_owner(tmp_path: Path) -> None:
    """0600 file (and its WAL), 0700 folder: other accounts on the workstation can neither read nor
    change it."""
    previous = os.umask(0o022)  # the usual umask: without labapp's care the file would be 0644
    try:
        path = tmp_path / "new-folder" / "lab.sqlite"
        engine = make_engine(resolve_url(str(path)))
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
            wal = Path(f"{path}-wal")
            modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (path, wal) if p.exists()}
    finally:
        os.umask(previous)
    engine.dispose()
    assert modes["lab.sqlite"] == 0o600 and modes.get("lab.sqlite-wal", 0o600) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
