"""One-step import: choose the export, confirm one page, Import.

When a profile recognises the file with certainty, the page shows what the import will do (the
instrument profile, the run name, the lots the samples match, unmatched labels, warnings, an earlier
import of the same bytes) from labapp.services.importing.import_preview, and Import stores the run
through the same service as the wizard (all or nothing). Change... opens the full wizard on the same
file, for another profile or to assign unmatched labels by hand; a file no profile recognises goes
to the wizard straight away. After a successful import the run becomes the current run and the Runs
page opens (labapp.gui.import_flow).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labapp.core.progress import Progress
from labapp.gui.dialog_lifetime import release_closed_predecessors
from labapp.gui.file_error_box import FileErrorBox
from labapp.gui.progress_panel import ProgressPanel
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.services.importing.import_preview import ImportPreview, preview_import
from labapp.services.importing.run_import import RunImport, import_run

CHANGE = 2  # the dialog's result when the technician asked for the full wizard


class QuickImportDialog(QDialog):
    """The confirmation page; `outcome` is the imported run once accepted."""

    def __init__(
        self, ctx: ServiceContext, user: AuthenticatedUser, path: str | Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        release_closed_predecessors(self)
        self.ctx, self.user, self.path = ctx, user, Path(path)
        self.preview: ImportPreview | None = None
        self.outcome: RunImport | None = None
        self.setWindowTitle(self.tr("Import an instrument run"))
        self.heading = QLabel(self.tr("Reading {0}...").format(self.path.name))
        self.heading.setWordWrap(True)
        self.profile_label, self.readings_label, self.lots_label = QLabel(), QLabel(), QLabel()
        self.unmatched_label = QLabel()
        for label in (self.profile_label, self.lots_label, self.unmatched_label):
            label.setWordWrap(True)
        self.run_name_edit = QLineEdit(self.path.stem)
        self.run_name_edit.textChanged.connect(lambda _: self._enable())
        self.warnings = QListWidget()
        self.warnings.setMaximumHeight(80)
        self.duplicate_check = QCheckBox(self.tr("Import again even if this exact file was imported before"))
        self.duplicate_check.toggled.connect(lambda _: self._enable())
        self.error_box = FileErrorBox(self.tr("The run was not imported"))
        self.progress = ProgressPanel()
        self.progress.finished.connect(self._finished)
        self.progress.error.connect(self._failed)
        self.progress.cancelled.connect(lambda message: self.heading.setText(message))
        self.form = QFormLayout()
        self.form.addRow(self.tr("Instrument profile"), self.profile_label)
        self.form.addRow(self.tr("&Run name"), self.run_name_edit)
        self.form.addRow(self.tr("Readings"), self.readings_label)
        self.form.addRow(self.tr("Lots matched"), self.lots_label)
        self.form.addRow(self.tr("Not matched"), self.unmatched_label)
        self.form.addRow(self.tr("Warnings"), self.warnings)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.setShortcut(QKeySequence(self.tr("Ctrl+Return")))
        self.import_button.setDefault(True)
        self.change_button = QPushButton(self.tr("C&hange..."))
        self.change_button.setToolTip(
            self.tr(
                "Open the full import wizard: another profile, a preview of every reading, labels "
                "assigned by hand"
            )
        )
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.change_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.clicked.connect(self.start_import)
        self.change_button.clicked.connect(lambda: self.done(CHANGE))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.duplicate_check)
        layout.addWidget(self.error_box)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(640, 420)
        ctx, path = self.ctx, self.path
        self.progress.run(lambda progress: preview_import(ctx, path), self.tr("Reading the file..."))
        self._enable()

    def _enable(self) -> None:
        preview = self.preview
        ready = preview is not None and preview.recognised and not self.progress.busy
        duplicate_ok = preview is None or not preview.earlier_runs or self.duplicate_check.isChecked()
        self.import_button.setEnabled(ready and duplicate_ok and bool(self.run_name_edit.text().strip()))
        self.progress.setVisible(self.progress.busy)  # shown while reading or importing only

    def _finished(self, result: object) -> None:
        if isinstance(result, RunImport):
            self.outcome = result
            self.accept()
            return
        assert isinstance(result, ImportPreview)
        self.preview = result
        if not result.recognised:  # the technician chooses the profile in the wizard
            self.done(CHANGE)
            return
        self._show(result)
        self._enable()

    def _show(self, p: ImportPreview) -> None:
        profile = p.profile
        assert profile is not None
        self.heading.setText(self.tr("<b>{0}</b> is ready to import.").format(p.path.name))
        self.profile_label.setText(
            self.tr("{0} ({1}, {2}), recognised").format(profile.name, profile.vendor, profile.technique)
        )
        self.readings_label.setText(
            self.tr("{0} readings; {1} QC solutions").format(f"{p.readings:,}", p.qc_solutions)
        )
        self.lots_label.setText(
            self.tr("{0} sample label(s) of lots {1}").format(len(p.matched), ", ".join(p.lots))
            if p.lots
            else self.tr("none: no sample matches a registered lot")
        )
        missing = [*p.unmatched, *(f"{label} ({lot})" for label, lot in sorted(p.held.items()))]
        self.unmatched_label.setText(
            self.tr("{0}: stored unmatched (Change... assigns them by hand)").format(", ".join(missing))
            if missing
            else self.tr("none")
        )
        self.warnings.clear()
        self.warnings.addItems(list(p.warnings))
        if p.held:
            self.warnings.addItem(
                self.tr("{0} label(s) match a lot that is already released: stored, not linked.").format(
                    len(p.held)
                )
            )
        self.form.setRowVisible(self.warnings, self.warnings.count() > 0)
        self.duplicate_check.setVisible(bool(p.earlier_runs))
        if p.earlier_runs:
            self.duplicate_check.setText(
                self.tr("This exact file was imported before (as {0}): import it again").format(
                    ", ".join(p.earlier_names)
                )
            )

    def start_import(self) -> None:
        preview = self.preview
        if preview is None or preview.profile is None:
            return
        ctx, by, path = self.ctx, self.user, self.path
        name, profile = self.run_name_edit.text().strip(), preview.profile.profile_id
        again = self.duplicate_check.isChecked()

        def task(progress: Progress) -> RunImport:
            progress.report(0, 1, self.tr("Archiving and storing {0}").format(path.name))
            progress.check("import")
            return import_run(ctx, path, name, by, profile=profile, allow_duplicate=again)

        self.error_box.clear()
        self.progress.run(task)
        self._enable()

    def _failed(self, error: Exception) -> None:
        self.heading.setText(
            self.tr("Nothing was imported.")
            if self.preview is not None
            else self.tr(
                "The file cannot be read with the profile that recognised it: Change... lets you "
                "choose another profile."
            )
        )
        self.error_box.show_error(error)
        self._enable()

    def reject(self) -> None:
        """Closing stops the reading or the import (nothing half-stored: the service is atomic). The
        reading is abandoned, not just cancelled: the preview does not check for Cancel, and what it
        still reports must not act on a closed dialog (an unrecognised file would open the wizard)."""
        if self.preview is None:
            self.progress.abandon()
        else:
            self.progress.cancel()
        super().reject()
