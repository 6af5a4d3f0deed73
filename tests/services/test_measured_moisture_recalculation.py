"""The measured-moisture edge (issue 21): once a lot's loss-on-drying panel test is submitted, its
moisture is the lot's. The demo submits its panel tests before the runs are calculated; here they are
submitted after, as a lab does when the oven finishes late. Until the ICP-OES run is recalculated its
dry basis used the manifest's moisture, and grading refuses the lot naming the run to recalculate
(labapp.services.calculation.moisture_basis). A recalculation converts with the measured moisture and
writes no manifest moisture row, so grading and the certificate keep the measured moisture (the
manifest says 1.20 % for BM26-0001; the demo's two weighings give about 1.19 %)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from demo_builds import build_until_calculated
from sqlalchemy import select

from labapp.demo import panel_stage as panel_demo
from labapp.demo.build import DEMO_USERS
from labapp.services.administration import users
from labapp.services.calculation.calculate import calculate_run
from labapp.services.context import ServiceContext
from labapp.services.grading.inputs import lot_assay
from labapp.services.vocabulary import RunState
from labapp.services.workflow.review import WorkflowError, sign
from labapp.services.workflow.worklist import WorkKind, worklist
from labapp.store.lots import Lot
from labapp.store.results import Result

RUN = "ICP-OES 2026-03-17"
TRACE_RUN = "ICP-OES trace 2026-03-19"  # Pb, Cd, Cr of the lots' trace digests
MANIFEST_MOISTURE = 1.20  # BM26-0001 in resources/demo/manifest.csv


@pytest.fixture(scope="module")
def after_panel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's runs calculated, then its panel tests submitted; nothing graded or signed."""
    database = build_until_calculated(tmp_path_factory.mktemp("moisture") / "demo").database
    with ServiceContext(str(database)) as ctx:
        tech, checker = DEMO_USERS[1], DEMO_USERS[3]
        panel_demo.panel_stage(ctx, (tech.username, tech.password), (checker.username, checker.password))
    return database


def _moisture_rows(session, lot_id: int) -> list[Result]:
    query = select(Result).where(
        Result.lot_id == lot_id, Result.element == "moisture", Result.reportable.is_(True)
    )
    return list(session.scalars(query))


def _budget_moisture(session, lot_id: int) -> float:
    ni = session.scalars(
        select(Result).where(Result.lot_id == lot_id, Result.element == "Ni", Result.reportable.is_(True))
    ).one()
    [digest] = json.loads(ni.budget_json)["digests"]
    return next(c["value"] for c in digest["budget"]["components"] if c["name"] == "moisture")


def _to_calculate(ctx: ServiceContext, user) -> tuple[str, ...]:
    [item] = [i for i in worklist(ctx, user) if i.kind is WorkKind.RUNS_TO_CALCULATE]
    return item.names


def test_recalculation_after_panel_submission_uses_the_measured_moisture(
    after_panel: Path, tmp_path: Path
) -> None:
    tech = DEMO_USERS[1]
    copy = tmp_path / "copy.sqlite"  # the module's database stays as built for the other test
    shutil.copyfile(after_panel, copy)
    with ServiceContext(str(copy)) as ctx:
        with ctx.read_session() as session:
            lot = session.scalars(select(Lot).where(Lot.code == "BM26-0001")).one()
            panel = [r for r in _moisture_rows(session, lot.id) if r.run_id is None]
            assert len(panel) == 1
            measured = panel[0].value
            assert measured != pytest.approx(MANIFEST_MOISTURE, abs=1e-6)  # the weighings, not the manifest
            # calculated before the panel was submitted: the manifest's moisture in the budget
            assert _budget_moisture(session, lot.id) == pytest.approx(MANIFEST_MOISTURE / 100)
            # the dry basis is stale: grading refuses the lot and names the run, never a mixed result
            assay, used, problem = lot_assay(session, lot)
            assert assay is None and used == ()
            assert problem == (
                f"run {RUN!r} converted BM26-0001 to the dry basis with moisture 1.2 %, "
                f"but the lot's moisture is now {measured:.4g} %: recalculate the run"
            )
        by = users.authenticate(ctx, tech.username, tech.password)
        # the home worklist sends the technician to recalculate both runs that converted the lot
        assert {RUN, TRACE_RUN} <= set(_to_calculate(ctx, by))
        calculate_run(ctx, RUN, by, reason="moisture measured by the panel test")
        assert RUN not in _to_calculate(ctx, by) and TRACE_RUN in _to_calculate(ctx, by)
        with ctx.read_session() as session:  # still refused: the trace run used the manifest's moisture
            lot = session.scalars(select(Lot).where(Lot.code == "BM26-0001")).one()
            _, _, problem = lot_assay(session, lot)
            assert problem is not None and problem.startswith(f"run {TRACE_RUN!r} converted BM26-0001")
        calculate_run(ctx, TRACE_RUN, by, reason="moisture measured by the panel test")
        assert TRACE_RUN not in _to_calculate(ctx, by)
        with ctx.read_session() as session:
            lot = session.scalars(select(Lot).where(Lot.code == "BM26-0001")).one()
            rows = _moisture_rows(session, lot.id)
            assert [(r.run_id, r.value) for r in rows] == [(None, measured)]  # no manifest row came back
            assert _budget_moisture(session, lot.id) == pytest.approx(measured / 100, rel=1e-12)
            assay, _, problem = lot_assay(session, lot)
            assert problem is None and assay is not None
            assert assay.results["moisture"].value == pytest.approx(measured)
            # the dry mass on the certificate: the manifest's net wet mass less the measured moisture
            assert assay.dry_mass_kg() == pytest.approx(lot.net_wet_mass_kg * (1 - measured / 100))


def test_a_run_with_a_stale_dry_basis_is_not_signed_forward(after_panel: Path, tmp_path: Path) -> None:
    """Submitted, reviewed or approved with the old moisture, the run could no longer be recalculated
    once approved, and its lots could be neither graded nor certified: signing refuses it instead."""
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(after_panel, copy)
    tech = DEMO_USERS[1]
    with ServiceContext(str(copy)) as ctx:
        with pytest.raises(WorkflowError, match=r"a measured one has replaced since: recalculate it before"):
            sign(ctx, tech.username, tech.password, TRACE_RUN, "submit")
        by = users.authenticate(ctx, tech.username, tech.password)
        calculate_run(ctx, TRACE_RUN, by, reason="moisture measured by the panel test")
        assert sign(ctx, tech.username, tech.password, TRACE_RUN, "submit").state is RunState.SUBMITTED
