"""From the concentration in the measured solution to the content of the solid sample.

    w = (c - c_blank) * V * DF / m          (as received)
    w_dry = w / (1 - moisture)             (dry basis; moisture as a mass fraction)
    w_species = w * f                      (f = M(species) / (n M(element)), from IUPAC weights)

Everything is vectorized: numbers, numpy arrays and pandas columns broadcast together, and a
pandas index on any input is carried to the result. A result below the quantification limit
is kept, flagged "<" and paired with that limit converted through the same factors.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from labapp.core import elements
from labapp.core.errors import LabappError
from labapp.core.units import CONCENTRATION, MASS, MASS_FRACTION, VOLUME, parse_unit, to_base


def species_factor(measured: str, reported: str) -> float:
    """Mass of ``reported`` per unit mass of ``measured`` (same principal element).

    species_factor("Ni", "NiO") = M(NiO) / M(Ni) = 1.2725...; species_factor("NiO", "Ni") is
    its inverse. Atomic weights come from :mod:`labapp.core.elements` (IUPAC 2021).
    """
    try:
        element = elements.principal_element(measured)
        if elements.principal_element(reported) != element:
            raise LabappError(f"cannot report {measured} as {reported}: they have different elements")
        return elements.element_factor(measured, element) / elements.element_factor(reported, element)
    except elements.FormulaError as exc:
        raise LabappError(str(exc)) from exc


def dry_basis(content: ArrayLike, moisture: ArrayLike) -> ArrayLike:
    """Content on a dry basis, w / (1 - moisture), moisture as a mass fraction in [0, 1)."""
    m = np.asarray(moisture, dtype=float)
    if np.any((m < 0) | (m >= 1)):
        raise LabappError("moisture must be a mass fraction from 0 up to (not including) 1")
    return content / (1.0 - m)  # type: ignore[operator]


def _solid_factor(
    volume: ArrayLike, mass: ArrayLike, dilution: ArrayLike, units: tuple[str, str, str, str],
    moisture: ArrayLike | None, species: float,
) -> ArrayLike:
    """Multiplier from net solution concentration to solid content in the output unit."""
    conc_unit, volume_unit, mass_unit, unit = units
    if parse_unit(unit).kind != MASS_FRACTION:
        raise LabappError(f"{unit!r} is not a mass fraction unit (use mg/kg or wt%)")
    v_l = to_base(_numeric(volume), volume_unit, VOLUME)
    m_g = to_base(_numeric(mass), mass_unit, MASS)
    dilution = _numeric(dilution)
    if np.any(np.asarray(m_g) <= 0) or np.any(np.asarray(v_l) <= 0) or np.any(np.asarray(dilution) <= 0):
        raise LabappError("sample mass, volume and dilution factor must be positive")
    # (mg/L * L) / (g * 1000 mg/g) is a mass fraction; then into the output unit.
    out = to_base(1.0, conc_unit, CONCENTRATION) * v_l * dilution / (m_g * 1e3)  # type: ignore[operator]
    out = out * species / parse_unit(unit).factor
    return out if moisture is None else dry_basis(out, _numeric(moisture))


def solid_content(
    concentration: ArrayLike,
    *,
    volume: ArrayLike,
    mass: ArrayLike,
    blank: ArrayLike = 0.0,
    dilution: ArrayLike = 1.0,
    concentration_unit: str = "mg/L",
    volume_unit: str = "mL",
    mass_unit: str = "g",
    unit: str = "mg/kg",
    moisture: ArrayLike | None = None,
    species: float = 1.0,
    loq: ArrayLike | None = None,
) -> pd.DataFrame:
    """Solid content of each sample, with the LOQ-censoring that reports need.

    ``concentration`` and ``blank`` are solution concentrations in ``concentration_unit``;
    ``volume`` is the digest volume, ``dilution`` the further dilution factor, ``mass`` the
    sample mass; ``species`` a stoichiometric factor (see :func:`species_factor`); ``loq`` the
    quantification limit of the net solution concentration. Returns columns ``value``,
    ``censored`` ("<" or ""), ``limit`` (LOQ in ``unit``, NaN without one) and ``unit``.
    """
    scale = _solid_factor(
        volume, mass, dilution, (concentration_unit, volume_unit, mass_unit, unit), moisture, species
    )
    net = np.asarray(concentration, dtype=float) - np.asarray(blank, dtype=float)
    value = np.asarray(net * scale, dtype=float)
    limit = np.full(value.shape, np.nan) if loq is None else np.asarray(loq, dtype=float) * scale
    value, limit = np.broadcast_arrays(value, limit)
    censored = np.where(value < limit, "<", "")
    return pd.DataFrame(
        {"value": value.ravel(), "censored": censored.ravel(), "limit": limit.ravel(), "unit": unit},
        index=_index(concentration, blank, volume, mass, dilution, moisture, loq, size=value.size),
    )


def limit_to_solid(
    limit: ArrayLike,
    *,
    volume: ArrayLike,
    mass: ArrayLike,
    dilution: ArrayLike = 1.0,
    concentration_unit: str = "mg/L",
    volume_unit: str = "mL",
    mass_unit: str = "g",
    unit: str = "mg/kg",
    moisture: ArrayLike | None = None,
    species: float = 1.0,
) -> ArrayLike:
    """A solution-concentration limit (LOD, LOQ, x_NG ...) expressed as solid content."""
    scale = _solid_factor(
        volume, mass, dilution, (concentration_unit, volume_unit, mass_unit, unit), moisture, species
    )
    return _numeric(limit) * scale  # type: ignore[operator]


def _numeric(values: ArrayLike) -> ArrayLike:
    """Pandas objects as they are (index kept), anything else as a float array or float."""
    if isinstance(values, pd.Series | pd.DataFrame):
        return values.astype(float)
    arr = np.asarray(values, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


def _index(*inputs: object, size: int) -> pd.Index | None:
    """The index of the first pandas input whose length matches the result, else None."""
    for item in inputs:
        if isinstance(item, pd.Series | pd.DataFrame) and len(item) == size:
            return item.index
    return None
