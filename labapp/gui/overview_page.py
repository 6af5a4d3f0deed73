"""The overview page: the database in use, what it holds, and the lots needing amendment (released data
changed by signature; their certificate is no longer current), refreshed on demand."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labapp.gui.worklist_box import WorklistBox
from labapp.services.workflow.overview import Overview

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
        self.worklist = WorklistBox()
        layout.addWidget(self.worklist, 2)
        layout.addWidget(self.database_label)
        layout.addWidget(box)
        layout.addWidget(self._amendment_box())
        layout.addStretch(1)

    def _amendment_box(self) -> QGroupBox:
        self.amendment_box = QGroupBox(self.tr("Lots needing amendment"))
        self.amendment_tree = QTreeWidget()
        self.amendment_tree.setRootIsDecorated(False)
        self.amendment_tree.setHeaderLabels([self.tr("Lot"), self.tr("Certificate"), self.tr("Changed by"),
                                             self.tr("When (UTC)"), self.tr("Reason")])
        column = QVBoxLayout(self.amendment_box)
        column.addWidget(self.amendment_tree)
        return self.amendment_box

    def show_overview(self, data: Overview) -> None:
        kind = self.tr("embedded SQLite") if data.embedded else self.tr("shared server")
        self.database_label.setText(self.tr("Database: {0} ({1})").format(data.database, kind))
        for name, _ in _FIELDS:
            self.count_labels[name].setText(str(getattr(data, name)))
        self.amendment_tree.clear()
        none_yet = self.tr("none issued yet")
        self.amendment_tree.addTopLevelItems([
            QTreeWidgetItem([a.lot_code, a.certificate or none_yet, a.changed_by, a.changed_at_utc, a.reason])
            for a in data.amendment_needed
        ])
        self.amendment_box.setTitle(self.tr("Lots needing amendment: {0}").format(len(data.amendment_needed)))
