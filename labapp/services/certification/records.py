"""Certificate records as stored: listing, and the currency check `labapp verify` asks the database.

A certificate revision is current while its row is "issued"; an amendment makes it "superseded" (the
newer row points to it), a retraction "retracted", a signed change of its lot's records "amendment
needed" (labapp.services.workflow.released_changes). The check also compares the JSON twin's SHA-256
with the stored twin, and the whole file's SHA-256 with the stored PDF's: a file signed around the
genuine twin but printing other values is a mismatch, however valid its signature.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.certificates import model as cm
from labapp.certificates.verification import Currency, CurrencyCheck, CurrencyStatus, TwinIdentity
from labapp.core.errors import LabappError
from labapp.services.context import ServiceContext
from labapp.store.lots import Lot
from labapp.store.records import Certificate
from labapp.store.states import CertificateState, LotState


@dataclass(frozen=True)
class CertificateRecord:
    number: str
    revision: int
    lot_code: str
    state: CertificateState
    issued_by: str
    issued_at: str
    language: str
    reason: str | None
    pdf_sha256: str | None
    twin_sha256: str | None
    notice_path: str | None = None  # the retraction notice written by this retraction, if any


def record_of(row: Certificate, lot_code: str) -> CertificateRecord:
    twin = row.json_twin.encode("utf-8") if row.json_twin is not None else None
    return CertificateRecord(
        row.number,
        row.revision,
        lot_code,
        row.state,
        row.issued_by,
        row.issued_at.isoformat(),
        row.language,
        row.reason,
        row.pdf_sha256,
        cm.twin_sha256(twin) if twin is not None else None,
    )


def list_certificates(ctx: ServiceContext, lot: str | None = None) -> list[CertificateRecord]:
    """Every certificate revision (optionally of one lot), by number and revision."""
    query = select(Certificate, Lot.code).join(Lot, Certificate.lot_id == Lot.id)
    if lot is not None:
        query = query.where(Lot.code == lot)
    with ctx.read_session() as session:
        if lot is not None and session.scalar(select(Lot.id).where(Lot.code == lot)) is None:
            raise LabappError(f"lot {lot} does not exist")
        rows = session.execute(query.order_by(Certificate.number, Certificate.revision))
        return [record_of(row, code) for row, code in rows]


def awaits_first_certificate(session: Session, lot: Lot) -> bool:
    """Approved, or changed by signature after approval before any certificate was issued: the first
    certificate is issued (not amended) from the records as they are now."""
    if lot.state is LotState.APPROVED:
        return True
    if lot.state is not LotState.AMENDMENT_NEEDED:
        return False
    return session.scalar(select(Certificate.id).where(Certificate.lot_id == lot.id).limit(1)) is None


def stored_twin(ctx: ServiceContext, number: str, revision: int) -> bytes | None:
    """The JSON twin exactly as stored with the certificate revision, or None."""
    with ctx.read_session() as session:
        row = session.scalar(
            select(Certificate).where(Certificate.number == number, Certificate.revision == revision)
        )
        return None if row is None or row.json_twin is None else row.json_twin.encode("utf-8")


def currency_check(ctx: ServiceContext) -> CurrencyCheck:
    """A callback for `verify_pdf`: is this certificate revision the current, stored one?"""

    def check(identity: TwinIdentity) -> Currency:
        with ctx.read_session() as session:
            return _currency(session, identity)

    return check


def _currency(session: Session, identity: TwinIdentity) -> Currency:
    where = f"{identity.number} rev {identity.revision}"
    row = session.scalar(
        select(Certificate).where(
            Certificate.number == identity.number, Certificate.revision == identity.revision
        )
    )
    if row is None:
        return Currency(CurrencyStatus.UNKNOWN, f"no certificate {where} in this database")
    if cm.twin_sha256((row.json_twin or "").encode("utf-8")) != identity.twin_sha256:
        return Currency(CurrencyStatus.MISMATCH, f"the stored record of {where} has a different JSON twin")
    if identity.pdf_sha256 is not None and row.pdf_sha256 and row.pdf_sha256 != identity.pdf_sha256:
        return Currency(
            CurrencyStatus.MISMATCH,
            f"this file is not the PDF issued as {where} (file SHA-256 {identity.pdf_sha256[:16]}..., "
            f"issued {row.pdf_sha256[:16]}...): its printed content may differ from the record",
        )
    if row.state is CertificateState.RETRACTED:
        return Currency(CurrencyStatus.RETRACTED, row.reason or "no reason recorded")
    if row.state is CertificateState.AMENDMENT_NEEDED:
        return Currency(CurrencyStatus.AMENDMENT_NEEDED, row.reason or "the lot's records changed")
    if row.state is CertificateState.SUPERSEDED:
        newer = session.scalar(select(Certificate).where(Certificate.supersedes_id == row.id))
        by = f"by {newer.number} rev {newer.revision}" if newer else "by a later revision"
        return Currency(CurrencyStatus.SUPERSEDED, by + (f" (reason: {row.reason})" if row.reason else ""))
    return Currency(CurrencyStatus.CURRENT)
