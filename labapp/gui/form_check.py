"""Forms that check as you type: each field has a problem line under it, every problem shows at once,
and the form's OK button is enabled only while there is none. Nothing typed is ever cleared.

The rules are the services' (a form calls the same check the service runs before storing, so the two
never disagree); a form only words each problem for its field, in the interface language. A problem
found only when storing (a lot code already taken) is shown in the general line and the form stays
open with everything typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QObject, QSettings, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from labapp.security.passwords import PasswordPolicyError, PasswordRule
from labapp.services.administration.authentication import PASSWORD_POLICY

PROBLEM_STYLE = "color: #b00020"
GENERAL = ""  # the key of problems that belong to no one field
NO_DATE = QDate(1900, 1, 1)  # an optional date edit's "not given" value (shown blank)


def problem_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(PROBLEM_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class FormCheck(QObject):
    """Field name -> its problem line; `check` returns {field: problem} for the form's current values.

    Call `watch` for every input (any edit re-checks), `field` to get the input with its problem line
    for a form layout, then `recheck()` once the form is filled.
    """

    changed = Signal(bool)  # True when the form is clean

    def __init__(
        self,
        check: Callable[[], Mapping[str, str]],
        ok_button: QAbstractButton | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.check = check
        self.ok_button = ok_button
        self.labels: dict[str, QLabel] = {GENERAL: problem_label()}
        self.problems: dict[str, str] = {}
        self.stored_error = ""  # the last refusal from the service; cleared at the next edit

    @property
    def general_label(self) -> QLabel:
        return self.labels[GENERAL]

    def field(self, name: str, widget: QWidget) -> QWidget:
        """`widget` with its problem line below it, watched."""
        self.watch(widget)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        self.labels[name] = problem_label()
        column.addWidget(self.labels[name])
        return holder

    def watch(self, widget: QWidget) -> None:
        """Re-check whenever `widget` changes."""
        signal = {
            QLineEdit: "textChanged",
            QPlainTextEdit: "textChanged",
            QComboBox: "currentIndexChanged",
            QCheckBox: "toggled",
            QDateEdit: "dateChanged",
            QSpinBox: "valueChanged",
        }
        for kind, name in signal.items():
            if isinstance(widget, kind):
                getattr(widget, name).connect(self._edited)
                return
        raise TypeError(f"cannot watch a {type(widget).__name__}")

    def _edited(self, *_: object) -> None:
        self.stored_error = ""
        self.recheck()

    def recheck(self) -> bool:
        """Show every current problem beside its field; True when there is none."""
        self.problems = {k: v for k, v in self.check().items() if v}
        if self.stored_error:
            self.problems.setdefault(GENERAL, self.stored_error)
        for name, label in self.labels.items():
            label.setText(self.problems.get(name, ""))
            label.setVisible(name in self.problems)
        unplaced = [text for name, text in self.problems.items() if name not in self.labels]
        if unplaced:  # a rule of a field this form does not show: still said, never hidden
            self.general_label.setText("\n".join(filter(None, [self.problems.get(GENERAL, ""), *unplaced])))
            self.general_label.setVisible(True)
        clean = not self.problems
        if self.ok_button is not None:
            self.ok_button.setEnabled(clean)
        self.changed.emit(clean)
        return clean

    def refused(self, message: str) -> None:
        """The service refused to store: say why in the general line; the form stays as typed."""
        self.stored_error = message
        self.recheck()


def date_edit(value: date | None = None, optional: bool = False) -> QDateEdit:
    """A date field with a calendar pop-up; today unless `value`. An optional one can be blank
    (its earliest date, shown empty): `date_value` gives None then."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if optional:
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(" ")
    edit.setDate(QDate.currentDate() if value is None and not optional else _qdate(value))
    return edit


def _qdate(value: date | None) -> QDate:
    return NO_DATE if value is None else QDate(value.year, value.month, value.day)


def set_date(edit: QDateEdit, value: date | None) -> None:
    edit.setDate(_qdate(value))


def date_value(edit: QDateEdit) -> date | None:
    chosen = edit.date()
    if chosen == NO_DATE and edit.minimumDate() == NO_DATE:
        return None
    return date(chosen.year(), chosen.month(), chosen.day())


DEFAULT_OUTPUT = str(Path.home() / "labapp-certificates")  # certificates, until another folder is chosen
FOLDERS_KEY = "folders/"  # QSettings group of the last folder used by each path field


class PathField(QWidget):
    """A path typed or chosen with Browse...; the folder last used for `key` is remembered (QSettings)
    and offered next time. `kind` is "folder", "open" (an existing file) or "save" (a new file)."""

    chosen = Signal(str)

    def __init__(
        self,
        key: str,
        kind: str = "folder",
        file_filter: str = "",
        text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if kind not in ("folder", "open", "save"):
            raise ValueError(f"unknown path kind {kind!r}")
        self.key, self.kind, self.file_filter = key, kind, file_filter
        self.edit = QLineEdit(text)
        self.browse_button = QPushButton(self.tr("Browse..."))
        self.browse_button.clicked.connect(self.browse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.browse_button)
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        return self.edit.text().strip()

    def setText(self, text: str) -> None:  # noqa: N802 - the QLineEdit name, so a field swaps in
        self.edit.setText(text)

    def setPlaceholderText(self, text: str) -> None:  # noqa: N802 - as QLineEdit
        self.edit.setPlaceholderText(text)

    def remember(self) -> None:
        """Remember the folder of the path in use (called when it is used, e.g. certificates issued)."""
        if self.text():
            remember_folder(self.key, self.text() if self.kind == "folder" else _parent(self.text()))

    def start_folder(self) -> str:
        """Where the dialog opens: the typed path if any, else the folder last used for this key."""
        return self.text() or str(QSettings().value(FOLDERS_KEY + self.key, ""))

    def browse(self) -> str:
        """Ask the system dialog; a choice fills the field and is remembered (Cancel changes nothing)."""
        title = self.tr("Choose a folder") if self.kind == "folder" else self.tr("Choose a file")
        start = self.start_folder()
        if self.kind == "folder":
            path = QFileDialog.getExistingDirectory(self, title, start)
        elif self.kind == "open":
            path, _ = QFileDialog.getOpenFileName(self, title, start, self.file_filter)
        else:
            path, _ = QFileDialog.getSaveFileName(self, title, start, self.file_filter)
        if path:
            self.edit.setText(path)
            remember_folder(self.key, path if self.kind == "folder" else str(_parent(path)))
            self.chosen.emit(path)
        return path


def _parent(path: str) -> str:
    return str(Path(path).parent)


def remember_folder(key: str, folder: str) -> None:
    QSettings().setValue(FOLDERS_KEY + key, folder)


def last_folder(key: str, default: str = "") -> str:
    """The folder last chosen for `key` (e.g. "certificates"), else `default`."""
    return str(QSettings().value(FOLDERS_KEY + key, default) or default)


def password_problem(password: str, username: str = "") -> str | None:
    """The password policy's verdict on a new password (the service's own check), in plain words."""
    try:
        PASSWORD_POLICY.check(password, username)
    except PasswordPolicyError as exc:
        texts = {
            PasswordRule.TOO_SHORT: QCoreApplication.translate(
                "FormCheck", "Use at least {0} characters."
            ).format(PASSWORD_POLICY.min_length),
            PasswordRule.COMMON: QCoreApplication.translate(
                "FormCheck", "This password is too common; choose another."
            ),
            PasswordRule.TOO_FEW_KINDS: QCoreApplication.translate(
                "FormCheck", "Mix at least {0} of: lower case, upper case, digits, symbols."
            ).format(PASSWORD_POLICY.min_character_classes),
            PasswordRule.CONTAINS_USER_NAME: QCoreApplication.translate(
                "FormCheck", "The password must not contain the user name."
            ),
            PasswordRule.SAME_AS_CURRENT: QCoreApplication.translate(
                "FormCheck", "Choose a password other than the current one."
            ),
        }
        return texts.get(getattr(exc, "rule", None), str(exc))
    return None
