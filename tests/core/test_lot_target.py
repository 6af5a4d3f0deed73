"""A lot is "quantified" on its own budget (review of issue 17, finding 12).

A lot's U is k_lot times the mean of its digests' u, k_lot from the smallest nu_eff, so two digests
that each meet the method's target U/x <= 30 % at their own k can give a lot result above it when
their dof differ a lot. These tests build such digests and check that the lot is then not called
quantified, that its bound is the lot's own LOQ (U/T, above the value), and that an ordinary lot is
left alone.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from labapp.core.methods import method_from_dict
from labapp.core.pipeline import lot_results
from labapp.core.vocabulary import ResultFlag


def _method(policy: str = "less_than"):
    return method_from_dict(
        {
            "id": "icp",
            "version": "1",
            "name": "ICP",
            "technique": "icp-oes",
            "solution_unit": "mg/L",
            "loq_policy": policy,
            "analytes": [{"element": "Zn", "lines": ["213.857"], "unit": "wt%"}],
        },
        "icp.toml",
    )


def _digests(rows) -> pd.DataFrame:
    """Preparation rows as pipeline_solid writes them: value, u, U = k(nu) u, nu_eff, LOQ, LOD."""
    out = []
    for label, value, u, nu in rows:
        k = float(stats.t.ppf(0.975, nu)) if math.isfinite(nu) else 1.959964
        out.append(
            {
                "label": label,
                "lot": "L1",
                "method_id": "icp",
                "element": "Zn",
                "value": value,
                "u": u,
                "U": k * u,
                "nu_eff": nu,
                "loq": 0.40,
                "lod": 0.20,
                "censored": "",
                "flags": "",
                "status": "ok",
            }
        )
    return pd.DataFrame(out)


def test_digests_with_very_different_dof_do_not_make_a_quantified_lot_above_the_target():
    # digest A: u 0.145 with 200 dof, U/x = 1.972 x 0.145 = 28.6 %; digest B: u 0.090 with 3 dof,
    # U/x = 3.182 x 0.090 = 28.6 %. Each meets 30 %. The lot: u = 0.1175, k = t(0.975, 3) = 3.182,
    # U = 0.374, U/x = 37.4 % > 30 %: before finding 12 was fixed it was reported 1.00 +/- 0.38.
    digests = _digests([("D1", 1.0, 0.145, 200.0), ("D2", 1.0, 0.090, 3.0)])
    assert (digests["U"] / digests["value"] <= 0.30).all()
    lot = lot_results(digests, [_method()], "icp", 0.95).set_index("element").loc["Zn"]
    U = 3.182446 * 0.1175  # noqa: N806
    assert lot["U"] == pytest.approx(U, rel=1e-6)
    assert lot["censored"] == "<"
    assert lot["loq"] == pytest.approx(U / 0.30, rel=1e-6)  # 1.2465: the lot's own LOQ, above its mean
    assert lot["text"] == "< 1.3"
    assert ResultFlag.DETECTED_NOT_QUANTIFIED.value in lot["flags"].split(";")  # 1.0 > LOD/2


def test_a_lot_within_the_target_stays_quantified():
    digests = _digests([("D1", 1.0, 0.10, 200.0), ("D2", 1.04, 0.09, 30.0)])
    lot = lot_results(digests, [_method()], "icp", 0.95).set_index("element").loc["Zn"]
    assert lot["censored"] == "" and lot["value"] == pytest.approx(1.02)
    assert lot["U"] / lot["value"] <= 0.30 and lot["loq"] == pytest.approx(0.40)


def test_another_loq_policy_keeps_the_value_and_says_below_loq():
    digests = _digests([("D1", 1.0, 0.145, 200.0), ("D2", 1.0, 0.090, 3.0)])
    lot = lot_results(digests, [_method("value_flagged")], "icp", 0.95).set_index("element").loc["Zn"]
    assert lot["censored"] == "" and lot["value"] == pytest.approx(1.0)
    assert ResultFlag.BELOW_LOQ.value in lot["flags"].split(";")


@pytest.mark.parametrize("seed", range(5))
def test_no_quantified_lot_result_exceeds_the_target(seed: int):
    """Random digest pairs, each within the target at its own k, dof from 2 to infinity."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(40):
        value = float(rng.uniform(0.5, 5.0))
        for d in range(2):
            nu = float(rng.choice([2.0, 3.0, 5.0, 10.0, 50.0, math.inf]))
            k = float(stats.t.ppf(0.975, nu)) if math.isfinite(nu) else 1.959964
            rows.append((f"L{i} D{d}", value, value * float(rng.uniform(0.05, 0.30)) / k, nu))
    frame = _digests(rows)
    frame["lot"] = [label.split()[0] for label in frame["label"]]
    out = lot_results(frame, [_method()], "icp", 0.95)
    quantified = out[out["censored"].eq("")]
    assert (quantified["U"] / quantified["value"] <= 0.30 * (1 + 1e-9)).all()
    censored = out[out["censored"].eq("<")]
    assert len(censored) > 0 and (censored["value"] == censored["loq"]).all()
