"""Archive an instrument export byte for byte together with its tidy measurements, in one flush.

The run's audit event records the file's SHA-256 and the digest of its measurements, so the
whole import is covered by a single event however many readings it has. Readings are read column by
column from a frame, normalised and digested in one pass and bulk-inserted (executemany on SQLite,
COPY on PostgreSQL) in the same transaction as the run.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from labapp.store.canonical import sha256_hex
from labapp.store.measurements import digest_rows, insert_rows, normalised_rows
from labapp.store.runs import InstrumentRun


def frame_records(frame: Any) -> Any:
    """The readings to archive: a pandas tidy frame is passed on as it is (archive_run reads it column
    by column, which is much faster than a dict per row); any other iterable becomes a list of dicts."""
    if hasattr(frame, "columns"):
        return frame
    return [dict(record) for record in frame]


def archive_run(
    session: Session,
    *,
    file_name: str,
    raw_bytes: bytes,
    profile: str,
    records: Iterable[Mapping[str, Any]] | Any,
    imported_by: str,
    instrument: str | None = None,
    technique: str | None = None,
    acquired_at: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    warnings: Sequence[str] = (),
) -> InstrumentRun:
    """Add the run (raw bytes, SHA-256, digest) and bulk-insert its measurements in file order.

    `records` is a pandas tidy frame or an iterable of mappings with the measurement fields.
    """
    rows = normalised_rows(records)
    run = InstrumentRun(
        file_name=file_name,
        file_size=len(raw_bytes),
        sha256=sha256_hex(raw_bytes),
        raw_bytes=raw_bytes,
        profile=profile,
        instrument=instrument,
        technique=technique,
        acquired_at=acquired_at,
        imported_by=imported_by,
        metadata_json=json.dumps(dict(metadata), sort_keys=True, default=str) if metadata else None,
        warnings="\n".join(warnings) or None,
        measurement_count=len(rows),
        measurements_digest=digest_rows(rows),
    )
    session.add(run)
    session.flush()
    insert_rows(session.connection(), run.id, rows)
    return run
