"""Use cases over the audit trail: verify the chain and the records, read the log."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from labapp.core.errors import LabappError
from labapp.services.context import ServiceContext
from labapp.store.audit_event import AuditEvent
from labapp.store.audit_verify import AuditProblem, AuditReport, verify_audit_trail
from labapp.store.models import audited_classes

__all__ = ["AuditEntry", "AuditProblem", "AuditReport", "audit_log", "verify_audit"]


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    occurred_at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: int | None
    old_values: dict[str, Any] | None
    new_values: dict[str, Any] | None
    reason: str | None
    hash: str


def verify_audit(ctx: ServiceContext) -> AuditReport:
    """Check the hash chain and every audited row against it, in one read transaction."""
    with ctx.engine.connect() as conn, conn.begin():
        return verify_audit_trail(conn)


def entity_types() -> list[str]:
    return sorted(cls.__tablename__ for cls in audited_classes())


def _parse_entity(entity: str) -> tuple[str, int | None]:
    name, _, ident = entity.partition(":")
    known = entity_types()
    name = name.strip()
    if name not in known and f"{name}s" in known:
        name = f"{name}s"
    if name not in known:
        raise LabappError(f"unknown entity {name!r}: use one of {', '.join(known)} (optionally TYPE:ID)")
    if not ident:
        return name, None
    if not ident.strip().isdigit():
        raise LabappError(f"entity id {ident!r} is not a number (use TYPE:ID, e.g. lots:3)")
    return name, int(ident)


def audit_log(ctx: ServiceContext, entity: str | None = None, limit: int = 50) -> list[AuditEntry]:
    """The newest `limit` events, oldest first; `entity` is a type ("lots") or "TYPE:ID"."""
    if limit < 1:
        raise LabappError("--limit must be at least 1")
    query = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(limit)
    if entity:
        name, ident = _parse_entity(entity)
        query = query.where(AuditEvent.entity_type == name)
        if ident is not None:
            query = query.where(AuditEvent.entity_id == ident)
    with ctx.read_session() as session:
        events = list(session.scalars(query))
    return [_entry(ev) for ev in reversed(events)]


def _entry(ev: AuditEvent) -> AuditEntry:
    return AuditEntry(
        seq=ev.seq, occurred_at=ev.occurred_at, actor=ev.actor, action=ev.action,
        entity_type=ev.entity_type, entity_id=ev.entity_id,
        old_values=json.loads(ev.old_values) if ev.old_values else None,
        new_values=json.loads(ev.new_values) if ev.new_values else None,
        reason=ev.reason, hash=ev.hash,
    )
