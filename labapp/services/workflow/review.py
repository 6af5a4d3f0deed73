"""Review and approval of runs with electronic signatures, and the lot states that follow.

Run states: imported -> calculated -> submitted (technician signs "authored") -> reviewed (reviewer
signs "reviewed"; skipped when second review is off) -> approved (QA manager signs "approved"), or
rejected with a reason back to the technician, who recalculates (-> calculated) and submits again.

Every signing re-enters the password (21 CFR 11.200(a)(1)); a wrong password is refused, audited
("signature_failed") and counts towards lockout. Four eyes, by person (an account, or any account of
the same printed name: services.workflow.four_eyes): the approver never imported, calculated, submitted or
reviewed the run; the reviewer (and a rejecter) is never the submitter. Signing over failed QC checks or
unmatched sample labels (labapp.services.calculation.run_problems) needs an acknowledgement with a reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.core.errors import LabappError
from labapp.core.vocabulary import Vocabulary
from labapp.security.roles import Action
from labapp.security.signatures import Meaning, PersonalKey, make_manifest, seal_new_signature
from labapp.services.administration.authentication import refusal_audited
from labapp.services.administration.signer_keys import unlock_personal_key
from labapp.services.administration.users import AuthenticatedUser, authenticate
from labapp.services.calculation.moisture_basis import stale_runs
from labapp.services.calculation.run_problems import RunProblems, run_problems
from labapp.services.context import ServiceContext
from labapp.services.workflow import four_eyes, signing
from labapp.store.base import utcnow
from labapp.store.lots import LOT_STATES, Lot, Preparation, Sample
from labapp.store.records import Signature
from labapp.store.results import Result
from labapp.store.runs import InstrumentRun
from labapp.store.states import LotState, RunState
from labapp.store.workflow import WorkflowSetting

SECOND_REVIEW = "second_review"


class SignAction(Vocabulary):
    """What a signature on a run does; the value is also the command's name on the command line."""

    SUBMIT = "submit", "submit", "提出"
    REVIEW = "review", "review", "レビュー"
    APPROVE = "approve", "approve", "承認"
    REJECT = "reject", "reject", "差戻し"


_MEANING = {
    SignAction.SUBMIT: Meaning.AUTHORED,
    SignAction.REVIEW: Meaning.REVIEWED,
    SignAction.APPROVE: Meaning.APPROVED,
    SignAction.REJECT: Meaning.REJECTED,
}
SIGN_PERMISSION = {
    SignAction.SUBMIT: Action.SUBMIT,
    SignAction.REVIEW: Action.REVIEW,
    SignAction.APPROVE: Action.APPROVE,
    SignAction.REJECT: Action.REJECT,
}
_NEW_STATE = {
    SignAction.SUBMIT: RunState.SUBMITTED,
    SignAction.REVIEW: RunState.REVIEWED,
    SignAction.APPROVE: RunState.APPROVED,
    SignAction.REJECT: RunState.REJECTED,
}

# Lot transitions after approval; amended and retracted need a reason. registered -> approved is
# made only by approving a run (sign(..., "approve")), never by set_lot_state.
# A signed change of released data (services.importing.lot_edit) makes a lot "amendment needed"; issuing (no
# certificate yet) or amending its certificate releases it again.
_NEEDED = LotState.AMENDMENT_NEEDED
LOT_TRANSITIONS: dict[LotState, frozenset[LotState]] = {
    LotState.REGISTERED: frozenset(),
    LotState.APPROVED: frozenset({LotState.CERTIFIED, _NEEDED}),
    LotState.CERTIFIED: frozenset({LotState.AMENDED, LotState.RETRACTED, _NEEDED}),
    LotState.AMENDED: frozenset({LotState.AMENDED, LotState.RETRACTED, _NEEDED}),
    _NEEDED: frozenset({LotState.CERTIFIED, LotState.AMENDED, LotState.RETRACTED, _NEEDED}),
    LotState.RETRACTED: frozenset(),
}
_LOT_STATES_NEEDING_REASON = frozenset({LotState.AMENDED, LotState.RETRACTED, _NEEDED})
# Four eyes: the steps (named by the run state they produced) whose person may not sign the action.
_EXCLUDED_STEPS: dict[SignAction, frozenset[RunState]] = {
    SignAction.SUBMIT: frozenset(),
    SignAction.REVIEW: frozenset({RunState.SUBMITTED}),
    SignAction.REJECT: frozenset({RunState.SUBMITTED}),
    SignAction.APPROVE: frozenset(
        {RunState.IMPORTED, RunState.CALCULATED, RunState.SUBMITTED, RunState.REVIEWED}
    ),
}


class WorkflowError(LabappError):
    """A signing or state change the workflow does not allow (wrong state, four-eyes rule, no reason)."""


class FourEyesRefused(WorkflowError):
    """The signer (`subject`) did `step` on the run (the state it produced) and may not sign `action`."""

    def __init__(self, message: str, *, subject: str, step: RunState, action: SignAction) -> None:
        super().__init__(message, subject=subject)
        self.step = step
        self.action = action


class AcknowledgementRequired(WorkflowError):
    """The run has failed QC checks or unmatched labels, and the signer gave no reason to sign over them."""


@dataclass(frozen=True)
class RunSummary:
    id: int
    name: str
    file_name: str
    state: RunState
    imported_by: str
    technique: str = ""  # as the file names it ("ICP-OES", "XRF"): the Method list offers its methods


@dataclass(frozen=True)
class SignOutcome:
    run_id: int
    run_name: str
    state: RunState
    manifest: Any  # labapp.security.signatures.SignatureManifest
    lots_approved: tuple[str, ...] = ()
    acknowledged: str = ""  # "signed over <problems>: <reason>" when the run had problems, else ""
    signer_fingerprint: str = ""  # the certificate of the personal key it was also signed with, else ""


# --- runs --------------------------------------------------------------------------------------


def run_name(run: InstrumentRun) -> str:
    """The name given at import (stored in the run's metadata), else the file name."""
    return signing.run_label(run.metadata_json, run.file_name)


def find_run(session: Session, ref: int | str) -> InstrumentRun:
    """A run by id (an int, or "#12"/"12") or by the name it was imported under (must be unique).

    A text of digits that is no run's id is tried as a name (a run may be named "20260317").
    """
    text = str(ref).strip()
    if isinstance(ref, int) or text.lstrip("#").isdigit():
        run = session.get(InstrumentRun, int(text.lstrip("#")))
        if run is not None:
            return run
        if isinstance(ref, int) or text.startswith("#"):
            raise LabappError(f"no run with id {text.lstrip('#')}")
    runs = [
        run
        for run in session.scalars(select(InstrumentRun).order_by(InstrumentRun.id))
        if run_name(run) == text
    ]
    if not runs:
        raise LabappError(f"no run named {text!r}")
    if len(runs) > 1:
        ids = ", ".join(str(run.id) for run in runs)
        raise LabappError(f"several runs are named {text!r} (ids {ids}): give the id instead")
    return runs[0]


def list_runs(ctx: ServiceContext, state: RunState | str | None = None) -> list[RunSummary]:
    """Runs (optionally in one state), oldest first."""
    with ctx.read_session() as session:
        query = select(InstrumentRun).order_by(InstrumentRun.id)
        if state is not None:
            try:
                query = query.where(InstrumentRun.state == RunState.parse(state))
            except ValueError as exc:
                raise LabappError(str(exc)) from None
        return [
            RunSummary(r.id, run_name(r), r.file_name, r.state, r.imported_by, r.technique or "")
            for r in session.scalars(query)
        ]


# --- settings ----------------------------------------------------------------------------------


def second_review_enabled(session: Session) -> bool:
    """Second review (submitted -> reviewed -> approved) is on unless switched off."""
    setting = session.scalar(select(WorkflowSetting).where(WorkflowSetting.name == SECOND_REVIEW))
    return setting is None or setting.value != "off"


def second_review_on(ctx: ServiceContext) -> bool:
    """`second_review_enabled` for callers outside the services, which open no session of their own."""
    with ctx.read_session() as session:
        return second_review_enabled(session)


def set_second_review(ctx: ServiceContext, by: AuthenticatedUser, enabled: bool, reason: str) -> None:
    """Switch second review on or off (QA manager or administrator; audited with the reason)."""
    by.require(Action.MANAGE_METHODS)
    note = _required(reason, "changing second review")
    with ctx.unit_of_work(by, Action.MANAGE_METHODS, note, event="set_setting") as session:
        setting = session.scalar(select(WorkflowSetting).where(WorkflowSetting.name == SECOND_REVIEW))
        value = "on" if enabled else "off"
        if setting is None:
            session.add(WorkflowSetting(name=SECOND_REVIEW, value=value))
        else:
            setting.value = value


def _required(reason: str | None, what: str) -> str:
    if not reason or not reason.strip():
        raise WorkflowError(f"a reason is required for {what}")
    return reason.strip()


# --- signing -----------------------------------------------------------------------------------


def _latest(signatures: list[Signature], meaning: Meaning) -> Signature | None:
    """The latest signature with `meaning` in the current cycle (after the last rejection)."""
    cycle_start = max((s.id for s in signatures if s.meaning == Meaning.REJECTED), default=0)
    found = [s for s in signatures if s.meaning == meaning and s.id > cycle_start]
    return found[-1] if found else None


def starting_states(action: SignAction, second_review: bool) -> tuple[RunState, ...]:
    """The run states `action` is signed from (approval from submitted too when second review is off;
    no review at all then). The desktop enables its buttons by it; signing checks it again."""
    if action is SignAction.REVIEW and not second_review:
        return ()
    submitted, reviewed = RunState.SUBMITTED, RunState.REVIEWED
    return {
        SignAction.SUBMIT: (RunState.CALCULATED,),
        SignAction.REVIEW: (submitted,),
        SignAction.APPROVE: (reviewed,) if second_review else (submitted, reviewed),
        SignAction.REJECT: (submitted, reviewed),
    }[action]


def _check_state(session: Session, run: InstrumentRun, action: SignAction) -> None:
    expected = starting_states(action, second_review_enabled(session))
    if not expected:
        raise WorkflowError("second review is switched off: the run goes from submitted to approval")
    if run.state not in expected:
        hint = " (recalculate it first)" if run.state in (RunState.IMPORTED, RunState.REJECTED) else ""
        raise WorkflowError(
            f"run {run_name(run)!r} is {run.state}{hint}: {action.value} needs {' or '.join(expected)}"
        )


def _check_dry_basis(session: Session, run: InstrumentRun, action: SignAction) -> None:
    """A run whose dry basis a later measured moisture made stale (services.calculation.moisture_basis)
    is not signed forward: once approved it could no longer be recalculated, and its lots could be
    neither graded nor certified. A rejection stays possible: it is the way back to a recalculation."""
    if action is SignAction.REJECT or not stale_runs(session, [run.id]):
        return
    way = "recalculate it" if run.state == RunState.CALCULATED else "reject it, then recalculate it"
    raise WorkflowError(
        f"run {run_name(run)!r} converted a lot to the dry basis with a moisture that a measured one has "
        f"replaced since: {way} before it can be signed ({action.value})"
    )


def _check_people(session: Session, run: InstrumentRun, action: SignAction, user: AuthenticatedUser) -> None:
    """Four eyes by person: neither the signer nor an account of its printed name did an excluding step."""
    signatures = signing.run_signatures(session, run.id)
    done = four_eyes.contributions(
        session, run, _latest(signatures, Meaning.AUTHORED), _latest(signatures, Meaning.REVIEWED)
    )
    signer = four_eyes.person(session, user.username, user.full_name)
    found = four_eyes.conflict(signer, done, _EXCLUDED_STEPS[action])
    if found is None:
        return
    other = found.person.username
    alias = "" if other == user.username else f" (as {other!r}, the same printed name)"
    raise FourEyesRefused(
        f"{user.username!r} {found.step} run {run_name(run)!r}{alias} "
        f"and may not {action.value} it (four eyes)",
        subject=user.username,
        step=found.step,
        action=action,
    )


def may_sign(session: Session, run: InstrumentRun, action: SignAction, user: AuthenticatedUser) -> bool:
    """Whether `user` could sign `action` on the run now by state and four eyes (for worklists: the
    signature itself checks again, with the password)."""
    try:
        _check_state(session, run, action)
        _check_people(session, run, action, user)
    except WorkflowError:
        return False
    return True


def _acknowledgement(
    run: InstrumentRun, step: SignAction, problems: RunProblems, text: str | None
) -> str | None:
    """The reason stored for signing over the run's problems: required when it has any (not to reject)."""
    if step == SignAction.REJECT or not problems.found:
        return None
    reason = (text or "").strip()
    if not reason:
        raise AcknowledgementRequired(
            f"run {run_name(run)!r} has {problems.summary()}: signing over them needs an acknowledgement "
            "with a reason"
        )
    return reason


def problems_of(ctx: ServiceContext, run: int | str) -> RunProblems:
    """The failed QC checks, unmatched sample labels and uncertifiable lots a signer would sign over."""
    with ctx.read_session() as session:
        return run_problems(session, find_run(session, run))


def sign(
    ctx: ServiceContext,
    username: str,
    password: str,
    run: int | str,
    action: str,
    reason: str | None = None,
    *,
    acknowledgement: str | None = None,
    key_passphrase: str | bytes | None = None,
) -> SignOutcome:
    """Sign `action` on a run after re-authentication; the signature and the state change commit together.

    A signer who holds a personal signing key signs with it too (`key_passphrase` unlocks it;
    labapp.services.administration.signer_keys): without it, or with a key that cannot be unlocked,
    nothing is signed.

    A rejection needs a reason; any other reason given is stored with the signature. Submitting,
    reviewing or approving a run with failed QC checks or unmatched labels needs `acknowledgement`, a
    reason stored with the signature next to what it acknowledged.
    """
    step = SignAction(action)
    user, note, personal_key = _signer(ctx, username, password, step, reason, key_passphrase)
    with refusal_audited(ctx, user.username):
        return _sign_one(ctx, user, run, step, note, acknowledgement, personal_key)


def sign_runs(
    ctx: ServiceContext,
    username: str,
    password: str,
    runs: Sequence[int | str],
    action: str,
    reason: str | None = None,
    *,
    acknowledgement: str | None = None,
    key_passphrase: str | bytes | None = None,
) -> list[SignOutcome]:
    """`sign` for a series of runs signed in one signing act: the password checked once and the
    personal key unlocked once (21 CFR 11.200(a)(1)(i): a series of signings in one continuous period
    of controlled access; as panel.verify_tests). Every run is first checked as `sign` checks it alone
    (state, four eyes, acknowledgement), so a refusal signs none of them; then each run gets its own
    signature and state change, committed one by one as separate `sign` calls would commit them, so the
    audit trail is that of signing the runs one after the other."""
    step = SignAction(action)
    if not runs:
        raise WorkflowError("choose at least one run to sign")
    user, note, personal_key = _signer(ctx, username, password, step, reason, key_passphrase)
    ids: dict[int, None] = {}  # a run named twice (by name and by id) is signed once
    with refusal_audited(ctx, user.username):
        with ctx.read_session() as session:
            for run in runs:
                record = find_run(session, run)
                _check_state(session, record, step)
                _check_people(session, record, step, user)
                _check_dry_basis(session, record, step)
                _acknowledgement(record, step, run_problems(session, record), acknowledgement)
                ids[record.id] = None
        return [_sign_one(ctx, user, run_id, step, note, acknowledgement, personal_key) for run_id in ids]


def _signer(
    ctx: ServiceContext,
    username: str,
    password: str,
    step: SignAction,
    reason: str | None,
    key_passphrase: str | bytes | None,
) -> tuple[AuthenticatedUser, str, PersonalKey | None]:
    """The re-authenticated signer allowed to sign `step`, the reason as stored, the unlocked key."""
    user = authenticate(ctx, username, password, purpose="signature")
    with refusal_audited(ctx, user.username):
        user.require(SIGN_PERMISSION[step])
        note = _required(reason, "a rejection") if step == SignAction.REJECT else (reason or "").strip()
        return user, note, unlock_personal_key(ctx, user.username, key_passphrase)


def _sign_one(
    ctx: ServiceContext,
    user: AuthenticatedUser,
    run: int | str,
    step: SignAction,
    note: str,
    acknowledgement: str | None,
    personal_key: PersonalKey | None,
) -> SignOutcome:
    """One run's signature and state change in one unit of work, checked again inside it."""
    with ctx.unit_of_work(user, SIGN_PERMISSION[step], note or None, event=step.value) as session:
        record = find_run(session, run)
        _check_state(session, record, step)
        _check_people(session, record, step, user)
        _check_dry_basis(session, record, step)
        problems = run_problems(session, record)
        acknowledged = _acknowledgement(record, step, problems, acknowledgement)
        now = utcnow()
        content = signing.run_content(session, record)
        manifest = make_manifest(user.full_name, user.username, _MEANING[step], content, reason=note, now=now)
        signature = Signature(
            user_id=user.id,
            username=user.username,
            printed_name=user.full_name,
            signed_at=now,
            entity_type=signing.RUN_ENTITY,
            entity_id=record.id,
            action=step.value,
            meaning=manifest.meaning.value,
            content_sha256=manifest.content_sha256,
            reason=note or None,
            acknowledgement=acknowledged,
            acknowledged_problems=problems.summary() if acknowledged else None,
            signed_at_utc=manifest.signed_at_utc,
            local_offset=manifest.local_offset,
        )
        seal_new_signature(session, signature, personal_key=personal_key)
        session.add(signature)
        record.state = _NEW_STATE[step]
        approved = _approve_lots(session, record) if step == SignAction.APPROVE else ()
        covered = f"signed over {problems.summary()}: {acknowledged}" if acknowledged else ""
        fingerprint = signature.signer_fingerprint or ""
        return SignOutcome(
            record.id, run_name(record), record.state, manifest, approved, covered, fingerprint
        )


def signatures_of(ctx: ServiceContext, run: int | str) -> list[signing.SignatureStatus]:
    """The run's signatures, oldest first, each "valid", "signature invalidated" or "superseded"."""
    with ctx.read_session() as session:
        return signing.statuses(session, find_run(session, run))


# --- lots --------------------------------------------------------------------------------------


def lots_of_run(session: Session, run: InstrumentRun) -> list[Lot]:
    """Lots the run has results for: directly (reportable rows) or through a preparation."""
    direct = select(Result.lot_id).where(Result.run_id == run.id, Result.lot_id.is_not(None))
    via_prep = (
        select(Sample.lot_id)
        .join(Preparation, Preparation.sample_id == Sample.id)
        .join(Result, Result.preparation_id == Preparation.id)
        .where(Result.run_id == run.id)
    )
    ids = set(session.scalars(direct)) | set(session.scalars(via_prep))
    return list(session.scalars(select(Lot).where(Lot.id.in_(ids)).order_by(Lot.code))) if ids else []


def _approve_lots(session: Session, run: InstrumentRun) -> tuple[str, ...]:
    """Registered lots of an approved run become approved (lots already further on are left as they are)."""
    moved = []
    for lot in lots_of_run(session, run):
        if lot.state is LotState.REGISTERED:
            lot.state = LotState.APPROVED
            moved.append(lot.code)
    return tuple(moved)


def set_lot_state(
    session: Session,
    lot: int | str,
    new_state: LotState | str,
    reason: str | None = None,
) -> LotState:
    """Move a lot (id or code) along LOT_TRANSITIONS inside the caller's unit of work (the certificate
    issue or retraction, which checked who acts); returns the previous state. Amending and retracting
    need a reason."""
    try:
        new_state = LotState.parse(new_state)
    except ValueError:
        raise WorkflowError(f"unknown lot state {new_state!r} (valid: {', '.join(LOT_STATES)})") from None
    if new_state in _LOT_STATES_NEEDING_REASON:
        _required(reason, f"a lot becoming {new_state}")
    return _move_lot(session, lot, new_state)


def _move_lot(session: Session, ref: int | str, new_state: LotState) -> LotState:
    query = select(Lot).where(Lot.id == ref) if isinstance(ref, int) else select(Lot).where(Lot.code == ref)
    lot = session.scalar(query)
    if lot is None:
        raise LabappError(f"no lot {ref!r}")
    previous = lot.state
    if new_state not in LOT_TRANSITIONS.get(previous, frozenset()):
        raise WorkflowError(f"lot {lot.code} is {previous}: it cannot become {new_state}")
    lot.state = new_state
    return previous
