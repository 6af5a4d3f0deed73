"""One lot against a list of limits under a decision rule: the criterion rows of a grade or a screen.

Each row keeps what a certificate shows for a statement of conformity (ISO/IEC 17025:2017,
7.8.6): the value with its U, the limit, the guard band applied, the outcome, and the source of
the limit; `words()` gives the row as a sentence for the limiting parameters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from labapp.core.analytes import ANALYTE_NAMES_JA, ANALYTES, WORD_NAMED
from labapp.core.criteria import Limit
from labapp.core.decision_rules import DecisionRule, Outcome
from labapp.core.lot_assay import LotAssay, quantity_value
from labapp.core.uncertainty.reporting import round_uncertainty
from labapp.core.vocabulary import ResultFlag, UncertaintyBasis

_FLAG_BY_LABEL = {flag.label("en"): flag.value for flag in ResultFlag}


@dataclass(frozen=True)
class CriterionResult:
    group: str  # tier or section id
    grade: str  # the grade the tier awards, or the section title
    quantity: str
    side: str
    limit: float
    unit: str
    value_text: str
    value: float | None  # the measured value (None when censored or not reported)
    expanded_uncertainty: float | None
    guard_band: float | None
    outcome: Outcome
    reason: str
    source: str
    provisional: bool
    uncertainty_basis: UncertaintyBasis = UncertaintyBasis.RESULT  # how U (and so w) was obtained
    uncertainty_note: str = ""  # why U is an upper bound, when it is

    def words(self, lang: str = "en") -> str:
        """The criterion as a sentence in `lang` ("en" or "ja"): what was measured, against which
        limit, with what outcome. Built from the row's fields, so both languages say the same."""
        if lang == "ja":
            return self._words_ja()
        name = quantity_words(self.quantity)
        bound = "maximum" if self.side == "max" else "minimum"
        limit = f"the grade {self.grade} {bound} of {self.limit:g} {self.unit}"
        w = self._w()
        if self.outcome is Outcome.NOT_ASSESSED:
            return f"{name} was not reported; {limit} was not assessed"
        if self.outcome is Outcome.NOT_DECIDABLE:
            return f"{name} {self.value_text} cannot be judged against {limit}: {self.reason} (not decidable)"
        if self.outcome.fails:
            where = "above" if self.side == "max" else "below"
            conditional = self.outcome is Outcome.CONDITIONAL_FAIL
            by = f" by no more than the guard band w = {w}" if conditional else ""
            return f"{name} {self.value_text} is {where} {limit}{by} ({self.outcome})"
        if self.outcome is Outcome.CONDITIONAL_PASS:
            return (f"{name} {self.value_text} is within {limit} by less than the guard band w = {w} "
                    "(conditional pass)")
        return f"{name} {self.value_text} meets {limit} (pass)"

    def _w(self) -> str:
        return f"{round_uncertainty(self.guard_band):f} {self.unit}" if self.guard_band else ""  # as U prints

    def _words_ja(self) -> str:
        name = quantity_words(self.quantity, "ja")
        bound = "上限" if self.side == "max" else "下限"
        limit = f"グレード {self.grade} の{bound} {self.limit:g} {self.unit}"
        value = VALUE_TEXT_JA.get(self.value_text, self.value_text)
        outcome = self.outcome.label("ja")
        if self.outcome is Outcome.NOT_ASSESSED:
            return f"{name}は報告されていないため、{limit}は評価していません"
        if self.outcome is Outcome.NOT_DECIDABLE:
            return f"{name} {value} は{limit}に対して判定できません：{reason_ja(self.reason)}（{outcome}）"
        if self.outcome.fails:
            where = "超えています" if self.side == "max" else "下回っています"
            conditional = self.outcome is Outcome.CONDITIONAL_FAIL
            by = f"（超過はガードバンド w = {self._w()} 以内）" if conditional else ""
            return f"{name} {value} は{limit}を{where}{by}（{outcome}）"
        if self.outcome is Outcome.CONDITIONAL_PASS:
            w = self._w()
            return f"{name} {value} は{limit}を満たしますが、余裕がガードバンド w = {w} 未満です（{outcome}）"
        return f"{name} {value} は{limit}を満たします（{outcome}）"


# value_text and reason of a row that has no value, in Japanese (the English is the row's own text)
VALUE_TEXT_JA = {"not reported": "報告なし", "not reportable": "報告不可"}
_REASONS_JA = {
    "no expanded uncertainty reported; the rule needs U":
        "拡張不確かさが報告されていない（この判定ルールには U が必要）",
    "the result is below its LOQ and the LOQ is not low enough to decide against this limit":
        "結果が定量下限未満であり、その定量下限ではこの限度に対して判定できない",
}


def reason_ja(reason: str) -> str:
    """A row's reason in Japanese: a decision rule's reason, or "<analyte> <why not reported>" parts."""
    if reason in _REASONS_JA:
        return _REASONS_JA[reason]
    parts = []
    for part in reason.split("; "):
        analyte, _, why = part.partition(" ")
        if part.endswith(" not reported"):
            parts.append(f"{part.removesuffix(' not reported')} は報告なし")
        elif why in _FLAG_BY_LABEL:
            parts.append(f"{analyte}：{ResultFlag(_FLAG_BY_LABEL[why]).label('ja')}")
        else:
            parts.append(part)  # a reason this table does not know: kept as written
    return "；".join(parts)


def quantity_words(label: str, lang: str = "en") -> str:
    """"Ni+Co" -> "nickel + cobalt (Ni+Co)"; in Japanese "ニッケル + コバルト（Ni+Co）"."""
    terms = label.split("+")
    if lang == "ja":
        named = " + ".join(ANALYTE_NAMES_JA.get(t, t) for t in terms)
        return named if label in WORD_NAMED else f"{named}（{label}）"
    named = " + ".join(ANALYTES[t][1] for t in terms)
    return named if label in WORD_NAMED else f"{named} ({label})"


def evaluate_limits(
    lot: LotAssay, limits: Iterable[Limit], rule: DecisionRule, group: str, grade: str
) -> tuple[CriterionResult, ...]:
    return tuple(evaluate_limit(lot, lim, rule, group, grade) for lim in limits)


def evaluate_limit(lot: LotAssay, lim: Limit, rule: DecisionRule, group: str, grade: str) -> CriterionResult:
    qv = quantity_value(lot, lim.quantity, lim.unit)

    def row(outcome: Outcome, text: str, value: float | None, u: float | None, w: float | None,
            reason: str) -> CriterionResult:
        basis = qv.basis if qv is not None else UncertaintyBasis.RESULT
        note = qv.note if qv is not None else ""
        return CriterionResult(group, grade, lim.quantity.label, lim.side, lim.value, lim.unit, text, value,
                               u, w, outcome, reason, lim.source, lim.provisional, basis, note)

    if qv is None:
        absent = [t for t in lim.quantity.terms if not lot.has(t)]
        withheld = [t for t in absent if t in lot.results and lot.results[t].withheld is not None]
        if withheld:  # measured, but not reportable: never "not assessed", even for an optional limit
            reason = "; ".join(f"{t} {lot.results[t].why_not_reported}" for t in withheld)
            return row(Outcome.NOT_DECIDABLE, "not reportable", None, None, None, reason)
        outcome = Outcome.NOT_ASSESSED if lim.optional else Outcome.NOT_DECIDABLE
        return row(outcome, "not reported", None, None, None, f"{', '.join(absent)} not reported")
    j = rule.judge_interval(qv.low, qv.high, qv.expanded_uncertainty, lim.value, lim.side,
                            censored=qv.censored)
    value = None if qv.censored else qv.high
    return row(j.outcome, qv.text, value, qv.expanded_uncertainty, j.guard_band, j.reason)


def group_outcome(rows: Iterable[CriterionResult]) -> Outcome:
    """A tier or section: any fail fails it; then not decidable; then conditional pass; else pass."""
    return Outcome.worst(r.outcome for r in rows if r.outcome is not Outcome.NOT_ASSESSED)

