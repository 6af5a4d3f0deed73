"""Budgets: contributions, one result vs a run table, and the JSON round trip."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from labapp.core.errors import LabappError
from labapp.core.uncertainty import Budget, BudgetTable, Component, MethodUncertainty, icp_solid_budgets


def _budget() -> Budget:
    return Budget("w(Ni)", 21.4, "wt%", (
        Component("calibration", 12.5, 0.09, 1.7, 5, "mg/L"),
        Component("mass", 0.25, 0.0002, -85.6, unit="g", distribution="rectangular"),
        Component("a", 1.0, 0.01, 2.0, 9),
        Component("b", 2.0, 0.02, -1.0, 9),
    ), correlations=(("a", "b", -0.6),), model="custom")


def test_contribution_percent_sums_to_100_with_correlation() -> None:
    b = _budget()
    shares = b.contribution_percent()
    assert sum(shares.values()) == pytest.approx(100.0)
    c = np.array([x.contribution for x in b.components])
    r = b.correlation_matrix()
    assert b.u_c == pytest.approx(math.sqrt(c @ r @ c))
    assert shares["calibration"] == pytest.approx(100 * c[0] ** 2 / b.u_c**2)


def test_json_round_trip_is_plain_and_exact() -> None:
    b = _budget()
    text = b.to_json()
    data = json.loads(text)
    assert data["components"][1]["dof"] is None  # infinite dof in plain JSON
    assert "Infinity" not in text and "NaN" not in text
    again = Budget.from_json(text)
    assert again == b
    assert (again.u_c, again.nu_eff, again.k, again.U) == (b.u_c, b.nu_eff, b.k, b.U)


def test_tampered_budget_is_rejected() -> None:
    data = _budget().to_dict()
    data["components"][0]["u"] = 0.05
    with pytest.raises(LabappError, match="inconsistent: u_c"):
        Budget.from_dict(data)
    with pytest.raises(LabappError, match="schema"):
        Budget.from_dict({**_budget().to_dict(), "schema": "other"})
    bad = _budget().to_dict()
    del bad["components"][0]["sensitivity"]
    with pytest.raises(LabappError, match="malformed"):
        Budget.from_dict(bad)


def test_table_rows_equal_single_budgets() -> None:
    spec = MethodUncertainty.from_dict({"sample_mass": {"tolerance": 0.0002},
                                        "reproducibility": {"rsd_percent": 1.0, "dof": 10}})
    table = icp_solid_budgets(spec, concentration=[5.0, 20.0, 0.3], u_calibration=[0.04, 0.1, 0.02],
                              dof_calibration=[4, 5, 6], volume_ml=100.0, mass_g=[0.2, 0.25, 0.3])
    assert isinstance(table, BudgetTable)
    for i, budget in enumerate(table.budgets()):
        assert budget.value == table.values[i]
        assert budget.u_c == pytest.approx(table.combined.u_c[i], rel=1e-12)
        assert budget.nu_eff == pytest.approx(table.combined.nu_eff[i], rel=1e-12)
        assert pytest.approx(table.combined.U[i], rel=1e-12) == budget.U
        shares = table.contribution_percent()[i]
        assert list(budget.contribution_percent().values()) == pytest.approx(list(shares))
        assert Budget.from_json(budget.to_json()) == budget


def test_component_validation() -> None:
    with pytest.raises(LabappError, match="distribution"):
        Component("x", 1.0, 0.1, 1.0, distribution="gaussian")
    with pytest.raises(LabappError, match="degrees of freedom"):
        Component("x", 1.0, 0.1, 1.0, dof=0)
    with pytest.raises(LabappError, match="unique"):
        Budget("y", 1.0, "", (Component("x", 1, 0.1, 1), Component("x", 1, 0.1, 1)))
