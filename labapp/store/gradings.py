"""Criteria sets as used, and the gradings of lots against them (statements of conformity).

A criteria set is stored the first time it grades a lot, with its canonical content and SHA-256,
and is frozen from then on: a grading must keep meaning what it meant, so an edit of a used set is
stored only under a new version (`labapp.core.criteria_identity.admit`). A lot may be graded again
(new results, another decision rule); the new grading of the same lot and set id becomes current
and the earlier one stays, marked not current, with an audit event for the change.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from labapp.core.vocabulary import GradingStatus, RuleKind, SetKind, SetStatus
from labapp.store.base import Audited, Base, UTCDateTime, VocabularyText, utcnow


class CriteriaSetRecord(Audited, Base):
    """One version of a criteria set (grading set or screen) as it was applied."""

    __tablename__ = "criteria_sets"
    __table_args__ = (UniqueConstraint("set_id", "set_version"),)

    set_id: Mapped[str] = mapped_column(String(100))
    set_version: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[SetKind] = mapped_column(VocabularyText(SetKind, 20))
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[SetStatus] = mapped_column(VocabularyText(SetStatus, 20))
    content_json: Mapped[str] = mapped_column(Text)  # canonical JSON (labapp.core.canonical)
    frozen: Mapped[bool] = mapped_column(Boolean, default=False)
    first_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registered_by: Mapped[str] = mapped_column(String(80))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LotGrading(Audited, Base):
    """The grade of one lot against one criteria set version, with everything that decided it."""

    __tablename__ = "lot_gradings"

    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    criteria_set_id: Mapped[int] = mapped_column(ForeignKey("criteria_sets.id"), index=True)
    rule_kind: Mapped[RuleKind] = mapped_column(VocabularyText(RuleKind, 20))
    guard_factor: Mapped[float] = mapped_column(Float)
    status: Mapped[GradingStatus] = mapped_column(VocabularyText(GradingStatus, 20))
    grade: Mapped[str | None] = mapped_column(String(20))
    tier: Mapped[str | None] = mapped_column(String(40))
    family: Mapped[str | None] = mapped_column(String(10))
    family_mismatch: Mapped[bool] = mapped_column(Boolean, default=False)
    limiting: Mapped[str | None] = mapped_column(Text)  # limiting parameters in words, one per line
    result_json: Mapped[str] = mapped_column(Text)  # GradingResult.to_dict()
    screens_json: Mapped[str] = mapped_column(Text)
    commercial_json: Mapped[str] = mapped_column(Text)
    result_ids: Mapped[str | None] = mapped_column(Text)  # ","-separated ids of the Result rows used
    graded_on: Mapped[str] = mapped_column(String(10))  # ISO date that decided which screens apply
    graded_by: Mapped[str] = mapped_column(String(80))
    graded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    current: Mapped[bool] = mapped_column(Boolean, default=True)

    criteria_set: Mapped[CriteriaSetRecord] = relationship()
