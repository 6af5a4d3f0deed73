"""The commercial settlement of a lot: the assays exchanged with the counter-party and the umpire, and the
signed settlement statements (issue 23, items 4 and 5; docs/settlement.md).

An assay typed in from another laboratory's report is a manual entry: it is entered by one person and
confirmed by another (four eyes, as for the laboratory's own results), and only confirmed assays count.
A corrected entry supersedes the old one, which is kept with the reason, never deleted. A statement row
keeps the terms file as read (text and SHA-256), the comparison and settled assay per element, the
final value and the signed PDF, so the statement can be shown and checked again later. Both tables are
audited (the hash-chained trail).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from labapp.core.splitting import AssaySource
from labapp.core.vocabulary import Vocabulary
from labapp.store.base import Audited, Base, UTCDateTime, VocabularyText, utcnow


class EntryState(Vocabulary):
    """A manually entered assay: entered, confirmed by a second person, or superseded by a correction."""

    ENTERED = "entered", "entered (awaiting confirmation)", "入力済み（確認待ち）"
    CONFIRMED = "confirmed", "confirmed", "確認済み"
    SUPERSEDED = "superseded", "superseded by a correction", "訂正により置換"


class SettlementAssay(Audited, Base):
    """One element's assay from the counter-party's or the umpire's laboratory, as its report states it."""

    __tablename__ = "settlement_assays"

    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    element: Mapped[str] = mapped_column(String(10))
    source: Mapped[AssaySource] = mapped_column(VocabularyText(AssaySource, 20))
    value_pct: Mapped[float] = mapped_column(Float)  # wt %, dry basis
    laboratory: Mapped[str] = mapped_column(String(200))  # who assayed it
    report_reference: Mapped[str | None] = mapped_column(String(120))
    state: Mapped[EntryState] = mapped_column(VocabularyText(EntryState, 20), default=EntryState.ENTERED)
    entered_by: Mapped[str] = mapped_column(String(80))
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_by: Mapped[str | None] = mapped_column(String(80))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str | None] = mapped_column(Text)  # why it was superseded


class SettlementStatement(Audited, Base):
    """A signed settlement statement of a lot: terms as read, lines per element, final value, the PDF."""

    __tablename__ = "settlement_statements"
    __audit_blob_checks__ = {"pdf_bytes": "pdf_sha256"}

    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    contract_reference: Mapped[str] = mapped_column(String(120))
    terms_file: Mapped[str] = mapped_column(String(260))
    terms_text: Mapped[str] = mapped_column(Text)
    terms_sha256: Mapped[str] = mapped_column(String(64))
    currency: Mapped[str] = mapped_column(String(3))
    final_value: Mapped[float | None] = mapped_column(Float)  # None while an element awaits an assay
    statement_json: Mapped[str] = mapped_column(Text)  # the attached JSON, canonical
    language: Mapped[str] = mapped_column(String(10), default="en")
    issued_by: Mapped[str] = mapped_column(String(80))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    file_name: Mapped[str] = mapped_column(String(200))
    pdf_bytes: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, info={"audit": "exclude"}))
    pdf_sha256: Mapped[str] = mapped_column(String(64))
