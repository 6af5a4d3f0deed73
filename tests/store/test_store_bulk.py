"""Bulk storage of readings (executemany on SQLite, COPY on PostgreSQL): exact values, same digest.

The digest oracle below is the formula of docs/storage.md written out with hashlib and json, not the
store's own code.
"""

from __future__ import annotations

import hashlib
import json

import pandas as pd
from sqlalchemy import select

from labapp.services.context import ServiceContext
from labapp.store.archive import archive_run
from labapp.store.audit_verify import verify_audit_trail
from labapp.store.measurements import FIELDS, STORED_FIELDS, normalise_record, normalised_rows
from labapp.store.runs import InstrumentRun, Measurement

# Text that COPY's text format must escape (tab, newline, backslash, a literal \N that is not NULL),
# non-ASCII, and floats at the edges of IEEE double.
AWKWARD = [
    {"source_row": 2, "sample_label": "a\tb", "element": "Ni", "value": 0.1 + 0.2, "intensity": 5e-324},
    {"source_row": 3, "sample_label": "line\nbreak", "element": "Co", "value": 1.7976931348623157e308},
    {"source_row": 4, "sample_label": "back\\slash", "element": "Li", "value": -0.0, "intensity": -1e-300},
    {"source_row": 5, "sample_label": "\\N", "element": "Mn", "value": float("inf"), "replicate": 3},
    {"source_row": 6, "sample_label": "試料 Ⅱ", "element": "Cu", "value": float("-inf"), "flags": "o;x"},
    {"source_row": 7, "sample_label": "", "element": "Al", "value": float("nan"), "censored": "<"},
]


def _oracle_digest(rows: list[list]) -> str:
    sha = hashlib.sha256()
    for row in rows:
        ready = [
            ("inf" if v > 0 else "-inf") if isinstance(v, float) and abs(v) == float("inf") else v
            for v in row
        ]
        sha.update((json.dumps(ready, separators=(",", ":"), ensure_ascii=False) + "\n").encode())
    return sha.hexdigest()


def _expected_rows() -> list[list]:
    out = []
    for record in AWKWARD:
        row = [record.get(name) for name in FIELDS]
        row[FIELDS.index("source_row")] = str(record["source_row"])
        for name in ("species", "line", "view", "unit", "sample_type", "censored", "flags", "acquired_at"):
            row[FIELDS.index(name)] = record.get(name) or None
        row[FIELDS.index("sample_label")] = record["sample_label"] or None
        value = record["value"]
        row[FIELDS.index("value")] = None if value != value else value + 0.0
        out.append(row)
    return out


def test_awkward_values_are_stored_exactly_and_digested_as_documented(ctx: ServiceContext) -> None:
    with ctx.account_unit_of_work("tech1", "import") as session:
        run_id = archive_run(
            session, file_name="x.csv", raw_bytes=b"x", profile="p", records=AWKWARD, imported_by="tech1"
        ).id
    expected = _expected_rows()
    with ctx.read_session() as session:
        run = session.get(InstrumentRun, run_id)
        stored = session.scalars(
            select(Measurement).where(Measurement.run_id == run_id).order_by(Measurement.position)
        ).all()
        rows = [[getattr(m, name) for name in FIELDS] for m in stored]
    assert rows == expected
    assert str(rows[0][FIELDS.index("value")]) == "0.30000000000000004"
    assert rows[0][FIELDS.index("intensity")] == 5e-324  # the smallest subnormal survives
    assert str(rows[2][FIELDS.index("value")]) == "0.0"  # -0.0 is stored as 0.0 on both backends
    assert rows[3][FIELDS.index("sample_label")] == "\\N"  # not NULL
    assert run.measurements_digest == _oracle_digest(expected)
    with ctx.engine.connect() as conn:
        assert verify_audit_trail(conn).ok


def test_a_frame_and_mappings_give_the_same_rows_as_one_record_at_a_time() -> None:
    """The column-wise path for frames (pandas NA, nullable ints, NaN) equals normalise_record per row."""
    frame = pd.DataFrame(
        {
            "source_row": pd.array([12, None, 14], dtype="Int64"),
            "sample_label": pd.array([" BM26-0001 ", None, "Blank"], dtype="string"),
            "element": ["Ni", "Co", None],
            "replicate": [1.0, float("nan"), 3.0],
            "value": pd.array([1.5, None, 2.0], dtype="Float64"),
            "intensity": [float("nan"), -0.0, 7.0],
            "censored": ["", "<", "  "],
        }
    )
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    by_record = [tuple(normalise_record(r)[name] for name in STORED_FIELDS) for r in records]
    assert normalised_rows(frame) == by_record
    assert normalised_rows(records) == by_record
    first, second, third = by_record
    assert first[: FIELDS.index("element") + 1] == ("12", "BM26-0001", None, "Ni")
    assert second[FIELDS.index("source_row")] is None and second[FIELDS.index("censored")] == "<"
    assert str(second[FIELDS.index("intensity")]) == "0.0" and second[FIELDS.index("replicate")] is None
    assert third[FIELDS.index("replicate")] == 3 and type(third[FIELDS.index("replicate")]) is int
    assert third[FIELDS.index("censored")] is None


def test_the_instruments_error_is_stored_and_digested_only_where_a_reading_has_one(
    ctx: ServiceContext,
) -> None:
    """Revision 0019: a reading's `uncertainty` and `uncertainty_k` (the file's error and its coverage)
    are stored exactly and follow its FIELDS in the digest line only when set, so a run without them
    digests as before; changing one stored value breaks the run's digest."""
    records = [
        {
            "source_row": 2,
            "sample_label": "P1",
            "element": "Ni",
            "value": 20.0,
            "uncertainty": 0.2,
            "uncertainty_k": 2.0,
        },
        {"source_row": 3, "sample_label": "P1", "element": "Co", "value": 8.0, "uncertainty": 0.1},
        {"source_row": 4, "sample_label": "P2", "element": "Ni", "value": 19.0},
    ]
    with ctx.account_unit_of_work("tech1", "import") as session:
        run_id = archive_run(
            session, file_name="u.csv", raw_bytes=b"u", profile="p", records=records, imported_by="tech1"
        ).id
    lines = []
    for record in records:
        row = [record.get(name) for name in FIELDS]
        row[FIELDS.index("source_row")] = str(record["source_row"])
        extra = [record.get("uncertainty"), record.get("uncertainty_k")]
        lines.append(row + extra if any(v is not None for v in extra) else row)
    with ctx.read_session() as session:
        run = session.get(InstrumentRun, run_id)
        stored = session.scalars(
            select(Measurement).where(Measurement.run_id == run_id).order_by(Measurement.position)
        ).all()
        assert [(m.uncertainty, m.uncertainty_k) for m in stored] == [(0.2, 2.0), (0.1, None), (None, None)]
        assert run.measurements_digest == _oracle_digest(lines)
    with ctx.engine.begin() as conn:
        conn.execute(
            Measurement.__table__.update()
            .where(Measurement.run_id == run_id, Measurement.position == 0)
            .values(uncertainty_k=1.0)
        )
    with ctx.engine.connect() as conn:
        assert not verify_audit_trail(conn).ok
