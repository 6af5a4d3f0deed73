"""Choosing a new password: forced at sign-in after an administrator set it, or by choice.

The dialog decides nothing: the users service checks the current password and the policy; a
refusal is shown in the dialog, which stays open. Accepted only after the service changed it.
"""

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
from labapp.services.administration.authentication import PASSWORD_POLICY, change_password
from labapp.services.context import ServiceContext


def _secret() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class NewPasswordDialog(QDialog):
    """`current` given (the password just typed at sign-in): only the new one is asked for."""

    def __init__(
        self, ctx: ServiceContext, username: str, current: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.username, self.current = ctx, username, current
        self.new_password: str | None = None
        self.setWindowTitle(self.tr("Choose a new password"))
        intro = QLabel(self._intro(current is not None))
        intro.setWordWrap(True)
        self.current_edit, self.new_edit, self.confirm_edit = _secret(), _secret(), _secret()
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("User name"), QLabel(username))
        if current is None:
            form.addRow(self.tr("&Current password"), self.current_edit)
        form.addRow(self.tr("&New password"), self.new_edit)
        form.addRow(self.tr("&Repeat new password"), self.confirm_edit)
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok | cancel)
        buttons.button(ok).setText(self.tr("Change password"))
        buttons.accepted.connect(self.change)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        (self.new_edit if current is not None else self.current_edit).setFocus()

    def _intro(self, forced: bool) -> str:
        rule = self.tr("At least {0} characters, not a common password.").format(PASSWORD_POLICY.min_length)
        if not forced:
            return rule
        forced_text = self.tr(
            "An administrator set this password. Choose your own before you continue; until then the "
            "account can neither act nor sign."
        )
        return f"{forced_text} {rule}"

    def change(self) -> None:
        """Ask the service; stay open with its message when it refuses."""
        new = self.new_edit.text()
        if new != self.confirm_edit.text():
            self._refused(self.tr("The two new passwords differ."))
            return
        current = self.current if self.current is not None else self.current_edit.text()
        try:
            change_password(self.ctx, self.username, current, new)
        except LabappError as exc:
            self._refused(str(exc))
            return
        self.new_password = new
        self.accept()

    def _refused(self, message: str) -> None:
        self.error_label.setText(message)
        self.new_edit.clear()
        self.confirm_edit.clear()
        self.new_edit.setFocus()
