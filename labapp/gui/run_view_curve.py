"""The calibration plot and its points grid: standards (click one to take it off the curve), standards
left off (hollow; click to put back), samples read on the curve with those above the top standard
highlighted, and the standards' residuals below."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from labapp.gui.frame_model import number_text
from labapp.gui.translation import word
from labapp.services.calculation.line_status import SampleRemark, above_top_standard
from labapp.services.calculation.run_views import CalibrationLine

STANDARD_BRUSH, SAMPLE_BRUSH, FAIL_BRUSH, EXCLUDED_PEN = "#1f5fa8", "#e07b00", "#c62828", "#777777"
ABOVE_COLOUR = "#f8c9c9"
LABEL_ROLE = Qt.ItemDataRole.UserRole
EXCLUSION_ROLE = Qt.ItemDataRole.UserRole + 1


def model_word(model: str) -> str:
    """The calibration model in words (the method file's `linear` / `quadratic`), for legends and text."""
    words = {
        "linear": QCoreApplication.translate("CalibrationModel", "linear"),
        "quadratic": QCoreApplication.translate("CalibrationModel", "quadratic"),
    }
    return words.get(model, model)


class CalibrationPlot(pg.GraphicsLayoutWidget):
    """The curve with its standards and samples above, the residuals of the standards below.
    `point_clicked(label, exclusion_id)`: a standard was clicked (exclusion id 0 when it is on the curve)."""

    point_clicked = Signal(str, int)

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
        self.standards_item: pg.PlotDataItem | None = None
        self.excluded_item: pg.PlotDataItem | None = None
        self.above_item: pg.PlotDataItem | None = None

    def show_line(self, line: CalibrationLine, excluded: pd.DataFrame | None = None) -> None:
        for plot in (self.curve_plot, self.residual_plot):
            plot.clear()
        self.standards_item = self.excluded_item = self.above_item = None
        self.curve_plot.setTitle(line.title)
        self.curve_plot.setLabel("bottom", self.tr("Concentration ({0})").format(line.unit))
        self.curve_plot.setLabel("left", self.tr("Net signal"))
        if line.coefficients:
            x, y = line.curve()
            self.curve_plot.plot(
                x,
                y,
                pen=pg.mkPen("#444", width=1.5),
                name=self.tr("fit ({0})").format(model_word(line.model)),
            )
        std = line.standards
        self.standards_item = self._points(std, "o", STANDARD_BRUSH, 9, self.tr("standards"), 0)
        if excluded is not None and len(excluded):
            self.excluded_item = self._points(
                excluded, "o", None, 11, self.tr("excluded standards"), excluded["exclusion_id"]
            )
        if len(line.samples):
            above = above_top_standard(std, line.samples)
            self._samples(line.samples[~above], SAMPLE_BRUSH, self.tr("samples"))
            if above.any():
                self.above_item = self._samples(
                    line.samples[above], FAIL_BRUSH, self.tr("above the top standard")
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

    def _points(self, rows: pd.DataFrame, symbol: str, brush: str | None, size: int, name: str, ids: object):
        exclusion = np.broadcast_to(np.asarray(ids, dtype=int), (len(rows),))
        item = self.curve_plot.plot(
            rows["x"].to_numpy(float),
            rows["y"].to_numpy(float),
            pen=None,
            symbol=symbol,
            symbolBrush=brush,
            symbolPen=pg.mkPen(EXCLUDED_PEN if brush is None else brush, width=2 if brush is None else 1),
            symbolSize=size,
            name=name,
            data=[(str(label), int(e)) for label, e in zip(rows["sample_label"], exclusion, strict=True)],
        )
        item.sigPointsClicked.connect(self._clicked)
        return item

    def _samples(self, rows: pd.DataFrame, brush: str, name: str) -> pg.PlotDataItem:
        return self.curve_plot.plot(
            rows["x"].to_numpy(float),
            rows["y"].to_numpy(float),
            pen=None,
            symbol="t",
            symbolBrush=brush,
            symbolSize=8 if brush == SAMPLE_BRUSH else 11,
            name=name,
        )

    def _clicked(self, _item: object, points: list, *_event: object) -> None:
        if len(points):
            label, exclusion = points[0].data()
            self.point_clicked.emit(label, exclusion)

    def legend_names(self) -> list[str]:
        return [label.text for _sample, label in self.curve_plot.legend.items]


class CurvePoints(QTreeWidget):
    """The line's points as a grid: solution, kind, concentration, signal, remark (why it needs a look)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRootIsDecorated(False)
        self.setSortingEnabled(True)
        self.setHeaderLabels(
            [
                self.tr("Solution"),
                self.tr("Kind"),
                self.tr("Concentration"),
                self.tr("Net signal"),
                self.tr("Remark"),
            ]
        )
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show_line(self, line: CalibrationLine, excluded: pd.DataFrame) -> None:
        self.setSortingEnabled(False)
        self.clear()
        for row in line.standards.itertuples(index=False):
            self._add(row.sample_label, self.tr("standard"), row.x, row.y, "", 0)
        for row in excluded.itertuples(index=False):
            remark = self.tr("left off the curve: {0}").format(row.reason)
            self._add(
                row.sample_label, self.tr("excluded standard"), row.x, row.y, remark, int(row.exclusion_id)
            )
        above = above_top_standard(line.standards, line.samples)
        for row, high in zip(line.samples.itertuples(index=False), above, strict=True):
            item = self._add(
                row.sample_label,
                self.tr("sample"),
                row.x,
                row.y,
                word(SampleRemark.ABOVE_TOP_STANDARD) if high else "",
                -1,
            )
            if high:
                for column in range(5):
                    item.setBackground(column, QBrush(QColor(ABOVE_COLOUR)))
        self.setSortingEnabled(True)
        for column in range(4):
            self.resizeColumnToContents(column)

    def _add(self, label: str, kind: str, x: float, y: float, remark: str, exclusion: int) -> QTreeWidgetItem:
        item = QTreeWidgetItem([str(label), kind, number_text(float(x)), number_text(float(y)), remark])
        item.setData(0, LABEL_ROLE, str(label))
        item.setData(0, EXCLUSION_ROLE, exclusion)  # 0: a standard on the curve, -1: a sample
        item.setToolTip(4, remark)
        self.addTopLevelItem(item)
        return item

    def rows(self) -> list[tuple[str, str, str]]:
        """(solution, kind, remark) of every row as shown."""
        return [
            (self.topLevelItem(i).text(0), self.topLevelItem(i).text(1), self.topLevelItem(i).text(4))
            for i in range(self.topLevelItemCount())
        ]
