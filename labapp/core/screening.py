"""Regulatory screens reported beside the grade: import criteria and waste classification.

A screen is not a purity grade. A composition screen (China's import criteria for recycled black
mass) says whether the lot meets the section for its family; a classification screen (the EU
List of Waste entry 19 14 02*) states a classification that applies from its effective date
whatever the composition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from labapp.core.analytes import quantity_label
from labapp.core.criteria import CriteriaSet
from labapp.core.criteria_identity import CriteriaSetRef
from labapp.core.decision_rules import Outcome
from labapp.core.limit_evaluation import CriterionResult, evaluate_limits, group_outcome
from labapp.core.lot_assay import LotAssay
from labapp.core.vocabulary import ScreenOutcome, SetKind

__all__ = ["ScreenOutcome", "ScreenResult", "screen_lot"]

_FROM_OUTCOME = {
    Outcome.PASS: ScreenOutcome.MEETS,
    Outcome.CONDITIONAL_PASS: ScreenOutcome.CONDITIONALLY_MEETS,
    Outcome.CONDITIONAL_FAIL: ScreenOutcome.CONDITIONALLY_DOES_NOT_MEET,
    Outcome.FAIL: ScreenOutcome.DOES_NOT_MEET,
    Outcome.NOT_DECIDABLE: ScreenOutcome.NOT_DECIDABLE,
}
_CONDITIONAL = {
    "en": " The statement is conditional: a result lies within the guard band of a limit.",
    "ja": " この判定は条件付きである（ある結果が限界のガードバンド内にある）。",
}


@dataclass(frozen=True)
class ScreenResult:
    screen: CriteriaSetRef
    outcome: ScreenOutcome
    statement: dict[str, str]  # {"en": ..., "ja": ...}
    section: str = ""
    code: str = ""
    hazardous: bool | None = None
    criteria: tuple[CriterionResult, ...] = ()
    reasons: tuple[str, ...] = ()
    # what the statement does not cover: the set's declared untested requirements, then any optional
    # limit not reported; the statement names them after "not assessed" (EN and JA, same order)
    not_assessed: tuple[str, ...] = ()
    not_assessed_ja: tuple[str, ...] = ()


def screen_lot(screen: CriteriaSet, lot: LotAssay, family: str | None, on_date: dt.date) -> ScreenResult:
    """Apply `screen` to a lot of the assigned `family` on `on_date`."""
    if screen.kind is not SetKind.SCREEN:
        raise ValueError(f"{screen.name} is a grading set, not a screen")
    ref = CriteriaSetRef.of(screen)
    if on_date < screen.effective:
        when = screen.effective.isoformat()
        title_ja = screen.title_ja or screen.title
        return ScreenResult(ref, ScreenOutcome.NOT_IN_FORCE, {"en": f"{screen.title}: applies from {when}.",
                                                "ja": f"{title_ja}：{when} から適用。"})
    if screen.classification is not None:
        c = screen.classification
        return ScreenResult(ref, ScreenOutcome.CLASSIFICATION, dict(c.statement), code=c.code,
                            hazardous=c.hazardous)
    sections = screen.sections_for(family) if family else ()
    if not sections:
        covered = ", ".join(screen.families)
        title_ja = screen.title_ja or screen.title
        return ScreenResult(ref, ScreenOutcome.NOT_APPLICABLE, {
            "en": f"{screen.title} covers {covered} black mass; the lot is {family or 'of unknown family'}.",
            "ja": f"{title_ja} の対象は {_families_ja(screen.families)} であり、"
                  f"本ロット（{_families_ja([family]) if family else '不明'}）は対象外。",
        })
    section = sections[0]
    rows = evaluate_limits(lot, section.limits, screen.decision_rule, section.id, section.title)
    outcome = _FROM_OUTCOME[group_outcome(rows)]
    reasons = tuple(r.words() for r in rows if not r.outcome.passes and r.outcome is not Outcome.NOT_ASSESSED)
    untested = {lang: untested_words(screen, rows, lang) for lang in ("en", "ja")}
    statement = _statement(section.statement_meets, section.statement_fails, outcome)
    return ScreenResult(ref, outcome, with_not_assessed(statement, untested, outcome.conditional),
                        section=section.id, criteria=rows, reasons=reasons,
                        not_assessed=untested["en"], not_assessed_ja=untested["ja"])


def untested_words(cs: CriteriaSet, rows: Sequence[CriterionResult], lang: str) -> tuple[str, ...]:
    """What a statement against `cs` does not cover: the set's declared untested requirements, then
    each optional limit's quantity that the lot did not report."""
    skipped = dict.fromkeys(r.quantity for r in rows if r.outcome is Outcome.NOT_ASSESSED)
    reported = "報告なし" if lang == "ja" else "not reported"
    pattern = "{}（{}）" if lang == "ja" else "{} ({})"
    unreported = tuple(pattern.format(quantity_label(q, lang), reported) for q in skipped)
    return (*cs.not_assessed_words(lang), *unreported)


def with_not_assessed(statement: dict[str, str], untested: dict[str, tuple[str, ...]],
                      conditional: bool) -> dict[str, str]:
    """The statement followed by what it does not cover ("...; not assessed: appearance, ...") and, when
    conditional, the guard-band sentence: a reader never takes "meets" to cover an untested requirement."""
    out = {}
    for lang, text in statement.items():
        items = untested.get(lang, ())
        if items and lang == "ja":
            text = f"{text.rstrip('。')}。未評価：{'、'.join(items)}。"
        elif items:
            text = f"{text.rstrip('.')}; not assessed: {', '.join(items)}."
        out[lang] = text + (_CONDITIONAL.get(lang, "") if conditional else "")
    return out


def _statement(meets: dict[str, str], fails: dict[str, str], outcome: ScreenOutcome) -> dict[str, str]:
    if outcome is ScreenOutcome.NOT_DECIDABLE:
        return {"en": "Conformity with these criteria cannot be decided from the reported results.",
                "ja": "報告された結果からはこの基準への適合を判定できない。"}
    return dict(meets if outcome in (ScreenOutcome.MEETS, ScreenOutcome.CONDITIONALLY_MEETS) else fails)


def _families_ja(families: Sequence[str]) -> str:
    """Family codes for a Japanese statement: "Mixed" is a word, written 混合; the others are codes."""
    return "、".join("混合" if f == "Mixed" else f for f in families)
