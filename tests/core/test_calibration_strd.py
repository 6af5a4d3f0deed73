"""NIST StRD linear least-squares data sets: certified values parsed from the .dat files themselves.

The files are read from ../shared/fixtures/reference/nist_strd (skipped visibly when absent).
Requirement: estimates and their standard deviations to at least 8 significant digits (log
relative error >= 8); exact fits (Wampler1/2, certified residual SD 0) to a residual SD below
1e-8 of the response scale.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from labapp.core._lstsq import polyfit
from labapp.core.calibration import fit

NAMES = ["Norris", "Pontius", "NoInt1", "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"]
DIGITS = 8


@dataclass
class Strd:
    estimates: dict[int, float]
    sds: dict[int, float]
    residual_sd: float
    r_squared: float
    x: np.ndarray
    y: np.ndarray

    @property
    def degree(self) -> int:
        return max(self.estimates)

    @property
    def through_origin(self) -> bool:
        return 0 not in self.estimates


def parse_strd(path: Path) -> Strd:
    """Certified values block (B<j> estimate sd, residual SD, R-squared) and the data block."""
    lines = path.read_text().splitlines()
    estimates, sds, residual_sd, r_squared = {}, {}, None, None
    data_start = None
    for i, line in enumerate(lines):
        if m := re.match(r"\s*B(\d+)\s+(\S+)\s+(\S+)\s*$", line):
            estimates[int(m[1])], sds[int(m[1])] = float(m[2]), float(m[3])
        elif m := re.match(r"\s*Standard Deviation\s+(\S+)", line):
            residual_sd = float(m[1])
        elif m := re.match(r"\s*R-Squared\s+(\S+)", line):
            r_squared = float(m[1])
        elif re.match(r"\s*Data:\s+y\s+x\s*$", line):
            data_start = i + 1
    assert estimates and residual_sd is not None and r_squared is not None and data_start is not None
    data = np.array([[float(v) for v in ln.split()] for ln in lines[data_start:] if ln.strip()])
    return Strd(estimates, sds, residual_sd, r_squared, x=data[:, 1], y=data[:, 0])


@pytest.fixture(scope="module")
def strd_dir(reference_dir: Path) -> Path:
    return reference_dir / "nist_strd"


def assert_digits(computed: float, certified: float, scale: float, what: str) -> None:
    """Agreement to DIGITS significant digits; a certified zero is compared against ``scale``."""
    reference = abs(certified) if certified != 0 else scale
    assert abs(computed - certified) <= 10.0**-DIGITS * reference, f"{what}: {computed!r} vs {certified!r}"


def check(strd: Strd, coefficients: np.ndarray, sds: np.ndarray, residual_sd: float, name: str) -> None:
    y_scale = float(np.max(np.abs(strd.y)))
    for j, certified in strd.estimates.items():
        assert_digits(coefficients[j], certified, 1.0, f"{name} B{j}")
        # Exact fits certify sd = 0: compare against the estimate's own magnitude.
        assert_digits(sds[j], strd.sds[j], abs(certified) or 1.0, f"{name} sd(B{j})")
    assert_digits(residual_sd, strd.residual_sd, y_scale, f"{name} residual SD")


@pytest.mark.real_files
@pytest.mark.parametrize("name", NAMES)
def test_general_engine_matches_certified_values(strd_dir: Path, name: str) -> None:
    strd = parse_strd(strd_dir / f"{name}.dat")
    result = polyfit(strd.x, strd.y, strd.degree, through_origin=strd.through_origin)
    coefficients = result.full_coefficients()
    sds = np.zeros_like(coefficients)
    sds[list(result.powers)] = np.sqrt(np.diag(result.covariance))
    check(strd, coefficients, sds, result.residual_sd, name)
    assert result.dof == strd.x.size - len(strd.estimates)


@pytest.mark.real_files
@pytest.mark.parametrize(
    ("name", "model"), [("Norris", "linear"), ("Pontius", "quadratic"), ("NoInt1", "linear")]
)
def test_fit_matches_certified_values(strd_dir: Path, name: str, model: str) -> None:
    strd = parse_strd(strd_dir / f"{name}.dat")
    cal = fit(strd.x, strd.y, model=model, through_origin=strd.through_origin)
    check(strd, cal.coefficients, np.sqrt(np.diag(cal.covariance)), cal.residual_sd, name)
    assert cal.r_squared == pytest.approx(strd.r_squared, rel=1e-10)


@pytest.mark.real_files
def test_exact_fits_have_negligible_residual_sd(strd_dir: Path) -> None:
    for name in ("Wampler1", "Wampler2"):
        strd = parse_strd(strd_dir / f"{name}.dat")
        assert strd.residual_sd == 0.0
        result = polyfit(strd.x, strd.y, strd.degree)
        assert result.residual_sd < 1e-8 * float(np.mean(np.abs(strd.y)))


@pytest.mark.real_files
def test_plain_vandermonde_would_fail_the_requirement(strd_dir: Path) -> None:
    """Guards the test itself: the naive method misses 8 digits on Wampler5, so the bar bites."""
    strd = parse_strd(strd_dir / "Wampler5.dat")
    vander = np.vander(strd.x, strd.degree + 1, increasing=True)
    naive = np.linalg.lstsq(vander, strd.y, rcond=None)[0]
    errors = [abs(naive[j] - b) / abs(b) for j, b in strd.estimates.items()]
    assert max(errors) > 10.0**-DIGITS
