"""Reporting: U to two significant digits (rounded up, GUM 7.2.6), the value to the same decimal place."""

from __future__ import annotations

import pytest

from labapp.core.errors import LabappError
from labapp.core.uncertainty import report, round_result, round_uncertainty


@pytest.mark.parametrize(
    ("value", "U", "expected"),
    [
        (1002.6997, 1.67, ("1002.7", "1.7")),  # QUAM A1
        (0.1021361, 0.000197, ("0.10214", "0.00020")),  # QUAM A2: trailing zero kept
        (12.3456, 0.0996, ("12.35", "0.10")),  # U rounds up into the next decade: still two digits
        (38412.0, 1234.0, ("38400", "1300")),  # U rounded up: 1234 -> 1300
        (0.125, 0.013, ("0.125", "0.013")),  # exact decimal rounding: 0.125 is not 0.12499999
        (-4.567, 0.21, ("-4.57", "0.21")),
    ],
)
def test_two_significant_digits(value: float, U: float, expected: tuple[str, str]) -> None:  # noqa: N803
    v, u = round_result(value, U)
    assert (format(v, "f"), format(u, "f")) == expected


@pytest.mark.parametrize(
    ("U", "expected"),
    [
        (10.47, "11"),  # GUM 7.2.6: "u_c(y) = 10.47 mOhm might be rounded up to 11 mOhm"
        (28.05, "28"),  # GUM 7.2.6: "u(x_i) = 28.05 kHz should be rounded down to 28 kHz"
        (0.6249, "0.63"),
        (0.02505, "0.025"),  # dropped part exactly 5 % of the last digit: dropped
        (0.02506, "0.026"),
        (0.991, "1.0"),  # rounds up into the next decade: still two digits
        (0.7700000000000001, "0.77"),  # binary noise is not a reason to round up
    ],
)
def test_u_is_rounded_up_with_gum_common_sense(U: float, expected: str) -> None:  # noqa: N803
    assert format(round_uncertainty(U), "f") == expected


def test_configurable_digits_and_rounding() -> None:
    assert format(round_uncertainty(0.0123, 1, "half_up"), "f") == "0.01"
    assert format(round_uncertainty(0.0121, 2, "up"), "f") == "0.013"  # never understate U
    v, u = round_result(2.345, 0.11, value_rounding="half_even")
    assert (format(v, "f"), format(u, "f")) == ("2.34", "0.11")


def test_report_forms() -> None:
    r = report(21.4372, 0.4381, "wt%", k=2.0)
    assert r.text == "21.44 ± 0.44 wt% (k = 2)"
    assert r.relative_U == "2.1" and r.relative_text == "21.44 wt% ± 2.1 %"  # 2.0436 % rounded up
    assert report(21.4372, 0.4381, "wt%", k=2.228).text.endswith("(k = 2.23)")


def test_censored_results_carry_no_uncertainty() -> None:
    r = report(0.0123456, 0.004, "wt%", censored="<")
    assert (r.U, r.relative_U) == (None, None)
    assert r.text == "< 0.013 wt%"  # a "<" bound is rounded up, never tighter than computed
    assert report(0.0152, censored="<").text == "< 0.016" and report(101.06, censored="<").text == "< 110"
    assert report(5.43, censored=">").text == "> 5.4"  # a ">" bound is rounded down
    with pytest.raises(LabappError, match="censoring"):
        report(1.0, 0.1, censored="<=")


def test_missing_uncertainty_gives_bare_value() -> None:
    assert report(3.14159265, None, "mg/kg").text == "3.14 mg/kg"  # three significant digits
    assert report(3.0, float("nan")).U is None
