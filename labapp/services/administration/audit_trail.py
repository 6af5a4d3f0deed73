"""Use cases over the audit trail: verify the chain and the records, read the log."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from labapp.core.errors import LabappError
from labapp.security.checkpoints import Checkpoint, CheckpointReason
from labapp.security.key_signatures import SignerLookup, key_problem
from labapp.security.record_key import RecordKey
from labapp.security.roles import Action
from labapp.security.signatures import seal_problem
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.administration.checkpoint_log import (
    check_against_checkpoints,
    log_path,
    write_checkpoint,
)
from labapp.services.context import ServiceContext
from labapp.services.workflow import signing
from labapp.store.audit_event import AuditEvent
from labapp.store.audit_verify import AuditProblem, AuditReport, verify_audit_trail
from labapp.store.models import audited_classes
from labapp.store.records import Signature
from labapp.store.runs import InstrumentRun

__all__ = [
    "AuditEntry",
    "AuditProblem",
    "AuditReport",
    "audit_actors",
    "audit_log",
    "entity_types",
    "verify_audit",
    "write_checkpoint_now",
]


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


def verify_audit(ctx: ServiceContext, checkpoints: Sequence[str | Path] = ()) -> AuditReport:
    """Check, in one read transaction, the hash chain and every audited row against it, the seal of
    every signature, and the chain against every checkpoint of this database in the laboratory's
    checkpoint log and in the `checkpoints` files given (a rewritten or rolled-back history)."""
    with ctx.engine.connect() as conn, conn.begin():
        report = verify_audit_trail(conn)
        _check_seals(conn, ctx.record_key(), ctx.signer_certificates(), report)
        applied, log = check_against_checkpoints(ctx, conn, report, [Path(p) for p in checkpoints])
    report.checkpoints_checked, report.checkpoint_log = applied, str(log)
    return report


def write_checkpoint_now(ctx: ServiceContext) -> tuple[Checkpoint | None, Path]:
    """Seal the chain head now and append it to the checkpoint log (e.g. before printing it)."""
    return write_checkpoint(ctx, CheckpointReason.MANUAL), log_path(ctx)


def _check_seals(conn: Connection, key: RecordKey, certificates: SignerLookup, report: AuditReport) -> None:
    """Every signature row must carry its seal under the record key (a row rewritten with a new
    content hash, or inserted through the ORM, without the key does not), and a signer's personal-key
    signature where one is due (a row rewritten and resealed by someone holding the record key)."""
    events = AuditEvent.__table__
    last_event = dict(
        conn.execute(
            select(events.c.entity_id, func.max(events.c.seq))
            .where(events.c.entity_type == Signature.__tablename__)
            .group_by(events.c.entity_id)
        ).all()
    )
    runs = InstrumentRun.__table__
    names = {
        run_id: signing.run_label(metadata, file_name)
        for run_id, metadata, file_name in conn.execute(
            select(runs.c.id, runs.c.metadata_json, runs.c.file_name)
        )
    }
    for row in conn.execute(select(Signature.__table__).order_by(Signature.__table__.c.id)):
        why = seal_problem(row, key)
        if why is None and (why := key_problem(row, certificates(row.username))) is not None:
            run = names.get(row.entity_id) if row.entity_type == signing.RUN_ENTITY else None
            why = f"{signing.signed_by(row, run)}: {why}"
        if why is not None:
            entity = f"{Signature.__tablename__} #{row.id}"
            report.problems.append(AuditProblem(last_event.get(row.id), entity, f"signature: {why}"))


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


def audit_log(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    entity: str | None = None,
    limit: int = 50,
    person: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AuditEntry]:
    """The newest `limit` events, oldest first; `entity` is a type ("lots") or "TYPE:ID". Reading the
    trail as a whole needs VIEW_AUDIT (it names everyone's actions and failed log-ins).

    `person` keeps one user's events; `since` (inclusive) and `until` (exclusive) bound the time and
    must be timezone-aware (a local wall-clock time taken for UTC would shift the period silently).
    """
    by.require(Action.VIEW_AUDIT)
    return _events(ctx, entity, limit, person, since, until)


def record_history(ctx: ServiceContext, entity: str, limit: int = 200) -> list[AuditEntry]:
    """The history of one record ("TYPE:ID"), shown with the record to whoever may see the record."""
    if _parse_entity(entity)[1] is None:
        raise LabappError(f"a record's history needs TYPE:ID, not {entity!r}")
    return _events(ctx, entity, limit, None, None, None)


def _events(
    ctx: ServiceContext,
    entity: str | None,
    limit: int,
    actor: str | None,
    since: datetime | None,
    until: datetime | None,
) -> list[AuditEntry]:
    if limit < 1:
        raise LabappError("--limit must be at least 1")
    if since is not None and until is not None and _utc(until) <= _utc(since):
        raise LabappError("the end of the period must be after its start")
    query = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(limit)
    if actor:
        query = query.where(AuditEvent.actor == actor.strip())
    if since is not None:
        query = query.where(AuditEvent.occurred_at >= _utc(since))
    if until is not None:
        query = query.where(AuditEvent.occurred_at < _utc(until))
    if entity:
        name, ident = _parse_entity(entity)
        query = query.where(AuditEvent.entity_type == name)
        if ident is not None:
            query = query.where(AuditEvent.entity_id == ident)
    with ctx.read_session() as session:
        events = list(session.scalars(query))
    return [_entry(ev) for ev in reversed(events)]


def audit_actors(ctx: ServiceContext, by: AuthenticatedUser) -> list[str]:
    """Everyone who appears in the trail (including failed log-ins under a typed name), for a filter list."""
    by.require(Action.VIEW_AUDIT)
    with ctx.read_session() as session:
        return sorted(session.scalars(select(AuditEvent.actor).distinct()))


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise LabappError(f"time {moment.isoformat()} has no time zone: give e.g. {moment.isoformat()}+00:00")
    return moment.astimezone(UTC)


def _entry(ev: AuditEvent) -> AuditEntry:
    return AuditEntry(
        seq=ev.seq,
        occurred_at=ev.occurred_at,
        actor=ev.actor,
        action=ev.action,
        entity_type=ev.entity_type,
        entity_id=ev.entity_id,
        old_values=json.loads(ev.old_values) if ev.old_values else None,
        new_values=json.loads(ev.new_values) if ev.new_values else None,
        reason=ev.reason,
        hash=ev.hash,
    )
