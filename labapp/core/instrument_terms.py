"""Uncertainty terms a run must supply when the laboratory did not calibrate it itself.

Review of issue 17, findings 9 and 10 (docs/calculations.md, "Instrument-supplied terms"):

- XRF results: the instrument's counting uncertainty per reading (the file's error column, divided
  by the coverage the vendor states for it; taken as a standard uncertainty where the vendor's
  meaning is unknown, the larger reading), else the scatter of the sample's repeated readings.
- Instrument concentrations (no intensities to recalibrate): the scatter of the replicate readings
  (repeatability) and a calibration term from the run's check standards (CCV/ICV), Nordtest TR 537
  u(bias) = sqrt(RMS_bias^2 + u(C_ref)^2), else the calibration uncertainty the method states.

Where neither exists the result carries a flag (ResultFlag.NO_COUNTING_UNCERTAINTY /
NO_CALIBRATION_UNCERTAINTY): it is not quantified, and its lot reports no value for the analyte.
All functions are vectorised over the preparation rows (pandas group-bys, no loop per result).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from labapp.core.runorder import KEYS
from labapp.core.uncertainty.method import InstrumentCalibrationSpec
from labapp.core.vocabulary import QcCheck

SOLUTION_KEYS = ["solution", *KEYS]
_CHECKS = (QcCheck.ICV.value, QcCheck.CCV.value)


def counting_uncertainty(frame: pd.DataFrame, rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per row (solution, element, line, view): the standard uncertainty of its solution result from
    the instrument's per-reading error, and whether the vendor's coverage of that error is known.

    u_i = e_i / k_i with e_i the file's error and k_i its coverage (`uncertainty_k`; 1 where unknown).
    The instrument's mean row, when it carries an error, is used as it is; otherwise the result is
    the mean of n replicate readings and u = sqrt(sum u_i^2) / n (independent counting errors).
    NaN where the file gives no error (or an error of 0) for the result's readings.
    """
    n = len(rows)
    if "uncertainty" not in frame or n == 0:
        return np.full(n, np.nan), np.zeros(n, dtype=bool)
    # an error of 0 is no counting information (Niton writes 0 for the oxides it computes)
    data = frame[(frame["uncertainty"].astype(float) > 0) & frame["value"].notna()]
    if data.empty:
        return np.full(n, np.nan), np.zeros(n, dtype=bool)
    k = (
        data["uncertainty_k"].astype(float)
        if "uncertainty_k" in data
        else pd.Series(np.nan, index=data.index)
    )
    work = data[SOLUTION_KEYS].assign(
        _u=data["uncertainty"].astype(float).abs() / k.fillna(1.0),
        _known=k.notna(),
        _mean=data["replicate"].isna() if "replicate" in data else True,
    )
    means = (
        work[work["_mean"]]
        .groupby(SOLUTION_KEYS, dropna=False)
        .agg(_u=("_u", "first"), _known=("_known", "all"))
    )
    reps = work[~work["_mean"]].assign(_u2=lambda d: d["_u"] ** 2)
    grouped = reps.groupby(SOLUTION_KEYS, dropna=False)
    of_reps = pd.DataFrame(
        {
            "_u": np.sqrt(grouped["_u2"].sum()) / grouped["_u2"].size(),
            "_known": grouped["_known"].all(),
        }
    )
    table = pd.concat([means, of_reps[~of_reps.index.isin(means.index)]])
    joined = rows[SOLUTION_KEYS].join(table, on=SOLUTION_KEYS)
    return joined["_u"].to_numpy(float), joined["_known"].fillna(False).to_numpy(bool)


def repeat_scatter(frame: pd.DataFrame, rows: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Per row: u and dof of its result from the scatter of the sample's repeated readings (Type A).

    The readings are the sample's replicate readings (rows with a replicate number) of the line,
    over every solution of the sample's label in the run; where the file has no replicate readings,
    one value per solution (repeated measurements of the same sample). s is their standard deviation
    (n readings, n - 1 dof) and u = s / sqrt(p), p the readings averaged into the row's own result
    (its solution's replicate readings, 1 for a single measurement). NaN with fewer than two readings.
    """
    n_rows = len(rows)
    if n_rows == 0 or column not in frame:
        return np.full(n_rows, np.nan), np.full(n_rows, np.nan)
    data = frame[frame[column].notna()]
    replicate = data["replicate"] if "replicate" in data else pd.Series(np.nan, index=data.index)
    keyed = data[["sample_label", *KEYS]].assign(_x=data[column].astype(float), _rep=replicate.notna())
    has_reps = keyed.groupby(["sample_label", *KEYS], dropna=False)["_rep"].transform("any")
    used = keyed[keyed["_rep"] | ~has_reps]
    stats = used.groupby(["sample_label", *KEYS], dropna=False)["_x"].agg(["std", "size"])
    own = data.loc[used.index[used["_rep"]], SOLUTION_KEYS].value_counts().rename("_p")
    joined = rows.assign(sample_label=rows["label"])[["sample_label", *SOLUTION_KEYS]]
    joined = joined.join(stats, on=["sample_label", *KEYS]).join(own, on=SOLUTION_KEYS)
    n = joined["size"].to_numpy(float)
    p = joined["_p"].fillna(1.0).to_numpy(float)
    ok = n >= 2
    u = np.where(ok, joined["std"].to_numpy(float) / np.sqrt(p), np.nan)
    return u, np.where(ok, n - 1.0, np.nan)


def check_standard_term(
    checks: pd.DataFrame, rows: pd.DataFrame, spec: InstrumentCalibrationSpec
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row: relative u of the instrument's calibration, its dof, and how many check standards it
    rests on (0 where the method's stated u is used, NaN-u where there is neither).

    From the run's ICV/CCV readings of the row's line (Nordtest TR 537, 6.2, with the check standards
    as the references): b_i = measured_i / expected_i - 1, RMS_bias = sqrt(sum b_i^2 / n) (bias and
    scatter together), u = sqrt(RMS_bias^2 + u(C_ref)^2), dof n - 1; at least two checks. Otherwise
    the method's stated `instrument_calibration.u_percent` with its dof.
    """
    n_rows = len(rows)
    u = np.full(n_rows, np.nan)
    dof = np.full(n_rows, np.nan)
    count = np.zeros(n_rows)
    if len(checks) and {"check", "measured", "expected"} <= set(checks.columns):
        hit = checks[checks["check"].astype(str).isin(_CHECKS)]
        measured, expected = hit["measured"].astype(float), hit["expected"].astype(float)
        hit = hit[np.isfinite(measured) & np.isfinite(expected) & (expected > 0)]
        if len(hit):
            b2 = (hit["measured"].astype(float) / hit["expected"].astype(float) - 1.0) ** 2
            stats = b2.groupby([hit["element"], hit["line"]]).agg(["mean", "size"])
            joined = rows[["element", "line"]].join(stats, on=["element", "line"])
            n = joined["size"].fillna(0.0).to_numpy(float)
            ok = n >= 2
            rms2 = joined["mean"].to_numpy(float)
            u[ok] = np.sqrt(rms2[ok] + spec.u_check_standard**2)
            dof[ok] = n[ok] - 1.0
            count[ok] = n[ok]
    stated = ~np.isfinite(u) & (spec.u is not None)
    if spec.u is not None:
        u[stated] = spec.u
        dof[stated] = spec.dof if math.isfinite(spec.dof) else math.inf
    return u, dof, count


def welch_satterthwaite(u_parts: list[np.ndarray], dof_parts: list[np.ndarray]) -> np.ndarray:
    """nu_eff of u = sqrt(sum u_i^2) (GUM G.4.1); inf where every part has infinite dof."""
    total = sum(np.nan_to_num(x, nan=0.0) ** 2 for x in u_parts)
    with np.errstate(divide="ignore", invalid="ignore"):
        denom = sum(
            np.where(np.isfinite(d), np.nan_to_num(x, nan=0.0) ** 4 / d, 0.0)
            for x, d in zip(u_parts, dof_parts, strict=True)
        )
        return np.where(denom > 0, total**2 / denom, math.inf)


def quantifiable_from(
    u_abs: np.ndarray, u_c: np.ndarray, k: np.ndarray, value: np.ndarray, target: float
) -> np.ndarray:
    """The lowest level from which U/x <= target when the budget is an absolute part a (the
    instrument's counting or the readings' scatter, and the blank) plus relative parts r x:
    U^2 = k^2 (a^2 + r^2 x^2), so x_LOQ = k a / sqrt(T^2 - k^2 r^2) (Eurachem 2014, 6.3; k at the
    result's own nu_eff). r is taken from the row's own budget, r^2 = (u_c^2 - a^2) / x^2. NaN where
    there is no absolute part or no finite budget, or where the relative parts alone exceed T."""
    x = np.abs(np.asarray(value, dtype=float))
    a = np.asarray(u_abs, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        r2 = np.maximum(np.asarray(u_c, dtype=float) ** 2 - a**2, 0.0) / x**2
        room = target**2 - k**2 * r2
        out = k * a / np.sqrt(room)
    return np.where((a > 0) & np.isfinite(out) & (room > 0), out, np.nan)
