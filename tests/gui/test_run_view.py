"""Run view: calibration plots per line, QC table colours, CCV recovery against the run sequence."""

from __future__ import annotations

import numpy as np
import pytest

from labapp.gui.frame_model import RowState
from labapp.gui.run_view import RunViewPage
from labapp.security.roles import Action
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
    assert line.mandel_verdict == "linear adequate"
    # the samples read on this line lie on the curve: signal = fit(read-back concentration)
    samples = line.samples
    assert len(samples) >= 14
    assert np.allclose(np.polynomial.polynomial.polyval(samples["x"], expected), samples["y"], rtol=1e-6)
    assert "Mandel: linear adequate" in page.verdict_label.text()
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
