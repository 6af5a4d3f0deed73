"""The ``[uncertainty]`` section of a method: a validated schema for the budget parameters.

Written by the method author (resources/methods/*.toml, read by labapp.core.methods as a raw
mapping) and turned here into frozen dataclasses. Relative figures are in percent, absolute ones
in the unit of their quantity (mL, g; moisture in percentage points, held as a mass fraction).
Unknown keys are errors, named by their path, so a misspelt tolerance never falls back silently
to a default. The schema is documented in docs/calculations.md, "Measurement uncertainty".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from labapp.core.errors import LabappError
from labapp.core.uncertainty.distributions import DISTRIBUTIONS, Tolerance

APPROACHES = ("bottom_up", "top_down")
# Method terms whose correlation between the elements of one preparation the method states
# (``[uncertainty.between_elements]``); the digest's mass, volume, dilution and moisture are the same
# physical quantity for every element (r = 1 always), calibration, blank and counting are per element (r = 0).
BETWEEN_ELEMENT_TERMS = ("recovery", "reproducibility", "bias", "reference")
WATER_EXPANSION_PER_K = 2.1e-4  # QUAM A1.3: volume expansion coefficient of water, 1/degC


@dataclass(frozen=True)
class VolumeSpec:
    """A volumetric flask: calibration tolerance plus temperature effect (QUAM A1 step 3)."""

    tolerance: Tolerance
    temperature_range: float = 0.0
    expansion_coefficient: float = WATER_EXPANSION_PER_K

    def u(self, volume: Any) -> Any:
        """Standard uncertainty of ``volume`` (mL): tolerance and +/- dT rectangular temperature effect."""
        u_temp = abs(volume) * self.expansion_coefficient * self.temperature_range / math.sqrt(3.0)
        return (self.tolerance.u(volume) ** 2 + u_temp**2) ** 0.5


@dataclass(frozen=True)
class MassSpec:
    """A balance: tolerance per weighing; a net mass by difference is weighed twice (QUAM A1.3)."""

    tolerance: Tolerance
    weighings: int = 2

    def u(self, mass: Any) -> Any:
        return math.sqrt(self.weighings) * self.tolerance.u(mass)


@dataclass(frozen=True)
class RecoverySpec:
    """Method recovery R from a CRM (QUAM 7.3.3): divided out when ``correct``, else R = 1 with u(R)."""

    correct: bool = False
    recovery: float = 1.0
    u: float = 0.0
    dof: float = math.inf

    @classmethod
    def from_crm(cls, certified: float, u_certified: float, mean: float, sd: float, n: int,
                 correct: bool = False) -> RecoverySpec:
        """R = mean / certified; u(R) = R sqrt(sd^2 / (n mean^2) + (u_cert / certified)^2) (QUAM A4.4)."""
        if certified <= 0 or mean <= 0 or n < 2 or sd < 0 or u_certified < 0:
            raise LabappError("CRM recovery needs certified > 0, mean > 0, sd >= 0, u >= 0 and n >= 2")
        r = mean / certified
        rel_obs2 = sd * sd / (n * mean * mean)
        rel_ref2 = (u_certified / certified) ** 2
        u = r * math.sqrt(rel_obs2 + rel_ref2)
        # Welch-Satterthwaite: the observed mean has n - 1 dof, the certificate infinite.
        dof = math.inf if rel_obs2 == 0 else (rel_obs2 + rel_ref2) ** 2 / (rel_obs2**2 / (n - 1))
        return cls(correct=correct, recovery=r, u=u, dof=dof)

    @property
    def applied(self) -> float:
        """The recovery divided into results: R when correcting, 1 otherwise."""
        return self.recovery if self.correct else 1.0


@dataclass(frozen=True)
class ReproducibilitySpec:
    """Between-digestion (digestion + heterogeneity) relative sd from validation, with its dof."""

    rsd: float
    dof: float = math.inf

    @classmethod
    def from_replicate_digestions(cls, results: Sequence[Sequence[float]]) -> ReproducibilitySpec:
        """One-way ANOVA of k digestions each read p times (ISO 5725-3 style).

        s_b^2 = (MS_between - MS_within) / p is the digestion + heterogeneity variance with the reading
        repeatability removed: that part is already in the calibration term through inverse(y, p).
        Its dof follow Satterthwaite: (MS_b - MS_w)^2 / (MS_b^2 / (k-1) + MS_w^2 / (k(p-1))).
        """
        x = np.asarray(results, dtype=float)
        if x.ndim != 2 or x.shape[0] < 2 or x.shape[1] < 2 or not np.all(np.isfinite(x)):
            raise LabappError("replicate digestions need at least 2 digestions read at least twice each")
        k, p = x.shape
        means = x.mean(axis=1)
        grand = float(means.mean())
        ms_within = float(((x - means[:, None]) ** 2).sum() / (k * (p - 1)))
        ms_between = float(p * ((means - grand) ** 2).sum() / (k - 1))
        excess = ms_between - ms_within
        if excess <= 0:
            return cls(rsd=0.0, dof=math.inf)
        dof = excess**2 / (ms_between**2 / (k - 1) + ms_within**2 / (k * (p - 1)))
        return cls(rsd=math.sqrt(excess / p) / abs(grand), dof=dof)


@dataclass(frozen=True)
class TopDownSpec:
    """Nordtest TR 537: u_c,rel = sqrt(u_Rw^2 + RMS_bias^2 + u(C_ref)^2), all as fractions."""

    u_rw: float
    rms_bias: float
    u_cref: float
    dof_rw: float = math.inf

    @classmethod
    def from_bias_data(cls, u_rw: float, biases: Sequence[float], u_crefs: Sequence[float] | float,
                       dof_rw: float = math.inf) -> TopDownSpec:
        """RMS_bias = sqrt(sum b_i^2 / n); u(C_ref) = mean of the references' u (Nordtest TR 537 6.2)."""
        b = [float(x) for x in biases]
        if not b:
            raise LabappError("Nordtest bias needs at least one CRM or proficiency-test bias")
        refs = [float(u_crefs)] if isinstance(u_crefs, int | float) else [float(x) for x in u_crefs]
        if not refs:
            raise LabappError("Nordtest bias needs the reference values' uncertainties")
        rms = math.sqrt(sum(x * x for x in b) / len(b))
        return cls(u_rw=u_rw, rms_bias=rms, u_cref=sum(refs) / len(refs), dof_rw=dof_rw)

    @property
    def u_bias(self) -> float:
        return math.hypot(self.rms_bias, self.u_cref)

    @property
    def u_relative(self) -> float:
        return math.hypot(self.u_rw, self.u_bias)


@dataclass(frozen=True)
class InstrumentCalibrationSpec:
    """For runs that bring only the instrument's concentrations (no intensities to recalibrate):
    a calibration uncertainty the method states (relative, with dof), and the relative standard
    uncertainty of the check standards' (CCV/ICV) own concentrations, u(C_ref) of Nordtest TR 537."""

    u: float | None = None
    dof: float = math.inf
    u_check_standard: float = 0.0


@dataclass(frozen=True)
class MethodUncertainty:
    """Everything a method states about its uncertainty; ``for_element`` applies element overrides."""

    approach: str = "bottom_up"
    confidence: float = 0.95
    digest_volume: VolumeSpec | None = None
    dilution: Tolerance | None = None
    sample_mass: MassSpec | None = None
    moisture: Tolerance | None = None
    recovery: RecoverySpec = RecoverySpec()
    reproducibility: ReproducibilitySpec | None = None
    top_down: TopDownSpec | None = None
    instrument_calibration: InstrumentCalibrationSpec = InstrumentCalibrationSpec()
    elements: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    between_elements: Mapping[str, float] = field(default_factory=dict)
    source: str = "uncertainty"

    def shared(self, term: str) -> float:
        """Correlation r of method term `term` between two elements of one preparation (0 unless stated)."""
        return float(self.between_elements.get(term, 0.0))

    def for_element(self, element: str) -> MethodUncertainty:
        """The parameters for one element: its ``elements.<El>`` table overrides the method-wide ones."""
        override = self.elements.get(element)
        if not override:
            return self
        path = f"{self.source}.elements.{element}"
        reader = _Reader(override, path)
        changes: dict[str, Any] = {}
        for key, parse in _ELEMENT_KEYS.items():
            if key in override:
                changes[key] = parse(reader.table(key), f"{path}.{key}")
        reader.done()
        return replace(self, elements={}, **changes)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "uncertainty") -> MethodUncertainty:
        """Validate a method's raw ``uncertainty`` table; errors name the key path."""
        reader = _Reader(data, source)
        approach = reader.get("approach", "bottom_up", str)
        if approach not in APPROACHES:
            raise reader.fail("approach", f"expected one of {', '.join(APPROACHES)}, got {approach!r}")
        confidence = reader.get("confidence", 0.95, float)
        if not 0 < confidence < 1:
            raise reader.fail("confidence", f"expected a fraction between 0 and 1, got {confidence}")
        spec = cls(
            approach=approach,
            confidence=confidence,
            digest_volume=_optional(reader, "digest_volume", _volume),
            dilution=_optional(reader, "dilution", _dilution),
            sample_mass=_optional(reader, "sample_mass", _mass),
            moisture=_optional(reader, "moisture", _moisture),
            recovery=_optional(reader, "recovery", _recovery) or RecoverySpec(),
            reproducibility=_optional(reader, "reproducibility", _reproducibility),
            top_down=_optional(reader, "top_down", _top_down),
            instrument_calibration=_optional(reader, "instrument_calibration", _instrument_calibration)
            or InstrumentCalibrationSpec(),
            elements=_elements(reader),
            between_elements=_optional(reader, "between_elements", _between_elements) or {},
            source=source,
        )
        reader.done()
        for element in spec.elements:
            spec.for_element(element)  # validate overrides now, not at first use
        if approach == "top_down" and spec.top_down is None:
            raise reader.fail("top_down", "the top-down approach needs a [top_down] table")
        return spec


class _Reader:
    """Reads keys of one table, remembering which were used so leftovers can be reported."""

    def __init__(self, data: Mapping[str, Any], path: str) -> None:
        if not isinstance(data, Mapping):
            raise LabappError(f"{path}: expected a table, got {type(data).__name__}")
        self.data, self.path, self.used = data, path, set()

    def fail(self, key: str, reason: str) -> LabappError:
        return LabappError(f"{self.path}.{key}: {reason}")

    def get(self, key: str, default: Any, kind: type) -> Any:
        self.used.add(key)
        if key not in self.data:
            if default is _REQUIRED:
                raise self.fail(key, "required key is missing")
            return default
        value = self.data[key]
        if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if kind is int and isinstance(value, int) and not isinstance(value, bool):
            return value
        if kind in (str, bool) and isinstance(value, kind):
            return value
        if kind is list and isinstance(value, list | tuple):
            return list(value)
        raise self.fail(key, f"expected {kind.__name__}, got {type(value).__name__} {value!r}")

    def table(self, key: str) -> Mapping[str, Any]:
        self.used.add(key)
        value = self.data[key]
        if not isinstance(value, Mapping):
            raise self.fail(key, f"expected a table, got {type(value).__name__}")
        return value

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise self.fail(unknown[0], "unknown key (check the spelling against docs/calculations.md)")


_REQUIRED = object()


def _optional(reader: _Reader, key: str, parse: Any) -> Any:
    if key not in reader.data:
        reader.used.add(key)
        return None
    return parse(reader.table(key), f"{reader.path}.{key}")


def _tolerance(r: _Reader, key: str, relative: bool, default_distribution: str) -> Tolerance:
    value = r.get(key, _REQUIRED, float)
    distribution = r.get("distribution", default_distribution, str)
    if distribution not in DISTRIBUTIONS:
        raise r.fail("distribution", f"expected one of {', '.join(DISTRIBUTIONS)}, got {distribution!r}")
    k = r.get("coverage_factor", 1.0, float)
    if value < 0 or k <= 0:
        raise r.fail(key, "tolerance must be >= 0 and coverage_factor > 0")
    return Tolerance(value / 100.0 if relative else value, distribution, relative, k)


def _volume(data: Mapping[str, Any], path: str) -> VolumeSpec:
    r = _Reader(data, path)
    spec = VolumeSpec(
        tolerance=_tolerance(r, "tolerance", False, "triangular"),
        temperature_range=r.get("temperature_range", 0.0, float),
        expansion_coefficient=r.get("expansion_coefficient", WATER_EXPANSION_PER_K, float),
    )
    r.done()
    return spec


def _dilution(data: Mapping[str, Any], path: str) -> Tolerance:
    r = _Reader(data, path)
    tol = _tolerance(r, "tolerance_percent", True, "rectangular")
    r.done()
    return tol


def _mass(data: Mapping[str, Any], path: str) -> MassSpec:
    r = _Reader(data, path)
    tol = _tolerance(r, "tolerance", False, "rectangular")
    weighings = r.get("weighings", 2, int)
    if weighings < 1:
        raise r.fail("weighings", "expected at least 1")
    r.done()
    return MassSpec(tol, weighings)


def _moisture(data: Mapping[str, Any], path: str) -> Tolerance:
    """Stated in percentage points of moisture (labs report moisture in %), kept as a mass fraction."""
    r = _Reader(data, path)
    tol = _tolerance(r, "tolerance", False, "normal")
    r.done()
    return replace(tol, value=tol.value / 100.0)


def _recovery(data: Mapping[str, Any], path: str) -> RecoverySpec:
    r = _Reader(data, path)
    correct = r.get("correct", False, bool)
    if "crm" in data:
        crm = _Reader(r.table("crm"), f"{path}.crm")
        figures = {key: crm.get(key, _REQUIRED, float) for key in ("certified", "u_certified", "mean", "sd")}
        n = crm.get("n", _REQUIRED, int)
        crm.done()
        try:
            spec = RecoverySpec.from_crm(**figures, n=n, correct=correct)
        except LabappError as exc:
            raise LabappError(f"{path}.crm: {exc}") from None
    else:
        spec = RecoverySpec(
            correct=correct,
            recovery=r.get("recovery_percent", 100.0, float) / 100.0,
            u=r.get("u_percent", 0.0, float) / 100.0,
            dof=r.get("dof", math.inf, float),
        )
    r.done()
    if spec.recovery <= 0 or spec.u < 0 or spec.dof <= 0:
        raise LabappError(f"{path}: recovery must be > 0, its u >= 0 and dof > 0")
    return spec


def _reproducibility(data: Mapping[str, Any], path: str) -> ReproducibilitySpec:
    r = _Reader(data, path)
    rsd = r.get("rsd_percent", _REQUIRED, float) / 100.0
    spec = ReproducibilitySpec(rsd=rsd, dof=r.get("dof", math.inf, float))
    r.done()
    if spec.rsd < 0 or spec.dof <= 0:
        raise LabappError(f"{path}: rsd_percent must be >= 0 and dof > 0")
    return spec


def _instrument_calibration(data: Mapping[str, Any], path: str) -> InstrumentCalibrationSpec:
    r = _Reader(data, path)
    u = r.get("u_percent", None, float)
    spec = InstrumentCalibrationSpec(
        u=None if u is None else u / 100.0,
        dof=r.get("dof", math.inf, float),
        u_check_standard=r.get("check_standard_u_percent", 0.0, float) / 100.0,
    )
    r.done()
    if (spec.u is not None and spec.u < 0) or spec.dof <= 0 or spec.u_check_standard < 0:
        raise LabappError(f"{path}: u_percent and check_standard_u_percent must be >= 0 and dof > 0")
    return spec


def _top_down(data: Mapping[str, Any], path: str) -> TopDownSpec:
    r = _Reader(data, path)
    u_rw = r.get("u_rw_percent", _REQUIRED, float) / 100.0
    dof_rw = r.get("dof_rw", math.inf, float)
    if "bias_percent" in data:
        biases = [x / 100.0 for x in _numbers(r, "bias_percent")]
        if isinstance(r.data.get("u_cref_percent"), list | tuple):
            refs: list[float] | float = [x / 100.0 for x in _numbers(r, "u_cref_percent")]
        else:
            refs = r.get("u_cref_percent", _REQUIRED, float) / 100.0
        spec = TopDownSpec.from_bias_data(u_rw, biases, refs, dof_rw)
    else:
        spec = TopDownSpec(
            u_rw=u_rw,
            rms_bias=r.get("rms_bias_percent", _REQUIRED, float) / 100.0,
            u_cref=r.get("u_cref_percent", _REQUIRED, float) / 100.0,
            dof_rw=dof_rw,
        )
    r.done()
    if min(spec.u_rw, spec.rms_bias, spec.u_cref) < 0 or spec.dof_rw <= 0:
        raise LabappError(f"{path}: relative uncertainties must be >= 0 and dof_rw > 0")
    return spec


def _between_elements(data: Mapping[str, Any], path: str) -> dict[str, float]:
    """r per method term, 0 <= r <= 1 (a negative correlation between elements is not a method fact)."""
    r = _Reader(data, path)
    out = {}
    for term in BETWEEN_ELEMENT_TERMS:
        value = r.get(term, None, float)
        if value is None:
            continue
        if not 0.0 <= value <= 1.0:
            raise r.fail(term, f"expected a correlation between 0 and 1, got {value}")
        out[term] = value
    r.done()
    return out


def _numbers(r: _Reader, key: str) -> list[float]:
    values = r.get(key, _REQUIRED, list)
    if not values or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        raise r.fail(key, f"expected a non-empty list of numbers, got {values!r}")
    return [float(v) for v in values]


_ELEMENT_KEYS = {"recovery": _recovery, "reproducibility": _reproducibility, "top_down": _top_down}


def _elements(reader: _Reader) -> dict[str, Mapping[str, Any]]:
    if "elements" not in reader.data:
        reader.used.add("elements")
        return {}
    table = reader.table("elements")
    for element, override in table.items():
        sub = _Reader(override, f"{reader.path}.elements.{element}")
        unknown = sorted(set(sub.data) - set(_ELEMENT_KEYS))
        if unknown:
            raise sub.fail(unknown[0], f"unknown key; an element may override {', '.join(_ELEMENT_KEYS)}")
    return {str(k): dict(v) for k, v in table.items()}
