"""The typed vocabulary (labapp.core.vocabulary): one table per word with value, English and Japanese
labels; stored values read back into the type; outcomes ranked so a conditional fail is never a pass."""

from __future__ import annotations

import json
import re

import pytest

from labapp.core.decision_rules import DecisionRule
from labapp.core.limit_evaluation import group_outcome
from labapp.core.vocabulary import (
    VOCABULARIES,
    CheckOutcome,
    GradingStatus,
    Outcome,
    ResultFlag,
    RuleKind,
    ScreenOutcome,
    Vocabulary,
)

_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_word_has_an_english_and_a_japanese_label(vocabulary: type[Vocabulary]) -> None:
    for member in vocabulary:
        assert member.label("en").strip(), member
        assert _JAPANESE.search(member.label("ja")), f"{member!r} has no Japanese label"
    for lang in ("en", "ja"):
        labels = [m.label(lang) for m in vocabulary]
        assert len(set(labels)) == len(labels), f"{vocabulary.__name__}: two words share a {lang} label"
    with pytest.raises(ValueError, match="no labels in language"):
        next(iter(vocabulary)).label("de")


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_a_stored_value_or_alias_reads_back_into_the_type(vocabulary: type[Vocabulary]) -> None:
    for member in vocabulary:
        assert vocabulary(member.value) is member
        assert vocabulary.parse(f" {member.value.upper()} ") is member
        assert all(vocabulary.parse(alias) is member for alias in member.aliases)
        assert member == member.value and hash(member) == hash(member.value)  # stored by value
        assert json.loads(json.dumps({"w": member})) == {"w": member.value}
    with pytest.raises(ValueError, match=f"unknown {vocabulary.__name__} 'inconclusive'; use one of"):
        vocabulary.parse("inconclusive")


def test_outcomes_rank_so_a_conditional_fail_is_never_a_pass() -> None:
    assert [
        o.severity
        for o in (
            Outcome.NOT_ASSESSED,
            Outcome.PASS,
            Outcome.CONDITIONAL_PASS,
            Outcome.NOT_DECIDABLE,
            Outcome.CONDITIONAL_FAIL,
            Outcome.FAIL,
        )
    ] == [0, 1, 2, 3, 4, 5]
    assert Outcome.worst(["pass", "conditional fail", "pass"]) is Outcome.CONDITIONAL_FAIL
    assert Outcome.worst([Outcome.CONDITIONAL_PASS, Outcome.PASS]) is Outcome.CONDITIONAL_PASS
    assert Outcome.worst([]) is Outcome.PASS
    assert Outcome.CONDITIONAL_FAIL.fails and not Outcome.CONDITIONAL_FAIL.passes
    assert {o for o in Outcome if o.conditional} == {Outcome.CONDITIONAL_PASS, Outcome.CONDITIONAL_FAIL}
    assert ScreenOutcome.CONDITIONALLY_DOES_NOT_MEET.conditional and not ScreenOutcome.MEETS.conditional


def test_a_group_takes_its_worst_outcome_and_ignores_what_was_not_assessed() -> None:
    class Row:
        def __init__(self, outcome: Outcome) -> None:
            self.outcome = outcome

    assert group_outcome([Row(Outcome.PASS), Row(Outcome.CONDITIONAL_FAIL)]) is Outcome.CONDITIONAL_FAIL
    assert group_outcome([Row(Outcome.CONDITIONAL_PASS), Row(Outcome.NOT_DECIDABLE)]) is Outcome.NOT_DECIDABLE
    assert group_outcome([Row(Outcome.NOT_ASSESSED)]) is Outcome.PASS


def test_decision_rule_names_are_spelled_once() -> None:
    assert RuleKind.values() == ("simple", "binary-guarded", "non-binary")  # criteria files, the store
    assert [k.code for k in RuleKind] == ["simple", "guarded_binary", "non_binary"]  # CLI, GUI, JSON twin
    rule = DecisionRule("guarded_binary", 2.0)
    assert rule.kind is RuleKind.BINARY_GUARDED and rule.to_dict() == {
        "kind": "binary-guarded",
        "guard_band": 2.0,
    }
    assert DecisionRule("simple").kind is RuleKind.SIMPLE
    with pytest.raises(
        ValueError, match="unknown decision rule 'guarded'; use one of simple, binary-guarded"
    ):
        DecisionRule("guarded")


def test_grading_status_and_check_words() -> None:
    assert {s for s in GradingStatus if s.has_grade} == {GradingStatus.GRADED, GradingStatus.CONDITIONAL}
    assert list(CheckOutcome.where([True, True, False], [True, False, True])) == [
        "pass",
        "fail",
        "not_applicable",
    ]
    assert ResultFlag.split("excluded;;qc_ccv;digest_rpd") == ["excluded", "qc_ccv", "digest_rpd"]
    assert ResultFlag.words("qc_ccv_bracket") == (
        "continuing calibration verification (CCV) outside limits in its bracket"
    )
    assert ResultFlag.words("qc_crm", "ja") == "認証標準物質（CRM）の回収率が管理限界外"
    assert ResultFlag.words("qc_ccb_bracket", "ja") == "前後の連続検量線ブランク（CCB）が管理限界外"
    assert ResultFlag.words("qc_nonsense") == "qc nonsense"
    assert ResultFlag.words("some_instrument_flag") == "some instrument flag"
