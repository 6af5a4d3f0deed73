"""A fast read-only Qt table model over a pandas DataFrame, for grids of up to ~10^6 rows.

Columns are kept as numpy arrays and formatted only when a cell is painted; sorting is a numpy
argsort of a per-column key (computed once, cached) and filtering a vectorised mask, both applied
to an index array. No QSortFilterProxyModel: at 100,000 rows its per-row Python callbacks are the
bottleneck. Rows are coloured by state (censored, flagged, conditional, out of spec, QC-affected)
derived from the frame's own columns when it has them. A column of vocabulary words (an `Outcome`, a
state) is shown, sorted and filtered by the words' labels in the interface language.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from labapp.gui.number_width import widest_number_texts
from labapp.gui.translation import word
from labapp.services.vocabulary import ElementStatus, Vocabulary

Index = QModelIndex | QPersistentModelIndex
Formatter = Callable[[Any], str]
RAW_ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # position of the row in the original frame


class RowState(IntEnum):
    """What a row's colour says, most important last (a row shows the most important one)."""

    NORMAL = 0
    CENSORED = 1
    FLAGGED = 2
    CONDITIONAL = 3
    OUT_OF_SPEC = 4
    QC_AFFECTED = 5


STATE_COLOURS = {
    RowState.CENSORED: "#e3ecf7", RowState.FLAGGED: "#fff6cc", RowState.CONDITIONAL: "#ffe0b2",
    RowState.OUT_OF_SPEC: "#f8c9c9", RowState.QC_AFFECTED: "#e6d5f2",
}
STATE_LABELS = {  # translated where shown, context "FrameTableModel"
    RowState.CENSORED: "censored (< LOD / > range)", RowState.FLAGGED: "instrument flag",
    RowState.CONDITIONAL: "conditional", RowState.OUT_OF_SPEC: "out of specification",
    RowState.QC_AFFECTED: "QC-affected",
}
_QC_AFFECTED = (ElementStatus.FLAGGED, ElementStatus.BLOCKED)  # a `qc_state` that colours the row


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    fmt: Formatter | None = None
    sort_by: str | None = None  # a numeric column to sort by (a printed text sorts by its number)


def number_text(value: Any) -> str:
    """Four significant digits without exponent for everyday magnitudes; empty for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float | np.floating):
        magnitude = abs(float(value))
        return f"{value:.4g}" if magnitude == 0 or 1e-4 <= magnitude < 1e7 else f"{value:.3e}"
    return str(value)


def precise_text(value: Any) -> str:
    """Six significant digits: what an instrument file typically carries, for previews of raw readings."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:.6g}" if isinstance(value, float | np.floating) else str(value)


def _text_column(values: np.ndarray) -> bool:
    return values.dtype.kind in "OUS"


def _bool_column(frame: pd.DataFrame, key: str) -> np.ndarray:
    if key not in frame:
        return np.zeros(len(frame), dtype=bool)
    return frame[key].fillna(False).astype(bool).to_numpy()


def _text_series(frame: pd.DataFrame, key: str) -> pd.Series:
    if key not in frame:
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)
    return frame[key].fillna("").astype(str).str.strip()


def row_states(frame: pd.DataFrame) -> np.ndarray:
    """One RowState per row from the columns `censored`, `flags`, `conditional`, `out_of_spec`,
    `qc_affected` / `qc_state` (an `ElementStatus`; each column optional), vectorised. The page that
    builds the frame decides `conditional` and `out_of_spec` from typed outcomes."""
    states = np.zeros(len(frame), dtype=np.int8)
    flags = _text_series(frame, "flags")
    qc_state = _text_series(frame, "qc_state")
    layers = (
        (RowState.CENSORED, _text_series(frame, "censored").isin(["<", ">"]).to_numpy()),
        (RowState.FLAGGED, (flags != "").to_numpy()),
        (RowState.CONDITIONAL, _bool_column(frame, "conditional")),
        (RowState.OUT_OF_SPEC, _bool_column(frame, "out_of_spec")),
        (RowState.QC_AFFECTED, _bool_column(frame, "qc_affected") | qc_state.isin(_QC_AFFECTED).to_numpy()),
    )
    for state, mask in layers:
        states[mask] = state
    return states


class FrameTableModel(QAbstractTableModel):
    """Read-only view of a DataFrame; `sort()` and `set_filter()` reorder an index array only."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._columns: list[Column] = []
        self._values: list[np.ndarray] = []
        self._keys: dict[int, np.ndarray] = {}
        self._states = np.zeros(0, dtype=np.int8)
        self._text_mask = np.zeros(0, dtype=bool)
        self._state_mask = np.zeros(0, dtype=bool)
        self._order = np.zeros(0, dtype=np.intp)
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._brushes = {state: QBrush(QColor(colour)) for state, colour in STATE_COLOURS.items()}

    # -- loading -------------------------------------------------------------------------------
    def set_frame(self, frame: pd.DataFrame, columns: Sequence[Column] | None = None) -> None:
        """Show `frame` (all its columns, or the given ones that exist); keeps no reference to it."""
        chosen = list(columns) if columns is not None else [Column(str(c), str(c)) for c in frame.columns]
        chosen = [c for c in chosen if c.key in frame]
        self.beginResetModel()
        self._columns = chosen
        self._values = [self._array(frame[c.key]) for c in chosen]
        self._keys = {
            i: self._array(frame[c.sort_by]) for i, c in enumerate(chosen) if c.sort_by and c.sort_by in frame
        }
        self._states = row_states(frame)
        self._text_mask = np.ones(len(frame), dtype=bool)
        self._state_mask = np.ones(len(frame), dtype=bool)
        self._order = np.arange(len(frame), dtype=np.intp)
        self._sort = None
        self.endResetModel()

    @staticmethod
    def _array(series: pd.Series) -> np.ndarray:
        if pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
            return series.to_numpy(dtype=float, na_value=np.nan)
        valid = series.dropna()
        if len(valid) and isinstance(valid.iloc[0], Vocabulary):  # a column of words: shown by label
            series = series.map(lambda value: word(value) if isinstance(value, Vocabulary) else value)
        return series.astype(object).where(series.notna(), None).to_numpy()

    # -- Qt model API ----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = int(self._order[index.row()])
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(column, self._values[column][row])
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brushes.get(RowState(self._states[row]))
        if role == Qt.ItemDataRole.ToolTipRole:
            state = RowState(self._states[row])
            return None if state == RowState.NORMAL else self.state_label(state)
        if role == Qt.ItemDataRole.TextAlignmentRole and not _text_column(self._values[column]):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return self._values[column][row]
        if role == RAW_ROW_ROLE:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return QCoreApplication.translate("Columns", self._columns[section].title)
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Stable numpy sort of the visible rows; missing values last in both directions."""
        if not 0 <= column < len(self._columns):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        sources = [int(self._order[i.row()]) for i in persistent]
        self._order = self._sorted(self._order, column, order)
        if persistent:
            position = np.full(len(self._states), -1, dtype=np.intp)
            position[self._order] = np.arange(len(self._order))
            moved = [self.index(int(position[s]), i.column())
                     for s, i in zip(sources, persistent, strict=True)]
            self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    # -- filtering -------------------------------------------------------------------------------
    def set_filter(self, text: str, column: int | None = None) -> None:
        """Show rows whose text (in `column`, or any text column) contains `text`, case-insensitive."""
        needle = text.strip().lower()
        n = len(self._states)
        if not needle:
            mask = np.ones(n, dtype=bool)
        else:
            mask = np.zeros(n, dtype=bool)
            text_columns = [c for c, v in enumerate(self._values) if _text_column(v)]
            targets = text_columns if column is None else [column]
            for c in targets:
                values = self._values[c]
                series = pd.Series(values if _text_column(values) else [self._text(c, v) for v in values])
                mask |= series.fillna("").astype(str).str.lower().str.contains(needle, regex=False).to_numpy()
        self._text_mask = mask
        self._apply_masks()

    def set_state_filter(self, states: Sequence[RowState] | None) -> None:
        """Show only rows in the given states (None: all rows); combines with the text filter."""
        wanted = [int(s) for s in states or ()]
        self._state_mask = np.isin(self._states, wanted) if wanted else np.ones(len(self._states), dtype=bool)
        self._apply_masks()

    def _apply_masks(self) -> None:
        self.beginResetModel()
        order = np.flatnonzero(self._text_mask & self._state_mask).astype(np.intp)
        self._order = order if self._sort is None else self._sorted(order, *self._sort)
        self.endResetModel()

    # -- helpers ---------------------------------------------------------------------------------
    def widest_texts(self) -> dict[int, list[str]]:
        """For each numeric column, texts at least as wide as any of its cells (labapp.gui.column_fit)."""
        return {
            column: widest_number_texts(values, lambda value, c=column: self._text(c, value))
            for column, values in enumerate(self._values)
            if not _text_column(values)
        }

    def _text(self, column: int, value: Any) -> str:
        fmt = self._columns[column].fmt
        if fmt is not None:
            return fmt(value)
        return "" if value is None else number_text(value)

    def _key(self, column: int) -> np.ndarray:
        """A float sort key per row: the value for numbers, the rank of the text for text; NaN = missing."""
        key = self._keys.get(column)
        if key is None:
            values = self._values[column]
            if _text_column(values):
                codes, _ = pd.factorize(pd.Series(values, dtype=object).astype("string"), sort=True)
                key = np.where(codes < 0, np.nan, codes).astype(float)
            else:
                key = values
            self._keys[column] = key
        return key

    def _sorted(self, rows: np.ndarray, column: int, order: Qt.SortOrder) -> np.ndarray:
        key = self._key(column)[rows]
        if order == Qt.SortOrder.DescendingOrder:
            key = -key
        return rows[np.argsort(key, kind="stable")]

    def state_of(self, view_row: int) -> RowState:
        return RowState(self._states[self._order[view_row]])

    def source_row(self, view_row: int) -> int:
        return int(self._order[view_row])

    def column_keys(self) -> list[str]:
        return [c.key for c in self._columns]

    @staticmethod
    def state_label(state: RowState) -> str:
        return QCoreApplication.translate("FrameTableModel", STATE_LABELS[state])
