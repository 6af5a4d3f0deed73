"""Four eyes on panel tests, as on runs: a second person verifies the entries, then the test is submitted.

entered -> verified (a reviewer or QA manager signs "reviewed"; never the person who entered it) ->
submitted (a technician signs "authored"; never the person who verified it): the test's results become
reportable Result rows of the lot (no run), so grading and certificates take them. A reviewer may
reject an entered or verified test with a reason. Every step re-enters the password (21 CFR 11.200)
and stores a sealed signature over the test's content; failed QC checks need an acknowledgement with
a reason to submit over them. A lot whose results are released (approved or certified) takes no new
submission: its records change only through the signed change of released data.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from labapp.core.errors import LabappError
from labapp.core.panel import PanelResult
from labapp.core.vocabulary import CheckOutcome, ElementStatus
from labapp.security.roles import Action
from labapp.security.signatures import Meaning, make_manifest, seal_new_signature
from labapp.services.administration.users import AuthenticatedUser, authenticate
from labapp.services.context import ServiceContext
from labapp.services.panel import records
from labapp.services.workflow import four_eyes
from labapp.store.base import utcnow
from labapp.store.lots import Lot
from labapp.store.panel import PanelTest
from labapp.store.records import Signature
from labapp.store.results import Result
from labapp.store.states import RELEASED_LOT_STATES, PanelTestState


class PanelWorkflowError(LabappError):
    """A step the panel workflow does not allow (wrong state, four eyes, no reason, released lot)."""


def _same_person(session: Session, user: AuthenticatedUser, other: str | None) -> bool:
    if not other:
        return False
    signer = four_eyes.person(session, user.username, user.full_name)
    return signer.same_as(four_eyes.person(session, other))


def _sign(
    session: Session,
    user: AuthenticatedUser,
    test: PanelTest,
    meaning: Meaning,
    action: str,
    reason: str = "",
    acknowledgement: str | None = None,
    problems: str | None = None,
) -> None:
    now = utcnow()
    manifest = make_manifest(
        user.full_name,
        user.username,
        meaning,
        records.content(test, records.entries_of(session, test)),
        reason=reason,
        now=now,
    )
    signature = Signature(
        user_id=user.id,
        username=user.username,
        printed_name=user.full_name,
        signed_at=now,
        entity_type=records.PANEL_ENTITY,
        entity_id=test.id,
        action=action,
        meaning=manifest.meaning.value,
        content_sha256=manifest.content_sha256,
        reason=reason or None,
        acknowledgement=acknowledgement,
        acknowledged_problems=problems,
        signed_at_utc=manifest.signed_at_utc,
        local_offset=manifest.local_offset,
    )
    seal_new_signature(session, signature)
    session.add(signature)


def verify_test(
    ctx: ServiceContext, username: str, password: str, test_id: int | str, reason: str | None = None
) -> records.TestSummary:
    """A second person checks the entries against the raw records and signs "reviewed"."""
    return verify_tests(ctx, username, password, [test_id], reason)[0]


def verify_tests(
    ctx: ServiceContext,
    username: str,
    password: str,
    test_ids: Sequence[int | str],
    reason: str | None = None,
) -> list[records.TestSummary]:
    """Verify several tests with one signing act: the password once, then every test checked as alone
    (state entered, four eyes against who entered it) and given its own sealed "reviewed" signature
    over its own content and its own audited state change, all in one unit of work: every test is
    verified or none (the first refusal names its test and nothing is stored)."""
    ids = list(dict.fromkeys(str(i).lstrip("#") for i in test_ids))
    if not ids:
        raise PanelWorkflowError("choose at least one panel test to verify")
    user = authenticate(ctx, username, password, purpose="signature")
    user.require(Action.REVIEW)
    note = (reason or "").strip()
    with ctx.unit_of_work(user, Action.REVIEW, reason, event="verify_test") as session:
        done = []
        for test_id in ids:
            test = records.find_test(session, test_id)
            if test.state is not PanelTestState.ENTERED:
                raise PanelWorkflowError(f"panel test #{test.id} is {test.state}: verify needs entered")
            if _same_person(session, user, test.entered_by):
                raise PanelWorkflowError(
                    f"{user.username!r} entered panel test #{test.id} and may not verify it (four eyes)"
                )
            _sign(session, user, test, Meaning.REVIEWED, "verify", note)
            test.state, test.verified_by, test.verified_at = PanelTestState.VERIFIED, user.username, utcnow()
            done.append(records.summary(session, test))
        return done


def reject_test(
    ctx: ServiceContext, username: str, password: str, test_id: int | str, reason: str
) -> records.TestSummary:
    """Send an entered or verified test back (a reason is required); it is entered again as a new test."""
    note = (reason or "").strip()
    if not note:
        raise PanelWorkflowError("a reason is required for a rejection")
    user = authenticate(ctx, username, password, purpose="signature")
    user.require(Action.REJECT)
    with ctx.unit_of_work(user, Action.REJECT, note, event="reject_test") as session:
        test = records.find_test(session, test_id)
        if test.state not in (PanelTestState.ENTERED, PanelTestState.VERIFIED):
            raise PanelWorkflowError(
                f"panel test #{test.id} is {test.state}: reject needs entered or verified"
            )
        if _same_person(session, user, test.entered_by):
            raise PanelWorkflowError(
                f"{user.username!r} entered panel test #{test.id} and may not reject it (four eyes)"
            )
        _sign(session, user, test, Meaning.REJECTED, "reject", note)
        test.state, test.reason = PanelTestState.REJECTED, note
        return records.summary(session, test)


def submit_test(
    ctx: ServiceContext, username: str, password: str, test_id: int | str, acknowledgement: str | None = None
) -> records.TestSummary:
    """Sign "authored" and make the verified test's results reportable results of its lot."""
    return submit_tests(ctx, username, password, [(test_id, acknowledgement)])[0]


def submit_tests(
    ctx: ServiceContext,
    username: str,
    password: str,
    tests: Sequence[tuple[int | str, str | None]],
) -> list[records.TestSummary]:
    """submit_test for a series of (test id, acknowledgement or None) signed with one password entry,
    as verify_tests: one password check, then each test checked as alone and given its own signature,
    all in one unit of work: every test is submitted or none (the first refusal names its test)."""
    user = authenticate(ctx, username, password, purpose="signature")
    user.require(Action.SUBMIT)
    with ctx.unit_of_work(user, Action.SUBMIT, None, event="submit_test") as session:
        return [_submit(session, user, test_id, acknowledgement) for test_id, acknowledgement in tests]


def _submit(
    session: Session, user: AuthenticatedUser, test_id: int | str, acknowledgement: str | None
) -> records.TestSummary:
    test = records.find_test(session, test_id)
    if test.state is not PanelTestState.VERIFIED:
        raise PanelWorkflowError(
            f"panel test #{test.id} is {test.state}: submit needs verified "
            "(a second person verifies the entries first)"
        )
    if _same_person(session, user, test.verified_by):
        raise PanelWorkflowError(
            f"{user.username!r} verified panel test #{test.id} and may not submit it (four eyes)"
        )
    lot = session.get(Lot, test.lot_id)
    if lot.state in RELEASED_LOT_STATES:
        raise PanelWorkflowError(
            f"lot {lot.code} is {lot.state}: its released results change only "
            "through a signed change of released data"
        )
    results = records.calculate_test(records.method_of(test), test, records.entries_of(session, test))
    failed = [  # the checks by their labels: the refusal is read by people
        f"{r.analyte} ({c.check.label()})"
        for r in results
        for c in r.checks
        if c.outcome is CheckOutcome.FAIL
    ]
    note = (acknowledgement or "").strip()
    if failed and not note:
        raise PanelWorkflowError(
            f"panel test #{test.id} failed {', '.join(failed)}: submitting over it "
            "needs an acknowledgement with a reason"
        )
    _sign(
        session,
        user,
        test,
        Meaning.AUTHORED,
        "submit",
        "",
        note or None,
        f"{len(failed)} failed QC check(s)" if failed and note else None,
    )
    for r in results:
        session.add(_result_row(test, r, user.username))
    test.state, test.submitted_by, test.submitted_at = PanelTestState.SUBMITTED, user.username, utcnow()
    return records.summary(session, test)


def _result_row(test: PanelTest, r: PanelResult, actor: str) -> Result:
    """The lot's reportable row (Result rows contract): value or "<" LOQ, U, k, dof, basis, method."""
    b = r.budget
    failed = [f"qc_{c.check.value}" for c in r.checks if c.outcome is CheckOutcome.FAIL]
    return Result(
        run_id=None,
        preparation_id=None,
        lot_id=test.lot_id,
        element=r.analyte,
        value=r.value,
        unit=r.unit,
        basis=r.basis,
        censored=r.censored or None,
        standard_uncertainty=None if r.censored else b.u_c,
        expanded_uncertainty=None if r.censored else b.U,
        coverage_factor=None if r.censored else b.k,
        effective_dof=None if r.censored or b.nu_eff == float("inf") else b.nu_eff,
        loq=r.loq,
        method=test.method_id,
        reportable=True,
        technique=test.kind.value,
        flags=";".join(failed) or None,
        qc_state=ElementStatus.FLAGGED if failed else ElementStatus.OK,
        text=r.text,
        calculated_by=actor,
    )
