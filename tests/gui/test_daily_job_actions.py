"""How many user actions the daily job takes in the desktop (issue 22, "Done when"), counted while the
test drives it: import a run, check the curve, calculate, grade, submit, review, approve, certify.

Every click, key, menu choice, page change and dialog confirmation counts one; a signature dialog
(user name, password, acknowledgement, Sign) counts one. "before" is the desktop as it was: the import
wizard's pages, each page keeping its own run (a page showing another run costs a re-selection; the
database holds an older run, listed first), a separate Grading step, and a change of user (menu and
log-in dialog) before the review and the approval. "now" is the desktop today: one confirmation page
for a recognised file, grading with the calculation, the reviewer and the QA manager signing at the
technician's session with their own user name and password, and the run's certificates issued from
the Review page after the approval in one signature. The sequences and numbers are in docs/desktop.md.
"""

from __future__ import annotations

from partial_demo import ADMIN, QA, REVIEWER, TECH, registered_only
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from labapp.demo.calculation_stage import DEMO_RUNS
from labapp.gui import main_window as main_window_module
from labapp.gui import run_view_pages
from labapp.gui.import_flow import QFileDialog
from labapp.gui.import_wizard import ImportWizard
from labapp.gui.main_window import MainWindow
from labapp.gui.run_view_common import RunChooser
from labapp.resources import resource_path
from labapp.services.administration import keys
from labapp.services.administration.users import authenticate
from labapp.services.certification.records import list_certificates
from labapp.services.context import ServiceContext
from labapp.services.importing.run_import import import_run
from labapp.services.workflow.review import list_runs

CA, SIGNER = b"Pytest-Root-CA-2026", "Pytest-Signer-2026"


class Actions:
    """The user's actions, in order, each with what it was."""

    def __init__(self) -> None:
        self.done: list[str] = []

    def __call__(self, what: str) -> None:
        self.done.append(what)


def _wait(qtbot, page) -> None:
    qtbot.waitUntil(lambda: not page.progress.busy, timeout=120_000)
    assert page.last_error is None, page.last_error


def _go(window, page, count) -> None:
    if window.pages.currentWidget() is not page:
        window.navigation.setCurrentRow(window.pages.indexOf(page))
        count("open page " + window.navigation.currentItem().text())


def _run_on(page, run_id, count) -> None:
    """The run the user works on must be the page's run: choosing it again is an action."""
    current = page.selected_run() if hasattr(page, "selected_run") else page.runs.selected()
    if current != run_id:
        if hasattr(page, "queue"):
            page.queue.setCurrentRow(
                next(
                    i
                    for i in range(page.queue.count())
                    if page.queue.item(i).data(Qt.ItemDataRole.UserRole) == run_id
                )
            )
        else:
            page.runs.choose(run_id)
        count("re-select the run on " + type(page).__name__)


def _sign(dialog, who, count, *, key=None, acknowledge=None) -> None:
    """One signature dialog: the signer's user name when the dialog asks for it, password, key."""
    if dialog.user_edit is not None and dialog.user_edit.text() != who.username:
        dialog.user_edit.setText(who.username)
    dialog.password_edit.setText(who.password)
    if key:
        dialog.key_edit.setText(key)
    if acknowledge and dialog.problems_box is not None:
        dialog.problems_box.acknowledge_check.setChecked(True)
        dialog.problems_box.reason_edit.setPlainText(acknowledge)
    dialog.sign()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error_label.text()
    count("signature dialog")


def _sign_in(window, ctx, who, count, monkeypatch) -> None:
    user = authenticate(ctx, who.username, who.password)
    monkeypatch.setattr(main_window_module, "ask_user", lambda c, parent: user)
    window.sign_in()
    count("File > Sign in (Ctrl+L)")
    count("log-in dialog")


def _window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("LABAPP_KEYS", str(tmp_path / "keys"))
    ctx = ServiceContext(str(registered_only(tmp_path / "job.sqlite")))
    admin = authenticate(ctx, ADMIN.username, ADMIN.password)
    keys.init_ca(
        ctx, admin, "Pytest Root CA", "labapp Demo Assay Laboratory", CA, "JP", folder=tmp_path / "keys"
    )
    keys.issue_signer(ctx, admin, QA.username, CA, SIGNER.encode(), folder=tmp_path / "keys")
    tech = authenticate(ctx, TECH.username, TECH.password)
    older = next((name, file) for name, file in DEMO_RUNS if "XRF" in name)
    import_run(ctx, resource_path("demo", older[1]), older[0], tech)  # yesterday's run, listed first
    window = MainWindow(ctx=ctx, user=tech)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    certificates = list(window.run_pages.values())[4]
    certificates.out_edit.setText(str(tmp_path / "out"))  # the lab's folders, set once (remembered)
    certificates.keys_edit.setText(str(tmp_path / "keys"))
    return ctx, tech, window


EXPORT = "icp_oes_run.csv"


def daily_job_before(qtbot, tmp_path, monkeypatch) -> list[str]:
    """The desktop before issue 22's work: wizard, own run per page, Grading page, change of user."""
    monkeypatch.setattr(RunChooser, "bind", lambda self, selection, page: None)
    monkeypatch.setattr(run_view_pages._ReviewOnShow, "share", lambda self, selection: None)  # noqa: SLF001
    ctx, tech, window = _window(qtbot, tmp_path, monkeypatch)
    run_page, _results, grading, review, certificates = list(window.run_pages.values())[:5]
    count = Actions()

    wizard = ImportWizard(ctx, tech, window)  # what File > Import opened then
    wizard.open()
    count("File > Import instrument export (Ctrl+I)")
    wizard.file_page.set_path(str(resource_path("demo", EXPORT)))
    count("choose the export file")
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: not wizard.preview_page.progress.busy, timeout=60_000)
    wizard.next()
    wizard.next()
    count.done += ["Next"] * 4
    with qtbot.waitSignal(wizard.import_page.progress.finished, timeout=60_000):
        wizard.import_page.import_button.click()
    count("Import")
    wizard.accept()
    count("Finish")
    window.refresh()
    run_id = max(r.id for r in list_runs(ctx))
    _go(window, run_page, count)
    _run_on(run_page, run_id, count)
    _wait(qtbot, run_page)
    run_page.line_list.setCurrentItem(run_page.line_list.topLevelItem(1))
    count("check the curve: choose a line")
    run_page.calculate_button.click()
    count("Calculate")
    _wait(qtbot, run_page)
    _go(window, grading, count)
    _run_on(grading, run_id, count)
    grading.grade_run_button.click()
    count("Grade the run's lots")
    _wait(qtbot, grading)
    _go(window, run_page, count)
    _run_on(run_page, run_id, count)
    _wait(qtbot, run_page)
    dialog = run_page.submit()
    count("Submit for review")
    _sign(dialog, TECH, count, acknowledge="Mn CCV low, Mn not reported")

    for who, step in ((REVIEWER, "review"), (QA, "approve")):
        _sign_in(window, ctx, who, count, monkeypatch)
        _go(window, review, count)
        _run_on(review, run_id, count)
        dialog = review.sign(step)
        count(step.capitalize())
        _sign(dialog, who, count, key=SIGNER if who is QA else None, acknowledge="Mn CCV checked")
    assert list_runs(ctx)[-1].state == "approved"

    _go(window, certificates, count)
    lot = next(
        certificates.lots.item(i)
        for i in range(certificates.lots.count())
        if certificates.lots.item(i).text() == "BM26-0001"
    )
    lot.setSelected(True)
    count("choose the lot")
    dialog = certificates.issue()
    count("Issue certificate")
    _sign(dialog, QA, count, key=SIGNER)
    _wait(qtbot, certificates)
    assert [c.state for c in list_certificates(ctx, "BM26-0001")] == ["issued"]
    window.close()
    return count.done


def daily_job_now(qtbot, tmp_path, monkeypatch) -> tuple[list[str], list[str]]:
    """The desktop now; returns the actions and the lots whose certificates were issued."""
    ctx, _tech, window = _window(qtbot, tmp_path, monkeypatch)
    run_page, _results, _grading, review, certificates = list(window.run_pages.values())[:5]
    count = Actions()
    export = str(resource_path("demo", EXPORT))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (export, ""))

    window.import_export()
    count("File > Import instrument export (Ctrl+I)")
    count("choose the export file")
    page = window.import_wizard
    qtbot.waitUntil(lambda: page.import_button.isEnabled(), timeout=60_000)
    assert "recognised" in page.profile_label.text() and "BM26-0001" in page.lots_label.text()
    page.import_button.click()
    count("Import")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is run_page, timeout=60_000)
    run_id = max(r.id for r in list_runs(ctx))
    assert run_page.runs.selected() == run_id  # the new run, on the Runs page, with no choice made
    _wait(qtbot, run_page)
    run_page.line_list.setCurrentItem(run_page.line_list.topLevelItem(1))
    count("check the curve: choose a line")
    run_page.calculate_button.click()
    count("Calculate (grades the run's lots)")
    _wait(qtbot, run_page)
    dialog = run_page.submit()
    count("Submit for review")
    _sign(dialog, TECH, count, acknowledge="Mn CCV low, Mn not reported")

    _go(window, review, count)
    _run_on(review, run_id, count)
    for who, step in ((REVIEWER, "review"), (QA, "approve")):
        dialog = review.sign(step)
        count(step.capitalize())
        assert dialog.user_edit.text() == ""  # the technician may not sign it: the signer types their name
        _sign(dialog, who, count, key=SIGNER if who is QA else None, acknowledge="Mn CCV checked")
    assert list_runs(ctx)[-1].state == "approved"
    assert window.user.username == TECH.username  # no change of user at the bench

    approved = list(review.certify_offer.codes)
    assert "BM26-0001" in approved and review.certify_offer.isVisible()
    review.certify_offer.issue_button.click()
    count("Issue certificates (offered after the approval)")
    assert window.pages.currentWidget() is certificates
    _sign(certificates.dialog, QA, count, key=SIGNER)
    _wait(qtbot, certificates)
    window.close()
    return count.done, approved


def _print(name: str, done: list[str]) -> None:
    print(f"\n{name}: {len(done)} actions")
    print("\n".join(f"  {n}. {a}" for n, a in enumerate(done, 1)))


def test_daily_job_before(qtbot, tmp_path, monkeypatch):
    done = daily_job_before(qtbot, tmp_path, monkeypatch)
    _print("before", done)
    assert len([a for a in done if a.startswith("re-select")]) == 2  # Runs and Grading showed the older run
    assert len(done) == 31


def test_daily_job_now_takes_at_most_half(qtbot, tmp_path, monkeypatch):
    done, approved = daily_job_now(qtbot, tmp_path, monkeypatch)
    _print("now", done)
    ctx = ServiceContext(str(tmp_path / "job.sqlite"))
    try:
        for code in approved:  # every approved lot of the run certified, each signed by the QA manager
            assert [(c.state, c.issued_by) for c in list_certificates(ctx, code)] == [("issued", QA.username)]
    finally:
        ctx.close()
    assert not [a for a in done if a.startswith(("re-select", "File > Sign in", "Next"))]
    assert len(done) == 14 <= 31 // 2
