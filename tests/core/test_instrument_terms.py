"""Review of issue 17, findings 9 and 10: the terms a run must supply when the laboratory did not
calibrate it (XRF counting, instrument concentrations), cross-checked with GTC on the same model.

Each test fails on the code before the fix: there, an XRF budget's counting term was 0 whatever the
file said, and an instrument-concentration run had no calibration or repeatability term at all.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from _run_frames import frame, method, reading
from GTC import ureal
from scipy import stats

from labapp.core.errors import LabappError
from labapp.core.instrument_terms import quantifiable_from
from labapp.core.methods import method_from_dict
from labapp.core.pipeline import calculate
from labapp.core.vocabulary import ResultFlag

# ---------------------------------------------------------------- XRF (finding 9)

TOP_DOWN = {"u_rw_percent": 1.5, "dof_rw": 30, "rms_bias_percent": 1.8, "u_cref_percent": 1.0}


def _xrf_method():
    return method_from_dict(
        {
            "id": "xrf-test",
            "version": "1",
            "name": "XRF",
            "technique": "xrf",
            "solution_unit": "wt%",
            "analytes": [{"element": "Ni", "lines": ["Ka"], "loq": 0.01, "unit": "wt%", "reports": True}],
            "uncertainty": {"approach": "top_down", "top_down": TOP_DOWN},
        },
        "xrf-test.toml",
    )


def _pellet(label: str, value: float, error: float = np.nan, k: float = np.nan) -> dict:
    return reading(label, "sample", value, line="Ka", unit="wt%", uncertainty=error, uncertainty_k=k)


def _pellets(labels: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": labels,
            "lot": [f"L{i}" for i in range(len(labels))],
            "kind": ["pellet"] * len(labels),
            "technique": ["XRF"] * len(labels),
            "sample_mass_g": np.nan,
            "digest_volume_ml": np.nan,
            "dilution_factor": np.nan,
            "moisture_pct": np.nan,
            "spike_added": np.nan,
        }
    )


def _gtc_top_down(value: float, u_own: float, dof_own: float = math.inf):
    """GTC on the Nordtest model y = x_own * F_Rw * F_bias * F_ref (factors 1 with relative u)."""
    own = ureal(value, u_own, df=dof_own)
    y = own * ureal(1, 0.015, df=30) * ureal(1, 0.018) * ureal(1, 0.010)
    return y


def _xrf_run():
    rows = [
        _pellet("P1", 20.0, 0.2, 2.0),  # 2 sigma error (e.g. Niton's Sigma Value 2): u = 0.1
        _pellet("P2", 20.0, 0.2),  # coverage unknown: taken as a standard uncertainty, u = 0.2
        _pellet("P3", 19.8),  # no error column value, measured three times: scatter
        _pellet("P3", 20.0),
        _pellet("P3", 20.3),
        _pellet("P4", 20.0),  # once, no error: no counting information at all
        _pellet("P5", 0.06, 0.01, 1.0),  # near the LOQ: U/x above the target
        _pellet("P6", 20.0, 0.0, 2.0),  # an error of 0 (Niton's computed oxides): no information
    ]
    return calculate(frame(rows), _xrf_method(), _pellets(["P1", "P2", "P3", "P4", "P5", "P6"]))


@pytest.fixture(scope="module")
def xrf():
    return _xrf_run()


def _budget(result, label):
    prep = result.preparations.reset_index(drop=True)
    i = int(prep.index[prep["label"].eq(label)][0])
    table = result.budget_tables[int(prep.at[i, "budget_table"])]
    return prep.loc[i], table.budget(int(prep.at[i, "budget_row"]))


def test_the_files_counting_error_enters_the_budget_at_the_vendors_coverage(xrf):
    row, budget = _budget(xrf, "P1")
    own = next(c for c in budget.components if c.name == "counting")
    assert own.u == pytest.approx(0.1, rel=1e-12)  # 0.2 at 2 sigma
    y = _gtc_top_down(20.0, 0.1)
    assert row["u"] == pytest.approx(y.u, rel=1e-12)
    assert row["nu_eff"] == pytest.approx(y.df, rel=1e-9)
    assert row["U"] == pytest.approx(stats.t.ppf(0.975, y.df) * y.u, rel=1e-9)
    assert ResultFlag.NO_COUNTING_UNCERTAINTY.value not in row["flags"]


def test_an_error_of_unknown_coverage_is_taken_as_a_standard_uncertainty(xrf):
    row, budget = _budget(xrf, "P2")
    own = next(c for c in budget.components if c.name == "counting")
    assert own.u == pytest.approx(0.2, rel=1e-12)
    assert "undocumented coverage" in own.description
    assert row["u"] == pytest.approx(_gtc_top_down(20.0, 0.2).u, rel=1e-12)


def test_without_counting_error_the_repeated_readings_scatter_is_the_term(xrf):
    row, budget = _budget(xrf, "P3")
    own = next(c for c in budget.components if c.name == "repeatability")
    s = float(np.std([19.8, 20.0, 20.3], ddof=1))
    assert own.u == pytest.approx(s, rel=1e-12) and own.dof == 2  # the result is one reading: p = 1
    assert row["value"] == pytest.approx(20.3)  # the last measurement is the result
    y = _gtc_top_down(20.3, s, 2)
    assert row["u"] == pytest.approx(y.u, rel=1e-12)
    assert row["nu_eff"] == pytest.approx(y.df, rel=1e-9)


def test_without_counting_error_or_repeats_the_result_is_not_quantified(xrf):
    row, budget = _budget(xrf, "P4")
    assert ResultFlag.NO_COUNTING_UNCERTAINTY.value in row["flags"].split(";")
    assert ResultFlag.NO_COUNTING_UNCERTAINTY.value in _budget(xrf, "P6")[0]["flags"].split(";")
    lot = xrf.reportable.set_index("lot").loc["L3"]
    assert np.isnan(lot["value"]) and np.isnan(lot["U"])
    assert lot["note"] == ResultFlag.NO_COUNTING_UNCERTAINTY.label()
    assert "計数誤差" in ResultFlag.NO_COUNTING_UNCERTAINTY.label("ja")


def test_an_xrf_result_whose_counting_u_exceeds_the_target_is_below_its_loq(xrf):
    row, _ = _budget(xrf, "P5")
    u_rel_method = math.sqrt(0.015**2 + 0.018**2 + 0.010**2)
    y = _gtc_top_down(0.06, 0.01)
    k = stats.t.ppf(0.975, y.df)
    assert k * y.u / 0.06 > 0.30  # U/x at the result: not quantifiable
    loq = k * 0.01 / math.sqrt(0.30**2 - (k * u_rel_method) ** 2)  # U/x = 30 % with k of the result
    assert row["loq"] == pytest.approx(loq, rel=1e-9)
    assert row["censored"] == "<"
    assert xrf.reportable.set_index("lot").loc["L4", "censored"] == "<"


def test_quantifiable_from_solves_u_over_x_equal_to_the_target():
    a, r, k, target = 0.3, 0.05, 2.1, 0.3
    x = 10.0
    loq = quantifiable_from(
        np.array([a]), np.array([math.hypot(a, r * x)]), np.array([k]), np.array([x]), target
    )
    assert k * math.hypot(a, r * loq[0]) / loq[0] == pytest.approx(target, rel=1e-12)
    never = quantifiable_from(
        np.array([a]), np.array([math.hypot(a, 0.2 * x)]), np.array([k]), np.array([x]), 0.3
    )
    assert np.isnan(never[0])  # the relative terms alone exceed the target


# ------------------------------------------------- instrument concentrations (finding 10)

UNCERTAINTY = {
    "sample_mass": {"tolerance": 0.0002, "weighings": 2},
    "reproducibility": {"rsd_percent": 1.0, "dof": 14},
}
PREPS = pd.DataFrame(
    {
        "label": ["S1", "S2"],
        "lot": ["L1", "L2"],
        "kind": ["digest", "digest"],
        "technique": ["ICP-OES"] * 2,
        "sample_mass_g": [0.2, 0.2],
        "digest_volume_ml": [100.0, 100.0],
        "dilution_factor": [10.0, 10.0],
        "moisture_pct": [2.0, 2.0],
        "spike_added": [np.nan, np.nan],
    }
)
FACTOR_WT = 100 * 10 / (0.2 * 0.98) * 1e-4  # mg/L in the measured solution -> wt% dry
S1 = [4.8, 4.9, 5.05]
S2 = [0.010, 0.030, 0.020]  # a trace: its scatter is most of its value
CCVS = [9.8, 10.1, 10.2]


def _icp_method(**uncertainty):
    analytes = [{"element": "Ni", "lines": ["231.604"], "check_standard": 10.0, "loq": 0.001}]
    return method(analytes=analytes, uncertainty={**UNCERTAINTY, **uncertainty})


def _icp_run(ccvs=CCVS):
    rows = [reading("CCV", "check", ccvs[0])]
    rows += [reading("S1", "sample", v, replicate=i + 1) for i, v in enumerate(S1)]
    rows += [reading("CCV", "check", ccvs[1])] if len(ccvs) > 1 else []
    rows += [reading("S2", "sample", v, replicate=i + 1) for i, v in enumerate(S2)]
    rows += [reading("CCV", "check", c) for c in ccvs[2:]]
    return frame(rows)


def _gtc_icp(readings, u_cal_rel, dof_cal):
    """GTC on the bottom-up model with the instrument's terms: the mean of p replicate readings
    (Type A, s / sqrt(p), p - 1 dof) times a calibration factor 1 +/- u_cal_rel."""
    p = len(readings)
    c = ureal(float(np.mean(readings)), float(np.std(readings, ddof=1)) / math.sqrt(p), df=p - 1)
    calibration = ureal(1.0, u_cal_rel, df=dof_cal)
    mass = ureal(0.2, math.sqrt(2) * 0.0002 / math.sqrt(3))
    reproducibility = ureal(1.0, 0.01, df=14)
    return c * calibration * 100 * 10 / (mass * 0.98) * 1e-4 * reproducibility


def _rows(result):
    return result.preparations.set_index("label")


def test_instrument_concentrations_carry_repeatability_and_the_check_standards_term():
    result = calculate(_icp_run(), _icp_method(), PREPS)
    rows = _rows(result)
    rms = math.sqrt(np.mean([(c / 10.0 - 1.0) ** 2 for c in CCVS]))  # Nordtest RMS_bias, u(C_ref) 0
    y = _gtc_icp(S1, rms, len(CCVS) - 1)
    assert rows.at["S1", "value"] == pytest.approx(y.x, rel=1e-12)
    assert rows.at["S1", "u"] == pytest.approx(y.u, rel=1e-12)
    assert rows.at["S1", "nu_eff"] == pytest.approx(y.df, rel=1e-9)
    assert ResultFlag.NO_CALIBRATION_UNCERTAINTY.value not in rows.at["S1", "flags"]
    prep = result.preparations
    i = int(prep.index[prep["label"].eq("S1")][0])
    budget = result.budget_tables[int(prep.at[i, "budget_table"])].budget(int(prep.at[i, "budget_row"]))
    assert "check standards (CCV/ICV)" in budget.components[0].description


def test_the_check_standards_own_uncertainty_enters_as_u_cref():
    result = calculate(
        _icp_run(), _icp_method(instrument_calibration={"check_standard_u_percent": 0.5}), PREPS
    )
    rms = math.sqrt(np.mean([(c / 10.0 - 1.0) ** 2 for c in CCVS]))
    y = _gtc_icp(S1, math.hypot(rms, 0.005), len(CCVS) - 1)
    assert _rows(result).at["S1", "u"] == pytest.approx(y.u, rel=1e-12)


def test_a_stated_calibration_uncertainty_serves_when_the_run_has_too_few_checks():
    stated = {"instrument_calibration": {"u_percent": 2.0, "dof": 20}}
    result = calculate(_icp_run(ccvs=[9.8]), _icp_method(**stated), PREPS)
    y = _gtc_icp(S1, 0.02, 20)
    assert _rows(result).at["S1", "u"] == pytest.approx(y.u, rel=1e-12)
    assert _rows(result).at["S1", "nu_eff"] == pytest.approx(y.df, rel=1e-9)


def test_instrument_concentrations_without_a_calibration_term_are_not_quantified():
    result = calculate(_icp_run(ccvs=[9.8]), _icp_method(), PREPS)
    flags = _rows(result).at["S1", "flags"].split(";")
    assert ResultFlag.INSTRUMENT_CONCENTRATION.value in flags
    assert ResultFlag.NO_CALIBRATION_UNCERTAINTY.value in flags
    lot = result.reportable.set_index("lot").loc["L1"]
    assert np.isnan(lot["value"]) and lot["note"] == ResultFlag.NO_CALIBRATION_UNCERTAINTY.label()
    assert "検量線の不確かさ" in ResultFlag.NO_CALIBRATION_UNCERTAINTY.label("ja")


def test_the_loq_by_target_applies_to_instrument_concentrations():
    result = calculate(_icp_run(), _icp_method(), PREPS)
    row = _rows(result).loc["S2"]
    y = _gtc_icp(S2, math.sqrt(np.mean([(c / 10.0 - 1.0) ** 2 for c in CCVS])), len(CCVS) - 1)
    assert row["u"] == pytest.approx(y.u, rel=1e-12)
    k = stats.t.ppf(0.975, row["nu_eff"])
    a = float(np.std(S2, ddof=1)) / math.sqrt(3) * FACTOR_WT  # the readings' scatter, absolute
    r2 = (row["u"] ** 2 - a**2) / row["value"] ** 2
    loq = k * a / math.sqrt(0.30**2 - k**2 * r2)
    assert row["loq"] == pytest.approx(loq, rel=1e-9)
    assert row["value"] < row["loq"] and row["censored"] == "<"
    assert k * math.sqrt(a**2 + r2 * loq**2) / loq == pytest.approx(0.30, rel=1e-9)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"u_percent": -1.0}, "must be >= 0"),
        ({"u_procent": 2.0}, r"instrument_calibration\.u_procent: unknown key"),
        ({"dof": 0}, "dof > 0"),
    ],
)
def test_the_methods_instrument_calibration_table_is_validated(table, message):
    with pytest.raises(LabappError, match=message):
        _icp_method(instrument_calibration=table)


def test_a_budget_with_the_repeatability_term_keeps_its_model_for_the_monte_carlo_check(xrf):
    from labapp.core.uncertainty.models import model_function

    _, budget = _budget(xrf, "P3")
    inputs = {c.name: np.array([c.value, c.value * 1.01]) for c in budget.components}
    out = model_function(budget)(inputs, budget)
    assert out == pytest.approx([20.3, 20.3 * 1.01**4], rel=1e-12)  # y = x_rep F_Rw F_bias F_ref
