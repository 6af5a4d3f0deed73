"""Grading view: criteria per grade tried with limits, value +/- U and outcomes; grade, limiting
parameters; grading a lot again with another decision rule from the page."""

from __future__ import annotations

import re

import pytest

from labapp.gui.frame_model import RowState
from labapp.gui.grading_view import GradingPage
from labapp.security.roles import Action
from labapp.services.grading.grade import list_gradings
from labapp.services.grading.limiting_words import limiting_words


@pytest.fixture
def page(qtbot, demo_ctx, technician):
    page = GradingPage(lambda: demo_ctx, lambda action: technician)
    qtbot.addWidget(page)
    page.reload()
    return page


def _rows(page):
    model = page.criteria_view.model
    keys = model.column_keys()
    return [
        ({k: model.index(r, keys.index(k)).data() for k in keys}, model.state_of(r))
        for r in range(model.rowCount())
    ]


def test_lot_grading_shows_every_criterion_and_the_limiting_parameters(page):
    # BM26-0003 (resources/demo/truth.csv: NCM, Li 2.6, moisture 6.5): grade C under set 0.1 (Li >= 2),
    # off-spec under 0.2, whose grade C takes Li >= 3.0 from T/CPCIF class I-2 (issue 23)
    page.choose_lot("BM26-0003")
    assert page.grading.grade is None and page.grading.status == "off-spec"
    rows = _rows(page)
    tiers = {row["tier"] for row, _ in rows}
    assert tiers == {"A", "B", "C"}
    moisture = "moisture (as received)"  # a panel analyte by its name (issue 21)
    moisture_b = next(
        (row, state) for row, state in rows if row["tier"] == "B" and row["quantity"] == moisture
    )
    assert moisture_b[0]["outcome"] == "fail" and moisture_b[1] == RowState.OUT_OF_SPEC
    assert moisture_b[0]["limit"] == "5" and moisture_b[0]["value_text"].startswith("6.5")
    grade_c = {row["quantity"]: row["outcome"] for row, _ in rows if row["tier"] == "C"}
    assert {q for q, outcome in grade_c.items() if outcome != "pass"} == {
        "Li",  # 2.6 < 3.0
        "Cr",  # the trace run's 173 mg/kg (truth 180) over the 0.01 wt% (100 mg/kg) of class I-2
    }  # Pb (45 mg/kg) and Cd (8.9) from the trace run, F (fusion), F_ws and particle size pass
    assert grade_c["Li"] == "fail" and grade_c["Pb"] == grade_c["Cd"] == "pass"
    # a panel analyte by its name (issue 21): a word, not particle_size; F_ws not only by its symbol
    assert {grade_c[q] for q in ("water-soluble fluoride (F_ws)", "largest particle size")} == {"pass"}
    text = page.summary_label.text()
    assert "lithium (Li) 2.6" in text and "grade C minimum of 3 wt%" in text
    # the screens beside the grade, each saying what it did not test (issue 23)
    assert "Regulatory screens:" in text
    china = "China import criteria for recycled black mass (Announcement 14/2025): "
    assert china + "The composition does not meet" in text
    assert "not assessed: limits whose published values were not found (not encoded) (Zn, Pb, Cd)" in text


def test_grade_a_lot_again_with_another_rule(qtbot, page, demo_ctx):
    page.choose_lot("BM26-0005")  # near a limit: Ni+Co = 25.15 against B >= 25
    before = len(list_gradings(demo_ctx, "BM26-0005"))
    page.rule_combo.setCurrentIndex(page.rule_combo.findData("simple"))
    page.grade_lot_button.click()
    qtbot.waitUntil(lambda: not page.progress.busy, timeout=60_000)
    assert page.last_error is None, page.last_error
    gradings = list_gradings(demo_ctx, "BM26-0005")
    assert len(gradings) == before + 1 and gradings[0].current and gradings[0].rule.kind == "simple"
    assert page.grading.id == gradings[0].id
    assert page.message_label.text().startswith("1 lot(s) against JP-EU black mass, provisional 0.2")


def test_grading_refused_without_permission_changes_nothing(qtbot, demo_ctx):
    asked = []
    page = GradingPage(lambda: demo_ctx, lambda action: asked.append(action))  # the gate says no (None)
    qtbot.addWidget(page)
    page.reload()
    before = len(list_gradings(demo_ctx, page.lot_combo.currentText()))
    page.grade_lot_button.click()
    assert asked == [Action.GRADE]
    assert not page.progress.busy
    assert len(list_gradings(demo_ctx, page.lot_combo.currentText())) == before


def test_conditional_outcomes_are_shown_as_such(page):
    """Issue 16: a conditional pass and a conditional fail are orange, a fail red, a pass plain."""
    # BM26-0011 (LFP): Li 2.90 +/- 0.15 wt% conditionally fails the A minimum and passes B, so grade B,
    # not conditional (the regenerated demo of issue 17)
    page.choose_lot("BM26-0011")
    assert page.grading.status == "graded"
    rows = {(row["tier"], row["quantity"]): (row["outcome"], state) for row, state in _rows(page)}
    assert rows[("A", "Li")] == ("conditional fail", RowState.CONDITIONAL)
    assert rows[("B", "Li")] == ("pass", RowState.NORMAL)
    assert "(conditional)" not in page.summary_label.text()
    page.choose_lot("BM26-0005")  # grade B conditional: Ni+Co 25.69 +/- 1.07 against the B minimum 25
    assert page.grading.status == "conditional"
    rows = {(row["tier"], row["quantity"]): (row["outcome"], state) for row, state in _rows(page)}
    assert rows[("B", "Ni+Co")] == ("conditional pass", RowState.CONDITIONAL)
    assert "grade B</b> (conditional)" in page.summary_label.text()


def test_the_rule_chooser_offers_every_decision_rule_by_its_code(page):
    combo = page.rule_combo
    assert [combo.itemData(i) for i in range(combo.count())] == ["", "simple", "guarded_binary", "non_binary"]
    assert combo.itemText(1) == "Simple acceptance"


def test_outcomes_and_rules_show_their_japanese_labels(qtbot, qapp, demo_ctx, technician):
    from labapp.gui.translation import install_translation

    font = qapp.font()
    install_translation(qapp, "ja")
    try:
        page = GradingPage(lambda: demo_ctx, lambda action: technician)
        qtbot.addWidget(page)
        page.reload()
        page.choose_lot("BM26-0011")
        rows = {(row["tier"], row["quantity"]): (row["outcome"], state) for row, state in _rows(page)}
        assert rows[("A", "Li")] == ("条件付き不合格", RowState.CONDITIONAL)
        assert rows[("B", "Li")] == ("合格", RowState.NORMAL)
        page.choose_lot("BM26-0005")
        rows = {(row["tier"], row["quantity"]): (row["outcome"], state) for row, state in _rows(page)}
        assert rows[("B", "Ni+Co")] == ("条件付き合格", RowState.CONDITIONAL)
        assert "条件付き格付け" in page.summary_label.text()
        page.choose_lot("BM26-0003")  # off-spec: its limiting parameters are worded in Japanese
        english = page.grading.limiting
        japanese = limiting_words(page.grading, "ja")
        assert english and len(japanese) == len(english) and japanese != english
        assert all(re.search("[\u3040-\u30ff\u4e00-\u9fff]", sentence) for sentence in japanese)
        assert japanese[0] in page.summary_label.text() and english[0] not in page.summary_label.text()
        assert [page.rule_combo.itemText(i) for i in range(1, 4)] == [
            "単純受入れ",
            "ガードバンド付き二値判定",
            "ガードバンド付き非二値判定",
        ]
    finally:
        install_translation(qapp, "en")
        qapp.setFont(font)


def test_a_sums_u_says_it_was_propagated_with_the_shared_inputs(page):
    page.choose_lot("BM26-0001")
    rows = [row for row, _ in _rows(page)]
    sums = [row for row in rows if row["quantity"] in ("Ni+Co", "Cu+Al")]
    assert sums and {row["uncertainty_basis"] for row in sums} == {
        "propagated with the shared inputs correlated (GUM 5.2)"}
    assert {row["uncertainty_basis"] for row in rows if row["quantity"] == "Li"} == {"the result's own U"}
