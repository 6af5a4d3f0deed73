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
from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

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


def verify_pdf(
    pdf: bytes, roots: list[x509.Certificate], currency_check: CurrencyCheck | None = None
) -> VerificationReport:
    """Check every signature of `pdf` against `roots`, then (optionally) the certificate's currency."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        return VerificationReport(Verdict.TAMPERED, f"the PDF structure is damaged: {exc}")
    if not signatures:
        return VerificationReport(Verdict.NO_SIGNATURE, "the PDF carries no digital signature")
    context = ValidationContext(
        trust_roots=[translate_pyca_cryptography_cert_to_asn1(r) for r in roots],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    report: VerificationReport | None = None
    for embedded in signatures:
        try:
            status = validate_pdf_signature(embedded, signer_validation_context=context)
        except (SignatureValidationError, PdfError, ValueError) as exc:
            return VerificationReport(
                Verdict.TAMPERED, f"signature {embedded.field_name} cannot be checked: {exc}"
            )
        report = _judge(embedded.field_name, status)
        report.reason = str(embedded.sig_object.get("/Reason", "")) or None
        if report.verdict is not Verdict.VALID:
            return report
    assert report is not None
    return _check_record(reader, report, currency_check, hashlib.sha256(pdf).hexdigest())


def _judge(field_name: str, status: PdfSignatureStatus) -> VerificationReport:
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
    elif status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
        report.verdict = Verdict.NOT_WHOLE_FILE
        report.message = (
            f"signature {field_name} covers only part of the file: content was added after signing "
            f"(modification level {getattr(status.modification_level, 'name', 'unknown')})"
        )
    elif not status.trusted:
        report.verdict = Verdict.UNTRUSTED
        report.message = f"signature {field_name} by {signer} is intact but does not chain to the given root"
    else:
        report.message = f"signature {field_name} by {signer} is intact, covers the whole file and is trusted"
    return report


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
        else:
            report.message += f"; this is a labapp document of kind {kind}, not a certificate"
    except (KeyError, AssertionError):
        report.message += f"; this is a labapp document of kind {kind} whose content cannot be read"
    return report


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
