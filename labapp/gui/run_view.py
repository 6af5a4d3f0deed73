"""The run view: calibration per element and line (standards, fit, residuals, the samples on the curve,
r and the Mandel verdict), the QC checks with pass/fail colours, ICV/CCV recovery against the run
sequence; Calculate and Submit for review (electronic signature) act on the chosen run."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from labapp.gui.frame_model import Column, number_text
from labapp.gui.frame_view import FrameView
from labapp.gui.grading_note import grading_note
from labapp.gui.method_box import MethodBox
from labapp.gui.run_view_common import ContextSource, RunChooser, UserSource, ViewPage
from labapp.gui.run_view_curve import CalibrationPlot, CurvePoints, model_word
from labapp.gui.run_view_edits import CurveEditing
from labapp.gui.run_view_lines import LineStatusTable
from labapp.gui.run_view_recovery import ElementChooser, RecoveryPlot
from labapp.gui.signature_dialog import SignatureDialog
from labapp.gui.signature_text import signature_line
from labapp.gui.translation import word
from labapp.gui.value_text import qc_detail_text, qc_statistic_texts
from labapp.security.roles import Action
from labapp.services.calculation.calculate_and_grade import CalculatedAndGraded, calculate_and_grade
from labapp.services.calculation.curve_edits import excluded_points
from labapp.services.calculation.line_status import LineQc, line_status
from labapp.services.calculation.results import run_qc
from labapp.services.calculation.run_views import (
    CalibrationLine,
    RunCalibration,
    recovery_sequence,
    run_calibration,
)
from labapp.services.vocabulary import CheckOutcome
from labapp.services.workflow.review import SignAction, list_runs, problems_of, sign

QC_COLUMNS = (
    Column("check", "Check"),
    Column("sample_label", "Solution"),
    Column("element", "Element"),
    Column("line", "Line"),
    Column("measured", "Measured", number_text),
    Column("expected", "Expected", number_text),
    Column("statistic", "Statistic", sort_by="statistic_value"),  # formatted by meaning (value_text)
    Column("lower_limit", "Low", number_text),
    Column("upper_limit", "High", number_text),
    Column("outcome", "Outcome"),
    Column("detail", "Detail", qc_detail_text),
)


def qc_frame(records: list) -> pd.DataFrame:
    """QC outcomes (each a `CheckOutcome`) as a frame; failed checks are coloured as out of specification."""
    frame = (
        pd.DataFrame([vars(q) for q in records])
        if records
        else pd.DataFrame(columns=[c.key for c in QC_COLUMNS])
    )
    frame["out_of_spec"] = frame["outcome"].eq(CheckOutcome.FAIL)
    frame["statistic_value"] = pd.to_numeric(frame["statistic"], errors="coerce")
    frame["statistic"] = qc_statistic_texts(frame["check"], frame["statistic_value"])
    return frame


class RunViewPage(CurveEditing, ViewPage):
    def __init__(
        self, context: ContextSource, acting_user: UserSource, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, acting_user, parent)
        self.calibration: RunCalibration | None = None
        self.excluded = pd.DataFrame(columns=["element", "line", "view"])
        self.line_qc: dict[tuple[str, str], LineQc] = {}
        self.recoveries = pd.DataFrame()
        self.runs = RunChooser(self.tr("Run"))
        self.runs.combo.currentIndexChanged.connect(self.load_run)
        self.calculate_button = QPushButton(self.tr("&Calculate"))
        self.calculate_button.setShortcut(QKeySequence("F9"))
        self.calculate_button.setToolTip(self.tr("Calculate the run's results, QC and uncertainty (F9)"))
        self.calculate_button.clicked.connect(self.calculate)
        self.method_box = MethodBox()
        self.techniques: dict[int, str] = {}  # run id -> technique: the Method list offers its methods
        self.submit_button = QPushButton(self.tr("&Submit for review..."))
        self.submit_button.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.submit_button.setToolTip(self.tr("Sign the calculated run as its author (Ctrl+Shift+S)"))
        self.submit_button.clicked.connect(self.submit)
        bar = QHBoxLayout()
        bar.addWidget(self.runs, 1)
        bar.addWidget(self.method_box)
        bar.addWidget(self.calculate_button)
        bar.addWidget(self.submit_button)
        self.layout_.addLayout(bar)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._calibration_tab(), self.tr("Calibration"))
        self.qc_view = FrameView(QC_COLUMNS)
        self.tabs.addTab(self.qc_view, self.tr("QC checks"))
        self.tabs.addTab(self._recovery_tab(), self.tr("CCV recovery"))
        self.layout_.addWidget(self.tabs, 1)
        self.footer()

    def _calibration_tab(self) -> QWidget:
        self.line_list = LineStatusTable()
        self.line_list.currentItemChanged.connect(lambda *_: self._line_chosen(self.line_list.line_index()))
        self.plot = CalibrationPlot()
        self.plot.point_clicked.connect(self.point_clicked)
        self.plot.setToolTip(
            self.tr("Click a standard to take it off the curve; click a hollow one to put it back.")
        )
        self.points = CurvePoints()
        self.points.customContextMenuRequested.connect(self.points_menu)
        self.points.setToolTip(
            self.tr("Right-click a standard to exclude it or one of its replicates, or to put it back.")
        )
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        right = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.plot, 1)
        column.addWidget(self.verdict_label)
        right.addWidget(top)
        right.addWidget(self.points)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        right.setSizes([480, 160])
        splitter = QSplitter()
        splitter.addWidget(self.line_list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 950])
        return splitter

    def _recovery_tab(self) -> QWidget:
        self.elements = ElementChooser()
        self.elements.changed.connect(self._show_recovery)
        self.recovery_plot = RecoveryPlot()
        splitter = QSplitter()
        splitter.addWidget(self.elements)
        splitter.addWidget(self.recovery_plot)
        splitter.setStretchFactor(1, 1)
        return splitter

    # -- loading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        ctx = self.context()
        if ctx is not None:
            runs = self.attempt(lambda: list_runs(ctx)) or []
            self.techniques = {r.id: r.technique for r in runs}
            self.runs.set_runs(runs)
            self.load_run()

    def load_run(self) -> None:
        ctx, run = self.context(), self.runs.selected()
        if ctx is None or run is None:
            return
        self.method_box.show_technique(self.techniques.get(run))
        records = self.attempt(lambda: run_qc(ctx, run))
        self.qc_view.set_frame(qc_frame(records or []))
        self.recoveries = self.attempt(lambda: recovery_sequence(ctx, run))
        if self.recoveries is None:
            self.recoveries = pd.DataFrame()
        self.line_qc = line_status(records or [])
        self.elements.set_elements(sorted(set(self.recoveries.get("element", []))))
        self._keep_line = self.line_list.currentItem().text(0) if self.line_list.currentItem() else None
        self.line_list.clear()
        self.progress.abandon()
        self.run_task(
            lambda progress: (run_calibration(ctx, run, progress), excluded_points(ctx, run)),
            self.tr("Calibrating..."),
            self._calibration_loaded,
        )

    def _calibration_loaded(self, loaded: tuple[RunCalibration, pd.DataFrame]) -> None:
        self.calibration, self.excluded = loaded
        self.line_list.show_lines(self.calibration.lines, self.line_qc)
        if self.calibration.lines:
            keep = getattr(self, "_keep_line", None)
            if not (keep and self.line_list.select(keep)):
                self.line_list.setCurrentItem(self.line_list.topLevelItem(0))
        else:
            self.points.clear()
            self.plot.curve_plot.clear()
            self.plot.residual_plot.clear()
            self.verdict_label.setText(
                self.tr(
                    "This run reports concentrations (no calibration standards in the file): nothing to plot."
                )
            )

    def _line_chosen(self, row: int) -> None:
        if self.calibration is None or not 0 <= row < len(self.calibration.lines):
            return
        line = self.calibration.lines[row]
        excluded = self.excluded[
            (self.excluded["element"] == line.element)
            & (self.excluded["line"] == line.line)
            & (self.excluded["view"] == line.view)
        ]
        self.plot.show_line(line, excluded)
        self.points.show_line(line, excluded)
        self.verdict_label.setText(
            self.tr(
                "{0}: {1} fit, weighting {2}, n = {3}, r = {4:.6f}, s(y) = {5:.4g}; Mandel test: {6}{7}"
            ).format(
                line.title,
                self.model_text(line.model),
                line.weighting or self.tr("none"),
                len(line.standards),
                line.r,
                line.residual_sd,
                word(line.mandel_verdict),
                "" if line.mandel_p != line.mandel_p else f" (p = {line.mandel_p:.3f})",
            )
            + self._weighting_evidence(line)
        )

    def model_text(self, model: str) -> str:
        """The calibration model in words (the method file's `linear` / `quadratic`)."""
        return model_word(model)

    def _weighting_evidence(self, line) -> str:
        """What the standards' replicate scatter says about the weighting (core.variance_function)."""
        if line.weighting_supported == "":
            return self.tr("; weighting not testable (too few replicated standards)")
        text = self.tr("; replicate SDs support weighting {0} (variance ~ x^{1:.2f}; p of the used: {2:.3f})")
        supported = line.weighting_supported or self.tr("none")
        return text.format(supported, line.variance_exponent, line.weighting_p)

    def _show_recovery(self) -> None:
        self.recovery_plot.show_sequence(self.recoveries, self.elements.chosen(), self.elements.elements())

    def select_line(self, title: str) -> bool:
        return self.line_list.select(title)

    def current_line(self) -> CalibrationLine | None:
        row = self.line_list.line_index()
        if self.calibration is None or not 0 <= row < len(self.calibration.lines):
            return None
        return self.calibration.lines[row]

    # -- actions ---------------------------------------------------------------------------------
    def calculate(self) -> None:
        ctx, run = self.context(), self.runs.selected()
        if run is None:
            self.show_error(self.tr("Choose a run first (or import one: File > Import instrument export)."))
            return
        user = self.acting_user(Action.CALCULATE)
        if user is None or ctx is None:
            return
        self.progress.abandon()
        method_id = self.method_box.chosen()
        self.run_task(
            lambda progress: calculate_and_grade(ctx, run, user, progress, method_id=method_id),
            self.tr("Calculating..."),
            self._calculated,
        )

    def _calculated(self, outcome: CalculatedAndGraded) -> None:
        """Coloured by what it found: green only with no failed QC check and no unmatched label; the
        grading that followed (labapp.services.calculation.calculate_and_grade) is said after it."""
        self.reload()
        summary, graded = outcome.calculation, grading_note(outcome)
        text = self.tr("{0}: {1} reportable results, QC {2} ({3} of {4} checks failed)").format(
            summary.run_name,
            summary.reportable_results,
            word(summary.verdict),
            summary.qc_failed,
            summary.qc_checks,
        )
        problems = summary.problems
        if not problems.found and outcome.grading_refusal is None and not outcome.graded_elsewhere:
            self.show_message(" ".join(filter(None, (text + self.tr("."), graded))))
            return
        warning = (
            self.tr(
                "; {0} sample label(s) unmatched. Signing this run needs an acknowledgement of "
                "the failed QC checks and unmatched labels."
            ).format(len(problems.unmatched_labels))
            if problems.found
            else self.tr(".")
        )
        self.show_warning(" ".join(filter(None, (text + warning, graded))))

    def submit(self) -> SignatureDialog | None:
        """Open the signature dialog for submitting the run (the caller may drive it, e.g. tests)."""
        ctx, run = self.context(), self.runs.selected()
        if run is None:
            self.show_error(self.tr("Choose a run to submit."))
            return None
        user = self.acting_user(Action.SUBMIT)
        if user is None or ctx is None:
            return None
        problems = self.attempt(lambda: problems_of(ctx, run))
        if problems is None:
            return None
        dialog = SignatureDialog(
            f"{user.full_name} ({user.username})",
            SignAction.SUBMIT,
            self.runs.combo.currentText(),
            lambda password, reason, acknowledgement=None: sign(
                ctx, user.username, password, run, SignAction.SUBMIT, reason, acknowledgement=acknowledgement
            ),
            problems=problems,
            parent=self,
        )
        dialog.accepted.connect(lambda: self._signed(dialog))
        dialog.open()
        return dialog

    def _signed(self, dialog: SignatureDialog) -> None:
        outcome = dialog.outcome
        self.reload()
        self.show_message(
            self.tr("{0} is {1}: {2}").format(
                outcome.run_name, word(outcome.state), signature_line(outcome.manifest)
            )
        )
