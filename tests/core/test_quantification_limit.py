"""The LOQ from a result's own uncertainty (labapp.core.quantification.lowest_quantifiable).

Oracle: for U/x = k sqrt(a^2 / x^2 + r^2) (an absolute term a and relative terms r) the level where
U/x reaches the target T solves exactly: x* = a / sqrt((T/k)^2 - r^2).
"""

from __future__ import annotations

import numpy as np
import pytest

from labapp.core.calibration import fit
from labapp.core.quantification import GRID, calibration_u, effective_replicates, lowest_quantifiable


@pytest.mark.parametrize("a,r", [(0.01, 0.05), (0.2, 0.1), (1e-3, 0.0)])
def test_the_limit_is_where_relative_u_reaches_the_target(a, r):
    k, target = 2.0, 0.30
    grid = GRID * 50.0
    rel = k * np.sqrt(a**2 / grid**2 + r**2)
    exact = a / np.sqrt((target / k) ** 2 - r**2)
    got = lowest_quantifiable(grid, rel[None, :], target)[0]
    assert got == pytest.approx(exact, rel=1e-12)  # the interpolation is exact for this form


def test_always_or_never_quantifiable():
    grid = GRID * 10.0
    assert lowest_quantifiable(grid, np.full((1, grid.size), 0.1), 0.3)[0] == grid[0]
    assert lowest_quantifiable(grid, np.full((1, grid.size), 0.5), 0.3)[0] == np.inf


def test_a_dip_below_the_target_that_does_not_last_is_not_the_limit():
    grid = GRID * 10.0
    rel = np.full(grid.size, 0.5)
    rel[10] = 0.2  # one low point, then above again
    rel[60:] = 0.1
    assert lowest_quantifiable(grid, rel[None, :], 0.3)[0] > grid[59]


def test_the_calibration_term_is_the_fits_inverse_prediction_at_that_level():
    x = np.array([1.0, 5.0, 10.0, 25.0, 50.0])
    cal = fit(x, 1000 * x + np.array([3.0, -8.0, 12.0, -20.0, 15.0]), weighting="1/x2", readings=3)
    levels = np.array([0.5, 7.0, 40.0])
    expected = cal.inverse(cal.predict(levels), replicates=3).u
    np.testing.assert_allclose(calibration_u(cal, levels, 3), expected, rtol=1e-12)
    # the instrument's mean row alone (-1) counts as many readings as a standard's mean
    assert effective_replicates(cal, -1.0) == 3.0
    np.testing.assert_allclose(calibration_u(cal, levels, -1), expected, rtol=1e-12)
