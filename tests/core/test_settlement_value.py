"""Settlement value, its uncertainty, splitting limits and umpire rules (issue 23), with the worked
example of docs/settlement.md computed by hand and the correlated case checked against GTC."""

from __future__ import annotations

import math
from datetime import date

import pytest
from GTC import rp, ureal
from test_correlated_budgets import DIGEST, assert_matches, budget, gtc_results, lot

from labapp.core.errors import LabappError
from labapp.core.lot_assay import AnalyteResult
from labapp.core.settlement import LotMass, Payable, PriceBasis, PriceUnit, element_values, settlement_value
from labapp.core.settlement_terms import MoistureSource, TermsError, parse_terms
from labapp.core.splitting import (
    LimitKind,
    SettleOn,
    SplitOutcome,
    SplittingLimit,
    UmpireRule,
    compare,
    umpire_decision,
)
from labapp.core.vocabulary import UncertaintyBasis

D = date(2026, 12, 1)
NI = Payable("Ni", 75.0, 16000.0, "USD", PriceUnit.TONNE, PriceBasis.METAL, D, "LME nickel cash official")
CO = Payable(
    "Co", 70.0, 15.0, "USD", PriceUnit.POUND, PriceBasis.METAL, D, "Fastmarkets standard-grade cobalt"
)
LI = Payable("Li", 60.0, 10.0, "USD", PriceUnit.KILOGRAM, PriceBasis.LCE, D, "Fastmarkets Li2CO3 99.5 %")
MASS = LotMass(25.0, 0.010, 0.040, 0.0010)  # 25 t wet, weighbridge u 10 kg; moisture 4.0 % with u 0.1 %
ASSAY = {
    "Ni": AnalyteResult("Ni", 20.0, 0.40),
    "Co": AnalyteResult("Co", 6.0, 0.12),
    "Li": AnalyteResult("Li", 4.0, 0.10),
}


def test_worked_example_values_by_hand() -> None:
    """docs/settlement.md: dry 25 x 0.96 = 24 t. Ni 24 x 20 x 0.75 x 16000 / 100 = 57 600 USD;
    Co at 15 USD/lb = 33 069.34 USD/t: 24 x 6 x 0.70 x 33 069.34 / 100 = 33 333.89;
    Li as LCE at 10 USD/kg: 24 x 4 x 5.323 x 0.60 x 10 000 / 100 = 30 660.48; total 121 594.37."""
    assert MASS.dry_t == pytest.approx(24.0)
    assert settlement_value(NI, 20.0, MASS) == pytest.approx(57600.00, abs=0.005)
    assert settlement_value(CO, 6.0, MASS) == pytest.approx(33333.89, abs=0.005)
    assert settlement_value(LI, 4.0, MASS) == pytest.approx(30660.48, abs=0.005)
    rows, total = element_values(ASSAY, [NI, CO, LI], MASS)
    assert total.value == pytest.approx(121594.37, abs=0.005)


def test_worked_example_uncertainty_by_hand() -> None:
    """Without named budgets: u_rel = sqrt((u_w/w)^2 + (u_f/(1-f))^2 + (u_m/m)^2).
    Ni: sqrt(0.010^2 + 0.0010417^2 + 0.0004^2) = 0.0100621, u = 579.57, U (k=2) = 1159.15.
    Li: u_w/w = 0.05/4 = 0.0125: u_rel 0.0125497, u = 384.78. Total U = 1159.15 + 670.82 + 769.56."""
    rows, total = element_values(ASSAY, [NI, CO, LI], MASS)
    ni, co, li = rows
    assert (ni.u, ni.U, ni.k) == (pytest.approx(579.57, abs=0.01), pytest.approx(1159.15, abs=0.01), 2.0)
    assert pytest.approx(670.82, abs=0.01) == co.U
    assert li.u == pytest.approx(384.78, abs=0.01)
    assert ni.basis is UncertaintyBasis.RESULT and "independent" in ni.note
    assert pytest.approx(2599.52, abs=0.02) == total.U
    assert total.basis is UncertaintyBasis.UPPER_BOUND


def test_price_units_and_lce() -> None:
    assert PriceUnit.POUND.per_tonne == pytest.approx(2204.62262185)
    assert PriceBasis.LCE.factor == 5.323
    with pytest.raises(LabappError, match="only lithium"):
        Payable("Ni", 75.0, 1.0, "USD", PriceUnit.TONNE, PriceBasis.LCE, D, "x")


def test_correlated_total_matches_gtc_with_lot_mass() -> None:
    """Named budgets: the digest's inputs are shared between Ni, Co and Li, the laboratory's moisture
    cancels between dry content and dry mass, the lot mass is one more input; GTC is the oracle."""
    r = lot("Ni", "Co", "Li")
    y = gtc_results(("Ni", "Co", "Li"))
    u_f = budget("Ni").component("moisture").u
    results = {e: AnalyteResult(e, budget(e).value, budget(e).U, "wt%", uncertainty=r[e]) for e in r}
    mass = LotMass(25.0, 0.010, DIGEST["moisture"], u_f)
    rows, total = element_values(results, [NI, CO, LI], mass)
    m = ureal(25.0, 0.010)
    v = {p.element: y[p.element] * p.money_per_tonne_pct * m * (1 - y["moisture"]) for p in (NI, CO, LI)}
    for row in rows:
        assert row.basis is UncertaintyBasis.CORRELATED
        assert_matches(row, v[row.element])
    expected = v["Ni"] + v["Co"] + v["Li"]
    assert_matches(total, expected)
    assert rp.u_component(expected, y["moisture"]) == pytest.approx(0.0, abs=1e-9)
    assert total.u > math.sqrt(sum(row.u**2 for row in rows))  # the shared inputs add, not in quadrature


@pytest.mark.parametrize(
    ("seller", "buyer", "limit", "outcome", "settled"),
    [
        (20.00, 20.20, SplittingLimit(0.30, LimitKind.ABSOLUTE), SplitOutcome.AGREED, 20.10),
        (20.00, 20.30, SplittingLimit(0.30, LimitKind.ABSOLUTE), SplitOutcome.AGREED, 20.15),  # at the limit
        (20.00, 20.31, SplittingLimit(0.30, LimitKind.ABSOLUTE), SplitOutcome.TO_UMPIRE, None),
        # 3 % of the mean 6.15 is 0.1845; 0.30 is beyond it
        (6.00, 6.30, SplittingLimit(3.0, LimitKind.RELATIVE), SplitOutcome.TO_UMPIRE, None),
        (6.00, 6.15, SplittingLimit(3.0, LimitKind.RELATIVE), SplitOutcome.AGREED, 6.075),
    ],
)
def test_splitting_limit(
    seller: float, buyer: float, limit: SplittingLimit, outcome: SplitOutcome, settled: float | None
) -> None:
    x = compare(seller, buyer, limit, SettleOn.MEAN)
    assert x.outcome is outcome
    assert x.settled == (None if settled is None else pytest.approx(settled))


def test_agreed_split_settles_as_the_contract_says() -> None:
    limit = SplittingLimit(0.30, LimitKind.ABSOLUTE)
    assert compare(20.0, 20.2, limit, SettleOn.SELLER).settled == 20.0
    assert compare(20.0, 20.2, limit, SettleOn.BUYER).settled == 20.2
    assert compare(20.0, None, limit, SettleOn.MEAN).outcome is SplitOutcome.AWAITING
    # an umpire's value does not overrule an agreed split
    assert compare(20.0, 20.2, limit, SettleOn.MEAN, umpire=25.0).settled == pytest.approx(20.1)


@pytest.mark.parametrize(
    ("umpire", "rule", "settled"),
    [
        (6.20, UmpireRule.UMPIRE, 6.20),
        (6.20, UmpireRule.BETWEEN_ELSE_NEARER, 6.20),  # between 6.00 and 6.30
        (6.20, UmpireRule.MEAN_NEARER, 6.25),  # nearer is 6.30: (6.20 + 6.30) / 2
        (6.40, UmpireRule.BETWEEN_ELSE_NEARER, 6.30),  # outside: the nearer party
        (5.90, UmpireRule.MEAN_NEARER, 5.95),  # nearer is 6.00
        (6.15, UmpireRule.MEAN_NEARER, 6.15),  # midway: neither is nearer, the umpire's value
    ],
)
def test_umpire_rules(umpire: float, rule: UmpireRule, settled: float) -> None:
    assert umpire_decision(6.00, 6.30, umpire, rule) == pytest.approx(settled)
    x = compare(6.00, 6.30, SplittingLimit(3.0, LimitKind.RELATIVE), SettleOn.MEAN, umpire, rule)
    assert (x.outcome, x.settled, x.basis) == (SplitOutcome.UMPIRED, pytest.approx(settled), rule.value)


def test_words_have_japanese_labels() -> None:
    for word in (*UmpireRule, *SplitOutcome, *MoistureSource, *PriceBasis):
        assert word.label("ja") != word.label("en")


TERMS = """\
[contract]
reference = "BM-2026-117"
seller = "Recycler Co."
buyer = "Refiner KK"
laboratory_acts_for = "seller"
settle_agreed_on = "mean"
umpire_rule = "between else nearer"

[lot]
wet_mass_t = 25.000
u_wet_mass_t = 0.010
moisture = "stated"
moisture_pct = 4.0
u_moisture_pct = 0.10

[payable.Ni]
payable_pct = 75
price = 16000
currency = "USD"
price_unit = "t"
price_date = 2026-12-01
reference = "LME nickel cash official"
splitting_limit = 0.30

[payable.Li]
payable_pct = 60
price = 10
currency = "USD"
price_unit = "kg"
basis = "LCE"
price_date = 2026-12-01
reference = "Fastmarkets lithium carbonate 99.5 % battery grade"
splitting_limit = 0.10
splitting_limit_kind = "absolute"
"""


def test_terms_file_is_read() -> None:
    terms = parse_terms(TERMS, "terms.toml")
    assert [p.element for p in terms.payables] == ["Ni", "Li"]
    assert terms.payables[1].basis is PriceBasis.LCE and terms.payables[1].unit is PriceUnit.KILOGRAM
    assert terms.umpire_rule is UmpireRule.BETWEEN_ELSE_NEARER and terms.currency == "USD"
    assert terms.lot_mass(None, None, None) == LotMass(25.0, 0.010, 0.040, 0.0010)
    assert terms.limits["Ni"] == SplittingLimit(0.30, LimitKind.ABSOLUTE)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("price = 16000", "price = -1", r"^terms.toml:18: \[payable.Ni\] price: must be positive"),
        (
            'price_unit = "kg"',
            'price_unit = "oz"',
            r"^terms.toml:29: \[payable.Li\] price_unit: 'oz' is not one",
        ),
        (
            'price_date = 2026-12-01\nreference = "LME',
            'price_date = "soon"\nreference = "LME',
            r"^terms.toml:21: \[payable.Ni\] price_date: give the pricing date",
        ),
        (
            'umpire_rule = "between else nearer"',
            'umpire_rule = "coin"',
            r"^terms.toml:7: \[contract\] umpire_rule",
        ),
        ("moisture_pct = 4.0\n", "", r"^terms.toml:9: \[lot\] moisture_pct: give a number"),
        ("[payable.Li]", "[payable.Xx]", r"^terms.toml:25: \[payable.Xx\]: 'Xx' is not an element"),
        ('currency = "USD"\nprice_unit = "kg"', 'currency = "EUR"\nprice_unit = "kg"', "one currency"),
        ("seller = ", "seller = = ", r"^terms.toml:3: not valid TOML"),
    ],
)
def test_terms_errors_name_file_line_and_field(old: str, new: str, message: str) -> None:
    assert old in TERMS
    with pytest.raises(TermsError, match=message):
        parse_terms(TERMS.replace(old, new, 1), "terms.toml")


def test_worked_example_exchange_and_final_value() -> None:
    """docs/settlement.md: the laboratory acts for the seller. Ni 20.00 vs 20.20 (limit 0.30 absolute):
    agreed, mean 20.10, 24 x 20.10 x 120 = 57 888.00. Co 6.00 vs 6.30 (3 % relative: 0.1845 allowed):
    umpire 6.20 lies between, 24 x 6.20 x 231.4854 = 34 445.02. Li 4.00 vs 3.85 (0.10 absolute): umpire
    3.80 lies outside, the nearer party (buyer, 3.85): 24 x 3.85 x 319.38 = 29 510.71. Final 121 843.74."""
    from labapp.core.settlement import OtherAssay, SettlementRules, settle
    from labapp.core.splitting import AssaySource, Party

    limits = {
        "Ni": SplittingLimit(0.30, LimitKind.ABSOLUTE),
        "Co": SplittingLimit(3.0, LimitKind.RELATIVE),
        "Li": SplittingLimit(0.10, LimitKind.ABSOLUTE),
    }
    others = {
        ("Ni", AssaySource.COUNTERPARTY): OtherAssay(20.20, "Buyer lab"),
        ("Co", AssaySource.COUNTERPARTY): OtherAssay(6.30, "Buyer lab"),
        ("Co", AssaySource.UMPIRE): OtherAssay(6.20, "Umpire lab"),
        ("Li", AssaySource.COUNTERPARTY): OtherAssay(3.85, "Buyer lab"),
    }
    rules = SettlementRules(Party.SELLER, SettleOn.MEAN, UmpireRule.BETWEEN_ELSE_NEARER)
    pending = settle("L1", ASSAY, rules, [NI, CO, LI], limits, MASS, others)
    assert [line.exchange.outcome for line in pending.lines] == [
        SplitOutcome.AGREED,
        SplitOutcome.UMPIRED,
        SplitOutcome.TO_UMPIRE,
    ]
    assert pending.final_value is None and [x.payable.element for x in pending.outstanding] == ["Li"]
    others[("Li", AssaySource.UMPIRE)] = OtherAssay(3.80, "Umpire lab")
    done = settle("L1", ASSAY, rules, [NI, CO, LI], limits, MASS, others)
    finals = [line.final_value for line in done.lines]
    assert finals == [
        pytest.approx(57888.00, abs=0.005),
        pytest.approx(34445.02, abs=0.005),
        pytest.approx(29510.71, abs=0.005),
    ]
    assert done.final_value == pytest.approx(121843.74, abs=0.01)
    # the laboratory acting for the buyer: its 4.00 is now the buyer's, the nearer party is the seller
    buyer_side = settle(
        "L1",
        ASSAY,
        SettlementRules(Party.BUYER, SettleOn.MEAN, UmpireRule.BETWEEN_ELSE_NEARER),
        [LI],
        {"Li": limits["Li"]},
        MASS,
        others,
    )
    assert buyer_side.lines[0].exchange.seller == 3.85 and buyer_side.lines[0].exchange.settled == 3.85
