"""The part of the signature dialog that lists what a signer signs over (failed QC checks,
unmatched sample labels, lots that cannot be certified) and takes the explicit acknowledgement with
its reason. The rule itself is the service's (workflow.sign refuses without the acknowledgement);
this only makes it visible."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labapp.gui.translation import interface_language
from labapp.services.calculation.run_problems import RunProblems

WARNING_COLOUR = "#b26a00"


def fill_problems(tree: QTreeWidget, problems: RunProblems) -> None:
    """One row per problem (kind, detail): the failed QC checks, then the unmatched labels."""
    failed = QCoreApplication.translate("ProblemsBox", "failed QC check")
    unmatched = QCoreApplication.translate("ProblemsBox", "unmatched sample label")
    uncertifiable = QCoreApplication.translate("ProblemsBox", "lot that cannot be certified")
    lang = interface_language()
    tree.clear()
    tree.addTopLevelItems(
        [QTreeWidgetItem([failed, check.describe(lang)]) for check in problems.failed_checks]
        + [QTreeWidgetItem([unmatched, label]) for label in problems.unmatched_labels]
        + [QTreeWidgetItem([uncertifiable, lot.describe(lang)]) for lot in problems.uncertifiable]
    )
    tree.resizeColumnToContents(0)


class ProblemsBox(QGroupBox):
    """The run's problems, one per row, a check box to sign over them and the reason for doing so."""

    def __init__(self, problems: RunProblems, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        counts = len(problems.failed_checks), len(problems.unmatched_labels), len(problems.uncertifiable)
        title = (
            self.tr("This run has {0} failed QC check(s), {1} unmatched sample label(s) and {2} lot(s) that "
                    "cannot be certified")
            if problems.uncertifiable
            else self.tr("This run has {0} failed QC check(s) and {1} unmatched sample label(s)")
        )
        self.setTitle(title.format(*counts))
        self.setStyleSheet(f"QGroupBox {{ color: {WARNING_COLOUR}; font-weight: bold }}")
        self.tree = QTreeWidget()
        self.tree.setObjectName("signature_problems")
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([self.tr("Problem"), self.tr("Detail")])
        self.tree.setMaximumHeight(150)
        fill_problems(self.tree, problems)
        self.acknowledge_check = QCheckBox(self.tr("I have seen these problems and sign over them"))
        self.acknowledge_check.setObjectName("signature_acknowledge")
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("signature_acknowledgement")
        self.reason_edit.setMaximumHeight(60)
        self.reason_edit.setPlaceholderText(self.tr("Why the run may be signed despite them (required)"))
        self.reason_edit.setEnabled(False)
        self.acknowledge_check.toggled.connect(self.reason_edit.setEnabled)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(self.acknowledge_check)
        layout.addWidget(self.reason_edit)

    def problem(self) -> str | None:
        """What keeps the acknowledgement from being given, as a message; None when it is complete."""
        if not self.acknowledge_check.isChecked():
            return self.tr("Tick the acknowledgement to sign over the failed QC checks and unmatched labels.")
        if not self.acknowledgement():
            return self.tr("Give the reason for signing over these problems.")
        return None

    def acknowledgement(self) -> str:
        """The reason given (empty unless the box is ticked)."""
        return self.reason_edit.toPlainText().strip() if self.acknowledge_check.isChecked() else ""
