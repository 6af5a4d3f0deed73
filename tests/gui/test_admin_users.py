"""Administration > Users: every change goes through the users service with the signed-in person."""

from __future__ import annotations

import pytest
from accounts import account
from PySide6.QtWidgets import QMessageBox

from labapp.demo.build import DEMO_USERS
from labapp.gui.main_window import MainWindow
from labapp.services.administration.audit_trail import audit_log
from labapp.services.administration.users import (
    AuthenticationError,
    PasswordChangeRequired,
    authenticate,
    change_password,
    list_users,
)

ADMIN = next(u for u in DEMO_USERS if u.username == "admin")


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text))
    return shown


@pytest.fixture
def admin_window(qtbot, demo_ctx):
    window = MainWindow(ctx=demo_ctx, user=authenticate(demo_ctx, ADMIN.username, ADMIN.password))
    qtbot.addWidget(window)
    window.navigation.setCurrentRow(window.pages.indexOf(window.admin_page))
    window.show()
    return window


def _users(ctx):
    return {u.username: u for u in list_users(ctx)}


def test_the_users_tab_lists_the_demo_accounts(admin_window, demo_ctx):
    tab = admin_window.admin_page.users_tab
    shown = {tab.page.model.record(r).username for r in range(tab.page.model.rowCount())}
    assert shown == set(_users(demo_ctx)) >= {"admin", "tech", "qa", "reviewer"}


def test_administrator_adds_a_user_who_chooses_a_password_then_signs_in(admin_window, demo_ctx, warnings):
    tab = admin_window.admin_page.users_tab
    assert tab.create_user("hana", "Hana Mori", ["technician", "reviewer"], "Mizu-Bunseki-2026")
    assert warnings == []
    assert _users(demo_ctx)["hana"].roles == ("reviewer", "technician")
    assert _users(demo_ctx)["hana"].must_change_password  # the administrator knows the first password
    with pytest.raises(PasswordChangeRequired):
        authenticate(demo_ctx, "hana", "Mizu-Bunseki-2026")
    change_password(demo_ctx, "hana", "Mizu-Bunseki-2026", "Mori-Eigene-Wahl-7")
    assert authenticate(demo_ctx, "hana", "Mori-Eigene-Wahl-7").full_name == "Hana Mori"
    shown = [tab.page.model.record(i) for i in range(tab.page.model.rowCount())]
    assert any(r.username == "hana" and r.must_change_password for r in shown)  # as listed before the change


def test_four_eyes_rules_on_accounts_are_the_services_messages(admin_window, demo_ctx, warnings):
    tab = admin_window.admin_page.users_tab
    assert not tab.create_user("hana2", " hana  SATO ", ["reviewer"], "Mizu-Bunseki-2026")  # as qa
    assert not tab.change_roles("admin", ["administrator", "qa_manager"], "small laboratory")
    assert len(warnings) == 2
    assert "already has an active account (qa)" in warnings[0]
    assert "may not give itself a signing role (QA manager)" in warnings[1]
    assert "hana2" not in _users(demo_ctx) and _users(demo_ctx)["admin"].roles == ("administrator",)


def test_service_refusals_are_shown_not_decided_by_the_gui(admin_window, demo_ctx, warnings):
    tab = admin_window.admin_page.users_tab
    assert not tab.create_user("short", "Short Password", ["technician"], "abc")
    assert not tab.change_roles("tech", ["qa_manager"], reason="")
    assert not tab.deactivate_user("admin", reason="leaving")
    assert len(warnings) == 3
    assert "reason is required" in warnings[1] and "your own account" in warnings[2]
    assert "short" not in _users(demo_ctx) and _users(demo_ctx)["tech"].roles == ("technician",)


def test_roles_password_and_deactivation_are_audited_with_the_reason(admin_window, demo_ctx, warnings):
    tab = admin_window.admin_page.users_tab
    assert tab.change_roles("tech", ["technician", "reviewer"], "covers review in August")
    assert tab.new_password("reviewer", "Kensa-Neu-2026-x", "forgotten")
    with pytest.raises(PasswordChangeRequired):  # a reset password is the administrator's, not the owner's
        authenticate(demo_ctx, "reviewer", "Kensa-Neu-2026-x")
    assert _users(demo_ctx)["reviewer"].must_change_password
    assert tab.deactivate_user("qa", "left the laboratory")
    assert warnings == []
    assert _users(demo_ctx)["tech"].roles == ("reviewer", "technician")
    assert not _users(demo_ctx)["qa"].active
    with pytest.raises(AuthenticationError, match="deactivated"):
        authenticate(demo_ctx, "qa", "Hinshitsu-Demo-2026")
    reasons = {
        (e.action, e.reason)
        for e in audit_log(demo_ctx, account(demo_ctx, "admin"), entity="users", person="admin", limit=20)
    }
    assert {
        ("set_roles", "covers review in August"),
        ("reset_password", "forgotten"),
        ("deactivate", "left the laboratory"),
    } <= reasons


def test_a_technician_cannot_manage_users(qtbot, demo_ctx, technician, warnings):
    window = MainWindow(ctx=demo_ctx, user=technician)
    qtbot.addWidget(window)
    assert not window.admin_page.users_tab.create_user("x1", "X One", ["technician"], "Long-Enough-Pass-1")
    assert warnings and "may not manage users" in warnings[0]
    assert "x1" not in _users(demo_ctx)


def test_add_user_checks_as_typed_and_stays_open_on_a_refusal(admin_window, demo_ctx, warnings, monkeypatch):
    """Issue 22: Add user closed on any error and lost what was typed."""
    from labapp.gui.admin_common import FormDialog

    tab = admin_window.admin_page.users_tab
    seen: dict[str, object] = {}

    def fill_and_press_ok(dialog: FormDialog) -> int:
        dialog.fields["username"].setText("tech")  # taken by the demo's technician
        dialog.fields["full_name"].setText("Hana Mori")
        dialog.fields["password"].setText("short")
        seen["typing"] = dict(dialog.check.problems)
        dialog.fields["password"].setText("Mizu-Bunseki-2026")
        dialog.fields["confirm"].setText("Mizu-Bunseki-2026")
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        assert dialog.check.problems == {} and ok.isEnabled()
        dialog.accept()  # the service refuses: the name is taken
        seen["refused"] = (dialog.result(), dialog.check.general_label.text(), dialog.value("full_name"))
        dialog.fields["username"].setText("hana")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(FormDialog, "exec", fill_and_press_ok)
    tab.ask_add_user()
    assert seen["typing"] == {"password": "Use at least 12 characters."}
    result, message, kept = seen["refused"]
    assert result != FormDialog.DialogCode.Accepted and "'tech' already exists" in message
    assert kept == "Hana Mori"
    assert _users(demo_ctx)["hana"].full_name == "Hana Mori" and warnings == []


def test_reset_password_shows_every_problem_and_stores_only_when_clean(admin_window, demo_ctx, monkeypatch):
    from labapp.gui.admin_common import FormDialog

    tab = admin_window.admin_page.users_tab
    proxy = tab.page.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == "tech")
    tab.page.table.setCurrentIndex(proxy.index(row, 0))
    seen: list[dict[str, str]] = []

    def answer(dialog: FormDialog) -> int:
        dialog.fields["password"].setText("tech-2026")
        seen.append(dict(dialog.check.problems))
        dialog.fields["password"].setText("Neu-Gesetzt-2026!")
        dialog.fields["confirm"].setText("Neu-Gesetzt-2026!")
        dialog.fields["reason"].setText("forgotten password, identity checked in person")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(FormDialog, "exec", answer)
    tab.ask_password()
    assert seen == [{"password": "Use at least 12 characters.", "reason": "Give the reason for the change."}]
    with pytest.raises(PasswordChangeRequired):  # the administrator's password is temporary
        authenticate(demo_ctx, "tech", "Neu-Gesetzt-2026!")
