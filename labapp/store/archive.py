"""Archive an instrument export byte for byte together with its tidy measurements, in one flush.

The run's audit event records the file's SHA-256 and the digest of its measurements, so the
whole import is covered by a single event however many readings it has.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from labapp.store.canonical import sha256_hex
from labapp.store.measurements import digest_records, insert_measurements, normalise_record
from labapp.store.runs import InstrumentRun


def frame_records(frame: Any) -> list[dict[str, Any]]:
    """Rows of a pandas tidy frame (or any iterable of mappings) as plain dicts."""
    if hasattr(frame, "to_dict"):
        return frame.to_dict("records")
    return [dict(record) for record in frame]


def archive_run(
    session: Session,
    *,
    file_name: str,
    raw_bytes: bytes,
    profile: str,
    records: Iterable[Mapping[str, Any]],
    imported_by: str,
    instrument: str | None = None,
    technique: str | None = None,
    acquired_at: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    warnings: Sequence[str] = (),
) -> InstrumentRun:
    """Add the run (raw bytes, SHA-256, digest) and bulk-insert its measurements in file order."""
    normalised = [normalise_record(record) for record in records]
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
        measurement_count=len(normalised),
        measurements_digest=digest_records(normalised),
    )
    session.add(run)
    session.flush()
    insert_measurements(session.connection(), run.id, normalised)
    return run
