"""Importing a run: raw bytes archived with SHA-256, readings stored, labels matched, one
transaction with audit events; duplicates refused; unreadable files store nothing."""

import hashlib
from pathlib import Path

import pytest
from accounts import account
from sqlalchemy import func, select

from labapp.core.errors import InputFileError, LabappError
from labapp.services.importing.registration import import_manifest
from labapp.services.importing.run_import import import_run, match_labels
from labapp.store.audit_event import AuditEvent
from labapp.store.lots import Lot
from labapp.store.runs import InstrumentRun, Measurement
from labapp.store.states import LotState

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"


def _runs(ctx) -> list[InstrumentRun]:
    with ctx.read_session() as session:
        return list(session.scalars(select(InstrumentRun).order_by(InstrumentRun.id)))


def test_labels_match_exactly_then_normalised():
    registered = ["BM26-0003", "BM26-0003 DUP", "BM26-0005", "A-1", "A_1"]
    matched, unmatched = match_labels(["BM26-0003", "bm26 0003  dup", "BM26_0005", "a1", "CRM X"], registered)
    assert matched == {"BM26-0003": "BM26-0003", "bm26 0003  dup": "BM26-0003 DUP", "BM26_0005": "BM26-0005"}
    assert unmatched == ["a1", "CRM X"]  # a1 is ambiguous (A-1 and A_1)


@pytest.mark.skipif(not (DEMO / "icp_oes_run.csv").exists(), reason="demo data not generated")
def test_import_archives_matches_and_audits(ctx):
    import_manifest(ctx, DEMO / "manifest.csv", account(ctx, "tech"))
    source = DEMO / "icp_oes_run.csv"
    result = import_run(ctx, source, "ICP 2026-03-17", account(ctx, "tech"), reason="daily run")
    assert result.profile == "agilent_icp_expert_long"
    assert (
        result.matched["BM26-0003 DUP"] == "BM26-0003 DUP"
        and result.matched["BM26-0007 SPK"] == "BM26-0007 SPK"
    )
    assert result.unmatched == ["CRM LBM-01 #1", "CRM LBM-01 #2"]  # the CRM is not a registered preparation
    assert {"Blank", "ICV", "CCB"} <= set(result.qc_labels)
    data = source.read_bytes()
    with ctx.read_session() as session:
        run = session.scalars(select(InstrumentRun)).one()
        assert run.sha256 == hashlib.sha256(data).hexdigest() == result.sha256
        assert run.raw_bytes == data and run.imported_by == "tech"
        stored = session.scalar(
            select(func.count()).select_from(Measurement).where(Measurement.run_id == run.id)
        )
        assert stored == run.measurement_count == result.readings
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "import_run")).all()
        assert (
            len(events) == 1 and "ICP 2026-03-17" in events[0].new_values and events[0].reason == "daily run"
        )


@pytest.mark.skipif(not (DEMO / "xrf_pellets.csv").exists(), reason="demo data not generated")
def test_duplicate_file_refused_unless_allowed(ctx):
    source = DEMO / "xrf_pellets.csv"
    first = import_run(ctx, source, "XRF 1", account(ctx, "tech"))
    with pytest.raises(LabappError, match="already imported as run id"):
        import_run(ctx, source, "XRF again", account(ctx, "tech"))
    assert len(_runs(ctx)) == 1
    second = import_run(ctx, source, "XRF again", account(ctx, "tech"), allow_duplicate=True)
    assert any(f"run id {first.run_id}" in w for w in second.warnings)
    assert len(_runs(ctx)) == 2
    assert not second.matched and len(second.unmatched) == 14  # nothing registered: every lot is listed


def test_unreadable_file_stores_nothing(ctx, tmp_path):
    bad = tmp_path / "run.csv"
    bad.write_text("nothing,to,see\n1,2,3\n")
    with pytest.raises(InputFileError):
        import_run(ctx, bad, "R", account(ctx, "tech"))
    assert _runs(ctx) == []
    with ctx.read_session() as session:  # no event but the acting user's own account
        events = select(func.count()).select_from(AuditEvent).where(AuditEvent.entity_type != "users")
        assert session.scalar(events) == 0


@pytest.mark.skipif(not (DEMO / "icp_oes_run.csv").exists(), reason="demo data not generated")
def test_labels_assigned_by_hand(ctx):
    import_manifest(ctx, DEMO / "manifest.csv", account(ctx, "tech"))
    source = DEMO / "icp_oes_run.csv"
    why = "autosampler list misspelt"
    with pytest.raises(LabappError, match="by hand needs a reason"):
        import_run(
            ctx,
            source,
            "R",
            account(ctx, "tech"),
            assignments={"CRM LBM-01 #1": "BM26-0"},
            assignment_reason=" ",
        )
    with pytest.raises(LabappError, match="not a registered preparation"):
        import_run(
            ctx,
            source,
            "R",
            account(ctx, "tech"),
            assignments={"CRM LBM-01 #1": "LBM-01"},
            assignment_reason=why,
        )
    with pytest.raises(LabappError, match="no sample 'BM26-9999'"):
        import_run(
            ctx,
            source,
            "R",
            account(ctx, "tech"),
            assignments={"BM26-9999": "BM26-0001"},
            assignment_reason=why,
        )
    assert _runs(ctx) == []
    result = import_run(
        ctx,
        source,
        "R",
        account(ctx, "tech"),
        assignments={"CRM LBM-01 #1": "BM26-0001"},
        assignment_reason=why,
    )
    assert result.assigned == {"CRM LBM-01 #1": "BM26-0001"} and result.assignment_reason == why
    assert result.matched["CRM LBM-01 #1"] == "BM26-0001" and result.unmatched == ["CRM LBM-01 #2"]
    with ctx.read_session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "assign_labels")).one()
    assert (event.actor, event.entity_id) == ("tech", result.run_id)
    assert why in event.new_values and "CRM LBM-01 #1" in event.new_values


@pytest.mark.skipif(not (DEMO / "icp_oes_run.csv").exists(), reason="demo data not generated")
def test_a_released_lot_takes_no_readings_from_an_import(ctx):
    import_manifest(ctx, DEMO / "manifest.csv", account(ctx, "tech"))
    with ctx.account_unit_of_work("qa", "test: the lot was certified") as session:
        session.scalars(select(Lot).where(Lot.code == "BM26-0001")).one().state = LotState.CERTIFIED
    source = DEMO / "icp_oes_run.csv"
    with pytest.raises(LabappError, match="lot BM26-0001, which is certified: released data"):
        import_run(
            ctx,
            source,
            "R",
            account(ctx, "tech"),
            assignments={"CRM LBM-01 #2": "BM26-0001"},
            assignment_reason="r",
        )
    result = import_run(ctx, source, "R", account(ctx, "tech"))
    assert result.held == {"BM26-0001": "BM26-0001"} and "BM26-0001" not in result.matched
    assert any(
        "BM26-0001 matches a preparation of lot BM26-0001, which is already released" in w
        for w in result.warnings
    )
    assert "BM26-0002" in result.matched
