"""Exclusions, manual overrides and workflow settings: the human decisions a run's results depend on.

Rows are never deleted: an exclusion or override that no longer applies is set inactive (with the
reason in the audit event), so every decision and its reason stays visible (21 CFR 11.10(e)).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from labapp.store.base import Audited, Base, UTCDateTime, utcnow


class RunExclusion(Audited, Base):
    """A replicate, a line or a preparation's result left out of a run's calculation, with why."""

    __tablename__ = "exclusions"

    run_id: Mapped[int] = mapped_column(ForeignKey("instrument_runs.id"), index=True)
    scope: Mapped[str] = mapped_column(String(20))  # labapp.core.exclusions.Scope
    element: Mapped[str] = mapped_column(String(10))
    line: Mapped[str | None] = mapped_column(String(20))
    sample_label: Mapped[str | None] = mapped_column(String(200))
    replicate: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ResultOverride(Audited, Base):
    """A reported value replaced by hand. Its identity is run, lot and element, so a recalculation that
    writes new result rows applies it again; `result_id` names the row overridden at the time (no
    foreign key, so a recalculation may replace that row)."""

    __tablename__ = "result_overrides"

    run_id: Mapped[int] = mapped_column(ForeignKey("instrument_runs.id"), index=True)
    result_id: Mapped[int] = mapped_column(Integer, index=True)
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lots.id"))
    element: Mapped[str] = mapped_column(String(10))
    original_value: Mapped[float | None] = mapped_column(Float)
    new_value: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class WorkflowSetting(Audited, Base):
    """One named workflow policy (e.g. second_review = "on"); absent means the shipped default."""

    __tablename__ = "workflow_settings"

    name: Mapped[str] = mapped_column(String(40), unique=True)
    value: Mapped[str] = mapped_column(String(200))
