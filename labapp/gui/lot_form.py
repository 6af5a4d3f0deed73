"""The lot form: register a new lot (with its laboratory sample) or edit one with a reason.

The form only turns text into values; every rule (masses, moisture, chemistries, when a reason
is needed) is the services'. As the technician types, the form runs the services' own field checks
(labapp.services.importing.lot_inputs) and shows every problem beside its field in plain words
(labapp.gui.form_check); Save is enabled only when there is none, and a refusal when storing keeps
the form open with what was typed. A released lot is
changed only through the electronic-signature dialog, whose service call saves the change.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
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
from labapp.gui.dialog_lifetime import release_closed_predecessors
from labapp.gui.error_text import error_text
from labapp.gui.form_check import FormCheck, date_edit, date_value, set_date
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
from labapp.services.importing.lot_inputs import (
    FieldProblem,
    FieldRule,
    lot_field_problems,
    sample_field_problems,
)
from labapp.services.importing.registration import LotInput, SampleInput, register_lot
from labapp.services.vocabulary import LotOrigin, SuppliedItem

LOT_TEXT_FIELDS = (
    ("shipment_id", "Shipment"), ("container_id", "Container"), ("bag_id", "Bag"),
    ("seal_ids", "Seals (; separated)"), ("waste_code", "Waste code"), ("customs_code", "Customs code"),
)
NUMBER_FIELDS = ("gross_mass_kg", "net_wet_mass_kg", "moisture_pct")
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
        release_closed_predecessors(self)
        self.ctx, self.by, self.details = ctx, by, details
        self.saved_code: str | None = None
        self.edits: dict[str, QLineEdit] = {}
        self.dates: dict[str, QDateEdit] = {}
        self.supplied: dict[str, QCheckBox] = {}
        self.setWindowTitle(self.tr("Register a lot") if details is None else
                            self.tr("Edit lot {0}").format(details.code))
        self.chemistry_combo = QComboBox()
        self.chemistry_combo.addItems(DECLARED_CHEMISTRIES)
        self.origin_combo = QComboBox()
        for origin in ORIGINS:  # shown by label, stored by value
            self.origin_combo.addItem(word(LotOrigin(origin)), origin)
        self.reason_edit = QLineEdit()
        save, cancel = QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(save | cancel)
        self.save_button = buttons.button(save)
        self.check = FormCheck(self.problems, self.save_button, self)
        self.error_label = self.check.general_label
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
        self.check.watch(self.reason_edit)
        self.check.recheck()

    def _edit(self, name: str, placeholder: str = "") -> QWidget:
        """A line edit with its problem line under it (shown only while the field has a problem)."""
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 34)
        self.edits[name] = edit
        return self.check.field(name, edit)

    def _date(self, name: str) -> QWidget:
        """A date picker (calendar pop-up), today for a new lot; it may be left blank when editing."""
        edit = date_edit(optional=True)
        edit.setObjectName(name)
        if self.details is None:
            set_date(edit, date.today())
        self.dates[name] = edit
        return self.check.field(name, edit)

    def _lot_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Lot"))
        form = QFormLayout(box)
        form.addRow(self.tr("Lot &code"), self._edit("code", "BM26-0001"))
        form.addRow(self.tr("C&lient"), self._edit("client_name"))
        form.addRow(self.tr("Client contact"), self._edit("client_contact"))
        chemistry = self.check.field("declared_chemistry", self.chemistry_combo)
        form.addRow(self.tr("Declared c&hemistry"), chemistry)
        form.addRow(self.tr("&Origin"), self.check.field("origin", self.origin_combo))
        for name, title in LOT_TEXT_FIELDS:
            form.addRow(self.tr(title), self._edit(name))
        form.addRow(self.tr("&Gross mass / kg"), self._edit("gross_mass_kg"))
        form.addRow(self.tr("&Net wet mass / kg"), self._edit("net_wet_mass_kg"))
        form.addRow(self.tr("Received on"), self._date("received_on"))
        return box

    def _sample_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Laboratory sample"))
        form = QFormLayout(box)
        form.addRow(self.tr("&Moisture / %"), self._edit("moisture_pct"))
        form.addRow(self.tr("Sampled on"), self._date("sampled_on"))
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
            self.check.watch(check)
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
        for name, picker in self.dates.items():
            source = details.sample if name in SAMPLE_FIELDS else details.lot
            set_date(picker, getattr(source, name, None))
        for name in ("code", "client_name", "client_contact"):
            self.edits[name].setReadOnly(True)
            self.edits[name].setEnabled(False)
        for value in details.lot.customer_supplied:
            self.supplied[value].setChecked(True)
        self.chemistry_combo.setCurrentText(details.lot.declared_chemistry)
        self.origin_combo.setCurrentIndex(max(0, self.origin_combo.findData(str(details.lot.origin))))

    def value(self, name: str) -> Any:
        """The field's value: None when empty, a float or date for those fields; FormError otherwise."""
        if name in self.dates:
            return date_value(self.dates[name])
        text = self.edits[name].text().strip()
        if not text:
            return None
        if name in NUMBER_FIELDS:
            try:
                return float(text.replace(",", "."))
            except ValueError:
                raise FormError(self.tr("'{0}' is not a number; write it like 12.5").format(text)) from None
        return text

    def _lenient(self, name: str) -> Any:
        """The value, or None when the text is no value (its own problem is reported separately)."""
        try:
            return self.value(name)
        except FormError:
            return None

    def problems(self) -> dict[str, str]:
        """Every problem of the form as typed: field -> what to do, in plain words (the services' rules)."""
        found: dict[str, str] = {}
        for name in NUMBER_FIELDS:
            try:
                self.value(name)
            except FormError as exc:
                found[name] = str(exc)
        lot, sample = self._inputs(self._lenient)
        for problem in lot_field_problems(lot) + sample_field_problems(sample):
            found.setdefault(problem.field, self._wording(problem))
        return found

    def _wording(self, problem: FieldProblem) -> str:
        if problem.rule is FieldRule.EMPTY:
            return self.tr("Enter the lot code.") if problem.field == "code" else self.tr("Enter the client.")
        if problem.rule is FieldRule.NOT_POSITIVE:
            return self.tr("Enter a mass above 0 kg, or leave it empty.")
        if problem.rule is FieldRule.NET_ABOVE_GROSS:
            return self.tr("The net wet mass cannot be more than the gross mass.")
        if problem.rule is FieldRule.MOISTURE_RANGE:
            return self.tr("Moisture is a percentage from 0 to below 100.")
        return self.tr("Choose one of the listed values.")

    def save(self) -> None:
        self.check.stored_error = ""  # the last refusal is tried again
        if not self.check.recheck():
            return
        try:
            if self.details is None:
                self._register()
            else:
                self._update(self.details)
        except LabappError as exc:
            self.check.refused(error_text(exc))  # the form stays open with everything typed
            return
        self.accept()

    def _inputs(self, v: Any) -> tuple[LotInput, SampleInput]:
        """The lot and sample as typed, values read by `v` (strict or lenient)."""
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
        return lot, sample

    def _register(self) -> None:
        lot, sample = self._inputs(self.value)
        reason = self.reason_edit.text().strip() or None
        register_lot(self.ctx, self.by, lot, reason, sample=sample if sample != SampleInput() else None)
        self.saved_code = lot.code

    def _update(self, details: LotDetails) -> None:
        current: dict[str, Any] = {"declared_chemistry": self.chemistry_combo.currentText(),
                                   "origin": self.origin_combo.currentData()}
        for name in (*self.edits, *self.dates):
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
