"""Issue 22 on a shared bench PC: buttons a role cannot use are disabled with the reason, File > Sign out,
the idle lock the laboratory sets (21 CFR 11.300(d), Annex 11 12.1), and the window at 1280x720."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractItemView

from labapp.demo.build import DEMO_USERS
from labapp.gui import main_window as main_window_module
from labapp.gui import session_lock as session_lock_module
from labapp.gui.certificates_view import CertificatesPage
from labapp.gui.main_window import MainWindow
from labapp.gui.results_view import ResultsPage
from labapp.gui.review import ReviewPage
from labapp.gui.run_view import RunViewPage
from labapp.services.administration.audit_trail import audit_log
from labapp.services.administration.session_policy import (
    DEFAULT_IDLE_LOCK_MINUTES,
    idle_lock_minutes,
    set_idle_lock_minutes,
)
from labapp.services.administration.users import authenticate

USERS = {u.username: u for u in DEMO_USERS}


def _sign_in(ctx, name: str):
    return authenticate(ctx, name, USERS[name].password)


def _page(window: MainWindow, kind: type):
    return next(page for page in window.run_pages.values() if isinstance(page, kind))


@pytest.fixture
def window_as(qtbot, demo_ctx):
    def make(name: str | None) -> MainWindow:
        window = MainWindow(ctx=demo_ctx, user=_sign_in(demo_ctx, name) if name else None)
        qtbot.addWidget(window)
        return window

    return make


def test_a_technician_sees_who_signs_an_approval_and_a_disabled_admin_action(window_as, demo_ctx):
    window = window_as("tech")
    review, run = _page(window, ReviewPage), _page(window, RunViewPage)
    signs_here = " They sign here with their own user name and password."
    assert review.approve_button.isEnabled()  # the QA manager signs at this session
    assert review.approve_button.toolTip() == "Only a QA manager may approve runs." + signs_here
    assert review.review_button.toolTip() == "Only a reviewer or QA manager may review runs." + signs_here
    assert run.calculate_button.isEnabled() and window.lots_page.new_button.isEnabled()
    admin = window.admin_page
    assert admin.users_tab.add_button.toolTip() == "Only an administrator may manage users."
    window.user = _sign_in(demo_ctx, "qa")  # another person at the same window
    window.user_changed()
    assert review.approve_button.isEnabled() and review.approve_button.toolTip() == "Ctrl+Shift+A"
    assert not run.calculate_button.isEnabled()
    assert run.calculate_button.toolTip() == "Only a technician may calculate runs."


def test_the_menu_entries_follow_the_roles_too(window_as):
    window = window_as("reviewer")
    entries = {a.text(): a for a in window.actions()}
    assert not entries["&New lot..."].isEnabled()
    assert entries["&New lot..."].toolTip() == "Only a technician or QA manager may register lots."
    assert not entries["Import instrument &export..."].isEnabled()


def test_sign_out_leaves_a_read_only_window_and_asks_who_works_next(window_as, monkeypatch):
    asked: list[object] = []
    monkeypatch.setattr(main_window_module, "ask_user", lambda ctx, parent=None: asked.append(ctx))
    window = window_as("tech")
    sign_out = next(a for a in window.actions() if a.text() == "Sign &out")
    sign_out.trigger()
    assert window.user is None and asked == [window.ctx]
    assert window.user_status.text() == "Not signed in (read only)"
    assert not window.session_lock.watcher.timer.isActive()  # nobody to lock out


def test_the_window_locks_after_the_idle_time_and_only_the_password_unlocks_it(qtbot, window_as, demo_ctx):
    assert idle_lock_minutes(demo_ctx) == DEFAULT_IDLE_LOCK_MINUTES
    set_idle_lock_minutes(demo_ctx, _sign_in(demo_ctx, "admin"), 2, "bench PCs in the shared room")
    window = window_as("tech")
    window.show()
    lock, timer = window.session_lock, window.session_lock.watcher.timer
    assert timer.isActive() and timer.interval() == 2 * 60_000
    content = window.centralWidget()
    timer.setInterval(30)  # the same timer, two minutes shortened to 30 ms
    timer.start()
    qtbot.waitUntil(lambda: lock.locked, timeout=5_000)
    assert window.centralWidget() is lock.screen and not content.isVisible()
    assert not window.menuBar().isEnabled()
    assert not any(a.isEnabled() for a in window.actions() if a.text() == "&New lot...")
    assert lock.screen.title_label.text() == "Locked: Takumi Tanaka (tech)"
    lock.screen.password_edit.setText("not-the-password")
    lock.screen.unlock_button.click()
    assert lock.locked and "wrong" in lock.screen.error_label.text()
    lock.screen.password_edit.setText(USERS["tech"].password)
    lock.screen.unlock_button.click()
    assert not lock.locked and window.centralWidget() is content and window.menuBar().isEnabled()
    assert next(a for a in window.actions() if a.text() == "&New lot...").isEnabled()
    assert timer.isActive()  # counting again


def test_another_person_may_sign_in_at_the_lock_which_signs_the_first_out(window_as, demo_ctx, monkeypatch):
    window = window_as("tech")
    window.session_lock.lock()
    qa = _sign_in(demo_ctx, "qa")
    monkeypatch.setattr(session_lock_module, "ask_user", lambda ctx, parent=None: qa)
    window.session_lock.screen.switch_button.click()
    assert window.user is qa and not window.session_lock.locked
    assert _page(window, ReviewPage).approve_button.isEnabled()


def test_the_idle_time_is_an_audited_laboratory_setting(window_as, demo_ctx):
    window = window_as("admin")
    box = window.admin_page.laboratory_tab.idle_lock_box
    box.reload()
    assert box.minutes_spin.value() == DEFAULT_IDLE_LOCK_MINUTES and not box.save_button.isEnabled()
    box.minutes_spin.setValue(0)
    assert box.check.problems == {"reason": "Give the reason for the change."}
    assert not box.save_button.isEnabled()
    box.reason_edit.setText("single-user instrument PC in a locked room")
    assert box.save_button.isEnabled() and box.save()
    assert idle_lock_minutes(demo_ctx) == 0
    events = audit_log(demo_ctx, window.user, "laboratories")
    assert events[-1].reason == "single-user instrument PC in a locked room"
    assert events[-1].new_values["idle_lock_minutes"] == 0
    window.user_changed()
    assert not window.session_lock.watcher.timer.isActive()  # 0 = off


def _rows_in_view(table: QAbstractItemView) -> int:
    height = table.viewport().height()
    return sum(
        1
        for row in range(table.model().rowCount())
        if 0 <= table.visualRect(table.model().index(row, 0)).bottom() <= height
    )


def test_at_1280x720_the_grid_shows_15_rows_and_the_preview_fits_the_width(qtbot, window_as, monkeypatch):
    window = window_as("qa")
    window.resize(1280, 720)
    window.show()
    assert (window.width(), window.height()) == (1280, 720)  # the minimum size fits the small screen
    metrics = window.navigation.fontMetrics()
    widest = max(
        metrics.horizontalAdvance(window.navigation.item(r).text()) for r in range(window.navigation.count())
    )
    assert window.navigation.width() > widest
    results = _page(window, ResultsPage)
    window.navigation.setCurrentRow(window.pages.indexOf(results))
    qtbot.waitUntil(lambda: not results.progress.busy and results.grid.model.rowCount() > 20, timeout=60_000)
    rows = _rows_in_view(results.grid.table)
    assert rows >= 15
    certificates = _page(window, CertificatesPage)
    window.navigation.setCurrentRow(window.pages.indexOf(certificates))
    certificates.select("LA-2026-000003", 0)
    qtbot.waitUntil(lambda: bool(certificates.preview.page_labels), timeout=30_000)
    preview = certificates.preview
    page_width = preview.page_labels[0].pixmap().width()
    assert page_width <= preview.viewport().width() and page_width >= preview.viewport().width() - 60
    assert preview.horizontalScrollBar().maximum() == 0


def test_the_navigation_is_measured_in_the_japanese_font(qtbot, qapp, demo_ctx):
    from labapp.gui.translation import install_translation

    install_translation(qapp, "ja")
    try:
        window = MainWindow(ctx=demo_ctx)
        qtbot.addWidget(window)
        titles = [window.navigation.item(r).text() for r in range(window.navigation.count())]
        assert "成績書" in titles  # the Japanese titles are the ones measured
        metrics = window.navigation.fontMetrics()
        assert window.navigation.minimumWidth() > max(metrics.horizontalAdvance(t) for t in titles)
    finally:
        install_translation(qapp, "en")


def test_view_detail_panes_collapses_and_restores_every_detail_pane(window_as):
    window = window_as("qa")
    window.resize(1280, 720)
    window.show()
    results = _page(window, ResultsPage)
    window.navigation.setCurrentRow(window.pages.indexOf(results))
    splitter = results.grid.parentWidget()
    before = splitter.sizes()
    assert before[1] > 0
    window.detail_toggle.trigger()
    assert splitter.sizes()[1] == 0 and splitter.sizes()[0] == sum(before)
    window.detail_toggle.trigger()
    assert splitter.sizes() == before


def test_the_refusal_reads_naturally_in_japanese(qapp):
    from labapp.gui.role_gate import refusal
    from labapp.gui.translation import install_translation
    from labapp.security.roles import Action

    install_translation(qapp, "ja")
    try:
        assert refusal(Action.APPROVE) == "ランの承認は品質保証責任者のみが行えます。"
        assert (
            refusal(Action.VIEW_AUDIT)
            == "監査証跡の閲覧はレビュー担当者、品質保証責任者またはシステム管理者のみが行えます。"
        )
    finally:
        install_translation(qapp, "en")
    assert (
        refusal(Action.VIEW_AUDIT) == "Only a reviewer, QA manager or administrator may view the audit trail."
    )
