"""A grid over a DataFrame: filter box, row-state filter, colour legend and a fast table view.

Used for the preview of an imported file and for results grids; the model does the work
(labapp.gui.frame_model), this widget only wires the controls to it.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from labapp.gui.column_fit import fit_columns
from labapp.gui.frame_model import STATE_COLOURS, Column, FrameTableModel, RowState, number_text, precise_text

RESULT_COLUMNS = (
    Column("sample_label", "Sample"), Column("lot_code", "Lot"), Column("element", "Element"),
    Column("line", "Line"), Column("censored", ""), Column("value", "Value", number_text),
    Column("expanded_uncertainty", "U (k=2)", number_text), Column("unit", "Unit"), Column("basis", "Basis"),
    Column("loq", "LOQ", number_text), Column("flags", "Flags"), Column("qc_state", "QC"),
)
TIDY_PREVIEW_COLUMNS = (
    Column("source_row", "Line"), Column("sample_label", "Sample label"), Column("sample_type", "Type"),
    Column("element", "Element"), Column("species", "Species"), Column("line", "Line / nm"),
    Column("view", "View"), Column("replicate", "Rep.", number_text),
    Column("intensity", "Intensity", precise_text), Column("censored", ""),
    Column("value", "Value", precise_text), Column("unit", "Unit"),
    Column("detection_limit", "DL", precise_text), Column("flags", "Flags"),
    Column("acquired_at", "Acquired"),
)


class FrameView(QWidget):
    def __init__(self, columns: Sequence[Column] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns) if columns is not None else None
        self.model = FrameTableModel(self)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter (text columns)"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter_changed)
        self.state_combo = QComboBox()
        self.state_combo.addItem(self.tr("All rows"), None)
        for state in STATE_COLOURS:
            self.state_combo.addItem(FrameTableModel.state_label(state), int(state))
        self.state_combo.currentIndexChanged.connect(self._state_changed)
        self.count_label = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.model.modelReset.connect(self._update_count)
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.state_combo)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(self._legend())

    def _legend(self) -> QHBoxLayout:
        legend = QHBoxLayout()
        for state, colour in STATE_COLOURS.items():
            swatch = QLabel(FrameTableModel.state_label(state))
            swatch.setStyleSheet(f"background: {colour}; padding: 1px 6px; border: 1px solid #bbb")
            legend.addWidget(swatch)
        legend.addStretch(1)
        return legend

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.model.set_frame(frame, self.columns)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        fit_columns(self.table)
        self.model.set_filter(self.filter_edit.text())
        self._state_changed()

    def _filter_changed(self) -> None:
        self.model.set_filter(self.filter_edit.text())

    def _state_changed(self) -> None:
        value = self.state_combo.currentData()
        self.model.set_state_filter(None if value is None else [RowState(value)])

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("{0} rows").format(f"{self.model.rowCount():,}"))
