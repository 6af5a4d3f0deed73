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

    def offer(self, codes: tuple[str, ...] | list[str]) -> None:
        """Offer the certificates of `codes` (nothing to offer: the bar stays hidden)."""
        self.codes = list(codes)
        self.label.setText(
            self.tr("Lots approved: {0}. Issue their certificates now, with one signature?").format(
                ", ".join(self.codes)
            )
        )
        self.setVisible(bool(self.codes))

    def withdraw(self) -> None:
        self.codes = []
        self.setVisible(False)

    def _certify(self) -> None:
        codes = self.codes
        self.withdraw()
        if codes:
            self.certify.emit(codes)
