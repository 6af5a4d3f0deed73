"""Uncertainty from sampling by the duplicate method, against the Eurachem/CITAC guide's example A1
(nitrate in glasshouse lettuce, 8 targets x 2 samples x 2 analyses, mg/kg), the duplicate
difference formulas as an independent route, and simulated studies."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from labapp.core.analytes import Quantity
from labapp.core.errors import LabappError
from labapp.core.lot_assay import AnalyteResult, LotAssay, quantity_value
from labapp.core.lot_sampling import dof_of_k, lot_sampling, with_sampling
from labapp.core.lot_uncertainty import LotUncertainty
from labapp.core.uncertainty.budget import Budget, Component
from labapp.core.uncertainty.combine import coverage_factor
from labapp.core.uncertainty.sampling import (
    SAMPLING,
    SamplingSpec,
    duplicate_anova,
    duplicate_design,
    sampling_component,
)

# Eurachem/CITAC UfS (2007 and 2019), example A1, table A1.1: [S1A1, S1A2, S2A1, S2A2] per target
LETTUCE = np.array([
    [3898, 4139, 4466, 4693], [3910, 3993, 4201, 4126], [5708, 5903, 4061, 3782],
    [5028, 4754, 5450, 5416], [4640, 4401, 4248, 4191], [5182, 5023, 4662, 4839],
    [3028, 3224, 3023, 2901], [3966, 4283, 4131, 3788],
], dtype=float).reshape(8, 2, 2)


def test_lettuce_example_a1_classical_anova() -> None:
    """Published classical ANOVA (table A1.2): mean 4345.6, s_between 556.3, s_samp 518.2,
    s_anal 148.2, s_meas 538.9 mg/kg; U' = 200 x 538.9 / 4345.6 = 24.8 %."""
    a = duplicate_anova(LETTUCE)
    assert a.mean == pytest.approx(4345.6, abs=0.05)
    assert a.s_between == pytest.approx(556.3, abs=0.05)
    assert a.s_samp == pytest.approx(518.2, abs=0.05)
    assert a.s_anal == pytest.approx(148.2, abs=0.05)
    assert a.s_meas == pytest.approx(538.9, abs=0.05)
    assert 100 * a.relative_expanded_measurement == pytest.approx(24.8, abs=0.05)
    assert (a.dof_samp, a.dof_anal) == (8, 16)


def test_analytical_sd_equals_the_duplicate_difference_formula() -> None:
    """Independent oracle: for duplicates s_anal^2 = sum d^2 / (2 N) over the N = 16 analysis pairs,
    and s_samp^2 + s_anal^2 / 2 = sum D^2 / (2 n) over the n = 8 differences of sample means."""
    d = LETTUCE[:, :, 0] - LETTUCE[:, :, 1]
    big_d = LETTUCE.mean(axis=2)[:, 0] - LETTUCE.mean(axis=2)[:, 1]
    a = duplicate_anova(LETTUCE)
    assert a.s_anal == pytest.approx(math.sqrt((d**2).sum() / 32), rel=1e-12)
    assert a.s_samp**2 + a.s_anal**2 / 2 == pytest.approx((big_d**2).sum() / 16, rel=1e-12)


def test_simulated_studies_recover_the_true_sampling_sd() -> None:
    """2000 simulated studies of 8 targets (s_between 500, s_samp 300, s_anal 150): the mean of the
    unbiased s_samp^2 estimates is 300^2 within 3 standard errors of the simulation."""
    rng = np.random.default_rng(21)
    n_sim = 2000
    x = (4000 + 500 * rng.standard_normal((n_sim, 8, 1, 1)) + 300 * rng.standard_normal((n_sim, 8, 2, 1))
         + 150 * rng.standard_normal((n_sim, 8, 2, 2)))
    ms_anal = ((x - x.mean(axis=3, keepdims=True)) ** 2).sum(axis=(1, 2, 3)) / 16
    sm = x.mean(axis=3)
    ms_samp = 2 * ((sm - sm.mean(axis=2, keepdims=True)) ** 2).sum(axis=(1, 2)) / 8
    v = (ms_samp - ms_anal) / 2  # unbiased, before truncation at 0
    assert abs(v.mean() - 300**2) < 3 * v.std(ddof=1) / math.sqrt(n_sim)
    one = duplicate_anova(x[0])
    assert one.s_samp == pytest.approx(math.sqrt(max(v[0], 0.0)), rel=1e-12)


def test_design_from_long_rows_and_clear_errors() -> None:
    rows = pd.DataFrame([(t, s, a, LETTUCE[t, s, a]) for t in range(8) for s in range(2) for a in range(2)],
                        columns=["target", "sample", "analysis", "value"])
    np.testing.assert_array_equal(duplicate_design(rows.sample(frac=1.0, random_state=1)), LETTUCE)
    with pytest.raises(LabappError, match="target 3: the duplicate method needs 2 samples analysed twice"):
        duplicate_design(rows.drop(index=rows.index[(rows.target == 3)][-1]))
    with pytest.raises(LabappError, match="shape"):
        duplicate_anova(LETTUCE[:, :, :1])
    with pytest.raises(LabappError, match="at least 2 sampling targets"):
        duplicate_anova(LETTUCE[:1])


def test_spec_is_off_by_default_and_strict() -> None:
    assert not SamplingSpec.from_dict({}).enabled
    spec = SamplingSpec.from_dict({"enabled": True, "rsd_percent": 2.0, "dof": 7, "primary_samples": 4})
    assert spec.standard_uncertainty(50.0) == pytest.approx(0.02 * 50 / 2)
    with pytest.raises(LabappError, match="sampling.rsd_pct: unknown key"):
        SamplingSpec.from_dict({"rsd_pct": 2.0})
    with pytest.raises(LabappError, match="needs rsd_percent > 0"):
        SamplingSpec.from_dict({"enabled": True})
    with pytest.raises(LabappError, match="primary_samples"):
        SamplingSpec.from_dict({"primary_samples": 0})


def test_spec_from_the_lettuce_study() -> None:
    spec = SamplingSpec.from_anova(duplicate_anova(LETTUCE))
    assert spec.rsd == pytest.approx(518.16 / 4345.56, rel=1e-4)  # 11.9 %
    # dof of (MS_samp - MS_anal) / 2 by Welch-Satterthwaite: MS_samp = 2 s_samp^2 + s_anal^2
    ms_s, ms_a = 2 * 518.16**2 + 148.18**2, 148.18**2
    assert spec.dof == pytest.approx((ms_s - ms_a) ** 2 / (ms_s**2 / 8 + ms_a**2 / 16), rel=1e-3)
    c = sampling_component(4000.0, spec, "mg/kg")
    assert c.name == SAMPLING and c.value == 0.0 and c.sensitivity == 1.0
    assert c.u == pytest.approx(477.0, rel=1e-3)


def test_lot_result_gets_the_sampling_component_with_welch_satterthwaite() -> None:
    """Ni 20.00 +/- 0.40 wt % (k = 2), sampling RSD 1 % with 8 dof, one primary sample:
    u = sqrt(0.2^2 + 0.2^2) = 0.2828, nu_eff = 0.2828^4 / (0.2^4 / 8) = 32, k = t(32) = 2.037."""
    spec = SamplingSpec(True, 0.01, 8.0, 1)
    part = lot_sampling(AnalyteResult("Ni", 20.0, 0.40), spec)
    assert part is not None
    assert part.u_analytical == pytest.approx(0.2) and part.u_sampling == pytest.approx(0.2)
    assert part.k == pytest.approx(2.0369, abs=1e-4)
    assert part.expanded_uncertainty == pytest.approx(2.0369 * math.sqrt(0.08), abs=1e-4)
    assert part.sampling_share == pytest.approx(0.5)
    results, parts = with_sampling(
        [AnalyteResult("Ni", 20.0, 0.40), AnalyteResult("Co", None, None, censored="<", loq=0.01),
         AnalyteResult("moisture", 1.2, 0.1)], spec)
    assert results[0].expanded_uncertainty == pytest.approx(part.expanded_uncertainty)
    assert results[0].coverage_factor == pytest.approx(part.k)
    assert results[1:] == [AnalyteResult("Co", None, None, censored="<", loq=0.01),
                           AnalyteResult("moisture", 1.2, 0.1)]
    assert set(parts) == {"Ni"}
    off, none = with_sampling([AnalyteResult("Ni", 20.0, 0.40)], SamplingSpec())
    assert off == [AnalyteResult("Ni", 20.0, 0.40)] and none == {}


def test_dof_of_k_inverts_the_t_quantile() -> None:
    assert dof_of_k(2.0) == math.inf
    assert dof_of_k(2.228) == pytest.approx(10.0, rel=1e-3)  # t_0.975(10) = 2.228


def test_per_analyte_overrides() -> None:
    elements = {"Li": {"rsd_percent": 5.0}, "Ni": {"rsd_percent": 1.0, "dof": 12}}
    spec = SamplingSpec.from_dict({"enabled": True, "rsd_percent": 3.0, "dof": 7, "elements": elements})
    assert spec.for_element("Li").rsd == pytest.approx(0.05) and spec.for_element("Li").dof == 7
    assert spec.for_element("Ni").dof == 12 and spec.for_element("Co").rsd == pytest.approx(0.03)
    part = lot_sampling(AnalyteResult("Ni", 20.0, 0.40), spec)
    assert part is not None and part.u_sampling == pytest.approx(0.2)
    with pytest.raises(LabappError, match="sampling.elements.Li.rsd: unknown key"):
        SamplingSpec.from_dict({"elements": {"Li": {"rsd": 5.0}}})


def _digest_budget(value: float, u_cal: float, u_mass_rel: float) -> Budget:
    """One digest's named budget (wt %): its own calibration (r = 0) and the digest's mass (r = 1)."""
    components = (
        Component("calibration", value, u_cal, 1.0, 6.0, "wt%", shared=0.0),
        Component("sample_mass", 0.5, 0.5 * u_mass_rel, -value / 0.5, math.inf, "g", shared=1.0),
    )
    return Budget("mass fraction, dry basis", value, "wt%", components, model="icp_oes_solid:wt%")


def test_a_sum_carries_the_sampling_component_of_its_terms() -> None:
    """Review finding: with [sampling] on, Ni and Co each got U_lot, but U(Ni+Co), propagated from the
    digests' named budgets, had no sampling input, so the guard band of the payable criterion was
    the analytical one alone. Ni 28 and Co 9 wt % from one digest, sampling RSD 2 % (10 dof), the
    two analytes' sampling errors fully correlated (the default): u_samp(Ni+Co) = 0.02 x 37 = 0.74,
    added in quadrature to the digest part, dof by Welch-Satterthwaite with the digest part's."""
    ni_b, co_b = _digest_budget(28.0, 0.15, 0.002), _digest_budget(9.0, 0.06, 0.002)
    ni = AnalyteResult("Ni", 28.0, ni_b.U, coverage_factor=ni_b.k,
                       uncertainty=LotUncertainty((("D1", ni_b),)))
    co = AnalyteResult("Co", 9.0, co_b.U, coverage_factor=co_b.k,
                       uncertainty=LotUncertainty((("D1", co_b),)))
    total = Quantity.parse("Ni+Co")
    before = quantity_value(LotAssay.of("L1", [ni, co]), total, "wt%")
    spec = SamplingSpec(True, 0.02, 10.0, 1)
    results, _ = with_sampling([ni, co], spec)
    after = quantity_value(LotAssay.of("L1", results), total, "wt%")
    assert before is not None and after is not None
    # independent route: digest part by hand (mass r = 1 across Ni and Co, calibration r = 0)
    u_mass = 0.002 * (28.0 + 9.0)
    u_dig2 = 0.15**2 + 0.06**2 + u_mass**2
    nu_dig = u_dig2**2 / (0.15**4 / 6 + 0.06**4 / 6)
    u_samp = 0.02 * 37.0
    u2 = u_dig2 + u_samp**2
    nu = u2**2 / (u_dig2**2 / nu_dig + u_samp**4 / 10.0)
    assert before.expanded_uncertainty == pytest.approx(float(coverage_factor(nu_dig)) * math.sqrt(u_dig2),
                                                        rel=1e-9)
    assert after.expanded_uncertainty == pytest.approx(float(coverage_factor(nu)) * math.sqrt(u2), rel=1e-9)
    assert after.expanded_uncertainty > 2.8 * before.expanded_uncertainty


def test_sampling_correlation_between_analytes_is_a_stated_option() -> None:
    """`shared` defaults to 1 (widens a sum); a stated r = 0 adds the two sampling terms in quadrature."""
    assert SamplingSpec.from_dict({"enabled": True, "rsd_percent": 2.0}).shared == 1.0
    spec = SamplingSpec.from_dict({"enabled": True, "rsd_percent": 2.0, "dof": 10, "shared": 0.0})
    assert sampling_component(28.0, spec).shared == 0.0
    ni_b, co_b = _digest_budget(28.0, 0.15, 0.002), _digest_budget(9.0, 0.06, 0.002)
    ni = AnalyteResult("Ni", 28.0, ni_b.U, coverage_factor=ni_b.k,
                       uncertainty=LotUncertainty((("D1", ni_b),)))
    co = AnalyteResult("Co", 9.0, co_b.U, coverage_factor=co_b.k,
                       uncertainty=LotUncertainty((("D1", co_b),)))
    results, _ = with_sampling([ni, co], spec)
    derived = quantity_value(LotAssay.of("L1", results), Quantity.parse("Ni+Co"), "wt%")
    u_mass = 0.002 * 37.0
    u_dig2 = 0.15**2 + 0.06**2 + u_mass**2
    nu_dig = u_dig2**2 / (0.15**4 / 6 + 0.06**4 / 6)
    ni_s, co_s = 0.02 * 28.0, 0.02 * 9.0
    u2 = u_dig2 + ni_s**2 + co_s**2
    nu = u2**2 / (u_dig2**2 / nu_dig + ni_s**4 / 10.0 + co_s**4 / 10.0)
    assert derived is not None
    assert derived.expanded_uncertainty == pytest.approx(float(coverage_factor(nu)) * math.sqrt(u2), rel=1e-9)
    with pytest.raises(LabappError, match="sampling.shared"):
        SamplingSpec.from_dict({"enabled": True, "rsd_percent": 2.0, "shared": 1.5})
