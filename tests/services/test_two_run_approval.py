"""Two ICP-OES runs of one lot, signed apart: the trace-element run is not held behind the main run's
approval (labapp.services.importing.open_preparations), while released data stays protected.

The main demo run is calculated and approved first (its lots become approved); the trace run, read
later from the lots' own trace digests, still gives those lots Pb, Cd and Cr, and takes its own
submission, review and approval. A run reading the main digests again is held: those results are
released.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from labapp.services.administration import users
from labapp.services.calculation.calculate import calculate_run
from labapp.services.calculation.reference_materials import import_reference_materials
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import import_manifest
from labapp.services.importing.run_import import import_run
from labapp.services.workflow.review import SignAction, second_review_enabled, sign
from labapp.store.lots import Lot
from labapp.store.results import Result
from labapp.store.runs import InstrumentRun
from labapp.store.states import LotState, RunState

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
MAIN, TRACE, AGAIN = "ICP 2026-03-17", "ICP trace 2026-03-19", "ICP 2026-03-17 again"
PASSWORDS = {
    "root": "Kanri-Pass!0",
    "tom": "Bunseki-Pass!1",
    "rita": "Kensa-Pass!3",
    "quinn": "Hinshitsu-Pass!4",
}
ROLES = {"tom": ["technician"], "rita": ["reviewer"], "quinn": ["qa_manager"]}
NOTE = "test: the demo's failed CCV is an intended finding"


def _login(ctx: ServiceContext, name: str) -> users.AuthenticatedUser:
    return users.authenticate(ctx, name, PASSWORDS[name])


def _sign_through(ctx: ServiceContext, run: str) -> tuple[str, ...]:
    """Submit, review (when switched on) and approve; the lots the approval moved to approved."""
    sign(ctx, "tom", PASSWORDS["tom"], run, SignAction.SUBMIT, acknowledgement=NOTE)
    with ctx.read_session() as session:
        review = second_review_enabled(session)
    if review:
        sign(ctx, "rita", PASSWORDS["rita"], run, SignAction.REVIEW, acknowledgement=NOTE)
    return sign(ctx, "quinn", PASSWORDS["quinn"], run, SignAction.APPROVE, acknowledgement=NOTE).lots_approved


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("two-runs") / "lab.sqlite"
    with ServiceContext(str(path)) as ctx:
        users.create_first_administrator(ctx, "root", "Rita Root", PASSWORDS["root"])
        admin = _login(ctx, "root")
        for name, roles in ROLES.items():
            users.add_user(ctx, admin, name, name.title(), roles, PASSWORDS[name], temporary_password=False)
        import_reference_materials(ctx, DEMO / "crm.csv", admin, reason="demo CRM certificate")
        import_manifest(ctx, DEMO / "manifest.csv", _login(ctx, "tom"))
        import_run(ctx, DEMO / "icp_oes_run.csv", MAIN, _login(ctx, "tom"))
        calculate_run(ctx, MAIN, _login(ctx, "tom"))
        approved = _sign_through(ctx, MAIN)
        yield ctx, approved


def test_the_main_run_approval_releases_the_lots(lab):
    ctx, approved = lab
    assert len(approved) == 14
    with ctx.read_session() as session:
        assert {lot.state for lot in session.scalars(select(Lot))} == {LotState.APPROVED}


def test_the_trace_run_read_after_the_approval_is_not_held(lab):
    ctx, _ = lab
    imported = import_run(ctx, DEMO / "icp_trace_run.csv", TRACE, _login(ctx, "tom"))
    assert imported.held == {} and len(imported.matched) == 15  # 14 trace digests and one duplicate
    done = calculate_run(ctx, TRACE, _login(ctx, "tom"))
    # Pb, Cd, Cr; no second manifest moisture row (the main run reports it)
    assert done.method_id == "icp-oes-trace" and done.reportable_results == 14 * 3
    assert not any("already released" in note for note in done.notes)
    assert _sign_through(ctx, TRACE) == ()  # the lots were approved already: nothing moves
    with ctx.read_session() as session:
        runs = {r.id: r.state for r in session.scalars(select(InstrumentRun))}
        lot = session.scalars(select(Lot).where(Lot.code == "BM26-0012")).one()
        rows = session.scalars(
            select(Result).where(Result.lot_id == lot.id, Result.reportable.is_(True))
        ).all()
        by_element = {r.element: r for r in rows}
    assert set(runs.values()) == {RunState.APPROVED}
    assert {"Ni", "Co", "Li", "Pb", "Cd", "Cr"} <= set(by_element)
    assert by_element["Pb"].method == "icp-oes-trace" and by_element["Ni"].method == "icp-oes-black-mass"
    assert by_element["Pb"].run_id != by_element["Ni"].run_id
    assert [r.run_id for r in rows if r.element == "moisture"] == [by_element["Ni"].run_id]  # one copy
    assert 60 < by_element["Pb"].value < 95 and by_element["Pb"].unit == "mg/kg"  # true 78 mg/kg


def test_a_run_reading_released_digests_again_is_held(lab):
    ctx, _ = lab
    again = import_run(ctx, DEMO / "icp_oes_run.csv", AGAIN, _login(ctx, "tom"), allow_duplicate=True)
    assert again.matched == {} and len(again.held) == 19  # every main digest: released by the approval
    assert any("already released" in warning for warning in again.warnings)
