"""F_ws by ISE and IC, and carbon by combustion: calibration checked like the ICP calibration (QUAM
E.4 inverse written out here), budgets cross-checked with GTC, QC checks."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import numpy as np
import pytest
from GTC import dof, uncertainty, ureal

from labapp.core.errors import LabappError
from labapp.core.panel import calculate, calibrate, panel_method_from_dict
from labapp.core.panel.carbon import bias_u
from labapp.core.vocabulary import CheckOutcome, PanelCheck

PANEL = Path(__file__).parents[2] / "resources" / "methods" / "panel"
CONC = [0.1, 0.5, 1.0, 5.0, 10.0, 50.0]
NOISE = [0.4, -0.3, 0.1, -0.2, 0.3, -0.3]


def method(name: str):
    path = PANEL / f"{name}.toml"
    return panel_method_from_dict(tomllib.loads(path.read_text(encoding="utf-8")), str(path))


def ise_readings(slope: float) -> list[float]:
    return [150.0 + slope * math.log10(c) + e for c, e in zip(CONC, NOISE, strict=True)]


def quam_inverse(x, y, y0):
    """Eurachem/CITAC QUAM E.4 / ISO 8466-1, written out: x0 and u(x0) for one reading."""
    x, y = np.asarray(x), np.asarray(y)
    n = x.size
    b1, b0 = np.polyfit(x, y, 1)
    s = math.sqrt(np.sum((y - b0 - b1 * x) ** 2) / (n - 2))
    x0 = (y0 - b0) / b1
    sxx = np.sum((x - x.mean()) ** 2)
    return x0, abs(s / b1) * math.sqrt(1 + 1 / n + (x0 - x.mean()) ** 2 / sxx)


def test_ise_calibration_is_fitted_in_log10_c_with_the_quam_inverse():
    m = method("fluoride-ws-ise")
    readings = ise_readings(-58.0)
    cal = calibrate(m, CONC, readings)
    assert cal.slope == pytest.approx(np.polyfit(np.log10(CONC), readings, 1)[0], rel=1e-10)
    x0, u_x0 = quam_inverse(np.log10(CONC), readings, 100.0)
    c, u_c = cal.concentration(100.0)
    assert c == pytest.approx(10**x0, rel=1e-10)
    assert u_c == pytest.approx(10**x0 * math.log(10) * u_x0, rel=1e-8)


def test_f_ws_budget_agrees_with_gtc():
    m = method("fluoride-ws-ise")
    readings = ise_readings(-58.0)
    portion = {"sample_g": 1.0008, "leach_volume_ml": 100.0, "dilution": 2.0, "reading": 100.0}
    (r,) = calculate(m, [portion], (CONC, readings))
    x0, u_x0 = quam_inverse(np.log10(CONC), readings, 100.0)
    lx = ureal(x0, u_x0, len(CONC) - 2)
    v = ureal(100.0, 0.10 / math.sqrt(6))
    f = ureal(2.0, 2.0 * 0.005 / math.sqrt(6))
    mass = ureal(1.0008, math.sqrt(2) * math.sqrt(0.00005**2 / 3 + 0.0002**2 / 3))
    value = 10**x0 * 100 * 2 / (1e4 * 1.0008)
    rep = ureal(1.0, max(0.04 * value, 0.002) / value, 15)
    y = 10**lx * v * f / (1e4 * mass) * rep
    assert r.value == pytest.approx(value, rel=1e-10)
    assert r.budget.u_c == pytest.approx(uncertainty(y), rel=1e-8)
    assert r.budget.nu_eff == pytest.approx(dof(y), rel=1e-5)
    assert r.analyte == "F_ws" and r.unit == "wt%"
    outcomes = {c.check: c.outcome for c in r.checks}
    assert outcomes[PanelCheck.SLOPE] is CheckOutcome.PASS
    assert outcomes[PanelCheck.CALIBRATION_RANGE] is CheckOutcome.PASS


def test_a_sub_nernstian_electrode_and_a_reading_beyond_the_standards_fail():
    m = method("fluoride-ws-ise")
    readings = ise_readings(-50.0)
    portion = {"sample_g": 1.0, "leach_volume_ml": 100.0, "reading": 150.0 - 50.0 * math.log10(200.0)}
    (r,) = calculate(m, [portion], (CONC, readings))
    outcomes = {c.check: c.outcome for c in r.checks}
    assert outcomes[PanelCheck.SLOPE] is CheckOutcome.FAIL  # -50 mV/decade outside [-60, -54]
    assert outcomes[PanelCheck.CALIBRATION_RANGE] is CheckOutcome.FAIL  # about 200 mg/L, top standard 50
    assert not r.passed


def test_ic_fluoride_uses_the_linear_calibration_and_censors_below_the_loq():
    m = method("fluoride-ws-ic")
    conc = [0.05, 0.1, 0.5, 1.0, 2.0]
    area = [0.0021 + 0.412 * c + e for c, e in zip(conc, [0.001, -0.002, 0.002, -0.001, 0.0005], strict=True)]
    cal = calibrate(m, conc, area)
    x0, u_x0 = quam_inverse(conc, area, 0.30)
    assert cal.concentration(0.30)[0] == pytest.approx(x0, rel=1e-9)
    assert cal.concentration(0.30)[1] == pytest.approx(u_x0, rel=1e-7)
    low = {"sample_g": 1.0, "leach_volume_ml": 100.0, "dilution": 10.0, "reading": 0.0040}
    (r,) = calculate(m, [low], (conc, area))
    assert r.censored == "<"
    assert r.loq == pytest.approx(0.02 * 100 * 10 / 1e4)  # 0.02 mg/L in solution -> 0.002 wt%


def test_calibration_needs_three_distinct_positive_standards():
    m = method("fluoride-ws-ise")
    with pytest.raises(LabappError, match="three standards"):
        calibrate(m, [1.0, 1.0, 10.0], [100.0, 100.0, 42.0])
    with pytest.raises(LabappError, match="> 0"):
        calibrate(m, [0.0, 1.0, 10.0], [100.0, 80.0, 42.0])


def test_carbon_budget_is_top_down_with_the_crm_bias():
    m = method("carbon-combustion")
    assert bias_u((3.06, 3.00, 0.03)) == pytest.approx(math.hypot(0.02, 0.01))
    (r,) = calculate(m, [{"carbon_pct": 20.0}, {"carbon_pct": 20.4}], crm=(3.06, 3.00, 0.03))
    mean = 20.2
    expected = math.sqrt((0.015 * mean) ** 2 / 2 + (0.001 * mean) ** 2 + (mean * math.hypot(0.02, 0.01)) ** 2)
    assert r.budget.u_c == pytest.approx(expected, rel=1e-12)
    assert {c.check: c.outcome for c in r.checks}[PanelCheck.CRM] is CheckOutcome.PASS
    (bad,) = calculate(m, [{"carbon_pct": 20.0}], crm=(2.70, 3.00, 0.03))
    crm = {c.check: c for c in bad.checks}[PanelCheck.CRM]
    assert crm.outcome is CheckOutcome.FAIL and crm.measured == pytest.approx(90.0)
