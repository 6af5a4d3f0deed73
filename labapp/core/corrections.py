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
    """Drift factors known along the run: 1 at the last standard, measured/expected at each CCV.

    Each anchor carries `u` and `dof`, the standard uncertainty of its factor from the scatter of
    its replicate readings (s / sqrt(n) / expected, n - 1 dof); the calibration anchor is the
    reference (u = 0), and a CCV read as the instrument's mean row alone has no scatter to use.
    """
    ccv_rows = (
        frame[frame["check_kind"].eq(QcCheck.CCV) & frame["expected"].notna()]
        if "expected" in frame
        else frame[:0]
    )
    ccv = (
        solution_means(ccv_rows, column, carry=("expected",))
        if len(ccv_rows)
        else pd.DataFrame(columns=["solution", *KEYS, column, "expected"])
    )
    ccv = ccv.assign(factor=ccv[column] / ccv["expected"])[["solution", *KEYS, "factor"]]
    ccv = ccv.join(_replicate_scatter(ccv_rows, column), on=["solution", *KEYS])
    ccv = ccv[np.isfinite(ccv["factor"].astype(float)) & (ccv["factor"] > 0)]
    calib = frame[frame["sample_type"].eq("standard")].groupby(KEYS)["solution"].max().reset_index()
    calib["factor"] = 1.0
    anchors = pd.concat([calib, ccv], ignore_index=True)
    anchors["u"] = anchors["u"].astype(float).fillna(0.0) if "u" in anchors else 0.0
    anchors["dof"] = anchors["dof"].astype(float).fillna(np.inf) if "dof" in anchors else np.inf
    anchors = anchors.astype({"solution": float, "factor": float})
    # a CCV read twice at one position: the mean factor, u of the mean, dof summed (pooled)
    grouped = anchors.assign(_u2=anchors["u"] ** 2).groupby([*KEYS, "solution"], as_index=False)
    out = grouped.agg(
        factor=("factor", "mean"), _u2=("_u2", "mean"), dof=("dof", "sum"), _n=("factor", "size")
    )
    out["u"] = np.sqrt(out["_u2"] / out["_n"])
    return out.drop(columns=["_u2", "_n"])


def _replicate_scatter(rows: pd.DataFrame, column: str) -> pd.DataFrame:
    """u and dof of each CCV's factor from its replicate readings: s(c_i / expected) / sqrt(n), n - 1."""
    reps = rows[rows["replicate"].notna()] if "replicate" in rows else rows[:0]
    if reps.empty:
        empty = pd.MultiIndex.from_tuples([], names=["solution", *KEYS])
        return pd.DataFrame(columns=["u", "dof"], index=empty, dtype=float)
    factor = (reps[column].astype(float) / reps["expected"].astype(float)).rename("_f")
    grouped = reps.assign(_f=factor).groupby(["solution", *KEYS], dropna=False)["_f"]
    n = grouped.size()
    u = (grouped.std(ddof=1) / np.sqrt(n)).where(n > 1)
    return pd.DataFrame({"u": u, "dof": (n - 1).where(n > 1).astype(float)})


def drift_uncertainty(
    position: np.ndarray, xp: np.ndarray, fp: np.ndarray, up: np.ndarray, dofp: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Relative standard uncertainty of the interpolated drift factor f(p), and its dof.

    Between anchors a and b (lambda = (p - p_a) / (p_b - p_a)), f = (1 - lambda) f_a + lambda f_b and

        u^2(f) = (1 - lambda)^2 u_a^2 + lambda^2 u_b^2 + (f_b - f_a)^2 / 12

    the anchors' own scatter propagated through the interpolation (GUM 5.1.2), plus the change
    between the bracketing CCVs as a rectangular distribution of full width |f_b - f_a| (GUM 4.3.7;
    EA-4/02 treats the drift of a reference between two calibrations so): where between the two
    factors the true one lay is not known, as the drift need not be linear. Past the last anchor the
    factor is held and the last interval's change is used; with one anchor only its own u remains.
    dof by Welch-Satterthwaite (the rectangular term has infinite dof). Returns (u(f)/f, dof).
    """
    if len(xp) < 2:
        return np.full(len(position), up[0] / fp[0]), np.full(len(position), dofp[0])
    i = np.clip(np.searchsorted(xp, position, side="right") - 1, 0, len(xp) - 2)
    lam = np.clip((position - xp[i]) / (xp[i + 1] - xp[i]), 0.0, 1.0)
    f = (1.0 - lam) * fp[i] + lam * fp[i + 1]
    part_a, part_b = (1.0 - lam) * up[i], lam * up[i + 1]
    u2 = part_a**2 + part_b**2 + (fp[i + 1] - fp[i]) ** 2 / 12.0
    with np.errstate(divide="ignore", invalid="ignore"):
        denominator = part_a**4 / dofp[i] + part_b**4 / dofp[i + 1]
        dof = np.where(denominator > 0, u2**2 / denominator, np.inf)
    return np.sqrt(u2) / f, dof


def correct_drift(frame: pd.DataFrame, column: str = "conc", out: str | None = None) -> pd.DataFrame:
    """Divide each reading by the drift factor interpolated linearly in run position between the
    bracketing anchors (calibration = 1, each CCV = measured / expected).

    Needs an `expected` column on CCV rows. Adds `drift_factor`, `drift_bracketed` (False for
    readings after the last CCV, which keep the last factor, and before the first anchor), and
    `drift_u` / `drift_dof`: the relative standard uncertainty of the factor and its degrees of
    freedom (`drift_uncertainty`), which the result's budget carries as its own component.
    """
    out = out or column
    result = with_structure(frame)
    anchors = drift_anchors(result, column)
    factor = np.ones(len(result))
    u_rel = np.zeros(len(result))
    dof = np.full(len(result), np.inf)
    bracketed = np.zeros(len(result), dtype=bool)
    solution = result["solution"].to_numpy(float)
    anchor_at = anchors.groupby(KEYS).indices  # positions, not sub-frames: one per line is costly
    anchor_solution, anchor_factor = anchors["solution"].to_numpy(), anchors["factor"].to_numpy()
    anchor_u, anchor_dof = anchors["u"].to_numpy(float), anchors["dof"].to_numpy(float)
    for key, at in result.groupby(KEYS).indices.items():
        points = anchor_at.get(key)
        if points is None:
            continue
        position = solution[at]
        xp, fp = anchor_solution[points], anchor_factor[points]
        factor[at] = np.interp(position, xp, fp)
        u_rel[at], dof[at] = drift_uncertainty(position, xp, fp, anchor_u[points], anchor_dof[points])
        bracketed[at] = (position >= xp[0]) & (position <= xp[-1]) & (len(xp) > 1)
    result["drift_factor"] = factor
    result["drift_bracketed"] = bracketed
    result["drift_u"] = u_rel
    result["drift_dof"] = dof
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
