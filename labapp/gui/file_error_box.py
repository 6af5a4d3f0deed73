"""Shows a file problem as file, line and what is wrong, so the technician can open the file and fix it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from labapp.core.errors import InputFileError


class FileErrorBox(QGroupBox):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setStyleSheet("QGroupBox { color: #b00020; font-weight: bold }")
        self.file_label, self.line_label, self.problem_label = QLabel(), QLabel(), QLabel()
        for label in (self.file_label, self.line_label, self.problem_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            label.setStyleSheet("color: palette(text); font-weight: normal")
        form = QFormLayout(self)
        form.addRow(self.tr("File"), self.file_label)
        form.addRow(self.tr("Line"), self.line_label)
        form.addRow(self.tr("Problem"), self.problem_label)
        self.setVisible(False)

    def show_error(self, error: BaseException) -> None:
        if isinstance(error, InputFileError):
            self.file_label.setText(error.path)
            whole = error.line in (None, "")
            self.line_label.setText(self.tr("(whole file)") if whole else str(error.line))
            self.problem_label.setText(error.reason)
        else:
            self.file_label.setText("")
            self.line_label.setText("")
            self.problem_label.setText(str(error).splitlines()[0] if str(error) else type(error).__name__)
        self.setVisible(True)

    def clear(self) -> None:
        self.setVisible(False)
