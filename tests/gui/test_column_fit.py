"""Long tables fit their columns to the rows a user sees, not to a thousand rows through Python, and
a number is never cut: "1.235e+08" elided to "1.235..." would read as a plausible wrong value."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from PySide6.QtWidgets import QStyle

from labapp.gui.frame_model import FrameTableModel, number_text, precise_text
from labapp.gui.frame_view import RESULT_COLUMNS, FrameView
from labapp.gui.number_width import widest_number_texts
from labapp.gui.table_page import TablePage


def _frame(rows: int) -> pd.DataFrame:
    return pd.DataFrame({"sample_label": [f"BM26-{i:04d}" for i in range(rows)],
                         "value": [1 + i / 700 for i in range(rows)], "unit": "wt%"})  # value not last


def _view(qtbot, height: int = 400) -> FrameView:
    view = FrameView(RESULT_COLUMNS)
    qtbot.addWidget(view)
    view.resize(800, height)
    view.show()
    return view


def _fits(table, column: int, text: str) -> bool:
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    return table.fontMetrics().horizontalAdvance(text) + margin <= table.columnWidth(column)


def _rows_read(view: FrameView, monkeypatch, frame: pd.DataFrame) -> int:
    read: set[int] = set()
    original = FrameTableModel.data

    def counting(self, index, role=0):
        read.add(index.row())
        return original(self, index, role)

    monkeypatch.setattr(FrameTableModel, "data", counting)
    view.set_frame(frame)
    monkeypatch.setattr(FrameTableModel, "data", original)
    return len(read)


def test_a_long_grid_reads_the_rows_in_view_and_a_hundred_more_for_its_widths(qtbot, monkeypatch):
    assert _rows_read(_view(qtbot), monkeypatch, _frame(80)) == 80  # a short table: every row counts
    tall = _view(qtbot, height=2_000)
    in_view = tall.table.viewport().height() // tall.table.verticalHeader().defaultSectionSize()
    assert in_view > 60
    read = _rows_read(tall, monkeypatch, _frame(6_000))
    assert in_view + 100 <= read <= in_view + 202  # Qt's default read 1,000 rows of every column


def test_a_wide_number_in_view_or_far_below_is_never_cut(qtbot):
    frame = _frame(6_000)
    frame.loc[150, "value"] = 123_456_789.0  # in view of a tall window, past the first hundred rows
    frame.loc[5_000, "value"] = -0.000123456  # far below anything measured
    view = _view(qtbot, height=2_000)
    view.set_frame(frame)
    column = view.model.column_keys().index("value")
    assert _fits(view.table, column, number_text(123_456_789.0))  # "1.235e+08"
    assert _fits(view.table, column, number_text(-0.000123456))  # "-0.0001235"


@dataclass
class Event:
    seq: int
    what: str


def test_a_record_table_keeps_room_for_its_largest_whole_number(qtbot):
    page = TablePage([("seq", "N"), ("what", "What")])
    qtbot.addWidget(page)
    page.resize(600, 300)
    page.show()
    page.set_records([Event(i, "login") for i in range(1, 2_000)] + [Event(123_456_789, "login")])
    assert _fits(page.table, 0, "123456789")  # sorted last: the first rows hold 1..200


def test_the_widest_candidates_bound_every_value_of_a_column():
    rng = np.random.default_rng(7)
    values = np.concatenate([rng.lognormal(0, 6, 20_000), -rng.lognormal(-3, 2, 200), [0.0, np.nan]])
    for fmt in (number_text, precise_text):
        widest = max(len(text) for text in widest_number_texts(values, fmt))
        assert widest >= max(len(fmt(float(v))) for v in values[np.isfinite(values)])


def test_a_column_without_a_number_keeps_its_fitted_width(qtbot):
    view = _view(qtbot)
    frame = _frame(3)
    frame["value"] = np.nan  # nothing measured yet: no number to make room for
    view.set_frame(frame)
    assert view.model.widest_texts()[view.model.column_keys().index("value")] == []
