"""A quantity derived from several results (a sum, a ratio) with their shared inputs correlated (GUM 5.2).

Each result enters through its budget and the derivative of the derived quantity with respect to it
(its gradient g). The inputs of all budgets are laid side by side; the contribution of input i of
result j is g_j c_ij u_ij. Two inputs of different results are correlated when they belong to the
same preparation (``scope``), come from the same model and have the same name: r = the smaller of
their ``shared`` values (1 for the digest's mass, volume, dilution and moisture, the method's
statement for its own terms, 0 for calibration and blank). Then

    u_c^2(y) = sum_{a,b} g_a c_a u_a r_ab g_b c_b u_b                           (GUM 5.2.2)

over all inputs a, b; inputs within one budget keep the budget's own correlations. For the
effective degrees of freedom a correlated group counts once (Willink 2007, as in ``combine``); an
input correlated across results with different dof gets the smallest of them (conservative; the
bundled methods give a shared term one dof). A further named input (a lot's sampling component,
say) is one more ``Term`` with its own scope and a one-component budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from labapp.core.errors import LabappError
from labapp.core.uncertainty.budget import Budget
from labapp.core.uncertainty.combine import Combined, combine, correlation_groups


class NotCorrelatable(LabappError):
    """The results cannot be combined with their shared inputs correlated (and why)."""


@dataclass(frozen=True)
class Term:
    """One result in a derived quantity: its budget, its preparation and dy/d(result) in y's unit."""

    scope: str  # the preparation (digest label) whose physical inputs the budget used
    budget: Budget
    gradient: float


def model_kind(budget: Budget) -> str:
    """The model without its unit ("icp_oes_solid"): inputs of one kind of model may be shared."""
    return budget.model.split(":", 1)[0]


def combine_terms(terms: Sequence[Term], confidence: float = 0.95) -> Combined:
    """u_c, nu_eff, k and U of y = f(results) to first order with shared inputs correlated."""
    if not terms:
        raise LabappError("a derived quantity needs at least one result")
    unnamed = [t.budget.quantity for t in terms if not t.budget.named]
    if unnamed:
        raise NotCorrelatable("a budget stored before inputs were named (schema 1) cannot be combined "
                              "with correlation")
    contributions, dofs, keys, shared = [], [], [], []
    blocks = []
    for t in terms:
        start = len(contributions)
        for c in t.budget.components:
            contributions.append(t.gradient * c.contribution)
            dofs.append(c.dof)
            keys.append((t.scope, model_kind(t.budget), c.name))
            shared.append(float(c.shared or 0.0))
        blocks.append((start, t.budget.correlation_matrix()))
    r = _correlation(keys, shared, blocks)
    dof = _group_dofs(np.asarray(dofs, dtype=float), r)
    return combine(np.asarray(contributions), dof, confidence, r if np.any(r != np.eye(len(keys))) else None)


def _correlation(keys: list[tuple[str, str, str]], shared: list[float],
                 blocks: list[tuple[int, np.ndarray | None]]) -> np.ndarray:
    m = len(keys)
    r = np.eye(m)
    for start, own in blocks:
        if own is not None:
            n = own.shape[0]
            r[start:start + n, start:start + n] = own
    for a in range(m):
        for b in range(a + 1, m):
            if keys[a] == keys[b]:
                r[a, b] = r[b, a] = min(shared[a], shared[b])
    return r


def _group_dofs(dofs: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Every member of a correlated group gets the group's smallest dof (combine needs one per group)."""
    out = dofs.copy()
    for idx in correlation_groups(r):
        out[idx] = dofs[idx].min()
    return out
