"""Units: the vocabulary every profile shares, the profile's own entries, and conversions.

Only unambiguous spellings are shared; ppm and ppb mean mg/L in a solution and mg/kg in a solid,
so each profile maps them. A unit no table knows is an error naming its line.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from labapp.importers.coding import Context, coded, parse_values, text, used
from labapp.importers.values import Cells

# Unambiguous units; ppm and ppb differ between solutions and solids, so profiles map those.
BASE_UNITS: dict[str, tuple[str, float]] = {
    "mg/l": ("mg/L", 1.0),
    "mg/dm3": ("mg/L", 1.0),
    "ug/ml": ("mg/L", 1.0),
    "µg/ml": ("mg/L", 1.0),
    "g/l": ("mg/L", 1000.0),
    "ug/l": ("ug/L", 1.0),
    "µg/l": ("ug/L", 1.0),
    "μg/l": ("ug/L", 1.0),
    "ng/ml": ("ug/L", 1.0),
    "%": ("wt%", 1.0),
    "wt%": ("wt%", 1.0),
    "wt.%": ("wt%", 1.0),
    "mass%": ("wt%", 1.0),
    "mass %": ("wt%", 1.0),
    "mg/kg": ("mg/kg", 1.0),
    "g/kg": ("wt%", 0.1),
    "cps": ("cps", 1.0),
    "c/s": ("cps", 1.0),
    "counts/s": ("cps", 1.0),
    "kcps": ("cps", 1000.0),
}
# Conversions between normalised units of the same kind (value in key[0] * factor = key[1]).
_SAME_KIND = {("wt%", "mg/kg"): 1e4, ("mg/kg", "wt%"): 1e-4, ("mg/L", "ug/L"): 1e3, ("ug/L", "mg/L"): 1e-3}


def unit_table(ctx: Context) -> dict[str, tuple[str, float]]:
    table = dict(BASE_UNITS)
    for name, target in ctx.profile.units.items():
        unit, factor = (target[0], float(target[1])) if isinstance(target, list) else (target, 1.0)
        table[clean_unit(name)] = (unit, factor)
    return table


def clean_unit(text: str) -> str:
    t = " ".join(str(text).split())
    match = re.fullmatch(r"Y\s*\((.*)\)", t)
    if match:
        t = match.group(1)
    if t.startswith("(") and t.endswith(")"):
        t = t[1:-1]
    return t.strip().lower()


def resolve_units(
    raw: pd.DataFrame, values: Cells, ctx: Context
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Normalised unit and conversion factor per reading, and the units as (codes, distinct units);
    the unit column wins over a unit written in the cell."""
    if (values.rest_unit != "").any():
        inline = values.unit
        column = text(raw, "unit")
        codes, uniques = pd.factorize(pd.Series(np.where(column != "", column, inline), dtype=object))
        uniques = np.asarray(uniques, dtype=object)
    else:
        codes, uniques = coded(raw, "unit")
    table = unit_table(ctx)
    default = ctx.profile.default_unit
    resolved = []
    for u, present in zip(uniques, used(codes, len(uniques)), strict=True):
        cleaned = clean_unit(u)
        if not cleaned or not present:
            resolved.append((default, 1.0))
        elif cleaned in table:
            resolved.append(table[cleaned])
        else:
            raise ctx.fail(raw, uniques[codes] == u, f"unit {u!r} is not known to profile {ctx.profile.id}")
    missing = np.flatnonzero(uniques == "")
    if default and len(missing) and np.isin(codes, missing).any():
        ctx.warn(f"no unit in the file for some readings; profile default {default} assumed")
    distinct = np.array([r[0] for r in resolved], dtype=object)
    factors = np.array([r[1] for r in resolved], dtype=float)[codes]
    return distinct[codes], factors, (codes, distinct)


def detection_limits(raw: pd.DataFrame, values: Cells, unit: np.ndarray, ctx: Context) -> np.ndarray:
    limit = values.limit.copy()
    if "detection_limit" not in raw:
        return limit
    parsed = parse_values(raw, "detection_limit", ctx)
    quoted = parsed.value
    if (parsed.rest_unit != "").any():
        own_units = parsed.unit
        table = unit_table(ctx)
        for written in pd.unique(own_units[own_units != ""]):
            target = table.get(clean_unit(written))
            if target is None:
                raise ctx.fail(
                    raw, own_units == written, f"unit {written!r} is not known to profile {ctx.profile.id}"
                )
            for row_unit in pd.unique(unit):
                mask = (own_units == written) & (unit == row_unit)
                scale = 1.0 if target[0] == row_unit else _SAME_KIND.get((target[0], row_unit), np.nan)
                quoted[mask] = quoted[mask] * target[1] * scale
    return np.where(np.isnan(limit), quoted, limit)
