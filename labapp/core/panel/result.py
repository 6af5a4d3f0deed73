"""A panel test's result: the mean of its determinations, the budget of the mean, QC checks, reporting.

Each determination (one test portion) is calculated with its own GUM budget. The reported value is
their mean. The budget of the mean keeps the named components of one determination, each at the
mean of the determinations' standard uncertainties (balance, glassware and calibration terms do
not average out between portions; conservative, as the ICP digests' u in labapp.core.reportable),
while the method's repeatability enters once as s_r / sqrt(n). Reporting goes through the one
rounding rule (labapp.core.uncertainty.reporting) and the method's LOQ policy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from labapp.core.errors import LabappError
from labapp.core.panel.spec import PanelMethod, PanelQc
from labapp.core.uncertainty.budget import Budget, Component
from labapp.core.uncertainty.reporting import ReportedResult, report
from labapp.core.vocabulary import Basis, CheckOutcome, PanelCheck

PRECISION = "precision"  # the component of the method's repeatability, counted once for the mean


@dataclass(frozen=True)
class Check:
    """One QC check of a panel test: what was measured, its limits, and the outcome."""

    check: PanelCheck
    outcome: CheckOutcome
    measured: float | None = None
    low: float | None = None
    high: float | None = None
    detail: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "check": self.check.value,
            "outcome": self.outcome.value,
            "measured": self.measured,
            "low": self.low,
            "high": self.high,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Determination:
    """One test portion's value and budget (the components named as in docs/methods.md)."""

    value: float
    budget: Budget


@dataclass(frozen=True)
class PanelResult:
    """The reported result of one analyte of a panel test."""

    analyte: str
    value: float
    unit: str
    basis: Basis
    budget: Budget
    n: int
    censored: str = ""
    loq: float | None = None
    checks: tuple[Check, ...] = ()
    derived: dict[str, float] = field(default_factory=dict)  # informational figures (D-values of a sieve)

    @property
    def U(self) -> float:  # noqa: N802 - the GUM symbol
        return self.budget.U

    @property
    def passed(self) -> bool:
        """No QC check failed."""
        return all(c.outcome is not CheckOutcome.FAIL for c in self.checks)

    def reported(self) -> ReportedResult:
        """The printed value, U and k by the project's one rounding rule."""
        if self.censored:
            return report(self.value, unit=self.unit, censored=self.censored, limit=self.loq)
        return report(self.value, self.U, self.unit, k=self.budget.k)

    @property
    def text(self) -> str:
        return self.reported().shown


def mean_budget(
    method: PanelMethod, analyte: str, unit: str, determinations: Sequence[Determination]
) -> Budget:
    """The budget of the mean of the determinations (module docstring)."""
    if not determinations:
        raise LabappError(f"{method.id}: no determination to report")
    n = len(determinations)
    mean = math.fsum(d.value for d in determinations) / n
    first = determinations[0].budget
    components = []
    for c in first.components:
        if c.name == PRECISION:
            sd = method.precision.sd(mean)
            components.append(
                Component(
                    PRECISION,
                    1.0,
                    sd / abs(mean) / math.sqrt(n) if mean else 0.0,
                    mean,
                    method.precision.dof,
                    "1",
                    "normal",
                    f"repeatability s_r / sqrt({n}) (method validation)",
                )
            )
            continue
        others = [d.budget.component(c.name) for d in determinations]
        components.append(
            Component(
                c.name,
                math.fsum(o.value for o in others) / n,
                math.fsum(o.u for o in others) / n,
                math.fsum(o.sensitivity for o in others) / n,
                c.dof,
                c.unit,
                c.distribution,
                c.description,
                c.shared,
            )
        )
    return Budget(analyte, mean, unit, tuple(components), model=first.model)


def precision_component(method: PanelMethod, value: float) -> Component:
    """The method's repeatability as a relative factor f_rep = 1 with u = s_r / |y| (sensitivity y)."""
    sd = method.precision.sd(value)
    return Component(
        PRECISION,
        1.0,
        sd / abs(value) if value else 0.0,
        value,
        method.precision.dof,
        "1",
        "normal",
        "repeatability s_r of one determination (method validation)",
    )


def duplicate_check(qc: PanelQc, values: Sequence[float]) -> Check:
    """Agreement of the determinations: the range within the absolute limit or within the relative
    limit (percent of the mean); one determination: not applicable."""
    if len(values) < 2:
        return Check(PanelCheck.DUPLICATE, CheckOutcome.NOT_APPLICABLE, detail="one determination")
    spread = max(values) - min(values)
    mean = math.fsum(values) / len(values)
    rel = 100.0 * spread / abs(mean) if mean else math.inf
    ok_abs = qc.duplicate_abs_max is not None and spread <= qc.duplicate_abs_max * (1 + 1e-9)
    ok_rel = qc.duplicate_rel_max_pct is not None and rel <= qc.duplicate_rel_max_pct * (1 + 1e-9)
    absolute = qc.duplicate_abs_max is not None
    limit = qc.duplicate_abs_max if absolute else qc.duplicate_rel_max_pct
    detail = f"range {spread:.6g} ({rel:.3g} % of the mean)"
    return Check(
        PanelCheck.DUPLICATE,
        CheckOutcome.PASS if ok_abs or ok_rel else CheckOutcome.FAIL,
        spread if absolute else rel,
        None,
        limit,
        detail,
    )


def crm_check(qc: PanelQc, measured: float, certified: float) -> Check:
    """CRM recovery in percent against the method's window; no window or no CRM: not applicable."""
    if qc.crm_recovery is None or certified <= 0:
        return Check(PanelCheck.CRM, CheckOutcome.NOT_APPLICABLE)
    recovery = 100.0 * measured / certified
    outcome = CheckOutcome.PASS if qc.crm_recovery.contains(recovery) else CheckOutcome.FAIL
    return Check(
        PanelCheck.CRM,
        outcome,
        recovery,
        qc.crm_recovery.low,
        qc.crm_recovery.high,
        f"measured {measured:.6g}, certified {certified:.6g}",
    )


def finish(
    method: PanelMethod,
    analyte: str,
    unit: str,
    determinations: Sequence[Determination],
    checks: Sequence[Check],
    loq: float | None = None,
    derived: dict[str, float] | None = None,
) -> PanelResult:
    """The result of the determinations: mean, budget of the mean, duplicate check and the LOQ policy
    (below the LOQ: "<" LOQ under "less_than", else the value with its U)."""
    budget = mean_budget(method, analyte, unit, determinations)
    values = [d.value for d in determinations]
    loq = method.loq if loq is None else loq
    below = loq is not None and budget.value < loq
    censored = "<" if below and method.loq_policy == "less_than" else ""
    all_checks = (duplicate_check(method.qc, values), *checks)
    return PanelResult(
        analyte,
        loq if censored else budget.value,
        unit,
        method.basis,
        budget,
        len(values),
        censored,
        loq,
        tuple(all_checks),
        dict(derived or {}),
    )
