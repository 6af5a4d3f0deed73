"""Log-in dialog and first-start wizard, driven as a technician would (pytest-qt, offscreen)."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard

from labapp.demo.build import DEMO_USERS
from labapp.gui.first_start import FirstStartWizard
from labapp.gui.login_dialog import LoginDialog
from labapp.security.roles import Role
from labapp.services.administration import keys
from labapp.services.administration.laboratory import get_laboratory
from labapp.services.administration.users import authenticate, has_users
from labapp.services.context import ServiceContext

TECH = next(u for u in DEMO_USERS if u.username == "tech")


def test_wrong_password_keeps_the_dialog_open_and_the_right_one_signs_in(qtbot, demo_ctx):
    dialog = LoginDialog(demo_ctx)
    qtbot.addWidget(dialog)
    dialog.username_edit.setText(TECH.username)
    dialog.password_edit.setText("not-the-password")
    dialog.sign_in()
    assert dialog.user is None and dialog.result() == 0
    assert dialog.error_label.text() == "The user name or the password is wrong."
    assert dialog.password_edit.text() == ""  # cleared for the next attempt
    dialog.password_edit.setText(TECH.password)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.sign_in()
    assert dialog.user.username == "tech" and dialog.user.roles == {Role.TECHNICIAN}


def test_an_empty_user_name_is_asked_for_without_calling_the_service(qtbot, demo_ctx):
    dialog = LoginDialog(demo_ctx)
    qtbot.addWidget(dialog)
    dialog.sign_in()
    assert dialog.error_label.text() == "Enter your user name."


def _fill(wizard: FirstStartWizard, password: str = "Kanri-Start-2026", confirm: str | None = None) -> None:
    lab = wizard.laboratory_page
    lab.name_edit.setText("Kitakyushu Battery Assay Lab")
    lab.address_edit.setPlainText("4-5-6 Hibikino, Kitakyushu")
    lab.accreditation_edit.setText("ISO/IEC 17025, JAB RL0999")
    admin = wizard.administrator_page
    admin.username_edit.setText("keiko")
    admin.full_name_edit.setText("Keiko Kanri")
    admin.password_edit.setText(password)
    admin.confirm_edit.setText(password if confirm is None else confirm)
    wizard.keys_page.country_edit.setText("jp")
    wizard.keys_page.passphrase_edit.setText("Root-Passphrase-2026")
    wizard.keys_page.confirm_edit.setText("Root-Passphrase-2026")


def test_first_start_creates_laboratory_administrator_and_root_certificate(qtbot, tmp_path):
    ctx = ServiceContext(str(tmp_path / "new.sqlite"))
    wizard = FirstStartWizard(ctx, keys_folder=str(tmp_path / "keys"))
    qtbot.addWidget(wizard)
    wizard.show()
    _fill(wizard)
    wizard.next()
    wizard.next()
    assert wizard.currentPage() is wizard.keys_page
    wizard.accept()
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert has_users(ctx)
    assert authenticate(ctx, "keiko", "Kanri-Start-2026").roles == {Role.ADMINISTRATOR}
    lab = get_laboratory(ctx)
    assert (lab.name, lab.accreditation) == ("Kitakyushu Battery Assay Lab", "ISO/IEC 17025, JAB RL0999")
    root = keys.keystore(tmp_path / "keys").root_certificate()
    subject = root.subject.rfc4514_string()
    assert "CN=Kitakyushu Battery Assay Lab Root CA" in subject and "C=JP" in subject
    ctx.close()


def test_the_administrator_page_refuses_a_weak_or_mistyped_password(qtbot, tmp_path):
    ctx = ServiceContext(str(tmp_path / "new.sqlite"))
    wizard = FirstStartWizard(ctx, keys_folder=str(tmp_path / "keys"))
    qtbot.addWidget(wizard)
    wizard.show()
    _fill(wizard, password="short")
    wizard.next()
    wizard.next()
    assert wizard.currentPage() is wizard.administrator_page
    assert "at least 12 characters" in wizard.administrator_page.error_label.text()
    _fill(wizard, password="Kanri-Start-2026", confirm="Kanri-Start-2025")
    wizard.next()
    assert wizard.currentPage() is wizard.administrator_page
    assert wizard.administrator_page.error_label.text() == "The two passwords differ."
    assert not has_users(ctx)  # nothing stored before Finish
    ctx.close()


def test_without_keys_step_and_a_failing_step_is_reported_not_repeated(qtbot, tmp_path):
    ctx = ServiceContext(str(tmp_path / "new.sqlite"))
    wizard = FirstStartWizard(ctx, keys_folder=str(tmp_path / "keys"))
    qtbot.addWidget(wizard)
    wizard.show()
    _fill(wizard)
    wizard.keys_page.create_check.setChecked(False)
    wizard.laboratory_page.name_edit.setText("   ")  # the service refuses a blank laboratory name
    wizard.next()
    wizard.next()
    wizard.accept()
    assert wizard.result() != QWizard.DialogCode.Accepted
    assert "Saving the laboratory details failed: the laboratory needs a name" in \
        wizard.keys_page.error_label.text()
    assert wizard.done_steps == {"administrator"}
    wizard.laboratory_page.name_edit.setText("Kitakyushu Battery Assay Lab")
    wizard.accept()  # the administrator exists already: not created twice
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert get_laboratory(ctx).name == "Kitakyushu Battery Assay Lab"
    assert not (tmp_path / "keys").exists()
    ctx.close()


def test_ask_user_runs_first_start_then_login_as_the_new_administrator(qtbot, tmp_path, monkeypatch):
    from labapp.gui import login_dialog

    ctx = ServiceContext(str(tmp_path / "fresh.sqlite"))
    shown: list[str] = []

    def run_wizard(wizard: FirstStartWizard) -> int:
        shown.append("wizard")
        _fill(wizard)
        wizard.keys_page.create_check.setChecked(False)
        return QWizard.DialogCode.Accepted if wizard.commit() else QWizard.DialogCode.Rejected

    def run_login(dialog: LoginDialog) -> int:
        shown.append(f"login as {dialog.username_edit.text()}")
        dialog.password_edit.setText("Kanri-Start-2026")
        dialog.sign_in()
        return dialog.result()

    monkeypatch.setattr(FirstStartWizard, "exec", run_wizard)
    monkeypatch.setattr(LoginDialog, "exec", run_login)
    user = login_dialog.ask_user(ctx)
    assert shown == ["wizard", "login as keiko"]
    assert user is not None and user.username == "keiko"
    assert login_dialog.ask_user(ctx) is None  # no user name typed: the dialog stays, nobody signs in
    assert shown[2:] == ["login as "]  # users exist now: straight to the log-in, no wizard
    ctx.close()
