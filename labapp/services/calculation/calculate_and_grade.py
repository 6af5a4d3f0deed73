"""Calculate a run, then grade its lots against the default criteria set: the desktop's Calculate.

A technician calculates to grade: the reviewer and the QA manager sign over the grades, and a
certificate needs a current grading. Grading right after the calculation takes the separate Grading
page out of the daily job; the Grading page stays for other criteria sets and decision rules.

Two units of work, each whole or nothing and each audited under its own event ("calculate", then
"grade"), the second started only when the first committed. A calculation stands even when its
grading is refused (e.g. a frozen criteria set whose file was edited): the grading's refusal is
returned beside the calculation, so the page shows both and the Grading page can grade again.
A person who may calculate but not grade gets the calculation only (`grading_skipped`).
"""

from __future__ import annotations

from dataclasses import dataclass

from labapp.core.errors import LabappError
from labapp.core.progress import NO_PROGRESS, Progress
from labapp.security.roles import Action, allowed
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.calculation.calculate import CalculationSummary, calculate_run
from labapp.services.context import ServiceContext
from labapp.services.grading.grade import LotGradingSummary, grade_lots


@dataclass(frozen=True)
class CalculatedAndGraded:
    calculation: CalculationSummary
    gradings: tuple[LotGradingSummary, ...] = ()  # one per lot of the run (stored or not gradable)
    grading_refused: str = ""  # why the grading did not happen, when it was tried and refused
    grading_skipped: bool = False  # the person may calculate but not grade

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
    the run's lots against the default criteria set and the default screens when `by` may grade."""
    summary = calculate_run(ctx, run, by, progress, method_id=method_id)
    if not allowed(by.current_roles(), Action.GRADE):
        return CalculatedAndGraded(summary, grading_skipped=True)
    try:
        gradings = grade_lots(ctx, by, run=summary.run_id, progress=progress)
    except LabappError as exc:
        return CalculatedAndGraded(summary, grading_refused=str(exc))
    return CalculatedAndGraded(summary, tuple(gradings))
