"""Decision rules for statements of conformity (ILAC-G8:09/2019; ISO/IEC 17025:2017, 7.8.6).

A limit is a tolerance limit TL; the guard band w = factor x U (expanded uncertainty) moves the
acceptance limit inside it. The margin of a result is how far it lies inside the limit (negative
when outside). Boundaries are inclusive on the passing side: a value exactly on TL - w passes, a
value exactly on TL is a conditional pass, exactly on TL + w a conditional fail. Comparisons allow
a relative tolerance of 1e-9 so that a value written on a boundary is judged on that boundary
despite binary floating point (0.9 + 0.1 is not 1.0).
"""

from __future__ import annotations

from dataclasses import dataclass

from labapp.core.vocabulary import Outcome, RuleKind

__all__ = ["DecisionRule", "Judgement", "Outcome", "RuleKind", "rule_statement"]

_REL_TOL = 1e-9


@dataclass(frozen=True)
class Judgement:
    outcome: Outcome
    guard_band: float | None  # w actually applied, in the limit's unit
    reason: str = ""


@dataclass(frozen=True)
class DecisionRule:
    """How a result and its expanded uncertainty U are compared with a limit."""

    kind: RuleKind = RuleKind.NON_BINARY  # a stored or written name is read back into the type
    guard_factor: float = 1.0  # w = guard_factor * U; ignored (w = 0) for simple acceptance

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", RuleKind(self.kind))
        except ValueError:
            allowed = ", ".join(RuleKind.values())
            raise ValueError(f"unknown decision rule {self.kind!r}; use one of {allowed}") from None
        if self.guard_factor < 0:
            raise ValueError("the guard band factor cannot be negative")

    @property
    def needs_uncertainty(self) -> bool:
        return self.kind is not RuleKind.SIMPLE and self.guard_factor > 0

    def describe(self) -> str:
        if self.kind is RuleKind.SIMPLE:
            return "simple acceptance (w = 0)"
        return f"{self.kind} with guard band w = {self.guard_factor:g} U"

    def to_dict(self) -> dict[str, object]:
        simple = self.kind is RuleKind.SIMPLE
        return {"kind": self.kind.value, "guard_band": 0.0 if simple else float(self.guard_factor)}

    def judge(
        self, value: float, expanded_u: float | None, limit: float, side: str, *, open_above: bool = False
    ) -> Judgement:
        """Judge `value` against a `side` ("min" or "max") limit.

        `open_above` says the value is an open upper bound (the true value is below it, as when a
        sum includes a result reported below its LOQ); boundaries are then judged just below it.
        """
        if side not in ("min", "max"):
            raise ValueError(f"limit side must be 'min' or 'max', not {side!r}")
        if self.kind is RuleKind.SIMPLE:
            w = 0.0
        elif expanded_u is None:
            if self.needs_uncertainty:
                return Judgement(Outcome.NOT_DECIDABLE, None,
                                 "no expanded uncertainty reported; the rule needs U")
            w = 0.0
        else:
            w = self.guard_factor * abs(expanded_u)
        margin = limit - value if side == "max" else value - limit
        tol = _REL_TOL * max(abs(value), abs(limit), w, 1e-300)
        strict = open_above and side == "min"

        def inside_by(x: float) -> bool:
            return margin > x + tol if strict else margin >= x - tol

        if self.kind in (RuleKind.SIMPLE, RuleKind.BINARY_GUARDED) or w == 0.0:
            return Judgement(Outcome.PASS if inside_by(w) else Outcome.FAIL, w)
        if inside_by(w):
            return Judgement(Outcome.PASS, w)
        if inside_by(0.0):
            return Judgement(Outcome.CONDITIONAL_PASS, w)
        if inside_by(-w):
            return Judgement(Outcome.CONDITIONAL_FAIL, w)
        return Judgement(Outcome.FAIL, w)

    def judge_interval(
        self, low: float, high: float, expanded_u: float | None, limit: float, side: str, *, censored: bool
    ) -> Judgement:
        """Judge a quantity known only to lie in [low, high) because part of it is below an LOQ.

        The outcome is decided when the whole interval gives it: the worst end passing means a
        pass, the best end failing means a fail; otherwise the result is not decidable.
        """
        if not censored:
            return self.judge(high, expanded_u, limit, side)
        if side == "max":  # worst case is the open upper end, best case the lower end
            j_worst = self.judge(high, expanded_u, limit, side, open_above=True)
        else:
            j_worst = self.judge(low, expanded_u, limit, side)
        if j_worst.outcome.passes:
            return j_worst
        if side == "max":
            j_best = self.judge(low, expanded_u, limit, side)
        else:
            j_best = self.judge(high, expanded_u, limit, side, open_above=True)
        if j_best.outcome.fails:
            return j_best
        if j_worst.outcome is Outcome.NOT_DECIDABLE:
            return j_worst
        return Judgement(
            Outcome.NOT_DECIDABLE,
            j_worst.guard_band,
            "the result is below its LOQ and the LOQ is not low enough to decide against this limit",
        )


SUM_U_STATEMENT = {
    "en": " The U of a sum of analytes (Ni+Co, say) is propagated with the inputs its terms share "
    "(the digest's mass, volume, dilution and moisture; the method's recovery and reproducibility as "
    "the method states) correlated (JCGM 100:2008, 5.2).",
    "ja": "分析対象の和（Ni+Co など）の U は、各項が共有する入力量（分解液の質量・容量・希釈・水分、"
    "および方法が定める回収率・再現性）の相関を考慮して伝播する（JCGM 100:2008, 5.2）。",
}


def rule_statement(rule: DecisionRule, lang: str = "en") -> str:
    """The decision rule in words, as printed on a certificate (ISO/IEC 17025:2017, 7.8.6.2); a rule
    with a guard band also says how the U of a sum was obtained, since w is built from it."""
    text = _rule_text(rule, lang)
    return text + SUM_U_STATEMENT[lang] if rule.needs_uncertainty else text


def _rule_text(rule: DecisionRule, lang: str) -> str:
    f = f"{rule.guard_factor:g}"
    simple, guarded, non_binary = RuleKind.SIMPLE, RuleKind.BINARY_GUARDED, RuleKind.NON_BINARY
    if lang == "ja":
        texts = {
            simple: "判定規則：単純受入れ（ILAC-G8:09/2019）。測定値が規格限界内にあるとき適合とする。"
            "測定不確かさは報告するが判定には用いない（ガードバンド w = 0）。",
            guarded: f"判定規則：ガードバンド付き二値判定（ILAC-G8:09/2019）、w = {f} × U"
            "（U は拡張不確かさ、包含確率約95 %）。測定値が限界の内側に w 以上あるときのみ合格とし、"
            "それ以外は不合格とする。",
            non_binary: f"判定規則：ガードバンド付き非二値判定（ILAC-G8:09/2019）、w = {f} × U"
            "（U は拡張不確かさ、包含確率約95 %）。合格：限界の内側に w 以上。条件付き合格：限界の内側で"
            " w 未満。条件付き不合格：限界の外側で w 以内。不合格：限界の外側に w を超える。",
        }
        return texts[rule.kind]
    if lang != "en":
        raise ValueError(f"no decision rule text for language {lang!r}; use 'en' or 'ja'")
    texts = {
        simple: "Decision rule: simple acceptance (ILAC-G8:09/2019). A result conforms when the measured "
        "value is within the limit; the measurement uncertainty is reported but not used in the "
        "decision (guard band w = 0).",
        guarded: f"Decision rule: binary statement with guarded acceptance (ILAC-G8:09/2019), "
        f"w = {f} x U (U: expanded uncertainty, coverage probability about 95 %). A result passes only "
        "when it lies inside the limit by at least w; otherwise it fails.",
        non_binary: f"Decision rule: non-binary statement with guard band (ILAC-G8:09/2019), w = {f} x U "
        "(U: expanded uncertainty, coverage probability about 95 %). Pass: inside the limit by at least w. "
        "Conditional pass: inside the limit by less than w. Conditional fail: outside the limit by no more "
        "than w. "
        "Fail: outside the limit by more than w.",
    }
    return texts[rule.kind]
