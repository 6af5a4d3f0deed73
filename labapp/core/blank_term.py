"""The blank component of a digest's result: the subtracted mean blank and the digest's own blank.

A digest's net concentration is c_i - mean(b_j), with c_i = x + beta_i + e_i and each method blank
b_j = beta_j + e_j: beta the contamination a digest picks up (reagents, vessel, acid), varying from
digest to digest with SD s_c, e the reading noise of a solution's mean of p readings, SD s_e/sqrt(p).
The blank results' variance is s0^2 = s_c^2 + s_e^2/p, and

    var(net) = s_e^2/p + s_c^2 + s0^2/n_b.

The first term is the sample's own reading repeatability, already in the calibration component
(`inverse(y_mean, replicates=p)`), so the blank component is

    u_blank^2 = s0^2/n_b + s_c^2,    s_c^2 = max(0, s0^2 - s_w^2/p)

with s_w^2 the pooled within-blank variance of single readings (a one-way ANOVA of the blanks'
replicate readings, as ISO 5725-3 and `ReproducibilitySpec.from_replicate_digestions` separate
reading repeatability from the between-digestion part). Where s_c^2 > 0 this is
s0^2 (1 + 1/n_b) - s_w^2/p: Eurachem/CITAC's s0' = s0 sqrt(1 + 1/n_b) for one result corrected
by the mean of n_b blanks (Eurachem "The Fitness for Purpose of Analytical Methods", 2nd ed. 2014,
6.2 and Table 6.1) minus the reading noise the calibration
term already holds, so nothing is counted twice. Degrees of freedom by Welch-Satterthwaite for the
difference of the two mean squares (n_b - 1 and N - n_b dof; GUM G.4, as for the reproducibility
ANOVA). Where the blanks scatter no more than their reading noise (s_c^2 = 0), u_blank = s0/sqrt(n_b)
with n_b - 1 dof, the former term. A run whose file has only the instruments' mean rows gives no
s_w: then the whole s0' is taken (the sample's reading noise counted twice, which overstates U,
never understates it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike


@dataclass(frozen=True)
class BlankTerm:
    """u and dof of one line's blank component, with the figures behind them."""

    u: float
    dof: float
    s0: float  # SD of the blank results (solution means)
    s_contamination: float  # s_c, the digest-to-digest contamination beyond the reading noise
    n_blanks: int


def blank_term(means: ArrayLike, readings: list[ArrayLike] | None = None) -> BlankTerm:
    """The blank component for one line from its n_b method blanks' results (`means`) and, where the
    file has them, each blank's replicate readings (`readings`, one array per blank, same units).
    Needs n_b >= 2 (an SD); with fewer the caller uses the single blank's own calibration u."""
    y = np.asarray(means, dtype=float)
    y = y[np.isfinite(y)]
    n_b = int(y.size)
    if n_b < 2:
        raise ValueError("blank_term needs at least two blank results")
    s0_sq = float(np.var(y, ddof=1))
    within = _within(readings) if readings is not None else None
    if within is None:  # no replicate readings: Eurachem's s0' as a whole (conservative)
        u_sq = s0_sq * (1.0 + 1.0 / n_b)
        return BlankTerm(math.sqrt(u_sq), n_b - 1.0, math.sqrt(s0_sq), math.sqrt(s0_sq), n_b)
    s_w_sq, dof_w, p = within
    noise = s_w_sq / p  # the reading noise of one solution's mean
    s_c_sq = s0_sq - noise
    if s_c_sq <= 0.0:
        return BlankTerm(math.sqrt(s0_sq / n_b), n_b - 1.0, math.sqrt(s0_sq), 0.0, n_b)
    a = s0_sq * (1.0 + 1.0 / n_b)
    u_sq = a - noise
    dof = u_sq**2 / (a**2 / (n_b - 1.0) + noise**2 / dof_w)
    return BlankTerm(math.sqrt(u_sq), dof, math.sqrt(s0_sq), math.sqrt(s_c_sq), n_b)


def _within(readings: list[ArrayLike]) -> tuple[float, float, float] | None:
    """Pooled within-blank variance of single readings, its dof and the mean number of readings p;
    None where no blank has two readings."""
    groups = [np.asarray(r, dtype=float) for r in readings]
    groups = [g[np.isfinite(g)] for g in groups]
    ss = sum(float(np.sum((g - g.mean()) ** 2)) for g in groups if g.size > 1)
    dof = sum(g.size - 1 for g in groups if g.size > 1)
    if dof <= 0:
        return None
    p = float(np.mean([g.size for g in groups if g.size > 0]))
    return ss / dof, float(dof), p
