"""The home page's worklist: what waits for the signed-in person, one line per kind of work with a count.

The person's roles decide which kinds are listed (through the permission table, not role names);
runs to sign are only those the person may sign by the four-eyes rule (never their own work). Runs to
calculate include calculated runs whose dry basis a later measured moisture made stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from sqlalchemy import and_, or_, select

from labapp.core.vocabulary import CheckOutcome
from labapp.security.roles import Action, allowed
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.calculation.moisture_basis import stale_runs
from labapp.services.context import ServiceContext
from labapp.services.workflow.review import SIGN_PERMISSION, SignAction, may_sign, run_name
from labapp.store.lots import Lot
from labapp.store.panel import PanelTest
from labapp.store.results import QcOutcome, Result
from labapp.store.runs import InstrumentRun
from labapp.store.states import LotState, PanelTestState, RunState


class WorkKind(Enum):
    """A kind of waiting work (the GUI gives each its words; never shown as is)."""

    LOTS_WAITING = "lots_waiting"
    RUNS_TO_CALCULATE = "runs_to_calculate"
    RUNS_TO_SIGN = "runs_to_sign"
    CERTIFICATES_TO_ISSUE = "certificates_to_issue"
    FAILED_QC = "failed_qc"
    PANEL_TO_VERIFY = "panel_to_verify"


_NEEDS: dict[WorkKind, tuple[Action, ...]] = {
    WorkKind.LOTS_WAITING: (Action.IMPORT_RUN,),
    WorkKind.RUNS_TO_CALCULATE: (Action.CALCULATE,),
    WorkKind.RUNS_TO_SIGN: (Action.REVIEW, Action.APPROVE),
    WorkKind.CERTIFICATES_TO_ISSUE: (Action.ISSUE_CERTIFICATE,),
    WorkKind.FAILED_QC: (Action.CALCULATE, Action.REVIEW, Action.APPROVE),
    WorkKind.PANEL_TO_VERIFY: (Action.REVIEW, Action.APPROVE, Action.CALCULATE),
}


# a check that failed; "not applicable" (no CRM for the element, no duplicate ...) is no failure. Rows
# stored before outcomes were recorded have only `passed`.
_FAILED = or_(
    QcOutcome.outcome == CheckOutcome.FAIL, and_(QcOutcome.outcome.is_(None), QcOutcome.passed.is_(False))
)


@dataclass(frozen=True)
class WorkItem:
    """One line of the worklist: its kind and the runs or lots it counts (first = the one to open)."""

    kind: WorkKind
    run_ids: tuple[int, ...] = ()
    lot_codes: tuple[str, ...] = ()
    names: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return max(len(self.run_ids), len(self.lot_codes))


def kinds_for(user: AuthenticatedUser | None) -> list[WorkKind]:
    """The kinds of work the person's roles can act on (everything when no one is signed in: read only)."""
    roles = user.current_roles() if user is not None else None
    return [k for k, needs in _NEEDS.items() if roles is None or any(allowed(roles, a) for a in needs)]


def worklist(ctx: ServiceContext, user: AuthenticatedUser | None) -> list[WorkItem]:
    """What waits, per kind the person may act on, in the order of the daily job."""
    with ctx.read_session() as session:
        runs = list(session.scalars(select(InstrumentRun).order_by(InstrumentRun.id.desc())))
        lots = list(session.scalars(select(Lot).order_by(Lot.code)))
        measured = set(session.scalars(select(Result.lot_id).distinct()))
        failed = set(session.scalars(select(QcOutcome.run_id).where(_FAILED).distinct()))
        panel = list(session.scalars(select(PanelTest).where(PanelTest.state == PanelTestState.ENTERED)))
        lot_codes = {lot.id: lot.code for lot in lots}
        # calculated before a lot's measured moisture was submitted: its dry basis needs recalculating
        stale = stale_runs(session, [r.id for r in runs if r.state == RunState.CALCULATED])
        open_runs = [r for r in runs if r.state != RunState.APPROVED]

        def signable(run: InstrumentRun) -> bool:
            if user is None:
                return run.state in (RunState.SUBMITTED, RunState.REVIEWED)
            steps = (SignAction.REVIEW, SignAction.APPROVE)
            return any(
                allowed(user.current_roles(), SIGN_PERMISSION[s]) and may_sign(session, run, s, user)
                for s in steps
            )

        found = {
            WorkKind.LOTS_WAITING: WorkItem(
                WorkKind.LOTS_WAITING,
                lot_codes=tuple(
                    lot.code for lot in lots if lot.state == LotState.REGISTERED and lot.id not in measured
                ),
            ),
            WorkKind.RUNS_TO_CALCULATE: _runs(
                WorkKind.RUNS_TO_CALCULATE,
                [r for r in runs if r.state in (RunState.IMPORTED, RunState.REJECTED) or r.id in stale],
            ),
            WorkKind.RUNS_TO_SIGN: _runs(WorkKind.RUNS_TO_SIGN, [r for r in runs if signable(r)]),
            WorkKind.CERTIFICATES_TO_ISSUE: WorkItem(
                WorkKind.CERTIFICATES_TO_ISSUE,
                lot_codes=tuple(
                    lot.code for lot in lots if lot.state in (LotState.APPROVED, LotState.AMENDMENT_NEEDED)
                ),
            ),
            WorkKind.FAILED_QC: _runs(WorkKind.FAILED_QC, [r for r in open_runs if r.id in failed]),
            WorkKind.PANEL_TO_VERIFY: WorkItem(
                WorkKind.PANEL_TO_VERIFY,
                lot_codes=tuple(
                    lot_codes[t.lot_id] for t in panel if user is None or t.entered_by != user.username
                ),
            ),
        }
    return [found[kind] for kind in kinds_for(user)]


def _runs(kind: WorkKind, runs: list[InstrumentRun]) -> WorkItem:
    return WorkItem(kind, run_ids=tuple(r.id for r in runs), names=tuple(run_name(r) for r in runs))
