"""The drift correction's own uncertainty: the bracketing CCVs' replicate scatter propagated through the
linear interpolation, plus their difference as a rectangular distribution. Expected values by hand and
from GTC (an independent GUM propagation of the same model)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from _run_frames import frame, reading
from GTC import type_a, ureal

from labapp.core.corrections import correct_drift
from labapp.core.runorder import with_structure


def _run(ccv1: list[float], ccv2: list[float]) -> pd.DataFrame:
    """Calibration ends at p = 3 (factor 1); CCV 1 at p = 6 and CCV 2 at p = 9 (expected 5 mg/L), each
    read as the given replicates; samples at p = 4, 5 (between 3 and 6), 7, 8 (between 6 and 9), 10."""
    rows = [
        reading("Cal blank", "blank", 0.0),
        reading("Std 1", "standard", 1.0),
        reading("Std 2", "standard", 5.0),
        reading("Std 3", "standard", 10.0),
        reading("S1", "sample", 2.0),
        reading("S2", "sample", 2.0),
        *[reading("CCV 1", "check", v, expected=5.0, replicate=i + 1) for i, v in enumerate(ccv1)],
        reading("S3", "sample", 2.0),
        reading("S4", "sample", 2.0),
        *[reading("CCV 2", "check", v, expected=5.0, replicate=i + 1) for i, v in enumerate(ccv2)],
        reading("S5", "sample", 2.0),
    ]
    return with_structure(frame(rows)).rename(columns={"value": "conc"})


def _by_label(run: pd.DataFrame) -> pd.DataFrame:
    out = correct_drift(run, "conc", out="corrected")
    return out.drop_duplicates("sample_label").set_index("sample_label")


def test_single_readings_give_the_rectangular_term_of_the_bracketing_difference():
    out = _by_label(_run([5.4], [5.7]))  # factors 1.08 and 1.14, no replicate scatter
    # S1 (p = 4): between the calibration (1) and CCV 1 (1.08): f = 1 + 0.08/3, u(f) = 0.08 / sqrt(12)
    assert out.loc["S1", "drift_factor"] == pytest.approx(1 + 0.08 / 3, rel=1e-12)
    assert out.loc["S1", "drift_u"] == pytest.approx(0.08 / math.sqrt(12) / (1 + 0.08 / 3), rel=1e-12)
    # S4 (p = 8): between 1.08 and 1.14: f = 1.08 + 0.06 * 2/3 = 1.12, u(f) = 0.06 / sqrt(12)
    assert out.loc["S4", "drift_u"] == pytest.approx(0.06 / math.sqrt(12) / 1.12, rel=1e-12)
    # S5 (p = 10) after the last CCV: factor 1.14 held, the last interval's change kept
    assert out.loc["S5", "drift_u"] == pytest.approx(0.06 / math.sqrt(12) / 1.14, rel=1e-12)
    assert math.isinf(out.loc["S1", "drift_dof"]) and math.isinf(out.loc["S5", "drift_dof"])


def test_no_drift_and_no_scatter_give_no_uncertainty():
    out = _by_label(_run([5.0], [5.0]))
    assert out.loc[["S1", "S3", "S5"], "drift_u"].tolist() == [0.0, 0.0, 0.0]


def test_replicate_scatter_of_the_ccvs_agrees_with_gtc():
    ccv1, ccv2 = [5.40, 5.46, 5.31], [5.70, 5.62, 5.81, 5.66]
    out = _by_label(_run(ccv1, ccv2))
    # GTC: each anchor a Type A mean of its replicate factors (u = s / sqrt(n), n - 1 dof); the
    # interpolation f = (1 - lam) f_a + lam f_b plus a rectangular term of width |f_b - f_a|
    fa = type_a.estimate([v / 5.0 for v in ccv1])
    fb = type_a.estimate([v / 5.0 for v in ccv2])
    for label, lam in (("S3", 1 / 3), ("S4", 2 / 3)):
        width = abs(fb.x - fa.x)
        f = (1 - lam) * fa + lam * fb + ureal(0.0, width / math.sqrt(12))
        assert out.loc[label, "drift_factor"] == pytest.approx(f.x, rel=1e-12)
        assert out.loc[label, "drift_u"] == pytest.approx(f.u / f.x, rel=1e-9)
        assert out.loc[label, "drift_dof"] == pytest.approx(f.df, rel=1e-9)
    # S1 between the calibration (the reference: u = 0) and CCV 1
    f = (1 - 1 / 3) * 1.0 + (1 / 3) * fa + ureal(0.0, abs(fa.x - 1.0) / math.sqrt(12))
    assert out.loc["S1", "drift_u"] == pytest.approx(f.u / f.x, rel=1e-9)
    assert out.loc["S1", "drift_dof"] == pytest.approx(f.df, rel=1e-9)
