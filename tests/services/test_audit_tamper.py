"""Raw-SQL tampering with records or with the trail itself is detected and named by event."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from accounts import PASSWORD, account

from labapp.cli import main
from labapp.services.administration.audit_trail import audit_log, verify_audit
from labapp.services.context import ServiceContext
from labapp.services.importing.registration import LotInput, SampleInput, register_lot, register_sample

LOT = LotInput(
    code="BM26-0001",
    client_name="Hokuriku Recycling K.K.",
    declared_chemistry="NCM",
    origin="end_of_life",
    gross_mass_kg=1312.0,
    net_wet_mass_kg=1250.0,
    received_on=date(2026, 3, 2),
)


@pytest.fixture
def populated(ctx: ServiceContext, db_path: Path) -> Path:
    """Events: 1 the technician's account, 2 client, 3 lot, 4 sample, 5 lot update (net mass corrected)."""
    register_lot(ctx, account(ctx, "tech1"), LOT)
    register_sample(
        ctx,
        account(ctx, "tech1"),
        "BM26-0001",
        SampleInput(moisture_pct=4.0, moisture_method="ISO 10251, 105 C"),
    )
    from labapp.store.lots import Lot  # a correction through the normal unit of work

    with ctx.account_unit_of_work("qa1", "weighbridge ticket corrected") as session:
        session.query(Lot).one().net_wet_mass_kg = 1248.5
    return db_path


def _raw(db_path: Path, sql: str) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(sql)
    conn.close()


def _first(ctx: ServiceContext):
    report = verify_audit(ctx)
    assert not report.ok
    return report.first_problem


def test_clean_database_verifies(ctx: ServiceContext, populated: Path) -> None:
    report = verify_audit(ctx)
    assert report.ok and report.events_checked == 5 and report.rows_checked == 4
    log = audit_log(ctx, account(ctx, "qa"), entity="lots")
    assert [(e.seq, e.action) for e in log] == [(3, "create"), (5, "update")]
    assert log[1].old_values == {"net_wet_mass_kg": 1250.0, "version": 1}
    assert log[1].new_values == {"net_wet_mass_kg": 1248.5, "version": 2}
    assert log[1].reason == "weighbridge ticket corrected" and log[1].actor == "qa1"


def test_update_of_a_lot_row_is_named(ctx: ServiceContext, populated: Path) -> None:
    _raw(populated, "UPDATE lots SET net_wet_mass_kg = 1400.0 WHERE code = 'BM26-0001'")
    problem = _first(ctx)
    assert (problem.seq, problem.entity) == (5, "lots #1")
    assert problem.message == "net_wet_mass_kg is 1400.0 in the table but 1248.5 in the audit trail"


def test_delete_of_a_sample_row_is_named(ctx: ServiceContext, populated: Path) -> None:
    _raw(populated, "DELETE FROM samples WHERE id = 1")
    problem = _first(ctx)
    assert (problem.seq, problem.entity) == (4, "samples #1")
    assert "missing from the table" in problem.message


def test_insert_of_a_row_outside_the_application_is_named(ctx: ServiceContext, populated: Path) -> None:
    _raw(
        populated, "INSERT INTO clients (id, version, name, created_at) VALUES (7, 1, 'Ghost', '2026-01-01')"
    )
    (problem,) = verify_audit(ctx).problems
    assert (problem.seq, problem.entity) == (None, "clients #7")
    assert "no audit event" in problem.message


def test_update_of_an_event_is_named(ctx: ServiceContext, populated: Path) -> None:
    _raw(populated, "UPDATE audit_events SET actor = 'someone_else' WHERE seq = 3")
    problem = _first(ctx)
    assert (problem.seq, problem.entity) == (3, "lots #1")
    assert problem.message == "content does not match its hash (edited)"


def test_rehashed_event_is_named_by_its_successor_link(ctx: ServiceContext, populated: Path) -> None:
    """Editing an event and recomputing its own hash still breaks the next event's prev_hash."""
    from labapp.store.audit import event_hash

    conn = sqlite3.connect(populated)
    conn.row_factory = sqlite3.Row
    row = dict(conn.execute("SELECT * FROM audit_events WHERE seq = 4").fetchone())
    row["new_values"] = row["new_values"].replace("4.0", "2.0")
    from datetime import UTC, datetime

    row["occurred_at"] = datetime.fromisoformat(row["occurred_at"]).replace(tzinfo=UTC)
    with conn:
        conn.execute(
            "UPDATE audit_events SET new_values = ?, hash = ? WHERE seq = 4",
            (row["new_values"], event_hash(row)),
        )
    conn.close()
    problem = _first(ctx)
    assert (problem.seq, problem.entity) == (4, "audit_events")
    assert problem.message == "hash differs from prev_hash of event 5 (edited)"


def test_delete_of_an_event_is_named(ctx: ServiceContext, populated: Path) -> None:
    _raw(populated, "DELETE FROM audit_events WHERE seq = 4")
    problem = _first(ctx)
    assert (problem.seq, problem.entity) == (4, "audit_events")
    assert problem.message == "event 4 missing (deleted)"


def test_cli_verify_exit_codes_and_one_line(populated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(populated), "audit", "verify"]) == 0
    out = capsys.readouterr().out
    assert "audit trail intact: 5 events, 4 records checked" in out
    _raw(populated, "UPDATE lots SET declared_chemistry = 'NCA'")
    assert main(["--db", str(populated), "audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("labapp: audit trail broken at event 5 (lots #1): declared_chemistry is 'NCA'")


def test_cli_log_filters_by_entity(
    populated: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    account(ServiceContext(str(populated)), "qa")  # the trail is read by someone allowed to
    monkeypatch.setenv("LABAPP_PASSWORD", PASSWORD)
    assert (
        main(["--db", str(populated), "audit", "log", "--entity", "lot:1", "--limit", "1", "--user", "qa"])
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert "update" in lines[0] and "net_wet_mass_kg: 1250.0 -> 1248.5" in lines[0]
    assert "[weighbridge ticket corrected]" in lines[0]
    assert main(["--db", str(populated), "audit", "log", "--entity", "bogus", "--user", "qa"]) == 2
    assert "unknown entity 'bogus'" in capsys.readouterr().err
