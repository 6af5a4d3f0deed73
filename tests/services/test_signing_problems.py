"""Signing over problems is explicit (issue 16, item 4): a run with failed QC checks or unmatched sample
labels is submitted, reviewed or approved only with an acknowledgement and its reason, stored with the
signature, audited and shown by `labapp signatures`; the CLI takes it as --acknowledge REASON."""

import json

import pytest
from _workflow_support import PASSWORDS, RUN, build_template, copy_of, login, mark_calculated
from sqlalchemy import select

from labapp.cli import main
from labapp.services.calculation.run_problems import FailedCheck, RunProblems
from labapp.services.workflow import review as workflow
from labapp.services.workflow.review import WorkflowError, problems_of, sign, signatures_of
from labapp.store.audit_event import AuditEvent
from labapp.store.results import QcOutcome
from labapp.store.runs import InstrumentRun

WHY = "Mn CCV low at the end: the bracketed Mn results are flagged"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("problems") / "template.sqlite")


@pytest.fixture
def ctx(template, tmp_path):
    context = copy_of(template, tmp_path)
    mark_calculated(context)
    yield context
    context.close()


def add_problems(ctx, unmatched=("BM26-0099",)):
    """A failed CCV recovery and (by default) a file label the import matched to no lot."""
    with ctx.account_unit_of_work("tom", event="calculate") as session:
        run = session.scalars(select(InstrumentRun)).one()
        session.add(
            QcOutcome(
                run_id=run.id,
                check="ccv",
                sample_label="CCV",
                element="Mn",
                line="257.610",
                measured=8.8,
                expected=10.0,
                statistic=88.0,
                lower_limit=90.0,
                upper_limit=110.0,
                passed=False,
                position=40,
                outcome="fail",
            )
        )
        metadata = json.loads(run.metadata_json or "{}")
        run.metadata_json = json.dumps(
            {**metadata, "unmatched": [*metadata.get("unmatched", []), *unmatched]}
        )


def _sign(ctx, user, action, reason=None, acknowledgement=None):
    return sign(ctx, user, PASSWORDS[user], RUN, action, reason, acknowledgement=acknowledgement)


def test_a_clean_run_has_no_problems_and_registered_crm_labels_are_not_unmatched(ctx):
    assert problems_of(ctx, RUN) == RunProblems()  # the CRM digests are registered in the template
    outcome = _sign(ctx, "tess", "submit", acknowledgement="nothing to acknowledge")
    assert outcome.acknowledged == ""
    assert signatures_of(ctx, RUN)[0].acknowledgement == ""  # nothing stored when nothing was signed over


def test_the_problems_are_listed_once_for_every_entry_point(ctx):
    add_problems(ctx)
    problems = problems_of(ctx, RUN)
    assert problems.failed_checks == (FailedCheck("ccv", "CCV", "Mn", "257.610", 88.0, 90.0, 110.0, None),)
    assert problems.unmatched_labels == ("BM26-0099",)
    assert problems.summary() == "1 failed QC check(s), 1 unmatched sample label(s)"
    assert problems.lines() == [
        "failed QC: continuing calibration verification (CCV) CCV Mn 257.610: 88 (limits 90 to 110)",
        "unmatched sample label: BM26-0099",
    ]
    assert (
        problems.failed_checks[0].describe("ja")
        == "連続検量線確認（CCV） CCV Mn 257.610: 88（管理限界 90～110）"
    )


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_signing_over_problems_needs_an_acknowledgement(ctx, empty):
    add_problems(ctx)
    with pytest.raises(WorkflowError, match="has 1 failed QC check.* needs an acknowledgement with a reason"):
        _sign(ctx, "tess", "submit", acknowledgement=empty)
    assert signatures_of(ctx, RUN) == []


def test_each_signature_stores_its_acknowledgement_and_a_rejection_needs_none(ctx):
    add_problems(ctx, unmatched=())
    outcome = _sign(ctx, "tess", "submit", acknowledgement=f"  {WHY} ")
    assert outcome.acknowledged == f"signed over 1 failed QC check(s): {WHY}"
    with pytest.raises(WorkflowError, match="acknowledgement"):
        _sign(ctx, "rita", "review")
    _sign(ctx, "rita", "review", acknowledgement="checked the flags")
    _sign(ctx, "quinn", "reject", reason="re-run the Mn bracket")  # no acknowledgement needed to reject
    signed = signatures_of(ctx, RUN)
    assert [(s.action, s.acknowledgement, s.acknowledged_problems) for s in signed] == [
        ("submit", WHY, "1 failed QC check(s)"),
        ("review", "checked the flags", "1 failed QC check(s)"),
        ("reject", "", ""),
    ]
    assert signed[0].acknowledged() == f"signed over 1 failed QC check(s): {WHY}"
    with ctx.read_session() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "signatures", AuditEvent.action == "create")
        ).all()
    assert f'"acknowledgement":"{WHY}"' in events[0].new_values  # the audit trail holds it too


def test_approval_over_problems_with_second_review_off(ctx):
    add_problems(ctx)
    workflow.set_second_review(ctx, login(ctx, "quinn"), False, reason="two-person lab, SOP QA-7")
    _sign(ctx, "tess", "submit", acknowledgement=WHY)
    with pytest.raises(WorkflowError, match="1 unmatched sample label"):
        _sign(ctx, "quinn", "approve")
    assert (
        _sign(ctx, "quinn", "approve", acknowledgement="BM26-0099 is a training sample").state == "approved"
    )


def test_the_cli_lists_the_problems_and_takes_acknowledge(ctx, tmp_path, monkeypatch, capsys):
    add_problems(ctx)
    path = str(tmp_path / "workflow.sqlite")
    monkeypatch.setenv("LABAPP_PASSWORD", PASSWORDS["rita"])  # a reviewer may not submit: told only that
    assert main(["--db", path, "submit", "--run", RUN, "--user", "rita"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "labapp: user 'rita' (reviewer) may not submit: a technician may (an administrator grants roles)"
    ]
    monkeypatch.setenv("LABAPP_PASSWORD", PASSWORDS["tess"])
    assert main(["--db", path, "submit", "--run", RUN, "--user", "tess"]) != 0
    err = capsys.readouterr().err
    assert "the run has 1 failed QC check(s), 1 unmatched sample label(s):" in err
    assert (
        "  failed QC: continuing calibration verification (CCV) CCV Mn 257.610: 88 (limits 90 to 110)" in err
    )
    assert "  unmatched sample label: BM26-0099" in err
    assert "signing over them needs --acknowledge REASON" in err
    assert err.strip().splitlines()[-1].startswith("labapp: run 'ICP 2026-03-17' has 1 failed QC check(s)")
    assert main(["--db", path, "submit", "--run", RUN, "--user", "tess", "--acknowledge", WHY]) == 0
    out = capsys.readouterr().out
    assert f"signed over 1 failed QC check(s), 1 unmatched sample label(s): {WHY}" in out
    assert main(["--db", path, "signatures", "--run", RUN]) == 0
    line = capsys.readouterr().out.strip()
    assert line.endswith(f"- valid - signed over 1 failed QC check(s), 1 unmatched sample label(s): {WHY}")
    with pytest.raises(SystemExit):  # a rejection takes no acknowledgement
        main(["--db", path, "reject", "--run", RUN, "--user", "rita", "--reason", "x", "--acknowledge", "y"])
