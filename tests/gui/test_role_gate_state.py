"""role_gate.state_refuses: a record's state disables a control with its reason, and lifting it gives
the control back its own tooltip, or the roles' one once the roles were applied."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from labapp.gui.role_gate import apply_roles, requires, signed_by_signer, state_refuses
from labapp.security.roles import Action, Role


def test_the_state_refuses_and_lifting_it_restores_the_tooltip(qtbot) -> None:
    button = QPushButton("Approve")
    qtbot.addWidget(button)
    button.setToolTip("Ctrl+Shift+A")
    state_refuses(button, "The run is approved.")
    assert not button.isEnabled() and button.toolTip() == "The run is approved."
    state_refuses(button, None)  # the roles were never applied: its own tooltip comes back
    assert button.isEnabled() and button.toolTip() == "Ctrl+Shift+A"


def test_roles_and_state_together(qtbot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    button = signed_by_signer(requires(QPushButton("Approve", page), Action.APPROVE))
    button.setToolTip("Ctrl+Shift+A")
    apply_roles(page, frozenset({Role.TECHNICIAN}))  # a technician: enabled, the QA manager signs
    assert button.isEnabled() and button.toolTip().startswith("Only a QA manager may approve runs.")
    state_refuses(button, "The run is approved.")
    apply_roles(page, frozenset({Role.QA_MANAGER}))  # a sign-in keeps the state's refusal
    assert not button.isEnabled() and button.toolTip() == "The run is approved."
    state_refuses(button, None)  # the QA manager's own roles: the button's own tooltip
    assert button.isEnabled() and button.toolTip() == "Ctrl+Shift+A"
