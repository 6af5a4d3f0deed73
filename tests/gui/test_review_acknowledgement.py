"""Signing over problems is explicit in the desktop: the calculation message is amber, not green, when
QC failed or labels are unmatched; the signature dialogs list the problems and need the acknowledgement
(check box and reason); the review page shows the acknowledgement stored with the signature."""

from __future__ import annotations

import shutil

import pytest
from partial_demo import QA, REVIEWER, TECH, submitted
from PySide6.QtWidgets import QDialog

from labapp.gui.review import ReviewPage
from labapp.gui.run_view import RunViewPage
from labapp.gui.run_view_common import DONE_STYLE, WARNING_STYLE
from labapp.services.administration.users import authenticate
from labapp.services.calculation.calculate import CalculationSummary
from labapp.services.calculation.calculate_and_grade import CalculatedAndGraded
from labapp.services.calculation.run_problems import FailedCheck, RunProblems
from labapp.services.context import ServiceContext
from labapp.services.vocabulary import QcVerdict
from labapp.services.workflow.review import list_runs, signatures_of

RUN = "ICP-OES 2026-03-17"
CCV = FailedCheck("ccv", "CCV", "Mn", "257.610", 88.0, 90.0, 110.0, None)


@pytest.fixture(scope="module")
def submitted_template(tmp_path_factory):
    return submitted(tmp_path_factory.mktemp("submitted-problems") / "submitted.sqlite")


@pytest.fixture
def ctx(tmp_path, submitted_template):
    path = tmp_path / "problems.sqlite"
    shutil.copyfile(submitted_template, path)
    context = ServiceContext(str(path))
    yield context
    context.close()


def _summary(problems: RunProblems) -> CalculatedAndGraded:
    return CalculatedAndGraded(
        CalculationSummary(
            1, RUN, "icp-oes-default", QcVerdict.PASS_WITH_FLAGS, 40, 14, 36, 1, 0, [], problems
        )
    )


def test_the_calculation_message_is_green_only_without_problems(qtbot, monkeypatch):
    page = RunViewPage(lambda: None, lambda action: None)
    qtbot.addWidget(page)
    monkeypatch.setattr(page, "reload", lambda: None)
    page._calculated(_summary(RunProblems()))
    assert page.message_label.styleSheet() == DONE_STYLE
    assert "acknowledgement" not in page.message_label.text()
    page._calculated(_summary(RunProblems((CCV,), ("BM26-0099", "X-1"))))
    assert page.message_label.styleSheet() == WARNING_STYLE
    text = page.message_label.text()
    assert "1 of 36 checks failed" in text and "2 sample label(s) unmatched" in text
    assert "needs an acknowledgement" in text
    page._calculated(_summary(RunProblems(unmatched_labels=("BM26-0099",))))
    assert page.message_label.styleSheet() == WARNING_STYLE  # unmatched labels alone are enough


def _review_page(qtbot, ctx, who):
    user = authenticate(ctx, who.username, who.password)
    page = ReviewPage(
        lambda: ctx, lambda action: user if user.require(action) is None else None, lambda: user
    )
    qtbot.addWidget(page)
    page.reload()
    return page


def test_review_lists_the_failed_checks_and_needs_the_acknowledgement(qtbot, ctx):
    page = _review_page(qtbot, ctx, REVIEWER)
    assert page.summary.run.name == RUN
    assert not page.problems_label.isHidden()
    assert page.problems_label.text().startswith("2 failed QC check(s) and 0 unmatched sample label(s)")
    rows = [page.problems_tree.topLevelItem(i) for i in range(page.problems_tree.topLevelItemCount())]
    assert [(r.text(0), r.text(1).split(":")[0]) for r in rows] == [
        ("failed QC check", "continuing calibration verification (CCV) CCV Mn 257.610"),
        ("failed QC check", "continuing calibration verification (CCV) CCV Mn 259.372"),
    ]
    dialog = page.sign("review")
    box = dialog.problems_box
    assert box is not None and box.tree.topLevelItemCount() == 2
    assert not box.reason_edit.isEnabled()
    dialog.password_edit.setText(REVIEWER.password)
    dialog.sign()
    assert "Tick the acknowledgement" in dialog.error_label.text()
    box.acknowledge_check.setChecked(True)
    assert box.reason_edit.isEnabled()
    dialog.sign()
    assert dialog.error_label.text() == "Give the reason for signing over these problems."
    assert dialog.result() != QDialog.DialogCode.Accepted
    box.reason_edit.setPlainText("Mn results bracketed by the low CCV are flagged")
    dialog.sign()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    review = signatures_of(ctx, RUN)[-1]
    assert (review.action, review.acknowledgement, review.acknowledged_problems) == (
        "review",
        "Mn results bracketed by the low CCV are flagged",
        "2 failed QC check(s)",
    )
    page.all_runs_check.setChecked(True)  # the reviewed run stays on the page: its review record
    page.queue.setCurrentRow(0)
    last = page.signatures_tree.topLevelItem(page.signatures_tree.topLevelItemCount() - 1)
    # what was signed over (worded), and the signer's reason for it in the Reason column (user data)
    assert last.text(3) == "2 failed QC check(s)"
    assert last.text(1).endswith("Mn results bracketed by the low CCV are flagged")


def test_a_rejection_needs_no_acknowledgement(qtbot, ctx):
    page = _review_page(qtbot, ctx, QA)
    dialog = page.sign("reject")
    assert dialog.problems_box is None
    dialog.password_edit.setText(QA.password)
    dialog.reason_edit.setPlainText("CCV Mn out of limits: re-run the bracket")
    dialog.sign()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    assert signatures_of(ctx, RUN)[-1].acknowledgement == ""


def test_the_submit_dialog_lists_the_problems(qtbot, ctx):
    tech = authenticate(ctx, TECH.username, TECH.password)
    page = RunViewPage(lambda: ctx, lambda action: tech)
    qtbot.addWidget(page)
    page.runs.set_runs(list_runs(ctx))
    page.runs.choose(next(r.id for r in list_runs(ctx) if r.name == RUN))
    dialog = page.submit()
    assert dialog is not None and dialog.problems_box is not None
    assert dialog.problems_box.tree.topLevelItemCount() == 2
    dialog.password_edit.setText(TECH.password)
    dialog.problems_box.acknowledge_check.setChecked(True)
    dialog.problems_box.reason_edit.setPlainText("flagged")
    dialog.sign()  # the service still decides: the run is already submitted
    assert "is submitted" in dialog.error_label.text() and dialog.result() != QDialog.DialogCode.Accepted
    dialog.reject()
