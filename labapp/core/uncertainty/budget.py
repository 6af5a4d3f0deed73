"""Uncertainty budgets: named components per result, combined per GUM, serialisable to plain JSON.

``BudgetTable`` holds the budgets of all results of a run as arrays [results x components] and
computes them in one vectorised pass; ``Budget`` is one result's budget, the form stored with the
result and shown by the GUI and the certificate. JSON has no infinity, so infinite degrees of
freedom are written as ``null``.

Each component is a named input quantity. ``shared`` says how it relates to the input of the same
name in another analyte's budget from the same preparation (GUM 5.2): 1 for the same physical
quantity (the digest's mass, volume, dilution, moisture), the method's stated r for method terms,
0 for inputs of this analyte alone. Budgets of schema 1 (stored before inputs were named) read back
with ``shared = None``: their results cannot be combined with correlation (see
labapp.core.uncertainty.correlated).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from labapp.core.errors import LabappError
from labapp.core.uncertainty.combine import Combined, combine
from labapp.core.uncertainty.distributions import DISTRIBUTIONS

SCHEMA = "labapp.uncertainty-budget/2"
SCHEMA_V1 = "labapp.uncertainty-budget/1"  # no `shared`: read back, never written
_CHECK_RTOL = 1e-9


@dataclass(frozen=True)
class Component:
    """One input quantity x_i: estimate, standard uncertainty u(x_i), sensitivity c_i = dy/dx_i, dof.

    ``distribution`` (normal, rectangular, triangular, arcsine) is what the Monte Carlo check samples;
    a normal input with finite dof is sampled as a scaled and shifted t (JCGM 101 6.4.9).
    """

    name: str
    value: float
    u: float
    sensitivity: float
    dof: float = math.inf
    unit: str = ""
    distribution: str = "normal"
    description: str = ""
    shared: float | None = 0.0

    def __post_init__(self) -> None:
        if self.shared is not None and not 0.0 <= self.shared <= 1.0:
            raise LabappError(f"component {self.name}: shared must be a correlation in [0, 1], "
                              f"got {self.shared}")
        if self.distribution not in DISTRIBUTIONS:
            raise LabappError(f"component {self.name}: unknown distribution {self.distribution!r}")
        if not self.u >= 0:
            raise LabappError(f"component {self.name}: standard uncertainty must be >= 0, got {self.u}")
        if not self.dof > 0:
            raise LabappError(f"component {self.name}: degrees of freedom must be > 0, got {self.dof}")

    @property
    def contribution(self) -> float:
        """c_i * u(x_i), signed, in the unit of the result."""
        return self.sensitivity * self.u

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (infinite dof as null); `shared` only when known (schema 2)."""
        return {
            "name": self.name, "value": self.value, "u": self.u, "sensitivity": self.sensitivity,
            "dof": _dof_out(self.dof), "unit": self.unit, "distribution": self.distribution,
            "description": self.description, **({} if self.shared is None else {"shared": self.shared}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Component:
        """A named component (schema 2: `shared` required), e.g. a lot-level one stored beside the budgets."""
        return _component_in(data, named=True)


@dataclass(frozen=True)
class Budget:
    """One result's uncertainty budget; u_c, nu_eff, k and U are computed on construction."""

    quantity: str
    value: float
    unit: str
    components: tuple[Component, ...]
    correlations: tuple[tuple[str, str, float], ...] = ()
    confidence: float = 0.95
    truncate_dof: bool = False
    model: str = ""
    combined: Combined = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "components", tuple(self.components))
        object.__setattr__(self, "correlations", tuple(tuple(c) for c in self.correlations))
        names = [c.name for c in self.components]
        if len(set(names)) != len(names):
            raise LabappError(f"budget for {self.quantity}: component names must be unique: {names}")
        contributions = np.array([c.contribution for c in self.components], dtype=float)
        dofs = np.array([c.dof for c in self.components], dtype=float)
        combined = combine(contributions, dofs, self.confidence, self.correlation_matrix(),
                           truncate_dof=self.truncate_dof)
        object.__setattr__(self, "combined", combined)

    @property
    def u_c(self) -> float:
        return float(self.combined.u_c)

    @property
    def nu_eff(self) -> float:
        return float(self.combined.nu_eff)

    @property
    def k(self) -> float:
        return float(self.combined.k)

    @property
    def U(self) -> float:  # noqa: N802 - the GUM symbol
        return float(self.combined.U)

    @property
    def named(self) -> bool:
        """Every input says how it is shared with other analytes (schema 2); False for schema 1 budgets."""
        return all(c.shared is not None for c in self.components)

    @property
    def relative_U(self) -> float:
        """U / |y| (a fraction); NaN for a zero value."""
        return self.U / abs(self.value) if self.value else math.nan

    def component(self, name: str) -> Component:
        for c in self.components:
            if c.name == name:
                return c
        raise KeyError(name)

    def correlation_matrix(self) -> np.ndarray | None:
        """The inputs' correlation matrix in component order, or None when there are no correlations."""
        return _correlation_matrix(self.quantity, [c.name for c in self.components], self.correlations)

    def contribution_percent(self) -> dict[str, float]:
        """Each component's share of u_c^2 in percent: c_i u_i sum_j r_ij c_j u_j / u_c^2 (sums to 100)."""
        c = np.array([x.contribution for x in self.components])
        r = self.correlation_matrix()
        cov_share = c * (c if r is None else r @ c)
        var = float(cov_share.sum())
        shares = 100.0 * cov_share / var if var > 0 else np.zeros_like(c)
        return {x.name: float(s) for x, s in zip(self.components, shares, strict=True)}

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict; derived figures are included for readers and checked on loading."""
        shares = self.contribution_percent()
        return {  # a schema-1 budget is written back as it was read, without `shared`
            "schema": SCHEMA if self.named else SCHEMA_V1,
            "quantity": self.quantity,
            "value": self.value,
            "unit": self.unit,
            "model": self.model,
            "confidence": self.confidence,
            "truncate_dof": self.truncate_dof,
            "components": [
                {**c.to_dict(), "contribution": c.contribution, "contribution_percent": shares[c.name]}
                for c in self.components
            ],
            "correlations": [{"a": a, "b": b, "r": r} for a, b, r in self.correlations],
            "combined": {"u_c": self.u_c, "nu_eff": _dof_out(self.nu_eff), "k": self.k, "U": self.U},
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), allow_nan=False, **kwargs)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Budget:
        """Rebuild a budget; a stored ``combined`` block that disagrees with the components is an error."""
        schema = data.get("schema")
        if schema not in (SCHEMA, SCHEMA_V1):
            raise LabappError(f"not an uncertainty budget of schema {SCHEMA}: {schema!r}")
        try:
            budget = cls(
                quantity=str(data["quantity"]),
                value=float(data["value"]),
                unit=str(data.get("unit", "")),
                components=tuple(_component_in(c, named=schema == SCHEMA) for c in data["components"]),
                correlations=tuple(
                    (str(c["a"]), str(c["b"]), float(c["r"])) for c in data.get("correlations", ())
                ),
                confidence=float(data.get("confidence", 0.95)),
                truncate_dof=bool(data.get("truncate_dof", False)),
                model=str(data.get("model", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise LabappError(f"uncertainty budget is incomplete or malformed: {exc}") from None
        stored = data.get("combined")
        if stored is not None:
            _check_stored(budget, stored)
        return budget

    @classmethod
    def from_json(cls, text: str) -> Budget:
        return cls.from_dict(json.loads(text))


def _correlation_matrix(quantity: str, names: list[str],
                        correlations: tuple[tuple[str, str, float], ...]) -> np.ndarray | None:
    if not correlations:
        return None
    index = {name: i for i, name in enumerate(names)}
    r = np.eye(len(names))
    for a, b, value in correlations:
        if a not in index or b not in index or a == b:
            raise LabappError(f"budget for {quantity}: bad correlation pair ({a}, {b})")
        r[index[a], index[b]] = r[index[b], index[a]] = float(value)
    return r


def _dof_out(dof: float) -> float | None:
    return None if math.isinf(dof) else float(dof)


def _dof_in(value: Any) -> float:
    return math.inf if value is None else float(value)


def _component_in(c: Mapping[str, Any], named: bool) -> Component:
    shared = c.get("shared") if named else None
    if named and shared is None:
        raise LabappError(f"component {c.get('name')!r} of a schema-2 budget has no `shared`")
    return Component(
        name=str(c["name"]),
        value=float(c["value"]),
        u=float(c["u"]),
        sensitivity=float(c["sensitivity"]),
        dof=_dof_in(c.get("dof")),
        unit=str(c.get("unit", "")),
        distribution=str(c.get("distribution", "normal")),
        description=str(c.get("description", "")),
        shared=None if shared is None else float(shared),
    )


def _check_stored(budget: Budget, stored: Mapping[str, Any]) -> None:
    fresh = {"u_c": budget.u_c, "nu_eff": budget.nu_eff, "k": budget.k, "U": budget.U}
    for key, value in fresh.items():
        old = _dof_in(stored.get(key)) if key == "nu_eff" else float(stored.get(key, math.nan))
        both_inf = math.isinf(old) and math.isinf(value)
        same = both_inf or math.isclose(old, value, rel_tol=_CHECK_RTOL, abs_tol=0.0)
        if not same:
            raise LabappError(
                f"stored uncertainty budget for {budget.quantity} is inconsistent: {key} is {old}, "
                f"its components give {value}"
            )


@dataclass(frozen=True)
class BudgetTable:
    """The budgets of many results sharing one model: arrays [results x components].

    ``values`` (n,) are the results y; ``x``, ``u``, ``sensitivity`` and ``dof`` are (n, m);
    ``names``, ``units``, ``distributions`` and ``descriptions`` are per component (m,).
    """

    quantity: str
    unit: str
    names: tuple[str, ...]
    values: np.ndarray
    x: np.ndarray
    u: np.ndarray
    sensitivity: np.ndarray
    dof: np.ndarray
    units: tuple[str, ...] = ()
    distributions: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()
    correlations: tuple[tuple[str, str, float], ...] = ()
    confidence: float = 0.95
    truncate_dof: bool = False
    model: str = ""
    shared: tuple[float, ...] = ()  # per component, see Component.shared; default 0 (this analyte's own)
    combined: Combined = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        m = len(self.names)
        n = np.atleast_1d(np.asarray(self.values, dtype=float)).shape[0]
        object.__setattr__(self, "values", np.atleast_1d(np.asarray(self.values, dtype=float)))
        for name in ("x", "u", "sensitivity", "dof"):
            arr = np.broadcast_to(np.asarray(getattr(self, name), dtype=float), (n, m))
            object.__setattr__(self, name, arr)
        defaults = (("units", ""), ("distributions", "normal"), ("descriptions", ""), ("shared", 0.0))
        for name, default in defaults:
            seq = tuple(getattr(self, name)) or (default,) * m
            if len(seq) != m:
                raise LabappError(f"budget table {self.quantity}: {name} needs {m} entries, got {len(seq)}")
            object.__setattr__(self, name, seq)
        combined = combine(self.u * self.sensitivity, self.dof, self.confidence, self.correlation_matrix(),
                           truncate_dof=self.truncate_dof)
        object.__setattr__(self, "combined", combined)

    def __len__(self) -> int:
        return int(self.values.shape[0])

    @property
    def contributions(self) -> np.ndarray:
        """c_i u(x_i) per result and component, signed."""
        return self.u * self.sensitivity

    def correlation_matrix(self) -> np.ndarray | None:
        return _correlation_matrix(self.quantity, list(self.names), self.correlations)

    def contribution_percent(self) -> np.ndarray:
        """(n, m) shares of u_c^2 in percent, as in ``Budget.contribution_percent``."""
        c = self.contributions
        r = self.correlation_matrix()
        share = c * (c if r is None else c @ r)
        var = share.sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(var > 0, 100.0 * share / var, 0.0)

    def budget(self, i: int) -> Budget:
        """The budget of result ``i`` as a ``Budget`` (for storage, display and the certificate)."""
        components = tuple(
            Component(
                name=self.names[j],
                value=float(self.x[i, j]),
                u=float(self.u[i, j]),
                sensitivity=float(self.sensitivity[i, j]),
                dof=float(self.dof[i, j]),
                unit=self.units[j],
                distribution=self.distributions[j],
                description=self.descriptions[j],
                shared=float(self.shared[j]),
            )
            for j in range(len(self.names))
        )
        return Budget(self.quantity, float(self.values[i]), self.unit, components, self.correlations,
                      self.confidence, self.truncate_dof, self.model)

    def budgets(self) -> list[Budget]:
        return [self.budget(i) for i in range(len(self))]

