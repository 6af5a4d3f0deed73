"""The home page's worklist per role, and a line's activation opening its page with the run made current
(labapp.services.workflow.worklist, labapp.gui.worklist_box)."""

from __future__ import annotations

import shutil

import pytest
from partial_demo import ADMIN, QA, REVIEWER, TECH, submitted
from PySide6.QtCore import Qt

from labapp.gui.main_window import MainWindow
from labapp.services.administration.users import authenticate
from labapp.services.context import ServiceContext
from labapp.services.workflow.review import list_runs, sign
from labapp.services.workflow.worklist import WorkKind, worklist


@pytest.fixture(scope="module")
def submitted_template(tmp_path_factory):
    return submitted(tmp_path_factory.mktemp("worklist") / "submitted.sqlite")


@pytest.fixture
def ctx(tmp_path, submitted_template):
    path = tmp_path / "worklist.sqlite"
    shutil.copyfile(submitted_template, path)
    ctx = ServiceContext(str(path))
    yield ctx
    ctx.close()


def _kinds(ctx, who):
    return {w.kind: w.count for w in worklist(ctx, authenticate(ctx, who.username, who.password))}


def test_each_role_sees_the_work_it_can_do(ctx):
    assert _kinds(ctx, TECH) == {
        WorkKind.LOTS_WAITING: 0,
        WorkKind.RUNS_TO_CALCULATE: 0,
        # the ICP-OES run (two failed checks); the XRF run's checks are only "not applicable"
        WorkKind.FAILED_QC: 1,
        WorkKind.PANEL_TO_VERIFY: 0,
    }
    assert _kinds(ctx, REVIEWER) == {
        WorkKind.RUNS_TO_SIGN: 2,
        WorkKind.FAILED_QC: 1,
        WorkKind.PANEL_TO_VERIFY: 0,
    }
    assert WorkKind.CERTIFICATES_TO_ISSUE in _kinds(ctx, QA)
    assert _kinds(ctx, ADMIN) == {}


def test_runs_to_sign_leave_out_the_signers_own_work(ctx):
    run = list_runs(ctx)[0]
    sign(ctx, QA.username, QA.password, run.id, "review", acknowledgement="Mn CCV low, checked")
    assert _kinds(ctx, QA)[WorkKind.RUNS_TO_SIGN] == 1  # QA may not approve the run QA reviewed
    assert _kinds(ctx, REVIEWER)[WorkKind.RUNS_TO_SIGN] == 1  # and the reviewed one waits for approval


def test_activating_a_line_sets_the_selection_and_opens_the_page(qtbot, ctx):
    window = MainWindow(ctx=ctx, user=authenticate(ctx, REVIEWER.username, REVIEWER.password))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    box = window.overview_page.worklist
    line = box.line(WorkKind.RUNS_TO_SIGN)
    assert line.text() == "Submitted runs for you to review or approve: 2"
    box.list.setCurrentItem(line)
    box.list.setFocus()
    qtbot.keyClick(box.list, Qt.Key.Key_Return)
    work = line.data(Qt.ItemDataRole.UserRole)
    assert window.selection.run_id == work.run_ids[0]
    review = window.pages.currentWidget()
    assert window.navigation.currentItem().text() == "Review"
    assert review.selected_run() == work.run_ids[0]
    window.close()


def test_the_worklist_follows_a_change_of_user(qtbot, ctx, monkeypatch):
    from labapp.gui import main_window as main_window_module

    window = MainWindow(ctx=ctx, user=authenticate(ctx, REVIEWER.username, REVIEWER.password))
    qtbot.addWidget(window)
    assert window.overview_page.worklist.line(WorkKind.RUNS_TO_SIGN) is not None
    technician = authenticate(ctx, TECH.username, TECH.password)
    monkeypatch.setattr(main_window_module, "ask_user", lambda c, parent: technician)
    window.sign_in()
    box = window.overview_page.worklist
    assert box.line(WorkKind.RUNS_TO_SIGN) is None
    assert box.line(WorkKind.RUNS_TO_CALCULATE).text() == "Runs to calculate: 0"
    window.close()


def test_panel_tests_to_verify_open_the_result_sheet(qtbot, ctx):
    from labapp.gui.panel_sheet import PanelSheetPage
    from labapp.gui.worklist_pages import open_work
    from labapp.services.workflow.worklist import WorkItem

    window = MainWindow(ctx=ctx)
    qtbot.addWidget(window)
    open_work(window, WorkItem(WorkKind.PANEL_TO_VERIFY, lot_codes=("BM26-0001",)))
    assert isinstance(window.pages.currentWidget(), PanelSheetPage)
    assert window.selection.lot_code == "BM26-0001"
