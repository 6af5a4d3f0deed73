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
from labapp.gui.dialog_lifetime import release_closed_predecessors
from labapp.gui.error_text import error_text
from labapp.gui.first_start import FirstStartWizard
from labapp.gui.password_dialog import NewPasswordDialog
from labapp.services.administration.authentication import PasswordChangeRequired
from labapp.services.administration.users import AuthenticatedUser, authenticate, has_users
from labapp.services.context import ServiceContext


class LoginDialog(QDialog):
    """Accepted only with a user the service authenticated; a refusal is shown in the dialog."""

    def __init__(self, ctx: ServiceContext, parent: QWidget | None = None, username: str = "") -> None:
        super().__init__(parent)
        release_closed_predecessors(self)
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
        password = self.password_edit.text()
        try:
            try:
                self.user = authenticate(self.ctx, username, password)
            except PasswordChangeRequired:
                self.user = self._with_new_password(username, password)
        except LabappError as exc:
            self._refused(error_text(exc))
            return
        if self.user is None:
            self._refused(self.tr("Choose a new password to sign in."))
            return
        self.accept()

    def _with_new_password(self, username: str, temporary: str) -> AuthenticatedUser | None:
        """An administrator set the password: the owner chooses a new one, then is signed in with it."""
        dialog = NewPasswordDialog(self.ctx, username, current=temporary, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.new_password is None:
            return None
        return authenticate(self.ctx, username, dialog.new_password)

    def _refused(self, message: str) -> None:
        self.error_label.setText(message)
        self.password_edit.clear()
        self.password_edit.setFocus()


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
