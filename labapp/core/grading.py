"""Grade a lot against a criteria set: the highest tier of its family whose every limit passes.

The grade is a statement of conformity (ISO/IEC 17025:2017, 7.8.6) and so carries the set's id,
version and content hash, the decision rule, every criterion with value, U, limit and outcome,
and the limiting parameters in words. A tier passed only conditionally gives a conditional grade;
failing every tier is off-spec; a lot without moisture or a required analyte is not gradable.
`grade_lot` is pure: a service loads the set and the lot's results, calls it, and persists
`GradingResult.to_dict()` together with the set reference.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from labapp.core.analytes import quantity_label
from labapp.core.commercial import CommercialFigures, commercial_figures
from labapp.core.criteria import CriteriaSet, Tier
from labapp.core.criteria_identity import CriteriaSetRef
from labapp.core.decision_rules import DecisionRule, Outcome
from labapp.core.errors import LabappError
from labapp.core.family import FAMILY_ANALYTES, FamilyAssignment, assign_family
from labapp.core.limit_evaluation import CriterionResult, evaluate_limits, group_outcome
from labapp.core.lot_assay import LotAssay, family_bounds
from labapp.core.screening import ScreenResult, screen_lot
from labapp.core.vocabulary import GradingStatus, SetKind, SetStatus

__all__ = ["GradingResult", "GradingStatus", "TierResult", "grade_lot"]


@dataclass(frozen=True)
class TierResult:
    tier: str
    grade: str
    outcome: Outcome
    criteria: tuple[CriterionResult, ...]


@dataclass(frozen=True)
class GradingResult:
    lot_id: str
    criteria_set: CriteriaSetRef
    decision_rule: DecisionRule
    graded_on: dt.date
    status: GradingStatus
    grade: str | None
    tier: str | None
    family: FamilyAssignment
    tiers: tuple[TierResult, ...]
    limiting: tuple[str, ...]  # the limiting parameters, in words
    reasons: tuple[str, ...]  # why the lot is not gradable or not decidable
    notes: tuple[str, ...]  # informational: mismatch, provisional limits, higher tiers undecided
    provisional: bool  # the set, or a limit of the awarded tier, is provisional
    screens: tuple[ScreenResult, ...]
    commercial: CommercialFigures
    # the limiting parameters as criterion rows (same order as `limiting`): a certificate words them
    # in its own language with CriterionResult.words(lang)
    limiting_criteria: tuple[CriterionResult, ...] = ()
    reasons_ja: tuple[str, ...] = ()  # `reasons` in Japanese, same order
    notes_ja: tuple[str, ...] = ()  # `notes` in Japanese, same order
    # what the source of the set requires and the laboratory did not test (the set's `not_assessed`)
    not_assessed: tuple[str, ...] = ()
    not_assessed_ja: tuple[str, ...] = ()

    @property
    def conditional(self) -> bool:
        return self.status is GradingStatus.CONDITIONAL

    def summary(self) -> str:
        """One line for lists and logs: "Grade B (conditional), JP-EU ... v1.0, non-binary ..."."""
        head = {GradingStatus.GRADED: f"grade {self.grade}",
                GradingStatus.CONDITIONAL: f"grade {self.grade} (conditional)"}.get(self.status, self.status)
        return f"{self.lot_id}: {head} [{self.criteria_set.id} {self.criteria_set.version}, " \
               f"{self.decision_rule.describe()}]"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form to persist or to put in a certificate's JSON twin."""
        return _plain(self)


def grade_lot(
    criteria: CriteriaSet,
    lot: LotAssay,
    *,
    screens: Sequence[CriteriaSet] = (),
    rule: DecisionRule | None = None,
    on_date: dt.date | None = None,
) -> GradingResult:
    """Grade `lot` against a grading set; apply `screens` beside it.

    `rule` overrides the set's decision rule when another was agreed with the customer; the
    result records the rule used. `on_date` decides which screens are in force (default today).
    """
    if criteria.kind is not SetKind.GRADING:
        raise LabappError(f"{criteria.name} is a screen; grade against a grading set")
    rule = rule or criteria.decision_rule
    on_date = on_date or dt.date.today()
    family = assign_family(family_bounds(lot), lot.declared_chemistry)
    tiers = criteria.tiers_for(family.family) if family.family else ()
    reasons, reasons_ja = _unzip(_not_gradable_reasons(criteria, lot, family, tiers))
    tier_results = () if reasons else tuple(_evaluate_tier(lot, t, rule) for t in tiers)
    status, awarded = _decide(tier_results, reasons)
    limiting_rows, undecided = _limiting(tier_results, awarded, status)
    if status is GradingStatus.NOT_DECIDABLE:
        reasons, reasons_ja = tuple(r.words() for r in undecided), tuple(r.words("ja") for r in undecided)
    notes, notes_ja = _unzip(_notes(criteria, family, tier_results, awarded, on_date))
    return GradingResult(
        lot_id=lot.lot_id, criteria_set=CriteriaSetRef.of(criteria), decision_rule=rule, graded_on=on_date,
        status=status, grade=awarded.grade if awarded else None, tier=awarded.tier if awarded else None,
        family=family, tiers=tier_results, limiting=tuple(r.words() for r in limiting_rows),
        limiting_criteria=tuple(limiting_rows), reasons=reasons, notes=notes,
        reasons_ja=reasons_ja, notes_ja=notes_ja,
        not_assessed=criteria.not_assessed_words("en"), not_assessed_ja=criteria.not_assessed_words("ja"),
        provisional=_provisional(criteria, awarded),
        screens=tuple(screen_lot(s, lot, family.family, on_date) for s in screens),
        commercial=commercial_figures(lot),
    )


Bilingual = tuple[str, str]  # (English, Japanese)


def _unzip(pairs: Sequence[Bilingual]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(en for en, _ in pairs), tuple(ja for _, ja in pairs)


def _not_gradable_reasons(
    cs: CriteriaSet, lot: LotAssay, family: FamilyAssignment, tiers: tuple[Tier, ...]
) -> list[Bilingual]:
    reasons: list[Bilingual] = []
    if not lot.has("moisture"):
        reasons.append(("moisture not reported: results cannot be stated on a dry basis",
                        "水分が報告されていない：結果を乾燥ベースで表せない"))
    missing = [a for a in cs.required_analytes if a != "moisture" and not lot.has(a)]
    withheld = [a for a in missing if a in lot.results and lot.results[a].withheld is not None]
    if len(missing) > len(withheld):
        absent = ", ".join(a for a in missing if a not in withheld)
        reasons.append((f"required analytes not reported: {absent}",
                        f"必須の分析項目が報告されていない：{absent}"))
    reasons += [(f"{a} {lot.results[a].why_not_reported}", f"{a}：{_withheld_ja(lot, a)}") for a in withheld]
    if family.family is None:
        if not _withheld_explains(lot, family):
            reasons.append((family.reason, f"化学系を判定できない（{family.reason}）"))
    elif not tiers:
        reasons.append((f"{cs.name} has no grade tiers for the {family.family} family",
                        f"{cs.title_ja or cs.name} には {family.family} 系のグレードがない"))
    return reasons


def _withheld_ja(lot: LotAssay, analyte: str) -> str:
    withheld = lot.results[analyte].withheld
    return withheld.label("ja") if withheld is not None else "報告なし"


def _withheld_explains(lot: LotAssay, family: FamilyAssignment) -> bool:
    """The family is unassigned only because a result is withheld, and that reason is already given."""
    lacking = [a for a in FAMILY_ANALYTES if not lot.has(a)]
    return bool(lacking) and all(a in lot.results and lot.results[a].withheld is not None for a in lacking)


def _evaluate_tier(lot: LotAssay, tier: Tier, rule: DecisionRule) -> TierResult:
    rows = evaluate_limits(lot, tier.limits, rule, tier.id, tier.grade)
    return TierResult(tier.id, tier.grade, group_outcome(rows), rows)


def _decide(
    tiers: tuple[TierResult, ...], reasons: tuple[str, ...]
) -> tuple[GradingStatus, TierResult | None]:
    if reasons:
        return GradingStatus.NOT_GRADABLE, None
    for t in tiers:
        if t.outcome.passes:
            return (GradingStatus.GRADED if t.outcome is Outcome.PASS else GradingStatus.CONDITIONAL), t
    if any(t.outcome is Outcome.NOT_DECIDABLE for t in tiers):
        return GradingStatus.NOT_DECIDABLE, None
    return GradingStatus.OFF_SPEC, None


def _not_passing(t: TierResult) -> list[CriterionResult]:
    return [r for r in t.criteria if not r.outcome.passes and r.outcome is not Outcome.NOT_ASSESSED]


def _limiting(
    tiers: tuple[TierResult, ...], awarded: TierResult | None, status: GradingStatus
) -> tuple[list[CriterionResult], tuple[CriterionResult, ...]]:
    """The limiting parameters: why not the next better tier, and why conditional."""
    if status is GradingStatus.NOT_GRADABLE or not tiers:
        return [], ()
    if awarded is None:
        undecided = tuple(r for t in tiers for r in t.criteria if r.outcome is Outcome.NOT_DECIDABLE)
        return _not_passing(tiers[-1]), undecided
    index = tiers.index(awarded)
    limiting = _not_passing(tiers[index - 1]) if index > 0 else []
    limiting += [r for r in awarded.criteria if r.outcome is Outcome.CONDITIONAL_PASS]
    return limiting, ()


def _notes(
    cs: CriteriaSet, family: FamilyAssignment, tiers: tuple[TierResult, ...], awarded: TierResult | None,
    on_date: dt.date,
) -> list[Bilingual]:
    notes: list[Bilingual] = []
    title_ja = cs.title_ja or cs.title
    if family.mismatch:
        declared = family.declared_family and family.declared
        ja = (f"申告された化学系 {family.declared} は分析結果の {family.family} と一致しない" if declared
              else f"申告された化学系 {family.declared!r} はどの化学系にも該当しない")
        notes.append((f"chemistry mismatch: {family.mismatch_text}", f"化学系の不一致：{ja}"))
    if cs.status is SetStatus.PROVISIONAL:
        notes.append((f"{cs.title} is provisional: limits marked provisional are the laboratory's judgement",
                      f"{title_ja}は暫定であり、暫定とされた限度値は試験所の判断による"))
    if on_date < cs.effective:
        notes.append((f"{cs.name} is effective from {cs.effective.isoformat()}",
                      f"{title_ja}は {cs.effective.isoformat()} から適用"))
    skipped = list(dict.fromkeys(
        r.quantity for t in tiers for r in t.criteria if r.outcome is Outcome.NOT_ASSESSED))
    if skipped:
        listed_ja = "、".join(quantity_label(q, "ja") for q in skipped)
        listed_en = ", ".join(quantity_label(q) for q in skipped)
        notes.append((f"not assessed (not reported; not required by the set): {listed_en}",
                      f"未評価（報告なし、判定基準で必須でない）：{listed_ja}"))
    if cs.not_assessed:
        notes.append((f"the grade covers the tested limits of {cs.title} only; not assessed: "
                      + ", ".join(cs.not_assessed_words("en")),
                      f"格付けは{title_ja}のうち試験した限度のみを対象とする。未評価："
                      + "、".join(cs.not_assessed_words("ja"))))
    bounded = {r.uncertainty_note: r.quantity for t in tiers for r in t.criteria if r.uncertainty_note}
    for note, quantity in bounded.items():  # the sum's U is an upper bound (lot_assay._sum_uncertainty)
        notes.append((note, f"{quantity} の U は各項の U の和であり、上限値である"))
    if awarded is not None:
        above = tiers[: tiers.index(awarded)]
        for t in above:
            if t.outcome is Outcome.NOT_DECIDABLE:
                rows = [r for r in t.criteria if r.outcome is Outcome.NOT_DECIDABLE]
                notes.append((
                    f"grade {t.grade} could not be decided: " + "; ".join(r.words() for r in rows),
                    f"グレード {t.grade} は判定できなかった：" + "；".join(r.words("ja") for r in rows),
                ))
    return notes


def _provisional(cs: CriteriaSet, awarded: TierResult | None) -> bool:
    provisional_limit = bool(awarded and any(r.provisional for r in awarded.criteria))
    return cs.status is SetStatus.PROVISIONAL or provisional_limit


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
