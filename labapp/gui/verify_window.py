""" "Verify a certificate": drop a PDF (or browse for it) and see its verdict: signature intact and
covering the whole file, chained to the laboratory root, and (with the database) still current."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from labapp.certificates.verification import Verdict
from labapp.core.errors import LabappError
from labapp.gui.form_check import PathField, last_folder, remember_folder
from labapp.gui.run_view_common import ContextSource
from labapp.services.administration.keys import keys_dir
from labapp.services.certification.records import currency_check
from labapp.services.certification.verify import verify_file

VALID_STYLE = "background: #d7f0dc; color: #1b5e20; font-size: 16pt; font-weight: bold; padding: 10px"
INVALID_STYLE = "background: #f8d7d7; color: #8b0000; font-size: 16pt; font-weight: bold; padding: 10px"


class VerifyWindow(QWidget):
    def __init__(self, context: ContextSource, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.context = context
        self.report = None
        self.setWindowTitle(self.tr("Verify a certificate"))
        self.setAcceptDrops(True)
        self.drop_label = QLabel(self.tr("Drop a certificate PDF here"))
        self.drop_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_label.setMinimumHeight(90)
        self.drop_label.setStyleSheet("border: 2px dashed #999; color: #555; font-size: 13pt")
        self.browse_button = QPushButton(self.tr("&Browse..."))
        self.browse_button.clicked.connect(self.browse)
        self.root_edit = PathField(
            "root_certificate", "open", self.tr("PEM certificate (*.pem);;All files (*)")
        )
        self.root_edit.setPlaceholderText(
            self.tr("Laboratory root certificate (PEM); empty: the local keystore's")
        )
        self.keys_edit = PathField("keys", text=str(keys_dir(None, context())))
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        form = QFormLayout()
        form.addRow(self.tr("Root certificate"), self.root_edit)
        form.addRow(self.tr("Keys folder"), self.keys_edit)
        row = QHBoxLayout()
        row.addWidget(self.drop_label, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.verdict_label)
        layout.addWidget(self.details, 1)
        self.resize(720, 480)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if any(url.toLocalFile().lower().endswith(".pdf") for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.toLocalFile()]
        if files:
            event.acceptProposedAction()
            self.verify(files[0])

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Certificate to verify"),
            last_folder("verify"),
            self.tr("PDF (*.pdf);;All files (*)"),
        )
        if path:
            remember_folder("verify", str(Path(path).parent))
            self.verify(path)

    def verify(self, path: str | Path) -> object:
        """Verify `path` and show the verdict; returns the service's report (None when it could not run)."""
        ctx = self.context()
        self.drop_label.setText(Path(path).name)
        try:
            self.report = verify_file(
                path,
                self.root_edit.text().strip() or None,
                self.keys_edit.text().strip() or None,
                currency_check(ctx) if ctx is not None else None,
            )
        except LabappError as exc:
            self.report = None
            self.verdict_label.setStyleSheet(INVALID_STYLE)
            self.verdict_label.setText(self.tr("Cannot verify: {0}").format(str(exc)))
            self.details.clear()
            return None
        report = self.report
        valid = report.verdict is Verdict.VALID
        self.verdict_label.setStyleSheet(VALID_STYLE if valid else INVALID_STYLE)
        headline = (
            self.tr("VALID: signed, whole file, trusted, current")
            if valid
            else self.tr("NOT VALID: {0}").format(report.verdict.label)
        )
        self.verdict_label.setText(f"{headline}\n{report.message}")
        identity = report.identity
        lines = [
            self.tr("Certificate: {0}").format(
                f"{identity.number} rev {identity.revision}" if identity else "-"
            ),
            self.tr("Signer: {0}").format(report.signer or "-"),
            self.tr("Signed at: {0}").format(report.signed_at or "-"),
            self.tr("Reason: {0}").format(report.reason or "-"),
            self.tr("Currency: {0}").format(report.currency),
            *report.details,
        ]
        self.details.setPlainText("\n".join(lines))
        return report
