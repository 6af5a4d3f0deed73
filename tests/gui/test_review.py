"""Review queue and batch page: who sees what, reject needs a reason, review then approve with
electronic signatures, the four-eyes rule shown as the service's message."""

from __future__ import annotations

import shutil

import pytest
from partial_demo import QA, REVIEWER, TECH, submitted
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from labapp.core.errors import LabappError
from labapp.gui.review import ReviewPage
from labapp.services.administration.users import authenticate
from labapp.services.context import ServiceContext
from labapp.services.workflow.review import list_runs, signatures_of


@pytest.fixture(scope="module")
def submitted_template(tmp_path_factory):
    return submitted(tmp_path_factory.mktemp("submitted") / "submitted.sqlite")


@pytest.fixture
def ctx(tmp_path, submitted_template):
    path = tmp_path / "review.sqlite"
    shutil.copyfile(submitted_template, path)
    ctx = ServiceContext(str(path))
    yield ctx
    ctx.close()


def _page(qtbot, ctx, who):
    user = authenticate(ctx, who.username, who.password)
    page = ReviewPage(
        lambda: ctx, lambda action: user if user.require(action) is None else None, lambda: user
    )
    qtbot.addWidget(page)
    page.reload()
    return page


def _acknowledge(dialog, reason):
    """The demo run has two failed Mn CCV checks: signing over them is acknowledged with a reason."""
    dialog.problems_box.acknowledge_check.setChecked(True)
    dialog.problems_box.reason_edit.setPlainText(reason)


def _state(ctx, name):
    return next(r.state for r in list_runs(ctx) if r.name == name)


def test_reviewer_queue_and_batch_page(qtbot, ctx):
    page = _page(qtbot, ctx, REVIEWER)
    assert page.queue.count() == 2 and page.queue_label.text() == "2 run(s) waiting for reviewer"
    assert page.summary.run.name == "ICP-OES 2026-03-17"
    assert page.summary.qc_counts["ccv"] == (52, 2)  # the two Mn CCV recoveries below 90 %
    assert page.qc_tree.topLevelItemCount() == len(page.summary.qc_counts)
    shown = {
        page.qc_tree.topLevelItem(i).text(0): page.qc_tree.topLevelItem(i).text(2)
        for i in range(len(page.summary.qc_counts))
    }
    assert shown["continuing calibration verification (CCV)"] == "2"  # the check by its label, not "ccv"
    first_three = [page.qc_tree.topLevelItem(i).text(0) for i in range(3)]  # in the run's order
    assert first_three == [
        "initial calibration verification (ICV)",
        "continuing calibration verification (CCV)",
        "initial calibration blank (ICB)",
    ]
    assert page.grades_view.model.rowCount() == 14
    assert [s.action for s in page.summary.signatures] == ["submit"]
    assert page.signatures_tree.topLevelItem(0).text(2) == "valid"


def test_reject_needs_a_reason_then_review_and_approve(qtbot, ctx):
    page = _page(qtbot, ctx, REVIEWER)
    dialog = page.sign("reject")
    dialog.password_edit.setText(REVIEWER.password)
    dialog.sign()
    assert dialog.error_label.text() == "A reason is required for this signature."
    assert dialog.result() != QDialog.DialogCode.Accepted and _state(ctx, "ICP-OES 2026-03-17") == "submitted"
    dialog.reject()

    dialog = page.sign("review")
    dialog.password_edit.setText("wrong password")
    dialog.sign()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.error_label.text()
    dialog.password_edit.setText(REVIEWER.password)
    _acknowledge(dialog, "Mn CCV low at the end of the run: Mn results flagged, reviewed")
    dialog.sign()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    assert _state(ctx, "ICP-OES 2026-03-17") == "reviewed"
    assert page.message_label.text() == "ICP-OES 2026-03-17 is reviewed"

    qa_page = _page(qtbot, ctx, QA)
    queue = [qa_page.queue.item(i).text() for i in range(qa_page.queue.count())]
    # the QA manager also holds the reviewer role, so the XRF run waiting for review is listed too
    assert queue == ["ICP-OES 2026-03-17  [reviewed]", "XRF 2026-03-18  [submitted]"]
    assert qa_page.summary.run.name == "ICP-OES 2026-03-17"
    dialog = qa_page.sign("approve")
    dialog.password_edit.setText(QA.password)
    _acknowledge(dialog, "Mn flagged on the certificate; other analytes in control")
    dialog.sign()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    assert "lots approved: BM26-0001" in qa_page.message_label.text()
    assert [s.action for s in signatures_of(ctx, "ICP-OES 2026-03-17")] == ["submit", "review", "approve"]


def test_reject_with_a_reason_returns_the_run(qtbot, ctx):
    page = _page(qtbot, ctx, QA)  # QA manager may reject a submitted run
    page.all_runs_check.setChecked(True)
    dialog = page.sign("reject")
    dialog.password_edit.setText(QA.password)
    dialog.reason_edit.setPlainText("CCV Mn out of limits: re-run the bracket")
    dialog.sign()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    assert _state(ctx, "ICP-OES 2026-03-17") == "rejected"
    statuses = signatures_of(ctx, "ICP-OES 2026-03-17")
    assert statuses[-1].manifest.reason == "CCV Mn out of limits: re-run the bracket"


def test_the_submitter_may_not_review(qtbot, ctx):
    tech = authenticate(ctx, TECH.username, TECH.password)
    errors = []

    def gate(action):
        try:
            tech.require(action)
        except Exception as exc:  # noqa: BLE001 - the window shows it; here it is recorded
            errors.append(str(exc))
            return None
        return tech

    page = ReviewPage(lambda: ctx, gate, lambda: tech)
    qtbot.addWidget(page)
    page.reload()
    # a technician signs no review: the queue shows what waits for a reviewer or QA manager, who sign
    # at this session with their own user name; signing as the technician is refused in the dialog
    assert page.queue_label.text() == f"{page.queue.count()} run(s) waiting for a reviewer or QA manager"
    assert page.queue.count() == 2
    dialog = page.sign("review")
    assert dialog.user_edit.text() == ""  # no signer proposed: the technician may not review
    dialog.user_edit.setText(TECH.username)
    dialog.password_edit.setText(TECH.password)
    if dialog.problems_box is not None:
        dialog.problems_box.acknowledge_check.setChecked(True)
        dialog.problems_box.reason_edit.setPlainText("checked")
    dialog.sign()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "may not review" in dialog.error_label.text() and errors == []  # refused by the signature


def test_batch_page_shows_conditional_and_off_spec_grades(qtbot, ctx):
    """Issue 16: a conditional grade is shown as such (orange), an off-spec lot red."""
    from labapp.gui.frame_model import RowState

    page = _page(qtbot, ctx, REVIEWER)
    model = page.grades_view.model
    keys = model.column_keys()
    rows = {
        model.index(r, keys.index("lot_code")).data(): (
            model.index(r, keys.index("status")).data(),
            model.state_of(r),
        )
        for r in range(model.rowCount())
    }
    assert rows["BM26-0005"] == ("conditional", RowState.CONDITIONAL)  # Ni+Co 25.69 against B >= 25
    # issue 17: BM26-0006's Fe is now "detected, not quantified"; the lot is A (conditional) through Al
    # 0.93 +/- 0.08 wt% against the A maximum of 1 (the regenerated demo)
    assert rows["BM26-0006"] == ("conditional", RowState.CONDITIONAL)
    assert rows["BM26-0012"] == ("off-spec", RowState.OUT_OF_SPEC)
    assert rows["BM26-0004"] == ("graded", RowState.NORMAL)


def test_a_run_that_cannot_be_read_leaves_nothing_of_the_previous_run(qtbot, ctx, monkeypatch):
    """A failed batch_summary must not keep the previous run's summary (the signature dialog would
    name that run) nor its enabled buttons."""
    page = _page(qtbot, ctx, REVIEWER)
    assert page.summary is not None and page.review_button.isEnabled()
    monkeypatch.setattr(page, "show_error", lambda message: None)

    def unreadable(ctx, run):
        raise LabappError("the run cannot be read")

    monkeypatch.setattr("labapp.gui.review.batch_summary", unreadable)
    page.queue.setCurrentRow(1)
    assert page.summary is None
    assert not page.review_button.isEnabled() and not page.approve_button.isEnabled()


def _approved_offer(qtbot, ctx):
    """The demo run reviewed and approved at a QA session whose signed-in user can be changed."""
    page = _page(qtbot, ctx, REVIEWER)
    dialog = page.sign("review")
    dialog.password_edit.setText(REVIEWER.password)
    _acknowledge(dialog, "Mn CCV low at the end of the run: Mn results flagged, reviewed")
    dialog.sign()
    session = {"user": authenticate(ctx, QA.username, QA.password)}
    qa_page = ReviewPage(lambda: ctx, lambda action: session["user"], lambda: session["user"])
    qtbot.addWidget(qa_page)
    qa_page.all_runs_check.setChecked(True)  # the approved run stays listed
    dialog = qa_page.sign("approve")
    dialog.password_edit.setText(QA.password)
    _acknowledge(dialog, "Mn flagged on the certificate; other analytes in control")
    dialog.sign()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    offer = qa_page.certify_offer
    assert "BM26-0001" in offer.codes and offer.isVisibleTo(qa_page)
    qa_page.reload()  # a reload by the same person keeps the offer
    assert "BM26-0001" in offer.codes and offer.isVisibleTo(qa_page)
    return qa_page, session


def test_the_certificate_offer_goes_when_another_run_is_chosen(qtbot, ctx):
    page, _ = _approved_offer(qtbot, ctx)
    approved = page.selected_run()
    other = next(
        i for i in range(page.queue.count()) if page.queue.item(i).data(Qt.ItemDataRole.UserRole) != approved
    )
    page.queue.setCurrentRow(other)
    assert page.certify_offer.codes == [] and not page.certify_offer.isVisibleTo(page)


def test_the_certificate_offer_goes_when_the_user_changes(qtbot, ctx):
    page, session = _approved_offer(qtbot, ctx)
    session["user"] = authenticate(ctx, REVIEWER.username, REVIEWER.password)
    page.reload()
    assert page.certify_offer.codes == [] and not page.certify_offer.isVisibleTo(page)


def test_the_certificate_offer_goes_once_its_lots_are_issued_elsewhere(qtbot, ctx, monkeypatch):
    page, _ = _approved_offer(qtbot, ctx)
    offered = list(page.certify_offer.codes)
    # the Certificates page issued the first lot: only the others are offered
    monkeypatch.setattr("labapp.gui.review.lots_awaiting_certificate", lambda ctx: offered[1:])
    page.reload()
    assert page.certify_offer.codes == offered[1:]
    monkeypatch.setattr("labapp.gui.review.lots_awaiting_certificate", lambda ctx: [])
    page.reload()
    assert page.certify_offer.codes == [] and not page.certify_offer.isVisibleTo(page)
