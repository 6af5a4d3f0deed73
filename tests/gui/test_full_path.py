"""The whole path in the desktop application, in one go: the technician imports the demo ICP-OES
export, calculates, grades and submits it; the QA manager approves it, issues a certificate and
verifies the PDF.

Second review is switched off for this test through the service (workflow.set_second_review, by the
QA manager with a reason), so the run goes from submitted straight to approval; the review step
itself is covered by test_review.py. The laboratory root and the QA manager's signing key are made
with the keys service (what an administrator does once).
"""

from __future__ import annotations

from partial_demo import ADMIN, QA, TECH, registered_only
from PySide6.QtWidgets import QDialog

from labapp.gui.import_wizard import ImportWizard
from labapp.gui.main_window import MainWindow
from labapp.resources import resource_path
from labapp.services.administration import keys
from labapp.services.administration.users import authenticate
from labapp.services.certification.records import list_certificates
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import list_lots
from labapp.services.workflow.review import list_runs, set_second_review, signatures_of

CA, SIGNER = b"Pytest-Root-CA-2026", "Pytest-Signer-2026"


def _wait_idle(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.progress.busy, timeout=120_000)
    assert page.last_error is None, page.last_error


def _acknowledge(dialog, reason: str) -> None:
    """The demo run has a failed Mn CCV: signing over it needs the box ticked and a reason."""
    box = dialog.problems_box
    assert box is not None and box.tree.topLevelItemCount() > 0
    box.acknowledge_check.setChecked(True)
    box.reason_edit.setPlainText(reason)


def _show(window, page) -> None:
    window.navigation.setCurrentRow(window.pages.indexOf(page))


def test_import_submit_approve_certify_verify(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("LABAPP_KEYS", str(tmp_path / "keys"))
    ctx = ServiceContext(str(registered_only(tmp_path / "path.sqlite")))
    admin = authenticate(ctx, ADMIN.username, ADMIN.password)
    keys.init_ca(
        ctx, admin, "Pytest Root CA", "labapp Demo Assay Laboratory", CA, "JP", folder=tmp_path / "keys"
    )
    keys.issue_signer(ctx, admin, QA.username, CA, SIGNER.encode(), folder=tmp_path / "keys")
    tech = authenticate(ctx, TECH.username, TECH.password)
    window = MainWindow(ctx=ctx, user=tech)
    qtbot.addWidget(window)
    run_page, _results, grading, review, certificates = list(window.run_pages.values())[:5]

    # technician: import the demo export with the wizard
    wizard = ImportWizard(ctx, tech, window)
    qtbot.addWidget(wizard)
    wizard.file_page.set_path(str(resource_path("demo", "icp_oes_run.csv")))
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: not wizard.preview_page.progress.busy, timeout=60_000)
    wizard.next()
    wizard.next()
    with qtbot.waitSignal(wizard.import_page.progress.finished, timeout=60_000):
        wizard.import_page.import_button.click()
    wizard.accept()
    window.refresh()
    window.show()
    _show(window, run_page)
    run_id = list_runs(ctx)[0].id
    run_page.runs.choose(run_id)
    _wait_idle(qtbot, run_page)

    # calculate, grade the run's lots, submit with a signature
    run_page.calculate_button.click()
    _wait_idle(qtbot, run_page)
    assert "140 reportable results" in run_page.message_label.text()
    assert list_runs(ctx)[0].state == "calculated"
    _show(window, grading)
    grading.runs.choose(run_id)
    grading.grade_run_button.click()
    _wait_idle(qtbot, grading)
    assert grading.message_label.text().startswith("14 lot(s) against JP-EU black mass, provisional 0.2")
    dialog = run_page.submit()
    dialog.password_edit.setText(TECH.password)
    _acknowledge(dialog, "Mn CCV low, re-run planned; results of Mn not reported")
    dialog.sign()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    assert list_runs(ctx)[0].state == "submitted"

    # QA manager: single review switched off through the service, then approve in the review queue
    qa = authenticate(ctx, QA.username, QA.password)
    set_second_review(ctx, qa, False, "pytest: single review for the full-path test")
    window.user = qa
    _show(window, review)  # the queue is read whenever the page is shown
    assert review.selected_run() == run_id
    dialog = review.sign("approve")
    dialog.password_edit.setText(QA.password)
    dialog.key_edit.setText(SIGNER)  # the QA manager holds a signing key: the approval is signed with it
    _acknowledge(dialog, "Mn CCV failure reviewed; Mn is not a graded analyte of these lots")
    dialog.sign()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    assert list_runs(ctx)[0].state == "approved"
    assert [s.action for s in signatures_of(ctx, run_id)] == ["submit", "approve"]
    assert {lot.state for lot in list_lots(ctx)} == {"approved"}

    # issue one certificate, then verify the written PDF
    _show(window, certificates)
    item = next(
        certificates.lots.item(i)
        for i in range(certificates.lots.count())
        if certificates.lots.item(i).text() == "BM26-0001"
    )
    item.setSelected(True)
    certificates.out_edit.setText(str(tmp_path / "out"))
    certificates.keys_edit.setText(str(tmp_path / "keys"))
    dialog = certificates.issue()
    dialog.password_edit.setText(QA.password)
    dialog.key_edit.setText(SIGNER)
    dialog.sign()
    _wait_idle(qtbot, certificates)
    issued = list_certificates(ctx, "BM26-0001")
    assert [(c.state, c.revision) for c in issued] == [("issued", 0)]
    assert certificates.preview.pages, "the issued certificate is previewed"
    verify = certificates.open_verify()
    qtbot.addWidget(verify)
    report = verify.verify(tmp_path / "out" / f"{issued[0].number}_rev0.pdf")
    assert report.verdict.name == "VALID", report.message
    assert report.currency.startswith("current")
    assert verify.verdict_label.text().startswith("VALID")
    window.close()
