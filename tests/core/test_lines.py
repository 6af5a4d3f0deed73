"""Preferred-line selection and line agreement; differences computed by hand in the comments."""

from __future__ import annotations

import numpy as np
import pytest
from _run_frames import frame, method, reading

from labapp.core.lines import line_agreement, select_lines
from labapp.core.methods import method_from_dict
from labapp.core.runorder import with_structure


def _pair(preferred: float, check: float, label: str = "S1", **extra) -> list[dict]:
    return [
        reading(label, "sample", preferred, line="231.604", **extra),
        reading(label, "sample", check, line="221.648"),
    ]


def _run(rows):
    return with_structure(frame(rows))


@pytest.mark.parametrize(
    ("check", "difference", "outcome"),
    [
        (10.5, 5.0, "pass"),  # 100 (10.5 - 10.0) / 10.0 = +5.0 %: at the 5 % tolerance, inside
        (9.5, -5.0, "pass"),
        (10.6, 6.0, "fail"),  # +6 % > 5 %
        (9.4, -6.0, "fail"),
    ],
)
def test_check_line_agreement_with_the_tolerance(check, difference, outcome):
    table = line_agreement(_run(_pair(10.0, check)), method(), column="value")
    row = table.iloc[0]
    assert (row["line"], row["check_line"]) == ("231.604", "221.648")
    assert row["difference_pct"] == pytest.approx(difference)
    assert row["tolerance_pct"] == 5.0 and row["outcome"] == outcome


def test_agreement_is_not_judged_below_the_loq():
    table = line_agreement(_run(_pair(0.008, 0.004, loq=0.01)), method(), column="value")
    assert table["outcome"].tolist() == ["not_applicable"]


def test_the_tolerance_is_per_analyte():
    m = method(analytes=[{"element": "Ni", "lines": ["231.604", "221.648"], "line_tolerance_pct": 8.0}])
    assert line_agreement(_run(_pair(10.0, 10.75)), m, column="value")["outcome"].tolist() == ["pass"]


def test_select_reports_the_preferred_line_and_flags_disagreement():
    rows = _pair(10.0, 10.2, "S1") + _pair(10.0, 11.0, "S2") + [reading("S3", "sample", 4.0)]
    chosen = select_lines(_run(rows), method(), column="value").set_index("sample_label")
    assert chosen["line"].tolist() == ["231.604"] * 3
    assert chosen["line_role"].tolist() == ["preferred"] * 3
    # S1: +2 % agrees; S2: +10 % disagrees; S3 has no check line
    assert chosen["line_check"].to_dict() == {"S1": "pass", "S2": "fail", "S3": "not_applicable"}
    assert chosen.loc["S2", "flags"] == "line_disagreement"
    assert chosen.loc["S1", "flags"] == ""


def test_an_over_range_preferred_line_hands_over_to_the_check_line():
    rows = [
        reading("S1", "sample", 250.0, line="231.604", flags="over_range"),
        reading("S1", "sample", 212.0, line="221.648"),
    ]
    chosen = select_lines(_run(rows), method(), column="value").iloc[0]
    assert (chosen["line"], chosen["value"], chosen["line_role"]) == ("221.648", 212.0, "alternate")
    assert chosen["flags"] == "alternate_line"  # the flags of the reading that reports, plus the hand-over


def test_lines_outside_the_method_and_the_wavelength_spelling():
    rows = [
        reading("S1", "sample", 10.0, line=231.6040),  # float in the file, 4 decimals
        reading("S1", "sample", 99.0, line="341.476"),  # not a method line: ignored
        reading("S1", "sample", 10.1, line="221.648"),
    ]
    chosen = select_lines(_run(rows), method(), column="value")
    assert chosen["line"].tolist() == ["231.604"] and chosen["line_check"].tolist() == ["pass"]


def test_view_given_by_the_method_picks_the_reading():
    m = method(analytes=[{"element": "Ni", "lines": [{"line": "231.604", "view": "radial"}]}])
    rows = [reading("S1", "sample", 10.0, view="radial"), reading("S1", "sample", 12.0, view="axial")]
    chosen = select_lines(_run(rows), m, column="value")
    assert chosen["value"].tolist() == [10.0] and np.all(chosen["view"] == "radial")


def test_xrf_readings_without_a_line_take_the_preferred_line():
    # A SuperQ result table gives NiO per pellet and names no line: the method's Ka line reports it.
    m = method_from_dict(
        {
            "id": "x",
            "version": 1,
            "name": "x",
            "technique": "xrf",
            "solution_unit": "wt%",
            "analytes": [{"element": "Ni", "lines": ["Ka", "Kb"]}],
        }  # fmt: skip
    )
    rows = [reading("P1", "sample", 28.5, line="", unit="wt%", species="NiO")]
    chosen = select_lines(_run(rows), m, column="value").iloc[0]
    assert (chosen["line"], chosen["value"], chosen["line_check"]) == ("KA", 28.5, "not_applicable")
    assert bool(chosen["line_assumed"])
