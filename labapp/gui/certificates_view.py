"""Certificates: issue for approved lots (language, electronic signature, signing key), preview the
stored PDF, print it, save PDF and JSON twin, amend or retract with a reason, verify a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from labapp.gui.certificates_view_preview import PdfPreview, print_pdf
from labapp.gui.form_check import DEFAULT_OUTPUT, PathField, last_folder
from labapp.gui.run_view_common import ContextSource, UserSource, ViewPage
from labapp.gui.selection import Selection
from labapp.gui.signature_dialog import SignatureDialog
from labapp.gui.table_page import TablePage
from labapp.gui.translation import word
from labapp.gui.verify_window import VerifyWindow
from labapp.security.roles import Action
from labapp.services.administration.keys import keys_dir
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.calculation.run_views import certificate_pdf, lots_awaiting_certificate
from labapp.services.certification.issuing import (
    SigningSetup,
    amend_certificate,
    issue_certificates,
    retract_certificate,
)
from labapp.services.certification.records import list_certificates, stored_twin
from labapp.services.vocabulary import IssueStatus
from labapp.services.workflow.signer import proposed_issuer, signing_issuer

CERTIFICATE_COLUMNS = (
    ("number", "Number"),
    ("revision", "Rev."),
    ("lot_code", "Lot"),
    ("state", "State"),
    ("language", "Language"),
    ("issued_by", "Issued by"),
    ("issued_at", "Issued (UTC)"),
    ("reason", "Reason"),
)


class KeyedSignatureDialog(SignatureDialog):
    """The signature dialog with the signer's key passphrase: the PDF is signed with the person's own key
    (the page reads `key_edit` and calls the service itself, so `sign` only hands back what was typed)."""

    def __init__(
        self,
        signer: str,
        action: str,
        subject: str,
        *,
        reason_required: bool,
        parent: QWidget | None = None,
        check: Callable[[str, str, str], object] | None = None,
        signer_name: str | None = None,
    ) -> None:
        # `check(username, password, key_passphrase)` (with `signer_name`, the typed signer) refuses a
        # wrong password, a missing role or a key that does not open in the dialog, which stays open;
        # its answer is `outcome[0]`
        super().__init__(
            signer,
            action,
            subject,
            lambda password, reason, key_passphrase=None, username="": (
                check(username, password, key_passphrase or "") if check else None,
                password,
                reason,
            ),
            reason_required=reason_required,
            personal_key=True,
            signer_name=signer_name,
            parent=parent,
        )


class CertificatesPage(ViewPage):
    signed_in: Callable[[], AuthenticatedUser | None] = staticmethod(lambda: None)  # the window's user

    def __init__(
        self, context: ContextSource, acting_user: UserSource, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, acting_user, parent)
        self.verify_window: VerifyWindow | None = None
        self.dialog: SignatureDialog | None = None
        self.print_dialog_factory = None  # tests replace the system print dialog
        self.shared: Selection | None = None  # the window's current lot (share_lot)
        self.lots = QListWidget()
        self.lots.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.lots.setMaximumHeight(110)
        self.language_combo = QComboBox()
        for code, title in (
            ("en", self.tr("English")),
            ("ja", self.tr("Japanese")),
            ("en+ja", self.tr("English + Japanese")),
        ):
            self.language_combo.addItem(title, code)
        self.out_edit = PathField("certificates", text=last_folder("certificates", DEFAULT_OUTPUT))
        self.keys_edit = PathField("keys")  # filled with the database's keys folder on the first reload
        self.issue_button = QPushButton(self.tr("&Issue certificates..."))
        self.issue_button.clicked.connect(self.issue)
        issue_form = QFormLayout()
        issue_form.addRow(self.tr("Approved lots"), self.lots)
        issue_form.addRow(self.tr("Language"), self.language_combo)
        issue_form.addRow(self.tr("Output folder"), self.out_edit)
        issue_form.addRow(self.tr("Keys folder"), self.keys_edit)
        issue_form.addRow("", self.issue_button)
        self.table = TablePage(CERTIFICATE_COLUMNS)
        self.table.table.selectionModel().currentRowChanged.connect(lambda *_: self.preview_selected())
        buttons = QHBoxLayout()
        self.print_button = self._button(
            self.tr("&Print..."), self.print_selected, QKeySequence.StandardKey.Print
        )
        self.save_pdf_button = self._button(self.tr("Save &PDF..."), self.save_pdf, "Ctrl+Shift+P")
        self.save_json_button = self._button(self.tr("Save &JSON..."), self.save_json, "Ctrl+Shift+O")
        self.amend_button = self._button(self.tr("&Amend..."), self.amend, None)
        self.retract_button = self._button(self.tr("&Retract..."), self.retract, None)
        self.verify_button = self._button(self.tr("&Verify a certificate..."), self.open_verify, None)
        for button in (
            self.print_button,
            self.save_pdf_button,
            self.save_json_button,
            self.amend_button,
            self.retract_button,
            self.verify_button,
        ):
            buttons.addWidget(button)
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(issue_form)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        self.preview = PdfPreview()
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setSizes([560, 620])
        self.layout_.addWidget(splitter, 1)
        self.footer()

    def _button(self, text: str, slot, keys) -> QPushButton:  # type: ignore[no-untyped-def]
        button = QPushButton(text)
        if keys is not None:
            button.setShortcut(QKeySequence(keys))
        button.clicked.connect(slot)
        return button

    def reload(self) -> None:
        ctx = self.context()
        if ctx is None:
            return
        # the open database's keys folder; what the user typed stays until another database is opened
        if not self.keys_edit.text().strip() or getattr(self, "_keys_of", None) is not ctx:
            self.keys_edit.setText(str(self.attempt(lambda: keys_dir(None, ctx)) or ""))
            self._keys_of = ctx
        self.lots.clear()
        self.lots.addItems(self.attempt(lambda: lots_awaiting_certificate(ctx)) or [])
        self.table.set_records(self.attempt(lambda: list_certificates(ctx)) or [])
        if self.shared is not None and self.shared.lot_code:
            self.follow_lot(self.shared.lot_code)

    def selected(self):  # type: ignore[no-untyped-def]
        index = self.table.table.currentIndex()
        if not index.isValid():
            return None
        return self.table.model.record(self.table.proxy.mapToSource(index).row())

    def select(self, number: str, revision: int) -> None:
        for row in range(self.table.proxy.rowCount()):
            record = self._record_at(row)
            if record.number == number and record.revision == revision:
                self.table.table.selectRow(row)
                self.table.table.setCurrentIndex(self.table.proxy.index(row, 0))
                return

    def share_lot(self, selection: Selection) -> None:
        """The window's current lot is this page's: chosen here, it is current on every page, and a lot
        chosen elsewhere is selected in the approved lots and its latest certificate previewed."""
        self.shared = selection
        selection.lot_changed.connect(self.follow_lot)
        self.lots.currentItemChanged.connect(lambda item, _: selection.set_lot(item.text() if item else None))
        self.table.table.selectionModel().currentRowChanged.connect(
            lambda *_: selection.set_lot(getattr(self.selected(), "lot_code", None))
        )

    def follow_lot(self, code: str) -> None:
        found = self.lots.findItems(code, Qt.MatchFlag.MatchExactly)
        # a change from the list itself (a Ctrl- or Shift-click) leaves the list's own selection alone:
        # currentItemChanged fires before the clicked item is selected
        if found and self.lots.currentItem() is not found[0] and not found[0].isSelected():
            self.lots.clearSelection()
            self.lots.setCurrentItem(found[0])
        current = self.selected()
        if current is not None and current.lot_code == code:
            return  # a revision of this lot the user chose stays
        rows = [row for row in range(self.table.proxy.rowCount()) if self._record_at(row).lot_code == code]
        if rows:
            latest = max(rows, key=lambda row: self._record_at(row).revision)
            self.table.table.selectRow(latest)
            self.table.table.setCurrentIndex(self.table.proxy.index(latest, 0))

    def _record_at(self, row: int):  # type: ignore[no-untyped-def]
        return self.table.model.record(self.table.proxy.mapToSource(self.table.proxy.index(row, 0)).row())

    def preview_selected(self) -> None:
        ctx, record = self.context(), self.selected()
        if ctx is None or record is None:
            self.preview.show_pdf(None)
            return
        pdf = self.attempt(lambda: certificate_pdf(ctx, record.number, record.revision))
        self.preview.show_pdf(pdf)

    # -- issue, amend, retract -------------------------------------------------------------------
    def _setup(self, passphrase: str) -> SigningSetup:
        self.out_edit.remember()
        return SigningSetup(
            Path(self.out_edit.text().strip() or "."),
            passphrase,
            self.language_combo.currentData(),
            self.keys_edit.text().strip() or None,
        )

    def issue(self, codes: list[str] | None = None, *, whole: bool = False) -> KeyedSignatureDialog | None:
        """Issue the selected lots' certificates (or `codes`; `whole`: all or none, see
        issue_certificates). The dialog asks for the signer's user name: a QA manager may sign at a
        colleague's session (labapp.gui.signer_field)."""
        codes = codes or [item.text() for item in self.lots.selectedItems()]
        if not codes:
            self.show_error(self.tr("Select the approved lot(s) to certify in the list."))
            return None
        ctx = self.context()
        if ctx is None:
            return None
        dialog = KeyedSignatureDialog(
            "",
            "issue",
            ", ".join(codes),
            reason_required=False,
            parent=self,
            check=lambda name, password, passphrase: signing_issuer(
                ctx, name, password, passphrase, self.keys_edit.text().strip() or None
            ),
            signer_name=proposed_issuer(self.signed_in()),
        )

        def start() -> None:
            password, setup = dialog.password_edit.text(), self._setup(dialog.key_edit.text())
            user = dialog.outcome[0]
            self.run_task(
                lambda progress: issue_certificates(
                    ctx, user, codes, password=password, setup=setup, progress=progress, whole=whole
                ),
                self.tr("Issuing certificates..."),
                self._issued,
            )

        dialog.accepted.connect(start)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _issued(self, summaries: list) -> None:
        self.reload()
        issued = [s for s in summaries if s.status is IssueStatus.ISSUED]
        problems = [f"{s.lot_code}: {s.message}" for s in summaries if s.status is not IssueStatus.ISSUED]
        text = self.tr("{0} certificate(s) issued: {1}").format(
            len(issued), ", ".join(self._issued_line(s) for s in issued)
        )
        if problems:
            self.show_error(text + "; " + self.tr("not issued: {0}").format("; ".join(problems)))
        else:
            self.show_message(text)
        if issued:
            self.select(issued[-1].number, issued[-1].revision)

    def _issued_line(self, summary) -> str:  # type: ignore[no-untyped-def]
        """ "LA-2026-000003 revision 0", and how many texts a Japanese certificate printed in English."""
        line = self.tr("{0} revision {1}").format(summary.number, summary.revision)
        if summary.english_only:
            line += self.tr(" ({0} text(s) printed as the English original)").format(
                len(summary.english_only)
            )
        if summary.files_pending:
            line += self.tr(" (stored; its files are written at the next start: {0})").format(
                summary.files_pending
            )
        return line

    def amend(self) -> KeyedSignatureDialog | None:
        record, ctx = self.selected(), self.context()
        if record is None:
            self.show_error(self.tr("Select the certificate to amend."))
            return None
        user = self.acting_user(Action.ISSUE_CERTIFICATE)
        if user is None or ctx is None:
            return None
        dialog = KeyedSignatureDialog(
            f"{user.full_name} ({user.username})",
            "amend",
            f"{record.number} rev {record.revision}",
            reason_required=True,
            parent=self,
        )
        dialog._sign = lambda password, reason, key_passphrase=None: amend_certificate(  # noqa: SLF001 - its hook
            ctx, user, record.number, reason, password=password, setup=self._setup(key_passphrase or "")
        )
        dialog.accepted.connect(lambda: self._changed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def retract(self) -> SignatureDialog | None:
        """Retract with a reason; signed with the person's key, it also writes the customer's signed
        retraction notice into the output folder (docs/certificates.md, "Retraction notice")."""
        record, ctx = self.selected(), self.context()
        if record is None:
            self.show_error(self.tr("Select the certificate to retract."))
            return None
        user = self.acting_user(Action.RETRACT_CERTIFICATE)
        if user is None or ctx is None:
            return None
        dialog = KeyedSignatureDialog(
            f"{user.full_name} ({user.username})",
            "retract",
            f"{record.number} rev {record.revision}",
            reason_required=True,
            parent=self,
        )
        dialog._sign = lambda password, reason, key_passphrase=None: retract_certificate(  # noqa: SLF001 - its hook
            ctx, user, record.number, reason, password=password, setup=self._setup(key_passphrase or "")
        )
        dialog.accepted.connect(lambda: self._changed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _changed(self, dialog: SignatureDialog) -> None:
        outcome = dialog.outcome
        self.reload()
        number = getattr(outcome, "number", None)
        revision = getattr(outcome, "revision", None)
        message = self.tr("{0} rev {1}: {2}").format(
            number, revision, word(getattr(outcome, "state", None) or getattr(outcome, "status", ""))
        )
        notice = getattr(outcome, "notice_path", None)
        if notice:
            message += "; " + self.tr("signed retraction notice for the customer: {0}").format(notice)
        self.show_message(message)
        if number is not None and revision is not None:
            self.select(number, revision)

    # -- files -----------------------------------------------------------------------------------
    def print_selected(self) -> object:
        record, ctx = self.selected(), self.context()
        if record is None or ctx is None:
            self.show_error(self.tr("Select the certificate to print."))
            return None
        pdf = self.attempt(lambda: certificate_pdf(ctx, record.number, record.revision))
        if pdf is None:
            return None
        try:
            factory = self.print_dialog_factory
            return print_pdf(pdf, self, factory) if factory else print_pdf(pdf, self)
        except OSError as exc:
            self.show_error(self.tr("Printing failed: {0}").format(str(exc)))
            return None

    def _file_name(self, suffix: str) -> str:
        record = self.selected()
        return f"{record.number.replace('/', '-')}_rev{record.revision}{suffix}"

    def save_pdf(self, path: str | None = None) -> Path | None:
        record, ctx = self.selected(), self.context()
        if record is None or ctx is None:
            self.show_error(self.tr("Select the certificate to save."))
            return None
        target = (
            path
            or QFileDialog.getSaveFileName(
                self, self.tr("Save certificate PDF"), self._file_name(".pdf"), self.tr("PDF (*.pdf)")
            )[0]
        )
        if not target:
            return None
        pdf = self.attempt(lambda: certificate_pdf(ctx, record.number, record.revision))
        return self._write(Path(target), pdf) if pdf is not None else None

    def save_json(self, path: str | None = None) -> Path | None:
        record, ctx = self.selected(), self.context()
        if record is None or ctx is None:
            self.show_error(self.tr("Select the certificate to save."))
            return None
        target = (
            path
            or QFileDialog.getSaveFileName(
                self, self.tr("Save certificate JSON"), self._file_name(".json"), self.tr("JSON (*.json)")
            )[0]
        )
        if not target:
            return None
        twin = self.attempt(lambda: stored_twin(ctx, record.number, record.revision))
        if twin is None:
            self.show_error(self.tr("This certificate has no stored JSON twin."))
            return None
        return self._write(Path(target), twin)

    def _write(self, path: Path, data: bytes) -> Path | None:
        temporary = path.with_name(path.name + ".part")
        try:
            temporary.write_bytes(data)
            temporary.replace(path)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            self.show_error(self.tr("{0} was not saved: {1}").format(path, exc.strerror or exc))
            return None
        self.show_message(self.tr("Saved {0}").format(path))
        return path

    def open_verify(self) -> VerifyWindow:
        if self.verify_window is None:
            self.verify_window = VerifyWindow(self.context, self)
            self.verify_window.keys_edit.setText(self.keys_edit.text())
        self.verify_window.show()
        self.verify_window.raise_()
        return self.verify_window
