"""Settlement page: a terms file chosen, the table per element, the counter-party's and the umpire's assays
entered and confirmed by another person, and the signed statement issued from the desktop (issue 23)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from labapp.certificates.documents import read_document
from labapp.demo.build import DEMO_USERS
from labapp.demo.certification_stage import SIGNER_PASSPHRASE
from labapp.gui.frame_model import RowState
from labapp.gui.settlement_view import SettlementPage
from labapp.security.roles import Action
from labapp.services.administration.users import authenticate
from labapp.services.vocabulary import SplitOutcome

PEOPLE = {u.username: u for u in DEMO_USERS}
TERMS = """\
[contract]
reference = "DESK-1"
seller = "Recycler Co."
buyer = "Refiner KK"
laboratory_acts_for = "buyer"
umpire_rule = "mean with nearer"

[lot]
wet_mass_t = 20.0
u_wet_mass_t = 0.02

[payable.Ni]
payable_pct = 80
price = 15000
currency = "USD"
price_unit = "t"
price_date = 2026-12-01
reference = "LME nickel cash official"
splitting_limit = 0.30

[payable.Co]
payable_pct = 70
price = 15
currency = "USD"
price_unit = "lb"
price_date = 2026-12-01
reference = "Fastmarkets standard-grade cobalt, low end"
splitting_limit = 2
splitting_limit_kind = "relative"
"""


@pytest.fixture
def page(qtbot, demo_ctx, demo_template, tmp_path):
    people = {
        name: authenticate(demo_ctx, name, PEOPLE[name].password) for name in ("tech", "reviewer", "qa")
    }
    acting = {Action.GRADE: "tech", Action.REVIEW: "reviewer", Action.ISSUE_CERTIFICATE: "qa"}
    page = SettlementPage(lambda: demo_ctx, lambda action: people[page.who.get(action, acting[action])])
    page.who = {}  # a test may hand an action to someone else
    qtbot.addWidget(page)
    terms = tmp_path / "terms.toml"
    terms.write_text(TERMS, encoding="utf-8")
    page.file_dialog_factory = lambda *args: (str(terms), "")
    page.keys_edit.setText(str(demo_template.parent / "keys"))
    page.out_edit.setText(str(tmp_path / "statement.pdf"))
    page.reload()
    page.choose_lot("BM26-0003")
    page.choose_terms()
    return page


def _rows(page):
    model = page.table.model
    keys = model.column_keys()
    return {
        model.index(r, 0).data(): ({k: model.index(r, keys.index(k)).data() for k in keys}, model.state_of(r))
        for r in range(model.rowCount())
    }


def _enter(page, element: str, source: str, value: float) -> None:
    page.element_combo.setCurrentText(element)
    page.source_combo.setCurrentIndex(page.source_combo.findData(source))
    page.value_spin.setValue(value)
    page.laboratory_edit.setText("Seller lab" if source == "counterparty" else "Umpire lab")
    page.record_button.click()
    assert page.last_error is None, page.last_error


def test_exchange_and_signed_statement_from_the_desktop(qtbot, page, tmp_path):
    rows = _rows(page)
    assert set(rows) == {"Ni", "Co"}
    assert rows["Ni"][0]["outcome"] == SplitOutcome.AWAITING.label()
    own = {line.payable.element: line.own.assay_pct for line in page.report.settlement.lines}
    assert "not final (Ni, Co outstanding)" in page.summary_label.text()

    _enter(page, "Ni", "counterparty", round(own["Ni"] + 0.1, 3))
    page.who[Action.REVIEW] = "tech"  # a technician may not confirm
    page.confirm_button.click()
    assert "may not review" in page.last_error
    page.who.clear()
    page.confirm_button.click()
    assert page.last_error is None
    co_seller = round(own["Co"] * 1.04, 3)  # 4 % apart: beyond the 2 % limit
    _enter(page, "Co", "counterparty", co_seller)
    page.confirm_button.click()
    rows = _rows(page)
    assert rows["Ni"][0]["outcome"] == SplitOutcome.AGREED.label()
    assert (
        rows["Co"][0]["outcome"] == SplitOutcome.TO_UMPIRE.label() and rows["Co"][1] == RowState.CONDITIONAL
    )
    assert page.issue() is not None  # the dialog opens; the service refuses while Co is open
    page.dialog.password_edit.setText(PEOPLE["qa"].password)
    page.dialog.key_edit.setText(SIGNER_PASSPHRASE)
    page.dialog.sign()
    qtbot.waitUntil(lambda: not page.progress.busy, timeout=30_000)
    assert "not final" in page.last_error
    assert page.provisional_check.isEnabled()  # Co is open: a provisional statement may be issued
    final_out = page.out_edit.text()
    page.out_edit.setText(str(tmp_path / "provisional.pdf"))
    page.provisional_check.setChecked(True)
    dialog = page.issue()
    dialog.password_edit.setText(PEOPLE["qa"].password)
    dialog.key_edit.setText(SIGNER_PASSPHRASE)
    dialog.sign()
    qtbot.waitUntil(
        lambda: "Provisional settlement statement signed" in page.message_label.text(), timeout=30_000
    )
    assert "not final: Co outstanding" in page.message_label.text()
    payload = read_document((tmp_path / "provisional.pdf").read_bytes())
    assert payload is not None and payload["provisional"] is True and payload["final_value"] is None
    page.out_edit.setText(final_out)

    umpire = round(own["Co"] * 1.01, 3)  # nearer the laboratory (buyer): mean of umpire and buyer
    _enter(page, "Co", "umpire", umpire)
    page.confirm_button.click()
    line = page.report.settlement.lines[1]
    assert line.exchange.settled == pytest.approx((umpire + own["Co"]) / 2)
    assert _rows(page)["Co"][0]["outcome"] == SplitOutcome.UMPIRED.label()
    dialog = page.issue()
    dialog.password_edit.setText(PEOPLE["qa"].password)
    dialog.key_edit.setText(SIGNER_PASSPHRASE)
    dialog.sign()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    out = Path(page.out_edit.text())
    qtbot.waitUntil(out.is_file, timeout=30_000)
    qtbot.waitUntil(lambda: "signed" in page.message_label.text(), timeout=30_000)
    payload = read_document(out.read_bytes())
    final = page.report.settlement.final_value
    assert payload is not None and payload["final_value"] == pytest.approx(final)
    assert f"{final:,.2f}" in page.summary_label.text()
    assert not page.provisional_check.isEnabled() and not page.provisional_check.isChecked()
    states = {page.assays.model.index(r, 4).data() for r in range(page.assays.model.rowCount())}
    assert states == {"confirmed"}


def test_a_bad_terms_file_is_one_line_naming_the_file(page, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(TERMS.replace('price_unit = "lb"', 'price_unit = "oz"'), encoding="utf-8")
    page.terms_edit.setText(str(bad))
    page.compute_button.click()
    assert page.last_error.endswith("bad.toml:25: [payable.Co] price_unit: 'oz' is not one of t, kg, lb")
