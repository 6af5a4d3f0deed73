"""Settlement of a lot: the value per payable element on the laboratory's assay with its U, the exchange
with the counter-party and the umpire, and the signed settlement statement (docs/settlement.md).

The page asks services.settlement and shows the answers; the splitting limit, the umpire rule and the
four-eyes confirmation are the services' (and the core's) rules, not the page's.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from labapp.gui.certificates_view import KeyedSignatureDialog
from labapp.gui.form_check import PathField
from labapp.gui.frame_model import Column
from labapp.gui.frame_view import FrameView
from labapp.gui.run_view_common import ContextSource, UserSource, ViewPage
from labapp.gui.translation import interface_language, word
from labapp.security.roles import Action
from labapp.services.importing.registration import list_lots
from labapp.services.settlement import compute_settlement, confirm_assay, list_assays, record_assay
from labapp.services.settlement.compute import SettlementReport
from labapp.services.settlement.statement import issue_statement
from labapp.services.vocabulary import AssaySource, SplitOutcome

SETTLEMENT_COLUMNS = (
    Column("element", "Element"),
    Column("own", "Laboratory assay, wt %"),
    Column("own_value", "Value on it \u00b1 U (terms currency)"),
    Column("counterparty", "Counter-party, wt %"),
    Column("limit", "Splitting limit"),
    Column("outcome", "Outcome"),
    Column("umpire", "Umpire, wt %"),
    Column("settled", "Settled assay, wt %"),
    Column("final", "Final value"),
)
ASSAY_COLUMNS = (
    Column("element", "Element"),
    Column("source", "Source"),
    Column("value_pct", "Assay, wt %"),
    Column("laboratory", "Laboratory"),
    Column("state", "State"),
    Column("entered", "Entered by"),
    Column("confirmed", "Confirmed by"),
)


def money(value: float | None) -> str:
    return "" if value is None or not math.isfinite(value) else f"{value:,.2f}"


def settlement_frame(report: SettlementReport) -> pd.DataFrame:
    """One row per payable element; an element beyond the splitting limit without the umpire's assay
    is coloured as conditional, so the open decision stands out."""
    rows = []
    for line in report.settlement.lines:
        own, x = line.own, line.exchange
        rows.append(
            {
                "element": line.payable.element,
                "own": f"{own.assay_pct:.3f} \u00b1 {own.assay_U:.3f}",
                "own_value": f"{money(own.value)} \u00b1 {money(own.U)} (k = {own.k:.2f})",
                "counterparty": "" if line.counterparty is None else f"{line.counterparty.value_pct:.3f}",
                "limit": f"{line.limit.limit:g} ({word(line.limit.kind)})",
                "outcome": x.outcome,
                "umpire": "" if line.umpire is None else f"{line.umpire.value_pct:.3f}",
                "settled": "" if x.settled is None else f"{x.settled:.3f}",
                "final": money(line.final_value),
                "conditional": x.outcome is SplitOutcome.TO_UMPIRE,
            }
        )
    return pd.DataFrame(rows, columns=[c.key for c in SETTLEMENT_COLUMNS] + ["conditional"])


class StatementSignatureDialog(KeyedSignatureDialog):
    def meaning(self, action: str) -> str:
        return self.tr("approved: I issue this settlement statement")


class SettlementPage(ViewPage):
    def __init__(
        self, context: ContextSource, acting_user: UserSource, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, acting_user, parent)
        self.report: SettlementReport | None = None
        self.dialog: StatementSignatureDialog | None = None
        self.file_dialog_factory = QFileDialog.getOpenFileName  # tests replace the system dialog
        self.lot_combo = QComboBox()
        self.lot_combo.currentIndexChanged.connect(self.show_settlement)
        self.terms_edit = QLineEdit()
        self.terms_edit.setPlaceholderText(self.tr("Terms file (TOML) with payables, prices and limits"))
        self.terms_edit.editingFinished.connect(self.show_settlement)
        choose = QPushButton(self.tr("&Terms file..."))
        choose.clicked.connect(self.choose_terms)
        self.compute_button = QPushButton(self.tr("&Compute"))
        self.compute_button.clicked.connect(self.show_settlement)
        top = QGridLayout()
        top.addWidget(QLabel(self.tr("Lot")), 0, 0)
        top.addWidget(self.lot_combo, 0, 1)
        top.addWidget(self.terms_edit, 0, 2)
        top.addWidget(choose, 0, 3)
        top.addWidget(self.compute_button, 0, 4)
        top.setColumnStretch(2, 1)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.table = FrameView(SETTLEMENT_COLUMNS)
        self.assays = FrameView(ASSAY_COLUMNS)
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.summary_label)
        self.layout_.addWidget(self.table, 2)
        self.layout_.addLayout(self._entry_row())
        self.layout_.addWidget(self.assays, 1)
        self.layout_.addLayout(self._statement_row())
        self.footer()

    def _entry_row(self) -> QHBoxLayout:
        self.element_combo = QComboBox()
        self.source_combo = QComboBox()
        for source in (AssaySource.COUNTERPARTY, AssaySource.UMPIRE):
            self.source_combo.addItem(word(source), source.value)
        self.value_spin = QDoubleSpinBox()
        self.value_spin.setRange(0.0, 100.0)
        self.value_spin.setDecimals(3)
        self.value_spin.setSuffix(" wt %")
        self.laboratory_edit = QLineEdit()
        self.laboratory_edit.setPlaceholderText(self.tr("Laboratory of the report"))
        self.report_edit = QLineEdit()
        self.report_edit.setPlaceholderText(self.tr("Report number"))
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText(self.tr("Reason (to correct an entry)"))
        self.record_button = QPushButton(self.tr("&Record assay"))
        self.record_button.clicked.connect(self.record)
        self.confirm_button = QPushButton(self.tr("C&onfirm assay"))
        self.confirm_button.clicked.connect(self.confirm)
        row = QHBoxLayout()
        for widget in (
            self.element_combo,
            self.source_combo,
            self.value_spin,
            self.laboratory_edit,
            self.report_edit,
            self.reason_edit,
            self.record_button,
            self.confirm_button,
        ):
            row.addWidget(widget)
        return row

    def _statement_row(self) -> QHBoxLayout:
        self.language_combo = QComboBox()
        for code, title in (
            ("en", self.tr("English")),
            ("ja", self.tr("Japanese")),
            ("en+ja", self.tr("English + Japanese")),
        ):
            self.language_combo.addItem(title, code)
        self.language_combo.setCurrentIndex(self.language_combo.findData(interface_language()))
        self.out_edit = PathField("statements", "save", self.tr("PDF (*.pdf)"))
        self.out_edit.setPlaceholderText(self.tr("Statement PDF to write"))
        self.keys_edit = PathField("keys")
        self.keys_edit.setPlaceholderText(self.tr("Keys folder (default: the database's)"))
        self.provisional_check = QCheckBox(self.tr("Pro&visional"))
        self.provisional_check.setEnabled(False)
        self.provisional_check.setToolTip(
            self.tr(
                "Only while an element awaits an assay: the statement has no final value "
                "and the final one supersedes it."
            )
        )
        self.issue_button = QPushButton(self.tr("&Issue statement..."))
        self.issue_button.clicked.connect(self.issue)
        row = QHBoxLayout()
        for widget in (
            QLabel(self.tr("Statement")),
            self.language_combo,
            self.out_edit,
            self.keys_edit,
            self.provisional_check,
            self.issue_button,
        ):
            row.addWidget(widget)
        return row

    def reload(self) -> None:
        ctx = self.context()
        if ctx is None:
            return
        current = self.lot_combo.currentText()
        self.lot_combo.blockSignals(True)
        self.lot_combo.clear()
        for lot in self.attempt(lambda: list_lots(ctx)) or []:
            self.lot_combo.addItem(lot.code)
        self.lot_combo.setCurrentIndex(max(self.lot_combo.findText(current), 0))
        self.lot_combo.blockSignals(False)
        self.show_settlement()

    def choose_lot(self, code: str) -> None:
        self.lot_combo.setCurrentIndex(self.lot_combo.findText(code))

    def choose_terms(self) -> None:
        path, _ = self.file_dialog_factory(
            self, self.tr("Settlement terms"), "", self.tr("Settlement terms (*.toml *.csv);;All files (*)")
        )
        if path:
            self.terms_edit.setText(path)
            self.show_settlement()

    def show_settlement(self) -> None:
        ctx, code, terms = self.context(), self.lot_combo.currentText(), self.terms_edit.text().strip()
        if ctx is None or not code:
            return
        self.assays.set_frame(self._assay_frame(code))
        if not terms:
            self.summary_label.setText(
                self.tr("Choose the terms file of the contract to compute the settlement.")
            )
            return
        self.report = self.attempt(lambda: compute_settlement(ctx, code, terms))
        if self.report is None:
            self.table.set_frame(pd.DataFrame(columns=[c.key for c in SETTLEMENT_COLUMNS]))
            return
        self.message_label.clear()
        s, currency = self.report.settlement, self.report.terms.terms.currency
        chosen = self.element_combo.currentText()
        self.element_combo.clear()
        self.element_combo.addItems([line.payable.element for line in s.lines])
        self.element_combo.setCurrentIndex(max(self.element_combo.findText(chosen), 0))
        final = s.final_value
        outstanding = ", ".join(line.payable.element for line in s.outstanding)
        self.provisional_check.setEnabled(bool(outstanding))
        self.provisional_check.setChecked(bool(outstanding) and self.provisional_check.isChecked())
        self.summary_label.setText(
            self.tr(
                "{0}: contract {1}; dry mass {2} t; value on the laboratory's assays {3} \u00b1 {4} {5}; "
                "final settlement value: {6}"
            ).format(
                code,
                self.report.terms.terms.reference,
                f"{s.mass.dry_t:.3f}",
                money(s.total.value),
                money(s.total.U),
                currency,
                f"{money(final)} {currency}"
                if final is not None
                else self.tr("not final ({0} outstanding)").format(outstanding),
            )
        )
        self.table.set_frame(settlement_frame(self.report))

    def _assay_frame(self, code: str) -> pd.DataFrame:
        ctx = self.context()
        entries = (self.attempt(lambda: list_assays(ctx, code)) or []) if ctx is not None else []
        rows = [
            {
                "element": e.element,
                "source": e.source,
                "value_pct": f"{e.value_pct:.3f}",
                "laboratory": e.laboratory,
                "state": e.state,
                "entered": e.entered_by,
                "confirmed": e.confirmed_by or "",
            }
            for e in entries
        ]
        return pd.DataFrame(rows, columns=[c.key for c in ASSAY_COLUMNS])

    def record(self) -> None:
        ctx, code, element = self.context(), self.lot_combo.currentText(), self.element_combo.currentText()
        if not element:
            self.show_error(
                self.tr("Compute the settlement first: the terms file names the payable elements.")
            )
            return
        user = self.acting_user(Action.GRADE)
        if user is None or ctx is None:
            return
        source, value = self.source_combo.currentData(), self.value_spin.value()
        entry = self.attempt(
            lambda: record_assay(
                ctx,
                user,
                code,
                element,
                source,
                value,
                self.laboratory_edit.text(),
                self.report_edit.text().strip() or None,
                self.reason_edit.text().strip() or None,
            )
        )
        if entry is not None:
            self.show_settlement()
            self.show_message(
                self.tr("{0} assay of {1} recorded; another person confirms it.").format(
                    word(entry.source), element
                )
            )

    def confirm(self) -> None:
        ctx, code, element = self.context(), self.lot_combo.currentText(), self.element_combo.currentText()
        user = self.acting_user(Action.REVIEW)
        if user is None or ctx is None or not element:
            return
        entry = self.attempt(lambda: confirm_assay(ctx, user, code, element, self.source_combo.currentData()))
        if entry is not None:
            self.show_settlement()
            self.show_message(self.tr("{0} assay of {1} confirmed.").format(word(entry.source), element))

    def issue(self) -> StatementSignatureDialog | None:
        ctx, code, terms = self.context(), self.lot_combo.currentText(), self.terms_edit.text().strip()
        out = self.out_edit.text().strip() or str(Path.home() / f"{code}_settlement.pdf")
        if not terms:
            self.show_error(self.tr("Choose the terms file of the contract first."))
            return None
        user = self.acting_user(Action.ISSUE_CERTIFICATE)
        if user is None or ctx is None:
            return None
        dialog = StatementSignatureDialog(
            f"{user.full_name} ({user.username})", "issue", code, reason_required=False, parent=self
        )

        def start() -> None:
            password, passphrase = dialog.password_edit.text(), dialog.key_edit.text()
            language, keys = self.language_combo.currentData(), self.keys_edit.text().strip() or None
            provisional = self.provisional_check.isChecked()
            self.run_task(
                lambda progress: issue_statement(
                    ctx,
                    user,
                    code,
                    terms,
                    out,
                    password=password,
                    key_passphrase=passphrase,
                    keys_folder=keys,
                    language=language,
                    provisional=provisional,
                ),
                self.tr("Signing the settlement statement..."),
                self._issued,
            )

        dialog.accepted.connect(start)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _issued(self, issued: object) -> None:
        self.show_settlement()
        if getattr(issued, "provisional", False):
            self.show_message(
                self.tr("Provisional settlement statement signed: {0} (not final: {1} outstanding)").format(
                    getattr(issued, "path", ""), ", ".join(getattr(issued, "outstanding", ()))
                )
            )
            return
        self.show_message(
            self.tr("Settlement statement signed: {0} ({1} {2})").format(
                getattr(issued, "path", ""),
                money(getattr(issued, "final_value", None)),
                getattr(issued, "currency", ""),
            )
        )
