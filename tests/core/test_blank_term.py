"""The blank component holds the digest's own blank (review of issue 17, finding 8).

Monte Carlo oracle: batches of n_b method blanks and one sample digest, each with its own
contamination (SD s_c from digest to digest) and read p times with reading noise s_e. The sample's
net result is its mean reading minus the blanks' mean; the calibration component holds the sample's
own reading noise s_e^2/p, the blank component `blank_term` the rest. The true variance of the net
result is s_e^2/p + s_c^2 + (s_c^2 + s_e^2/p)/n_b.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from labapp.core.blank_term import blank_term

S_E, P, BATCHES = 1.0, 3, 12_000


def _batches(s_c: float, n_b: int, seed: int):
    """Per batch: the net error, the blanks' means and their replicate readings."""
    rng = np.random.default_rng(seed)
    contamination = s_c * rng.standard_normal((BATCHES, n_b + 1))
    readings = contamination[..., None] + S_E * rng.standard_normal((BATCHES, n_b + 1, P))
    means = readings.mean(axis=2)
    net_error = means[:, 0] - means[:, 1:].mean(axis=1)  # true net content 0
    return net_error, means[:, 1:], readings[:, 1:, :]


def _terms(means, readings):
    terms = [blank_term(m, list(r)) for m, r in zip(means, readings, strict=True)]
    return np.array([t.u for t in terms]), np.array([t.dof for t in terms])


@pytest.mark.parametrize(("s_c", "n_b"), [(1.5, 4), (0.6, 6), (3.0, 4)])
def test_the_blank_component_has_the_variance_the_net_result_shows(s_c: float, n_b: int):
    error, means, readings = _batches(s_c, n_b, seed=int(10 * s_c) + n_b)
    truth = S_E**2 / P + s_c**2 + (s_c**2 + S_E**2 / P) / n_b
    assert np.var(error) == pytest.approx(truth, rel=0.03)  # the simulation itself
    u, _ = _terms(means, readings)
    stated = np.mean(u**2 + S_E**2 / P)  # blank component + the calibration's reading noise
    # unbiased where s_c is large against the reading noise; where it is small, s_c^2 estimates below
    # zero are taken as 0, which can only raise the term (0.6 and n_b 6: 4 % above)
    assert 0.98 * truth <= stated <= 1.06 * truth
    # the former component, s0^2/n_b, leaves the digest's own contamination out
    s0_sq = np.var(means, axis=1, ddof=1)
    former = np.mean(s0_sq / n_b + S_E**2 / P)
    assert former < 0.75 * truth
    # Eurachem's s0^2 (1 + 1/n_b) beside the calibration term counts the reading noise twice
    assert np.mean(s0_sq * (1 + 1 / n_b) + S_E**2 / P) == pytest.approx(truth + S_E**2 / P, rel=0.04)


def test_the_expanded_interval_covers_95_percent():
    """U = t(0.975, nu_eff) u_c with the calibration's reading term taken as known (infinite dof)."""
    error, means, readings = _batches(1.5, 4, seed=7)
    u, dof = _terms(means, readings)
    u_c = np.sqrt(u**2 + S_E**2 / P)
    nu = u_c**4 / (u**4 / dof)  # Welch-Satterthwaite, the reading term with infinite dof
    inside = np.abs(error) <= stats.t.ppf(0.975, nu) * u_c
    assert 0.935 <= inside.mean() <= 0.965
    s0 = np.sqrt(np.var(means, axis=1, ddof=1))
    former = np.abs(error) <= stats.t.ppf(0.975, 3) * np.sqrt(s0**2 / 4 + S_E**2 / P)
    assert former.mean() < 0.90  # the former term: 88.6 % here


def test_blanks_that_scatter_only_by_their_reading_noise_keep_the_former_term():
    means = np.array([0.10, 0.11, 0.10, 0.11])
    readings = [np.array([0.0, 0.10, 0.20]) + m - 0.10 for m in means]  # s_w = 0.1, far above s0
    term = blank_term(means, readings)
    assert term.s_contamination == 0.0
    assert term.u == pytest.approx(np.std(means, ddof=1) / 2) and term.dof == 3


def test_worked_example():
    """docs/calculations.md: four blanks 0.012 0.020 0.009 0.015 mg/L, each read 3 times with a pooled
    within-blank SD of 0.004 mg/L (8 dof)."""
    means = np.array([0.012, 0.020, 0.009, 0.015])
    offsets = np.array([-0.004, 0.0, 0.004])  # SD exactly 0.004 about each mean
    term = blank_term(means, [m + offsets for m in means])
    s0_sq = np.var(means, ddof=1)
    assert s0_sq == pytest.approx(2.2e-5)
    assert term.s_contamination == pytest.approx(0.0040825, abs=5e-8)  # sqrt(2.2e-5 - 0.004^2/3)
    assert term.u == pytest.approx(0.0047081, abs=5e-8)  # sqrt(2.2e-5 x 1.25 - 0.004^2/3)
    assert term.dof == pytest.approx(1.9221, abs=5e-5)  # (a - b)^2 / (a^2/3 + b^2/8)


def test_without_replicate_readings_the_whole_s0_prime_is_taken():
    means = [0.012, 0.020, 0.009, 0.015]
    term = blank_term(means)
    assert term.u == pytest.approx(math.sqrt(2.2e-5 * 1.25)) and term.dof == 3
