"""Calculated results and QC outcomes of a run, linked back to the run (and so to its raw file)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from labapp.core.vocabulary import Basis, CheckOutcome, ElementStatus, QcCheck
from labapp.store.base import Audited, Base, UTCDateTime, VocabularyText, utcnow


class Result(Audited, Base):
    """A reportable value for one preparation and element, on the stated basis, with its uncertainty."""

    __tablename__ = "results"
    # A recalculation deletes the run's rows; SQLite would hand their ids out again, and a grading
    # that names the old ids would then match the new rows. AUTOINCREMENT never reuses an id.
    __table_args__ = {"sqlite_autoincrement": True}

    # NULL for a panel test's result (labapp.store.panel): entered or imported, not an instrument run
    run_id: Mapped[int | None] = mapped_column(ForeignKey("instrument_runs.id"), index=True)
    preparation_id: Mapped[int | None] = mapped_column(ForeignKey("preparations.id"), index=True)
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"), index=True)
    element: Mapped[str] = mapped_column(String(10))
    species: Mapped[str | None] = mapped_column(String(20))
    line: Mapped[str | None] = mapped_column(String(20))
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(10))
    basis: Mapped[Basis] = mapped_column(VocabularyText(Basis, 20), default=Basis.DRY)
    censored: Mapped[str | None] = mapped_column(String(1))
    standard_uncertainty: Mapped[float | None] = mapped_column(Float)
    expanded_uncertainty: Mapped[float | None] = mapped_column(Float)
    coverage_factor: Mapped[float | None] = mapped_column(Float)
    effective_dof: Mapped[float | None] = mapped_column(Float)
    lod: Mapped[float | None] = mapped_column(Float)
    loq: Mapped[float | None] = mapped_column(Float)
    method: Mapped[str | None] = mapped_column(String(100))
    budget_json: Mapped[str | None] = mapped_column(Text)
    reportable: Mapped[bool] = mapped_column(Boolean, default=True)
    technique: Mapped[str | None] = mapped_column(String(20))
    flags: Mapped[str | None] = mapped_column(Text)  # ";"-separated (Result rows contract)
    qc_state: Mapped[ElementStatus | None] = mapped_column(VocabularyText(ElementStatus, 20))
    text: Mapped[str | None] = mapped_column(String(40))  # the value as reported, e.g. "<0.015"
    calculated_by: Mapped[str] = mapped_column(String(80))
    calculated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class QcOutcome(Audited, Base):
    """One QC check of a run (ICV/CCV recovery, blank, duplicate RPD, spike recovery, CRM)."""

    __tablename__ = "qc_outcomes"
    __table_args__ = {"sqlite_autoincrement": True}

    run_id: Mapped[int] = mapped_column(ForeignKey("instrument_runs.id"), index=True)
    check: Mapped[QcCheck] = mapped_column(VocabularyText(QcCheck, 40))
    sample_label: Mapped[str | None] = mapped_column(String(200))
    element: Mapped[str | None] = mapped_column(String(10))
    measured: Mapped[float | None] = mapped_column(Float)
    expected: Mapped[float | None] = mapped_column(Float)
    statistic: Mapped[float | None] = mapped_column(Float)
    lower_limit: Mapped[float | None] = mapped_column(Float)
    upper_limit: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool] = mapped_column(Boolean)
    position: Mapped[int | None] = mapped_column(Integer)
    line: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[CheckOutcome | None] = mapped_column(VocabularyText(CheckOutcome, 20))
    detail: Mapped[str | None] = mapped_column(Text)
