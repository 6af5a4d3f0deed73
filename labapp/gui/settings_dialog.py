"""Edit > Preferences: the interface language (applies at the next start), the folders the file dialogs
open in (each one also remembers the last folder used); window layout in QSettings."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from labapp.gui.dialog_lifetime import release_closed_predecessors
from labapp.gui.form_check import DEFAULT_OUTPUT, PathField, last_folder
from labapp.gui.translation import LANGUAGES, choose_language, chosen_language


class SettingsDialog(QDialog):
    """Saved in QSettings on OK; nothing changes on Cancel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        release_closed_predecessors(self)
        self.setWindowTitle(self.tr("Preferences"))
        self.language_combo = QComboBox()
        for code, name in LANGUAGES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(self.language_combo.findData(chosen_language()))
        language_label = QLabel(self.tr("&Language:"))
        language_label.setBuddy(self.language_combo)
        note = QLabel(self.tr("A new language applies after labapp is restarted."))
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(language_label, self.language_combo)
        self.folders = {
            "certificates": PathField("certificates", text=last_folder("certificates", DEFAULT_OUTPUT)),
            "exports": PathField("exports", text=last_folder("exports")),
            "manifests": PathField("manifests", text=last_folder("manifests")),
        }
        titles = {
            "certificates": self.tr("&Certificates folder:"),
            "exports": self.tr("Instrument &exports:"),
            "manifests": self.tr("Lot &manifests:"),
        }
        for key, field in self.folders.items():
            label = QLabel(titles[key])
            label.setBuddy(field.edit)
            form.addRow(label, field)
        ok_cancel = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok_cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.language_changed = False

    def accept(self) -> None:
        code = str(self.language_combo.currentData())
        self.language_changed = code != chosen_language()
        choose_language(code)
        for field in self.folders.values():
            field.remember()
        super().accept()


def save_layout(window: QMainWindow, key: str = "main_window") -> None:
    """Remember the window's geometry, toolbar/dock state and every named splitter's sizes."""
    settings = QSettings()
    settings.setValue(f"{key}/geometry", window.saveGeometry())
    settings.setValue(f"{key}/state", window.saveState())
    for splitter in window.findChildren(QSplitter):
        if splitter.objectName():
            settings.setValue(f"{key}/splitters/{splitter.objectName()}", splitter.saveState())


def restore_layout(window: QMainWindow, key: str = "main_window") -> None:
    """The reverse of save_layout; anything not saved yet keeps its default."""
    settings = QSettings()
    for name, restore in (("geometry", window.restoreGeometry), ("state", window.restoreState)):
        value = settings.value(f"{key}/{name}")
        if value is not None:
            restore(value)
    for splitter in window.findChildren(QSplitter):
        value = settings.value(f"{key}/splitters/{splitter.objectName()}") if splitter.objectName() else None
        if value is not None:
            splitter.restoreState(value)
