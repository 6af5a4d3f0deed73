"""The run view: calibration per element and line (standards, fit, residuals, the samples on the curve,
r and the Mandel verdict), the QC checks with pass/fail colours, ICV/CCV recovery against the run
sequence; Calculate and Submit for review (electronic signature) act on the chosen run."""

from __future__ import annotations

import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from labapp.gui.frame_model import Column, number_text
from labapp.gui.frame_view import FrameView
from labapp.gui.run_view_common import ContextSource, RunChooser, UserSource, ViewPage
from labapp.gui.signature_dialog import SignatureDialog
from labapp.gui.translation import word
from labapp.gui.value_text import qc_detail_text, qc_statistic_texts
from labapp.security.roles import Action
from labapp.services.calculation.calculate import CalculationSummary, calculate_run
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
STANDARD_BRUSH, SAMPLE_BRUSH, FAIL_BRUSH = "#1f5fa8", "#e07b00", "#c62828"


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


class CalibrationPlot(pg.GraphicsLayoutWidget):
    """The curve with its standards and samples above, the residuals of the standards below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.curve_plot = self.addPlot(row=0, col=0)
        self.residual_plot = self.addPlot(row=1, col=0)
        self.ci.layout.setRowStretchFactor(0, 3)
        self.residual_plot.setXLink(self.curve_plot)
        self.curve_plot.addLegend(offset=(10, 10))
        for plot in (self.curve_plot, self.residual_plot):
            plot.showGrid(x=True, y=True, alpha=0.2)
        self.residual_plot.setLabel("left", self.tr("Residual"))

    def show_line(self, line: CalibrationLine) -> None:
        for plot in (self.curve_plot, self.residual_plot):
            plot.clear()
        self.curve_plot.setTitle(line.title)
        self.curve_plot.setLabel("bottom", self.tr("Concentration ({0})").format(line.unit))
        self.curve_plot.setLabel("left", self.tr("Net signal"))
        if line.coefficients:
            x, y = line.curve()
            self.curve_plot.plot(
                x, y, pen=pg.mkPen("#444", width=1.5), name=self.tr("fit ({0})").format(line.model)
            )
        std = line.standards
        self.curve_plot.plot(
            std["x"].to_numpy(float),
            std["y"].to_numpy(float),
            pen=None,
            symbol="o",
            symbolBrush=STANDARD_BRUSH,
            symbolSize=9,
            name=self.tr("standards"),
        )
        if len(line.samples):
            self.curve_plot.plot(
                line.samples["x"].to_numpy(float),
                line.samples["y"].to_numpy(float),
                pen=None,
                symbol="t",
                symbolBrush=SAMPLE_BRUSH,
                symbolSize=8,
                name=self.tr("samples"),
            )
        self.residual_plot.addLine(y=0, pen=pg.mkPen("#888", style=Qt.PenStyle.DashLine))
        self.residual_plot.plot(
            std["x"].to_numpy(float),
            std["residual"].to_numpy(float),
            pen=None,
            symbol="o",
            symbolBrush=STANDARD_BRUSH,
            symbolSize=8,
        )


class RecoveryPlot(pg.PlotWidget):
    """ICV/CCV recovery (%) against the position of the check solution in the run, with the limits."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.showGrid(x=True, y=True, alpha=0.2)
        self.setLabel("bottom", self.tr("Position in run (solution number)"))
        self.setLabel("left", self.tr("Recovery (%)"))

    def show_sequence(self, data: pd.DataFrame, element: str | None) -> None:
        self.clear()
        rows = data if not element else data[data["element"] == element]
        if rows.empty:
            return
        for _line, group in rows.groupby("line"):
            self.plot(
                group["position"].to_numpy(float),
                group["recovery_pct"].to_numpy(float),
                pen=pg.mkPen("#1f5fa8", width=1),
                symbol="o",
                symbolSize=6,
                symbolBrush="#1f5fa8",
            )
        failed = rows[rows["outcome"].eq(CheckOutcome.FAIL)]
        if len(failed):
            self.plot(
                failed["position"].to_numpy(float),
                failed["recovery_pct"].to_numpy(float),
                pen=None,
                symbol="x",
                symbolSize=12,
                symbolBrush=FAIL_BRUSH,
                symbolPen=FAIL_BRUSH,
            )
        for limit in pd.concat([rows["low"], rows["high"]]).dropna().unique():
            self.addLine(y=float(limit), pen=pg.mkPen(FAIL_BRUSH, style=Qt.PenStyle.DashLine))
        self.setTitle(
            self.tr("{0}: {1} checks, {2} outside the limits").format(
                element or self.tr("all elements"), len(rows), len(failed)
            )
        )


class RunViewPage(ViewPage):
    def __init__(
        self, context: ContextSource, acting_user: UserSource, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, acting_user, parent)
        self.calibration: RunCalibration | None = None
        self.recoveries = pd.DataFrame()
        self.runs = RunChooser(self.tr("Run"))
        self.runs.combo.currentIndexChanged.connect(self.load_run)
        self.calculate_button = QPushButton(self.tr("&Calculate"))
        self.calculate_button.setShortcut(QKeySequence("F9"))
        self.calculate_button.setToolTip(self.tr("Calculate the run's results, QC and uncertainty (F9)"))
        self.calculate_button.clicked.connect(self.calculate)
        self.submit_button = QPushButton(self.tr("&Submit for review..."))
        self.submit_button.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.submit_button.setToolTip(self.tr("Sign the calculated run as its author (Ctrl+Shift+S)"))
        self.submit_button.clicked.connect(self.submit)
        bar = QHBoxLayout()
        bar.addWidget(self.runs, 1)
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
        self.line_list = QListWidget()
        self.line_list.setMaximumWidth(220)
        self.line_list.currentRowChanged.connect(self._line_chosen)
        self.plot = CalibrationPlot()
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.plot, 1)
        column.addWidget(self.verdict_label)
        splitter = QSplitter()
        splitter.addWidget(self.line_list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        return splitter

    def _recovery_tab(self) -> QWidget:
        self.element_combo = QComboBox()
        self.element_combo.currentIndexChanged.connect(self._show_recovery)
        self.recovery_plot = RecoveryPlot()
        page = QWidget()
        column = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Element")))
        row.addWidget(self.element_combo)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.recovery_plot, 1)
        return page

    # -- loading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        ctx = self.context()
        if ctx is not None:
            self.runs.set_runs(self.attempt(lambda: list_runs(ctx)) or [])
            self.load_run()

    def load_run(self) -> None:
        ctx, run = self.context(), self.runs.selected()
        if ctx is None or run is None:
            return
        records = self.attempt(lambda: run_qc(ctx, run))
        self.qc_view.set_frame(qc_frame(records or []))
        self.recoveries = self.attempt(lambda: recovery_sequence(ctx, run))
        if self.recoveries is None:
            self.recoveries = pd.DataFrame()
        self.element_combo.blockSignals(True)
        self.element_combo.clear()
        self.element_combo.addItem(self.tr("All elements"), "")
        for element in sorted(set(self.recoveries.get("element", []))):
            self.element_combo.addItem(element, element)
        self.element_combo.blockSignals(False)
        self._show_recovery()
        self.line_list.clear()
        self.progress.abandon()
        self.run_task(
            lambda progress: run_calibration(ctx, run, progress),
            self.tr("Calibrating..."),
            self._calibration_loaded,
        )

    def _calibration_loaded(self, calibration: RunCalibration) -> None:
        self.calibration = calibration
        self.line_list.clear()
        for line in calibration.lines:
            self.line_list.addItem(line.title)
        if calibration.lines:
            self.line_list.setCurrentRow(0)
        else:
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
        self.plot.show_line(line)
        self.verdict_label.setText(
            self.tr(
                "{0}: {1} fit, weighting {2}, n = {3}, r = {4:.6f}, s_y = {5:.4g}; Mandel: {6}{7}"
            ).format(
                line.title,
                line.model,
                line.weighting or self.tr("none"),
                len(line.standards),
                line.r,
                line.residual_sd,
                line.mandel_verdict,
                "" if line.mandel_p != line.mandel_p else f" (p = {line.mandel_p:.3f})",
            )
            + self._weighting_evidence(line)
        )

    def _weighting_evidence(self, line) -> str:
        """What the standards' replicate scatter says about the weighting (core.variance_function)."""
        if line.weighting_supported == "":
            return self.tr("; weighting not testable (too few replicated standards)")
        text = self.tr("; replicate SDs support weighting {0} (variance ~ x^{1:.2f}; p of the used: {2:.3f})")
        supported = line.weighting_supported or self.tr("none")
        return text.format(supported, line.variance_exponent, line.weighting_p)

    def _show_recovery(self) -> None:
        if len(self.recoveries):
            self.recovery_plot.show_sequence(self.recoveries, self.element_combo.currentData() or None)

    def select_line(self, title: str) -> bool:
        matches = self.line_list.findItems(title, Qt.MatchFlag.MatchExactly)
        if matches:
            self.line_list.setCurrentItem(matches[0])
        return bool(matches)

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
        self.run_task(
            lambda progress: calculate_run(ctx, run, user, progress),
            self.tr("Calculating..."),
            self._calculated,
        )

    def _calculated(self, summary: CalculationSummary) -> None:
        """Coloured by what it found: green only with no failed QC check and no unmatched label."""
        self.reload()
        text = self.tr("{0}: {1} reportable results, QC {2} ({3} of {4} checks failed)").format(
            summary.run_name,
            summary.reportable_results,
            word(summary.verdict),
            summary.qc_failed,
            summary.qc_checks,
        )
        problems = summary.problems
        if not problems.found:
            self.show_message(text)
            return
        self.show_warning(
            text
            + self.tr(
                "; {0} sample label(s) unmatched. Signing this run needs an acknowledgement of "
                "the failed QC checks and unmatched labels."
            ).format(len(problems.unmatched_labels))
        )

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
                outcome.run_name, word(outcome.state), outcome.manifest.display()
            )
        )
