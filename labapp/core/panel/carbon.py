"""Total carbon by combustion (LECO-style analysers): the instrument's result in wt%, per portion.

The analyser reports w(C) directly from the portion mass typed into it and its own calibration.
The laboratory owns the uncertainty (Nordtest TR 537 style, top-down):

    u^2(w) = (s_r)^2 / n + (w u_rel(m))^2 + (w u_bias)^2

s_r is the method's stated repeatability (validation), u_rel(m) the relative uncertainty of the
portion mass (the analyser's balance), and u_bias the relative uncertainty of the run's CRM check,
sqrt(b^2 + u_rel(C_ref)^2) with b = (measured - certified) / certified (Nordtest TR 537 u_bias from
one CRM). The CRM's recovery is also checked against the method's window.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from labapp.core.panel.entries import EntryError
from labapp.core.panel.problems import PanelProblem
from labapp.core.panel.result import Determination, PanelResult, crm_check, finish, precision_component
from labapp.core.panel.spec import PanelMethod
from labapp.core.uncertainty.budget import Budget, Component


def bias_u(crm: tuple[float, float, float] | None) -> float:
    """Relative u_bias from one CRM: sqrt(b^2 + u_rel(C_ref)^2); 0 without a CRM measured."""
    if crm is None:
        return 0.0
    measured, certified, u_certified = crm
    if certified <= 0:
        raise EntryError.of("crm_certified", PanelProblem.POSITIVE)
    b = (measured - certified) / certified
    return math.hypot(b, u_certified / certified)


def determination(method: PanelMethod, e: Mapping[str, float], u_bias: float) -> Determination:
    """One portion's carbon with its budget."""
    value = e["carbon_pct"]
    if not 0 <= value <= 100:
        raise EntryError.of("carbon_pct", PanelProblem.NOT_PERCENT, value=value)
    components = (
        Component(
            "sample_mass",
            1.0,
            method.sample_mass_rel_u_pct / 100.0,
            value,
            unit="1",
            description="portion mass typed into the analyser (relative)",
        ),
        Component(
            "bias",
            1.0,
            u_bias,
            value,
            unit="1",
            description="CRM check of the run: sqrt(b^2 + u_rel(C_ref)^2) (Nordtest TR 537)",
        ),
        precision_component(method, value),
    )
    return Determination(value, Budget(method.analyte, value, method.unit, components, model="combustion"))


def carbon_result(
    method: PanelMethod,
    portions: Sequence[Mapping[str, float]],
    crm: tuple[float, float, float] | None = None,
) -> PanelResult:
    """The reported carbon; `crm` is (measured, certified, u of certified) in wt%, or None."""
    u_bias = bias_u(crm)
    determinations = [determination(method, p, u_bias) for p in portions]
    checks = [] if crm is None else [crm_check(method.qc, crm[0], crm[1])]
    return finish(method, method.analyte, method.unit, determinations, checks)
