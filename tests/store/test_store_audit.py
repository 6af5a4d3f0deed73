"""Automatic capture of audit events, the hash formula, and the refusal of anonymous changes."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from datetime import datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from labapp.services.context import ConflictError, ServiceContext
from labapp.store.audit import AuditError
from labapp.store.audit_event import AuditEvent
from labapp.store.audit_verify import verify_audit_trail
from labapp.store.models import Client, Lot, Preparation, Sample, User


def _events(ctx: ServiceContext) -> list[AuditEvent]:
    with ctx.read_session() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))


def test_flush_without_actor_is_refused_and_writes_nothing(ctx: ServiceContext) -> None:
    with Session(ctx.engine) as session:
        session.add(Client(name="Anonymous Recycling"))
        with pytest.raises(AuditError, match="clients without an actor"):
            session.flush()
    with ctx.read_session() as session, pytest.raises(AuditError):
        session.add(Client(name="Read-only attempt"))
        session.flush()
    with ctx.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM clients")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM audit_events")).scalar() == 0


def test_hash_follows_the_documented_formula(ctx: ServiceContext) -> None:
    """Anyone can re-check the chain: SHA-256 over sorted-key compact JSON of the event content."""
    with ctx.account_unit_of_work("akiko", "new client") as session:
        session.add(Client(name="Hokuriku Recycling K.K.", contact="lab@hokuriku.example"))
    with ctx.account_unit_of_work("akiko") as session:
        session.add(Client(name="Rhein Batterie GmbH"))
    first, second = _events(ctx)
    for event, prev in ((first, "0" * 64), (second, first.hash)):
        content = {
            "seq": event.seq,
            "occurred_at": event.occurred_at.isoformat(timespec="microseconds"),
            "actor": event.actor,
            "action": event.action,
            "entity_type": event.entity_type,
            "entity_id": event.entity_id,
            "old_values": event.old_values,
            "new_values": event.new_values,
            "reason": event.reason,
            "prev_hash": prev,
        }
        expected = hashlib.sha256(
            json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        ).hexdigest()
        assert event.prev_hash == prev
        assert event.hash == expected
    assert first.occurred_at.utcoffset().total_seconds() == 0
    assert json.loads(first.new_values)["name"] == "Hokuriku Recycling K.K."
    assert first.reason == "new client" and second.reason is None


def test_values_are_normalised_by_column_type(ctx: ServiceContext) -> None:
    with ctx.account_unit_of_work("akiko") as session:
        client = Client(name="Normalised")
        session.add(
            Lot(
                code="BM26-0100",
                client=client,
                declared_chemistry="NCM",
                origin="end_of_life",
                registered_by="akiko",
                gross_mass_kg=1250,
            )
        )  # an int for a Float column
    lot_event = [e for e in _events(ctx) if e.entity_type == "lots"][0]
    assert '"gross_mass_kg":1250.0' in lot_event.new_values
    with ctx.engine.connect() as conn:
        assert verify_audit_trail(conn).ok  # the stored REAL gives the same canonical text


def test_naive_datetimes_are_refused(ctx: ServiceContext) -> None:
    with pytest.raises(Exception, match="naive datetime"), ctx.account_unit_of_work("akiko") as session:
        session.add(Client(name="Naive", created_at=datetime(2026, 1, 1, 12, 0)))
        session.flush()


def test_password_hash_enters_the_trail_only_as_its_digest(ctx: ServiceContext) -> None:
    secret = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"
    with ctx.account_unit_of_work("admin") as session:
        session.add(User(username="qa1", full_name="Q. A. Manager", roles="qa_manager", password_hash=secret))
    (event,) = _events(ctx)
    assert secret not in event.new_values
    assert (
        json.loads(event.new_values)["password_hash"]
        == "sha256:" + hashlib.sha256(secret.encode()).hexdigest()
    )


def test_concurrent_edits_are_caught_by_the_version_column(ctx: ServiceContext) -> None:
    """Two editors start from version 1; the second save must fail instead of overwriting the first."""
    with ctx.account_unit_of_work("akiko") as session:
        session.add(Client(name="Contested", contact="first"))
    with ctx.read_session() as session:
        seen_by_a = session.scalars(select(Client)).one()
    with ctx.read_session() as session:
        seen_by_b = session.scalars(select(Client)).one()
    with ctx.account_unit_of_work("editor-b") as session:
        session.add(seen_by_b)
        seen_by_b.contact = "by B"
    expected = (
        f"record clients #{seen_by_a.id} was changed by someone else since you opened it; "
        "reload and try again"
    )
    conflict = pytest.raises(ConflictError, match=f"^{re.escape(expected)}$")
    with conflict, ctx.account_unit_of_work("editor-a") as session:
        session.add(seen_by_a)
        seen_by_a.contact = "by A"
    with ctx.read_session() as session:
        assert session.scalars(select(Client.contact)).one() == "by B"
    events = _events(ctx)
    assert [e.action for e in events] == ["create", "update"]
    assert json.loads(events[1].old_values) == {"contact": "first", "version": 1}
    assert json.loads(events[1].new_values) == {"contact": "by B", "version": 2}


def test_two_writers_append_to_one_chain(db_path) -> None:
    """Writers on separate connections interleave; BEGIN IMMEDIATE keeps a single, unforked chain."""
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        context = ServiceContext(str(db_path))
        try:
            barrier.wait()
            for i in range(15):
                with context.account_unit_of_work(name) as session:
                    session.add(Client(name=f"{name}-{i}"))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            context.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("alpha", "beta")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)  # a generous guard so that a lock-up fails instead of hanging the suite
    assert not any(t.is_alive() for t in threads), "writers locked up"
    assert errors == []
    checker = ServiceContext(str(db_path))
    with checker.engine.connect() as conn:
        report = verify_audit_trail(conn)
        assert conn.execute(select(func.count()).select_from(AuditEvent)).scalar() == 30
    checker.close()
    assert report.ok, [str(p) for p in report.problems]
    assert report.head_seq == 30


def test_orphan_removed_from_a_collection_is_recorded_as_deleted(ctx: ServiceContext) -> None:
    """delete-orphan cascades only appear inside the flush; they must still get their event."""
    with ctx.account_unit_of_work("akiko") as session:
        lot = Lot(
            code="BM26-0200",
            client=Client(name="Orphans"),
            declared_chemistry="LFP",
            origin="production_scrap",
            registered_by="akiko",
        )
        sample = Sample(moisture_pct=2.0)
        sample.preparations = [Preparation(label="BM26-0200", kind="pellet", technique="XRF")]
        lot.samples.append(sample)
        session.add(lot)
    with ctx.account_unit_of_work("akiko", "pellet cracked") as session:
        sample = session.scalars(select(Sample)).one()
        sample.preparations.remove(sample.preparations[0])
    last = _events(ctx)[-1]
    assert (last.action, last.entity_type, last.reason) == ("delete", "preparations", "pellet cracked")
    assert json.loads(last.old_values)["label"] == "BM26-0200"
    with ctx.engine.connect() as conn:
        assert verify_audit_trail(conn).ok
