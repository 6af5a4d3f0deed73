"""Internal standard, blank and drift corrections on the tidy measurement frame.

Every function takes a tidy run frame (structured by ``runorder.with_structure``) and returns a new
frame with added columns; the input columns are never overwritten, so each step stays traceable.
Group statistics come from pandas groupby; rows are never visited one by one.

Order for a run that carries intensities (docs/calculations.md):
    intensity -> internal standard ratio (`signal`) -> minus calibration blank (`net_signal`)
    -> calibration (labapp.core.calibration) -> `conc` -> drift correction -> minus method blank.
A run that carries only the instrument's concentrations keeps them (`basis` = "instrument").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from labapp.core.errors import LabappError
from labapp.core.methods import Method
from labapp.core.runorder import (
    KEYS,
    SAMPLE_LIKE,
    solution_means,
    view_matches,
    with_expected,
    with_structure,
)
from labapp.core.vocabulary import QcCheck

_REP = "_replicate_key"


def _rep_key(frame: pd.DataFrame) -> pd.Series:
    return frame["replicate"].astype(str).where(frame["replicate"].notna(), "mean")


def correct_internal_standard(frame: pd.DataFrame, method: Method) -> pd.DataFrame:
    """Ratio each analyte intensity to its internal standard read in the same solution and replicate.

    Adds `internal_standard` ("Y 371.030"), `is_intensity`, `is_recovery` (percent of the IS
    intensity in the calibration blank) and `signal` = intensity * IS_ref / IS: the ratio scaled
    by IS_ref, the mean calibration-blank IS intensity, so signals keep their c/s magnitude.
    Analytes without an IS keep signal = intensity.
    """
    out = with_structure(frame)
    out[_REP] = _rep_key(out)
    assign = pd.DataFrame(
        [
            {"element": a.element, "is_element": s.element, "is_line": s.line, "is_view": s.view}
            for a in method.analytes
            if (s := a.internal_standard) is not None
        ],
        columns=["element", "is_element", "is_line", "is_view"],
    )
    out["is_intensity"] = np.nan
    out["is_recovery"] = np.nan
    out["internal_standard"] = ""
    out["signal"] = out["intensity"].astype(float)
    if assign.empty:
        return out.drop(columns=_REP)
    readings = out[["solution", _REP, "element", "line", "view", "intensity", "blank_kind"]]
    standards = assign[["is_element", "is_line", "is_view"]].drop_duplicates()
    is_rows = readings.merge(standards, left_on=["element", "line"], right_on=["is_element", "is_line"])
    is_rows = is_rows[view_matches(is_rows["is_view"], is_rows["view"])]
    missing = standards.merge(
        is_rows[["is_element", "is_line", "is_view"]].drop_duplicates(), how="left", indicator=True
    )
    if (missing["_merge"] == "left_only").any():
        absent = missing[missing["_merge"] == "left_only"].iloc[0]
        raise LabappError(
            f"{method.id}: the internal standard {absent['is_element']} {absent['is_line']} named by the "
            "method is not in the run; measure it or remove it from the method"
        )
    counts = is_rows.groupby(["is_element", "is_line", "is_view", "solution", _REP]).size()
    if (counts > 1).any():
        element, line, _, solution, _ = counts[counts > 1].index[0]
        raise LabappError(
            f"internal standard {element} {line} is read more than once in solution {solution}; "
            "name its view (axial or radial) in the method"
        )
    cal_blank = is_rows[is_rows["blank_kind"].eq("calibration")]
    reference = cal_blank.groupby(["is_element", "is_line", "is_view"])["intensity"].mean().rename("is_ref")
    is_rows = is_rows.join(reference, on=["is_element", "is_line", "is_view"])
    is_rows = is_rows.rename(columns={"intensity": "is_intensity_"})[
        ["is_element", "is_line", "is_view", "solution", _REP, "is_intensity_", "is_ref"]
    ]
    merged = out[["element", "solution", _REP]].rename_axis("_row").reset_index().merge(assign, on="element")
    merged = merged.merge(is_rows, on=["is_element", "is_line", "is_view", "solution", _REP], how="left")
    merged = merged.set_index("_row")
    ref = merged["is_ref"].fillna(1.0)
    out.loc[merged.index, "internal_standard"] = merged["is_element"] + " " + merged["is_line"]
    out.loc[merged.index, "is_intensity"] = merged["is_intensity_"]
    out.loc[merged.index, "is_recovery"] = 100.0 * merged["is_intensity_"] / merged["is_ref"]
    out.loc[merged.index, "signal"] = out.loc[merged.index, "intensity"] * ref / merged["is_intensity_"]
    return out.drop(columns=_REP)


def subtract_calibration_blank(
    frame: pd.DataFrame, column: str = "signal", out: str = "net_signal"
) -> pd.DataFrame:
    """Subtract the mean calibration-blank reading of the same element, line and view.

    Adds `cal_blank`; lines without a calibration blank are left uncorrected (cal_blank NaN).
    """
    result = with_structure(frame)
    blank = result[result["blank_kind"].eq("calibration")]
    level = solution_means(blank, column, carry=()).groupby(KEYS)[column].mean().rename("cal_blank")
    result = result.join(level, on=KEYS)
    result[out] = result[column] - result["cal_blank"].fillna(0.0)
    return result


def subtract_method_blank(frame: pd.DataFrame, column: str = "conc", out: str | None = None) -> pd.DataFrame:
    """Subtract the mean method-blank concentration from digested solutions (samples, duplicates,
    spikes, CRMs) of the same element, line and view, and prep batch when a `prep_batch` column exists.

    Adds `method_blank`; without a method blank the values pass unchanged (method_blank NaN).
    """
    out = out or column
    result = with_structure(frame)
    keys = ["prep_batch", *KEYS] if "prep_batch" in result else list(KEYS)
    blank = result[result["blank_kind"].eq("method")]
    level = solution_means(blank, column, carry=keys).groupby(keys)[column].mean().rename("method_blank")
    result = result.join(level, on=keys)
    digested = result["sample_type"].isin(SAMPLE_LIKE)
    result[out] = result[column] - result["method_blank"].where(digested, np.nan).fillna(0.0)
    result.loc[~digested, "method_blank"] = np.nan
    return result


def drift_anchors(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Drift factors known along the run: 1 at the last standard, measured/expected at each CCV."""
    ccv = (
        frame[frame["check_kind"].eq(QcCheck.CCV) & frame["expected"].notna()]
        if "expected" in frame
        else frame[:0]
    )
    ccv = (
        solution_means(ccv, column, carry=("expected",))
        if len(ccv)
        else pd.DataFrame(columns=["solution", *KEYS, column, "expected"])
    )
    ccv = ccv.assign(factor=ccv[column] / ccv["expected"])[["solution", *KEYS, "factor"]]
    ccv = ccv[np.isfinite(ccv["factor"].astype(float)) & (ccv["factor"] > 0)]
    calib = frame[frame["sample_type"].eq("standard")].groupby(KEYS)["solution"].max().reset_index()
    calib["factor"] = 1.0
    anchors = pd.concat([calib, ccv], ignore_index=True).astype({"solution": float, "factor": float})
    return anchors.groupby([*KEYS, "solution"], as_index=False)["factor"].mean()


def correct_drift(frame: pd.DataFrame, column: str = "conc", out: str | None = None) -> pd.DataFrame:
    """Divide each reading by the drift factor interpolated linearly in run position between the
    bracketing anchors (calibration = 1, each CCV = measured / expected).

    Needs an `expected` column on CCV rows. Adds `drift_factor` and `drift_bracketed` (False for
    readings after the last CCV, which keep the last factor, and before the first anchor).
    """
    out = out or column
    result = with_structure(frame)
    anchors = drift_anchors(result, column)
    factor = np.ones(len(result))
    bracketed = np.zeros(len(result), dtype=bool)
    solution = result["solution"].to_numpy(float)
    anchor_at = anchors.groupby(KEYS).indices  # positions, not sub-frames: one per line is costly
    anchor_solution, anchor_factor = anchors["solution"].to_numpy(), anchors["factor"].to_numpy()
    for key, at in result.groupby(KEYS).indices.items():
        points = anchor_at.get(key)
        if points is None:
            continue
        position = solution[at]
        xp, fp = anchor_solution[points], anchor_factor[points]
        factor[at] = np.interp(position, xp, fp)
        bracketed[at] = (position >= xp[0]) & (position <= xp[-1]) & (len(xp) > 1)
    result["drift_factor"] = factor
    result["drift_bracketed"] = bracketed
    result[out] = result[column] / result["drift_factor"]
    return result


@dataclass
class CorrectedRun:
    """A corrected run frame and the notes that must travel with its results."""

    frame: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def has_intensities(frame: pd.DataFrame) -> bool:
    return "intensity" in frame and bool(frame["intensity"].notna().any())


def correct_concentrations(frame: pd.DataFrame, method: Method, column: str = "conc") -> CorrectedRun:
    """Drift and method-blank correction of calibrated concentrations; `basis` says where they came from.

    With intensities, `column` holds the lab's own calibrated concentrations and drift and method
    blank corrections apply. With only the instrument's concentrations (`value`), they are used as
    reported (the instrument already applied its IS, blank and drift handling) and only the
    method blank, a preparation matter the instrument cannot know, is subtracted.
    """
    framed = with_expected(with_structure(frame), method)
    if has_intensities(framed) and column in framed:
        drifted = correct_drift(framed, column, out="conc_drift")
        result = subtract_method_blank(drifted, "conc_drift", out="result")
        result["basis"] = "recalculated"
        return CorrectedRun(result, [f"{method.id}: concentrations recalculated from intensities"])
    result = subtract_method_blank(framed, "value", out="result")
    result["basis"] = "instrument"
    if has_intensities(framed):
        note = f"{method.id}: the run was not recalibrated; the instrument's concentrations are used"
    else:
        note = f"{method.id}: the file carries no intensities; the instrument's concentrations are used"
    return CorrectedRun(result, [note])


def correct_intensities(frame: pd.DataFrame, method: Method) -> pd.DataFrame:
    """Internal standard and calibration blank correction: intensity -> `signal` -> `net_signal`."""
    framed = with_structure(frame)
    if not has_intensities(framed):
        raise LabappError(f"{method.id}: the run carries no intensities to correct")
    return subtract_calibration_blank(correct_internal_standard(framed, method))
