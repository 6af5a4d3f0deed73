"""Monte Carlo check (JCGM 101) against the Supplement's own examples and closed-form results."""

from __future__ import annotations

import math

import numpy as np
import pytest

from labapp.core.errors import LabappError
from labapp.core.uncertainty import (
    Budget,
    Component,
    MethodUncertainty,
    check_budget,
    compare,
    icp_solid_budgets,
    numerical_tolerance,
    propagate,
    shortest_interval,
)
from labapp.core.uncertainty.montecarlo import run_size

DRAWS = 1_000_000


def _additive(u: list[float], distribution: str) -> Budget:
    """JCGM 101 9.2: Y = X1 + X2 + X3 + X4 with x_i = 0."""
    return Budget("Y", 0.0, "", tuple(Component(f"X{i + 1}", 0.0, ui, 1.0, distribution=distribution)
                                       for i, ui in enumerate(u)))


def test_numerical_tolerance_follows_7_9_2() -> None:
    assert numerical_tolerance(2.0) == pytest.approx(0.05)  # u = 20 x 10^-1
    assert numerical_tolerance(10.15) == pytest.approx(0.5)  # u = 10 x 10^0
    assert numerical_tolerance(0.0996) == pytest.approx(0.005)  # 0.0996 -> 10 x 10^-2
    assert numerical_tolerance(1.07e-3, ndig=1) == pytest.approx(5e-4)


def test_clause_8_comparison_with_printed_9_2_results() -> None:
    # 9.2.3 (rectangular inputs): GUF [-3.92, 3.92], MCM [-3.88, 3.88], delta = 0.05: validated
    ok = compare(0.0, 2.0, math.inf, -3.88, 3.88)
    assert ok.validated and ok.d_low == pytest.approx(0.04, abs=1e-3) and ok.delta == pytest.approx(0.05)
    # 9.2.4 (one dominant rectangular input): GUF [-19.9, 19.9], MCM [-17.0, 17.0]: not validated
    bad = compare(0.0, math.sqrt(103.0), math.inf, -17.0, 17.0)
    assert not bad.validated and bad.first_order_high == pytest.approx(19.9, abs=0.05)


def test_linear_gaussian_model_agrees_9_2_2() -> None:
    check = check_budget(_additive([1.0] * 4, "normal"), draws=DRAWS, seed=1)
    mc = check.monte_carlo
    assert mc.u == pytest.approx(2.00, abs=0.005)
    assert mc.low == pytest.approx(-3.92, abs=0.02) and mc.high == pytest.approx(3.92, abs=0.02)
    assert check.validation.validated


def test_rectangular_inputs_9_2_3() -> None:
    mc = check_budget(_additive([1.0] * 4, "rectangular"), draws=DRAWS, seed=2).monte_carlo
    assert mc.u == pytest.approx(2.00, abs=0.005)
    assert (mc.high - mc.low) / 2 == pytest.approx(3.88, abs=0.01)


def test_dominant_rectangular_input_fails_validation_9_2_4() -> None:
    check = check_budget(_additive([1.0, 1.0, 1.0, 10.0], "rectangular"), draws=DRAWS, seed=3)
    mc = check.monte_carlo
    assert check.u_c == pytest.approx(10.15, abs=0.005)
    assert mc.u == pytest.approx(10.15, abs=0.03)
    assert mc.low == pytest.approx(-17.0, abs=0.1) and mc.high == pytest.approx(17.0, abs=0.1)
    assert not check.validation.validated
    assert check.validation.d_low > 2.5 and check.validation.d_high > 2.5


def test_non_linear_model_differs_where_first_order_fails_9_4() -> None:
    """Y = X1^2 + X2^2 at x = 0: first order gives u = 0; Y / u^2 is chi-square with 2 dof."""
    u = 0.005
    budget = Budget("Y", 0.0, "", (Component("X1", 0.0, u, 0.0), Component("X2", 0.0, u, 0.0)))
    check = check_budget(budget, draws=DRAWS, seed=4, model=lambda x: x["X1"] ** 2 + x["X2"] ** 2)
    mc = check.monte_carlo
    assert check.u_c == 0.0
    assert mc.y == pytest.approx(2 * u * u, rel=0.01) and mc.u == pytest.approx(2 * u * u, rel=0.01)
    assert mc.low == pytest.approx(0.0, abs=1e-8)
    assert mc.high == pytest.approx(-2 * u * u * math.log(0.05), rel=0.01)  # 1.5e-4
    assert not check.validation.validated


def test_shortest_interval_of_a_skewed_sample() -> None:
    rng = np.random.default_rng(5)
    low, high = shortest_interval(rng.exponential(1.0, DRAWS))
    assert low == pytest.approx(0.0, abs=1e-4) and high == pytest.approx(-math.log(0.05), rel=0.005)


def test_t_distributed_input_gives_the_t_interval() -> None:
    # one normal input with 4 dof: JCGM 101 samples t_4, so the interval is x +/- t_0.975(4) u
    budget = Budget("Y", 10.0, "", (Component("X", 10.0, 0.5, 1.0, dof=4),))
    check = check_budget(budget, draws=DRAWS, seed=6)
    assert check.monte_carlo.high - 10.0 == pytest.approx(2.776 * 0.5, rel=0.01)
    assert check.monte_carlo.u == pytest.approx(0.5 * math.sqrt(4 / 2), rel=0.02)  # sd of t_4 is sqrt(2)
    assert compare(10.0, 0.5, 4, check.monte_carlo.low, check.monte_carlo.high, ndig=1).validated


def test_correlated_inputs_are_sampled_jointly() -> None:
    comps = (Component("a", 1.0, 0.2, 1.0), Component("b", 2.0, 0.3, -1.0))
    r = np.array([[1.0, 0.8], [0.8, 1.0]])
    mc = propagate(lambda x: x["a"] - x["b"], comps, r, draws=DRAWS, seed=7)
    assert mc.u == pytest.approx(math.sqrt(0.04 + 0.09 - 2 * 0.8 * 0.06), rel=0.005)


ICP_METHOD = {
    "digest_volume": {"tolerance": 0.1, "distribution": "triangular"},
    "dilution": {"tolerance_percent": 0.4},
    "sample_mass": {"tolerance": 0.0002},
    "moisture": {"tolerance": 0.05},
    "recovery": {"recovery_percent": 99.0, "u_percent": 0.8},
    "reproducibility": {"rsd_percent": 1.2},
}


def _icp_budget(method: dict, dof_calibration: float) -> Budget:
    table = icp_solid_budgets(MethodUncertainty.from_dict(method), concentration=[12.5], u_calibration=[0.09],
                              dof_calibration=[dof_calibration], blank=[0.02], u_blank=[0.005],
                              volume_ml=[100.0], dilution=[10.0], dilution_steps=[1], mass_g=[0.2503],
                              moisture=[0.018])
    return table.budget(0)


def test_icp_solid_model_is_confirmed_by_monte_carlo() -> None:
    """At one significant digit of u the quotient model is linear enough: clause 8 validates it.

    The adaptive procedure (JCGM 101 7.9.4) runs until the Monte Carlo results are stable to delta/5.
    """
    budget = _icp_budget(ICP_METHOD, math.inf)
    check = check_budget(budget, ndig=1, seed=8)
    mc = check.monte_carlo
    assert mc.converged and mc.runs >= 2 and mc.draws == mc.runs * run_size(0.95) == mc.runs * 10_000
    assert check.validation.validated, check.validation
    # E[1/R] = (1 + u_rel(R)^2) / R: the Monte Carlo mean sits above y by about y * 0.008^2
    assert check.monte_carlo.y - budget.value == pytest.approx(budget.value * 0.008**2, abs=1.5)


def test_icp_solid_with_few_dof_widens_as_the_t_inputs_say() -> None:
    """Type A inputs with few dof are t-distributed in JCGM 101: the variance grows by nu / (nu - 2)."""
    method = {**ICP_METHOD, "recovery": {"recovery_percent": 99.0, "u_percent": 0.8, "dof": 12},
              "reproducibility": {"rsd_percent": 1.2, "dof": 14}}
    budget = _icp_budget(method, 5)
    expected = math.sqrt(sum(c.contribution**2 * (c.dof / (c.dof - 2) if math.isfinite(c.dof) else 1.0)
                             for c in budget.components))
    check = check_budget(budget, draws=DRAWS, seed=9)
    assert check.monte_carlo.u == pytest.approx(expected, rel=0.01)
    assert check.monte_carlo.u > 1.08 * budget.u_c


def test_too_few_draws_is_refused() -> None:
    with pytest.raises(LabappError, match="at least"):
        check_budget(_additive([1.0], "normal"), draws=1000)
