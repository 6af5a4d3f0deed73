"""Calculate a run, then grade its lots against the default criteria set: the desktop's Calculate.

A technician calculates to grade: the reviewer and the QA manager sign over the grades, and a
certificate needs a current grading. Grading right after the calculation takes the separate Grading
page out of the daily job; the Grading page stays for other criteria sets and decision rules.

Two units of work, each whole or nothing and each audited under its own event ("calculate", then
"grade"), the second started only when the first committed. A calculation stands even when its
grading is refused (e.g. a frozen criteria set whose file was edited, or any other failure): the
grading's refusal is returned beside the calculation, so the page shows both and the Grading page can
grade again.
A person who may calculate but not grade gets the calculation only (`grading_skipped`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from labapp.core.progress import NO_PROGRESS, Progress
from labapp.security.roles import Action, allowed
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.calculation.calculate import CalculationSummary, calculate_run
from labapp.services.context import ServiceContext
from labapp.services.grading.criteria_catalog import default_set
from labapp.services.grading.grade import LotGradingSummary, current_grading, grade_lots
from labapp.services.grading.inputs import lots_of_run

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CalculatedAndGraded:
    calculation: CalculationSummary
    gradings: tuple[LotGradingSummary, ...] = ()  # one per lot graded (stored or not gradable)
    grading_refusal: Exception | None = None  # why the grading did not happen, when it was refused
    grading_skipped: bool = False  # the person may calculate but not grade
    graded_elsewhere: tuple[str, ...] = ()  # lots last graded against another set: left to the Grading page

    @property
    def graded(self) -> tuple[LotGradingSummary, ...]:
        """The lots that got a stored grading."""
        return tuple(g for g in self.gradings if g.stored)


def calculate_and_grade(
    ctx: ServiceContext,
    run: int | str,
    by: AuthenticatedUser,
    progress: Progress = NO_PROGRESS,
    *,
    method_id: str | None = None,
) -> CalculatedAndGraded:
    """Calculate `run` as `by` (CalculationSummary as calculate_run; `method_id` as there), then grade
    the run's lots against the default criteria set and the default screens when `by` may grade.

    A lot whose latest grading is against another set is not graded here (`graded_elsewhere`): a
    recalculation must not switch the set a QA manager chose behind their back; its grading is then
    older than its results, which the certificate refuses until it is graded again."""
    summary = calculate_run(ctx, run, by, progress, method_id=method_id)
    if not allowed(by.current_roles(), Action.GRADE):
        return CalculatedAndGraded(summary, grading_skipped=True)
    try:
        default, elsewhere = _lots_by_set(ctx, summary.run_id)
        gradings = grade_lots(ctx, by, lots=default, progress=progress) if default else []
    except Exception as exc:  # noqa: BLE001 - the calculation committed; the grading's refusal is shown beside it
        log.warning("grading after the calculation of run %s refused: %s", summary.run_id, exc)
        return CalculatedAndGraded(summary, grading_refusal=exc)
    return CalculatedAndGraded(summary, tuple(gradings), graded_elsewhere=tuple(elsewhere))


def _lots_by_set(ctx: ServiceContext, run_id: int) -> tuple[list[str], list[str]]:
    """The run's lots to grade against the default set, and those last graded against another set."""
    with ctx.read_session() as session:
        codes = lots_of_run(session, run_id)
    default_id = default_set().id
    latest = {code: current_grading(ctx, code) for code in codes}
    elsewhere = [c for c, g in latest.items() if g is not None and g.criteria.id != default_id]
    return [c for c in codes if c not in elsewhere], elsewhere
