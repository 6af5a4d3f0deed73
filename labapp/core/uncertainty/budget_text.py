"""The stored JSON of a BudgetTable's budgets, written from the table's arrays in one pass.

``BudgetTable.budget(i).to_json()`` builds a ``Budget`` per result: nine ``Component`` objects, a
one-row ``combine`` (t quantile, Welch-Satterthwaite) and a ``json.dumps`` of the whole dict. On a
200-solution run that was 3,000 budgets and half the core calculation's time, although the table had
already combined every result in one vectorised pass. ``BudgetTexts`` writes the same text from the
table's own arrays: the combined figures and contribution shares computed once for all rows, the
per-table parts (names, units, descriptions, correlations, settings) encoded once, and each row's
numbers set in with ``float.__repr__``, which is what ``json.dumps`` writes for a finite float.

The text must be byte for byte what ``Budget.to_json`` gives (it is stored, hashed into the audit
trail and signed into certificates): a row whose figures the fast path cannot vouch for (a
non-finite number, a negative u, a dof <= 0, correlated inputs) is written by ``Budget.to_json``
itself, so its refusal or its text stays the same.
tests/core/test_budget_text.py compares the two on generated tables and on whole runs.
"""

from __future__ import annotations

import json
import math

import numpy as np

from labapp.core.uncertainty.budget import SCHEMA, BudgetTable
from labapp.core.uncertainty.distributions import DISTRIBUTIONS


class BudgetTexts:
    """JSON text of each result of one BudgetTable (identical to ``table.budget(i).to_json()``)."""

    def __init__(self, table: BudgetTable) -> None:
        self.table = table
        m = len(table.names)
        self._m = m
        # correlated inputs: the one-row budget (its r @ c is not the table's c @ r, operation for
        # operation), as are tables a Budget would refuse (duplicate names, unknown distributions)
        self._fast = (
            not table.correlations
            and len(set(table.names)) == m
            and all(d in DISTRIBUTIONS for d in table.distributions)
            and all(0.0 <= float(s) <= 1.0 for s in table.shared)
        )
        self._head = f'{{"schema": {json.dumps(SCHEMA)}, "quantity": {json.dumps(table.quantity)}, "value": '
        self._after_value = (
            f', "unit": {json.dumps(table.unit)}, "model": {json.dumps(table.model)}, '
            f'"confidence": {json.dumps(table.confidence)}, '
            f'"truncate_dof": {json.dumps(table.truncate_dof)}, "components": ['
        )
        self._names = [f'{{"name": {json.dumps(name)}, "value": ' for name in table.names]
        self._tails = [
            f', "unit": {json.dumps(unit)}, "distribution": {json.dumps(dist)}, '
            f'"description": {json.dumps(desc)}, "shared": {float(shared)!r}, "contribution": '
            for unit, dist, desc, shared in zip(
                table.units, table.distributions, table.descriptions, table.shared, strict=True
            )
        ]
        correlations = [{"a": a, "b": b, "r": r} for a, b, r in table.correlations]
        self._after_components = f'], "correlations": {json.dumps(correlations)}, "combined": {{"u_c": '
        self._arrays: tuple[list, ...] | None = None

    def _rows(self) -> tuple[list, ...]:
        """Per row, as Python floats: value, x, u, sensitivity, dof, shares, u_c, nu_eff, k, U; and
        whether the row may take the fast path (every figure finite, u >= 0, dof > 0, nu_eff known)."""
        if self._arrays is None:
            t = self.table
            combined = t.combined
            shares = _shares(t)
            u_c, nu_eff, k, big_u = (
                np.asarray(a, dtype=float).reshape(len(t))
                for a in (combined.u_c, combined.nu_eff, combined.k, combined.U)
            )
            with np.errstate(invalid="ignore"):
                fast = (
                    np.isfinite(t.values)
                    & np.isfinite(t.x).all(axis=1)
                    & np.isfinite(t.u).all(axis=1)
                    & np.isfinite(t.sensitivity).all(axis=1)
                    & np.isfinite(t.u * t.sensitivity).all(axis=1)
                    & np.isfinite(shares).all(axis=1)
                    & (t.u >= 0).all(axis=1)
                    & (t.dof > 0).all(axis=1)
                    & np.isfinite(u_c)
                    & ~np.isnan(nu_eff)
                    & np.isfinite(k)
                    & np.isfinite(big_u)
                )
            self._arrays = (
                t.values.tolist(),
                np.asarray(t.x).tolist(),
                np.asarray(t.u).tolist(),
                np.asarray(t.sensitivity).tolist(),
                np.asarray(t.dof).tolist(),
                shares.tolist(),
                u_c.tolist(),
                nu_eff.tolist(),
                k.tolist(),
                big_u.tolist(),
                (fast & self._fast).tolist(),
            )
        return self._arrays

    def text(self, i: int) -> str:
        """Row ``i``'s budget as ``Budget.to_json()`` writes it (refusals included)."""
        values, xs, us, sens, dofs, shares, u_c, nu_eff, k, big_u, fast = self._rows()
        if not fast[i]:
            return self.table.budget(i).to_json()
        x, u, s, dof, share = xs[i], us[i], sens[i], dofs[i], shares[i]
        parts = [self._head, repr(values[i]), self._after_value]
        for j in range(self._m):
            if j:
                parts.append(", ")
            parts += (
                self._names[j],
                repr(x[j]),
                ', "u": ',
                repr(u[j]),
                ', "sensitivity": ',
                repr(s[j]),
                ', "dof": ',
                _dof(dof[j]),
                self._tails[j],
                repr(s[j] * u[j]),
                ', "contribution_percent": ',
                repr(share[j]),
                "}",
            )
        parts += (
            self._after_components,
            repr(u_c[i]),
            ', "nu_eff": ',
            _dof(nu_eff[i]),
            ', "k": ',
            repr(k[i]),
            ', "U": ',
            repr(big_u[i]),
            "}}",
        )
        return "".join(parts)


def _shares(table: BudgetTable) -> np.ndarray:
    """Each component's share of u_c^2 in percent, per row, as ``Budget.contribution_percent`` (no
    correlations): c_i^2 / sum_j c_j^2, the same element-wise operations and the same sum along each
    row; ``combine`` computes the table's u_c, nu_eff, k and U with those same operations."""
    c = table.u * table.sensitivity
    share = c * c
    var = share.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(var > 0, 100.0 * share / var, 0.0)


def _dof(value: float) -> str:
    return "null" if math.isinf(value) else repr(value)
