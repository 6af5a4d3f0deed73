"""The fast DataFrame model: 100,000 rows sorted, filtered and coloured without copies of the data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from labapp.gui.frame_model import STATE_COLOURS, FrameTableModel, RowState, number_text
from labapp.gui.frame_view import RESULT_COLUMNS, FrameView
from labapp.services.vocabulary import ElementStatus, ResultFlag

ROWS = 100_000


def results_frame(rows: int = ROWS, seed: int = 7) -> pd.DataFrame:
    """A results grid as a run of 12,500 preparations x 8 elements would give."""
    rng = np.random.default_rng(seed)
    elements = np.array(["Ni", "Co", "Mn", "Li", "Cu", "Al", "Fe", "P"])
    value = rng.lognormal(0, 2, rows)
    value[rng.random(rows) < 0.02] = np.nan
    censored = np.where(np.isnan(value), "<", "")
    return pd.DataFrame({
        "sample_label": [f"BM26-{i // 8:05d}" for i in range(rows)],
        "lot_code": [f"BM26-{i // 8:05d}" for i in range(rows)],
        "element": elements[np.arange(rows) % 8], "line": "",
        "censored": censored, "value": value, "expanded_uncertainty": value * 0.04,
        "unit": "wt%", "basis": "dry", "loq": 0.01,
        "flags": np.where(rng.random(rows) < 0.01, ResultFlag.ABOVE_CALIBRATION_RANGE.value, ""),
        "qc_state": np.where(rng.random(rows) < 0.01, ElementStatus.FLAGGED.value, ElementStatus.OK.value),
        "out_of_spec": rng.random(rows) < 0.01,
        "conditional": rng.random(rows) < 0.01,
    })


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return results_frame()


def _column(model: FrameTableModel, key: str) -> int:
    return model.column_keys().index(key)


def _values(model: FrameTableModel, column: int, rows: range) -> list:
    return [model.data(model.index(r, column), Qt.ItemDataRole.UserRole) for r in rows]


def test_sorting_100k_rows_orders_values_with_missing_last(qtmodeltester, frame):
    model = FrameTableModel()
    model.set_frame(frame, RESULT_COLUMNS)
    value = _column(model, "value")
    model.sort(value, Qt.SortOrder.AscendingOrder)
    finite = np.sort(frame["value"].dropna().to_numpy())
    n_finite = len(finite)
    assert _values(model, value, range(3)) == list(finite[:3])
    assert _values(model, value, range(n_finite - 2, n_finite)) == list(finite[-2:])
    assert np.isnan(model.data(model.index(n_finite, value), Qt.ItemDataRole.UserRole))
    model.sort(value, Qt.SortOrder.DescendingOrder)
    assert _values(model, value, range(2)) == list(finite[::-1][:2])
    assert np.isnan(model.data(model.index(ROWS - 1, value), Qt.ItemDataRole.UserRole))
    small = FrameTableModel()
    small.set_frame(frame.head(300), RESULT_COLUMNS)
    qtmodeltester.check(small)


def test_text_sort_is_stable_and_by_text(frame):
    model = FrameTableModel()
    model.set_frame(frame, RESULT_COLUMNS)
    model.sort(_column(model, "element"), Qt.SortOrder.AscendingOrder)
    first = [model.index(r, _column(model, "element")).data() for r in (0, ROWS // 8, ROWS - 1)]
    assert first == ["Al", "Co", "P"]  # alphabetical: Al Co Cu Fe Li Mn Ni P
    # stable: within "Al" the original order (sample labels ascending) is kept
    labels = [model.index(r, _column(model, "sample_label")).data() for r in range(3)]
    assert labels == ["BM26-00000", "BM26-00001", "BM26-00002"]


def test_filter_and_state_filter_combine(frame):
    model = FrameTableModel()
    model.set_frame(frame, RESULT_COLUMNS)
    model.set_filter("bm26-0001")  # case-insensitive substring of the label
    expected = frame["sample_label"].str.contains("BM26-0001", regex=False)
    assert model.rowCount() == int(expected.sum()) == 10 * 8  # BM26-00010 ... BM26-00019
    model.set_state_filter([RowState.QC_AFFECTED])
    both = expected & (frame["qc_state"] == ElementStatus.FLAGGED)
    assert model.rowCount() == int(both.sum())
    model.set_filter("")
    model.set_state_filter(None)
    assert model.rowCount() == ROWS


def test_row_colours_follow_the_result_state_with_qc_highest():
    frame = pd.DataFrame({
        "sample_label": ["a", "b", "c", "d", "e", "f"], "value": [1.0, np.nan, 2.0, 3.0, 4.0, 5.0],
        "censored": ["", "<", "", "", "", "<"], "flags": ["", "", "", "", "over_range", ""],
        "conditional": [False, False, True, False, False, False],
        "out_of_spec": [False, False, False, True, False, False],
        "qc_state": [ElementStatus.OK] * 5 + [ElementStatus.FLAGGED],
    })
    model = FrameTableModel()
    model.set_frame(frame)
    states = [model.state_of(r) for r in range(6)]
    assert states == [RowState.NORMAL, RowState.CENSORED, RowState.CONDITIONAL, RowState.OUT_OF_SPEC,
                      RowState.FLAGGED, RowState.QC_AFFECTED]
    brush = model.data(model.index(3, 0), Qt.ItemDataRole.BackgroundRole)
    assert brush.color().name() == STATE_COLOURS[RowState.OUT_OF_SPEC]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(model.index(5, 0), Qt.ItemDataRole.ToolTipRole) == "QC-affected"


def test_numbers_are_formatted_only_when_shown():
    assert [number_text(v) for v in (21.3456, 0.000012345, 1.5e9, np.nan, 0.0)] == \
        ["21.35", "1.234e-05", "1.500e+09", "", "0"]


def test_a_selected_row_stays_selected_across_a_sort(qtbot, frame):
    view = FrameView(RESULT_COLUMNS)
    qtbot.addWidget(view)
    view.set_frame(frame.head(1000))
    model = view.model
    target = model.index(10, 0)
    view.table.selectionModel().select(target, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                       | QItemSelectionModel.SelectionFlag.Rows)
    label = target.data()
    value = _column(model, "value")
    view.table.sortByColumn(value, Qt.SortOrder.DescendingOrder)
    selected = view.table.selectionModel().selectedRows()
    assert len(selected) == 1 and selected[0].data() == label and selected[0].row() != 10


def test_the_view_counts_rows_as_filters_change(qtbot, frame):
    view = FrameView(RESULT_COLUMNS)
    qtbot.addWidget(view)
    view.set_frame(frame)
    assert view.count_label.text() == "100,000 rows"
    view.state_combo.setCurrentIndex(view.state_combo.findData(int(RowState.CENSORED)))
    censored_only = int(((frame["censored"] == "<") & ~frame["out_of_spec"] & ~frame["conditional"]
                         & (frame["qc_state"] != ElementStatus.FLAGGED) & (frame["flags"] == "")).sum())
    assert view.count_label.text() == f"{censored_only:,} rows"
