"""What really happened to each digest: the random effects the method's uncertainty budget claims.

Every component of the bottom-up budget (docs/calculations.md, "ICP-OES result on the solid,
bottom-up") is drawn here from the distribution the method file states, so the demo's results scatter
about the truth exactly as the stated uncertainty says they should:

  sample_mass     true mass = weighed mass + sum of `weighings` rectangular errors of +/- tolerance
  digest_volume   true volume = nominal + triangular(+/- tolerance) + V alpha rectangular(+/- dT)
  dilution        true DF = DF (1 + rectangular(+/- tolerance_percent)) per step (one step if DF > 1)
  moisture        true moisture = stated moisture + normal(0, tolerance / coverage_factor); per sample,
                  so a lot's digests share it
  recovery        R ~ normal(recovery_percent, u_percent) per digest (a spike is an aliquot: shares it)
  reproducibility F ~ normal(1, rsd_percent) per digest and element (digestion and heterogeneity)

  blank           contamination ~ normal(Design.method_blank, Design.blank_scatter) mg/L per digest and
                  element, drawn alike for samples, duplicates, CRM digests and method blanks (a spike is
                  an aliquot: shares its digest's); `draw_contamination`

The calibration noise, drift and saturation are in signal.py.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .design import ELEMENTS

METHOD = Path(__file__).resolve().parents[2] / "resources" / "methods" / "icp-oes-black-mass.toml"
WATER_EXPANSION = 2.1e-4  # 1/degC, the method schema's default for the digest solution


@dataclass(frozen=True)
class BudgetModel:
    """The [uncertainty] figures of the ICP-OES method the demo is calculated with."""

    mass_tolerance_g: float
    weighings: int
    volume_tolerance_ml: float
    temperature_range: float
    dilution_tolerance: float  # relative half-width per step
    moisture_u_pct: float  # percentage points, standard uncertainty
    recovery: float
    u_recovery: float
    rsd: dict[str, float]  # element -> relative reproducibility SD


def budget_model(path: Path = METHOD, elements: tuple[str, ...] = ELEMENTS) -> BudgetModel:
    """Read the figures from the method file (the defaults are those of docs/calculations.md); a method
    without a [uncertainty.dilution] table (a digest read undiluted) has no dilution error."""
    u = tomllib.loads(path.read_text(encoding="utf-8"))["uncertainty"]
    volume, mass = u["digest_volume"], u["sample_mass"]
    dilution = u.get("dilution", {"tolerance_percent": 0.0})
    moisture, recovery = u["moisture"], u["recovery"]
    if volume.get("distribution", "triangular") != "triangular" or moisture.get("distribution") != "normal":
        raise ValueError("demo generator: digest_volume must be triangular and moisture normal")
    if mass.get("distribution", "rectangular") != "rectangular":
        raise ValueError("demo generator: sample_mass must be rectangular")
    per_element = u.get("elements", {})
    rsd = {el: per_element.get(el, {}).get("reproducibility", u["reproducibility"])["rsd_percent"] / 100
           for el in elements}
    return BudgetModel(
        mass_tolerance_g=mass["tolerance"], weighings=mass.get("weighings", 2),
        volume_tolerance_ml=volume["tolerance"], temperature_range=volume.get("temperature_range", 0.0),
        dilution_tolerance=dilution["tolerance_percent"] / 100,
        moisture_u_pct=moisture["tolerance"] / moisture.get("coverage_factor", 2.0),
        recovery=recovery.get("recovery_percent", 100.0) / 100, u_recovery=recovery["u_percent"] / 100,
        rsd=rsd,
    )


@dataclass(frozen=True)
class Digest:
    """The true preparation behind a digest's stated mass, volume, dilution and moisture."""

    mass_g: float
    volume_ml: float
    dilution: float
    moisture_pct: float
    recovery: float
    reproducibility: dict[str, float]

    def conc(self, wt_pct: dict[str, float]) -> dict[str, float]:
        """mg/L in the measured solution for a dry content (wt %)."""
        dry_mg = self.mass_g * (1.0 - self.moisture_pct / 100.0) * 1000.0
        per_litre = dry_mg / (self.volume_ml / 1000.0) / self.dilution
        factor = per_litre * self.recovery / 100.0
        return {el: w * factor * self.reproducibility[el] for el, w in wt_pct.items()}


def draw_moisture(stated_pct: float, model: BudgetModel, rng: np.random.Generator) -> float:
    """The true moisture of a sample whose measured moisture is `stated_pct`."""
    return stated_pct + model.moisture_u_pct * float(rng.standard_normal())


def draw_digest(mass_g: float, volume_ml: float, dilution: float, moisture_pct: float, model: BudgetModel,
                rng: np.random.Generator, elements: tuple[str, ...] = ELEMENTS) -> Digest:
    """One digest's true quantities, given what the technician wrote down."""
    a = model.mass_tolerance_g
    mass = mass_g + math.fsum(float(x) for x in rng.uniform(-a, a, model.weighings))
    t = model.volume_tolerance_ml
    volume = volume_ml + float(rng.triangular(-t, 0.0, t))
    dt = model.temperature_range
    volume += volume_ml * WATER_EXPANSION * float(rng.uniform(-dt, dt)) if dt > 0 else 0.0
    steps = 1 if dilution > 1 else 0
    step_error = model.dilution_tolerance * float(rng.uniform(-1.0, 1.0))
    true_df = dilution * (1.0 + step_error) if steps else dilution
    recovery = model.recovery + model.u_recovery * float(rng.standard_normal())
    reproducibility = {el: 1.0 + model.rsd[el] * float(rng.standard_normal()) for el in elements}
    return Digest(mass, volume, true_df, moisture_pct, recovery, reproducibility)


def draw_contamination(mean: dict[str, float], scatter: dict[str, float],
                       rng: np.random.Generator, elements: tuple[str, ...] = ELEMENTS) -> dict[str, float]:
    """One digest's blank contamination per element (mg/L in its measured solution): the reagents' mean
    plus a normal digest-to-digest scatter (vessel, acid lot, handling), the effect the budget's blank
    component claims beyond the reading noise (labapp.core.blank_term)."""
    z = rng.standard_normal(len(elements))
    return {el: mean.get(el, 0.0) + scatter.get(el, 0.0) * float(z[i]) for i, el in enumerate(elements)}
