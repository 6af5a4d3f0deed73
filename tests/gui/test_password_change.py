"""A password an administrator set is replaced at sign-in; accounts are checked at each action (pytest-qt)."""

from __future__ import annotations

import pytest
from accounts import account
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from labapp.demo.build import DEMO_USERS
from labapp.gui.login_dialog import LoginDialog
from labapp.gui.main_window import MainWindow
from labapp.gui.password_dialog import NewPasswordDialog
from labapp.security.roles import Action
from labapp.services.administration.audit_trail import audit_log
from labapp.services.administration.users import (
    PasswordChangeRequired,
    authenticate,
    deactivate,
    list_users,
    reset_password,
)
from labapp.services.context import ServiceContext

ADMIN = next(u for u in DEMO_USERS if u.username == "admin")
TECH = next(u for u in DEMO_USERS if u.username == "tech")
TEMPORARY = "Vorlaeufig-Pass-2026"
CHOSEN = "Bunseki-Eigene-Wahl-7"


@pytest.fixture
def reset_tech(demo_ctx):
    admin = authenticate(demo_ctx, ADMIN.username, ADMIN.password)
    reset_password(demo_ctx, admin, TECH.username, TEMPORARY, reason="forgotten")
    return demo_ctx


def _must_change(ctx, username: str) -> bool:
    return next(u for u in list_users(ctx) if u.username == username).must_change_password


def _answer_the_new_password_dialog(new: str, repeat: str | None = None, cancel: bool = False) -> list:
    """Fill the modal dialog the log-in opens, as a person would, once it is shown."""
    seen: list[NewPasswordDialog] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewPasswordDialog):
            QTimer.singleShot(20, answer)
            return
        seen.append(dialog)
        if cancel:
            dialog.reject()
            return
        dialog.new_edit.setText(new)
        dialog.confirm_edit.setText(new if repeat is None else repeat)
        dialog.change()
        if dialog.isVisible():  # refused: the message is shown, then the person gives up
            seen.append(" ".join(dialog.check.problems.values()) or dialog.error_label.text())
            dialog.reject()

    QTimer.singleShot(0, answer)
    return seen


def test_sign_in_with_a_reset_password_asks_for_a_new_one_and_signs_in_with_it(qtbot, reset_tech):
    dialog = LoginDialog(reset_tech, username=TECH.username)
    qtbot.addWidget(dialog)
    dialog.password_edit.setText(TEMPORARY)
    seen = _answer_the_new_password_dialog(CHOSEN)
    dialog.sign_in()
    assert len(seen) == 1 and seen[0].username == TECH.username
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.user.username == TECH.username
    assert not _must_change(reset_tech, TECH.username)
    assert authenticate(reset_tech, TECH.username, CHOSEN).username == TECH.username
    actions = [
        e.action for e in audit_log(reset_tech, account(reset_tech, "qa"), person=TECH.username, limit=4)
    ]
    assert actions[:3] == ["login_change_required", "change_password", "login_succeeded"]


def test_a_refused_or_cancelled_new_password_leaves_the_user_signed_out(qtbot, reset_tech):
    dialog = LoginDialog(reset_tech, username=TECH.username)
    qtbot.addWidget(dialog)
    dialog.password_edit.setText(TEMPORARY)
    seen = _answer_the_new_password_dialog("Password1234")  # a common password
    dialog.sign_in()
    assert seen[1] == "This password is too common; choose another."
    assert dialog.user is None and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_label.text() == "Choose a new password to sign in."
    dialog.password_edit.setText(TEMPORARY)
    _answer_the_new_password_dialog("", cancel=True)
    dialog.sign_in()
    assert dialog.user is None and _must_change(reset_tech, TECH.username)
    with pytest.raises(PasswordChangeRequired):
        authenticate(reset_tech, TECH.username, TEMPORARY)


def test_the_new_password_dialog_checks_the_repeat_and_shows_the_services_refusal(qtbot, reset_tech):
    dialog = NewPasswordDialog(reset_tech, TECH.username, current=TEMPORARY)
    qtbot.addWidget(dialog)
    dialog.new_edit.setText(CHOSEN)
    dialog.confirm_edit.setText(CHOSEN + "x")
    assert not dialog.check.ok_button.isEnabled()
    dialog.change()
    assert dialog.check.problems == {"confirm": "The two new passwords differ."}
    assert dialog.new_password is None
    dialog.new_edit.setText("Short-1")
    dialog.confirm_edit.setText("Short-1")
    dialog.change()
    assert dialog.check.problems == {"new": "Use at least 12 characters."}
    assert dialog.new_edit.text() == "Short-1"  # kept, to be corrected
    dialog.new_edit.setText(CHOSEN)
    dialog.confirm_edit.setText(CHOSEN)
    dialog.change()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.new_password == CHOSEN
    assert not _must_change(reset_tech, TECH.username)


def test_a_signed_in_person_changes_their_own_password_with_the_current_one(qtbot, demo_ctx):
    dialog = NewPasswordDialog(demo_ctx, TECH.username)
    qtbot.addWidget(dialog)
    dialog.current_edit.setText("not-my-password")
    dialog.new_edit.setText(CHOSEN)
    dialog.confirm_edit.setText(CHOSEN)
    dialog.change()
    assert dialog.error_label.text() == "The user name or the password is wrong."  # as the log-in words it
    dialog.current_edit.setText(TECH.password)
    dialog.new_edit.setText(CHOSEN)
    dialog.confirm_edit.setText(CHOSEN)
    dialog.change()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert authenticate(demo_ctx, TECH.username, CHOSEN).username == TECH.username


def test_a_deactivation_counts_at_the_next_action(qtbot, demo_ctx, technician, monkeypatch):
    messages: list[str] = []
    monkeypatch.setattr(MainWindow, "_show_error", lambda self, text: messages.append(text))
    window = MainWindow(ctx=demo_ctx, user=technician)
    qtbot.addWidget(window)
    assert window._acting_user(Action.REGISTER_LOTS) is technician
    admin = authenticate(demo_ctx, ADMIN.username, ADMIN.password)
    deactivate(demo_ctx, admin, TECH.username, reason="left the laboratory")
    assert window._acting_user(Action.REGISTER_LOTS) is None
    assert messages == ["account 'tech' is deactivated"]


def test_another_database_signs_the_user_out(qtbot, demo_ctx, technician, tmp_path):
    window = MainWindow(ctx=demo_ctx, user=technician)
    qtbot.addWidget(window)
    ServiceContext(str(tmp_path / "other.sqlite")).close()  # the desktop opens only existing databases
    assert window.open_database(str(tmp_path / "other.sqlite"))
    assert window.user is None and window.user_status.text() == "Not signed in (read only)"
