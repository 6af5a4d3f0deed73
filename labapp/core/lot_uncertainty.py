"""The uncertainty behind a lot's result, kept by its named inputs, and quantities derived from several.

A lot's reportable value is the mean of its digests' results and its u the mean of their u
(labapp.core.reportable: the volumetric, CRM and calibration parts do not average out), nu_eff
the smallest of theirs. A quantity derived from several analytes of the lot (Ni+Co, Cu+Al, a
molar ratio such as Li/(Ni+Co+Mn)) follows the same rule, digest by digest: within each digest
the analytes' budgets are combined with their shared inputs correlated
(labapp.core.uncertainty.correlated, GUM 5.2), and the lot's u is the mean over the digests.

Lot-level components (``lot_components``; a sampling component, say) are combined with that
digest part in quadrature and with each other across analytes by name and ``shared``, like the
inputs of a digest (their scope is the lot).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from labapp.core.errors import LabappError
from labapp.core.uncertainty.budget import Budget, Component
from labapp.core.uncertainty.combine import combine, coverage_factor
from labapp.core.uncertainty.correlated import NotCorrelatable, Term, combine_terms

LOT_SCOPE = "lot"
# g/mol for molar ratios (IUPAC 2021 standard atomic weights, abridged)
MOLAR_MASS = {"Li": 6.94, "Mn": 54.938, "Co": 58.933, "Ni": 58.693, "Cu": 63.546, "Al": 26.982, "Fe": 55.845}


@dataclass(frozen=True)
class LotUncertainty:
    """A lot result's digests (label and budget) and lot-level components, as stored with the result."""

    digests: tuple[tuple[str, Budget], ...]
    lot_components: tuple[Component, ...] = ()

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> LotUncertainty:
        """Read a reportable result's uncertainty record (``RunCalculation.reportable_budget_json``)."""
        try:
            digests = tuple((str(d["label"]), Budget.from_dict(d["budget"]))
                            for d in record["digests"] if d.get("budget"))
            extra = tuple(Component.from_dict(c) for c in record.get("lot_components", ()))
        except (KeyError, TypeError, ValueError) as exc:
            raise LabappError(f"uncertainty record of a lot result is malformed: {exc}") from None
        if not digests:
            raise LabappError("uncertainty record of a lot result holds no digest budget")
        stored, mean_u = record.get("u"), float(np.mean([b.u_c for _, b in digests]))
        if stored is not None and not extra and not math.isclose(float(stored), mean_u, rel_tol=1e-9):
            raise LabappError(f"uncertainty record of a lot result is inconsistent: u is {stored}, "
                              f"the mean of its digests' u is {mean_u}")
        return cls(digests, extra)

    @property
    def named(self) -> bool:
        digests = all(b.named for _, b in self.digests)
        return digests and all(c.shared is not None for c in self.lot_components)

    def budget(self, label: str) -> Budget | None:
        return next((b for lab, b in self.digests if lab == label), None)


@dataclass(frozen=True)
class Derived:
    """A derived quantity of a lot: value, u, nu_eff, k and U in the unit asked for."""

    value: float
    u: float
    nu_eff: float
    k: float
    U: float  # noqa: N815 - the GUM symbol


def derive(results: Sequence[LotUncertainty], factors: Sequence[float], numerator: Sequence[float],
           denominator: Sequence[float] | None = None, confidence: float = 0.95) -> Derived:
    """y = (a . R) / (b . R), or a . R without a denominator, R_j = factor_j x (result j in its budget unit).

    ``factors`` convert each budget's unit to y's (wt % per mg/kg, say). Results measured in different
    preparations (an XRF pellet and an ICP digest) share no input and combine independently. Raises
    NotCorrelatable when a budget has no named inputs or two results' digests overlap only in part
    (the caller then states an upper bound).
    """
    n = len(results)
    if not (len(factors) == len(numerator) == n) or (denominator is not None and len(denominator) != n):
        raise LabappError("derive: one factor and coefficient per result")
    if not all(r.named for r in results):
        raise NotCorrelatable("a budget stored before inputs were named (schema 1) cannot be combined "
                              "with correlation")
    a = np.asarray(numerator, dtype=float)
    b = None if denominator is None else np.asarray(denominator, dtype=float)
    f = np.asarray(factors, dtype=float)
    means = f * np.array([np.mean([b_.value for _, b_ in r.digests]) for r in results])
    parts = [_digest_part(results, idx, labels, means, a, b, f, confidence)
             for labels, idx in _digest_groups(results)]
    if len(parts) == 1:
        u, nu = parts[0]
    else:  # results from different preparations share no input: independent parts
        combined = combine(np.array([p[0] for p in parts]), np.array([p[1] for p in parts]), confidence)
        u, nu = float(combined.u_c), float(combined.nu_eff)
    return _with_lot_components(results, means, a, b, f, u, nu, confidence)


def _digest_groups(results: Sequence[LotUncertainty]) -> list[tuple[tuple[str, ...], list[int]]]:
    """Results grouped by the digests they were measured in; groups must not overlap in part."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for j, r in enumerate(results):
        groups.setdefault(tuple(sorted(lab for lab, _ in r.digests)), []).append(j)
    keys = list(groups)
    for i, x in enumerate(keys):
        if any(set(x) & set(y) for y in keys[i + 1:]):
            raise NotCorrelatable("the analytes' digests overlap only in part")
    return [(k, groups[k]) for k in keys]


def _digest_part(results: Sequence[LotUncertainty], idx: list[int], labels: tuple[str, ...],
                 means: np.ndarray, a: np.ndarray, b: np.ndarray | None, f: np.ndarray,
                 confidence: float) -> tuple[float, float]:
    """u (mean over the digests) and nu_eff (smallest) of the results `idx` measured in `labels`."""
    u_d, nu_d = [], []
    for lab in labels:
        values = means.copy()
        budgets = {j: bud for j in idx if (bud := results[j].budget(lab)) is not None}
        for j, bud in budgets.items():
            values[j] = f[j] * bud.value
        g = _gradient(values, a, b) * f
        combined = combine_terms([Term(lab, bud, float(g[j])) for j, bud in budgets.items()], confidence)
        u_d.append(float(combined.u_c))
        nu_d.append(float(combined.nu_eff))
    return float(np.mean(u_d)), float(min(nu_d))


def _value(values: np.ndarray, a: np.ndarray, b: np.ndarray | None) -> float:
    den = 1.0 if b is None else float(b @ values)
    if den == 0.0:
        raise LabappError("a ratio whose denominator is zero has no uncertainty")
    return float(a @ values) / den


def _gradient(values: np.ndarray, a: np.ndarray, b: np.ndarray | None) -> np.ndarray:
    """dy/dR_j = (a_j - y b_j) / (b . R) for y = a.R / b.R; a_j for a sum."""
    if b is None:
        return a.copy()
    y = _value(values, a, b)
    return (a - y * b) / float(b @ values)


def _with_lot_components(results: Sequence[LotUncertainty], means: np.ndarray, a: np.ndarray,
                         b: np.ndarray | None, f: np.ndarray, u_digests: float, nu_digests: float,
                         confidence: float) -> Derived:
    """Add the lot-level components (scope "lot") to the digest part in quadrature."""
    y = _value(means, a, b)
    g = _gradient(means, a, b) * f
    extra = [Term(LOT_SCOPE, Budget("lot", float(m / fj), "", r.lot_components, confidence=confidence),
                  float(gj)) for r, m, fj, gj in zip(results, means, f, g, strict=True) if r.lot_components]
    if not extra:
        k = float(coverage_factor(nu_digests, confidence))
        return Derived(y, u_digests, nu_digests, k, k * u_digests)
    digest_part = Budget("digests", y, "", (Component("digests", y, u_digests, 1.0, nu_digests),),
                         confidence=confidence)
    combined = combine_terms([Term("digests", digest_part, 1.0), *extra], confidence)
    return Derived(y, float(combined.u_c), float(combined.nu_eff), float(combined.k), float(combined.U))


def molar_ratio(results: Mapping[str, LotUncertainty], factors: Mapping[str, float],
                numerator: Sequence[str], denominator: Sequence[str], confidence: float = 0.95) -> Derived:
    """n(numerator) / n(denominator) from mass fractions, e.g. Li / (Ni+Co+Mn): w_X / M_X per element."""
    names = list(dict.fromkeys([*numerator, *denominator]))
    missing = [x for x in names if x not in MOLAR_MASS or x not in results]
    if missing:
        raise LabappError(f"molar ratio: no result or molar mass for {', '.join(missing)}")
    a = [1.0 / MOLAR_MASS[x] if x in numerator else 0.0 for x in names]
    b = [1.0 / MOLAR_MASS[x] if x in denominator else 0.0 for x in names]
    return derive([results[x] for x in names], [factors[x] for x in names], a, b, confidence)


def contained(results: Sequence[LotUncertainty], factors: Sequence[float], wet_mass: float,
              moisture: float, u_moisture: float, confidence: float = 0.95) -> Derived:
    """Contained metal y = (sum_j factor_j R_j) x m_wet x (1 - f), with the lot mass taken as exact.

    ``moisture`` f and ``u_moisture`` are mass fractions. When f is the moisture the digests' budgets
    used (same value and u), it is one quantity: its term in the dry-basis content and its term in the
    dry mass cancel (a wetter sample has a higher dry content and a smaller dry mass). Otherwise the
    two are independent determinations.
    """
    if not all(r.named for r in results):
        raise NotCorrelatable("a budget stored before inputs were named (schema 1) cannot be combined "
                              "with correlation")
    labels = [lab for lab, _ in results[0].digests if all(r.budget(lab) is not None for r in results)]
    if not labels or any(len(r.digests) != len(labels) for r in results):
        raise NotCorrelatable("the analytes come from different digests")
    f = np.asarray(factors, dtype=float)
    dry = wet_mass * (1.0 - moisture)
    u_d, nu_d = [], []
    for lab in labels:
        budgets = [b for r in results if (b := r.budget(lab)) is not None]
        content = float(f @ np.array([b.value for b in budgets]))
        same = all(_same_moisture(b, moisture, u_moisture) for b in budgets)
        fraction = Budget("dry mass fraction 1 - f", 1.0 - moisture, "",
                          (Component("moisture", moisture, u_moisture, -1.0, shared=1.0),),
                          model=budgets[0].model)
        terms = [Term(lab, b, float(fj * dry)) for b, fj in zip(budgets, f, strict=True)]
        terms.append(Term(lab if same else LOT_SCOPE, fraction, content * wet_mass))
        combined = combine_terms(terms, confidence)
        u_d.append(float(combined.u_c))
        nu_d.append(float(combined.nu_eff))
    means = f * np.array([np.mean([b.value for _, b in r.digests]) for r in results])
    a = np.full(len(results), dry)
    return _with_lot_components(results, means, a, None, f, float(np.mean(u_d)), float(min(nu_d)), confidence)


def _same_moisture(budget: Budget, moisture: float, u_moisture: float) -> bool:
    try:
        c = budget.component("moisture")
    except KeyError:
        return False
    return math.isclose(c.value, moisture, rel_tol=1e-12, abs_tol=1e-15) and math.isclose(
        c.u, u_moisture, rel_tol=1e-9, abs_tol=1e-15)


def upper_bound_u(expanded: Sequence[float]) -> float:
    """U of a sum of positive terms whatever their correlation: the sum of U (u(a+b) <= u(a) + u(b))."""
    return float(math.fsum(expanded))
