"""The sampling component of a lot's result: added to the analytical U when the method enables it.

A lot's analytical budget describes the laboratory sample; the lot itself is known only through the
primary samples taken from it. With the method's ``[sampling]`` option on, every quantified
mass-fraction result y gets the named input "sampling" (u_samp = rsd |y| / sqrt(primary samples),
dof from the duplicate study), combined with the analytical u_c = U / k in quadrature:

    u_lot^2 = (U / k)^2 + u_samp^2,   nu_eff = u_lot^4 / ((U/k)^4 / nu_anal + u_samp^4 / nu_samp),
    k_lot = t_0.975(nu_eff),          U_lot = k_lot u_lot                (GUM G.4, Welch-Satterthwaite)

Grading reads U_lot, so the guard band widens with it; ``LotSampling`` keeps the two parts apart
for budgets, the GUI and the certificate. Censored results ("< LOQ") and moisture keep their own
U: the bound is a laboratory statement, moisture is measured on the as-received material.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
from scipy import optimize, stats

from labapp.core.lot_assay import AnalyteResult
from labapp.core.lot_uncertainty import LotUncertainty
from labapp.core.uncertainty.combine import combine, coverage_factor
from labapp.core.uncertainty.sampling import SAMPLING, SamplingSpec, sampling_component


@dataclass(frozen=True)
class LotSampling:
    """One result's analytical and sampling parts and the lot's U that grading uses."""

    analyte: str
    unit: str
    u_analytical: float  # U / k of the laboratory result
    u_sampling: float
    dof_sampling: float
    k: float
    expanded_uncertainty: float  # U_lot = k sqrt(u_analytical^2 + u_sampling^2)

    @property
    def sampling_share(self) -> float:
        """Fraction of the lot's variance that sampling contributes."""
        total = self.u_analytical**2 + self.u_sampling**2
        return self.u_sampling**2 / total if total > 0 else 0.0


def dof_of_k(k: float, confidence: float = 0.95) -> float:
    """The dof whose t quantile is ``k`` (infinite for k <= 2 at 95 %, the EA-4/02 convention)."""
    if k <= float(coverage_factor(math.inf, confidence)) + 1e-12:
        return math.inf
    p = 0.5 * (1.0 + confidence)
    return float(optimize.brentq(lambda nu: stats.t.ppf(p, nu) - k, 0.2, 1e7))


def lot_sampling(result: AnalyteResult, spec: SamplingSpec, analytical_dof: float | None = None,
                 confidence: float = 0.95) -> LotSampling | None:
    """The sampling part of one result, or None when it gets none (option off, censored, no U, moisture).

    ``analytical_dof`` defaults to the dof that the result's own k stands for (``dof_of_k``)."""
    if (not spec.enabled or result.analyte == "moisture" or result.censored == "<" or result.value is None
            or result.expanded_uncertainty is None):
        return None
    spec = spec.for_element(result.analyte)
    u_anal = result.expanded_uncertainty / result.coverage_factor
    if analytical_dof is None:
        analytical_dof = dof_of_k(result.coverage_factor, confidence)
    part = sampling_component(result.value, spec, result.unit)
    combined = combine([u_anal, part.u], [analytical_dof, part.dof], confidence)
    k = float(combined.k)
    return LotSampling(result.analyte, result.unit, u_anal, part.u, part.dof, k, k * float(combined.u_c))


def with_sampling(results: Iterable[AnalyteResult], spec: SamplingSpec,
                  confidence: float = 0.95) -> tuple[list[AnalyteResult], dict[str, LotSampling]]:
    """The results with U_lot in place of U (and k_lot), and the sampling part of each changed one.

    The sampling input is also added to each result's named budgets (``LotUncertainty.lot_components``),
    so a sum such as Ni+Co, propagated from those budgets, carries it once, like the analytes' own U.
    """
    out: list[AnalyteResult] = []
    parts: dict[str, LotSampling] = {}
    for r in results:
        part = lot_sampling(r, spec, confidence=confidence)
        if part is None:
            out.append(r)
            continue
        parts[r.analyte] = part
        out.append(replace(r, expanded_uncertainty=part.expanded_uncertainty, coverage_factor=part.k,
                           uncertainty=_with_sampling_input(r.uncertainty, spec.for_element(r.analyte))))
    return out, parts


def _with_sampling_input(uncertainty: LotUncertainty | None, spec: SamplingSpec) -> LotUncertainty | None:
    """The digests' budgets with the lot-level "sampling" input, in the budgets' own unit (the lot value
    is the mean of the digests' values); unchanged when the budgets already carry one."""
    if uncertainty is None or any(c.name == SAMPLING for c in uncertainty.lot_components):
        return uncertainty
    budgets = [b for _, b in uncertainty.digests]
    value = float(np.mean([b.value for b in budgets]))
    component = sampling_component(value, spec, budgets[0].unit)
    return replace(uncertainty, lot_components=(*uncertainty.lot_components, component))
