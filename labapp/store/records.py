"""Electronic signatures and certificates (21 CFR Part 11 11.50/11.70; ISO/IEC 17025 7.8).

A signature is bound to the digest of the record it signs, so a later change of the record no
longer matches. Certificate numbers are unique and rows are never deleted by the application
(retraction is a state), so a number is never reused.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column

from labapp.store.base import Audited, Base, UTCDateTime, VocabularyText, utcnow
from labapp.store.states import CertificateState

CERTIFICATE_STATES = CertificateState.values()


class Signature(Audited, Base):
    """The manifestation of one electronic signature (21 CFR 11.50) and the hash of what was signed.

    `printed_name`, `username`, `signed_at_utc` + `local_offset` and `meaning` are stored as signed,
    so the manifestation survives later renames of the account; `content_sha256` is the SHA-256 of the
    canonical content of the signed record (labapp.security.signatures), recomputed to detect changes.
    """

    __tablename__ = "signatures"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    username: Mapped[str] = mapped_column(String(80))
    printed_name: Mapped[str] = mapped_column(String(200))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(20))  # submit, review, approve, reject
    meaning: Mapped[str] = mapped_column(String(40))  # labapp.security.signatures.Meaning
    content_sha256: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    # signing over failed QC or unmatched labels: the signer's reason, and what it covered then
    # ("2 failed QC check(s), 1 unmatched sample label(s)"); NULL when there was nothing to acknowledge
    acknowledgement: Mapped[str | None] = mapped_column(Text)
    acknowledged_problems: Mapped[str | None] = mapped_column(Text)
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    signed_at_utc: Mapped[str] = mapped_column(String(20))  # as in the manifest: 2026-11-22T03:45:07
    local_offset: Mapped[str] = mapped_column(String(6))  # the signer's UTC offset then: +09:00
    # HMAC seal under the laboratory's record key (labapp.security.signatures.seal_signature):
    # "v1:<key id>:<hex>"; NULL on rows older than migration 0015, which therefore read "invalid"
    seal: Mapped[str | None] = mapped_column(String(100))
    # a signer who holds a personal signing key also signs with it (labapp.security.key_signatures):
    # the certificate's SHA-256 fingerprint and the signature (base64); NULL for a signer without a key
    signer_fingerprint: Mapped[str | None] = mapped_column(String(100))
    key_signature: Mapped[str | None] = mapped_column(Text)


class Certificate(Audited, Base):
    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("number", "revision"),)
    __audit_blob_checks__ = {"pdf_bytes": "pdf_sha256"}

    number: Mapped[str] = mapped_column(String(40), index=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lots.id"), index=True)
    state: Mapped[CertificateState] = mapped_column(
        VocabularyText(CertificateState, 20), default=CertificateState.ISSUED
    )
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    issued_by: Mapped[str] = mapped_column(String(80))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    language: Mapped[str] = mapped_column(String(10), default="en")
    pdf_bytes: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, info={"audit": "exclude"}))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    json_twin: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)  # why amended or retracted
