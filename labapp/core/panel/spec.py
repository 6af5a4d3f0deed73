"""Panel test methods as data: the schema of a method file and its validation.

A panel method file (TOML, resources/methods/panel, read by labapp.services.administration.panel)
states what one non-ICP test reports (analyte, unit, basis, LOQ and its policy), the constants of
its uncertainty budget (balance, glassware, precision from validation) and its QC limits. As for
the ICP methods (labapp.core.methods), validation happens on the parsed dict, every error names
the file and the key, and an unknown key is an error: a misspelt limit must never fall back to a
default silently.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from labapp.core.analytes import ANALYTES
from labapp.core.methods import MethodError, Range
from labapp.core.vocabulary import Basis, PanelKind

LOQ_POLICIES = ("less_than", "value_flagged")
INTERPOLATIONS = ("log", "linear")
_COMMON = {
    "id",
    "version",
    "kind",
    "name",
    "name_ja",
    "reference",
    "reference_ja",
    "analyte",
    "unit",
    "basis",
    "loq",
    "loq_policy",
    "preparation",
    "preparation_ja",
    "balance",
    "precision",
    "qc",
}
_KIND_KEYS: dict[PanelKind, set[str]] = {
    PanelKind.LOSS_ON_DRYING: {"heating", "endpoint_g"},
    PanelKind.LOSS_ON_IGNITION: {"heating", "endpoint_g"},
    PanelKind.ACID_INSOLUBLE: {"blank_g"},
    PanelKind.FLUORIDE_ISE: {"leach", "calibration"},
    PanelKind.FLUORIDE_IC: {"leach", "calibration"},
    PanelKind.COMBUSTION_CARBON: {"sample_mass_rel_u_pct"},
    PanelKind.SIEVE: {"sieves"},
    PanelKind.LASER_DIFFRACTION: {"laser"},
}


@dataclass(frozen=True)
class Balance:
    """The balance: readability d (a reading is +-d/2, rectangular) and the linearity half-width from
    its calibration certificate (rectangular). Both count once per reading (Eurachem/CITAC QUAM A1:
    the linearity of a tare and of a gross reading are independent)."""

    resolution_g: float
    linearity_g: float

    def u_reading(self) -> float:
        """Standard uncertainty of one reading, g: sqrt((d/2)^2/3 + a^2/3)."""
        return math.sqrt((self.resolution_g / 2.0) ** 2 / 3.0 + self.linearity_g**2 / 3.0)


@dataclass(frozen=True)
class Precision:
    """Repeatability of one determination from the method's validation: a relative sd (percent of the
    result) and/or an absolute sd (report unit); the larger applies. dof from the validation."""

    relative_sd_pct: float = 0.0
    absolute_sd: float = 0.0
    dof: float = math.inf

    def sd(self, value: float) -> float:
        return max(self.relative_sd_pct / 100.0 * abs(value), self.absolute_sd)


@dataclass(frozen=True)
class PanelQc:
    """QC limits: duplicate agreement (absolute in the report unit and/or relative percent: a pair
    passes when within either), CRM recovery, and per kind the calibration's r and the ISE slope."""

    duplicate_abs_max: float | None = None
    duplicate_rel_max_pct: float | None = None
    crm_recovery: Range | None = None
    calibration_r_min: float | None = None
    slope_mv_per_decade: Range | None = None
    sieve_loss_max_pct: float | None = None
    laser_cv_max_pct: Mapping[str, float] | None = None


@dataclass(frozen=True)
class Heating:
    """Drying or ignition conditions: the temperature window (degrees C) and the minimum time (h)."""

    temperature_c: Range
    min_time_h: float


@dataclass(frozen=True)
class Leach:
    """Water leach for F_ws: the volumetric flask (nominal mL, half-width mL, triangular) and the
    dilution's relative half-width (percent, triangular: class A pipette and flask combined)."""

    volume_tolerance_ml: float
    dilution_rel_tolerance_pct: float
    loq_solution_mg_l: float


@dataclass(frozen=True)
class CalibrationSetup:
    """The calibration fit (labapp.core.calibration.fit): ISE fits E against log10(c), IC the response
    against c."""

    model: str = "linear"
    weighting: str | None = None


@dataclass(frozen=True)
class Sieves:
    """The sieve stack (apertures, mm), the aperture tolerance (percent of the aperture, rectangular:
    ISO 3310-1 average aperture tolerance), the % passing that counts as "all passed" for the largest
    size, and how D-values are interpolated between sieves (in log10 size or linear)."""

    apertures_mm: tuple[float, ...]
    aperture_tolerance_pct: float
    largest_size_passing_pct: float
    interpolation: str = "log"


@dataclass(frozen=True)
class Laser:
    """Laser diffraction: the D-values the export gives, and the relative standard uncertainty of each
    from the method's validation (intermediate precision + reference material bias)."""

    reports: tuple[str, ...]
    rel_u_pct: Mapping[str, float]


@dataclass(frozen=True)
class PanelMethod:
    """One panel test method; only the section of its kind is set."""

    id: str
    version: str
    kind: PanelKind
    name: str
    name_ja: str
    reference: str
    analyte: str
    unit: str
    basis: Basis
    loq: float | None
    loq_policy: str
    source: str = ""
    preparation: str = ""
    preparation_ja: str = ""
    reference_ja: str = ""  # the reference in Japanese (standards' numbers as written)
    balance: Balance | None = None
    precision: Precision = Precision()
    qc: PanelQc = PanelQc()
    heating: Heating | None = None
    endpoint_g: float = 0.0
    blank_g: float = 0.0
    leach: Leach | None = None
    calibration: CalibrationSetup = CalibrationSetup()
    sample_mass_rel_u_pct: float = 0.0
    sieves: Sieves | None = None
    laser: Laser | None = None

    def title(self, lang: str = "en") -> str:
        return self.name_ja if lang == "ja" and self.name_ja else self.name

    def reference_text(self, lang: str = "en") -> str:
        return self.reference_ja if lang == "ja" and self.reference_ja else self.reference


class _Reader:
    """Reads keys of one table, naming them as `prefix.key` in errors."""

    def __init__(self, data: Mapping[str, Any], source: str, prefix: str, allowed: set[str]) -> None:
        if not isinstance(data, Mapping):
            raise MethodError(source, prefix, "must be a table")
        self.data, self.source, self.prefix = data, source, prefix
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise MethodError(source, self.key(unknown[0]), "unknown key")

    def key(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def text(self, name: str, default: str | None = None) -> str:
        value = self.data.get(name, default)
        if value is None:
            raise MethodError(self.source, self.key(name), "is required")
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise MethodError(self.source, self.key(name), "must be a non-empty text")
        return value.strip()

    def number(
        self, name: str, default: float | None = None, *, positive: bool = False, minimum: float = 0.0
    ) -> float:
        value = self.data.get(name, default)
        if value is None:
            raise MethodError(self.source, self.key(name), "is required")
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise MethodError(self.source, self.key(name), f"must be a number, got {value!r}")
        if value < minimum or (positive and value <= 0):
            raise MethodError(
                self.source, self.key(name), f"must be {'> 0' if positive else f'>= {minimum}'}"
            )
        return float(value)

    def optional(self, name: str, **kwargs: Any) -> float | None:
        return self.number(name, **kwargs) if name in self.data else None

    def range(self, name: str, required: bool = False) -> Range | None:
        value = self.data.get(name)
        if value is None:
            if required:
                raise MethodError(self.source, self.key(name), "is required")
            return None
        ok = (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        )
        if not ok or value[0] > value[1]:
            raise MethodError(self.source, self.key(name), "must be [low, high] with low <= high")
        return Range(float(value[0]), float(value[1]))

    def table(self, name: str, allowed: set[str], required: bool = True) -> _Reader | None:
        if name not in self.data:
            if required:
                raise MethodError(self.source, self.key(name), "is required for this kind of method")
            return None
        return _Reader(self.data[name], self.source, self.key(name), allowed)


def panel_method_from_dict(data: Mapping[str, Any], source: str = "<method>") -> PanelMethod:
    """Validate a parsed panel method file; MethodError names the source and the key."""
    if not isinstance(data, Mapping):
        raise MethodError(source, "", "a method file must be a table")
    try:
        kind = PanelKind.parse(data.get("kind"))
    except ValueError as exc:
        raise MethodError(source, "kind", str(exc)) from None
    top = _Reader(data, source, "", _COMMON | _KIND_KEYS[kind])
    analyte = top.text("analyte")
    if analyte not in ANALYTES:
        raise MethodError(source, "analyte", f"unknown analyte {analyte!r}; known: {', '.join(ANALYTES)}")
    unit = top.text("unit")
    if unit != ANALYTES[analyte][0]:
        raise MethodError(source, "unit", f"{analyte} is reported in {ANALYTES[analyte][0]}, not {unit}")
    try:
        basis = Basis.parse(top.text("basis"))
    except ValueError as exc:
        raise MethodError(source, "basis", str(exc)) from None
    loq_policy = top.text("loq_policy", "less_than")
    if loq_policy not in LOQ_POLICIES:
        raise MethodError(source, "loq_policy", f"must be one of {', '.join(LOQ_POLICIES)}")
    common = {
        "id": top.text("id"),
        "version": top.text("version"),
        "kind": kind,
        "name": top.text("name"),
        "name_ja": top.text("name_ja"),
        "reference": top.text("reference"),
        "analyte": analyte,
        "unit": unit,
        "basis": basis,
        "loq": top.optional("loq", positive=True),
        "loq_policy": loq_policy,
        "source": source,
        "preparation": top.text("preparation", ""),
        "preparation_ja": top.text("preparation_ja", ""),
        "reference_ja": top.text("reference_ja", ""),
        "precision": Precision() if kind is PanelKind.SIEVE else _precision(top),
        "qc": _qc(top, kind),
    }
    return PanelMethod(**common, **_kind_parts(top, kind))


def _precision(top: _Reader) -> Precision:
    r = top.table("precision", {"relative_sd_pct", "absolute_sd", "dof"})
    assert r is not None
    p = Precision(
        r.number("relative_sd_pct", 0.0),
        r.number("absolute_sd", 0.0),
        r.number("dof", math.inf, positive=True),
    )
    if p.relative_sd_pct == 0 and p.absolute_sd == 0:
        raise MethodError(top.source, "precision", "state relative_sd_pct or absolute_sd from the validation")
    return p


def _qc(top: _Reader, kind: PanelKind) -> PanelQc:
    allowed = {"duplicate_abs_max", "duplicate_rel_max_pct", "crm_recovery"}
    if kind is PanelKind.FLUORIDE_ISE:
        allowed |= {"slope_mv_per_decade", "calibration_r_min"}
    if kind is PanelKind.FLUORIDE_IC:
        allowed |= {"calibration_r_min"}
    if kind is PanelKind.SIEVE:
        allowed |= {"sieve_loss_max_pct"}
    if kind is PanelKind.LASER_DIFFRACTION:
        allowed |= {"laser_cv_max_pct"}
    r = top.table("qc", allowed)
    assert r is not None
    cv = r.data.get("laser_cv_max_pct")
    if cv is not None and not (
        isinstance(cv, Mapping) and all(isinstance(v, int | float) and v > 0 for v in cv.values())
    ):
        raise MethodError(top.source, r.key("laser_cv_max_pct"), "must map D-values to a percent > 0")
    qc = PanelQc(
        duplicate_abs_max=r.optional("duplicate_abs_max", positive=True),
        duplicate_rel_max_pct=r.optional("duplicate_rel_max_pct", positive=True),
        crm_recovery=r.range("crm_recovery"),
        calibration_r_min=r.optional("calibration_r_min", positive=True),
        slope_mv_per_decade=r.range("slope_mv_per_decade", required=kind is PanelKind.FLUORIDE_ISE),
        sieve_loss_max_pct=r.optional("sieve_loss_max_pct", positive=True),
        laser_cv_max_pct=None if cv is None else {str(k): float(v) for k, v in cv.items()},
    )
    if kind is not PanelKind.SIEVE and qc.duplicate_abs_max is None and qc.duplicate_rel_max_pct is None:
        raise MethodError(top.source, "qc", "state duplicate_abs_max or duplicate_rel_max_pct")
    return qc


def _balance(top: _Reader) -> Balance:
    r = top.table("balance", {"resolution_g", "linearity_g"})
    assert r is not None
    return Balance(r.number("resolution_g", positive=True), r.number("linearity_g"))


def _kind_parts(top: _Reader, kind: PanelKind) -> dict[str, Any]:
    if kind.gravimetric_loss:
        h = top.table("heating", {"temperature_c", "min_time_h"})
        assert h is not None
        heating = Heating(h.range("temperature_c", required=True), h.number("min_time_h", positive=True))
        return {"balance": _balance(top), "heating": heating, "endpoint_g": top.number("endpoint_g", 0.0)}
    if kind is PanelKind.ACID_INSOLUBLE:
        return {"balance": _balance(top), "blank_g": top.number("blank_g", 0.0)}
    if kind.fluoride:
        le = top.table("leach", {"volume_tolerance_ml", "dilution_rel_tolerance_pct", "loq_solution_mg_l"})
        assert le is not None
        leach = Leach(
            le.number("volume_tolerance_ml"),
            le.number("dilution_rel_tolerance_pct"),
            le.number("loq_solution_mg_l", positive=True),
        )
        c = top.table("calibration", {"model", "weighting"}, required=False)
        setup = CalibrationSetup()
        if c is not None:
            setup = CalibrationSetup(c.text("model", "linear"), c.data.get("weighting"))
            if setup.model not in ("linear", "quadratic") or setup.weighting not in (None, "1/x", "1/x2"):
                raise MethodError(top.source, "calibration", "model linear|quadratic, weighting 1/x|1/x2")
        if kind is PanelKind.FLUORIDE_ISE and setup.model != "linear":
            raise MethodError(top.source, "calibration.model", "an ISE calibration is linear in log10(c)")
        return {"balance": _balance(top), "leach": leach, "calibration": setup}
    if kind is PanelKind.COMBUSTION_CARBON:
        return {"sample_mass_rel_u_pct": top.number("sample_mass_rel_u_pct", 0.0)}
    if kind is PanelKind.SIEVE:  # a balance, when stated, checks the fractions' readings (no budget term)
        return {"sieves": _sieves(top), "balance": _balance(top) if "balance" in top.data else None}
    return {"laser": _laser(top)}


def _sieves(top: _Reader) -> Sieves:
    r = top.table(
        "sieves", {"apertures_mm", "aperture_tolerance_pct", "largest_size_passing_pct", "interpolation"}
    )
    assert r is not None
    apertures = r.data.get("apertures_mm")
    if not (
        isinstance(apertures, list)
        and len(apertures) >= 2
        and all(isinstance(a, int | float) and a > 0 for a in apertures)
    ):
        raise MethodError(top.source, r.key("apertures_mm"), "must list at least two apertures > 0 (mm)")
    if sorted(apertures, reverse=True) != apertures or len(set(apertures)) != len(apertures):
        raise MethodError(top.source, r.key("apertures_mm"), "must run from the coarsest sieve to the finest")
    interpolation = r.text("interpolation", "log")
    if interpolation not in INTERPOLATIONS:
        raise MethodError(top.source, r.key("interpolation"), f"must be one of {', '.join(INTERPOLATIONS)}")
    passing = r.number("largest_size_passing_pct", 100.0, positive=True)
    if passing > 100:
        raise MethodError(top.source, r.key("largest_size_passing_pct"), "must be <= 100")
    return Sieves(
        tuple(float(a) for a in apertures), r.number("aperture_tolerance_pct"), passing, interpolation
    )


def _laser(top: _Reader) -> Laser:
    r = top.table("laser", {"reports", "rel_u_pct"})
    assert r is not None
    reports = r.data.get("reports")
    allowed = ("D10", "D50", "D90")
    if not (isinstance(reports, list) and reports and all(d in allowed for d in reports)):
        raise MethodError(top.source, r.key("reports"), f"must list D-values among {', '.join(allowed)}")
    rel = r.data.get("rel_u_pct")
    if not (
        isinstance(rel, Mapping)
        and set(reports) <= set(rel)
        and all(isinstance(v, int | float) and v > 0 for v in rel.values())
    ):
        raise MethodError(
            top.source, r.key("rel_u_pct"), "must give a relative u (%) > 0 for every reported D"
        )
    return Laser(tuple(reports), {str(k): float(v) for k, v in rel.items()})
