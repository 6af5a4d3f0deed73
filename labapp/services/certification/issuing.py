"""Issue, amend and retract certificates of analysis from the database, and check their currency.

Issuing is an electronic signature: the issuer re-enters the password (21 CFR 11.200(a)(1)), holds
ISSUE_CERTIFICATE, and signs the PDF (PAdES) with their own key from the laboratory keystore.

One unit of work per lot (docs/certificates.md, "Issuing from the application"): the Certificate row
(PDF bytes, SHA-256, JSON twin), the issuer's Signature row, the number marked used and the lot moved
to "certified" commit together, and the PDF and twin are written (temporary name, then rename) inside
that unit of work and removed again when it does not commit. A lot that fails is reported and left
approved; the others are issued. Cancelling stops between lots. Numbers: see certification_numbers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from labapp.certificates import model as cm
from labapp.certificates.issue import IssuedCertificate, issue_certificate, write_certificate
from labapp.certificates.signing import SigningRequest, pyhanko_signer
from labapp.core.errors import LabappError
from labapp.core.progress import NO_PROGRESS, Progress
from labapp.core.vocabulary import Vocabulary
from labapp.security.checkpoints import Checkpoint, CheckpointReason
from labapp.security.roles import Action
from labapp.security.signatures import Meaning, make_manifest, seal_new_signature
from labapp.services.administration.checkpoint_log import write_checkpoint
from labapp.services.administration.keys import keystore
from labapp.services.administration.users import AuthenticatedUser, authenticate
from labapp.services.certification import numbers
from labapp.services.certification.content import Issuer, certificate_data
from labapp.services.certification.records import (
    CertificateRecord,
    awaits_first_certificate,
    currency_check,
    list_certificates,
    record_of,
    stored_twin,
)
from labapp.services.context import ServiceContext
from labapp.services.grading.grade import StoredGrading, current_grading
from labapp.services.workflow.review import find_run, lots_of_run, set_lot_state
from labapp.store.base import utcnow
from labapp.store.gradings import LotGrading
from labapp.store.lots import Lot
from labapp.store.records import Certificate, Signature
from labapp.store.states import LIVE_CERTIFICATE_STATES, CertificateState, LotState

__all__ = [
    "LANGUAGES",
    "CertificateRecord",
    "IssueStatus",
    "IssuedSummary",
    "SigningSetup",
    "amend_certificate",
    "approved_lots_of_run",
    "currency_check",
    "issue_certificates",
    "list_certificates",
    "retract_certificate",
    "stored_twin",
]

LANGUAGES = ("en", "ja", "en+ja")
CERTIFICATE_ENTITY = "certificate"
PREFLIGHT_NUMBER = "PREFLIGHT-0"  # stands in for the number while the data is checked


class IssueStatus(Vocabulary):
    """What an issue did for one lot."""

    ISSUED = "issued", "issued", "発行済み"
    FAILED = "failed", "failed", "失敗"
    CANCELLED = "cancelled", "cancelled", "中止"


@dataclass(frozen=True)
class IssuedSummary:
    """What happened to one lot: issued (with its files), failed (why) or cancelled (not attempted)."""

    lot_code: str
    status: IssueStatus
    message: str
    number: str | None = None
    revision: int | None = None
    pdf_path: Path | None = None
    twin_path: Path | None = None
    twin_sha256: str | None = None


@dataclass(frozen=True)
class SigningSetup:
    """How the issuer signs: output folder, language, key (keystore folder + passphrase), optional TSA."""

    out_dir: Path
    key_passphrase: str | bytes
    language: str = "en"
    keys_folder: str | Path | None = None
    tsa_url: str | None = None


@dataclass(frozen=True)
class _Job:
    actor: AuthenticatedUser
    setup: SigningSetup
    signer: object  # pyhanko Signer

    def request(self) -> SigningRequest:
        return SigningRequest("approval", self.actor.full_name, tsa_url=self.setup.tsa_url)


def _signing_job(
    ctx: ServiceContext, by: AuthenticatedUser, password: str, setup: SigningSetup, action: Action
) -> _Job:
    """Re-authenticate (the signature), check the permission, unlock the issuer's key."""
    if setup.language not in LANGUAGES:
        raise LabappError(f"language must be one of {', '.join(LANGUAGES)}, not {setup.language!r}")
    user = authenticate(ctx, by.username, password, purpose="signature")
    user.require(action)
    passphrase = setup.key_passphrase
    material = keystore(setup.keys_folder, ctx).load_signer(
        user.username, passphrase.encode() if isinstance(passphrase, str) else passphrase
    )
    return _Job(user, setup, pyhanko_signer(material))


def issue_certificates(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    lots: Sequence[str],
    *,
    password: str,
    setup: SigningSetup,
    progress: Progress = NO_PROGRESS,
) -> list[IssuedSummary]:
    """Issue revision 0 for each approved lot (codes, in order); one unit of work per lot."""
    codes = list(dict.fromkeys(c.strip() for c in lots if c.strip()))
    if not codes:
        raise LabappError("name at least one lot to certify")
    job = _signing_job(ctx, by, password, setup, Action.ISSUE_CERTIFICATE)
    out: list[IssuedSummary] = []
    for done, code in enumerate(codes):
        if progress.cancelled:
            out += [IssuedSummary(c, IssueStatus.CANCELLED, "not issued: cancelled") for c in codes[done:]]
            break
        progress.report(done, len(codes), code)
        out.append(_issue_new(ctx, job, code))
    else:
        progress.report(len(codes), len(codes), "done")
    return out


def _issue_new(ctx: ServiceContext, job: _Job, code: str) -> IssuedSummary:
    try:
        lot_id, grading = _approved_lot(ctx, code)
        _preflight(ctx, job, code, grading)
    except LabappError as exc:
        return IssuedSummary(code, IssueStatus.FAILED, f"{exc} (not issued; no certificate number used)")
    number = numbers.reserve(ctx, lot_id, job.actor)
    try:
        return _store(ctx, job, code, grading, number, None)
    except (LabappError, OSError, SQLAlchemyError) as exc:  # e.g. another workstation certified it meanwhile
        why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        numbers.void(ctx, number, job.actor, f"issue failed: {why}")
        why = f"{why} (number {number} is void, never reused)"
        return IssuedSummary(code, IssueStatus.FAILED, why, number)
    except BaseException as exc:
        numbers.void(ctx, number, job.actor, f"issue failed: {type(exc).__name__}: {exc}")
        raise


def _approved_lot(ctx: ServiceContext, code: str) -> tuple[int, StoredGrading]:
    with ctx.read_session() as session:
        lot = session.scalar(select(Lot).where(Lot.code == code))
        if lot is None:
            raise LabappError(f"lot {code} does not exist")
        if not awaits_first_certificate(session, lot):
            hints = {
                LotState.REGISTERED: "its results are not approved yet",
                LotState.RETRACTED: "its certificate was retracted",
            }
            hint = hints.get(lot.state, "it has a certificate: amend it instead")
            raise LabappError(f"lot {code} is {lot.state}: only approved lots are certified ({hint})")
    grading = current_grading(ctx, code)
    if grading is None:
        raise LabappError(f"lot {code} has no current grading: grade it before certifying")
    return lot.id, grading


def _preflight(ctx: ServiceContext, job: _Job, code: str, grading: StoredGrading) -> None:
    """Everything the certificate needs, checked before a number is reserved (laboratory, client,
    a complete reportable panel, dates): the same data and validation as the issue, with a
    stand-in number, so a refusal costs no number. The signer's key was unlocked before this."""
    with ctx.read_session() as session:
        lot = _lot(session, code)
        info = cm.CertificateInfo(PREFLIGHT_NUMBER, 0, utcnow().replace(microsecond=0).isoformat(),
                                  job.setup.language, None)
        issuer = Issuer(job.actor.username, job.actor.full_name)
        certificate_data(session, lot, grading, info, issuer, []).validate()


def _store(
    ctx: ServiceContext,
    job: _Job,
    code: str,
    grading: StoredGrading,
    number: str,
    previous_id: int | None,
    reason: str | None = None,
) -> IssuedSummary:
    """Render, sign, store and write one revision in one unit of work (files removed if it fails)."""
    written: tuple[Path, Path] | None = None
    anchor = write_checkpoint(ctx, CheckpointReason.CERTIFICATE)  # the head the twin will carry
    try:
        action = "issue_certificate" if previous_id is None else "amend_certificate"
        with ctx.unit_of_work(job.actor, Action.ISSUE_CERTIFICATE, reason, event=action) as session:
            previous = None if previous_id is None else session.get(Certificate, previous_id)
            if previous is not None and previous.state not in LIVE_CERTIFICATE_STATES:
                raise LabappError(f"{number} rev {previous.revision} is {previous.state} meanwhile")
            revision = 0 if previous is None else previous.revision + 1
            lot = _lot(session, code)
            if not session.get(LotGrading, grading.id).current:
                raise LabappError(f"lot {code} was graded again meanwhile: issue again")
            issued, row = _render(session, job, lot, grading, number, revision, previous, reason, anchor)
            if previous is None:
                numbers.mark_used(session, number)
                set_lot_state(session, lot.id, LotState.CERTIFIED)
            else:
                previous.state, previous.reason = CertificateState.SUPERSEDED, reason
                set_lot_state(session, lot.id, LotState.AMENDED, reason)
            session.flush()
            written = write_certificate(issued, job.setup.out_dir)
    except BaseException:
        for path in written or ():
            path.unlink(missing_ok=True)
        raise
    return IssuedSummary(
        code,
        IssueStatus.ISSUED,
        f"{number} rev {revision}",
        number,
        revision,
        written[0],
        written[1],
        issued.twin_sha256,
    )


def _lot(session: Session, code: str) -> Lot:
    query = select(Lot).where(Lot.code == code).options(selectinload(Lot.samples))
    lot = session.scalar(query)
    if lot is None:
        raise LabappError(f"lot {code} does not exist")
    return lot


def _render(
    session: Session,
    job: _Job,
    lot: Lot,
    grading: StoredGrading,
    number: str,
    revision: int,
    previous: Certificate | None,
    reason: str | None,
    anchor: Checkpoint | None = None,
) -> tuple[IssuedCertificate, Certificate]:
    now = utcnow().replace(microsecond=0)
    supersedes = None if previous is None else f"{previous.number} rev {previous.revision}"
    info = cm.CertificateInfo(number, revision, now.isoformat(), job.setup.language, supersedes)
    remarks = [f"Revision {revision} supersedes {supersedes}. Reason: {reason}"] if supersedes else []
    data = certificate_data(
        session, lot, grading, info, Issuer(job.actor.username, job.actor.full_name), remarks
    )
    if anchor is not None:
        data.audit_checkpoint = cm.AuditCheckpoint(**anchor.content(), seal=anchor.seal)
    issued = issue_certificate(data, job.signer, job.request())
    row = Certificate(
        number=number,
        revision=revision,
        lot_id=lot.id,
        state=CertificateState.ISSUED,
        issued_by=job.actor.username,
        issued_at=now,
        language=job.setup.language,
        pdf_bytes=issued.pdf,
        pdf_sha256=hashlib.sha256(issued.pdf).hexdigest(),
        json_twin=issued.twin.decode("utf-8"),
        reason=reason,
        supersedes_id=None if previous is None else previous.id,  # at creation: one audit event
    )
    session.add(row)
    session.flush()
    _sign_record(
        session,
        job.actor,
        row,
        Meaning.APPROVED,
        "issue" if previous is None else "amend",
        {"number": number, "revision": revision, "json_twin_sha256": issued.twin_sha256},
        reason,
    )
    return issued, row


def _sign_record(
    session: Session,
    user: AuthenticatedUser,
    row: Certificate,
    meaning: Meaning,
    action: str,
    content: dict[str, object],
    reason: str | None,
) -> None:
    """The issuer's electronic signature on the certificate record (21 CFR 11.50 manifestation)."""
    now = utcnow()
    manifest = make_manifest(user.full_name, user.username, meaning, content, reason=reason or "", now=now)
    signature = Signature(
        user_id=user.id,
        username=user.username,
        printed_name=user.full_name,
        signed_at=now,
        entity_type=CERTIFICATE_ENTITY,
        entity_id=row.id,
        action=action,
        meaning=manifest.meaning.value,
        content_sha256=manifest.content_sha256,
        reason=reason,
        signed_at_utc=manifest.signed_at_utc,
        local_offset=manifest.local_offset,
    )
    seal_new_signature(session, signature, CheckpointReason.CERTIFICATE)
    session.add(signature)


# --- amend and retract ----------------------------------------------------------------------------


def amend_certificate(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    number: str,
    reason: str,
    *,
    password: str,
    setup: SigningSetup,
) -> IssuedSummary:
    """Issue revision n+1 from the current records with the reason printed; revision n becomes superseded.

    The lot (certified, amended or amendment needed) becomes "amended". Raises LabappError when the
    certificate is unknown or retracted, or the lot has no current grading.
    """
    note = _reason(reason, "an amendment")
    job = _signing_job(ctx, by, password, setup, Action.ISSUE_CERTIFICATE)
    with ctx.read_session() as session:
        current = _current_revision(session, number)
        code = session.get(Lot, current.lot_id).code
    grading = current_grading(ctx, code)
    if grading is None:
        raise LabappError(f"lot {code} has no current grading: grade it before amending")
    return _store(ctx, job, code, grading, number, current.id, note)


def retract_certificate(
    ctx: ServiceContext, by: AuthenticatedUser, number: str, reason: str, *, password: str
) -> CertificateRecord:
    """Withdraw the current revision (state "retracted", lot "retracted"), signed with the password."""
    note = _reason(reason, "a retraction")
    user = authenticate(ctx, by.username, password, purpose="signature")
    user.require(Action.RETRACT_CERTIFICATE)
    with ctx.unit_of_work(user, Action.RETRACT_CERTIFICATE, note, event="retract_certificate") as session:
        row = session.get(Certificate, _current_revision(session, number).id)
        row.state, row.reason = CertificateState.RETRACTED, note
        _sign_record(
            session,
            user,
            row,
            Meaning.RETRACTED,
            "retract",
            {
                "number": row.number,
                "revision": row.revision,
                "json_twin_sha256": cm.twin_sha256((row.json_twin or "").encode("utf-8")),
            },
            note,
        )
        set_lot_state(session, row.lot_id, LotState.RETRACTED, note)
        session.flush()
        return record_of(row, session.get(Lot, row.lot_id).code)


def _reason(reason: str | None, what: str) -> str:
    if not reason or not reason.strip():
        raise LabappError(f"a reason is required for {what}")
    return reason.strip()


def _current_revision(session: Session, number: str) -> Certificate:
    rows = list(
        session.scalars(
            select(Certificate).where(Certificate.number == number).order_by(Certificate.revision)
        )
    )
    if not rows:
        raise LabappError(f"no certificate {number}")
    latest = rows[-1]
    if latest.state not in LIVE_CERTIFICATE_STATES:
        raise LabappError(
            f"certificate {number} rev {latest.revision} is {latest.state}"
            + (f" ({latest.reason})" if latest.reason else "")
        )
    return latest


def approved_lots_of_run(ctx: ServiceContext, run: int | str) -> list[str]:
    """Codes of the run's lots that wait for their first certificate (approved, or amendment needed
    before any certificate was issued)."""
    with ctx.read_session() as session:
        lots = lots_of_run(session, find_run(session, run))
        return [lot.code for lot in lots if awaits_first_certificate(session, lot)]
