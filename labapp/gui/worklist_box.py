"""The home page's worklist: one plain line with a count per kind of waiting work the signed-in person
can act on; activating a line (double-click or Enter) makes its first run or lot the current one and
opens the page where that work is done."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from labapp.services.workflow.worklist import WorkItem, WorkKind


class WorklistBox(QGroupBox):
    """Emits `chosen` with the activated line's WorkItem (the window sets the selection and navigates)."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Waiting for you"))
        self.list = QListWidget()
        self.list.setObjectName("worklist")
        self.list.itemActivated.connect(self._activated)
        column = QVBoxLayout(self)
        column.addWidget(self.list)

    def _sentence(self, kind: WorkKind, count: int) -> str:
        texts = {
            WorkKind.LOTS_WAITING: self.tr("Lots received and waiting for analysis: {0}"),
            WorkKind.RUNS_TO_CALCULATE: self.tr("Runs to calculate: {0}"),
            WorkKind.RUNS_TO_SIGN: self.tr("Submitted runs for you to review or approve: {0}"),
            WorkKind.CERTIFICATES_TO_ISSUE: self.tr("Approved lots waiting for their certificate: {0}"),
            WorkKind.FAILED_QC: self.tr("Runs with failed QC checks to look at: {0}"),
            WorkKind.PANEL_TO_VERIFY: self.tr("Panel tests to verify: {0}"),
        }
        return texts[kind].format(count)

    def show_items(self, items: list[WorkItem]) -> None:
        self.list.clear()
        for work in items:
            line = QListWidgetItem(self._sentence(work.kind, work.count))
            line.setData(Qt.ItemDataRole.UserRole, work)
            if not work.count:
                line.setForeground(Qt.GlobalColor.gray)
            self.list.addItem(line)

    def line(self, kind: WorkKind) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole).kind == kind:
                return self.list.item(row)
        return None

    def _activated(self, line: QListWidgetItem) -> None:
        work = line.data(Qt.ItemDataRole.UserRole)
        if work is not None:
            self.chosen.emit(work)
