"""Verify a signed certificate PDF: intact, covering the whole file, chained to the lab root, and current.

The verdicts are ordered by what a recipient must hear first: a damaged signature outranks an
untrusted chain, which outranks a superseded record. Whether the certificate is still current is
asked of an injected callback (the services layer looks it up in the database), so this module
stays free of any database.
"""

from __future__ import annotations

import enum
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography import x509
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import EmbeddedPdfSignature, validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel

from labapp.certificates.fingerprints import chain_fingerprints
from labapp.certificates.long_term import (
    RevocationMode,
    embedded_validation_context,
    validate_long_term,
)
from labapp.certificates.model import twin_sha256
from labapp.core.vocabulary import Vocabulary


class Verdict(enum.Enum):
    """Outcome of a verification with its process exit code (2 and 3 are the CLI's own error codes)."""

    VALID = (0, "valid")
    TAMPERED = (1, "tampered")
    NOT_WHOLE_FILE = (4, "signature does not cover the whole file")
    UNTRUSTED = (5, "untrusted chain")
    NO_SIGNATURE = (6, "no signature")
    NOT_CURRENT = (7, "not current")
    RECORD_MISMATCH = (8, "does not match the stored record")
    REVOKED = (9, "signer certificate revoked")

    @property
    def exit_code(self) -> int:
        return self.value[0]

    @property
    def label(self) -> str:
        return self.value[1]


@dataclass(frozen=True)
class TwinIdentity:
    """What the signed PDF says it is: from its embedded JSON twin."""

    number: str
    revision: int
    twin_sha256: str
    pdf_sha256: str | None = None  # of the whole file verified: compared with the stored record


class CurrencyStatus(Vocabulary):
    """What the certificate register says about one certificate revision."""

    CURRENT = "current", "current", "有効"
    SUPERSEDED = "superseded", "superseded", "改訂により失効"
    RETRACTED = "retracted", "retracted", "取消済み"
    AMENDMENT_NEEDED = (
        "amendment needed",
        "amendment needed (the lot's records changed since issue)",
        "要訂正（発行後に記録変更）",
    )
    UNKNOWN = "unknown", "unknown (no such record)", "記録なし"
    MISMATCH = "mismatch", "mismatch (the stored record differs)", "記録不一致"


@dataclass(frozen=True)
class Currency:
    """The database's answer about one certificate revision."""

    status: CurrencyStatus
    detail: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", CurrencyStatus.parse(self.status))


CurrencyCheck = Callable[[TwinIdentity], Currency]
NOT_CURRENT = frozenset(
    {CurrencyStatus.SUPERSEDED, CurrencyStatus.RETRACTED, CurrencyStatus.AMENDMENT_NEEDED}
)
"""Answers that make the verdict "not current": the record is known and intact, but no longer stands."""


@dataclass
class VerificationReport:
    verdict: Verdict
    message: str
    identity: TwinIdentity | None = None
    signer: str | None = None
    signed_at: str | None = None
    reason: str | None = None
    currency: str = "not checked (no database)"
    details: list[str] = field(default_factory=list)
    document: str | None = None  # a labapp document other than a certificate (its JSON "document")
    signer_sha256: str | None = None  # colon-separated hex, as openssl and pdfsig print it
    signer_sha256_short: str | None = None
    root_sha256: str | None = None  # the root the signer's chain ends in (trusted or not)
    root_sha256_short: str | None = None
    long_term: str | None = None  # the PAdES long-term (B-LTA) result, when the file has a timestamp


def verify_pdf(
    pdf: bytes,
    roots: list[x509.Certificate],
    currency_check: CurrencyCheck | None = None,
    crls: list[x509.CertificateRevocationList] | None = None,
    tsa_roots: list[x509.Certificate] | None = None,
) -> VerificationReport:
    """Check every signature of `pdf` against `roots`, then (optionally) the certificate's currency.
    Timestamps are checked against `roots` + `tsa_roots` (the signer only against `roots`).

    Revocation data comes from the PDF's DSS and from `crls` (the lab's current CRL); when any is
    at hand the signer's status must be known. Document timestamps after the signature (PAdES B-LTA)
    are accepted as the only later changes, and an expired signer certificate is judged by the
    long-term validation (labapp.certificates.long_term)."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_regular_signatures
        stamps = reader.embedded_timestamp_signatures
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        return VerificationReport(Verdict.TAMPERED, f"the PDF structure is damaged: {exc}")
    if not signatures:
        return VerificationReport(Verdict.NO_SIGNATURE, "the PDF carries no digital signature")
    mode: RevocationMode = "require" if crls or _dss_has_crls(reader) else "soft"
    report: VerificationReport | None = None
    stamp_roots = list(roots) + list(tsa_roots or ())
    for embedded in signatures:
        try:
            status = _validate(reader, embedded, roots, stamp_roots, crls, mode)
            stale = mode == "require" and _stale_only(status)
            if stale:  # the CRLs at hand are past their next update: say so, judge without them
                status = _validate(reader, embedded, roots, stamp_roots, crls, "ignore")
        except (SignatureValidationError, PdfError, ValueError) as exc:
            return VerificationReport(
                Verdict.TAMPERED, f"signature {embedded.field_name} cannot be checked: {exc}"
            )
        report = _judge(embedded.field_name, status, stamps_only_after=bool(stamps))
        if stale:
            report.details.append(
                "revocation: the newest CRL at hand is past its next update, so the signer's current "
                "status is not known (none of the CRLs lists it); pass the lab's current CRL with --crl"
            )
        report.reason = str(embedded.sig_object.get("/Reason", "")) or None
        fingerprints = chain_fingerprints(embedded, status)
        report.signer_sha256, report.signer_sha256_short = fingerprints.signer
        report.root_sha256, report.root_sha256_short = fingerprints.root
        if report.verdict in (Verdict.UNTRUSTED, Verdict.REVOKED) and stamps:
            _long_term(report, pdf, roots, crls, tsa_roots)
        if report.verdict is not Verdict.VALID:
            return report
    assert report is not None
    if stamps:
        stamp_report = _check_stamps(reader, stamps, stamp_roots, crls)
        if stamp_report is not None:
            return stamp_report
        report.details.append(f"document timestamp(s): {len(stamps)}, the last covers the whole file")
    return _check_record(reader, report, currency_check, hashlib.sha256(pdf).hexdigest())


def _validate(
    reader: PdfFileReader,
    embedded: EmbeddedPdfSignature,
    roots: list[x509.Certificate],
    stamp_roots: list[x509.Certificate],
    crls: list[x509.CertificateRevocationList] | None,
    mode: RevocationMode,
) -> PdfSignatureStatus:
    context = embedded_validation_context(reader, roots, crls, revocation=mode)
    ts_context = embedded_validation_context(reader, stamp_roots, crls, revocation=mode)
    return validate_pdf_signature(
        embedded, signer_validation_context=context, ts_validation_context=ts_context
    )


def _stale_only(status: PdfSignatureStatus) -> bool:
    """Untrusted only because the revocation data is no longer fresh (AdES TRY_LATER), not revoked."""
    return (
        not status.trusted
        and not status.revoked
        and status.trust_problem_indic is AdESIndeterminate.TRY_LATER
    )


def _dss_has_crls(reader: PdfFileReader) -> bool:
    try:
        return len(reader.root["/DSS"]["/CRLs"]) > 0
    except (KeyError, TypeError):
        return False


def _long_term(
    report: VerificationReport,
    pdf: bytes,
    roots: list[x509.Certificate],
    crls: list[x509.CertificateRevocationList] | None,
    tsa_roots: list[x509.Certificate] | None,
) -> None:
    """An expired or later revoked signer certificate is no reason to reject a B-LTA signature made
    while it was valid and not yet revoked (the signature timestamp proves when): ask the long-term
    validation, and accept only when it passes against the same roots and CRLs."""
    result = validate_long_term(pdf, roots, crls, tsa_roots=tsa_roots)
    report.long_term = f"{result.status.lower()} ({result.indication})"
    if result.passed:
        when = result.best_signature_time.isoformat() if result.best_signature_time else "?"
        revoked = report.verdict is Verdict.REVOKED
        report.verdict = Verdict.VALID
        report.message = (
            f"{report.message.split(' is intact')[0]} is intact and valid long-term (PAdES B-LTA): "
            f"the signature existed at {when}, while the signer certificate was valid"
            + (" and before it was revoked" if revoked else "")
        )


def _check_stamps(
    reader: PdfFileReader,
    stamps: list,
    roots: list[x509.Certificate],
    crls: list[x509.CertificateRevocationList] | None,
) -> VerificationReport | None:
    """Every document timestamp must be intact; the last must cover the whole file (their trust is
    reported with the signature's timestamp and judged by the long-term validation)."""
    context = embedded_validation_context(reader, roots, crls, revocation="soft")
    for index, stamp in enumerate(stamps):
        try:
            status = validate_pdf_timestamp(stamp, validation_context=context)
        except (SignatureValidationError, PdfError, ValueError) as exc:
            return VerificationReport(Verdict.TAMPERED, f"document timestamp cannot be checked: {exc}")
        if not (status.intact and status.valid):
            return VerificationReport(Verdict.TAMPERED, f"document timestamp {stamp.field_name} is broken")
        last = index == len(stamps) - 1
        if last and status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
            return VerificationReport(
                Verdict.NOT_WHOLE_FILE,
                f"content was added after the document timestamp {stamp.field_name}",
            )
    return None


def _judge(
    field_name: str, status: PdfSignatureStatus, stamps_only_after: bool = False
) -> VerificationReport:
    subject = status.signing_cert.subject.native
    signer = subject.get("common_name") or status.signing_cert.subject.human_friendly
    signed_at = status.signer_reported_dt.isoformat() if status.signer_reported_dt else None
    report = VerificationReport(Verdict.VALID, "", signer=signer, signed_at=signed_at)
    if status.timestamp_validity is not None:
        ts = status.timestamp_validity
        good = ts.intact and ts.valid and ts.trusted
        report.details.append(
            f"RFC 3161 timestamp {ts.timestamp.isoformat()}: {'trusted' if good else 'NOT trusted'}"
        )
    if not (status.intact and status.valid):
        report.verdict = Verdict.TAMPERED
        report.message = f"signature {field_name} is broken: the signed bytes were changed after signing"
    elif status.coverage is not SignatureCoverageLevel.ENTIRE_FILE and not (
        stamps_only_after and _only_timestamps_after(status)
    ):
        report.verdict = Verdict.NOT_WHOLE_FILE
        report.message = (
            f"signature {field_name} covers only part of the file: content was added after signing "
            f"(modification level {getattr(status.modification_level, 'name', 'unknown')})"
        )
    elif status.revoked:
        report.verdict = Verdict.REVOKED
        report.message = (
            f"signature {field_name} by {signer} is intact, but the signer's certificate is revoked "
            "(the lab's CRL lists it)"
        )
    elif not status.trusted:
        report.verdict = Verdict.UNTRUSTED
        report.message = f"signature {field_name} by {signer} is intact but does not chain to the given root"
    else:
        report.message = f"signature {field_name} by {signer} is intact, covers the whole file and is trusted"
    return report


def _only_timestamps_after(status: PdfSignatureStatus) -> bool:
    """The signed revision is whole and what follows is validation data and document timestamps."""
    return (
        status.coverage is SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None
        and status.modification_level <= ModificationLevel.LTA_UPDATES
    )


def _check_record(
    reader: PdfFileReader,
    report: VerificationReport,
    currency_check: CurrencyCheck | None,
    pdf_sha256: str | None = None,
) -> VerificationReport:
    twin = embedded_twin(reader)
    if twin is None:
        report.details.append("no JSON twin attached: currency cannot be checked")
        return report
    try:
        payload = json.loads(twin.decode("utf-8"))
        if isinstance(payload, dict) and isinstance(payload.get("document"), str):
            return _document_report(report, payload)
        info = payload["certificate"]
        report.identity = TwinIdentity(
            str(info["number"]), int(info["revision"]), twin_sha256(twin), pdf_sha256
        )
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        report.details.append("the attached JSON twin cannot be read")
        return report
    info_ref = reader.trailer_view.get("/Info")
    keywords = str(info_ref.get_object().get("/Keywords", "")) if info_ref is not None else ""
    if "json-twin-sha256=" in keywords and f"json-twin-sha256={report.identity.twin_sha256}" not in keywords:
        report.verdict = Verdict.RECORD_MISMATCH
        report.message = "the attached JSON twin is not the one this certificate was rendered from"
        return report
    if currency_check is None:
        return report
    answer = currency_check(report.identity)
    report.currency = answer.status + (f": {answer.detail}" if answer.detail else "")
    if answer.status in NOT_CURRENT:
        report.verdict = Verdict.NOT_CURRENT
        report.message = (
            f"certificate {report.identity.number} rev {report.identity.revision} is {report.currency}"
        )
    elif answer.status is not CurrencyStatus.CURRENT:
        report.verdict = Verdict.RECORD_MISMATCH
        report.message = (
            f"certificate {report.identity.number} rev {report.identity.revision}: {report.currency}"
        )
    return report


RETRACTION_NOTICE = "labapp-retraction-notice/1"
STATUS_LIST = "labapp-status-list/1"
SETTLEMENT_STATEMENT = "labapp-settlement-statement/1"


def _document_report(report: VerificationReport, payload: dict[str, object]) -> VerificationReport:
    """A signed notice or status list of the laboratory: say what it is, not a certificate's currency."""
    kind = str(payload["document"])
    report.document = kind
    report.currency = "not applicable (not a certificate)"
    try:
        if kind == RETRACTION_NOTICE:
            cert = payload["certificate"]
            assert isinstance(cert, dict)
            report.message += (
                f"; this is a retraction notice for certificate {cert['number']} rev {cert['revision']} "
                f"(retracted {payload['retracted_at']} by {payload['retracted_by']}: {payload['reason']})"
            )
        elif kind == STATUS_LIST:
            entries = payload["entries"]
            assert isinstance(entries, list)
            report.message += (
                f"; this is the status list of {payload['laboratory']} issued {payload['issued_at']} "
                f"({len(entries)} certificate revisions): use it with labapp verify CERT.pdf --status FILE"
            )
        elif kind == SETTLEMENT_STATEMENT:
            report.message += _settlement_words(payload)
        else:
            report.message += f"; this is a labapp document of kind {kind}, not a certificate"
    except (KeyError, AssertionError):
        report.message += f"; this is a labapp document of kind {kind} whose content cannot be read"
    return report


def _settlement_words(payload: dict[str, object]) -> str:
    contract, final = payload["contract"], payload["final_value"]
    assert isinstance(contract, dict)
    issued = f"issued {payload['issued_at']} by {payload['issued_by']}"
    if payload.get("provisional"):
        outstanding = payload.get("outstanding")
        assert isinstance(outstanding, list)
        return (
            f"; this is a PROVISIONAL settlement statement of lot {payload['lot']} under contract "
            f"{contract['reference']} (not final: {', '.join(map(str, outstanding))} outstanding; "
            f"no final value; {issued}); the final statement supersedes it"
        )
    assert isinstance(final, int | float)
    return (
        f"; this is the settlement statement of lot {payload['lot']} under contract "
        f"{contract['reference']} (final value {final:,.2f} {payload['currency']}, {issued})"
    )


def embedded_twin(reader: PdfFileReader) -> bytes | None:
    """The bytes of the first attached .json file (the JSON twin), or None."""
    try:
        names = reader.root["/Names"]["/EmbeddedFiles"]["/Names"]
    except KeyError:
        return None
    for index in range(0, len(names) - 1, 2):
        spec = names[index + 1].get_object()
        if str(spec.get("/UF", spec.get("/F", ""))).lower().endswith(".json"):
            return spec["/EF"]["/F"].get_object().data
    return None
