"""The permission matrix through the desktop: every control that writes x every role.

A user holding exactly one role signs in to the main window. Each control is triggered as a click
would (with the selection it needs); the window's one gate (`_acting_user`) must be asked for the
action the expected matrix (tests/matrix_support.py) names for that control, let the allowed roles
through and refuse the others with a message naming the action. Review, approval, rejection and
certificate issue are signed in their dialog by whoever types their user name and password there, so
the gate is not asked: the dialog, signed as the role's user, refuses the roles without the permission.
Where a control's whole write is a method call (users, keys, laboratory), the database is checked
too: a refused role changes nothing.
Exclusions, overrides, the second-review switch and CRM registration have no desktop control yet;
the command line matrix covers them (tests/services/test_permission_matrix_cli.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from matrix_support import EXPECTED
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from labapp.gui import main_window as main_window_module
from labapp.gui.certificates_view import CertificatesPage
from labapp.gui.grading_view import GradingPage
from labapp.gui.lot_form import LotFormDialog
from labapp.gui.main_window import MainWindow
from labapp.gui.review import ReviewPage
from labapp.gui.run_view import RunViewPage
from labapp.gui.settlement_view import SettlementPage
from labapp.security.roles import Action, Role
from labapp.services.administration.users import add_user, authenticate
from labapp.services.context import ServiceContext
from labapp.store.audit_event import AuditEvent

PASSWORD = "Shiken-Pass!9-Desktop"
ADMIN = ("admin", "Kanri-Demo-2026")
Trigger = Callable[[MainWindow], object]


def _page(window: MainWindow, kind: type) -> object:
    return next(p for p in window.run_pages.values() if isinstance(p, kind))


def _edit_lot(w: MainWindow) -> None:
    w.lots_page.select_code("BM26-0001")
    w.edit_lot()


def _calculate(w: MainWindow) -> None:
    page = _page(w, RunViewPage)
    page.reload()
    page.calculate()


def _submit(w: MainWindow) -> None:
    page = _page(w, RunViewPage)
    page.reload()
    page.submit()


def _grade(w: MainWindow) -> None:
    page = _page(w, GradingPage)
    page.reload()
    page.choose_lot("BM26-0001")
    page.grade_lot()


def _sign(action: str) -> Trigger:
    def trigger(w: MainWindow) -> None:
        page = _page(w, ReviewPage)
        page.all_runs_check.setChecked(True)
        page.reload()
        return page.sign(action)

    return trigger


def _issue(w: MainWindow) -> None:
    page = _page(w, CertificatesPage)
    page.reload()
    page.lots.addItem("BM26-0001")  # as if it were awaiting its certificate
    page.lots.item(page.lots.count() - 1).setSelected(True)
    return page.issue()


def _certificate(method: str) -> Trigger:
    def trigger(w: MainWindow) -> None:
        page = _page(w, CertificatesPage)
        page.reload()
        page.select("LA-2026-000001", 0)
        getattr(page, method)()

    return trigger


def _clone_criteria(w: MainWindow) -> None:
    tab = w.admin_page.criteria_tab
    tab.reload()
    tab.clone(tab.rows[0], "9.9-matrix")


SETTLEMENT_TERMS = """[contract]
reference = "DESK-MATRIX"
seller = "Seller"
buyer = "Buyer"
laboratory_acts_for = "seller"
umpire_rule = "umpire"

[lot]
wet_mass_t = 10.0
u_wet_mass_t = 0.01

[payable.Ni]
payable_pct = 75
price = 16000
currency = "USD"
price_unit = "t"
price_date = 2026-12-01
reference = "LME nickel cash official"
splitting_limit = 0.30
"""


def _settlement(method: str) -> Trigger:
    def trigger(w: MainWindow) -> None:
        page = _page(w, SettlementPage)
        terms = Path(w.ctx.sqlite_file()).with_name("terms.toml")
        terms.write_text(SETTLEMENT_TERMS, encoding="utf-8")
        page.reload()
        page.choose_lot("BM26-0001")
        page.terms_edit.setText(str(terms))
        page.show_settlement()
        getattr(page, method)()

    return trigger


CONTROLS: dict[str, tuple[Action, Trigger]] = {
    "Lots > New lot": (Action.REGISTER_LOTS, lambda w: w.new_lot()),
    "Lots > Edit lot": (Action.EDIT_LOTS, _edit_lot),
    "Lots > Import manifest": (Action.REGISTER_LOTS, lambda w: w.choose_manifest()),
    "File > Import instrument export": (Action.IMPORT_RUN, lambda w: w.import_export()),
    "Runs > Calculate": (Action.CALCULATE, _calculate),
    "Runs > Submit": (Action.SUBMIT, _submit),
    "Grading > Grade lot": (Action.GRADE, _grade),
    "Review > Review": (Action.REVIEW, _sign("review")),
    "Review > Approve": (Action.APPROVE, _sign("approve")),
    "Review > Reject": (Action.REJECT, _sign("reject")),
    "Certificates > Issue": (Action.ISSUE_CERTIFICATE, _issue),
    "Certificates > Amend": (Action.ISSUE_CERTIFICATE, _certificate("amend")),
    "Certificates > Retract": (Action.RETRACT_CERTIFICATE, _certificate("retract")),
    "Settlement > Record assay": (Action.GRADE, _settlement("record")),
    "Settlement > Confirm assay": (Action.REVIEW, _settlement("confirm")),
    "Settlement > Issue statement": (Action.ISSUE_CERTIFICATE, _settlement("issue")),
    "Administration > Users > Add": (
        Action.MANAGE_USERS,
        lambda w: w.admin_page.users_tab.create_user(
            "newbie", "New Bie", ["technician"], "Atarashii-Pass!7-X"
        ),
    ),
    "Administration > Keys > Create root": (
        Action.MANAGE_KEYS,
        lambda w: w.admin_page.keys_tab.create_ca(
            "Desk Root CA", "Desk Lab", "JP", "Desk-Root-CA-2026", True
        ),
    ),
    "Administration > Laboratory > Save": (
        Action.MANAGE_LABORATORY,
        lambda w: w.admin_page.laboratory_tab.save(),
    ),
    "Administration > Criteria > Clone": (Action.MANAGE_CRITERIA, _clone_criteria),
}


# Signed in the dialog by the person typing their own user name and password (labapp.gui.signer_field):
# the window's gate is not asked; the signature refuses a signer without the role, in the dialog.
SIGNED = ("Review > Review", "Review > Approve", "Review > Reject", "Certificates > Issue")


def _signed_as(dialog, role: Role) -> str:  # type: ignore[no-untyped-def]
    """Sign the opened dialog as the role's user; what the dialog said (empty when it signed)."""
    dialog.user_edit.setText(f"desk_{role.value}")
    dialog.password_edit.setText(PASSWORD)
    if dialog.key_edit is not None:
        dialog.key_edit.setText("not-the-passphrase")
    dialog.reason_edit.setPlainText("permission matrix")
    if dialog.problems_box is not None:  # signing over the run's problems: acknowledged
        dialog.problems_box.acknowledge_check.setChecked(True)
        dialog.problems_box.reason_edit.setPlainText("permission matrix")
    dialog.sign()
    said = dialog.error_label.text()
    dialog.close()
    return said


@pytest.fixture(scope="module")
def matrix_template(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gui-matrix") / "matrix.sqlite"
    shutil.copyfile(demo_template, path)
    with ServiceContext(str(path)) as ctx:
        admin = authenticate(ctx, *ADMIN)
        for role in Role:
            add_user(
                ctx,
                admin,
                f"desk_{role.value}",
                f"Desk {role.value}",
                [role.value],
                PASSWORD,
                temporary_password=False,
            )
    return path


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Action, bool, str]]:
    """What the window's gate was asked, whether it let the user through, and the message it showed."""
    asked: list[tuple[Action, bool, str]] = []
    shown: list[str] = []
    real = MainWindow._acting_user

    def recording(self: MainWindow, action: Action):  # type: ignore[no-untyped-def]
        shown.clear()
        user = real(self, action)
        asked.append((action, user is not None, " ".join(shown)))
        return user

    monkeypatch.setattr(MainWindow, "_acting_user", recording)
    monkeypatch.setattr(MainWindow, "_show_error", lambda self, message: shown.append(message))
    monkeypatch.setattr(LotFormDialog, "exec", lambda self: 0)  # the form is closed unsaved
    monkeypatch.setattr(main_window_module.QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    for box in ("warning", "critical", "information"):  # a page's own message would wait for a click
        monkeypatch.setattr(QMessageBox, box, lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    return asked


def _events(path: Path) -> int:
    """Events other than sign-in attempts and refused signatures (those are audited on purpose)."""
    with ServiceContext(str(path)) as ctx, ctx.read_session() as session:
        return session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(~AuditEvent.action.startswith("login_"), AuditEvent.action != "signature_refused")
        )


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_every_control_asks_the_gate_for_its_action(
    qtbot, tmp_path, matrix_template, gate, monkeypatch, role
):
    path = tmp_path / "matrix.sqlite"
    shutil.copyfile(matrix_template, path)
    ctx = ServiceContext(str(path))
    window = MainWindow(ctx=ctx)
    qtbot.addWidget(window)
    window.user = authenticate(ctx, f"desk_{role.value}", PASSWORD)
    monkeypatch.setenv("LABAPP_KEYS", str(tmp_path / "keys"))
    wrong = []
    for name, (action, trigger) in CONTROLS.items():
        gate.clear()
        before = _events(path)
        opened = trigger(window)
        if name in SIGNED:
            said = _signed_as(opened, role)
            allowed = role in EXPECTED[action]
            if gate:
                wrong.append(f"{name}: asked the gate {gate}; the signature checks the signer")
            elif not allowed and f"may not {action.label()}" not in said:
                wrong.append(f"{name}: the signature said {said!r}")
            elif not allowed and _events(path) != before:
                wrong.append(f"{name}: a refused signature wrote to the database")
            elif allowed and "may not" in said:
                wrong.append(f"{name}: refused an allowed signer: {said!r}")
            qtbot.waitUntil(
                lambda: not any(p.progress.busy for p in window.run_pages.values()), timeout=30_000
            )
            continue
        for dialog in (window.lot_form, window.import_wizard):
            if dialog is not None:
                dialog.close()
        qtbot.waitUntil(lambda: not any(p.progress.busy for p in window.run_pages.values()), timeout=30_000)
        allowed = role in EXPECTED[action]
        words = f"may not {action.label()}"
        if [(a, ok) for a, ok, _ in gate] != [(action, allowed)]:
            wrong.append(f"{name}: asked {gate}, expected {(action, allowed)}")
        elif not allowed and words not in gate[0][2]:
            wrong.append(f"{name}: refusal said {gate[0][2]!r}")
        elif not allowed and _events(path) != before:
            wrong.append(f"{name}: a refused control wrote to the database")
    ctx.close()
    assert wrong == []


def test_the_audit_page_shows_the_trail_only_to_roles_that_may_view_it(qtbot, tmp_path, matrix_template):
    path = tmp_path / "matrix.sqlite"
    shutil.copyfile(matrix_template, path)
    with ServiceContext(str(path)) as ctx:
        window = MainWindow(ctx=ctx)
        qtbot.addWidget(window)
        for role in Role:
            user = authenticate(ctx, f"desk_{role.value}", PASSWORD)
            window.audit_page.load(ctx, user)
            refused = (
                window.audit_page.verdict_label.text() == "Your roles do not include viewing the audit trail."
            )
            assert refused is (role not in EXPECTED[Action.VIEW_AUDIT]), role
            assert (window.audit_page.model.rowCount() > 0) is not refused, role
