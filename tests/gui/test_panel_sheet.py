"""The panel tests' result sheet: a moisture batch typed by keys, a sieve block pasted, problems shown
together and blocking the save, the whole batch saved with every value audited, verification by a
second person (refused for the person who entered), a file read into the sheet, Japanese labels."""

from __future__ import annotations

from pathlib import Path

import pytest
from partial_demo import ADMIN, QA, TECH
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from signed_in import Session
from sqlalchemy import select

from labapp.demo.build import DemoUser
from labapp.gui.panel_sheet import PanelSheetPage
from labapp.gui.panel_sheet_grid import FIRST_VALUE_COLUMN
from labapp.gui.translation import install_translation
from labapp.services.administration.audit_trail import audit_log
from labapp.services.administration.users import add_user, authenticate
from labapp.services.panel import PanelWorkflowError, list_tests, verify_test
from labapp.services.panel.sheet import SheetTest, enter_sheet
from labapp.store.panel import PanelEntry
from labapp.store.states import PanelTestState

LOTS = ["BM26-0001", "BM26-0002"]
# tare, gross before, gross after, temperature, time: two determinations per lot
MOISTURE = [
    ["25.0000", "35.0000", "34.7000", "105", "3"],
    ["24.0000", "34.0000", "33.6900", "104", "2.5"],
    ["26.1000", "36.1000", "35.9000", "105", "3"],
    ["25.5000", "35.5000", "35.3100", "105", "3"],
]


@pytest.fixture
def sheet(qtbot, registered_ctx):
    session = Session(registered_ctx, TECH)
    page = PanelSheetPage(lambda: registered_ctx, session.acting, lambda: session.user)
    page.session = session
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.reload()
    return page


def _typing_target(grid):
    """The open cell editor, else the grid (whose first key opens an editor, as in a spreadsheet)."""
    editors = [w for w in grid.findChildren(QLineEdit) if w.isVisible()]
    return editors[0] if editors else grid


def _type(grid, text: str, then=Qt.Key.Key_Tab) -> None:
    """Type a value into the current cell, then Tab (next column) or Enter (next row)."""
    for char in text:
        QTest.keyClick(_typing_target(grid), char)
    QTest.keyClick(_typing_target(grid), then)
    QApplication.processEvents()  # the editor commits Enter's value in a queued call


def _start(page, method_id: str, lots: list[str]) -> None:
    page.choose_method(method_id)
    page.check_lots(lots)
    page.add_checked_lots()


def _save(qtbot, page) -> None:
    assert page.save_button.isEnabled(), page.save_button.toolTip()
    assert page.save()
    qtbot.waitUntil(lambda: not page.progress.busy, timeout=30_000)


def test_moisture_batch_by_keys_saved_whole_and_audited_then_verified_by_another(qtbot, sheet):
    page = sheet
    page.show()
    _start(page, "moisture-105c", LOTS)
    assert page.grid.rowCount() == 4 and page.grid.text(0, 0) == "BM26-0001"
    header = page.grid.horizontalHeaderItem(FIRST_VALUE_COLUMN).text()
    assert "[g]" in header and "d = 0.0001 g" in header  # unit and balance readability in the header
    assert "[°C]" in page.grid.horizontalHeaderItem(FIRST_VALUE_COLUMN + 3).text()
    page.grid.setFocus()
    for row, values in enumerate(MOISTURE):
        page.grid.setCurrentCell(row, FIRST_VALUE_COLUMN)
        for value in values[:-1]:
            _type(page.grid, value)
        _type(page.grid, values[-1], Qt.Key.Key_Return)
    assert page.grid.values(2) == MOISTURE[2]
    assert page.grid.currentRow() == 3  # Enter moved down, as in a spreadsheet
    assert page.problems == [], page.problems
    _save(qtbot, page)
    assert page.last_error is None, page.last_error
    stored = list_tests(page.context())
    assert [t.lot for t in stored] == LOTS and {t.state for t in stored} == {PanelTestState.ENTERED}
    first = stored[0]
    assert first.results[0].text.startswith("3.05")  # (0.3000/10 + 0.3100/10) / 2 = 3.05 wt%
    result = page.grid.text(0, page.grid.columnCount() - 1)
    assert f"#{first.id}" in result and "3.05" in result and "as received" in result
    assert "3.050 ± 0.068 wt% (k = 2.08)" in result and "moisture" in result
    with page.context().read_session() as session:
        rows = session.scalars(select(PanelEntry).where(PanelEntry.test_id == first.id)).all()
        tare = next(e for e in rows if e.field == "tare_g" and e.determination == 2)
        assert (tare.text, tare.value, tare.resolution, tare.entered_by) == ("24.0000", 24.0, 0.0001, "tech")
    qa = authenticate(page.context(), QA.username, QA.password)
    events = [e for e in audit_log(page.context(), qa, limit=500) if e.entity_type == "panel_entries"]
    assert len(events) == 20 and {e.actor for e in events} == {"tech"}  # 2 lots x 2 portions x 5 values
    assert not page.save_button.isEnabled()  # a saved batch is not saved twice

    # the person who entered may not verify: the button says why, the page refuses, so does the service
    page.select_tests([first.id])
    assert page.verify_button.isEnabled() is False
    assert "Your roles do not allow this" in page.verify_button.toolTip()  # a technician does not review
    page.session.sign_in(QA)
    page.update_actions()
    assert page.verify_button.isEnabled(), page.verify_button.toolTip()
    dialog = page.signing.sign("verify")
    dialog.password_edit.setText(QA.password)
    dialog.sign()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error_label.text()
    assert {t.id: t.state for t in list_tests(page.context())}[first.id] is PanelTestState.VERIFIED
    assert "verified" in page.message_label.text()


def test_same_person_may_not_verify_what_they_entered(qtbot, sheet):
    page = sheet
    admin = authenticate(page.context(), ADMIN.username, ADMIN.password)
    both = DemoUser("mika", "Mika Mori", ("technician", "reviewer"), "Ryouhou-Demo-2026")
    add_user(
        page.context(),
        admin,
        both.username,
        both.full_name,
        list(both.roles),
        both.password,
        temporary_password=False,
    )
    page.session.sign_in(both)  # may enter and review: four eyes still apply
    _start(page, "moisture-105c", LOTS[:1])
    for row, values in enumerate(MOISTURE[:2]):
        for offset, value in enumerate(values):
            page.grid.set_text(row, FIRST_VALUE_COLUMN + offset, value)
    _save(qtbot, page)
    (test,) = list_tests(page.context())
    assert test.entered_by == "mika"
    page.select_tests([test.id])
    assert not page.verify_button.isEnabled()
    assert "four eyes" in page.verify_button.toolTip()
    assert page.signing.sign("verify") is None  # no password asked: the reason is shown instead
    assert "You entered test" in page.message_label.text()
    with pytest.raises(PanelWorkflowError, match="four eyes"):
        verify_test(page.context(), both.username, both.password, test.id)


def test_pasted_sieve_block_with_a_resolution_error_and_a_missing_value_saves_nothing(qtbot, sheet):
    page = sheet
    _start(page, "particle-size-sieve", LOTS)
    assert page.grid.rowCount() == 2  # one sieve analysis per lot
    heads = [page.grid.horizontalHeaderItem(c).text() for c in range(page.grid.columnCount())]
    assert any("0.25 mm" in h for h in heads)
    # initial, 2.0, 1.0, 0.5, 0.25, 0.125, 0.075 mm, pan; row 2 has a gap and a reading of 0.125 g
    # on a balance that shows 0.01 g
    assert page.method().balance.resolution_g == 0.01
    fine = "0.125"
    block = "\n".join(
        [
            "\t".join(["100.00", "0.00", "0.00", "0.50", "0.40", "30.00", "40.00", "29.05"]),
            "\t".join(["100.00", "0.00", "", "0.60", fine, "31.00", "39.00", "28.80"]),
        ]
    )
    QGuiApplication.clipboard().setText(block)
    page.grid.setFocus()
    page.grid.setCurrentCell(0, FIRST_VALUE_COLUMN)
    QTest.keySequence(page.grid, "Ctrl+V")
    assert page.grid.values(0)[:3] == ["100.00", "0.00", "0.00"]
    problems = page.validate()
    assert len(problems) == 2, problems
    assert any("missing value (retained on 1 mm)" in p for p in problems)
    assert any("more digits than the balance shows" in p for p in problems)
    bad = page.grid.item(1, FIRST_VALUE_COLUMN + 4)
    assert "more digits" in bad.toolTip() and bad.background().color().name() == "#f8d7da"
    assert not page.save_button.isEnabled() and not page.save()
    assert list_tests(page.context()) == []
    # fix both: the batch saves
    page.grid.set_text(1, FIRST_VALUE_COLUMN + 2, "0.00")
    page.grid.set_text(1, FIRST_VALUE_COLUMN + 4, "0.12")
    assert page.problems == [], page.problems
    _save(qtbot, page)
    stored = list_tests(page.context())
    assert len(stored) == 2 and stored[0].results[0].unit == "mm"
    with page.context().read_session() as session:
        entry = session.scalars(
            select(PanelEntry).where(PanelEntry.test_id == stored[1].id, PanelEntry.field == "retained_g")
        ).one()
        assert entry.text == "0.00; 0.00; 0.60; 0.12; 31.00; 39.00"


def test_delete_clears_and_an_impossible_weighing_is_listed_before_saving(qtbot, sheet):
    page = sheet
    _start(page, "moisture-105c", LOTS[:1])
    for offset, value in enumerate(["25.0000", "35.0000", "36.0000", "105", "3"]):  # gains mass on drying
        page.grid.set_text(0, FIRST_VALUE_COLUMN + offset, value)
    problems = page.validate()
    assert len(problems) == 1 and "gross_after_g" in problems[0] and "BM26-0001" in problems[0]
    assert not page.save_button.isEnabled()
    page.grid.setCurrentCell(0, FIRST_VALUE_COLUMN)
    page.grid.selectRow(0)
    QTest.keyClick(page.grid, Qt.Key.Key_Delete)
    assert page.grid.values(0) == [""] * 5 and page.grid.text(0, 0) == "BM26-0001"  # the lot stays


def test_a_file_is_read_into_the_sheet_and_saved_only_when_asked(qtbot, sheet, tmp_path: Path):
    page = sheet
    path = tmp_path / "moisture.csv"
    path.write_text(
        "lot,method,tare_g,gross_before_g,gross_after_g,temperature_c,time_h\n"
        "BM26-0003,moisture-105c,25.0000,35.0000,34.7000,105,3\n"
        "BM26-0003,moisture-105c,24.0000,34.0000,33.6900,104,2.5\n"
    )
    assert page.import_file(path)
    qtbot.waitUntil(lambda: not page.progress.busy, timeout=30_000)
    assert page.method().id == "moisture-105c" and page.grid.rowCount() == 2
    assert page.grid.values(1) == MOISTURE[1] and list_tests(page.context()) == []
    assert "moisture.csv" in page.source and "sha256:" in page.source
    _save(qtbot, page)
    (test,) = list_tests(page.context())
    assert test.lot == "BM26-0003"
    with page.context().read_session() as session:
        from labapp.store.panel import PanelTest

        assert session.get(PanelTest, test.id).source.startswith("moisture.csv (panel-result-sheet)")


def test_japanese_labels(qtbot, qapp, registered_ctx):
    install_translation(qapp, "ja")
    try:
        session = Session(registered_ctx, TECH)
        page = PanelSheetPage(lambda: registered_ctx, session.acting, lambda: session.user)
        qtbot.addWidget(page)
        page.reload()
        page.choose_method("moisture-105c")
        heads = [page.grid.horizontalHeaderItem(c).text() for c in range(page.grid.columnCount())]
        assert heads[0] == "ロット" and "空の容器" in heads[FIRST_VALUE_COLUMN]
        assert page.save_button.text().startswith("一括保存")
        assert page.method_combo.currentText().startswith("105 °C 乾燥減量")
        page.check_lots(["BM26-0001"])
        page.add_checked_lots()
        page.grid.set_text(0, FIRST_VALUE_COLUMN, "abc")
        assert any("数値ではありません" in p for p in page.validate())
    finally:
        install_translation(qapp, "en")


def test_the_page_is_in_the_main_window_navigation_with_its_own_shortcut(qtbot, registered_ctx):
    from PySide6.QtGui import QKeySequence

    from labapp.gui.main_window import MainWindow

    user = authenticate(registered_ctx, TECH.username, TECH.password)
    window = MainWindow(ctx=registered_ctx, user=user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    titles = [window.navigation.item(n).text() for n in range(window.navigation.count())]
    assert "Panel tests" in titles
    shortcuts = [a.shortcut().toString() for a in window.actions() if not a.shortcut().isEmpty()]
    assert shortcuts.count("Ctrl+Shift+T") == 1  # no other action of the window uses it
    go = next(a for a in window.actions() if a.shortcut() == QKeySequence("Ctrl+Shift+T"))
    go.trigger()
    page = window.pages.currentWidget()
    qtbot.waitUntil(lambda: page.method_combo.count() > 0)  # read when first shown
    assert isinstance(page, PanelSheetPage) and titles[window.navigation.currentRow()] == "Panel tests"
    assert page.method_combo.count() == 9 and page.lots_list.count() == 14  # every demo lot is waiting


def test_reject_needs_a_reason_and_submit_is_by_another_than_the_verifier(qtbot, sheet):
    page = sheet
    tests = [
        SheetTest(
            lot,
            (
                {
                    "tare_g": "25.0000",
                    "gross_before_g": "35.0000",
                    "gross_after_g": "34.7000",
                    "temperature_c": "105",
                    "time_h": "3",
                },
            ),
        )
        for lot in LOTS
    ]
    first, second = enter_sheet(page.context(), page.session.user, "moisture-105c", tests)
    page.session.sign_in(QA)
    page.choose_method("moisture-105c")
    page.reload()  # as when the page is shown again after the QA manager signed in
    assert not page.save_button.isEnabled() and "Your roles do not allow" in page.browse_button.toolTip()
    page.select_tests([first.id])
    dialog = page.signing.sign("reject")
    dialog.password_edit.setText(QA.password)
    dialog.sign()
    assert "reason is required" in dialog.error_label.text()  # nothing signed without a reason
    dialog.password_edit.setText(QA.password)
    dialog.reason_edit.setPlainText("tare of portion 1 copied from the wrong dish")
    dialog.sign()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error_label.text()
    page.select_tests([second.id])
    dialog = page.signing.sign("verify")
    dialog.password_edit.setText(QA.password)
    dialog.sign()
    states = {t.id: t.state for t in list_tests(page.context())}
    assert states == {first.id: PanelTestState.REJECTED, second.id: PanelTestState.VERIFIED}
    assert "BM26-0001" in [page.lots_list.item(n).text() for n in range(page.lots_list.count())]  # again
    page.select_tests([second.id])
    assert not page.submit_button.isEnabled()  # the QA manager verified it (and may not submit)
    page.session.sign_in(TECH)
    page.update_actions()
    assert page.submit_button.isEnabled(), page.submit_button.toolTip()
    dialog = page.signing.sign("submit")
    dialog.password_edit.setText(TECH.password)
    dialog.sign()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error_label.text()
    assert {t.id: t.state for t in list_tests(page.context())}[second.id] is PanelTestState.SUBMITTED
