"""Verify, reject and submit stored panel tests from the result sheet page, with electronic signatures.

Four eyes as for runs: a second person verifies (or rejects, with a reason) what a technician entered,
and a technician other than the verifier submits. Several chosen tests are verified with one signature:
each is checked and signed on its own, and all are verified or none. The services decide and refuse
(labapp.services.panel.workflow); this module says why an action is not possible before anyone is
asked for a password: a button that the signed-in user cannot use is disabled with the reason as its
tooltip, and calling the action anyway shows that reason on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton

from labapp.gui.signature_dialog import SignatureDialog
from labapp.gui.translation import word
from labapp.security.roles import Action, Role, allowed
from labapp.services.panel import TestSummary, reject_test, submit_tests, verify_tests
from labapp.services.vocabulary import PanelTestState

if TYPE_CHECKING:
    from labapp.gui.panel_sheet import PanelSheetPage

_NEEDS = {
    "enter": Action.CALCULATE,
    "verify": Action.REVIEW,
    "reject": Action.REJECT,
    "submit": Action.SUBMIT,
}
_FROM = {
    "verify": (PanelTestState.ENTERED,),
    "reject": (PanelTestState.ENTERED, PanelTestState.VERIFIED),
    "submit": (PanelTestState.VERIFIED,),
}


class PanelSignatureDialog(SignatureDialog):
    """The run's signature dialog, stating what a signature on a panel test means."""

    def meaning(self, action: str) -> str:
        return {
            "verify": self.tr(
                "reviewed: I checked the entered values against the raw records and the calculation"
            ),
            "reject": self.tr("rejected: the test goes back to be entered again"),
            "submit": self.tr("authored: the verified results become the lot's reportable results"),
        }[action]


class PanelSigning(QObject):
    """The page's verify, reject and submit buttons and what they do."""

    def __init__(self, page: PanelSheetPage) -> None:
        super().__init__(page)
        self.page = page
        self.buttons: dict[str, QPushButton] = {
            "verify": page.verify_button,
            "reject": page.reject_button,
            "submit": page.submit_button,
        }
        for step, button in self.buttons.items():
            button.clicked.connect(lambda _=False, s=step: self.sign(s))
        self.dialog: PanelSignatureDialog | None = None

    def refusal(self, step: str) -> str | None:
        """Why the signed-in user cannot do `step` on the selected tests now, in plain words; None if
        nothing stands in the way (the service still decides when signing)."""
        user = self.page.signed_in()
        if user is None:
            return self.tr("Sign in first (File > Sign in).")
        roles = user.current_roles()
        if not allowed(roles, _NEEDS[step]):
            may = ", ".join(word(r) for r in Role if allowed({r}, _NEEDS[step]))
            return self.tr("Your roles do not allow this; it needs one of: {0}.").format(may)
        if step == "enter":
            return None
        tests = self.page.selected_tests()
        if not tests:
            return self.tr("Choose one or more stored tests in the list first.")
        for t in tests:
            if t.state not in _FROM[step]:
                wanted = " / ".join(word(s) for s in _FROM[step])
                return self.tr("Test #{0} is {1}; this needs a test that is {2}.").format(
                    t.id, word(t.state), wanted
                )
            if step in ("verify", "reject") and t.entered_by == user.username:
                return self.tr(
                    "You entered test #{0}: a second person verifies or rejects it (four eyes)."
                ).format(t.id)
            if step == "submit" and t.verified_by == user.username:
                return self.tr("You verified test #{0}: another person submits it (four eyes).").format(t.id)
        return None

    def update_buttons(self) -> None:
        for step, button in self.buttons.items():
            reason = self.refusal(step)
            button.setEnabled(reason is None)
            button.setToolTip(reason or "")

    def sign(self, step: str) -> PanelSignatureDialog | None:
        """Open the signature dialog for `step` on the selected tests; the dialog calls the service."""
        reason = self.refusal(step)
        if reason is not None:
            self.page.show_error(reason)
            return None
        user = self.page.acting_user(_NEEDS[step])
        ctx = self.page.context()
        if user is None or ctx is None:
            return None
        tests = self.page.selected_tests()
        failed = any(r.failed_checks for t in tests for r in t.results)
        subject = ", ".join(f"#{t.id} {t.lot} ({word(t.state)})" for t in tests)
        self.dialog = PanelSignatureDialog(
            f"{user.full_name} ({user.username})",
            step,
            subject,
            self._signer(step, ctx, user.username, tests),
            reason_required=step == "reject" or (step == "submit" and failed),
            parent=self.page,
        )
        self.dialog.accepted.connect(lambda: self._signed(step, tests))
        self.dialog.open()
        return self.dialog

    def _signer(self, step: str, ctx: Any, username: str, tests: list[TestSummary]) -> Callable[..., Any]:
        def sign(password: str, reason: str, **_: Any) -> list[TestSummary]:
            # a series signed with one password entry: the services check the password once
            if step == "verify":
                return verify_tests(ctx, username, password, [t.id for t in tests], reason or None)
            if step == "submit":
                return submit_tests(ctx, username, password, [(t.id, reason or None) for t in tests])
            return [reject_test(ctx, username, password, t.id, reason) for t in tests]

        return sign

    def _signed(self, step: str, tests: list[TestSummary]) -> None:
        outcome = self.dialog.outcome if self.dialog is not None else []
        self.page.reload()
        states = ", ".join(f"#{t.id} {word(t.state)}" for t in outcome or [])
        self.page.show_message(self.tr("Signed: {0}").format(states))
