"""The audit trail viewer and the audit_log filters (user, period) it relies on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from accounts import account
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from labapp.core.errors import LabappError
from labapp.gui.main_window import MainWindow
from labapp.security.roles import PermissionDenied
from labapp.services.administration.audit_trail import audit_actors, audit_log, verify_audit
from labapp.services.administration.laboratory import get_laboratory, set_laboratory


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


def _rename_laboratory(ctx, actor: str, name: str) -> None:
    lab = get_laboratory(ctx)
    renamed = type(lab)(name, lab.address, lab.accreditation)
    set_laboratory(ctx, account(ctx, actor), renamed, reason="test rename")


def test_actor_filter_keeps_only_that_persons_events(demo_ctx):
    _rename_laboratory(demo_ctx, "admin", "Renamed Lab")
    everything = audit_log(demo_ctx, account(demo_ctx, "qa"), limit=100_000)
    by_admin = audit_log(demo_ctx, account(demo_ctx, "qa"), limit=100_000, person="admin")
    assert by_admin and all(e.actor == "admin" for e in by_admin)
    assert [e.seq for e in by_admin] == [e.seq for e in everything if e.actor == "admin"]
    assert by_admin[-1].entity_type == "laboratories" and by_admin[-1].reason == "test rename"
    actors = audit_actors(demo_ctx, account(demo_ctx, "qa"))
    assert "admin" in actors and "tech" in actors


def test_period_filter_is_inclusive_at_the_start_and_exclusive_at_the_end(demo_ctx):
    everything = audit_log(demo_ctx, account(demo_ctx, "qa"), limit=100_000)
    middle = everything[len(everything) // 2].occurred_at
    after = audit_log(demo_ctx, account(demo_ctx, "qa"), limit=100_000, since=middle)
    before = audit_log(demo_ctx, account(demo_ctx, "qa"), limit=100_000, until=middle)
    assert after[0].occurred_at == middle and all(e.occurred_at >= middle for e in after)
    assert all(e.occurred_at < middle for e in before)
    assert len(after) + len(before) == len(everything)
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert audit_log(demo_ctx, account(demo_ctx, "qa"), since=tomorrow) == []


def test_period_filter_refuses_naive_times_and_an_empty_period(demo_ctx):
    with pytest.raises(LabappError, match="no time zone"):
        audit_log(demo_ctx, account(demo_ctx, "qa"), since=datetime(2026, 1, 1))
    start = datetime(2026, 1, 2, tzinfo=UTC)
    with pytest.raises(LabappError, match="after its start"):
        audit_log(demo_ctx, account(demo_ctx, "qa"), since=start, until=start)


def test_viewer_filters_by_entity_and_user(qtbot, demo_ctx, warnings):
    _rename_laboratory(demo_ctx, "admin", "Renamed Lab")
    window = MainWindow(ctx=demo_ctx, user=account(demo_ctx, "qa"))
    qtbot.addWidget(window)
    page = window.audit_page
    page.entity_combo.setCurrentIndex(page.entity_combo.findData("laboratories"))
    page.actor_combo.setCurrentIndex(page.actor_combo.findData("admin"))
    page.apply_button.click()
    rows = [page.model.record(r) for r in range(page.model.rowCount())]
    expected = audit_log(demo_ctx, account(demo_ctx, "qa"), entity="laboratories", person="admin", limit=500)
    assert [e.seq for e in rows] == [e.seq for e in expected] and len(rows) >= 2
    assert {(e.entry.entity_type, e.actor) for e in rows} == {("laboratories", "admin")}
    assert {e.entity_type for e in rows} == {"laboratory"}  # shown in words, not as the table's name
    assert warnings == []


def test_viewer_date_filter_and_details(qtbot, demo_ctx, warnings):
    window = MainWindow(ctx=demo_ctx, user=account(demo_ctx, "qa"))
    qtbot.addWidget(window)
    page = window.audit_page
    assert page.model.rowCount() > 0
    page.table.selectRow(0)
    details = page.details.toPlainText()
    assert "Hash:" in details and "Concerns: " in details
    assert "{" not in details and "_" not in details.split("Hash:")[0]  # labelled fields, never stored JSON
    tomorrow = QDate.currentDate().addDays(2)
    page.since_check.setChecked(True)
    page.since_edit.setDate(tomorrow)
    page.apply_button.click()
    assert page.model.rowCount() == 0
    page.until_check.setChecked(True)
    page.until_edit.setDate(tomorrow.addDays(-5))
    page.apply_button.click()
    assert warnings and "after its start" in warnings[-1]


def test_verify_chain_from_the_viewer(qtbot, demo_ctx):
    window = MainWindow(ctx=demo_ctx)
    qtbot.addWidget(window)
    window.audit_page.verify_button.click()
    verdict = window.audit_page.verdict_label.text()
    assert verdict.startswith("Chain intact")
    report = verify_audit(demo_ctx)  # the page says whether the history was compared with checkpoints
    n, log = report.checkpoints_checked, report.checkpoint_log
    assert (f"; {n} checkpoints in {log} match" if n else "; no checkpoint found: not compared") in verdict


def test_a_technician_is_told_on_the_page_that_the_trail_is_not_for_them(qtbot, demo_ctx, warnings):
    window = MainWindow(ctx=demo_ctx, user=account(demo_ctx, "tech"))
    qtbot.addWidget(window)
    page = window.audit_page
    assert page.model.rowCount() == 0 and warnings == []  # no message box on every refresh
    assert page.verdict_label.text() == "Your roles do not include viewing the audit trail."
    with pytest.raises(PermissionDenied, match="may not view audit"):
        audit_log(demo_ctx, account(demo_ctx, "tech"))
