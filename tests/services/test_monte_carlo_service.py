"""Monte Carlo on request for a stored result: the JCGM 101 comparison of its GUM budget."""

import json
import subprocess
import sys

import pytest
from _workflow_support import build_template, copy_of
from sqlalchemy import select

from labapp.core.errors import LabappError
from labapp.core.uncertainty import Budget, Component
from labapp.services.calculation.monte_carlo import monte_carlo_check
from labapp.store.results import Result
from labapp.store.runs import InstrumentRun

# A linear model of normal inputs with infinite dof: the Monte Carlo must validate the GUM interval.
LINEAR = Budget("mass fraction", 20.0, "wt%", (
    Component("concentration", 40.0, 0.2, 0.5), Component("mass", 0.2, 0.0002, -100.0),
))
# A rectangular input dominating: JCGM 101 9.2.4 — the GUM interval (k from t) is too wide.
RECTANGULAR = Budget("mass fraction", 20.0, "wt%", (
    Component("tolerance", 0.0, 1.0 / 3**0.5, 1.0, distribution="rectangular"),
    Component("reading", 20.0, 0.01, 1.0),
))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_template(tmp_path_factory.mktemp("mc") / "template.sqlite")


@pytest.fixture()
def ctx_with_results(template, tmp_path):
    ctx = copy_of(template, tmp_path)
    with ctx.account_unit_of_work("tom") as session:
        run_id = session.scalar(select(InstrumentRun.id))
        rows = [
            Result(run_id=run_id, element="Ni", value=20.0, unit="wt%", calculated_by="tom",
                   budget_json=LINEAR.to_json()),
            Result(run_id=run_id, element="Co", value=20.0, unit="wt%", calculated_by="tom", reportable=True,
                   budget_json=json.dumps({"rule": "mean", "digests": [
                       {"label": "BM26-0003", "budget": LINEAR.to_dict()},
                       {"label": "BM26-0003 DUP", "budget": RECTANGULAR.to_dict()}]})),
            Result(run_id=run_id, element="Zn", value=None, censored="<", unit="mg/kg", calculated_by="tom"),
        ]
        session.add_all(rows)
        session.flush()
        ids = [row.id for row in rows]
    yield ctx, ids
    ctx.close()


def test_linear_normal_budget_is_validated(ctx_with_results):
    ctx, (linear_id, _, _) = ctx_with_results
    [check] = monte_carlo_check(ctx, linear_id, seed=7, draws=200_000)
    # u_c = sqrt((0.5*0.2)^2 + (100*0.0002)^2) = sqrt(0.01 + 0.0004) = 0.10198
    assert check.check.u_c == pytest.approx(0.101980, rel=1e-5)
    assert check.check.monte_carlo.u == pytest.approx(0.10198, rel=0.01)
    assert check.check.validation.validated


def test_lot_result_checks_each_digest_and_a_rectangular_one_fails(ctx_with_results):
    ctx, (_, lot_id, _) = ctx_with_results
    checks = monte_carlo_check(ctx, lot_id, seed=7, draws=200_000)
    assert [c.label for c in checks] == ["BM26-0003", "BM26-0003 DUP"]
    assert checks[0].check.validation.validated
    rectangular = checks[1].check
    # Shortest 95 % interval of a (nearly) rectangular of half-width 1 is +/-0.95;
    # the GUM one is +/-1.96 u = +/-1.13
    assert rectangular.monte_carlo.high - rectangular.monte_carlo.low == pytest.approx(1.90, abs=0.02)
    assert not rectangular.validation.validated


def test_refusals_name_the_problem(ctx_with_results):
    ctx, (linear_id, _, censored_id) = ctx_with_results
    with pytest.raises(LabappError, match="has no uncertainty budget"):
        monte_carlo_check(ctx, censored_id)
    with pytest.raises(LabappError, match="no result with id 999999"):
        monte_carlo_check(ctx, 999999)
    with pytest.raises(LabappError, match="at least 100000 draws"):
        monte_carlo_check(ctx, linear_id, draws=1000)


def test_cli_prints_the_clause_8_verdict(ctx_with_results):
    ctx, (linear_id, _, _) = ctx_with_results
    db = ctx.sqlite_file()
    completed = subprocess.run(
        [sys.executable, "-m", "labapp", "--db", db, "uncertainty", str(linear_id), "--seed", "3",
         "--draws", "100000"], capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert completed.returncode == 0, completed.stderr
    assert "first-order result validated" in completed.stdout
