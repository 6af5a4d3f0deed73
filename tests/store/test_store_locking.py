"""Waiting for the write lock: SQLite's BEGIN retry, PostgreSQL's advisory lock for writers only."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import select, text

from labapp.core.errors import LabappError
from labapp.services.context import ServiceContext
from labapp.store.audit import PG_CHAIN_LOCK
from labapp.store.database import begin_with_retry
from labapp.store.parties import Client

PAUSES = (0.02, 0.05, 0.1, 0.2, 0.4)


def _no_wait(path: Path) -> sqlite3.Connection:
    """A connection whose busy handler gives up at once, so only the retry loop can wait."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=0, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 0")
    return conn


def test_begin_immediate_is_retried_until_the_other_writer_commits(db_path: Path) -> None:
    holder, waiter = _no_wait(db_path), _no_wait(db_path)
    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        waiter.execute("BEGIN IMMEDIATE")  # without the retry: refused at once
    release = threading.Timer(0.05, holder.execute, args=("COMMIT",))
    release.start()
    begin_with_retry(waiter, "BEGIN IMMEDIATE", PAUSES)
    release.join()
    assert waiter.in_transaction
    waiter.execute("COMMIT")


def test_a_lock_held_past_every_retry_is_one_clear_message(db_path: Path) -> None:
    holder, waiter = _no_wait(db_path), _no_wait(db_path)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(LabappError, match=r"^the database is busy: another program kept it locked"):
            begin_with_retry(waiter, "BEGIN IMMEDIATE", PAUSES)
        assert not waiter.in_transaction
    finally:
        holder.execute("ROLLBACK")


def test_other_errors_are_not_retried(tmp_path: Path) -> None:
    conn = _no_wait(tmp_path / "x.sqlite")
    with pytest.raises(sqlite3.OperationalError, match="syntax"):
        begin_with_retry(conn, "BEGIN SIDEWAYS", PAUSES)


def _advisory_holders(ctx: ServiceContext) -> int:
    """Sessions other than the asking one that hold the chain lock (pg_locks, granted)."""
    query = text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
        "AND ((classid::bigint << 32) | objid::bigint) = :key AND pid <> pg_backend_pid()"
    )
    with ctx.engine.connect() as conn:
        return conn.execute(query, {"key": PG_CHAIN_LOCK}).scalar_one()


def test_postgresql_writers_hold_the_chain_lock_from_their_first_statement(pg_ctx: ServiceContext) -> None:
    ctx = pg_ctx
    with ctx.read_session() as session:
        session.execute(select(Client)).all()
        assert _advisory_holders(ctx) == 0  # readers never block anyone
    with ctx.account_unit_of_work("akiko") as session:
        session.execute(select(Client)).all()  # a read only, before any flush
        assert _advisory_holders(ctx) == 1
    assert _advisory_holders(ctx) == 0  # released at commit
