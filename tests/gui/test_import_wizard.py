"""Import wizard: detection with confidence and override, preview, sample matching, import, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWizard

from labapp.demo.build import DEMO_USERS
from labapp.gui.import_pages import UNMATCHED_COLOUR
from labapp.gui.import_wizard import ImportWizard
from labapp.resources import resource_path
from labapp.services.administration.users import authenticate
from labapp.services.workflow.overview import overview

TECH = next(user for user in DEMO_USERS if user.username == "tech")
DEMO_RUN = resource_path("demo", "icp_oes_run.csv")
DEMO_READINGS = 2808  # 702 rows x 4 readings (mean + 3 replicates), counted by `labapp parse`


@pytest.fixture
def wizard(qtbot, registered_ctx) -> ImportWizard:
    technician = authenticate(registered_ctx, TECH.username, TECH.password)
    wizard = ImportWizard(registered_ctx, technician)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _to_preview(qtbot, wizard: ImportWizard, path: Path, profile: str | None = None) -> None:
    wizard.file_page.set_path(str(path))
    assert wizard.file_page.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.format_page
    if profile:
        wizard.format_page.choose(profile)
    wizard.next()
    assert wizard.currentPage() is wizard.preview_page
    qtbot.waitUntil(lambda: not wizard.preview_page.progress.busy, timeout=30_000)


def _demo_run_with_labels(tmp_path: Path, replacements: dict[str, str]) -> Path:
    text = DEMO_RUN.read_text(encoding="utf-8")
    for old, new in replacements.items():
        text = text.replace(f'"{old}",', f'"{new}",')
    path = tmp_path / "icp_run_edited.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_demo_run_goes_through_every_page_and_is_stored(qtbot, wizard, registered_ctx):
    _to_preview(qtbot, wizard, DEMO_RUN)
    assert wizard.file_page.run_name_edit.text() == "icp_oes_run"
    assert wizard.format_page.profile_id() == "agilent_icp_expert_long"
    assert "Detected: <b>Agilent ICP Expert" in wizard.format_page.detected_label.text()
    assert "9 of its columns recognised" in wizard.format_page.detected_label.text()
    preview = wizard.preview_page
    assert preview.result is not None and preview.view.model.rowCount() == DEMO_READINGS
    assert not preview.error_box.isVisible()
    wizard.next()
    matching = wizard.matching_page
    # 14 lots, 3 duplicates, 2 spikes are registered preparations; the CRM readings are not
    assert matching.unmatched == ["CRM LBM-01 #1", "CRM LBM-01 #2"] and len(matching.matched) == 19
    wizard.next()
    page = wizard.import_page
    with qtbot.waitSignal(page.progress.finished, timeout=60_000):
        page.import_button.click()
    assert page.outcome.readings == DEMO_READINGS and len(page.outcome.matched) == 19
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert overview(registered_ctx).runs == 1


def test_unmatched_labels_are_highlighted_and_assignable(qtbot, wizard, registered_ctx, tmp_path):
    path = _demo_run_with_labels(tmp_path, {"BM26-0004": "BM26 0004", "BM26-0005": "BM26-0505"})
    _to_preview(qtbot, wizard, path)
    wizard.next()
    matching = wizard.matching_page
    assert matching.unmatched == ["CRM LBM-01 #1", "BM26-0505", "CRM LBM-01 #2"]
    assert matching.matched["BM26 0004"] == "BM26-0004"  # spelling differences are the service's to match
    rows = {matching.model.item(r, 0).text(): r for r in range(matching.model.rowCount())}
    unmatched_row = rows["BM26-0505"]
    assert matching.model.item(unmatched_row, 5).text() == "UNMATCHED"
    assert matching.model.item(unmatched_row, 0).background().color() == QColor(UNMATCHED_COLOUR)
    assert matching.model.item(rows["BM26 0004"], 5).text() == "matched (spelling)"
    assert matching.model.item(rows["Blank"], 5).text() == "QC solution, not matched"
    matching.assign("BM26-0505", "BM26-0005")
    assert matching.assignments() == {"BM26-0505": "BM26-0005"}
    assert matching.model.item(unmatched_row, 5).text() == "assigned by hand"
    matching.assign("BM26-0505", "")
    wizard.next()
    with qtbot.waitSignal(wizard.import_page.progress.finished, timeout=60_000):
        wizard.import_page.import_button.click()
    assert "BM26-0505" in wizard.import_page.outcome.unmatched


def test_a_file_imported_before_is_refused_unless_allowed(qtbot, wizard, registered_ctx):
    _to_preview(qtbot, wizard, DEMO_RUN)
    wizard.next()
    wizard.next()
    page = wizard.import_page
    with qtbot.waitSignal(page.progress.finished, timeout=60_000):
        page.import_button.click()
    second = ImportWizard(registered_ctx, wizard.user)
    qtbot.addWidget(second)
    second.show()
    _to_preview(qtbot, second, DEMO_RUN)
    second.next()
    second.next()
    with qtbot.waitSignal(second.import_page.progress.error, timeout=60_000):
        second.import_page.import_button.click()
    assert "already imported as run id" in second.import_page.error_box.problem_label.text()
    assert not second.button(QWizard.WizardButton.FinishButton).isEnabled()
    second.import_page.duplicate_check.setChecked(True)
    with qtbot.waitSignal(second.import_page.progress.finished, timeout=60_000):
        second.import_page.import_button.click()
    assert overview(registered_ctx).runs == 2


@pytest.mark.parametrize(("name", "content", "line", "problem"), [
    ("empty.csv", b"", "(whole file)", "the file is empty"),
    ("unknown_line.csv", "Xx 206.200", "2",
     "analyte 'Xx 206.200' is not an element, formula or known line label"),
    ("bad_unit.csv", "furlong", "2", "unit 'furlong' is not known to profile agilent_icp_expert_long"),
])
def test_bad_files_show_file_line_and_problem(qtbot, wizard, tmp_path, name, content, line, problem):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        lines = DEMO_RUN.read_text(encoding="utf-8").splitlines()
        lines[1] = lines[1].replace('"Zn 206.200"', f'"{content}"') if " " in content else \
            lines[1].replace('"mg/L"', f'"{content}"', 1)
        path.write_text("\n".join(lines[:30]) + "\n", encoding="utf-8")
    _to_preview(qtbot, wizard, path, profile="agilent_icp_expert_long")
    box = wizard.preview_page.error_box
    assert box.isVisible()
    shown = (box.file_label.text(), box.line_label.text(), box.problem_label.text())
    assert shown == (str(path), line, problem)
    assert not wizard.preview_page.isComplete()  # Next stays disabled


def test_an_unrecognised_file_asks_for_a_profile_and_a_corrupt_workbook_says_so(qtbot, wizard, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("shopping list\nmilk\n", encoding="utf-8")
    wizard.file_page.set_path(str(text))
    wizard.next()
    page = wizard.format_page
    assert page.profile_id() is None and not page.isComplete()
    assert page.detected_label.text().startswith("no instrument profile recognises this file.")
    wizard.back()
    workbook = tmp_path / "run.xlsx"
    workbook.write_bytes(b"PK\x03\x04 this is not really a workbook")
    wizard.file_page.set_path(str(workbook))
    wizard.next()
    assert "run.xlsx: damaged Excel workbook" in page.detected_label.text()
    page.choose("perkinelmer_syngistix_workbook")
    wizard.next()
    qtbot.waitUntil(lambda: not wizard.preview_page.progress.busy, timeout=30_000)
    box = wizard.preview_page.error_box
    assert box.problem_label.text().startswith("damaged Excel workbook")


def test_the_format_can_be_overridden(qtbot, wizard):
    wizard.file_page.set_path(str(DEMO_RUN))
    wizard.next()
    page = wizard.format_page
    ids = [page.profile_combo.itemData(i) for i in range(page.profile_combo.count())]
    assert ids[0] == "agilent_icp_expert_long" and "thermo_qtegra" in ids
    page.choose("thermo_qtegra")
    assert page.profile_id() == "thermo_qtegra"


def test_a_dropped_file_is_taken_and_names_the_run(qtbot, wizard):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(DEMO_RUN))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    wizard.file_page.dropEvent(event)
    assert wizard.file_page.path() == DEMO_RUN
    assert wizard.file_page.run_name_edit.text() == "icp_oes_run" and wizard.file_page.isComplete()


def test_going_back_while_reading_abandons_the_read(qtbot, wizard):
    wizard.file_page.set_path(str(DEMO_RUN))
    wizard.next()
    wizard.next()
    wizard.back()  # the read may still run in its thread: its answer must not reach the page
    assert not wizard.preview_page.progress.busy
    qtbot.wait(200)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.preview_page.result is not None, timeout=30_000)
    assert wizard.preview_page.view.model.rowCount() == DEMO_READINGS


def test_an_assignment_by_hand_needs_a_reason_and_is_shown_to_the_end(qtbot, wizard, tmp_path):
    path = _demo_run_with_labels(tmp_path, {"BM26-0005": "BM26-0505"})
    _to_preview(qtbot, wizard, path)
    wizard.next()
    matching = wizard.matching_page
    assert matching.isComplete() and not matching.reason_edit.isVisibleTo(matching)
    matching.assign("BM26-0505", "BM26-0005")
    summary = matching.summary_label.text()
    assert "19 of 21 sample labels matched, 1 of them assigned by hand; 2 unmatched (red)" in summary
    assert not matching.isComplete() and matching.reason_edit.isVisibleTo(matching)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    matching.reason_edit.setText("autosampler list misspelt BM26-0005")
    assert matching.isComplete()
    wizard.next()
    with qtbot.waitSignal(wizard.import_page.progress.finished, timeout=60_000):
        wizard.import_page.import_button.click()
    outcome = wizard.import_page.outcome
    assert outcome.assigned == {"BM26-0505": "BM26-0005"}
    assert outcome.assignment_reason == "autosampler list misspelt BM26-0005"
    shown = wizard.import_page.result_label.text()
    assert "Assigned by hand: BM26-0505 \u2192 BM26-0005; reason: autosampler list misspelt" in shown
