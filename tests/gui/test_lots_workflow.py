"""Lots: register by form, edit with a reason after submission, import a manifest, search and filter."""

from __future__ import annotations

import hashlib
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QLineEdit
from sqlalchemy import select

from labapp.certificates.verification import CurrencyStatus, TwinIdentity
from labapp.demo.build import DEMO_USERS
from labapp.gui.lot_form import LotFormDialog
from labapp.gui.main_window import MainWindow
from labapp.gui.signature_dialog import SignatureDialog
from labapp.resources import resource_path
from labapp.services.certification.issuing import currency_check, list_certificates
from labapp.services.importing.lot_edit import lot_details
from labapp.services.importing.registration import LotInput, SampleInput, list_lots, register_lot
from labapp.store.lots import Lot
from labapp.store.results import Result
from labapp.store.runs import InstrumentRun
from labapp.store.states import LotState

TECH = next(u for u in DEMO_USERS if u.username == "tech")


def _window(qtbot, demo_ctx, user) -> MainWindow:
    window = MainWindow(ctx=demo_ctx, user=user)
    qtbot.addWidget(window)
    return window


def _set(dialog: LotFormDialog, **values: str) -> None:
    for name, text in values.items():
        dialog.findChild(QLineEdit, name).setText(text)


def test_register_a_lot_with_its_sample_by_form(qtbot, demo_ctx, technician):
    window = _window(qtbot, demo_ctx, technician)
    dialog = LotFormDialog(demo_ctx, technician, None, window)
    qtbot.addWidget(dialog)
    _set(dialog, code="BM26-0101", client_name="Kyushu Cell Recycling", gross_mass_kg="1020",
         net_wet_mass_kg="1000.5", moisture_pct="3,5")
    dialog.dates["received_on"].setDate(QDate(2026, 4, 1))
    dialog.chemistry_combo.setCurrentText("LFP")
    dialog.save()
    assert dialog.result() == LotFormDialog.DialogCode.Accepted, dialog.error_label.text()
    window.refresh()
    page = window.lots_page
    page.filter_edit.setText("BM26-0101")
    assert page.proxy.rowCount() == 1
    titles = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    row = dict(zip(titles, (page.proxy.index(0, c).data() for c in range(len(titles))), strict=True))
    assert row["Declared"] == "LFP" and row["Moisture %"] == "3.5"
    assert row["Net dry kg"] == "965.482"  # 1000.5 kg x (1 - 3.5/100)


def test_a_form_shows_every_problem_at_once_beside_its_field_and_keeps_the_input(qtbot, demo_ctx, technician):
    """Issue 22: one error at a time by internal field name; now every problem, in words, as typed."""
    dialog = LotFormDialog(demo_ctx, technician)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()  # empty code and client: nothing to save yet
    _set(dialog, code="BM26-0102", client_name="Kyushu Cell Recycling", gross_mass_kg="900",
         net_wet_mass_kg="950", moisture_pct="120")
    problems = dialog.check.problems
    assert problems == {
        "net_wet_mass_kg": "The net wet mass cannot be more than the gross mass.",
        "moisture_pct": "Moisture is a percentage from 0 to below 100.",
    }
    assert dialog.check.labels["net_wet_mass_kg"].isVisibleTo(dialog)
    assert dialog.check.labels["moisture_pct"].text() == "Moisture is a percentage from 0 to below 100."
    assert not dialog.check.labels["code"].isVisibleTo(dialog)
    assert not dialog.save_button.isEnabled()
    dialog.save()  # refused before the service: nothing stored, nothing cleared
    assert dialog.result() != LotFormDialog.DialogCode.Accepted
    assert dialog.edits["net_wet_mass_kg"].text() == "950" and dialog.edits["code"].text() == "BM26-0102"
    _set(dialog, gross_mass_kg="9OO")
    assert dialog.check.problems["gross_mass_kg"] == "'9OO' is not a number; write it like 12.5"
    _set(dialog, gross_mass_kg="1000", moisture_pct="3")
    assert dialog.check.problems == {} and dialog.save_button.isEnabled()
    assert "BM26-0102" not in [lot.code for lot in list_lots(demo_ctx)]


def test_a_refusal_when_storing_keeps_the_form_open_with_the_input(qtbot, demo_ctx, technician):
    dialog = LotFormDialog(demo_ctx, technician)
    qtbot.addWidget(dialog)
    _set(dialog, code="BM26-0001", client_name="Kyushu Cell Recycling")  # the demo's first lot code
    dialog.save()
    assert dialog.result() != LotFormDialog.DialogCode.Accepted
    assert "BM26-0001" in dialog.error_label.text() and dialog.error_label.isVisibleTo(dialog)
    assert dialog.edits["client_name"].text() == "Kyushu Cell Recycling"


def test_dates_are_picked_with_today_as_the_default(qtbot, demo_ctx, technician):
    dialog = LotFormDialog(demo_ctx, technician)
    qtbot.addWidget(dialog)
    for name in ("received_on", "sampled_on"):
        picker = dialog.dates[name]
        assert picker.calendarPopup() and dialog.value(name) == date.today()
    dialog.dates["received_on"].setDate(QDate(2026, 4, 1))
    assert dialog.value("received_on") == date(2026, 4, 1)


def _submit_result_for(ctx, code: str) -> None:
    raw = b"demo"
    with ctx.account_unit_of_work("tech") as session:
        lot_id = session.scalar(select(Lot.id).where(Lot.code == code))
        run = InstrumentRun(file_name="r.csv", file_size=4, sha256=hashlib.sha256(raw).hexdigest(),
                            raw_bytes=raw, profile="agilent_icp_expert_long", imported_by="tech",
                            state="submitted", measurements_digest=hashlib.sha256(b"").hexdigest())
        session.add(run)
        session.flush()
        session.add(Result(run_id=run.id, lot_id=lot_id, element="Co", value=5.1, unit="wt%",
                           calculated_by="tech"))


def test_edit_after_submission_needs_a_reason(qtbot, demo_ctx, technician):
    lot = LotInput(code="BM26-0150", client_name="Kyushu Cell Recycling", declared_chemistry="NCM",
                   origin="end_of_life", gross_mass_kg=900.0, net_wet_mass_kg=880.0)
    register_lot(demo_ctx, technician, lot, sample=SampleInput(moisture_pct=2.0))
    _submit_result_for(demo_ctx, "BM26-0150")
    dialog = LotFormDialog(demo_ctx, technician, lot_details(demo_ctx, "BM26-0150"))
    qtbot.addWidget(dialog)
    assert not dialog.edits["code"].isEnabled() and dialog.edits["code"].text() == "BM26-0150"
    _set(dialog, moisture_pct="2.9")
    dialog.save()
    assert "results submitted for review: give a reason" in dialog.error_label.text()
    dialog.reason_edit.setText("moisture re-weighed after balance check")
    dialog.save()
    assert dialog.result() == LotFormDialog.DialogCode.Accepted, dialog.error_label.text()
    assert lot_details(demo_ctx, "BM26-0150").sample.moisture_pct == 2.9


def _signing(monkeypatch, password: str | None, reason: str = "") -> list[SignatureDialog]:
    """The modal signature dialog, answered by the test: cancelled (no password) or signed."""
    opened: list[SignatureDialog] = []

    def answer(dialog: SignatureDialog) -> int:
        opened.append(dialog)
        if password is None:
            return QDialog.DialogCode.Rejected
        dialog.password_edit.setText(password)
        if reason:
            dialog.reason_edit.setPlainText(reason)
        dialog.sign()
        return dialog.result()

    monkeypatch.setattr(SignatureDialog, "exec", answer)
    return opened


def test_the_moisture_of_a_certified_lot_changes_only_with_a_signature(qtbot, demo_ctx, technician,
                                                                      monkeypatch):
    """Issue 16: the moisture of a certified lot was changed with a free-text reason and no signature."""
    record = list_certificates(demo_ctx, "BM26-0003")[0]
    number, identity = record.number, TwinIdentity(record.number, record.revision, record.twin_sha256)
    dialog = LotFormDialog(demo_ctx, technician, lot_details(demo_ctx, "BM26-0003"))
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert "&Reason (required: released data, signed with your password)" in labels
    _set(dialog, moisture_pct="2.9")
    dialog.reason_edit.setText("typo on the bench sheet")
    opened = _signing(monkeypatch, None)
    dialog.save()
    assert dialog.error_label.text() == "Not saved: a change of released data needs your signature."
    assert opened[0].meaning_label.text().startswith("amended:")
    assert opened[0].reason_edit.toPlainText() == "typo on the bench sheet"  # carried over from the form
    assert lot_details(demo_ctx, "BM26-0003").sample.moisture_pct != 2.9
    opened = _signing(monkeypatch, "Wrong-Pass-2026!")
    dialog.save()
    assert "wrong" in opened[0].error_label.text() and dialog.result() != LotFormDialog.DialogCode.Accepted
    _signing(monkeypatch, TECH.password)
    dialog.save()
    assert dialog.result() == LotFormDialog.DialogCode.Accepted, dialog.error_label.text()
    details = lot_details(demo_ctx, "BM26-0003")
    assert (details.sample.moisture_pct, details.state) == (2.9, LotState.AMENDMENT_NEEDED)
    assert currency_check(demo_ctx)(identity).status is CurrencyStatus.AMENDMENT_NEEDED
    window = _window(qtbot, demo_ctx, technician)
    tree = window.overview_page.amendment_tree
    assert tree.topLevelItemCount() == 1
    row = [tree.topLevelItem(0).text(c) for c in range(5)]
    assert row[0] == "BM26-0003" and row[1] == f"{number} rev 0" and row[2] == "tech"
    assert row[4] == "typo on the bench sheet"


def test_manifest_import_in_the_background_and_problems_listed_by_line(qtbot, demo_ctx, technician, tmp_path):
    window = _window(qtbot, demo_ctx, technician)
    before = window.lots_page.model.rowCount()
    manifest = tmp_path / "april.csv"
    lines = resource_path("demo", "manifest.csv").read_text(encoding="utf-8").splitlines()
    main_rows = [r for r in lines[1:] if " TR," not in r and " TR DUP," not in r]  # not the trace digests
    header, rows = lines[0], [r.replace("BM26-00", "BM26-05") for r in main_rows[:3]]
    manifest.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    with qtbot.waitSignal(window.progress.finished, timeout=20000):
        window.import_manifest_file(manifest)
    assert window.lots_page.model.rowCount() == before + 2  # BM26-0501 and BM26-0502
    with qtbot.waitSignal(window.progress.error, timeout=20000):
        window.import_manifest_file(manifest)  # the same lots again
    problems = window.problems_dialog.problems()
    for line, code in ((2, "BM26-0501"), (4, "BM26-0502")):
        assert f"{manifest}, line {line}: lot code {code} already exists in the database" in problems
    assert f"{manifest}, line 3: sample_label 'BM26-0501' (XRF) is already registered" in problems
    bad = tmp_path / "bad.csv"
    text = manifest.read_text(encoding="utf-8").replace("BM26-05", "BM26-06").splitlines()
    cells = text[3].split(",")
    cells[12] = "heavy"  # net_wet_mass_kg of the third row (line 4)
    text[3] = ",".join(cells)
    bad.write_text("\n".join(text) + "\n", encoding="utf-8")
    with qtbot.waitSignal(window.progress.error, timeout=20000):
        window.import_manifest_file(bad)
    problems = window.problems_dialog.problems()
    assert len(problems) == 1 and problems[0].startswith(f"{bad}, line 4: "), problems
    assert "net_wet_mass_kg" in problems[0] and "heavy" in problems[0]
    assert window.lots_page.model.rowCount() == before + 2  # nothing stored


def test_search_and_state_filter(qtbot, demo_ctx, technician):
    window = _window(qtbot, demo_ctx, technician)
    page = window.lots_page
    assert page.proxy.rowCount() == 14
    page.filter_edit.setText("hokuriku")
    hokuriku = page.proxy.rowCount()
    assert 0 < hokuriku < 14
    page.filter_edit.clear()
    page.state_combo.setCurrentIndex(page.state_combo.findData("registered"))
    assert page.proxy.rowCount() == 0  # the full demo certifies every lot
    page.state_combo.setCurrentIndex(page.state_combo.findData("certified"))
    assert page.proxy.rowCount() == 14


def test_an_xlsx_manifest_registers_its_lots(qtbot, demo_ctx, technician, tmp_path):
    import csv

    from openpyxl import Workbook

    rows = list(csv.reader(resource_path("demo", "manifest.csv").open(encoding="utf-8")))
    book = Workbook()
    sheet = book.active
    sheet.append(rows[0])
    for row in rows[1:3]:  # lot BM26-0001: digest and pellet
        sheet.append([cell.replace("BM26-00", "BM26-07") for cell in row])
    path = tmp_path / "manifest.xlsx"
    book.save(path)
    window = _window(qtbot, demo_ctx, technician)
    with qtbot.waitSignal(window.progress.finished, timeout=20000):
        window.import_manifest_file(path)
    window.lots_page.filter_edit.setText("BM26-0701")
    assert window.lots_page.proxy.rowCount() == 1
    assert lot_details(demo_ctx, "BM26-0701").sample.moisture_pct == float(rows[1][17])


def test_the_17025_items_by_form_and_the_assigned_laboratory_sample_id(qtbot, demo_ctx, technician):
    """Issue 19 item 6: condition, sampling plan and location, deviations and the customer-supplied items
    are entered in the form; the laboratory sample id is assigned at registration and shown on edit."""
    dialog = LotFormDialog(demo_ctx, technician)
    qtbot.addWidget(dialog)
    _set(dialog, code="BM26-0170", client_name="Kyushu Cell Recycling", gross_mass_kg="800",
         net_wet_mass_kg="780", condition_on_receipt="damp powder, seals intact",
         sampling_plan="ISO 12743, 20 increments", sampling_location="client yard",
         method_deviations="dried at 110 C; digest diluted 1+19")
    dialog.findChild(QCheckBox, "supplied_masses").setChecked(True)
    dialog.findChild(QCheckBox, "supplied_sampling").setChecked(True)
    dialog.save()
    assert dialog.result() == LotFormDialog.DialogCode.Accepted, dialog.error_label.text()
    details = lot_details(demo_ctx, "BM26-0170")
    assert details.lot.condition_on_receipt == "damp powder, seals intact"
    assert details.lot.customer_supplied == ("masses", "sampling")
    assert details.lot.method_deviations == ("dried at 110 C", "digest diluted 1+19")
    assert details.lab_sample_id and details.lab_sample_id.startswith("LS-")
    edit = LotFormDialog(demo_ctx, technician, details)
    qtbot.addWidget(edit)
    assert edit.sample_id_label.text() == details.lab_sample_id
    assert edit.findChild(QCheckBox, "supplied_sampling").isChecked()
    edit.findChild(QCheckBox, "supplied_sampling").setChecked(False)
    _set(edit, sampling_location="laboratory bay")
    edit.save()
    assert edit.result() == LotFormDialog.DialogCode.Accepted, edit.error_label.text()
    after = lot_details(demo_ctx, "BM26-0170").lot
    assert (after.customer_supplied, after.sampling_location) == (("masses",), "laboratory bay")
    assert after.method_deviations == ("dried at 110 C", "digest diluted 1+19")  # unchanged
