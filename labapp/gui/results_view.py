"""The results grid of a run over the fast frame model (coloured rows, sort, filter; 100,000 rows stay
smooth) and a detail pane per result: the uncertainty budget as a bar chart of contributions, the
calculation inputs and the result's audit history."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from labapp.gui.audit_text import action_text, field_text
from labapp.gui.budget_words import STORED_WORDS
from labapp.gui.frame_model import Column, number_text
from labapp.gui.frame_view import FrameView
from labapp.gui.results_actions import ResultEditing
from labapp.gui.run_view_common import ContextSource, RunChooser, UserSource, ViewPage
from labapp.gui.translation import interface_language, word
from labapp.gui.value_text import quantity_text
from labapp.services.calculation.run_views import ResultDetail, result_detail, results_frame
from labapp.services.vocabulary import Basis, BudgetShown, ResultFlag, Vocabulary
from labapp.services.workflow.review import list_runs

RESULTS_COLUMNS = (
    Column("lot_code", "Lot"),
    Column("sample_label", "Sample"),
    Column("element", "Element", quantity_text),
    Column("line", "Line"),
    Column("text", "Value", sort_by="value"),  # value, U, k and LOQ as printed everywhere (service texts)
    Column("U_text", "U", sort_by="expanded_uncertainty"),
    Column("k_text", "k", sort_by="k"),
    Column("unit", "Unit"),
    Column("basis", "Basis"),
    Column("loq_text", "LOQ", sort_by="loq"),
    Column("lod_text", "LOD", sort_by="lod"),
    Column("flags", "Flags"),
    Column("qc_state", "QC"),
    Column("technique", "Technique"),
    Column("result_id", "Id", number_text),
)

# Uncertainty components (labapp.core.uncertainty.models) and calculation inputs as a reader names
# them; translated in the contexts "BudgetTerms" and "CalculationInputs" (translation.dynamic_texts).
BUDGET_TERMS = {
    "calibration": "calibration",
    "blank": "blank",
    "digest_volume": "digest volume",
    "dilution": "dilution",
    "sample_mass": "sample mass",
    "moisture": "moisture",
    "recovery": "recovery",
    "reproducibility": "reproducibility",
    "bias": "bias",
    "reference": "reference value",
    "counting": "counting statistics",
    "repeatability": "repeatability (repeated readings)",
    "sampling": "sampling (lot)",
    "drift": "drift correction",
}
INPUT_NAMES = {
    "element": "element",
    "line": "line",
    "value": "value",
    "unit": "unit",
    "basis": "basis",
    "censored": "censored",
    "loq": "LOQ",
    "lod": "LOD",
    "standard_uncertainty": "standard uncertainty u",
    "expanded_uncertainty": "expanded uncertainty U",
    "coverage_factor": "coverage factor k",
    "effective_dof": "effective degrees of freedom",
    "method": "method",
    "technique": "technique",
    "flags": "flags",
    "qc_state": "QC state",
    "calculated_by": "calculated by",
    "uncertainty rule": "uncertainty rule",
    "digest": "digest",
    "quantity": "quantity",
    "model": "model",
    "confidence": "confidence level",
    "coverage_factor_with_sampling": "coverage factor k including sampling",
    "expanded_uncertainty_with_sampling": "expanded uncertainty U including sampling (lot)",
}


def _term(name: str) -> str:
    english = BUDGET_TERMS.get(name)
    return name.replace("_", " ") if english is None else QCoreApplication.translate("BudgetTerms", english)


def _input_name(name: str) -> str:
    english = INPUT_NAMES.get(name)
    return name if english is None else QCoreApplication.translate("CalculationInputs", english)


def _input_value(name: str, value: object) -> str:
    if name in STORED_WORDS and isinstance(value, str):  # the uncertainty record's stored English
        return STORED_WORDS[name](value)
    if name == "flags":
        return str(_flag_words(value, interface_language()) or "")
    if isinstance(value, Vocabulary):  # the basis, the QC state: read back typed from the store
        return word(value)
    return number_text(value)


def budget_title(detail: ResultDetail) -> str:
    """Which budget the chart shows; for a lot's value, the first of its digests."""
    title = word(detail.budget)
    if detail.budget is BudgetShown.FIRST_DIGEST:
        title += f": {detail.budget_digest} (1/{detail.budget_digests})"
    return title


def readable_results(frame: pd.DataFrame) -> pd.DataFrame:
    """The grid's words in the interface language, so what is filtered and sorted is what is shown:
    a lot's reportable row named as such, the basis by its label, each flag in words."""
    frame = frame.copy()
    lang = interface_language()
    if "reportable" in frame:
        lot_row = QCoreApplication.translate("ResultDetailPane", "(lot result)")
        frame["sample_label"] = frame["sample_label"].where(~frame["reportable"].astype(bool), lot_row)
    if "element" in frame:  # a panel analyte (moisture) by its word; element symbols stay
        moisture = QCoreApplication.translate("BudgetTerms", "moisture")
        frame["element"] = frame["element"].where(frame["element"].ne("moisture"), moisture)
    if "basis" in frame:
        frame["basis"] = _by_value(frame["basis"], lambda b: _basis_text(b, lang))
    if "flags" in frame:
        frame["flags"] = _by_value(frame["flags"], lambda f: _flag_words(f, lang))
    return frame


def _by_value(column: pd.Series, words: Callable[[object], object]) -> pd.Series:
    """`words` once per distinct value (a run has a few flag combinations over thousands of rows)."""
    present = column.notna()
    mapping = {value: words(value) for value in column[present].unique()}
    return column.where(~present, column.map(mapping))


def _basis_text(value: object, lang: str) -> object:
    """The basis by its label; a value that is no basis stays as it is (frames made by hand)."""
    try:
        return Basis(value).label(lang)
    except ValueError:
        return value


def _flag_words(flags: object, lang: str) -> object:
    if not isinstance(flags, str) or not flags:
        return flags
    return "; ".join(ResultFlag.words(flag, lang) for flag in flags.split(";") if flag)


class BudgetChart(pg.PlotWidget):
    """Horizontal bars: each component's share of the combined variance (%), largest on top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setLabel("bottom", self.tr("Contribution to u\u00b2 (%)"))
        self.showGrid(x=True, alpha=0.2)
        self.names: list[str] = []
        self.shares = np.zeros(0)

    def show_budget(self, detail: ResultDetail) -> None:
        self.clear()
        parts = sorted(
            (c for c in detail.components if c.percent is not None), key=lambda c: c.percent or 0.0
        )
        self.names = [_term(c.name) for c in parts]
        self.shares = np.array([float(c.percent or 0.0) for c in parts])
        self.setTitle(budget_title(detail))
        if not parts:
            return
        positions = np.arange(len(parts))
        self.addItem(pg.BarGraphItem(x0=0, y=positions, height=0.6, width=self.shares, brush="#1f5fa8"))
        self.getAxis("left").setTicks([list(zip(positions.tolist(), self.names, strict=True))])
        self.setXRange(0, max(100.0, float(self.shares.max())) if self.shares.size else 100.0)


class ResultDetailPane(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title_label = QLabel()
        self.title_label.setStyleSheet("font-weight: bold")
        self.chart = BudgetChart()
        budget = QWidget()
        column = QVBoxLayout(budget)
        column.addWidget(self.title_label)
        column.addWidget(self.chart, 1)
        self.inputs = QTreeWidget()
        self.inputs.setHeaderLabels([self.tr("Input"), self.tr("Value")])
        self.components = QTreeWidget()
        self.components.setHeaderLabels(
            [
                self.tr("Component"),
                self.tr("Value"),
                self.tr("u"),
                self.tr("Sensitivity"),
                self.tr("Share %"),
                self.tr("dof"),
                self.tr("Shared with other analytes (r)"),
            ]
        )
        self.history = QTreeWidget()
        self.history.setHeaderLabels(
            [self.tr("When (UTC)"), self.tr("Who"), self.tr("Action"), self.tr("Reason"), self.tr("Changes")]
        )
        self.addTab(budget, self.tr("Uncertainty budget"))
        self.addTab(self.components, self.tr("Components"))
        self.addTab(self.inputs, self.tr("Calculation inputs"))
        self.addTab(self.history, self.tr("Audit history"))

    def show_detail(self, detail: ResultDetail) -> None:
        title = detail.title + (" " + self.tr("(lot result)") if detail.lot_result else "")
        self.title_label.setText(f"{title}: {detail.value_text}")
        self.chart.show_budget(detail)
        self.inputs.clear()
        self.inputs.addTopLevelItems(
            [QTreeWidgetItem([_input_name(k), _input_value(k, v)]) for k, v in detail.inputs]
            + [QTreeWidgetItem([self.tr("override"), f"{who}: {text}"]) for who, text in detail.overrides]
        )
        self.components.clear()
        self.components.addTopLevelItems(
            [
                QTreeWidgetItem(
                    [
                        _term(c.name),
                        f"{number_text(c.value)} {c.unit}".strip(),
                        number_text(c.u),
                        number_text(c.sensitivity),
                        number_text(c.percent),
                        "\u221e" if c.dof is None else number_text(c.dof),
                        self.tr("not named") if c.shared is None else number_text(c.shared),
                    ]
                )
                for c in detail.components
            ]
        )
        self.history.clear()
        self.history.addTopLevelItems(
            [
                QTreeWidgetItem(
                    [
                        e.occurred_at.strftime("%Y-%m-%d %H:%M:%S"),
                        e.actor,
                        action_text(e.action),
                        e.reason or "",
                        ", ".join(field_text(k) for k in sorted((e.new_values or e.old_values or {}).keys())),
                    ]
                )
                for e in detail.history
            ]
        )
        for tree in (self.inputs, self.components, self.history):
            tree.resizeColumnToContents(0)


class ResultsPage(ResultEditing, ViewPage):
    def __init__(
        self, context: ContextSource, acting_user: UserSource, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, acting_user, parent)
        self.runs = RunChooser(self.tr("Run"))
        self.runs.combo.currentIndexChanged.connect(self.load_run)
        self.grid = FrameView(RESULTS_COLUMNS)
        self.frame = pd.DataFrame()
        self.install_grid_actions()  # right-click: override a lot's value, exclude a preparation
        self.grid.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.detail = ResultDetailPane()
        self.current_detail: ResultDetail | None = None
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.grid)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.layout_.addWidget(self.runs)
        self.layout_.addWidget(splitter, 1)
        self.footer()

    def reload(self) -> None:
        ctx = self.context()
        if ctx is not None:
            self.runs.set_runs(self.attempt(lambda: list_runs(ctx)) or [])
            self.load_run()

    def load_run(self) -> None:
        """Read the run's results in the background (thousands of rows and their lots' gradings)."""
        ctx, run = self.context(), self.runs.selected()
        if ctx is None or run is None:
            return
        self.progress.abandon()
        self.run_task(lambda progress: results_frame(ctx, run), self.tr("Reading results..."), self.set_frame)

    def set_frame(self, frame: pd.DataFrame) -> None:
        self.frame = readable_results(frame)
        self.grid.set_frame(self.frame)

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_row(current.row())

    def show_row(self, view_row: int) -> ResultDetail | None:
        """Show the detail of the result in `view_row` of the (sorted, filtered) grid."""
        ctx = self.context()
        keys = self.grid.model.column_keys()
        if ctx is None or "result_id" not in keys:
            return None
        value = self.grid.model.index(view_row, keys.index("result_id")).data(Qt.ItemDataRole.UserRole)
        if value is None or value != value:
            return None
        detail = self.attempt(lambda: result_detail(ctx, int(value)))
        if detail is not None:
            self.current_detail = detail
            self.detail.show_detail(detail)
        return detail
