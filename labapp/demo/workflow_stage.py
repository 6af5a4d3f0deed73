"""The demo's signing stages: the technician submits every calculated run, a second person reviews it
and the QA manager approves it, each with an electronic signature (password re-entered). The QA
manager holds a personal signing key (made in the "keys" stage before), so the approvals are also
signed with it, unlocked with the demo passphrase (labapp.demo.certification_stage). Each person signs
the runs waiting for them as one series: one password entry and one key unlock (review.sign_runs)."""

from __future__ import annotations

from labapp.services.context import ServiceContext
from labapp.services.workflow.review import SignAction, list_runs, second_review_on, sign_runs
from labapp.store.states import RunState

# stored only for a run that has failed QC checks or unmatched labels (the demo's failing CCV is one)
_ACKNOWLEDGEMENT = "demo data: the failed QC checks are intended findings (resources/demo/README.md)"


def _sign_all(
    ctx: ServiceContext, state: RunState, who: tuple[str, ...], action: SignAction, reason: str
) -> list[str]:
    """`who`: login name, password and, for a signer with a personal key, its passphrase. The runs
    waiting in `state` are signed as one series (the password checked and the key unlocked once)."""
    runs = [run.id for run in list_runs(ctx, state)]
    if not runs:
        return []
    key = who[2] if len(who) > 2 else None
    outcomes = sign_runs(
        ctx, who[0], who[1], runs, action, reason, acknowledgement=_ACKNOWLEDGEMENT, key_passphrase=key
    )
    done = []
    for outcome in outcomes:
        lots = f" ({len(outcome.lots_approved)} lots approved)" if outcome.lots_approved else ""
        done.append(f"{outcome.run_name}{lots}")
    return done


def _summary(done: list[str], verb: str, waiting: str) -> str:
    if not done:
        return f"no run {waiting}: nothing {verb} (skipped)"
    return f"{verb} by signature: {'; '.join(done)}"


def submit_stage(ctx: ServiceContext, technician: tuple[str, str]) -> str:
    reason = "demo run calculated and checked"
    done = _sign_all(ctx, RunState.CALCULATED, technician, SignAction.SUBMIT, reason)
    return _summary(done, "submitted", "is calculated")


def review_stage(ctx: ServiceContext, reviewer: tuple[str, str]) -> str:
    if not second_review_on(ctx):
        return "second review is switched off (skipped)"
    done = _sign_all(ctx, RunState.SUBMITTED, reviewer, SignAction.REVIEW, "demo: QC and results reviewed")
    return _summary(done, "reviewed", "is submitted")


def approve_stage(ctx: ServiceContext, qa_manager: tuple[str, str, str]) -> str:
    """Approve with the QA manager's password and personal key passphrase."""
    waiting = RunState.REVIEWED if second_review_on(ctx) else RunState.SUBMITTED
    done = _sign_all(ctx, waiting, qa_manager, SignAction.APPROVE, "demo: approved for certification")
    keyed = f" (also signed with {qa_manager[0]}'s personal key)" if done else ""
    return _summary(done, "approved", f"is {waiting}") + keyed
