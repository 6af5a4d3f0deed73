"""From intensities to corrected concentrations: IS, blank, calibration, drift, then QC and line choice.

The synthetic run follows a known model, so every number can be written down by hand:
    analyte intensity = t * (50 + 1000 c d(p)),  IS intensity = t * 10000,
t = transmission of the solution (matrix suppression, 1 in standards, 0.9 in samples),
d(p) = 1 + 0.01 max(p - 3, 0) = sensitivity drift at run position p (calibration ends at p = 3).
"""

from __future__ import annotations

import numpy as np
import pytest
from _run_frames import frame, method, reading

from labapp.core.corrections import correct_concentrations, correct_intensities
from labapp.core.lines import select_lines
from labapp.core.qc import run_qc
from labapp.core.quantitation import calibrate


def _d(p: int) -> float:
    return 1.0 + 0.01 * max(p - 3, 0)


SOLUTIONS = [  # (label, type, true concentration, transmission, expected)
    ("Blank", "blank", 0.0, 1.0, np.nan),
    ("Std 1", "standard", 1.0, 1.0, np.nan),
    ("Std 2", "standard", 5.0, 1.0, np.nan),
    ("Std 3", "standard", 10.0, 1.0, np.nan),
    ("S1", "sample", 2.0, 0.9, np.nan),
    ("S2", "sample", 7.0, 0.9, np.nan),
    ("CCV", "check", 5.0, 1.0, 5.0),
    ("S3", "sample", 3.0, 0.8, np.nan),
    ("CCV", "check", 5.0, 1.0, 5.0),
]


def _run():
    rows = []
    for p, (label, kind, c, t, expected) in enumerate(SOLUTIONS):
        nominal = c if kind == "standard" else np.nan
        rows.append(reading(label, kind, nominal, element="Y", line="371.030", intensity=t * 10000.0))
        rows.append(
            reading(label, kind, nominal, intensity=t * (50.0 + 1000.0 * c * _d(p)), expected=expected)
        )
    return frame(rows)


def test_intensity_chain_recovers_the_true_concentrations():
    m = method(
        internal_standard={"element": "Y", "line": "371.030"},
        analytes=[{"element": "Ni", "lines": ["231.604"], "check_standard": 5.0, "loq": 0.01}],
    )
    corrected = correct_intensities(_run(), m)
    ni = corrected[corrected["element"] == "Ni"].set_index("sample_label")
    # IS: S1 recovery 9000 / 10000 = 90 %; signal = 0.9 (50 + 2000 * 1.01) * 10000 / 9000 = 2070
    assert ni.loc["S1", "is_recovery"] == pytest.approx(90.0)
    assert ni.loc["S1", "signal"] == pytest.approx(50.0 + 2000.0 * 1.01)
    # blank 50 subtracted: net = 1000 c d(p) = 2020 for S1
    assert ni.loc["S1", "net_signal"] == pytest.approx(2020.0)

    calibrated, summary = calibrate(corrected, m)
    # standards lie exactly on net = 1000 c: slope 1000, r = 1; S1 reads 2.02 = 2.0 * d(4)
    assert summary.set_index("element").loc["Ni", "r"] == pytest.approx(1.0)
    assert summary.set_index("element").loc["Ni", "n"] == 3
    assert calibrated.loc[
        (calibrated["element"] == "Ni") & (calibrated["sample_label"] == "S1"), "conc"
    ].item() == (pytest.approx(2.02))

    result = correct_concentrations(calibrated, m, column="conc")
    values = result.frame[result.frame["element"] == "Ni"].set_index("sample_label")["result"]
    # drift factors: calibration (p 3) 1, CCV p 6: 5.15 / 5 = 1.03, CCV p 8: 1.05; interpolation is exact
    assert values[["S1", "S2", "S3"]].tolist() == pytest.approx([2.0, 7.0, 3.0], rel=1e-12)
    assert result.notes == ["test-icp: concentrations recalculated from intensities"]

    report = run_qc(result.frame, m, column="conc", result_column="result", calibrations=summary)
    ccv = report.checks[report.checks["check"] == "ccv"]
    assert ccv["metric"].tolist() == pytest.approx([103.0, 105.0])  # judged before drift correction
    assert report.verdict.verdict == "pass"
    chosen = select_lines(result.frame, m, column="result")
    assert chosen.set_index("sample_label").loc["S3", "result"] == pytest.approx(3.0)


def test_mandel_rejects_a_curved_calibration():
    # net = 1000 c - 20 c^2 on 6 standards is clearly curved: the Mandel p-value is far below 0.01
    x = np.array([0.5, 1.0, 2.0, 4.0, 6.0, 10.0])
    noise = np.array([1.0, -1.0, 0.5, -0.5, 1.0, -1.0])
    rows = [
        reading(f"Std {i}", "standard", c, net_signal=1000 * c - 20 * c**2 + e)
        for i, (c, e) in enumerate(zip(x, noise, strict=True))
    ]
    m = method(analytes=[{"element": "Ni", "lines": ["231.604"]}])
    _, summary = calibrate(frame(rows).assign(net_signal=[r["net_signal"] for r in rows]), m)
    row = summary.iloc[0]
    assert row["n"] == 6 and row["mandel_pg"] > row["mandel_f_crit"] and row["mandel_p"] < 0.01
    quadratic = method(
        analytes=[{"element": "Ni", "lines": ["231.604"], "calibration": {"model": "quadratic"}}]
    )
    _, summary_q = calibrate(frame(rows).assign(net_signal=[r["net_signal"] for r in rows]), quadratic)
    assert np.isnan(summary_q.iloc[0]["mandel_p"])  # the Mandel test is only asked of linear models
