"""The result sheet's CRM check: the CRM's measured value, its certified value and the certified
value's standard uncertainty u, typed in three fields (what `--crm-certified VALUE[:U]` gives the
command line), checked as typed by the service's rules (labapp.services.panel.crm)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from labapp.core.panel import EntryError
from labapp.services.panel.crm import crm_text


class CrmFields(QWidget):
    """Measured, certified and u of the batch's CRM; `edited` when one of them is left."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.measured_edit = QLineEdit()
        self.measured_edit.setObjectName("panel_crm_measured")
        self.measured_edit.setPlaceholderText(self.tr("measured"))
        self.certified_edit = QLineEdit()
        self.certified_edit.setObjectName("panel_crm_certified")
        self.certified_edit.setPlaceholderText(self.tr("certified value"))
        self.certified_edit.setToolTip(self.tr("The certified value from the CRM's certificate"))
        self.u_edit = QLineEdit()
        self.u_edit.setObjectName("panel_crm_u")
        self.u_edit.setPlaceholderText(self.tr("u (optional)"))
        self.u_edit.setToolTip(
            self.tr("Standard uncertainty u of the certified value: the certificate's U divided by its k")
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for label, edit in (
            (self.tr("Measured"), self.measured_edit),
            (self.tr("Certified"), self.certified_edit),
            (self.tr("u"), self.u_edit),
        ):
            caption = QLabel(label)
            caption.setBuddy(edit)
            row.addWidget(caption)
            row.addWidget(edit, 1)
            edit.editingFinished.connect(self.edited)

    def texts(self) -> tuple[str, str, str]:
        return self.measured_edit.text(), self.certified_edit.text(), self.u_edit.text()

    def crm(self) -> str | None:
        """'measured:certified[:u]' for the services, None when blank; EntryError names the field."""
        return crm_text(*self.texts())

    def problem(self) -> EntryError | None:
        try:
            self.crm()
        except EntryError as exc:
            return exc
        return None

    def fill(self, crm: str | None, measured: float | None = None) -> None:
        """Show a file's CRM check ('measured:certified[:u]') or only its measured reading."""
        parts = (crm or "").split(":")
        if measured is not None and not crm:
            parts = [f"{measured:g}"]
        for edit, part in zip(
            (self.measured_edit, self.certified_edit, self.u_edit), [*parts, "", ""], strict=False
        ):
            edit.setText(part.strip())

    def clear(self) -> None:
        for edit in (self.measured_edit, self.certified_edit, self.u_edit):
            edit.clear()
