"""Automatic, hash-chained audit events for every change to an audited record.

Rules
- A flush that creates, changes or deletes an audited record (labapp.store.base.Audited) needs an
  actor in ``session.info`` (set by `bind_actor`); without one the flush is refused.
- `before_flush` captures the old values (loading them if needed); `after_flush` knows the new
  primary keys and versions and appends one event per record on the flush's own connection, so
  records and their events commit or roll back together.
- Each event's hash is SHA-256 over the canonical JSON of its content and the previous hash.
- Appends are serialised: on SQLite the unit of work opens with BEGIN IMMEDIATE (the database
  write lock is held before the chain head is read); on PostgreSQL a transaction-scoped advisory
  lock is taken before the head is read. `seq` is assigned here and is the primary key, so even
  an unserialised second writer collides instead of forking the chain.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Connection, event, insert, inspect, select
from sqlalchemy.orm import Session

from labapp.core.errors import LabappError
from labapp.store.audit_event import GENESIS_HASH, AuditEvent
from labapp.store.base import Base, is_audited, utcnow
from labapp.store.canonical import (
    canonical_json,
    canonical_typed,
    canonical_value,
    column_python_type,
    sha256_hex,
)

ACTOR_KEY = "labapp.audit.actor"
REASON_KEY = "labapp.audit.reason"
ACTION_KEY = "labapp.audit.action"
_PENDING_KEY = "labapp.audit.pending"
BULK_CREATED_KEY = "labapp.audit.bulk_created"  # rows inserted by labapp.store.audit_bulk, events to come
PG_CHAIN_LOCK = 0x1AB_A0D1  # arbitrary constant key for pg_advisory_xact_lock


class AuditError(LabappError):
    """A change that the audit rules refuse (no actor, empty reason where one is required)."""


@dataclass(frozen=True)
class Change:
    action: str
    entity_type: str
    entity_id: int | None
    old: dict[str, Any] | None
    new: dict[str, Any] | None


def bind_actor(session: Session, actor: str, reason: str | None = None, action: str | None = None) -> None:
    """Name who is changing records in this session (and optionally why, and a named action
    such as "approve" that replaces "update" in the events of this session)."""
    if not actor or not actor.strip():
        raise AuditError("an actor (user name) is required to change records")
    session.info[ACTOR_KEY] = actor.strip()
    session.info[REASON_KEY] = reason
    session.info[ACTION_KEY] = action


@cache
def audited_columns(cls: type) -> tuple[Any, ...]:
    """Column properties that enter event values, in table order (blobs excluded)."""
    table_order = {c.key: i for i, c in enumerate(cls.__table__.columns)}
    props = [p for p in inspect(cls).column_attrs if p.columns[0].info.get("audit") != "exclude"]
    return tuple(sorted(props, key=lambda p: table_order.get(p.columns[0].key, 0)))


@cache
def _row_plan(cls: type) -> tuple[tuple[str, str, Any, type | None, bool], ...]:
    """(column name, attribute key, column, Python type, redacted) per audited column, looked up once
    per class: every stored row of a calculation is snapshotted for its audit event."""
    redact = getattr(cls, "__audit_redact__", frozenset())
    return tuple(
        (p.columns[0].name, p.key, p.columns[0], column_python_type(p.columns[0]), p.key in redact)
        for p in audited_columns(cls)
    )


def canonical_row(cls: type, get: Any) -> dict[str, Any]:
    """Canonical values of one record; `get(key)` returns the raw value of mapped attribute `key`."""
    row: dict[str, Any] = {}
    for name, key, column, python_type, redact in _row_plan(cls):
        value = get(key)
        if value is None:
            row[name] = None
        elif redact or python_type is None or isinstance(value, bytes | bytearray | memoryview):
            row[name] = canonical_value(column, value, redact=redact)
        else:
            row[name] = canonical_typed(python_type, value)
    return row


def _snapshot(obj: Base) -> dict[str, Any]:
    return canonical_row(type(obj), lambda key: getattr(obj, key))


def _committed_snapshot(obj: Base) -> dict[str, Any]:
    state = inspect(obj)

    def committed(key: str) -> Any:
        history = state.attrs[key].load_history()
        if history.deleted:
            return history.deleted[0]
        if history.unchanged:
            return history.unchanged[0]
        return getattr(obj, key) if not history.added else None

    return canonical_row(type(obj), committed)


@dataclass
class _Pending:
    """Old values captured before the flush writes: what an update or delete event records as old."""

    kind: str  # "update" or "delete"
    entity_type: str
    entity_id: int
    old: dict[str, Any]


def _capture(kind: str, obj: Any) -> _Pending:
    return _Pending(kind, obj.__tablename__, obj.id, _committed_snapshot(obj))


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    touched = [o for group in (session.new, session.dirty, session.deleted) for o in group if is_audited(o)]
    session.info.pop(_PENDING_KEY, None)
    if not touched:
        return
    _require_actor(session, sorted({type(o).__tablename__ for o in touched}))
    pending: dict[Any, _Pending] = {}
    with session.no_autoflush:
        for obj in session.dirty:
            if is_audited(obj) and session.is_modified(obj, include_collections=False):
                pending[inspect(obj)] = _capture("update", obj)
        for obj in session.deleted:
            if is_audited(obj):
                pending[inspect(obj)] = _capture("delete", obj)
    session.info[_PENDING_KEY] = pending
    _serialise_appends(session.connection())


@event.listens_for(Base, "before_delete", propagate=True)
def _before_delete(mapper: Any, connection: Connection, target: Any) -> None:
    """Catch deletes that only appear during the flush (delete-orphan cascades)."""
    session = inspect(target).session
    if session is None or not is_audited(target):
        return
    _require_actor(session, [target.__tablename__])
    pending = session.info.setdefault(_PENDING_KEY, {})
    entry = pending.get(inspect(target))
    if entry is None or entry.kind != "delete":
        pending[inspect(target)] = _capture("delete", target)


def _require_actor(session: Session, tables: list[str]) -> None:
    if not session.info.get(ACTOR_KEY):
        raise AuditError(f"refused: change to {', '.join(tables)} without an actor for the audit trail")


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, flush_context: Any) -> None:
    pending: dict[Any, _Pending] | None = session.info.pop(_PENDING_KEY, None)
    if pending is None:
        return
    changes = _creates(session)
    update_action = session.info.get(ACTION_KEY) or "update"
    for obj in _ordered(session.dirty):
        entry = pending.get(inspect(obj))
        if entry is not None and entry.kind == "update":
            change = _update(obj, entry.old, update_action)
            if change is not None:
                changes.append(change)
    order = _table_order()
    deletes = sorted(
        (e for e in pending.values() if e.kind == "delete"),
        key=lambda e: (order[e.entity_type], e.entity_id),
        reverse=True,
    )
    changes.extend(Change("delete", e.entity_type, e.entity_id, e.old, None) for e in deletes)
    if changes:
        append_events(session.connection(), session.info[ACTOR_KEY], session.info.get(REASON_KEY), changes)


def _table_order() -> dict[str, int]:
    """Tables in dependency order, sorted again only when a model was added (sorting them three times
    per flush was a tenth of the audit trail's time in `labapp demo`)."""
    count = len(Base.metadata.tables)
    if _TABLE_ORDER.get("count") != count:
        _TABLE_ORDER["count"] = count
        _TABLE_ORDER["order"] = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    return _TABLE_ORDER["order"]


_TABLE_ORDER: dict[str, Any] = {}


def _ordered(objects: Iterable[Any]) -> list[Any]:
    order = _table_order()
    audited = [o for o in objects if is_audited(o)]
    return sorted(audited, key=lambda o: (order[o.__tablename__], o.id or 0))


def _creates(session: Session) -> list[Change]:
    """Create events of the flush's new records and of rows inserted in bulk since the last flush
    (labapp.store.audit_bulk), in one order: table order, then id, as if all had been ORM records."""
    order = _table_order()
    created = [((order[o.__tablename__], o.id or 0), _create(o)) for o in _ordered(session.new)]
    created += [((order[c.entity_type], c.entity_id or 0), c) for c in session.info.pop(BULK_CREATED_KEY, [])]
    return [change for _, change in sorted(created, key=lambda item: item[0])]


def _create(obj: Any) -> Change:
    return Change("create", obj.__tablename__, obj.id, None, _snapshot(obj))


def _update(obj: Any, old_full: dict[str, Any], action: str) -> Change | None:
    new_full = _snapshot(obj)
    keys = [k for k in new_full if old_full.get(k) != new_full[k]]
    if not keys:
        return None
    return Change(
        action, obj.__tablename__, obj.id, {k: old_full.get(k) for k in keys}, {k: new_full[k] for k in keys}
    )


def _serialise_appends(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_CHAIN_LOCK})")


def event_hash(row: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of an event's content, including the previous hash."""
    return _event_hash(row, canonical_value(AuditEvent.__table__.c.occurred_at, row["occurred_at"]))


def _event_hash(row: dict[str, Any], occurred_at: str) -> str:
    """`event_hash` with the moment already in its canonical form (one per appended batch)."""
    content = {
        "seq": row["seq"],
        "occurred_at": occurred_at,
        "actor": row["actor"],
        "action": row["action"],
        "entity_type": row["entity_type"],
        "entity_id": row["entity_id"],
        "old_values": row["old_values"],
        "new_values": row["new_values"],
        "reason": row["reason"],
        "prev_hash": row["prev_hash"],
    }
    return sha256_hex(canonical_json(content))


def append_events(conn: Connection, actor: str, reason: str | None, changes: list[Change]) -> int:
    """Append `changes` to the chain on `conn`; returns the seq of the last event written."""
    _serialise_appends(conn)
    table = AuditEvent.__table__
    head = conn.execute(select(table.c.seq, table.c.hash).order_by(table.c.seq.desc()).limit(1)).first()
    seq, prev = (head[0], head[1]) if head else (0, GENESIS_HASH)
    now = utcnow()
    occurred_at = canonical_value(table.c.occurred_at, now)
    rows = []
    for change in changes:
        seq += 1
        row = {
            "seq": seq,
            "occurred_at": now,
            "actor": actor,
            "action": change.action,
            "entity_type": change.entity_type,
            "entity_id": change.entity_id,
            "old_values": None if change.old is None else canonical_json(change.old),
            "new_values": None if change.new is None else canonical_json(change.new),
            "reason": reason,
            "prev_hash": prev,
        }
        row["hash"] = prev = _event_hash(row, occurred_at)
        rows.append(row)
    conn.execute(insert(table), rows)
    return seq


def record_event(
    session: Session,
    action: str,
    entity_type: str,
    entity_id: int | None,
    detail: dict[str, Any] | None = None,
) -> int:
    """Append a named event that changes no record (e.g. a failed login, an export) to the chain."""
    actor = session.info.get(ACTOR_KEY)
    if not actor:
        raise AuditError(f"refused: event {action!r} without an actor for the audit trail")
    change = Change(action, entity_type, entity_id, None, None if detail is None else dict(detail))
    return append_events(session.connection(), actor, session.info.get(REASON_KEY), [change])
