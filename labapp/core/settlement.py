"""The settlement value of a lot's payable elements and its uncertainty (issue 23, item 4).

Per payable element j (Ni, Co, Li) the contract pays

    V_j = m_wet (1 - f) x w_j / 100 x p_j / 100 x P_j x b_j

m_wet the lot's wet mass (t, the weighbridge's), f its moisture (mass fraction), w_j the assay
(wt %, dry basis), p_j the payable percentage, P_j the reference price per tonne of what is priced
(a price per kg or per lb is converted to per tonne) and b_j 1 for contained metal or 5.323 when
lithium is priced as lithium carbonate equivalent (LCE = Li x 5.323, M(Li2CO3) / 2 M(Li)). The
payable percentage and the price are contractual numbers, without uncertainty.

The uncertainty comes from the assay, the moisture and the lot mass. The assay and moisture part is
propagated with the named inputs of the assay's budgets correlated (the digest's mass, volume and
moisture, the method's shared terms: labapp.core.lot_uncertainty.contained, GUM 5.2), so the total
over elements keeps the correlation between them, and the laboratory's own moisture, which the
digests used, cancels between the dry content and the dry mass; a moisture stated otherwise is an
independent input. The lot mass enters as one more independent input with relative u(m)/m and
infinite degrees of freedom (stated by the user, e.g. the weighbridge's). Without named budgets the
element's u is the relative quadrature of the three parts (moisture counted as independent:
conservative) and the total's U is the sum of the elements' U, an upper bound, and says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from labapp.core.analytes import convert
from labapp.core.commercial import LI2CO3_PER_LI
from labapp.core.errors import LabappError
from labapp.core.lot_assay import AnalyteResult
from labapp.core.lot_uncertainty import contained, upper_bound_u
from labapp.core.splitting import AssaySource, Exchange, Party, SettleOn, SplittingLimit, UmpireRule, compare
from labapp.core.uncertainty.combine import combine, coverage_factor
from labapp.core.uncertainty.correlated import NotCorrelatable
from labapp.core.vocabulary import UncertaintyBasis, Vocabulary

KG_PER_LB = 0.45359237  # exact, by definition of the international pound


class PriceUnit(Vocabulary):
    """What one price is per: a tonne, a kilogram or a pound of what is priced."""

    TONNE = "t", "per tonne", "トン当たり", "tonne", "mt"
    KILOGRAM = "kg", "per kilogram", "キログラム当たり"
    POUND = "lb", "per pound", "ポンド当たり"

    @property
    def per_tonne(self) -> float:
        """Units per tonne: a price per unit times this is the price per tonne."""
        return {PriceUnit.TONNE: 1.0, PriceUnit.KILOGRAM: 1000.0, PriceUnit.POUND: 1000.0 / KG_PER_LB}[self]


class PriceBasis(Vocabulary):
    """What is priced: the contained metal, or lithium as lithium carbonate equivalent."""

    METAL = "metal", "contained metal", "含有金属"
    LCE = "LCE", "lithium carbonate equivalent (Li x 5.323)", "炭酸リチウム換算（Li × 5.323）", "lce"

    @property
    def factor(self) -> float:
        return LI2CO3_PER_LI if self is PriceBasis.LCE else 1.0


@dataclass(frozen=True)
class Payable:
    """One payable element's contract terms."""

    element: str
    payable_pct: float
    price: float
    currency: str
    unit: PriceUnit
    basis: PriceBasis
    price_date: date
    reference: str  # the published price the contract names, e.g. "LME nickel cash official"

    def __post_init__(self) -> None:
        if self.basis is PriceBasis.LCE and self.element != "Li":
            raise LabappError(f"{self.element}: only lithium is priced as lithium carbonate equivalent")
        if not 0 < self.payable_pct <= 100:
            raise LabappError(f"{self.element}: payable must be more than 0 and at most 100 %")
        if not (math.isfinite(self.price) and self.price > 0):
            raise LabappError(f"{self.element}: the price must be a positive number")

    @property
    def money_per_tonne_pct(self) -> float:
        """Value of one wt % of the element in one dry tonne: dV/d(m_dry w)."""
        return self.payable_pct / 100.0 * self.price * self.unit.per_tonne * self.basis.factor / 100.0


@dataclass(frozen=True)
class LotMass:
    """The lot's wet mass (t) and moisture (mass fraction), each with its standard uncertainty."""

    wet_t: float
    u_wet_t: float
    moisture: float
    u_moisture: float

    def __post_init__(self) -> None:
        if not (self.wet_t > 0 and self.u_wet_t >= 0 and 0 <= self.moisture < 1 and self.u_moisture >= 0):
            raise LabappError("the lot needs a positive wet mass, a moisture in [0, 1) and u >= 0 for both")

    @property
    def dry_t(self) -> float:
        return self.wet_t * (1.0 - self.moisture)


@dataclass(frozen=True)
class ElementValue:
    """One payable element's (or the total's) value, with u, nu_eff, k and U in the currency."""

    element: str
    assay_pct: float
    value: float
    u: float
    nu_eff: float
    k: float
    U: float  # noqa: N815 - the GUM symbol
    basis: UncertaintyBasis
    note: str = ""
    assay_U: float = math.nan  # noqa: N815 - U of the assay itself (wt %), for display beside it


def settlement_value(payable: Payable, assay_pct: float, mass: LotMass) -> float:
    """V = m_dry x w / 100 x p / 100 x P x b: the value of one element at an assay (no uncertainty)."""
    return mass.dry_t * assay_pct * payable.money_per_tonne_pct


def element_values(
    results: Mapping[str, AnalyteResult], payables: Sequence[Payable], mass: LotMass, confidence: float = 0.95
) -> tuple[list[ElementValue], ElementValue]:
    """The value of each payable element on the laboratory's assay, and the total, with uncertainty."""
    rows = [_element(results, p, mass, confidence) for p in payables]
    return rows, _total(results, payables, mass, rows, confidence)


def _assay(results: Mapping[str, AnalyteResult], element: str) -> AnalyteResult:
    r = results.get(element)
    if r is None or not r.reported or r.value is None:
        raise LabappError(f"{element}: the lot has no reported assay (a value with its U) to settle on")
    if r.expanded_uncertainty is None:
        raise LabappError(f"{element}: the lot's assay has no uncertainty")
    return r


def _element(
    results: Mapping[str, AnalyteResult], p: Payable, mass: LotMass, confidence: float
) -> ElementValue:
    r = _assay(results, p.element)
    w = convert(r.value or 0.0, r.unit, "wt%")
    value = settlement_value(p, w, mass)
    assay_u = convert(r.expanded_uncertainty or 0.0, r.unit, "wt%")
    correlated = _correlated([r], [p], mass, confidence)
    if correlated is not None:
        return ElementValue(p.element, w, *correlated, UncertaintyBasis.CORRELATED, assay_U=assay_u)
    u_rel_w = assay_u / r.coverage_factor / w if w else 0.0
    u = value * math.hypot(u_rel_w, mass.u_moisture / (1.0 - mass.moisture), mass.u_wet_t / mass.wet_t)
    note = "assay, moisture and lot mass combined as independent (the assay has no named budget)"
    k = float(coverage_factor(math.inf, confidence))
    return ElementValue(p.element, w, value, u, math.inf, k, k * u, UncertaintyBasis.RESULT, note, assay_u)


def _total(
    results: Mapping[str, AnalyteResult],
    payables: Sequence[Payable],
    mass: LotMass,
    rows: list[ElementValue],
    confidence: float,
) -> ElementValue:
    value = math.fsum(r.value for r in rows)
    correlated = _correlated([_assay(results, p.element) for p in payables], payables, mass, confidence)
    if correlated is not None:
        return ElementValue("total", math.nan, *correlated, UncertaintyBasis.CORRELATED)
    U = upper_bound_u([r.U for r in rows])  # noqa: N806
    k = float(coverage_factor(math.inf, confidence))
    note = "U of the total is the sum of the elements' U, an upper bound (no named budgets)"
    return ElementValue("total", math.nan, value, U / k, math.inf, k, U, UncertaintyBasis.UPPER_BOUND, note)


def _correlated(
    assays: Sequence[AnalyteResult], payables: Sequence[Payable], mass: LotMass, confidence: float
) -> tuple[float, float, float, float, float] | None:
    """value, u, nu_eff, k, U of sum_j V_j from the named budgets plus the lot mass; None without them."""
    budgets = [r.uncertainty for r in assays]
    if any(b is None for b in budgets):
        return None
    factors = [
        p.money_per_tonne_pct * convert(1.0, b.digests[0][1].unit, "wt%")
        for p, b in zip(payables, budgets, strict=True)
        if b is not None
    ]
    try:
        d = contained(
            [b for b in budgets if b is not None],
            factors,
            mass.wet_t,
            mass.moisture,
            mass.u_moisture,
            confidence,
        )
    except NotCorrelatable:
        return None
    u_mass = d.value * mass.u_wet_t / mass.wet_t
    c = combine(np.array([d.u, u_mass]), np.array([d.nu_eff, math.inf]), confidence)
    return d.value, float(c.u_c), float(c.nu_eff), float(c.k), float(c.U)


@dataclass(frozen=True)
class OtherAssay:
    """An assay from another laboratory (the counter-party's or the umpire's), as recorded."""

    value_pct: float
    laboratory: str
    reference: str | None = None


@dataclass(frozen=True)
class SettlementLine:
    """One payable element: the laboratory's assay and its value, the exchange, the settled value."""

    payable: Payable
    limit: SplittingLimit
    own: ElementValue  # on the laboratory's assay, with U
    counterparty: OtherAssay | None
    umpire: OtherAssay | None
    exchange: Exchange
    final_value: float | None  # on the settled assay; None while awaiting an assay or the umpire


@dataclass(frozen=True)
class Settlement:
    """A lot's settlement under one contract's terms."""

    lot: str
    acts_for: Party
    mass: LotMass
    lines: tuple[SettlementLine, ...]
    total: ElementValue  # on the laboratory's assays

    @property
    def final_value(self) -> float | None:
        """The sum of the settled values, once every element is settled."""
        values = [line.final_value for line in self.lines]
        return None if any(v is None for v in values) else math.fsum(v for v in values if v is not None)

    @property
    def outstanding(self) -> tuple[SettlementLine, ...]:
        return tuple(line for line in self.lines if line.final_value is None)


def settle(
    lot: str,
    results: Mapping[str, AnalyteResult],
    terms: SettlementRules,
    payables: Sequence[Payable],
    limits: Mapping[str, SplittingLimit],
    mass: LotMass,
    others: Mapping[tuple[str, AssaySource], OtherAssay],
) -> Settlement:
    """Value each payable element on the laboratory's assay, compare with the counter-party's and settle.

    The laboratory's assay is that of the party it acts for; ``others`` holds the confirmed assays of
    the counter-party and the umpire by (element, source).
    """
    rows, total = element_values(results, payables, mass)
    lines = []
    for p, own in zip(payables, rows, strict=True):
        counter = others.get((p.element, AssaySource.COUNTERPARTY))
        umpire = others.get((p.element, AssaySource.UMPIRE))
        theirs = None if counter is None else counter.value_pct
        seller, buyer = (own.assay_pct, theirs) if terms.acts_for is Party.SELLER else (theirs, own.assay_pct)
        exchange = compare(
            seller,
            buyer,
            limits[p.element],
            terms.settle_on,
            None if umpire is None else umpire.value_pct,
            terms.umpire_rule,
        )
        final = None if exchange.settled is None else settlement_value(p, exchange.settled, mass)
        lines.append(SettlementLine(p, limits[p.element], own, counter, umpire, exchange, final))
    return Settlement(lot, terms.acts_for, mass, tuple(lines), total)


@dataclass(frozen=True)
class SettlementRules:
    """The contract's words for the exchange: whose laboratory this is, what an agreed split settles on
    and how the umpire decides."""

    acts_for: Party
    settle_on: SettleOn
    umpire_rule: UmpireRule
