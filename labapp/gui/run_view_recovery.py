"""ICV/CCV recovery against the run sequence, one colour per element with a legend, the elements
chosen in a checkable list, the acceptance band drawn behind the points."""

from __future__ import annotations

import pandas as pd
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from labapp.services.vocabulary import CheckOutcome

FAIL_BRUSH = "#c62828"
BAND_BRUSH = (46, 125, 50, 40)


# a qualitative palette (neighbours differ in hue and lightness), then evenly spread hues beyond it
PALETTE = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#e6550d",
    "#31a354",
    "#843c39",
    "#7b4173",
    "#3182bd",
    "#636363",
    "#8c6d31",
)


def element_colour(index: int, count: int) -> object:
    """The element's colour by its place in the run's element list (stable when others are hidden)."""
    if count <= len(PALETTE):
        return pg.mkColor(PALETTE[index])
    return pg.intColor(index, hues=count, maxValue=210)


class RecoveryPlot(pg.PlotWidget):
    """ICV/CCV recovery (%) against the position of the check solution in the run, with the band."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.showGrid(x=True, y=True, alpha=0.2)
        self.setLabel("bottom", self.tr("Position in run (solution number)"))
        self.setLabel("left", self.tr("Recovery (%)"))
        self.legend = self.addLegend(offset=(10, 10), colCount=3)

    def legend_names(self) -> list[str]:
        return [label.text for _sample, label in self.legend.items]

    def show_sequence(self, data: pd.DataFrame, elements: list[str], all_elements: list[str]) -> None:
        self.clear()
        self.legend.clear()
        rows = data[data["element"].isin(elements)] if len(data) else data
        if rows.empty:
            self.setTitle(self.tr("No element chosen"))
            return
        for low, high in rows[["low", "high"]].dropna().drop_duplicates().itertuples(index=False):
            band = pg.LinearRegionItem(
                values=(float(low), float(high)),
                orientation="horizontal",
                movable=False,
                brush=pg.mkBrush(*BAND_BRUSH),
                pen=pg.mkPen(FAIL_BRUSH, style=Qt.PenStyle.DashLine),
            )
            band.setZValue(-10)
            self.addItem(band)
        for element in elements:
            colour = element_colour(all_elements.index(element), len(all_elements))
            mine = rows[rows["element"] == element]
            for number, (_line, group) in enumerate(mine.groupby("line")):
                self.plot(
                    group["position"].to_numpy(float),
                    group["recovery_pct"].to_numpy(float),
                    pen=pg.mkPen(colour, width=1),
                    symbol="o",
                    symbolSize=6,
                    symbolBrush=colour,
                    name=element if number == 0 else None,
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
        label = elements[0] if len(elements) == 1 else self.tr("{0} elements").format(len(elements))
        self.setTitle(
            self.tr("{0}: {1} checks, {2} outside the limits").format(label, len(rows), len(failed))
        )


class ElementChooser(QWidget):
    """A checkable list of the run's elements with All and None; `changed` when the choice changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setMaximumWidth(160)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        every, none = QPushButton(self.tr("All")), QPushButton(self.tr("Clear"))
        every.clicked.connect(lambda: self.check_all(True))
        none.clicked.connect(lambda: self.check_all(False))
        buttons = QHBoxLayout()
        buttons.addWidget(every)
        buttons.addWidget(none)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list, 1)
        column.addLayout(buttons)

    def set_elements(self, elements: list[str]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for element in elements:
            item = QListWidgetItem(element)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.changed.emit()

    def elements(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def chosen(self) -> list[str]:
        items = [self.list.item(i) for i in range(self.list.count())]
        return [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]

    def choose(self, elements: list[str]) -> None:
        """Check exactly `elements`."""
        self.list.blockSignals(True)
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.text() in elements else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self.changed.emit()

    def check_all(self, checked: bool) -> None:
        self.choose(self.elements() if checked else [])
