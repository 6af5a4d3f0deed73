"""Measurement models for black mass results and their budgets, vectorised over a run.

Bottom-up (GUM, QUAM) for ICP-OES results on the solid, dry basis:

    w = (c - c_blank) * V * DF / (m * (1 - moisture) * R) * F_rep * F_drift * scale

c and c_blank in mg/L, V in mL, m in g, moisture a mass fraction (as in labapp.core.conversion),
so (mg/L)(mL)/g = mg/kg; ``scale`` converts to the
reporting unit. F_rep = 1 carries the method's between-digestion reproducibility (relative), F_drift = 1
the uncertainty of the drift correction already applied to c (relative; labapp.core.corrections).
Top-down (Nordtest TR 537) for methods validated that way, and XRF results as the instrument's
counting uncertainty plus the method's reproducibility and bias. Each model also exists as a
plain function of its inputs (``MODEL_FUNCTIONS``) for the Monte Carlo check.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np
from numpy.typing import ArrayLike

from labapp.core.errors import LabappError
from labapp.core.uncertainty.budget import Budget, BudgetTable
from labapp.core.uncertainty.method import MethodUncertainty, TopDownSpec

UNIT_SCALE = {"mg/kg": 1.0, "wt%": 1e-4}
ICP_SOLID = "icp_oes_solid"
TOP_DOWN = "nordtest_top_down"
XRF = "xrf_counting_top_down"

ICP_COMPONENTS = ("calibration", "blank", "digest_volume", "dilution", "sample_mass", "moisture",
                  "recovery", "reproducibility", "drift")
_ICP_DESCRIPTIONS = (
    "solution concentration from the calibration (inverse prediction, incl. the sample's replicate readings)",
    "blank concentration subtracted",
    "digest volume (flask tolerance and temperature)",
    "dilution factor (pipette and flask tolerances per step)",
    "sample mass (balance, weighed by difference)",
    "moisture for the dry basis",
    "method recovery from the CRM",
    "between-digestion reproducibility incl. heterogeneity (validation)",
    "drift correction: replicate scatter of the bracketing CCVs and their difference (rectangular)",
)
TOP_DOWN_COMPONENTS = ("reproducibility", "bias", "reference")
XRF_TERMS = {  # an XRF result's own term (labapp.core.instrument_terms), named for what it is
    "counting": "counting statistics reported by the instrument",
    "repeatability": "repeatability: standard deviation of the sample's repeated readings",
}
_TOP_DOWN_DESCRIPTIONS = (
    "within-laboratory reproducibility u(Rw)",
    "root mean square of the bias against CRMs / proficiency tests",
    "uncertainty of the reference values u(C_ref)",
)


def _scale(unit: str) -> float:
    try:
        return UNIT_SCALE[unit]
    except KeyError:
        raise LabappError(f"solid results are reported in {' or '.join(UNIT_SCALE)}, not {unit!r}") from None


def icp_solid_value(inputs: Mapping[str, ArrayLike], unit: str = "mg/kg") -> np.ndarray:
    """The bottom-up model itself; ``inputs`` keyed by ``ICP_COMPONENTS`` (arrays broadcast; a budget
    stored before the drift component existed has none: factor 1)."""
    given = {"drift": 1.0, **inputs}
    x = {k: np.asarray(given[k], dtype=float) for k in ICP_COMPONENTS}
    net = x["calibration"] - x["blank"]
    divisor = x["sample_mass"] * (1.0 - x["moisture"]) * x["recovery"]
    factors = x["reproducibility"] * x["drift"]
    return net * x["digest_volume"] * x["dilution"] / divisor * factors * _scale(unit)


def icp_solid_budgets(
    spec: MethodUncertainty,
    *,
    concentration: ArrayLike,
    u_calibration: ArrayLike,
    dof_calibration: ArrayLike,
    volume_ml: ArrayLike,
    mass_g: ArrayLike,
    blank: ArrayLike = 0.0,
    u_blank: ArrayLike = 0.0,
    dof_blank: ArrayLike = math.inf,
    dilution: ArrayLike = 1.0,
    dilution_steps: ArrayLike = 0,
    moisture: ArrayLike = 0.0,
    u_moisture: ArrayLike | None = None,
    u_drift: ArrayLike = 0.0,
    dof_drift: ArrayLike = math.inf,
    unit: str = "mg/kg",
    quantity: str = "mass fraction, dry basis",
) -> BudgetTable:
    """Bottom-up budgets for ICP-OES results on the solid, one row per result.

    ``concentration``, ``u_calibration`` and ``dof_calibration`` come from the calibration's
    ``inverse(y_mean, replicates)`` (so the sample's reading repeatability is in there and nowhere
    else); ``blank``/``u_blank`` are the mean blank and its standard uncertainty; ``moisture`` is a
    mass fraction and ``u_moisture`` (also a mass fraction) overrides the method's moisture tolerance
    when the lab evaluated it per sample. ``u_drift`` is the relative standard uncertainty of the
    drift factor the concentration was divided by (`corrections.correct_drift`), with ``dof_drift``.
    No component is counted twice: volume, dilution and mass carry only their calibration/tolerance
    parts; their random parts, digestion and heterogeneity are in the reproducibility term.
    """
    n = np.atleast_1d(np.asarray(concentration)).shape[0]

    def col(values: ArrayLike) -> np.ndarray:
        return np.broadcast_to(np.asarray(values, dtype=float), (n,))

    x = np.column_stack([col(concentration), col(blank), col(volume_ml), col(dilution), col(mass_g),
                         col(moisture), np.full(n, spec.recovery.applied), np.ones(n), np.ones(n)])
    volume, df, mass, moist = x[:, 2], x[:, 3], x[:, 4], x[:, 5]
    if np.any(volume <= 0) or np.any(mass <= 0) or np.any(df < 1) or np.any((moist < 0) | (moist >= 1)):
        raise LabappError("volume and mass must be positive, dilution >= 1 and moisture a fraction in [0, 1)")
    values = icp_solid_value(dict(zip(ICP_COMPONENTS, x.T, strict=True)), unit)
    u_moist = None if u_moisture is None else col(u_moisture)
    u = _icp_uncertainties(spec, x, col(u_calibration), col(u_blank), col(dilution_steps), u_moist)
    u = np.column_stack([u, col(u_drift)])
    rep = spec.reproducibility
    dof = np.column_stack([col(dof_calibration), col(dof_blank), np.full((n, 4), math.inf),
                           np.full(n, spec.recovery.dof), np.full(n, rep.dof if rep else math.inf),
                           col(dof_drift)])
    return BudgetTable(
        quantity=quantity, unit=unit, names=ICP_COMPONENTS, values=values, x=x, u=u,
        sensitivity=_icp_sensitivities(x, values, unit), dof=dof,
        units=("mg/L", "mg/L", "mL", "", "g", "g/g", "", "", ""),
        distributions=_icp_distributions(spec),
        descriptions=_ICP_DESCRIPTIONS, confidence=spec.confidence, model=f"{ICP_SOLID}:{unit}",
        shared=_icp_shared(spec),
    )


def _icp_shared(spec: MethodUncertainty) -> tuple[float, ...]:
    """Correlation of each input with the same input of another element of the same digest (GUM 5.2).

    Volume, dilution, mass and moisture are one physical quantity per digest (r = 1); calibration,
    blank and the drift correction are estimated per element line (r = 0: each line's own CCV
    recoveries); recovery and reproducibility as the method states.
    """
    shared = (spec.shared("recovery"), spec.shared("reproducibility"))
    return (0.0, 0.0, 1.0, 1.0, 1.0, 1.0, *shared, 0.0)


def _icp_sensitivities(x: np.ndarray, values: np.ndarray, unit: str) -> np.ndarray:
    """Partial derivatives of the model at the input estimates, one column per component."""
    _, _, volume, df, mass, moist, recovery, _, drift = x.T
    gain = volume * df / (mass * (1.0 - moist) * recovery) * _scale(unit)  # dw/dc, finite at c = c_blank
    return np.column_stack([gain, -gain, values / volume, values / df, -values / mass,
                            values / (1.0 - moist), -values / recovery, values, values / drift])


def _icp_uncertainties(spec: MethodUncertainty, x: np.ndarray, u_calibration: np.ndarray,
                       u_blank: np.ndarray, dilution_steps: np.ndarray,
                       u_moisture: np.ndarray | None) -> np.ndarray:
    """Standard uncertainties per result and component from the method's tolerances."""
    n = x.shape[0]
    _, _, volume, df, mass, _, _, _, _ = x.T
    zeros = np.zeros(n)
    if u_moisture is None:
        u_moisture = np.full(n, spec.moisture.u()) if spec.moisture is not None else zeros
    rep = spec.reproducibility
    columns = (
        u_calibration,
        u_blank,
        spec.digest_volume.u(volume) if spec.digest_volume is not None else zeros,
        spec.dilution.u_relative(1.0) * np.sqrt(dilution_steps) * df if spec.dilution is not None else zeros,
        spec.sample_mass.u(mass) if spec.sample_mass is not None else zeros,
        u_moisture,
        np.full(n, spec.recovery.u),
        np.full(n, rep.rsd if rep is not None else 0.0),
    )
    return np.column_stack([np.broadcast_to(c, (n,)) for c in columns])


def _icp_distributions(spec: MethodUncertainty) -> tuple[str, ...]:
    """Distributions for the Monte Carlo check; a sum of several effects is taken as normal."""
    vol = spec.digest_volume
    volume = vol.tolerance.distribution if vol is not None and vol.temperature_range == 0 else "normal"
    dil = spec.dilution.distribution if spec.dilution is not None else "normal"
    mass = spec.sample_mass.tolerance.distribution if spec.sample_mass and spec.sample_mass.weighings == 1 \
        else "normal"
    moisture = spec.moisture.distribution if spec.moisture is not None else "normal"
    return ("normal", "normal", volume, dil, mass, moisture, "normal", "normal", "normal")


def top_down_value(inputs: Mapping[str, ArrayLike]) -> np.ndarray:
    """Nordtest model: y = y_measured * F_Rw * F_bias * F_ref (each factor 1 with a relative u)."""
    return np.asarray(inputs["value"], dtype=float) * np.prod(
        [np.asarray(inputs[k], dtype=float) for k in TOP_DOWN_COMPONENTS], axis=0)


def top_down_budgets(values: ArrayLike, spec: TopDownSpec, unit: str, *, confidence: float = 0.95,
                     quantity: str = "mass fraction",
                     shared: Mapping[str, float] | None = None) -> BudgetTable:
    """Nordtest TR 537: u_c = y sqrt(u_Rw^2 + u_bias^2), u_bias = sqrt(RMS_bias^2 + u(C_ref)^2).

    ``shared`` is the method's ``between_elements`` (r per term name; absent terms 0).
    """
    y = np.atleast_1d(np.asarray(values, dtype=float))
    return _factor_table(y, spec, unit, confidence, quantity, TOP_DOWN, extra=None, shared=shared or {})


def xrf_budgets(values: ArrayLike, u_counting: ArrayLike, spec: TopDownSpec, unit: str, *,
                confidence: float = 0.95, quantity: str = "mass fraction",
                shared: Mapping[str, float] | None = None, dof_counting: ArrayLike = math.inf,
                name: str = "counting") -> BudgetTable:
    """XRF: the instrument's counting uncertainty (absolute, per result; or, named "repeatability",
    the scatter of the sample's repeated readings with its dof) plus reproducibility and bias."""
    if name not in XRF_TERMS:
        raise LabappError(f"an XRF budget's own term is one of {', '.join(XRF_TERMS)}, not {name!r}")
    y = np.atleast_1d(np.asarray(values, dtype=float))
    u_count = np.broadcast_to(np.asarray(u_counting, dtype=float), y.shape)
    dof = np.broadcast_to(np.asarray(dof_counting, dtype=float), y.shape)
    return _factor_table(y, spec, unit, confidence, quantity, XRF, extra=(name, u_count, dof),
                         shared=shared or {})


def _factor_table(y: np.ndarray, spec: TopDownSpec, unit: str, confidence: float, quantity: str,
                  model: str, extra: tuple[str, np.ndarray, np.ndarray] | None,
                  shared: Mapping[str, float]) -> BudgetTable:
    n = y.shape[0]
    u_rel = np.array([spec.u_rw, spec.rms_bias, spec.u_cref])
    names, descriptions = TOP_DOWN_COMPONENTS, _TOP_DOWN_DESCRIPTIONS
    x = np.ones((n, 3))
    u = np.broadcast_to(u_rel, (n, 3))
    sens = np.repeat(y[:, None], 3, axis=1)
    dof = np.broadcast_to(np.array([spec.dof_rw, math.inf, math.inf]), (n, 3))
    units: tuple[str, ...] = ("", "", "")
    if extra is not None:
        name, u_extra, dof_extra = extra
        names = (name, *names)
        descriptions = (XRF_TERMS[name], *descriptions)
        x = np.column_stack([y, x])
        u = np.column_stack([u_extra, u])
        sens = np.column_stack([np.ones(n), sens])
        dof = np.column_stack([dof_extra, dof])
        units = (unit, *units)
    r = tuple(float(shared.get(name, 0.0)) for name in names)  # counting is per line: r = 0
    return BudgetTable(quantity=quantity, unit=unit, names=names, values=y, x=x, u=u, sensitivity=sens,
                       dof=dof, units=units, descriptions=descriptions, confidence=confidence, model=model,
                       shared=r)


def _icp_from_budget(inputs: Mapping[str, np.ndarray], budget: Budget) -> np.ndarray:
    return icp_solid_value(inputs, budget.model.split(":", 1)[1] if ":" in budget.model else "mg/kg")


def _xrf_from_budget(inputs: Mapping[str, np.ndarray], budget: Budget) -> np.ndarray:
    own = next(name for name in XRF_TERMS if name in inputs)
    return top_down_value({**inputs, "value": inputs[own]})


def _top_down_from_budget(inputs: Mapping[str, np.ndarray], budget: Budget) -> np.ndarray:
    return top_down_value({**inputs, "value": budget.value})


ModelFunction = Callable[[Mapping[str, np.ndarray], Budget], np.ndarray]
MODEL_FUNCTIONS: dict[str, ModelFunction] = {
    ICP_SOLID: _icp_from_budget, TOP_DOWN: _top_down_from_budget, XRF: _xrf_from_budget,
}


def model_function(budget: Budget) -> ModelFunction | None:
    """The measurement model a budget was built from (None for a budget given only as contributions)."""
    return MODEL_FUNCTIONS.get(budget.model.split(":", 1)[0])
