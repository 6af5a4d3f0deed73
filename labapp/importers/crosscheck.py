"""A file that states one quantity twice is checked against itself before anything is kept.

- Element and compound: a handheld XRF writes `Si` next to `SiO2`, a Vanta `Mg Concentration`
  next to `MgO Compound Level`. The compound, converted with the IUPAC 2021 atomic weights, must
  equal the element within rounding and 1 %: then one reading (the element's) is kept. Where the
  profile declares the two as one quantity (a Compound Level beside its Concentration) a mismatch
  refuses the file at that line: it can only mean a misread. Separate element and oxide columns
  may be separate determinations (an OXSAS trace and major program): there a mismatch keeps both,
  flagged `element_oxide_mismatch`, with a warning naming the columns.
- Intensity and concentration: for one emission line they rise together; when they fall together
  instead, the columns read are probably not what the profile thinks (a warning names the line).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labapp.core.errors import location_text
from labapp.importers.coding import Context

RELATIVE_TOLERANCE = 0.01
MIN_POINTS = 5
CHECKED_ROWS = 50_000  # enough readings to see a trend; keeps a million-reading import cheap


def quantum(values: np.ndarray) -> np.ndarray:
    """The last written decimal of each value (1 for 70743, 0.01 for 362.84), up to 1e-9."""
    out = np.full(values.shape, 1e-9)
    magnitude = np.abs(values)
    for digits in range(8, -1, -1):
        step = 10.0**-digits
        whole = np.isclose(np.round(magnitude / step) * step, magnitude, rtol=1e-12, atol=1e-12)
        out = np.where(whole, step, out)
    return out


def agree(element: np.ndarray, converted: np.ndarray, factor: np.ndarray, written: np.ndarray) -> np.ndarray:
    """Whether an element value and a compound value (converted) are the same within the written
    rounding of each and RELATIVE_TOLERANCE (instruments use slightly different atomic weights)."""
    slack = 0.5 * quantum(element) + 0.5 * quantum(written) * factor
    scale = np.maximum(np.abs(element), np.abs(converted))
    return np.abs(element - converted) <= slack + RELATIVE_TOLERANCE * scale


def compound_twins(
    readings: pd.DataFrame,
    factor: np.ndarray,
    ctx: Context,
    metadata: dict,
    declared: np.ndarray,
    flags: np.ndarray,
) -> np.ndarray:
    """Rows to keep. `readings` has, per reading, the key columns k0.. (row, element, line, view,
    replicate, label), element, species, value (converted), species_value (as written), censored and
    source_row; `declared` marks compound readings the profile pairs with their element explicitly.
    A compound reading with an element reading of the same key is checked against it and dropped;
    a mismatch refuses the file (declared pairs) or keeps and flags both (separate columns)."""
    species = readings["species"].to_numpy(dtype=object)
    is_species = species != ""
    keep = np.ones(len(readings), dtype=bool)
    if not is_species.any():
        return keep
    keys = [c for c in readings.columns if c.startswith("k")]
    frame = readings[keys].assign(row=np.arange(len(readings)))
    pairs = frame[is_species].merge(frame[~is_species], on=keys, suffixes=("_c", "_e"))
    if pairs.empty:
        return keep
    c, e = pairs["row_c"].to_numpy(), pairs["row_e"].to_numpy()
    value = readings["value"].to_numpy(dtype=float)
    censored = readings["censored"].to_numpy(dtype=object)
    element = readings["element"].to_numpy(dtype=object)
    written = readings["species_value"].to_numpy(dtype=float)[c]
    both = ~np.isnan(value[c]) & ~np.isnan(value[e])
    fine = agree(value[e], value[c], factor[c], written) | ~both
    refused = ~fine & declared[c]
    if refused.any():
        k = int(np.flatnonzero(refused)[0])
        raise ctx.fail(
            readings,
            np.arange(len(readings)) == e[k],
            _disagree(element[e[k]], species[c[k]], value[e[k]], written[k], value[c[k]]) + "; not read",
        )
    separate = _pairs_with_mismatch(c, e, ~fine, species)
    for compound in sorted(separate):
        k = separate[compound]
        ctx.warn(
            _disagree(element[e[k]], compound, value[e[k]], written[k], value[c[k]])
            + f" ({location_text(readings['source_row'].iloc[e[k]])});"
            " both kept, flagged element_oxide_mismatch"
        )
    mismatched = np.isin(species[c], list(separate))
    for rows in (c[mismatched], e[mismatched]):
        flags[rows] = [";".join(filter(None, [f, "element_oxide_mismatch"])) for f in flags[rows]]
    c, e = c[~mismatched], e[~mismatched]
    detected_once = (censored[c] != "") != (censored[e] != "")
    if detected_once.any():
        k = int(np.flatnonzero(detected_once)[0])
        ctx.warn(
            f"{element[e[k]]} and {species[c[k]]} disagree on detection "
            f"({location_text(readings['source_row'].iloc[e[k]])}); the element's reading is kept"
        )
    keep[np.unique(c)] = False
    if len(c):
        metadata["cross_checked"] = ", ".join(sorted({f"{species[i]}/{element[i]}" for i in c}))
    return keep


def _disagree(element: str, compound: str, value: float, written: float, converted: float) -> str:
    return (
        f"the file gives {element} twice and the two disagree: {element} {value:g}, but {compound} "
        f"{written:g} is {element} {converted:g}"
    )


def _pairs_with_mismatch(
    c: np.ndarray, e: np.ndarray, bad: np.ndarray, species: np.ndarray
) -> dict[str, int]:
    """Per compound column with any mismatch, the first mismatching pair (its index in c/e)."""
    out: dict[str, int] = {}
    for k in np.flatnonzero(bad):
        out.setdefault(str(species[c[k]]), int(k))
    return out


def _spans(values: pd.Series) -> bool:
    """Positive values over a range wide enough to show a trend (a calibration, not noise at zero)."""
    # np.quantile is what Series.quantile computes for finite floats, without 1 ms of pandas per call
    low, high = np.quantile(values.to_numpy(dtype=float), [0.1, 0.9])
    return bool(low > 0 and high >= 3 * low and values.nunique() >= 3)


def monotonic_warnings(frame: pd.DataFrame, ctx: Context) -> None:
    """Warn per emission line where intensity and concentration fall as the other rises."""
    usable = frame.iloc[:CHECKED_ROWS][["element", "line", "view", "unit", "intensity", "value"]]
    usable = usable[np.isfinite(usable["intensity"].to_numpy()) & np.isfinite(usable["value"].to_numpy())]
    if len(usable) < MIN_POINTS:
        return
    # per unit too: `17 PPM` and `0,37 %` in one column are not comparable as numbers
    groups = usable.groupby(["element", "line", "view", "unit"], sort=True, observed=True)
    for (element, line, view, _unit), part in groups:
        if len(part) < MIN_POINTS or not (_spans(part["value"]) and _spans(part["intensity"])):
            continue
        rho = part["intensity"].rank().corr(part["value"].rank())
        if rho < 0:
            where = " ".join(str(x) for x in (element, line, view) if x)
            ctx.warn(
                f"{where}: intensity and concentration fall as the other rises (rank correlation "
                f"{rho:.2f}); check which columns profile {ctx.profile.id} reads"
            )


SOLID_SHARE = {"wt%": 1e-2, "g/kg": 1e-3, "mg/kg": 1e-6, "ug/g": 1e-6, "ug/kg": 1e-9}


def impossible_contents(frame: pd.DataFrame, ctx: Context) -> None:
    """Warn per element where a solid's content is above 100 %: no such number can be right (a
    misread unit, a decimal mark, a column of another quantity)."""
    over = _over_100_percent(frame["value"].to_numpy(), frame["unit"])
    for element, rows in pd.Series(over).groupby(frame["element"].to_numpy()[over], sort=True):
        first = frame.iloc[rows.iloc[0]]
        ctx.warn(
            f"{element}: {len(rows)} value(s) above 100 % of the sample, e.g. {first['value']:g} "
            f"{first['unit']} ({location_text(first['source_row'])}); check the unit and the column "
            f"profile {ctx.profile.id} reads"
        )


# No value at or below this magnitude can exceed 100 % in any SOLID_SHARE unit, rounding included.
_CANNOT_EXCEED = 0.5 / max(abs(s) for s in SOLID_SHARE.values())


def _over_100_percent(value: np.ndarray, unit: pd.Series) -> np.ndarray:
    """Rows (ascending) whose value in a solid's unit is above 100 %. The units are looked up for the
    few large values only: mapping a million unit strings cost 0.2 s, this numeric test 2 ms."""
    large = np.flatnonzero(np.abs(value) > _CANNOT_EXCEED)
    share = unit.iloc[large].map(SOLID_SHARE).to_numpy(dtype=float, na_value=np.nan)
    return large[value[large] * share > 1.0]
