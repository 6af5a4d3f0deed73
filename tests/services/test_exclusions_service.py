"""Exclusions and overrides: reason always, only while the run is with the technician, stored,
audited, marked on the results they touch, and handed to the calculation as core Exclusions."""

import json

import pytest
from _workflow_support import (
    PASSWORDS,
    RUN,
    build_template,
    copy_of,
    login,
    mark_calculated,
    reportable_result_ids,
    run_state,
)
from sqlalchemy import select

from labapp.core.errors import LabappError
from labapp.core.exclusions import Exclusion, Scope, excluded_readings
from labapp.services.calculation import exclusions
from labapp.services.workflow.review import WorkflowError, sign, signatures_of
from labapp.store.audit_event import AuditEvent
from labapp.store.results import Result
from labapp.store.runs import Measurement
from labapp.store.workflow import ResultOverride

BUBBLE = Exclusion(
    Scope.REPLICATE, "Ni", "air bubble in replicate 2", line="231.604", sample_label="BM26-0001", replicate=2
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("excl") / "template.sqlite")


@pytest.fixture
def ctx(template, tmp_path):
    context = copy_of(template, tmp_path)
    mark_calculated(context)
    yield context
    context.close()


def _frame(ctx):
    import pandas as pd

    with ctx.read_session() as session:
        rows = session.execute(
            select(Measurement.sample_label, Measurement.element, Measurement.line, Measurement.replicate)
        ).all()
    return pd.DataFrame(rows, columns=["sample_label", "element", "line", "replicate"])


def _flags(ctx):
    with ctx.read_session() as session:
        rows = session.scalars(select(Result).order_by(Result.id)).all()
        return {(r.lot_id is not None and r.reportable, r.value): r.flags for r in rows}


def test_replicate_exclusion_is_stored_marked_and_sends_the_run_back(ctx):
    exclusion_id = exclusions.exclude(ctx, login(ctx, "tom"), RUN, BUBBLE)
    with ctx.read_session() as session:
        active = exclusions.active_exclusions(session, 1)
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "create", AuditEvent.entity_type == "exclusions")
        ).one()
    assert active == [BUBBLE]
    assert event.entity_id == exclusion_id and event.actor == "tom" and event.reason == BUBBLE.reason
    assert run_state(ctx) == "imported"  # results no longer reflect the data: recalculate before submitting
    # exactly one stored reading is removed from the calculation: BM26-0001, Ni 231.604, replicate 2
    mask = excluded_readings(_frame(ctx), active)
    assert mask.sum() == 1
    flags = _flags(ctx)
    assert flags[(False, 56.1 * 0.5)] == "replicate_excluded"  # BM26-0001's digest result
    assert flags[(True, 56.1)] == "excluded"  # and the lot value it feeds
    assert flags[(False, 48.3 * 0.5)] is None and flags[(True, 48.3)] is None  # BM26-0002 untouched


def test_line_exclusion_removes_every_reading_at_that_line(ctx):
    line = Exclusion(Scope.LINE, "Ni", "Fe interference on Ni 231.604 in this matrix", line="231.604")
    exclusions.exclude(ctx, login(ctx, "rita"), RUN, line)
    frame = _frame(ctx)
    with ctx.read_session() as session:
        mask = excluded_readings(frame, exclusions.active_exclusions(session, 1))
    expected = ((frame["element"] == "Ni") & (frame["line"] == "231.604")).sum()
    assert mask.sum() == expected > 0


def test_a_target_missing_from_the_run_is_refused(ctx):
    typo = Exclusion(Scope.REPLICATE, "Ni", "typo", line="231.604", sample_label="BM26-0001", replicate=7)
    with pytest.raises(LabappError, match="has no Ni reading at line 231.604, sample BM26-0001, replicate 7"):
        exclusions.exclude(ctx, login(ctx, "tom"), RUN, typo)
    with pytest.raises(LabappError, match="has no Ni reading at line 232.003"):
        exclusions.exclude(ctx, login(ctx, "tom"), RUN, Exclusion(Scope.LINE, "Ni", "x", line="232.003"))
    assert run_state(ctx) == "calculated"


def test_the_same_exclusion_twice_is_refused_and_withdrawal_needs_a_reason(ctx):
    tom = login(ctx, "tom")
    first = exclusions.exclude(ctx, tom, RUN, BUBBLE)
    with pytest.raises(LabappError, match="already active"):
        exclusions.exclude(ctx, tom, RUN, Exclusion(**{**BUBBLE.__dict__, "reason": "again"}))
    with pytest.raises(LabappError, match="reason is required"):
        exclusions.withdraw_exclusion(ctx, tom, first, " ")
    exclusions.withdraw_exclusion(ctx, tom, first, "bubble was in replicate 3, not 2")
    with ctx.read_session() as session:
        assert exclusions.active_exclusions(session, 1) == []


def test_after_submission_only_once_the_run_is_rejected(ctx):
    sign(ctx, "tess", PASSWORDS["tess"], RUN, "submit")
    with pytest.raises(WorkflowError, match="is submitted: exclusions are recorded only while"):
        exclusions.exclude(ctx, login(ctx, "rita"), RUN, BUBBLE)
    result_id = reportable_result_ids(ctx)["BM26-0001"]
    with pytest.raises(WorkflowError, match="is submitted: results are overridden only while"):
        exclusions.override(ctx, login(ctx, "quinn"), result_id, 55.0, "referee value")
    sign(ctx, "rita", PASSWORDS["rita"], RUN, "reject", reason="replicate 2 of BM26-0001 is an outlier")
    exclusions.exclude(ctx, login(ctx, "tom"), RUN, BUBBLE)
    assert run_state(ctx) == "rejected"  # stays with the technician until recalculated


def test_override_records_original_value_reason_and_flag(ctx):
    result_id = reportable_result_ids(ctx)["BM26-0001"]
    quinn = login(ctx, "quinn")
    with pytest.raises(LabappError, match="reason is required"):
        exclusions.override(ctx, quinn, result_id, 55.0, "")
    exclusions.override(ctx, quinn, result_id, 55.0, "referee laboratory result, contract clause 9")
    exclusions.override(ctx, quinn, result_id, 55.2, "referee result corrected for moisture")
    with ctx.read_session() as session:
        result = session.get(Result, result_id)
        rows = session.scalars(select(ResultOverride).order_by(ResultOverride.id)).all()
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "override", AuditEvent.entity_type == "results")
        ).all()
    assert (result.value, result.flags) == (55.2, "overridden")
    assert [(r.original_value, r.new_value, r.active) for r in rows] == [
        (56.1, 55.0, False),
        (56.1, 55.2, True),
    ]
    assert (
        json.loads(events[0].old_values)["value"] == 56.1
        and json.loads(events[0].new_values)["value"] == 55.0
    )
    assert events[1].reason == "referee result corrected for moisture"
    assert run_state(ctx) == "calculated"  # a reported value set by hand needs no recalculation


def test_override_survives_recalculation_and_is_signed(ctx):
    exclusions.override(
        ctx, login(ctx, "quinn"), reportable_result_ids(ctx)["BM26-0001"], 55.0, "referee value"
    )
    mark_calculated(ctx)  # new result rows, as the calculation writes them
    with ctx.account_unit_of_work("tom", event="calculate") as session:
        assert exclusions.apply_overrides(session, 1) == 1
    with ctx.read_session() as session:
        result = session.get(Result, reportable_result_ids(ctx)["BM26-0001"])
    assert (result.value, result.flags) == (55.0, "overridden")
    sign(ctx, "tess", PASSWORDS["tess"], RUN, "submit")
    with ctx.engine.begin() as conn:  # the override's reason edited behind the application's back
        conn.exec_driver_sql("UPDATE result_overrides SET reason = 'typo'")
    assert [s.status for s in signatures_of(ctx, RUN)] == ["signature invalidated"]


def test_preparation_results_are_not_overridden(ctx):
    with ctx.read_session() as session:
        prep_row = session.scalars(select(Result.id).where(Result.reportable.is_(False))).first()
    with pytest.raises(LabappError, match="exclude the replicate, line or result instead"):
        exclusions.override(ctx, login(ctx, "quinn"), prep_row, 1.0, "no")


def test_flags_are_added_once():
    assert exclusions.add_flag(None, "excluded") == "excluded"
    assert exclusions.add_flag("qc_ccv_bracket;excluded", "excluded") == "qc_ccv_bracket;excluded"
    assert exclusions.add_flag("qc_ccv_bracket", "overridden") == "qc_ccv_bracket;overridden"
