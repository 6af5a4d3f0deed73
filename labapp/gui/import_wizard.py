"""Import wizard: pick or drop an export, confirm its format, preview, match samples, import.

Pages: file -> format (detected, with confidence, overridable) -> preview (tidy rows read in a
worker) -> sample matching (unmatched labels highlighted, assignable) -> import (worker, progress,
cancel). Reading and matching are the importers' and the run-import service's; the pages only
show their answers. The preview and matching pages live in labapp.gui.import_pages.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from labapp.gui.column_fit import fit_columns
from labapp.gui.dialog_lifetime import release_closed_predecessors
from labapp.gui.form_check import last_folder, remember_folder
from labapp.gui.import_pages import ImportPage, MatchingPage, PreviewPage
from labapp.importers.ranking import Ranking, rank_file
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.context import ServiceContext

EXPORT_FILTER = "Instrument exports (*.csv *.txt *.xlsx *.xls *.tsv *.dat *.rep *.prn);;All files (*)"


class FilePage(QWizardPage):
    """Choose the export by Browse, by typing its path, or by dropping it on the page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Instrument export"))
        self.setSubTitle(self.tr("Drop the export file here, or browse for it. The run name identifies the "
                                 "run in the review and on certificates."))
        self.setAcceptDrops(True)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("path of the export file"))
        self.browse_button = QPushButton(self.tr("&Browse..."))
        self.browse_button.setShortcut(QKeySequence(self.tr("Ctrl+B")))
        self.browse_button.clicked.connect(self.browse)
        self.run_name_edit = QLineEdit()
        self.drop_label = QLabel(self.tr("Drop an export file here"))
        self.drop_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_label.setMinimumHeight(120)
        self.drop_label.setStyleSheet("border: 2px dashed #8a9bb0; color: #4a5a70; border-radius: 6px")
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.tr("&File"), row)
        form.addRow(self.tr("&Run name"), self.run_name_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.drop_label)
        layout.addLayout(form)
        self.path_edit.textChanged.connect(self._path_changed)
        self.run_name_edit.textChanged.connect(self.completeChanged)

    def browse(self) -> None:
        start = last_folder("exports")
        title = self.tr("Instrument export")
        path, _ = QFileDialog.getOpenFileName(self, title, start, self.tr(EXPORT_FILTER))
        if path:
            remember_folder("exports", str(Path(path).parent))
            self.set_path(path)

    def set_path(self, path: str) -> None:
        self.path_edit.setText(path)

    def _path_changed(self, text: str) -> None:
        if text and not self.run_name_edit.isModified():
            self.run_name_edit.setText(Path(text).stem)
        self.completeChanged.emit()

    def path(self) -> Path:
        return Path(self.path_edit.text().strip())

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.path().is_file() and bool(self.run_name_edit.text().strip())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            self.set_path(files[0])
            event.acceptProposedAction()


class FormatPage(QWizardPage):
    """The detected format with its confidence; the technician may choose another profile."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Format"))
        self.setSubTitle(self.tr("The format the file was recognised as. Choose another profile if the "
                                 "instrument's export was set up differently."))
        self.ranking: Ranking | None = None
        self.detected_label = QLabel()
        self.detected_label.setWordWrap(True)
        self.profile_combo = QComboBox()
        self.profile_combo.currentIndexChanged.connect(self.completeChanged)
        self.candidates = QStandardItemModel(self)
        self.candidates_view = QTableView()
        self.candidates_view.setModel(self.candidates)
        self.candidates_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.candidates_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.candidates_view.verticalHeader().setVisible(False)
        self.candidates_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.candidates_view.horizontalHeader().setStretchLastSection(True)
        self.candidates_view.clicked.connect(lambda index: self.profile_combo.setCurrentIndex(index.row()))
        form = QFormLayout()
        form.addRow(self.detected_label)
        form.addRow(self.tr("&Profile"), self.profile_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("How well each profile fits this file:")))
        layout.addWidget(self.candidates_view, 1)

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.ranking = rank_file(self.wizard().file_page.path())
        self.profile_combo.blockSignals(True)
        self.profile_combo.clear()
        for entry in self.ranking.entries:
            text = f"{entry.profile_id} - {entry.name}"
            if entry.candidate:
                text += self.tr("  (score {0}, {1} columns recognised)").format(
                    entry.score, entry.roles_found)
            self.profile_combo.addItem(text, entry.profile_id)
        self.profile_combo.setCurrentIndex(-1 if self.ranking.best is None else 0)
        self.profile_combo.blockSignals(False)
        self._fill_candidates(self.ranking)
        self.detected_label.setText(self._verdict(self.ranking))
        self.completeChanged.emit()

    def _fill_candidates(self, ranking: Ranking) -> None:
        self.candidates.clear()
        self.candidates.setHorizontalHeaderLabels(
            [self.tr("Profile"), self.tr("Vendor"), self.tr("Technique"), self.tr("Score"),
             self.tr("Columns recognised"), self.tr("Candidate"), self.tr("Why not")])
        for entry in ranking.entries:
            cells = [entry.profile_id, entry.vendor, entry.technique, str(entry.score),
                     str(entry.roles_found),
                     self.tr("yes") if entry.candidate else "", entry.reason]
            self.candidates.appendRow([QStandardItem(text) for text in cells])
        fit_columns(self.candidates_view)

    def _verdict(self, ranking: Ranking) -> str:
        if ranking.error:
            return self.tr("{0}. Choose the profile below.").format(ranking.error)
        best = ranking.best
        assert best is not None
        template = self.tr("Detected: <b>{0}</b> ({1}, {2}), {3} of its columns recognised")
        text = template.format(best.name, best.vendor, best.technique, best.roles_found)
        if ranking.runner_up is not None:
            text += self.tr("; next best: {0} (score {1} against {2})").format(
                ranking.runner_up.profile_id, ranking.runner_up.score, best.score)
        return text

    def profile_id(self) -> str | None:
        return self.profile_combo.currentData()

    def choose(self, profile_id: str) -> None:
        self.profile_combo.setCurrentIndex(self.profile_combo.findData(profile_id))

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self.profile_id() is not None


class ImportWizard(QWizard):
    """Shown by File > Import instrument export (Ctrl+I); `user` is the technician importing."""

    def __init__(self, ctx: ServiceContext, user: AuthenticatedUser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        release_closed_predecessors(self)
        self.ctx, self.user = ctx, user
        self.setWindowTitle(self.tr("Import an instrument run"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.file_page = FilePage()
        self.format_page = FormatPage()
        self.preview_page = PreviewPage()
        self.matching_page = MatchingPage()
        self.import_page = ImportPage()
        pages = (self.file_page, self.format_page, self.preview_page, self.matching_page, self.import_page)
        for page in pages:
            self.addPage(page)
        self.resize(1000, 680)

    def reject(self) -> None:
        """Closing the wizard stops the work in progress (nothing half-stored: the service is atomic)."""
        self.preview_page.progress.abandon()
        self.import_page.progress.cancel()
        super().reject()
