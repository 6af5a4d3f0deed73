"""Where the database is and how to connect to it.

`--db` or LABAPP_DB may hold a file path (SQLite) or a SQLAlchemy URL; the default is one SQLite
file in the user data directory. SQLite connections get WAL journaling (readers do not block the
writer), enforced foreign keys and a busy timeout, and writes open with BEGIN IMMEDIATE so that a
unit of work holds the write lock from its first statement (this is what serialises audit appends).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from labapp.core.errors import LabappError

ENV_VAR = "LABAPP_DB"
DEFAULT_FILE_NAME = "labapp.sqlite"
BUSY_TIMEOUT_MS = 10_000
WRITE_OPTION = "labapp_write"


def default_path() -> Path:
    return Path(user_data_dir("labapp", appauthor=False)) / DEFAULT_FILE_NAME


def _looks_like_url(text: str) -> bool:
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.replace("+", "").isalnum() and len(scheme) > 1


def resolve_url(db: str | os.PathLike[str] | None) -> str:
    """`db` (path or URL), else LABAPP_DB, else the default file; a path becomes a sqlite URL."""
    text = os.fspath(db) if db is not None else os.environ.get(ENV_VAR) or None
    if text is None:
        return URL.create("sqlite", database=str(default_path())).render_as_string()
    if _looks_like_url(text):
        return text
    path = Path(text).expanduser().resolve()
    return URL.create("sqlite", database=str(path)).render_as_string()


def sqlite_path(url: str) -> Path | None:
    """The database file of a file-based SQLite URL, else None (in-memory or a server)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def display_url(url: str) -> str:
    """The URL with any password hidden, for messages and `labapp db info`."""
    return make_url(url).render_as_string(hide_password=True)


def _ensure_folder(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LabappError(
            f"cannot create the database folder {path.parent}: {exc.strerror or exc}; "
            f"choose another location with --db or {ENV_VAR}"
        ) from exc


def make_engine(url: str) -> Engine:
    """An engine for `url`; for SQLite with the pragmas and transaction handling described above."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        try:
            return create_engine(url, pool_pre_ping=True)
        except ModuleNotFoundError as exc:
            raise LabappError(f"no database driver for {display_url(url)}: {exc.name} is not installed") from exc
    path = sqlite_path(url)
    if path is not None:
        _ensure_folder(path)
    engine = create_engine(url, poolclass=NullPool if path is not None else None)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, connection_record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (the pysqlite recipe in SQLAlchemy's docs).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _sqlite_on_begin(conn: Any) -> None:
    mode = "DEFERRED" if conn.get_execution_options().get(WRITE_OPTION) else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")
