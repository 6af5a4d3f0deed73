"""Panel tests (moisture, LOI, acid-insoluble matter, F_ws, carbon, particle size): what was entered,
by whom and when, and where the test is in its four-eyes workflow.

A test belongs to a lot (and, optionally, a laboratory sample label), names its method and the
method's version, and keeps every typed or imported value as a `PanelEntry` with its text, unit and
resolution. Both tables are audited: every entered value, and every state change, is an event in the
hash-chained audit trail with who and when. A submitted test's results are `Result` rows (no run).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from labapp.core.vocabulary import PanelKind
from labapp.store.base import Audited, Base, UTCDateTime, VocabularyText, utcnow
from labapp.store.states import PanelTestState


class PanelTest(Audited, Base):
    """One test of one lot by one method: its batch inputs (calibration standards, CRM) and its state."""

    __tablename__ = "panel_tests"
    __table_args__ = {"sqlite_autoincrement": True}

    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    sample_label: Mapped[str | None] = mapped_column(String(200))
    method_id: Mapped[str] = mapped_column(String(100))
    method_version: Mapped[str] = mapped_column(String(20))
    kind: Mapped[PanelKind] = mapped_column(VocabularyText(PanelKind, 30))
    state: Mapped[PanelTestState] = mapped_column(
        VocabularyText(PanelTestState, 20), default=PanelTestState.ENTERED
    )
    source: Mapped[str] = mapped_column(String(300))  # "entry", or the imported file's name and SHA-256
    standards_json: Mapped[str | None] = mapped_column(Text)  # [[c, reading], ...] for fluoride
    crm_json: Mapped[str | None] = mapped_column(Text)  # [measured, certified(, u)]
    result_json: Mapped[str | None] = mapped_column(Text)  # values, budgets and checks when calculated
    entered_by: Mapped[str] = mapped_column(String(80))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    verified_by: Mapped[str | None] = mapped_column(String(80))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by: Mapped[str | None] = mapped_column(String(80))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)  # a rejection's reason


class PanelEntry(Audited, Base):
    """One value as entered: determination (portion) number, field, text typed, number, unit, resolution."""

    __tablename__ = "panel_entries"
    __table_args__ = {"sqlite_autoincrement": True}

    test_id: Mapped[int] = mapped_column(ForeignKey("panel_tests.id"), index=True)
    determination: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(String(400))
    value: Mapped[float | None] = mapped_column(Float)  # NULL for a list field (the text holds it)
    unit: Mapped[str] = mapped_column(String(10))
    resolution: Mapped[float] = mapped_column(Float)
    entered_by: Mapped[str] = mapped_column(String(80))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
