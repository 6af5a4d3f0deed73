"""Published worked examples reproduced to their printed digits.

GUM = JCGM 100:2008 annex H; QUAM = Eurachem/CITAC Guide "Quantifying Uncertainty in Analytical
Measurement" appendix A (tables A1.1 and A2.1 as printed in the guide and on measurementuncertainty.org).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from labapp.core.uncertainty import Budget, Component, Tolerance, combine, report, round_uncertainty
from labapp.core.uncertainty.method import VolumeSpec


def _digits(x: float, sig: int) -> str:
    """Rounded to nearest, as the publications print their figures (what a report prints rounds U up:
    labapp.core.uncertainty.reporting; here the computed figure is compared with the published one)."""
    return format(round_uncertainty(x, sig, "half_up"), "f")


class TestGumH1EndGauge:
    """GUM H.1: length of an end gauge, 99 % level, Welch-Satterthwaite with truncated nu_eff."""

    L_S = 50_000_623.0  # nm, length of the standard (50.000 623 mm)
    ALPHA_S = 11.5e-6
    THETA = -0.1

    def _budget(self) -> Budget:
        ls = self.L_S
        components = (
            Component("l_s", ls, 25.0, 1.0, 18),
            Component("d_mean", 215.0, 5.8, 1.0, 24),
            Component("d_1", 0.0, 3.9, 1.0, 5),
            Component("d_2", 0.0, 6.7, 1.0, 8),
            Component("alpha_s", self.ALPHA_S, 2e-6 / math.sqrt(3), 0.0),  # c = -l_s * delta_theta = 0
            Component("theta", self.THETA, 0.41, 0.0),  # c = -l_s * delta_alpha = 0
            Component("delta_alpha", 0.0, 1e-6 / math.sqrt(3), -ls * self.THETA, 50),
            Component("delta_theta", 0.0, 0.05 / math.sqrt(3), -ls * self.ALPHA_S, 2),
        )
        value = ls + 215.0
        return Budget("l", value, "nm", components, confidence=0.99, truncate_dof=True)

    def test_comparator_difference(self) -> None:
        # H.1.3.2: u(d) = 9.7 nm with nu(d) = 25.6
        d = combine([5.8, 3.9, 6.7], [24, 5, 8])
        assert _digits(d.u_c, 2) == "9.7"
        # The GUM evaluates W-S with the rounded u(d) = 9.7 nm: nu = 9.7^4 / sum(u_i^4 / nu_i)
        assert round(d.nu_eff * (9.7 / d.u_c) ** 4, 1) == 25.6

    def test_contributions_of_table_h1(self) -> None:
        b = self._budget()
        assert _digits(abs(b.component("delta_alpha").contribution), 2) == "2.9"
        assert _digits(abs(b.component("delta_theta").contribution), 3) == "16.6"

    def test_final_result(self) -> None:
        b = self._budget()
        assert _digits(b.u_c, 2) == "32"  # H.1.4
        assert math.floor(b.nu_eff) == 16  # H.1.6
        assert round(b.k, 2) == 2.92  # t_99(16)
        # H.1.6 multiplies the rounded figures: U99 = 2.92 x 32 nm = 93 nm
        assert round(round(b.k, 2) * round(b.u_c)) == 93
        r = report(b.value / 1e6, 93e-6, "mm")  # l = (50.000 838 +/- 0.000 093) mm
        assert (r.value, r.U) == ("50.000838", "0.000093")


class TestGumH3Thermometer:
    """GUM H.3: calibration of a thermometer by least squares; correlated intercept and slope."""

    T = np.array([21.521, 22.012, 22.512, 23.003, 23.507, 23.999, 24.513, 25.002, 25.503, 26.010, 26.511])
    B = np.array([-0.171, -0.169, -0.166, -0.159, -0.164, -0.165, -0.156, -0.157, -0.159, -0.161, -0.160])
    T0 = 20.0

    def _fit(self) -> tuple[np.ndarray, np.ndarray, int]:
        x = self.T - self.T0
        design = np.column_stack([np.ones_like(x), x])
        coef, *_ = np.linalg.lstsq(design, self.B, rcond=None)
        dof = len(x) - 2
        s2 = float(np.sum((self.B - design @ coef) ** 2)) / dof
        return coef, s2 * np.linalg.inv(design.T @ design), dof

    def test_correction_at_30_degrees(self) -> None:
        coef, cov, dof = self._fit()
        u1, u2 = np.sqrt(np.diag(cov))
        r12 = cov[0, 1] / (u1 * u2)
        assert (round(coef[0], 4), _digits(u1, 2)) == (-0.1712, "0.0029")  # H.3.3
        assert (round(coef[1], 5), _digits(u2, 2)) == (0.00218, "0.00067")
        assert round(r12, 3) == -0.930
        dt = 30.0 - self.T0
        budget = Budget(
            "b(30 degC)", coef[0] + coef[1] * dt, "degC",
            (Component("y1", coef[0], u1, 1.0, dof), Component("y2", coef[1], u2, dt, dof)),
            correlations=(("y1", "y2", r12),),
        )
        assert round(budget.value, 4) == -0.1494  # H.3.4
        assert _digits(budget.u_c, 2) == "0.0041"
        assert budget.nu_eff == pytest.approx(9.0)  # one correlated pair from one fit: nu = n - 2


class TestQuamA1CalibrationStandard:
    """QUAM A1: c_Cd = 1000 m P / V, from the tolerances of the flask and the purity."""

    def test_components_from_tolerances(self) -> None:
        flask = VolumeSpec(Tolerance(0.1, "triangular"), temperature_range=4.0)
        # calibration +/-0.1 mL triangular, +/-4 degC rectangular, plus 0.02 mL filling repeatability
        u_volume = math.hypot(flask.u(100.0), 0.02)
        assert _digits(u_volume, 1) == "0.07"
        assert _digits(Tolerance(0.0001, "rectangular").u(), 2) == "0.000058"

    def test_concentration_and_uncertainty(self) -> None:
        m, purity, volume = 100.28, 0.9999, 100.0
        c = 1000 * m * purity / volume
        budget = Budget("c_Cd", c, "mg/L", (
            Component("P", purity, 0.000058, c / purity),
            Component("m", m, 0.05, c / m),
            Component("V", volume, 0.07, -c / volume),
        ))
        assert round(c, 1) == 1002.7
        assert _digits(budget.u_c, 1) == "0.9"
        assert _digits(budget.u_c / c, 1) == "0.0009"


class TestQuamA2SodiumHydroxide:
    """QUAM A2: c_NaOH = 1000 m_KHP P_KHP / (M_KHP V_T), with repeatability as a factor."""

    def test_table_a2_1(self) -> None:
        m, p, molar, v = 0.3888, 1.0, 204.2212, 18.64
        c = 1000 * m * p / (molar * v)
        budget = Budget("c_NaOH", c, "mol/L", (
            Component("rep", 1.0, 0.0005, c),
            Component("m_KHP", m, 0.00013, c / m),
            Component("P_KHP", p, 0.00029, c / p),
            Component("M_KHP", molar, 0.0038, -c / molar),
            Component("V_T", v, 0.013, -c / v),
        ))
        assert _digits(budget.u_c / c, 2) == "0.00097"
        r = report(c, budget.U, "mol/L", k=budget.k)
        # the guide states u_c to the value's last decimal place: 0.00010 mol/L
        assert (r.value, round(budget.u_c, 5), r.U) == ("0.10214", 0.0001, "0.00020")
        shares = budget.contribution_percent()
        assert max(shares, key=shares.get) == "V_T"  # figure A2.3: the titration volume dominates
