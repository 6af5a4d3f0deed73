"""Measurement uncertainty: GUM budgets, Nordtest top-down, Monte Carlo check and reporting.

combine.py       u_c, Welch-Satterthwaite nu_eff, k and U from contributions (vectorised)
budget.py        Component, Budget (one result, JSON round trip) and BudgetTable (a run)
correlated.py    several results' budgets combined with their shared named inputs correlated (GUM 5.2)
distributions.py standard uncertainty from tolerances (rectangular, triangular, normal, arcsine)
method.py        the method's [uncertainty] section as a validated schema
models.py        ICP-OES solid bottom-up model, Nordtest top-down and XRF budgets
montecarlo.py    JCGM 101 propagation and the clause 8 comparison
reporting.py     U to two significant digits, the value to the same decimal place
"""

from labapp.core.uncertainty.budget import Budget, BudgetTable, Component
from labapp.core.uncertainty.combine import Combined, combine, coverage_factor
from labapp.core.uncertainty.correlated import NotCorrelatable, Term, combine_terms
from labapp.core.uncertainty.distributions import Tolerance, standard_uncertainty
from labapp.core.uncertainty.method import (
    MassSpec,
    MethodUncertainty,
    RecoverySpec,
    ReproducibilitySpec,
    TopDownSpec,
    VolumeSpec,
)
from labapp.core.uncertainty.models import icp_solid_budgets, icp_solid_value, top_down_budgets, xrf_budgets
from labapp.core.uncertainty.montecarlo import (
    MonteCarloCheck,
    check_budget,
    compare,
    numerical_tolerance,
    propagate,
    propagate_adaptive,
    shortest_interval,
)
from labapp.core.uncertainty.reporting import (
    ReportedResult,
    report,
    report_k,
    report_limit,
    report_number,
    round_limit,
    round_result,
    round_uncertainty,
)

__all__ = [
    "Budget", "BudgetTable", "Combined", "Component", "MassSpec", "MethodUncertainty", "MonteCarloCheck",
    "NotCorrelatable", "RecoverySpec", "ReportedResult", "ReproducibilitySpec", "Term", "Tolerance",
    "TopDownSpec", "VolumeSpec", "check_budget", "combine", "combine_terms", "compare", "coverage_factor",
    "icp_solid_budgets", "icp_solid_value", "numerical_tolerance", "propagate", "propagate_adaptive",
    "report", "report_k", "report_limit", "report_number", "round_limit", "round_result", "round_uncertainty",
    "shortest_interval", "standard_uncertainty", "top_down_budgets", "xrf_budgets",
]
