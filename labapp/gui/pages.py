"""The lots and audit-trail pages: thin views over services."""

from __future__ import annotations

import re

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QWidget

from labapp.gui.table_page import TablePage
from labapp.gui.translation import word
from labapp.services.administration.audit_trail import AuditReport
from labapp.services.vocabulary import LotState

LOT_COLUMNS = (
    ("code", "Lot"), ("client", "Client"), ("declared_chemistry", "Declared"), ("origin", "Origin"),
    ("state", "State"), ("net_wet_mass_kg", "Net wet kg"), ("moisture_pct", "Moisture %"),
    ("net_dry_mass_kg", "Net dry kg"), ("preparations", "Preparations"),
    ("registered_at", "Registered (UTC)"),
)

LOT_COLUMN_KEYS = [key for key, _ in LOT_COLUMNS]

AUDIT_COLUMNS = (
    ("seq", "#"), ("occurred_at", "When (UTC)"), ("actor", "Who"), ("action", "Action"),
    ("entity_type", "Entity"), ("entity_id", "Id"), ("reason", "Reason"),
)


class LotsPage(TablePage):
    """The lot list with a state filter; the window wires New, Edit and Import manifest to services."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(LOT_COLUMNS, parent)
        self.state_combo = QComboBox()
        self.state_combo.addItem(self.tr("All states"), "")
        for state in LotState:
            self.state_combo.addItem(word(state), state.value)
        self.state_combo.currentIndexChanged.connect(self._state_changed)
        self.state_proxy = QSortFilterProxyModel(self)
        self.state_proxy.setSourceModel(self.model)
        self.state_proxy.setFilterKeyColumn(LOT_COLUMN_KEYS.index("state"))
        self.proxy.setSourceModel(self.state_proxy)
        self.new_button = QPushButton(self.tr("&New lot..."))
        self.edit_button = QPushButton(self.tr("&Edit lot..."))
        self.manifest_button = QPushButton(self.tr("Import &manifest..."))
        self.toolbar.addWidget(self.state_combo)
        for button in (self.new_button, self.edit_button, self.manifest_button):
            self.toolbar.addWidget(button)

    def _state_changed(self) -> None:
        state = self.state_combo.currentData()  # the table shows the state's label
        self.state_proxy.setFilterRegularExpression(f"^{re.escape(word(LotState(state)))}$" if state else "")

    def selected_code(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        index = rows[0] if rows else self.table.currentIndex()
        if not index.isValid():
            return None
        return str(self.proxy.index(index.row(), 0).data())

    def select_code(self, code: str) -> None:
        matches = self.proxy.match(self.proxy.index(0, 0), Qt.ItemDataRole.DisplayRole, code, 1,
                                   Qt.MatchFlag.MatchExactly)
        if matches:
            self.table.selectRow(matches[0].row())


class AuditPage(TablePage):
    """The newest audit events and a "Verify chain" action."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(AUDIT_COLUMNS, parent)
        self.verify_button = QPushButton(self.tr("&Verify chain"))
        self.verdict_label = QLabel()
        self.toolbar.addWidget(self.verify_button)
        self.toolbar.addWidget(self.verdict_label)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest event first

    def show_verdict(self, report: AuditReport) -> None:
        if report.ok:
            text = self.tr("Chain intact: {0} events, {1} records checked").format(
                report.events_checked, report.rows_checked)
            if report.checkpoints_checked:  # the history matches the sealed heads kept outside the database
                text += self.tr("; {0} checkpoints in {1} match").format(
                    report.checkpoints_checked, report.checkpoint_log)
            else:
                text += self.tr("; no checkpoint found: not compared with a record outside the database")
            self.verdict_label.setStyleSheet("color: #1b7f3b; font-weight: bold")
        else:
            text = self.tr("BROKEN: {0}").format(str(report.first_problem))
            self.verdict_label.setStyleSheet("color: #b00020; font-weight: bold")
        self.verdict_label.setText(text)
