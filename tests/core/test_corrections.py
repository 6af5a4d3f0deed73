"""Internal standard, blank and drift corrections on hand-built runs; expected values by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _run_frames import frame, method, reading
from hypothesis import given, settings
from hypothesis import strategies as st

from labapp.core.corrections import (
    correct_concentrations,
    correct_drift,
    correct_intensities,
    correct_internal_standard,
    subtract_calibration_blank,
    subtract_method_blank,
)
from labapp.core.errors import LabappError
from labapp.core.runorder import solution_index, with_structure


def _drift_run() -> pd.DataFrame:
    """Sensitivity drifts linearly: f(p) = 1 + 0.02 (p - 3), p = run position, calibration ends at p = 3."""
    f = lambda p: 1.0 + 0.02 * (p - 3)  # noqa: E731
    true = {5: 2.0, 6: 4.0, 8: 3.0, 9: 7.5, 11: 1.0}
    rows = [
        reading("Cal blank", "blank", 0.0),
        reading("Std 1", "standard", 1.0),
        reading("Std 2", "standard", 5.0),
        reading("Std 3", "standard", 10.0),
        reading("ICV", "check", 10.0 * f(4), expected=10.0),
        reading("S1", "sample", true[5] * f(5)),
        reading("S2", "sample", true[6] * f(6)),
        reading("CCV 1", "check", 5.0 * f(7), expected=5.0),
        reading("S3", "sample", true[8] * f(8)),
        reading("S4", "sample", true[9] * f(9)),
        reading("CCV 2", "check", 5.0 * f(10), expected=5.0),
        reading("S5", "sample", true[11] * f(11)),
    ]
    return with_structure(frame(rows)).rename(columns={"value": "conc"})


def test_drift_correction_is_exact_on_linear_drift():
    out = correct_drift(_drift_run(), "conc", out="corrected")
    by_label = out.set_index("sample_label")
    # Between the calibration (p = 3, factor 1) and CCV 1 (p = 7, factor 5.4 / 5 = 1.08) and CCV 2
    # (p = 10, factor 5.7 / 5 = 1.14) the interpolated factor equals the true drift, so S1..S4
    # come back exactly: S1 = 2.0 * 1.04 / 1.04, S3 = 3.0 * 1.10 / 1.10 ...
    for label, true in {"S1": 2.0, "S2": 4.0, "S3": 3.0, "S4": 7.5}.items():
        assert by_label.loc[label, "corrected"] == pytest.approx(true, rel=1e-12)
        assert by_label.loc[label, "drift_bracketed"]
    assert by_label.loc["S3", "drift_factor"] == pytest.approx(1.10, rel=1e-12)


def test_reading_after_the_last_ccv_keeps_the_last_factor_and_is_not_bracketed():
    out = correct_drift(_drift_run(), "conc", out="corrected").set_index("sample_label")
    # S5 at p = 11 read 1.0 * 1.16; the last CCV factor 1.14 is held: 1.16 / 1.14 = 1.017543...
    assert out.loc["S5", "corrected"] == pytest.approx(1.16 / 1.14, rel=1e-12)
    assert not out.loc["S5", "drift_bracketed"]


def test_drift_without_ccvs_leaves_values_unchanged():
    run = _drift_run()
    run = run[~run["sample_label"].str.startswith("CCV")]
    out = correct_drift(run, "conc", out="corrected")
    assert np.allclose(out["corrected"], out["conc"])


def _is_run() -> pd.DataFrame:
    rows = []
    # (label, type, Y 371.030 intensity, Ni intensity) per replicate; the calibration blank's Y mean is
    # (10000 + 10400) / 2 = 10200.
    for label, kind, reps in [
        ("Blank", "blank", [(10000.0, 50.0), (10400.0, 54.0)]),
        ("Std 1", "standard", [(10200.0, 5050.0), (10200.0, 5050.0)]),
        ("S1", "sample", [(8160.0, 4000.0), (9180.0, 4500.0)]),
    ]:
        for rep, (y, ni) in enumerate(reps, start=1):
            rows.append(reading(label, kind, element="Y", line="371.030", intensity=y, replicate=rep))
            rows.append(reading(label, kind, element="Ni", line="231.604", intensity=ni, replicate=rep))
    return with_structure(frame(rows))


def test_internal_standard_ratio_and_recovery():
    m = method(internal_standard={"element": "Y", "line": "371.03"})
    out = correct_internal_standard(_is_run(), m)
    s1 = out[(out["sample_label"] == "S1") & (out["element"] == "Ni")].set_index("replicate")
    # Replicate 1: IS recovery 8160 / 10200 = 80 %; signal 4000 * 10200 / 8160 = 5000.
    # Replicate 2: 9180 / 10200 = 90 %; 4500 * 10200 / 9180 = 5000.
    assert s1.loc[1, "is_recovery"] == pytest.approx(80.0)
    assert s1.loc[2, "is_recovery"] == pytest.approx(90.0)
    assert s1["signal"].tolist() == pytest.approx([5000.0, 5000.0])
    assert set(s1["internal_standard"]) == {"Y 371.030"}
    # The IS's own rows and analytes without an IS keep their intensity.
    y_rows = out[out["element"] == "Y"]
    assert np.allclose(y_rows["signal"], y_rows["intensity"])


def test_internal_standard_read_in_two_views_needs_the_view_named():
    run = _is_run()
    twin = run[run["element"] == "Y"].assign(view="axial")
    run = pd.concat([run.assign(view="radial"), twin]).sort_values("source_row", kind="stable")
    with pytest.raises(LabappError, match="Y 371.030 is read more than once.*name its view"):
        correct_internal_standard(run, method(internal_standard={"element": "Y", "line": "371.030"}))
    named = method(internal_standard={"element": "Y", "line": "371.030", "view": "radial"})
    out = correct_internal_standard(run, named)
    assert out.loc[
        (out["sample_label"] == "S1") & (out["element"] == "Ni"), "signal"
    ].tolist() == pytest.approx([5000.0, 5000.0])


def test_calibration_blank_subtraction_uses_the_replicate_mean():
    rows = [
        reading("Blank", "blank", intensity=100.0, replicate=1),
        reading("Blank", "blank", intensity=120.0, replicate=2),
        reading("Std", "standard", intensity=1110.0),
        reading("S1", "sample", intensity=2110.0),
    ]
    run = with_structure(frame(rows)).assign(signal=lambda f: f["intensity"])
    out = subtract_calibration_blank(run)
    # blank mean (100 + 120) / 2 = 110: 1110 - 110 = 1000, 2110 - 110 = 2000
    assert out.loc[out["sample_label"] == "S1", "net_signal"].item() == pytest.approx(2000.0)
    assert out.loc[out["sample_label"] == "Std", "net_signal"].item() == pytest.approx(1000.0)
    assert out["cal_blank"].iloc[0] == pytest.approx(110.0)


def test_method_blank_is_subtracted_from_digests_only_and_per_prep_batch():
    rows = [
        reading("Cal blank", "blank", 0.0, prep_batch="A"),
        reading("Std", "standard", 10.0, prep_batch="A"),
        reading("MB-A", "blank", 0.02, prep_batch="A"),
        reading("Prep blank B", "blank", 0.05, prep_batch="B"),
        reading("CCV", "check", 10.0, prep_batch="A"),
        reading("S1", "sample", 1.00, prep_batch="A"),
        reading("S2", "sample", 1.00, prep_batch="B"),
        reading("CRM", "crm", 2.00, prep_batch="B"),
    ]
    run = with_structure(frame(rows))
    assert run.set_index("sample_label")["blank_kind"].to_dict()["MB-A"] == "method"
    assert run.set_index("sample_label")["blank_kind"].to_dict()["Cal blank"] == "calibration"
    out = subtract_method_blank(run, "value", out="result").set_index("sample_label")
    # S1: 1.00 - 0.02 (batch A) = 0.98; S2: 1.00 - 0.05 (batch B) = 0.95; CRM 2.00 - 0.05 = 1.95
    assert out.loc["S1", "result"] == pytest.approx(0.98)
    assert out.loc["S2", "result"] == pytest.approx(0.95)
    assert out.loc["CRM", "result"] == pytest.approx(1.95)
    assert out.loc["CCV", "result"] == pytest.approx(10.0)  # checks are not digests


def test_a_blank_after_the_standards_is_a_method_blank():
    rows = [reading("Blank", "blank", 0.0), reading("Std", "standard", 1.0), reading("Blank", "blank", 0.1)]
    kinds = with_structure(frame(rows))["blank_kind"].tolist()
    assert kinds == ["calibration", "", "method"]


def test_solutions_split_on_a_repeated_reading_of_the_same_label():
    rows = [
        reading("CCV", "check", 10.0),
        reading("CCV", "check", 5.0, element="Co", line="228.615"),
        reading("CCV", "check", 10.1),  # Ni again: the CCV was aspirated a second time
        reading("S1", "sample", 1.0),
    ]
    assert solution_index(frame(rows)).tolist() == [0, 0, 1, 2]


def test_concentration_only_file_uses_the_instrument_values_and_says_so():
    rows = [
        reading("Std", "standard", 1.0),
        reading("Method blank", "blank", 0.1),
        reading("S1", "sample", 2.0),
    ]
    corrected = correct_concentrations(frame(rows), method())
    assert set(corrected.frame["basis"]) == {"instrument"}
    assert "no intensities" in corrected.notes[0] and "instrument's concentrations" in corrected.notes[0]
    assert corrected.frame.set_index("sample_label").loc["S1", "result"] == pytest.approx(1.9)
    with pytest.raises(LabappError, match="carries no intensities"):
        correct_intensities(frame(rows), method())


def test_intensity_run_is_recalculated():
    run = _drift_run().assign(intensity=1.0)
    corrected = correct_concentrations(run, method(), column="conc")
    by_label = corrected.frame.set_index("sample_label")
    assert by_label.loc["S3", "result"] == pytest.approx(3.0, rel=1e-12)
    assert set(corrected.frame["basis"]) == {"recalculated"}


@settings(max_examples=60, deadline=None)
@given(
    # the longest run has 43 readings: |slope| <= 0.01 keeps the sensitivity within 0.58-1.42 (with 0.03
    # it crossed zero at reading 34, a drift no instrument shows and no CCV bracket would pass)
    slope=st.floats(-0.01, 0.01),
    every=st.integers(1, 6),
    truths=st.lists(st.floats(0.01, 100.0), min_size=2, max_size=20),
)
def test_drift_correction_is_exact_for_any_linear_drift(slope, every, truths):
    # sensitivity f(p) = 1 + slope (p - p_cal); CCVs (5 mg/L) every `every` samples and at the end:
    # every sample is bracketed and must come back to its true value
    rows = [reading("Std 1", "standard", 1.0), reading("Std 2", "standard", 10.0)]
    p_cal = 1
    f = lambda p: 1.0 + slope * (p - p_cal)  # noqa: E731
    labels = []
    for i, true in enumerate(truths):
        if i % every == 0 and i:
            rows.append(reading("CCV", "check", 5.0 * f(len(rows)), expected=5.0))
        labels.append((f"S{i}", true))
        rows.append(reading(f"S{i}", "sample", true * f(len(rows))))
    rows.append(reading("CCV", "check", 5.0 * f(len(rows)), expected=5.0))
    run = with_structure(frame(rows)).rename(columns={"value": "conc"})
    out = correct_drift(run, "conc", out="corrected").set_index("sample_label")
    for label, true in labels:
        assert out.loc[label, "corrected"] == pytest.approx(true, rel=1e-9)
        assert out.loc[label, "drift_bracketed"]


def test_intensities_without_recalculated_concentrations_fall_back_to_the_instrument_and_say_so():
    rows = [reading("Std", "standard", 1.0, intensity=1000.0), reading("S1", "sample", 2.0, intensity=2000.0)]
    corrected = correct_concentrations(frame(rows), method())
    note = "test-icp: the run was not recalibrated; the instrument's concentrations are used"
    assert corrected.notes == [note]
    assert corrected.frame.set_index("sample_label").loc["S1", "result"] == 2.0
