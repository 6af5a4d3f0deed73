"""Administration > Laboratory: the identity printed on reports, and the logo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from labapp.gui.admin_common import AdminTab, ContextSource, UserSource
from labapp.gui.admin_session import IdleLockBox
from labapp.gui.form_check import last_folder, remember_folder
from labapp.security.roles import Action
from labapp.services.administration.lab_logo import logo_path, remove_logo, set_logo
from labapp.services.administration.laboratory import LaboratoryDetails, get_laboratory, set_laboratory


class LaboratoryTab(AdminTab):
    def __init__(self, context: ContextSource, acting_user: UserSource) -> None:
        super().__init__(context, acting_user)
        self.name_edit = QLineEdit()
        self.address_edit = QPlainTextEdit()
        self.address_edit.setTabChangesFocus(True)
        self.address_edit.setMaximumHeight(80)
        self.accreditation_edit = QLineEdit()
        self.verification_edit = QLineEdit()
        self.verification_edit.setPlaceholderText(
            self.tr("Where recipients check a certificate, e.g. a web page")
        )
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("Why the details change (required for a change)"))
        self.save_button = QPushButton(self.tr("Save deta&ils"))
        self.save_button.clicked.connect(self.save)
        self.logo_label = QLabel()
        self.logo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_label.setMinimumSize(200, 80)
        self.logo_label.setFrameShape(QLabel.Shape.StyledPanel)
        self.logo_button = QPushButton(self.tr("Choose l&ogo..."))
        self.remove_logo_button = QPushButton(self.tr("Re&move logo"))
        self.logo_button.clicked.connect(self.ask_logo)
        self.remove_logo_button.clicked.connect(self.clear_logo)
        form = QFormLayout()
        for label, widget in ((self.tr("&Name"), self.name_edit), (self.tr("A&ddress"), self.address_edit),
                              (self.tr("Acc&reditation"), self.accreditation_edit),
                              (self.tr("Verification &address"), self.verification_edit),
                              (self.tr("Rea&son"), self.reason_edit)):
            form.addRow(label, widget)
        form.addRow("", self.save_button)
        logo_buttons = QHBoxLayout()
        logo_buttons.addWidget(self.logo_button)
        logo_buttons.addWidget(self.remove_logo_button)
        logo_buttons.addStretch(1)
        form.addRow(self.tr("Lo&go"), self.logo_label)
        form.addRow("", logo_buttons)
        self.idle_lock_box = IdleLockBox(context, acting_user)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.idle_lock_box)
        layout.addStretch(1)

    def reload(self) -> None:
        ctx = self.context()
        details = self.attempt(lambda: get_laboratory(ctx)) if ctx is not None else None
        self.name_edit.setText(details.name if details else "")
        self.address_edit.setPlainText((details.address or "") if details else "")
        self.accreditation_edit.setText((details.accreditation or "") if details else "")
        self.verification_edit.setText((details.verification_address or "") if details else "")
        self.reason_edit.clear()
        self._show_logo()
        self.idle_lock_box.reload()

    def _show_logo(self) -> None:
        path = logo_path()
        pixmap = QPixmap(str(path)) if path is not None else QPixmap()
        if pixmap.isNull():
            self.logo_label.setPixmap(QPixmap())
            self.logo_label.setText(self.tr("No logo"))
        else:
            self.logo_label.setPixmap(pixmap.scaled(200, 100, Qt.AspectRatioMode.KeepAspectRatio,
                                                    Qt.TransformationMode.SmoothTransformation))

    def save(self) -> bool:
        ctx, by = self.context(), self.acting_user(Action.MANAGE_LABORATORY)
        if ctx is None or by is None:
            return False
        details = LaboratoryDetails(self.name_edit.text(), self.address_edit.toPlainText().strip() or None,
                                    self.accreditation_edit.text().strip() or None,
                                    self.verification_edit.text().strip() or None)
        reason = self.reason_edit.text().strip() or None
        done = self.attempt(lambda: set_laboratory(ctx, by, details, reason) or True)
        if done:
            self.reload()
        return bool(done)

    def ask_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Laboratory logo"), last_folder("logo"),
                                              self.tr("Images (*.png *.jpg *.jpeg)"))
        if path:
            remember_folder("logo", str(Path(path).parent))
            self.use_logo(path)

    def use_logo(self, path: str) -> bool:
        ctx, by = self.context(), self.acting_user(Action.MANAGE_LABORATORY)
        done = ctx is not None and by is not None and bool(self.attempt(lambda: set_logo(ctx, by, path)))
        self._show_logo()
        return done

    def clear_logo(self) -> None:
        ctx, by = self.context(), self.acting_user(Action.MANAGE_LABORATORY)
        if ctx is not None and by is not None:
            self.attempt(lambda: remove_logo(ctx, by))
        self._show_logo()
