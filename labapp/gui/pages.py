"""The lots and audit-trail pages: thin views over services."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from labapp.gui.table_page import TablePage
from labapp.services.audit_trail import AuditReport

LOT_COLUMNS = (
    ("code", "Lot"), ("client", "Client"), ("declared_chemistry", "Declared"), ("origin", "Origin"),
    ("state", "State"), ("net_wet_mass_kg", "Net wet kg"), ("moisture_pct", "Moisture %"),
    ("net_dry_mass_kg", "Net dry kg"), ("preparations", "Preparations"),
    ("registered_at", "Registered (UTC)"),
)

AUDIT_COLUMNS = (
    ("seq", "#"), ("occurred_at", "When (UTC)"), ("actor", "Who"), ("action", "Action"),
    ("entity_type", "Entity"), ("entity_id", "Id"), ("reason", "Reason"),
)


class LotsPage(TablePage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(LOT_COLUMNS, parent)


class AuditPage(TablePage):
    """The newest audit events and a "Verify chain" action."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(AUDIT_COLUMNS, parent)
        self.verify_button = QPushButton(self.tr("&Verify chain"))
        self.verdict_label = QLabel()
        self.toolbar.addWidget(self.verify_button)
        self.toolbar.addWidget(self.verdict_label)

    def show_verdict(self, report: AuditReport) -> None:
        if report.ok:
            text = self.tr("Chain intact: {0} events, {1} records checked").format(
                report.events_checked, report.rows_checked)
            self.verdict_label.setStyleSheet("color: #1b7f3b; font-weight: bold")
        else:
            text = self.tr("BROKEN: {0}").format(str(report.first_problem))
            self.verdict_label.setStyleSheet("color: #b00020; font-weight: bold")
        self.verdict_label.setText(text)
