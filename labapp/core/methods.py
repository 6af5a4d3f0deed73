"""Analytical methods as data: the schema and the validation of a parsed method dict.

A method file (TOML, read by labapp.services.administration.methods) names the analytes, their lines, units,
reporting digits, LOQ policy, QC limits and uncertainty parameters. Validation happens here, on
the parsed dict, so every error names the file and the key (``analytes[2].lines[0].view``) and a
technician can fix the file without reading code. Unknown keys are errors: a misspelt limit must
not silently fall back to a default.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from labapp.core.elements import is_element
from labapp.core.errors import LabappError
from labapp.core.uncertainty.combine import coverage_factor
from labapp.core.uncertainty.method import MethodUncertainty
from labapp.core.uncertainty.sampling import SamplingSpec

TECHNIQUES = ("icp-oes", "xrf")
SOLUTION_UNITS = {"icp-oes": ("mg/L", "ug/L"), "xrf": ("wt%", "mg/kg")}
REPORT_UNITS = ("wt%", "mg/kg")
LOQ_POLICIES = ("less_than", "value_flagged")
VIEWS = ("", "axial", "radial")
MODELS = ("linear", "quadratic")
WEIGHTINGS = (None, "1/x", "1/x2")
CRM_ACCEPTANCE = ("recovery", "certified")
# Elements a (WD)XRF spectrometer cannot determine in black mass: their K lines are too soft.
XRF_UNMEASURABLE = ("H", "He", "Li", "Be")


class MethodError(LabappError):
    """A method file or dict that does not validate; the message names the source and the key."""

    def __init__(self, source: str, key: str, reason: str) -> None:
        self.source, self.key, self.reason = source, key, reason
        super().__init__(f"{source}: {key}: {reason}" if key else f"{source}: {reason}")


@dataclass(frozen=True)
class Range:
    """An inclusive acceptance interval (percent recovery and the like)."""

    low: float
    high: float

    def contains(self, value: float) -> bool:
        return within(value, self.low, self.high)


def within(value: float, low: float, high: float) -> bool:
    """Inclusive limit test tolerant of binary round-off (1.1/1.0*100 is 110.00000000000001)."""
    eps = 1e-9 * max(1.0, abs(low), abs(high))
    return low - eps <= value <= high + eps


@dataclass(frozen=True)
class QcLimits:
    """QC acceptance limits; defaults are the US EPA 6010D style values of docs/calculations.md."""

    icv_recovery: Range = Range(90.0, 110.0)
    ccv_recovery: Range = Range(90.0, 110.0)
    low_check_recovery: Range = Range(70.0, 130.0)
    ics_recovery: Range = Range(80.0, 120.0)
    lcs_recovery: Range = Range(80.0, 120.0)
    crm_recovery: Range = Range(80.0, 120.0)
    crm_acceptance: str = "recovery"
    spike_recovery: Range = Range(75.0, 125.0)
    spike_max_parent_ratio: float = 4.0
    duplicate_rpd_max: float = 20.0
    duplicate_min_loq_multiple: float = 1.0
    internal_standard_recovery: Range = Range(80.0, 120.0)
    calibration_r_min: float = 0.995
    mandel_alpha: float = 0.01
    ccv_every: int = 10


@dataclass(frozen=True)
class LineSpec:
    """One emission line of an analyte (ICP-OES wavelength in nm, or an XRF line such as Ka)."""

    line: str
    view: str = ""
    loq: float | None = None
    lod: float | None = None  # the method's stated detection limit (solution units), if validated


AUTO = "auto"  # weighting chosen per line from the standards' replicate SDs (core.variance_function)


@dataclass(frozen=True)
class CalibrationSpec:
    model: str = "linear"
    weighting: str | None = None  # None, "1/x", "1/x2" or AUTO
    through_origin: bool = False


@dataclass(frozen=True)
class InternalStandard:
    element: str
    line: str
    view: str = ""


@dataclass(frozen=True)
class Analyte:
    """An element the method determines; ``lines[0]`` is the preferred line, the rest are checks."""

    element: str
    lines: tuple[LineSpec, ...]
    unit: str
    digits: int
    species: str = ""
    reports: bool = True
    check_standard: float | None = None
    low_check_standard: float | None = None
    loq: float | None = None
    lod: float | None = None  # stated detection limit (solution units); the run's own may be larger
    line_tolerance_pct: float = 5.0
    internal_standard: InternalStandard | None = None
    calibration: CalibrationSpec = CalibrationSpec()
    qc: QcLimits = QcLimits()

    @property
    def preferred(self) -> LineSpec:
        return self.lines[0]

    def loq_of(self, line: str) -> float | None:
        """The LOQ of one line (solution units): its own, else the analyte's."""
        own = next((spec.loq for spec in self.lines if spec.line == line and spec.loq is not None), None)
        return own if own is not None else self.loq

    def lod_of(self, line: str) -> float | None:
        """The stated detection limit of one line (solution units): its own, else the analyte's."""
        own = next((spec.lod for spec in self.lines if spec.line == line and spec.lod is not None), None)
        return own if own is not None else self.lod


@dataclass(frozen=True)
class Method:
    id: str
    version: str
    name: str
    technique: str
    solution_unit: str
    loq_policy: str
    analytes: tuple[Analyte, ...]
    qc: QcLimits = QcLimits()
    matrix: str = ""
    preparation: str = ""
    reference: str = ""
    uncertainty: Mapping[str, Any] = field(default_factory=dict)
    source: str = "<dict>"
    sampling: SamplingSpec = SamplingSpec()  # the [sampling] option: off unless enabled
    loq_target_rel_u_pct: float = 30.0  # a result is quantified only where U/x is at most this
    name_ja: str = ""  # the title and the preparation in Japanese, for Japanese certificates
    preparation_ja: str = ""

    def analyte(self, element: str) -> Analyte:
        for analyte in self.analytes:
            if analyte.element == element:
                return analyte
        raise LabappError(f"method {self.id} does not determine {element}")

    @property
    def uncertainty_spec(self) -> MethodUncertainty:
        """The [uncertainty] table as the uncertainty module's schema (validated when the method loaded)."""
        return MethodUncertainty.from_dict(self.uncertainty, f"{self.source} uncertainty")

    @property
    def elements(self) -> tuple[str, ...]:
        return tuple(a.element for a in self.analytes)


def normalise_line(value: object) -> str:
    """Canonical text of a line: wavelengths to 3 decimals (231.6040 -> '231.604'); X-ray lines in
    upper-case Siegbahn notation with the unresolved doublet index dropped (Ka, K-alpha1 -> 'KA')."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).strip()
    if text == "<NA>":  # pandas.NA
        return ""
    try:
        return f"{float(text):.3f}"
    except ValueError:
        pass
    text = text.upper().replace("Α", "A").replace("Β", "B").replace("-ALPHA", "A").replace("-BETA", "B")
    return re.sub(r"^([KLM][AB])1$", r"\1", text)


class _Reader:
    """Typed access to one table of the dict; every failure names the full key path."""

    def __init__(self, data: object, path: str, source: str) -> None:
        if not isinstance(data, Mapping):
            raise MethodError(source, path or "(top level)", f"expected a table, got {_kind(data)}")
        self.data, self.path, self.source = data, path, source
        self.used: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, reason: str) -> MethodError:
        return MethodError(self.source, self.key(name), reason)

    def raw(self, name: str, default: object = ...) -> object:
        self.used.add(name)
        if name not in self.data:
            if default is ...:
                raise self.fail(name, "required key is missing")
            return default
        return self.data[name]

    def text(self, name: str, default: object = ..., choices: tuple | None = None) -> Any:
        value = self.raw(name, default)
        if value is default and default is not ...:
            return value
        if not isinstance(value, str):
            raise self.fail(name, f"expected text, got {_kind(value)}")
        value = value.strip()
        if choices is not None and value not in choices:
            raise self.fail(name, f"{value!r} is not one of {', '.join(repr(c) for c in choices)}")
        if not value and default is ...:
            raise self.fail(name, "must not be empty")
        return value

    def number(self, name: str, default: object = ..., positive: bool = False) -> Any:
        value = self.raw(name, default)
        if value is default and default is not ...:
            return value
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.fail(name, f"expected a finite number, got {_kind(value)}")
        if positive and value <= 0:
            raise self.fail(name, f"must be greater than 0, got {value}")
        return float(value)

    def integer(self, name: str, default: object = ..., low: int = 0, high: int = 10) -> Any:
        value = self.raw(name, default)
        if value is default and default is not ...:
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(name, f"expected a whole number, got {_kind(value)}")
        if not low <= value <= high:
            raise self.fail(name, f"must be between {low} and {high}, got {value}")
        return value

    def boolean(self, name: str, default: bool) -> bool:
        value = self.raw(name, default)
        if not isinstance(value, bool):
            raise self.fail(name, f"expected true or false, got {_kind(value)}")
        return value

    def range(self, name: str, default: Range) -> Range:
        value = self.raw(name, default)
        if value is default:
            return default
        ok = isinstance(value, list) and len(value) == 2
        ok = ok and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        if not ok:
            raise self.fail(name, f"expected [low, high] in percent, got {value!r}")
        low, high = float(value[0]), float(value[1])
        if not (0 <= low < high):
            raise self.fail(name, f"needs 0 <= low < high, got [{value[0]}, {value[1]}]")
        return Range(low, high)

    def table(self, name: str) -> _Reader | None:
        value = self.raw(name, None)
        return None if value is None else _Reader(value, self.key(name), self.source)

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise self.fail(unknown[0], "unknown key (misspelt?)")


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"text {value!r}"
    if isinstance(value, int | float):
        return f"number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    return type(value).__name__


def _qc(reader: _Reader | None, base: QcLimits) -> QcLimits:
    if reader is None:
        return base
    changes: dict[str, Any] = {}
    for f in fields(QcLimits):
        default = getattr(base, f.name)
        if isinstance(default, Range):
            changes[f.name] = reader.range(f.name, default)
        elif f.name == "crm_acceptance":
            changes[f.name] = reader.text(f.name, default, choices=CRM_ACCEPTANCE)
        elif f.name == "ccv_every":
            changes[f.name] = reader.integer(f.name, default, low=1, high=1000)
        elif f.name in ("calibration_r_min", "mandel_alpha"):
            changes[f.name] = reader.number(f.name, default, positive=True)
            if changes[f.name] >= 1:
                raise reader.fail(f.name, f"must be below 1, got {changes[f.name]}")
        else:
            changes[f.name] = reader.number(f.name, default, positive=f.name != "duplicate_min_loq_multiple")
    reader.finish()
    return replace(base, **changes)


def _element(reader: _Reader, name: str) -> str:
    symbol = reader.text(name)
    if not is_element(symbol):
        raise reader.fail(name, f"{symbol!r} is not an element symbol")
    return symbol


def _calibration(reader: _Reader | None, base: CalibrationSpec) -> CalibrationSpec:
    if reader is None:
        return base
    weighting = reader.raw("weighting", base.weighting or "none")
    if weighting not in ("none", "1/x", "1/x2", AUTO):
        raise reader.fail("weighting", f"{weighting!r} is not one of 'none', '1/x', '1/x2', 'auto'")
    spec = CalibrationSpec(
        model=reader.text("model", base.model, choices=MODELS),
        weighting=None if weighting == "none" else weighting,
        through_origin=reader.boolean("through_origin", base.through_origin),
    )
    reader.finish()
    return spec


def _internal_standard(reader: _Reader | None) -> InternalStandard | None:
    if reader is None:
        return None
    spec = InternalStandard(
        element=_element(reader, "element"),
        line=_line_text(reader, "line"),
        view=reader.text("view", "", choices=VIEWS),
    )
    reader.finish()
    return spec


def _line_text(reader: _Reader, name: str) -> str:
    value = reader.raw(name)
    if isinstance(value, bool) or not isinstance(value, str | int | float) or not normalise_line(value):
        raise reader.fail(name, f"expected a wavelength in nm or a line name, got {_kind(value)}")
    return normalise_line(value)


def _lines(reader: _Reader, technique: str) -> tuple[LineSpec, ...]:
    items = reader.raw("lines")
    if not isinstance(items, list) or not items:
        raise reader.fail("lines", "expected a non-empty list of lines")
    lines = []
    for index, item in enumerate(items):
        key = f"lines[{index}]"
        if isinstance(item, Mapping):
            sub = _Reader(item, reader.key(key), reader.source)
            spec = LineSpec(
                _line_text(sub, "line"),
                sub.text("view", "", choices=VIEWS),
                sub.number("loq", None, positive=True),
                sub.number("lod", None, positive=True),
            )
            sub.finish()
        else:
            spec = LineSpec(_line_text(_Reader({"line": item}, reader.key(key), reader.source), "line"))
        if technique == "icp-oes" and not _is_wavelength(spec.line, 160.0, 900.0):
            raise reader.fail(key, f"{spec.line!r} is not an ICP-OES wavelength in nm (160-900)")
        if any((spec.line, spec.view) == (other.line, other.view) for other in lines):
            raise reader.fail(key, f"line {spec.line} {spec.view} is listed twice".rstrip())
        lines.append(spec)
    preferred = normalise_line(reader.raw("preferred_line", lines[0].line))
    matches = [spec for spec in lines if spec.line == preferred]
    if not matches:
        known = ", ".join(spec.line for spec in lines)
        raise reader.fail("preferred_line", f"{preferred} is not one of the lines {known}")
    return (matches[0], *[spec for spec in lines if spec != matches[0]])


def _is_wavelength(text: str, low: float, high: float) -> bool:
    try:
        return low <= float(text) <= high
    except ValueError:
        return False


def _analyte(reader: _Reader, shared: dict[str, Any]) -> Analyte:
    element = _element(reader, "element")
    if shared["technique"] == "xrf" and element in XRF_UNMEASURABLE:
        raise reader.fail("element", f"{element} cannot be determined by XRF; report it from ICP-OES")
    analyte = Analyte(
        element=element,
        species=reader.text("species", ""),
        lines=_lines(reader, shared["technique"]),
        unit=reader.text("unit", shared["report_unit"], choices=REPORT_UNITS),
        digits=reader.integer("digits", shared["digits"], low=0, high=6),
        reports=reader.boolean("reports", True),
        check_standard=reader.number("check_standard", None, positive=True),
        low_check_standard=reader.number("low_check_standard", None, positive=True),
        loq=reader.number("loq", None, positive=True),
        lod=reader.number("lod", None, positive=True),
        line_tolerance_pct=reader.number("line_tolerance_pct", shared["line_tolerance_pct"], positive=True),
        internal_standard=_internal_standard(reader.table("internal_standard"))
        or shared["internal_standard"],
        calibration=_calibration(reader.table("calibration"), shared["calibration"]),
        qc=_qc(reader.table("qc"), shared["qc"]),
    )
    reader.finish()
    return analyte


def _target_rel_u(top: _Reader) -> float:
    """`loq_target_rel_u_pct`: relative expanded uncertainty (%) at which the LOQ is set, (0, 100): at
    100 a quantified result could carry U equal to its value (review of issue 17)."""
    value = top.number("loq_target_rel_u_pct", 30.0, positive=True)
    if value >= 100:
        raise top.fail("loq_target_rel_u_pct", f"must be below 100 (U would reach the value), got {value}")
    return float(value)


def _version(top: _Reader) -> str:
    value = top.raw("version")
    if isinstance(value, bool) or not isinstance(value, str | int | float) or not str(value).strip():
        raise top.fail("version", f"expected a version text or number, got {_kind(value)}")
    return str(value).strip()


def _uncertainty(top: _Reader) -> dict[str, Any]:
    """The raw [uncertainty] table, validated now by the uncertainty schema (docs/calculations.md)."""
    data = top.raw("uncertainty", {})
    if not isinstance(data, Mapping):
        raise top.fail("uncertainty", f"expected a table, got {_kind(data)}")
    try:
        MethodUncertainty.from_dict(data, "uncertainty")
    except LabappError as error:
        raise MethodError(top.source, "", str(error)) from error
    return dict(data)


def _sampling(top: _Reader) -> SamplingSpec:
    """The [sampling] option (docs/calculations.md, "Uncertainty from sampling"); off when absent."""
    data = top.raw("sampling", {})
    if not isinstance(data, Mapping):
        raise top.fail("sampling", f"expected a table, got {_kind(data)}")
    try:
        return SamplingSpec.from_dict(data, "sampling")
    except LabappError as error:
        raise MethodError(top.source, "", str(error)) from error


def method_from_dict(data: Mapping[str, Any], source: str = "<dict>") -> Method:
    """Validate a parsed method dict and build the Method; raises MethodError naming source and key."""
    top = _Reader(data, "", source)
    technique = top.text("technique", choices=TECHNIQUES)
    shared: dict[str, Any] = {
        "technique": technique,
        "report_unit": top.text("report_unit", "wt%", choices=REPORT_UNITS),
        "digits": top.integer("digits", 2, low=0, high=6),
        "line_tolerance_pct": top.number("line_tolerance_pct", 5.0, positive=True),
        "internal_standard": _internal_standard(top.table("internal_standard")),
        "calibration": _calibration(top.table("calibration"), CalibrationSpec()),
        "qc": _qc(top.table("qc"), QcLimits()),
    }
    items = top.raw("analytes")
    if not isinstance(items, list) or not items:
        raise top.fail("analytes", "expected a non-empty list of [[analytes]] tables")
    analytes = tuple(_analyte(_Reader(it, f"analytes[{i}]", source), shared) for i, it in enumerate(items))
    seen: set[str] = set()
    for index, analyte in enumerate(analytes):
        if analyte.element in seen:
            raise MethodError(source, f"analytes[{index}].element", f"{analyte.element} is listed twice")
        seen.add(analyte.element)
    uncertainty = _uncertainty(top)
    sampling = _sampling(top)
    method = Method(
        id=top.text("id"),
        version=_version(top),
        name=top.text("name"),
        technique=technique,
        solution_unit=top.text("solution_unit", choices=SOLUTION_UNITS[technique]),
        loq_policy=top.text("loq_policy", "less_than", choices=LOQ_POLICIES),
        analytes=analytes,
        qc=shared["qc"],
        matrix=top.text("matrix", ""),
        preparation=top.text("preparation", ""),
        reference=top.text("reference", ""),
        uncertainty=uncertainty,
        source=source,
        sampling=sampling,
        loq_target_rel_u_pct=_target_rel_u(top),
        name_ja=top.text("name_ja", ""),
        preparation_ja=top.text("preparation_ja", ""),
    )
    top.finish()
    _relative_budgets_meet_target(method, top)
    return method


def _relative_budgets_meet_target(method: Method, top: _Reader) -> None:
    """A budget whose U/x is the same at every level (XRF, top-down) must meet the LOQ target, else
    every result would be reported as quantified with U/x above it (review of issue 17)."""
    specs = method.uncertainty_spec
    for analyte in method.analytes:
        spec = specs.for_element(analyte.element)
        relative_only = method.technique == "xrf" or spec.approach == "top_down"
        if not relative_only or spec.top_down is None:
            continue
        td = spec.top_down
        percent = 100.0 * float(coverage_factor(td.dof_rw, spec.confidence)) * math.hypot(
            td.u_rw, td.rms_bias, td.u_cref
        )
        if percent > method.loq_target_rel_u_pct:
            raise top.fail(
                "uncertainty",
                f"{analyte.element}: the top-down relative expanded uncertainty {percent:.1f} % is above "
                f"loq_target_rel_u_pct ({method.loq_target_rel_u_pct:g} %) at every level, so no "
                "result could be quantified",
            )
