"""Bottom-up ICP-OES solid model, Nordtest top-down and XRF budgets, checked with GTC as oracle."""

from __future__ import annotations

import math

import numpy as np
import pytest
from GTC import ureal

from labapp.core.calibration import fit
from labapp.core.errors import LabappError
from labapp.core.uncertainty import (
    MethodUncertainty,
    RecoverySpec,
    ReproducibilitySpec,
    TopDownSpec,
    icp_solid_budgets,
    top_down_budgets,
    xrf_budgets,
)

METHOD = {
    "approach": "bottom_up",
    "digest_volume": {"tolerance": 0.10, "distribution": "triangular", "temperature_range": 3.0},
    "dilution": {"tolerance_percent": 0.5, "distribution": "rectangular"},
    "sample_mass": {"tolerance": 0.0002, "distribution": "rectangular", "weighings": 2},
    "moisture": {"tolerance": 0.1, "distribution": "normal", "coverage_factor": 2.0},  # % points
    "recovery": {"correct": True, "crm": {"certified": 20.5, "u_certified": 0.15, "mean": 20.1, "sd": 0.3,
                                          "n": 8}},
    "reproducibility": {"rsd_percent": 1.5, "dof": 11},
    "elements": {"Li": {"reproducibility": {"rsd_percent": 2.5, "dof": 7}}},
}


def _run(n: int, seed: int = 3) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "concentration": rng.uniform(0.5, 40.0, n),
        "u_calibration": rng.uniform(0.005, 0.3, n),
        "dof_calibration": rng.integers(3, 9, n).astype(float),
        "blank": rng.uniform(0.0, 0.05, n),
        "u_blank": rng.uniform(0.001, 0.01, n),
        "dof_blank": rng.integers(2, 10, n).astype(float),
        "volume_ml": rng.choice([50.0, 100.0], n),
        "dilution": rng.choice([1.0, 10.0, 100.0], n),
        "mass_g": rng.uniform(0.1, 0.5, n),
        "moisture": rng.uniform(0.0, 0.08, n),
    }


def _gtc_icp(spec: MethodUncertainty, run: dict[str, np.ndarray], i: int, steps: float) -> object:
    """The same model written independently with GTC uncertain numbers."""
    g = {k: float(v[i]) for k, v in run.items()}
    vol = spec.digest_volume
    u_vol = math.hypot(0.10 / math.sqrt(6), g["volume_ml"] * vol.expansion_coefficient * 3.0 / math.sqrt(3))
    c = ureal(g["concentration"], g["u_calibration"], g["dof_calibration"])
    cb = ureal(g["blank"], g["u_blank"], g["dof_blank"])
    v = ureal(g["volume_ml"], u_vol)
    df = ureal(g["dilution"], g["dilution"] * 0.005 / math.sqrt(3) * math.sqrt(steps))
    m = ureal(g["mass_g"], math.sqrt(2) * 0.0002 / math.sqrt(3))
    w = ureal(g["moisture"], 0.0005)
    r = ureal(spec.recovery.recovery, spec.recovery.u, spec.recovery.dof)
    f = ureal(1.0, 0.015, 11)
    return (c - cb) * v * df / (m * (1 - w) * r) * f


def test_icp_solid_budgets_agree_with_gtc() -> None:
    spec = MethodUncertainty.from_dict(METHOD)
    run = _run(200)
    steps = np.where(run["dilution"] > 1, np.log10(run["dilution"]), 0.0)
    table = icp_solid_budgets(spec, dilution_steps=steps, **run)
    assert len(table) == 200 and table.names[0] == "calibration"
    for i in range(0, 200, 9):
        y = _gtc_icp(spec, run, i, steps[i])
        assert table.values[i] == pytest.approx(y.x, rel=1e-12)
        assert table.combined.u_c[i] == pytest.approx(y.u, rel=1e-9)
        assert table.combined.nu_eff[i] == pytest.approx(y.df, rel=1e-9)


def test_mass_fraction_units() -> None:
    spec = MethodUncertainty.from_dict({})
    args = {"concentration": [10.0], "u_calibration": [0.1], "dof_calibration": [5], "volume_ml": [100.0],
            "mass_g": [0.25], "dilution": [10.0]}
    mg_kg = icp_solid_budgets(spec, **args)
    wt = icp_solid_budgets(spec, unit="wt%", **args)
    # 10 mg/L x 0.1 L x 10 / 0.25e-3 kg = 40 000 mg/kg = 4 wt%
    assert mg_kg.values[0] == pytest.approx(40_000.0) and wt.values[0] == pytest.approx(4.0)
    assert wt.combined.u_c[0] == pytest.approx(mg_kg.combined.u_c[0] * 1e-4)
    with pytest.raises(LabappError, match="reported in"):
        icp_solid_budgets(spec, unit="ppm", **args)


def test_recovery_from_crm_follows_quam() -> None:
    rec = RecoverySpec.from_crm(certified=20.5, u_certified=0.15, mean=20.1, sd=0.3, n=8)
    r = 20.1 / 20.5
    assert rec.recovery == pytest.approx(r)
    assert rec.u == pytest.approx(r * math.sqrt(0.3**2 / (8 * 20.1**2) + (0.15 / 20.5) ** 2))
    assert rec.applied == 1.0  # not corrected unless the method says so
    obs = ureal(20.1, 0.3 / math.sqrt(8), 7)
    ref = ureal(20.5, 0.15)
    gtc = obs / ref
    assert rec.u == pytest.approx(gtc.u, rel=1e-9) and rec.dof == pytest.approx(gtc.df, rel=1e-9)


def test_element_override_and_uncorrected_recovery() -> None:
    spec = MethodUncertainty.from_dict(METHOD)
    li = spec.for_element("Li")
    assert li.reproducibility.rsd == pytest.approx(0.025) and li.reproducibility.dof == 7
    assert spec.for_element("Ni") is spec
    assert li.recovery.correct and li.recovery.applied == pytest.approx(20.1 / 20.5)


def test_nordtest_top_down_matches_formula_and_gtc() -> None:
    spec = TopDownSpec.from_bias_data(u_rw=0.021, biases=[0.012, -0.018, 0.007],
                                      u_crefs=[0.006, 0.009, 0.012], dof_rw=25)
    rms = math.sqrt((0.012**2 + 0.018**2 + 0.007**2) / 3)
    assert spec.rms_bias == pytest.approx(rms) and spec.u_cref == pytest.approx(0.009)
    assert spec.u_relative == pytest.approx(math.sqrt(0.021**2 + rms**2 + 0.009**2))
    values = np.array([12.3, 45.6, 0.81])
    table = top_down_budgets(values, spec, "wt%")
    for i, y in enumerate(values):
        g = y * ureal(1, 0.021, 25) * ureal(1, rms) * ureal(1, 0.009)
        assert table.combined.u_c[i] == pytest.approx(g.u, rel=1e-9)
        assert table.combined.nu_eff[i] == pytest.approx(g.df, rel=1e-9)


def test_xrf_adds_counting_statistics() -> None:
    spec = TopDownSpec(u_rw=0.01, rms_bias=0.008, u_cref=0.004)
    table = xrf_budgets([20.0, 5.0], [0.05, 0.04], spec, "wt%")
    assert table.names == ("counting", "reproducibility", "bias", "reference")
    relative = math.sqrt(0.01**2 + 0.008**2 + 0.004**2)  # u_Rw, RMS bias, u(C_ref): Nordtest TR 537
    expected = [math.sqrt(u**2 + (y * relative) ** 2) for y, u in ((20.0, 0.05), (5.0, 0.04))]
    assert table.combined.u_c == pytest.approx(expected)
    assert np.all(np.isinf(table.combined.nu_eff)) and np.all(table.combined.k == 2.0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"approach": "guess"}, "uncertainty.approach"),
        ({"digest_volume": {"tolerance": 0.1, "distrbution": "triangular"}}, "digest_volume.distrbution"),
        ({"digest_volume": {"tolerance": "0.1"}}, "digest_volume.tolerance: expected float"),
        ({"dilution": {"tolerance_percent": 0.5, "distribution": "gaussian"}}, "dilution.distribution"),
        ({"reproducibility": {"dof": 4}}, "reproducibility.rsd_percent: required"),
        ({"approach": "top_down"}, "top_down"),
        ({"top_down": {"u_rw_percent": 2, "bias_percent": [1.0]}}, "u_cref_percent: required"),
        ({"top_down": {"u_rw_percent": 2, "bias_percent": ["1"], "u_cref_percent": 1}}, "list of numbers"),
        ({"recovery": {"crm": {"certified": 0, "u_certified": 0.1, "mean": 1, "sd": 0.1, "n": 3}}},
         "recovery.crm: CRM recovery needs"),
        ({"elements": {"Co": {"moisture": {"tolerance": 0.1}}}}, "elements.Co.moisture"),
        ({"elements": {"Co": {"recovery": {"recovery_percent": -3}}}}, "elements.Co.recovery"),
        ({"colour": "blue"}, "uncertainty.colour: unknown key"),
    ],
)
def test_schema_errors_name_the_key(data: dict, message: str) -> None:
    with pytest.raises(LabappError, match=message.replace(".", r"\.")):
        MethodUncertainty.from_dict(data)


def test_top_down_schema() -> None:
    spec = MethodUncertainty.from_dict(
        {"approach": "top_down",
         "top_down": {"u_rw_percent": 2.0, "rms_bias_percent": 1.5, "u_cref_percent": 0.8, "dof_rw": 30}})
    assert spec.top_down.u_relative == pytest.approx(math.sqrt(0.02**2 + 0.015**2 + 0.008**2))


def test_between_digestion_reproducibility_from_anova() -> None:
    # two digestions read twice: means 11 and 15, grand mean 13; MS_within = 4/2 = 2,
    # MS_between = 2 * (4 + 4) / 1 = 16; s_b^2 = (16 - 2) / 2 = 7; dof = 14^2 / (16^2 / 1 + 2^2 / 2)
    rep = ReproducibilitySpec.from_replicate_digestions([[10.0, 12.0], [14.0, 16.0]])
    assert rep.rsd == pytest.approx(math.sqrt(7.0) / 13.0)
    assert rep.dof == pytest.approx(196.0 / 258.0)
    # digestions that differ no more than the readings do leave no between-digestion term
    flat = ReproducibilitySpec.from_replicate_digestions([[10.0, 12.0], [12.0, 10.0]])
    assert flat.rsd == 0.0
    with pytest.raises(LabappError, match="at least 2 digestions"):
        ReproducibilitySpec.from_replicate_digestions([[10.0, 12.0]])


def test_top_down_schema_from_bias_lists_and_element_override() -> None:
    spec = MethodUncertainty.from_dict({
        "approach": "top_down",
        "top_down": {"u_rw_percent": 2.0, "bias_percent": [1.2, -1.8, 0.7],
                     "u_cref_percent": [0.6, 0.9, 1.2]},
        "elements": {"Co": {"top_down": {"u_rw_percent": 3.0, "rms_bias_percent": 1.0,
                                         "u_cref_percent": 0.5}}},
    }, source="nimh.toml uncertainty")
    rms = math.sqrt((1.2**2 + 1.8**2 + 0.7**2) / 3) / 100
    assert spec.top_down.rms_bias == pytest.approx(rms) and spec.top_down.u_cref == pytest.approx(0.009)
    co = spec.for_element("Co").top_down
    assert (co.u_rw, co.rms_bias, co.u_cref) == pytest.approx((0.03, 0.01, 0.005))
    with pytest.raises(LabappError, match=r"nimh\.toml uncertainty\.elements\.Co\.top_down\.u_rw_percent"):
        MethodUncertainty.from_dict({"elements": {"Co": {"top_down": {"rms_bias_percent": 1.0}}}},
                                    source="nimh.toml uncertainty")


def test_calibration_inverse_feeds_the_calibration_component() -> None:
    """The calibration term is u(x0) of QUAM E.4 with the sample's p replicate readings, dof n - 2."""
    x = np.array([0.0, 1.0, 2.0, 5.0, 10.0])
    y = np.array([0.012, 1.021, 1.984, 5.046, 9.968])
    cal = fit(x, y)
    signals, p = np.array([0.8, 4.0, 7.5]), 3
    inv = cal.inverse(signals, replicates=p)
    spec = MethodUncertainty.from_dict({})
    table = icp_solid_budgets(spec, concentration=inv.value, u_calibration=inv.u,
                              dof_calibration=cal.dof, volume_ml=50.0, mass_g=0.25, dilution=20.0)
    b1, b0 = np.polyfit(x, y, 1)
    s = math.sqrt(float(np.sum((y - b0 - b1 * x) ** 2)) / 3)
    x0 = (signals - b0) / b1
    u_quam = s / b1 * np.sqrt(1 / p + 1 / 5 + (x0 - x.mean()) ** 2 / np.sum((x - x.mean()) ** 2))
    np.testing.assert_allclose(table.u[:, 0], u_quam, rtol=1e-9)
    np.testing.assert_allclose(table.x[:, 0], x0, rtol=1e-9)
    assert np.all(table.dof[:, 0] == 3)
    # nothing else is uncertain here, so u_c is the calibration term scaled to the solid
    np.testing.assert_allclose(table.combined.u_c, u_quam * 50.0 * 20.0 / 0.25, rtol=1e-9)
