"""One current run for every page, and views that follow the services' changes without F5
(labapp.gui.selection, labapp.services.changes)."""

from __future__ import annotations

import shutil
import threading

import pytest
from partial_demo import QA, REVIEWER, TECH, submitted
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from labapp.gui import main_window as main_window_module
from labapp.gui.main_window import MainWindow
from labapp.gui.translation import word
from labapp.services import changes
from labapp.services.administration.users import authenticate
from labapp.services.context import ServiceContext
from labapp.services.vocabulary import RunState
from labapp.services.workflow.review import list_runs, sign


@pytest.fixture(scope="module")
def submitted_template(tmp_path_factory):
    return submitted(tmp_path_factory.mktemp("shared") / "submitted.sqlite")


@pytest.fixture
def window(qtbot, tmp_path, submitted_template):
    path = tmp_path / "shared.sqlite"
    shutil.copyfile(submitted_template, path)
    ctx = ServiceContext(str(path))
    user = authenticate(ctx, REVIEWER.username, REVIEWER.password)
    window = MainWindow(ctx=ctx, user=user)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def _go(window, title):
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    window.navigation.setCurrentRow(titles.index(title))
    return window.pages.currentWidget()


def test_a_run_chosen_on_one_page_is_the_current_run_on_every_page(window):
    runs_page = _go(window, "Runs")
    combo = runs_page.runs.combo
    assert combo.count() == 2
    other = 1 - combo.currentIndex()
    combo.setCurrentIndex(other)
    chosen = int(combo.itemData(other))
    assert window.selection.run_id == chosen
    for title in ("Results", "Runs"):
        assert _go(window, title).runs.selected() == chosen
    review = _go(window, "Review")
    assert review.selected_run() == chosen  # both runs wait for this reviewer
    review.queue.setCurrentRow(1 - review.queue.currentRow())
    picked = review.selected_run()
    assert picked != chosen and window.selection.run_id == picked
    assert _go(window, "Results").runs.selected() == picked


def test_a_signature_elsewhere_updates_review_results_and_home_without_refresh(qtbot, window):
    review = _go(window, "Review")
    assert review.queue.count() == 2
    audit_before = int(window.overview_page.count_labels["audit_events"].text())
    name = review.queue.item(0).text().split("  [")[0]
    run = next(r for r in list_runs(window.ctx) if r.name == name)
    sign(window.ctx, REVIEWER.username, REVIEWER.password, run.id, "reject", reason="curve re-check")
    qtbot.waitUntil(lambda: review.queue.count() == 1)  # queued delivery, no F5
    assert int(window.overview_page.count_labels["audit_events"].text()) > audit_before
    results = _go(window, "Results")
    results.runs.choose(run.id)
    assert f"[{word(RunState.REJECTED)}]" in results.runs.combo.currentText()


def test_signing_in_as_another_user_updates_the_review_queue(qtbot, window, monkeypatch):
    review = _go(window, "Review")
    assert review.queue_label.text() == f"2 run(s) waiting for {REVIEWER.username}"
    technician = authenticate(window.ctx, TECH.username, TECH.password)
    monkeypatch.setattr(main_window_module, "ask_user", lambda ctx, parent: technician)
    assert window.sign_in()
    # a technician may not sign a review: the queue shows what waits for a reviewer or QA manager, who
    # sign at this session with their own user name and password
    assert review.queue_label.text() == "2 run(s) waiting for a reviewer or QA manager"
    qa = authenticate(window.ctx, QA.username, QA.password)
    monkeypatch.setattr(main_window_module, "ask_user", lambda ctx, parent: qa)
    assert window.sign_in()
    assert review.queue_label.text().endswith(f"waiting for {QA.username}")


def test_a_publication_from_a_worker_thread_is_delivered_on_the_gui_thread(qtbot, window):
    seen = []
    window.changes.changed.connect(lambda kinds: seen.append((kinds, QThread.currentThread())))
    worker = threading.Thread(target=changes.publish, args=(frozenset({changes.Change.LOTS}),))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(frozenset({changes.Change.LOTS}), QApplication.instance().thread())]


def test_tables_written_map_to_the_changes_announced():
    assert changes.changes_of_tables(["results", "audit_events"]) == {
        changes.Change.RUNS,
        changes.Change.AUDIT,
    }
    assert changes.changes_of_tables(["users"]) == {changes.Change.USERS, changes.Change.AUDIT}
    assert changes.changes_of_tables([]) == {changes.Change.AUDIT}
