"""Water-soluble fluoride (F_ws) by ion-selective electrode or ion chromatography after a water leach.

The leach: a portion m (g) shaken with water, made up to V (mL), measured after a dilution f. The
solution's fluoride c (mg/L) comes from the calibration, with the project's fit and inverse
(labapp.core.calibration, Eurachem/CITAC QUAM E.4 with the parameters' covariance):

- ISE: E (mV) = b0 + b1 log10(c); the inverse gives x0 = log10(c) and u(x0), so
  c = 10^x0 and u(c) = c ln(10) u(x0). The slope b1 is checked against the Nernstian window
  (ideal -59.16 mV per decade at 25 C; the method states the accepted range).
- IC: response = b0 + b1 c (as the ICP-OES calibration), c and u(c) from the inverse.

    w(F_ws) = c V f / (10^4 m)                            [wt%; c mg/L, V mL, m g]

Budget: calibration (u(c), dof of the fit), leach volume (flask half-width, triangular), dilution
(relative half-width, triangular), sample mass (two balance readings) and the method's repeatability.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from labapp.core.calibration import CalibrationFit, fit
from labapp.core.panel.entries import EntryError, ja_params
from labapp.core.panel.problems import PanelProblem
from labapp.core.panel.result import Check, Determination, PanelResult, crm_check, finish, precision_component
from labapp.core.panel.spec import PanelMethod
from labapp.core.uncertainty.budget import Budget, Component
from labapp.core.vocabulary import CheckOutcome, PanelCheck, PanelKind

LN10 = math.log(10.0)
NERNST_25C = -59.16  # mV per decade for a monovalent anion at 25 C (RT ln10 / F)


@dataclass(frozen=True)
class FluorideCalibration:
    """The batch's calibration: standards (mg/L) and their readings (mV for ISE, response for IC)."""

    kind: PanelKind
    concentrations: tuple[float, ...]
    readings: tuple[float, ...]
    curve: CalibrationFit

    @property
    def slope(self) -> float:
        """mV per decade (ISE) or response per mg/L (IC)."""
        return float(self.curve.coefficients[1])

    def concentration(self, reading: float, replicates: int = 1) -> tuple[float, float]:
        """(c, u(c)) in mg/L for a sample reading (mean of `replicates` readings)."""
        x0, u = self.curve.inverse(reading, replicates)
        if self.kind is PanelKind.FLUORIDE_ISE:
            c = 10.0 ** float(x0)
            return c, c * LN10 * float(u)
        return float(x0), float(u)

    def within_range(self, c: float) -> bool:
        return min(self.concentrations) * (1 - 1e-9) <= c <= max(self.concentrations) * (1 + 1e-9)


def calibrate(
    method: PanelMethod,
    concentrations: Sequence[float],
    readings: Sequence[float],
) -> FluorideCalibration:
    """Fit the standards: ISE in log10(c), IC linear in c (the method's model and weighting)."""
    conc = np.asarray(concentrations, dtype=float)
    read = np.asarray(readings, dtype=float)
    if conc.size != read.size:
        raise EntryError.of("calibration", PanelProblem.CALIBRATION_PAIRS)
    if conc.size < 3 or np.unique(conc).size < 3:
        raise EntryError.of("calibration", PanelProblem.CALIBRATION_THREE)
    if np.any(conc <= 0):
        raise EntryError.of("calibration", PanelProblem.CALIBRATION_POSITIVE)
    if method.kind is PanelKind.FLUORIDE_ISE:
        curve = fit(np.log10(conc), read, model="linear")
    else:
        curve = fit(conc, read, model=method.calibration.model, weighting=method.calibration.weighting)
    return FluorideCalibration(method.kind, tuple(conc.tolist()), tuple(read.tolist()), curve)


def calibration_checks(method: PanelMethod, cal: FluorideCalibration) -> list[Check]:
    """The ISE slope within the method's window; r at least the method's minimum."""
    checks = []
    window = method.qc.slope_mv_per_decade
    if method.kind is PanelKind.FLUORIDE_ISE and window is not None:
        ok = window.contains(cal.slope)
        checks.append(
            Check(
                PanelCheck.SLOPE,
                CheckOutcome.PASS if ok else CheckOutcome.FAIL,
                cal.slope,
                window.low,
                window.high,
                f"{100 * cal.slope / NERNST_25C:.1f} % of Nernstian at 25 C",
            )
        )
    r_min = method.qc.calibration_r_min
    if r_min is not None:
        r = abs(cal.curve.r)
        checks.append(
            Check(
                PanelCheck.CALIBRATION_R,
                CheckOutcome.PASS if r >= r_min else CheckOutcome.FAIL,
                r,
                r_min,
                None,
            )
        )
    return checks


def determination(method: PanelMethod, cal: FluorideCalibration, e: Mapping[str, float]) -> Determination:
    """One leach's F_ws (wt%) with its budget."""
    assert method.leach is not None and method.balance is not None
    m, v, f = e["sample_g"], e["leach_volume_ml"], e.get("dilution", 1.0)
    if m <= 0 or v <= 0 or f < 1:
        raise EntryError.of(
            "", PanelProblem.LEACH_POSITIVE, **ja_params(a="sample_g", b="leach_volume_ml", c="dilution")
        )
    c, u_c = cal.concentration(e["reading"])
    value = c * v * f / (1e4 * m)
    u_m = math.sqrt(2.0) * method.balance.u_reading()
    u_v = method.leach.volume_tolerance_ml / math.sqrt(6.0)
    u_f = f * method.leach.dilution_rel_tolerance_pct / 100.0 / math.sqrt(6.0) if f > 1 else 0.0
    components = (
        Component(
            "calibration",
            c,
            u_c,
            value / c if c else 0.0,
            cal.curve.dof,
            "mg/L",
            description="fluoride in the measured solution from the calibration (inverse prediction)",
        ),
        Component(
            "leach_volume",
            v,
            u_v,
            value / v,
            unit="mL",
            distribution="triangular",
            description="volumetric flask of the leach",
        ),
        Component(
            "dilution",
            f,
            u_f,
            value / f,
            unit="1",
            distribution="triangular",
            description="dilution of the leachate before measurement",
        ),
        Component("sample_mass", m, u_m, -value / m, unit="g", description="portion weighed by difference"),
        precision_component(method, value),
    )
    return Determination(
        value, Budget(method.analyte, value, method.unit, components, model="fluoride leach")
    )


def fluoride_result(
    method: PanelMethod,
    cal: FluorideCalibration,
    portions: Sequence[Mapping[str, float]],
    crm: tuple[float, float] | None = None,
) -> PanelResult:
    """The reported F_ws: determinations, calibration checks, range check, CRM and the LOQ (the
    method's LOQ in solution, mg/L, taken through the first portion's mass, volume and dilution)."""
    determinations = [determination(method, cal, p) for p in portions]
    checks = calibration_checks(method, cal)
    concentrations = [d.budget.component("calibration").value for d in determinations]
    inside = all(cal.within_range(c) for c in concentrations)
    checks.append(
        Check(
            PanelCheck.CALIBRATION_RANGE,
            CheckOutcome.PASS if inside else CheckOutcome.FAIL,
            max(concentrations),
            min(cal.concentrations),
            max(cal.concentrations),
            "" if inside else "a reading outside the standards: dilute or extend the calibration",
        )
    )
    if crm is not None:
        checks.append(crm_check(method.qc, *crm))
    assert method.leach is not None
    p = portions[0]
    loq = (
        method.leach.loq_solution_mg_l * p["leach_volume_ml"] * p.get("dilution", 1.0) / (1e4 * p["sample_g"])
    )
    if method.loq is not None:
        loq = max(loq, method.loq)
    return finish(method, method.analyte, method.unit, determinations, checks, loq=loq)
