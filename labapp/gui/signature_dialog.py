"""The electronic-signature dialog (21 CFR 11.50/11.200): who signs, what it means, password, reason.

The dialog decides nothing: `sign(password, reason)` is a service call (workflow.sign, certificate
issue ...); a refusal (wrong password, four-eyes rule, missing reason) is shown in the dialog, which
stays open so the signer can correct it. Accepted only after the service signed. Given the run's
problems (failed QC checks, unmatched labels), it lists them and asks for the acknowledgement.
For a signer who holds a personal signing key (`personal_key`), it also asks for the key's passphrase
and passes it to `sign` as `key_passphrase` (docs/storage.md, "Personal-key signatures").

Given `signer_name` (review, approval, rejection, certificate issue), the signer is typed, not taken
from the session: a reviewer or QA manager signs on the technician's bench PC with their own user
name and password, both components, as 21 CFR 11.200(a)(1)(ii) asks of a signing outside one's own
session (docs/desktop.md, "Signing at a colleague's session"). `sign` then gets `username=`, and
`personal_key` may be a function of the typed name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from labapp.core.errors import LabappError
from labapp.gui.dialog_lifetime import release_closed_predecessors
from labapp.gui.error_text import error_text
from labapp.gui.signature_problems import ProblemsBox
from labapp.gui.signer_field import follow_key, signer_edit
from labapp.services.calculation.run_problems import RunProblems


class SignatureDialog(QDialog):
    def __init__(
        self,
        signer: str,
        action: str,
        subject: str,
        sign: Callable[[str, str], Any],
        *,
        reason_required: bool = False,
        problems: RunProblems | None = None,
        personal_key: bool | Callable[[str], bool] = False,
        signer_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        release_closed_predecessors(self)
        self.setWindowTitle(self.tr("Electronic signature"))
        self._sign = sign
        # with problems to sign over, `sign` takes a third argument: the acknowledgement's reason
        self.problems_box = ProblemsBox(problems) if problems is not None and problems.found else None
        self.reason_required = reason_required
        self.outcome: Any = None
        self.meaning_label = QLabel(self.meaning(action))
        self.meaning_label.setStyleSheet("font-weight: bold")
        self.meaning_label.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setObjectName("signature_password")
        self.user_edit = signer_edit(signer_name)  # None: the signer is the session's user
        self.key_edit: QLineEdit | None = None
        if personal_key:  # the signer's own key signs too: its passphrase unlocks it for this signature
            self.key_edit = QLineEdit()
            self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
            self.key_edit.setObjectName("key_passphrase")
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("signature_reason")
        self.reason_edit.setMaximumHeight(70)
        self.reason_edit.setPlaceholderText(
            self.tr("Required") if reason_required else self.tr("Optional, stored with the signature")
        )
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Signer"), QLabel(signer) if self.user_edit is None else self.user_edit)
        form.addRow(self.tr("Signing"), QLabel(subject))
        form.addRow(self.tr("Meaning"), self.meaning_label)
        form.addRow(self.tr("&Password"), self.password_edit)
        if self.key_edit is not None:
            form.addRow(self.tr("Signing &key passphrase"), self.key_edit)
        self._key_of = follow_key(self.user_edit, form, self.key_edit, personal_key)
        form.addRow(self.tr("&Reason") + (" *" if reason_required else ""), self.reason_edit)
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        self.buttons = QDialogButtonBox(ok | cancel)
        self.buttons.button(ok).setText(self.tr("Sign"))
        self.buttons.accepted.connect(self.sign)
        self.buttons.rejected.connect(self.reject)
        note = QLabel(
            self.tr(
                "Your password re-confirms your identity; the signature, its meaning and the "
                "time are recorded and shown wherever the record is shown."
            )
        )
        if self.user_edit is not None:
            note.setText(
                self.tr(
                    "Sign with your own user name and password, also at a colleague's session: the "
                    "signature, its meaning and the time are recorded under your name."
                )
            )
        if self.key_edit is not None:
            note.setText(
                note.text()
                + " "
                + self.tr(
                    "You hold a personal signing key: the signature is also made with it, so that no "
                    "one without your key can change what you signed unnoticed."
                )
            )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if self.problems_box is not None:
            layout.addWidget(self.problems_box)
        layout.addWidget(note)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        (self.password_edit if self.user_edit is None or signer_name else self.user_edit).setFocus()

    def meaning(self, action: str) -> str:
        """What the signer states by signing (21 CFR 11.50(a)(3))."""
        return {
            "submit": self.tr("authored: I performed this work and the results are complete"),
            "review": self.tr("reviewed: I checked the QC, the results and the calculation"),
            "approve": self.tr("approved: the results are released for certification"),
            "reject": self.tr("rejected: the run goes back to the technician"),
            "issue": self.tr("approved: I issue this certificate of analysis"),
            "amend": self.tr("approved: I issue a corrected revision of this certificate"),
            "retract": self.tr("retracted: this certificate is withdrawn"),
            "amend_lot": self.tr(
                "amended: I change released data for the reason given; the lot and its certificate "
                "need amendment"
            ),
        }[action]

    def signer_name(self) -> str | None:
        """The user name typed as signer; None when the signer is the session's user."""
        return None if self.user_edit is None else self.user_edit.text().strip()

    def sign(self) -> None:
        reason = self.reason_edit.toPlainText().strip()
        self.error_label.clear()  # an earlier refusal no longer stands
        if self.user_edit is not None and not self.signer_name():
            self.error_label.setText(self.tr("Enter the signer's user name."))
            self.user_edit.setFocus()
            return
        if not self.password_edit.text():
            self.error_label.setText(self.tr("Enter your password to sign."))
            return
        if self.key_edit is not None and self._key_of() and not self.key_edit.text():
            self.error_label.setText(self.tr("Enter the passphrase of your signing key."))
            self.key_edit.setFocus()
            return
        if self.reason_required and not reason:
            self.error_label.setText(self.tr("A reason is required for this signature."))
            self.reason_edit.setFocus()
            return
        if self.problems_box is not None and (missing := self.problems_box.problem()):
            self.error_label.setText(missing)
            return
        extra = () if self.problems_box is None else (self.problems_box.acknowledgement(),)
        keyed = (
            {} if self.key_edit is None or not self._key_of() else {"key_passphrase": self.key_edit.text()}
        )
        if self.user_edit is not None:
            keyed["username"] = self.signer_name()
        try:
            self.outcome = self._sign(self.password_edit.text(), reason, *extra, **keyed)
        except LabappError as exc:
            self.error_label.setText(error_text(exc))
            self.password_edit.clear()
            if self.key_edit is not None:
                self.key_edit.clear()
            self.password_edit.setFocus()
            return
        self.accept()
