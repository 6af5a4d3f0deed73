"""Total fluorine (F) by NaOH fusion and fluoride ISE (resources/methods/panel/
fluoride-total-ise.toml): a hand-computed worked example, the method's LOQ, and F kept apart
from water-soluble fluoride F_ws."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import pytest

from labapp.core.analytes import ANALYTE_NAMES_JA, ANALYTES
from labapp.core.panel import calculate, panel_method_from_dict
from labapp.core.vocabulary import CheckOutcome, PanelCheck

PANEL = Path(__file__).parents[2] / "resources" / "methods" / "panel"
CONC = [0.1, 0.5, 1.0, 5.0, 10.0, 50.0]  # mg/L, standards in the fusion blank matrix


def method(name: str):
    path = PANEL / f"{name}.toml"
    return panel_method_from_dict(tomllib.loads(path.read_text(encoding="utf-8")), str(path))


def test_worked_example_by_hand():
    """0.2500 g fused, melt made up to 100 mL, no further dilution; the standards lie exactly on
    E = 147.5 - 57.6 log10(c) and the sample reads E = 147.5 - 57.6 log10(6), so c = 6.000 mg/L and

        w(F) = 6.000 x 100 / (10^4 x 0.2500) = 0.2400 wt%

    The calibration's residual SD is 0 (u = 0); the budget by hand:
        repeatability  0.05 x 0.2400                                        = 0.012000
        flask          0.2400 x (0.10 / sqrt 6) / 100                      = 0.0000980
        mass           0.2400 / 0.25 x sqrt2 sqrt(0.00005^2/3 + 0.0002^2/3) = 0.0001616
        u_c = sqrt(0.012^2 + 0.0000980^2 + 0.0001616^2)                    = 0.0120015 wt%
    """
    m = method("fluoride-total-ise")
    readings = [147.5 - 57.6 * math.log10(c) for c in CONC]
    portion = {
        "sample_g": 0.25,
        "leach_volume_ml": 100.0,
        "dilution": 1.0,
        "reading": 147.5 - 57.6 * math.log10(6),
    }
    (r,) = calculate(m, [portion], (CONC, readings))
    assert r.analyte == "F" and r.unit == "wt%" and r.basis.value == "dry"
    assert r.value == pytest.approx(0.2400, rel=1e-9)
    assert r.budget.u_c == pytest.approx(0.0120015, rel=2e-5)
    assert r.budget.component("calibration").value == pytest.approx(6.000, rel=1e-9)
    outcomes = {c.check: c.outcome for c in r.checks}
    assert outcomes[PanelCheck.SLOPE] is CheckOutcome.PASS  # -57.6 mV/decade inside [-60, -54]
    assert outcomes[PanelCheck.CALIBRATION_RANGE] is CheckOutcome.PASS
    # the method's LOQ (fusion blank, 0.01 wt%) exceeds the lowest standard through the dilution
    # (0.05 mg/L x 100 mL / (10^4 x 0.25 g) = 0.002 wt%)
    assert r.loq == pytest.approx(0.01)


def test_below_the_fusion_blank_loq_is_reported_less_than():
    m = method("fluoride-total-ise")
    readings = [147.5 - 57.6 * math.log10(c) for c in CONC]
    # c = 0.2 mg/L -> 0.2 x 100 / (10^4 x 0.25) = 0.008 wt% < 0.01
    portion = {"sample_g": 0.25, "leach_volume_ml": 100.0, "reading": 147.5 - 57.6 * math.log10(0.2)}
    (r,) = calculate(m, [portion], (CONC, readings))
    assert r.censored == "<" and r.loq == pytest.approx(0.01)


def test_total_and_water_soluble_fluoride_are_different_analytes_in_both_languages():
    total, soluble = method("fluoride-total-ise"), method("fluoride-ws-ise")
    assert (total.analyte, soluble.analyte) == ("F", "F_ws")
    assert ANALYTES["F"][1] == "total fluorine" and ANALYTES["F_ws"][1] == "water-soluble fluoride"
    assert (ANALYTE_NAMES_JA["F"], ANALYTE_NAMES_JA["F_ws"]) == ("全フッ素", "水溶性フッ化物")
    assert "全フッ素" in total.name_ja and "水溶性" not in total.name_ja
