"""What an insider with write access to the database does, using labapp's own functions
(tests/services/test_insider_attacks.py, test_insider_demo.py)."""

from __future__ import annotations

import json
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from labapp.core.canonical import sha256_hex
from labapp.security.record_key import RecordKey
from labapp.security.signatures import seal_signature
from labapp.services.workflow import signing
from labapp.store.audit import bind_actor, event_hash
from labapp.store.audit_event import GENESIS_HASH, AuditEvent
from labapp.store.audit_verify import verify_audit_trail
from labapp.store.base import Base, UTCDateTime
from labapp.store.canonical import canonical_json
from labapp.store.lots import Lot
from labapp.store.records import Signature
from labapp.store.results import Result
from labapp.store.runs import InstrumentRun

FORGED = 62.0  # BM26-0001 Ni, signed as 56.1 wt %


def reportable(session: Session, lot: str = "BM26-0001", element: str = "Ni") -> Result:
    query = (
        select(Result).join(Lot, Lot.id == Result.lot_id).where(Lot.code == lot, Result.element == element)
    )
    return session.scalars(query.where(Result.reportable.is_(True))).one()


def _run(session: Session) -> InstrumentRun:
    return session.scalars(select(InstrumentRun)).one()


def _rehash_from(conn, first: int) -> None:
    """Recompute prev_hash and hash of every event from `first` to the head, with labapp's formula."""
    table = AuditEvent.__table__
    prev = conn.execute(select(table.c.hash).where(table.c.seq == first - 1)).scalar() or GENESIS_HASH
    for row in conn.execute(select(table).where(table.c.seq >= first).order_by(table.c.seq)).mappings().all():
        event = {**row, "prev_hash": prev}
        prev = event_hash(event)
        conn.execute(
            update(table).where(table.c.seq == row["seq"]).values(prev_hash=event["prev_hash"], hash=prev)
        )


def rewrite_result_signatures_and_chain(
    engine: Engine, lot: str = "BM26-0001", element: str = "Ni", value: float = FORGED
) -> int:
    """Change the result, recompute the run's signed SHA-256 into its signatures, rewrite the events
    that recorded the old values and rehash the chain from the first touched event; returns that seq."""
    events = AuditEvent.__table__
    with Session(engine) as session, session.begin():
        conn = session.connection()
        target = reportable(session, lot, element)
        result_id, run_id = target.id, target.run_id
        conn.execute(update(Result.__table__).where(Result.__table__.c.id == result_id).values(value=value))
        session.expire_all()
        digest = sha256_hex(signing.run_content(session, session.get(InstrumentRun, run_id)))
        signature_ids = [s.id for s in signing.run_signatures(session, run_id)]
        conn.execute(
            update(Signature.__table__)
            .where(Signature.__table__.c.id.in_(signature_ids))
            .values(content_sha256=digest)
        )
        touched = []
        query = select(events).where(
            ((events.c.entity_type == "results") & (events.c.entity_id == result_id))
            | ((events.c.entity_type == "signatures") & events.c.entity_id.in_(signature_ids))
        )
        for row in conn.execute(query).mappings().all():
            new = json.loads(row["new_values"])
            new.update({"value": value} if row["entity_type"] == "results" else {"content_sha256": digest})
            conn.execute(
                update(events).where(events.c.seq == row["seq"]).values(new_values=canonical_json(new))
            )
            touched.append(row["seq"])
        first = min(touched)
        _rehash_from(conn, first)
    return first


def forge_through_the_orm(engine: Engine, repoint: bool) -> None:
    """As "qa" through the ORM (the audit listeners append honest-looking events): change the result
    and re-point the run's signatures at the new content, or (`repoint` False, where signatures are
    append-only) add a forged approval carrying the genuine approval's seal."""
    with Session(engine) as session:
        bind_actor(session, "qa", "transcription error corrected")
        result = reportable(session)
        result.value = FORGED
        session.flush()
        run = _run(session)
        digest = sha256_hex(signing.run_content(session, run))
        genuine = signing.run_signatures(session, run.id)
        if repoint:
            for signature in genuine:
                signature.content_sha256 = digest
        else:
            approval = genuine[-1]
            session.add(
                Signature(
                    **{name: getattr(approval, name) for name in (*_COPIED, "seal")},
                    content_sha256=digest,
                    signed_at=approval.signed_at,
                )
            )
        session.commit()


_COPIED = (
    "user_id",
    "username",
    "printed_name",
    "entity_type",
    "entity_id",
    "action",
    "meaning",
    "reason",
    "acknowledgement",
    "acknowledged_problems",
    "signed_at_utc",
    "local_offset",
)


def undo_tail(engine: Engine, first: int) -> None:
    """Roll back every event from `first` on together with what it did: created rows deleted, updated
    rows restored to their old values; then the events themselves deleted."""
    events = AuditEvent.__table__
    tables = Base.metadata.tables
    with engine.begin() as conn:
        tail = conn.execute(select(events).where(events.c.seq >= first).order_by(events.c.seq.desc()))
        for row in tail.mappings().all():
            if row["entity_type"] not in tables or row["entity_id"] is None:
                continue
            table = tables[row["entity_type"]]
            where = table.c.id == row["entity_id"]
            if row["action"] == "create":
                conn.execute(delete(table).where(where))
            elif row["old_values"] and row["new_values"]:
                conn.execute(
                    update(table).where(where).values(**_typed(table, json.loads(row["old_values"])))
                )
        conn.execute(delete(events).where(events.c.seq >= first))


def _typed(table, values: dict) -> dict:
    return {
        name: datetime.fromisoformat(value)
        if isinstance(table.c[name].type, UTCDateTime) and value
        else value
        for name, value in values.items()
    }


def _chain_alone_is_fooled(engine: Engine) -> None:
    with engine.connect() as conn:
        report = verify_audit_trail(conn)
    assert report.ok, report.problems


def chain_alone_is_fooled(engine: Engine) -> None:
    """The chain check by itself (what `audit verify` was before checkpoints) finds nothing."""
    with engine.connect() as conn:
        report = verify_audit_trail(conn)
    assert report.ok, report.problems


def reseal_run_signatures(engine: Engine, key: RecordKey, strip: bool = False) -> list[int]:
    """As an insider who also reads the record key: reseal every run signature (after a rewrite) with
    labapp's own seal function, and with `strip` remove the personal-key signature first, as if the
    signer had none; the events that recorded the rows are rewritten and the chain rehashed to match.
    Returns the ids of the rows that carried a personal-key signature."""
    table, events = Signature.__table__, AuditEvent.__table__
    keyed = []
    with engine.begin() as conn:
        rows = conn.execute(select(table).where(table.c.entity_type == signing.RUN_ENTITY)).mappings().all()
        touched = []
        for row in rows:
            values = dict(row)
            if values["key_signature"]:
                keyed.append(values["id"])
                if strip:
                    values.update(key_signature=None, signer_fingerprint=None)
            holder = SimpleNamespace(**values)
            seal_signature(holder, key)
            changed = {
                name: getattr(holder, name) for name in ("seal", "key_signature", "signer_fingerprint")
            }
            conn.execute(update(table).where(table.c.id == values["id"]).values(**changed))
            for event in conn.execute(
                select(events).where(events.c.entity_type == "signatures", events.c.entity_id == values["id"])
            ).mappings():
                new = {**json.loads(event["new_values"]), **changed}
                conn.execute(
                    update(events).where(events.c.seq == event["seq"]).values(new_values=canonical_json(new))
                )
                touched.append(event["seq"])
        _rehash_from(conn, min(touched))
    return keyed
