"""Runs signed as a series (labapp.services.workflow.review.sign_runs): one password check and one
personal key unlock for the whole series (21 CFR 11.200(a)(1)(i), as panel.verify_tests), every run
checked before any is signed, and the same rows and audit events as signing the runs one by one.

The demo's three runs (main ICP-OES, XRF, trace) calculated, nothing signed: built once per module."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from demo_builds import build_until_calculated, copy_demo
from sqlalchemy import select

from labapp.certificates.pki import Keystore
from labapp.demo import certification_stage as certification_demo
from labapp.demo import workflow_stage as workflow_demo
from labapp.demo.build import DEMO_USERS, DemoReport
from labapp.services.administration import authentication
from labapp.services.context import ServiceContext
from labapp.services.workflow import signing
from labapp.services.workflow.review import SignAction, WorkflowError, list_runs, sign, sign_runs
from labapp.store.audit_event import AuditEvent
from labapp.store.records import Signature
from labapp.store.states import RunState

_ADMIN, TECH, QA, REVIEWER = DEMO_USERS
NOTE = "test: the demo's failed CCV is an intended finding"


@pytest.fixture(scope="module")
def calculated(tmp_path_factory: pytest.TempPathFactory) -> DemoReport:
    return build_until_calculated(tmp_path_factory.mktemp("series") / "demo")


@pytest.fixture
def copy(calculated: DemoReport, tmp_path: Path) -> DemoReport:
    return copy_demo(calculated, tmp_path / "demo")


def _runs(ctx: ServiceContext, state: RunState) -> list[int]:
    return [run.id for run in list_runs(ctx, state)]


def _counting(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[object]:
    """Wrap owner.name so every call is counted (and still done)."""
    calls: list[object] = []
    real = getattr(owner, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


MOMENTS = {"signed_at", "signed_at_utc", "seal", "occurred_at", "updated_at"}  # and the seal made with them


def _timeless(values: str | None) -> dict:
    return {k: v for k, v in json.loads(values or "{}").items() if k not in MOMENTS}


def _trail(database: Path) -> tuple[list[tuple], list[tuple]]:
    """The audit events (but for moments and chain hashes) and the signatures (but for moments)."""
    with ServiceContext(str(database)) as ctx, ctx.read_session() as session:
        events = [
            (e.actor, e.action, e.entity_type, e.entity_id, e.reason, _timeless(e.new_values))
            for e in session.scalars(select(AuditEvent).order_by(AuditEvent.seq))
        ]
        signatures = [
            (
                s.username,
                s.entity_id,
                s.action,
                s.meaning,
                s.content_sha256,
                s.reason,
                s.acknowledgement,
                s.acknowledged_problems,
            )
            for s in session.scalars(select(Signature).order_by(Signature.id))
        ]
    return events, signatures


def test_a_series_checks_the_password_once_and_signs_every_run(copy, monkeypatch) -> None:
    checks = _counting(monkeypatch, authentication, "verify_password")
    with ServiceContext(str(copy.database)) as ctx:
        runs = _runs(ctx, RunState.CALCULATED)
        assert len(runs) == 3
        named_twice = [*runs, runs[0]]  # the first run again: signed once
        outcomes = sign_runs(
            ctx, TECH.username, TECH.password, named_twice, SignAction.SUBMIT, acknowledgement=NOTE
        )
        assert len(checks) == 1
        assert [o.run_id for o in outcomes] == runs
        assert {o.state for o in outcomes} == {RunState.SUBMITTED}
        assert _runs(ctx, RunState.SUBMITTED) == runs
        with ctx.read_session() as session:
            rows = list(session.scalars(select(Signature).where(Signature.entity_type == signing.RUN_ENTITY)))
        assert sorted(s.entity_id for s in rows) == sorted(runs)
        assert len({s.content_sha256 for s in rows}) == 3  # each over its own run's content


def test_a_series_stores_what_signing_one_by_one_stores(calculated, tmp_path) -> None:
    one_by_one, series = (copy_demo(calculated, tmp_path / name) for name in ("one", "series"))
    with ServiceContext(str(one_by_one.database)) as ctx:
        for run in _runs(ctx, RunState.CALCULATED):
            sign(ctx, TECH.username, TECH.password, run, SignAction.SUBMIT, "checked", acknowledgement=NOTE)
    with ServiceContext(str(series.database)) as ctx:
        runs = _runs(ctx, RunState.CALCULATED)
        sign_runs(ctx, TECH.username, TECH.password, runs, SignAction.SUBMIT, "checked", acknowledgement=NOTE)
    before, after = _trail(one_by_one.database), _trail(series.database)
    assert after == before
    assert [e[1] for e in after[0][-6:]].count("submit") >= 3  # the signing events are in the compared trail


def test_one_refused_run_signs_none_of_the_series(copy) -> None:
    with ServiceContext(str(copy.database)) as ctx:
        first, *rest = _runs(ctx, RunState.CALCULATED)
        sign(ctx, TECH.username, TECH.password, first, SignAction.SUBMIT, acknowledgement=NOTE)
        with pytest.raises(WorkflowError, match="is submitted"):
            sign_runs(
                ctx, TECH.username, TECH.password, [*rest, first], SignAction.SUBMIT, acknowledgement=NOTE
            )
        assert _runs(ctx, RunState.CALCULATED) == rest  # the runs before the refused one stay unsigned
        sign_runs(ctx, TECH.username, TECH.password, rest, SignAction.SUBMIT, acknowledgement=NOTE)
        # without the acknowledgement the main run's failing CCV refuses the whole series
        with pytest.raises(WorkflowError, match="acknowledgement"):
            sign_runs(ctx, REVIEWER.username, REVIEWER.password, [*rest, first], SignAction.REVIEW)
        assert _runs(ctx, RunState.REVIEWED) == []
        sign(ctx, QA.username, QA.password, first, SignAction.REVIEW, acknowledgement=NOTE)
        sign_runs(ctx, REVIEWER.username, REVIEWER.password, rest, SignAction.REVIEW, acknowledgement=NOTE)
        # four eyes: the QA manager reviewed the main run and may not approve it; nothing is approved
        with pytest.raises(WorkflowError, match="four eyes"):
            sign_runs(ctx, QA.username, QA.password, [*rest, first], SignAction.APPROVE, acknowledgement=NOTE)
        assert _runs(ctx, RunState.APPROVED) == []
        assert sorted(_runs(ctx, RunState.REVIEWED)) == sorted([first, *rest])
        with pytest.raises(WorkflowError, match="at least one run"):
            sign_runs(ctx, QA.username, QA.password, [], SignAction.APPROVE)


def test_an_approval_series_unlocks_the_personal_key_once(copy, monkeypatch) -> None:
    signer = certification_demo.DemoSigner(QA.username, QA.full_name, QA.password)
    with ServiceContext(str(copy.database)) as ctx:
        workflow_demo.submit_stage(ctx, (TECH.username, TECH.password))
        workflow_demo.review_stage(ctx, (REVIEWER.username, REVIEWER.password))
        certification_demo.keys_stage(ctx, copy.out_dir, signer, (_ADMIN.username, _ADMIN.password))
        unlocks = _counting(monkeypatch, Keystore, "unlock_signer")
        checks = _counting(monkeypatch, authentication, "verify_password")
        line = workflow_demo.approve_stage(
            ctx, (QA.username, QA.password, certification_demo.SIGNER_PASSPHRASE)
        )
        assert (len(unlocks), len(checks)) == (1, 1)
        assert "(14 lots approved)" in line and "personal key" in line
        assert len(_runs(ctx, RunState.APPROVED)) == 3
        with ctx.read_session() as session:
            approvals = list(session.scalars(select(Signature).where(Signature.meaning == "approved")))
        assert len(approvals) == 3
        assert len({a.signer_fingerprint for a in approvals}) == 1 and approvals[0].signer_fingerprint
        assert all(a.key_signature for a in approvals)
