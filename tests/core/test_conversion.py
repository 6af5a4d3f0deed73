"""Solution concentration to solid content, worked by hand; oxide factors from IUPAC weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from labapp.core.conversion import dry_basis, limit_to_solid, solid_content, species_factor
from labapp.core.errors import LabappError


def test_single_digest_by_hand() -> None:
    """(12.51 - 0.01) mg/L x 0.100 L x 1 / 0.2000 g = 1.25 mg / 200 mg = 6250 mg/kg = 0.625 wt%."""
    row = solid_content(12.51, blank=0.01, volume=100, mass=0.2, unit="mg/kg").iloc[0]
    assert row["value"] == pytest.approx(6250.0, rel=1e-12)
    assert row["censored"] == "" and np.isnan(row["limit"]) and row["unit"] == "mg/kg"
    assert solid_content(12.51, blank=0.01, volume=100, mass=0.2, unit="wt%")["value"].iloc[0] == (
        pytest.approx(0.625, rel=1e-12)
    )


def test_units_dilution_and_moisture() -> None:
    """125 ug/L x 10 x 0.050 L / 500 mg = 125 mg/kg as received; 10 % moisture: 138.888... dry."""
    got = solid_content(
        125, volume=0.050, volume_unit="L", mass=500, mass_unit="mg", dilution=10,
        concentration_unit="ug/L", moisture=0.10,
    )
    assert got["value"].iloc[0] == pytest.approx(125 / 0.9, rel=1e-12)
    assert dry_basis(125.0, 0.10) == pytest.approx(138.8888888889, rel=1e-10)


def test_vectorized_columns_with_loq_censoring_and_index() -> None:
    frame = pd.DataFrame(
        {"c": [40.0, 0.030, 0.50], "blank": [0.02, 0.02, 0.02], "mass": [0.25, 0.25, 0.20], "df": [10, 1, 1]},
        index=["BM-1", "BM-2", "BM-3"],
    )
    out = solid_content(
        frame["c"], blank=frame["blank"], volume=100, mass=frame["mass"], dilution=frame["df"],
        unit="wt%", loq=0.05,
    )
    assert list(out.index) == ["BM-1", "BM-2", "BM-3"]
    # BM-1: 39.98 mg/L x 0.1 L x 10 / 250 mg = 15.992 wt%; LOQ 0.05 x 0.1 x 10 / 250 = 0.02 wt%.
    np.testing.assert_allclose(out["value"], [15.992, 0.0004, 0.024], rtol=1e-12)
    np.testing.assert_allclose(out["limit"], [0.02, 0.002, 0.0025], rtol=1e-12)
    assert list(out["censored"]) == ["", "<", ""]


def test_species_factor_from_atomic_weights() -> None:
    """M(NiO)/M(Ni) = (58.6934 + 15.999) / 58.6934; Co3O4 -> Co = 3 x 58.933194 / M(Co3O4)."""
    assert species_factor("Ni", "NiO") == pytest.approx((58.6934 + 15.999) / 58.6934, rel=1e-12)
    co = 3 * 58.933194
    assert species_factor("Co3O4", "Co") == pytest.approx(co / (co + 4 * 15.999), rel=1e-12)
    as_oxide = solid_content(10.0, volume=100, mass=0.1, unit="wt%", species=species_factor("Ni", "NiO"))
    assert as_oxide["value"].iloc[0] == pytest.approx(1.0 * (58.6934 + 15.999) / 58.6934, rel=1e-12)


def test_limit_conversion_matches_the_result_conversion() -> None:
    limit = limit_to_solid(0.05, volume=50, mass=0.5, dilution=20, moisture=0.2, unit="mg/kg")
    assert limit == pytest.approx(0.05 * 0.05 * 20 / 0.5e-3 / 0.8, rel=1e-12)  # mg/L*L / kg


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mass": 0.0}, "must be positive"),
        ({"moisture": 1.0}, "moisture"),
        ({"unit": "mg/L"}, "not a mass fraction"),
        ({"volume_unit": "g"}, "expected a volume"),
        ({"concentration_unit": "mg/kg"}, "expected a mass concentration"),
    ],
)
def test_bad_input_is_a_user_error(kwargs: dict, message: str) -> None:
    arguments = {"volume": 100, "mass": 0.2} | kwargs
    with pytest.raises(LabappError, match=message):
        solid_content(1.0, **arguments)
    with pytest.raises(LabappError, match="different elements"):
        species_factor("Ni", "CoO")
