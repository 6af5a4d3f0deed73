"""Publish the laboratory's signed status list of certificates, and issue retraction notices.

The status list (labapp.certificates.status_list) tells recipients without the database whether a
certificate is current, superseded or retracted. Publishing it is a QA manager's act (the permission
to issue certificates, ISSUE_CERTIFICATE: the list is a signed statement about certificates, made with
a certificate signer's key from the keystore): the password is entered again, the key unlocked with its
passphrase, the signed list archived in `certificate_documents` (audited) and written atomically.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from labapp.certificates.signing import SigningRequest, pyhanko_signer
from labapp.certificates.status_list import StatusEntry, StatusList, sign_status_list
from labapp.certificates.verification import CurrencyStatus
from labapp.core.canonical import canonical_json
from labapp.core.errors import LabappError
from labapp.core.remedies import Remedy
from labapp.security.roles import Action
from labapp.services.administration.keys import keystore
from labapp.services.administration.users import AuthenticatedUser, authenticate
from labapp.services.context import ServiceContext
from labapp.store.base import utcnow
from labapp.store.certificate_files import CertificateDocument, DocumentKind
from labapp.store.lots import Lot
from labapp.store.parties import Laboratory
from labapp.store.records import Certificate, Signature
from labapp.store.states import CertificateState

_STATE = {
    CertificateState.ISSUED: CurrencyStatus.CURRENT,
    CertificateState.SUPERSEDED: CurrencyStatus.SUPERSEDED,
    CertificateState.RETRACTED: CurrencyStatus.RETRACTED,
    CertificateState.AMENDMENT_NEEDED: CurrencyStatus.AMENDMENT_NEEDED,
}
"""A stored certificate state in the words a recipient's check answers (the database check's words)."""


@dataclass(frozen=True)
class PublishedStatusList:
    path: Path
    entries: int
    pdf_sha256: str
    issued_at: str


def status_entries(session: Session) -> list[StatusEntry]:
    """Every certificate revision with its state, newest knowledge of the register, by number and revision."""
    rows = list(
        session.execute(
            select(Certificate, Lot.code)
            .join(Lot, Certificate.lot_id == Lot.id)
            .order_by(Certificate.number, Certificate.revision)
        )
    )
    newer = {row.supersedes_id: row for row, _ in rows if row.supersedes_id is not None}
    retracted = {
        s.entity_id: s.signed_at
        for s in session.scalars(
            select(Signature).where(Signature.entity_type == "certificate", Signature.action == "retract")
        )
    }
    out = []
    for row, lot in rows:
        state = _STATE[row.state]
        by = newer.get(row.id) if state is CurrencyStatus.SUPERSEDED else None
        when = retracted.get(row.id) if state is CurrencyStatus.RETRACTED else None
        out.append(
            StatusEntry(
                number=row.number,
                revision=row.revision,
                lot=lot,
                issued_at=row.issued_at.replace(microsecond=0).isoformat(),
                state=state,
                twin_sha256=hashlib.sha256((row.json_twin or "").encode("utf-8")).hexdigest(),
                pdf_sha256=row.pdf_sha256,
                superseded_by=f"{by.number} rev {by.revision}" if by is not None else None,
                reason=row.reason if state is not CurrencyStatus.CURRENT else None,
                retracted_at=when.replace(microsecond=0).isoformat() if when is not None else None,
            )
        )
    return out


def build_status_list(ctx: ServiceContext, issued_by: str) -> StatusList:
    """The list as of now (not signed): for a preview, and what publish_status_list signs."""
    with ctx.read_session() as session:
        lab = session.scalar(select(Laboratory).order_by(Laboratory.id))
        if lab is None:
            raise LabappError(
                f"no laboratory record to publish for: {Remedy.SET_LABORATORY.label()}",
                remedy=Remedy.SET_LABORATORY,
            )
        return StatusList(
            lab.name,
            utcnow().replace(microsecond=0).isoformat(),
            issued_by,
            lab.verification_address or None,
            status_entries(session),
        )


def publish_status_list(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    out: Path | str,
    *,
    password: str,
    key_passphrase: str | bytes,
    keys_folder: str | Path | None = None,
) -> PublishedStatusList:
    """Sign the list with the publisher's key, archive it (audited) and write it to `out` atomically."""
    user = authenticate(ctx, by.username, password, purpose="signature")
    user.require(Action.ISSUE_CERTIFICATE)
    secret = key_passphrase.encode() if isinstance(key_passphrase, str) else key_passphrase
    signer = pyhanko_signer(keystore(keys_folder, ctx).load_signer(user.username, secret))
    status = build_status_list(ctx, user.full_name)
    pdf = sign_status_list(status, signer, SigningRequest("status list", user.full_name))
    digest = hashlib.sha256(pdf).hexdigest()
    path = Path(out)
    with ctx.unit_of_work(user, Action.ISSUE_CERTIFICATE, event="publish_status_list") as session:
        session.add(
            CertificateDocument(
                kind=DocumentKind.STATUS_LIST,
                certificate_id=None,
                issued_by=user.username,
                language="en+ja",
                file_name=path.name,
                pdf_bytes=pdf,
                pdf_sha256=digest,
                json_text=canonical_json(status.to_payload()).decode("utf-8"),
            )
        )
    write_atomically(path, pdf)
    return PublishedStatusList(path, len(status.entries), digest, status.issued_at)


def write_atomically(path: Path, data: bytes) -> None:
    """Write a signed document whole or not at all: a temporary file beside it, then one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
