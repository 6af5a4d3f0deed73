"""Units the laboratory writes: mass concentration, volume, mass and mass fraction.

Each unit is a kind and a factor to the kind's base unit (mg/L, L, g, mass fraction 1).
Spellings are normalised (u, µ and μ for micro; l or L; "wt%", "% w/w", "ppm"). "ppm" and
"ppb" are mass fractions here; instrument files quoting solution ppm are normalised to mg/L
by the importers before they reach the core.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from labapp.core.errors import LabappError

CONCENTRATION = "mass concentration"
VOLUME = "volume"
MASS = "mass"
MASS_FRACTION = "mass fraction"


class Unit(NamedTuple):
    """A parsed unit: its canonical symbol, its kind and the factor to the base unit."""

    symbol: str
    kind: str
    factor: float


_MASS_G = {"ng": 1e-9, "ug": 1e-6, "mg": 1e-3, "g": 1.0, "kg": 1e3}
_VOLUME_L = {"ul": 1e-6, "ml": 1e-3, "l": 1.0}
_FRACTION = {
    "wt%": 1e-2, "%": 1e-2, "mg/kg": 1e-6, "ug/g": 1e-6, "ppm": 1e-6, "g/kg": 1e-3,
    "ug/kg": 1e-9, "ng/g": 1e-9, "ppb": 1e-9, "mg/g": 1e-3, "g/g": 1.0, "kg/kg": 1.0,
    "fraction": 1.0,
}
_ALIASES = {"% w/w": "wt%", "%w/w": "wt%", "wt.%": "wt%", "wt %": "wt%", "mass%": "wt%", "mass %": "wt%",
            "% (w/w)": "wt%", "%(w/w)": "wt%"}
_DISPLAY = {"ul": "uL", "ml": "mL", "l": "L"}


def _normalise(text: str) -> str:
    s = str(text).strip().replace("µ", "u").replace("μ", "u").lower()
    s = re.sub(r"\s*/\s*", "/", s)
    return _ALIASES.get(s, s)


def _display(symbol: str) -> str:
    if "/" in symbol and symbol not in _FRACTION:
        num, den = symbol.split("/")
        return f"{num}/{_DISPLAY.get(den, den)}"
    return _DISPLAY.get(symbol, symbol)


def parse_unit(text: str) -> Unit:
    """The Unit for a written unit string; LabappError for anything not understood."""
    s = _normalise(text)
    if s in _FRACTION:
        return Unit(s, MASS_FRACTION, _FRACTION[s])
    if s in _MASS_G:
        return Unit(s, MASS, _MASS_G[s])
    if s in _VOLUME_L:
        return Unit(_display(s), VOLUME, _VOLUME_L[s])
    if s.count("/") == 1:
        num, den = s.split("/")
        if num in _MASS_G and den in _VOLUME_L:
            return Unit(_display(s), CONCENTRATION, _MASS_G[num] * 1e3 / _VOLUME_L[den])
    raise LabappError(f"unknown unit {text!r}")


def factor(from_unit: str, to_unit: str) -> float:
    """Multiplier taking a value in ``from_unit`` to ``to_unit`` (both of the same kind)."""
    a, b = parse_unit(from_unit), parse_unit(to_unit)
    if a.kind != b.kind:
        raise LabappError(f"cannot convert {from_unit!r} ({a.kind}) to {to_unit!r} ({b.kind})")
    return a.factor / b.factor


def convert(value: ArrayLike, from_unit: str, to_unit: str) -> np.ndarray | float:
    """Value(s) expressed in ``to_unit``; arrays and pandas columns are converted element-wise."""
    scale = factor(from_unit, to_unit)
    if np.ndim(value) == 0:
        return float(value) * scale  # type: ignore[arg-type]
    return value * scale  # type: ignore[operator]


def to_base(value: ArrayLike, unit: str, kind: str) -> np.ndarray | float:
    """Value(s) in the base unit of ``kind`` (mg/L, L, g or mass fraction), checking the kind."""
    parsed = parse_unit(unit)
    if parsed.kind != kind:
        raise LabappError(f"{unit!r} is a {parsed.kind}, expected a {kind}")
    if np.ndim(value) == 0:
        return float(value) * parsed.factor  # type: ignore[arg-type]
    return value * parsed.factor  # type: ignore[operator]
