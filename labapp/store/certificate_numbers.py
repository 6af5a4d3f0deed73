"""Certificate numbers, reserved before a certificate is issued and never given out twice.

A number is reserved in its own committed transaction before the certificate is rendered, so a
later failure (a wrong key passphrase, a full disk, a rollback) cannot hand the same number to the
next certificate: the row stays, marked "void" with the reason, and the next reservation takes the
next serial. Rows are never deleted, and `(year, serial)` is unique, so two workstations reserving
at once cannot both get one number (the loser retries with the next serial).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from labapp.store.base import Audited, Base, UTCDateTime, VocabularyText, utcnow
from labapp.store.states import NumberState

NUMBER_STATES = NumberState.values()


class CertificateNumber(Audited, Base):
    __tablename__ = "certificate_numbers"
    __table_args__ = (UniqueConstraint("year", "serial"),)

    number: Mapped[str] = mapped_column(String(40), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    state: Mapped[NumberState] = mapped_column(VocabularyText(NumberState, 10), default=NumberState.RESERVED)
    reserved_by: Mapped[str] = mapped_column(String(80))
    reserved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)  # why a reserved number became void
