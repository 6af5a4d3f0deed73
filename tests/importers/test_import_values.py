"""Reported-value cells: numbers, censoring, flags, decimal commas, thousands separators."""

import math

import pandas as pd
import pytest

from labapp.importers.values import ValueSyntaxError, parse_column


def parse(cells, **kw):
    return parse_column(pd.Series(cells, dtype=object), **kw)


def test_plain_numbers_and_exponents():
    out = parse(["1.5", "-1.943543837e-006", "6.80272E-5", ""])
    assert out["value"].tolist()[:3] == [1.5, -1.943543837e-06, 6.80272e-05]
    assert math.isnan(out["value"][3])


def test_censored_and_flagged_tokens():
    out = parse(["<LOD", "< LOD", "Uncal", "-", "--", "####", "N/A", "> 100.00", "< 0.05"])
    assert out["censored"].tolist() == ["<", "<", "", "", "", "", "", ">", "<"]
    assert out["value"].isna().all()
    assert out["limit"][7] == 100.0 and out["limit"][8] == 0.05
    assert out["flags"].tolist()[:6] == [
        "below_lod",
        "below_lod",
        "uncalibrated",
        "",
        "excluded",
        "over_range",
    ]


def test_brackets_suffixes_and_inline_units():
    out = parse(
        ["[0.1]", "1.23o", "0.5u", "2.46 % +", "231 PPM"],
        suffix_flags={"o": "over", "u": "under", "+": "plus"},
    )
    assert out["value"].tolist() == [0.1, 1.23, 0.5, 2.46, 231.0]
    assert out["flags"].tolist() == ["bracketed", "over", "under", "plus", ""]
    assert out["unit"].tolist() == ["", "", "", "%", "PPM"]


def test_decimal_comma_and_thousands():
    assert parse(["12,501", "0,035"], decimal=",")["value"].tolist() == [12.501, 0.035]
    assert parse(["1,226,220.526 "], thousands=",")["value"].tolist() == [1226220.526]


def test_unreadable_text_is_named():
    with pytest.raises(ValueSyntaxError) as info:
        parse(["1.0", "abc"])
    assert info.value.text == "abc"


def test_missing_cells_and_tokens_among_numbers():
    # only the text cells are parsed one by one; a missing cell stays plain NaN without flags
    out = parse(["1.5", None, "<LOD", "2", "####", "1.23o"], suffix_flags={"o": "over"})
    assert out["value"].tolist()[:1] == [1.5] and out["value"][3] == 2.0 and out["value"][5] == 1.23
    assert math.isnan(out["value"][1]) and math.isnan(out["value"][2]) and math.isnan(out["value"][4])
    assert out["censored"].tolist() == ["", "", "<", "", "", ""]
    assert out["flags"].tolist() == ["", "", "below_lod", "", "over_range", "over"]


def test_numeric_column_passes_through():
    out = parse_column(pd.Series([0.5, float("nan"), -2.0]))
    assert out["value"].tolist()[::2] == [0.5, -2.0] and math.isnan(out["value"][1])
    assert out["censored"].tolist() == ["", "", ""] and out["flags"].tolist() == ["", "", ""]
