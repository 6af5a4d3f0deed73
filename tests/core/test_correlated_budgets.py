"""Sums and ratios of a lot's analytes with their shared inputs correlated, checked against GTC.

GTC (the GUM Tree Calculator) is the oracle: each named input of the ICP-OES model is one ureal, the
digest's mass, volume, dilution and moisture one ureal shared by both elements, and the method terms
shared with the stated r (the same ureal for r = 1 and equal u; an ensemble with set_correlation
otherwise). GTC differentiates the model itself, so the test checks labapp's sensitivities, the
cross-result correlation and the Welch-Satterthwaite grouping at once.
"""

from __future__ import annotations

import json
import math
import tomllib

import GTC
import pytest
from GTC import multiple_ureal, rp, set_correlation, ureal

from labapp.core.analytes import Quantity
from labapp.core.lot_assay import AnalyteResult, LotAssay, quantity_value
from labapp.core.lot_uncertainty import MOLAR_MASS, LotUncertainty, derive, molar_ratio
from labapp.core.uncertainty import Budget, MethodUncertainty, icp_solid_budgets
from labapp.core.uncertainty.correlated import NotCorrelatable
from labapp.core.vocabulary import UncertaintyBasis
from labapp.resources import resource_path

RTOL = 1e-9
METHOD = tomllib.loads(resource_path("methods", "icp-oes-black-mass.toml").read_text(encoding="utf-8"))
SPEC = MethodUncertainty.from_dict(METHOD["uncertainty"])
# one digest: 0.2503 g, 100 mL, 1+9 dilution (one step), moisture 1.8 %
DIGEST = {"volume_ml": 100.0, "mass_g": 0.2503, "dilution": 10.0, "dilution_steps": 1, "moisture": 0.018}
# solution readings per element: c, u(c), dof, blank, u(blank), dof(blank)
SOLUTION = {"Ni": (7.1, 0.011, 3.0, 0.004, 0.0008, 1.0), "Co": (2.38, 0.0104, 3.0, 0.002, 0.0004, 1.0),
            "Li": (1.35, 0.006, 4.0, 0.001, 0.0003, 2.0), "Mn": (2.2, 0.009, 3.0, 0.003, 0.0005, 1.0)}


def budget(element: str, spec: MethodUncertainty = SPEC) -> Budget:
    c, uc, nuc, b, ub, nub = SOLUTION[element]
    table = icp_solid_budgets(spec.for_element(element), concentration=c, u_calibration=uc,
                              dof_calibration=nuc, blank=b, u_blank=ub, dof_blank=nub, unit="wt%", **DIGEST)
    return table.budget(0)


def lot(*elements: str, spec: MethodUncertainty = SPEC) -> dict[str, LotUncertainty]:
    return {e: LotUncertainty((("D1", budget(e, spec)),)) for e in elements}


def gtc_results(elements: tuple[str, ...], spec: MethodUncertainty = SPEC) -> dict[str, object]:
    """The same model in GTC: shared digest inputs, method terms shared with the method's r.

    The shared inputs are returned too, under their budget names."""
    v = ureal(DIGEST["volume_ml"], budget("Ni", spec).component("digest_volume").u)
    df = ureal(DIGEST["dilution"], budget("Ni", spec).component("dilution").u)
    m = ureal(DIGEST["mass_g"], budget("Ni", spec).component("sample_mass").u)
    f = ureal(DIGEST["moisture"], budget("Ni", spec).component("moisture").u)
    rec_spec, rep_u = spec.recovery, [spec.for_element(e).reproducibility for e in elements]
    r_rec, r_rep = spec.shared("recovery"), spec.shared("reproducibility")
    recs = _correlated([1.0] * len(elements), [rec_spec.u] * len(elements), rec_spec.dof, r_rec)
    reps = _correlated([1.0] * len(elements), [r.rsd for r in rep_u], rep_u[0].dof, r_rep)
    out = {"digest_volume": v, "dilution": df, "sample_mass": m, "moisture": f, "recovery": recs[0]}
    for e, rec, rep in zip(elements, recs, reps, strict=True):
        c, uc, nuc, b, ub, nub = SOLUTION[e]
        conc, blank = ureal(c, uc, nuc), ureal(b, ub, nub)
        out[e] = (conc - blank) * v * df / (m * (1 - f) * rec) * rep * 1e-4
    return out


def _correlated(x: list[float], u: list[float], dof: float, r: float) -> list[object]:
    """One ureal when r = 1 and the u agree (one quantity); else an ensemble with the correlation set."""
    if r == 1.0 and len(set(u)) == 1:
        return [ureal(x[0], u[0], dof)] * len(x)
    if r == 0.0:  # independent (an ensemble would group them in Welch-Satterthwaite)
        return [ureal(xi, ui, dof) for xi, ui in zip(x, u, strict=True)]
    items = multiple_ureal(x, u, dof)
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            set_correlation(r, items[i], items[j])
    return items


def assert_matches(derived, y) -> None:  # noqa: ANN001 - a Derived and a GTC ureal
    assert derived.value == pytest.approx(y.x, rel=RTOL)
    assert derived.u == pytest.approx(y.u, rel=RTOL)
    assert derived.nu_eff == pytest.approx(y.df, rel=RTOL)
    assert pytest.approx(rp.k_factor(y.df) * y.u, rel=RTOL) == derived.U


def test_single_result_reproduces_its_budget() -> None:
    b = budget("Ni")
    y = gtc_results(("Ni",))["Ni"]
    assert (b.u_c, b.nu_eff) == (pytest.approx(y.u, rel=RTOL), pytest.approx(y.df, rel=RTOL))
    d = derive([lot("Ni")["Ni"]], [1.0], [1.0])
    assert (d.u, d.U) == (pytest.approx(b.u_c, rel=1e-12), pytest.approx(b.U, rel=1e-12))


def test_sum_ni_co_matches_gtc_with_shared_inputs() -> None:
    r = lot("Ni", "Co")
    y = gtc_results(("Ni", "Co"))
    d = derive([r["Ni"], r["Co"]], [1.0, 1.0], [1.0, 1.0])
    assert_matches(d, y["Ni"] + y["Co"])
    quadrature = math.hypot(r["Ni"].digests[0][1].u_c, r["Co"].digests[0][1].u_c)
    assert d.u > 1.2 * quadrature  # recovery and reproducibility dominate and are shared


def test_difference_and_independent_method_terms_match_gtc() -> None:
    """With r = 0 for the method terms only the digest's physical inputs correlate; a difference
    (a - b, gradient -1) checks the sign of the cross terms."""
    spec = MethodUncertainty.from_dict({**METHOD["uncertainty"], "between_elements": {}})
    r = lot("Ni", "Co", spec=spec)
    y = gtc_results(("Ni", "Co"), spec)
    assert_matches(derive([r["Ni"], r["Co"]], [1.0, 1.0], [1.0, -1.0]), y["Ni"] - y["Co"])
    assert_matches(derive([r["Ni"], r["Co"]], [1.0, 1.0], [1.0, 1.0]), y["Ni"] + y["Co"])


def test_partial_correlation_matches_gtc() -> None:
    raw = {**METHOD["uncertainty"], "between_elements": {"recovery": 0.5, "reproducibility": 0.3}}
    spec = MethodUncertainty.from_dict(raw)
    r = lot("Ni", "Co", spec=spec)
    y = gtc_results(("Ni", "Co"), spec)
    assert_matches(derive([r["Ni"], r["Co"]], [1.0, 1.0], [1.0, 1.0]), y["Ni"] + y["Co"])


def test_molar_ratio_li_to_nickel_cobalt_manganese_matches_gtc() -> None:
    """Li/(Ni+Co+Mn) in mol: Li's reproducibility (2.0 %) and the others' (1.2 %) correlated with
    r = 1 but different u (a GTC ensemble); mass, volume, dilution, moisture and recovery cancel."""
    elements = ("Li", "Ni", "Co", "Mn")
    r = lot(*elements)
    y = gtc_results(elements)
    mol = {e: y[e] / MOLAR_MASS[e] for e in elements}
    expected = mol["Li"] / (mol["Ni"] + mol["Co"] + mol["Mn"])
    d = molar_ratio(r, dict.fromkeys(elements, 1.0), ["Li"], ["Ni", "Co", "Mn"])
    assert_matches(d, expected)
    for shared in ("digest_volume", "dilution", "sample_mass", "moisture", "recovery"):
        assert GTC.rp.u_component(expected, y[shared]) == pytest.approx(0.0, abs=1e-15)


def _assay(budgets: dict[str, LotUncertainty | None]) -> LotAssay:
    results = []
    for e, lu in budgets.items():
        b = budget(e)
        results.append(AnalyteResult(e, b.value, b.U, "wt%", uncertainty=lu))
    return LotAssay.of("L1", results)


def test_quantity_value_of_a_sum_uses_the_correlated_u() -> None:
    qv = quantity_value(_assay(lot("Ni", "Co")), Quantity.parse("Ni+Co"), "wt%")
    y = gtc_results(("Ni", "Co"))
    total = y["Ni"] + y["Co"]
    assert qv is not None and qv.basis is UncertaintyBasis.CORRELATED and qv.note == ""
    assert qv.expanded_uncertainty == pytest.approx(rp.k_factor(total.df) * total.u, rel=RTOL)
    in_mg_kg = quantity_value(_assay(lot("Ni", "Co")), Quantity.parse("Ni+Co"), "mg/kg")
    assert in_mg_kg.expanded_uncertainty == pytest.approx(1e4 * qv.expanded_uncertainty, rel=1e-12)


def test_schema_1_budgets_give_the_upper_bound_and_say_so() -> None:
    """A budget stored before inputs were named reads back, but is never combined as if independent."""
    old = {}
    for e in ("Ni", "Co"):
        data = budget(e).to_dict()
        data["schema"] = "labapp.uncertainty-budget/1"
        for c in data["components"]:
            del c["shared"]
        old[e] = LotUncertainty((("D1", Budget.from_dict(data)),))
    assert not old["Ni"].named and old["Ni"].digests[0][1].U == budget("Ni").U
    with pytest.raises(NotCorrelatable, match="schema 1"):
        derive([old["Ni"], old["Co"]], [1.0, 1.0], [1.0, 1.0])
    qv = quantity_value(_assay(old), Quantity.parse("Ni+Co"), "wt%")
    assert qv.basis is UncertaintyBasis.UPPER_BOUND
    assert qv.expanded_uncertainty == pytest.approx(budget("Ni").U + budget("Co").U, rel=1e-12)
    assert "upper bound" in qv.note and "schema 1" in qv.note
    assert Budget.from_dict(old["Ni"].digests[0][1].to_dict()).named is False  # written back as schema 1


def test_results_without_budgets_give_the_upper_bound() -> None:
    qv = quantity_value(_assay({"Ni": None, "Co": None}), Quantity.parse("Ni+Co"), "wt%")
    assert qv.basis is UncertaintyBasis.UPPER_BOUND
    assert qv.expanded_uncertainty == pytest.approx(budget("Ni").U + budget("Co").U, rel=1e-12)


def test_results_of_different_digests_are_independent() -> None:
    """Ni from digest D1, Co from another preparation D2: nothing shared, so GTC gets separate inputs."""
    ni = LotUncertainty((("D1", budget("Ni")),))
    co = LotUncertainty((("D2", budget("Co")),))
    y_ni, y_co = gtc_results(("Ni",))["Ni"], gtc_results(("Co",))["Co"]  # two sets of digest inputs
    assert_matches(derive([ni, co], [1.0, 1.0], [1.0, 1.0]), y_ni + y_co)
    both = LotUncertainty((("D1", budget("Co")), ("D2", budget("Co"))))
    with pytest.raises(NotCorrelatable, match="overlap only in part"):
        derive([ni, both], [1.0, 1.0], [1.0, 1.0])


def test_lot_components_add_in_quadrature_and_correlate_by_name() -> None:
    """A lot-level named input (a sampling component, say) shared between two analytes with r = 1."""
    from labapp.core.uncertainty import Component

    base = lot("Ni", "Co")
    with_sampling = {e: LotUncertainty(lu.digests, (Component("sampling", 1.0, 0.01, lu.digests[0][1].value,
                                                             shared=1.0),)) for e, lu in base.items()}
    d0 = derive([base["Ni"], base["Co"]], [1.0, 1.0], [1.0, 1.0])
    d1 = derive([with_sampling["Ni"], with_sampling["Co"]], [1.0, 1.0], [1.0, 1.0])
    sampling = 0.01 * (budget("Ni").value + budget("Co").value)  # fully correlated: contributions add
    assert d1.u == pytest.approx(math.hypot(d0.u, sampling), rel=1e-12)
    # stored beside the digests' budgets in the reportable row's record, it reads back the same
    records = {e: {"rule": "...",
                   "digests": [{"label": "D1", "budget": lu.digests[0][1].to_dict()}],
                   "lot_components": [c.to_dict() for c in lu.lot_components]}
               for e, lu in with_sampling.items()}
    read = [LotUncertainty.from_record(json.loads(json.dumps(records[e]))) for e in ("Ni", "Co")]
    assert derive(read, [1.0, 1.0], [1.0, 1.0]).u == pytest.approx(d1.u, rel=1e-12)


def test_between_elements_is_validated() -> None:
    with pytest.raises(Exception, match="between_elements.recovery"):
        MethodUncertainty.from_dict({"between_elements": {"recovery": 1.5}})
    with pytest.raises(Exception, match="between_elements.sample_mass"):
        MethodUncertainty.from_dict({"between_elements": {"sample_mass": 1.0}})
    assert SPEC.shared("recovery") == 1.0 and SPEC.shared("reproducibility") == 1.0
    assert MethodUncertainty().shared("recovery") == 0.0


def test_contained_metal_counts_the_shared_moisture_once() -> None:
    """Ni+Co contained in 25 t wet: (w_Ni + w_Co) m_wet (1 - f) with f the digest's own moisture; in
    GTC the same ureal f enters the dry content and the dry mass, and its terms cancel."""
    from labapp.core.lot_uncertainty import contained

    r = lot("Ni", "Co")
    y = gtc_results(("Ni", "Co"))
    u_f = budget("Ni").component("moisture").u
    fractions = [0.01, 0.01]  # wt% -> mass fraction, so the result is in t for a mass in t
    expected = (y["Ni"] + y["Co"]) * 0.01 * 25.0 * (1 - y["moisture"])
    d = contained([r["Ni"], r["Co"]], fractions, 25.0, DIGEST["moisture"], u_f)
    assert_matches(d, expected)
    assert GTC.rp.u_component(expected, y["moisture"]) == pytest.approx(0.0, abs=1e-15)
    # another moisture determination is an independent input
    other = ureal(0.02, u_f)
    expected = (y["Ni"] + y["Co"]) * 0.01 * 25.0 * (1 - other)
    assert_matches(contained([r["Ni"], r["Co"]], fractions, 25.0, 0.02, u_f), expected)


def test_commercial_figures_use_the_correlated_u() -> None:
    from labapp.core.commercial import commercial_figures

    r = lot("Ni", "Co")
    u_f = budget("Ni").component("moisture").u
    results = [AnalyteResult(e, budget(e).value, budget(e).U, "wt%", uncertainty=r[e]) for e in ("Ni", "Co")]
    results.append(AnalyteResult("moisture", 100 * DIGEST["moisture"], 2 * 100 * u_f, "wt%"))
    fig = commercial_figures(LotAssay.of("L1", results, net_wet_mass_kg=25_000.0))
    y = gtc_results(("Ni", "Co"))
    content = {f.name: f for f in fig.content}
    total = y["Ni"] + y["Co"]
    assert content["Ni+Co"].expanded_uncertainty == pytest.approx(rp.k_factor(total.df) * total.u, rel=RTOL)
    ni = {f.name: f for f in fig.contained}["Ni"]
    expected = y["Ni"] * 0.01 * 25.0 * (1 - y["moisture"])
    assert ni.value == pytest.approx(expected.x, rel=RTOL)
    assert ni.expanded_uncertainty == pytest.approx(rp.k_factor(expected.df) * expected.u, rel=RTOL)


def test_two_digests_follow_the_lot_rule() -> None:
    """A lot measured in two digests: u is the mean of the digests' u (labapp.core.reportable), each
    digest's sum with its own shared inputs; nu_eff the smaller. The second digest here weighs 0.2 g."""
    def table(element: str, mass: float) -> Budget:
        c, uc, nuc, b, ub, nub = SOLUTION[element]
        return icp_solid_budgets(SPEC.for_element(element), concentration=c, u_calibration=uc,
                                 dof_calibration=nuc, blank=b, u_blank=ub, dof_blank=nub, unit="wt%",
                                 **{**DIGEST, "mass_g": mass}).budget(0)

    d1 = {e: LotUncertainty((("D1", table(e, 0.2503)),)) for e in ("Ni", "Co")}
    d2 = {e: LotUncertainty((("D2", table(e, 0.2)),)) for e in ("Ni", "Co")}
    both = {e: LotUncertainty((("D1", table(e, 0.2503)), ("D2", table(e, 0.2)))) for e in ("Ni", "Co")}
    one, two = (derive([d["Ni"], d["Co"]], [1.0, 1.0], [1.0, 1.0]) for d in (d1, d2))
    lot_sum = derive([both["Ni"], both["Co"]], [1.0, 1.0], [1.0, 1.0])
    assert lot_sum.u == pytest.approx((one.u + two.u) / 2, rel=1e-12)
    assert lot_sum.nu_eff == min(one.nu_eff, two.nu_eff)
    assert lot_sum.value == pytest.approx((one.value + two.value) / 2, rel=1e-12)


def test_an_edited_lot_record_is_refused() -> None:
    b = budget("Ni")
    record = {"rule": "mean", "u": b.u_c, "digests": [{"label": "D1", "budget": b.to_dict()}]}
    assert LotUncertainty.from_record(record).digests[0][1].U == b.U
    with pytest.raises(Exception, match="inconsistent"):
        LotUncertainty.from_record({**record, "u": 1.01 * b.u_c})
