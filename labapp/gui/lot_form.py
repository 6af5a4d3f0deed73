"""The lot form: register a new lot (with its laboratory sample) or edit one with a reason.

The form only turns text into values; every rule (masses, moisture, chemistries, when a reason
is needed) is the services' and comes back as a message shown in the form. A released lot is
changed only through the electronic-signature dialog, whose service call saves the change.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from labapp.core.errors import LabappError
from labapp.gui.signature_dialog import SignatureDialog
from labapp.gui.translation import word
from labapp.services.administration.authentication import AuthenticatedUser
from labapp.services.context import ServiceContext
from labapp.services.importing.lot_edit import (
    DECLARED_CHEMISTRIES,
    ORIGINS,
    ChangeSignature,
    LotDetails,
    update_lot,
)
from labapp.services.importing.registration import LotInput, SampleInput, register_lot
from labapp.services.vocabulary import LotOrigin, SuppliedItem

LOT_TEXT_FIELDS = (
    ("shipment_id", "Shipment"), ("container_id", "Container"), ("bag_id", "Bag"),
    ("seal_ids", "Seals (; separated)"), ("waste_code", "Waste code"), ("customs_code", "Customs code"),
)
NUMBER_FIELDS = ("gross_mass_kg", "net_wet_mass_kg", "moisture_pct")
DATE_FIELDS = ("received_on", "sampled_on")
SAMPLE_TEXT_FIELDS = (("moisture_method", "Moisture method"), ("sampled_by", "Sampled by"),
                      ("sampling_method", "Sampling method"))
SAMPLE_FIELDS = ("moisture_pct", "sampled_on", *dict(SAMPLE_TEXT_FIELDS))
# ISO/IEC 17025 items of the lot (7.8.2.1 g, k, n); deviations are ";"-separated like seals
ISO_TEXT_FIELDS = (
    ("condition_on_receipt", "Condition on receipt"), ("sampling_plan", "Sampling plan"),
    ("sampling_location", "Sampling location"),
    ("method_deviations", "Deviations from the method (; separated)"),
)
LIST_FIELDS = ("seal_ids", "method_deviations")


class FormError(LabappError):
    """A field whose text is not a value (a number or a date)."""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return "; ".join(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _listed(text: str | None) -> tuple[str, ...]:
    return tuple(s.strip() for s in (text or "").split(";") if s.strip())


class LotFormDialog(QDialog):
    """`details` None: register a new lot; else edit that lot (code and client fixed)."""

    def __init__(self, ctx: ServiceContext, by: AuthenticatedUser, details: LotDetails | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.by, self.details = ctx, by, details
        self.saved_code: str | None = None
        self.edits: dict[str, QLineEdit] = {}
        self.supplied: dict[str, QCheckBox] = {}
        self.setWindowTitle(self.tr("Register a lot") if details is None else
                            self.tr("Edit lot {0}").format(details.code))
        self.chemistry_combo = QComboBox()
        self.chemistry_combo.addItems(DECLARED_CHEMISTRIES)
        self.origin_combo = QComboBox()
        for origin in ORIGINS:  # shown by label, stored by value
            self.origin_combo.addItem(word(LotOrigin(origin)), origin)
        self.reason_edit = QLineEdit()
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020")
        self.error_label.setWordWrap(True)
        save, cancel = QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(save | cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        columns.addWidget(self._lot_box())
        columns.addWidget(self._sample_box())
        columns.addWidget(self._iso_box())
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        reason_form = QFormLayout()
        reason_form.addRow(self._reason_label(), self.reason_edit)
        layout.addLayout(reason_form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        if details is not None:
            self._fill(details)

    def _edit(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 34)
        self.edits[name] = edit
        return edit

    def _lot_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Lot"))
        form = QFormLayout(box)
        form.addRow(self.tr("Lot &code"), self._edit("code", "BM26-0001"))
        form.addRow(self.tr("C&lient"), self._edit("client_name"))
        form.addRow(self.tr("Client contact"), self._edit("client_contact"))
        form.addRow(self.tr("Declared c&hemistry"), self.chemistry_combo)
        form.addRow(self.tr("&Origin"), self.origin_combo)
        for name, title in LOT_TEXT_FIELDS:
            form.addRow(self.tr(title), self._edit(name))
        form.addRow(self.tr("&Gross mass / kg"), self._edit("gross_mass_kg"))
        form.addRow(self.tr("&Net wet mass / kg"), self._edit("net_wet_mass_kg"))
        form.addRow(self.tr("Received on"), self._edit("received_on", "YYYY-MM-DD"))
        return box

    def _sample_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Laboratory sample"))
        form = QFormLayout(box)
        form.addRow(self.tr("&Moisture / %"), self._edit("moisture_pct"))
        form.addRow(self.tr("Sampled on"), self._edit("sampled_on", "YYYY-MM-DD"))
        for name, title in SAMPLE_TEXT_FIELDS:
            form.addRow(self.tr(title), self._edit(name))
        return box

    def _iso_box(self) -> QGroupBox:
        """Condition on receipt, sampling plan and location, deviations, and what the customer supplied
        (marked † on the certificate, ISO/IEC 17025 7.8.2.2); the laboratory sample id is assigned."""
        box = QGroupBox(self.tr("ISO/IEC 17025"))
        form = QFormLayout(box)
        sample_id = self.details.lab_sample_id if self.details is not None else None
        self.sample_id_label = QLabel(sample_id or self.tr("assigned when the lot is registered"))
        form.addRow(self.tr("Laboratory sample id"), self.sample_id_label)
        for name, title in ISO_TEXT_FIELDS:
            form.addRow(self.tr(title), self._edit(name))
        form.addRow(QLabel(self.tr("Supplied by the customer:")))
        for item in SuppliedItem:
            check = QCheckBox(word(item))
            check.setObjectName(f"supplied_{item.value}")
            self.supplied[item.value] = check
            form.addRow(check)
        return box

    def _supplied(self) -> tuple[str, ...]:
        return tuple(value for value, check in self.supplied.items() if check.isChecked())

    def _reason_label(self) -> str:
        if self.details is not None and self.details.signature_required:
            return self.tr("&Reason (required: released data, signed with your password)")
        if self.details is not None and self.details.reason_required:
            return self.tr("&Reason (required: results submitted)")
        return self.tr("&Reason (optional)")

    def _fill(self, details: LotDetails) -> None:
        for name, edit in self.edits.items():
            source = details.sample if name in SAMPLE_FIELDS else details.lot
            edit.setText(_text(getattr(source, name, None)))
        for name in ("code", "client_name", "client_contact"):
            self.edits[name].setReadOnly(True)
            self.edits[name].setEnabled(False)
        for value in details.lot.customer_supplied:
            self.supplied[value].setChecked(True)
        self.chemistry_combo.setCurrentText(details.lot.declared_chemistry)
        self.origin_combo.setCurrentIndex(max(0, self.origin_combo.findData(str(details.lot.origin))))

    def value(self, name: str) -> Any:
        """The field's value: None when empty, a float or date for those fields; FormError otherwise."""
        text = self.edits[name].text().strip()
        if not text:
            return None
        if name in NUMBER_FIELDS:
            try:
                return float(text.replace(",", "."))
            except ValueError:
                raise FormError(self.tr("{0}: '{1}' is not a number").format(name, text)) from None
        if name in DATE_FIELDS:
            try:
                return date.fromisoformat(text)
            except ValueError:
                raise FormError(self.tr("{0}: '{1}' is not a date (YYYY-MM-DD)").format(name, text)) from None
        return text

    def save(self) -> None:
        try:
            if self.details is None:
                self._register()
            else:
                self._update(self.details)
        except LabappError as exc:
            self.error_label.setText(str(exc))
            return
        self.accept()

    def _register(self) -> None:
        v = self.value
        seals, deviations = (_listed(v(name)) for name in LIST_FIELDS)
        lot = LotInput(
            code=v("code") or "", client_name=v("client_name") or "",
            declared_chemistry=self.chemistry_combo.currentText(), origin=self.origin_combo.currentData(),
            client_contact=v("client_contact"), shipment_id=v("shipment_id"), container_id=v("container_id"),
            bag_id=v("bag_id"), seal_ids=seals, waste_code=v("waste_code"), customs_code=v("customs_code"),
            gross_mass_kg=v("gross_mass_kg"), net_wet_mass_kg=v("net_wet_mass_kg"),
            received_on=v("received_on"), condition_on_receipt=v("condition_on_receipt"),
            customer_supplied=self._supplied(), sampling_plan=v("sampling_plan"),
            sampling_location=v("sampling_location"), method_deviations=deviations,
        )
        sample = SampleInput(moisture_pct=v("moisture_pct"), moisture_method=v("moisture_method"),
                             sampled_on=v("sampled_on"), sampled_by=v("sampled_by"),
                             sampling_method=v("sampling_method"))
        reason = self.reason_edit.text().strip() or None
        register_lot(self.ctx, self.by, lot, reason, sample=sample if sample != SampleInput() else None)
        self.saved_code = lot.code

    def _update(self, details: LotDetails) -> None:
        current: dict[str, Any] = {"declared_chemistry": self.chemistry_combo.currentText(),
                                   "origin": self.origin_combo.currentData()}
        for name in self.edits:
            if name not in ("code", "client_name", "client_contact"):
                current[name] = self.value(name)
        for name in LIST_FIELDS:
            current[name] = _listed(current[name])
        current["customer_supplied"] = self._supplied()
        sample = details.sample or SampleInput()
        before = {k: getattr(sample, k) if hasattr(sample, k) else getattr(details.lot, k) for k in current}
        changes = {k: v for k, v in current.items() if before.get(k) != v}
        if details.signature_required:
            self._signed_update(details, changes)
        else:
            update_lot(self.ctx, self.by, details.code, changes, self.reason_edit.text())
        self.saved_code = details.code

    def _signed_update(self, details: LotDetails, changes: dict[str, Any]) -> None:
        """Released data: the signature dialog's service call saves the change with the signature."""
        if not changes:
            raise FormError(self.tr("Nothing to change."))
        dialog = self.signature_dialog(details, changes)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            raise FormError(self.tr("Not saved: a change of released data needs your signature."))

    def signature_dialog(self, details: LotDetails, changes: dict[str, Any]) -> SignatureDialog:
        by, code = self.by, details.code
        subject = self.tr("lot {0} ({1}): {2}").format(code, word(details.state), ", ".join(changes))
        dialog = SignatureDialog(
            f"{by.full_name} ({by.username})", "amend_lot", subject,
            lambda password, reason: update_lot(self.ctx, by, code, changes,
                                                signature=ChangeSignature(password, reason)),
            reason_required=True, parent=self,
        )
        dialog.reason_edit.setPlainText(self.reason_edit.text().strip())
        return dialog
