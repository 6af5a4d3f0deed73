"""Revoking signer certificates: the lab CA's revocation register and the CRLs it signs (RFC 5280).

The register is a JSON file next to the root CA in the keys folder (`revoked.json`): one entry per
revoked signer certificate with its serial number, holder, fingerprint, reason and date. The CRL the
CA signs from it (`root-ca.crl`, DER; `root-ca-crl.pem` too) is what recipients and validators read:
it is embedded in every signed PDF (PAdES DSS) and may be published at the CRL URL that new signer
certificates name in their CRL distribution point extension.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from labapp.core.errors import LabappError
from labapp.core.remedies import Remedy
from labapp.core.vocabulary import Vocabulary

CRL_DAYS = 90
"""How long a CRL stays fresh (nextUpdate); `labapp keys crl` issues the next one before that."""

REGISTER_NAME, CRL_NAME, CRL_PEM_NAME = "revoked.json", "root-ca.crl", "root-ca-crl.pem"


class RevocationReason(Vocabulary):
    """RFC 5280 CRLReason values a laboratory uses (value = the RFC's name). certificateHold is left
    out: a revocation here is final (there is no release), and the CA reasons do not apply to a
    signer certificate."""

    UNSPECIFIED = "unspecified", "unspecified", "理由未指定"
    KEY_COMPROMISE = "keyCompromise", "key compromise", "鍵の危殆化", "key-compromise"
    AFFILIATION_CHANGED = ("affiliationChanged", "affiliation changed", "所属の変更", "affiliation-changed")
    SUPERSEDED = "superseded", "superseded by a new key", "新しい鍵で置換"
    CESSATION_OF_OPERATION = (
        "cessationOfOperation",
        "cessation of operation",
        "業務の終了",
        "cessation-of-operation",
    )
    PRIVILEGE_WITHDRAWN = ("privilegeWithdrawn", "privilege withdrawn", "権限の取消", "privilege-withdrawn")

    @property
    def flag(self) -> x509.ReasonFlags:
        """The cryptography library's flag for this reason (the CRL entry extension)."""
        return {
            "unspecified": x509.ReasonFlags.unspecified,
            "keyCompromise": x509.ReasonFlags.key_compromise,
            "affiliationChanged": x509.ReasonFlags.affiliation_changed,
            "superseded": x509.ReasonFlags.superseded,
            "cessationOfOperation": x509.ReasonFlags.cessation_of_operation,
            "privilegeWithdrawn": x509.ReasonFlags.privilege_withdrawn,
        }[self.value]


@dataclass(frozen=True)
class Revocation:
    """One revoked signer certificate, as the register keeps it."""

    serial: str  # hexadecimal, as openssl prints it
    user: str
    subject: str
    sha256: str
    reason: RevocationReason
    revoked_at: str  # ISO 8601, UTC

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", RevocationReason.parse(self.reason))

    @property
    def revoked_datetime(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.revoked_at)


def revocation_of(
    certificate: x509.Certificate, user: str, reason: RevocationReason, when: dt.datetime
) -> Revocation:
    return Revocation(
        serial=f"{certificate.serial_number:x}",
        user=user,
        subject=certificate.subject.rfc4514_string(),
        sha256=certificate.fingerprint(hashes.SHA256()).hex(":").upper(),
        reason=reason,
        revoked_at=when.astimezone(dt.UTC).replace(microsecond=0).isoformat(),
    )


def read_register(folder: Path) -> list[Revocation]:
    """The revocations recorded in `folder` (empty when none); a damaged file is one clear error."""
    path = folder / REGISTER_NAME
    if not path.is_file():
        return []
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))["revoked"]
        return [Revocation(**row) for row in rows]
    except (ValueError, KeyError, TypeError) as exc:
        raise LabappError(f"{path}: the revocation register cannot be read ({exc})") from None


def register_bytes(entries: list[Revocation]) -> bytes:
    rows = [{**asdict(e), "reason": str(e.reason)} for e in entries]
    return (json.dumps({"revoked": rows}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def find_revocation(entries: list[Revocation], certificate: x509.Certificate) -> Revocation | None:
    serial = f"{certificate.serial_number:x}"
    return next((e for e in entries if e.serial == serial), None)


def build_crl(
    issuer: x509.Certificate,
    issuer_key: object,
    entries: list[Revocation],
    number: int,
    now: dt.datetime,
    days: int = CRL_DAYS,
) -> x509.CertificateRevocationList:
    """A CRL signed by the root: every entry with its date and reason, a CRL number, the AKI."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.subject)
        .last_update(now - dt.timedelta(minutes=5))
        .next_update(now + dt.timedelta(days=days))
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.public_key()), critical=False
        )
    )
    for entry in entries:
        revoked = (
            x509.RevokedCertificateBuilder()
            .serial_number(int(entry.serial, 16))
            .revocation_date(entry.revoked_datetime)
            .add_extension(x509.CRLReason(entry.reason.flag), critical=False)
            .build()
        )
        builder = builder.add_revoked_certificate(revoked)
    return builder.sign(issuer_key, hashes.SHA256())  # type: ignore[arg-type]


def crl_number(crl: x509.CertificateRevocationList | None) -> int:
    """The CRL's number, 0 when there is none: the next CRL carries number + 1 (RFC 5280 5.2.3)."""
    if crl is None:
        return 0
    try:
        return int(crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number)
    except x509.ExtensionNotFound:
        return 0


def read_crl(path: Path) -> x509.CertificateRevocationList | None:
    if not path.is_file():
        return None
    data = path.read_bytes()
    try:
        if data.lstrip().startswith(b"-----"):
            return x509.load_pem_x509_crl(data)
        return x509.load_der_x509_crl(data)
    except ValueError:
        raise LabappError(f"{path}: not a CRL (DER or PEM)") from None


def crl_pem(crl: x509.CertificateRevocationList) -> bytes:
    return crl.public_bytes(serialization.Encoding.PEM)


def crl_der(crl: x509.CertificateRevocationList) -> bytes:
    return crl.public_bytes(serialization.Encoding.DER)


def check_fresh(crl: x509.CertificateRevocationList, now: dt.datetime, where: Path) -> None:
    """Refuse to sign with revocation data a validator would reject as stale."""
    next_update = crl.next_update_utc
    if next_update is not None and next_update <= now:
        raise LabappError(
            f"{where}: the lab CA's CRL expired on {next_update.date().isoformat()}: "
            f"{Remedy.ISSUE_CRL.label()}",
            remedy=Remedy.ISSUE_CRL,
        )


def check_outlives(crl: x509.CertificateRevocationList, certificate: x509.Certificate, user: str) -> None:
    """Refuse a signer certificate that expires before the CRL embedded with its signature stops being
    fresh: a long-term validator (ETSI EN 319 102-1 past validation) then finds no time at which the
    certificate was both valid and known not revoked, and the signature fails after expiry."""
    next_update = crl.next_update_utc
    expires = certificate.not_valid_after_utc
    if next_update is not None and next_update >= expires:
        raise LabappError(
            f"the signing certificate of {user} expires on {expires.date().isoformat()}, before the lab "
            f"CRL's next update ({next_update.date().isoformat()}): its signatures could not be validated "
            f"after that date; {Remedy.REPLACE_SIGNING_KEY.label()}",
            remedy=Remedy.REPLACE_SIGNING_KEY,
            subject=user,
        )
