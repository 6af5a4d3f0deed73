"""Calibration and inverse prediction against published worked examples and GTC as an oracle.

QUAM = Eurachem/CITAC Guide "Quantifying Uncertainty in Analytical Measurement", 3rd ed. (2012).
Example A5 (cadmium released from ceramic ware) publishes the calibration data, B1 = 0.2410,
B0 = 0.0087, S = 0.005486, and c0 = 0.26 mg/L with u(c0) = 0.018 mg/L for two readings with
mean 0.0714. The GTC documentation (MSLNZ/GTC docs/API/CITAC_A5.rst) reproduces the example
to more digits: c0 = 0.2601659751037, u = 0.01784461112558, r(B0, B1) = -0.87038.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from GTC import set_correlation, type_a, ureal
from hypothesis import given, settings
from hypothesis import strategies as st

from labapp.core.calibration import MandelTest, fit, mandel_p_values, mandel_tests
from labapp.core.errors import LabappError

A5_X = [0.1] * 3 + [0.3] * 3 + [0.5] * 3 + [0.7] * 3 + [0.9] * 3
A5_Y = [0.028, 0.029, 0.029, 0.084, 0.083, 0.081, 0.135, 0.131, 0.133,
        0.180, 0.181, 0.183, 0.215, 0.230, 0.216]
A5_READINGS = [0.0712, 0.0716]


def test_quam_a5_calibration_line() -> None:
    cal = fit(A5_X, A5_Y)
    b0, b1 = cal.coefficients
    assert round(b1, 4) == 0.2410
    assert round(b0, 4) == 0.0087
    assert round(cal.residual_sd, 6) == 0.005486
    assert cal.dof == 13
    correlation = cal.covariance[0, 1] / math.sqrt(cal.covariance[0, 0] * cal.covariance[1, 1])
    assert -0.87039 < correlation <= -0.87038  # GTC doctest prints -0.87038...


def test_quam_a5_inverse_prediction() -> None:
    cal = fit(A5_X, A5_Y)
    c0, u = cal.inverse(np.mean(A5_READINGS), replicates=2)
    assert round(c0, 2) == 0.26 and round(u, 3) == 0.018  # QUAM A5 as printed
    assert c0 == pytest.approx(0.2601659751037, rel=1e-12)  # GTC's rendering of A5
    assert u == pytest.approx(0.01784461112558, rel=1e-12)


def test_inverse_equals_quam_e4_formula_vectorized() -> None:
    """QUAM E.4: u(x0) = S/B1 sqrt(1/p + 1/n + (x0 - xbar)^2 / Sxx), written out independently."""
    x, y = np.array(A5_X), np.array(A5_Y)
    cal = fit(x, y)
    b0, b1 = cal.coefficients
    signals = np.array([0.02, 0.0714, 0.15, 0.22, 0.5])
    replicates = np.array([1, 2, 3, 1, 5])
    s = math.sqrt(np.sum((y - b0 - b1 * x) ** 2) / (x.size - 2))
    x0 = (signals - b0) / b1
    sxx = np.sum((x - x.mean()) ** 2)
    expected = s / b1 * np.sqrt(1 / replicates + 1 / x.size + (x0 - x.mean()) ** 2 / sxx)
    got = cal.inverse(signals, replicates)
    np.testing.assert_allclose(got.value, x0, rtol=1e-13)
    np.testing.assert_allclose(got.u, expected, rtol=1e-12)


@pytest.mark.parametrize(("weighting", "power"), [("1/x", 0.5), ("1/x2", 1.0)])
def test_weighted_inverse_matches_gtc_relative_weighted_fit(weighting: str, power: float) -> None:
    """GTC line_fit_rwls takes s_y proportional to the SD of y: s_y = x^0.5 for 1/x, x for 1/x^2."""
    x, y = np.array(A5_X), np.array(A5_Y)
    cal = fit(x, y, weighting=weighting)
    oracle = type_a.line_fit_rwls(list(x), list(y), list(x**power))
    intercept, slope = oracle.a_b
    assert cal.coefficients[0] == pytest.approx(intercept.x, rel=1e-12)
    assert cal.coefficients[1] == pytest.approx(slope.x, rel=1e-12)
    assert math.sqrt(cal.covariance[1, 1]) == pytest.approx(slope.u, rel=1e-10)
    for readings in ([0.0712, 0.0716], [0.19], [0.205, 0.201, 0.207]):
        x0, u = cal.inverse(np.mean(readings), replicates=len(readings))
        expected = oracle.x_from_y(readings, x0**power)
        assert x0 == pytest.approx(expected.x, rel=1e-12)
        assert u == pytest.approx(expected.u, rel=1e-10)


def test_quadratic_inverse_matches_gtc_propagation_with_correlations() -> None:
    """Delta method with the full coefficient covariance (GUM 5.2 / H.3), GTC as the oracle."""
    x, y = np.array(A5_X), np.array(A5_Y)
    cal = fit(x, y, model="quadratic")
    cov = cal.covariance
    sd = np.sqrt(np.diag(cov))
    b = [ureal(cal.coefficients[j], sd[j], independent=False) for j in range(3)]
    for i in range(3):
        for j in range(i + 1, 3):
            set_correlation(cov[i, j] / (sd[i] * sd[j]), b[i], b[j])
    for y0, p in ((0.0714, 2), (0.15, 1), (0.21, 4)):
        signal = ureal(y0, cal.residual_sd / math.sqrt(p))
        root = 2 * (signal - b[0]) / (b[1] + (b[1] ** 2 + 4 * b[2] * (signal - b[0])) ** 0.5)
        x0, u = cal.inverse(y0, p)
        assert x0 == pytest.approx(root.x, rel=1e-12)
        assert u == pytest.approx(root.u, rel=1e-10)


@pytest.mark.real_files
def test_mandel_test_on_din_38402_51_examples(reference_dir) -> None:
    """Example C.3 (iron) bends visibly at the top; F(1, 7; 99 %) = 12.25 from F tables."""
    data = pd.read_csv(reference_dir / "calibration" / "din38402c3.csv")
    cal = fit(data["conc_mgL"], data["ext"])
    mandel = cal.mandel()
    assert mandel.dof == 7
    assert round(mandel.f_critical, 2) == 12.25
    assert mandel.pg > mandel.f_critical and mandel.verdict == "quadratic"
    # Restricted to the straight part (2 ... 12 mg/L) the line is adequate.
    low = data["conc_mgL"] <= 12
    assert fit(data["conc_mgL"][low], data["ext"][low]).mandel().verdict == "linear"


@pytest.mark.real_files
def test_mandel_tests_of_several_lines_at_once_din_38402_51(reference_dir) -> None:
    """Example C.3 twice, at 99 % and 95 %: F(1, 7) = 12.25 and 5.59 from F tables; the curved full
    range has p < 0.01, its straight part (2 ... 12 mg/L) p > 0.01, as the one-line test says."""
    data = pd.read_csv(reference_dir / "calibration" / "din38402c3.csv")
    full = fit(data["conc_mgL"], data["ext"])
    low = data["conc_mgL"] <= 12
    straight = fit(data["conc_mgL"][low], data["ext"][low])
    tests = mandel_tests([full, full, straight], [0.01, 0.05, 0.01])
    assert [t.dof for t in tests[:2]] == [7, 7]
    assert round(tests[0].f_critical, 2) == 12.25 and round(tests[1].f_critical, 2) == 5.59
    assert tests[0] == full.mandel(0.01) and tests[2] == straight.mandel(0.01)
    p = mandel_p_values(tests)
    assert p[0] < 0.01 and p[0] == p[1] and p[2] > 0.01
    # PG exactly at the critical value has p = alpha (the quantile's definition); PG = inf gives 0
    crit = tests[1].f_critical
    at_critical = MandelTest(ds2=1.0, pg=crit, f_critical=crit, dof=7, alpha=0.05)
    infinite = MandelTest(ds2=1.0, pg=math.inf, f_critical=12.25, dof=7, alpha=0.01)
    assert mandel_p_values([at_critical, infinite]) == pytest.approx([0.05, 0.0], rel=1e-9)


def test_mandel_quantities_follow_their_definition() -> None:
    """DS^2 = (N-2) s_y1^2 - (N-3) s_y2^2 and PG = DS^2 / s_y2^2 from two separate fits."""
    x, y = np.array(A5_X), np.array(A5_Y)
    s1 = fit(x, y).residual_sd
    s2 = fit(x, y, model="quadratic").residual_sd
    mandel = fit(x, y).mandel()
    assert mandel.ds2 == pytest.approx((15 - 2) * s1**2 - (15 - 3) * s2**2, rel=1e-10)
    assert mandel.pg == pytest.approx(mandel.ds2 / s2**2, rel=1e-12)


def test_procedure_statistics_din_38402_51() -> None:
    """s_x0 = s_y / b1 and V_x0 = 100 s_x0 / xbar; r is Pearson's r for the straight line."""
    x, y = np.array(A5_X), np.array(A5_Y)
    cal = fit(x, y)
    assert cal.s_x0 == pytest.approx(0.005485645603965657 / 0.2410, rel=1e-12)
    assert cal.v_x0 == pytest.approx(100 * cal.s_x0 / 0.5, rel=1e-12)
    assert cal.r == pytest.approx(np.corrcoef(x, y)[0, 1], rel=1e-12)
    np.testing.assert_allclose(cal.residuals, y - cal.predict(x), atol=1e-15)


def test_quadratic_signal_beyond_the_extremum_is_nan_not_a_wrong_root() -> None:
    x = np.array([1.0, 2, 3, 4, 5, 6])
    cal = fit(x, 10 * x - 0.5 * x**2, model="quadratic")  # maximum 50 at x = 10
    value, u = cal.inverse(np.array([24.0, 60.0]))
    assert value[0] == pytest.approx((20 - math.sqrt(208)) / 2, rel=1e-12)  # x^2 - 20x + 48 = 0
    assert math.isnan(value[1]) and math.isnan(u[1])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"model": "cubic"}, "unknown calibration model"),
        ({"weighting": "1/y"}, "unknown weighting"),
    ],
)
def test_bad_arguments_raise_user_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(LabappError, match=message):
        fit([1, 2, 3, 4], [1, 2, 3, 4.1], **kwargs)


def test_weighting_refuses_a_zero_standard_and_too_few_points() -> None:
    with pytest.raises(LabappError, match="above zero"):
        fit([0, 1, 2, 3], [0.01, 1, 2, 3], weighting="1/x")
    with pytest.raises(LabappError, match="at least 3 standards"):
        fit([1, 2], [1, 2])
    with pytest.raises(LabappError, match="missing or infinite"):
        fit([1, 2, 3], [1, float("nan"), 3])


@settings(max_examples=60, deadline=None)
@given(
    b0=st.floats(-50, 50),
    b1=st.floats(0.5, 1e4),
    curvature=st.floats(-0.04, 0.04),
    x=st.lists(st.floats(0.0, 10.0), min_size=1, max_size=8),
)
def test_inverse_undoes_predict(b0: float, b1: float, curvature: float, x: list[float]) -> None:
    """inverse(predict(x)) == x on the calibrated range for straight and curved functions."""
    standards = np.linspace(0, 10, 7)
    noise = np.array([1, -1, 0.5, 0, -0.5, 1, -1]) * 1e-3 * b1
    for model, b2 in (("linear", 0.0), ("quadratic", curvature * b1)):
        cal = fit(standards, b0 + b1 * standards + b2 * standards**2 + noise, model=model)
        back = cal.inverse(cal.predict(np.array(x))).value
        np.testing.assert_allclose(back, x, rtol=1e-9, atol=1e-9 * 10)
