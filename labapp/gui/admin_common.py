"""What every administration tab shares: the open database, the acting user, errors, a small form dialog."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from labapp.core.errors import LabappError
from labapp.gui.dialog_lifetime import release_closed_predecessors
from labapp.gui.error_text import error_text
from labapp.gui.form_check import FormCheck
from labapp.security.roles import Action
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.context import ServiceContext

ContextSource = Callable[[], ServiceContext | None]
UserSource = Callable[[Action], AuthenticatedUser | None]


class AdminTab(QWidget):
    """A tab that asks services through the window's context and acting user; it decides no rule."""

    def __init__(self, context: ContextSource, acting_user: UserSource) -> None:
        super().__init__()
        self.context = context
        self.acting_user = acting_user
        self.last_error: str | None = None

    def reload(self) -> None:
        """Show the current state (the window calls this after opening a database or signing in)."""

    def attempt(self, work: Callable[[], Any]) -> Any:
        """Run a service call; a refusal becomes a message box and None."""
        try:
            return work()
        except LabappError as exc:
            self.show_error(error_text(exc))
            return None

    def show_error(self, message: str) -> None:
        self.last_error = message
        QMessageBox.warning(self, self.tr("labapp"), message)


class FormDialog(QDialog):
    """A titled form of line edits, check boxes and text boxes; values are read after exec().

    With `rules` ({field: problem} for the values as typed) every problem shows beside its field as
    the person types and OK waits for none; with `submit` (the service call) OK stores, and a refusal
    is shown in the dialog, which stays open with everything typed.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        release_closed_predecessors(self)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.fields: dict[str, QLineEdit | QCheckBox | QPlainTextEdit] = {}
        ok_cancel = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        self.buttons = QDialogButtonBox(ok_cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.rules: Callable[[], Mapping[str, str]] = dict
        self.submit: Callable[[], object] | None = None
        self.check = FormCheck(
            lambda: self.rules(), self.buttons.button(QDialogButtonBox.StandardButton.Ok), self
        )
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.check.general_label)
        layout.addWidget(self.buttons)

    def add_line(self, key: str, label: str, text: str = "", secret: bool = False) -> QLineEdit:
        edit = QLineEdit(text)
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(label, self.check.field(key, edit))
        self.fields[key] = edit
        return edit

    def add_check(self, key: str, label: str, checked: bool = False) -> QCheckBox:
        box = QCheckBox(label)
        box.setChecked(checked)
        self.check.watch(box)
        self.form.addRow(box)
        self.fields[key] = box
        return box

    def add_text(self, key: str, label: str, text: str = "") -> QPlainTextEdit:
        edit = QPlainTextEdit(text)
        edit.setTabChangesFocus(True)  # Tab moves on, so the dialog stays usable from the keyboard
        edit.setMaximumHeight(90)
        self.form.addRow(label, self.check.field(key, edit))
        self.fields[key] = edit
        return edit

    def value(self, key: str) -> str:
        field = self.fields[key]
        if isinstance(field, QPlainTextEdit):
            return field.toPlainText()
        if isinstance(field, QCheckBox):
            return "1" if field.isChecked() else ""
        return field.text()

    def accept(self) -> None:
        self.check.stored_error = ""
        if not self.check.recheck():
            return
        if self.submit is not None:
            try:
                self.submit()
            except LabappError as exc:
                self.check.refused(error_text(exc))  # stays open, nothing typed is lost
                return
        super().accept()

    def ask(self) -> bool:
        self.check.recheck()
        return self.exec() == QDialog.DialogCode.Accepted
