"""General weighted polynomial least squares, numerically stable (QR on centred and scaled x).

A plain Vandermonde matrix with ``numpy.linalg.lstsq`` loses digits on ill-conditioned problems
(NIST StRD Pontius, Wampler4/5). Here the abscissa is mapped to t = (x - c) / h with |t| <= 1,
the weighted design matrix in t is factorised by Householder QR, and the coefficients and their
covariance are mapped back to the monomial basis in x with an exact linear transformation.
Through-origin fits keep c = 0 so the model stays free of an intercept.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb

import numpy as np
from numpy.typing import ArrayLike, NDArray

from labapp.core.errors import LabappError

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class PolyFit:
    """Result of a polynomial least-squares fit; ``coefficients[j]`` multiplies x**powers[j]."""

    powers: tuple[int, ...]
    coefficients: FloatArray
    covariance: FloatArray
    residuals: FloatArray
    weights: FloatArray
    weighted_rss: float
    dof: int

    @property
    def residual_sd(self) -> float:
        """Standard deviation of a unit-weight observation, sqrt(sum w r^2 / dof)."""
        return float(np.sqrt(self.weighted_rss / self.dof)) if self.dof > 0 else float("nan")

    def full_coefficients(self) -> FloatArray:
        """Coefficients for powers 0..degree (a zero intercept for through-origin fits)."""
        out = np.zeros(max(self.powers) + 1)
        out[list(self.powers)] = self.coefficients
        return out


def as_float_array(values: ArrayLike, name: str) -> FloatArray:
    """A 1-D float array, with a user-facing error for non-numeric or non-finite input."""
    try:
        arr = np.asarray(values, dtype=float).ravel()
    except (TypeError, ValueError) as exc:
        raise LabappError(f"{name} must be numbers: {exc}") from exc
    if not np.all(np.isfinite(arr)):
        raise LabappError(f"{name} contains missing or infinite values")
    return arr


def polyfit(
    x: ArrayLike,
    y: ArrayLike,
    degree: int,
    weights: ArrayLike | None = None,
    through_origin: bool = False,
) -> PolyFit:
    """Weighted least-squares polynomial of the given degree (weights ~ 1 / variance)."""
    xa, ya = as_float_array(x, "x"), as_float_array(y, "y")
    if xa.size != ya.size:
        raise LabappError(f"x and y differ in length ({xa.size} and {ya.size})")
    w = np.ones_like(xa) if weights is None else as_float_array(weights, "weights")
    if w.size != xa.size or np.any(w <= 0):
        raise LabappError("weights must be positive, one per point")
    powers = tuple(range(1 if through_origin else 0, degree + 1))
    if np.unique(xa).size < len(powers):
        raise LabappError(f"{len(powers)} parameters need at least {len(powers)} distinct x values")
    centre, half_range = _scaling(xa, w, through_origin)
    design = ((xa - centre) / half_range)[:, None] ** np.array(powers)[None, :]
    sw = np.sqrt(w)
    q, r = np.linalg.qr(sw[:, None] * design)
    if np.min(np.abs(np.diag(r))) <= 1e-13 * np.max(np.abs(np.diag(r))):
        raise LabappError("the calibration design is singular for this model")
    beta_t = _refined_solution(q, r, sw[:, None] * design, sw * ya)
    resid = _residuals(design, ya, beta_t)
    wrss = float(np.sum(w * resid**2))
    dof = xa.size - len(powers)
    r_inv = np.linalg.solve(r, np.eye(len(powers)))
    cov_t = (wrss / dof if dof > 0 else np.nan) * (r_inv @ r_inv.T)
    transform = _basis_change(powers, centre, half_range)
    return PolyFit(
        powers=powers,
        coefficients=(transform.astype(np.longdouble) @ beta_t.astype(np.longdouble)).astype(float),
        covariance=transform @ cov_t @ transform.T,
        residuals=resid,
        weights=w,
        weighted_rss=wrss,
        dof=dof,
    )


def _scaling(x: FloatArray, w: FloatArray, through_origin: bool) -> tuple[float, float]:
    """Centre (weighted mean, 0 through the origin) and a power-of-two half range.

    A power of two keeps t = (x - c) / h and its powers exact for short decimal data, which
    matters when large residuals amplify any perturbation of the design (NIST Wampler5).
    """
    centre = 0.0 if through_origin else float(np.average(x, weights=w))
    return centre, float(2.0 ** np.ceil(np.log2(np.max(np.abs(x - centre)))))


def _refined_solution(q: FloatArray, r: FloatArray, a: FloatArray, b: FloatArray) -> FloatArray:
    """Least-squares solution of a x = b with Bjorck's iterative refinement of the augmented system.

    Plain refinement cannot beat the cond(A)^2 * |residual| error term of large-residual problems
    (NIST Wampler4/5); refining residual and solution together, with the defects accumulated in
    extended precision, recovers the digits the certified values demand.
    """
    ext = np.longdouble
    a_ext, b_ext = a.astype(ext), b.astype(ext)
    x = np.linalg.solve(r, q.T @ b)
    res = (b_ext - a_ext @ x.astype(ext)).astype(float)
    for _ in range(3):
        f1 = (b_ext - res.astype(ext) - a_ext @ x.astype(ext)).astype(float)
        f2 = (-(a_ext.T @ res.astype(ext))).astype(float)
        h = np.linalg.solve(r.T, f2)
        q1f1 = q.T @ f1
        res = res + (q @ (h - q1f1) + f1)
        x = x + np.linalg.solve(r, q1f1 - h)
    return x


def _residuals(design: FloatArray, y: FloatArray, beta: FloatArray) -> FloatArray:
    """y - design @ beta, accumulated in extended precision where the platform has it."""
    ext = np.longdouble
    return (y.astype(ext) - design.astype(ext) @ beta.astype(ext)).astype(float)


def _basis_change(powers: tuple[int, ...], centre: float, half_range: float) -> FloatArray:
    """Matrix T with a = T beta, from sum beta_k ((x - c)/h)^k to sum a_j x^j (binomial expansion)."""
    t = np.zeros((len(powers), len(powers)))
    for col, k in enumerate(powers):
        for row, j in enumerate(powers):
            if j <= k:
                t[row, col] = comb(k, j) * (-centre) ** (k - j) / half_range**k
    return t


def polyval(coefficients: FloatArray, powers: tuple[int, ...], x: ArrayLike) -> FloatArray:
    """Evaluate sum coefficients[j] * x**powers[j] (Horner on the full coefficient vector)."""
    full = np.zeros(max(powers) + 1)
    full[list(powers)] = coefficients
    xa = np.asarray(x, dtype=float)
    out = np.zeros_like(xa) + full[-1]
    for c in full[-2::-1]:
        out = out * xa + c
    return out
