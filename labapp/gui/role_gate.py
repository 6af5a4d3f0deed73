"""Role-aware buttons and menu entries: what the signed-in person's roles cannot do is disabled, with
the reason (who may) as its tooltip. labapp.security.roles is the one source of who may do what; the
services still check every call, so a gate is a courtesy on screen, never the permission itself.

A page marks a control with `requires(control, Action.APPROVE)`; the main window calls
`apply_roles(window, roles)` after every sign-in and sign-out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QWidget

from labapp.gui.translation import word
from labapp.security.roles import PERMISSIONS, Action, Role, allowed

_Control = TypeVar("_Control", QWidget, QAction)
_PROPERTY = "labapp_requires"
_TIP = "labapp_role_tip"  # the tooltip a control had before a refusal replaced it
_SIGNED = "labapp_signed_by_signer"  # the signer is typed in the signature dialog
_ROLE_OK = "labapp_role_ok"  # what apply_roles decided last (None: not applied yet)
_ROLE_TIP = "labapp_role_tooltip"
_STATE_REFUSAL = "labapp_state_refusal"  # why the record's state refuses it, "" when it does not


def _doing(action: Action) -> str:
    """What the action is, as the end of "Only a QA manager may ..."."""
    texts = {
        Action.REGISTER_LOTS: QCoreApplication.translate("RoleGate", "register lots"),
        Action.EDIT_LOTS: QCoreApplication.translate("RoleGate", "edit lots"),
        Action.IMPORT_RUN: QCoreApplication.translate("RoleGate", "import instrument runs"),
        Action.CALCULATE: QCoreApplication.translate("RoleGate", "calculate runs"),
        Action.GRADE: QCoreApplication.translate("RoleGate", "grade lots"),
        Action.EXCLUDE_OR_OVERRIDE: QCoreApplication.translate("RoleGate", "exclude or override results"),
        Action.SUBMIT: QCoreApplication.translate("RoleGate", "submit runs for review"),
        Action.REVIEW: QCoreApplication.translate("RoleGate", "review runs"),
        Action.APPROVE: QCoreApplication.translate("RoleGate", "approve runs"),
        Action.REJECT: QCoreApplication.translate("RoleGate", "reject runs"),
        Action.ISSUE_CERTIFICATE: QCoreApplication.translate("RoleGate", "issue certificates"),
        Action.RETRACT_CERTIFICATE: QCoreApplication.translate("RoleGate", "retract certificates"),
        Action.MANAGE_USERS: QCoreApplication.translate("RoleGate", "manage users"),
        Action.MANAGE_KEYS: QCoreApplication.translate("RoleGate", "manage signing keys"),
        Action.MANAGE_METHODS: QCoreApplication.translate("RoleGate", "manage methods"),
        Action.MANAGE_CRITERIA: QCoreApplication.translate("RoleGate", "manage criteria sets"),
        Action.MANAGE_INSTRUMENT_PROFILES: QCoreApplication.translate(
            "RoleGate", "manage instrument profiles"
        ),
        Action.VIEW_AUDIT: QCoreApplication.translate("RoleGate", "view the audit trail"),
        Action.MANAGE_LABORATORY: QCoreApplication.translate("RoleGate", "change the laboratory settings"),
    }
    return texts[action]


def refusal(action: Action) -> str:
    """The tooltip of a control the signed-in roles cannot use, e.g. "Only a QA manager may approve runs."."""
    names = [word(role) for role in Role if role in PERMISSIONS[action]]
    who = (
        names[0]
        if len(names) == 1
        else QCoreApplication.translate("RoleGate", "{0} or {1}").format(
            QCoreApplication.translate("RoleGate", ", ").join(names[:-1]), names[-1]
        )
    )
    if who[:1].lower() in "aeiou":
        return QCoreApplication.translate("RoleGate", "Only an {0} may {1}.").format(who, _doing(action))
    return QCoreApplication.translate("RoleGate", "Only a {0} may {1}.").format(who, _doing(action))


def signed_by_signer(control: _Control) -> _Control:
    """Mark a control whose work is done in a signature dialog that asks for the signer's own user name
    and password: it stays enabled for everyone, its tooltip saying who may sign (the signature checks
    the signer's roles). A reviewer or QA manager signs at a technician's session without a change of
    user (docs/desktop.md, "Signing at a colleague's session")."""
    control.setProperty(_SIGNED, True)
    return control


def requires(control: _Control, action: Action) -> _Control:
    """Mark a button or menu entry as needing `action` (apply_roles enables or disables it); returns it."""
    control.setProperty(_PROPERTY, action.value)
    return control


def _controls(root: QObject) -> Iterable[QWidget | QAction]:
    for control in (*root.findChildren(QAbstractButton), *root.findChildren(QAction)):
        if control.property(_PROPERTY):
            yield control


def apply_roles(root: QObject, roles: frozenset[Role] | None) -> None:
    """Enable what `roles` may do and disable the rest with the reason; None (nobody signed in) enables
    all, since using one asks to sign in first."""
    for control in _controls(root):
        action = Action(str(control.property(_PROPERTY)))
        if control.property(_TIP) is None:
            control.setProperty(_TIP, control.toolTip())
        may = roles is None or allowed(roles, action)
        signed = bool(control.property(_SIGNED))
        control.setProperty(_ROLE_OK, may or signed)
        if may:
            control.setProperty(_ROLE_TIP, str(control.property(_TIP)))
        elif signed:
            control.setProperty(
                _ROLE_TIP,
                refusal(action)
                + " "
                + QCoreApplication.translate(
                    "RoleGate", "They sign here with their own user name and password."
                ),
            )
        else:
            control.setProperty(_ROLE_TIP, refusal(action))
        _show(control)


def state_refuses(control: _Control, reason: str | None) -> None:
    """What the record's state refuses (e.g. approving a run already approved), or None: the control is
    enabled only when neither the roles nor the state refuse, its tooltip giving the state's reason
    first. Pages call it whenever their record changes; apply_roles keeps it."""
    control.setProperty(_STATE_REFUSAL, reason or "")
    _show(control)


def _show(control: QWidget | QAction) -> None:
    refused = str(control.property(_STATE_REFUSAL) or "")
    role_ok = control.property(_ROLE_OK)
    role_tip = control.property(_ROLE_TIP)
    control.setEnabled((role_ok is None or bool(role_ok)) and not refused)
    if control.property(_TIP) is None:  # its own tooltip, kept to come back to
        control.setProperty(_TIP, control.toolTip())
    if refused:
        control.setToolTip(refused)
    else:
        control.setToolTip(str(role_tip if role_tip is not None else control.property(_TIP)))


def window_gates(window: QObject) -> list[tuple[QWidget, Action]]:
    """Every role-bound button of the main window's pages (one table, so the pages stay unaware)."""
    from labapp.gui.certificates_view import CertificatesPage
    from labapp.gui.grading_view import GradingPage
    from labapp.gui.review import ReviewPage
    from labapp.gui.run_view import RunViewPage

    pages = list(window.run_pages.values())  # type: ignore[attr-defined]

    def page(kind: type) -> QWidget:
        return next(p for p in pages if isinstance(p, kind))

    lots, admin = window.lots_page, window.admin_page  # type: ignore[attr-defined]
    run, grading, review, certificates = (
        page(k) for k in (RunViewPage, GradingPage, ReviewPage, CertificatesPage)
    )
    users, lab, keys = admin.users_tab, admin.laboratory_tab, admin.keys_tab
    return [
        (lots.new_button, Action.REGISTER_LOTS),
        (lots.edit_button, Action.EDIT_LOTS),
        (lots.manifest_button, Action.REGISTER_LOTS),
        (run.calculate_button, Action.CALCULATE),
        (run.submit_button, Action.SUBMIT),
        (grading.grade_lot_button, Action.GRADE),
        (grading.grade_run_button, Action.GRADE),
        (review.review_button, Action.REVIEW),
        (review.approve_button, Action.APPROVE),
        (review.reject_button, Action.REJECT),
        (certificates.issue_button, Action.ISSUE_CERTIFICATE),
        (certificates.amend_button, Action.ISSUE_CERTIFICATE),
        (certificates.retract_button, Action.RETRACT_CERTIFICATE),
        *(
            (button, Action.MANAGE_USERS)
            for button in (
                users.add_button,
                users.roles_button,
                users.password_button,
                users.deactivate_button,
            )
        ),
        *(
            (button, Action.MANAGE_LABORATORY)
            for button in (lab.save_button, lab.logo_button, lab.remove_logo_button)
        ),
        *((button, Action.MANAGE_KEYS) for button in (keys.init_button, keys.issue_button)),
        (admin.criteria_tab.clone_button, Action.MANAGE_CRITERIA),
        (admin.criteria_tab.template_button, Action.MANAGE_CRITERIA),
        (admin.profiles_tab.new_button, Action.MANAGE_INSTRUMENT_PROFILES),
    ]


def mark_window(window: QObject) -> None:
    """Mark the window's role-bound buttons (its menu entries are marked where they are made)."""
    for control, action in window_gates(window):
        requires(control, action)
    for control in signed_controls(window):
        signed_by_signer(control)


def signed_controls(window: QObject) -> list[QWidget]:
    """The buttons whose signature dialog names its signer: review, approve, reject, issue."""
    from labapp.gui.certificates_view import CertificatesPage
    from labapp.gui.review import ReviewPage

    pages = list(window.run_pages.values())  # type: ignore[attr-defined]
    review = next(p for p in pages if isinstance(p, ReviewPage))
    certificates = next(p for p in pages if isinstance(p, CertificatesPage))
    return [review.review_button, review.approve_button, review.reject_button, certificates.issue_button]
