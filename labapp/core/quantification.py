"""The limit of quantification a result's own uncertainty allows (issue 17, item 3).

A result is quantified only where its relative expanded uncertainty U/x is at most the method's
target (default 30 %, `loq_target_rel_u_pct` in the method file): below that the value says little
more than "present" (Eurachem, "The Fitness for Purpose of Analytical Methods", 2nd ed. 2014, 6.3:
the LOQ is the level at which the performance is acceptable for the intended use, often set by a
target relative uncertainty; ISO 11843-7 / IUPAC: the quantification limit as the content with a
specified relative standard deviation). The reported LOQ is the larger of the method's fixed LOQ
and this uncertainty LOQ, so the two can never disagree again. Between the detection limit and that
LOQ a result is "detected, not quantified" (ResultFlag.DETECTED_NOT_QUANTIFIED) and reported as
"< LOQ".

The detection limit (LOD) is estimated per result, not assumed (`detection_limits`): the largest of
the method's stated LOD, the run's calibration-method detection limit (DIN 32645 x_EG, generalised
to weighted and quadratic fits through the inverse prediction at the blank level) and the run's
procedural-blank LOD (3 s0', Eurachem 2014 6.2 / Table 6.1). It is a detection *capability*: a true
content at the LOD is found with probability 1 - beta, so "< LOD" is a bound a recipient can use,
which the decision limit x_NG (half of it for beta = alpha) is not. Whether one result shows the
analyte is decided against that decision limit (`DECISION_FRACTION` x LOD; ISO 11843-1's critical
value): above it the result is "detected"; at or below it "not detected" (ResultFlag.NOT_DETECTED),
reported as "< LOD" with the LOD as the bound (labapp.core.reportable.censoring_bound).

The search is numeric and exact for the model: each result's whole budget is evaluated on a grid of
concentrations (GRID, fractions of the top standard, 4 decades, 12 % steps), with the calibration
term re-evaluated at each concentration by the result's own fit and number of readings, and the
limit is the lowest concentration from which U/x stays at or below the target, interpolated
between grid points (see `lowest_quantifiable`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from labapp.core.calibration import CalibrationFit
from labapp.core.limits import blank_limits

GRID = np.geomspace(1e-4, 1.0, 81)
DETECTION_ALPHA = 0.01  # DIN 32645's default error probabilities; beta = alpha
# a result is "detected" above the decision limit x_NG, half the detection limit x_EG when beta = alpha
# (DIN 32645; Eurachem's 3 s0' against a critical level of about 1.65 s0' likewise)
DECISION_FRACTION = 0.5


def effective_replicates(fit: CalibrationFit, replicates: np.ndarray | float) -> np.ndarray:
    """p for `inverse`: the sample's replicate readings, or for the instrument's mean row alone
    (-1, quantitation.solution_signal) as many readings as a standard's mean (median over the line)."""
    p = np.asarray(replicates, dtype=float)
    m = float(np.median(fit.readings)) if fit.readings is not None else 1.0
    return np.where(p < 0, m, np.where(p >= 1, p, 1.0))


def calibration_u(fit: CalibrationFit, concentrations: np.ndarray, replicates: float) -> np.ndarray:
    """u of the inverse prediction of a mean of `replicates` readings at each calibration concentration."""
    x = np.asarray(concentrations, dtype=float)
    return np.asarray(fit.inverse(fit.predict(x), replicates=effective_replicates(fit, replicates)).u)


def lowest_quantifiable(grid: np.ndarray, relative_u: np.ndarray, target: float) -> np.ndarray:
    """Per row of `relative_u` (rows x grid; `grid` one row for all or one per row): the lowest
    concentration from which U/x stays <= target.

    Between the last grid point above the target and the first at or below it, (U/x)^2 is
    interpolated linearly in 1/x^2: exact when U^2 = a^2 + r^2 x^2 (an absolute and relative
    terms), the form of a budget near its LOQ. The first grid point when all are at or below the
    target; +inf when the last one is above it.
    """
    rel = np.atleast_2d(np.asarray(relative_u, dtype=float))
    ok = np.isfinite(rel) & (rel <= target)
    stays = np.flip(np.cumprod(np.flip(ok, axis=1), axis=1), axis=1).astype(bool)
    first = np.where(stays.any(axis=1), np.argmax(stays, axis=1), grid.shape[-1])
    g = np.broadcast_to(grid, rel.shape)
    rows = np.arange(rel.shape[0])
    out = np.full(rel.shape[0], np.inf)
    at_start = first == 0
    out[at_start] = g[at_start, 0]
    mid = (first > 0) & (first < rel.shape[1])
    if mid.any():
        j = first[mid]
        r = rows[mid]
        lo_z, hi_z = g[r, j - 1] ** -2.0, g[r, j] ** -2.0
        lo_r, hi_r = rel[r, j - 1] ** 2, rel[r, j] ** 2
        with np.errstate(invalid="ignore", divide="ignore"):
            frac = np.where(np.isfinite(lo_r) & (lo_r != hi_r), (lo_r - target**2) / (lo_r - hi_r), 1.0)
        out[mid] = (lo_z + np.clip(frac, 0.0, 1.0) * (hi_z - lo_z)) ** -0.5
    return out


def calibration_detection_limit(
    fit: CalibrationFit,
    level: ArrayLike,
    replicates: ArrayLike,
    alpha: float = DETECTION_ALPHA,
    beta: float | None = None,
) -> np.ndarray:
    """DIN 32645 detection limit by the calibration method, x_EG = (t(f, 1-alpha) + t(f, 1-beta)) u0.

    u0 is the standard uncertainty of the inverse prediction of a mean of `replicates` readings at
    the calibrated concentration `level` a sample without analyte shows (its method blank; 0 without
    one), f the fit's dof. For the unweighted straight line at level 0, u0 = s_x0 h and this is
    DIN 32645's x_EG exactly (2 x_NG for beta = alpha); for weighted or quadratic fits it is the same
    statistic with the fit's own variance model (ISO 11843-2 treats the weighted line so)."""
    beta = alpha if beta is None else beta
    factor = stats.t.ppf(1.0 - alpha, fit.dof) + stats.t.ppf(1.0 - beta, fit.dof)
    level = np.maximum(np.asarray(level, dtype=float), 0.0)
    reps = np.broadcast_to(np.asarray(replicates, dtype=float), level.shape)
    return float(factor) * np.asarray(calibration_u_each(fit, level, reps))


def calibration_u_each(fit: CalibrationFit, concentrations: np.ndarray, replicates: np.ndarray) -> np.ndarray:
    """`calibration_u` with one number of readings per concentration."""
    x = np.asarray(concentrations, dtype=float)
    return np.asarray(fit.inverse(fit.predict(x), replicates=effective_replicates(fit, replicates)).u)


def blank_detection_limit(blanks: ArrayLike) -> float:
    """LOD = 3 s0' from the run's procedural blanks (Eurachem 2014, 6.2 / Table 6.1): s0 the SD of the
    blank results, s0' = s0 sqrt(1 + 1/n_b) for one sample result corrected by the mean of n_b blanks.
    NaN with fewer than two blanks (no SD)."""
    values = np.asarray(blanks, dtype=float)
    values = values[np.isfinite(values)]
    if values.size < 2:
        return float("nan")
    return blank_limits(values, replicates=1).lod


def detected(values: ArrayLike, lod: ArrayLike) -> np.ndarray:
    """True where a result exceeds the decision limit (DECISION_FRACTION x LOD); False without an LOD."""
    with np.errstate(invalid="ignore"):
        return np.asarray(values, dtype=float) > DECISION_FRACTION * np.asarray(lod, dtype=float)


def detection_limits(*candidates: ArrayLike) -> np.ndarray:
    """The LOD per result: the largest of the available estimates (NaN where none is available:
    then no result is said to be detected)."""
    stacked = np.vstack([np.asarray(c, dtype=float) for c in np.broadcast_arrays(*candidates)])
    known = np.isfinite(stacked).any(axis=0)
    out = np.full(stacked.shape[1], np.nan)
    out[known] = np.nanmax(stacked[:, known], axis=0)
    return out
