"""Limits on sums (Ni+Co, Cu+Al) and on censored results, evaluated through a small criteria set.

Expected outcomes are worked by hand: the U of a sum of results given without budgets is the sum of
the terms' U (an upper bound whatever the correlation; issue 17: the root sum of squares used before
understated it; sums with named budgets are tested against GTC in tests/core/test_correlated_budgets.py);
a result "< LOQ" spans [0, LOQ), so a sum containing one spans [sum of the rest, + LOQ).
"""

from __future__ import annotations

import pytest

from labapp.core.criteria import criteria_set_from_dict
from labapp.core.decision_rules import Outcome
from labapp.core.limit_evaluation import evaluate_limit
from labapp.core.lot_assay import AnalyteResult, LotAssay
from labapp.core.vocabulary import UncertaintyBasis

P, CP, CF, F, ND, NA = (Outcome.PASS, Outcome.CONDITIONAL_PASS, Outcome.CONDITIONAL_FAIL, Outcome.FAIL,
                        Outcome.NOT_DECIDABLE, Outcome.NOT_ASSESSED)

SET = criteria_set_from_dict({
    "id": "sums", "version": "1", "title": "sum test", "status": "approved", "effective": "2026-01-01",
    "families": ["NCM"], "decision_rule": {"kind": "non-binary", "guard_band": 1.0},
    "sources": {"T": "test"}, "required_analytes": ["Ni", "Co", "Cu", "Al", "Pb", "moisture"],
    "tiers": [{"id": "A", "grade": "A", "families": ["NCM"], "limits": [
        {"quantity": "Ni+Co", "min": 35, "source": "T"},
        {"quantity": "Cu+Al", "max": 2.0, "source": "T"},
        {"quantity": "Pb", "max": 50, "unit": "mg/kg", "source": "T"},
        {"quantity": "particle_size", "max": 0.25, "source": "T"},  # not required: optional
    ]}],
})
NICO, CUAL, PB, SIZE = SET.tiers[0].limits


def lot(**results: AnalyteResult) -> LotAssay:
    return LotAssay("L", dict(results))


def r(name: str, value: float | None, u: float | None = None, loq: float | None = None) -> AnalyteResult:
    return AnalyteResult(name, value, u, censored="<" if loq is not None else "", loq=loq)


# Ni U = 0.4, Co U = 0.6 -> U(Ni+Co) = 1.0 (upper bound), w = 1.0 against min 35.
@pytest.mark.parametrize(("ni", "co", "expected"), [
    (26.0, 10.0, P),  # 36.0: inside by exactly w
    (25.5, 10.0, CP),  # 35.5: inside by less than w
    (25.0, 10.0, CP),  # 35.0: on the limit
    (24.5, 10.0, CF),  # 34.5: outside by less than w
    (24.0, 10.0, CF),  # 34.0: outside by exactly w
    (23.9, 10.0, F),  # 33.9: outside by more than w
])
def test_sum_uses_combined_uncertainty(ni: float, co: float, expected: Outcome) -> None:
    row = evaluate_limit(lot(Ni=r("Ni", ni, 0.4), Co=r("Co", co, 0.6)), NICO, SET.decision_rule, "A", "A")
    assert row.outcome is expected
    assert row.expanded_uncertainty == pytest.approx(1.0)
    assert row.uncertainty_basis is UncertaintyBasis.UPPER_BOUND and "upper bound" in row.uncertainty_note
    assert row.value == pytest.approx(ni + co)


@pytest.mark.parametrize(("cu", "al_loq", "expected"), [
    (1.0, 0.5, P),  # Cu+Al in [1.0, 1.5): worst case 1.5 is inside 2.0 by more than w = 0.05
    (1.6, 0.5, ND),  # [1.6, 2.1): best case passes, worst case fails
    (2.1, 0.5, F),  # [2.1, 2.6): best case already outside by more than w
])
def test_sum_with_a_censored_term(cu: float, al_loq: float, expected: Outcome) -> None:
    copper_aluminium = lot(Cu=r("Cu", cu, 0.05), Al=r("Al", None, loq=al_loq))
    row = evaluate_limit(copper_aluminium, CUAL, SET.decision_rule, "A", "A")
    assert row.outcome is expected
    assert row.value is None  # a censored sum has no single value
    # both ends rounded outward to two significant digits (labapp.core.uncertainty.reporting)
    assert row.value_text == {1.0: "1.0 to < 1.5 wt%", 1.6: "1.6 to < 2.1 wt%", 2.1: "2.1 to < 2.6 wt%"}[cu]


@pytest.mark.parametrize(("loq_wt", "expected"), [
    (0.003, P),  # 30 mg/kg <= 50 mg/kg
    (0.005, P),  # LOQ exactly on the limit
    (0.008, ND),  # 80 mg/kg: cannot tell
])
def test_censored_result_against_a_limit_in_other_units(loq_wt: float, expected: Outcome) -> None:
    row = evaluate_limit(lot(Pb=r("Pb", None, loq=loq_wt)), PB, SET.decision_rule, "A", "A")
    assert row.outcome is expected
    assert row.value_text == f"< {loq_wt * 1e4:.4g} mg/kg"


def test_uncensored_value_converted_to_the_limit_unit() -> None:
    row = evaluate_limit(lot(Pb=r("Pb", 0.0052, 0.0001)), PB, SET.decision_rule, "A", "A")
    assert row.value == pytest.approx(52.0)  # 0.0052 wt % = 52 mg/kg
    assert row.outcome is F  # outside 50 by 2 > w = 1 mg/kg


def test_missing_optional_analyte_is_not_assessed_and_missing_required_is_not_decidable() -> None:
    assert SIZE.optional and not NICO.optional
    assert evaluate_limit(lot(), SIZE, SET.decision_rule, "A", "A").outcome is NA
    row = evaluate_limit(lot(Ni=r("Ni", 30.0, 0.5)), NICO, SET.decision_rule, "A", "A")
    assert row.outcome is ND and "Co not reported" in row.reason


def test_all_terms_censored_pass_a_maximum_without_uncertainty() -> None:
    row = evaluate_limit(lot(Cu=r("Cu", None, loq=0.5), Al=r("Al", None, loq=0.5)), CUAL, SET.decision_rule,
                         "A", "A")
    assert row.outcome is P  # < 1.0 total, LOQ sum below the limit


def test_sum_without_uncertainty_is_not_decidable_under_a_guarded_rule() -> None:
    row = evaluate_limit(lot(Ni=r("Ni", 30.0), Co=r("Co", 10.0, 0.5)), NICO, SET.decision_rule, "A", "A")
    assert row.outcome is ND and "uncertainty" in row.reason
