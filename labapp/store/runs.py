"""Instrument runs: the raw export archived byte for byte, and its tidy measurements.

Measurements are immutable bulk children (up to 10^6 per run). They carry no audit event of
their own; the run's `measurements_digest` (see labapp.store.measurements) covers them and is
itself recorded in the run's audit event, so `verify` detects any edit of a single reading.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column

from labapp.store.base import Audited, Base, UTCDateTime, VocabularyText, utcnow
from labapp.store.states import RunState

# Run workflow (issue 2): imported -> calculated -> submitted -> reviewed -> approved | rejected.
RUN_STATES = RunState.values()


class InstrumentRun(Audited, Base):
    __tablename__ = "instrument_runs"
    __audit_blob_checks__ = {"raw_bytes": "sha256"}

    file_name: Mapped[str] = mapped_column(String(255))
    file_size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    raw_bytes: Mapped[bytes] = deferred(mapped_column(LargeBinary, info={"audit": "exclude"}))
    profile: Mapped[str] = mapped_column(String(100))
    instrument: Mapped[str | None] = mapped_column(String(200))
    technique: Mapped[str | None] = mapped_column(String(20))
    state: Mapped[RunState] = mapped_column(VocabularyText(RunState, 20), default=RunState.IMPORTED)
    imported_by: Mapped[str] = mapped_column(String(80))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acquired_at: Mapped[str | None] = mapped_column(String(40))
    metadata_json: Mapped[str | None] = mapped_column(Text)
    warnings: Mapped[str | None] = mapped_column(Text)  # one warning per line
    measurement_count: Mapped[int] = mapped_column(Integer, default=0)
    measurements_digest: Mapped[str] = mapped_column(String(64))


class Measurement(Base):
    """One reading of the tidy measurement frame (DESIGN.md), in file order (`position`)."""

    __tablename__ = "measurements"
    __table_args__ = (UniqueConstraint("run_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("instrument_runs.id"))
    position: Mapped[int] = mapped_column(Integer)
    source_row: Mapped[str | None] = mapped_column(String(40))
    sample_label: Mapped[str | None] = mapped_column(String(200))
    sample_type: Mapped[str | None] = mapped_column(String(20))
    element: Mapped[str | None] = mapped_column(String(10))
    species: Mapped[str | None] = mapped_column(String(20))
    line: Mapped[str | None] = mapped_column(String(20))
    view: Mapped[str | None] = mapped_column(String(10))
    replicate: Mapped[int | None] = mapped_column(Integer)
    intensity: Mapped[float | None] = mapped_column(Float)
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(10))
    censored: Mapped[str | None] = mapped_column(String(1))
    detection_limit: Mapped[float | None] = mapped_column(Float)
    flags: Mapped[str | None] = mapped_column(String(200))
    acquired_at: Mapped[str | None] = mapped_column(String(40))
    # the instrument's error for the reading and its coverage (revision 0019; docs/calculations.md)
    uncertainty: Mapped[float | None] = mapped_column(Float)
    uncertainty_k: Mapped[float | None] = mapped_column(Float)
