"""A non-modal list of problems (file, line, what), kept open while the technician fixes the file."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labapp.gui.dialog_lifetime import release_closed_predecessors


class ProblemsDialog(QDialog):
    def __init__(self, headline: str, problems: list[str], path: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        release_closed_predecessors(self)
        self.setWindowTitle(self.tr("Problems in {0}").format(path) if path else self.tr("Problems"))
        self.headline = QLabel(headline)
        self.headline.setWordWrap(True)
        self.list = QListWidget()
        self.list.addItems(problems)
        copy_button = QPushButton(self.tr("&Copy all"))
        copy_button.setShortcut(QKeySequence.StandardKey.Copy)
        copy_button.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(760, 320)

    def problems(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def copy(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(self.problems()))
