"""Calibration functions and inverse prediction with uncertainty.

References: Eurachem/CITAC QUAM 3rd ed. (2012) Appendix E.4 (unweighted straight line);
JCGM 100 (GUM) 5.2 and H.3 (first-order propagation with the coefficient covariance, so the
correlation between intercept and slope is included); ISO 8466-1/-2 and DIN 38402-51 (s_x0,
V_x0, Mandel test). Fitting is done by the general engine in :mod:`labapp.core._lstsq`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike
from scipy import stats

from labapp.core._lstsq import FloatArray, PolyFit, as_float_array, polyfit, polyval
from labapp.core.errors import LabappError

MODELS = {"linear": 1, "quadratic": 2}
WEIGHTINGS = {None: 0, "1/x": 1, "1/x2": 2}


class InversePrediction(NamedTuple):
    """Concentration read back from a mean signal and its standard uncertainty (same shape)."""

    value: FloatArray | float
    u: FloatArray | float


@dataclass(frozen=True)
class MandelTest:
    """Mandel's fitting test, linear against quadratic (DIN 38402-51, ISO 8466-2).

    DS^2 = (N-2) s_y1^2 - (N-3) s_y2^2, PG = DS^2 / s_y2^2, compared with F(1, N-3, 1 - alpha).
    """

    ds2: float
    pg: float
    f_critical: float
    dof: int
    alpha: float

    @property
    def linear_adequate(self) -> bool:
        """True when the quadratic term does not reduce the residual variance significantly."""
        return bool(self.pg <= self.f_critical)

    @property
    def verdict(self) -> str:
        return "linear" if self.linear_adequate else "quadratic"


@dataclass(frozen=True, eq=False)
class CalibrationFit:
    """A fitted calibration function y = sum b_j x^j with its statistics.

    ``coefficients`` are low order first and always include the intercept (0 for a fit
    through the origin, with zero variance); ``covariance`` matches them.
    """

    model: str
    weighting: str | None
    through_origin: bool
    x: FloatArray
    y: FloatArray
    poly: PolyFit
    readings: FloatArray | None = None

    @property
    def coefficients(self) -> FloatArray:
        return self.poly.full_coefficients()

    @property
    def covariance(self) -> FloatArray:
        size = self.degree + 1
        full = np.zeros((size, size))
        idx = np.array(self.poly.powers)
        full[np.ix_(idx, idx)] = self.poly.covariance
        return full

    @property
    def degree(self) -> int:
        return MODELS[self.model]

    @property
    def residual_sd(self) -> float:
        """s_y: residual standard deviation of ONE reading (of unit weight when weighted).

        When each y is the mean of m_i readings (``fit(..., readings=m)``) the fit weights carry
        m_i, so s_y is still the scatter of a single reading, not of a mean.
        """
        return self.poly.residual_sd

    @property
    def dof(self) -> int:
        return self.poly.dof

    @property
    def residuals(self) -> FloatArray:
        """Observed minus fitted signal for each standard."""
        return self.poly.residuals

    @property
    def n(self) -> int:
        return int(self.x.size)

    @property
    def x_mean(self) -> float:
        return float(np.mean(self.x))

    @property
    def q_xx(self) -> float:
        """Q_xx = sum (x_i - x_mean)^2 over the standards (DIN 32645, ISO 8466-1)."""
        return float(np.sum((self.x - self.x_mean) ** 2))

    @property
    def sensitivity(self) -> float:
        """Slope of the calibration function at x_mean (b1 for a straight line)."""
        return float(self._derivative(np.asarray(self.x_mean)))

    @property
    def r_squared(self) -> float:
        """Coefficient of determination (uncentred for fits through the origin, as NIST StRD)."""
        w = self.poly.weights
        centre = 0.0 if self.through_origin else np.average(self.y, weights=w)
        total = float(np.sum(w * (self.y - centre) ** 2))
        return 1.0 - self.poly.weighted_rss / total

    @property
    def r(self) -> float:
        """Correlation coefficient; Pearson's r for an unweighted straight line with intercept."""
        return float(np.sign(self.sensitivity) * np.sqrt(max(self.r_squared, 0.0)))

    @property
    def s_x0(self) -> float:
        """Standard deviation of the procedure s_x0 = s_y / sensitivity (ISO 8466-1/-2)."""
        return self.residual_sd / abs(self.sensitivity)

    @property
    def v_x0(self) -> float:
        """Relative standard deviation of the procedure in percent, 100 s_x0 / x_mean."""
        return 100.0 * self.s_x0 / self.x_mean

    def predict(self, x: ArrayLike) -> FloatArray:
        """Signal expected for concentration(s) x."""
        return polyval(self.coefficients, tuple(range(self.degree + 1)), x)

    def weight_at(self, x: ArrayLike) -> FloatArray:
        """Relative weight (1 / relative variance) of a reading at concentration x.

        Below the lowest standard the weight of the lowest standard is used, so a sample
        near or under the blank level never gets an infinite or negative weight.
        """
        xa = np.asarray(x, dtype=float)
        power = WEIGHTINGS[self.weighting]
        if power == 0:
            return np.ones_like(xa)
        return np.maximum(xa, np.min(self.x)) ** (-float(power))

    def inverse(self, y_mean: ArrayLike, replicates: ArrayLike = 1) -> InversePrediction:
        """Concentration for a mean of ``replicates`` (p) readings and its standard uncertainty.

        u^2(x0) = [s_y^2 / (p w(x0)) + v^T C v] / f'(x0)^2 with v = (1, x0, x0^2...) and C the
        coefficient covariance; s_y is the SD of one reading (see ``residual_sd``), so p counts
        the sample's readings whatever the standards' means were made of. For the unweighted
        straight line fitted to all readings this is exactly QUAM E.4:
        u(x0) = (S / b1) sqrt(1/p + 1/n + (x0 - x_mean)^2 / S_xx). Arrays are vectorized;
        a signal beyond the extremum of a quadratic gives NaN.
        """
        y0 = np.asarray(y_mean, dtype=float)
        p = np.asarray(replicates, dtype=float)
        if np.any(p < 1):
            raise LabappError("the number of replicate readings must be at least 1")
        x0 = self._solve(y0)
        powers = np.arange(self.degree + 1)
        v = np.asarray(x0)[..., None] ** powers
        var_fit = np.einsum("...i,ij,...j->...", v, self.covariance, v)
        var_y = self.residual_sd**2 / (p * self.weight_at(x0))
        u = np.sqrt(var_y + var_fit) / np.abs(self._derivative(x0))
        if np.ndim(u) == 0 and np.ndim(x0) == 0:
            return InversePrediction(float(x0), float(u))
        return InversePrediction(np.asarray(x0) + np.zeros_like(u), u)

    def mandel(self, alpha: float = 0.01) -> MandelTest:
        """Mandel's test of the straight line against the quadratic on the same standards."""
        return mandel_tests([self], alpha)[0]

    def _mandel_parts(self) -> tuple[float, float, int]:
        """(DS^2, PG, dof of the quadratic) of Mandel's test on these standards."""
        weights = self._weights_or_none()
        linear = self.poly if self.degree == 1 else polyfit(self.x, self.y, 1, weights, self.through_origin)
        quadratic = polyfit(self.x, self.y, 2, weights, self.through_origin)
        if quadratic.dof < 1:
            raise LabappError(f"the Mandel test needs at least {len(quadratic.powers) + 1} standards")
        s2 = quadratic.weighted_rss / quadratic.dof
        ds2 = linear.weighted_rss - quadratic.weighted_rss
        pg = ds2 / s2 if s2 > 0 else float("inf")
        return float(ds2), float(pg), quadratic.dof

    def _weights_or_none(self) -> FloatArray | None:
        uniform = self.weighting is None and np.ptp(self.poly.weights) == 0
        return None if uniform else self.poly.weights

    def _derivative(self, x: ArrayLike) -> FloatArray:
        b = self.coefficients
        xa = np.asarray(x, dtype=float)
        return b[1] + (2.0 * b[2] * xa if self.degree == 2 else 0.0 * xa)

    def _solve(self, y0: FloatArray) -> FloatArray:
        b = self.coefficients
        if self.degree == 1:
            return (y0 - b[0]) / b[1]
        return _quadratic_root(b, y0, float(np.sign(self.sensitivity)))


def _quadratic_root(b: FloatArray, y0: FloatArray, branch: float) -> FloatArray:
    """Root of b0 + b1 x + b2 x^2 = y0 on the branch whose slope has the sign ``branch``.

    The slope at a root is +-sqrt(D); both forms below are algebraically equal and the
    one without cancellation is used (Numerical Recipes 5.6).
    """
    b0, b1, b2 = b
    disc = b1 * b1 + 4.0 * b2 * (y0 - b0)
    with np.errstate(invalid="ignore", divide="ignore"):
        root_d = np.where(disc >= 0, np.sqrt(np.abs(disc)), np.nan)
        if branch * b1 > 0:
            return 2.0 * (y0 - b0) / (b1 + branch * root_d)
        return (-b1 + branch * root_d) / (2.0 * b2)


def fit(
    x: ArrayLike,
    y: ArrayLike,
    model: str = "linear",
    weighting: str | None = None,
    through_origin: bool = False,
    readings: ArrayLike = 1,
) -> CalibrationFit:
    """Fit a calibration function to standards (x = concentration, y = signal).

    ``weighting`` "1/x" or "1/x2" gives weights proportional to 1/x or 1/x^2 (signal variance
    proportional to x or x^2); every standard must then be above zero concentration.
    ``readings`` (m, one number or one per standard) is how many readings each y averages: the
    weights are multiplied by m, so the residual SD stays that of one reading and
    ``inverse(y0, replicates=p)`` carries s_y^2 / p, i.e. s_mean^2 m / p (docs/calculations.md,
    "Replicate model"). Fitting every reading (m = 1) gives the same line as fitting the means.
    """
    if model not in MODELS:
        raise LabappError(f"unknown calibration model {model!r}; use 'linear' or 'quadratic'")
    if weighting not in WEIGHTINGS:
        raise LabappError(f"unknown weighting {weighting!r}; use None, '1/x' or '1/x2'")
    xa, ya = as_float_array(x, "concentrations"), as_float_array(y, "signals")
    m = np.broadcast_to(np.asarray(readings, dtype=float), xa.shape).copy()
    if not np.all(np.isfinite(m) & (m >= 1)):
        raise LabappError("the number of readings behind each standard's signal must be at least 1")
    weights = None if np.all(m == 1) else m
    if weighting is not None:
        if np.any(xa <= 0):
            raise LabappError(f"{weighting} weighting needs every standard above zero concentration")
        weights = m * xa ** (-float(WEIGHTINGS[weighting]))
    poly = polyfit(xa, ya, MODELS[model], weights, through_origin)
    if poly.dof < 1:
        raise LabappError(f"a {model} calibration needs at least {len(poly.powers) + 1} standards")
    return CalibrationFit(model, weighting, through_origin, xa, ya, poly, m)


def mandel_tests(fits: Sequence[CalibrationFit], alpha: ArrayLike = 0.01) -> list[MandelTest]:
    """Mandel's test of each calibration (alpha one value or one per fit), the F quantiles of all
    of them in one vectorised scipy call: a scalar call per line costs more than the fits."""
    parts = [f._mandel_parts() for f in fits]
    if not parts:
        return []
    alphas = np.broadcast_to(np.asarray(alpha, dtype=float), (len(parts),))
    dof = np.array([n for _, _, n in parts], dtype=float)
    f_crit = stats.f.ppf(1.0 - alphas, 1, dof)
    return [
        MandelTest(ds2=ds2, pg=pg, f_critical=float(c), dof=n, alpha=float(a))
        for (ds2, pg, n), c, a in zip(parts, f_crit, alphas, strict=True)
    ]


def mandel_p_values(tests: Sequence[MandelTest]) -> FloatArray:
    """P-value of each test's PG under F(1, dof), in one vectorised call (0 where PG is infinite)."""
    pg = np.array([t.pg for t in tests], dtype=float)
    dof = np.array([t.dof for t in tests], dtype=float)
    finite = np.isfinite(pg)
    p = np.zeros(len(tests))
    if finite.any():
        p[finite] = stats.f.sf(pg[finite], 1, dof[finite])
    return p
