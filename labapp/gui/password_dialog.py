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
from labapp.gui.dialog_lifetime import release_closed_predecessors
from labapp.gui.error_text import error_text
from labapp.gui.form_check import FormCheck, password_problem
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
        release_closed_predecessors(self)
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
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok | cancel)
        self.check = FormCheck(self._problems, buttons.button(ok), self)  # the policy, as typed
        form.addRow(self.tr("&New password"), self.check.field("new", self.new_edit))
        form.addRow(self.tr("&Repeat new password"), self.check.field("confirm", self.confirm_edit))
        buttons.button(ok).setText(self.tr("Change password"))
        buttons.accepted.connect(self.change)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        (self.new_edit if current is not None else self.current_edit).setFocus()
        self.check.watch(self.current_edit)
        self.check.recheck()

    def _problems(self) -> dict[str, str]:
        if not self.new_edit.text():
            return {"new": " "}  # nothing typed yet: no message, OK waits
        problem = password_problem(self.new_edit.text(), self.username)
        if problem:
            return {"new": problem}
        if self.confirm_edit.text() != self.new_edit.text():
            return {"confirm": self.tr("The two new passwords differ.")}
        return {}

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
        if not self.check.recheck():  # every problem is shown beside its field; nothing is cleared
            return
        current = self.current if self.current is not None else self.current_edit.text()
        try:
            change_password(self.ctx, self.username, current, new)
        except LabappError as exc:
            self._refused(error_text(exc))
            return
        self.new_password = new
        self.accept()

    def _refused(self, message: str) -> None:
        """The service's refusal (a wrong current password) is said; what was typed stays."""
        self.error_label.setText(message)
        self.error_label.setVisible(True)
        (self.current_edit if self.current is None else self.new_edit).setFocus()
