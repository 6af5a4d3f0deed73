"""Administration > Signing keys: the laboratory root CA, one signer key per approver, root export.

Passphrases are typed into dialogs, passed to the keys service and never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from labapp.core.errors import LabappError
from labapp.gui.admin_common import AdminTab, ContextSource, FormDialog, UserSource
from labapp.gui.form_check import last_folder, remember_folder
from labapp.gui.table_page import TablePage
from labapp.security.roles import Action
from labapp.services.administration.keys import (
    CertificateSummary,
    export_root,
    init_ca,
    issue_signer,
    keystore,
)

SIGNER_COLUMNS = (("user", "Signer"), ("file", "Key file"))


@dataclass(frozen=True)
class SignerRow:
    user: str
    file: str


class KeysTab(AdminTab):
    def __init__(self, context: ContextSource, acting_user: UserSource) -> None:
        super().__init__(context, acting_user)
        self.folder_label = QLabel()
        self.root_label = QLabel()
        self.root_label.setWordWrap(True)
        self.root_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.signers = TablePage(SIGNER_COLUMNS)
        self.init_button = QPushButton(self.tr("Create &root CA..."))
        self.issue_button = QPushButton(self.tr("&Issue signer key..."))
        self.export_button = QPushButton(self.tr("E&xport root certificate..."))
        self.init_button.clicked.connect(self.ask_init_ca)
        self.issue_button.clicked.connect(self.ask_issue)
        self.export_button.clicked.connect(self.ask_export)
        buttons = QHBoxLayout()
        for button in (self.init_button, self.issue_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.folder_label)
        layout.addWidget(self.root_label)
        layout.addWidget(self.signers, 1)

    def reload(self) -> None:
        ctx = self.context()
        store = keystore(None, ctx)  # the open database's keys (stored in it, else beside its file)
        self.folder_label.setText(self.tr("Keys folder of this database: {0}").format(store.folder))
        try:
            root = CertificateSummary.of(store.root_certificate())
        except LabappError:
            self.root_label.setText(self.tr("No root CA yet: create one before issuing signer keys."))
        else:
            self.root_label.setText(self.tr("Root CA: {0}\nValid until: {1}\nSHA-256: {2}").format(
                root.subject, root.not_after, root.sha256_fingerprint))
        signers = sorted((store.folder / "signers").glob("*.p12"))
        self.signers.set_records([SignerRow(p.stem, str(p)) for p in signers])

    def ask_init_ca(self) -> None:
        dialog = FormDialog(self.tr("Create the laboratory root CA"), self)
        dialog.add_line("common_name", self.tr("&Common name"))
        dialog.add_line("organisation", self.tr("&Organisation"))
        dialog.add_line("country", self.tr("C&ountry (2 letters)"))
        dialog.add_line("passphrase", self.tr("CA &passphrase"), secret=True)
        dialog.add_line("confirm", self.tr("Con&firm passphrase"), secret=True)
        dialog.add_check("force", self.tr("Replace an existing root CA (old signatures stay verifiable "
                                          "only with the exported old root)"))
        dialog.rules = lambda: self._passphrase_problems(dialog, "passphrase")
        dialog.submit = lambda: self._store(lambda ctx, by: init_ca(
            ctx, by, dialog.value("common_name"), dialog.value("organisation"),
            dialog.value("passphrase").encode(), dialog.value("country").strip() or None,
            bool(dialog.value("force"))))
        dialog.ask()

    def ask_issue(self) -> None:
        dialog = FormDialog(self.tr("Issue a signer key"), self)
        dialog.add_line("user", self.tr("&User name (the certificate carries the printed name registered)"))
        dialog.add_line("email", self.tr("&E-mail (optional)"))
        dialog.add_line("ca_passphrase", self.tr("C&A passphrase"), secret=True)
        dialog.add_line("passphrase", self.tr("&Signer passphrase"), secret=True)
        dialog.add_line("confirm", self.tr("Con&firm signer passphrase"), secret=True)
        dialog.rules = lambda: self._passphrase_problems(dialog, "passphrase")
        dialog.submit = lambda: self._store(lambda ctx, by: issue_signer(
            ctx, by, dialog.value("user").strip(), dialog.value("ca_passphrase").encode(),
            dialog.value("passphrase").encode(), dialog.value("email").strip() or None))
        dialog.ask()

    def _passphrase_problems(self, dialog: FormDialog, key: str) -> dict[str, str]:
        if dialog.value(key) == dialog.value("confirm"):
            return {}
        if not dialog.value("confirm"):
            return {"confirm": " "}  # not repeated yet: OK waits, nothing to say
        return {"confirm": self.tr("The two passphrases differ.")}

    def _store(self, call) -> None:  # type: ignore[no-untyped-def]
        """A dialog's service call: a refusal is raised into the dialog, which stays open as typed."""
        by, ctx = self.acting_user(Action.MANAGE_KEYS), self.context()
        if by is None or ctx is None:
            raise LabappError(self.tr("Sign in as an administrator to manage signing keys."))
        call(ctx, by)
        self.reload()

    def ask_export(self) -> None:
        start = str(Path(last_folder("root_export")) / "labapp-root-ca.pem")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export root certificate"), start,
                                              self.tr("PEM certificate (*.pem)"))
        if path:
            remember_folder("root_export", str(Path(path).parent))
            self.export(path)

    def create_ca(self, common_name: str, organisation: str, country: str | None, passphrase: str,
                  force: bool = False) -> CertificateSummary | None:
        by, ctx = self.acting_user(Action.MANAGE_KEYS), self.context()
        if by is None or ctx is None:
            return None
        secret = passphrase.encode()
        done = self.attempt(lambda: init_ca(ctx, by, common_name, organisation, secret, country, force))
        self.reload()
        return done

    def issue(
        self, user: str, email: str | None, ca_passphrase: str, passphrase: str
    ) -> CertificateSummary | None:
        """A signing key for a registered person allowed to sign certificates (audited by the service)."""
        by, ctx = self.acting_user(Action.MANAGE_KEYS), self.context()
        if by is None or ctx is None:
            return None
        done = self.attempt(
            lambda: issue_signer(ctx, by, user.strip(), ca_passphrase.encode(), passphrase.encode(), email)
        )
        self.reload()
        return done

    def export(self, destination: str) -> bool:
        if self.acting_user(Action.MANAGE_KEYS) is None:
            return False
        return self.attempt(lambda: export_root(destination, None, self.context())) is not None
