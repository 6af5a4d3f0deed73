"""Run workflow through the services: states, four eyes, second review, rejection, lots approved."""

import pytest
from _workflow_support import (
    LOTS,
    PASSWORDS,
    RUN,
    build_template,
    copy_of,
    login,
    lot_states,
    mark_calculated,
    run_state,
)
from sqlalchemy import select

from labapp.core.errors import LabappError
from labapp.demo.workflow_stage import review_stage
from labapp.security.roles import Action
from labapp.services.workflow import review as workflow
from labapp.services.workflow.review import WorkflowError, set_lot_state, sign, signatures_of
from labapp.store.audit_event import AuditEvent


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("wf") / "template.sqlite")


@pytest.fixture(scope="module")
def dual_template(tmp_path_factory):
    """The run imported by "dual", who holds every data role."""
    return build_template(tmp_path_factory.mktemp("wfdual") / "template.sqlite", importer="dual")


@pytest.fixture
def ctx(template, tmp_path):
    context = copy_of(template, tmp_path)
    mark_calculated(context)
    yield context
    context.close()


def _move_lot(ctx, lot, state, reason=None):
    """A lot state change inside a unit of work of the QA manager (as the certificate issue does)."""
    qa = login(ctx, "quinn")
    with ctx.unit_of_work(qa, Action.ISSUE_CERTIFICATE, reason, event=f"lot_{state}") as session:
        return set_lot_state(session, lot, state, reason)


def _sign(ctx, user, action, reason=None):
    return sign(ctx, user, PASSWORDS[user], RUN, action, reason)


def test_submit_review_approve_moves_run_and_lots(ctx):
    assert lot_states(ctx) == dict.fromkeys(LOTS, "registered")
    assert _sign(ctx, "tess", "submit").state == "submitted"
    assert _sign(ctx, "rita", "review").state == "reviewed"
    outcome = _sign(ctx, "quinn", "approve", reason="QC in control, results plausible")
    assert outcome.state == run_state(ctx) == "approved"
    assert outcome.lots_approved == LOTS
    assert lot_states(ctx) == dict.fromkeys(LOTS, "approved")
    signed = signatures_of(ctx, RUN)
    assert [
        (s.action, s.manifest.meaning.value, s.manifest.user_id, s.manifest.printed_name, s.status)
        for s in signed
    ] == [
        ("submit", "authored", "tess", "Tess Ito", "valid"),
        ("review", "reviewed", "rita", "Rita Mori", "valid"),
        ("approve", "approved", "quinn", "Quinn Sato", "valid"),
    ]
    assert signed[2].manifest.reason == "QC in control, results plausible"
    assert len({s.manifest.content_sha256 for s in signed}) == 1  # same content, state changes left out


def test_each_signing_is_audited_with_its_action(ctx):
    _sign(ctx, "tess", "submit")
    _sign(ctx, "rita", "review")
    _sign(ctx, "quinn", "approve")
    with ctx.read_session() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.seq > 0).order_by(AuditEvent.seq)).all()
    runs = [(e.action, e.actor, e.new_values) for e in events if e.entity_type == "instrument_runs"]
    assert [(a, who) for a, who, _ in runs[-3:]] == [
        ("submit", "tess"),
        ("review", "rita"),
        ("approve", "quinn"),
    ]
    assert '"state":"approved"' in runs[-1][2]
    created = [e for e in events if e.entity_type == "signatures" and e.action == "create"]
    assert len(created) == 3 and '"meaning":"approved"' in created[-1].new_values
    lots = [e for e in events if e.entity_type == "lots" and e.action == "approve"]
    assert len(lots) == 2 and all(e.actor == "quinn" for e in lots)


def test_reviewer_is_not_the_submitter_and_approver_is_not_the_reviewer(ctx):
    _sign(ctx, "dual", "submit")
    with pytest.raises(WorkflowError, match="submitted run .* may not review"):
        _sign(ctx, "dual", "review")
    with pytest.raises(WorkflowError, match="needs reviewed"):
        _sign(ctx, "quinn", "approve")  # second review is on: approval waits for the review
    _sign(ctx, "rita", "review")
    with pytest.raises(WorkflowError, match="submitted run .* may not approve"):
        _sign(ctx, "dual", "approve")
    assert run_state(ctx) == "reviewed"


def test_the_reviewer_may_not_also_approve(ctx):
    _sign(ctx, "tess", "submit")
    _sign(ctx, "dual", "review")
    with pytest.raises(WorkflowError, match="reviewed run .* may not approve"):
        _sign(ctx, "dual", "approve")
    _sign(ctx, "quinn", "approve")
    assert run_state(ctx) == "approved"


def test_the_importer_may_not_approve(dual_template, tmp_path):
    with copy_of(dual_template, tmp_path) as ctx:
        mark_calculated(ctx, actor="dual")
        _sign(ctx, "tess", "submit")
        _sign(ctx, "rita", "review")
        with pytest.raises(WorkflowError, match="imported run .* may not approve"):
            _sign(ctx, "dual", "approve")
        assert run_state(ctx) == "reviewed" and lot_states(ctx) == dict.fromkeys(LOTS, "registered")


def test_second_review_off_approves_from_submitted(ctx):
    with pytest.raises(LabappError, match="reason is required"):
        workflow.set_second_review(ctx, login(ctx, "quinn"), False, reason=" ")
    assert workflow.second_review_on(ctx)
    workflow.set_second_review(ctx, login(ctx, "quinn"), False, reason="two-person laboratory, SOP QA-7")
    assert not workflow.second_review_on(ctx)
    assert review_stage(ctx, ("rita", PASSWORDS["rita"])) == "second review is switched off (skipped)"
    _sign(ctx, "dual", "submit")
    with pytest.raises(WorkflowError, match="second review is switched off"):
        _sign(ctx, "rita", "review")
    with pytest.raises(WorkflowError, match="submitted run .* may not approve"):
        _sign(ctx, "dual", "approve")  # four eyes still hold without a second review
    _sign(ctx, "quinn", "approve")
    assert run_state(ctx) == "approved"
    assert [s.action for s in signatures_of(ctx, RUN)] == ["submit", "approve"]


def test_reject_needs_a_reason_and_returns_the_run(ctx):
    _sign(ctx, "tess", "submit")
    for empty in (None, "", "   "):
        with pytest.raises(WorkflowError, match="reason is required for a rejection"):
            _sign(ctx, "rita", "reject", reason=empty)
    assert run_state(ctx) == "submitted"
    _sign(ctx, "rita", "reject", reason="CCV drift after position 40: recalculate with bracketing")
    assert run_state(ctx) == "rejected"
    with pytest.raises(WorkflowError, match="rejected \\(recalculate it first\\)"):
        _sign(ctx, "tess", "submit")
    mark_calculated(ctx, ni=(55.9, 48.4))  # the technician recalculates
    _sign(ctx, "tess", "submit")
    _sign(ctx, "rita", "review")
    _sign(ctx, "quinn", "approve")
    statuses = [(s.action, s.status) for s in signatures_of(ctx, RUN)]
    assert statuses == [
        ("submit", "superseded"),
        ("reject", "superseded"),
        ("submit", "valid"),
        ("review", "valid"),
        ("approve", "valid"),
    ]


def test_wrong_states_are_refused(ctx):
    for user, action in (("rita", "review"), ("quinn", "approve"), ("rita", "reject")):
        with pytest.raises(WorkflowError, match="is calculated"):
            _sign(ctx, user, action, reason="x")
    _sign(ctx, "tess", "submit")
    with pytest.raises(WorkflowError, match="is submitted"):
        _sign(ctx, "tom", "submit")
    assert [s.action for s in signatures_of(ctx, RUN)] == ["submit"]


def test_lot_transitions_after_approval(ctx):
    _sign(ctx, "tess", "submit")
    _sign(ctx, "rita", "review")
    _sign(ctx, "quinn", "approve")
    with pytest.raises(WorkflowError, match="cannot become retracted"):
        _move_lot(ctx, "BM26-0001", "retracted", reason="wrong lot")
    assert _move_lot(ctx, "BM26-0001", "certified") == "approved"
    with pytest.raises(WorkflowError, match="reason is required"):
        _move_lot(ctx, "BM26-0001", "amended")
    _move_lot(ctx, "BM26-0001", "amended", reason="customs code corrected")
    _move_lot(ctx, "BM26-0001", "retracted", reason="sample mix-up found")
    with pytest.raises(WorkflowError, match="cannot become certified"):
        _move_lot(ctx, "BM26-0001", "certified")
    assert lot_states(ctx)["BM26-0001"] == "retracted"
    with pytest.raises(WorkflowError, match="registered: it cannot become approved"):
        _move_lot(ctx, "BM26-0003", "approved")
    with ctx.read_session() as session:
        retract = session.scalars(select(AuditEvent).where(AuditEvent.action == "lot_retracted")).one()
    assert retract.reason == "sample mix-up found" and retract.actor == "quinn"


def test_runs_are_found_by_id_or_import_name(ctx):
    with ctx.read_session() as session:
        assert {workflow.find_run(session, ref).id for ref in (1, "1", "#1", RUN)} == {1}
        with pytest.raises(LabappError, match="no run named 'ICP 2026-03-18'"):
            workflow.find_run(session, "ICP 2026-03-18")
        with pytest.raises(LabappError, match="no run with id 9"):
            workflow.find_run(session, "#9")
