"""Sign in: user name and password checked by the users service (lockout and auditing live there)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from labapp.core.errors import LabappError
from labapp.gui.first_start import FirstStartWizard
from labapp.services.context import ServiceContext
from labapp.services.users import AuthenticatedUser, authenticate, has_users


class LoginDialog(QDialog):
    """Accepted only with a user the service authenticated; a refusal is shown in the dialog."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None, username: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user: AuthenticatedUser | None = None
        self.setWindowTitle(self.tr("Sign in to labapp"))
        self.database_label = QLabel(self.tr("Database: {0}").format(ctx.display_url))
        self.database_label.setWordWrap(True)
        self.username_edit = QLineEdit(username)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&User name"), self.username_edit)
        form.addRow(self.tr("&Password"), self.password_edit)
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok | cancel)
        buttons.button(ok).setText(self.tr("Sign in"))
        buttons.accepted.connect(self.sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.database_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        (self.password_edit if username else self.username_edit).setFocus()

    def sign_in(self) -> None:
        username = self.username_edit.text().strip()
        if not username:
            self.error_label.setText(self.tr("Enter your user name."))
            self.username_edit.setFocus()
            return
        try:
            self.user = authenticate(self.ctx, username, self.password_edit.text())
        except LabappError as exc:
            self.error_label.setText(str(exc))
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        self.accept()


def ask_user(ctx: ServiceContext, parent: QWidget | None = None) -> AuthenticatedUser | None:
    """First start on an empty database (wizard), then the log-in; None when the user cancels."""
    username = ""
    if not has_users(ctx):
        wizard = FirstStartWizard(ctx, parent)
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return None
        username = wizard.administrator_page.username_edit.text().strip()
    dialog = LoginDialog(ctx, parent, username=username)
    return dialog.user if dialog.exec() == QDialog.DialogCode.Accepted else None
