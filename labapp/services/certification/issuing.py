"""Issue, amend and retract certificates of analysis from the database, and check their currency.

Issuing is an electronic signature: the issuer re-enters the password (21 CFR 11.200(a)(1)), holds
ISSUE_CERTIFICATE, and signs the PDF (PAdES) with their own key from the laboratory keystore.

One unit of work per lot (docs/certificates.md, "Issuing from the application"): the Certificate row
(PDF bytes, SHA-256, JSON twin), the issuer's Signature row, the number marked used and the lot moved
to "certified" commit together. The PDF and twin are written under temporary names inside that unit
of work and renamed to their final names only after the commit (placement.py), so a signed file is
never visible without its record; a journal row committed first lets the next start finish or void
an interrupted issue (recovery.py). A lot that fails is reported and left
approved; the others are issued. Cancelling stops between lots. Numbers: see certification_numbers.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from labapp.certificates import model as cm
from labapp.certificates.issue import IssuedCertificate, certificate_files, issue_certificate
from labapp.certificates.retraction import RetractionNotice, sign_retraction_notice
from labapp.certificates.signing import SigningRequest, pyhanko_signer
from labapp.certificates.text import english_originals
from labapp.core.errors import LabappError
from labapp.core.progress import NO_PROGRESS, Progress
from labapp.core.vocabulary import Vocabulary
from labapp.security.checkpoints import Checkpoint, CheckpointReason
from labapp.security.roles import Action
from labapp.security.signatures import Meaning, PersonalKey, make_manifest, seal_new_signature
from labapp.services.administration.checkpoint_log import write_checkpoint
from labapp.services.administration.keys import keys_dir, keystore, timestamp_url
from labapp.services.administration.phrases import phrase_book
from labapp.services.administration.signer_keys import personal_key_of
from labapp.services.administration.users import AuthenticatedUser, authenticate
from labapp.services.certification import japanese as jp
from labapp.services.certification import numbers
from labapp.services.certification.amendments import amendment_changes, require_changes
from labapp.services.certification.content import GatheredContent, Issuer, certificate_data, gather_content
from labapp.services.certification.freshness import NUMBER_RESERVATION, RunStatuses, last_change
from labapp.services.certification.placement import (
    close_journal,
    discard,
    new_journal,
    place,
    write_partials,
)
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
from labapp.store.certificate_files import (
    CertificateDocument,
    DocumentKind,
    FileTarget,
    PendingFile,
    PendingState,
)
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
    # texts a Japanese or bilingual certificate printed as the English original (JSON Pointers)
    english_only: tuple[str, ...] = ()
    changes: tuple[cm.Change, ...] = ()  # what an amendment changed (7.8.8.2)
    files_pending: str = ""  # stored, but its files are not in place yet: why (the next start writes them)


@dataclass(frozen=True)
class SigningSetup:
    """How the issuer signs: output folder, language, key (keystore folder + passphrase), optional TSA."""

    out_dir: Path
    key_passphrase: str | bytes
    language: str = "en"
    keys_folder: str | Path | None = None
    tsa_url: str | None = None
    remarks: tuple[str, ...] = ()  # codes of the laboratory's phrases printed as remarks (both languages)


@dataclass(frozen=True)
class _Job:
    actor: AuthenticatedUser
    setup: SigningSetup
    signer: object  # pyhanko Signer
    personal_key: PersonalKey | None = None  # the same key, for the signature record (key_signatures)
    statuses: RunStatuses = field(default_factory=RunStatuses)  # the runs' signature statuses, kept

    def request(self) -> SigningRequest:
        return SigningRequest("approval", self.actor.full_name, tsa_url=self.setup.tsa_url)


@dataclass(frozen=True)
class _Prepared:
    """The content the check before the number gathered, and the audit trail's head when it did."""

    content: GatheredContent
    last_change: int


def _signing_job(
    ctx: ServiceContext, by: AuthenticatedUser, password: str, setup: SigningSetup, action: Action
) -> _Job:
    """Re-authenticate (the signature), check the permission, unlock the issuer's key."""
    if setup.language not in LANGUAGES:
        raise LabappError(f"language must be one of {', '.join(LANGUAGES)}, not {setup.language!r}")
    user = authenticate(ctx, by.username, password, purpose="signature")
    user.require(action)
    passphrase = setup.key_passphrase
    store = keystore(setup.keys_folder, ctx)
    material = store.load_signer(
        user.username, passphrase.encode() if isinstance(passphrase, str) else passphrase
    )
    if not setup.tsa_url:  # the lab's timestamp server setting makes the signature B-LTA
        setup = dataclasses.replace(setup, tsa_url=timestamp_url(ctx))
    # the record is signed with the key too only when the database's keys folder can check it later
    checkable = store.folder.resolve() == keys_dir(None, ctx).resolve()
    return _Job(user, setup, pyhanko_signer(material), personal_key_of(material) if checkable else None)


def issue_certificates(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    lots: Sequence[str],
    *,
    password: str,
    setup: SigningSetup,
    progress: Progress = NO_PROGRESS,
    whole: bool = False,
) -> list[IssuedSummary]:
    """Issue revision 0 for each approved lot (codes, in order); one unit of work per lot.

    `whole` (the desktop's "issue the run's certificates" after approval): every lot is checked as its
    issue would check it, and the output folder written to, before the first number is reserved; one
    lot that cannot be certified stops them all (LabappError naming each lot and why; nothing issued,
    no number used). A lot that still fails later (a concurrent change, a full disk) stops the batch
    there: the lots after it are reported not issued, and reserve no number.
    """
    codes = list(dict.fromkeys(c.strip() for c in lots if c.strip()))
    if not codes:
        raise LabappError("name at least one lot to certify")
    job = _signing_job(ctx, by, password, setup, Action.ISSUE_CERTIFICATE)
    if whole:
        _check_all(ctx, job, codes)
    out: list[IssuedSummary] = []
    for done, code in enumerate(codes):
        if progress.cancelled:
            out += [IssuedSummary(c, IssueStatus.CANCELLED, "not issued: cancelled") for c in codes[done:]]
            break
        progress.report(done, len(codes), code)
        out.append(_issue_new(ctx, job, code))
        if whole and out[-1].status is IssueStatus.FAILED:
            why = f"not issued: the batch stopped at {code}"
            out += [IssuedSummary(c, IssueStatus.CANCELLED, why) for c in codes[done + 1 :]]
            break
    else:
        progress.report(len(codes), len(codes), "done")
    return out


def _check_all(ctx: ServiceContext, job: _Job, codes: list[str]) -> None:
    """Refuse the whole batch when the output folder cannot be written or any lot fails the checks
    its issue would make."""
    _check_writable(Path(job.setup.out_dir))
    refused = []
    for code in codes:
        try:
            _preflight(ctx, job, code, _approved_lot(ctx, code)[1])
        except LabappError as exc:
            refused.append(f"{code}: {exc}")
    if refused:
        raise LabappError(
            f"no certificate issued, {len(refused)} of {len(codes)} lots cannot be: " + "; ".join(refused)
        )


def _check_writable(folder: Path) -> None:
    """A file can be created in `folder` (or, while it does not exist, in the folder that will hold
    it): create and remove a temporary file, so a read-only folder stops the batch before a number."""
    target = folder
    while not target.exists() and target.parent != target:
        target = target.parent
    try:
        if not target.is_dir():
            raise NotADirectoryError(f"{target} is not a folder")
        with tempfile.NamedTemporaryFile(dir=target, prefix=".labapp-write-check-"):
            pass
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise LabappError(
            f"no certificate issued: the output folder {folder} cannot be written ({why})"
        ) from None


def _issue_new(ctx: ServiceContext, job: _Job, code: str) -> IssuedSummary:
    try:
        lot_id, grading = _approved_lot(ctx, code)
        prepared = _preflight(ctx, job, code, grading)
    except LabappError as exc:
        return IssuedSummary(code, IssueStatus.FAILED, f"{exc} (not issued; no certificate number used)")
    journal: list[PendingFile] = []

    def open_journal(session: Session, number: str) -> None:
        row = new_journal(FileTarget.CERTIFICATE, number, 0, job.setup.out_dir, job.actor.username)
        session.add(row)
        journal.append(row)

    number = numbers.reserve(ctx, lot_id, job.actor, open_journal)
    try:
        return _store(ctx, job, code, grading, number, None, journal=journal[0], prepared=prepared)
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


def _preflight(ctx: ServiceContext, job: _Job, code: str, grading: StoredGrading) -> _Prepared:
    """Everything the certificate needs, checked before a number is reserved (laboratory, client,
    a complete reportable panel, dates): the same data and validation as the issue, with a
    stand-in number, so a refusal costs no number. The signer's key was unlocked before this.
    The issue uses the content gathered here when nothing but the number was written since."""
    with ctx.read_session() as session:
        lot = _lot(session, code)
        info = cm.CertificateInfo(
            PREFLIGHT_NUMBER, 0, utcnow().replace(microsecond=0).isoformat(), job.setup.language, None
        )
        issuer = Issuer(job.actor.username, job.actor.full_name)
        content = gather_content(session, lot, grading, _remarks(session, job, None), job.statuses)
        content.assemble(info, issuer)  # validated as the issue will be
        return _Prepared(content, last_change(session, NUMBER_RESERVATION))


def _store(
    ctx: ServiceContext,
    job: _Job,
    code: str,
    grading: StoredGrading,
    number: str,
    previous_id: int | None,
    reason: str | None = None,
    *,
    journal: PendingFile,
    prepared: _Prepared | None = None,
) -> IssuedSummary:
    """Render, sign and store one revision in one unit of work; its files appear only after the commit.

    The files are written under temporary names inside the unit of work (a full disk fails the issue
    before anything is stored), renamed once the record committed, and the journal row then marked
    placed (placement.py); a failure before the commit removes them and voids the journal row."""
    files: list[tuple[Path, bytes]] = []
    committed = False
    try:
        anchor = write_checkpoint(ctx, CheckpointReason.CERTIFICATE)  # the head the twin will carry
        action = "issue_certificate" if previous_id is None else "amend_certificate"
        with ctx.unit_of_work(job.actor, Action.ISSUE_CERTIFICATE, reason, event=action) as session:
            previous = None if previous_id is None else session.get(Certificate, previous_id)
            if previous is not None and previous.state not in LIVE_CERTIFICATE_STATES:
                raise LabappError(f"{number} rev {previous.revision} is {previous.state} meanwhile")
            revision = 0 if previous is None else previous.revision + 1
            if revision != journal.revision:
                raise LabappError(f"{number} was amended meanwhile: amend again")
            lot = _lot(session, code)
            if not session.get(LotGrading, grading.id).current:
                raise LabappError(f"lot {code} was graded again meanwhile: issue again")
            issued, row, data = _render(
                session, job, lot, grading, number, revision, previous, reason, anchor, prepared
            )
            if previous is None:
                numbers.mark_used(session, number)
                set_lot_state(session, lot.id, LotState.CERTIFIED)
            else:
                previous.state, previous.reason = CertificateState.SUPERSEDED, reason
                set_lot_state(session, lot.id, LotState.AMENDED, reason)
            session.flush()
            files = certificate_files(issued, job.setup.out_dir)
            write_partials(files, journal.token)
        committed = True
        placed = _place_after_commit(ctx, job.actor, journal, files, Action.ISSUE_CERTIFICATE)
    except BaseException as exc:
        if not committed:
            discard(Path(journal.folder), journal.token)
            _close_journal(ctx, job.actor, journal.id, PendingState.VOID, f"issue failed: {exc!r}")
        raise
    # what the twin holds (the model it was serialised from, not the twin parsed again: the same values)
    twin = data if job.setup.language != "en" or previous_id is not None else None
    english = () if twin is None or job.setup.language == "en" else tuple(english_originals(twin))
    flagged = f"; printed as English original, no Japanese: {', '.join(english)}" if english else ""
    return IssuedSummary(
        code,
        IssueStatus.ISSUED,
        f"{number} rev {revision}{flagged}" + ("" if placed is None else f" ({placed})"),
        number,
        revision,
        files[0][0],
        files[1][0],
        issued.twin_sha256,
        english,
        tuple(twin.amendment.changes) if twin is not None and previous_id is not None else (),
        placed or "",
    )


def _remarks(
    session: Session, job: _Job, amendment: tuple[int, str, str] | None
) -> list[tuple[str, str | None]]:
    """The chosen phrases (LabappError for an unknown code), then an amendment's note, in both
    languages; the amendment's reason takes its phrase's Japanese or is marked as the English original."""
    book = phrase_book(session)
    out: list[tuple[str, str | None]] = [(p.en, p.ja) for p in map(book.get, job.setup.remarks)]
    if amendment is not None:
        revision, supersedes, reason = amendment
        en, ja = (
            words.format(revision=revision, supersedes=supersedes, reason=why)
            for words, why in zip(jp.AMENDMENT, (reason, jp.free_text(book, reason)), strict=True)
        )
        out.append((en, ja))
    return out


def _place_after_commit(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    journal: PendingFile,
    files: list[tuple[Path, bytes]],
    action: Action,
) -> str | None:
    """Rename the committed record's files into place; None when done, else why not (a full disk, a
    folder gone offline): the record stands, the journal row stays pending and a later start places
    the files from the stored bytes."""
    try:
        place(files, journal.token)
    except OSError as exc:
        return f"stored, but its files are not in {journal.folder} yet ({exc}): the next start writes them"
    _close_journal(ctx, by, journal.id, PendingState.PLACED, "placed after the commit", action)
    return None


def _open_journal(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    target: FileTarget,
    number: str,
    revision: int,
    folder: Path,
    action: Action = Action.ISSUE_CERTIFICATE,
) -> PendingFile:
    """The journal row of a write that reserves no number (an amendment, a notice), committed first."""
    with ctx.unit_of_work(by, action, event="begin_certificate_files") as session:
        row = new_journal(target, number, revision, folder, by.username)
        session.add(row)
    return row


def _close_journal(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    journal_id: int,
    state: PendingState,
    note: str,
    action: Action = Action.ISSUE_CERTIFICATE,
) -> None:
    """Mark the journal row placed or void; when the database is gone too, the next start does it."""
    try:
        with ctx.unit_of_work(by, action, note[:500], event="close_certificate_files") as s:
            close_journal(s, journal_id, state, note)
    except (LabappError, SQLAlchemyError):
        pass


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
    prepared: _Prepared | None = None,
) -> tuple[IssuedCertificate, Certificate, cm.CertificateData]:
    """The signed certificate, its stored record, and the model its twin was serialised from."""
    now = utcnow().replace(microsecond=0)
    supersedes = None if previous is None else f"{previous.number} rev {previous.revision}"
    info = cm.CertificateInfo(number, revision, now.isoformat(), job.setup.language, supersedes)
    issuer = Issuer(job.actor.username, job.actor.full_name)
    if (
        prepared is not None
        and previous is None
        and last_change(session, NUMBER_RESERVATION) == prepared.last_change
    ):
        data = prepared.content.assemble(info, issuer)  # nothing else was written since the check
    else:
        remarks = _remarks(session, job, None if supersedes is None else (revision, supersedes, reason or ""))
        data = certificate_data(session, lot, grading, info, issuer, remarks, job.statuses)
    changes: list[cm.Change] = []
    if previous is not None:  # 7.8.8.2: the new revision says what changed, and something must have
        changes = amendment_changes(json.loads(previous.json_twin or "{}"), data, issuer.role[0])
        require_changes(previous.number, previous.revision, changes)
        data.amendment = cm.Amendment(reason or "", changes)
        japanese = phrase_book(session).japanese(reason or "")
        if japanese:  # a reason typed as one of the lab's phrases prints in Japanese too
            data.ja["/amendment/reason"] = japanese
        data.validate()
    if anchor is not None:
        data.audit_checkpoint = cm.AuditCheckpoint(**anchor.content(), seal=anchor.seal)
    issued = issue_certificate(data, job.signer, job.request())  # validates the data first
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
        reason=_with_changes(reason, changes),
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
        {
            "number": number,
            "revision": revision,
            "json_twin_sha256": issued.twin_sha256,
            **({"changes": [[c.field, c.old, c.new] for c in changes]} if changes else {}),
        },
        _with_changes(reason, changes),
        job.personal_key,
    )
    return issued, row, data


def _with_changes(reason: str | None, changes: list[cm.Change]) -> str | None:
    """The signature record's reason, naming each changed field (old -> new) of an amendment."""
    if not changes:
        return reason
    listed = "; ".join(f"{c.field}: {c.old} -> {c.new}" for c in changes)
    return f"{reason} (changed: {listed})"


def _sign_record(
    session: Session,
    user: AuthenticatedUser,
    row: Certificate,
    meaning: Meaning,
    action: str,
    content: dict[str, object],
    reason: str | None,
    personal_key: PersonalKey | None = None,
) -> None:
    """The issuer's electronic signature on the certificate record (21 CFR 11.50 manifestation); with
    the issuer's key at hand (it signs the PDF), the record is signed with it too."""
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
    seal_new_signature(session, signature, CheckpointReason.CERTIFICATE, personal_key)
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
    journal = _open_journal(
        ctx, job.actor, FileTarget.CERTIFICATE, number, current.revision + 1, Path(setup.out_dir)
    )
    return _store(ctx, job, code, grading, number, current.id, note, journal=journal)


def retract_certificate(
    ctx: ServiceContext,
    by: AuthenticatedUser,
    number: str,
    reason: str,
    *,
    password: str,
    setup: SigningSetup | None = None,
) -> CertificateRecord:
    """Withdraw the current revision (state "retracted", lot "retracted"), signed with the password.

    With `setup` (the retractor's key, the output folder) a signed retraction notice for the customer is
    issued in the certificate's language in the same unit of work, archived, and placed in the folder
    like a certificate (crash-safe); the record's `notice_path` names it."""
    note = _reason(reason, "a retraction")
    if setup is None:
        user = authenticate(ctx, by.username, password, purpose="signature")
        user.require(Action.RETRACT_CERTIFICATE)
        job = None
    else:
        job = _signing_job(ctx, by, password, setup, Action.RETRACT_CERTIFICATE)
        user = job.actor
    journal = None
    if job is not None:
        with ctx.read_session() as session:
            revision = _current_revision(session, number).revision
        journal = _open_journal(
            ctx,
            user,
            FileTarget.RETRACTION_NOTICE,
            number,
            revision,
            Path(job.setup.out_dir),
            Action.RETRACT_CERTIFICATE,
        )
    files: list[tuple[Path, bytes]] = []
    committed = False
    try:
        with ctx.unit_of_work(user, Action.RETRACT_CERTIFICATE, note, event="retract_certificate") as session:
            row = session.get(Certificate, _current_revision(session, number).id)
            if journal is not None and row.revision != journal.revision:
                raise LabappError(f"{number} was amended meanwhile: retract again")
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
                None if job is None else job.personal_key,
            )
            set_lot_state(session, row.lot_id, LotState.RETRACTED, note)
            session.flush()
            record = record_of(row, session.get(Lot, row.lot_id).code)
            if job is not None and journal is not None:
                files = [_retraction_notice(session, job, row, record, note)]
                write_partials(files, journal.token)
        committed = True
        if journal is not None and _place_after_commit(ctx, user, journal, files, Action.RETRACT_CERTIFICATE):
            files = []  # stored, not yet in the folder: the next start writes it
    except BaseException as exc:
        if journal is not None and not committed:
            discard(Path(journal.folder), journal.token)
            _close_journal(
                ctx,
                user,
                journal.id,
                PendingState.VOID,
                f"retraction failed: {exc!r}",
                Action.RETRACT_CERTIFICATE,
            )
        raise
    return replace(record, notice_path=str(files[0][0])) if files else record


def _retraction_notice(
    session: Session, job: _Job, row: Certificate, record: CertificateRecord, reason: str
) -> tuple[Path, bytes]:
    """Sign the customer's retraction notice from the certificate as issued, and archive it."""
    twin = json.loads(row.json_twin or "{}")
    notice = RetractionNotice(
        number=row.number,
        revision=row.revision,
        lot=record.lot_code,
        client=(twin.get("client") or {}).get("name"),
        twin_sha256=record.twin_sha256 or "",
        pdf_sha256=row.pdf_sha256,
        laboratory=(twin.get("laboratory") or {}).get("name", ""),
        verification=(twin.get("laboratory") or {}).get("verification"),
        retracted_at=utcnow().replace(microsecond=0).isoformat(),
        retracted_by=job.actor.full_name,
        reason=reason,
        language=row.language if row.language in LANGUAGES else "en",
    )
    pdf = sign_retraction_notice(notice, job.signer, SigningRequest("retraction", job.actor.full_name))
    session.add(
        CertificateDocument(
            kind=DocumentKind.RETRACTION_NOTICE,
            certificate_id=row.id,
            issued_by=job.actor.username,
            language=notice.language,
            file_name=notice.file_name,
            pdf_bytes=pdf,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            json_text=json.dumps(notice.payload(), ensure_ascii=False, sort_keys=True),
            reason=reason,
        )
    )
    return Path(job.setup.out_dir) / notice.file_name, pdf


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
