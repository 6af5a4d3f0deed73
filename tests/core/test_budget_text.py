"""BudgetTexts writes each result's budget JSON from the table's arrays: it must be byte for byte the
text `BudgetTable.budget(i).to_json()` gives (the stored budget, hashed into the audit trail), and it
must refuse what that refuses. Compared on generated tables (1 to 12 components: numpy sums fewer than
eight numbers one after another and more in eight partial sums, so both forms are covered), on
correlated tables, on refusals and on every budget of a calculated run."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from _run_frames import frame, method, reading

from labapp.core.errors import LabappError
from labapp.core.pipeline import calculate
from labapp.core.uncertainty.budget import BudgetTable
from labapp.core.uncertainty.budget_text import BudgetTexts


def _table(rng: np.random.Generator, n: int, m: int, edit=None, **extra) -> BudgetTable:
    """A table of random figures; `edit(arrays)` changes the arrays before the table is made."""
    arrays = {
        "values": rng.normal(10.0, 5.0, n),
        "x": rng.normal(1.0, 0.3, (n, m)),
        "u": rng.lognormal(-3.0, 2.0, size=(n, m)),
        "sensitivity": rng.normal(0.0, 3.0, (n, m)),
        "dof": rng.choice([math.inf, 3.0, 14.0, 59.5], size=(n, m)),
    }
    arrays["u"][rng.random((n, m)) < 0.1] = 0.0  # zero contributions
    if edit is not None:
        edit(arrays)
    return BudgetTable(
        quantity="Ni",
        unit="wt%",
        names=tuple(f"input {j} é" for j in range(m)),  # a non-ASCII name: JSON escapes it
        **arrays,
        units=tuple("g" if j % 2 else "mL" for j in range(m)),
        descriptions=tuple(f'a "quoted" term {j}' for j in range(m)),
        shared=tuple(1.0 if j == 0 else 0.0 for j in range(m)),
        model="w = c V / m",
        **extra,
    )


@pytest.mark.parametrize("m", [1, 2, 7, 8, 9, 12])
def test_every_row_is_the_text_budget_to_json_writes(m):
    rng = np.random.default_rng(m)
    table = _table(rng, 60, m, edit=lambda a: a["u"].__setitem__(5, 0.0))  # u_c = 0: every share 0
    texts = BudgetTexts(table)
    for i in range(len(table)):
        assert texts.text(i) == table.budget(i).to_json()
    assert json.loads(texts.text(5))["combined"]["nu_eff"] is None


def test_truncated_dof_and_another_confidence_are_written_as_the_budget_writes_them():
    table = _table(np.random.default_rng(3), 20, 5, confidence=0.99, truncate_dof=True)
    texts = BudgetTexts(table)
    assert [texts.text(i) for i in range(20)] == [b.to_json() for b in table.budgets()]


def test_a_correlated_table_gives_the_one_row_budget():
    rng = np.random.default_rng(4)

    def same_dof(a):
        a["dof"][:, :2] = 14.0  # a correlated group shares its degrees of freedom

    table = _table(rng, 10, 4, edit=same_dof, correlations=(("input 0 é", "input 1 é", 0.5),))
    texts = BudgetTexts(table)
    for i in range(10):
        assert texts.text(i) == table.budget(i).to_json()
        assert json.loads(texts.text(i))["correlations"] == [{"a": "input 0 é", "b": "input 1 é", "r": 0.5}]


def test_what_the_budget_refuses_is_refused_alike():
    def spoil(a):
        a["values"][0] = np.nan  # no JSON for NaN
        a["u"][1, 2] = -1.0  # a negative standard uncertainty

    table = _table(np.random.default_rng(5), 4, 3, edit=spoil)
    texts = BudgetTexts(table)
    with pytest.raises(ValueError):
        table.budget(0).to_json()
    with pytest.raises(ValueError):
        texts.text(0)
    with pytest.raises(LabappError, match="standard uncertainty must be >= 0"):
        texts.text(1)
    assert texts.text(2) == table.budget(2).to_json()


def _noisy_run() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(11)
    rows = [reading("Blank", "blank", 0.0, intensity=100.0)]
    for c in (1.0, 5.0, 10.0):
        rows.append(reading(f"Std {c}", "standard", c, intensity=100.0 + 1000.0 * c * rng.normal(1, 0.01)))
    labels = []
    for s in range(12):
        for suffix, kind in (("", "sample"), (" DUP", "duplicate")):
            label = f"S{s}{suffix}"
            labels.append((label, f"L{s}", "digest" if kind == "sample" else "duplicate"))
            c = rng.uniform(0.05, 9.0)
            rows.append(reading(label, kind, np.nan, intensity=100.0 + 1000.0 * c))
    rows.append(reading("CCV", "check", 9.8))
    preps = pd.DataFrame(
        {
            "label": [x[0] for x in labels],
            "lot": [x[1] for x in labels],
            "kind": [x[2] for x in labels],
            "technique": "ICP-OES",
            "sample_mass_g": rng.uniform(0.15, 0.25, len(labels)),
            "digest_volume_ml": 100.0,
            "dilution_factor": 10.0,
            "moisture_pct": 2.0,
            "spike_added": np.nan,
        }
    )
    return frame(rows), preps


def test_every_budget_of_a_calculated_run_is_the_budget_objects_text():
    run, preps = _noisy_run()
    lab_method = method(
        analytes=[
            {
                "element": "Ni",
                "lines": ["231.604"],
                "check_standard": 10.0,
                "loq": 0.01,
                "calibration": {"model": "linear", "weighting": "none"},
            }
        ],
        uncertainty={
            "sample_mass": {"tolerance": 0.0002, "weighings": 2},
            "reproducibility": {"rsd_percent": 1.0, "dof": 14},
        },
    )
    result = calculate(run, lab_method, preps)
    prep = result.preparations
    checked = 0
    for row in range(len(prep)):
        table = int(prep["budget_table"].iat[row])
        if table < 0 or not np.isfinite(prep["u"].iat[row]):
            continue
        expected = result.budget_tables[table].budget(int(prep["budget_row"].iat[row])).to_json()
        assert result.budget_json(row) == expected
        checked += 1
    assert checked == 24
