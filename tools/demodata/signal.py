"""Emission lines, the intensity model with drift and noise, and the instrument's own calibration.

Model per line: intensity = b0 + (b1 c + b2 c^2) * drift + noise, noise ~ N(0, hypot(s0 b1, rsd * net)).
Sums and fits use plain Python floats (math.fsum) so the output does not depend on BLAS or SIMD paths.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .run import Solution

REPLICATES = 3
REPLICATE_RSD = 0.006  # relative noise of the net signal per replicate
COMMON_DRIFT_PER_SOLUTION = 0.0006  # sensitivity loss of every line per solution measured
MN_DRIFT_DEPTH, MN_DRIFT_POWER = 0.12, 6  # extra Mn loss: depth * (position / last position) ** power


@dataclass(frozen=True)
class Line:
    element: str
    nm: str
    slope: float  # b1, cps per mg/L
    background: float  # b0, cps
    blank_sd: float  # s0: replicate noise at zero, mg/L
    curvature: float = 0.0  # b2 / b1, per mg/L (negative: self-absorption)
    saturation: float = math.inf  # cps above which the instrument reports "x" and no concentration

    @property
    def label(self) -> str:
        return f"{self.element} {self.nm}"


LINES = tuple(sorted((
    Line("Li", "670.783", 85000.0, 6000.0, 0.002, curvature=-0.004),
    Line("Li", "610.365", 2600.0, 1800.0, 0.02),
    Line("Ni", "221.648", 42000.0, 5600.0, 0.004, saturation=2.2e6),
    Line("Ni", "231.604", 16500.0, 3300.0, 0.006),
    Line("Co", "228.615", 38000.0, 3800.0, 0.003),
    Line("Co", "238.892", 29000.0, 3900.0, 0.004),
    Line("Mn", "257.610", 260000.0, 4300.0, 0.0005),
    Line("Mn", "259.372", 150000.0, 4000.0, 0.0008),
    Line("Cu", "324.754", 120000.0, 8000.0, 0.002),
    Line("Cu", "327.395", 65000.0, 6500.0, 0.003),
    Line("Al", "396.152", 45000.0, 9000.0, 0.004),
    Line("Al", "394.401", 26000.0, 7800.0, 0.006),
    Line("Fe", "238.204", 60000.0, 4000.0, 0.002),
    Line("Fe", "259.940", 42000.0, 4200.0, 0.003),
    Line("P", "213.618", 1800.0, 900.0, 0.008),
    Line("P", "214.914", 1400.0, 950.0, 0.012),
    Line("Zn", "213.857", 70000.0, 4700.0, 0.002),
    Line("Zn", "206.200", 24000.0, 3200.0, 0.004),
), key=lambda line: float(line.nm)))  # ICP Expert lists a solution's lines by wavelength


def drift(line: Line, position: int, last: int) -> float:
    factor = 1.0 - COMMON_DRIFT_PER_SOLUTION * position
    if line.element == "Mn":
        factor -= MN_DRIFT_DEPTH * (position / last) ** MN_DRIFT_POWER
    return factor


def true_intensity(line: Line, conc: float, drift_factor: float) -> float:
    net = line.slope * conc * (1.0 + line.curvature * conc)
    return line.background + net * drift_factor


def replicate_intensities(line: Line, mean_cps: float, rng: np.random.Generator) -> list[float]:
    sd = math.hypot(line.blank_sd * line.slope, REPLICATE_RSD * (mean_cps - line.background))
    return [mean_cps + sd * float(z) for z in rng.standard_normal(REPLICATES)]


def mean(values: list[float]) -> float:
    return math.fsum(values) / len(values)


def stdev(values: list[float]) -> float:
    m = mean(values)
    return math.sqrt(math.fsum((v - m) ** 2 for v in values) / (len(values) - 1))


@dataclass
class Reading:
    solution: Solution
    line: Line
    drift: float
    true_mean: float
    replicates: list[float]

    @property
    def intensity(self) -> float:
        return mean(self.replicates)

    @property
    def saturated(self) -> bool:
        return max(self.replicates) > self.line.saturation


def simulate(seq: list[Solution], rng: np.random.Generator) -> list[Reading]:
    last = seq[-1].position
    readings = []
    for sol in seq:
        for line in LINES:
            f = drift(line, sol.position, last)
            mu = true_intensity(line, sol.conc[line.element], f)
            readings.append(Reading(sol, line, f, mu, replicate_intensities(line, mu, rng)))
    return readings


def fit_through_blank(x: list[float], y: list[float], quadratic: bool) -> tuple[float, float]:
    """Unweighted least squares of blank-subtracted intensity on concentration, through zero.

    ICP Expert subtracts the calibration blank and forces the curve through it, so blank-level
    solutions read blank noise around zero, as in the real export.
    """
    s2, s3, s4 = (math.fsum(a**k for a in x) for k in (2, 3, 4))
    t1 = math.fsum(a * b for a, b in zip(x, y, strict=True))
    if not quadratic:
        return t1 / s2, 0.0
    t2 = math.fsum(a * a * b for a, b in zip(x, y, strict=True))
    det = s2 * s4 - s3 * s3
    return (t1 * s4 - t2 * s3) / det, (s2 * t2 - s3 * t1) / det


@dataclass(frozen=True)
class InstrumentCurve:
    blank: float  # mean intensity of the calibration blank, cps
    b1: float
    b2: float

    def conc(self, intensity: float) -> float:
        net = intensity - self.blank
        if self.b2 == 0.0:
            return net / self.b1
        disc = self.b1 * self.b1 + 4 * self.b2 * net
        return (-self.b1 + math.sqrt(disc)) / (2 * self.b2) if disc >= 0 else math.nan


def instrument_calibration(readings: list[Reading]) -> dict[str, InstrumentCurve]:
    """What ICP Expert fits: standards minus the blank, through zero; quadratic for the curved Li line."""
    curves = {}
    for line in LINES:
        blank = next(r for r in readings if r.line is line and r.solution.type_code == "Blk").intensity
        stds = [r for r in readings if r.line is line and r.solution.type_code == "Std"]
        x = [r.solution.nominal[line.element] for r in stds]
        y = [r.intensity - blank for r in stds]
        curves[line.label] = InstrumentCurve(blank, *fit_through_blank(x, y, quadratic=line.curvature != 0.0))
    return curves


def check_findings(readings: list[Reading], curves: dict[str, InstrumentCurve]) -> None:
    """The run really contains the findings the README promises (stops the generator otherwise)."""
    saturated = {(r.solution.label, r.line.label) for r in readings if r.saturated}
    if saturated:  # no reading above the detector limit: every graded reading is inside the calibration
        raise AssertionError(f"over-range readings changed: {saturated}")
    failing = set()
    for r in readings:
        if r.solution.kind in ("icv", "ccv"):
            recovery = 100.0 * curves[r.line.label].conc(r.intensity) / r.solution.conc[r.line.element]
            if not 90.0 <= recovery <= 110.0:
                failing.add((r.solution.position, r.line.label))
    last_ccv = max(r.solution.position for r in readings if r.solution.kind == "ccv")
    if failing != {(last_ccv, "Mn 257.610"), (last_ccv, "Mn 259.372")}:
        raise AssertionError(f"failing ICV/CCV readings changed: {failing}")
