"""The detection limit of each result, estimated from the run (review of issue 17, item 2).

Replaces the fixed LOD = 0.3 x the method's LOQ. Oracles: DIN 32645's own calibration-method x_EG
(tests/core/test_limits_din32645.py reproduces the standard's example), Eurachem's 3 s0' by hand,
and on a hand-built run the DIN formula written out with numpy (no labapp calibration code).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from _run_frames import frame, method, reading
from scipy import stats
from test_limits_din32645 import din_fit  # noqa: F401 - the DIN 32645 example, rebuilt

from labapp.core.limits import din32645_calibration
from labapp.core.pipeline import calculate
from labapp.core.quantification import blank_detection_limit, calibration_detection_limit, detection_limits


def test_calibration_detection_limit_is_din_32645_x_eg(din_fit) -> None:  # noqa: F811
    """At the blank level 0 and one reading: x_EG = 2 x_NG = 0.14 mg/L (DIN 32645 example)."""
    got = float(calibration_detection_limit(din_fit, 0.0, 1.0)[()])
    assert got == pytest.approx(din32645_calibration(din_fit).detection, rel=1e-12)
    assert round(got, 2) == 0.14
    # beta other than alpha, as din32645_calibration
    beta = float(calibration_detection_limit(din_fit, 0.0, 1.0, beta=0.05)[()])
    assert beta == pytest.approx(din32645_calibration(din_fit, beta=0.05).detection, rel=1e-12)


def test_blank_detection_limit_is_three_s0_prime() -> None:
    """Eurachem 2014 Table 6.1: blanks 0.10 0.12 0.08 0.11 0.09 mg/L, s0 = 0.01581, one sample result
    corrected by the mean of 5 blanks: s0' = s0 sqrt(1 + 1/5), LOD = 3 s0' = 0.05196 mg/L."""
    blanks = [0.10, 0.12, 0.08, 0.11, 0.09]
    assert blank_detection_limit(blanks) == pytest.approx(
        3 * np.std(blanks, ddof=1) * math.sqrt(1.2), rel=1e-12
    )
    assert round(blank_detection_limit(blanks), 4) == 0.0520
    assert math.isnan(blank_detection_limit([0.1]))  # one blank has no SD


def test_the_largest_estimate_wins_and_none_claims_nothing() -> None:
    got = detection_limits([0.1, np.nan, np.nan], [0.2, 0.05, np.nan], [np.nan, 0.03, np.nan])
    np.testing.assert_allclose(got[:2], [0.2, 0.05])
    assert math.isnan(got[2])


STANDARDS = (0.5, 1.0, 2.0, 4.0, 6.0, 8.0, 10.0, 20.0)
NOISE = (4.0, -9.0, 7.0, -2.0, 5.0, -6.0, 3.0, -1.0)  # c/s added to 100 + 1000 c: residual SD > 0
BLANKS = (0.012, 0.020, 0.007)  # method blanks, mg/L
FACTOR_WT = 100 * 10 / (0.2 * 0.98) * 1e-4  # mg/L in the measured solution -> wt% dry


def _run() -> pd.DataFrame:
    def read(label, kind, conc, noise=0.0):
        return reading(label, kind, conc, intensity=100.0 + 1000.0 * conc + noise)

    rows = [read("Blank", "blank", 0.0)]
    rows += [
        read(f"Std {i}", "standard", c, e) for i, (c, e) in enumerate(zip(STANDARDS, NOISE, strict=True))
    ]
    rows += [read(f"MB{i}", "blank", c) for i, c in enumerate(BLANKS)]
    rows += [
        read("S1", "sample", 0.013 + 0.052),
        read("S2", "sample", 0.013 + 0.030),
        read("S3", "sample", 0.013 + 0.010),
        read("S4", "sample", 0.013 + 4.0),
    ]
    return frame(rows)


def _preps(labels) -> pd.DataFrame:
    n = len(labels)
    return pd.DataFrame(
        {
            "label": labels,
            "lot": [f"L{i}" for i in range(n)],
            "kind": ["digest"] * n,
            "technique": ["ICP-OES"] * n,
            "sample_mass_g": [0.2] * n,
            "digest_volume_ml": [100.0] * n,
            "dilution_factor": [10.0] * n,
            "moisture_pct": [2.0] * n,
            "spike_added": [np.nan] * n,
        }
    )


def _hand_lod() -> float:
    """max(DIN x_EG at the blank level, 3 s0') in net mg/L, written out without labapp."""
    x = np.array(STANDARDS)
    y = 1000.0 * x + np.array(NOISE)  # calibration blank (100 c/s) subtracted
    b1, b0 = np.polyfit(x, y, 1)
    s_y = math.sqrt(np.sum((y - b0 - b1 * x) ** 2) / (len(x) - 2))
    q_xx = np.sum((x - x.mean()) ** 2)
    level = (1000.0 * np.mean(BLANKS) - b0) / b1  # a sample without analyte reads the method blank
    h = math.sqrt(1 + 1 / len(x) + (level - x.mean()) ** 2 / q_xx)
    x_eg = 2 * stats.t.ppf(0.99, len(x) - 2) * s_y / b1 * h
    s0_prime = np.std(BLANKS, ddof=1) * 1000.0 / b1 * math.sqrt(1 + 1 / len(BLANKS))
    return max(x_eg, 3 * s0_prime)


def _method(**analyte):
    ni = {"element": "Ni", "lines": ["231.604"], "loq": 0.01, "calibration": {"model": "linear"}, **analyte}
    return method(analytes=[ni], uncertainty={"reproducibility": {"rsd_percent": 1.0, "dof": 14}})


def test_the_run_estimates_each_results_detection_limit() -> None:
    """Before: LOD = 0.3 x 0.01 mg/L whatever the run showed, so S3 (0.010 mg/L net) was "detected". Now
    the run's own LOD (here the calibration's x_EG, 0.043 mg/L) is stored, and a result is detected above
    the decision limit x_NG = LOD / 2: S1 (0.052, between LOD and LOQ 0.060) and S2 (0.030, between
    x_NG and x_EG) are "detected, not quantified", S3 is not detected."""
    result = calculate(_run(), _method(), _preps(["S1", "S2", "S3", "S4"]))
    rows = result.preparations.set_index("label")
    lod = _hand_lod()
    assert 0.030 < lod < 0.052 and 0.010 < lod / 2 < 0.030  # the design: S1 > LOD > S2 > LOD / 2 > S3
    np.testing.assert_allclose(rows["lod"].to_numpy(float), lod * FACTOR_WT, rtol=1e-6)
    assert (rows["loq"] >= rows["lod"]).all()
    for label in ("S1", "S2"):
        assert rows.at[label, "censored"] == "<" and "detected_not_quantified" in rows.at[label, "flags"]
    assert rows.at["S3", "censored"] == "<" and "detected_not_quantified" not in rows.at["S3", "flags"]
    assert rows.at["S4", "censored"] == "" and "detected_not_quantified" not in rows.at["S4", "flags"]
    lots = result.reportable.set_index("lot")
    np.testing.assert_allclose(lots["lod"].to_numpy(float), lod * FACTOR_WT, rtol=1e-6)
    assert "detected_not_quantified" in lots.at["L0", "flags"]
    assert "detected_not_quantified" not in lots.at["L2", "flags"]


def test_a_stated_lod_above_the_runs_own_is_used_and_raises_the_loq() -> None:
    """The method's stated LOD (solution units) when larger; the LOQ is never below the LOD."""
    result = calculate(_run(), _method(lod=0.2), _preps(["S1", "S4"]))
    rows = result.preparations.set_index("label")
    assert rows.at["S1", "lod"] == pytest.approx(0.2 * FACTOR_WT, rel=1e-12)
    assert rows.at["S1", "loq"] >= rows.at["S1", "lod"]
    assert "detected_not_quantified" not in rows.at["S1", "flags"]

