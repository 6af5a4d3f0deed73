"""Element factors against published gravimetric factors (oxide -> element), molar masses from IUPAC."""

import pytest

from labapp.core.elements import (
    FormulaError,
    atomic_weight,
    element_factor,
    is_element,
    molar_mass,
    parse_formula,
    principal_element,
)

# Gravimetric factors as tabulated for XRF/wet chemistry (4 decimals).
PUBLISHED_FACTORS = [
    ("NiO", "Ni", 0.7858),
    ("CoO", "Co", 0.7865),
    ("Co3O4", "Co", 0.7342),
    ("MnO", "Mn", 0.7745),
    ("Fe2O3", "Fe", 0.6994),
    ("Al2O3", "Al", 0.5293),
    ("SiO2", "Si", 0.4674),
    ("CuO", "Cu", 0.7989),
    ("Li2O", "Li", 0.4645),
    ("P2O5", "P", 0.4364),
    ("CaO", "Ca", 0.7147),
    ("TiO2", "Ti", 0.5993),
]


@pytest.mark.parametrize(("formula", "element", "factor"), PUBLISHED_FACTORS)
def test_oxide_factors_match_published_values(formula, element, factor):
    assert principal_element(formula) == element
    assert element_factor(formula) == pytest.approx(factor, abs=1e-4)


def test_molar_masses_from_iupac_2021_weights():
    assert molar_mass("H2O") == pytest.approx(18.015, abs=1e-3)
    assert molar_mass("CaCO3") == pytest.approx(100.086, abs=1e-3)
    assert molar_mass("Ca3(PO4)2") == pytest.approx(310.17, abs=1e-2)
    assert atomic_weight("Ni") == 58.6934


def test_formula_parsing_and_symbol_validation():
    assert parse_formula("Co3O4") == {"Co": 3, "O": 4}
    assert is_element("Ni") and not is_element("NI") and not is_element("Xx")
    for bad in ("", "Co3O4)", "(Co", "Xx2O", "Na-2"):
        with pytest.raises(FormulaError):
            parse_formula(bad)
    with pytest.raises(FormulaError):
        principal_element("LiCoO2")  # two non-oxygen elements: no single element to report
