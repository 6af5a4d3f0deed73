"""The review queue and batch page: runs waiting for the signed-in reviewer or QA manager, with the QC
summary, what a signer signs over (failed QC checks, unmatched labels), flagged and overridden results,
grades, signatures (with any acknowledgement) and audit history; review, approve or reject with an
electronic signature (a rejection needs a reason, signing over problems an acknowledgement)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labapp.gui.audit_text import action_text
from labapp.gui.certify_offer import CertifyOffer
from labapp.gui.frame_model import Column
from labapp.gui.frame_view import FrameView
from labapp.gui.results_view import RESULTS_COLUMNS, readable_results
from labapp.gui.role_gate import state_refuses
from labapp.gui.run_view_common import ContextSource, UserSource, ViewPage
from labapp.gui.signature_dialog import SignatureDialog
from labapp.gui.signature_problems import WARNING_COLOUR, fill_problems
from labapp.gui.signature_text import problems_text, signature_line
from labapp.gui.translation import interface_language, word
from labapp.security.roles import allowed
from labapp.services.administration.signer_keys import has_personal_key
from labapp.services.administration.users import AuthenticatedUser
from labapp.services.calculation.run_problems import RunProblems
from labapp.services.calculation.run_views import (
    BatchSummary,
    batch_summary,
    lots_awaiting_certificate,
    review_queue,
)
from labapp.services.vocabulary import GradingStatus, QcCheck
from labapp.services.workflow.released_changes import AmendmentNeeded, lots_needing_amendment
from labapp.services.workflow.review import (
    SIGN_PERMISSION,
    SignAction,
    list_runs,
    problems_of,
    sign,
    starting_states,
)
from labapp.services.workflow.signer import proposed_signer

GRADE_COLUMNS = (
    Column("lot_code", "Lot"),
    Column("state", "Lot state"),
    Column("grade", "Grade"),
    Column("status", "Status"),
    Column("limiting", "Limiting parameters"),
)


def grades_frame(summary: BatchSummary) -> pd.DataFrame:
    """The grades of the run's lots: a conditional grade orange, an off-spec lot red."""
    frame = pd.DataFrame([vars(g) for g in summary.grades], columns=[c.key for c in GRADE_COLUMNS])
    if interface_language() == "ja":  # the stored sentences are English; their Japanese from the same rows
        frame["limiting"] = [g.limiting_ja or g.limiting for g in summary.grades]
    frame["conditional"] = frame["status"].eq(GradingStatus.CONDITIONAL)
    frame["out_of_spec"] = frame["status"].eq(GradingStatus.OFF_SPEC)
    return frame


class ReviewPage(ViewPage):
    def __init__(
        self,
        context: ContextSource,
        acting_user: UserSource,
        signed_in: Callable[[], AuthenticatedUser | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, acting_user, parent)
        self.signed_in = signed_in
        self.summary: BatchSummary | None = None
        self.problems: RunProblems | None = None
        self.queue = QListWidget()
        self.queue.currentItemChanged.connect(lambda item, _: self._run_chosen())
        self._reloading = False
        self.all_runs_check = QCheckBox(self.tr("Show all runs"))
        self.all_runs_check.toggled.connect(self.reload)
        self.queue_label = QLabel()
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.queue_label)
        column.addWidget(self.queue, 1)
        column.addWidget(self.all_runs_check)
        self.amendment_label = QLabel()  # released data changed by signature: certificates to amend
        self.amendment_label.setWordWrap(True)
        self.amendment_label.setStyleSheet("color: #b00020")
        column.addWidget(self.amendment_label)
        self.header_label = QLabel()
        self.header_label.setWordWrap(True)
        self.tabs = QTabWidget()
        self.qc_tree = QTreeWidget()
        self.qc_tree.setRootIsDecorated(False)
        self.qc_tree.setHeaderLabels(
            [self.tr("QC check"), self.tr("Passed"), self.tr("Failed"), self.tr("Detail")]
        )
        self.flagged_view = FrameView(RESULTS_COLUMNS)
        self.overrides_tree = QTreeWidget()
        self.overrides_tree.setHeaderLabels([self.tr("Result"), self.tr("Change"), self.tr("Reason")])
        self.grades_view = FrameView(GRADE_COLUMNS)
        self.signatures_tree = QTreeWidget()
        self.signatures_tree.setHeaderLabels(
            [self.tr("Signature"), self.tr("Reason"), self.tr("Status"), self.tr("Acknowledged problems")]
        )
        self.problems_tree = QTreeWidget()
        self.problems_tree.setRootIsDecorated(False)
        self.problems_tree.setHeaderLabels([self.tr("Problem"), self.tr("Detail")])
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet(f"color: {WARNING_COLOUR}")
        self.history_tree = QTreeWidget()
        self.history_tree.setHeaderLabels(
            [self.tr("When (UTC)"), self.tr("Who"), self.tr("Action"), self.tr("Reason")]
        )
        self.tabs.addTab(self.qc_tree, self.tr("QC summary"))
        self.tabs.addTab(self.problems_tree, self.tr("To acknowledge"))
        self.tabs.addTab(self.flagged_view, self.tr("Flagged results"))
        self.tabs.addTab(self.overrides_tree, self.tr("Overridden results"))
        self.tabs.addTab(self.grades_view, self.tr("Grades"))
        self.tabs.addTab(self.signatures_tree, self.tr("Signatures"))
        self.tabs.addTab(self.history_tree, self.tr("Audit history"))
        self.review_button = QPushButton(self.tr("Re&view..."))
        self.approve_button = QPushButton(self.tr("&Approve..."))
        self.reject_button = QPushButton(self.tr("Re&ject..."))
        buttons = QHBoxLayout()
        for button, action, keys in (
            (self.review_button, SignAction.REVIEW, "Ctrl+Shift+R"),
            (self.approve_button, SignAction.APPROVE, "Ctrl+Shift+A"),
            (self.reject_button, SignAction.REJECT, "Ctrl+Shift+J"),
        ):
            button.setShortcut(QKeySequence(keys))
            button.setToolTip(keys)
            button.clicked.connect(lambda _=False, a=action: self.sign(a))
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.header_label)
        column.addWidget(self.problems_label)
        column.addWidget(self.tabs, 1)
        column.addLayout(buttons)
        self.certify_offer = CertifyOffer()  # after an approval: issue the lots' certificates
        column.addWidget(self.certify_offer)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 800])
        self.layout_.addWidget(splitter, 1)
        self.footer()

    def reload(self) -> None:
        self._reloading = True  # a run selected by the reload is not one the user chose
        try:
            self._reload()
        finally:
            self._reloading = False

    def _run_chosen(self) -> None:
        """Another run chosen in the queue: the certificate offer of the approved run is withdrawn."""
        offer = self.certify_offer
        if not self._reloading and offer.run_id is not None and self.selected_run() != offer.run_id:
            offer.withdraw()
        self.show_run()

    def _reload(self) -> None:
        ctx = self.context()
        if ctx is None:
            return
        user = self.signed_in()
        roles = user.current_roles() if user is not None else frozenset()
        signer = user if any(allowed(roles, SIGN_PERMISSION[a]) for a in self._signing_buttons()) else None
        runs = self.attempt(
            lambda: list_runs(ctx) if self.all_runs_check.isChecked() else review_queue(ctx, signer)
        )
        current = self.selected_run()
        self.queue.blockSignals(True)
        self.queue.clear()
        for run in runs or []:
            item = QListWidgetItem(f"{run.name}  [{word(run.state)}]")
            item.setData(Qt.ItemDataRole.UserRole, run.id)
            self.queue.addItem(item)
            if run.id == current:
                self.queue.setCurrentItem(item)
        self.queue.blockSignals(False)
        who = signer.username if signer else self.tr("a reviewer or QA manager")
        if self.all_runs_check.isChecked():
            self.queue_label.setText(self.tr("All runs: {0}").format(len(runs or [])))
        else:
            self.queue_label.setText(self.tr("{0} run(s) waiting for {1}").format(len(runs or []), who))
        self._show_amendments(self.attempt(lambda: lots_needing_amendment(ctx)) or [])
        if self.certify_offer.codes:
            awaiting = set(self.attempt(lambda: lots_awaiting_certificate(ctx)) or [])
            self.certify_offer.still_offered(user.username if user is not None else None, awaiting)
        if self.queue.currentItem() is None and self.queue.count():
            self.queue.setCurrentRow(0)
        else:
            self.show_run()

    def _show_amendments(self, pending: list[AmendmentNeeded]) -> None:
        lines = [
            self.tr("{0} ({1}): changed by {2}, {3} UTC: {4}").format(
                a.lot_code, a.certificate or self.tr("no certificate yet"), a.changed_by, a.changed_at_utc,
                a.reason)
            for a in pending
        ]
        heading = self.tr("Lots needing amendment: {0}").format(len(pending))
        self.amendment_label.setText("\n".join([heading, *lines]) if pending else "")
        self.amendment_label.setVisible(bool(pending))

    def selected_run(self) -> int | None:
        item = self.queue.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def show_run(self) -> None:
        ctx, run = self.context(), self.selected_run()
        if ctx is None or run is None:
            self.summary = None
            self.header_label.setText(self.tr("Nothing to review."))
            self._enable_signing(None)
            return
        summary = self.attempt(lambda: batch_summary(ctx, run))
        problems = self.attempt(lambda: problems_of(ctx, run))
        if summary is None or problems is None:  # the previous run's summary and buttons must not stay
            self.summary = None
            self._enable_signing(None)
            return
        self.summary, self.problems = summary, problems
        self._show_problems(problems)
        failed = sum(bad for _, bad in summary.qc_counts.values())
        self.header_label.setText(
            self.tr(
                "<b>{0}</b> ({1}) is <b>{2}</b>; imported by {3}; second review {4}; {5} QC failure(s), "
                "{6} flagged result(s), {7} override(s)"
            ).format(
                summary.run.name,
                summary.run.file_name,
                word(summary.run.state),
                summary.run.imported_by,
                self.tr("on") if summary.second_review else self.tr("off"),
                failed,
                len(summary.flagged),
                len(summary.overrides),
            )
        )
        self._fill(summary)
        self._enable_signing(summary)

    def _signing_buttons(self) -> dict[SignAction, QPushButton]:
        return {
            SignAction.REVIEW: self.review_button,
            SignAction.APPROVE: self.approve_button,
            SignAction.REJECT: self.reject_button,
        }

    def _enable_signing(self, summary: BatchSummary | None) -> None:
        """Only what the run's state allows is enabled, a disabled button saying why (the role gate
        combines it with who may sign)."""
        for action, button in self._signing_buttons().items():
            state_refuses(button, self._state_refusal(action, summary))

    def _state_refusal(self, action: SignAction, summary: BatchSummary | None) -> str | None:
        if summary is None:
            return self.tr("Choose a run in the queue first.")
        states = starting_states(action, summary.second_review)
        if summary.run.state in states:
            return None
        if not states:
            return self.tr("Second review is switched off: a submitted run goes straight to approval.")
        return self.tr("The run is {0}; to {1} it, it must be {2}.").format(
            word(summary.run.state), word(action), self.tr(" or ").join(word(s) for s in states)
        )

    def _show_problems(self, problems: RunProblems) -> None:
        """What a signer of this run signs over, above the tabs, and listed in full on its own tab."""
        fill_problems(self.problems_tree, problems)
        self.problems_label.setVisible(problems.found)
        self.problems_label.setText(
            self.tr(
                "{0} failed QC check(s) and {1} unmatched sample label(s): reviewing or approving this run "
                "needs an acknowledgement with a reason."
            ).format(len(problems.failed_checks), len(problems.unmatched_labels))
        )

    def _fill(self, s: BatchSummary) -> None:
        self.qc_tree.clear()
        failures: dict[QcCheck, list[str]] = {}
        for q in s.qc_failures:
            failures.setdefault(q.check, []).append(
                f"{q.sample_label or ''} {q.element or ''} {q.line or ''}: {q.statistic:.4g}".strip()
                if q.statistic is not None
                else f"{q.element} {q.detail or ''}"
            )
        for check, (ok, bad) in s.qc_counts.items():
            self.qc_tree.addTopLevelItem(
                QTreeWidgetItem([word(check), str(ok), str(bad), "; ".join(failures.get(check, []))])
            )
        self.flagged_view.set_frame(readable_results(s.flagged))
        self.overrides_tree.clear()
        self.overrides_tree.addTopLevelItems([QTreeWidgetItem(list(o)) for o in s.overrides])
        self.grades_view.set_frame(grades_frame(s))
        self.signatures_tree.clear()
        self.signatures_tree.addTopLevelItems(
            [
                QTreeWidgetItem(
                    [
                        signature_line(st.manifest, st.action),
                        # the signer's words (user data): the reason, then why they signed over problems
                        "; ".join(r for r in (st.manifest.reason, st.acknowledgement) if r),
                        word(st.status),
                        problems_text(st.acknowledged_problems) if st.acknowledgement else "",
                    ]
                )
                for st in s.signatures
            ]
        )
        self.history_tree.clear()
        self.history_tree.addTopLevelItems(
            [
                QTreeWidgetItem(
                    [
                        e.occurred_at.strftime("%Y-%m-%d %H:%M:%S"),
                        e.actor,
                        action_text(e.action),
                        e.reason or "",
                    ]
                )
                for e in s.history
            ]
        )
        for tree in (self.qc_tree, self.signatures_tree, self.history_tree, self.overrides_tree):
            tree.resizeColumnToContents(0)

    def sign(self, action: SignAction | str) -> SignatureDialog | None:
        """Open the signature dialog for `action` on the selected run (the dialog calls the service)."""
        action = SignAction(action)
        ctx, run = self.context(), self.selected_run()
        if run is None or self.summary is None:
            self.show_error(self.tr("Choose a run in the queue first."))
            return None
        if ctx is None:
            return None
        proposed = self.attempt(lambda: proposed_signer(ctx, run, action, self.signed_in()))
        dialog = SignatureDialog(
            "",
            action,
            f"{self.summary.run.name} ({word(self.summary.run.state)})",
            lambda password, reason, acknowledgement=None, key_passphrase=None, username="": sign(
                ctx,
                username,
                password,
                run,
                action,
                reason,
                acknowledgement=acknowledgement,
                key_passphrase=key_passphrase,
            ),
            reason_required=action is SignAction.REJECT,
            problems=None if action is SignAction.REJECT else self.problems,
            personal_key=lambda name: has_personal_key(ctx, name),
            signer_name=proposed or "",
            parent=self,
        )
        dialog.accepted.connect(lambda: self._signed(dialog))
        dialog.open()
        return dialog

    def _signed(self, dialog: SignatureDialog) -> None:
        outcome = dialog.outcome
        lots = (
            self.tr("; lots approved: {0}").format(", ".join(outcome.lots_approved))
            if outcome.lots_approved
            else ""
        )
        self.reload()
        self.show_message(self.tr("{0} is {1}{2}").format(outcome.run_name, word(outcome.state), lots))
        signer = self.signed_in()
        self.certify_offer.offer(
            outcome.lots_approved, outcome.run_id, signer.username if signer is not None else None
        )
