"""The overview page: the database in use and what it holds, refreshed on demand."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from labapp.services.overview import Overview

_FIELDS = (
    ("lots", "Lots"), ("samples", "Samples"), ("runs", "Instrument runs"), ("results", "Results"),
    ("certificates", "Certificates"), ("audit_events", "Audit events"),
)


class OverviewPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database_label = QLabel()
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.count_labels = {name: QLabel("-") for name, _ in _FIELDS}
        box = QGroupBox(self.tr("Database contents"))
        form = QFormLayout(box)
        for name, title in _FIELDS:
            form.addRow(self.tr(title), self.count_labels[name])
        layout = QVBoxLayout(self)
        layout.addWidget(self.database_label)
        layout.addWidget(box)
        layout.addStretch(1)

    def show_overview(self, data: Overview) -> None:
        kind = self.tr("embedded SQLite") if data.embedded else self.tr("shared server")
        self.database_label.setText(self.tr("Database: {0} ({1})").format(data.database, kind))
        for name, _ in _FIELDS:
            self.count_labels[name].setText(str(getattr(data, name)))
