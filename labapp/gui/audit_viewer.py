"""The audit trail viewer: filter by entity, user and date (UTC days), show an event's old and new values,
and verify the hash chain. The filtering is the audit service's; this page only collects the choices."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QWidget,
)

from labapp.core.errors import LabappError
from labapp.gui.audit_text import AuditRow, action_text, change_lines, entity_text
from labapp.gui.pages import AuditPage
from labapp.security.roles import Action, allowed
from labapp.services.administration.audit_trail import AuditEntry, audit_actors, audit_log, entity_types
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.context import ServiceContext

AUDIT_EVENTS_SHOWN = 500


def day_start(day: QDate) -> datetime:
    """Midnight UTC at the start of `day` (the table shows UTC, so the filter counts UTC days)."""
    return datetime(day.year(), day.month(), day.day(), tzinfo=UTC)


class AuditViewerPage(AuditPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx: ServiceContext | None = None
        self.user: AuthenticatedUser | None = None
        self.last_error: str | None = None
        self.entity_combo = QComboBox()
        self.entity_id_edit = QLineEdit()
        self.entity_id_edit.setPlaceholderText(self.tr("Id"))
        self.entity_id_edit.setMaximumWidth(70)
        self.actor_combo = QComboBox()
        self.since_check, self.since_edit = QCheckBox(self.tr("F&rom")), self._date_edit()
        self.until_check, self.until_edit = QCheckBox(self.tr("&To")), self._date_edit()
        self.apply_button = QPushButton(self.tr("&Apply filters"))
        self.verify_button.setText(self.tr("Verif&y chain"))  # Alt+V belongs to the View menu
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.reload)
        self.entity_id_edit.returnPressed.connect(self.reload)
        entity_label = QLabel(self.tr("E&ntity"))
        entity_label.setBuddy(self.entity_combo)
        actor_label = QLabel(self.tr("&User"))
        actor_label.setBuddy(self.actor_combo)
        filters = QHBoxLayout()
        for widget in (entity_label, self.entity_combo, self.entity_id_edit, actor_label, self.actor_combo,
                       self.since_check, self.since_edit, self.until_check, self.until_edit,
                       self.apply_button):
            filters.addWidget(widget)
        filters.addStretch(1)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setPlaceholderText(self.tr("Select an event to see what changed."))
        layout = self.layout()
        layout.removeWidget(self.table)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("audit_splitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setSizes([500, 160])
        layout.insertLayout(0, filters)  # type: ignore[attr-defined]
        layout.addWidget(self.splitter, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_details())

    def _date_edit(self) -> QDateEdit:
        edit = QDateEdit(QDate.currentDate())
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def load(self, ctx: ServiceContext, user: AuthenticatedUser | None) -> None:
        """Fill the filter lists from this database, then show the events that pass the filters
        (the service refuses a user without VIEW_AUDIT; the page says so)."""
        self.ctx, self.user = ctx, user
        self._fill(self.entity_combo, self.tr("All entities"), entity_types(), entity_text)
        if user is None or not allowed(user.current_roles(), Action.VIEW_AUDIT):  # roles as stored now
            self.set_records([])  # said on the page, not in a box: every refresh would raise one
            self.verdict_label.setText(self.tr("Your roles do not include viewing the audit trail."))
            return
        self.verdict_label.clear()  # the previous user's refusal is not this user's
        try:
            actors = audit_actors(ctx, user)
        except LabappError as exc:
            self._error(str(exc))
            actors = []
        self._fill(self.actor_combo, self.tr("All users"), actors)
        self.reload()

    @staticmethod
    def _fill(combo: QComboBox, everything: str, values: list[str], text: Callable[[str], str] = str) -> None:
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, "")
        for value in values:
            combo.addItem(text(value), value)
        combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen else 0)
        combo.blockSignals(False)

    def entity_filter(self) -> str | None:
        name = self.entity_combo.currentData()
        ident = self.entity_id_edit.text().strip()
        if not name:
            return None
        return f"{name}:{ident}" if ident else str(name)

    def reload(self) -> list[AuditEntry] | None:
        if self.ctx is None or self.user is None:
            return None
        since = day_start(self.since_edit.date()) if self.since_check.isChecked() else None
        until = day_start(self.until_edit.date().addDays(1)) if self.until_check.isChecked() else None
        try:
            entries = audit_log(self.ctx, self.user, entity=self.entity_filter(), limit=AUDIT_EVENTS_SHOWN,
                                person=self.actor_combo.currentData() or None, since=since, until=until)
        except LabappError as exc:
            self._error(str(exc))
            return None
        self.set_records([AuditRow.of(entry) for entry in entries])
        self.details.clear()
        return entries

    def show_details(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.details.clear()
            return
        entry: AuditEntry = self.model.record(self.proxy.mapToSource(index).row()).entry
        concerns = f"{entity_text(entry.entity_type)} {entry.entity_id or ''}".rstrip()
        lines = [self.tr("Event {0}, {1} by {2}").format(entry.seq, action_text(entry.action), entry.actor),
                 self.tr("Concerns: {0}").format(concerns), self.tr("Hash: {0}").format(entry.hash), ""]
        lines += change_lines(entry.old_values, entry.new_values, self.tr("(none)"))
        self.details.setPlainText("\n".join(lines))

    def _error(self, message: str) -> None:
        self.last_error = message
        QMessageBox.warning(self, self.tr("labapp"), message)
