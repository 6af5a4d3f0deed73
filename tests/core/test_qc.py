"""QC engine on hand-built runs: EPA 6010D-style limits at their boundaries, bracketing, verdicts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _run_frames import frame, method, reading

from labapp.core.methods import method_from_dict
from labapp.core.qc import run_qc
from labapp.core.runorder import with_structure


def _run(rows: list[dict]) -> pd.DataFrame:
    return with_structure(frame(rows)).rename(columns={"value": "conc"})


def _check(report, check: str, label: str | None = None) -> pd.Series:
    rows = report.checks[report.checks["check"] == check]
    if label is not None:
        rows = rows[rows["sample_label"] == label]
    assert len(rows) == 1, rows
    return rows.iloc[0]


CALIBRATION = [
    reading("Blank", "blank", 0.0),
    reading("Std 1", "standard", 1.0),
    reading("Std 2", "standard", 10.0),
]


@pytest.mark.parametrize(
    ("measured", "recovery", "outcome"),
    [
        (9.0, 90.0, "pass"),  # 9.0 / 10 = 90 % exactly: inside (limits inclusive)
        (11.0, 110.0, "pass"),  # 11.0 / 10 = 110 % (binary 110.00000000000001): inside
        (8.99, 89.9, "fail"),
        (11.01, 110.1, "fail"),
    ],
)
def test_ccv_recovery_limits_are_inclusive(measured, recovery, outcome):
    run = _run([*CALIBRATION, reading("S1", "sample", 1.0), reading("CCV", "check", measured, expected=10.0)])
    row = _check(run_qc(run, method()), "ccv")
    assert row["metric"] == pytest.approx(recovery)
    assert (row["low"], row["high"]) == (90.0, 110.0)
    assert row["outcome"] == outcome


def test_icv_uses_the_method_check_standard_when_no_expected_value_is_given():
    # Ni check_standard = 10 mg/L in the test method: 9.5 / 10 = 95 %
    run = _run([*CALIBRATION, reading("ICV", "check", 9.5), reading("S1", "sample", 1.0)])
    row = _check(run_qc(run, method()), "icv")
    assert row["expected"] == 10.0 and row["metric"] == pytest.approx(95.0) and row["outcome"] == "pass"


def test_low_level_check_has_wider_limits():
    # 0.07 / 0.10 = 70 % passes the 70-130 % low-level window but would fail a CCV
    run = _run([*CALIBRATION, reading("LLCCV", "check", 0.07, expected=0.10)])
    row = _check(run_qc(run, method()), "low_check")
    assert row["metric"] == pytest.approx(70.0) and row["outcome"] == "pass"


@pytest.mark.parametrize(("measured", "outcome"), [(0.0099, "pass"), (0.01, "fail"), (-0.02, "fail")])
def test_calibration_blanks_must_be_below_the_loq(measured, outcome):
    # LOQ of Ni in the test method: 0.01 mg/L; "below" is strict and |x| is judged
    run = _run([*CALIBRATION, reading("CCB", "check_blank", measured)])
    assert _check(run_qc(run, method()), "ccb")["outcome"] == outcome


def test_method_blank_uses_the_loq_column_when_given():
    run = _run([*CALIBRATION, reading("Method blank", "blank", 0.03, loq=0.05)])
    row = _check(run_qc(run, method()), "method_blank")
    assert row["high"] == 0.05 and row["outcome"] == "pass"


@pytest.mark.parametrize(
    ("spiked", "outcome"), [(2.5, "pass"), (3.5, "pass"), (2.49, "fail"), (3.51, "fail")]
)
def test_spike_recovery_boundaries(spiked, outcome):
    # parent 1.0, added 2.0: (2.5 - 1.0) / 2.0 = 75 %; (3.5 - 1.0) / 2.0 = 125 %;
    # 2.49 -> 74.5 %, 3.51 -> 125.5 %
    run = _run(
        [
            *CALIBRATION,
            reading("S1", "sample", 1.0),
            reading("S1 MS", "spike", spiked, parent_label="S1", spike_added=2.0),
        ]
    )
    assert _check(run_qc(run, method()), "spike")["outcome"] == outcome


def test_spike_on_a_parent_above_four_times_the_addition_is_not_applicable():
    # parent 10 > 4 x 2.0: recovery is not evaluated (EPA 6010D)
    run = _run(
        [
            *CALIBRATION,
            reading("S1", "sample", 10.0),
            reading("S1 MS", "spike", 10.5, parent_label="S1", spike_added=2.0),
        ]
    )
    row = _check(run_qc(run, method()), "spike")
    assert row["outcome"] == "not_applicable" and np.isnan(row["metric"])


@pytest.mark.parametrize(
    ("duplicate", "rpd", "outcome"),
    [
        (1.1, 20.0, "pass"),  # |1.1 - 0.9| / ((1.1 + 0.9) / 2) = 0.2 / 1.0 = 20 % exactly
        (1.1022, 20.2, "fail"),  # 0.2022 / 1.0011 = 20.1978 %
    ],
)
def test_duplicate_rpd_boundary(duplicate, rpd, outcome):
    run = _run(
        [
            *CALIBRATION,
            reading("S1", "sample", 0.9),
            reading("S1 DUP", "duplicate", duplicate, parent_label="S1"),
        ]
    )
    row = _check(run_qc(run, method()), "duplicate")
    assert row["metric"] == pytest.approx(rpd, abs=0.01)
    assert row["outcome"] == outcome
    flagged = set(run_qc(run, method()).flags["sample_label"])
    assert flagged == ({"S1", "S1 DUP"} if outcome == "fail" else set())


def test_duplicate_below_the_loq_is_not_applicable():
    run = _run(
        [
            *CALIBRATION,
            reading("S1", "sample", 0.005),
            reading("S1 DUP", "duplicate", 0.009, parent_label="S1"),
        ]
    )
    assert _check(run_qc(run, method()), "duplicate")["outcome"] == "not_applicable"


@pytest.mark.parametrize(("measured", "outcome"), [(20.3, "pass"), (19.7, "pass"), (20.31, "fail")])
def test_crm_within_certified_value_plus_minus_u(measured, outcome):
    m = method(qc={"crm_acceptance": "certified"})
    run = _run([*CALIBRATION, reading("CRM BM-1", "crm", measured, expected=20.0, expected_u=0.3)])
    row = _check(run_qc(run, m), "crm")
    assert row["metric_name"] == "deviation" and row["outcome"] == outcome


def test_crm_by_recovery_and_lcs_limits():
    # 16.0 / 20.0 = 80 % (the lower CRM limit); the LCS 8.0 / 10.0 = 80 % too
    run = _run(
        [
            *CALIBRATION,
            reading("CRM BM-1", "crm", 16.0, expected=20.0),
            reading("LCS", "crm", 7.9, expected=10.0),
        ]
    )
    report = run_qc(run, method())
    assert _check(report, "crm")["outcome"] == "pass"
    assert _check(report, "lcs")["metric"] == pytest.approx(79.0)
    assert _check(report, "lcs")["outcome"] == "fail"


def _bracket_run(ccv2: float) -> pd.DataFrame:
    return _run(
        [
            *CALIBRATION,
            reading("CCV", "check", 10.0, expected=10.0),  # position 3
            reading("S1", "sample", 1.0),
            reading("S2", "sample", 1.0),
            reading("CCV", "check", ccv2, expected=10.0),  # position 6
            reading("S3", "sample", 1.0),
            reading("S4", "sample", 1.0),
            reading("CCV", "check", 10.0, expected=10.0),  # position 9
            reading("S5", "sample", 1.0),
            reading("CCV", "check", 10.0, expected=10.0),
        ]
    )


def test_samples_bracketed_by_a_failing_ccv_are_flagged():
    report = run_qc(_bracket_run(ccv2=11.5), method())
    bracket = report.flags[report.flags["flag"] == "ccv_bracket"]
    # CCV at position 6 fails (115 %): S1, S2 precede it, S3, S4 follow it; S5 is bracketed by passes.
    assert sorted(bracket["sample_label"]) == ["S1", "S2", "S3", "S4"]
    failing = report.checks[(report.checks["check"] == "ccv") & (report.checks["outcome"] == "fail")]
    assert failing["affected"].tolist() == ["S1; S2; S3; S4"]
    assert report.verdict.verdict == "pass_with_flags"
    assert report.verdict.elements["Ni"] == "flagged"


def test_clean_run_passes():
    report = run_qc(_bracket_run(ccv2=10.2), method())
    assert report.flags.empty
    assert set(report.checks["outcome"]) <= {"pass", "not_applicable"}
    assert report.verdict.verdict == "pass"


def test_ccv_frequency():
    rows = [*CALIBRATION, reading("CCV", "check", 10.0, expected=10.0)]
    rows += [reading(f"S{i}", "sample", 1.0) for i in range(1, 12)]  # 11 samples, limit 10
    rows += [reading("CCV", "check", 10.0, expected=10.0), reading("S12", "sample", 1.0)]
    row = _check(run_qc(_run(rows), method()), "ccv_frequency")
    assert row["metric"] == 11 and row["outcome"] == "fail"
    assert row["affected"] == "S12"  # read after the last CCV


def test_ccv_frequency_does_not_apply_to_a_result_only_xrf_table():
    """An XRF results export lists pellets only (the spectrometer holds calibration and drift
    monitoring): no CCV there is not a failure. The same samples-only run is a failure for ICP-OES,
    whose CCVs belong in the run, and for XRF once the file carries a check solution."""
    samples = [reading(f"S{i}", "sample", 1.0) for i in range(1, 4)]
    xrf = method(technique="xrf", solution_unit="wt%")
    row = _check(run_qc(_run(samples), xrf), "ccv_frequency")
    assert row["outcome"] == "not_applicable" and "without check solutions" in row["note"]
    assert run_qc(_run(samples), xrf).verdict.verdict == "pass"
    assert _check(run_qc(_run(samples), method()), "ccv_frequency")["outcome"] == "fail"
    monitored = [reading("CCV", "check", 10.0, expected=10.0), *samples]
    row = _check(run_qc(_run(monitored), xrf), "ccv_frequency")
    assert row["outcome"] == "fail" and row["affected"] == "S1; S2; S3"


def test_internal_standard_recovery_flags_its_solution():
    rows = [
        reading("Blank", "blank", 0.0, is_recovery=100.0, internal_standard="Y 371.030"),
        reading("S1", "sample", 1.0, is_recovery=80.0, internal_standard="Y 371.030"),  # boundary: pass
        reading("S2", "sample", 1.0, is_recovery=79.9, internal_standard="Y 371.030"),
    ]
    report = run_qc(_run(rows), method())
    is_rows = report.checks[report.checks["check"] == "internal_standard"].set_index("sample_label")
    assert is_rows.loc["S1", "outcome"] == "pass" and is_rows.loc["S2", "outcome"] == "fail"
    assert "Blank" not in is_rows.index  # the calibration blank is the reference, 100 % by definition
    assert report.flags["sample_label"].tolist() == ["S2"]


def test_failing_calibration_blocks_the_element():
    calibrations = pd.DataFrame(
        {
            "element": ["Ni", "Ni", "Co"],
            "line": ["231.604", "221.648", "228.615"],
            "view": "",
            "model": "linear",
            "r": [0.9949, 0.9999, 0.9995],
            "mandel_p": [0.5, 0.5, 0.001],
        }
    )
    run = _run([*CALIBRATION, reading("S1", "sample", 1.0)])
    report = run_qc(run, method(), calibrations=calibrations)
    r_rows = report.checks[report.checks["check"] == "calibration_r"].set_index("line")
    assert r_rows.loc["231.604", "outcome"] == "fail" and r_rows.loc["221.648", "outcome"] == "pass"
    mandel = report.checks[report.checks["check"] == "calibration_mandel"].set_index("element")
    assert mandel.loc["Co", "outcome"] == "fail"  # p = 0.001 < alpha 0.01: curvature is significant
    # Ni fails r on its preferred line, Co fails Mandel: both blocked, the run gives no results
    assert report.verdict.elements == {"Ni": "blocked", "Co": "blocked"}
    assert report.verdict.verdict == "fail"
    assert report.flags.set_index("check").loc["calibration_r", "sample_label"] == "S1"


def test_one_blocked_element_gives_a_partial_run():
    calibrations = pd.DataFrame(
        {
            "element": ["Ni", "Co"],
            "line": ["231.604", "228.615"],
            "view": "",
            "model": "linear",
            "r": [0.999, 0.99],
            "mandel_p": [np.nan, np.nan],
        }
    )
    # a closing CCV, so Ni's only QC is its calibration (without it ccv_frequency would flag S1)
    run = _run([*CALIBRATION, reading("S1", "sample", 1.0), reading("CCV", "check", 10.0, expected=10.0)])
    verdict = run_qc(run, method(), calibrations=calibrations).verdict
    assert verdict.verdict == "partial" and verdict.elements == {"Ni": "ok", "Co": "blocked"}
    assert "no reportable results for Co" in verdict.reasons


def test_failing_check_line_calibration_does_not_block_the_element():
    calibrations = pd.DataFrame(
        {
            "element": ["Ni"],
            "line": ["221.648"],
            "view": "",
            "model": "linear",
            "r": [0.98],
            "mandel_p": [np.nan],
        }
    )
    run = _run([*CALIBRATION, reading("S1", "sample", 1.0)])
    assert run_qc(run, method(), calibrations=calibrations).verdict.elements["Ni"] == "flagged"


def test_per_analyte_limits_override_the_method():
    m = method(analytes=[{"element": "Ni", "lines": ["231.604"], "qc": {"ccv_recovery": [95, 105]}}])
    run = _run([*CALIBRATION, reading("CCV", "check", 9.4, expected=10.0)])
    row = _check(run_qc(run, m), "ccv")
    assert (row["low"], row["high"], row["outcome"]) == (95.0, 105.0, "fail")


def test_xrf_drift_monitor_uses_the_xrf_limits():
    # The shipped XRF method's drift monitor (CCV) window is 95-105 %: 20.9 / 20.0 = 104.5 % passes,
    # 21.1 / 20.0 = 105.5 % fails; the readings name no line and count for Ni Ka.
    xrf = method_from_dict(
        {
            "id": "x",
            "version": 1,
            "name": "x",
            "technique": "xrf",
            "solution_unit": "wt%",
            "qc": {"ccv_recovery": [95, 105]},
            "analytes": [{"element": "Ni", "lines": ["Ka"]}],
        }  # fmt: skip
    )
    rows = [
        reading("CCV monitor", "check", 20.9, line="", expected=20.0),
        reading("P1", "sample", 28.0, line=""),
        reading("CCV monitor", "check", 21.1, line="", expected=20.0),
    ]
    checks = run_qc(_run(rows), xrf).checks
    ccv = checks[checks["check"] == "ccv"]
    assert ccv["line"].tolist() == ["KA", "KA"] and ccv["outcome"].tolist() == ["pass", "fail"]
