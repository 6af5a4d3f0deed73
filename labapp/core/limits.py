"""Decision, detection and quantification limits.

Blank based (Eurachem Guide "The Fitness for Purpose of Analytical Methods", 2nd ed. 2014,
section 6.2 and Table 6.1; IUPAC): LOD = 3 s0', LOQ = 10 s0' with s0' = s0 sqrt(1/n + 1/n_b)
for blank-corrected results. DIN 32645:2008 (ISO 11843-2 style): blank method and calibration
method for the decision limit x_NG, detection limit x_EG and quantification limit x_BG.
All limits are in concentration (x) units of the calibration; convert them to solid content
with :func:`labapp.core.conversion.limit_to_solid`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from labapp.core._lstsq import as_float_array
from labapp.core.calibration import CalibrationFit
from labapp.core.errors import LabappError


@dataclass(frozen=True)
class BlankLimits:
    """3s/10s limits; ``s0`` is the SD of a single blank result, ``s0_prime`` the SD used."""

    s0: float
    s0_prime: float
    lod: float
    loq: float


@dataclass(frozen=True)
class DinLimits:
    """DIN 32645 limits in concentration units and the critical signal y_k."""

    method: str
    decision: float
    detection: float
    quantification: float
    critical_signal: float
    alpha: float
    beta: float
    k: float
    dof: int


def blank_limits(
    blanks: ArrayLike | None = None,
    *,
    s0: float | None = None,
    slope: float = 1.0,
    replicates: int = 1,
    n_blank: int | None = None,
    blank_corrected: bool = True,
    lod_factor: float = 3.0,
    loq_factor: float = 10.0,
) -> BlankLimits:
    """LOD and LOQ from blank replicates (or a known s0), in concentration units.

    ``blanks`` are single blank results in signal units when ``slope`` is given (divided by
    |slope|), else in concentration units. ``replicates`` (n) readings are averaged per
    result; ``n_blank`` (n_b) blank readings are averaged for the blank correction, by default
    as many as were given.
    """
    if (blanks is None) == (s0 is None):
        raise LabappError("give either the blank readings or their standard deviation s0")
    if blanks is not None:
        values = as_float_array(blanks, "blank readings")
        if values.size < 2:
            raise LabappError("a blank standard deviation needs at least 2 blank readings")
        s0 = float(np.std(values, ddof=1))
        n_blank = values.size if n_blank is None else n_blank
    return _blank_limits(float(s0), slope, replicates, n_blank, blank_corrected, lod_factor, loq_factor)


def _blank_limits(
    s0: float, slope: float, replicates: int, n_blank: int | None, blank_corrected: bool,
    lod_factor: float, loq_factor: float,
) -> BlankLimits:
    if slope == 0 or replicates < 1:
        raise LabappError("the slope must be non-zero and the replicates at least 1")
    s0_conc = s0 / abs(slope)
    if blank_corrected:
        if not n_blank or n_blank < 1:
            raise LabappError("blank-corrected limits need the number of blank readings averaged")
        factor = np.sqrt(1.0 / replicates + 1.0 / n_blank)
    else:
        factor = np.sqrt(1.0 / replicates)
    s0_prime = float(s0_conc * factor)
    return BlankLimits(s0=s0_conc, s0_prime=s0_prime, lod=lod_factor * s0_prime, loq=loq_factor * s0_prime)


def din32645_blank(
    blanks: ArrayLike,
    slope: float,
    replicates: int = 1,
    alpha: float = 0.01,
    beta: float | None = None,
    k: float = 3.0,
) -> DinLimits:
    """DIN 32645 blank method (Leerwertmethode): limits from n blank signals and the slope.

    x_NG = (s_L / b) t(f, 1-alpha) sqrt(1/m + 1/n), f = n - 1;
    x_EG = (s_L / b) (t(f, 1-alpha) + t(f, 1-beta)) sqrt(1/m + 1/n)   (= 2 x_NG for beta = alpha);
    x_BG = k (s_L / b) t(f, 1-alpha/2) sqrt(1/m + 1/n).
    """
    values = as_float_array(blanks, "blank signals")
    if values.size < 2 or slope == 0:
        raise LabappError("the blank method needs at least 2 blank signals and a non-zero slope")
    beta = alpha if beta is None else beta
    dof = values.size - 1
    s_l = float(np.std(values, ddof=1))
    spread = s_l / abs(slope) * np.sqrt(1.0 / replicates + 1.0 / values.size)
    t_a, t_b, t_q = _t(dof, alpha), _t(dof, beta), _t(dof, alpha / 2.0)
    return DinLimits(
        method="blank",
        decision=float(spread * t_a),
        detection=float(spread * (t_a + t_b)),
        quantification=float(k * spread * t_q),
        critical_signal=float(np.mean(values) + s_l * t_a * np.sqrt(1.0 / replicates + 1.0 / values.size)),
        alpha=alpha,
        beta=beta,
        k=k,
        dof=dof,
    )


def din32645_calibration(
    fit: CalibrationFit,
    replicates: int = 1,
    alpha: float = 0.01,
    beta: float | None = None,
    k: float = 3.0,
) -> DinLimits:
    """DIN 32645 calibration method (Kalibriergeradenmethode) for an unweighted straight line.

    h = sqrt(1/m + 1/n + x_mean^2 / Q_xx), f = n - 2;
    x_NG = s_x0 t(f, 1-alpha) h;  x_EG = s_x0 (t(f, 1-alpha) + t(f, 1-beta)) h;
    x_BG = k s_x0 t(f, 1-alpha/2) sqrt(1/m + 1/n + (x_BG - x_mean)^2 / Q_xx), the implicit
    equation solved exactly (it is a quadratic in x_BG) instead of by iteration.
    """
    if fit.model != "linear" or fit.weighting is not None or fit.through_origin:
        raise LabappError("DIN 32645 limits need an unweighted straight line with intercept")
    beta = alpha if beta is None else beta
    n, dof, x_mean, q_xx = fit.n, fit.dof, fit.x_mean, fit.q_xx
    base = 1.0 / replicates + 1.0 / n
    h = np.sqrt(base + x_mean**2 / q_xx)
    t_a, t_b = _t(dof, alpha), _t(dof, beta)
    quant = _quantification_limit(k * fit.s_x0 * _t(dof, alpha / 2.0), base, x_mean, q_xx)
    return DinLimits(
        method="calibration",
        decision=float(fit.s_x0 * t_a * h),
        detection=float(fit.s_x0 * (t_a + t_b) * h),
        quantification=quant,
        critical_signal=float(fit.coefficients[0] + fit.residual_sd * t_a * h),
        alpha=alpha,
        beta=beta,
        k=k,
        dof=dof,
    )


def _quantification_limit(c: float, base: float, x_mean: float, q_xx: float) -> float:
    """Positive root of x^2 = c^2 (base + (x - x_mean)^2 / q_xx)."""
    a = 1.0 - c * c / q_xx
    if a <= 0:
        raise LabappError("the calibration is too imprecise for a DIN 32645 quantification limit")
    b = 2.0 * c * c * x_mean / q_xx
    const = c * c * (base + x_mean**2 / q_xx)
    return float(2.0 * const / (b + np.sqrt(b * b + 4.0 * a * const)))


def _t(dof: int, alpha: float) -> float:
    """One-sided Student t quantile t(f, 1 - alpha)."""
    return float(stats.t.ppf(1.0 - alpha, dof))
