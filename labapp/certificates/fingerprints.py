"""SHA-256 fingerprints of a signature's signer and root: what a recipient compares with the root
fingerprint the laboratory publishes (contract, web page, every certificate's footer).

The names in a certificate prove nothing (anyone can make a root called "Example Lab Root CA"); the
fingerprint does. For an untrusted signature the root shown is the self-signed certificate the PDF
carries that really signed the signer's certificate, so a look-alike shows its own fingerprint even
when the genuine root is carried alongside as a decoy.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from pyhanko.sign.validation import EmbeddedPdfSignature
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.errors import NoDSSFoundError
from pyhanko.sign.validation.status import PdfSignatureStatus

Pair = tuple[str | None, str | None]


@dataclass(frozen=True)
class ChainFingerprints:
    """(full, short) for the signer and the root: colon-separated upper-case hex, and the first 16
    hex digits in groups of four."""

    signer: Pair
    root: Pair


def chain_fingerprints(embedded: EmbeddedPdfSignature, status: PdfSignatureStatus) -> ChainFingerprints:
    """The trust anchor when the signature is trusted, else the root the PDF carries for it."""
    signer = status.signing_cert
    root = None
    if status.trusted and status.validation_path is not None:
        anchor = status.validation_path[0]
        root = getattr(anchor, "certificate", anchor)
    else:
        issued = x509.load_der_x509_certificate(signer.dump())
        for cert in _carried_certs(embedded):
            if cert.subject == signer.issuer and cert.self_signed != "no" and _signed(issued, cert):
                root = cert
                break
    found = hex_fingerprint(root.dump()) if root is not None and hasattr(root, "dump") else (None, None)
    return ChainFingerprints(hex_fingerprint(signer.dump()), found)


def hex_fingerprint(der: bytes) -> tuple[str, str]:
    digest = hashlib.sha256(der).hexdigest().upper()
    full = ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))
    short = " ".join(digest[i : i + 4] for i in range(0, 16, 4))
    return full, short


def _signed(certificate: x509.Certificate, issuer: object) -> bool:
    try:
        certificate.verify_directly_issued_by(x509.load_der_x509_certificate(issuer.dump()))  # type: ignore[attr-defined]
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _carried_certs(embedded: EmbeddedPdfSignature) -> list:
    certs = list(embedded.other_embedded_certs or [])
    with contextlib.suppress(NoDSSFoundError):  # no DSS: the certificates in the signature only
        certs += list(DocumentSecurityStore.read_dss(embedded.reader).load_certs())
    return certs
