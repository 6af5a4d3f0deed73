"""Boundary tests of the ILAC-G8:09/2019 decision rules, derived by hand from the guide's definitions.

Guard band w = factor x U. Simple acceptance: pass when inside the tolerance limit TL. Binary
guarded: pass only inside the acceptance limit AL = TL -/+ w. Non-binary: pass inside AL,
conditional pass between AL and TL, conditional fail between TL and TL +/- w, fail beyond.
Boundaries are inclusive on the passing side (value on AL passes, on TL is a conditional pass).
"""

from __future__ import annotations

import pytest

from labapp.core.decision_rules import DecisionRule, Outcome, rule_statement

P, CP, CF, F, ND = (Outcome.PASS, Outcome.CONDITIONAL_PASS, Outcome.CONDITIONAL_FAIL, Outcome.FAIL,
                    Outcome.NOT_DECIDABLE)

SIMPLE = DecisionRule("simple", 0.0)
BINARY = DecisionRule("binary-guarded", 1.0)
NONBINARY = DecisionRule("non-binary", 1.0)
NONBINARY_2U = DecisionRule("non-binary", 2.0)

# Maximum TL = 1.0 wt % (e.g. Cu), U = 0.1 so w = 0.1 (2U: w = 0.2).
MAX_CASES = [
    # rule, value, expected                 position relative to TL = 1.0, w = 0.1
    (SIMPLE, 0.85, P),  # inside by more than w
    (SIMPLE, 0.95, P),  # inside by less than w
    (SIMPLE, 1.0, P),  # exactly on the limit
    (SIMPLE, 1.05, F),  # outside by less than w
    (SIMPLE, 1.15, F),  # outside by more than w
    (BINARY, 0.85, P),
    (BINARY, 0.9, P),  # exactly on the acceptance limit TL - w
    (BINARY, 0.95, F),
    (BINARY, 1.0, F),
    (BINARY, 1.05, F),
    (BINARY, 1.15, F),
    (NONBINARY, 0.85, P),
    (NONBINARY, 0.9, P),
    (NONBINARY, 0.95, CP),
    (NONBINARY, 1.0, CP),
    (NONBINARY, 1.05, CF),
    (NONBINARY, 1.1, CF),  # exactly on TL + w
    (NONBINARY, 1.15, F),
    (NONBINARY_2U, 0.85, CP),  # w = 0.2: inside by 0.15 < w
    (NONBINARY_2U, 0.8, P),
    (NONBINARY_2U, 1.15, CF),
    (NONBINARY_2U, 1.25, F),
]

# Minimum TL = 35 wt % (e.g. Ni+Co), U = 0.6 so w = 0.6.
MIN_CASES = [
    (SIMPLE, 35.0, P),
    (SIMPLE, 34.99, F),
    (BINARY, 35.6, P),  # on the acceptance limit TL + w
    (BINARY, 35.59, F),
    (BINARY, 35.0, F),
    (NONBINARY, 36.0, P),
    (NONBINARY, 35.6, P),
    (NONBINARY, 35.3, CP),
    (NONBINARY, 35.0, CP),
    (NONBINARY, 34.7, CF),
    (NONBINARY, 34.4, CF),
    (NONBINARY, 34.3, F),
]


@pytest.mark.parametrize(("rule", "value", "expected"), MAX_CASES)
def test_maximum_limit(rule: DecisionRule, value: float, expected: Outcome) -> None:
    assert rule.judge(value, 0.1, 1.0, "max").outcome is expected


@pytest.mark.parametrize(("rule", "value", "expected"), MIN_CASES)
def test_minimum_limit(rule: DecisionRule, value: float, expected: Outcome) -> None:
    assert rule.judge(value, 0.6, 35.0, "min").outcome is expected


def test_guard_band_is_the_multiple_of_u() -> None:
    assert NONBINARY.judge(0.5, 0.1, 1.0, "max").guard_band == pytest.approx(0.1)
    assert NONBINARY_2U.judge(0.5, 0.1, 1.0, "max").guard_band == pytest.approx(0.2)
    assert SIMPLE.judge(0.5, 0.1, 1.0, "max").guard_band == 0.0


def test_guarded_rules_need_u_simple_does_not() -> None:
    j = NONBINARY.judge(0.5, None, 1.0, "max")
    assert j.outcome is ND and "uncertainty" in j.reason
    assert BINARY.judge(0.5, None, 1.0, "max").outcome is ND
    assert SIMPLE.judge(0.5, None, 1.0, "max").outcome is P


def test_zero_uncertainty_reduces_non_binary_to_simple() -> None:
    assert NONBINARY.judge(1.0, 0.0, 1.0, "max").outcome is P
    assert NONBINARY.judge(1.0001, 0.0, 1.0, "max").outcome is F


# Censored results "< LOQ": against a maximum they pass when LOQ <= limit, else not decidable;
# against a minimum they fail when LOQ <= limit (the value is below the limit), else not decidable.
CENSORED_CASES = [
    (NONBINARY, "max", 0.003, 0.005, P),
    (NONBINARY, "max", 0.005, 0.005, P),
    (NONBINARY, "max", 0.008, 0.005, ND),
    (SIMPLE, "max", 0.008, 0.005, ND),
    (BINARY, "max", 0.004, 0.005, P),
    (NONBINARY, "min", 0.01, 0.02, F),
    (NONBINARY, "min", 0.02, 0.02, F),
    (SIMPLE, "min", 0.02, 0.02, F),
    (NONBINARY, "min", 0.05, 0.02, ND),
]


@pytest.mark.parametrize(("rule", "side", "loq", "limit", "expected"), CENSORED_CASES)
def test_censored_against_limit(
    rule: DecisionRule, side: str, loq: float, limit: float, expected: Outcome
) -> None:
    j = rule.judge_interval(0.0, loq, 0.0, limit, side, censored=True)
    assert j.outcome is expected
    if expected is ND:
        assert "LOQ" in j.reason


def test_unknown_rule_and_negative_factor_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown decision rule"):
        DecisionRule("guarded", 1.0)
    with pytest.raises(ValueError, match="negative"):
        DecisionRule("non-binary", -1.0)


@pytest.mark.parametrize("kind", ["simple", "binary-guarded", "non-binary"])
def test_statements_exist_in_english_and_japanese(kind: str) -> None:
    rule = DecisionRule(kind, 0.0 if kind == "simple" else 2.0)
    en, ja = rule_statement(rule, "en"), rule_statement(rule, "ja")
    assert "ILAC-G8:09/2019" in en and "ILAC-G8:09/2019" in ja
    if kind != "simple":
        assert "w = 2 x U" in en and "w = 2 × U" in ja
        # w is built from U, so the statement says a sum's U has its shared inputs correlated
        assert "correlated (JCGM 100:2008, 5.2)" in en and "相関を考慮して伝播" in ja
    else:
        assert "correlated" not in en
    if kind == "non-binary":
        assert "Conditional pass" in en and "条件付き合格" in ja and "条件付き不合格" in ja
