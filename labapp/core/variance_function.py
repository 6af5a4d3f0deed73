"""Which weighting the standards' own replicate scatter supports (issue 17, item 3).

A weighted calibration assumes the reading variance is proportional to x^g: g = 0 (no weighting),
1 ("1/x") or 2 ("1/x2"). With replicate readings of each standard the assumption can be tested
(ISO 8466-1 5.3 and DIN 38402-51 test homogeneity of variances; ISO 11095 / Eurachem 2014 advise
weighting when it fails). Each standard gives s_i^2 with nu_i = m_i - 1 dof; under a candidate g the
scaled variances s_i^2 / x_i^g share one variance, so

    Bartlett's statistic  B(g) = [nu ln s_p^2 - sum nu_i ln(s_i^2 / x_i^g)] / C,
    s_p^2 = sum nu_i s_i^2 / x_i^g / nu,  nu = sum nu_i,  C = 1 + (sum 1/nu_i - 1/nu) / (3 (k - 1))

is chi^2(k - 1) under the candidate (Bartlett 1937; NIST/SEMATECH e-Handbook 1.3.5.7). The
candidate with the smallest B is the one the data support: it is also the maximum-likelihood one
(the chi^2 likelihood of the s_i^2 differs from -B C / 2 by terms that do not depend on g), so the
choice is a likelihood comparison of three models with the same number of parameters. The p-value
of B says whether even that candidate fits (small p: the scatter follows none of the three). The
continuous maximum-likelihood exponent g is reported as a diagnostic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy import optimize, stats

CANDIDATES: dict[str | None, float] = {None: 0.0, "1/x": 1.0, "1/x2": 2.0}


@dataclass(frozen=True)
class VarianceFunction:
    """The weighting the replicate scatter of the standards supports, with its evidence."""

    weighting: str | None  # the candidate with the smallest Bartlett statistic
    exponent: float  # maximum-likelihood g of var ~ x^g (0 ... 3)
    statistic: dict[str | None, float]  # Bartlett's B per candidate
    p_value: dict[str | None, float]  # P(chi^2(k-1) > B) per candidate
    standards: int  # k standards with at least two readings

    def p_of(self, weighting: str | None) -> float:
        return self.p_value[weighting]


def bartlett(variances: ArrayLike, dof: ArrayLike) -> tuple[float, float]:
    """Bartlett's statistic for equal variances and its chi^2(k - 1) p-value."""
    s2, nu = np.asarray(variances, dtype=float), np.asarray(dof, dtype=float)
    k, total = s2.size, float(nu.sum())
    pooled = float(np.sum(nu * s2) / total)
    c = 1.0 + (np.sum(1.0 / nu) - 1.0 / total) / (3.0 * (k - 1))
    b = float((total * np.log(pooled) - np.sum(nu * np.log(s2))) / c)
    return b, float(stats.chi2.sf(b, k - 1))


def variance_function(x: ArrayLike, sd: ArrayLike, readings: ArrayLike) -> VarianceFunction | None:
    """Test the three weightings on the standards' replicate SDs; None with fewer than three
    standards above zero that have two or more readings and a non-zero SD."""
    xa, sa, m = (np.asarray(v, dtype=float) for v in (x, sd, readings))
    use = np.isfinite(xa) & np.isfinite(sa) & (xa > 0) & (sa > 0) & (m >= 2)
    if use.sum() < 3:
        return None
    xa, s2, nu = xa[use], sa[use] ** 2, m[use] - 1.0
    found = {w: bartlett(s2 / xa**g, nu) for w, g in CANDIDATES.items()}
    best = min(found, key=lambda w: found[w][0])
    return VarianceFunction(
        weighting=best,
        exponent=_ml_exponent(xa, s2, nu),
        statistic={w: b for w, (b, _) in found.items()},
        p_value={w: p for w, (_, p) in found.items()},
        standards=int(use.sum()),
    )


def _ml_exponent(x: np.ndarray, s2: np.ndarray, nu: np.ndarray) -> float:
    """g maximising the chi^2 likelihood of s_i^2 with var_i = sigma^2 x_i^g (sigma^2 profiled out)."""

    def minus_loglik(g: float) -> float:
        scaled = s2 / x**g
        return float(nu.sum() * np.log(np.sum(nu * scaled) / nu.sum()) + g * np.sum(nu * np.log(x)))

    return float(optimize.minimize_scalar(minus_loglik, bounds=(0.0, 3.0), method="bounded").x)
