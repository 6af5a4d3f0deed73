"""After an approval, the Review page offers to issue the certificates of the lots it released, all
in one signature: the QA manager's last step of the daily job without choosing the lots again on
the Certificates page. Issued whole or not at all (issue_certificates(whole=True)); each certificate
is still signed with the issuer's key, numbered and audited on its own."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class CertifyOffer(QWidget):
    """A bar shown after an approval: "Lots approved: ...", Issue certificates..., Later."""

    certify = Signal(list)  # the approved lots' codes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.codes: list[str] = []
        self.run_id: int | None = None  # the approved run the offer is about
        self.username: str | None = None  # who approved: the offer is theirs only
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.issue_button = QPushButton(self.tr("Issue &certificates..."))
        self.issue_button.setShortcut(QKeySequence("Ctrl+Shift+I"))
        self.issue_button.setToolTip(
            self.tr("Issue the certificates of these lots with one signature: all of them or none")
        )
        self.issue_button.clicked.connect(self._certify)
        self.later_button = QPushButton(self.tr("Later"))
        self.later_button.clicked.connect(self.withdraw)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.issue_button)
        row.addWidget(self.later_button)
        self.setVisible(False)

    def offer(
        self, codes: tuple[str, ...] | list[str], run_id: int | None = None, username: str | None = None
    ) -> None:
        """Offer the certificates of `codes` (nothing to offer: the bar stays hidden)."""
        self.codes = list(codes)
        if run_id is not None or username is not None:
            self.run_id, self.username = run_id, username
        self.label.setText(
            self.tr("Lots approved: {0}. Issue their certificates now, with one signature?").format(
                ", ".join(self.codes)
            )
        )
        self.setVisible(bool(self.codes))

    def withdraw(self) -> None:
        self.codes = []
        self.run_id = self.username = None
        self.setVisible(False)

    def still_offered(self, username: str | None, awaiting: set[str]) -> None:
        """Keep the offer only for the person it was made to and the lots still approved and without
        a certificate (another user signed in, or the lots were issued from the Certificates page:
        nothing left to offer)."""
        if not self.codes:
            return
        left = [code for code in self.codes if code in awaiting]
        if username != self.username or not left:
            self.withdraw()
        elif left != self.codes:
            self.offer(left)

    def _certify(self) -> None:
        codes = self.codes
        self.withdraw()
        if codes:
            self.certify.emit(codes)
