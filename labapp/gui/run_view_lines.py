"""The run's calibrated lines with their QC status at a glance (passed / flagged / failed, in words and
colour, the failed checks in the tooltip), sortable, so the lines that need a look come first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from labapp.gui.translation import word
from labapp.services.calculation.line_status import LineQc, LineStatus
from labapp.services.calculation.run_views import CalibrationLine

STATUS_COLOURS = {LineStatus.PASSED: "#d7f0dc", LineStatus.FLAGGED: "#fff0b3", LineStatus.FAILED: "#f8c9c9"}
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class _LineItem(QTreeWidgetItem):
    """Sorts the status column by severity, the others by their text."""

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        column = self.treeWidget().sortColumn() if self.treeWidget() else 0
        mine, theirs = self.data(column, SORT_ROLE), other.data(column, SORT_ROLE)
        if mine is not None and theirs is not None:
            return mine < theirs
        return self.text(column) < other.text(column)


class LineStatusTable(QTreeWidget):
    """One row per calibrated line: line, status, failed checks; the row's data is its line index."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRootIsDecorated(False)
        self.setHeaderLabels([self.tr("Line"), self.tr("QC status"), self.tr("Failed checks")])
        self.setSortingEnabled(True)
        self.setMinimumWidth(300)

    def show_lines(self, lines: list[CalibrationLine], status: dict[tuple[str, str], LineQc]) -> None:
        self.setSortingEnabled(False)
        self.clear()
        for index, line in enumerate(lines):
            qc = status.get((line.element, line.line))
            state = qc.status if qc else LineStatus.PASSED
            checks = [word(c) for c in qc.failed_checks] if qc else []
            item = _LineItem([line.title, word(state), str(len(checks)) if checks else ""])
            item.setData(0, Qt.ItemDataRole.UserRole, index)
            item.setData(1, SORT_ROLE, state.severity)
            item.setData(2, SORT_ROLE, len(checks))
            tip = (
                self.tr("Failed checks: {0}").format("; ".join(checks))
                if checks
                else self.tr("Every QC check on this line passed.")
            )
            for column in range(3):
                item.setToolTip(column, tip)
            item.setBackground(1, QBrush(QColor(STATUS_COLOURS[state])))
            self.addTopLevelItem(item)
        self.setSortingEnabled(True)
        for column in range(3):
            self.resizeColumnToContents(column)

    def line_index(self) -> int:
        item = self.currentItem()
        return -1 if item is None else int(item.data(0, Qt.ItemDataRole.UserRole))

    def status_of(self, title: str) -> str:
        """The status word shown for the line `title` ("" when not listed)."""
        found = self.findItems(title, Qt.MatchFlag.MatchExactly, 0)
        return found[0].text(1) if found else ""

    def select(self, title: str) -> bool:
        found = self.findItems(title, Qt.MatchFlag.MatchExactly, 0)
        if found:
            self.setCurrentItem(found[0])
        return bool(found)
