"""The import wizard's later pages: preview of the tidy rows, sample matching, the import itself."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pandas as pd
from PySide6.QtGui import QBrush, QColor, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from labapp.core.progress import Progress
from labapp.gui.file_error_box import FileErrorBox
from labapp.gui.frame_view import TIDY_PREVIEW_COLUMNS, FrameView
from labapp.gui.progress_panel import ProgressPanel
from labapp.importers import TIDY_COLUMNS, ImportResult, read_export
from labapp.services.importing.lot_edit import preparation_labels
from labapp.services.importing.run_import import (
    MATCHED_TYPES,
    RunImport,
    import_run,
    match_labels,
)

UNMATCHED_COLOUR = "#f8c9c9"
QC_COLOUR = "#eeeeee"


class PreviewPage(QWizardPage):
    """Reads the file with the chosen profile in a worker and shows the tidy rows it gives."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Preview"))
        self.setSubTitle(self.tr("The readings as labapp understood them: one row per reading."))
        self.result: ImportResult | None = None
        self._read_key: tuple[Path, str] | None = None
        self.summary_label = QLabel()
        self.view = FrameView(TIDY_PREVIEW_COLUMNS)
        self.warnings = QListWidget()
        self.warnings.setMaximumHeight(70)
        self.warnings.setVisible(False)
        self.error_box = FileErrorBox(self.tr("The file cannot be read"))
        self.progress = ProgressPanel()
        self.progress.finished.connect(self._read)
        self.progress.error.connect(self._failed)
        self.progress.cancelled.connect(lambda message: self.summary_label.setText(message))
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error_box)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.warnings)
        layout.addWidget(self.progress)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        wizard = self.wizard()
        key = (wizard.file_page.path(), wizard.format_page.profile_id())
        if key == self._read_key and self.result is not None:
            return
        self.result, self._read_key = None, key
        self.error_box.clear()
        self.warnings.clear()
        self.warnings.setVisible(False)
        self.view.set_frame(pd.DataFrame({c: pd.Series(dtype=object) for c in TIDY_COLUMNS}))
        self.summary_label.setText(self.tr("Reading {0}...").format(key[0].name))
        path, profile = key

        def task(progress: Progress) -> ImportResult:
            progress.report(0, 1, self.tr("Reading {0}").format(path.name))
            result = read_export(path, profile)
            progress.check("reading the file")
            progress.report(1, 1, self.tr("{0} readings").format(len(result.frame)))
            return result

        self.progress.abandon()  # a read still running for an earlier choice is cancelled and ignored
        self.progress.run(task)
        self.completeChanged.emit()

    def cleanupPage(self) -> None:  # noqa: N802 - Qt override (Back)
        self.progress.abandon()
        self._read_key = None

    def _read(self, result: ImportResult) -> None:
        self.result = result
        self.view.set_frame(result.frame)
        meta = result.metadata
        self.summary_label.setText(self.tr("{0} readings of {1} sample labels, profile {2}").format(
            f"{len(result.frame):,}", meta.get("samples", "?"), result.profile))
        self.warnings.addItems(result.warnings)
        self.warnings.setVisible(bool(result.warnings))
        self.completeChanged.emit()

    def _failed(self, error: Exception) -> None:
        self.summary_label.setText(self.tr(
            "Nothing can be imported from this file. Go back to choose another file or profile."))
        self.error_box.show_error(error)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.result is not None


class MatchingPage(QWizardPage):
    """File labels against registered preparations; unmatched sample labels are red and assignable."""

    COLUMNS = ("Label in file", "Type", "Readings", "Registered preparation", "Lot", "Status")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Sample matching"))
        self.setSubTitle(self.tr("Each sample in the file must belong to a registered preparation. Assign "
                                 "unmatched labels, or leave them: they are stored as unmatched."))
        self.summary_label = QLabel()
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(QComboBox().sizeHint().height())
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.combos: dict[str, QComboBox] = {}
        self.unmatched: list[str] = []
        self.matched: dict[str, str] = {}
        self.held: dict[str, str] = {}  # label -> lot already released: stored, not linked
        self.materials = self.qc_solutions = 0
        self.reason_label = QLabel(self.tr("Reason for assigning labels by hand (kept in the audit trail):"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("e.g. the autosampler list misspelt BM26-0005"))
        self.reason_edit.textChanged.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.reason_label)
        layout.addWidget(self.reason_edit)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        wizard = self.wizard()
        result: ImportResult = wizard.preview_page.result
        frame = result.frame
        kinds = frame.drop_duplicates("sample_label").set_index("sample_label")["sample_type"]
        counts = frame["sample_label"].value_counts()
        registered = preparation_labels(wizard.ctx, result.metadata.get("technique") or None)
        lot_of = {p.label: p.lot_code for p in registered}
        released = {p.label for p in registered if not p.takes_readings}
        materials = [label for label, kind in kinds.items() if kind in MATCHED_TYPES]
        matched, self.unmatched = match_labels(materials, sorted(lot_of))
        self.held = {label: lot_of[t] for label, t in matched.items() if t in released}
        self.matched = {label: t for label, t in matched.items() if label not in self.held}
        self.model.removeRows(0, self.model.rowCount())
        self.combos = {}
        self.materials, self.qc_solutions = len(materials), len(kinds) - len(materials)
        unmatched_first = sorted(kinds.items(), key=lambda item: (
            item[0] not in self.unmatched, item[1] not in MATCHED_TYPES))  # stable: file order inside groups
        open_lots = {label: lot for label, lot in lot_of.items() if label not in released}
        for label, kind in unmatched_first:
            self._add_row(str(label), str(kind), int(counts[label]), lot_of, open_lots)
        self.reason_edit.clear()
        self._summarise()

    def _summarise(self) -> None:
        """The counts as they stand, hand assignments included; the reason is asked for only then."""
        assigned = len(self.assignments())
        text = self.tr("{0} of {1} sample labels matched, {2} of them assigned by hand; {3} unmatched (red); "
                       "{4} QC solutions are not matched.").format(
            len(self.matched) + assigned, self.materials, assigned, len(self.unmatched) - assigned,
            self.qc_solutions)
        if self.held:
            text += " " + self.tr("{0} match a lot that is already released: stored, but they give it no "
                                  "results.").format(len(self.held))
        self.summary_label.setText(text)
        self.reason_label.setVisible(bool(assigned))
        self.reason_edit.setVisible(bool(assigned))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return not self.assignments() or bool(self.reason_edit.text().strip())

    def assignment_reason(self) -> str:
        return self.reason_edit.text().strip()

    def _add_row(
        self, label: str, kind: str, readings: int, lot_of: dict[str, str], open_lots: dict[str, str]
    ) -> None:
        target = self.matched.get(label, "")
        if kind not in MATCHED_TYPES:
            status, colour = self.tr("QC solution, not matched"), QC_COLOUR
        elif label in self.held:
            status = self.tr("lot {0} already released: not linked").format(self.held[label])
            colour = QC_COLOUR
        elif target:
            status, colour = (self.tr("matched") if target == label else self.tr("matched (spelling)")), None
        else:
            status, colour = self.tr("UNMATCHED"), UNMATCHED_COLOUR
        texts = (label, kind, str(readings), target, lot_of.get(target, ""), status)
        cells = [QStandardItem(text) for text in texts]
        for cell in cells:
            cell.setEditable(False)
            if colour:
                cell.setBackground(QBrush(QColor(colour)))
        self.model.appendRow(cells)
        if label in self.unmatched:
            combo = QComboBox()
            combo.addItem(self.tr("(leave unmatched)"), "")
            for name, lot in sorted(open_lots.items()):  # a released lot takes no new readings
                combo.addItem(f"{name}  [{lot}]", name)
            row = self.model.rowCount() - 1
            combo.currentIndexChanged.connect(lambda _=0, row=row: self._assigned(row))
            self.combos[label] = combo
            self.table.setIndexWidget(self.model.index(row, 3), combo)

    def _assigned(self, row: int) -> None:
        label = self.model.item(row, 0).text()
        chosen = self.combos[label].currentData()
        self.model.item(row, 5).setText(self.tr("assigned by hand") if chosen else self.tr("UNMATCHED"))
        colour = QColor("#dff0d8") if chosen else QColor(UNMATCHED_COLOUR)
        for column in range(self.model.columnCount()):
            self.model.item(row, column).setBackground(QBrush(colour))
        self._summarise()

    def assign(self, label: str, preparation: str) -> None:
        combo = self.combos[label]
        combo.setCurrentIndex(combo.findData(preparation))

    def assignments(self) -> dict[str, str]:
        """Unmatched file labels the technician assigned to a registered preparation."""
        return {label: combo.currentData() for label, combo in self.combos.items() if combo.currentData()}


class ImportPage(QWizardPage):
    """Stores the run through the run-import service in a worker: all of it or nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Import"))
        self.setSubTitle(self.tr("The file is archived byte for byte with its SHA-256 and its readings "
                                 "stored as one run, or nothing is stored."))
        self.outcome: RunImport | None = None
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.duplicate_check = QCheckBox(self.tr("Import again even if this exact file was imported before"))
        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.setShortcut(QKeySequence(self.tr("Ctrl+Return")))
        self.import_button.clicked.connect(self.start_import)
        self.progress = ProgressPanel()
        self.progress.finished.connect(self._imported)
        self.progress.error.connect(self._failed)
        self.progress.cancelled.connect(self._cancelled)
        self.error_box = FileErrorBox(self.tr("The run was not imported"))
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        button_row = QHBoxLayout()
        button_row.addWidget(self.import_button)
        button_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.duplicate_check)
        layout.addLayout(button_row)
        for widget in (self.progress, self.error_box, self.result_label):
            layout.addWidget(widget)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        wizard = self.wizard()
        self.outcome = None
        self.error_box.clear()
        self.result_label.clear()
        self.import_button.setEnabled(True)
        self.summary_label.setText(self.tr("Run <b>{0}</b> from {1} with profile {2}.").format(
            wizard.file_page.run_name_edit.text().strip(), wizard.file_page.path().name,
            wizard.format_page.profile_id()))

    def start_import(self) -> None:
        wizard = self.wizard()
        assignments = wizard.matching_page.assignments()
        options: dict[str, Any] = {"profile": wizard.format_page.profile_id(),
                                   "allow_duplicate": self.duplicate_check.isChecked(),
                                   "assignments": assignments or None,
                                   "assignment_reason": wizard.matching_page.assignment_reason() or None}
        ctx, by = wizard.ctx, wizard.user
        path, run_name = wizard.file_page.path(), wizard.file_page.run_name_edit.text().strip()

        def task(progress: Progress) -> RunImport:
            progress.report(0, 1, self.tr("Archiving and storing {0}").format(path.name))
            progress.check("import")
            return import_run(ctx, path, run_name, by, **options)

        self.error_box.clear()
        self.import_button.setEnabled(False)
        self.progress.run(task)

    def _imported(self, outcome: RunImport) -> None:
        self.outcome = outcome
        text = self.tr("Imported run {0} (id {1}): {2} readings, {3} labels matched, {4} unmatched.").format(
            outcome.run_name, outcome.run_id, outcome.readings, len(outcome.matched), len(outcome.unmatched))
        if outcome.assigned:
            pairs = ", ".join(f"{html.escape(a)} \u2192 {html.escape(b)}" for a, b in
                              outcome.assigned.items())
            text += "<br>" + self.tr("Assigned by hand: {0}; reason: {1}").format(
                pairs, html.escape(outcome.assignment_reason))
        if outcome.held:
            text += "<br>" + self.tr("Not linked, lot already released: {0}").format(
                ", ".join(html.escape(f"{a} ({b})") for a, b in sorted(outcome.held.items())))
        if outcome.warnings:
            text += "<br>" + self.tr("Warnings: {0}").format(html.escape("; ".join(outcome.warnings)))
        self.result_label.setText(text)
        self.completeChanged.emit()

    def _failed(self, error: Exception) -> None:
        self.import_button.setEnabled(True)
        self.error_box.show_error(error)

    def _cancelled(self, message: str) -> None:
        self.import_button.setEnabled(True)
        self.result_label.setText(message)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.outcome is not None

