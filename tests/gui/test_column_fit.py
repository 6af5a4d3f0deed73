"""Long tables fit their columns to the rows a user sees, not to a thousand rows through Python."""

from __future__ import annotations

import pandas as pd

from labapp.gui.frame_model import FrameTableModel
from labapp.gui.frame_view import FrameView


def _frame(rows: int) -> pd.DataFrame:
    return pd.DataFrame({"sample_id": [f"BM26-{i:04d}" for i in range(rows)],
                         "value": [i / 7 for i in range(rows)]})


def _rows_read(qtbot, monkeypatch, rows: int) -> int:
    view = FrameView()
    qtbot.addWidget(view)
    view.resize(800, 400)
    view.show()
    read: set[int] = set()
    original = FrameTableModel.data

    def counting(self, index, role=0):
        read.add(index.row())
        return original(self, index, role)

    monkeypatch.setattr(FrameTableModel, "data", counting)
    view.set_frame(_frame(rows))
    monkeypatch.setattr(FrameTableModel, "data", original)
    return len(read)


def test_a_long_grid_reads_the_visible_rows_and_a_hundred_more_for_its_widths(qtbot, monkeypatch):
    short, long = _rows_read(qtbot, monkeypatch, 80), _rows_read(qtbot, monkeypatch, 6_000)
    assert short == 80  # a short table: every row counts
    assert 100 <= long <= 200  # Qt's default read 1,000 rows of every column
