"""Certificates page: preview of the stored PDF, print through a (replaced) print dialog, save PDF and
JSON, amend and retract with a reason and a signature; the verify window's verdicts."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from labapp.demo.build import DEMO_USERS
from labapp.demo.certification_stage import SIGNER_PASSPHRASE
from labapp.gui.certificates_view import CertificatesPage
from labapp.gui.verify_window import VerifyWindow
from labapp.services.administration.users import authenticate
from labapp.services.certification.records import list_certificates, stored_twin

QA = next(u for u in DEMO_USERS if u.username == "qa")
NUMBER = "LA-2026-000003"


@pytest.fixture
def page(qtbot, demo_ctx, demo_template, tmp_path):
    qa = authenticate(demo_ctx, QA.username, QA.password)
    page = CertificatesPage(lambda: demo_ctx, lambda action: qa)
    qtbot.addWidget(page)
    page.keys_edit.setText(str(demo_template.parent / "keys"))
    page.out_edit.setText(str(tmp_path / "out"))
    page.reload()
    page.select(NUMBER, 0)
    return page


def _page_count(pdf: bytes) -> int:
    """The page count the PDF's own page tree declares (read with pyHanko, not with the renderer)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    return int(PdfFileReader(io.BytesIO(pdf), strict=False).root["/Pages"]["/Count"])


def test_preview_shows_every_page_of_the_stored_pdf(page):
    assert page.table.model.rowCount() == 14 and page.lots.count() == 0  # every demo lot is certified
    assert len(page.preview.pages) == _page_count(page.preview.pdf) >= 2
    first = page.preview.pages[0]
    assert first.height() / first.width() == pytest.approx(841.89 / 595.28, rel=0.01)  # A4 portrait


def test_save_pdf_and_json_are_the_stored_bytes(page, demo_ctx, tmp_path):
    record = page.selected()
    pdf = page.save_pdf(str(tmp_path / "copy.pdf"))
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == record.pdf_sha256
    twin = page.save_json(str(tmp_path / "copy.json"))
    assert twin.read_bytes() == stored_twin(demo_ctx, NUMBER, 0)
    assert json.loads(twin.read_text(encoding="utf-8"))["certificate"]["number"] == NUMBER


def test_print_builds_a_printer_from_the_system_dialog(page, tmp_path):
    target = tmp_path / "printed.pdf"

    class AcceptingDialog:
        def __init__(self, printer: QPrinter, parent) -> None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(target))

        def exec(self) -> int:  # the real dialog is modal; the test accepts it at once
            return QDialog.DialogCode.Accepted

    page.print_dialog_factory = AcceptingDialog
    printer = page.print_selected()
    assert isinstance(printer, QPrinter)
    assert target.read_bytes().startswith(b"%PDF")
    assert _page_count(target.read_bytes()) == len(page.preview.pages)


def test_retract_needs_a_reason_and_the_pdf_then_verifies_as_not_current(
    qtbot, page, demo_ctx, demo_template, tmp_path
):
    dialog = page.retract()
    dialog.password_edit.setText(QA.password)
    dialog.sign()
    assert dialog.error_label.text() == "Enter the passphrase of your signing key."
    dialog.key_edit.setText(SIGNER_PASSPHRASE)
    dialog.sign()
    assert dialog.error_label.text() == "A reason is required for this signature."
    dialog.reason_edit.setPlainText("client reported a sample mix-up")
    dialog.sign()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    assert [c.state for c in list_certificates(demo_ctx, "BM26-0003")] == ["retracted"]
    notice = tmp_path / "out" / f"{NUMBER}_rev0_retraction.pdf"
    assert notice.is_file() and str(notice) in page.message_label.text()
    window = VerifyWindow(lambda: demo_ctx)
    qtbot.addWidget(window)
    window.keys_edit.setText(str(demo_template.parent / "keys"))
    report = window.verify(demo_template.parent / "certificates" / f"{NUMBER}_rev0.pdf")
    assert report.verdict.name == "NOT_CURRENT"
    assert window.verdict_label.text().startswith("NOT VALID: not current")
    assert "client reported a sample mix-up" in window.details.toPlainText()


def test_amend_issues_the_next_revision(qtbot, page, demo_ctx, tmp_path):
    dialog = page.amend()
    dialog.password_edit.setText(QA.password)
    dialog.reason_edit.setPlainText("client address corrected")
    dialog.sign()
    assert dialog.error_label.text() == "Enter the passphrase of your signing key."
    dialog.key_edit.setText(SIGNER_PASSPHRASE)
    dialog.sign()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    assert [(c.revision, c.state) for c in list_certificates(demo_ctx, "BM26-0003")] == [
        (0, "superseded"),
        (1, "issued"),
    ]
    assert (tmp_path / "out" / f"{NUMBER}_rev1.pdf").is_file()
    assert page.selected().revision == 1 and len(page.preview.pages) == _page_count(page.preview.pdf)


def test_verify_window_says_tampered_for_a_changed_byte(qtbot, demo_ctx, demo_template, tmp_path):
    original = (demo_template.parent / "certificates" / f"{NUMBER}_rev0.pdf").read_bytes()
    window = VerifyWindow(lambda: demo_ctx)
    qtbot.addWidget(window)
    window.keys_edit.setText(str(demo_template.parent / "keys"))
    good = window.verify(demo_template.parent / "certificates" / f"{NUMBER}_rev0.pdf")
    assert good.verdict.name == "VALID" and window.verdict_label.text().startswith("VALID")
    changed = bytearray(original)
    position = changed.index(b"BM26-0003")
    changed[position + 8] = ord("8")  # the lot code in the page content becomes BM26-0008
    (tmp_path / "changed.pdf").write_bytes(bytes(changed))
    report = window.verify(tmp_path / "changed.pdf")
    assert report.verdict.name != "VALID"
    assert window.verdict_label.text().startswith("NOT VALID")


def test_the_certificates_page_follows_the_windows_current_lot(qtbot, demo_ctx) -> None:
    """A lot chosen on the Lots page is the one previewed here; a certificate chosen here makes its lot
    the window's current lot (issue 22 item 1)."""
    from labapp.gui.main_window import MainWindow

    window = MainWindow(ctx=demo_ctx, user=authenticate(demo_ctx, QA.username, QA.password))
    qtbot.addWidget(window)
    page = next(
        window.pages.widget(i)
        for i in range(window.pages.count())
        if isinstance(window.pages.widget(i), CertificatesPage)
    )
    window.selection.set_lot("BM26-0007")
    page.reload()
    assert page.selected().lot_code == "BM26-0007"
    other = next(r for r in list_certificates(demo_ctx) if r.lot_code == "BM26-0002")
    page.select(other.number, other.revision)
    assert window.selection.lot_code == "BM26-0002"
    window.selection.set_lot("BM26-0011")  # chosen elsewhere while the page is open
    assert page.selected().lot_code == "BM26-0011"
    window.close()


def test_ctrl_and_shift_clicks_choose_several_approved_lots(page) -> None:
    """Following the window's lot must not undo the list's own multiple selection: Ctrl-click adds a
    lot, Shift-click selects a range (the current item changes before the clicked one is selected)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from labapp.gui.selection import Selection

    page.share_lot(Selection(page))
    for code in ("BM26-0101", "BM26-0102", "BM26-0103", "BM26-0104"):
        page.lots.addItem(code)
    page.show()

    def click(row, modifier=Qt.KeyboardModifier.NoModifier):
        rect = page.lots.visualItemRect(page.lots.item(row))
        QTest.mouseClick(page.lots.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())

    def chosen():
        return sorted(item.text() for item in page.lots.selectedItems())

    click(0)
    click(1, Qt.KeyboardModifier.ControlModifier)
    assert chosen() == ["BM26-0101", "BM26-0102"]
    click(0)
    click(2, Qt.KeyboardModifier.ShiftModifier)
    assert chosen() == ["BM26-0101", "BM26-0102", "BM26-0103"]
    click(0, Qt.KeyboardModifier.ControlModifier)  # Ctrl-click takes one lot back out
    assert chosen() == ["BM26-0102", "BM26-0103"]
    page.shared.set_lot("BM26-0104")  # a lot chosen elsewhere: that lot alone
    assert chosen() == ["BM26-0104"]
