"""Unit parsing and conversion, checked by hand (1 mg/L = 1000 ug/L, 1 wt% = 10 000 mg/kg ...)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from labapp.core.errors import LabappError
from labapp.core.units import CONCENTRATION, MASS, MASS_FRACTION, VOLUME, convert, factor, parse_unit


@pytest.mark.parametrize(
    ("text", "symbol", "kind"),
    [
        ("mg/L", "mg/L", CONCENTRATION),
        (" µg / l ", "ug/L", CONCENTRATION),
        ("μg/mL", "ug/mL", CONCENTRATION),
        ("mL", "mL", VOLUME),
        ("kg", "kg", MASS),
        ("wt.%", "wt%", MASS_FRACTION),
        ("% w/w", "wt%", MASS_FRACTION),
        ("ug/g", "ug/g", MASS_FRACTION),
        ("ppm", "ppm", MASS_FRACTION),
    ],
)
def test_parse_normalises_spellings(text: str, symbol: str, kind: str) -> None:
    unit = parse_unit(text)
    assert (unit.symbol, unit.kind) == (symbol, kind)


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        (1.0, "mg/L", "ug/L", 1000.0),
        (250.0, "ug/L", "mg/L", 0.25),
        (1.0, "ug/mL", "mg/L", 1.0),
        (2.0, "g/L", "mg/mL", 2.0),
        (50.0, "mL", "L", 0.05),
        (250.0, "uL", "mL", 0.25),
        (0.2500, "g", "mg", 250.0),
        (1.0, "wt%", "mg/kg", 10_000.0),
        (12_345.0, "mg/kg", "wt%", 1.2345),
        (3.0, "ug/g", "mg/kg", 3.0),
        (500.0, "ppm", "wt%", 0.05),
    ],
)
def test_hand_checkable_conversions(value: float, source: str, target: str, expected: float) -> None:
    assert convert(value, source, target) == pytest.approx(expected, rel=1e-15)


def test_conversion_is_vectorized_and_keeps_pandas_index() -> None:
    column = pd.Series([1.0, 2.5], index=["s1", "s2"])
    out = convert(column, "mg/L", "ug/L")
    assert list(out.index) == ["s1", "s2"] and list(out) == [1000.0, 2500.0]
    np.testing.assert_allclose(convert(np.array([10.0, 20.0]), "mg/kg", "wt%"), [0.001, 0.002])
    assert factor("wt%", "mg/kg") == pytest.approx(1e4)


def test_unknown_and_incompatible_units_are_user_errors() -> None:
    with pytest.raises(LabappError, match="unknown unit 'mol/L'"):
        parse_unit("mol/L")
    with pytest.raises(LabappError, match="cannot convert 'mg/L'"):
        convert(1.0, "mg/L", "mg/kg")
