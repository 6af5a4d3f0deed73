"""Stage 2 of the run calculation: from the chosen solution result to the dry solid, with a budget.

    w = (c - c_blank) V DF / (m (1 - moisture))      ICP-OES digests (labapp.core.conversion)
    w = value                                        XRF pellets (pressed from the dried sample)

The LOQ goes through the same factor; the uncertainty budget is the method's (bottom-up ICP-OES
model, Nordtest top-down, or XRF counting + top-down; labapp.core.uncertainty.models), built as one
BudgetTable per element, so budgets are arrays, never a Python loop over results.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from labapp.core.blank_term import blank_term
from labapp.core.conversion import limit_to_solid
from labapp.core.exclusions import Exclusion, Scope
from labapp.core.instrument_terms import (
    check_standard_term,
    counting_uncertainty,
    quantifiable_from,
    repeat_scatter,
    welch_satterthwaite,
)
from labapp.core.methods import Analyte, Method
from labapp.core.pipeline_solution import SolutionStage
from labapp.core.quantification import (
    GRID,
    blank_detection_limit,
    calibration_detection_limit,
    calibration_u_each,
    detected,
    detection_limits,
    lowest_quantifiable,
)
from labapp.core.runorder import KEYS, solution_means
from labapp.core.uncertainty.budget import BudgetTable
from labapp.core.uncertainty.combine import coverage_factor
from labapp.core.uncertainty.models import (
    ICP_COMPONENTS,
    UNIT_SCALE,
    icp_solid_budgets,
    top_down_budgets,
    xrf_budgets,
)
from labapp.core.vocabulary import QC_FLAG_PREFIX, ElementStatus, ResultFlag

DIGEST_KINDS = ("digest", "duplicate", "pellet")
PREP_COLUMNS = [
    "label",
    "lot",
    "kind",
    "technique",
    "element",
    "species",
    "line",
    "line_role",
    "solution",
    "solution_value",
    "value",
    "unit",
    "basis",
    "censored",
    "loq",
    "lod",
    "u",
    "U",
    "k",
    "nu_eff",
    "flags",
    "status",
    "method_id",
    "budget_table",
    "budget_row",
]
_PARAMETERS = {"linear": 2, "quadratic": 3}
_BUDGET_INPUTS = (
    "value",
    "unit",
    "solution_value",
    "solution_u",
    "drift_factor",
    "drift_u",
    "drift_dof",
    "method_blank",
    "dilution_factor",
    "digest_volume_ml",
    "sample_mass_g",
    "moisture_pct",
    "instrument_u",
    "instrument_dof",
    "calibration_dof",
)
# which instrument-supplied term a row's budget carries (labapp.core.instrument_terms)
_TERM_DESCRIPTIONS = {
    "counting": "counting statistics reported by the instrument (its error column at the coverage"
    " the vendor states, divided to a standard uncertainty)",
    "counting_unknown_k": "counting statistics reported by the instrument (error column of"
    " undocumented coverage, taken as a standard uncertainty: the larger reading)",
    "repeatability": "repeatability: standard deviation of the sample's repeated readings in this run,"
    " s/sqrt(p) (the file gives no counting uncertainty)",
    "checks": "instrument's calibration as the run verified it: RMS deviation of the check standards"
    " (CCV/ICV) from their values with u(C_ref) (Nordtest TR 537 u(bias)), and the replicate readings'"
    " scatter",
    "stated": "instrument's calibration uncertainty stated by the method, and the replicate readings'"
    " scatter",
}


def preparation_results(
    stage: SolutionStage, method: Method, preparations: pd.DataFrame, exclusions: list[Exclusion]
) -> tuple[pd.DataFrame, list[BudgetTable]]:
    """One row per preparation (digest, duplicate, pellet) and element on the dry basis, and the
    budget tables its `budget_table`/`budget_row` columns point into."""
    preps = preparations[preparations["kind"].isin(DIGEST_KINDS)]
    rows = stage.selected.merge(preps, left_on="sample_label", right_on="label", suffixes=("_run", ""))
    rows = rows.sort_values("solution").drop_duplicates(["label", "element"], keep="last")
    rows = rows.reset_index(drop=True)
    analytes = {a.element: a for a in method.analytes}
    rows = rows[rows["element"].isin(analytes)].reset_index(drop=True)
    rows["unit"] = rows["element"].map({e: a.unit for e, a in analytes.items()})
    rows["species"] = rows["element"].map({e: a.species for e, a in analytes.items()})
    rows["method_id"] = method.id
    rows["solution_value"] = rows["result"].astype(float)
    factor = _solid_factor(rows, method)
    rows["value"] = rows["solution_value"] * factor
    fixed_loq = rows["loq"].astype(float).to_numpy()
    rows["basis"] = "dry"
    rows["flags"] = _flags(rows, stage, exclusions)
    rows["status"] = rows["element"].map(stage.qc.verdict.elements).fillna(ElementStatus.OK)
    u_absolute = _instrument_terms(rows, stage, method, np.asarray(factor, dtype=float))
    tables = _budgets(rows, stage, method)
    lod = _detection_limit(rows, stage, method)
    limit = np.fmax(fixed_loq, _uncertainty_loq(rows, stage, method, np.asarray(factor, dtype=float)))
    limit = np.fmax(limit, _instrument_loq(rows, stage, method, u_absolute, np.asarray(factor, dtype=float)))
    rows["loq"] = np.fmax(limit, lod) * factor  # a quantification limit is never below the detection limit
    rows["lod"] = lod * factor
    rows["censored"] = np.where(rows["value"] < rows["loq"], "<", "")
    rows["flags"] = _with_detected(rows, rows["lod"].to_numpy(float))
    return rows.reindex(columns=PREP_COLUMNS), tables


def _instrument_terms(
    rows: pd.DataFrame, stage: SolutionStage, method: Method, factor: np.ndarray
) -> np.ndarray:
    """Fill the terms a run the laboratory did not calibrate must supply (review of issue 17, findings
    9 and 10; labapp.core.instrument_terms) and flag rows that have none. Returns per row the absolute
    part of the instrument term in result units (NaN where none), for the LOQ.

    XRF: `instrument_u` (result units) and `instrument_dof`, the counting uncertainty or else the
    repeated readings' scatter; ICP-OES with the instrument's concentrations: `solution_u` and
    `calibration_dof` (solution units) from the check standards or the method's stated calibration
    uncertainty, combined with the replicate readings' scatter."""
    n = len(rows)
    if n == 0 or (method.technique != "xrf" and stage.recalculated):
        return np.full(n, np.nan)
    u_rep, dof_rep = repeat_scatter(stage.frame, rows, "result")
    if method.technique == "xrf":
        u_count, known = counting_uncertainty(stage.frame, rows)
        counted = np.isfinite(u_count)
        use_rep = ~counted & np.isfinite(u_rep)
        u = np.where(counted, u_count, u_rep) * factor
        rows["instrument_u"] = u
        rows["instrument_dof"] = np.where(use_rep, dof_rep, math.inf)
        rows["instrument_term"] = np.select(
            [counted & known, counted, use_rep], ["counting", "counting_unknown_k", "repeatability"], "none"
        )
        _add_flag(rows, ~np.isfinite(u), ResultFlag.NO_COUNTING_UNCERTAINTY)
        return u
    stated = method.uncertainty_spec.instrument_calibration
    u_rel, dof_cal, count = check_standard_term(stage.qc.checks, rows, stated)
    blank = _column(rows, "method_blank", 0.0)
    gross = rows["solution_value"].to_numpy(float) + blank
    u_cal = np.abs(gross) * u_rel
    rep = np.nan_to_num(u_rep, nan=0.0)
    rows["solution_u"] = np.sqrt(rep**2 + u_cal**2)
    rows["calibration_dof"] = welch_satterthwaite([rep, u_cal], [dof_rep, dof_cal])
    rows["instrument_term"] = np.where(~np.isfinite(u_rel), "none", np.where(count > 0, "checks", "stated"))
    _add_flag(rows, ~np.isfinite(u_rel), ResultFlag.NO_CALIBRATION_UNCERTAINTY)
    return np.where(np.isfinite(u_rep), u_rep * factor, np.nan)


def _add_flag(rows: pd.DataFrame, hit: np.ndarray, flag: ResultFlag) -> None:
    extra = np.where(hit, flag.value, "")
    rows["flags"] = (rows["flags"].fillna("").astype(str) + ";" + extra).str.strip(";")


def _instrument_loq(
    rows: pd.DataFrame, stage: SolutionStage, method: Method, u_absolute: np.ndarray, factor: np.ndarray
) -> np.ndarray:
    """Per row, in net solution units, the LOQ-by-target of a budget with an instrument-supplied
    absolute part (counting, readings' scatter, and for ICP-OES the subtracted blank): see
    instrument_terms.quantifiable_from. NaN where the row has no such part."""
    if not np.isfinite(u_absolute).any():
        return np.full(len(rows), np.nan)
    a = np.nan_to_num(u_absolute, nan=0.0)
    if method.technique != "xrf":
        u_blank, _ = _blank_uncertainty(rows, stage)
        a = np.sqrt(a**2 + (u_blank * factor) ** 2)
    target = method.loq_target_rel_u_pct / 100.0
    limit = quantifiable_from(
        a, rows["u"].to_numpy(float), rows["k"].to_numpy(float), rows["value"].to_numpy(float), target
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        return limit / factor


def _detection_limit(rows: pd.DataFrame, stage: SolutionStage, method: Method) -> np.ndarray:
    """Per row, the detection limit in net solution units (labapp.core.quantification): the largest
    of the method's stated LOD for the line, the calibration's DIN 32645 x_EG at the row's blank
    level and number of readings, and 3 s0' of the run's procedural blanks of the line."""
    analytes = {a.element: a for a in method.analytes}
    pairs = zip(rows["element"].tolist(), rows["line"].tolist(), strict=True)
    stated = np.array([_stated_lod(analytes.get(e), str(line)) for e, line in pairs], dtype=float)
    drift = _column(rows, "drift_factor", 1.0)
    blank = _column(rows, "method_blank", 0.0)
    replicates = _column(rows, "replicates", 1.0)
    calibration = np.full(len(rows), np.nan)
    if stage.fits and not rows.empty:
        for key, at in rows.groupby(KEYS, sort=False, dropna=False).indices.items():
            cal = stage.fits.get(tuple(key))
            if cal is None or not cal.dof > 0:
                continue
            level = blank[at] * drift[at]  # the calibrated reading of a sample without analyte
            calibration[at] = calibration_detection_limit(cal, level, replicates[at]) / drift[at]
    return detection_limits(stated, calibration, _blank_lod(rows, stage))


def _stated_lod(analyte: Analyte | None, line: str) -> float:
    value = analyte.lod_of(line) if analyte is not None else None
    return float("nan") if value is None else float(value)


def _blank_lod(rows: pd.DataFrame, stage: SolutionStage) -> np.ndarray:
    """3 s0' of the run's procedural (method) blank results of each row's line, NaN with fewer than two."""
    frame = stage.frame
    blanks = frame[frame["blank_kind"].eq("method")] if "blank_kind" in frame else frame[:0]
    if blanks.empty or "conc_drift" not in blanks:
        return np.full(len(rows), np.nan)
    means = solution_means(blanks, ["conc_drift"], carry=())
    lod = means.groupby(KEYS)["conc_drift"].agg(blank_detection_limit).rename("_lod")
    return rows.join(lod, on=KEYS)["_lod"].to_numpy(float)


def _uncertainty_loq(
    rows: pd.DataFrame, stage: SolutionStage, method: Method, factor: np.ndarray
) -> np.ndarray:
    """Per row, the net solution concentration from which its relative expanded U stays at or below
    the method's target (labapp.core.quantification); NaN where the calibration term does not
    change with the level (XRF, top-down budgets: U/x is then the same at every level) or no fit."""
    out = np.full(len(rows), np.nan)
    if method.technique == "xrf" or not stage.fits or rows.empty:
        return out
    target = method.loq_target_rel_u_pct / 100.0
    dof_cal = _calibration_dof(rows, stage)
    u_blank, dof_blank = _blank_uncertainty(rows, stage)
    narrow = rows[[c for c in _BUDGET_INPUTS if c in rows]]
    drift = _column(rows, "drift_factor", 1.0)
    blank = _column(rows, "method_blank", 0.0)
    replicates = _column(rows, "replicates", 1.0)
    spec_all = method.uncertainty_spec
    for element, at in rows.groupby("element").indices.items():
        spec = spec_all.for_element(str(element))
        if spec.approach == "top_down":
            continue
        keep, grids, u_cal = _calibration_grids(at, rows, stage, str(element), drift, blank, replicates)
        if not keep:
            continue
        idx = np.repeat(np.asarray(keep), GRID.size)
        part = narrow.iloc[idx].copy()
        x = grids.reshape(-1)
        part["solution_value"] = x
        part["value"] = x * factor[idx]
        part["solution_u"] = u_cal.reshape(-1)
        unit = str(part["unit"].iloc[0])
        table = _element_table(part, spec, unit, method, dof_cal[idx], u_blank[idx], dof_blank[idx])
        if table is None:
            continue
        rel = (table.combined.U / np.abs(part["value"].to_numpy(float))).reshape(len(keep), GRID.size)
        limit = lowest_quantifiable(grids, rel, target)
        # never reached up to the top standard: the top standard bounds what can be quantified
        out[keep] = np.where(np.isfinite(limit), limit, grids[:, -1])
    return out


def _calibration_grids(
    at: np.ndarray,
    rows: pd.DataFrame,
    stage: SolutionStage,
    element: str,
    drift: np.ndarray,
    blank: np.ndarray,
    replicates: np.ndarray,
) -> tuple[list[int], np.ndarray, np.ndarray]:
    """(rows kept, their net solution levels [kept x GRID], u of the calibration at each level) for
    one element's rows: per row a geometric grid over its calibration's range. The grids are built
    in one `geomspace` and each calibration's inverse predictions in one call for all its rows
    (element-wise numpy, the same numbers as row by row: 3,000 rows of a 200-solution run made 3,000
    calls of each)."""
    keep, fits, starts, stops = [], [], [], []
    lines, views = rows["line"].to_numpy(), rows["view"].to_numpy()
    for i in at:
        cal = stage.fits.get((element, lines[i], views[i]))
        if cal is None:
            continue
        grid = GRID * float(np.max(cal.x)) / drift[i] - blank[i]  # net solution levels
        grid = grid[grid > 0]
        if grid.size < GRID.size // 2:
            continue
        keep.append(int(i))
        fits.append(cal)
        starts.append(grid[0])
        stops.append(grid[-1])
    if not keep:
        return keep, np.empty((0, GRID.size)), np.empty((0, GRID.size))
    grids = np.geomspace(np.asarray(starts), np.asarray(stops), GRID.size, axis=1)
    u_cal = np.empty_like(grids)
    kept = np.asarray(keep)
    by_fit: dict[int, list[int]] = {}
    for position, cal in enumerate(fits):
        by_fit.setdefault(id(cal), []).append(position)
    for positions in by_fit.values():
        cal, at_rows = fits[positions[0]], kept[positions]
        levels = (grids[positions] + blank[at_rows, None]) * drift[at_rows, None]
        reps = np.broadcast_to(replicates[at_rows, None], levels.shape)
        u_cal[positions] = calibration_u_each(cal, levels, reps)
    return keep, grids, u_cal


def _column(rows: pd.DataFrame, name: str, default: float) -> np.ndarray:
    if name not in rows:
        return np.full(len(rows), default)
    return rows[name].astype(float).fillna(default).to_numpy()


def _with_detected(rows: pd.DataFrame, lod: np.ndarray) -> pd.Series:
    """Flags plus `detected_not_quantified` where the value is above the decision limit (half the
    detection limit, `quantification.detected`) but below the reported LOQ, and `not_detected`
    (printed "< LOD") at or below the decision limit; neither without an LOD."""
    value = rows["value"].to_numpy(float)
    below = value < rows["loq"].to_numpy(float)
    seen = detected(value, lod)
    extra = np.where(
        below & seen,
        ResultFlag.DETECTED_NOT_QUANTIFIED.value,
        np.where(below & np.isfinite(lod) & ~seen, ResultFlag.NOT_DETECTED.value, ""),
    )
    return (rows["flags"].fillna("").astype(str) + ";" + extra).str.strip(";")


def _solid_factor(rows: pd.DataFrame, method: Method) -> np.ndarray:
    """Multiplier from the solution result (method.solution_unit) to the dry solid in each row's unit."""
    scale = rows["unit"].map(UNIT_SCALE).to_numpy(float)
    if method.technique == "xrf":
        return (1.0 / UNIT_SCALE[method.solution_unit]) * scale * np.ones(len(rows))
    moisture = rows["moisture_pct"].astype(float).fillna(0.0) / 100.0
    per_mg_kg = limit_to_solid(
        np.ones(len(rows)),
        volume=rows["digest_volume_ml"].to_numpy(float),
        mass=rows["sample_mass_g"].to_numpy(float),
        dilution=rows["dilution_factor"].fillna(1.0).to_numpy(float),
        concentration_unit=method.solution_unit,
        unit="mg/kg",
        moisture=moisture.to_numpy(),
    )
    return np.asarray(per_mg_kg, dtype=float) * scale


def _flags(rows: pd.DataFrame, stage: SolutionStage, exclusions: list[Exclusion]) -> pd.Series:
    """';'-separated flags: file and line flags, QC findings (qc_*), calibration range, exclusions
    (`excluded` for a result exclusion, `line_excluded` on every row of an element with an excluded
    line, since the row may have moved to another line; replicate exclusions are flagged by the
    service, labapp.services.calculation.exclusions.reapply)."""
    parts = [rows["flags"].fillna("").astype(str)]
    if not stage.recalculated:
        parts.append(pd.Series("instrument_concentration", index=rows.index))
    qc = stage.qc.flags
    if len(qc):
        parts.append(pd.Series(_qc_flags(qc, rows), index=rows.index, dtype=object))
    if len(stage.standards):
        top = stage.standards.groupby(["element", "line"])["x"].max().rename("_top")
        above = rows.join(top, on=["element", "line"])
        hit = above["conc_drift"].astype(float) > above["_top"] * (1 + 1e-9)
        parts.append(pd.Series(np.where(hit, ResultFlag.ABOVE_CALIBRATION_RANGE.value, ""), index=rows.index))
    lines_out = {x.element for x in exclusions if x.scope == Scope.LINE}
    if lines_out:  # the reporting line or its check line is gone (the row may now use the alternate)
        hit = rows["element"].isin(lines_out)
        parts.append(pd.Series(np.where(hit, "line_excluded", ""), index=rows.index))
    excluded = {(x.sample_label, x.element) for x in exclusions if x.scope == Scope.RESULT}
    if excluded:
        hit = [
            (label, element) in excluded
            for label, element in zip(rows["label"].tolist(), rows["element"].tolist(), strict=True)
        ]
        parts.append(pd.Series(np.where(hit, "excluded", ""), index=rows.index))
    text = parts[0]
    for part in parts[1:]:
        text = text + ";" + part
    return text.str.replace(r";{2,}", ";", regex=True).str.strip(";")


def _qc_flags(qc: pd.DataFrame, rows: pd.DataFrame) -> list[str]:
    """Per row: its QC flags as qc_<flag>, sorted and ';'-joined ('' for none); a dictionary per
    solution and line, since a Python function per group of a group-by costs more than the rest."""
    keys = ["solution", "element", "line"]
    found: dict[tuple, set[str]] = {}
    flags = qc["flag"].astype(str).tolist()
    for *key, flag in zip(*(qc[k].tolist() for k in keys), flags, strict=True):
        found.setdefault(tuple(key), set()).add(QC_FLAG_PREFIX + flag)
    text = {key: ";".join(sorted(flags)) for key, flags in found.items()}
    return [text.get(key, "") for key in zip(*(rows[k].tolist() for k in keys), strict=True)]


def _calibration_dof(rows: pd.DataFrame, stage: SolutionStage) -> np.ndarray:
    """Degrees of freedom of each row's calibration: n standards minus fitted parameters."""
    cal = stage.calibrations
    if cal.empty:
        return np.full(len(rows), math.inf)
    params = cal["model"].map(_PARAMETERS).astype(float)
    dof = (cal["n"].astype(float) - params).where(lambda d: d > 0)
    table = cal.assign(_dof=dof).groupby(["element", "line"])["_dof"].min()
    return rows.join(table, on=["element", "line"])["_dof"].fillna(math.inf).to_numpy(float)


def _blank_uncertainty(rows: pd.DataFrame, stage: SolutionStage) -> tuple[np.ndarray, np.ndarray]:
    """u and dof of the blank component: the subtracted mean of the run's method blanks and the
    digest's own contamination beyond the reading noise (labapp.core.blank_term, review of issue 17
    finding 8); the calibration u of a single blank; zero where no blank was subtracted."""
    frame = stage.frame
    blanks = frame[frame["blank_kind"].eq("method")] if "blank_kind" in frame else frame[:0]
    if blanks.empty or "method_blank" not in rows:
        return np.zeros(len(rows)), np.full(len(rows), math.inf)
    means = solution_means(blanks, ["conc_drift", "conc_u"], carry=())
    readings: dict[tuple, list[np.ndarray]] = {}
    if "replicate" in blanks:
        single = blanks[blanks["replicate"].notna()]
        for (*key, _), part in single.groupby([*KEYS, "solution"], sort=False, dropna=False):
            readings.setdefault(_key(key), []).append(part["conc_drift"].to_numpy(float))
    stats = {}
    for key, part in means.groupby(KEYS, sort=False, dropna=False):
        if len(part) < 2:
            stats[key] = (float(part["conc_u"].fillna(0.0).mean()), math.inf)
            continue
        term = blank_term(part["conc_drift"].to_numpy(float), readings.get(_key(key)))
        stats[key] = (term.u, term.dof)
    table = pd.DataFrame.from_dict(stats, orient="index", columns=["_u", "_dof"])
    table.index = pd.MultiIndex.from_tuples(table.index, names=KEYS)
    joined = rows.join(table, on=KEYS)
    used = rows["method_blank"].notna()
    u = joined["_u"].where(used, 0.0).fillna(0.0).to_numpy(float)
    dof = joined["_dof"].where(used, math.inf).fillna(math.inf).to_numpy(float)
    return u, dof


def _key(key) -> tuple:
    """A group key with missing parts (no view) spelled alike, so two group-bys can be matched."""
    return tuple("" if isinstance(k, float) and math.isnan(k) else k for k in key)


def _budgets(rows: pd.DataFrame, stage: SolutionStage, method: Method) -> list[BudgetTable]:
    """Fill u, U, k, nu_eff and the budget pointers, one BudgetTable per element."""
    n = len(rows)
    out = {name: np.full(n, np.nan) for name in ("u", "U", "k", "nu_eff")}
    pointer = np.full((n, 2), -1, dtype=int)
    dof_cal = _calibration_dof(rows, stage)
    u_blank, dof_blank = _blank_uncertainty(rows, stage)
    tables: list[BudgetTable] = []
    spec_all = method.uncertainty_spec
    replicates = rows["replicates"].astype(float).fillna(0.0) if "replicates" in rows else 0.0
    narrow = rows[[c for c in _BUDGET_INPUTS if c in rows]]  # row subsets of a narrow frame are cheap
    terms = rows.get("instrument_term", "")
    grouping = rows.assign(_p=replicates, _term=terms).groupby(["element", "_p", "_term"]).indices
    for (element, p, term), at in grouping.items():
        part = narrow.iloc[at]
        spec = spec_all.for_element(str(element))
        unit = str(part["unit"].iloc[0])
        table = _element_table(part, spec, unit, method, dof_cal[at], u_blank[at], dof_blank[at], str(term))
        if table is None:
            continue
        if table.names == ICP_COMPONENTS and term:
            _describe_first(table, _TERM_DESCRIPTIONS.get(str(term), "no calibration uncertainty (flagged)"))
        elif table.names == ICP_COMPONENTS:
            table = _with_calibration_basis(table, int(p))
        combined = table.combined
        for name, values in (
            ("u", combined.u_c),
            ("U", combined.U),
            ("k", combined.k),
            ("nu_eff", combined.nu_eff),
        ):
            out[name][at] = values
        pointer[at, 0] = len(tables)
        pointer[at, 1] = np.arange(len(at))
        tables.append(table)
    for name, values in out.items():
        rows[name] = values
    rows["budget_table"] = pointer[:, 0]
    rows["budget_row"] = pointer[:, 1]
    return tables


def _element_table(
    part: pd.DataFrame,
    spec,
    unit: str,
    method: Method,
    dof_cal: np.ndarray,
    u_blank: np.ndarray,
    dof_blank: np.ndarray,
    term: str = "",
) -> BudgetTable | None:
    values = part["value"].to_numpy(float)
    if method.technique == "xrf":
        if spec.top_down is None:
            return None
        u_count = _column(part, "instrument_u", 0.0)
        table = xrf_budgets(
            values, u_count, spec.top_down, unit, confidence=spec.confidence, shared=spec.between_elements,
            dof_counting=_column(part, "instrument_dof", math.inf),
            name="repeatability" if term == "repeatability" else "counting",
        )
        if term in _TERM_DESCRIPTIONS or term == "none":
            _describe_first(table, _TERM_DESCRIPTIONS.get(term, "counting uncertainty not given by the file"
                                                          " and no repeated readings: missing (flagged)"))
        return table
    if spec.approach == "top_down" and spec.top_down is not None:
        return top_down_budgets(
            values, spec.top_down, unit, confidence=spec.confidence, shared=spec.between_elements
        )
    drift = part["drift_factor"].astype(float).fillna(1.0).to_numpy() if "drift_factor" in part else 1.0
    # the bottom-up model is written in mg/L: a method calibrated in ug/L (trace elements) is converted
    to_mg_l = _MG_PER_L[method.solution_unit]
    u_cal = np.nan_to_num(part["solution_u"].astype(float).to_numpy() / drift, nan=0.0) * to_mg_l
    blank = part["method_blank"].astype(float).fillna(0.0).to_numpy() if "method_blank" in part else 0.0
    blank = blank * to_mg_l
    dilution = part["dilution_factor"].astype(float).fillna(1.0).to_numpy()
    if "calibration_dof" in part:  # instrument concentrations: the check standards' or stated dof
        dof_cal = np.where(part["calibration_dof"].notna(), part["calibration_dof"].astype(float), dof_cal)
    return icp_solid_budgets(
        spec,
        concentration=part["solution_value"].to_numpy(float) * to_mg_l + blank,
        u_calibration=u_cal,
        dof_calibration=dof_cal,
        volume_ml=part["digest_volume_ml"].to_numpy(float),
        mass_g=part["sample_mass_g"].to_numpy(float),
        blank=blank,
        u_blank=u_blank * to_mg_l,
        dof_blank=dof_blank,
        dilution=dilution,
        dilution_steps=(dilution > 1).astype(float),
        moisture=part["moisture_pct"].astype(float).fillna(0.0).to_numpy() / 100.0,
        u_drift=_column(part, "drift_u", 0.0),
        dof_drift=_column(part, "drift_dof", math.inf),
        unit=unit,
    )


_MG_PER_L = {"mg/L": 1.0, "ug/L": 1e-3}  # solution units (core.methods.SOLUTION_UNITS) in mg/L


def _column(part: pd.DataFrame, name: str, default: float) -> np.ndarray:
    """A float column of the rows, `default` where missing (a run without intensities has no drift)."""
    if name not in part:
        return np.full(len(part), default)
    return part[name].astype(float).fillna(default).to_numpy()


def _describe_first(table: BudgetTable, text: str) -> None:
    """Set the first component's description (text only, so in place; see _with_calibration_basis)."""
    object.__setattr__(table, "descriptions", (text, *table.descriptions[1:]))


def _with_calibration_basis(table: BudgetTable, replicates: int) -> BudgetTable:
    """Say in the calibration component what its inverse prediction was of (quantitation.solution_signal:
    p replicate readings, or -1 for the instrument's mean row taken as a mean like the standards')."""
    if replicates >= 1:
        basis = f"mean of the sample's replicate readings, p = {replicates}"
    elif replicates == -1:
        basis = (
            "instrument's mean row, taken to average as many readings as each standard's mean:"
            " the file has no replicate readings"
        )
    else:
        return table  # no calibration (u = 0 for this component)
    text = f"solution concentration from the calibration (inverse prediction of the {basis})"
    # descriptions are text only (the combined figures do not depend on them): set in place rather
    # than dataclasses.replace, which would combine every budget of the table again
    object.__setattr__(table, "descriptions", (text, *table.descriptions[1:]))
    return table


def merge_digests(results: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Per lot and element: the smallest nu_eff of its digests and k from it (reportable.py averages
    u over the digests; U is then k u so that U, k and nu_eff agree)."""
    grouped = results.groupby(["lot", "element"])
    table = pd.DataFrame({"nu_eff": grouped["nu_eff"].min()})
    table["k"] = coverage_factor(table["nu_eff"].to_numpy(float), confidence)
    return table
