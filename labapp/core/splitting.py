"""Exchange of assays between seller and buyer: the splitting limit and the umpire rule (issue 23, item 5).

Each party's laboratory assays its split of the lot sample. When the two assays of an element differ
by no more than the contract's splitting limit they are agreed and the lot settles on the mean of the
two (or on the seller's or the buyer's assay, as the contract says); otherwise a split goes to an
umpire laboratory, and the contract's umpire rule turns the umpire's assay into the settled assay:

- the umpire's value;
- the mean of the umpire's value and the party assay nearer to it (the umpire's value when it lies
  exactly midway, where neither party is nearer);
- the umpire's value when it lies between the two parties' assays (inclusive), else the assay of the
  party nearer to it.

A limit is absolute (wt % points, |a - b| <= L) or relative (percent of the mean of the two,
|a - b| / ((a + b) / 2) x 100 <= L). The words here are typed values with their English and Japanese
labels (DESIGN.md); the store keeps their values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from labapp.core.errors import LabappError
from labapp.core.vocabulary import Vocabulary


class Party(Vocabulary):
    """A party to the sale; the laboratory acts for one of them, the counter-party is the other."""

    SELLER = "seller", "seller", "売主"
    BUYER = "buyer", "buyer", "買主"

    @property
    def other(self) -> Party:
        return Party.BUYER if self is Party.SELLER else Party.SELLER


class AssaySource(Vocabulary):
    """Whose assay of the lot a recorded value is (the laboratory's own comes from its results)."""

    LABORATORY = "laboratory", "this laboratory", "当試験所"
    COUNTERPARTY = "counterparty", "counter-party", "相手方", "counter-party"
    UMPIRE = "umpire", "umpire laboratory", "アンパイア分析所"


class LimitKind(Vocabulary):
    """How a splitting limit is stated in the contract."""

    ABSOLUTE = "absolute", "absolute (wt % points)", "絶対差（wt% ポイント）"
    RELATIVE = "relative", "relative (% of the mean)", "相対差（平均値に対する %）"


class SettleOn(Vocabulary):
    """Which assay an agreed split settles on."""

    MEAN = "mean", "mean of the two assays", "両者の分析値の平均"
    SELLER = "seller", "seller's assay", "売主の分析値"
    BUYER = "buyer", "buyer's assay", "買主の分析値"


class UmpireRule(Vocabulary):
    """How the umpire's assay decides a split that exceeded the limit (chosen per contract)."""

    UMPIRE = "umpire", "the umpire's value", "アンパイア分析値"
    MEAN_NEARER = (
        "mean with nearer",
        "mean of the umpire's value and the nearer party's assay",
        "アンパイア分析値と近い方の当事者分析値の平均",
    )
    BETWEEN_ELSE_NEARER = (
        "between else nearer",
        "the umpire's value if it lies between the parties, else the nearer party's assay",
        "アンパイア分析値が両当事者の間にあればその値、なければ近い方の当事者分析値",
    )


class SplitOutcome(Vocabulary):
    """Where an element's exchange stands."""

    AWAITING = "awaiting counter-party", "awaiting the counter-party's assay", "相手方分析値待ち"
    AGREED = "agreed", "agreed (within the splitting limit)", "合意（スプリッティングリミット内）"
    TO_UMPIRE = (
        "to umpire",
        "to umpire (splitting limit exceeded)",
        "アンパイア分析へ（スプリッティングリミット超過）",
    )
    UMPIRED = "umpired", "settled by the umpire's assay", "アンパイア分析により決定"


@dataclass(frozen=True)
class SplittingLimit:
    limit: float
    kind: LimitKind

    def __post_init__(self) -> None:
        if not (math.isfinite(self.limit) and self.limit > 0):
            raise LabappError(f"a splitting limit must be a positive number, not {self.limit!r}")

    def allowed(self, a: float, b: float) -> float:
        """The largest difference (wt % points) allowed between assays a and b."""
        return self.limit if self.kind is LimitKind.ABSOLUTE else self.limit / 100.0 * (a + b) / 2.0


@dataclass(frozen=True)
class Exchange:
    """One element's exchange: both parties' assays (wt %), the comparison and the settled assay."""

    seller: float | None
    buyer: float | None
    difference: float | None  # |seller - buyer|, wt % points
    allowed: float | None  # the limit in wt % points for these assays
    outcome: SplitOutcome
    umpire: float | None = None
    settled: float | None = None  # the assay the lot settles on; None while awaiting or to umpire
    basis: str = ""  # the SettleOn or UmpireRule value the settled assay follows


def compare(
    seller: float | None,
    buyer: float | None,
    limit: SplittingLimit,
    settle_on: SettleOn,
    umpire: float | None = None,
    rule: UmpireRule = UmpireRule.UMPIRE,
) -> Exchange:
    """The exchange for one element; the umpire's value counts only for a split beyond the limit."""
    for name, x in (("seller", seller), ("buyer", buyer), ("umpire", umpire)):
        if x is not None and not (math.isfinite(x) and x >= 0):
            raise LabappError(f"the {name}'s assay must be a non-negative number, not {x!r}")
    if seller is None or buyer is None:
        return Exchange(seller, buyer, None, None, SplitOutcome.AWAITING)
    difference, allowed = abs(seller - buyer), limit.allowed(seller, buyer)
    if difference <= allowed * (1 + 1e-12):  # a difference equal to the limit is within it
        value = {SettleOn.MEAN: (seller + buyer) / 2.0, SettleOn.SELLER: seller, SettleOn.BUYER: buyer}
        return Exchange(
            seller, buyer, difference, allowed, SplitOutcome.AGREED, None, value[settle_on], settle_on.value
        )
    if umpire is None:
        return Exchange(seller, buyer, difference, allowed, SplitOutcome.TO_UMPIRE)
    return Exchange(
        seller,
        buyer,
        difference,
        allowed,
        SplitOutcome.UMPIRED,
        umpire,
        umpire_decision(seller, buyer, umpire, rule),
        rule.value,
    )


def umpire_decision(seller: float, buyer: float, umpire: float, rule: UmpireRule) -> float:
    """The settled assay from the umpire's value under `rule`."""
    if rule is UmpireRule.UMPIRE:
        return umpire
    d_seller, d_buyer = abs(umpire - seller), abs(umpire - buyer)
    nearer = seller if d_seller < d_buyer else buyer
    if rule is UmpireRule.MEAN_NEARER:
        return (
            umpire if math.isclose(d_seller, d_buyer, rel_tol=1e-12, abs_tol=1e-15) else (umpire + nearer) / 2
        )
    low, high = min(seller, buyer), max(seller, buyer)
    return umpire if low <= umpire <= high else nearer
