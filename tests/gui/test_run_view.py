"""Run view: calibration plots per line, QC table colours, CCV recovery against the run sequence."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt

from labapp.gui.frame_model import RowState
from labapp.gui.run_view import RunViewPage
from labapp.gui.run_view_lines import STATUS_COLOURS
from labapp.security.roles import Action
from labapp.services.calculation.line_status import LineStatus
from labapp.services.calculation.run_views import FitVerdict
from labapp.services.context import ServiceContext
from labapp.services.workflow.review import list_runs


@pytest.fixture(scope="module")
def module_ctx(demo_template):
    ctx = ServiceContext(str(demo_template))
    yield ctx
    ctx.close()


@pytest.fixture
def page(qtbot, module_ctx):
    page = RunViewPage(lambda: module_ctx, lambda action: None)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: page.calibration is not None and not page.progress.busy, timeout=60_000)
    return page


def test_calibration_line_shows_standards_fit_residuals_and_samples(page):
    assert page.select_line("Ni 231.604")
    line = page.current_line()
    x, y = line.standards["x"].to_numpy(), line.standards["y"].to_numpy()
    # the method's weighting "auto" takes the one the standards' replicate SDs support, 1/x^2 on this
    # line (issue 17); an independent weighted least-squares fit (weights 1/x^2 on the squared residuals)
    assert (line.weighting, line.weighting_supported) == ("1/x2", "1/x2")
    expected = np.polynomial.polynomial.polyfit(x, y, 1, w=1.0 / x)
    assert np.allclose(line.coefficients, expected, rtol=1e-9)
    assert np.allclose(
        line.standards["residual"], y - np.polynomial.polynomial.polyval(x, expected), atol=1e-6
    )
    r = np.corrcoef(x, y)[0, 1]
    assert line.r == pytest.approx(r, abs=5e-6)
    assert line.mandel_verdict is FitVerdict.LINEAR_ADEQUATE
    # the samples read on this line lie on the curve: signal = fit(read-back concentration)
    samples = line.samples
    assert len(samples) >= 14
    assert np.allclose(np.polynomial.polynomial.polyval(samples["x"], expected), samples["y"], rtol=1e-6)
    assert "Mandel test: linear adequate" in page.verdict_label.text()
    assert "replicate SDs support weighting 1/x2" in page.verdict_label.text()
    assert len(page.plot.curve_plot.listDataItems()) == 3  # fit, standards, samples


def test_qc_table_marks_failed_checks_and_ccv_plot_follows_the_sequence(page):
    model = page.qc_view.model
    failed = [r for r in range(model.rowCount()) if model.state_of(r) == RowState.OUT_OF_SPEC]
    keys = model.column_keys()
    rows = [
        (model.index(r, keys.index("check")).data(), model.index(r, keys.index("element")).data())
        for r in failed
    ]
    ccv = "continuing calibration verification (CCV)"
    # the final CCV's Mn on both lines; four method blanks per batch (issue 17, finding 8), whose blank
    # draws also removed the earlier demo's CRM #1 Zn 206.200 miss (a draw, not a design)
    assert rows == [(ccv, "Mn"), (ccv, "Mn")]
    assert model.rowCount() == 396
    mn = page.recoveries[page.recoveries["element"] == "Mn"]
    assert list(mn["position"]) == sorted(mn["position"])
    low = mn[mn["outcome"] == "fail"]
    assert (low["recovery_pct"] < low["low"]).all() and len(low) == 2
    page.elements.choose(["Mn"])
    assert "2 outside the limits" in page.recovery_plot.plotItem.titleLabel.text


def test_a_run_without_standards_says_there_is_nothing_to_plot(qtbot, page):
    page.runs.choose(2)  # the XRF run reports concentrations
    qtbot.waitUntil(lambda: not page.progress.busy and page.calibration.run_id == 2, timeout=60_000)
    assert page.line_list.topLevelItemCount() == 0
    assert "nothing to plot" in page.verdict_label.text()


def test_calculate_needs_a_technician(qtbot, module_ctx):
    asked = []
    page = RunViewPage(lambda: module_ctx, lambda action: asked.append(action))  # the gate says no (None)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: page.calibration is not None and not page.progress.busy, timeout=60_000)
    before = list_runs(module_ctx)
    page.calculate()
    assert asked == [Action.CALCULATE]
    assert not page.progress.busy
    assert list_runs(module_ctx) == before  # no run changed state


def test_each_line_shows_its_qc_status_in_words_and_colour_sortable_worst_first(page):
    table = page.line_list
    shown = {
        table.topLevelItem(i).text(0): table.topLevelItem(i).text(1) for i in range(table.topLevelItemCount())
    }
    # the demo's only failed checks are the final CCV's Mn on both lines (above): flagged, the rest passed
    assert len(shown) == 18
    assert {t for t, s in shown.items() if s == "flagged"} == {"Mn 257.610", "Mn 259.372"}
    assert {s for t, s in shown.items() if not t.startswith("Mn ")} == {"passed"}
    mn = table.findItems("Mn 257.610", Qt.MatchFlag.MatchExactly, 0)[0]
    assert mn.toolTip(1) == "Failed checks: continuing calibration verification (CCV)"
    assert mn.background(1).color().name() == STATUS_COLOURS[LineStatus.FLAGGED]
    ni = table.findItems("Ni 231.604", Qt.MatchFlag.MatchExactly, 0)[0]
    assert ni.background(1).color().name() == STATUS_COLOURS[LineStatus.PASSED]
    table.sortItems(1, Qt.SortOrder.DescendingOrder)
    first = [table.topLevelItem(i).text(0) for i in range(2)]
    assert sorted(first) == ["Mn 257.610", "Mn 259.372"]
    assert (
        table.select("Co 228.615") and page.current_line().title == "Co 228.615"
    )  # the index follows sorting


def test_ccv_plot_has_one_legend_entry_and_colour_per_chosen_element_and_the_band(page):
    plot = page.recovery_plot
    everything = page.elements.elements()
    assert everything == sorted(set(page.recoveries["element"])) and len(everything) == 9
    assert plot.legend_names() == everything  # all chosen at first
    page.elements.choose(["Co", "Mn", "Ni"])
    assert plot.legend_names() == ["Co", "Mn", "Ni"]
    colours = {
        pg.mkBrush(item.opts["symbolBrush"]).color().name() for item in plot.listDataItems() if item.name()
    }
    assert len(colours) == 3
    bands = [i for i in plot.plotItem.items if isinstance(i, pg.LinearRegionItem)]
    limits = page.recoveries[page.recoveries["element"].isin(["Co", "Mn", "Ni"])][["low", "high"]]
    assert sorted(tuple(b.getRegion()) for b in bands) == sorted(
        {(float(lo), float(hi)) for lo, hi in limits.drop_duplicates().itertuples(index=False)}
    )
    page.elements.check_all(False)
    assert plot.legend_names() == [] and not plot.listDataItems()
