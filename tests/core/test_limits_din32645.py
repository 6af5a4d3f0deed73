"""Detection and quantification limits against published DIN 32645 results and hand calculations.

DIN 32645 example (carbon in water; data as distributed with the R packages chemCal and
envalysis). Published results, all with alpha = 0.01, m = 1:
  * chemCal tests/testthat/test_lod_loq.R and test_din32645.R (Dintest / Procontrol 3.1 values):
    decision limit x_NG = 0.0698127 at the critical signal y = 3155.393; detection limit
    x_EG = 0.14 (DIN 32645); quantification limit x_BG = 0.212 (Procontrol 0.2121, k = 3);
    inverse prediction of y = 3500: x = 0.1054792, standard error 0.02215619, 99 % half
    width 0.07434 (Procontrol).
  * envalysis tests/testthat/_snaps/calibration.md: slope 9662, the ten blank signals
    2003 1901 2212 1976 2279 1853 2165 2108 2368 1943 and the blank-method limit 0.053.
The calibration signals themselves are not reproduced in those sources. A straight line is
fully summarised for these formulas by (b0, b1, s_y, n, x_mean, Q_xx): the design is the ten
equidistant standards 0.05 ... 0.50 mg/L, b0 and b1 follow from the two published (x, y) pairs,
and s_y from the published standard error. Residuals of a fixed pattern orthogonal to 1 and x,
scaled to s_y, rebuild a data set with exactly those statistics; x_NG, y_k, x_EG and x_BG are
then independent checks of the DIN formulas.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from labapp.core.calibration import fit
from labapp.core.conversion import limit_to_solid
from labapp.core.errors import LabappError
from labapp.core.limits import blank_limits, din32645_blank, din32645_calibration

X_NG, Y_NG = 0.0698127, 3155.393
X_3500, SE_3500 = 0.1054792, 0.02215619
DIN_BLANKS = [2003, 1901, 2212, 1976, 2279, 1853, 2165, 2108, 2368, 1943]


@pytest.fixture(scope="module")
def din_fit():
    x = np.arange(1, 11) * 0.05
    b1 = (3500 - Y_NG) / (X_3500 - X_NG)
    b0 = 3500 - b1 * X_3500
    q_xx = np.sum((x - x.mean()) ** 2)
    s_y = SE_3500 * b1 / math.sqrt(1 + 1 / 10 + (X_3500 - x.mean()) ** 2 / q_xx)
    pattern = np.array([1.0, -1, -1, 1, 0, 0, 1, -1, -1, 1])
    design = np.column_stack([np.ones(10), x])
    pattern -= design @ np.linalg.lstsq(design, pattern, rcond=None)[0]
    residuals = pattern * s_y / math.sqrt(pattern @ pattern / 8)
    return fit(x, b0 + b1 * x + residuals)


def test_rebuilt_example_reproduces_the_published_inverse_prediction(din_fit) -> None:
    value, u = din_fit.inverse(3500)
    assert value == pytest.approx(X_3500, abs=1e-7)
    assert u == pytest.approx(SE_3500, rel=1e-7)
    assert round(u * stats.t.ppf(0.995, din_fit.dof), 5) == 0.07434  # Procontrol 3.1


def test_din32645_calibration_method(din_fit) -> None:
    limits = din32645_calibration(din_fit, alpha=0.01)
    assert limits.decision == pytest.approx(X_NG, abs=5e-8)  # Dintest 0.0698, DIN 0.07
    assert limits.critical_signal == pytest.approx(Y_NG, abs=5e-4)
    assert round(limits.detection, 2) == 0.14  # DIN 32645: x_EG = 2 x_NG for alpha = beta
    assert round(limits.quantification, 3) == 0.212  # Procontrol 0.2121, chemCal/envalysis 0.212
    assert limits.dof == 8 and limits.k == 3.0


def test_quantification_limit_solves_the_din_equation(din_fit) -> None:
    """x_BG = k s_x0 t(f, 1 - alpha/2) sqrt(1/m + 1/n + (x_BG - xbar)^2 / Q_xx), k and alpha varied."""
    for k, alpha, m in ((3, 0.01, 1), (2, 0.05, 1), (3, 0.05, 3)):
        x_bg = din32645_calibration(din_fit, replicates=m, alpha=alpha, k=k).quantification
        rhs = k * din_fit.s_x0 * stats.t.ppf(1 - alpha / 2, 8) * math.sqrt(
            1 / m + 1 / 10 + (x_bg - din_fit.x_mean) ** 2 / din_fit.q_xx
        )
        assert x_bg == pytest.approx(rhs, rel=1e-12)


def test_detection_limit_with_a_different_beta(din_fit) -> None:
    limits = din32645_calibration(din_fit, alpha=0.01, beta=0.05)
    ratio = (stats.t.ppf(0.99, 8) + stats.t.ppf(0.95, 8)) / stats.t.ppf(0.99, 8)
    assert limits.detection == pytest.approx(ratio * limits.decision, rel=1e-12)


def test_din32645_blank_method_published_blanks() -> None:
    limits = din32645_blank(DIN_BLANKS, slope=9662, alpha=0.01)
    assert round(limits.decision, 3) == 0.053  # envalysis DIN 32645 example
    # Hand calculation with table quantiles t(9, 0.99) = 2.821 and t(9, 0.995) = 3.250.
    s_l = float(np.std(DIN_BLANKS, ddof=1))
    assert s_l == pytest.approx(172.2580751, rel=1e-9)
    assert limits.decision == pytest.approx(s_l / 9662 * 2.821 * math.sqrt(1.1), rel=2e-4)
    assert limits.detection == pytest.approx(2 * limits.decision, rel=1e-12)
    assert limits.quantification == pytest.approx(3 * s_l / 9662 * 3.250 * math.sqrt(1.1), rel=2e-4)


def test_blank_limits_three_and_ten_s_with_correction_factor() -> None:
    """Eurachem Fitness for Purpose 2nd ed. 6.2: s0' = s0 sqrt(1/n + 1/n_b), LOD 3 s0', LOQ 10 s0'."""
    blanks = [0.10, 0.12, 0.08, 0.11, 0.09]  # mg/L: mean 0.10, s0 = sqrt(0.001/4) = 0.0158114
    plain = blank_limits(blanks, blank_corrected=False)
    assert plain.s0 == pytest.approx(math.sqrt(0.001 / 4), rel=1e-12)
    assert plain.lod == pytest.approx(3 * 0.0158113883, rel=1e-9)
    assert plain.loq == pytest.approx(10 * 0.0158113883, rel=1e-9)
    corrected = blank_limits(blanks, replicates=2, n_blank=4)
    assert corrected.s0_prime == pytest.approx(0.0158113883 * math.sqrt(1 / 2 + 1 / 4), rel=1e-9)
    in_signal = blank_limits(s0=50.0, slope=-2000.0, n_blank=1)
    assert in_signal.lod == pytest.approx(3 * 0.025 * math.sqrt(2), rel=1e-12)


def test_limits_convert_to_solid_units(din_fit) -> None:
    """0.212 mg/L in 100 mL from 0.25 g: 0.0212 mg / 250 mg = 84.8 mg/kg, 0.00848 wt %."""
    x_bg = din32645_calibration(din_fit).quantification
    in_mg_kg = limit_to_solid(x_bg, volume=100, mass=0.25)
    assert in_mg_kg == pytest.approx(x_bg * 400, rel=1e-12)
    assert limit_to_solid(0.212, volume=100, mass=0.25, unit="wt%") == pytest.approx(0.00848, rel=1e-12)


def test_limits_refuse_unsuitable_input(din_fit) -> None:
    with pytest.raises(LabappError, match="unweighted straight line"):
        din32645_calibration(fit([1, 2, 3, 4, 5], [1.1, 3.9, 9.2, 15.8, 25.1], model="quadratic"))
    with pytest.raises(LabappError, match="either"):
        blank_limits()
    with pytest.raises(LabappError, match="too imprecise"):
        din32645_calibration(fit([1, 2, 3, 4], [1, 9, 2, 8]))


def test_the_uncertainty_loq_with_dins_coverage_and_target_is_dins_x_bg(din_fit) -> None:
    """Issue 17: the LOQ is the level where the relative expanded uncertainty reaches a target.
    DIN 32645's x_BG is that level for the calibration term alone, U = t(f, 1 - alpha/2) u(x) and
    target 1/k = 1/3: the grid search of labapp.core.quantification gives Procontrol's 0.2121."""
    from labapp.core.quantification import GRID, calibration_u, lowest_quantifiable

    exact = din32645_calibration(din_fit).quantification
    t = stats.t.ppf(0.995, din_fit.dof)
    for grid, tolerance in ((GRID * 0.5, 1e-3), (np.geomspace(0.05, 0.5, 4001), 1e-7)):
        rel = t * calibration_u(din_fit, grid, 1) / grid
        limit = lowest_quantifiable(grid, rel[None, :], 1 / 3)[0]
        assert limit == pytest.approx(exact, rel=tolerance)  # the pipeline's grid: within 0.1 %
        assert round(limit, 3) == 0.212  # Procontrol 0.2121, chemCal/envalysis 0.212
