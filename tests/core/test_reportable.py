"""Reportable result per lot and analyte: technique choice, digest averaging and RPD, LOQ and digits."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from labapp.core.errors import LabappError
from labapp.core.methods import MethodError, method_from_dict
from labapp.core.reportable import reportable_results, reporting_plan, result_text


def _icp(**analyte_overrides):
    analytes = [
        {"element": "Ni", "lines": ["231.604"]},
        {"element": "Li", "lines": ["670.783"], "digits": 3},
        {"element": "Zn", "lines": ["213.857"], "unit": "mg/kg", "digits": 0},
    ]
    for analyte in analytes:
        analyte.update(analyte_overrides.get(analyte["element"], {}))
    return method_from_dict(
        {
            "id": "icp",
            "version": "1",
            "name": "ICP",
            "technique": "icp-oes",
            "solution_unit": "mg/L",
            "analytes": analytes,
        },
        "icp.toml",
    )


def _xrf(ni_reports: bool):
    return method_from_dict(
        {
            "id": "xrf",
            "version": "1",
            "name": "XRF",
            "technique": "xrf",
            "solution_unit": "wt%",
            "analytes": [{"element": "Ni", "lines": ["Ka"], "reports": ni_reports}],
        },
        "xrf.toml",
    )


def _results(rows):
    return pd.DataFrame(rows, columns=["lot", "digest", "method_id", "element", "value", "loq", "u"])


def test_duplicate_digests_are_averaged_with_their_rpd():
    rows = [
        ("L1", "D1", "icp", "Ni", 20.0, 0.01, 0.2),
        ("L1", "D2", "icp", "Ni", 22.0, 0.01, 0.4),
    ]
    out = reportable_results(_results(rows), [_icp()]).set_index("element")
    # mean (20 + 22) / 2 = 21.0; RPD 2 / 21 x 100 = 9.5238 %; u = (0.2 + 0.4) / 2 = 0.3
    assert out.loc["Ni", "value"] == pytest.approx(21.0)
    assert out.loc["Ni", "rpd_pct"] == pytest.approx(9.5238, abs=1e-4)
    assert out.loc["Ni", "rpd_outcome"] == "pass" and out.loc["Ni", "n_digests"] == 2
    assert out.loc["Ni", "u"] == pytest.approx(0.3)
    # no U given: three significant digits (labapp.core.uncertainty.reporting)
    assert out.loc["Ni", "text"] == "21.0" and out.loc["Ni", "technique"] == "icp-oes"


@pytest.mark.parametrize(("second", "outcome"), [(1.1, "pass"), (1.1022, "fail")])
def test_digest_rpd_boundary(second, outcome):
    # 0.9 and 1.1: 0.2 / 1.0 = 20 % exactly (passes); 0.9 and 1.1022: 0.2022 / 1.0011 = 20.198 % (fails)
    rows = [("L1", "D1", "icp", "Ni", 0.9, 0.01, np.nan), ("L1", "D2", "icp", "Ni", second, 0.01, np.nan)]
    out = reportable_results(_results(rows), [_icp()]).set_index("element")
    assert out.loc["Ni", "rpd_outcome"] == outcome
    assert ("digest_rpd" in out.loc["Ni", "flags"]) == (outcome == "fail")


def test_three_digests_use_the_relative_range():
    rows = [("L1", f"D{i}", "icp", "Ni", v, 0.01, np.nan) for i, v in enumerate([10.0, 10.5, 11.0])]
    out = reportable_results(_results(rows), [_icp()]).set_index("element")
    # mean 10.5; (11.0 - 10.0) / 10.5 x 100 = 9.5238 %
    assert out.loc["Ni", "rpd_pct"] == pytest.approx(100 / 10.5)


def test_the_reporting_method_decides_the_technique():
    rows = [
        ("L1", "D1", "icp", "Ni", 20.0, 0.01, np.nan),
        ("L1", "P1", "xrf", "Ni", 25.0, 0.01, np.nan),
        ("L1", "D1", "icp", "Li", 3.4567, 0.001, np.nan),
    ]
    by_icp = reportable_results(_results(rows), [_icp(), _xrf(ni_reports=False)]).set_index("element")
    assert by_icp.loc["Ni", "value"] == 20.0 and by_icp.loc["Ni", "method_id"] == "icp"
    by_xrf = reportable_results(_results(rows), [_icp(Ni={"reports": False}), _xrf(True)]).set_index(
        "element"
    )
    assert by_xrf.loc["Ni", "value"] == 25.0 and by_xrf.loc["Ni", "technique"] == "xrf"
    assert by_xrf.loc["Li", "technique"] == "icp-oes" and by_xrf.loc["Li", "text"] == "3.46"


def test_two_methods_reporting_one_analyte_is_an_error():
    with pytest.raises(LabappError, match=r"Ni is reported by both icp \(icp.toml\) and xrf \(xrf.toml\)"):
        reporting_plan([_icp(), _xrf(ni_reports=True)])


def test_li_cannot_be_assigned_to_xrf():
    with pytest.raises(MethodError, match=r"x.toml: analytes\[0\].element: Li cannot be determined by XRF"):
        method_from_dict(
            {
                "id": "x",
                "version": "1",
                "name": "x",
                "technique": "xrf",
                "solution_unit": "wt%",
                "analytes": [{"element": "Li", "lines": ["Ka"]}],
            },
            "x.toml",
        )


def test_loq_policy_and_missing_results():
    rows = [("L1", "D1", "icp", "Zn", 40.0, 50.0, np.nan), ("L1", "D2", "icp", "Zn", 44.0, 50.0, np.nan)]
    out = reportable_results(_results(rows), [_icp()]).set_index("element")
    # mean 42 mg/kg < LOQ 50: reported as "< 50"; Ni and Li have no result for L1
    assert out.loc["Zn", "text"] == "< 50" and out.loc["Zn", "censored"] == "<"
    assert out.loc["Ni", "note"] == "no result from icp-oes" and out.loc["Ni", "flags"] == "no_result"
    flagged = reportable_results(_results(rows), [_icp_with_policy("value_flagged")]).set_index("element")
    assert flagged.loc["Zn", "text"] == "42.0" and "below_loq" in flagged.loc["Zn", "flags"]


def _icp_with_policy(policy: str):
    return replace(_icp(), loq_policy=policy)


def test_a_blocked_element_gives_no_reportable_result():
    data = _results(
        [("L1", "D1", "icp", "Ni", 20.0, 0.01, np.nan), ("L1", "D1", "icp", "Li", 3.0, 0.01, np.nan)]
    )
    data["status"] = ["blocked", "ok"]
    out = reportable_results(data, [_icp()]).set_index("element")
    assert (
        np.isnan(out.loc["Ni", "value"])
        and out.loc["Ni", "note"] == "calibration failed: no reportable result"
    )
    assert out.loc["Li", "value"] == 3.0


@pytest.mark.parametrize(
    ("value", "U", "text"),
    [(2.345, 0.11, "2.35"), (2.335, 0.11, "2.34"), (0.0449, 0.011, "0.045"), (-1.005, 0.1, "-1.01"),
     (1234.5, 12.0, "1235"), (18.778, 0.774, "18.78")],
)
def test_the_value_is_rounded_half_up_to_the_decimal_place_of_u(value, U, text):  # noqa: N803
    # binary 2.345 is 2.34499999...; the decimal value as written rounds half up to 2.35 (U 0.11: 2 decimals)
    assert result_text(value, U, "", None) == text


@pytest.mark.parametrize(("loq", "text"), [(101.06, "< 110"), (0.0152, "< 0.016"), (0.0150, "< 0.015"),
                                           (0.030000000000000002, "< 0.030"), (99.1, "< 100")])
def test_a_censoring_bound_is_rounded_up(loq, text):
    # 101.06 printed "< 100" and 0.0152 "< 0.015" before: a bound never tighter than the computed one
    assert result_text(loq, None, "<", loq) == text


def test_a_digest_above_the_top_standard_leaves_the_lot_without_a_value():
    rows = [("L1", "D1", "icp", "Ni", 28.4, 0.01, 0.6), ("L1", "D2", "icp", "Ni", 28.0, 0.01, 0.6),
            ("L1", "D1", "icp", "Li", 3.0, 0.01, 0.1)]
    data = _results(rows)
    data["flags"] = ["above_calibration_range", "", ""]
    out = reportable_results(data, [_icp()]).set_index("element")
    assert np.isnan(out.loc["Ni", "value"]) and np.isnan(out.loc["Ni", "U"]) and out.loc["Ni", "text"] == ""
    assert out.loc["Ni", "note"] == "above calibration range, dilute and re-measure"
    assert "above_calibration_range" in out.loc["Ni", "flags"]
    assert out.loc["Li", "value"] == 3.0  # the other analytes of the lot are unaffected
