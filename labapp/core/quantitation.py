"""Calibrate a run from its own standards: one fit per element, line and view, then inverse prediction.

The fit itself is labapp.core.calibration.fit (QUAM E.4 / ISO 8466); this module only feeds it
the run's standards (x = nominal concentration, y = corrected mean signal per standard solution)
and reads every reading back to a solution concentration. The calibration summary it returns
(r and the Mandel test per line) is what the QC engine judges.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labapp.core.calibration import CalibrationFit, fit, mandel_p_values, mandel_tests
from labapp.core.errors import LabappError
from labapp.core.methods import AUTO, CalibrationSpec, Method
from labapp.core.quantification import effective_replicates
from labapp.core.runorder import KEYS, solution_means, with_structure
from labapp.core.variance_function import variance_function

SUMMARY_COLUMNS = [
    *KEYS,
    "model",
    "weighting",
    "n",
    "r",
    "residual_sd",
    "mandel_pg",
    "mandel_f_crit",
    "mandel_p",
    "weighting_supported",
    "variance_exponent",
    "weighting_p",
]


def _standards(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Per standard solution and line: mean signal, nominal `x` and `readings` (m, the number of
    replicate readings behind the mean; 1 for the instrument's mean row alone) and `reading_sd`
    (their SD, for the variance function)."""
    rows = frame[frame["sample_type"].eq("standard")]
    nominal = "expected" if "expected" in rows and rows["expected"].notna().any() else "value"
    replicate = rows[rows["replicate"].notna()]
    spread = replicate.groupby(["solution", *KEYS], dropna=False)[column].transform("std")
    rows = rows.assign(readings=np.abs(solution_signal(rows, column)[1]), reading_sd=spread)
    means = solution_means(rows, [column, nominal], carry=("readings", "reading_sd"))
    means["x"] = means[nominal].to_numpy(float)
    return means[np.isfinite(means["x"]) & np.isfinite(means[column].astype(float))]


def solution_signal(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """Per reading: the mean signal of its solution and line and the number p of readings behind it.

    With replicate rows (replicate = 1..p) it is the mean of the p usable replicates; without them
    p is given as -1: the instrument's mean row, taken to average as many readings as a standard's
    mean does (the same instrument method read both; see `calibrate`).
    """
    keys = ["solution", *KEYS]
    signal = frame[column].astype(float)
    is_rep = frame["replicate"].notna().to_numpy() & np.isfinite(signal.to_numpy())
    group = frame.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    size = int(group.max()) + 1 if len(group) else 0
    count = np.bincount(group[is_rep], minlength=size).astype(float)
    total = np.bincount(group[is_rep], weights=signal.to_numpy()[is_rep], minlength=size)
    is_mean = frame["replicate"].isna().to_numpy()
    mean_rows = pd.Series(signal.to_numpy()[is_mean]).groupby(group[is_mean]).mean()
    fallback = mean_rows.reindex(np.arange(size)).to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        y = np.where(count > 0, total / count, fallback)
    p = np.where(count > 0, count, np.where(np.isfinite(fallback), -1.0, 1.0))
    return y[group], p[group]


def calibrate(
    frame: pd.DataFrame,
    method: Method,
    column: str = "net_signal",
    fits: dict[tuple[str, str, str], CalibrationFit] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (frame with `conc`, `conc_u`, `solution_u`, `replicates`; calibration summary).

    `conc`/`conc_u` read each row back as one reading; `solution_u` is the calibration uncertainty
    of the solution's mean of `replicates` readings, the one its result carries. The line is fitted
    to the standards' mean signals weighted by their reading counts m, so s_y is that of one reading
    and a sample mean of p readings carries s_y^2 / p (= s_mean^2 m / p). `replicates` = -1: the
    file has only the instrument's mean row, taken as a mean of as many readings as the standards'
    (p = m, the median over the line's standards; p = m = 1 when they too have mean rows only).
    Standards' nominal concentrations come from `expected`, or else from `value` (exports list
    a standard's nominal concentration there). Lines with too few standards get NaN `conc` and
    a summary row with n and NaN statistics. `fits`, when given, receives each line's fit by
    (element, line, view) (the uncertainty LOQ evaluates the calibration term at other levels).
    """
    out = with_structure(frame)
    standards = _standards(out, column)
    by_line = {key: group for key, group in standards.groupby(KEYS, sort=True)}
    positions = out.groupby(KEYS, sort=False).indices
    y = out[column].to_numpy(float)
    y_mean, p = solution_signal(out, column)
    columns = {name: np.full(len(out), np.nan) for name in ("conc", "conc_u", "solution_u")}
    summary = []
    linear: list[tuple[dict, CalibrationFit, float]] = []  # (summary row, fit, alpha) for Mandel's test
    for analyte in method.analytes:
        spec = analyte.calibration
        for line in analyte.lines:
            for key, group in by_line.items():
                if key[:2] != (analyte.element, line.line) or not _view_fits(line.view, key[2]):
                    continue
                at = positions.get(key, np.empty(0, dtype=int))
                row = {
                    "element": key[0],
                    "line": key[1],
                    "view": key[2],
                    "model": spec.model,
                    "n": len(group),
                }
                _weighting(row, group, spec)
                result = _fit_line(columns, at, y, (y_mean, p), group, column, spec, row)
                if result is not None and fits is not None:
                    fits[key] = result
                if result is not None and spec.model == "linear" and len(group) >= 4:
                    linear.append((row, result, analyte.qc.mandel_alpha))
                summary.append(row)
    _mandel(linear)
    for name, values in columns.items():
        out[name] = values
    out["replicates"] = np.where(np.isfinite(columns["solution_u"]), p, np.nan)
    return out, pd.DataFrame(summary, columns=SUMMARY_COLUMNS)


def _view_fits(method_view: str, reading_view: str) -> bool:
    """runorder.view_matches for one pair."""
    return method_view == "" or reading_view == "" or method_view == reading_view


def _fit_line(
    columns: dict[str, np.ndarray],
    at: np.ndarray,
    y: np.ndarray,
    solution: tuple[np.ndarray, np.ndarray],
    group: pd.DataFrame,
    column: str,
    spec: CalibrationSpec,
    row: dict,
) -> CalibrationFit | None:
    """Fit one line, write `conc`, `conc_u` and `solution_u` of rows `at` and r and the residual SD
    into its summary `row`; None when the line cannot be fitted."""
    try:
        result = fit(
            group["x"], group[column], spec.model, row["weighting"], spec.through_origin, group["readings"]
        )
    except LabappError:
        return None
    if len(at):
        prediction = result.inverse(y[at])
        columns["conc"][at] = prediction.value
        columns["conc_u"][at] = prediction.u
        replicates = effective_replicates(result, solution[1][at])
        columns["solution_u"][at] = result.inverse(solution[0][at], replicates=replicates).u
    row.update(r=result.r, residual_sd=result.residual_sd)
    return result


def _weighting(row: dict, group: pd.DataFrame, spec: CalibrationSpec) -> None:
    """Test the weightings on the standards' replicate SDs (labapp.core.variance_function) and put the
    weighting used into `row`: the method's, or with weighting = "auto" the supported one (none when
    the standards have no replicate readings to judge by). `weighting_p` is Bartlett's p-value of the
    weighting used (small: the standards' scatter does not follow it)."""
    found = variance_function(group["x"], group["reading_sd"], group["readings"])
    used = spec.weighting
    if used == AUTO:
        used = found.weighting if found is not None else None
    row["weighting"] = used
    row["weighting_supported"] = "none" if found is not None and found.weighting is None else (
        found.weighting if found is not None else np.nan
    )
    row["variance_exponent"] = found.exponent if found is not None else np.nan
    row["weighting_p"] = found.p_of(used) if found is not None else np.nan


def _mandel(linear: list[tuple[dict, CalibrationFit, float]]) -> None:
    """Mandel's test of every linear line, its F quantiles and p-values in one scipy call each."""
    tests = mandel_tests([f for _, f, _ in linear], [a for _, _, a in linear])
    for (row, _, _), test, p_value in zip(linear, tests, mandel_p_values(tests), strict=True):
        row.update(mandel_pg=test.pg, mandel_f_crit=test.f_critical, mandel_p=float(p_value))
