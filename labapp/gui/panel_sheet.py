"""The "Panel tests" page: a result sheet per batch of lots for one panel method (moisture, LOI,
acid-insoluble matter, F_ws by ISE or IC, carbon, sieving, laser diffraction).

The technician chooses the method and the lots waiting for it, then types or pastes the readings
(one row per determination) or reads a file through the panel import profiles into the same sheet.
Every cell is checked as typed and every problem is listed at once; nothing is saved while any
remains, and the batch is saved whole or not at all (labapp.services.panel.sheet). A second person
verifies (or rejects, with a reason) each stored test and a technician submits it, each with an
electronic signature; what the signed-in user may not do is disabled with the reason as its tooltip.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labapp.core.panel.cells import Column, check_cell, columns, determination, row_texts
from labapp.core.panel.spec import PanelMethod
from labapp.core.vocabulary import PanelKind
from labapp.gui.column_fit import fit_columns
from labapp.gui.panel_sheet_crm import CrmFields
from labapp.gui.panel_sheet_grid import FIRST_VALUE_COLUMN, LOT_COLUMN, SAMPLE_COLUMN, SheetGrid
from labapp.gui.panel_sheet_signing import PanelSigning
from labapp.gui.panel_sheet_words import header, problem_text, result_text
from labapp.gui.run_view_common import ContextSource, UserSource, ViewPage
from labapp.gui.translation import interface_language, word
from labapp.security.roles import Action
from labapp.services.administration.panel_methods import bundled_panel_methods
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.panel import TestSummary, list_tests
from labapp.services.panel.sheet import (
    SheetError,
    SheetFile,
    SheetTest,
    check_sheet,
    enter_sheet,
    lots_waiting,
    read_sheet_file,
    results_of,
)
from labapp.services.vocabulary import PanelTestState


class PanelSheetPage(ViewPage):
    """The result sheet and the stored tests of the chosen method."""

    def __init__(
        self,
        context: ContextSource,
        acting_user: UserSource,
        signed_in: Callable[[], AuthenticatedUser | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, acting_user, parent)
        self.setObjectName("panel_sheet_page")
        self.signed_in = signed_in
        self.methods: dict[str, PanelMethod] = {}
        self.cols: tuple[Column, ...] = ()
        self.problems: list[tuple[int | None, int | None, str]] = []
        self.source = "result sheet"
        self.saved_ids: dict[tuple[str, str], int] = {}
        self.tests: dict[int, TestSummary] = {}
        self.entry_refusal: str | None = None  # why the signed-in user may not enter tests, if so
        self._build()
        self.signing = PanelSigning(self)
        self.footer()

    # -- layout ------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.method_combo = QComboBox()
        self.method_combo.setObjectName("panel_method")
        self.method_combo.currentIndexChanged.connect(self._method_changed)
        self.per_lot = QSpinBox()
        self.per_lot.setRange(1, 6)
        self.per_lot.setValue(2)
        top = QHBoxLayout()
        method_label = QLabel(self.tr("&Method"))
        method_label.setBuddy(self.method_combo)
        top.addWidget(method_label)
        top.addWidget(self.method_combo, 1)
        top.addWidget(QLabel(self.tr("Determinations per lot")))
        top.addWidget(self.per_lot)
        self.layout_.addLayout(top)
        self.method_note = QLabel()
        self.method_note.setWordWrap(True)
        self.layout_.addWidget(self.method_note)

        self.lots_list = QListWidget()
        self.lots_list.setObjectName("panel_lots")
        self.add_button = QPushButton(self.tr("&Add to sheet"))
        self.add_button.clicked.connect(self.add_checked_lots)
        self.browse_button = QPushButton(self.tr("&Browse file..."))
        self.browse_button.setToolTip(self.tr("Read a result sheet or an instrument export into the sheet"))
        self.browse_button.clicked.connect(self.browse)
        self.clear_button = QPushButton(self.tr("&New sheet"))
        self.clear_button.clicked.connect(self.new_sheet)
        left = QWidget()
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        self.lots_label = QLabel(self.tr("Lots waiting for this test"))
        left_column.addWidget(self.lots_label)
        left_column.addWidget(self.lots_list, 1)
        for button in (self.add_button, self.browse_button, self.clear_button):
            left_column.addWidget(button)

        self.standards_edit = QLineEdit()
        self.standards_edit.setPlaceholderText(self.tr("mg/L:reading; mg/L:reading; ..."))
        self.crm_fields = CrmFields()
        self.batch_form = QFormLayout()
        self.batch_form.addRow(self.tr("Calibration standards"), self.standards_edit)
        self.batch_form.addRow(self.tr("CRM check"), self.crm_fields)
        self.standards_edit.editingFinished.connect(self.validate)
        self.crm_fields.edited.connect(self.validate)

        self.grid = SheetGrid()
        self.grid.itemChanged.connect(lambda _item: self._changed())
        self.grid.pasted.connect(self._pasted)
        self.grid.cleared.connect(self._changed)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_list = QListWidget()
        self.problems_list.setObjectName("panel_problems")
        self.problems_list.setMaximumHeight(110)
        self.problems_list.itemActivated.connect(self._go_to_problem)
        self.problems_list.itemClicked.connect(self._go_to_problem)
        self.save_button = QPushButton(self.tr("&Save batch"))
        self.save_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_button.clicked.connect(self.save)
        sheet = QWidget()
        sheet_column = QVBoxLayout(sheet)
        sheet_column.setContentsMargins(0, 0, 0, 0)
        sheet_column.addLayout(self.batch_form)
        sheet_column.addWidget(self.grid, 1)
        sheet_column.addWidget(self.problems_label)
        sheet_column.addWidget(self.problems_list)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        sheet_column.addLayout(save_row)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(sheet)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 900])
        self.layout_.addWidget(splitter, 3)

        self.tests_tree = QTreeWidget()
        self.tests_tree.setObjectName("panel_tests")
        self.tests_tree.setRootIsDecorated(False)
        self.tests_tree.setSelectionMode(QTreeWidget.SelectionMode.ExtendedSelection)
        self.tests_tree.setHeaderLabels(
            [
                self.tr("Test"),
                self.tr("Lot"),
                self.tr("State"),
                self.tr("Entered by"),
                self.tr("Verified by"),
                self.tr("Results"),
            ]
        )
        self.tests_tree.itemSelectionChanged.connect(self.update_actions)
        self.verify_button = QPushButton(self.tr("&Verify..."))
        self.reject_button = QPushButton(self.tr("Re&ject..."))
        self.submit_button = QPushButton(self.tr("S&ubmit..."))
        actions = QHBoxLayout()
        actions.addWidget(QLabel(self.tr("Stored tests of this method")))
        actions.addStretch(1)
        for button in (self.verify_button, self.reject_button, self.submit_button):
            actions.addWidget(button)
        self.layout_.addLayout(actions)
        self.layout_.addWidget(self.tests_tree, 1)
        self.progress.error.connect(self._save_failed)

    # -- method and lots ---------------------------------------------------------------------------
    def reload(self) -> None:
        if not self.methods:
            methods = self.attempt(bundled_panel_methods) or {}
            self.methods = dict(sorted(methods.items(), key=lambda kv: list(PanelKind).index(kv[1].kind)))
            self.method_combo.blockSignals(True)
            for method_id, method in self.methods.items():
                self.method_combo.addItem(method.title(interface_language()), method_id)
            self.method_combo.blockSignals(False)
            self._method_changed()
            return
        self._load_lots()
        self._load_tests()

    def method(self) -> PanelMethod | None:
        return self.methods.get(self.method_combo.currentData())

    def choose_method(self, method_id: str) -> None:
        index = self.method_combo.findData(method_id)
        if index >= 0 and index != self.method_combo.currentIndex():
            self.method_combo.setCurrentIndex(index)

    def _method_changed(self) -> None:
        method = self.method()
        if method is None:
            return
        self.cols = columns(method)
        self.per_lot.setValue(1 if method.kind in (PanelKind.SIEVE, PanelKind.LASER_DIFFRACTION) else 2)
        self.method_note.setText(
            f"{word(method.kind)} · {method.reference_text(interface_language())}"
            + (
                f"\n{method.preparation_ja if interface_language() == 'ja' else method.preparation}"
                if method.preparation
                else ""
            )
        )
        fluoride = method.kind.fluoride
        crm = fluoride or method.kind is PanelKind.COMBUSTION_CARBON
        self.batch_form.setRowVisible(self.standards_edit, fluoride)
        self.batch_form.setRowVisible(self.crm_fields, crm)
        self.new_sheet()
        self._load_lots()
        self._load_tests()

    def _load_lots(self) -> None:
        ctx, method = self.context(), self.method()
        if ctx is None or method is None:
            return
        codes = self.attempt(lambda: lots_waiting(ctx, method.id)) or []
        self.lots_list.clear()
        for code in codes:
            item = QListWidgetItem(code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.lots_list.addItem(item)
        self.lots_label.setText(self.tr("Lots waiting for this test: {0}").format(len(codes)))

    def check_lots(self, codes: list[str]) -> None:
        for number in range(self.lots_list.count()):
            item = self.lots_list.item(number)
            if item.text() in codes:
                item.setCheckState(Qt.CheckState.Checked)

    def add_checked_lots(self) -> int:
        """Add the chosen number of determination rows for each checked lot not yet in the sheet."""
        present = {self.grid.text(r, LOT_COLUMN) for r in range(self.grid.rowCount())}
        added = 0
        for number in range(self.lots_list.count()):
            item = self.lots_list.item(number)
            if item.checkState() is Qt.CheckState.Checked and item.text() not in present:
                for _ in range(self.per_lot.value()):
                    self.grid.add_row(item.text())
                    added += 1
        if added:
            self.grid.resizeColumnToContents(LOT_COLUMN)
            self.grid.setFocus()
            self.grid.go_to(0, FIRST_VALUE_COLUMN)
        self.validate()
        return added

    # -- the sheet ---------------------------------------------------------------------------------
    def new_sheet(self) -> None:
        method = self.method()
        if method is None:
            return
        heads = [header(method, c) for c in self.cols]
        self.grid.set_layout(
            [self.tr("Lot"), self.tr("Sample"), *(h for h, _ in heads), self.tr("Result")],
            [
                self.tr("Lot"),
                self.tr("Sample label (optional)"),
                *(t for _, t in heads),
                self.tr(
                    "Calculated after saving: value ± expanded uncertainty U (coverage factor k), basis, "
                    "LOQ and failed QC checks"
                ),
            ],
        )
        fit_columns(self.grid)
        self.standards_edit.clear()
        self.crm_fields.clear()
        self.source = "result sheet"
        self.saved_ids = {}
        self.validate()

    def _changed(self) -> None:
        if self.source != "result sheet" and not self.source.endswith("; edited in the sheet"):
            self.source = (self.source + "; edited in the sheet")[-300:]
        self.validate()

    def _pasted(self, written: int, left_out: int) -> None:
        self._changed()
        if left_out:
            self.show_error(
                self.tr("{0} value(s) pasted; {1} did not fit in the sheet's rows").format(written, left_out)
            )
        else:
            self.show_message(self.tr("{0} value(s) pasted").format(written))

    def _blank(self, row: int) -> bool:
        return not any(t.strip() for t in self.grid.values(row))

    def sheet_tests(self) -> list[SheetTest]:
        """The sheet as tests: its rows grouped by lot and sample label, in order; blank rows left out."""
        groups: dict[tuple[str, str], list[dict[str, str]]] = {}
        for row in range(self.grid.rowCount()):
            if not self._blank(row):
                key = (self.grid.text(row, LOT_COLUMN), self.grid.text(row, SAMPLE_COLUMN).strip())
                groups.setdefault(key, []).append(determination(self.cols, self.grid.values(row)))
        return [SheetTest(lot, tuple(d), sample or None) for (lot, sample), d in groups.items()]

    def validate(self) -> list[str]:
        """Check every cell and, when all cells are good, every test's calculation; list all problems."""
        method = self.method()
        self.problems = []
        if method is None:
            return []
        for row in range(self.grid.rowCount()):
            blank = self._blank(row)
            for offset, (column, text) in enumerate(zip(self.cols, self.grid.values(row), strict=True)):
                problem = None if blank else check_cell(method, column, text)
                words = None if problem is None else problem_text(column, problem)
                self.grid.mark(row, FIRST_VALUE_COLUMN + offset, words)
                if words:
                    where = self.tr("{0}, row {1}").format(self.grid.text(row, LOT_COLUMN), row + 1)
                    self.problems.append((row, FIRST_VALUE_COLUMN + offset, f"{where}: {words}"))
        tests = self.sheet_tests()
        crm_problem = self.crm_fields.problem() if self.batch_form.isRowVisible(self.crm_fields) else None
        if crm_problem is not None:
            self.problems.append((None, None, crm_problem.text(interface_language())))
        if tests and not self.problems and not self.saved_ids:
            standards, crm = self.standards_edit.text().strip(), self._crm()
            for line in check_sheet(method.id, tests, standards or None, crm):
                self.problems.append((None, None, line.text(interface_language())))
        self._show_problems(bool(tests))
        return [p[2] for p in self.problems]

    def _crm(self) -> str | None:
        """The batch's CRM check for the services (None when the method takes none or it is blank)."""
        if not self.batch_form.isRowVisible(self.crm_fields) or self.crm_fields.problem() is not None:
            return None
        return self.crm_fields.crm()

    def _show_problems(self, any_test: bool) -> None:
        self.problems_list.clear()
        for row, column, text in self.problems:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (row, column))
            self.problems_list.addItem(item)
        if self.problems:
            self.problems_label.setStyleSheet("color: #b00020")
            self.problems_label.setText(
                self.tr("{0} problem(s): nothing is saved until every one is fixed.").format(
                    len(self.problems)
                )
            )
        else:
            self.problems_label.setStyleSheet("")
            saved = self.tr("Saved; the calculated results:")
            self.problems_label.setText(
                saved if self.saved_ids else self.tr("No problems.") if any_test else ""
            )
        self._update_save(any_test)

    def _update_save(self, any_test: bool) -> None:
        ready = any_test and not self.problems and not self.saved_ids and self.entry_refusal is None
        self.save_button.setEnabled(ready)
        if self.entry_refusal is not None:
            self.save_button.setToolTip(self.entry_refusal)
        elif self.saved_ids:
            self.save_button.setToolTip(self.tr("This batch is saved; start a new sheet for the next one."))
        elif self.problems:
            self.save_button.setToolTip(self.tr("Fix the problems listed below the sheet first."))
        elif not any_test:
            self.save_button.setToolTip(self.tr("Type, paste or read the values first."))
        else:
            self.save_button.setToolTip(self.tr("Save every test of the batch (Ctrl+S)"))

    def _go_to_problem(self, item: QListWidgetItem) -> None:
        row, column = item.data(Qt.ItemDataRole.UserRole)
        if row is not None:
            self.grid.setFocus()
            self.grid.go_to(row, column)

    # -- saving ------------------------------------------------------------------------------------
    def save(self) -> bool:
        """Store the whole batch in the background (one unit of work); False if it cannot start."""
        method, ctx = self.method(), self.context()
        if method is None or ctx is None:
            return False
        if self.saved_ids:
            self.show_error(self.tr("This batch is saved; start a new sheet for the next one."))
            return False
        if self.validate():
            self.show_error(
                self.tr("{0} problem(s): nothing is saved until every one is fixed.").format(
                    len(self.problems)
                )
            )
            return False
        tests = self.sheet_tests()
        if not tests:
            self.show_error(self.tr("Type, paste or read the values first."))
            return False
        user = self.acting_user(Action.CALCULATE)
        if user is None:
            return False
        standards, crm, source = self.standards_edit.text().strip(), self._crm(), self.source
        return self.run_task(
            lambda progress: enter_sheet(
                ctx, user, method.id, tests, standards=standards or None, crm=crm, source=source
            ),
            self.tr("Saving {0} test(s)...").format(len(tests)),
            self._saved,
        )

    def _saved(self, summaries: list[TestSummary]) -> None:
        tests = self.sheet_tests()
        self.saved_ids = {(t.lot, t.sample_label or ""): s.id for t, s in zip(tests, summaries, strict=True)}
        ctx = self.context()
        results = self.attempt(lambda: results_of(ctx, list(self.saved_ids.values()))) or {}
        last = self.grid.columnCount() - 1
        self.grid.blockSignals(True)
        for row in range(self.grid.rowCount()):
            key = (self.grid.text(row, LOT_COLUMN), self.grid.text(row, SAMPLE_COLUMN).strip())
            test_id = self.saved_ids.get(key)
            if test_id is not None:
                text = "; ".join(result_text(r) for r in results.get(test_id, []))
                self.grid.set_text(row, last, self.tr("#{0}: {1}").format(test_id, text))
            for column in range(self.grid.columnCount()):
                item = self.grid.item(row, column)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.grid.blockSignals(False)
        self.grid.resizeColumnToContents(last)
        self._show_problems(True)
        self.problems_list.addItems(
            [
                self.grid.text(r, last)
                for r in range(self.grid.rowCount())
                if r == 0 or self.grid.text(r, last) != self.grid.text(r - 1, last)
            ]
        )
        self._load_lots()
        self._load_tests()
        self.show_message(
            self.tr("{0} test(s) saved as entered; a second person verifies them next.").format(
                len(summaries)
            )
        )

    def _save_failed(self, error: Exception) -> None:
        if isinstance(error, SheetError):
            lang = interface_language()
            self.problems = [(None, None, line.text(lang)) for line in error.problems]
            self._show_problems(True)

    # -- import ------------------------------------------------------------------------------------
    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Read into the sheet"),
            "",
            self.tr("Result sheet or instrument export (*.csv *.txt *.xlsx);;All files (*)"),
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str | Path) -> bool:
        """Read a file through the panel import profiles into the sheet (not stored until saved)."""
        name = Path(path).name
        _measured, certified, u = (t.strip() for t in self.crm_fields.texts())
        given = (f"{certified}:{u}" if u else certified) or None  # a CRM row's certified value, if typed
        return self.run_task(
            lambda progress: read_sheet_file(path, crm_certified=given),
            self.tr("Reading {0}...").format(name),
            self._file_read,
        )

    def _file_read(self, sheet: SheetFile) -> None:
        typed = self.crm_fields.texts()
        self.choose_method(sheet.method_id)
        self.new_sheet()
        self.grid.blockSignals(True)
        for test in sheet.tests:
            for fields in test.determinations:
                self.grid.add_row(test.lot, row_texts(self.cols, fields), test.sample_label or "")
        self.grid.blockSignals(False)
        self.standards_edit.setText(sheet.standards or "")
        self.crm_fields.fill(sheet.crm, sheet.crm_measured)
        if sheet.crm is None and sheet.crm_measured is not None:  # keep the certified value typed before
            self.crm_fields.certified_edit.setText(typed[1])
            self.crm_fields.u_edit.setText(typed[2])
        self.source = sheet.source
        fit_columns(self.grid)
        problems = self.validate()
        message = self.tr("{0}: {1} test(s) read into the sheet; check them, then save.").format(
            sheet.source.split(" ")[0], len(sheet.tests)
        )
        if problems:
            self.show_error(message)
        else:
            self.show_message(message)

    # -- stored tests and the four-eyes steps --------------------------------------------------------
    def _load_tests(self) -> None:
        ctx, method = self.context(), self.method()
        if ctx is None or method is None:
            return
        tests = [t for t in self.attempt(lambda: list_tests(ctx)) or [] if t.method_id == method.id]
        self.tests = {t.id: t for t in tests}
        views = self.attempt(lambda: results_of(ctx, list(self.tests))) or {}
        self.tests_tree.clear()
        for t in tests:
            results = "; ".join(result_text(r) for r in views.get(t.id, []))
            item = QTreeWidgetItem(
                [f"#{t.id}", t.lot, word(t.state), t.entered_by, t.verified_by or "", results]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, t.id)
            self.tests_tree.addTopLevelItem(item)
        for column in range(5):
            self.tests_tree.resizeColumnToContents(column)
        self.update_actions()

    def select_tests(self, ids: list[int]) -> None:
        for number in range(self.tests_tree.topLevelItemCount()):
            item = self.tests_tree.topLevelItem(number)
            item.setSelected(item.data(0, Qt.ItemDataRole.UserRole) in ids)

    def selected_tests(self) -> list[TestSummary]:
        ids = [item.data(0, Qt.ItemDataRole.UserRole) for item in self.tests_tree.selectedItems()]
        return [self.tests[i] for i in ids if i in self.tests]

    def update_actions(self) -> None:
        """Enable what the signed-in user may do now; a disabled button's tooltip says why."""
        self.signing.update_buttons()
        self.entry_refusal = self.signing.refusal("enter")
        self.browse_button.setEnabled(self.entry_refusal is None)
        self.browse_button.setToolTip(
            self.entry_refusal or self.tr("Read a result sheet or an instrument export into the sheet")
        )
        self._update_save(bool(self.sheet_tests()))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Who is signed in may have changed while the page was hidden."""
        super().showEvent(event)
        if self.methods:
            self.update_actions()

    def pending(self, state: PanelTestState) -> list[TestSummary]:
        return [t for t in self.tests.values() if t.state is state]
