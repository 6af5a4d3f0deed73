"""Administration > Criteria sets: list, view, clone to a new version, start a customer's contract
specification from a template, edit own sets, compare two sets.

Shipped sets and sets frozen by use are read-only; the services enforce that, this tab only shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
)

from labapp.core.errors import LabappError
from labapp.gui.admin_common import AdminTab, ContextSource, FormDialog, UserSource
from labapp.gui.criteria_text import criteria_text
from labapp.gui.dialog_lifetime import release_closed_predecessors
from labapp.gui.table_page import TablePage
from labapp.security.roles import Action
from labapp.services.grading.criteria_catalog import describe, diff_sets, list_sets, read_criteria_file
from labapp.services.grading.criteria_files import (
    clone_set,
    frozen_sets,
    list_templates,
    new_from_template,
    own_sets,
    save_set_text,
)
from labapp.services.vocabulary import SetKind, SetStatus

SET_COLUMNS = (("id", "Set"), ("version", "Version"), ("kind", "Kind"), ("status", "Status"),
               ("origin", "Origin"), ("frozen", "Frozen"), ("title", "Title"))


@dataclass(frozen=True)
class SetRow:
    id: str
    version: str
    kind: SetKind
    status: SetStatus
    origin: str
    frozen: bool
    title: str
    path: Path
    shipped: bool


def problems_text(error: LabappError) -> str:
    """The error with every listed problem (a criteria file can have many)."""
    problems = getattr(error, "problems", None) or []
    return "\n".join([str(error), *(f"  {p}" for p in problems if str(p) not in str(error))])


class CriteriaEditor(QDialog):
    """A plain TOML editor for an own set; Save validates through the service and stays open on errors."""

    def __init__(self, tab: CriteriaTab, path: Path) -> None:
        super().__init__(tab)
        release_closed_predecessors(self)
        self.tab, self.path = tab, path
        self.setWindowTitle(self.tr("Edit criteria set {0}").format(path.name))
        self.editor = QPlainTextEdit(path.read_text(encoding="utf-8"))
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        save_cancel = QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(save_cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(760, 620)

    def save(self) -> bool:
        ctx, by = self.tab.context(), self.tab.acting_user(Action.MANAGE_CRITERIA)
        if ctx is None or by is None:
            return False
        try:
            save_set_text(ctx, by, self.path, self.editor.toPlainText())
        except LabappError as exc:
            self.error_label.setText(problems_text(exc))
            return False
        self.accept()
        return True


class CriteriaTab(AdminTab):
    def __init__(self, context: ContextSource, acting_user: UserSource) -> None:
        super().__init__(context, acting_user)
        self.rows: list[SetRow] = []
        self.editor: CriteriaEditor | None = None
        self.page = TablePage(SET_COLUMNS)
        self.page.table.selectionModel().currentRowChanged.connect(lambda *_: self.view_selected())
        self.view_text = QPlainTextEdit()
        self.view_text.setReadOnly(True)
        self.view_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.clone_button = QPushButton(self.tr("Cl&one as new version..."))
        self.edit_button = QPushButton(self.tr("Ed&it..."))
        self.template_button = QPushButton(self.tr("New from te&mplate..."))
        self.template_button.setToolTip(self.tr("Start a customer's contract specification from a template"))
        self.template_button.clicked.connect(self.ask_new_from_template)
        self.diff_combo = QComboBox()
        self.diff_button = QPushButton(self.tr("Compare &with"))
        self.clone_button.clicked.connect(self.ask_clone)
        self.edit_button.clicked.connect(self.edit_selected)
        self.diff_button.clicked.connect(lambda: self.compare(self.diff_combo.currentIndex()))
        buttons = QHBoxLayout()
        for widget in (self.clone_button, self.template_button, self.edit_button, self.diff_button,
                       self.diff_combo):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("criteria_splitter")
        self.splitter.addWidget(self.page)
        self.splitter.addWidget(self.view_text)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)

    def reload(self) -> None:
        ctx = self.context()
        frozen = (self.attempt(lambda: frozen_sets(ctx)) or set()) if ctx is not None else set()
        shipped = self.attempt(list_sets) or []
        own = self.attempt(own_sets) or []
        self.rows = [SetRow(e.id, e.version, e.kind, e.status, origin, (e.id, e.version) in frozen, e.title,
                            e.path, is_shipped)
                     for origin, is_shipped, entries in ((self.tr("shipped"), True, shipped),
                                                         (self.tr("own"), False, own))
                     for e in entries]
        self.page.set_records(self.rows)
        self.diff_combo.clear()
        for row in self.rows:
            self.diff_combo.addItem(f"{row.id} {row.version}")

    def selected(self) -> SetRow | None:
        index = self.page.table.currentIndex()
        if not index.isValid():
            return None
        return self.page.model.record(self.page.proxy.mapToSource(index).row())

    def select(self, set_id: str, version: str) -> None:
        for row in range(self.page.proxy.rowCount()):
            record = self.page.model.record(self.page.proxy.mapToSource(self.page.proxy.index(row, 0)).row())
            if (record.id, record.version) == (set_id, version):
                self.page.table.selectRow(row)
                return

    def view_selected(self) -> None:
        row = self.selected()
        if row is None:
            self.view_text.clear()
            return
        content = self.attempt(lambda: describe(read_criteria_file(row.path)))
        read_only = row.shipped or row.frozen
        self.edit_button.setEnabled(not read_only)
        header = self.tr("{0} version {1}, read-only").format(row.id, row.version) if read_only else \
            self.tr("{0} version {1}, editable").format(row.id, row.version)
        body = criteria_text(content)  # limits per grade with units and sources, never the JSON
        self.view_text.setPlainText(f"{header}\n{row.path}\n\n{body}")

    def ask_clone(self) -> None:
        row = self.selected()
        if row is None:
            self.show_error(self.tr("Select the criteria set to clone."))
            return
        dialog = FormDialog(self.tr("Clone {0} version {1}").format(row.id, row.version), self)
        dialog.add_line("version", self.tr("&New version"))
        if dialog.ask():
            self.clone(row, dialog.value("version"))

    def clone(self, row: SetRow, version: str) -> Path | None:
        ctx, by = self.context(), self.acting_user(Action.MANAGE_CRITERIA)
        if ctx is None or by is None:
            return None
        target = self.attempt(lambda: clone_set(ctx, by, row.path, version))
        self.reload()
        if target is not None:
            self.select(row.id, version.strip())
        return target

    def ask_new_from_template(self) -> None:
        templates = self.attempt(list_templates) or []
        dialog = FormDialog(self.tr("New criteria set from a template"), self)
        dialog.add_line("template", self.tr("&Template"), templates[0] if templates else "")
        dialog.add_line("id", self.tr("Set &id"))
        dialog.add_line("customer", self.tr("&Customer"))
        dialog.add_line("version", self.tr("&Version"), "1.0")
        if dialog.ask():
            self.new_from_template(dialog.value("template"), dialog.value("id"), dialog.value("customer"),
                                   dialog.value("version"))

    def new_from_template(
        self, template: str, set_id: str, customer: str, version: str = "1.0"
    ) -> Path | None:
        """Fill the template through the service (validated, audited); the new set is selected to edit."""
        ctx, by = self.context(), self.acting_user(Action.MANAGE_CRITERIA)
        if ctx is None or by is None:
            return None
        target = self.attempt(lambda: new_from_template(ctx, by, template, set_id, customer, version))
        self.reload()
        if target is not None:
            self.select(set_id.strip(), version.strip())
        return target

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None:
            self.show_error(self.tr("Select your own criteria set to edit (clone a shipped set first)."))
            return
        self.editor = CriteriaEditor(self, row.path)
        if self.editor.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            self.select(row.id, row.version)

    def compare(self, other: int) -> None:
        row = self.selected()
        if row is None or not 0 <= other < len(self.rows):
            self.show_error(self.tr("Select a set in the list and the set to compare it with."))
            return
        result = self.attempt(lambda: diff_sets(row.path, self.rows[other].path))
        if result is None:
            return
        old, new, changes = result
        lines = [f"--- {old.id} {old.version}", f"+++ {new.id} {new.version}"]
        lines += [str(c) for c in changes] or [self.tr("identical content")]
        self.view_text.setPlainText("\n".join(lines))


