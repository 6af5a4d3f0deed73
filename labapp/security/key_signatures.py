"""Personal-key signatures on signature rows: what a person's own signing key adds to the record-key seal.

The record-key seal (labapp.security.signatures) is an HMAC: whoever can read the laboratory's record
key can make one, and that key has to be readable on every workstation. A person who holds a
personal signing key (`labapp keys issue USER`, an encrypted PKCS#12 only its holder can unlock)
therefore also signs every run signature with it: ECDSA (or RSA) with SHA-256 over the canonical JSON
of the sealed manifestation (who, printed name, what, meaning, content SHA-256, reason, time) and the
certificate's fingerprint. Someone who rewrites a signed run and recomputes its hash and its seal,
even with the record key in hand, cannot recompute this signature.

The checks against the signer's certificates (which the keys folder holds, never the database):

- a row with a personal-key signature must name a certificate of its signer, that certificate's
  public key must verify the signature, and the signing time must lie inside the certificate's
  validity and before any revocation of it (a signature made before a later revocation stays valid:
  its time is sealed and signed);
- a row of a kind that keyed signers sign (a run signature) *without* one is refused when its signer
  held a certificate in force at its signing time: stripping the personal signature and resealing
  the row with the record key does not turn it into an ordinary signature.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from labapp.core.canonical import canonical_json
from labapp.core.errors import LabappError

SIGNER_KEYS_LOADER = "labapp.signer_keys"  # session.info: a callable returning a SignerLookup
PURPOSE = "labapp personal-key signature v1"
KEYED_ENTITIES = frozenset({"instrument_run"})  # signatures that keyed signers must sign with their key
ISSUE_MARGIN = dt.timedelta(minutes=5)  # a lab certificate is dated this much before its issue (pki)
SIGNED_FIELDS = (
    "user_id",
    "username",
    "printed_name",
    "entity_type",
    "entity_id",
    "action",
    "meaning",
    "content_sha256",
    "reason",
    "acknowledgement",
    "acknowledged_problems",
    "signed_at_utc",
    "local_offset",
    "signer_fingerprint",
)


@dataclass(frozen=True)
class SignerCertificate:
    """One certificate of a signer as the keys folder holds it, with its revocation time if revoked."""

    certificate: x509.Certificate
    fingerprint: str  # colon-separated upper-case hex (labapp.certificates.pki.fingerprint)
    revoked_at: dt.datetime | None = None
    issued_here: bool = True  # by the lab's root, so its start tells when it was issued (not imported)

    @property
    def in_force_from(self) -> dt.datetime:
        """The end of the second it was issued in: a certificate's start is kept to the second (RFC
        5280), so a signature made earlier in that second, without the key, may predate the key."""
        return self.certificate.not_valid_before_utc + ISSUE_MARGIN + dt.timedelta(seconds=1)

    @property
    def in_force_until(self) -> dt.datetime:
        end = self.certificate.not_valid_after_utc
        return end if self.revoked_at is None else min(end, self.revoked_at)

    def in_force_at(self, moment: dt.datetime) -> bool:
        """Whether its holder had to sign with it at `moment`. Only for a certificate the lab's root
        issued: an imported one may date from long before it was imported."""
        return self.issued_here and self.in_force_from <= moment < self.in_force_until


SignerLookup = Callable[[str], Sequence[SignerCertificate]]  # login name -> that person's certificates


def signed_bytes(row: Any) -> bytes:
    """What the personal key signs: the purpose and the row's manifestation with the fingerprint."""
    return canonical_json({"purpose": PURPOSE, **{name: getattr(row, name) for name in SIGNED_FIELDS}})


def sign_row(row: Any, private_key: Any, certificate: SignerCertificate) -> None:
    """Put the signer's fingerprint and personal-key signature on a new row (before it is sealed)."""
    row.signer_fingerprint = certificate.fingerprint
    data = signed_bytes(row)
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        raw = private_key.sign(data, ec.ECDSA(hashes.SHA256()))
    elif isinstance(private_key, rsa.RSAPrivateKey):
        raw = private_key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    else:
        raise LabappError(f"a {type(private_key).__name__} cannot sign records; only ECDSA and RSA keys can")
    row.key_signature = base64.b64encode(raw).decode("ascii")


def signer_lookup_of(session: Any) -> SignerLookup:
    """The signer certificates of the keys folder the session's database uses (ServiceContext)."""
    loader = session.info.get(SIGNER_KEYS_LOADER)
    if loader is None:
        raise LabappError("no keys folder for this session: open the database through the services")
    lookup: SignerLookup = loader()
    return lookup


def signed_moment(row: Any) -> dt.datetime:
    return dt.datetime.fromisoformat(row.signed_at_utc).replace(tzinfo=dt.UTC)


def key_problem(row: Any, certificates: Sequence[SignerCertificate]) -> str | None:
    """None when the row's personal-key signature holds (or none was due), else why not (one phrase).

    `certificates` are those the keys folder holds for the row's signer."""
    who = row.username
    if not row.key_signature and not row.signer_fingerprint:
        return _missing(row, certificates)
    found = next((c for c in certificates if c.fingerprint == row.signer_fingerprint), None)
    if found is None:
        return (
            f"its signer certificate {row.signer_fingerprint} is not one of {who}'s in the keys folder, "
            "so its personal-key signature cannot be checked"
        )
    if not _verifies(found.certificate, row):
        return f"its personal-key signature does not match its content (changed without {who}'s key)"
    moment = signed_moment(row)
    # a revocation time is kept to the second (RFC 5280 writes no fractions): a signature within that
    # second is not called later than it; signing itself refuses a key once it is revoked
    if found.revoked_at is not None and moment.replace(microsecond=0) > found.revoked_at:
        revoked = f"{found.revoked_at:%Y-%m-%dT%H:%M:%S}"
        return f"it was signed at {row.signed_at_utc} UTC, after {who}'s key was revoked ({revoked} UTC)"
    if not found.certificate.not_valid_before_utc <= moment <= found.certificate.not_valid_after_utc:
        return f"it was signed at {row.signed_at_utc} UTC, outside the validity of {who}'s certificate"
    return None


def _missing(row: Any, certificates: Sequence[SignerCertificate]) -> str | None:
    if row.entity_type not in KEYED_ENTITIES:
        return None
    moment = signed_moment(row)
    held = next((c for c in certificates if c.in_force_at(moment)), None)
    if held is None:
        return None
    return (
        f"it carries no personal-key signature, yet {row.username}'s signing key "
        f"({held.fingerprint[:23]}...) was in force when it was signed (removed from the row?)"
    )


def _verifies(certificate: x509.Certificate, row: Any) -> bool:
    try:
        raw = base64.b64decode(row.key_signature or "", validate=True)
        public = certificate.public_key()
        if isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(raw, signed_bytes(row), ec.ECDSA(hashes.SHA256()))
        elif isinstance(public, rsa.RSAPublicKey):
            public.verify(raw, signed_bytes(row), padding.PKCS1v15(), hashes.SHA256())
        else:
            return False
    except (InvalidSignature, ValueError):
        return False
    return True
