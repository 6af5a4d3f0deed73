"""The demo's signing stages: the technician submits every calculated run, a second person reviews it
and the QA manager approves it, each with an electronic signature (password re-entered)."""

from __future__ import annotations

from labapp.services.context import ServiceContext
from labapp.services.workflow import list_runs, second_review_enabled, sign


def _sign_all(ctx: ServiceContext, state: str, who: tuple[str, str], action: str, reason: str) -> list[str]:
    done = []
    for run in list_runs(ctx, state):
        outcome = sign(ctx, who[0], who[1], run.id, action, reason)
        lots = f" ({len(outcome.lots_approved)} lots approved)" if outcome.lots_approved else ""
        done.append(f"{outcome.run_name}{lots}")
    return done


def _summary(done: list[str], verb: str, waiting: str) -> str:
    if not done:
        return f"no run {waiting}: nothing {verb} (skipped)"
    return f"{verb} by signature: {'; '.join(done)}"


def submit_stage(ctx: ServiceContext, technician: tuple[str, str]) -> str:
    done = _sign_all(ctx, "calculated", technician, "submit", "demo run calculated and checked")
    return _summary(done, "submitted", "is calculated")


def review_stage(ctx: ServiceContext, reviewer: tuple[str, str]) -> str:
    with ctx.read_session() as session:
        if not second_review_enabled(session):
            return "second review is switched off (skipped)"
    done = _sign_all(ctx, "submitted", reviewer, "review", "demo: QC and results reviewed")
    return _summary(done, "reviewed", "is submitted")


def approve_stage(ctx: ServiceContext, qa_manager: tuple[str, str]) -> str:
    with ctx.read_session() as session:
        waiting = "reviewed" if second_review_enabled(session) else "submitted"
    done = _sign_all(ctx, waiting, qa_manager, "approve", "demo: approved for certification")
    return _summary(done, "approved", f"is {waiting}")
