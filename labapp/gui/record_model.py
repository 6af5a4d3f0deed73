"""A read-only Qt table model over a list of records (dataclasses); sorting and filtering come from
a QSortFilterProxyModel, so no copies of the data are kept in widgets."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from labapp.gui.number_width import widest_number_texts, widest_whole_number_texts
from labapp.gui.translation import word
from labapp.services.vocabulary import Vocabulary

Index = QModelIndex | QPersistentModelIndex


def display_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        if value:
            return QCoreApplication.translate("RecordTableModel", "yes")
        return QCoreApplication.translate("RecordTableModel", "no")
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, tuple | list):
        return ", ".join(display_text(v) for v in value)
    if isinstance(value, Vocabulary):  # a state or outcome: its label in the interface language
        return word(value)
    return str(value)


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[tuple[str, str]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(records)
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = getattr(self._rows[index.row()], self._columns[index.column()][0])
        if role == Qt.ItemDataRole.DisplayRole:
            return display_text(value)
        if role == Qt.ItemDataRole.UserRole:  # sort key: numbers sort as numbers
            return value if isinstance(value, int | float) else display_text(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def widest_texts(self) -> dict[int, list[str]]:
        """For each column holding numbers, texts at least as wide as any of them (labapp.gui.column_fit)."""
        widest: dict[int, list[str]] = {}
        for column, (key, _title) in enumerate(self._columns):
            values = [getattr(row, key) for row in self._rows]
            whole = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
            floats = np.array([v for v in values if isinstance(v, float)], dtype=float)
            texts = widest_whole_number_texts(whole, display_text) + widest_number_texts(floats, display_text)
            if texts:
                widest[column] = texts
        return widest

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("Columns", self._columns[section][1])
        return None
