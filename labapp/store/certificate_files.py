"""Signed documents kept with the certificates, and the journal that makes writing their files crash-safe.

`CertificateDocument` archives every signed document the laboratory sends about its certificates
besides the certificates themselves: a retraction notice (to the customer) and a published status list
(to every recipient), with the PDF bytes and their SHA-256, like a certificate row.

`PendingFile` (not audited: scaffolding) is a write-ahead journal for the files an issue writes
into an output folder. The row is committed before any file is written; the files are written under
temporary names, the record (certificate or notice) commits, and only then are they renamed to their
final names and the row marked placed. A process killed anywhere in between leaves a pending row
naming the folder, its temporary-name token and the process, so the next start can either finish the
job from the committed record or remove the temporary files and void the reserved number
(labapp.services.certification.recovery).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from labapp.core.vocabulary import Vocabulary
from labapp.store.base import Audited, Base, UTCDateTime, VocabularyText, utcnow


class DocumentKind(Vocabulary):
    """A signed document about certificates, other than a certificate."""

    RETRACTION_NOTICE = "retraction notice", "retraction notice", "取消通知"
    STATUS_LIST = "status list", "certificate status list", "証明書ステータス一覧"


class FileTarget(Vocabulary):
    """What a pending write is placing: a certificate revision (PDF and JSON twin) or a retraction notice."""

    CERTIFICATE = "certificate", "certificate", "証明書"
    RETRACTION_NOTICE = "retraction notice", "retraction notice", "取消通知"


class PendingState(Vocabulary):
    """A journal row: files being written, placed at their final names, or void (nothing placed)."""

    PENDING = "pending", "being written", "書込み中"
    PLACED = "placed", "placed", "配置済み"
    VOID = "void", "void (interrupted or failed)", "無効（中断または失敗）"


class CertificateDocument(Audited, Base):
    __tablename__ = "certificate_documents"
    __audit_blob_checks__ = {"pdf_bytes": "pdf_sha256"}

    kind: Mapped[DocumentKind] = mapped_column(VocabularyText(DocumentKind, 30))
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"), index=True)
    issued_by: Mapped[str] = mapped_column(String(80))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    language: Mapped[str] = mapped_column(String(10), default="en")
    file_name: Mapped[str] = mapped_column(String(200))
    pdf_bytes: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, info={"audit": "exclude"}))
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    json_text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)


class PendingFile(Base):
    """Not an audited record: write-ahead scaffolding of the issue it belongs to (whose certificate,
    number and signature are audited). What the start-up check does with a row is an audit event of
    its own (labapp.services.certification.recovery)."""

    __tablename__ = "pending_certificate_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target: Mapped[FileTarget] = mapped_column(VocabularyText(FileTarget, 30))
    number: Mapped[str] = mapped_column(String(40), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    folder: Mapped[str] = mapped_column(Text)
    token: Mapped[str] = mapped_column(String(40))  # in the temporary file names
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    state: Mapped[PendingState] = mapped_column(
        VocabularyText(PendingState, 10), default=PendingState.PENDING
    )
    started_by: Mapped[str] = mapped_column(String(80))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)  # why void, or how an interruption was finished
