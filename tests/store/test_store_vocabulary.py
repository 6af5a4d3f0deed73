"""Workflow states and other words are stored by value and read back into their type (VocabularyText).

The column stays the VARCHAR it always was (no migration: every stored value is unchanged), the audit
trail records the value text, and a text that is no word of the vocabulary is refused on assignment.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text

from labapp.services.context import ServiceContext
from labapp.store.audit_event import AuditEvent
from labapp.store.audit_verify import verify_audit_trail
from labapp.store.base import VocabularyText
from labapp.store.models import Base, Client, Lot
from labapp.store.states import STATES, LotState


def _lot(code: str, **extra: object) -> Lot:
    return Lot(
        code=code,
        client=Client(name=f"Client of {code}"),
        declared_chemistry="NCM",
        origin="end_of_life",
        registered_by="akiko",
        **extra,
    )


def test_a_state_is_stored_as_its_value_and_read_back_as_the_member(ctx: ServiceContext) -> None:
    with ctx.account_unit_of_work("akiko") as session:
        session.add(_lot("BM26-0300"))
        session.add(_lot("BM26-0301", state="approved"))  # a value text is read into the type at once
    with ctx.read_session() as session:
        states = dict(session.execute(select(Lot.code, Lot.state).order_by(Lot.code)).all())
        assert states == {"BM26-0300": LotState.REGISTERED, "BM26-0301": LotState.APPROVED}
        assert all(type(s) is LotState for s in states.values())
        approved = session.scalars(select(Lot.code).where(Lot.state == LotState.APPROVED)).all()
        assert approved == ["BM26-0301"]
    with ctx.engine.connect() as conn:
        raw = dict(conn.execute(text("SELECT code, state FROM lots ORDER BY code")).all())
        assert raw == {"BM26-0300": "registered", "BM26-0301": "approved"}
        assert all(type(v) is str for v in raw.values())
        assert verify_audit_trail(conn).ok
    with ctx.read_session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "lots")).first()
        assert json.loads(event.new_values)["state"] == "registered"


def test_an_unknown_state_is_refused_when_it_is_set() -> None:
    lot = _lot("BM26-0302")
    with pytest.raises(ValueError, match="unknown LotState 'released'; use one of registered, approved"):
        lot.state = "released"
    lot.state = "certified"
    assert lot.state is LotState.CERTIFIED


def test_every_vocabulary_column_keeps_its_varchar_and_every_state_fits() -> None:
    columns = [
        c
        for table in Base.metadata.tables.values()
        for c in table.columns
        if isinstance(c.type, VocabularyText)
    ]
    assert {f"{c.table.name}.{c.name}" for c in columns} >= {
        "instrument_runs.state",
        "lots.state",
        "certificates.state",
        "certificate_numbers.state",
        "lot_gradings.status",
        "lot_gradings.rule_kind",
        "qc_outcomes.outcome",
        "results.qc_state",
        "calculations.verdict",
        "criteria_sets.kind",
        "criteria_sets.status",
        "panel_tests.state",
        "panel_tests.kind",
    }
    for column in columns:
        assert max(len(v) for v in column.type.vocabulary.values()) <= column.type.impl.length, column
    assert {s.__name__ for s in STATES} == {
        "RunState", "LotState", "CertificateState", "NumberState", "PanelTestState"
    }
