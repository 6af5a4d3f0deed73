"""Calibrate a run from its own standards: one fit per element, line and view, then inverse prediction.

The fit itself is labapp.core.calibration.fit (QUAM E.4 / ISO 8466); this module only feeds it
the run's standards (x = nominal concentration, y = corrected mean signal per standard solution)
and reads every reading back to a solution concentration. The calibration summary it returns
(r and the Mandel test per line) is what the QC engine judges.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from labapp.core.calibration import fit
from labapp.core.errors import LabappError
from labapp.core.methods import CalibrationSpec, Method
from labapp.core.runorder import KEYS, solution_means, view_matches, with_structure

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
]


def _standards(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    rows = frame[frame["sample_type"].eq("standard")]
    nominal = "expected" if "expected" in rows and rows["expected"].notna().any() else "value"
    means = solution_means(rows, column)
    means["x"] = solution_means(rows, nominal)[nominal].to_numpy(float)
    return means[np.isfinite(means["x"]) & np.isfinite(means[column].astype(float))]


def calibrate(
    frame: pd.DataFrame, method: Method, column: str = "net_signal"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (frame with `conc` and `conc_u`, calibration summary with r and Mandel per line).

    Standards' nominal concentrations come from `expected`, or else from `value` (exports list
    a standard's nominal concentration there). Lines with too few standards get NaN `conc` and
    a summary row with n and NaN statistics.
    """
    out = with_structure(frame)
    out["conc"] = np.nan
    out["conc_u"] = np.nan
    standards = _standards(out, column)
    summary = []
    for analyte in method.analytes:
        spec = analyte.calibration
        for line in analyte.lines:
            chosen = standards[(standards["element"] == analyte.element) & (standards["line"] == line.line)]
            rows = out[(out["element"] == analyte.element) & (out["line"] == line.line)]
            view = pd.Series(line.view, index=chosen.index)
            chosen = chosen[view_matches(view, chosen["view"])]
            rows = rows[view_matches(pd.Series(line.view, index=rows.index), rows["view"])]
            for view, group in chosen.groupby("view"):
                target = rows[rows["view"] == view].index
                row = {
                    "element": analyte.element,
                    "line": line.line,
                    "view": view,
                    "model": spec.model,
                    "weighting": spec.weighting,
                    "n": len(group),
                }
                row.update(_fit_line(out, target, group, column, spec, analyte.qc.mandel_alpha))
                summary.append(row)
    return out, pd.DataFrame(summary, columns=SUMMARY_COLUMNS)


def _fit_line(
    out: pd.DataFrame, index: pd.Index, group: pd.DataFrame, column: str, spec: CalibrationSpec, alpha: float
) -> dict[str, float]:
    """Fit one line, write `conc` and `conc_u` into `out` in place, return its statistics."""
    row: dict[str, float] = {}
    try:
        result = fit(group["x"], group[column], spec.model, spec.weighting, spec.through_origin)
    except LabappError:
        return row
    prediction = result.inverse(out.loc[index, column].to_numpy(float))
    out.loc[index, "conc"] = prediction.value
    out.loc[index, "conc_u"] = prediction.u
    row.update(r=result.r, residual_sd=result.residual_sd)
    if spec.model == "linear" and len(group) >= 4:
        mandel = result.mandel(alpha)
        p_value = float(stats.f.sf(mandel.pg, 1, mandel.dof)) if np.isfinite(mandel.pg) else 0.0
        row.update(mandel_pg=mandel.pg, mandel_f_crit=mandel.f_critical, mandel_p=p_value)
    return row
