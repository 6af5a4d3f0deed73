"""Grading words its criteria, notes and reasons in Japanese from the same fields as the English, so a
Japanese certificate needs no translation after the fact (issue 19, item 5)."""

from __future__ import annotations

from labapp.core.analytes import ANALYTE_NAMES_JA, ANALYTES, quantity_label
from labapp.core.limit_evaluation import CriterionResult, quantity_words, reason_ja
from labapp.core.vocabulary import Outcome


def _row(outcome: Outcome, quantity: str = "Ni+Co", side: str = "min", **kw: object) -> CriterionResult:
    fields = dict(
        group="NCM-B",
        grade="B",
        quantity=quantity,
        side=side,
        limit=25.0,
        unit="wt%",
        value_text="26.0 ± 1.1 wt%",
        value=26.0,
        expanded_uncertainty=1.1,
        guard_band=1.1,
        outcome=outcome,
        reason="",
        source="CPCIF",
        provisional=False,
    )
    fields.update(kw)
    return CriterionResult(**fields)


def test_every_analyte_has_a_japanese_name() -> None:
    assert set(ANALYTE_NAMES_JA) == set(ANALYTES)
    assert quantity_words("Ni+Co", "ja") == "ニッケル + コバルト（Ni+Co）"
    assert quantity_words("moisture", "ja") == "水分（受領時）"  # a word-named quantity: no English code
    assert (quantity_label("moisture", "ja"), quantity_label("moisture"), quantity_label("F_ws", "ja")) == (
        "水分（受領時）",
        "moisture",
        "F_ws",
    )


def test_a_criterion_in_both_languages_says_the_same_thing() -> None:
    row = _row(Outcome.CONDITIONAL_PASS)
    assert row.words() == (
        "nickel + cobalt (Ni+Co) 26.0 ± 1.1 wt% is within the grade B minimum of 25 wt% "
        "by less than the guard band w = 1.1 wt% (conditional pass)"
    )
    assert row.words("ja") == (
        "ニッケル + コバルト（Ni+Co） 26.0 ± 1.1 wt% はグレード B の下限 25 wt%を満たしますが、"
        "余裕がガードバンド w = 1.1 wt% 未満です（条件付き合格）"
    )
    fail = _row(Outcome.FAIL, "Cu", "max", limit=1.0, value_text="1.374 ± 0.057 wt%")
    assert fail.words("ja") == "銅（Cu） 1.374 ± 0.057 wt% はグレード B の上限 1 wt%を超えています（不合格）"
    undecided = _row(
        Outcome.NOT_DECIDABLE,
        "Fe",
        "max",
        value_text="not reportable",
        reason="Fe above calibration range, dilute and re-measure",
    )
    assert undecided.words("ja") == (
        "鉄（Fe） 報告不可 はグレード B の上限 25 wt%に対して判定できません："
        "Fe：検量線範囲超過、希釈して再測定（判定不能）"
    )


def test_known_reasons_have_japanese_and_an_unknown_one_stays_as_written() -> None:
    assert reason_ja("Ni, Co not reported") == "Ni, Co は報告なし"
    assert reason_ja("no expanded uncertainty reported; the rule needs U").startswith("拡張不確かさ")
    assert reason_ja("something new") == "something new"
