"""The reportable results of one lot as grading needs them: value, U, LOQ and censoring per analyte.

A value reported below its LOQ ("< LOQ") is an interval [0, LOQ), not a number; sums such as
Ni+Co carry that interval through so the decision can say "not decidable" honestly instead of
guessing a substitute value. The U of a sum is propagated from the results' budgets with the
inputs they share correlated (labapp.core.lot_uncertainty); without named budgets it is the sum
of the terms' U, an upper bound, and says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from labapp.core.analytes import ANALYTES, Quantity, convert
from labapp.core.errors import LabappError
from labapp.core.lot_uncertainty import LotUncertainty, derive, upper_bound_u
from labapp.core.uncertainty.correlated import NotCorrelatable
from labapp.core.uncertainty.reporting import report, report_limit
from labapp.core.vocabulary import ResultFlag, UncertaintyBasis


@dataclass(frozen=True)
class AnalyteResult:
    """One reportable result on the lot's basis (dry, except moisture which is as received)."""

    analyte: str
    value: float | None  # None when censored (then `loq` is the bound) or not reported
    expanded_uncertainty: float | None = None  # U, same unit as value
    unit: str = "wt%"
    censored: str | None = ""  # "<" when the result is below its LOQ
    loq: float | None = None
    coverage_factor: float = 2.0
    uncertainty: LotUncertainty | None = field(default=None, compare=False, repr=False)  # named budgets
    withheld: ResultFlag | None = None  # measured but not reportable (above the calibration range): why

    def __post_init__(self) -> None:
        if self.censored is None:  # the store keeps "not censored" as NULL
            object.__setattr__(self, "censored", "")
        if self.analyte not in ANALYTES:
            raise LabappError(f"unknown analyte {self.analyte!r}; known: {', '.join(ANALYTES)}")
        if self.censored not in ("", "<"):
            raise LabappError(f"{self.analyte}: only results below the LOQ ('<') can be graded, not "
                              f"{self.censored!r}")
        if self.censored == "<" and (self.loq is None or not math.isfinite(self.loq)):
            raise LabappError(f"{self.analyte}: a result reported '< LOQ' needs its LOQ")
        if self.value is not None and not math.isfinite(self.value):
            raise LabappError(f"{self.analyte}: the value {self.value!r} is not a number")
        if self.expanded_uncertainty is not None and self.expanded_uncertainty < 0:
            raise LabappError(f"{self.analyte}: the expanded uncertainty cannot be negative")

    @property
    def reported(self) -> bool:
        return self.withheld is None and (self.censored == "<" or self.value is not None)

    @property
    def why_not_reported(self) -> str:
        """'not reported', or the reason a measured result may not be reported (the flag's words)."""
        return "not reported" if self.withheld is None else self.withheld.label()

    def text(self, unit: str | None = None) -> str:
        """The result as written on a report: "1.23 ± 0.05 wt%" or "< 0.010 wt%"."""
        unit = unit or self.unit
        if not self.reported:
            return self.why_not_reported
        if self.censored == "<":
            return report(None, censored="<", limit=convert(self.loq or 0.0, self.unit, unit), unit=unit).text
        val = convert(self.value or 0.0, self.unit, unit)
        u = None if self.expanded_uncertainty is None else convert(self.expanded_uncertainty, self.unit, unit)
        shown = report(val, u, unit)
        return f"{shown.value} ± {shown.U} {unit}" if shown.U else shown.text


@dataclass(frozen=True)
class LotAssay:
    """What a service hands to grading for one lot."""

    lot_id: str
    results: Mapping[str, AnalyteResult]
    declared_chemistry: str | None = None
    net_dry_mass_kg: float | None = None
    net_wet_mass_kg: float | None = None  # used with moisture when the dry mass is not given
    extra: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, lot_id: str, results: list[AnalyteResult], **kwargs: object) -> LotAssay:
        by_analyte: dict[str, AnalyteResult] = {}
        for r in results:
            if r.analyte in by_analyte:
                raise LabappError(f"lot {lot_id}: two results for {r.analyte}; give one reportable result")
            by_analyte[r.analyte] = r
        return cls(lot_id, by_analyte, **kwargs)  # type: ignore[arg-type]

    def has(self, analyte: str) -> bool:
        r = self.results.get(analyte)
        return r is not None and r.reported

    def dry_mass_kg(self) -> float | None:
        if self.net_dry_mass_kg is not None:
            return self.net_dry_mass_kg
        moisture = self.results.get("moisture")
        if self.net_wet_mass_kg is None or moisture is None or moisture.value is None:
            return None
        return self.net_wet_mass_kg * (1.0 - convert(moisture.value, moisture.unit, "wt%") / 100.0)


@dataclass(frozen=True)
class QuantityValue:
    """A quantity (analyte or sum) of a lot in a given unit: interval [low, high) when censored."""

    low: float
    high: float
    expanded_uncertainty: float | None  # from the uncensored terms (see `basis`)
    censored: bool
    text: str
    basis: UncertaintyBasis = UncertaintyBasis.RESULT
    note: str = ""  # why U is an upper bound, when it is


def quantity_value(lot: LotAssay, quantity: Quantity, unit: str) -> QuantityValue | None:
    """The value of `quantity` in `unit`, or None when a term is not reported.

    The U of a sum of two or more uncensored terms is propagated with their shared inputs correlated
    (GUM 5.2); when a term's budget does not name its inputs, U is the sum of the terms' U, which
    no correlation can exceed (an upper bound, never the understated quadrature sum).
    """
    low = high = 0.0
    u_known = True
    censored = False
    measured: list[AnalyteResult] = []
    for term in quantity.terms:
        r = lot.results.get(term)
        if r is None or not r.reported:
            return None
        if r.censored == "<":
            censored = True
            high += convert(r.loq or 0.0, r.unit, unit)
            continue
        v = convert(r.value or 0.0, r.unit, unit)
        low += v
        high += v
        measured.append(r)
        if r.expanded_uncertainty is None:
            u_known = False
    if not measured:
        return QuantityValue(low, high, 0.0, censored, _text(lot, quantity, unit, low, high, 0.0, censored))
    u, basis, note = _sum_uncertainty(measured, unit) if u_known else (None, UncertaintyBasis.RESULT, "")
    text = _text(lot, quantity, unit, low, high, u, censored)
    return QuantityValue(low, high, u, censored, text, basis, note)


def _sum_uncertainty(terms: list[AnalyteResult], unit: str) -> tuple[float, UncertaintyBasis, str]:
    """U of the sum of the measured terms: correlated from their budgets, else the upper bound."""
    expanded = [convert(r.expanded_uncertainty or 0.0, r.unit, unit) for r in terms]
    if len(terms) == 1:
        return expanded[0], UncertaintyBasis.RESULT, ""
    label = "+".join(r.analyte for r in terms)
    budgets = [r.uncertainty for r in terms]
    if any(b is None for b in budgets):
        reason = "no uncertainty budget"
    else:
        try:
            factors = [convert(1.0, b.digests[0][1].unit, unit) for b in budgets if b is not None]
            derived = derive([b for b in budgets if b is not None], factors, [1.0] * len(terms))
            return derived.U, UncertaintyBasis.CORRELATED, ""
        except NotCorrelatable as exc:
            reason = str(exc)
    note = f"U of {label} is the sum of the terms' U, an upper bound ({reason})"
    return upper_bound_u(expanded), UncertaintyBasis.UPPER_BOUND, note


def _text(lot: LotAssay, quantity: Quantity, unit: str, low: float, high: float, u: float | None,
          censored: bool) -> str:
    if len(quantity.terms) == 1:
        return lot.results[quantity.terms[0]].text(unit)
    if censored and low == 0.0:
        return f"< {report_limit(high)} {unit}"
    if censored:  # both ends rounded outward (core.uncertainty.reporting)
        return f"{report_limit(low, '>')} to < {report_limit(high)} {unit}"
    shown = report(high, u, unit)
    return f"{shown.value} ± {shown.U} {unit}" if shown.U else shown.text


def family_bounds(lot: LotAssay) -> dict[str, tuple[float, float]]:
    """wt % intervals of the reported mass-fraction analytes, for family assignment."""
    out: dict[str, tuple[float, float]] = {}
    for name, r in lot.results.items():
        if not r.reported or ANALYTES[name][0] != "wt%":
            continue
        if r.censored == "<":
            out[name] = (0.0, convert(r.loq or 0.0, r.unit, "wt%"))
        else:
            v = convert(r.value or 0.0, r.unit, "wt%")
            out[name] = (v, v)
    return out
