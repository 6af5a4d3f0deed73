"""A result read above the top calibration standard is measured but not reportable: it blocks grading of
that analyte with the reason "above calibration range, dilute and re-measure" (issue 17, item 5)."""

from __future__ import annotations

from test_grading_shipped_sets import JPEU, NCM_A, TODAY, assay

from labapp.core.analytes import Quantity
from labapp.core.criteria_model import Limit
from labapp.core.grading import GradingStatus, grade_lot
from labapp.core.limit_evaluation import evaluate_limit
from labapp.core.lot_assay import AnalyteResult, LotAssay
from labapp.core.vocabulary import Outcome, ResultFlag

ABOVE = ResultFlag.ABOVE_CALIBRATION_RANGE


def _with_withheld(analyte: str) -> LotAssay:
    lot = assay(declared="NCM", **NCM_A)
    results = dict(lot.results)
    results[analyte] = AnalyteResult(analyte, None, None, results[analyte].unit, withheld=ABOVE)
    return LotAssay(lot.lot_id, results, lot.declared_chemistry, lot.net_dry_mass_kg)


def test_a_required_analyte_above_range_makes_the_lot_not_gradable_and_says_why() -> None:
    graded = grade_lot(JPEU, assay(declared="NCM", **NCM_A), on_date=TODAY)
    assert (graded.status, graded.grade) == (GradingStatus.GRADED, "A")  # the same lot with its Ni
    g = grade_lot(JPEU, _with_withheld("Ni"), on_date=TODAY)
    assert (g.status, g.grade) == (GradingStatus.NOT_GRADABLE, None)
    assert g.reasons == ("Ni above calibration range, dilute and re-measure",)  # no "not reported"


def test_a_criterion_on_a_withheld_analyte_is_not_decidable_even_when_optional() -> None:
    lot = _with_withheld("Cr")
    for optional in (False, True):
        limit = Limit(Quantity.parse("Cr"), "max", 0.01, "wt%", "T", optional=optional)
        row = evaluate_limit(lot, limit, JPEU.decision_rule, "A", "A")
        assert row.outcome is Outcome.NOT_DECIDABLE
        assert row.reason == "Cr above calibration range, dilute and re-measure"
        assert "not reportable cannot be judged" in row.words()
    assert lot.results["Cr"].text() == "above calibration range, dilute and re-measure"
    assert not lot.has("Cr")
