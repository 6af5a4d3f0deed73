"""Where the database is and how to connect to it.

`--db` or LABAPP_DB may hold a file path (SQLite) or a SQLAlchemy URL; the default is one SQLite
file in the user data directory. SQLite connections get WAL journaling (readers do not block the
writer), enforced foreign keys and a busy timeout, and writes open with BEGIN IMMEDIATE so that a
unit of work holds the write lock from its first statement (this is what serialises audit appends).
SQLite's busy handler already waits up to BUSY_TIMEOUT_MS for the lock; in the few cases where it
answers "database is locked" without waiting (another process recovering the WAL, a checkpoint in
progress), BEGIN is retried a bounded number of times with growing pauses before the error is raised.

PostgreSQL gets the same discipline: a writing transaction first takes the transaction-scoped
advisory lock of the audit chain, so units of work that write are serialised exactly as on SQLite
(no check-then-insert races between workstations, e.g. two approvals of one run: the second sees the
first's result). Readers are never blocked. A writer waits at most PG_LOCK_TIMEOUT for the lock.

Least privilege: a SQLite file this module creates is mode 0600 and a folder it creates 0700 (on
POSIX; SQLite gives its -wal and -shm files the database file's mode), so other accounts on the
workstation can neither read nor change it. Windows: see docs/storage.md for the ACL equivalent.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.pool import NullPool

from labapp.core.errors import LabappError
from labapp.core.remedies import Remedy
from labapp.store.audit import PG_CHAIN_LOCK

ENV_VAR = "LABAPP_DB"
DEFAULT_FILE_NAME = "labapp.sqlite"
BUSY_TIMEOUT_MS = 10_000
WRITE_OPTION = "labapp_write"
PG_LOCK_TIMEOUT = "60s"
BEGIN_RETRY_PAUSES_S = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6)  # 3.15 s of pauses, each after a busy timeout


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


def named_database(db: str | os.PathLike[str] | None) -> bool:
    """Whether the database was named (--db or LABAPP_DB) rather than the default one."""
    return db is not None or bool(os.environ.get(ENV_VAR))


def require_existing(url: str) -> None:
    """A named SQLite file must exist: a typo in --db would otherwise make a new, empty database."""
    path = sqlite_path(url)
    if path is None or path.is_file():
        return
    if path.exists():
        raise LabappError(f"database {path} is a folder, not a database file; check --db or {ENV_VAR}")
    raise LabappError(
        f"database {path} does not exist: {Remedy.CREATE_DATABASE.label()}",
        remedy=Remedy.CREATE_DATABASE,
        subject=str(path),
    )


def connection_error(url: str, exc: Exception) -> LabappError:
    """One line for a database that cannot be opened: which one, what is wrong, what to do."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    reason = lines[0] if lines else type(exc).__name__
    path = sqlite_path(url)
    if path is not None:
        return LabappError(f"database {path} cannot be opened ({reason}): is it a labapp database?")
    return LabappError(
        f"cannot connect to the database {display_url(url)} ({reason}): check that the server is running "
        "and the host, port, user and password in the URL"
    )


def database_identity(url: str) -> str:
    """Which database this is, for audit checkpoints kept outside it: the SQLite file's absolute path,
    or backend://host:port/name of a server (not the user: every workstation role sees one database)."""
    path = sqlite_path(url)
    if path is not None:
        return f"sqlite:{path.resolve()}"
    parsed = make_url(url)
    return f"{parsed.get_backend_name()}://{parsed.host or ''}:{parsed.port or ''}/{parsed.database or ''}"


def _ensure_folder(path: Path) -> None:
    """The folder (0700 when created here) and the file (0600 when created here) of a SQLite database."""
    try:
        if not path.parent.exists():
            path.parent.parent.mkdir(parents=True, exist_ok=True)
            path.parent.mkdir(mode=0o700, exist_ok=True)
        if not path.exists():
            with contextlib.suppress(FileExistsError):  # another process created it meanwhile
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as exc:
        raise LabappError(
            f"cannot create the database folder {path.parent}: {exc.strerror or exc}; "
            f"choose another location with --db or {ENV_VAR}"
        ) from exc


def _parse(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise LabappError(f"not a database path or URL: {url!r}") from exc


def make_engine(url: str) -> Engine:
    """An engine for `url`; for SQLite with the pragmas and transaction handling described above."""
    parsed = _parse(url)
    if parsed.get_backend_name() != "sqlite":
        try:
            engine = create_engine(parsed, pool_pre_ping=True)
        except (ModuleNotFoundError, NoSuchModuleError) as exc:
            hidden = parsed.render_as_string(hide_password=True)
            raise LabappError(f"no database driver for {hidden}: {exc}") from exc
        if parsed.get_backend_name() == "postgresql":
            event.listen(engine, "begin", _postgresql_on_begin)
        return engine
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
    mode = "IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "DEFERRED"
    begin_with_retry(conn.connection.driver_connection, f"BEGIN {mode}")


def _postgresql_on_begin(conn: Any) -> None:
    if not conn.get_execution_options().get(WRITE_OPTION):
        return
    # On the driver connection: it opens the transaction that SQLAlchemy is beginning.
    driver = conn.connection.driver_connection
    driver.execute(f"SET LOCAL lock_timeout = '{PG_LOCK_TIMEOUT}'")
    try:
        driver.execute(f"SELECT pg_advisory_xact_lock({PG_CHAIN_LOCK})")
    except Exception as exc:
        if getattr(exc, "sqlstate", None) != "55P03":  # lock_not_available
            raise
        raise LabappError(
            f"the database is busy: another workstation kept it locked for over {PG_LOCK_TIMEOUT}; try again"
        ) from exc


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def begin_with_retry(
    dbapi_connection: Any, statement: str, pauses: tuple[float, ...] = BEGIN_RETRY_PAUSES_S
) -> None:
    """Run BEGIN on the sqlite3 connection, retrying "database is locked" after each pause in `pauses`."""
    for pause in pauses:
        try:
            dbapi_connection.execute(statement)
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise
            time.sleep(pause)
    try:
        dbapi_connection.execute(statement)
    except sqlite3.OperationalError as exc:
        if not _is_busy(exc):
            raise
        waited = (len(pauses) + 1) * BUSY_TIMEOUT_MS / 1000 + sum(pauses)
        raise LabappError(
            f"the database is busy: another program kept it locked for over {waited:.0f} s; try again"
        ) from exc
