"""The result sheet's grid: a keyboard-first table that behaves like a spreadsheet.

Typing starts editing; Enter commits and moves down, Tab moves right; Delete clears the selected
cells; Ctrl+V pastes a tab-separated block (several rows and columns copied from a spreadsheet) from
the current cell. Columns 0 and 1 hold the lot and the sample label, the last column the calculated
result; the value columns in between are the method's (labapp.core.panel.cells). The grid holds no
rule: the page checks every cell and marks it with `mark`.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

LOT_COLUMN, SAMPLE_COLUMN, FIRST_VALUE_COLUMN = 0, 1, 2
BAD_CELL = QColor("#f8d7da")
READ_ONLY = QColor("#f0f0f0")


class SheetGrid(QTableWidget):
    """Rows are determinations; `pasted` reports how many values were pasted and how many did not fit."""

    pasted = Signal(int, int)
    cleared = Signal()  # several cells changed at once: checked once, not per cell

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel_sheet_grid")
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(True)
        self.verticalHeader().setDefaultSectionSize(24)

    # -- content -----------------------------------------------------------------------------------
    def set_layout(self, headers: list[str], tooltips: list[str]) -> None:
        self.clear()
        self.setRowCount(0)
        self.setColumnCount(len(headers))
        for column, (text, tip) in enumerate(zip(headers, tooltips, strict=True)):
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            self.setHorizontalHeaderItem(column, item)

    def add_row(self, lot: str, texts: list[str] | None = None, sample: str = "") -> int:
        """Append a determination of `lot`; the lot and result cells are read-only."""
        row = self.rowCount()
        self.blockSignals(True)
        self.insertRow(row)
        for column in range(self.columnCount()):
            item = QTableWidgetItem()
            if column == LOT_COLUMN:
                item.setText(lot)
            elif column == SAMPLE_COLUMN:
                item.setText(sample)
            elif (
                texts is not None and column - FIRST_VALUE_COLUMN < len(texts) and not self.read_only(column)
            ):
                item.setText(texts[column - FIRST_VALUE_COLUMN])
            if self.read_only(column):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setBackground(QBrush(READ_ONLY))
            self.setItem(row, column, item)
        self.blockSignals(False)
        return row

    def read_only(self, column: int) -> bool:
        return column == LOT_COLUMN or column == self.columnCount() - 1

    def text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""

    def set_text(self, row: int, column: int, text: str) -> None:
        item = self.item(row, column)
        if item is not None:
            item.setText(text)

    def values(self, row: int) -> list[str]:
        """The texts of the row's value columns (between the sample label and the result)."""
        return [self.text(row, c) for c in range(FIRST_VALUE_COLUMN, self.columnCount() - 1)]

    def mark(self, row: int, column: int, problem: str | None) -> None:
        """Show a cell's problem: a red background and the problem as its tooltip (None: clear)."""
        item = self.item(row, column)
        if item is None or self.read_only(column):
            return
        self.blockSignals(True)
        item.setBackground(QBrush(BAD_CELL) if problem else QBrush())
        item.setToolTip(problem or "")
        self.blockSignals(False)

    # -- keys --------------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste(QGuiApplication.clipboard().text())
            return
        if (
            event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.state() != self.State.EditingState
        ):
            self.clear_selected()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != self.State.EditingState:
            self._move_down()
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        """Enter in a cell commits and moves down, as in a spreadsheet (Tab moves right as Qt does)."""
        super().closeEditor(editor, hint)
        if hint is QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self._move_down()

    def _move_down(self) -> None:
        current = self.currentIndex()
        if current.isValid() and current.row() + 1 < self.rowCount():
            self.setCurrentCell(current.row() + 1, current.column())

    def clear_selected(self) -> None:
        self.blockSignals(True)
        for index in self.selectedIndexes():
            if not self.read_only(index.column()):
                self.set_text(index.row(), index.column(), "")
        self.blockSignals(False)
        self.cleared.emit()

    def paste(self, text: str) -> int:
        """Paste a tab-separated block from the current cell; read-only cells are left as they are."""
        start = self.currentIndex()
        if not start.isValid() or not text:
            return 0
        lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
        written = left_out = 0
        self.blockSignals(True)
        for r, line in enumerate(lines):
            for c, value in enumerate(line.split("\t")):
                row, column = start.row() + r, start.column() + c
                if row >= self.rowCount() or column >= self.columnCount() or self.read_only(column):
                    left_out += 1 if value.strip() else 0
                    continue
                self.set_text(row, column, value.strip())
                written += 1
        self.blockSignals(False)
        self.pasted.emit(written, left_out)
        return written

    def go_to(self, row: int, column: int) -> None:
        self.setCurrentCell(row, column)
        self.scrollTo(self.model().index(row, column), QAbstractItemView.ScrollHint.EnsureVisible)

    def index_at(self, row: int, column: int) -> QModelIndex:
        return self.model().index(row, column)
