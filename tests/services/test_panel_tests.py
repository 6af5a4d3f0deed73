"""Panel tests through the services: entry (every value audited, whole or nothing), four-eyes
verification, submission into the lot's reportable results. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from accounts import PASSWORD, account
from sqlalchemy import func, select

from labapp.core.errors import LabappError
from labapp.core.vocabulary import Basis, ElementStatus
from labapp.services.administration.audit_trail import audit_log, verify_audit
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import LotInput, register_lot
from labapp.services.panel import (
    PanelWorkflowError,
    enter_test,
    list_tests,
    reject_test,
    submit_test,
    submit_tests,
    verify_test,
    verify_tests,
)
from labapp.store.panel import PanelEntry, PanelTest
from labapp.store.records import Signature
from labapp.store.results import Result
from labapp.store.states import PanelTestState

LOT = LotInput(
    code="BM26-0300",
    client_name="Kanto Cell Recycling",
    declared_chemistry="NCM",
    origin="end_of_life",
    gross_mass_kg=520.0,
    net_wet_mass_kg=498.0,
    received_on=date(2026, 4, 1),
)
MOISTURE = [
    {
        "tare_g": "25.0000",
        "gross_before_g": "35.0000",
        "gross_after_g": "34.7000",
        "temperature_c": "105",
        "time_h": "3",
    },
    {
        "tare_g": "24.0000",
        "gross_before_g": "34.0000",
        "gross_after_g": "33.6900",
        "temperature_c": "104",
        "time_h": "2.5",
    },
]


@pytest.fixture
def lot(ctx: ServiceContext) -> str:
    register_lot(ctx, account(ctx, "tech1"), LOT)
    account(ctx, "tech2")
    account(ctx, "reviewer")
    return LOT.code


def test_entry_stores_each_value_with_unit_resolution_and_its_audit_event(
    ctx: ServiceContext, lot: str
) -> None:
    test = enter_test(ctx, account(ctx, "tech1"), lot, "moisture-105c", MOISTURE)
    assert test.state is PanelTestState.ENTERED and test.entered_by == "tech1"
    (line,) = test.results
    assert line.analyte == "moisture" and line.basis == Basis.AS_RECEIVED.value
    assert line.text.startswith("3.05") and line.failed_checks == ()
    with ctx.read_session() as session:
        entries = session.scalars(select(PanelEntry).where(PanelEntry.test_id == test.id)).all()
        assert len(entries) == 10
        tare = next(e for e in entries if e.field == "tare_g" and e.determination == 1)
        assert (tare.text, tare.value, tare.unit, tare.resolution) == ("25.0000", 25.0, "g", 0.0001)
    events = audit_log(ctx, account(ctx, "reviewer"), limit=500)
    entered = [e for e in events if e.entity_type == "panel_entries"]
    assert len(entered) == 10 and {e.actor for e in entered} == {"tech1"}
    assert {e.new_values["text"] for e in entered} >= {"25.0000", "34.7000", "33.6900"}
    assert verify_audit(ctx).ok


def test_a_bad_value_stores_nothing_and_names_the_determination_and_field(
    ctx: ServiceContext, lot: str
) -> None:
    bad = [MOISTURE[0], {**MOISTURE[1], "gross_after_g": "33.69001"}]
    with pytest.raises(LabappError, match=r"^determination 2: gross_after_g: 33\.69001 g has more digits"):
        enter_test(ctx, account(ctx, "tech1"), lot, "moisture-105c", bad)
    impossible = [{**MOISTURE[0], "gross_after_g": "35.1000"}]
    with pytest.raises(LabappError, match="gross_after_g: must not exceed gross_before_g"):
        enter_test(ctx, account(ctx, "tech1"), lot, "moisture-105c", impossible)
    with ctx.read_session() as session:
        assert session.scalar(select(func.count()).select_from(PanelTest)) == 0
        assert session.scalar(select(func.count()).select_from(PanelEntry)) == 0


def test_four_eyes_then_submission_makes_a_reportable_result(ctx: ServiceContext, lot: str) -> None:
    test = enter_test(ctx, account(ctx, "tech1"), lot, "moisture-105c", MOISTURE)
    with pytest.raises(PanelWorkflowError, match="submit needs verified"):
        submit_test(ctx, "tech1", PASSWORD, test.id)
    with pytest.raises(LabappError, match="may not review"):
        verify_test(ctx, "tech1", PASSWORD, test.id)  # a technician may not verify at all
    verified = verify_test(ctx, "reviewer", PASSWORD, test.id, "checked against the balance printout")
    assert verified.state is PanelTestState.VERIFIED and verified.verified_by == "reviewer"
    done = submit_test(ctx, "tech1", PASSWORD, test.id)
    assert done.state is PanelTestState.SUBMITTED
    with ctx.read_session() as session:
        (row,) = session.scalars(select(Result).where(Result.element == "moisture")).all()
        assert row.run_id is None and row.reportable and row.basis is Basis.AS_RECEIVED
        assert row.value == pytest.approx(3.05) and row.unit == "wt%"
        assert row.expanded_uncertainty == pytest.approx(row.coverage_factor * row.standard_uncertainty)
        assert row.method == "moisture-105c" and row.qc_state is ElementStatus.OK
        signed = session.scalars(select(Signature.meaning).where(Signature.entity_type == "panel_test")).all()
        assert signed == ["reviewed", "authored"]
    assert verify_audit(ctx).ok
    assert [t.state for t in list_tests(ctx, lot=lot)] == [PanelTestState.SUBMITTED]


def test_the_person_who_entered_may_not_verify(ctx: ServiceContext, lot: str) -> None:
    both = account(ctx, "dana", "technician", "reviewer")  # may enter and verify, never the same test
    test = enter_test(ctx, both, lot, "moisture-105c", MOISTURE)
    with pytest.raises(PanelWorkflowError, match="entered panel test .* may not verify it"):
        verify_test(ctx, "dana", PASSWORD, test.id)


def test_failed_checks_need_an_acknowledgement_and_a_rejection_needs_a_reason(
    ctx: ServiceContext, lot: str
) -> None:
    cold = [{**p, "temperature_c": "95"} for p in MOISTURE]
    test = enter_test(ctx, account(ctx, "tech1"), lot, "moisture-105c", cold)
    assert test.results[0].failed_checks == ("temperature",)
    verify_test(ctx, "reviewer", PASSWORD, test.id)
    refusal = r"failed moisture \(heating temperature\): submitting over it needs"  # a label, no id
    with pytest.raises(PanelWorkflowError, match=refusal):
        submit_test(ctx, "tech2", PASSWORD, test.id)
    submit_test(ctx, "tech2", PASSWORD, test.id, acknowledgement="oven log shows 105 C; display fault")
    with ctx.read_session() as session:
        row = session.scalars(select(Result).where(Result.element == "moisture")).one()
        assert row.flags == "qc_temperature" and row.qc_state is ElementStatus.FLAGGED
    other = enter_test(ctx, account(ctx, "tech1"), lot, "moisture-105c", MOISTURE)
    with pytest.raises(PanelWorkflowError, match="a reason is required"):
        reject_test(ctx, "reviewer", PASSWORD, other.id, " ")
    assert (
        reject_test(ctx, "reviewer", PASSWORD, other.id, "tare typed twice").state is PanelTestState.REJECTED
    )


def test_a_series_is_signed_with_one_password_check_all_or_none(
    ctx: ServiceContext, lot: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from labapp.services.panel import workflow

    cold = [{**p, "temperature_c": "95"} for p in MOISTURE]
    tests = [
        enter_test(ctx, account(ctx, "tech1"), lot, "moisture-105c", m) for m in (MOISTURE, cold, MOISTURE)
    ]
    ids = [t.id for t in tests]
    checks: list[str] = []
    real = workflow.authenticate
    monkeypatch.setattr(workflow, "authenticate", lambda c, u, p, **k: checks.append(u) or real(c, u, p, **k))
    with pytest.raises(LabappError, match="user name or password is wrong"):
        verify_tests(ctx, "reviewer", "wrong", ids)
    assert [t.state for t in list_tests(ctx, lot=lot)] == [PanelTestState.ENTERED] * 3
    done = verify_tests(ctx, "reviewer", PASSWORD, ids, "checked against the balance printout")
    assert [t.state for t in done] == [PanelTestState.VERIFIED] * 3 and checks == ["reviewer"] * 2
    # the second test failed its temperature check and has no acknowledgement: none is submitted
    refusal = rf"panel test #{ids[1]} failed moisture \(heating temperature\)"
    with pytest.raises(PanelWorkflowError, match=refusal):
        submit_tests(ctx, "tech2", PASSWORD, [(ids[0], None), (ids[1], None), (ids[2], None)])
    states = {t.id: t.state for t in list_tests(ctx, lot=lot)}
    assert [states[i] for i in ids] == [PanelTestState.VERIFIED] * 3
    series = [(ids[0], None), (ids[1], "oven log shows 105 C"), (ids[2], None)]
    submitted = submit_tests(ctx, "tech2", PASSWORD, series)
    assert [t.state for t in submitted] == [PanelTestState.SUBMITTED] * 3 and checks.count("tech2") == 2
    with ctx.read_session() as session:
        signed = session.scalars(
            select(Signature).where(Signature.entity_type == "panel_test").order_by(Signature.id)
        ).all()
        assert [(s.entity_id, s.meaning, s.acknowledgement) for s in signed] == [
            *((i, "reviewed", None) for i in ids),
            (ids[0], "authored", None),
            (ids[1], "authored", "oven log shows 105 C"),
            (ids[2], "authored", None),
        ]
    assert verify_audit(ctx).ok
