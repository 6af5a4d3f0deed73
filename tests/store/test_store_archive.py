"""A run is archived byte for byte; its bulk measurements are covered by one digest in its event."""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import uuid
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from labapp.services.context import ServiceContext
from labapp.store.archive import archive_run
from labapp.store.audit_event import AuditEvent
from labapp.store.audit_verify import verify_audit_trail
from labapp.store.runs import InstrumentRun, Measurement

RAW = b"Sample Label,Element,Conc\r\nBM26-0001,Ni 231.604,12.75\r\nCal Blank,Ni 231.604,<0.002\r\n"


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_row": [2, 3, 4],
            "sample_label": ["BM26-0001", "Cal Blank", "BM26-0001"],
            "sample_type": ["sample", "blank", "sample"],
            "element": ["Ni", "Ni", "Co"],
            "species": ["", "", ""],
            "line": ["231.604", "231.604", "228.616"],
            "view": ["axial", "axial", "axial"],
            "replicate": [float("nan"), float("nan"), 1.0],
            "intensity": [15234.5, 3.25, float("nan")],
            "value": [12.75, float("nan"), 0.1 + 0.2],  # 0.30000000000000004 must survive exactly
            "unit": ["mg/L", "mg/L", "mg/L"],
            "censored": ["", "<", ""],
            "detection_limit": [float("nan"), 0.002, float("nan")],
            "flags": ["", "below_lod", ""],
            "acquired_at": ["2026-03-02T10:15:00", "2026-03-02T10:16:30", "2026-03-02T10:18:00"],
        }
    )


def _archive(ctx: ServiceContext) -> int:
    with ctx.account_unit_of_work("tech1", "import run") as session:
        run = archive_run(
            session,
            file_name="run_0302.csv",
            raw_bytes=RAW,
            profile="agilent-5110-csv",
            records=_frame().to_dict("records"),
            imported_by="tech1",
            technique="ICP-OES",
        )
        return run.id


def test_raw_file_and_measurements_are_stored_exactly(ctx: ServiceContext) -> None:
    run_id = _archive(ctx)
    with ctx.read_session() as session:
        run = session.get(InstrumentRun, run_id)
        assert run.raw_bytes == RAW
        assert run.sha256 == hashlib.sha256(RAW).hexdigest()
        assert (run.file_size, run.measurement_count, run.state) == (len(RAW), 3, "imported")
        rows = session.scalars(
            select(Measurement).where(Measurement.run_id == run_id).order_by(Measurement.position)
        ).all()
    assert [r.source_row for r in rows] == ["2", "3", "4"]
    assert rows[2].value == 0.1 + 0.2 and rows[2].replicate == 1
    assert rows[1].value is None and rows[1].censored == "<" and math.isclose(rows[1].detection_limit, 0.002)
    assert rows[0].species is None and rows[0].replicate is None


def test_one_event_covers_the_run_and_its_measurements(ctx: ServiceContext) -> None:
    run_id = _archive(ctx)
    with ctx.read_session() as session:
        (event,) = session.scalars(select(AuditEvent)).all()
    recorded = json.loads(event.new_values)
    assert (event.entity_type, event.entity_id, event.action) == ("instrument_runs", run_id, "create")
    assert recorded["sha256"] == hashlib.sha256(RAW).hexdigest()
    assert "raw_bytes" not in recorded
    assert recorded["measurement_count"] == 3 and len(recorded["measurements_digest"]) == 64
    with ctx.engine.connect() as conn:
        assert verify_audit_trail(conn).ok


def test_raw_sql_edit_of_one_measurement_is_detected(ctx: ServiceContext) -> None:
    run_id = _archive(ctx)
    with ctx.engine.begin() as conn:
        conn.execute(
            text("UPDATE measurements SET value = 12.5 WHERE run_id = :r AND position = 0"), {"r": run_id}
        )
    with ctx.engine.connect() as conn:
        report = verify_audit_trail(conn)
    (problem,) = report.problems
    assert problem.seq == 1 and problem.entity == f"instrument_runs #{run_id}"
    assert "measurements do not match the recorded digest" in problem.message


def test_deleted_measurement_and_changed_raw_bytes_are_detected(ctx: ServiceContext) -> None:
    run_id = _archive(ctx)
    with ctx.engine.begin() as conn:
        conn.execute(text("DELETE FROM measurements WHERE run_id = :r AND position = 1"), {"r": run_id})
        conn.execute(
            text("UPDATE instrument_runs SET raw_bytes = :b WHERE id = :r"),
            {"b": RAW.replace(b"12.75", b"11.75"), "r": run_id},
        )
    with ctx.engine.connect() as conn:
        messages = sorted(p.message for p in verify_audit_trail(conn).problems)
    assert messages == [
        "measurements do not match the recorded digest (2 rows, 3 recorded)",
        "raw_bytes does not match its SHA-256 (sha256)",
    ]


_text = st.one_of(st.none(), st.just(""), st.text(st.characters(exclude_categories=["Cs"]), max_size=12))
_number = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True, width=64))
_reading = st.fixed_dictionaries(
    {
        "source_row": st.one_of(st.integers(1, 10**6), _text),
        "sample_label": _text,
        "element": _text,
        "line": st.one_of(st.floats(150, 900), _text),
        "replicate": st.one_of(st.none(), st.integers(1, 9)),
        "intensity": _number,
        "value": _number,
        "detection_limit": _number,
        "flags": _text,
    }
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(readings=st.lists(_reading, max_size=25))
def test_digest_survives_the_database_round_trip(
    migrated_template: Path, tmp_path: Path, readings: list
) -> None:
    """Whatever an importer hands over (NaN, infinities, -0.0, odd text, floats in a text column),
    the digest computed before insertion equals the one recomputed from the stored rows."""
    path = tmp_path / f"{uuid.uuid4().hex}.sqlite"
    shutil.copyfile(migrated_template, path)
    with ServiceContext(str(path)) as ctx:
        with ctx.account_unit_of_work("tech1") as session:
            archive_run(
                session, file_name="x.csv", raw_bytes=b"x", profile="p", records=readings, imported_by="t"
            )
        with ctx.engine.connect() as conn:
            report = verify_audit_trail(conn)
    path.unlink()
    assert report.ok, [str(p) for p in report.problems]
