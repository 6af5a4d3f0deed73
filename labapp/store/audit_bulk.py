"""Many audited rows in one statement, each with the audit event the ORM path would have written.

A calculation stores thousands of result rows and QC outcomes; one ORM object per row (built, flushed,
snapshotted) cost more than the calculation itself. `insert_audited` writes them with one
``INSERT ... RETURNING id`` (executemany) on the session's own connection and `delete_audited` removes
rows with one ``DELETE ... RETURNING``. Their audit events are built from the same values with the
same function as the ORM path's (`labapp.store.audit.canonical_row`), so the trail holds the same
bytes in the same order:

- created rows wait in ``session.info`` and join the next flush's create events, sorted with the ORM's
  own new records by (table order, id), as if they had been added to the session; a commit without
  such a flush appends them first (`_before_commit`), so a row never lacks its event;
- deleted rows are appended at once, newest table and id first, as a flush of ORM deletions does;
  their old values are what the statement removed (RETURNING), not what was read earlier.

Rows and events share the unit of work's transaction: a failure anywhere rolls both back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, delete, event, func, insert, select
from sqlalchemy.orm import Session

from labapp.store.audit import (
    ACTOR_KEY,
    BULK_CREATED_KEY,
    REASON_KEY,
    AuditError,
    Change,
    append_events,
    audited_columns,
    canonical_row,
)
from labapp.store.base import Base, VocabularyText, is_audited

BULK_TABLES_KEY = "labapp.audit.bulk_tables"  # tables written here, for the change notices


def insert_audited(session: Session, cls: type[Base], rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert `rows` (attribute name -> value, as the class's constructor takes them) of audited
    class `cls`; returns their new ids in the order given. Defaults, vocabulary words and the first
    version are filled in as the ORM fills them."""
    if not rows:
        return []
    table, actor = _audited_table(session, cls)
    ready = _complete(cls, rows)
    ids = _insert(session.connection(), table, ready)
    if len(ids) != len(ready):
        raise AuditError(f"{table.name}: {len(ready)} rows inserted but {len(ids)} ids returned")
    created = session.info.setdefault(BULK_CREATED_KEY, [])
    for new_id, row in zip(ids, ready, strict=True):
        row["id"] = new_id
        created.append(Change("create", table.name, new_id, None, canonical_row(cls, row.__getitem__)))
    session.info.setdefault(BULK_TABLES_KEY, set()).add(table.name)
    return ids


def delete_audited(session: Session, cls: type[Base], *where: ColumnElement[bool]) -> int:
    """Delete the rows of audited class `cls` matching `where`, each deletion an audit event with
    the values it removed; returns how many rows were deleted."""
    table, actor = _audited_table(session, cls)
    columns = [p.columns[0] for p in audited_columns(cls)]
    keys = {p.key: p.columns[0].name for p in audited_columns(cls)}
    removed = session.connection().execute(delete(table).where(*where).returning(*columns)).all()
    if not removed:
        return 0
    changes = []
    for row in removed:
        values = row._mapping
        old = canonical_row(cls, lambda key, v=values: v[keys[key]])
        changes.append(Change("delete", table.name, old["id"], old, None))
    changes.sort(key=lambda c: c.entity_id, reverse=True)
    append_events(session.connection(), actor, session.info.get(REASON_KEY), changes)
    session.info.setdefault(BULK_TABLES_KEY, set()).add(table.name)
    return len(changes)


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert `rows`, returning their ids in the order given.

    PostgreSQL: ``INSERT ... RETURNING`` in batches, ids matched to rows by SQLAlchemy's sorted
    RETURNING. SQLite cannot promise RETURNING's order, and SQLAlchemy then sends one statement per
    row; there the unit of work holds the database's write lock (BEGIN IMMEDIATE), the tables are
    AUTOINCREMENT (an id is never below one handed out before) and one executemany inserts in order,
    so the new ids are exactly those above the largest id before the insert, in the rows' order."""
    if conn.dialect.name != "sqlite":
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        return list(conn.execute(statement, rows).scalars())
    if not table.dialect_options["sqlite"]["autoincrement"]:
        raise TypeError(f"{table.name}: bulk inserts on SQLite need an AUTOINCREMENT id")
    before = conn.execute(select(func.max(table.c.id))).scalar() or 0
    conn.execute(insert(table), rows)
    return list(conn.execute(select(table.c.id).where(table.c.id > before).order_by(table.c.id)).scalars())


def take_created(session: Session) -> list[Change]:
    """The create events of rows inserted since the last flush (`labapp.store.audit` merges them)."""
    return session.info.pop(BULK_CREATED_KEY, [])


def _audited_table(session: Session, cls: type[Base]) -> tuple[Any, str]:
    if not is_audited(cls):
        raise TypeError(f"{cls.__name__} is not an audited record")
    actor = session.info.get(ACTOR_KEY)
    if not actor:
        raise AuditError(f"refused: change to {cls.__tablename__} without an actor for the audit trail")
    return cls.__table__, actor


def _complete(cls: type[Base], rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every column but the id in every row: given values (vocabulary words parsed, as the ORM's
    attribute events parse them), else the column's Python default (a callable is called once: one
    moment for the whole statement), else None; version 1 (the ORM's first version)."""
    table = cls.__table__
    if any(p.key != p.columns[0].key for p in audited_columns(cls)):
        raise TypeError(f"{cls.__name__}: attribute names differ from column names")
    fill: dict[str, Any] = {}
    parsers = {}
    for column in table.columns:
        if column.key in ("id", "version"):
            continue
        if column.server_default is not None:
            raise TypeError(f"{table.name}.{column.key}: a server default is not supported here")
        default = column.default
        if default is None:
            fill[column.key] = None
        elif default.is_callable:
            fill[column.key] = default.arg(None)
        elif default.is_scalar:
            fill[column.key] = default.arg
        else:
            raise TypeError(f"{table.name}.{column.key}: only Python defaults are supported here")
        if isinstance(column.type, VocabularyText):
            parsers[column.key] = column.type.vocabulary.parse
    unknown = {key for row in rows for key in row} - set(fill)
    if unknown:
        raise TypeError(f"{table.name} has no column(s) {', '.join(sorted(unknown))}")
    ready = []
    for row in rows:
        values = {**fill, **row, "version": 1}
        for key, parse in parsers.items():
            if values[key] is not None:
                values[key] = parse(values[key])
        ready.append(values)
    return ready


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    """Created rows whose events no flush has written yet: flush pending records first (the events
    then join in the ORM's order), and append what is still waiting."""
    if not session.info.get(BULK_CREATED_KEY):
        return
    session.flush()
    waiting = take_created(session)
    if waiting:
        append_events(session.connection(), session.info[ACTOR_KEY], session.info.get(REASON_KEY), waiting)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    """Rolled-back rows have no events to write."""
    session.info.pop(BULK_CREATED_KEY, None)
    session.info.pop(BULK_TABLES_KEY, None)
