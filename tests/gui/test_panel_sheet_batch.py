"""The result sheet, issue 21's smaller items: calculation problems in Japanese, panel analytes by
name, the CRM's certified value and u typed in the sheet (as --crm-certified), and several stored
tests verified with one signature."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from partial_demo import QA, TECH
from signed_in import Session
from sqlalchemy import select

from labapp.gui.panel_sheet import PanelSheetPage
from labapp.gui.panel_sheet_grid import FIRST_VALUE_COLUMN
from labapp.gui.translation import install_translation
from labapp.services.panel import list_tests
from labapp.services.panel.sheet import SheetTest, enter_sheet
from labapp.store.panel import PanelTest
from labapp.store.records import Signature
from labapp.store.states import PanelTestState

LOTS = ["BM26-0001", "BM26-0002", "BM26-0003"]


def _page(qtbot, ctx) -> PanelSheetPage:
    session = Session(ctx, TECH)
    page = PanelSheetPage(lambda: ctx, session.acting, lambda: session.user)
    page.session = session
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.reload()
    return page


@pytest.fixture
def sheet(qtbot, registered_ctx):
    return _page(qtbot, registered_ctx)


def _moisture_row(page, row: int, values: list[str]) -> None:
    for offset, value in enumerate(values):
        page.grid.set_text(row, FIRST_VALUE_COLUMN + offset, value)


def test_a_calculation_problem_reads_in_japanese(qtbot, qapp, registered_ctx):
    install_translation(qapp, "ja")
    try:
        page = _page(qtbot, registered_ctx)
        page.choose_method("moisture-105c")
        page.check_lots(["BM26-0001"])
        page.add_checked_lots()
        _moisture_row(page, 0, ["25.0000", "35.0000", "36.0000", "105", "3"])  # gains mass on drying
        _moisture_row(page, 1, ["24.0000", "34.0000", "33.6900", "104", "2.5"])
        (problem,) = page.validate()
        assert problem == (
            "BM26-0001: 乾燥後の容器と試料: 乾燥前の容器と試料を超えてはなりません（減量が負になります）"
        )
        assert page.problems_list.item(0).text() == problem and not page.save_button.isEnabled()
    finally:
        install_translation(qapp, "en")
    assert page.validate() == [
        "BM26-0001: gross_after_g: must not exceed gross_before_g (a loss cannot be negative)"
    ]


def test_the_crm_certified_value_and_u_are_typed_checked_and_stored(qtbot, sheet):
    page = sheet
    page.choose_method("carbon-combustion")
    assert page.batch_form.isRowVisible(page.crm_fields)
    page.check_lots(["BM26-0001"])
    page.add_checked_lots()
    page.grid.set_text(0, FIRST_VALUE_COLUMN, "31.2")
    page.grid.set_text(1, FIRST_VALUE_COLUMN, "31.6")
    assert page.validate() == [] and page.save_button.isEnabled()  # no CRM in this batch is allowed
    page.crm_fields.measured_edit.setText("3.02")
    assert page.validate() == ["crm_certified: a CRM check needs the measured and the certified value"]
    assert not page.save_button.isEnabled()
    page.crm_fields.certified_edit.setText("3,00")  # a decimal comma, as typed on a Japanese keyboard
    page.crm_fields.u_edit.setText("-0.02")
    assert page.validate() == ["crm_u: must not be negative"]
    page.crm_fields.u_edit.setText("0.02")
    assert page.validate() == []
    assert page.save()
    qtbot.waitUntil(lambda: not page.progress.busy, timeout=30_000)
    (test,) = list_tests(page.context())
    with page.context().read_session() as session:
        assert json.loads(session.get(PanelTest, test.id).crm_json) == [3.02, 3.0, 0.02]
    # b = 0.02/3.00, u_rel(C_ref) = 0.02/3.00: u_bias = 0.943 %; the burns' mean 31.40 % gives 31.40 ± 0.90
    assert test.results[0].text.startswith("31.40 ± 0.90")


def test_a_combustion_export_with_a_crm_row_asks_for_its_certified_value(qtbot, sheet, tmp_path: Path):
    page = sheet
    leco = tmp_path / "leco.csv"
    leco.write_text(
        "Name,Mass,Carbon %,Analysis Date\nCRM 501,0.0750,3.02,2026-03-17\n"
        "BM26-0001-1,0.0801,31.2,2026-03-17\nBM26-0001-2,0.0799,31.6,2026-03-17\n",
        encoding="utf-8",
    )
    assert page.import_file(leco)
    qtbot.waitUntil(lambda: not page.progress.busy, timeout=30_000)
    assert page.last_error is None or "leco.csv" in page.last_error
    assert page.method().id == "carbon-combustion" and page.grid.rowCount() == 2
    assert page.crm_fields.texts() == ("3.02", "", "")
    assert page.problems[0][2] == "crm_certified: a CRM check needs the measured and the certified value"
    page.crm_fields.certified_edit.setText("3.00")
    page.crm_fields.u_edit.setText("0.02")
    assert page.validate() == [] and page.save_button.isEnabled()


def test_panel_results_are_named_not_only_by_symbol(qtbot, qapp, sheet):
    page = sheet
    enter_sheet(
        page.context(),
        page.session.user,
        "carbon-combustion",
        [SheetTest("BM26-0001", ({"carbon_pct": "31.2"},))],
    )
    page.choose_method("carbon-combustion")
    page.reload()
    assert page.tests_tree.topLevelItem(0).text(5).startswith("carbon (C): 31.2")
    install_translation(qapp, "ja")
    try:
        page.reload()
        assert page.tests_tree.topLevelItem(0).text(5).startswith("炭素 (C): 31.2")
    finally:
        install_translation(qapp, "en")


def test_several_tests_are_verified_with_one_signature(qtbot, sheet):
    page = sheet
    tests = [SheetTest(lot, ({"carbon_pct": "31.2"}, {"carbon_pct": "31.6"})) for lot in LOTS]
    stored = enter_sheet(page.context(), page.session.user, "carbon-combustion", tests)
    page.session.sign_in(QA)
    page.choose_method("carbon-combustion")
    page.reload()
    page.select_tests([t.id for t in stored])
    assert page.verify_button.isEnabled(), page.verify_button.toolTip()
    dialog = page.signing.sign("verify")  # one dialog, one password for all three
    dialog.password_edit.setText(QA.password)
    dialog.sign()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error_label.text()
    assert {t.state for t in list_tests(page.context())} == {PanelTestState.VERIFIED}
    with page.context().read_session() as session:
        signed = session.scalars(select(Signature).where(Signature.entity_type == "panel_test")).all()
        assert sorted(s.entity_id for s in signed) == sorted(t.id for t in stored)
    assert all(f"#{t.id}" in page.message_label.text() for t in stored)
