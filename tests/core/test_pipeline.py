"""The run pipeline on a small hand-built run whose every number is worked out by hand below.

Ni 231.604, signal = 100 + 1000 c (calibration blank 100 c/s, standards 1, 5, 10 mg/L fit exactly),
a final CCV at 10 mg/L reading 9.8 (drift factor 0.98), samples S1 (4.9 mg/L read) and S1 DUP (5.0)
between the last standard (solution 3, factor 1) and the CCV (solution 6): drift factors by linear
interpolation 1 - 0.02/3 and 1 - 0.04/3. Digests 0.2 g in 100 mL, diluted 10-fold, moisture 2 %:
    w = c / d * 100 mL * 10 / (0.2 g * (1 - 0.02))  mg/kg
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from _run_frames import frame, method, reading
from scipy import stats

from labapp.core.exclusions import Exclusion, Scope
from labapp.core.pipeline import calculate

UNCERTAINTY = {
    "sample_mass": {"tolerance": 0.0002, "weighings": 2},
    "reproducibility": {"rsd_percent": 1.0, "dof": 14},
}


def _method():
    return method(
        analytes=[
            {
                "element": "Ni",
                "lines": ["231.604"],
                "check_standard": 10.0,
                "loq": 0.01,
                "calibration": {"model": "linear", "weighting": "none"},
            }
        ],
        uncertainty=UNCERTAINTY,
    )


def _run(with_intensity: bool = True) -> pd.DataFrame:
    def read(label, kind, conc, value=np.nan):
        extra = {"intensity": 100.0 + 1000.0 * conc} if with_intensity else {}
        return reading(label, kind, value if with_intensity else conc, **extra)

    return frame(
        [
            read("Blank", "blank", 0.0, 0.0),
            read("Std 1", "standard", 1.0, 1.0),
            read("Std 2", "standard", 5.0, 5.0),
            read("Std 3", "standard", 10.0, 10.0),
            read("S1", "sample", 4.9),
            read("S1 DUP", "duplicate", 5.0),
            read("CCV", "check", 9.8),
        ]
    )


PREPS = pd.DataFrame(
    {
        "label": ["S1", "S1 DUP"],
        "lot": ["L1", "L1"],
        "kind": ["digest", "duplicate"],
        "technique": ["ICP-OES"] * 2,
        "sample_mass_g": [0.2, 0.2],
        "digest_volume_ml": [100.0, 100.0],
        "dilution_factor": [10.0, 10.0],
        "moisture_pct": [2.0, 2.0],
        "spike_added": [np.nan, np.nan],
    }
)
FACTOR_WT = 100 * 10 / (0.2 * 0.98) * 1e-4  # mg/L in the measured solution -> wt% dry


def _by_label(result):
    return result.preparations.set_index("label")


def test_intensities_are_calibrated_drift_corrected_and_converted_to_the_dry_solid():
    result = calculate(_run(), _method(), PREPS)
    rows = _by_label(result)
    s1 = 4.9 / (1 - 0.02 / 3) * FACTOR_WT
    dup = 5.0 / (1 - 0.04 / 3) * FACTOR_WT
    assert rows.at["S1", "value"] == pytest.approx(s1, rel=1e-9)
    assert rows.at["S1 DUP", "value"] == pytest.approx(dup, rel=1e-9)
    assert rows.at["S1", "loq"] == pytest.approx(0.01 * FACTOR_WT, rel=1e-12)
    assert rows.at["S1", "flags"] == "" and result.recalculated
    ccv = result.qc.checks[result.qc.checks["check"] == "ccv"]
    assert ccv["metric"].tolist() == pytest.approx([98.0])
    cal = result.calibrations.iloc[0]
    assert (cal["n"], cal["r"]) == (3, pytest.approx(1.0))
    assert result.standards["x"].tolist() == [1.0, 5.0, 10.0]
    assert result.standards["y"].tolist() == pytest.approx([1000.0, 5000.0, 10000.0])  # blank subtracted


def test_budget_combines_mass_and_reproducibility_as_the_gum_says():
    rows = _by_label(calculate(_run(), _method(), PREPS))
    value = rows.at["S1", "value"]
    u_mass_rel = math.sqrt(2) * 0.0002 / math.sqrt(3) / 0.2  # two weighings, rectangular +/- 0.2 mg
    # drift: S1 between the last standard (factor 1) and the CCV (0.98), read once each (no scatter):
    # the change 0.02 as a rectangular distribution, u = 0.02 / sqrt(12), relative to f = 1 - 0.02/3
    u_drift_rel = 0.02 / math.sqrt(12) / (1 - 0.02 / 3)
    u_rel = math.sqrt(u_mass_rel**2 + 0.01**2 + u_drift_rel**2)  # the exact fit gives u(calibration) = 0
    nu = u_rel**4 / (0.01**4 / 14)  # Welch-Satterthwaite: only reproducibility has finite dof
    assert rows.at["S1", "u"] == pytest.approx(u_rel * value, rel=1e-9)
    assert rows.at["S1", "nu_eff"] == pytest.approx(nu, rel=1e-9)
    assert rows.at["S1", "k"] == pytest.approx(stats.t.ppf(0.975, nu), rel=1e-6)
    assert rows.at["S1", "U"] == pytest.approx(rows.at["S1", "k"] * u_rel * value, rel=1e-6)


def test_reportable_result_averages_the_digests_and_checks_their_rpd():
    result = calculate(_run(), _method(), PREPS)
    rows = _by_label(result)
    report = result.reportable.iloc[0]
    a, b = rows.at["S1", "value"], rows.at["S1 DUP", "value"]
    assert (report["lot"], report["element"], report["n_digests"]) == ("L1", "Ni", 2)
    assert report["value"] == pytest.approx((a + b) / 2)
    assert report["rpd_pct"] == pytest.approx(100 * abs(a - b) / ((a + b) / 2))
    assert report["rpd_outcome"] == "pass"
    assert report["u"] == pytest.approx((rows.at["S1", "u"] + rows.at["S1 DUP", "u"]) / 2)
    assert report["U"] == pytest.approx(report["k"] * report["u"])
    assert '"digests"' in result.reportable_budget_json(0)


def test_a_result_exclusion_keeps_the_digest_out_of_the_lot_result():
    skip = Exclusion(Scope.RESULT, "Ni", "digest spilled", sample_label="S1 DUP")
    result = calculate(_run(), _method(), PREPS, exclusions=[skip])
    rows = _by_label(result)
    assert rows.at["S1 DUP", "flags"] == "excluded"
    report = result.reportable.iloc[0]
    assert report["n_digests"] == 1 and report["value"] == pytest.approx(rows.at["S1", "value"])
    assert result.inputs["exclusions"][0]["reason"] == "digest spilled"


def test_instrument_concentrations_are_used_as_reported_and_said_so():
    result = calculate(_run(with_intensity=False), _method(), PREPS)
    rows = _by_label(result)
    assert not result.recalculated
    assert rows.at["S1", "value"] == pytest.approx(4.9 * FACTOR_WT, rel=1e-12)  # no drift correction
    # one CCV and no calibration uncertainty stated by the method: no calibration term, so the
    # results are flagged and their lot reports no value (review of issue 17, finding 10)
    assert rows.at["S1", "flags"] == "instrument_concentration;no_calibration_uncertainty"
    assert "instrument_concentration" in result.reportable.iloc[0]["flags"]
    assert np.isnan(result.reportable.iloc[0]["value"])


def test_inputs_record_identifies_the_method_by_content():
    first = calculate(_run(), _method(), PREPS).inputs
    other = method(
        analytes=[
            {
                "element": "Ni",
                "lines": ["231.604"],
                "check_standard": 10.0,
                "loq": 0.02,
                "calibration": {"model": "linear", "weighting": "none"},
            }
        ],
        uncertainty=UNCERTAINTY,
    )
    second = calculate(_run(), other, PREPS).inputs
    assert first["method"]["id"] == second["method"]["id"]
    assert first["method"]["sha256"] != second["method"]["sha256"]  # a changed LOQ is a different method
    assert [p["label"] for p in first["preparations"]] == ["S1", "S1 DUP"]


def test_a_digest_without_a_usable_reading_gets_no_value_and_no_budget():
    run = _run()
    run.loc[run["sample_label"] == "S1 DUP", "intensity"] = np.nan  # e.g. a blocked nebuliser
    result = calculate(run, _method(), PREPS)
    rows = _by_label(result)
    assert np.isnan(rows.at["S1 DUP", "value"]) and np.isnan(rows.at["S1 DUP", "u"])
    assert result.budget_json(int(np.flatnonzero(result.preparations["label"] == "S1 DUP")[0])) is None
    report = result.reportable.iloc[0]
    assert report["n_digests"] == 1 and report["value"] == pytest.approx(rows.at["S1", "value"])


def test_the_drift_correction_is_a_named_independent_component_of_the_budget():
    result = calculate(_run(), _method(), PREPS)
    at = list(_by_label(result).index).index("S1")
    budget = json.loads(result.budget_json(at))
    drift = next(c for c in budget["components"] if c["name"] == "drift")
    u_drift_rel = 0.02 / math.sqrt(12) / (1 - 0.02 / 3)  # rectangular over the bracketing change 1 -> 0.98
    assert (drift["value"], drift["dof"]) == (1.0, None)  # a factor 1, Type B (infinite dof)
    assert drift["u"] == pytest.approx(u_drift_rel, rel=1e-12)
    assert drift["contribution"] == pytest.approx(u_drift_rel * budget["value"], rel=1e-12)
    assert not any("drift" in pair[:2] for pair in budget["correlations"])  # independent of the rest
