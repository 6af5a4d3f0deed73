"""Units: the vocabulary every profile shares, the profile's own entries, and conversions.

Only unambiguous spellings are shared; ppm and ppb mean mg/L in a solution and mg/kg in a solid,
so each profile maps them. A unit no table knows is an error naming its line.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from labapp.importers.coding import Context, coded, distinct_codes, parse_values, used
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
# Words that are units in a header but whose meaning (solution or solid) each profile maps.
CONTEXT_UNITS = ("ppm", "ppb", "ppt", "mg/kg dry", "mg/kg")
# Conversions between normalised units of the same kind (value in key[0] * factor = key[1]).
_SAME_KIND = {("wt%", "mg/kg"): 1e4, ("mg/kg", "wt%"): 1e-4, ("mg/L", "ug/L"): 1e3, ("ug/L", "mg/L"): 1e-3}


def is_unit_text(text: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether a bracket in a header (`Conc. [ ppb ]`, `Ag 107 (mg/L)`, `Y (cps)`) holds a unit."""
    cleaned = clean_unit(text)
    return bool(cleaned) and (cleaned in BASE_UNITS or cleaned in CONTEXT_UNITS or cleaned in extra)


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
    """Normalised unit and conversion factor per reading, and the units as (codes, distinct units).

    A reading's unit may be written three ways: a unit column, the header (`Conc. [ ppb ]`) and the
    cell (`2.46 %`). Each that is there must agree with the others, or the file is refused at that
    line; only a reading with none of them takes the profile's default, and that is a warning."""
    codes, uniques = _combined([coded(raw, "unit"), coded(raw, "header_unit"), _inline(values)])
    table = unit_table(ctx)
    default = ctx.profile.default_unit
    resolved = []
    defaulted = False
    valued = _valued(values, codes, len(uniques))  # an intensity-only reading needs no unit
    for k, (key, present) in enumerate(zip(uniques, used(codes, len(uniques)), strict=True)):
        written = [w for w in str(key).split("\x1f") if clean_unit(w)]
        if not present or not written:
            if valued[k] and not default:
                problem = "the file gives no unit for this value and the profile has no default"
                raise ctx.fail(raw, codes == k, problem)
            resolved.append((default, 1.0))
            defaulted = defaulted or bool(valued[k])
            continue
        units = []
        for w in written:
            if clean_unit(w) not in table:
                raise ctx.fail(
                    raw, uniques[codes] == key, f"unit {w!r} is not known to profile {ctx.profile.id}"
                )
            units.append(table[clean_unit(w)])
        if any(u != units[0] for u in units[1:]):
            shown = " and ".join(repr(w) for w in dict.fromkeys(written))
            raise ctx.fail(
                raw, uniques[codes] == key, f"the file gives two different units for one value: {shown}"
            )
        resolved.append(units[0])
    if defaulted:
        ctx.warn(f"no unit in the file for some readings; profile default {default} assumed")
    distinct = np.array([r[0] for r in resolved], dtype=object)
    factors = np.array([r[1] for r in resolved], dtype=float)[codes]
    return distinct[codes], factors, (codes, distinct)


def _valued(values: Cells, codes: np.ndarray, size: int) -> np.ndarray:
    """Per distinct unit key: whether any reading with it has a value or a censored one."""
    has = ~np.isnan(values.value)
    has[values.rest[values.rest_censored != ""]] = True  # only cells read as text are censored
    out = np.zeros(size, dtype=bool)
    out[codes[has]] = True
    return out


def _inline(values: Cells) -> tuple[np.ndarray, np.ndarray]:
    if not (values.rest_unit != "").any():
        return np.zeros(len(values.value), dtype=np.intp), np.array([""], dtype=object)
    codes, uniques = pd.factorize(pd.Series(values.unit, dtype=object))
    return codes.astype(np.intp), np.asarray(uniques, dtype=object)


def _combined(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Per reading, the code of its combination of texts, and each combination's texts joined by
    \\x1f: the combinations are few, so each is judged once."""
    codes = np.zeros(len(parts[0][0]), dtype=np.int64)
    space = 1
    for part_codes, uniques in parts:
        codes = codes * len(uniques) + part_codes
        space *= len(uniques)
    keys, inverse = distinct_codes(codes, space)
    texts = []
    for key in keys:
        pieces = []
        for _, uniques in reversed(parts):
            key, k = divmod(int(key), len(uniques))
            pieces.append(str(uniques[k]))
        texts.append("\x1f".join(reversed(pieces)))
    return inverse, np.array(texts, dtype=object)


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
