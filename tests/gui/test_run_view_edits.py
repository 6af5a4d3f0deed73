"""Run view edits on a run still with the technician (the demo ICP-OES run imported and calculated):
a standard point taken off the curve by a click refits the line to exactly the fit without that point
(numpy, independently), samples then above the new top standard are highlighted in the plot and the
grid, a click on the hollow point restores the curve, and the audit trail holds both with the reasons.
The results grid overrides a lot's value (audited) and refuses a signed run with the reason in words."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from partial_demo import TECH
from sqlalchemy import select

from labapp.gui.results_view import ResultsPage
from labapp.gui.run_view import RunViewPage
from labapp.resources import resource_path
from labapp.services.administration.users import authenticate
from labapp.services.calculation.calculate import calculate_run
from labapp.services.calculation.line_status import SampleRemark
from labapp.services.context import ServiceContext
from labapp.services.importing.run_import import import_run
from labapp.store.audit_event import AuditEvent

RUN = "ICP-OES 2026-03-17"
LINE = "Ni 231.604"


@pytest.fixture(scope="module")
def calculated_template(registered_template, tmp_path_factory):
    """The registered demo with its ICP-OES run imported and calculated (state "calculated")."""
    path = tmp_path_factory.mktemp("calculated") / "calculated.sqlite"
    shutil.copyfile(registered_template, path)
    with ServiceContext(str(path)) as ctx:
        tech = authenticate(ctx, TECH.username, TECH.password)
        import_run(ctx, resource_path("demo", "icp_oes_run.csv"), RUN, tech)
        calculate_run(ctx, RUN, tech)
    return path


@pytest.fixture
def ctx(calculated_template, tmp_path):
    path = tmp_path / "calculated.sqlite"
    shutil.copyfile(calculated_template, path)
    context = ServiceContext(str(path))
    yield context
    context.close()


@pytest.fixture
def tech(ctx):
    return authenticate(ctx, TECH.username, TECH.password)


def _weights(weighting: str | None, x: np.ndarray) -> np.ndarray | None:
    """numpy.polyfit weights the residuals, not their squares: 1/x^2 on the squares is w = 1/x."""
    return {"1/x2": 1.0 / x, "1/x": 1.0 / np.sqrt(x), None: None}[weighting]


def _slope(x: np.ndarray, y: np.ndarray, weighting: str | None) -> float:
    return float(np.polyfit(x, y, 1, w=_weights(weighting, x))[0])


def _wait_loaded(qtbot, page, old=None):
    """Until a calibration other than `old` is shown and no work runs (a refusal ends the wait)."""
    qtbot.waitUntil(
        lambda: (
            page.last_error is not None or (page.calibration not in (None, old) and not page.progress.busy)
        ),
        timeout=120_000,
    )
    assert page.last_error is None, page.last_error


def _click(item, label: str) -> None:
    """A click on the plotted point of solution `label` (the scatter's own signal, as a mouse click sends)."""
    points = [p for p in item.scatter.points() if p.data()[0] == label]
    assert points, label
    item.scatter.sigClicked.emit(item.scatter, points, None)


def test_a_click_takes_a_standard_off_the_curve_and_a_second_puts_it_back(qtbot, ctx, tech):
    page = RunViewPage(lambda: ctx, lambda action: tech)
    qtbot.addWidget(page)
    reasons = iter(["Standard 5 aspirated an air bubble", "bubble was in the rinse, not the standard"])
    page.ask_reason = lambda title: next(reasons)
    page.reload()
    _wait_loaded(qtbot, page)
    assert page.select_line(LINE)
    before = page.current_line()
    x, y = before.standards["x"].to_numpy(float), before.standards["y"].to_numpy(float)
    assert x.max() == 50.0 and not page.plot.above_item  # no sample above the top standard yet
    assert before.coefficients[1] == pytest.approx(_slope(x, y, before.weighting), rel=1e-9)

    shown = page.calibration
    _click(page.plot.standards_item, "Standard 5")
    _wait_loaded(qtbot, page, shown)
    assert page.line_list.currentItem().text(0) == LINE  # the line stays chosen after the recalculation
    after = page.current_line()
    keep = x < 50.0
    assert list(after.standards["x"]) == list(x[keep])
    expected = _slope(x[keep], y[keep], after.weighting)
    assert after.coefficients[1] == pytest.approx(expected, rel=1e-9)
    assert abs(after.coefficients[1] - before.coefficients[1]) > 1e-6 * abs(expected)  # a real change
    # samples read above the new top standard (Standard 4) are highlighted in the plot and the grid
    top = x[keep].max()
    above = sorted(after.samples.loc[after.samples["x"] > top, "sample_label"])
    assert above
    assert len(page.plot.above_item.scatter.points()) == len(above)
    assert "above the top standard" in page.plot.legend_names()
    remark = SampleRemark.ABOVE_TOP_STANDARD.label("en")
    assert sorted(label for label, _kind, text in page.points.rows() if text == remark) == above
    assert ("Standard 5", "excluded standard") in [(lb, kind) for lb, kind, _ in page.points.rows()]

    shown = page.calibration
    _click(page.plot.excluded_item, "Standard 5")
    _wait_loaded(qtbot, page, shown)
    restored = page.current_line()
    assert list(restored.standards["x"]) == list(x)
    assert restored.coefficients[1] == pytest.approx(before.coefficients[1], rel=1e-12)
    assert page.plot.above_item is None and page.plot.excluded_item is None
    with ctx.read_session() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "exclusions").order_by(AuditEvent.seq)
        ).all()
    assert [(e.action, e.actor, e.reason) for e in events] == [
        ("create", TECH.username, "Standard 5 aspirated an air bubble"),
        ("withdraw_exclusion", TECH.username, "bubble was in the rinse, not the standard"),
    ]


def test_a_replicate_is_excluded_from_the_points_grid_and_a_cancelled_reason_changes_nothing(
    qtbot, ctx, tech
):
    page = RunViewPage(lambda: ctx, lambda action: tech)
    qtbot.addWidget(page)
    page.reload()
    _wait_loaded(qtbot, page)
    page.select_line(LINE)
    page.ask_reason = lambda title: None  # the user cancels the reason
    assert not page.exclude_point("Standard 3")
    page.ask_reason = lambda title: "replicate 2 of Standard 3 drifted"
    page.ask_replicate = lambda replicates: replicates[1]
    shown = page.calibration
    assert page.exclude_replicate("Standard 3")
    _wait_loaded(qtbot, page, shown)
    with ctx.read_session() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "exclusions")).all()
    assert [(e.action, e.reason) for e in events] == [("create", "replicate 2 of Standard 3 drifted")]
    assert '"replicate": 2' in events[0].new_values.replace(" ", "").replace('":', '": ')


def test_override_from_the_grid_is_audited_and_a_signed_run_is_refused_with_the_reason(
    qtbot, ctx, tech, demo_ctx
):
    page = ResultsPage(lambda: ctx, lambda action: tech)
    qtbot.addWidget(page)
    page.reload()
    qtbot.waitUntil(lambda: len(page.frame) > 0 and not page.progress.busy, timeout=60_000)
    rows = [r for r in range(page.grid.model.rowCount()) if bool(page.row_at(r)["reportable"])]
    row = page.row_at(rows[0])
    page.ask_value = lambda title, current: 12.5
    page.ask_reason = lambda title: "referee laboratory value"
    assert page.override_row(rows[0]), page.last_error
    with ctx.read_session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "result_overrides")).one()
    assert (event.actor, event.reason) == (TECH.username, "referee laboratory value")
    qtbot.waitUntil(lambda: not page.progress.busy, timeout=60_000)
    again = page.frame[page.frame["result_id"] == row["result_id"]].iloc[0]
    assert again["value"] == 12.5 and "overridden" in again["flags"]

    signed = ResultsPage(lambda: demo_ctx, lambda action: tech)
    qtbot.addWidget(signed)
    signed.reload()
    qtbot.waitUntil(lambda: len(signed.frame) > 0 and not signed.progress.busy, timeout=60_000)
    signed.ask_reason = lambda title: pytest.fail("a signed run must be refused before a reason is asked")
    preparation = next(r for r in range(signed.grid.model.rowCount()) if not signed.row_at(r)["reportable"])
    assert not signed.exclude_row(preparation)
    assert (
        "is approved" in signed.last_error
        and "only while the run is with the technician" in signed.last_error
    )


def test_a_curve_edit_on_an_approved_run_is_refused_before_any_reason_is_asked(qtbot, demo_ctx, technician):
    page = RunViewPage(lambda: demo_ctx, lambda action: technician)
    qtbot.addWidget(page)
    page.ask_reason = lambda title: pytest.fail("an approved run must be refused before a reason is asked")
    page.reload()
    _wait_loaded(qtbot, page)
    page.select_line(LINE)
    _click(page.plot.standards_item, "Standard 5")
    assert "is approved" in page.last_error and "an approved run is final" in page.last_error
    with demo_ctx.read_session() as session:
        assert not session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "exclusions")).all()
