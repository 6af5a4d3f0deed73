"""Column widths fitted to the rows a user sees, not to every row of a long table; numbers in full."""

from __future__ import annotations

from PySide6.QtCore import QAbstractProxyModel
from PySide6.QtWidgets import QStyle, QTableView

SIZE_SAMPLE_ROWS = 100


def fit_columns(table: QTableView) -> None:
    """Fit each column to the rows in view and SIZE_SAMPLE_ROWS more, then widen every numeric column
    to the widest text any of its numbers can take (the model's `widest_texts`, when it has one).

    Qt's default reads 1,000 rows of every column through the Python model: about 280 ms for a 6,000-row
    results grid at every refresh (docs/PERFORMANCE.md). A longer text further down is elided with
    "...", which words survive; a number never is: "1.235e+08" cut to "1.235..." would read wrong.
    """
    rows_in_view = table.viewport().height() // max(1, table.verticalHeader().defaultSectionSize()) + 1
    table.horizontalHeader().setResizeContentsPrecision(rows_in_view + SIZE_SAMPLE_ROWS)
    table.resizeColumnsToContents()
    _room_for_every_number(table)


def _room_for_every_number(table: QTableView) -> None:
    model = table.model()
    while isinstance(model, QAbstractProxyModel):  # a sort or filter proxy keeps the columns
        model = model.sourceModel()
    widest_texts = getattr(model, "widest_texts", None)
    if widest_texts is None:
        return
    metrics = table.fontMetrics()
    # what an item delegate adds around its text, each side: the focus frame margin and one pixel
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    for column, texts in widest_texts().items():
        needed = max((metrics.horizontalAdvance(text) for text in texts), default=0) + margin
        if texts and table.columnWidth(column) < needed:
            table.setColumnWidth(column, needed)
