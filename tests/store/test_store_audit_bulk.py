"""Audited rows written in bulk (labapp.store.audit_bulk) leave the trail the ORM path leaves.

Each test writes the same rows once through ORM objects and once with `insert_audited` /
`delete_audited` on the same database (SQLite and PostgreSQL) and compares the audit events: the
same actions, tables and order, and new/old values equal but for the id and the moment of the row.
The chain must verify, and a failure inside the unit of work must leave neither rows nor events.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from labapp.core.vocabulary import Basis, ElementStatus
from labapp.services.context import ServiceContext
from labapp.store.audit import AuditError
from labapp.store.audit_bulk import delete_audited, insert_audited
from labapp.store.audit_event import AuditEvent
from labapp.store.audit_verify import verify_audit_trail
from labapp.store.models import Client
from labapp.store.results import Result


def _rows(tag: str) -> list[dict]:
    """Result rows with awkward values: an int for a Float column, -0.0, a sum that is not 0.3, a
    vocabulary word as text and as member, non-ASCII text, a JSON text, missing optional columns."""
    return [
        {
            "element": "Ni",
            "value": 3,
            "unit": "wt%",
            "basis": "as_received",
            "method": tag,
            "calculated_by": "akiko",
            "budget_json": json.dumps({"u": 0.1 + 0.2, "label": '試料 Ⅱ "q"'}),
            "qc_state": ElementStatus.OK,
        },
        {
            "element": "Co",
            "value": -0.0,
            "standard_uncertainty": 0.1 + 0.2,
            "unit": "mg/kg",
            "basis": Basis.DRY,
            "reportable": False,
            "method": tag,
            "calculated_by": "akiko",
            "text": "<0.015",
        },
        {"element": "Li", "value": None, "unit": "wt%", "method": tag, "calculated_by": "akiko"},
    ]


def _events(ctx: ServiceContext, after: int = 0) -> list[AuditEvent]:
    with ctx.read_session() as session:
        query = select(AuditEvent).where(AuditEvent.seq > after).order_by(AuditEvent.seq)
        return list(session.scalars(query))


def _head(ctx: ServiceContext) -> int:
    with ctx.read_session() as session:
        return session.scalar(select(func.coalesce(func.max(AuditEvent.seq), 0)))


def _comparable(event: AuditEvent) -> tuple:
    """An event without what differs between two writes of the same rows: ids, moments, the tag
    (and a client's name, which must be unique)."""
    values = {}
    for name in ("old_values", "new_values"):
        text = getattr(event, name)
        data = None if text is None else json.loads(text)
        if isinstance(data, dict):
            data = {
                k: v
                for k, v in data.items()
                if k not in ("id", "calculated_at", "method", "created_at", "name")
            }
        values[name] = data
    return (
        event.action,
        event.entity_type,
        event.actor,
        event.reason,
        values["old_values"],
        values["new_values"],
    )


def _verified(ctx: ServiceContext) -> None:
    with ctx.engine.connect() as conn:
        report = verify_audit_trail(conn)
    assert report.ok, [str(p) for p in report.problems]


def test_bulk_inserts_write_the_events_the_orm_writes_in_its_order(ctx: ServiceContext) -> None:
    with ctx.account_unit_of_work("akiko", "orm") as session:
        session.add_all([Result(**row) for row in _rows("orm")])
        session.add(Client(name="Client of the ORM flush"))  # a table that sorts before results
    start = _head(ctx)
    with ctx.account_unit_of_work("akiko", "orm") as session:
        ids = insert_audited(session, Result, _rows("bulk"))
        session.add(Client(name="Client of the mixed flush"))
        session.flush()
        assert session.get(Result, ids[0]).basis is Basis.AS_RECEIVED
    orm, bulk = _events(ctx)[:start], _events(ctx, start)
    assert [e.entity_type for e in orm] == ["clients", "results", "results", "results"]
    assert [_comparable(e) for e in bulk] == [_comparable(e) for e in orm]
    assert [e.entity_id for e in bulk[1:]] == ids == sorted(ids)
    new = json.loads(bulk[1].new_values)
    assert new["value"] == 3.0 and new["basis"] == "as_received" and new["version"] == 1
    assert new["id"] == ids[0] and json.loads(new["budget_json"])["u"] == 0.1 + 0.2
    assert json.loads(bulk[2].new_values)["value"] == 0.0
    _verified(ctx)  # the stored rows read back to the values the events recorded


def test_a_commit_without_a_flush_still_writes_the_events(ctx: ServiceContext) -> None:
    with ctx.account_unit_of_work("akiko") as session:
        ids = insert_audited(session, Result, _rows("alone"))
    events = _events(ctx)
    assert [(e.action, e.entity_id) for e in events] == [("create", i) for i in ids]
    _verified(ctx)


def test_bulk_deletes_record_what_they_removed_as_the_orm_does(ctx: ServiceContext) -> None:
    with ctx.account_unit_of_work("akiko") as session:
        insert_audited(session, Result, _rows("orm"))
        insert_audited(session, Result, _rows("bulk"))
    with ctx.account_unit_of_work("akiko") as session:  # changed after the insert: old values follow
        for row in session.scalars(select(Result)):
            row.flags = "edited"
    start = _head(ctx)
    with ctx.account_unit_of_work("akiko", "replaced") as session:
        for row in session.scalars(select(Result).where(Result.method == "orm")):
            session.delete(row)
    middle = _head(ctx)
    with ctx.account_unit_of_work("akiko", "replaced") as session:
        assert delete_audited(session, Result, Result.method == "bulk") == 3
    orm, bulk = _events(ctx, start)[: middle - start], _events(ctx, middle)
    assert [e.action for e in bulk] == ["delete"] * 3
    assert [_comparable(e) for e in bulk] == [_comparable(e) for e in orm]
    assert [e.entity_id for e in bulk] == sorted((e.entity_id for e in bulk), reverse=True)
    assert json.loads(bulk[0].old_values)["flags"] == "edited"
    with ctx.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Result)) == 0
    _verified(ctx)


def test_a_failure_in_the_unit_of_work_leaves_no_rows_and_no_events(ctx: ServiceContext) -> None:
    with ctx.account_unit_of_work("akiko") as session:
        insert_audited(session, Result, _rows("kept"))
    head = _head(ctx)
    with pytest.raises(RuntimeError, match="late failure"), ctx.account_unit_of_work("akiko") as session:
        assert delete_audited(session, Result, Result.method == "kept") == 3
        insert_audited(session, Result, _rows("lost"))
        session.add(Client(name="Lost client"))
        session.flush()
        raise RuntimeError("late failure")
    assert _head(ctx) == head
    with ctx.read_session() as session:
        assert set(session.scalars(select(Result.method))) == {"kept"}
        assert session.scalar(select(func.count()).select_from(Client)) == 0
    _verified(ctx)


def test_bulk_writes_need_an_actor_and_known_columns(ctx: ServiceContext) -> None:
    with ctx.read_session() as session, pytest.raises(AuditError, match="results without an actor"):
        insert_audited(session, Result, _rows("anonymous"))
    with ctx.read_session() as session, pytest.raises(AuditError, match="results without an actor"):
        delete_audited(session, Result, Result.method == "anonymous")
    with pytest.raises(TypeError, match="no column"), ctx.account_unit_of_work("akiko") as session:
        insert_audited(session, Result, [{**_rows("x")[0], "colour": "blue"}])
    with pytest.raises(ValueError), ctx.account_unit_of_work("akiko") as session:
        insert_audited(session, Result, [{**_rows("x")[0], "basis": "wet-ish"}])
    assert _head(ctx) == 0
