"""The steps that shortened the daily job (issue 22, "Done when"), each on its own: the one-step import
page, grading with the calculation, signing at a colleague's session (and its refusals), and the run's
certificates issued after the approval in one signature, whole or not at all."""

from __future__ import annotations

import shutil

import pytest
from partial_demo import ADMIN, QA, REVIEWER, TECH, registered_only, submitted
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from labapp.certificates.pki import load_p12
from labapp.core.errors import LabappError, PassphraseRefused
from labapp.gui.error_text import error_text
from labapp.gui.import_flow import QFileDialog
from labapp.gui.import_wizard import ImportWizard
from labapp.gui.main_window import MainWindow
from labapp.gui.quick_import import QuickImportDialog
from labapp.gui.review import ReviewPage
from labapp.gui.run_view import RunViewPage
from labapp.resources import resource_path
from labapp.services.administration import keys
from labapp.services.administration.audit_trail import audit_log
from labapp.services.administration.users import authenticate
from labapp.services.certification import issuing
from labapp.services.certification.issuing import IssueStatus, SigningSetup, issue_certificates
from labapp.services.certification.records import list_certificates
from labapp.services.context import ServiceContext
from labapp.services.grading.criteria_catalog import default_set
from labapp.services.grading.grade import current_grading
from labapp.services.importing.import_preview import preview_import
from labapp.services.importing.run_import import import_run
from labapp.services.vocabulary import RunState
from labapp.services.workflow.review import find_run, lots_of_run, signatures_of
from labapp.store.certificate_numbers import CertificateNumber
from labapp.store.states import NumberState

EXPORT = "icp_oes_run.csv"
RUN = "ICP-OES 2026-03-17"
CA, SIGNER = b"Pytest-Root-CA-2026", "Pytest-Signer-2026"


@pytest.fixture(scope="module")
def registered_template(tmp_path_factory):
    return registered_only(tmp_path_factory.mktemp("steps-registered") / "registered.sqlite")


@pytest.fixture(scope="module")
def submitted_template(tmp_path_factory):
    return submitted(tmp_path_factory.mktemp("steps-submitted") / "submitted.sqlite")


def _window(qtbot, template, tmp_path, who=TECH):
    path = tmp_path / "steps.sqlite"
    shutil.copyfile(template, path)
    ctx = ServiceContext(str(path))
    window = MainWindow(ctx=ctx, user=authenticate(ctx, who.username, who.password))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _page(window, kind):
    return next(p for p in window.run_pages.values() if isinstance(p, kind))


def _choose(monkeypatch, path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


# -- one-step import -------------------------------------------------------------------------------
def test_a_recognised_file_is_imported_from_one_page_and_opens_on_the_runs_page(
    qtbot, tmp_path, registered_template, monkeypatch
):
    window = _window(qtbot, registered_template, tmp_path)
    export = resource_path("demo", EXPORT)
    _choose(monkeypatch, export)
    window.import_export()
    page = window.import_wizard
    assert isinstance(page, QuickImportDialog)
    qtbot.waitUntil(page.import_button.isEnabled, timeout=60_000)
    preview = preview_import(window.ctx, export)
    assert preview.profile is not None and preview.profile.name in page.profile_label.text()
    assert page.run_name_edit.text() == "icp_oes_run"  # defaulted from the file name
    page.run_name_edit.setText("ICP-OES today")
    with qtbot.waitSignal(page.finished, timeout=60_000):
        page.import_button.click()
    outcome = page.outcome
    assert outcome.run_name == "ICP-OES today"
    with window.ctx.read_session() as session:
        stored_lots = sorted(lot.code for lot in lots_of_run(session, find_run(session, outcome.run_id)))
    assert page.lots_label.text().endswith(", ".join(stored_lots))  # the page said what got stored
    assert f"{len(outcome.matched)} sample label(s)" in page.lots_label.text()
    assert window.selection.run_id == outcome.run_id
    assert window.pages.currentWidget() is _page(window, RunViewPage)
    assert _page(window, RunViewPage).runs.selected() == outcome.run_id


def test_the_same_file_again_is_imported_only_once_ticked(qtbot, tmp_path, registered_template, monkeypatch):
    window = _window(qtbot, registered_template, tmp_path)
    export = resource_path("demo", EXPORT)
    import_run(window.ctx, export, "first", window.user)
    _choose(monkeypatch, export)
    window.import_export()
    page = window.import_wizard
    qtbot.waitUntil(lambda: page.preview is not None, timeout=60_000)
    assert page.duplicate_check.isVisibleTo(page) and not page.import_button.isEnabled()
    # the earlier run by the name it was imported under, never its database id
    assert page.preview.earlier_names == ("first",)
    assert page.duplicate_check.text() == "This exact file was imported before (as first): import it again"
    page.duplicate_check.setChecked(True)
    assert page.import_button.isEnabled()
    page.reject()


def test_an_unrecognised_file_and_change_open_the_full_wizard(
    qtbot, tmp_path, registered_template, monkeypatch
):
    window = _window(qtbot, registered_template, tmp_path)
    notes = tmp_path / "notes.csv"
    notes.write_text("shopping list\neggs;milk\n", encoding="utf-8")
    _choose(monkeypatch, notes)
    window.import_export()
    qtbot.waitUntil(lambda: isinstance(window.import_wizard, ImportWizard), timeout=60_000)
    wizard = window.import_wizard
    assert wizard.file_page.path() == notes and wizard.currentPage() is wizard.format_page
    assert wizard.format_page.profile_id() is None  # the technician chooses the profile there
    wizard.reject()

    _choose(monkeypatch, resource_path("demo", EXPORT))
    window.import_export()
    page = window.import_wizard
    qtbot.waitUntil(page.import_button.isEnabled, timeout=60_000)
    page.run_name_edit.setText("kept name")
    page.change_button.click()
    wizard = window.import_wizard
    assert isinstance(wizard, ImportWizard) and wizard.file_page.run_name_edit.text() == "kept name"
    assert wizard.format_page.profile_id() == page.preview.profile.profile_id
    wizard.reject()


# -- grading with the calculation ------------------------------------------------------------------
def test_calculate_grades_the_runs_lots_against_the_default_set(qtbot, tmp_path, registered_template):
    window = _window(qtbot, registered_template, tmp_path)
    outcome = import_run(window.ctx, resource_path("demo", EXPORT), "today", window.user)
    window.selection.set_run(outcome.run_id)
    page = _page(window, RunViewPage)
    window.navigation.setCurrentRow(window.pages.indexOf(page))
    qtbot.waitUntil(lambda: not page.progress.busy, timeout=60_000)
    page.calculate_button.click()
    qtbot.waitUntil(lambda: not page.progress.busy, timeout=120_000)
    with window.ctx.read_session() as session:
        lots = [lot.code for lot in lots_of_run(session, find_run(session, outcome.run_id))]
    gradings = {code: current_grading(window.ctx, code) for code in lots}
    graded = [g for g in gradings.values() if g is not None]
    assert graded and all(g.criteria.id == default_set().id and g.graded_by == TECH.username for g in graded)
    assert f"{len(graded)} lot(s) graded against" in page.message_label.text()
    admin = authenticate(window.ctx, ADMIN.username, ADMIN.password)
    events = [e for e in audit_log(window.ctx, admin, limit=2000) if e.actor == TECH.username]
    calculated = max(e.seq for e in events if e.action == "calculate")  # the run's state change
    stored = [e for e in events if e.entity_type == "lot_gradings" and e.action == "create"]
    assert len(stored) == len(graded) and min(e.seq for e in stored) > calculated  # audited, after


# -- signing at the technician's session -----------------------------------------------------------
def _sign(dialog, username, password, reason="Mn CCV checked"):
    dialog.user_edit.setText(username)
    dialog.password_edit.setText(password)
    if dialog.key_edit is not None:
        dialog.key_edit.setText(SIGNER)
    if dialog.problems_box is not None:
        dialog.problems_box.acknowledge_check.setChecked(True)
        dialog.problems_box.reason_edit.setPlainText(reason)
    dialog.sign()
    return dialog.error_label.text()


def _review_page(window, run_name=RUN):
    page = _page(window, ReviewPage)
    window.navigation.setCurrentRow(window.pages.indexOf(page))
    page.reload()
    run = next(i for i in range(page.queue.count()) if page.queue.item(i).text().startswith(run_name))
    page.queue.setCurrentRow(run)
    return page


def test_a_reviewer_signs_at_the_technicians_session_and_the_refusals_keep_the_dialog(
    qtbot, tmp_path, submitted_template
):
    window = _window(qtbot, submitted_template, tmp_path)
    page = _review_page(window)
    dialog = page.sign("review")
    assert dialog.user_edit.text() == ""  # the technician may not review: nobody proposed

    said = _sign(dialog, REVIEWER.username, "not-the-password")
    assert said == "The user name or the password is wrong."
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.password_edit.text() == ""  # typed again, the dialog stays open
    said = _sign(dialog, TECH.username, TECH.password)  # the technician's own name: no reviewer role
    assert "may not review" in said and dialog.result() != QDialog.DialogCode.Accepted
    assert _sign(dialog, REVIEWER.username, REVIEWER.password) == ""
    assert dialog.result() == QDialog.DialogCode.Accepted

    run = page.summary.run.id
    statuses = signatures_of(window.ctx, run)
    assert [(s.manifest.user_id, s.action) for s in statuses][-1] == (REVIEWER.username, "review")
    assert window.user.username == TECH.username  # the session is still the technician's
    admin = authenticate(window.ctx, ADMIN.username, ADMIN.password)
    events = audit_log(window.ctx, admin, limit=500)
    assert ("signature_failed", REVIEWER.username) in [(e.action, e.actor) for e in events]
    refused = [e for e in events if e.action == "signature_refused"]  # right password, no reviewer role
    assert [e.actor for e in refused] == [TECH.username]
    assert "may not review" in refused[0].new_values["refusal"]
    assert ("review", REVIEWER.username) in [(e.action, e.actor) for e in events]


def test_four_eyes_still_refuses_the_same_person_signing_twice(qtbot, tmp_path, submitted_template):
    window = _window(qtbot, submitted_template, tmp_path)
    page = _review_page(window)
    assert _sign(page.sign("review"), QA.username, QA.password) == ""  # the QA manager also reviews
    page = _review_page(window)
    dialog = page.sign("approve")
    said = _sign(dialog, QA.username, QA.password)
    assert "may not approve it (four eyes)" in said and dialog.result() != QDialog.DialogCode.Accepted


def test_the_dialogs_refusals_read_in_japanese(qtbot, qapp, tmp_path, submitted_template):
    from labapp.gui.translation import install_translation

    install_translation(qapp, "ja")
    try:
        window = _window(qtbot, submitted_template, tmp_path)
        dialog = _review_page(window).sign("review")
        assert (
            _sign(dialog, REVIEWER.username, "not-the-password") == "ユーザー名またはパスワードが違います。"
        )
        assert _sign(dialog, TECH.username, TECH.password) == (
            "tech はこの操作を行えません。ランのレビューはレビュー担当者または品質保証責任者のみが行えます。"
        )
        assert _sign(dialog, QA.username, QA.password) == ""  # the QA manager reviews, then approves:
        said = _sign(_review_page(window).sign("approve"), QA.username, QA.password)
        assert said == "qa はこのランをレビュー済みにした担当者のため、承認できません（四つの目の原則）。"
        with pytest.raises(PassphraseRefused) as refused:  # a key file its passphrase does not open
            load_p12(b"not a key file", b"x", what="signing key of qa")
        assert (
            error_text(refused.value)
            == "鍵ファイルを開けません。パスフレーズが違うか、ファイルが破損しています。"
        )
    finally:
        install_translation(qapp, "en")


def test_the_signed_in_person_who_may_sign_is_proposed(qtbot, tmp_path, submitted_template):
    window = _window(qtbot, submitted_template, tmp_path, who=REVIEWER)
    dialog = _review_page(window).sign("review")
    assert dialog.user_edit.text() == REVIEWER.username and dialog.key_edit.isHidden()


def test_only_the_signatures_the_runs_state_allows_are_enabled_and_the_others_say_why(
    qtbot, tmp_path, submitted_template
):
    window = _window(qtbot, submitted_template, tmp_path)
    page = _review_page(window)
    page.all_runs_check.setChecked(True)  # the run stays chosen once it leaves the queue
    assert page.summary.run.name == RUN and page.summary.run.state is RunState.SUBMITTED
    # second review is on: review or reject, not approve
    assert page.review_button.isEnabled() and page.reject_button.isEnabled()
    assert not page.approve_button.isEnabled()
    assert page.approve_button.toolTip() == "The run is submitted; to approve it, it must be reviewed."
    assert "They sign here with their own user name and password." in page.review_button.toolTip()

    assert _sign(page.sign("review"), REVIEWER.username, REVIEWER.password) == ""
    assert page.approve_button.isEnabled() and not page.review_button.isEnabled()
    assert page.review_button.toolTip() == "The run is reviewed; to review it, it must be submitted."
    assert _sign(page.sign("approve"), QA.username, QA.password) == ""
    assert page.summary.run.name == RUN and page.summary.run.state is RunState.APPROVED
    assert not any(b.isEnabled() for b in (page.review_button, page.approve_button, page.reject_button))
    assert page.reject_button.toolTip() == (
        "The run is approved; to reject it, it must be submitted or reviewed."
    )
    window.user_changed()  # a sign-in again applies the roles: the state still refuses
    assert not page.approve_button.isEnabled()


# -- the run's certificates after the approval -----------------------------------------------------
@pytest.fixture
def approved(qtbot, tmp_path, submitted_template, monkeypatch):
    """A window at the technician's session with RUN approved by signatures given in it, and keys."""
    monkeypatch.setenv("LABAPP_KEYS", str(tmp_path / "keys"))
    window = _window(qtbot, submitted_template, tmp_path)
    page = _review_page(window)
    assert _sign(page.sign("review"), REVIEWER.username, REVIEWER.password) == ""
    page = _review_page(window)
    dialog = page.sign("approve")
    assert _sign(dialog, QA.username, QA.password) == ""
    admin = authenticate(window.ctx, ADMIN.username, ADMIN.password)
    keys.init_ca(window.ctx, admin, "Pytest Root CA", "Demo Lab", CA, "JP", folder=tmp_path / "keys")
    keys.issue_signer(window.ctx, admin, QA.username, CA, SIGNER.encode(), folder=tmp_path / "keys")
    certificates = next(p for p in window.run_pages.values() if type(p).__name__ == "CertificatesPage")
    certificates.out_edit.setText(str(tmp_path / "out"))
    certificates.keys_edit.setText(str(tmp_path / "keys"))
    return window, page, certificates


def test_after_approval_the_runs_lots_are_certified_in_one_signature(qtbot, approved):
    window, review, certificates = approved
    codes = list(review.certify_offer.codes)
    assert len(codes) > 1 and review.certify_offer.isVisibleTo(review)
    review.certify_offer.issue_button.click()
    assert window.pages.currentWidget() is certificates and not review.certify_offer.isVisibleTo(review)
    dialog = certificates.dialog
    assert dialog.user_edit.text() == ""  # the technician may not issue: the QA manager types their name
    assert "may not issue certificates" in _sign(dialog, TECH.username, TECH.password)
    dialog.user_edit.setText(QA.username)  # a wrong key passphrase is refused while the dialog is open
    dialog.password_edit.setText(QA.password)
    dialog.key_edit.setText("not-the-passphrase")
    dialog.sign()
    assert "wrong passphrase" in dialog.error_label.text() and dialog.result() != QDialog.DialogCode.Accepted
    assert not certificates.progress.busy
    assert _sign(dialog, QA.username, QA.password) == ""
    qtbot.waitUntil(lambda: not certificates.progress.busy, timeout=180_000)
    said = certificates.message_label.text()  # worded from the summaries' fields, no service English
    assert said.startswith(f"{len(codes)} certificate(s) issued: LA-2026-000001 revision 0, ")
    assert " rev " not in said and "/" not in said
    for code in codes:
        assert [(c.state, c.issued_by) for c in list_certificates(window.ctx, code)] == [
            ("issued", QA.username)
        ]


def test_a_batch_with_a_lot_that_cannot_be_certified_issues_nothing(qtbot, approved, tmp_path):
    window, review, _certificates = approved
    codes = list(review.certify_offer.codes)
    qa = authenticate(window.ctx, QA.username, QA.password)
    setup = SigningSetup(tmp_path / "out", SIGNER, "en", str(tmp_path / "keys"))
    with pytest.raises(LabappError, match=r"no certificate issued, 1 of \d+ lots cannot be: BM26-0099"):
        issue_certificates(
            window.ctx, qa, [*codes, "BM26-0099"], password=QA.password, setup=setup, whole=True
        )
    assert all(list_certificates(window.ctx, code) == [] for code in codes)
    assert _numbers(window.ctx) == []  # no certificate number reserved (nor voided)


def test_an_output_folder_that_cannot_be_written_stops_the_batch_before_a_number(qtbot, approved, tmp_path):
    window, review, _certificates = approved
    codes = list(review.certify_offer.codes)
    qa = authenticate(window.ctx, QA.username, QA.password)
    (tmp_path / "a-file").write_text("not a folder")
    out = tmp_path / "a-file" / "out"
    setup = SigningSetup(out, SIGNER, "en", str(tmp_path / "keys"))
    with pytest.raises(LabappError) as error:
        issue_certificates(window.ctx, qa, codes, password=QA.password, setup=setup, whole=True)
    assert str(error.value).startswith(f"no certificate issued: the output folder {out} cannot be written (")
    assert "\n" not in str(error.value)
    assert all(list_certificates(window.ctx, code) == [] for code in codes) and _numbers(window.ctx) == []


def test_a_lot_failing_after_the_checks_stops_the_batch_there(qtbot, approved, tmp_path, monkeypatch):
    """A failure the checks cannot foresee (a full disk, another workstation's change) voids the number
    of that lot only: the lots after it are not issued and reserve none."""
    window, review, _certificates = approved
    codes = list(review.certify_offer.codes)
    qa = authenticate(window.ctx, QA.username, QA.password)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(issuing, "_store", full_disk)
    setup = SigningSetup(tmp_path / "out", SIGNER, "en", str(tmp_path / "keys"))
    out = issue_certificates(window.ctx, qa, codes, password=QA.password, setup=setup, whole=True)
    assert [o.lot_code for o in out] == codes
    assert out[0].status is IssueStatus.FAILED and "No space left on device" in out[0].message
    assert [o.status for o in out[1:]] == [IssueStatus.CANCELLED] * (len(codes) - 1)
    assert all(o.message == f"not issued: the batch stopped at {codes[0]}" for o in out[1:])
    assert _numbers(window.ctx) == [(out[0].number, NumberState.VOID)]


def _numbers(ctx) -> list:
    with ctx.read_session() as session:
        rows = session.scalars(select(CertificateNumber).order_by(CertificateNumber.id))
        return [(row.number, row.state) for row in rows]
