"""JCGM 101 Monte Carlo cross-check of a stored result's first-order (GUM) uncertainty, on request.

A preparation's result stores one budget; a lot's reportable result stores the budgets of the
digests it averages, and each of those is checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from labapp.core.errors import LabappError
from labapp.core.uncertainty import Budget, MonteCarloCheck, check_budget
from labapp.services.context import ServiceContext
from labapp.store.results import Result


@dataclass(frozen=True)
class BudgetCheck:
    label: str
    unit: str
    check: MonteCarloCheck


def monte_carlo_check(
    ctx: ServiceContext, result_id: int, *, seed: int | None = None, draws: int | None = None
) -> list[BudgetCheck]:
    """Check every budget behind result `result_id`; `draws=None` runs JCGM 101's adaptive procedure."""
    if draws is not None and draws < 10**5:
        raise LabappError("use at least 100000 draws (JCGM 101 7.2.1), or leave --draws out for adaptive")
    with ctx.read_session() as session:
        result = session.get(Result, result_id)
        if result is None:
            raise LabappError(f"no result with id {result_id}")
        if not result.budget_json:
            raise LabappError(f"result {result_id} has no uncertainty budget (censored or not calculated)")
        stored = json.loads(result.budget_json)
    budgets = _budgets(stored, label=f"result {result_id}")
    return [
        BudgetCheck(label, budget.unit, check_budget(budget, seed=seed, draws=draws))
        for label, budget in budgets
    ]


def _budgets(stored: dict, label: str) -> list[tuple[str, Budget]]:
    if "components" in stored:
        return [(label, Budget.from_dict(stored))]
    digests = stored.get("digests") or []
    budgets = [(d.get("label", label), Budget.from_dict(d["budget"])) for d in digests if d.get("budget")]
    if not budgets:
        raise LabappError(f"{label}: its stored budget holds no component budget to check")
    return budgets
